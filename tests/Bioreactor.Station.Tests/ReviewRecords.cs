using System;
using System.Diagnostics;
using Bioreactor.Control.Batch;
using Bioreactor.Host.Infrastructure.Records;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Bioreactor.Control.Tests;
using Bioreactor.Simulation.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Bioreactor.Simulation.Tests.Support.ScriptedBatch;

namespace Bioreactor.Station.Tests;

/// <summary>
/// Real batch records for the review and PDF tests, written by the simulator's composition (<see cref="BatchSimulation"/>:
/// the firmware on the virtual bioreactor, records in a temporary folder, the simulator's key). The short batch: the
/// shipped recipe scaled to 40 min; the door opened for 60 s at 300 s (the DoorOpen alarm, CO2 out of its band), the
/// alarm acknowledged (signed, performed), a hold refused to QA, a hold (signed) and an unsigned resume, the power cut
/// for 180 s at 1,200 s (the firmware restarts in-process and resumes the batch), the harvest confirmed and the batch
/// released by QA (signed, released), which closes the record. The 10-day record (for the report's size and time) is
/// written by the core's record writer (see <see cref="WriteLong"/>).
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
    private static readonly Lazy<byte[]> LockedOut = new(WriteLockout);
    private static readonly Lazy<(byte[] Bytes, TimeSpan Took)> Long = new(WriteLong);

    /// <summary>The short batch's record (written on first use).</summary>
    public static byte[] Record => Short.Value;

    /// <summary>The 10-day batch's record and how long writing it took (written on first use).</summary>
    public static (byte[] Bytes, TimeSpan Took) TenDayRecord => Long.Value;

    /// <summary>
    /// A batch in which the technician's signature fails three times (as the command link marks a bad signature), the
    /// device locks them out, their next request is refused as locked out, and the administrator unlocks them.
    /// </summary>
    public static byte[] LockoutRecord => LockedOut.Value;

    /// <summary>The simulator's record key, as the archive would use it.</summary>
    public static byte[] Key => BatchSimulation.SimulatorKey();

    private static byte[] WriteShort()
    {
        return RecordWrittenBy("review-short", directory =>
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

    private static byte[] WriteLockout()
    {
        return RecordWrittenBy("review-lockout", directory =>
        {
            Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), 20 * 60);
            using var sim = new BatchSimulation(PlantParameters.CreateDefault(), Seed, directory, recipe, StartUtc);
            Assert.IsFalse(sim.StartUp(), "nothing to resume in a new folder");
            Accept(sim, Signed(sim, OperatorRequest.Start(Technician, recipe, "review-lockout"), SignatureMeaning.Performed));
            for (int i = 0; i < 3; i++)
            {
                RunUntil(sim, 60 + 10 * i);
                OperatorRequest bad = Signed(sim, OperatorRequest.Note(Technician, "bag checked"), SignatureMeaning.Performed);
                bad.RefuseBadSignature("bad_signature", "the signature does not verify");
                Assert.IsFalse(sim.Firmware.Execute(bad).IsAccepted);
            }

            RunUntil(sim, 120);
            BatchResult locked = sim.Firmware.Execute(Signed(sim, OperatorRequest.Hold(Technician, "sampling"), SignatureMeaning.Performed));
            Assert.AreEqual(BatchResultCode.LockedOut, locked.Code, locked.Message);
            RunUntil(sim, 180);
            Accept(sim, Signed(sim, OperatorRequest.UnlockOperator("admin.sim", Technician), SignatureMeaning.Performed));
            RunUntil(sim, 200);
        });
    }

    // Ten days through the core's record writer (the device's own writer, key and format) with samples every 10 s of a
    // modelled run: temperature and CO2 scattered about their set points, rocking per phase, the door opened for 10 min on
    // day 3 (CO2 out of band, the door alarm raised, acknowledged and cleared), an hour without samples on day 6 (a gap),
    // signed start, confirmation and release. The simulator would run the same days in minutes on a shared CI machine;
    // the report's figure is about rendering, which this record exercises as a simulated one would.
    private static (byte[], TimeSpan) WriteLong()
    {
        var watch = Stopwatch.StartNew();
        byte[] bytes = RecordWrittenBy("review-long", directory =>
        {
            Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), 10 * 86400);
            var clock = new ManualClock { UtcNow = StartUtc };
            void Set(long milliseconds) => clock.Advance(milliseconds - clock.MonotonicMilliseconds);
            using var storage = new FileRecordStorage(directory, false);
            using var mac = new HostHmacSha256Authenticator(Key);
            var writer = new BatchRecordWriter(storage, mac, clock);
            var header = new RecordHeader
            {
                DeviceId = BatchSimulation.DeviceId, FirmwareVersion = BatchSimulation.FirmwareVersion, BatchId = LongBatchId,
                RecipeName = recipe.Name, RecipeVersion = recipe.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                OperatorId = Technician,
            };
            header.SetRecipe(recipe.GetCanonicalBytes());
            Assert.IsTrue(writer.Begin(header));
            long signedAt = RecordTime.ToUnixMilliseconds(StartUtc) - 1500;
            writer.AppendOperatorAction(Technician, "Start", LongBatchId, null, null, "1", OperatorActionOutcome.Done, 0, (int)OperatorRole.Technician, 1,
                (int)SignatureMeaning.Performed, TechnicianName, signedAt, new string('a', 64));
            writer.AppendStateChange((int)BatchState.Idle, (int)BatchState.Running, 0, Technician, null, 1);
            var random = new Random(Seed);
            var sample = new RecordSample();
            var transition = new AlarmTransition();
            long phaseEnds = 0;
            int phase = -1;
            const long period = 10_000;
            long doorFrom = 3L * 86_400_000;
            long doorTo = doorFrom + 600_000;
            long gapFrom = 6L * 86_400_000;
            long gapTo = gapFrom + 3_600_000;
            for (long t = 0; t <= 10L * 86_400_000 + 120_000; t += period)
            {
                Set(t);
                if (t >= phaseEnds && phase + 1 < recipe.Phases.Length)
                {
                    phase++;
                    RecipePhase p = recipe.Phases[phase];
                    writer.AppendPhaseChange(phase - 1, phase, p.DurationSeconds * 1000, p.Name, null, "timer", 2 + phase);
                    phaseEnds = p.EndCondition == PhaseEndCondition.Duration ? t + p.DurationSeconds * 1000 : long.MaxValue;
                }

                if (t == doorFrom || t == doorFrom + 30_000 || t == doorTo)
                {
                    transition.Id = AlarmId.DoorOpen;
                    transition.Kind = t == doorFrom ? AlarmTransitionKind.Raised : t == doorTo ? AlarmTransitionKind.Cleared : AlarmTransitionKind.Acknowledged;
                    transition.From = t == doorFrom ? AlarmState.Normal : t == doorTo ? AlarmState.AcknowledgedActive : AlarmState.UnacknowledgedActive;
                    transition.To = t == doorFrom ? AlarmState.UnacknowledgedActive : t == doorTo ? AlarmState.Normal : AlarmState.AcknowledgedActive;
                    transition.TimeMilliseconds = t;
                    transition.Value = double.NaN;
                    writer.AppendAlarmTransition(transition);
                    if (transition.Kind == AlarmTransitionKind.Acknowledged)
                    {
                        writer.AppendOperatorAction(Technician, "AcknowledgeAlarm", "door_open", null, null, null, OperatorActionOutcome.Done, 0,
                            (int)OperatorRole.Technician, 0, (int)SignatureMeaning.Performed, TechnicianName, signedAt + t, new string('b', 64));
                    }
                }

                if (t >= gapFrom && t < gapTo)
                {
                    continue;
                }

                RecipePhase now = recipe.Phases[phase];
                double hours = t / 3_600_000.0;
                sample.LiquidSetPointCelsius = now.TemperatureCelsius;
                sample.LiquidCelsius = now.TemperatureCelsius + 0.08 * Math.Sin(hours) + 0.02 * (random.NextDouble() - 0.5);
                sample.PlateSetPointCelsius = now.TemperatureCelsius + 1.2;
                sample.PlateCelsius = sample.PlateSetPointCelsius + 0.3 * Math.Sin(hours * 3) + 0.05 * (random.NextDouble() - 0.5);
                sample.Co2SetPointPercent = now.Co2Percent;
                sample.Co2Percent = t >= doorFrom && t < doorTo ? now.Co2Percent - 2.5 * Math.Sin(Math.PI * (t - doorFrom) / (doorTo - doorFrom))
                    : now.Co2Percent + 0.05 * Math.Sin(hours / 2) + 0.02 * (random.NextDouble() - 0.5);
                sample.RockingRateSetPointRpm = now.RockingRateRpm;
                sample.RockingRateRpm = now.RockingRateRpm > 0 ? now.RockingRateRpm + 0.2 * (random.NextDouble() - 0.5) : 0;
                sample.RockingAmplitudeSetPointDegrees = now.RockingRateRpm > 0 ? 6 : 0;
                sample.RockingAmplitudeDegrees = sample.RockingAmplitudeSetPointDegrees;
                writer.AppendSample(sample);
            }

            Set(10L * 86_400_000 + 130_000);
            writer.AppendOperatorAction(Technician, "ConfirmPhase", "harvest started", null, null, null, OperatorActionOutcome.Done, 0,
                (int)OperatorRole.Technician, 10, (int)SignatureMeaning.Performed, TechnicianName, signedAt + 10L * 86_400_000 + 130_000, new string('c', 64));
            writer.AppendStateChange((int)BatchState.Running, (int)BatchState.Complete, phase, Technician, null, 11);
            Set(10L * 86_400_000 + 140_000);
            writer.AppendOperatorAction(Qa, "Clear", null, ReleaseReason, null, null, OperatorActionOutcome.Done, 0,
                (int)OperatorRole.Qa, 12, (int)SignatureMeaning.Released, QaName, signedAt + 10L * 86_400_000 + 140_000, new string('d', 64));
            Assert.IsTrue(writer.Close((int)BatchState.Complete, "released"));
        });
        return (bytes, watch.Elapsed);
    }

    // The signature as the command link hands it to the batch layer once it has checked it (a stand-in MAC).
    private static OperatorRequest Signed(BatchSimulation sim, OperatorRequest request, SignatureMeaning meaning) =>
        ScriptedBatch.Signed(request, meaning, request.OperatorId == Qa ? QaName : TechnicianName,
            RecordTime.ToUnixMilliseconds(StartUtc) + (long)Math.Round(sim.Board.ElapsedSeconds * 1000) - 1500);
}
