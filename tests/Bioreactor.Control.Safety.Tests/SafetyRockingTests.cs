#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class SafetyRockingTests
    {
        private const long StepMilliseconds = 100;

        /// <summary>
        /// A rocking loop and platform for the tests: the loop commands the speed of a sine θ = A·sin(ωt); the platform
        /// integrates the speed the supervisor lets through unless it is jammed; the sensor adds ±noise.
        /// </summary>
        private sealed class Platform
        {
            public readonly SafetyRig Rig;
            public double AngleDegrees;
            public bool Jammed;
            public bool SensorStuck;
            private readonly double _amplitudeDegrees;
            private readonly double _omegaRadiansPerSecond;
            private readonly TestRandom _random = new TestRandom(777);
            private readonly double _noiseDegrees;
            private double _timeSeconds;

            public Platform(double rpm, double amplitudeDegrees, double noiseDegrees)
            {
                Rig = new SafetyRig();
                _amplitudeDegrees = amplitudeDegrees;
                _omegaRadiansPerSecond = 2 * Math.PI * rpm / 60.0;
                _noiseDegrees = noiseDegrees;
                Rig.Inputs.RockerEnableRequested = true;
            }

            public void Step()
            {
                _timeSeconds += StepMilliseconds / 1000.0;
                Rig.Inputs.RockerSpeedRequestDegreesPerSecond =
                    _amplitudeDegrees * _omegaRadiansPerSecond * Math.Cos(_omegaRadiansPerSecond * _timeSeconds);
                if (!SensorStuck)
                {
                    Rig.AngleDegrees = AngleDegrees + _random.NextSymmetric(_noiseDegrees);
                }

                Rig.Step(StepMilliseconds);
                if (Rig.Safety.RockerEnabledOutput && !Jammed)
                {
                    AngleDegrees += Rig.Safety.RockerSpeedOutputDegreesPerSecond * StepMilliseconds / 1000.0;
                }
            }

            public void Run(long milliseconds)
            {
                for (long t = 0; t < milliseconds; t += StepMilliseconds)
                {
                    Step();
                }
            }

            public long MillisecondsUntilStall(long limitMilliseconds)
            {
                for (long t = StepMilliseconds; t <= limitMilliseconds; t += StepMilliseconds)
                {
                    Step();
                    if (Rig.Alarms.IsActive(AlarmId.RockingStall))
                    {
                        return t;
                    }
                }

                return -1;
            }
        }

        [TestMethod]
        [DataRow(15.0, 6.0)]
        [DataRow(6.0, 4.0)]
        [DataRow(40.0, 12.0)]
        public void HealthyRockingWithSensorNoiseNeverStalls(double rpm, double amplitudeDegrees)
        {
            var platform = new Platform(rpm, amplitudeDegrees, 0.05);
            double maximumAngle = 0;
            double minimumAngle = 0;
            for (int i = 0; i < 1200; i++)
            {
                platform.Step();
                Assert.IsTrue(platform.Rig.Safety.RockerEnabledOutput, "drive enabled");
                maximumAngle = Math.Max(maximumAngle, platform.AngleDegrees);
                minimumAngle = Math.Min(minimumAngle, platform.AngleDegrees);
            }

            Assert.IsFalse(platform.Rig.Alarms.IsActive(AlarmId.RockingStall), "two minutes without a stall");
            TestSupport.AreNear(amplitudeDegrees, (maximumAngle - minimumAngle) / 2, 0.05 * amplitudeDegrees,
                "the platform really rocked: half its swing (degrees)");
        }

        [TestMethod]
        public void MotorStallDisablesDriveWithinTwoSecondsAndLatches()
        {
            var platform = new Platform(15.0, 6.0, 0.05);
            platform.Run(10000);
            platform.Jammed = true;

            long elapsed = platform.MillisecondsUntilStall(5000);

            Assert.IsTrue(elapsed > 0, "stall detected");
            TestSupport.AtMost(2000, elapsed, "stall detection (ms)");
            Assert.IsFalse(platform.Rig.Safety.RockerEnabledOutput);
            Assert.AreEqual(0.0, platform.Rig.Safety.RockerSpeedOutputDegreesPerSecond);
            Assert.IsTrue(platform.Rig.Has(platform.Rig.Safety.RockerInhibits, SafetyInhibit.RockingStall));

            platform.Jammed = false;
            platform.Run(5000);
            Assert.IsFalse(platform.Rig.Safety.RockerEnabledOutput, "latched after the jam is freed");
            Assert.IsTrue(platform.Rig.Alarms.Acknowledge(AlarmId.RockingStall, platform.Rig.NowMilliseconds, 1));
            platform.Run(10000);
            Assert.IsTrue(platform.Rig.Safety.RockerEnabledOutput, "rocking again after acknowledge");
            Assert.IsFalse(platform.Rig.Alarms.IsActive(AlarmId.RockingStall), "and no new stall");
        }

        [TestMethod]
        public void StallIsSeenThroughSensorNoiseAtTheSlowestRocking()
        {
            // 6 rpm at 4° averages 1.6 °/s; ±0.09° of noise alone would look like 0.6 °/s of motion, more than the
            // 0.3 fraction of the command: only the 0.2° hysteresis keeps the jammed platform from looking alive.
            var platform = new Platform(6.0, 4.0, 0.09);
            platform.Run(20000);
            Assert.IsFalse(platform.Rig.Alarms.IsActive(AlarmId.RockingStall), "healthy first");
            platform.Jammed = true;

            long elapsed = platform.MillisecondsUntilStall(5000);

            Assert.IsTrue(elapsed > 0, "stall detected through the noise");
            TestSupport.AtMost(2000, elapsed, "stall detection (ms)");
        }

        [TestMethod]
        public void StuckAngleSensorIsSeenAsAStall()
        {
            var platform = new Platform(10.0, 6.0, 0.05);
            platform.Run(10000);
            platform.SensorStuck = true;

            long elapsed = platform.MillisecondsUntilStall(5000);

            Assert.IsTrue(elapsed > 0);
            TestSupport.AtMost(2000, elapsed, "stuck sensor seen as a stall (ms)");
        }

        [TestMethod]
        public void FailedOrStaleAngleSensorDisablesDriveAtOnce()
        {
            var platform = new Platform(15.0, 6.0, 0.05);
            platform.Run(5000);
            platform.Rig.AngleStatus = SensorStatus.NoResponse;
            platform.Step();
            Assert.IsFalse(platform.Rig.Safety.RockerEnabledOutput, "no angle, no drive");
            Assert.IsTrue(platform.Rig.Has(platform.Rig.Safety.RockerInhibits, SafetyInhibit.AngleSensorFault));
            platform.Run(1000);
            Assert.IsTrue(platform.Rig.Alarms.IsActive(AlarmId.AngleSensorFault), "alarm within 1 s");

            platform = new Platform(15.0, 6.0, 0.05);
            platform.Run(5000);
            platform.Rig.AngleStale = true;
            platform.Run(1100);
            Assert.IsFalse(platform.Rig.Safety.RockerEnabledOutput, "stale angle: drive off");
            platform.Run(600);
            Assert.IsTrue(platform.Rig.Alarms.IsActive(AlarmId.AngleSensorFault), "stale angle alarm within 1.7 s");
        }

        [TestMethod]
        public void SpeedCommandIsClippedToTheMaximum()
        {
            var rig = new SafetyRig();
            rig.Inputs.RockerEnableRequested = true;
            rig.Inputs.RockerSpeedRequestDegreesPerSecond = -500.0;
            rig.Step(100);

            Assert.IsTrue(rig.Safety.RockerEnabledOutput);
            TestSupport.AreNear(-60.0, rig.Safety.RockerSpeedOutputDegreesPerSecond, 0.0, "clipped speed");

            rig.Inputs.RockerEnableRequested = false;
            rig.Step(100);
            TestSupport.AreNear(0.0, rig.Safety.RockerSpeedOutputDegreesPerSecond, 0.0, "no speed when not enabled");
        }

        [TestMethod]
        public void DoorStopsRockingWithoutCountingItAsAStall()
        {
            var platform = new Platform(15.0, 6.0, 0.05);
            platform.Run(10000);
            platform.Rig.Inputs.DoorOpen = true;
            platform.Run(10000);
            Assert.IsFalse(platform.Rig.Safety.RockerEnabledOutput);
            platform.Rig.Inputs.DoorOpen = false;
            platform.Run(20000);

            Assert.IsTrue(platform.Rig.Safety.RockerEnabledOutput, "rocking resumed");
            Assert.IsFalse(platform.Rig.Alarms.IsActive(AlarmId.RockingStall));
        }
    }
}
