using System;
using System.IO;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// One real batch record, written once per test run by the simulator's composition (<see cref="BatchSimulation"/>: the
/// firmware on the virtual bioreactor, records in a host folder, the simulator's key): the shipped recipe scaled to 40 min,
/// a door opened for 60 s (the DoorOpen alarm), and operator actions: the alarm acknowledged, a note with characters CSV
/// and HTML must escape, a hold refused to QA, a hold and resume, a set-point change, the harvest confirmed and the batch
/// released, which closes the record.
/// </summary>
internal static class SimulatedRecord
{
    public const int Seed = 7;
    public const string Technician = "tech.sim";
    public const string Qa = "qa.sim";
    public const string BatchId = "cli-test-001";
    public const string NoteText = "Bag inspected: \"no leaks\", clamps <ok> & tubing fine";
    public const string HoldReason = "sampling, bag 1";
    public const string SetPointReason = "gentler mixing";
    public const string ReleaseReason = "released for QA review";

    private static readonly DateTime StartUtc = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Lazy<byte[]> Bytes = new(Write);

    /// <summary>The record's bytes (written on first use).</summary>
    public static byte[] Record => Bytes.Value;

    /// <summary>A fresh folder for one test with a copy of the record; returns the record's path.</summary>
    public static string CopyTo(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, BatchId + ".bxr");
        File.WriteAllBytes(path, Record);
        return path;
    }

    /// <summary>A new empty temporary folder.</summary>
    public static string NewFolder(string what) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bioreactor-cli-" + what + "-" + Guid.NewGuid().ToString("N"))).FullName;

    private static byte[] Write()
    {
        string directory = NewFolder("sim");
        try
        {
            Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), 40 * 60);
            using (var sim = new BatchSimulation(PlantParameters.CreateDefault(), Seed, directory, recipe, StartUtc))
            {
                sim.Board.AddFault(Fault.Parse("door-open@300+60"));
                Assert.IsFalse(sim.StartUp(), "nothing to resume in a new folder");
                Accept(sim, OperatorRequest.Start(Technician, recipe, BatchId));
                RunUntil(sim, 330);
                Accept(sim, OperatorRequest.AcknowledgeAlarm(Technician, AlarmId.DoorOpen));
                RunUntil(sim, 400);
                Accept(sim, OperatorRequest.Note(Technician, NoteText));
                RunUntil(sim, 500);
                BatchResult refused = sim.Firmware.Execute(OperatorRequest.Hold(Qa, "QA may not hold"));
                Assert.AreEqual(BatchResultCode.NotPermitted, refused.Code, refused.Message);
                RunUntil(sim, 600);
                Accept(sim, OperatorRequest.Hold(Technician, HoldReason));
                RunUntil(sim, 720);
                Accept(sim, OperatorRequest.Resume(Technician));
                RunUntil(sim, 1000);
                Accept(sim, OperatorRequest.ChangeSetPoint(Technician, BatchVariable.RockingRateRpm, 8, SetPointReason));
                RunUntil(sim, 2700);
                Accept(sim, OperatorRequest.ConfirmPhase(Technician, "harvest started"));
                RunUntil(sim, 2720);
                Accept(sim, OperatorRequest.Clear(Qa, ReleaseReason));
                RunUntil(sim, 2730);
            }

            string[] files = Directory.GetFiles(directory);
            Assert.AreEqual(1, files.Length, "one record file");
            return File.ReadAllBytes(files[0]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Accept(BatchSimulation sim, OperatorRequest request)
    {
        BatchResult result = sim.Firmware.Execute(request);
        Assert.IsTrue(result.IsAccepted, BatchNames.ActionName(request.Action) + ": " + result.Message);
    }

    private static void RunUntil(BatchSimulation sim, double seconds)
    {
        while (sim.Board.ElapsedSeconds < seconds)
        {
            sim.Step();
        }
    }
}
