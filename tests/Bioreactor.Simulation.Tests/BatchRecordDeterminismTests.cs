using System;
using System.IO;
using Bioreactor.Control.Batch;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// docs/architecture.md rule 7: the same seed gives the same record. Two batch runs of the simulator with one seed and one
/// start time write byte-identical records; another seed writes a different one.
/// </summary>
[TestClass]
public class BatchRecordDeterminismTests
{
    private static readonly DateTime StartUtc = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void SameSeedWritesTheSameRecordByteForByte()
    {
        byte[] first = RunBatch(seed: 3);
        byte[] second = RunBatch(seed: 3);
        byte[] other = RunBatch(seed: 4);

        Assert.IsTrue(first.Length > 10_000, "a record was written");
        CollectionAssert.AreEqual(first, second, "seed 3 twice");
        CollectionAssert.AreNotEqual(first, other, "seed 3 against seed 4");
    }

    private static byte[] RunBatch(int seed)
    {
        string directory = Path.Combine(Path.GetTempPath(), "bioreactor-determinism-" + Guid.NewGuid().ToString("N"));
        try
        {
            Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), 2 * 3600);
            using (var sim = new BatchSimulation(PlantParameters.CreateDefault(), seed, directory, recipe, StartUtc))
            {
                Assert.IsFalse(sim.StartUp(), "nothing to resume in a new directory");
                string batchId = BatchSimulation.NextBatchId(directory, seed);
                BatchResult started = sim.Firmware.Execute(OperatorRequest.Start("tech.sim", recipe, batchId));
                Assert.IsTrue(started.IsAccepted, started.Message);
                for (int tick = 0; tick < 2 * 3600 * 50 / 4; tick++)
                {
                    sim.Step();
                }
            }

            string[] files = Directory.GetFiles(directory);
            Assert.AreEqual(1, files.Length, "one record file, seed " + seed);
            return File.ReadAllBytes(files[0]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
