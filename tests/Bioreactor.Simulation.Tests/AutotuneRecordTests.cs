using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// An autotune started by an operator during a batch changes the batch's control parameters: when it succeeds, the record
/// holds each term of both cascade stages' tunings before and after, as configuration changes by the device's autotune.
/// </summary>
[TestClass]
public class AutotuneRecordTests
{
    private static readonly DateTime StartUtc = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void ASucceededAutotuneRecordsTheTuningsItChanged()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bioreactor-autotune-record-" + Guid.NewGuid().ToString("N"));
        try
        {
            Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), 10 * 3600);
            PidTunings innerBefore;
            PidTunings outerBefore;
            PidTunings innerAfter;
            PidTunings outerAfter;
            string batchId;
            using (var sim = new BatchSimulation(PlantParameters.CreateDefault(), 5, directory, recipe, StartUtc))
            {
                Assert.IsFalse(sim.StartUp(), "nothing to resume in a new directory");
                batchId = BatchSimulation.NextBatchId(directory, 5);
                BatchResult started = sim.Firmware.Execute(OperatorRequest.Start("tech.sim", recipe, batchId));
                Assert.IsTrue(started.IsAccepted, started.Message);
                Run(sim, 3600.0); // warm up to 37 °C
                TemperatureLoop loop = sim.Firmware.Controller.Temperature;
                innerBefore = loop.InnerTunings;
                outerBefore = loop.OuterTunings;

                BatchResult tune = sim.Firmware.Execute(new OperatorRequest(BatchAction.AutotuneStart, "tech.sim"));
                Assert.IsTrue(tune.IsAccepted, tune.Message);
                TemperatureAutotune autotune = sim.Firmware.Controller.TemperatureAutotune;
                for (int hour = 0; hour < 3 && autotune.IsActive; hour++)
                {
                    Run(sim, 3600.0);
                }

                Assert.AreEqual(TemperatureAutotunePhase.Succeeded, autotune.Phase, autotune.FailureMessage);
                Run(sim, 10.0);
                innerAfter = loop.InnerTunings;
                outerAfter = loop.OuterTunings;
            }

            var changes = new Dictionary<string, ConfigurationChangeEntry>();
            using (var storage = new FileRecordStorage(directory, false))
            {
                Assert.IsTrue(storage.Open(batchId));
                var reader = new RecordReader(storage);
                var frame = new RecordFrame();
                while (reader.Next(frame))
                {
                    ConfigurationChangeEntry change = ConfigurationChangeEntry.Decode(frame);
                    if (change != null)
                    {
                        Assert.IsFalse(changes.ContainsKey(change.Parameter), "each term once: " + change.Parameter);
                        changes[change.Parameter] = change;
                    }
                }

                storage.Close();
            }

            Assert.AreEqual(6, changes.Count, string.Join(", ", changes.Keys));
            AssertChange(changes, "temperature.inner.proportionalGain", innerBefore.ProportionalGain, innerAfter.ProportionalGain);
            AssertChange(changes, "temperature.inner.integralTimeSeconds", innerBefore.IntegralTimeSeconds, innerAfter.IntegralTimeSeconds);
            AssertChange(changes, "temperature.inner.derivativeTimeSeconds", innerBefore.DerivativeTimeSeconds, innerAfter.DerivativeTimeSeconds);
            AssertChange(changes, "temperature.outer.proportionalGain", outerBefore.ProportionalGain, outerAfter.ProportionalGain);
            AssertChange(changes, "temperature.outer.integralTimeSeconds", outerBefore.IntegralTimeSeconds, outerAfter.IntegralTimeSeconds);
            AssertChange(changes, "temperature.outer.derivativeTimeSeconds", outerBefore.DerivativeTimeSeconds, outerAfter.DerivativeTimeSeconds);
            Assert.AreNotEqual(innerBefore.ProportionalGain, innerAfter.ProportionalGain, "the autotune changed the inner gain");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Run(BatchSimulation sim, double seconds)
    {
        double end = sim.Board.ElapsedSeconds + seconds;
        while (sim.Board.ElapsedSeconds < end)
        {
            sim.Step();
        }
    }

    private static void AssertChange(Dictionary<string, ConfigurationChangeEntry> changes, string parameter, double before, double after)
    {
        Assert.IsTrue(changes.TryGetValue(parameter, out ConfigurationChangeEntry change), parameter + " recorded");
        Assert.AreEqual("temperature-autotune", change.Who, parameter);
        Assert.AreEqual(before, double.Parse(change.OldValue, CultureInfo.InvariantCulture), 1e-6 * Math.Max(1.0, Math.Abs(before)), parameter + " before");
        Assert.AreEqual(after, double.Parse(change.NewValue, CultureInfo.InvariantCulture), 1e-6 * Math.Max(1.0, Math.Abs(after)), parameter + " after");
    }
}
