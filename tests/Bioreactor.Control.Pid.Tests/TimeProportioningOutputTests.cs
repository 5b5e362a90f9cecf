#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class TimeProportioningOutputTests
    {
        private const double NoLimit = double.PositiveInfinity;

        /// <summary>Requests across 0–100 %, the low and high ends where minimum pulses bite included.</summary>
        private static readonly double[] SweepDutyFractions =
        {
            0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 1.0,
        };

        /// <summary>Slack for comparing sums of dt with configured times (float rounding only).</summary>
        private const double TimeSlackSeconds = 1e-6;

        [TestMethod]
        public void DeliveredDutyIsWithinOnePercentAcrossTheRangeWhenDtDividesTheWindow()
        {
            CheckSweep(0.1);
        }

        [TestMethod]
        public void DeliveredDutyIsWithinOnePercentAcrossTheRangeWhenDtDoesNotDivideTheWindow()
        {
            CheckSweep(0.07);
        }

        [TestMethod]
        public void DeliveredDutyIsWithinOnePercentWithLongMinimumTimesOfASolenoid()
        {
            // Minimum on 2 s and off 3 s in a 10 s window: every request under 20 % or over 70 % needs the carry.
            for (int i = 0; i < SweepDutyFractions.Length; i++)
            {
                double duty = SweepDutyFractions[i];
                TimeProportioningOutput output = new TimeProportioningOutput(10.0, 2.0, 3.0, NoLimit);
                PulseRecorder pulses = Run(output, duty, 0.1, 2000.0);
                string what = "duty " + duty.ToString("F3");
                TestSupport.AreNear(duty, pulses.DeliveredDutyFraction, 0.01, what + ": delivered");
                if (pulses.OnPulses > 0)
                {
                    TestSupport.AtLeast(2.0 - TimeSlackSeconds, pulses.ShortestOnSeconds, what + ": shortest on pulse");
                }

                if (pulses.OffGaps > 0)
                {
                    TestSupport.AtLeast(3.0 - TimeSlackSeconds, pulses.ShortestOffSeconds, what + ": shortest off gap");
                }
            }
        }

        [TestMethod]
        public void RequestsShorterThanTheMinimumPulseAreCarriedNotRoundedAway()
        {
            // Window 10 s, minimum on and off 0.5 s. Each request below is one whose pulse (or gap) per window is
            // shorter than the minimum: rounding per window delivers 0 % (or 100 %), an error of the full request.
            double[] low = { 0.005, 0.01, 0.02 };
            double[] high = { 0.98, 0.99, 0.995 };
            for (int i = 0; i < low.Length; i++)
            {
                Assert.IsTrue(low[i] * 10.0 < 0.5, "precondition: the pulse per window is under the minimum on time");
                TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
                PulseRecorder pulses = Run(output, low[i], 0.1, 2000.0);
                TestSupport.AreNear(low[i], pulses.DeliveredDutyFraction, 0.001, "low duty " + low[i].ToString("F3"));
                TestSupport.AtLeast(0.5 - TimeSlackSeconds, pulses.ShortestOnSeconds, "low duty pulses");
            }

            for (int i = 0; i < high.Length; i++)
            {
                Assert.IsTrue((1.0 - high[i]) * 10.0 < 0.5, "precondition: the gap per window is under the minimum off time");
                TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
                PulseRecorder pulses = Run(output, high[i], 0.1, 2000.0);
                TestSupport.AreNear(high[i], pulses.DeliveredDutyFraction, 0.001, "high duty " + high[i].ToString("F3"));
                TestSupport.AtLeast(0.5 - TimeSlackSeconds, pulses.ShortestOffSeconds, "high duty gaps");
            }
        }

        [TestMethod]
        public void ZeroAndFullRequestsGiveASteadyOutput()
        {
            TimeProportioningOutput off = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            PulseRecorder offPulses = Run(off, 0.0, 0.1, 200.0);
            Assert.AreEqual(0, off.SwitchCount);
            TestSupport.AreNear(0.0, offPulses.DeliveredDutyFraction, 0.0, "0 %");

            TimeProportioningOutput on = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            PulseRecorder onPulses = Run(on, 1.0, 0.1, 200.0);
            Assert.AreEqual(1, on.SwitchCount);
            TestSupport.AreNear(1.0, onPulses.DeliveredDutyFraction, 0.0, "100 %");
        }

        [TestMethod]
        public void SaturatedRequestsNeitherPayOutOwedTimeNorPayBackSurplus()
        {
            // 98 %: the pulse ends at 9.8 s and the 0.5 s minimum off time runs into the next window, so on time
            // is owed when the next pulse starts at 10.3 s. A drop to 0 % at 11 s (minimum on time served) must
            // end that pulse at once, not keep it on to pay the debt.
            TimeProportioningOutput owing = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            for (int i = 0; i < 110; i++)
            {
                owing.Update(0.98, 0.1);
            }

            Assert.IsTrue(owing.IsOn, "precondition: in the pulse that started at 10.3 s");
            TestSupport.AtLeast(0.05, owing.OwedOnSeconds, "precondition: on time owed");
            for (int i = 0; i < 300; i++)
            {
                Assert.IsFalse(owing.Update(0.0, 0.1), "0 % is off at once and stays off");
            }

            TestSupport.AreNear(0.0, owing.OwedOnSeconds, 0.0, "debt dropped at 0 %");

            // 3 %: a 0.5 s minimum pulse at the window start delivers ahead of the request. A rise to 100 % at
            // 9.7 s turns the output on at once, and the surplus is dropped rather than paid back later.
            TimeProportioningOutput ahead = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            for (int i = 0; i < 97; i++)
            {
                ahead.Update(0.03, 0.1);
            }

            TestSupport.AtMost(-0.1, ahead.OwedOnSeconds, "precondition: delivered ahead");
            for (int i = 0; i < 300; i++)
            {
                Assert.IsTrue(ahead.Update(1.0, 0.1), "100 % is on at once and stays on");
            }

            TestSupport.AreNear(0.0, ahead.OwedOnSeconds, 0.0, "surplus dropped at 100 %");
        }

        [TestMethod]
        public void OnePulsePerWindowAndLastWindowDutyIsReported()
        {
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            PulseRecorder pulses = Run(output, 0.3, 0.1, 2000.0);

            // 200 windows: one on and one off transition each; no extra pulses from rounding noise.
            Assert.AreEqual(400, output.SwitchCount);
            Assert.AreEqual(200, pulses.OnPulses);
            TestSupport.AreNear(3.0, pulses.LongestOnSeconds, 1e-6, "pulse length");
            TestSupport.AreNear(3.0, pulses.ShortestOnSeconds, 1e-6, "pulse length");
            output.Update(0.3, 0.1);
            TestSupport.AreNear(0.3, output.LastWindowDutyFraction, 1e-6, "last window duty");
            TestSupport.AtMost(10.0, Math.Abs(output.OwedOnSeconds), "owed account bounded by a window");
        }

        [TestMethod]
        public void MaximumOnTimeCapsFullRequestAtMaxOnOverMaxOnPlusMinimumOff()
        {
            // Four-argument constructor: the forced-off time is the minimum off time, 0.5 s.
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, 30.0);
            TestSupport.AreNear(0.5, output.ForcedOffSeconds, 0.0, "forced off defaults to minimum off");
            TestSupport.AreNear(30.0 / 30.5, output.MaximumDeliverableDutyFraction, 1e-12, "deliverable duty");

            PulseRecorder pulses = Run(output, 1.0, 0.1, 2000.0);

            TestSupport.AreNear(30.0 / 30.5, pulses.DeliveredDutyFraction, 0.001, "delivered at 100 %");
            TestSupport.AtMost(30.0 + TimeSlackSeconds, pulses.LongestOnSeconds, "longest on run");
            TestSupport.AtLeast(30.0 - TimeSlackSeconds, pulses.ShortestOnSeconds, "runs last the full maximum");
            TestSupport.AtLeast(0.5 - TimeSlackSeconds, pulses.ShortestOffSeconds, "forced off gap");
            TestSupport.AtMost(0.5 + TimeSlackSeconds, pulses.LongestOffSeconds, "forced off gap not longer");

            // Limit acts at 30, 60.5, 91, ... 30 + 64 × 30.5 = 1982 s: 65 times in 2000 s.
            Assert.AreEqual(65, output.MaximumOnLimitCount);
            TestSupport.AtMost(1e-9, Math.Abs(output.OwedOnSeconds), "denied on time is not owed");
        }

        [TestMethod]
        public void ConfiguredForcedOffTimeSetsTheDeliverableDuty()
        {
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, 30.0, 5.0);
            TestSupport.AreNear(30.0 / 35.0, output.MaximumDeliverableDutyFraction, 1e-12, "deliverable duty");

            // 30 s on and 5 s off: the limit acts at t = 30 s, the output is held off until t = 35 s.
            bool on = false;
            for (int i = 0; i <= 300; i++)
            {
                on = output.Update(1.0, 0.1);
            }

            Assert.IsFalse(on, "off after 30 s on");
            Assert.IsTrue(output.IsMaximumOnLimitActive, "limit flag while forced off");
            Assert.AreEqual(1, output.MaximumOnLimitCount);
            for (int i = 0; i < 49; i++)
            {
                Assert.IsFalse(output.Update(1.0, 0.1), "held off for the forced-off time");
            }

            Assert.IsTrue(output.Update(1.0, 0.1), "on again after 5 s");
            Assert.IsFalse(output.IsMaximumOnLimitActive, "limit flag cleared");

            TimeProportioningOutput longRun = new TimeProportioningOutput(10.0, 0.5, 0.5, 30.0, 5.0);
            PulseRecorder pulses = Run(longRun, 1.0, 0.1, 3500.0);
            TestSupport.AreNear(30.0 / 35.0, pulses.DeliveredDutyFraction, 0.001, "delivered at 100 %");
        }

        [TestMethod]
        public void MaximumOnTimeDoesNotActBelowItsReach()
        {
            // At 90 % the pulses are 9 s, well under a 30 s cap: the cap must not act or cost duty.
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, 30.0);
            PulseRecorder pulses = Run(output, 0.9, 0.1, 2000.0);
            Assert.AreEqual(0, output.MaximumOnLimitCount);
            TestSupport.AreNear(0.9, pulses.DeliveredDutyFraction, 0.001, "delivered at 90 %");
        }

        [TestMethod]
        public void LowerRequestMidWindowEndsThePulseInThatWindow()
        {
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            double onSeconds = 0;
            for (int i = 0; i < 20; i++)
            {
                if (output.Update(0.8, 0.1))
                {
                    onSeconds += 0.1;
                }
            }

            // At t = 2 s the request drops to 10 %: the window's target becomes 0.8 × 2 + 0.1 × 8 = 2.4 s,
            // instead of 8 s had the change waited for the next window.
            double firstOffSeconds = -1;
            for (int i = 20; i < 100; i++)
            {
                bool on = output.Update(0.1, 0.1);
                if (on)
                {
                    onSeconds += 0.1;
                }
                else if (firstOffSeconds < 0)
                {
                    firstOffSeconds = i * 0.1;
                }
            }

            TestSupport.AreNear(2.4, firstOffSeconds, 0.1 + TimeSlackSeconds, "switch-off time");
            TestSupport.AreNear(2.4, onSeconds, 0.1 + TimeSlackSeconds, "on time in the window");
        }

        [TestMethod]
        public void HigherRequestMidWindowStartsASecondPulseInThatWindow()
        {
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            double onSeconds = 0;
            for (int i = 0; i < 30; i++)
            {
                if (output.Update(0.1, 0.1))
                {
                    onSeconds += 0.1;
                }
            }

            Assert.IsFalse(output.IsOn, "the 1 s pulse is over at t = 3 s");

            // At t = 3 s the request rises to 90 %: target 0.1 × 3 + 0.9 × 7 = 6.6 s, 5.6 s more, at once.
            Assert.IsTrue(output.Update(0.9, 0.1), "on at once after the rise");
            onSeconds += 0.1;
            for (int i = 31; i < 100; i++)
            {
                if (output.Update(0.9, 0.1))
                {
                    onSeconds += 0.1;
                }
            }

            TestSupport.AreNear(6.6, onSeconds, 0.1 + TimeSlackSeconds, "on time in the window");
        }

        [TestMethod]
        public void InvalidConfigurationThrows()
        {
            Type range = typeof(ArgumentOutOfRangeException);
            TestSupport.Throws(range, () => new TimeProportioningOutput(0.0, 0.0, 0.0, NoLimit), "window 0");
            TestSupport.Throws(range, () => new TimeProportioningOutput(-10.0, 0.0, 0.0, NoLimit), "window < 0");
            TestSupport.Throws(range, () => new TimeProportioningOutput(double.NaN, 0.0, 0.0, NoLimit), "window NaN");
            TestSupport.Throws(range, () => new TimeProportioningOutput(double.PositiveInfinity, 0.0, 0.0, NoLimit), "window ∞");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, -0.1, 0.0, NoLimit), "min on < 0");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 10.0, 0.0, NoLimit), "min on = window");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, double.NaN, 0.0, NoLimit), "min on NaN");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 0.0, -0.1, NoLimit), "min off < 0");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 0.0, 10.0, NoLimit), "min off = window");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 0.0, double.NaN, NoLimit), "min off NaN");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 1.0, 0.5, 0.9), "max on < min on");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 0.0, 0.5, 0.0), "max on 0");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 0.0, 0.5, double.NaN), "max on NaN");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 0.5, 0.0, 30.0), "limit with no off time");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 0.5, 0.5, 30.0, 0.4), "forced off < min off");
            TestSupport.Throws(range, () => new TimeProportioningOutput(10.0, 0.5, 0.5, 30.0, double.NaN), "forced off NaN");

            // The limits themselves are accepted.
            Assert.IsNotNull(new TimeProportioningOutput(10.0, 0.0, 0.0, NoLimit));
            Assert.IsNotNull(new TimeProportioningOutput(10.0, 9.9, 9.9, 9.9));
        }

        [TestMethod]
        public void InvalidUpdateArgumentsThrowAndOutOfRangeRequestsAreClamped()
        {
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            TestSupport.Throws(typeof(ArgumentException), () => output.Update(double.NaN, 0.1), "duty NaN");
            Type range = typeof(ArgumentOutOfRangeException);
            TestSupport.Throws(range, () => output.Update(0.5, 0.0), "dt 0");
            TestSupport.Throws(range, () => output.Update(0.5, -0.1), "dt < 0");
            TestSupport.Throws(range, () => output.Update(0.5, double.NaN), "dt NaN");
            TestSupport.Throws(range, () => output.Update(0.5, double.PositiveInfinity), "dt ∞");
            Assert.IsFalse(output.IsOn, "rejected calls change nothing");
            Assert.AreEqual(0, output.SwitchCount);

            PulseRecorder above = Run(new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit), 1.7, 0.1, 100.0);
            TestSupport.AreNear(1.0, above.DeliveredDutyFraction, 0.0, "request above 1 acts as 1");
            PulseRecorder below = Run(new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit), -3.0, 0.1, 100.0);
            TestSupport.AreNear(0.0, below.DeliveredDutyFraction, 0.0, "request below 0 acts as 0");
            PulseRecorder infinite = Run(new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit), double.PositiveInfinity, 0.1, 100.0);
            TestSupport.AreNear(1.0, infinite.DeliveredDutyFraction, 0.0, "request +∞ acts as 1");
        }

        [TestMethod]
        public void ForceOffTurnsOffAtOnceThenHonoursMinimumOff()
        {
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 2.0, 0.5, NoLimit);
            Assert.IsTrue(output.Update(0.5, 0.1), "pulse starts");
            output.ForceOff();
            Assert.IsFalse(output.IsOn, "off at once, inside the minimum on time");
            Assert.AreEqual(2, output.SwitchCount);

            // 0.5 s minimum off: five 0.1 s intervals off, then the pulse resumes.
            for (int i = 0; i < 5; i++)
            {
                Assert.IsFalse(output.Update(0.5, 0.1), "held off for the minimum off time");
            }

            Assert.IsTrue(output.Update(0.5, 0.1), "resumes after the minimum off time");
        }

        [TestMethod]
        public void ForceOffDropsOwedOnTime()
        {
            // 2 % with a 0.5 s minimum pulse: 0.2 s owed after one window with no pulse yet.
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            for (int i = 0; i < 100; i++)
            {
                output.Update(0.02, 0.1);
            }

            TestSupport.AreNear(0.2, output.OwedOnSeconds, 1e-9, "owed before");
            output.ForceOff();
            TestSupport.AreNear(0.0, output.OwedOnSeconds, 0.0, "owed after");
        }

        [TestMethod]
        public void ResetTurnsOffAtOnceAndClearsTheAccount()
        {
            TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
            for (int i = 0; i < 130; i++)
            {
                output.Update(0.5, 0.1);
            }

            Assert.IsTrue(output.IsOn, "on in the second window's pulse");
            Assert.IsTrue(Math.Abs(output.OwedOnSeconds) > 0.1, "account in use before the reset");
            output.Reset();
            Assert.IsFalse(output.IsOn, "off at once");
            TestSupport.AreNear(0.0, output.OwedOnSeconds, 0.0, "account cleared");
            TestSupport.AreNear(0.0, output.LastWindowDutyFraction, 0.0, "window figure cleared");
            Assert.AreEqual(4, output.SwitchCount);

            // A fresh window after the minimum off time: a full 5 s pulse.
            double onSeconds = 0;
            for (int i = 0; i < 100; i++)
            {
                if (output.Update(0.5, 0.1))
                {
                    onSeconds += 0.1;
                }
            }

            TestSupport.AreNear(5.0, onSeconds, 0.1 + TimeSlackSeconds, "first window after reset");
        }

        private static void CheckSweep(double dtSeconds)
        {
            // 200 windows of 10 s with minimum on and off 0.5 s, no maximum on time.
            for (int i = 0; i < SweepDutyFractions.Length; i++)
            {
                double duty = SweepDutyFractions[i];
                TimeProportioningOutput output = new TimeProportioningOutput(10.0, 0.5, 0.5, NoLimit);
                PulseRecorder pulses = Run(output, duty, dtSeconds, 2000.0);
                string what = "duty " + duty.ToString("F3") + ", dt " + dtSeconds.ToString("F2");
                TestSupport.AreNear(duty, pulses.DeliveredDutyFraction, 0.01, what + ": delivered");
                TestSupport.AtMost(2 * 200 + 1, output.SwitchCount, what + ": switchings");
                if (duty > 0 && duty < 1)
                {
                    Assert.IsTrue(pulses.OnPulses > 0, what + ": pulses seen");
                    TestSupport.AtLeast(0.5 - TimeSlackSeconds, pulses.ShortestOnSeconds, what + ": shortest on pulse");
                    TestSupport.AtLeast(0.5 - TimeSlackSeconds, pulses.ShortestOffSeconds, what + ": shortest off gap");
                }
            }
        }

        private static PulseRecorder Run(TimeProportioningOutput output, double dutyFraction, double dtSeconds, double seconds)
        {
            PulseRecorder recorder = new PulseRecorder();
            int steps = (int)Math.Round(seconds / dtSeconds);
            for (int i = 0; i < steps; i++)
            {
                bool on = output.Update(dutyFraction, dtSeconds);
                Assert.IsTrue(on == output.IsOn, "IsOn matches the returned value");
                recorder.Record(on, dtSeconds);
            }

            return recorder;
        }

        /// <summary>
        /// Measures the output from the outside: on-time fraction, and the lengths of complete on pulses and of
        /// off gaps between pulses (the off time before the first pulse and the unfinished last run are not
        /// counted).
        /// </summary>
        private sealed class PulseRecorder
        {
            public double OnSeconds;
            public double TotalSeconds;
            public int OnPulses;
            public int OffGaps;
            public double ShortestOnSeconds = double.MaxValue;
            public double LongestOnSeconds;
            public double ShortestOffSeconds = double.MaxValue;
            public double LongestOffSeconds;

            private bool _hasRun;
            private bool _runIsOn;
            private bool _runIsLeadingOff;
            private double _runSeconds;

            public double DeliveredDutyFraction
            {
                get { return TotalSeconds > 0 ? OnSeconds / TotalSeconds : 0.0; }
            }

            public void Record(bool on, double dtSeconds)
            {
                if (!_hasRun)
                {
                    _hasRun = true;
                    _runIsOn = on;
                    _runIsLeadingOff = !on;
                }
                else if (on != _runIsOn)
                {
                    CloseRun();
                    _runIsOn = on;
                    _runIsLeadingOff = false;
                    _runSeconds = 0;
                }

                _runSeconds += dtSeconds;
                TotalSeconds += dtSeconds;
                if (on)
                {
                    OnSeconds += dtSeconds;
                }
            }

            private void CloseRun()
            {
                if (_runIsOn)
                {
                    OnPulses++;
                    ShortestOnSeconds = Math.Min(ShortestOnSeconds, _runSeconds);
                    LongestOnSeconds = Math.Max(LongestOnSeconds, _runSeconds);
                }
                else if (!_runIsLeadingOff)
                {
                    OffGaps++;
                    ShortestOffSeconds = Math.Min(ShortestOffSeconds, _runSeconds);
                    LongestOffSeconds = Math.Max(LongestOffSeconds, _runSeconds);
                }
            }
        }
    }
}
