#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Esp32.Application;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class DeviceTimingTests
    {
        [TestMethod]
        public void Tick_timing_keeps_minimum_maximum_mean_and_overruns()
        {
            var timing = new TickTiming(20);
            timing.Add(0, 1, 5);      // jitter 1, duration 4
            timing.Add(20, 23, 45);   // jitter 3, duration 22: overrun
            timing.Add(40, 40, 42);   // jitter 0, duration 2
            Assert.AreEqual(3L, timing.Count);
            Assert.AreEqual(0L, timing.MinimumJitter);
            Assert.AreEqual(3L, timing.MaximumJitter);
            Assert.AreEqual(2L, timing.MinimumDuration);
            Assert.AreEqual(22L, timing.MaximumDuration);
            Assert.AreEqual(1L, timing.Overruns);
            TestSupport.AreNear(4.0 / 3.0, timing.MeanJitter, 1e-12, "mean jitter");
            TestSupport.AreNear(28.0 / 3.0, timing.MeanDuration, 1e-12, "mean duration");
            Assert.AreEqual("ticks 3, jitter min/mean/max 0/1.33/3, duration min/mean/max 2/9.33/22, overruns 1", timing.Summary());
        }

        [TestMethod]
        public void Tick_timing_counts_an_early_start_as_no_lateness_and_resets()
        {
            var timing = new TickTiming(20);
            timing.Add(100, 98, 99);
            Assert.AreEqual(0L, timing.MaximumJitter);
            timing.Reset();
            Assert.AreEqual(0L, timing.Count);
            Assert.AreEqual(0.0, timing.MeanDuration);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new TickTiming(0), "zero period");
        }

        [TestMethod]
        public void Watchdog_trips_after_the_allowed_periods_once_and_latches()
        {
            var watchdog = new LoopWatchdog(20, 5, 1000);
            watchdog.NoteTick(1020);
            Assert.IsFalse(watchdog.Check(1120), "exactly 5 periods of silence is tolerated");
            Assert.IsTrue(watchdog.Check(1121), "a 101 ms silence trips a 100 ms limit");
            Assert.AreEqual(101L, watchdog.StalledForMilliseconds);
            Assert.IsFalse(watchdog.Check(1122), "reported once");
            watchdog.NoteTick(1130);
            Assert.IsTrue(watchdog.IsStalled, "a late tick does not clear the latch");
            watchdog.Clear(1200);
            Assert.IsFalse(watchdog.IsStalled);
            Assert.IsFalse(watchdog.Check(1290));
        }

        [TestMethod]
        public void Watchdog_stays_quiet_while_ticks_come()
        {
            var watchdog = new LoopWatchdog(20, 5, 0);
            for (long t = 20; t <= 100000; t += 20)
            {
                watchdog.NoteTick(t);
                Assert.IsFalse(watchdog.Check(t + 19));
            }

            Assert.IsFalse(watchdog.IsStalled);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new LoopWatchdog(20, 0, 0), "zero periods");
        }

        [TestMethod]
        public void Utc_is_plausible_only_from_2026_to_2100()
        {
            Assert.IsFalse(UtcPlausibility.IsPlausible(new DateTime(1970, 1, 1, 0, 0, 0)));
            Assert.IsFalse(UtcPlausibility.IsPlausible(new DateTime(2025, 12, 31, 23, 59, 59)));
            Assert.IsTrue(UtcPlausibility.IsPlausible(new DateTime(2026, 1, 1, 0, 0, 0)));
            Assert.IsTrue(UtcPlausibility.IsPlausible(new DateTime(2026, 11, 20, 8, 0, 0)));
            Assert.IsFalse(UtcPlausibility.IsPlausible(new DateTime(2100, 1, 1, 0, 0, 0)));
        }

        [TestMethod]
        public void Record_files_map_to_names_and_list_sorted()
        {
            Assert.AreEqual("B-7.bxr", RecordFileNames.RecordFile("B-7"));
            Assert.AreEqual("B-7.tmp", RecordFileNames.TemporaryFile("B-7"));
            Assert.IsNull(RecordFileNames.RecordFile("bad name"));
            Assert.AreEqual("B-7", RecordFileNames.RecordNameOf("B-7.BXR"));
            Assert.IsNull(RecordFileNames.RecordNameOf("B-7.tmp"));
            Assert.IsNull(RecordFileNames.RecordNameOf(".bxr"));
            Assert.IsNull(RecordFileNames.RecordNameOf("a b.bxr"));
            Assert.AreEqual("B-7", RecordFileNames.TemporaryNameOf("B-7.tmp"));
            string[] listed = RecordFileNames.ListRecords(new string[] { "b.bxr", "config.txt", "B.bxr", "a-2.tmp", "a-10.bxr", "a-2.bxr" });
            CollectionAssert.AreEqual(new string[] { "B", "a-10", "a-2", "b" }, listed);
            Assert.AreEqual(0, RecordFileNames.ListRecords(null).Length);
        }

        [TestMethod]
        public void Record_names_differing_only_in_case_are_found_and_truncations_are_finished()
        {
            string[] names = new string[] { "Batch-1", "batch-2" };
            Assert.AreEqual("Batch-1", RecordFileNames.FindIgnoringCase(names, "BATCH-1"));
            Assert.IsNull(RecordFileNames.FindIgnoringCase(names, "batch-3"));
            Assert.IsTrue(RecordFileNames.Decide(true, false) == PendingTruncation.None);
            Assert.IsTrue(RecordFileNames.Decide(true, true) == PendingTruncation.DeleteTemporary);
            Assert.IsTrue(RecordFileNames.Decide(false, true) == PendingTruncation.RenameTemporary);
            Assert.IsTrue(RecordFileNames.Decide(false, false) == PendingTruncation.None);
        }
    }
}
