#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Esp32.Drivers;

namespace Bioreactor.Control.Tests
{
    /// <summary>A step generator that records what the drive asked of it and checks the DIR rule.</summary>
    public sealed class RecordingStepOutput : IStepPulseOutput
    {
        /// <summary>True while the PWM would run.</summary>
        public bool Running;

        /// <summary>Current PWM frequency, Hz.</summary>
        public int FrequencyHertz;

        /// <summary>Current DIR level.</summary>
        public bool DirectionHigh;

        /// <summary>Current enable.</summary>
        public bool Enabled;

        /// <summary>Calls of each kind.</summary>
        public int EnableWrites, DirectionWrites, FrequencyWrites, Stops;

        /// <summary>DIR writes while the PWM ran (must stay 0).</summary>
        public int DirectionWritesWhileRunning;

        /// <summary>Frequency writes while disabled (must stay 0).</summary>
        public int FrequencyWritesWhileDisabled;

        /// <inheritdoc/>
        public void SetDriverEnabled(bool enabled)
        {
            Enabled = enabled;
            EnableWrites++;
        }

        /// <inheritdoc/>
        public void SetDirection(bool pinHigh)
        {
            if (Running)
            {
                DirectionWritesWhileRunning++;
            }

            DirectionHigh = pinHigh;
            DirectionWrites++;
        }

        /// <inheritdoc/>
        public void SetStepFrequency(int frequencyHertz)
        {
            if (!Enabled)
            {
                FrequencyWritesWhileDisabled++;
            }

            Running = true;
            FrequencyHertz = frequencyHertz;
            FrequencyWrites++;
        }

        /// <inheritdoc/>
        public void StopSteps()
        {
            Running = false;
            FrequencyHertz = 0;
            Stops++;
        }
    }

    [TestClass]
    public class SteppedRockerDriveTests
    {
        [TestMethod]
        public void RockingDrivesThePwmWithoutEverTurningDirWhileItRuns()
        {
            ManualClock clock = new ManualClock();
            RecordingStepOutput output = new RecordingStepOutput();
            SteppedRockerDrive drive = new SteppedRockerDrive(new StepperMechanics(), output, clock);
            drive.SetEnabled(true);
            double omega = 2.0 * Math.PI * 10.0 / 60.0;
            double travelledDegrees = 0.0;
            // 10 rpm / 6° for two cycles (12 s) at 50 Hz; the core calls SetEnabled and SetSpeed every tick.
            for (int i = 0; i < 600; i++)
            {
                clock.Advance(20);
                drive.SetEnabled(true);
                drive.SetSpeed(6.0 * omega * Math.Cos(omega * i * 0.02));
                travelledDegrees += (output.Running ? (output.DirectionHigh ? 1.0 : -1.0) * output.FrequencyHertz : 0.0)
                    / drive.Planner.StepsPerDegree * 0.02;
            }

            Assert.AreEqual(0, output.DirectionWritesWhileRunning, "DIR written while stepping");
            Assert.AreEqual(1, output.EnableWrites, "enable written once");
            Assert.AreEqual(5, output.DirectionWrites, "the first start and four reversals in two cycles");
            // The steps integrate to the reference's motion: back near the start after whole cycles.
            TestSupport.AreNear(0.0, travelledDegrees, 0.2, "net platform travel, degrees");
        }

        [TestMethod]
        public void DisablingStopsTheStepsAndIgnoresCommandsUntilEnabled()
        {
            ManualClock clock = new ManualClock();
            RecordingStepOutput output = new RecordingStepOutput();
            SteppedRockerDrive drive = new SteppedRockerDrive(new StepperMechanics(), output, clock);
            drive.SetEnabled(true);
            for (int i = 0; i < 10; i++)
            {
                clock.Advance(20);
                drive.SetSpeed(30.0);
            }

            Assert.IsTrue(output.Running, "running");
            drive.SetEnabled(false);
            Assert.IsFalse(output.Running, "stopped at once");
            Assert.IsFalse(output.Enabled, "driver off");
            for (int i = 0; i < 10; i++)
            {
                clock.Advance(20);
                drive.SetSpeed(30.0);
            }

            Assert.IsFalse(output.Running, "commands ignored while disabled");
            Assert.AreEqual(0, output.FrequencyWritesWhileDisabled, "no PWM while disabled");

            drive.SetEnabled(true);
            clock.Advance(20);
            drive.SetSpeed(30.0);
            // The ramp restarts from standstill: 500°/s² × 20 ms = 10°/s.
            TestSupport.AreNear(10.0, drive.Planner.PlannedDegreesPerSecond, 1e-9, "ramps from 0");
        }

        [TestMethod]
        public void AStalledTickDoesNotLicenseALargeSpeedJump()
        {
            ManualClock clock = new ManualClock();
            RecordingStepOutput output = new RecordingStepOutput();
            SteppedRockerDrive drive = new SteppedRockerDrive(new StepperMechanics(), output, clock);
            drive.SetEnabled(true);
            drive.SetSpeed(0.0);
            clock.Advance(5000);
            drive.SetSpeed(60.0);
            // dt is capped at 0.1 s: at most 50°/s, not 60.
            TestSupport.AreNear(50.0, drive.Planner.PlannedDegreesPerSecond, 1e-9, "capped");
        }
    }
}
