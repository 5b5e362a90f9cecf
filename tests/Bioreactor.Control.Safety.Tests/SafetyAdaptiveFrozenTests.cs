#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// The adaptive frozen-reading watch: it learns a probe's own runs of identical readings and flags a reading stuck
    /// far longer than those. Probes are modelled as a true value plus seeded uniform noise, quantised to the
    /// converter's step (MAX31865: 0.03125 °C per code), sampled once a second.
    /// </summary>
    [TestClass]
    public class SafetyAdaptiveFrozenTests
    {
        private const double CodeCelsius = 0.03125;
        private const long SampleMilliseconds = 1000;

        private static AdaptiveFrozenWatch DefaultWatch()
        {
            var s = new SafetySettings();
            return new AdaptiveFrozenWatch(s.AdaptiveFrozenFloorMilliseconds, s.AdaptiveFrozenFactor, s.AdaptiveFrozenCapMilliseconds,
                s.AdaptiveFrozenLearningMilliseconds, s.AdaptiveFrozenForgetMilliseconds);
        }

        private static double Quantise(double value)
        {
            return Math.Round(value / CodeCelsius) * CodeCelsius;
        }

        /// <summary>Feeds a probe for a duration; returns the number of samples on which the watch said Frozen.</summary>
        private static int Feed(AdaptiveFrozenWatch watch, TestRandom random, double noiseCelsius, double driftAmplitudeCelsius,
            double driftPeriodSeconds, long startMilliseconds, long durationMilliseconds)
        {
            int frozenSamples = 0;
            for (long t = startMilliseconds; t < startMilliseconds + durationMilliseconds; t += SampleMilliseconds)
            {
                double drift = driftAmplitudeCelsius * Math.Sin(2 * Math.PI * (t / 1000.0) / driftPeriodSeconds);
                double reading = Quantise(37.0 + drift + random.NextSymmetric(noiseCelsius));
                watch.Update(reading, true, t);
                if (watch.Frozen)
                {
                    frozenSamples++;
                }
            }

            return frozenSamples;
        }

        [TestMethod]
        public void NoisyProbe_NeverTripsOverAWeek()
        {
            // Noise of ±1.5 codes: runs of a few seconds; a week of seconds is 604 800 chances to false-trip.
            AdaptiveFrozenWatch watch = DefaultWatch();
            int frozen = Feed(watch, new TestRandom(12345), 0.05, 0.02, 3600, 0, 7L * 24 * 3600 * 1000);
            Assert.IsTrue(watch.Armed, "armed after learning");
            Assert.AreEqual(0, frozen);
            TestSupport.AtMost(60000, watch.ThresholdMilliseconds, "a noisy probe's threshold stays under a minute");
        }

        [TestMethod]
        public void StuckAfterLearning_TripsWithinTheLearnedBound()
        {
            AdaptiveFrozenWatch watch = DefaultWatch();
            long now = 0;
            long learn = 2L * 3600 * 1000;
            Assert.AreEqual(0, Feed(watch, new TestRandom(7), 0.05, 0.02, 3600, now, learn));
            now += learn;
            Assert.IsTrue(watch.Armed, "armed within the 1 h pre-run of the bench");
            long bound = watch.ThresholdMilliseconds;
            TestSupport.AtMost(30000, bound, "a noisy probe's threshold is seconds");

            // The probe jumps to a code it was not showing and stays there, so the stuck run starts exactly now.
            long stuckSince = now;
            double stuck = Quantise(37.0) + 10 * CodeCelsius;
            long trippedAfter = -1;
            for (long t = now; t < now + 600000; t += SampleMilliseconds)
            {
                watch.Update(stuck, true, t);
                if (watch.Frozen)
                {
                    trippedAfter = t - stuckSince;
                    break;
                }
            }

            Assert.IsTrue(trippedAfter >= 0, "tripped");
            TestSupport.AtMost(bound + SampleMilliseconds, trippedAfter, "trip time within the bound");
            TestSupport.AtLeast(watch.ThresholdMilliseconds - SampleMilliseconds, trippedAfter, "not before the threshold");

            // The verdict holds while the reading stays put, and clears when it moves again.
            watch.Update(stuck, true, now + 600000);
            Assert.IsTrue(watch.Frozen, "held");
            watch.Update(stuck + CodeCelsius, true, now + 601000);
            Assert.IsFalse(watch.Frozen, "cleared by a new reading");
        }

        [TestMethod]
        public void QuietProbe_LearnsALongThresholdAndDoesNotFalseTrip()
        {
            // Noise well under one code and a slow ±1.5 code drift over 20 min: runs of a minute or more.
            AdaptiveFrozenWatch watch = DefaultWatch();
            int frozen = Feed(watch, new TestRandom(99), 0.004, 0.05, 1200, 0, 3L * 24 * 3600 * 1000);
            Assert.IsTrue(watch.Armed, "armed");
            Assert.AreEqual(0, frozen);
            TestSupport.AtLeast(60000, watch.LearnedRunMilliseconds, "learned a long run");
            TestSupport.AtLeast(180000, watch.ThresholdMilliseconds, "threshold = 3 × the learned run");
        }

        [TestMethod]
        public void Disabled_NeverTrips()
        {
            var watch = new AdaptiveFrozenWatch(10000, 0, 1800000, 0, 86400000);
            Feed(watch, new TestRandom(5), 0.05, 0.0, 3600, 0, 3600000);
            for (long t = 3600000; t < 3L * 3600 * 1000; t += SampleMilliseconds)
            {
                watch.Update(37.0, true, t);
                Assert.IsFalse(watch.Frozen, "off");
            }
        }

        [TestMethod]
        public void NeverChangingReading_DoesNotArm()
        {
            // Nothing learned (an exact or stuck-from-power-on reading): the watch cannot tell and stays off.
            AdaptiveFrozenWatch watch = DefaultWatch();
            for (long t = 0; t < 4L * 3600 * 1000; t += SampleMilliseconds)
            {
                watch.Update(37.0, true, t);
            }

            Assert.IsFalse(watch.Armed, "not armed");
            Assert.IsFalse(watch.Frozen, "not frozen");
        }

        [TestMethod]
        public void InvalidReading_ClearsTheVerdict()
        {
            AdaptiveFrozenWatch watch = DefaultWatch();
            long now = 2L * 3600 * 1000;
            Feed(watch, new TestRandom(3), 0.05, 0.0, 3600, 0, now);
            for (long t = now; t < now + 120000; t += SampleMilliseconds)
            {
                watch.Update(37.0, true, t);
            }

            Assert.IsTrue(watch.Frozen, "stuck");
            watch.Update(double.NaN, false, now + 121000);
            Assert.IsFalse(watch.Frozen, "an invalid reading is another check's fault");
        }

        [TestMethod]
        public void Settings_AreValidated()
        {
            var s = new SafetySettings();
            s.AdaptiveFrozenFactor = 0.5;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "factor below 1");
            s = new SafetySettings();
            s.AdaptiveFrozenFactor = 0;
            s.Validate();
            s.AdaptiveFrozenFloorMilliseconds = 500;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "floor below 1 s");
            s = new SafetySettings();
            s.AdaptiveFrozenCapMilliseconds = s.AdaptiveFrozenFloorMilliseconds - 1;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "cap below floor");
            s = new SafetySettings();
            s.AdaptiveFrozenForgetMilliseconds = 1000;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "forget time constant below 1 min");
            Assert.IsTrue(s.AdaptiveFrozenFactor == 3.0, "default factor 3");
        }

        [TestMethod]
        public void Supervisor_StuckCo2_ClosesTheValveAndStuckLiquid_RaisesTheProbeFault()
        {
            SafetySettings settings = SafetyRig.WithoutFrozenWhileDrivenWatches();
            var rig = new SafetyRig(settings);
            var random = new TestRandom(11);
            rig.Inputs.ValveRequested = true;
            rig.Inputs.HeaterRequested = true;
            for (int i = 0; i < 2 * 3600; i++)
            {
                rig.LiquidCelsius = Quantise(37.0 + random.NextSymmetric(0.05));
                rig.Co2Percent = Math.Round((5.0 + random.NextSymmetric(0.03)) / 0.01) * 0.01;
                rig.Step(1000);
            }

            Assert.IsTrue(rig.Safety.LiquidVerdict == SensorVerdict.Ok, "liquid healthy while noisy");
            Assert.IsTrue(rig.Safety.Co2Verdict == SensorVerdict.Ok, "CO2 healthy while noisy");

            for (int i = 0; i < 60; i++)
            {
                rig.Step(1000);
            }

            Assert.IsTrue(rig.Safety.LiquidVerdict == SensorVerdict.Frozen, "stuck liquid probe");
            Assert.IsTrue(rig.Safety.Co2Verdict == SensorVerdict.Frozen, "stuck CO2 probe");
            Assert.IsFalse(rig.Safety.ValveOutput, "valve closed on a stuck CO2 probe");
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.LiquidProbeFault), "liquid probe fault");
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.Co2SensorFault), "CO2 sensor fault");
        }
    }
}
