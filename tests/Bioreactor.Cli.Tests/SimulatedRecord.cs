using System;
using System.IO;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Bioreactor.Simulation.Tests.Support;
using static Bioreactor.Simulation.Tests.Support.ScriptedBatch;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// One real batch record, written once per test run by the simulator's composition (<see cref="BatchSimulation"/>: the
/// firmware on the virtual bioreactor, records in a host folder, the simulator's key): the shipped recipe scaled to 40 min,
/// a door opened for 60 s (the DoorOpen alarm), and operator actions: the alarm acknowledged, a note with characters CSV
/// and HTML must escape, a hold refused to QA, a hold and resume, a set-point change, the harvest confirmed and the batch
/// released, which closes the record. Every action is signed (as the device's command link passes the checked
/// signature on: meaning, printed name, the signer's time, the MAC) except the resume, which stands for an action taken
/// in-process, unsigned; the note is signed as reviewed and the release as released.
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
    public const string TechnicianName = "Sam Simulated-Tech";
    public const string QaName = "Quinn Simulated-QA";

    /// <summary>How long before the command reached the device the signer signed it, ms.</summary>
    public const long SigningLeadMilliseconds = 1500;

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

    private static byte[] Write() => ScriptedBatch.RecordWrittenBy("cli-sim", directory =>
    {
        Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), 40 * 60);
        using var sim = new BatchSimulation(PlantParameters.CreateDefault(), Seed, directory, recipe, StartUtc);
        sim.Board.AddFault(Fault.Parse("door-open@300+60"));
        Assert.IsFalse(sim.StartUp(), "nothing to resume in a new folder");
        Accept(sim, Signed(sim, OperatorRequest.Start(Technician, recipe, BatchId), SignatureMeaning.Performed));
        RunUntil(sim, 330);
        Accept(sim, Signed(sim, OperatorRequest.AcknowledgeAlarm(Technician, AlarmId.DoorOpen), SignatureMeaning.Performed));
        RunUntil(sim, 400);
        Accept(sim, Signed(sim, OperatorRequest.Note(Technician, NoteText), SignatureMeaning.Reviewed));
        RunUntil(sim, 500);
        BatchResult refused = sim.Firmware.Execute(Signed(sim, OperatorRequest.Hold(Qa, "QA may not hold"), SignatureMeaning.Performed));
        Assert.AreEqual(BatchResultCode.NotPermitted, refused.Code, refused.Message);
        RunUntil(sim, 600);
        Accept(sim, Signed(sim, OperatorRequest.Hold(Technician, HoldReason), SignatureMeaning.Performed));
        RunUntil(sim, 720);
        Accept(sim, OperatorRequest.Resume(Technician));
        RunUntil(sim, 1000);
        Accept(sim, Signed(sim, OperatorRequest.ChangeSetPoint(Technician, BatchVariable.RockingRateRpm, 8, SetPointReason),
            SignatureMeaning.Performed));
        RunUntil(sim, 2700);
        Accept(sim, Signed(sim, OperatorRequest.ConfirmPhase(Technician, "harvest started"), SignatureMeaning.Performed));
        RunUntil(sim, 2720);
        Accept(sim, Signed(sim, OperatorRequest.Clear(Qa, ReleaseReason), SignatureMeaning.Released));
        RunUntil(sim, 2730);
    });

    /// <summary>
    /// The printed name and meaning the record's entry of <paramref name="action"/> (an action name as recorded) by
    /// <paramref name="operatorId"/> carries; null for the unsigned resume.
    /// </summary>
    public static (string Name, string Meaning)? ExpectedSignature(string action, string operatorId)
    {
        if (action == "Resume")
        {
            return null;
        }

        string meaning = action switch
        {
            "Note" => "reviewed",
            "Clear" => "released",
            _ => "performed",
        };
        return (operatorId == Qa ? QaName : TechnicianName, meaning);
    }

    /// <summary>The UTC, ms since 1970, at which the signer signed a command that reached the device at <paramref name="elapsedSeconds"/>.</summary>
    public static long SignedAt(double elapsedSeconds) =>
        RecordTime.ToUnixMilliseconds(StartUtc) + (long)Math.Round(elapsedSeconds * 1000) - SigningLeadMilliseconds;

    /// <summary>The signature a command of this action by this operator carries here: a stand-in, 64 lowercase hex.</summary>
    public static string Mac(BatchAction action, string operatorId) => ScriptedBatch.StandInMac(action, operatorId);

    // The signature as the command link hands it to the batch layer once it has checked it.
    private static OperatorRequest Signed(BatchSimulation sim, OperatorRequest request, SignatureMeaning meaning) =>
        ScriptedBatch.Signed(request, meaning, request.OperatorId == Qa ? QaName : TechnicianName, SignedAt(sim.Board.ElapsedSeconds));
}
