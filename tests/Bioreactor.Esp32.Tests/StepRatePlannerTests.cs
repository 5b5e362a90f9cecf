#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Esp32.Drivers;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class StepRatePlannerTests
    {
        private const double Tick = 0.02;

        [TestMethod]
        public void DefaultMechanicsGive266StepsPerDegree()
        {
            StepRatePlanner planner = new StepRatePlanner(new StepperMechanics());
            // 200 full steps × 16 microsteps × 30:1 worm / 360° = 266.67 steps per degree.
            TestSupport.AreNear(266.6667, planner.StepsPerDegree, 1e-3, "steps per degree");
            TestSupport.AreNear(75.0, planner.MaximumSpeedDegreesPerSecond, 1e-9, "20 kHz");
        }

        [TestMethod]
        public void ASteadyCommandGivesItsStepRateAfterTheRamp()
        {
            StepRatePlanner planner = new StepRatePlanner(new StepperMechanics());
            // 10 rpm / 6°: peak speed 6° × 2π × 10/60 = 6.283°/s → 1675.5 Hz.
            double peak = 6.0 * 2.0 * Math.PI * 10.0 / 60.0;
            for (int i = 0; i < 10; i++)
            {
                planner.Update(peak, Tick);
            }

            Assert.IsTrue(planner.IsRunning, "running");
            Assert.AreEqual(1676, planner.StepFrequencyHertz, "frequency");
            Assert.IsTrue(planner.DirectionPinHigh, "positive direction");
            TestSupport.AreNear(peak, planner.DeliveredDegreesPerSecond, 0.5 / planner.StepsPerDegree, "delivered speed");
            Assert.IsFalse(planner.IsAccelerationLimited, "ramp done");
        }

        [TestMethod]
        public void AStepInTheCommandIsRampedAtTheAccelerationLimit()
        {
            StepRatePlanner planner = new StepRatePlanner(new StepperMechanics());
            planner.Update(50.0, Tick);
            // 500°/s² × 20 ms = 10°/s per update.
            TestSupport.AreNear(10.0, planner.PlannedDegreesPerSecond, 1e-9, "first update");
            Assert.IsTrue(planner.IsAccelerationLimited, "limited");
            planner.Update(50.0, Tick);
            TestSupport.AreNear(20.0, planner.PlannedDegreesPerSecond, 1e-9, "second update");
            for (int i = 0; i < 3; i++)
            {
                planner.Update(50.0, Tick);
            }

            TestSupport.AreNear(50.0, planner.PlannedDegreesPerSecond, 1e-9, "reached");
            Assert.AreEqual(13333, planner.StepFrequencyHertz, "50°/s");
        }

        [TestMethod]
        public void CommandsBeyondTheMaximumRateAreClamped()
        {
            StepRatePlanner planner = new StepRatePlanner(new StepperMechanics());
            for (int i = 0; i < 50; i++)
            {
                planner.Update(-500.0, Tick);
            }

            Assert.IsTrue(planner.IsSpeedLimited, "limited");
            Assert.AreEqual(20000, planner.StepFrequencyHertz, "maximum rate");
            Assert.IsFalse(planner.DirectionPinHigh, "negative direction");
            TestSupport.AreNear(-75.0, planner.DeliveredDegreesPerSecond, 1e-9, "delivered");
        }

        [TestMethod]
        public void SlowCommandsStopTheSteps()
        {
            StepRatePlanner planner = new StepRatePlanner(new StepperMechanics());
            // 0.05°/s × 266.7 = 13 Hz, below the 20 Hz minimum.
            planner.Update(0.05, 1.0);
            Assert.IsFalse(planner.IsRunning, "stopped");
            Assert.AreEqual(0, planner.StepFrequencyHertz, "no frequency");
            TestSupport.AreNear(0.0, planner.DeliveredDegreesPerSecond, 0.0, "nothing delivered");
            planner.Update(0.1, 1.0);
            Assert.IsTrue(planner.IsRunning, "27 Hz runs");
            Assert.IsTrue(planner.RunningChanged, "started");
        }

        [TestMethod]
        public void NonFiniteCommandsCountAsZero()
        {
            StepRatePlanner planner = new StepRatePlanner(new StepperMechanics());
            for (int i = 0; i < 5; i++)
            {
                planner.Update(20.0, Tick);
            }

            planner.Update(double.NaN, Tick);
            TestSupport.AreNear(10.0, planner.PlannedDegreesPerSecond, 1e-9, "ramps down towards 0");
            planner.Update(double.PositiveInfinity, Tick);
            Assert.AreEqual(2, planner.InvalidCommandCount, "counted");
            TestSupport.AreNear(0.0, planner.PlannedDegreesPerSecond, 1e-9, "at 0");
        }

        [TestMethod]
        public void DirectionChangesOnlyWhileTheStepsAreStoppedAcrossAFullRockingCycle()
        {
            StepRatePlanner planner = new StepRatePlanner(new StepperMechanics());
            double omega = 2.0 * Math.PI * 40.0 / 60.0;
            bool wasRunning = false;
            int reversals = 0;
            double worstError = 0.0;
            // 12° at 40 rpm (the fastest published rocking) for 3 s: speed 12·ω·cos(ωt).
            for (int i = 0; i < 150; i++)
            {
                double command = 12.0 * omega * Math.Cos(omega * i * Tick);
                planner.Update(command, Tick);
                if (planner.DirectionChanged)
                {
                    Assert.IsFalse(wasRunning, "DIR changed while the PWM ran, update " + i.ToString());
                    reversals++;
                }

                if (i > 10)
                {
                    worstError = Math.Max(worstError, Math.Abs(planner.DeliveredDegreesPerSecond - command));
                }

                wasRunning = planner.IsRunning;
            }

            // Two reversals per 1.5 s cycle; the 210°/s² reference is inside the 500°/s² limit, so the delivered
            // speed follows the command to within the one stopped update at a reversal (≈ 4.2°/s there, 12·ω²·0.02).
            Assert.AreEqual(4, reversals, "reversals in 3 s");
            TestSupport.AtMost(5.0, worstError, "largest speed error, deg/s");
        }

        [TestMethod]
        public void ResetStopsAtOnceAndTheNextStartRampsFromZero()
        {
            StepRatePlanner planner = new StepRatePlanner(new StepperMechanics());
            for (int i = 0; i < 10; i++)
            {
                planner.Update(30.0, Tick);
            }

            planner.Reset();
            Assert.IsFalse(planner.IsRunning, "stopped");
            Assert.IsTrue(planner.RunningChanged, "reported");
            planner.Update(30.0, Tick);
            TestSupport.AreNear(10.0, planner.PlannedDegreesPerSecond, 1e-9, "ramps from 0");
        }

        [TestMethod]
        public void InvalidMechanicsAreRejected()
        {
            StepperMechanics m = new StepperMechanics();
            m.Microsteps = 0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new StepRatePlanner(m), "microsteps");
            m = new StepperMechanics();
            m.GearRatio = double.NaN;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new StepRatePlanner(m), "gear ratio");
            m = new StepperMechanics();
            m.MinimumStepRateHertz = 30000;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new StepRatePlanner(m), "minimum above maximum");
            m = new StepperMechanics();
            m.MaximumAccelerationDegreesPerSecondSquared = 0.0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new StepRatePlanner(m), "acceleration");
            TestSupport.Throws(typeof(ArgumentNullException), () => new StepRatePlanner(null), "null");
        }
    }
}
