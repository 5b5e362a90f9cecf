#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class BatchPowerLossTests
    {
        private const long Hour = 3600000;

        [TestMethod]
        public void SnapshotRoundTripRestoresEveryField()
        {
            BatchController before = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            before.Update(60000);
            BatchFixture.UpdateEverySecond(before, 60000, 75000);
            before.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.Co2Percent, 5.5, "pH high"), 75000);
            before.Execute(OperatorRequest.Hold(BatchFixture.Tech, "check"), 75000);
            before.Update(80000);
            byte[] buffer = new byte[BatchController.StateSizeBytes + 10];

            int written = before.WriteState(buffer, 10);

            Assert.AreEqual(BatchController.StateSizeBytes, written);
            BatchController after = BatchFixture.NewController();
            BatchResult result = after.RestoreState(buffer, 10, BatchFixture.TimedRecipe(), 5000, 0, 0);
            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.AreEqual("Held", BatchFixture.State(after));
            Assert.AreEqual(before.PhaseIndex, after.PhaseIndex);
            Assert.AreEqual(before.BatchId, after.BatchId);
            Assert.AreEqual(before.RecipeFingerprint, after.RecipeFingerprint);
            Assert.AreEqual(before.PhaseElapsedMilliseconds, after.PhaseElapsedMilliseconds);
            Assert.AreEqual(before.BatchElapsedMilliseconds, after.BatchElapsedMilliseconds);
            Assert.AreEqual(before.HeldMilliseconds, after.HeldMilliseconds);
            Assert.AreEqual(before.TemperatureSetPointCelsius, after.TemperatureSetPointCelsius);
            Assert.AreEqual(before.Co2SetPointPercent, after.Co2SetPointPercent);
            Assert.AreEqual(before.RockingRateRpm, after.RockingRateRpm);
            Assert.AreEqual(before.RockingAmplitudeDegrees, after.RockingAmplitudeDegrees);
            Assert.AreEqual(5.5, after.GetTarget(BatchVariable.Co2Percent));
            Assert.AreEqual(36.0, after.GetTarget(BatchVariable.TemperatureCelsius));
            Assert.IsTrue(after.IsOverridden(BatchVariable.Co2Percent));
            Assert.IsFalse(after.IsOverridden(BatchVariable.TemperatureCelsius));
            Assert.AreEqual(before.LastSequence + 1, after.LastSequence, "numbering continues; the restore is one event");

            // The restored batch behaves as the original: resume and the ramps go on to the operator's 5.5 %.
            after.Execute(OperatorRequest.Resume(BatchFixture.Tech), 5000);
            BatchFixture.UpdateEverySecond(after, 5000, 65000);
            TestSupport.AreNear(5.5, after.Co2SetPointPercent, 1e-9, "restored override reached");
        }

        [TestMethod]
        public void PauseTimerLeavesTheOutageOutOfThePhase()
        {
            BatchController restored = RestoreAfterOutage(PowerLossTimer.PauseTimer, 1000000, 600000, out BatchEvent e);

            Assert.AreEqual(1000000L, restored.PhaseElapsedMilliseconds);
            Assert.AreEqual(Hour - 1000000, restored.PhaseRemainingMilliseconds, "the phase still gets its full hour");
            Assert.AreEqual(600000L, restored.OutageMilliseconds);
            Assert.AreEqual("PowerRestored", BatchNames.EventKindName(e.Kind));
            Assert.AreEqual(600000L, e.DurationMilliseconds);
            Assert.AreEqual("pause", BatchNames.PowerLossTimerName(e.PowerLossTimer));
            Assert.AreEqual(1000.0, e.OldValue);
            Assert.AreEqual(1000.0, e.NewValue);
            Assert.AreEqual(0, e.PhaseIndex);
            Assert.AreEqual("Running", BatchNames.StateName(e.FromState));
            Assert.AreEqual("Running", BatchNames.StateName(e.ToState));
        }

        [TestMethod]
        public void ContinueTimerCountsTheOutageAsPhaseTime()
        {
            BatchController restored = RestoreAfterOutage(PowerLossTimer.ContinueTimer, 1000000, 600000, out BatchEvent e);

            Assert.AreEqual(1600000L, restored.PhaseElapsedMilliseconds);
            Assert.AreEqual("continue", BatchNames.PowerLossTimerName(e.PowerLossTimer));
            Assert.AreEqual(1000.0, e.OldValue);
            Assert.AreEqual(1600.0, e.NewValue);
        }

        [TestMethod]
        public void ContinueTimerStopsAtThePhaseEndAndNeverRunsIntoTheNextPhase()
        {
            BatchController restored = RestoreAfterOutage(PowerLossTimer.ContinueTimer, 1000000, 5 * Hour, out BatchEvent e);

            Assert.AreEqual(Hour, restored.PhaseElapsedMilliseconds, "capped at the phase's end");
            Assert.AreEqual(0, restored.PhaseIndex, "the phase ends at the next update, not during the restore");
            restored.Update(7000);
            Assert.AreEqual(1, restored.PhaseIndex);
            Assert.AreEqual(0L, restored.PhaseElapsedMilliseconds, "the next phase starts from zero");
        }

        [TestMethod]
        public void RestartTimerStartsThePhaseAgain()
        {
            BatchController restored = RestoreAfterOutage(PowerLossTimer.RestartTimer, 1000000, 600000, out BatchEvent e);

            Assert.AreEqual(0L, restored.PhaseElapsedMilliseconds);
            Assert.AreEqual(Hour, restored.PhaseRemainingMilliseconds);
            Assert.AreEqual(1000.0, e.OldValue);
            Assert.AreEqual(0.0, e.NewValue);
        }

        [TestMethod]
        public void AHeldPhaseGainsNoTimeFromAnOutage()
        {
            Recipe recipe = OneHourRecipe(PowerLossTimer.ContinueTimer);
            BatchController before = BatchFixture.Started(recipe, 0);
            before.Update(1000000);
            before.Execute(OperatorRequest.Hold(BatchFixture.Tech, "waiting for QA"), 1000000);
            before.Update(1001000);
            byte[] buffer = Snapshot(before);

            BatchController after = BatchFixture.NewController();
            Assert.IsTrue(after.RestoreState(buffer, 0, recipe, 5000, 600000, 0).IsAccepted);

            Assert.AreEqual("Held", BatchFixture.State(after));
            Assert.AreEqual(1000000L, after.PhaseElapsedMilliseconds, "a hold stops the timer whatever the power does");
        }

        [TestMethod]
        public void TransientStateCompletesAfterTheRestore()
        {
            Recipe recipe = OneHourRecipe(PowerLossTimer.PauseTimer);
            BatchController before = BatchFixture.Started(recipe, 0);
            before.Execute(OperatorRequest.Abort(BatchFixture.Tech, "contamination"), 1000);
            byte[] buffer = Snapshot(before);

            BatchController after = BatchFixture.NewController();
            Assert.IsTrue(after.RestoreState(buffer, 0, recipe, 5000, 1000, 0).IsAccepted);
            Assert.AreEqual("Aborting", BatchFixture.State(after));
            after.Update(6000);

            Assert.AreEqual("Aborted", BatchFixture.State(after));
            Assert.AreEqual(0.0, after.RockingRateRpm);
            Assert.AreEqual(37.0, after.TemperatureSetPointCelsius);
        }

        [TestMethod]
        public void CorruptOrForeignSnapshotsAreRefused()
        {
            Recipe recipe = OneHourRecipe(PowerLossTimer.PauseTimer);
            BatchController before = BatchFixture.Started(recipe, 0);
            before.Update(1000);
            byte[] good = Snapshot(before);

            byte[] flipped = Snapshot(before);
            flipped[30] ^= 0x01;
            byte[] magic = Snapshot(before);
            magic[3] = (byte)'2';
            Recipe other = OneHourRecipe(PowerLossTimer.PauseTimer);
            other.Phases[0].TemperatureCelsius = 36.9;
            Recipe newer = OneHourRecipe(PowerLossTimer.PauseTimer);
            newer.Version = 2;

            Assert.AreEqual("InvalidSnapshot", Restore(flipped, recipe));
            Assert.AreEqual("InvalidSnapshot", Restore(magic, recipe));
            Assert.AreEqual("InvalidSnapshot", Restore(new byte[10], recipe));
            Assert.AreEqual("InvalidSnapshot", Restore(null, recipe));
            Assert.AreEqual("RecipeMismatch", Restore(good, other));
            Assert.AreEqual("RecipeMismatch", Restore(good, newer));
            Assert.AreEqual("InvalidRecipe", Restore(good, null));
            Assert.AreEqual("Accepted", Restore(good, recipe));
        }

        [TestMethod]
        public void RestoreIsOnlyForAnIdleUnit()
        {
            Recipe recipe = OneHourRecipe(PowerLossTimer.PauseTimer);
            BatchController batch = BatchFixture.Started(recipe, 0);
            byte[] buffer = Snapshot(batch);

            BatchResult result = batch.RestoreState(buffer, 0, recipe, 0, 0, 0);

            Assert.AreEqual("WrongState", BatchNames.ResultName(result.Code));
        }

        [TestMethod]
        public void NegativeOutageIsRefused()
        {
            Recipe recipe = OneHourRecipe(PowerLossTimer.PauseTimer);
            BatchController before = BatchFixture.Started(recipe, 0);

            BatchResult result = BatchFixture.NewController().RestoreState(Snapshot(before), 0, recipe, 0, -1, 0);

            Assert.AreEqual("InvalidValue", BatchNames.ResultName(result.Code));
        }

        [TestMethod]
        public void NumberingContinuesAfterTheRecordsLastEventWhenItIsAhead()
        {
            Recipe recipe = OneHourRecipe(PowerLossTimer.PauseTimer);
            BatchController before = BatchFixture.Started(recipe, 0);
            byte[] buffer = Snapshot(before);
            BatchController after = BatchFixture.NewController();

            BatchResult result = after.RestoreState(buffer, 0, recipe, 0, 0, 1000);

            Assert.AreEqual(1001L, result.EventSequence, "the PowerRestored event");
            var e = new BatchEvent();
            Assert.IsTrue(after.TryTakeEvent(e));
            Assert.AreEqual(1001L, e.Sequence);
        }

        [TestMethod]
        public void IdleSnapshotRestoresOnlyTheNumbering()
        {
            BatchController idle = BatchFixture.NewController();
            idle.Execute(OperatorRequest.AcknowledgeAlarm(BatchFixture.Tech, Bioreactor.Control.Safety.AlarmId.DoorOpen), 0);
            byte[] buffer = Snapshot(idle);
            BatchController after = BatchFixture.NewController();

            BatchResult result = after.RestoreState(buffer, 0, null, 0, 5000, 0);

            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.AreEqual("Idle", BatchFixture.State(after));
            Assert.AreEqual(1L, after.LastSequence);
            Assert.AreEqual(0, after.PendingEventCount, "no batch: no deviation event");
        }

        [TestMethod]
        public void OutagesAddUpAcrossRestores()
        {
            Recipe recipe = OneHourRecipe(PowerLossTimer.PauseTimer);
            BatchController first = BatchFixture.Started(recipe, 0);
            BatchController second = BatchFixture.NewController();
            second.RestoreState(Snapshot(first), 0, recipe, 0, 1000, 0);
            BatchController third = BatchFixture.NewController();

            third.RestoreState(Snapshot(second), 0, recipe, 0, 2500, 0);

            Assert.AreEqual(3500L, third.OutageMilliseconds);
        }

        [TestMethod]
        public void SnapshotLayoutStartsWithItsMagicAndEndsWithItsCrc()
        {
            BatchController batch = BatchFixture.Started(OneHourRecipe(PowerLossTimer.PauseTimer), 0);
            byte[] buffer = Snapshot(batch);

            Assert.AreEqual((byte)'B', buffer[0]);
            Assert.AreEqual((byte)'A', buffer[1]);
            Assert.AreEqual((byte)'T', buffer[2]);
            Assert.AreEqual((byte)'1', buffer[3]);
            Assert.AreEqual((byte)1, buffer[4], "state Running");
            Assert.AreEqual((byte)7, buffer[128], "batch id length of LOT-001");
            Assert.AreEqual((byte)'L', buffer[129]);
            Assert.AreEqual(168, BatchController.StateSizeBytes);
        }

        [TestMethod]
        public void SnapshotCrcIsIeeeCrc32()
        {
            // The standard check value, then agreement with the bit-by-bit definition on pseudo-random data of every
            // length up to two snapshots.
            byte[] check = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };
            Assert.AreEqual(0xCBF43926u, BatchController.Crc32(check, 0, check.Length));
            byte[] data = new byte[2 * BatchController.StateSizeBytes];
            uint seed = 12345;
            for (int i = 0; i < data.Length; i++)
            {
                seed = seed * 1103515245 + 12345;
                data[i] = (byte)(seed >> 16);
            }

            for (int length = 0; length <= data.Length; length += 7)
            {
                uint crc = 0xFFFFFFFF;
                for (int i = 0; i < length; i++)
                {
                    crc ^= data[i];
                    for (int bit = 0; bit < 8; bit++)
                    {
                        crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                    }
                }

                Assert.AreEqual(~crc, BatchController.Crc32(data, 0, length));
            }
        }

#if !NANOFRAMEWORK_1_0
        [TestMethod]
        public void UpdateWriteStateAndTakingEventsAllocateNothing()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            byte[] buffer = new byte[BatchController.StateSizeBytes];
            batch.Update(10);
            batch.WriteState(buffer, 0);
            BatchFixture.Drain(batch);
            var e = new BatchEvent();

            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (long t = 20; t <= 400000; t += 20)
            {
                batch.Update(t);
                batch.WriteState(buffer, 0);
                while (batch.TryTakeEvent(e))
                {
                }
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            Assert.AreEqual("Complete", BatchFixture.State(batch), "the run crossed a phase change and completion");
            Assert.AreEqual(0L, allocated, "bytes allocated over 20 000 updates");
        }
#endif

        private static BatchController RestoreAfterOutage(PowerLossTimer policy, long elapsedAtSnapshot, long outage, out BatchEvent e)
        {
            Recipe recipe = OneHourRecipe(policy);
            BatchController before = BatchFixture.Started(recipe, 0);
            before.Update(elapsedAtSnapshot);
            byte[] buffer = Snapshot(before);

            BatchController after = BatchFixture.NewController();
            BatchResult result = after.RestoreState(buffer, 0, recipe, 5000, outage, 0);

            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.AreEqual("Running", BatchFixture.State(after));
            Assert.AreEqual(1, after.PendingEventCount, "one PowerRestored event");
            e = new BatchEvent();
            Assert.IsTrue(after.TryTakeEvent(e));
            return after;
        }

        private static Recipe OneHourRecipe(PowerLossTimer policy)
        {
            var first = new RecipePhase("first", 3600);
            first.PowerLossTimer = policy;
            var second = new RecipePhase("second", 3600);
            return new Recipe("power", 1, null, new[] { first, second });
        }

        private static byte[] Snapshot(BatchController batch)
        {
            byte[] buffer = new byte[BatchController.StateSizeBytes];
            batch.WriteState(buffer, 0);
            return buffer;
        }

        private static string Restore(byte[] buffer, Recipe recipe)
        {
            return BatchNames.ResultName(BatchFixture.NewController().RestoreState(buffer, 0, recipe, 0, 0, 0).Code);
        }
    }
}
