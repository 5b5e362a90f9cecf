#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class RockingTrajectoryTests
    {
        private const double TickSeconds = 0.02;

        private static RockingTrajectory NewTrajectory()
        {
            return new RockingTrajectory(new RockingTrajectorySettings());
        }

        [TestMethod]
        public void SteadyRockingIsASinusoidOfExactlyTheCommandedAmplitudeAndPeriod()
        {
            RockingTrajectory trajectory = NewTrajectory();
            trajectory.Command(10.0, 6.0);
            for (int i = 0; i < 1500; i++)
            {
                trajectory.Step(TickSeconds);
            }

            Assert.IsTrue(trajectory.IsSettled, "ramps done after 30 s");
            Assert.AreEqual(10.0, trajectory.RateRpm);
            Assert.AreEqual(6.0, trajectory.AmplitudeDegrees);

            // Over three cycles: zero crossings (interpolated) 6 s apart, peaks at ±6°.
            double previous = trajectory.AngleDegrees;
            double time = 0.0;
            double firstCrossing = -1.0;
            double lastCrossing = -1.0;
            int crossings = 0;
            double maximum = -100.0;
            double minimum = 100.0;
            for (int i = 0; i < 900; i++)
            {
                trajectory.Step(TickSeconds);
                time += TickSeconds;
                double angle = trajectory.AngleDegrees;
                if (previous < 0.0 && angle >= 0.0)
                {
                    double crossing = time - TickSeconds + TickSeconds * (-previous / (angle - previous));
                    if (firstCrossing < 0.0)
                    {
                        firstCrossing = crossing;
                    }

                    lastCrossing = crossing;
                    crossings++;
                }

                maximum = Math.Max(maximum, angle);
                minimum = Math.Min(minimum, angle);
                previous = angle;
            }

            Assert.AreEqual(3, crossings);
            TestSupport.AreNear(6.0, (lastCrossing - firstCrossing) / 2.0, 1e-4, "period, s");
            TestSupport.AreNear(6.0, maximum, 1e-3, "positive peak, °");
            TestSupport.AreNear(-6.0, minimum, 1e-3, "negative peak, °");
        }

        [TestMethod]
        public void AngleAndSpeedAreContinuousAcrossRateAndAmplitudeChanges()
        {
            RockingTrajectory trajectory = NewTrajectory();
            double[] rates = { 10.0, 15.0, 15.0, 5.0, 0.0, 12.0, 12.0 };
            double[] amplitudes = { 6.0, 6.0, 8.0, 4.0, 4.0, 8.0, 0.0 };
            double previousAngle = trajectory.AngleDegrees;
            double previousSpeed = trajectory.VelocityDegreesPerSecond;
            double largestAngleStep = 0.0;
            double largestSpeedStep = 0.0;
            double largestDerivativeError = 0.0;
            for (int c = 0; c < rates.Length; c++)
            {
                trajectory.Command(rates[c], amplitudes[c]);
                for (int i = 0; i < 1000; i++)
                {
                    trajectory.Step(TickSeconds);
                    double angle = trajectory.AngleDegrees;
                    double speed = trajectory.VelocityDegreesPerSecond;
                    largestAngleStep = Math.Max(largestAngleStep, Math.Abs(angle - previousAngle));
                    largestSpeedStep = Math.Max(largestSpeedStep, Math.Abs(speed - previousSpeed));

                    // The feed-forward speed is the angle's derivative: the mean of the speeds at both ends of a tick
                    // times the tick is the angle's change.
                    double derivativeError = Math.Abs((angle - previousAngle) / TickSeconds - 0.5 * (speed + previousSpeed));
                    largestDerivativeError = Math.Max(largestDerivativeError, derivativeError);
                    previousAngle = angle;
                    previousSpeed = speed;
                }
            }

            // Bounds: peak speed 8°·2π·15/60 ≈ 12.6°/s → ≤ 0.26° per tick; peak acceleration A·φ'² + 2·A'·φ' + A·φ'' + A''
            // ≈ 19.7 + 3.1 + 1.7 + 1 ≈ 25.5°/s² → ≤ 0.51°/s per tick. A step of 2° in amplitude or of 5 rpm in rate,
            // unslewed, would step the angle by up to 2° or the speed by up to 6°/s.
            TestSupport.AtMost(0.27, largestAngleStep, "largest angle step per tick, °");
            TestSupport.AtMost(0.55, largestSpeedStep, "largest speed step per tick, °/s");
            TestSupport.AtMost(0.05, largestDerivativeError, "feed-forward against the angle's derivative, °/s");
            Assert.IsTrue(trajectory.IsSettled);
            Assert.AreEqual(0.0, trajectory.AngleDegrees, "static at the end: level");
        }

        [TestMethod]
        public void StaticCommandLevelsThePlatformWithinAShrinkingEnvelopeAndStops()
        {
            RockingTrajectory trajectory = NewTrajectory();
            trajectory.Command(10.0, 6.0);
            for (int i = 0; i < 1500; i++)
            {
                trajectory.Step(TickSeconds);
            }

            trajectory.Command(0.0, 6.0);
            Assert.IsTrue(trajectory.IsStaticCommanded);
            double previousAmplitude = trajectory.AmplitudeDegrees;
            int steps = 0;
            while (!trajectory.IsSettled && steps < 5000)
            {
                trajectory.Step(TickSeconds);
                steps++;
                TestSupport.AtMost(previousAmplitude + 1e-12, trajectory.AmplitudeDegrees, "amplitude never grows");
                TestSupport.AtMost(trajectory.AmplitudeDegrees + 1e-9, Math.Abs(trajectory.AngleDegrees), "within the envelope");
                if (trajectory.AmplitudeDegrees > 0.0)
                {
                    TestSupport.AreNear(10.0, trajectory.RateRpm, 1e-9, "the rate is kept while levelling");
                }

                previousAmplitude = trajectory.AmplitudeDegrees;
            }

            Assert.IsTrue(trajectory.IsSettled);
            Assert.AreEqual(0.0, trajectory.AngleDegrees);
            Assert.AreEqual(0.0, trajectory.VelocityDegreesPerSecond);
            Assert.AreEqual(0.0, trajectory.RateRpm);
            TestSupport.AtMost(20.0, steps * TickSeconds, "levelled and stopped within, s");
        }

        [TestMethod]
        public void LeavingStaticStartsAtLevelWithZeroSpeedAndGrowsSmoothly()
        {
            RockingTrajectory trajectory = NewTrajectory();
            trajectory.Command(10.0, 6.0);
            trajectory.Step(TickSeconds);
            TestSupport.AtMost(1e-6, Math.Abs(trajectory.AngleDegrees), "first tick angle");
            TestSupport.AtMost(0.01, Math.Abs(trajectory.VelocityDegreesPerSecond), "first tick speed");
            double largest = 0.0;
            for (int i = 0; i < 50; i++)
            {
                trajectory.Step(TickSeconds);
                largest = Math.Max(largest, Math.Abs(trajectory.AngleDegrees));
            }

            TestSupport.AtMost(0.05, largest, "still near level after one second");
            for (int i = 0; i < 1500; i++)
            {
                trajectory.Step(TickSeconds);
            }

            Assert.IsTrue(trajectory.IsSettled);
        }

        [TestMethod]
        public void StopHoldsTheAngleAndTheNextStepsRampUpFromRest()
        {
            RockingTrajectory trajectory = NewTrajectory();
            trajectory.Command(10.0, 6.0);
            for (int i = 0; i < 1520; i++)
            {
                trajectory.Step(TickSeconds);
            }

            double angle = trajectory.AngleDegrees;
            trajectory.Stop();
            Assert.AreEqual(angle, trajectory.AngleDegrees, "the angle holds");
            Assert.AreEqual(0.0, trajectory.VelocityDegreesPerSecond);
            Assert.AreEqual(0.0, trajectory.RateRpm);

            double previousSpeed = 0.0;
            for (int i = 0; i < 500; i++)
            {
                trajectory.Step(TickSeconds);
                TestSupport.AtMost(0.3, Math.Abs(trajectory.VelocityDegreesPerSecond - previousSpeed), "speed step after a stop");
                previousSpeed = trajectory.VelocityDegreesPerSecond;
            }

            TestSupport.AreNear(10.0, trajectory.RateRpm, 1e-9, "back to the commanded rate");
        }

        [TestMethod]
        public void RealignShiftsTheReferenceOntoTheGivenAngleAndTheShiftDecaysSmoothly()
        {
            RockingTrajectory trajectory = NewTrajectory();
            trajectory.Realign(-9.0);
            Assert.AreEqual(-9.0, trajectory.AngleDegrees);
            double previous = trajectory.AngleDegrees;
            double previousSpeed = 0.0;
            for (int i = 0; i < 1000; i++)
            {
                trajectory.Step(TickSeconds);
                TestSupport.AtMost(2.0 * TickSeconds + 1e-9, Math.Abs(trajectory.AngleDegrees - previous), "slew limit");
                TestSupport.AtMost(0.1, Math.Abs(trajectory.VelocityDegreesPerSecond - previousSpeed), "speed step");
                previous = trajectory.AngleDegrees;
                previousSpeed = trajectory.VelocityDegreesPerSecond;
            }

            Assert.AreEqual(0.0, trajectory.OffsetDegrees);
            Assert.AreEqual(0.0, trajectory.AngleDegrees);
            Assert.IsTrue(trajectory.IsSettled);
        }

        [TestMethod]
        public void RejectsCommandsOutsideTheRockerRangeAndInvalidSettings()
        {
            RockingTrajectory trajectory = NewTrajectory();
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => trajectory.Command(40.5, 6.0), "above 40 rpm");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => trajectory.Command(-1.0, 6.0), "negative rate");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => trajectory.Command(10.0, 12.5), "above 12°");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => trajectory.Command(double.NaN, 6.0), "NaN rate");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => trajectory.Step(0.0), "zero dt");
            trajectory.Command(40.0, 12.0);
            Assert.AreEqual(40.0, trajectory.CommandedRateRpm);

            RockingTrajectorySettings settings = new RockingTrajectorySettings();
            settings.MaximumAmplitudeChangeDegreesPerSecond = 0.0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new RockingTrajectory(settings), "zero slew");
        }
    }
}
