using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

/// <summary>
/// Real batch records for the review and PDF tests, written by the simulator's composition (<see cref="BatchSimulation"/>:
/// the firmware on the virtual bioreactor, records in a temporary folder, the simulator's key). The short batch: the
/// shipped recipe scaled to 40 min; the door opened for 60 s at 300 s (the DoorOpen alarm, CO2 out of its band), the
/// alarm acknowledged (signed, performed), a hold refused to QA, a hold (signed) and an unsigned resume, the power cut
/// for 180 s at 1,200 s (the firmware restarts in-process and resumes the batch), the harvest confirmed and the batch
/// released by QA (signed, released), which closes the record. The long batch: the same recipe over 10 days, started,
/// confirmed and released, for the report's size and time.
/// </summary>
internal static class ReviewRecords
{
    public const int Seed = 11;
    public const string Technician = "tech.sim";
    public const string Qa = "qa.sim";
    public const string TechnicianName = "Sam Simulated-Tech";
    public const string QaName = "Quinn Simulated-QA";
    public const string BatchId = "review-test-001";
    public const string LongBatchId = "review-test-10d";
    public const string ReleaseReason = "released after review";
    public const double DoorOpenAtSeconds = 300;
    public const double PowerCutAtSeconds = 1200;
    public const double PowerCutSeconds = 180;

    public static readonly DateTime StartUtc = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);

    private static readonly Lazy<byte[]> Short = new(WriteShort);
    private static readonly Lazy<(byte[] Bytes, TimeSpan Took)> Long = new(WriteLong);

    /// <summary>The short batch's record (written on first use).</summary>
    public static byte[] Record => Short.Value;

    /// <summary>The 10-day batch's record and how long the simulation took (written on first use).</summary>
    public static (byte[] Bytes, TimeSpan Took) TenDayRecord => Long.Value;

    /// <summary>The simulator's record key, as the archive would use it.</summary>
    public static byte[] Key => BatchSimulation.SimulatorKey();

    private static byte[] WriteShort()
    {
        return InFolder("short", directory =>
        {
            Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), 40 * 60);
            using var sim = new BatchSimulation(PlantParameters.CreateDefault(), Seed, directory, recipe, StartUtc);
            sim.Board.AddFault(Fault.Parse("door-open@" + DoorOpenAtSeconds + "+60"));
            sim.Board.AddFault(Fault.Parse("power-cut@" + PowerCutAtSeconds + "+" + PowerCutSeconds));
            Assert.IsFalse(sim.StartUp(), "nothing to resume in a new folder");
            Accept(sim, Signed(sim, OperatorRequest.Start(Technician, recipe, BatchId), SignatureMeaning.Performed));
            RunUntil(sim, 330);
            Accept(sim, Signed(sim, OperatorRequest.AcknowledgeAlarm(Technician, AlarmId.DoorOpen), SignatureMeaning.Performed));
            RunUntil(sim, 500);
            BatchResult refused = sim.Firmware.Execute(Signed(sim, OperatorRequest.Hold(Qa, "QA may not hold"), SignatureMeaning.Performed));
            Assert.AreEqual(BatchResultCode.NotPermitted, refused.Code, refused.Message);
            RunUntil(sim, 600);
            Accept(sim, Signed(sim, OperatorRequest.Hold(Technician, "sampling"), SignatureMeaning.Performed));
            RunUntil(sim, 720);
            Accept(sim, OperatorRequest.Resume(Technician));
            RunUntil(sim, 3000);
            Assert.AreEqual(1, sim.Restarts, "one in-process restart after the power cut");
            Accept(sim, Signed(sim, OperatorRequest.ConfirmPhase(Technician, "harvest started"), SignatureMeaning.Performed));
            RunUntil(sim, 3020);
            Accept(sim, Signed(sim, OperatorRequest.Clear(Qa, ReleaseReason), SignatureMeaning.Released));
            RunUntil(sim, 3030);
        });
    }

    private static (byte[], TimeSpan) WriteLong()
    {
        var watch = Stopwatch.StartNew();
        byte[] bytes = InFolder("long", directory =>
        {
            const double days = 10;
            Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), days * 86400);
            using var sim = new BatchSimulation(PlantParameters.CreateDefault(), Seed, directory, recipe, StartUtc);
            Assert.IsFalse(sim.StartUp(), "nothing to resume in a new folder");
            Accept(sim, Signed(sim, OperatorRequest.Start(Technician, recipe, LongBatchId), SignatureMeaning.Performed));
            RunUntil(sim, days * 86400 + 120);
            Accept(sim, Signed(sim, OperatorRequest.ConfirmPhase(Technician, "harvest started"), SignatureMeaning.Performed));
            RunUntil(sim, days * 86400 + 140);
            Accept(sim, Signed(sim, OperatorRequest.Clear(Qa, ReleaseReason), SignatureMeaning.Released));
            RunUntil(sim, days * 86400 + 150);
        });
        return (bytes, watch.Elapsed);
    }

    private static byte[] InFolder(string what, Action<string> write)
    {
        string directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bioreactor-review-" + what + "-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            write(directory);
            string[] files = Directory.GetFiles(directory);
            Assert.AreEqual(1, files.Length, "one record file");
            return File.ReadAllBytes(files[0]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The signature as the command link hands it to the batch layer once it has checked it (a stand-in MAC).
    private static OperatorRequest Signed(BatchSimulation sim, OperatorRequest request, SignatureMeaning meaning)
    {
        string name = request.OperatorId == Qa ? QaName : TechnicianName;
        long signedAt = RecordTime.ToUnixMilliseconds(StartUtc) + (long)Math.Round(sim.Board.ElapsedSeconds * 1000) - 1500;
        string mac = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(BatchNames.ActionName(request.Action) + "|" + request.OperatorId))).ToLowerInvariant();
        request.Signature = new OperatorSignature(meaning, name, signedAt, mac);
        return request;
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
