#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;
using Bioreactor.Esp32.Application;

namespace Bioreactor.Control.Tests
{
    /// <summary>The acquisition thread's schedule and the latest-reading hand-over to the control tick.</summary>
    [TestClass]
    public class AcquisitionTests
    {
        /// <summary>A part that records when it was polled and advances the clock by its read time.</summary>
        private sealed class TimedPart : IPolledPart
        {
            private readonly ManualClock _clock;
            private readonly long _readMilliseconds;

            public TimedPart(ManualClock clock, long readMilliseconds)
            {
                _clock = clock;
                _readMilliseconds = readMilliseconds;
                Reading = new AcquiredReading();
            }

            public AcquiredReading Reading { get; }

            public int Polls { get; private set; }

            public long LastPollMilliseconds { get; private set; }

            public bool Throw { get; set; }

            public void Poll(long nowMilliseconds)
            {
                Polls++;
                LastPollMilliseconds = nowMilliseconds;
                _clock.Advance(_readMilliseconds);
                if (Throw)
                {
                    throw new InvalidOperationException("bus fault");
                }

                Reading.Publish(new SensorReading(Polls, SensorStatus.Ok, nowMilliseconds));
            }
        }

        [TestMethod]
        public void AReadingIsStaleAndNoResponseUntilTheFirstSample()
        {
            var reading = new AcquiredReading();
            SensorReading r = TestSupport.Sample(reading);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)r.Status);
            Assert.AreEqual(0L, r.SampleMilliseconds);
            Assert.AreEqual(0, reading.Publications);
            reading.Publish(new SensorReading(37.1, SensorStatus.Ok, 250));
            r = TestSupport.Sample(reading);
            Assert.AreEqual((int)SensorStatus.Ok, (int)r.Status);
            Assert.AreEqual(37.1, r.Value);
            Assert.AreEqual(250L, r.SampleMilliseconds, "the sample keeps its own time");
            Assert.AreEqual(1, reading.Publications);
        }

        [TestMethod]
        public void EachPartIsReadAtItsOwnPeriodWithItsOwnStartTime()
        {
            var clock = new ManualClock();
            var rtd = new TimedPart(clock, 75);
            var current = new TimedPart(clock, 1);
            var schedule = new AcquisitionSchedule(4, clock);
            schedule.Add(rtd, 250, 0);
            schedule.Add(current, 100, 0);

            long wait = schedule.RunDue();
            Assert.AreEqual(1, rtd.Polls);
            Assert.AreEqual(1, current.Polls);
            Assert.AreEqual(0L, rtd.LastPollMilliseconds);
            Assert.AreEqual(75L, current.LastPollMilliseconds, "the second part is stamped when its own read starts");
            Assert.AreEqual(24L, wait, "next deadline: the current monitor at 100 ms, now 76 ms");

            for (int i = 0; i < 2000; i++)
            {
                clock.Advance(schedule.RunDue());
            }

            // Over the run the deadlines are absolute: counts follow the periods, not the read times.
            long elapsed = clock.MonotonicMilliseconds;
            TestSupport.AreNear(elapsed / 250.0, rtd.Polls, 2.0, "RTD reads at 4 Hz");
            TestSupport.AreNear(elapsed / 100.0, current.Polls, 2.0, "current reads at 10 Hz");
        }

        [TestMethod]
        public void ALateScheduleSkipsAheadInsteadOfBursting()
        {
            var clock = new ManualClock();
            var part = new TimedPart(clock, 0);
            var schedule = new AcquisitionSchedule(1, clock);
            schedule.Add(part, 100, 0);
            schedule.RunDue();
            clock.Advance(1050);
            long wait = schedule.RunDue();
            Assert.AreEqual(2, part.Polls, "one read for the ten missed deadlines");
            Assert.AreEqual(50L, wait, "back on the 100 ms grid");
        }

        [TestMethod]
        public void APartThatThrowsDoesNotStopTheOthers()
        {
            var clock = new ManualClock();
            var bad = new TimedPart(clock, 0);
            bad.Throw = true;
            var good = new TimedPart(clock, 0);
            var schedule = new AcquisitionSchedule(2, clock);
            schedule.Add(bad, 100, 0);
            schedule.Add(good, 100, 0);
            schedule.RunDue();
            clock.Advance(100);
            schedule.RunDue();
            Assert.AreEqual(2, bad.Polls);
            Assert.AreEqual(2, good.Polls);
            Assert.AreEqual(2, schedule.PollFailures);
        }

        [TestMethod]
        public void InvalidSchedulesAreRefused()
        {
            var clock = new ManualClock();
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new AcquisitionSchedule(0, clock), "no capacity");
            TestSupport.Throws(typeof(ArgumentNullException), () => new AcquisitionSchedule(1, null), "no clock");
            var schedule = new AcquisitionSchedule(1, clock);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => schedule.Add(new TimedPart(clock, 0), 0, 0), "period 0");
            TestSupport.Throws(typeof(ArgumentNullException), () => schedule.Add(null, 100, 0), "no part");
            schedule.Add(new TimedPart(clock, 0), 100, 0);
            TestSupport.Throws(typeof(InvalidOperationException), () => schedule.Add(new TimedPart(clock, 0), 100, 0), "full");
        }
    }
}
