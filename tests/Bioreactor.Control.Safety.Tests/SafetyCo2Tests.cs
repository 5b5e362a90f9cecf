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
    public class SafetyCo2Tests
    {
        [TestMethod]
        public void OverDoseClosesValveAtOnceAndLatches()
        {
            var rig = new SafetyRig();
            rig.Inputs.ValveRequested = true;
            rig.Step(100);
            Assert.IsTrue(rig.Safety.ValveOutput);

            rig.Co2Percent = 8.2;
            rig.Step(100);
            Assert.IsFalse(rig.Safety.ValveOutput, "valve closed on the first tick at the trip");
            long elapsed = 100 + rig.MillisecondsUntilActive(AlarmId.Co2OverDose, 2000, 100);
            TestSupport.AtMost(2000, elapsed, "over-dose alarm (ms)");

            rig.Co2Percent = 7.6; // inside the 0.5 % deadband
            rig.Run(5000, 100);
            Assert.IsTrue(rig.Alarms.IsConditionPresent(AlarmId.Co2OverDose), "deadband holds");
            rig.Co2Percent = 5.0;
            rig.Run(5000, 100);
            Assert.IsFalse(rig.Safety.ValveOutput, "latched after the CO2 came back");
            Assert.IsTrue(rig.Has(rig.Safety.ValveInhibits, SafetyInhibit.Co2OverDose));

            rig.Alarms.Acknowledge(AlarmId.Co2OverDose, rig.NowMilliseconds, 1);
            rig.Step(100);
            Assert.IsTrue(rig.Safety.ValveOutput, "valve back after acknowledge");
        }

        [TestMethod]
        public void ValveOpenTooLongIsForcedClosedForTheLockout()
        {
            var rig = new SafetyRig();
            rig.Inputs.ValveRequested = true; // a loop stuck asking for gas; CO2 stays at 5 % (vented elsewhere)
            long openMilliseconds = 0;
            long firstClosed = -1;
            for (long t = 100; t <= 40000; t += 100)
            {
                rig.Step(100);
                if (rig.Safety.ValveOutput)
                {
                    openMilliseconds += 100;
                }
                else if (firstClosed < 0)
                {
                    firstClosed = t;
                }
            }

            Assert.AreEqual(30100L, firstClosed, "closed when continuously open for 30 s");
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.ValveOpenTooLong));
            Assert.IsTrue(rig.Has(rig.Safety.ValveInhibits, SafetyInhibit.ValveOpenTooLong));

            rig.Run(50000, 100); // lockout ends 60 s after it started, i.e. at 90.1 s
            Assert.IsFalse(rig.Safety.ValveOutput, "89.9 s: still locked out");
            rig.Run(300, 100);
            Assert.IsTrue(rig.Safety.ValveOutput, "after the lockout");
            rig.AssertState(AlarmState.ReturnedToNormalUnacknowledged, AlarmId.ValveOpenTooLong, "after the lockout");
        }

        [TestMethod]
        public void TimeProportionedPulsesNeverHitTheOpenTimeLimit()
        {
            var rig = new SafetyRig();
            for (int second = 0; second < 600; second++)
            {
                rig.Inputs.ValveRequested = second % 10 < 9; // 9 s open, 1 s closed: 90 % duty
                rig.Step(1000);
                Assert.AreEqual(rig.Inputs.ValveRequested, rig.Safety.ValveOutput);
            }

            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.ValveOpenTooLong));
        }

        [TestMethod]
        public void Co2RisingWithValveClosedRaisesStuckOpen()
        {
            var rig = new SafetyRig();
            rig.Inputs.ValveRequested = false;
            long elapsed = -1;
            for (long t = 500; t <= 120000 && elapsed < 0; t += 500)
            {
                rig.Co2Percent += 0.01; // 0.02 %/s through a valve stuck open
                rig.Step(500);
                if (rig.Alarms.IsActive(AlarmId.ValveStuckOpen))
                {
                    elapsed = t;
                }
            }

            // 15 s settle, then 0.3 % at 0.02 %/s less the 0.05 %/min allowed drift (0.3 / 0.01917 = 15.7 s): ≈ 31 s.
            TestSupport.AreNear(31000, elapsed, 1000, "detection time (ms)");
            Assert.IsTrue(rig.Alarms.GetDefinition(AlarmId.ValveStuckOpen).Latched);
            Assert.IsFalse(rig.Safety.ValvePermitted);

            // Control: a slow respiratory rise of 0.02 %/min for 30 min is not a stuck valve.
            rig = new SafetyRig();
            for (int i = 0; i < 180; i++)
            {
                rig.Co2Percent += 0.02 / 6.0;
                rig.Step(10000);
            }

            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.ValveStuckOpen), "slow rise");
        }

        [TestMethod]
        public void Co2NotRisingWhileInjectingHardRaisesAnAlarmOnly()
        {
            // Valve stuck closed: 8 s open / 2 s closed pulses, CO2 flat at 3 %.
            var rig = new SafetyRig();
            rig.Co2Percent = 3.0;
            long elapsed = -1;
            for (long t = 1000; t <= 400000 && elapsed < 0; t += 1000)
            {
                rig.Inputs.ValveRequested = (t / 1000) % 10 < 8;
                rig.Step(1000);
                if (rig.Alarms.IsActive(AlarmId.Co2NotRising))
                {
                    elapsed = t;
                }
            }

            Assert.IsTrue(elapsed > 0, "detected");
            TestSupport.AtMost(2 * 180000 + 1000, elapsed, "within two 180 s windows (ms)");
            Assert.IsTrue(rig.Safety.ValvePermitted, "alarm only: closing the valve would not help");

            // Working valve: CO2 rises 0.3 % per minute under the same pulses.
            rig = new SafetyRig();
            rig.Co2Percent = 3.0;
            for (int second = 0; second < 600; second++)
            {
                rig.Inputs.ValveRequested = second % 10 < 8;
                rig.Co2Percent += 0.005;
                rig.Step(1000);
            }

            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.Co2NotRising), "rising CO2");
        }

        [TestMethod]
        public void LaggingProbeStillFallingWhenInjectionStartsIsNoNotRisingAlarm()
        {
            // After a door opening the probe lags the flushed headspace: the reading keeps falling for 100 s
            // while the valve injects hard, then rises. A rise measured from the window's first value would be
            // negative; measured from the window's lowest point it is the real one.
            var rig = new SafetyRig();
            rig.Co2Percent = 4.5;
            for (int second = 0; second < 720; second++)
            {
                rig.Inputs.ValveRequested = second % 10 < 9;
                rig.Co2Percent += second < 100 ? -0.012 : 0.004;
                rig.Step(1000);
                Assert.IsFalse(rig.Alarms.IsActive(AlarmId.Co2NotRising), "no alarm at second " + second.ToString());
            }
        }

        [TestMethod]
        public void StaleOrFailedCo2SensorClosesValveWithinTwoSeconds()
        {
            var rig = new SafetyRig();
            rig.Inputs.ValveRequested = true;
            rig.Step(100);
            rig.Co2Stale = true;
            long alarm = rig.MillisecondsUntilActive(AlarmId.Co2SensorFault, 2100, 100);
            TestSupport.AtMost(2100, alarm, "stale CO2 alarm (ms)");
            Assert.IsTrue(alarm > 0);
            Assert.IsFalse(rig.Safety.ValveOutput);
            Assert.IsTrue(rig.Has(rig.Safety.ValveInhibits, SafetyInhibit.Co2SensorFault));

            rig = new SafetyRig();
            rig.Inputs.ValveRequested = true;
            rig.Co2Status = SensorStatus.DeviceFault;
            rig.Step(100);
            Assert.IsFalse(rig.Safety.ValveOutput, "device fault: closed at once");
        }

        [TestMethod]
        public void Co2DeviationIsSuppressedWhileGassingUpFromAir()
        {
            var rig = new SafetyRig();
            rig.Co2Percent = 0.04; // a fresh bag holds air
            rig.Run(900000, 5000);
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.Co2Low), "15 min below the band before first reaching it");

            rig.Co2Percent = 4.5;
            rig.Step(5000);
            rig.Co2Percent = 3.9;
            rig.Run(605000, 5000);
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.Co2Low), "armed once inside the band");
        }

        [TestMethod]
        public void Co2LowDeviationWaitsTenMinutesSoDoorRecoveryDoesNotAlarm()
        {
            var rig = new SafetyRig();
            rig.Step(5000); // armed at 5 %
            rig.Co2Percent = 3.5;
            rig.Run(590000, 5000); // 118 ticks: 585 s since the first low one
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.Co2Low), "9 min 45 s low");
            rig.Co2Percent = 5.0;
            rig.Step(5000);
            rig.Co2Percent = 3.5;
            rig.Run(590000, 5000);
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.Co2Low), "the on-delay restarted after recovery");
            rig.Run(15000, 5000); // 600 s since the first low tick
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.Co2Low), "at 10 min");
        }
    }
}
