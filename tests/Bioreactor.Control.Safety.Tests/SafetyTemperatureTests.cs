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
    public class SafetyTemperatureTests
    {
        // ---- over-temperature trips ----

        [TestMethod]
        public void PlateOverTemperatureCutsHeaterAtOnceAndLatchesUntilAcknowledged()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterOutput);

            rig.PlateCelsius = 42.1;
            rig.Step(100);
            Assert.IsFalse(rig.Safety.HeaterOutput, "heater off on the first tick at the trip");
            Assert.IsTrue(rig.Has(rig.Safety.HeaterInhibits, SafetyInhibit.PlateOverTemperature));
            long elapsed = 100 + rig.MillisecondsUntilActive(AlarmId.PlateOverTemperature, 2000, 100);
            TestSupport.AtMost(2000, elapsed, "plate trip alarm (ms)");
            Assert.IsTrue(elapsed >= 500, "after the 500 ms on-delay");

            rig.PlateCelsius = 41.0;
            rig.Run(60000, 1000);
            Assert.IsFalse(rig.Safety.HeaterOutput, "latched: still off a minute after cooling");
            Assert.IsFalse(rig.Alarms.IsConditionPresent(AlarmId.PlateOverTemperature), "condition gone");

            Assert.IsTrue(rig.Alarms.Acknowledge(AlarmId.PlateOverTemperature, rig.NowMilliseconds, 1));
            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterOutput, "heater back after acknowledge");
        }

        [TestMethod]
        public void LiquidTripNeedsDeadbandAndAcknowledgeBeforeHeatingResumes()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.LiquidCelsius = 38.2;
            rig.PlateCelsius = 38.5;
            rig.Run(1000, 100);
            Assert.IsFalse(rig.Safety.HeaterOutput);
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.LiquidOverTemperature));
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.PlateOverTemperature), "the plate has its own, higher trip");

            // Acknowledged while still inside the 0.5 K deadband: the trip holds.
            rig.LiquidCelsius = 37.8;
            rig.Step(100);
            Assert.IsTrue(rig.Alarms.Acknowledge(AlarmId.LiquidOverTemperature, rig.NowMilliseconds, 1));
            rig.Run(1000, 100);
            Assert.IsFalse(rig.Safety.HeaterOutput, "37.8 °C is inside the deadband: still tripped");
            rig.AssertState(AlarmState.AcknowledgedActive, AlarmId.LiquidOverTemperature, "acknowledged, present");

            rig.LiquidCelsius = 37.4;
            rig.Run(1000, 100);
            Assert.IsFalse(rig.Safety.HeaterOutput, "cleared but not reset");
            Assert.IsTrue(rig.Alarms.Acknowledge(AlarmId.LiquidOverTemperature, rig.NowMilliseconds, 1), "reset");
            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterOutput);
        }

        [TestMethod]
        public void PowerCycleWhileOverTemperatureTripsAgainAtOnce()
        {
            // After a power cut the supervisor starts fresh; an over-temperature still present is acted on at the
            // first tick (raw condition), before its alarm's on-delay.
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.PlateCelsius = 43.0;
            rig.Step(100);

            Assert.IsFalse(rig.Safety.HeaterOutput);
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.PlateOverTemperature), "alarm still in its on-delay");
        }

        // ---- sensor faults seen by safety ----

        [TestMethod]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(1)]
        public void FailedPlateProbeCutsHeaterAtOnceAndAlarmsWithinTwoSeconds(int status)
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.Step(100);

            rig.PlateStatus = (SensorStatus)status;
            rig.Step(100);
            Assert.IsFalse(rig.Safety.HeaterOutput, "heater off on the first bad sample");
            Assert.IsTrue(rig.Has(rig.Safety.HeaterInhibits, SafetyInhibit.PlateProbeFault));
            Assert.AreEqual((int)SensorVerdict.DriverFault, (int)rig.Safety.PlateVerdict);
            long elapsed = 100 + rig.MillisecondsUntilActive(AlarmId.PlateProbeFault, 2000, 100);
            TestSupport.AtMost(2000, elapsed, "plate probe alarm (ms)");

            rig.PlateStatus = SensorStatus.Ok;
            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterOutput, "probe fault is not a trip: heating resumes with a good probe");
            rig.AssertState(AlarmState.ReturnedToNormalUnacknowledged, AlarmId.PlateProbeFault, "recovered probe");
        }

        [TestMethod]
        public void FailedLiquidProbeKeepsHeatingUnderThePlateTrip()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.LiquidStatus = SensorStatus.OpenCircuit;
            long elapsed = rig.MillisecondsUntilActive(AlarmId.LiquidProbeFault, 2000, 100);
            TestSupport.AtMost(2000, elapsed, "liquid probe alarm (ms)");
            Assert.IsTrue(elapsed > 0);
            Assert.IsTrue(rig.Safety.HeaterOutput, "heater still permitted on the plate limit");

            rig.PlateCelsius = 42.0;
            rig.Step(100);
            Assert.IsFalse(rig.Safety.HeaterOutput, "plate trip still enforced");
        }

        [TestMethod]
        public void StaleLiquidSampleAlarmsWithinTwoSecondsWithoutCuttingTheHeater()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.Step(100);
            rig.LiquidStale = true;

            long elapsed = rig.MillisecondsUntilActive(AlarmId.LiquidProbeFault, 2000, 100);

            TestSupport.AtMost(2000, elapsed, "stale liquid alarm (ms after the last sample)");
            Assert.IsTrue(elapsed > 0);
            Assert.AreEqual((int)SensorVerdict.Stale, (int)rig.Safety.LiquidVerdict);
            Assert.IsTrue(rig.Safety.HeaterOutput, "plate limit still possible");
        }

        [TestMethod]
        public void StalePlateSampleCutsHeaterAndAlarmsWithinTwoSeconds()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.Step(100);

            rig.PlateStale = true;
            long cutMilliseconds = rig.MillisecondsUntilHeaterOff(2000, 100);

            long alarmMilliseconds = cutMilliseconds + rig.MillisecondsUntilActive(AlarmId.PlateProbeFault, 2000, 100);
            Assert.AreEqual(1100L, cutMilliseconds, "heater off once the sample is older than 1 s");
            TestSupport.AtMost(2000, alarmMilliseconds, "stale probe alarm (ms after the last sample)");
            Assert.AreEqual((int)SensorVerdict.Stale, (int)rig.Safety.PlateVerdict);
        }

        [TestMethod]
        public void ImplausiblePlateReadingIsAProbeFault()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.PlateCelsius = -242.0; // what a shorted PT100 converts to when the driver misses the fault bit

            rig.Step(100);

            Assert.IsFalse(rig.Safety.HeaterOutput);
            Assert.AreEqual((int)SensorVerdict.Implausible, (int)rig.Safety.PlateVerdict);
        }

        [TestMethod]
        public void FrozenLiquidReadingIsAFaultWhenTheCheckIsEnabled()
        {
            var settings = new SafetySettings();
            settings.TemperatureFrozenMilliseconds = 5000;
            var rig = new SafetyRig(settings);
            rig.Run(5000, 100); // the first tick records the value
            Assert.AreEqual((int)SensorVerdict.Ok, (int)rig.Safety.LiquidVerdict, "4.9 s unchanged");

            rig.Step(100);
            Assert.AreEqual((int)SensorVerdict.Frozen, (int)rig.Safety.LiquidVerdict, "5 s unchanged");

            rig.LiquidCelsius = 37.01;
            rig.Step(100);
            Assert.AreEqual((int)SensorVerdict.Ok, (int)rig.Safety.LiquidVerdict, "moving again");
        }

        // ---- heater runaway: driven but not warming ----

        [TestMethod]
        public void HeaterThatDoesNotWarmThePlateTripsWithinTwoWatchWindows()
        {
            // Heater failed off: the loop drives it continuously, the plate sits at the liquid's temperature.
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.LiquidCelsius = 36.5;
            rig.PlateCelsius = 36.6;

            long elapsed = rig.MillisecondsUntilActive(AlarmId.HeaterRunaway, 300000, 1000);

            Assert.IsTrue(elapsed > 0, "runaway detected");
            TestSupport.AtMost(2 * 120000 + 1000, elapsed, "detection time (ms)");
            TestSupport.AtLeast(120000, elapsed, "not before one full window (ms)");
            Assert.IsFalse(rig.Safety.HeaterOutput);
            Assert.IsTrue(rig.Has(rig.Safety.HeaterInhibits, SafetyInhibit.HeaterRunaway));

            // Latched; one acknowledge resets it once the verdict has been consumed.
            rig.Run(1000, 500);
            Assert.IsFalse(rig.Safety.HeaterOutput, "still off");
            Assert.IsTrue(rig.Alarms.Acknowledge(AlarmId.HeaterRunaway, rig.NowMilliseconds, 1));
            rig.AssertState(AlarmState.Normal, AlarmId.HeaterRunaway, "reset by one acknowledge");
        }

        [TestMethod]
        public void WarmingPlateOrColdBagLoadIsNoRunaway()
        {
            // Heater working: the plate warms 0.6 K per 2 min at full duty.
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.LiquidCelsius = 30.0;
            rig.PlateCelsius = 30.5;
            for (int i = 0; i < 600; i++)
            {
                rig.PlateCelsius += 0.005;
                rig.LiquidCelsius += 0.004;
                rig.Step(1000);
            }

            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.HeaterRunaway), "warming plate");

            // Cold bag: full duty, plate not warming, but well above the liquid.
            rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.LiquidCelsius = 20.0;
            rig.PlateCelsius = 36.0;
            rig.Run(600000, 2000);
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.HeaterRunaway), "cold bag load");
            Assert.IsTrue(rig.Safety.HeaterOutput);
        }

        // ---- heater stuck on: warming while off ----

        [TestMethod]
        public void PlateWarmingWithHeaterOffRaisesStuckOnAlarm()
        {
            // Relay welded: the loop has switched the heater off, the plate keeps warming at 0.05 K/s.
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = false;
            long elapsed = -1;
            for (long t = 500; t <= 60000 && elapsed < 0; t += 500)
            {
                rig.PlateCelsius += 0.025;
                rig.Step(500);
                if (rig.Alarms.IsActive(AlarmId.HeaterStuckOn))
                {
                    elapsed = t;
                }
            }

            // 10 s settle + 0.5 K at 0.05 K/s (less the 0.05 K/min allowed drift) ≈ 20 s.
            Assert.IsTrue(elapsed > 0, "stuck-on detected");
            TestSupport.AreNear(20000, elapsed, 1000, "detection time (ms)");
            Assert.AreEqual(AlarmCatalog.PriorityName(AlarmPriority.Critical),
                AlarmCatalog.PriorityName(rig.Alarms.GetDefinition(AlarmId.HeaterStuckOn).Priority));
            Assert.IsTrue(rig.Has(rig.Safety.HeaterInhibits, SafetyInhibit.HeaterStuckOn));
        }

        [TestMethod]
        public void HeaterPulsesBetweenTheThermalChecksAreSeenByTheWatches()
        {
            // The thermal checks run every tenth 20 ms tick; the heater pulses for one tick in each ten, never at a check.
            // The plate warms from those pulses: sampling the heater at the checks only would see it always off and
            // call the plate's rise a stuck-on heater.
            var rig = new SafetyRig();
            rig.ProcessEveryTicks = 10;
            for (int i = 0; i < 3000; i++)
            {
                rig.Inputs.HeaterRequested = i % 10 == 5;
                rig.PlateCelsius += 0.001;
                rig.Step(20);
            }

            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.HeaterStuckOn), "pulsed heater: not stuck on");

            // The same rise with the heater never commanded is a stuck-on heater at the process rate too.
            rig = new SafetyRig();
            rig.ProcessEveryTicks = 10;
            rig.Inputs.HeaterRequested = false;
            for (int i = 0; i < 3000; i++)
            {
                rig.PlateCelsius += 0.001;
                rig.Step(20);
            }

            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.HeaterStuckOn), "unpowered rise: stuck on");
        }

        [TestMethod]
        public void PlateWarmedByAPrewarmedBagOrSlowRoomDriftIsNotStuckOn()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = false;
            rig.LiquidCelsius = 37.0;
            rig.PlateCelsius = 22.0;
            for (int i = 0; i < 600; i++)
            {
                rig.PlateCelsius += 0.02; // warming from the bag, stays below it
                rig.Step(500);
            }

            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.HeaterStuckOn), "warmed by the bag");

            rig = new SafetyRig();
            rig.Inputs.HeaterRequested = false;
            rig.PlateCelsius = 37.5;
            for (int i = 0; i < 180; i++)
            {
                rig.PlateCelsius += 0.02 / 6.0; // 0.02 K/min room drift for 30 min: 0.6 K in all
                rig.Step(10000);
            }

            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.HeaterStuckOn), "slow drift");
        }

        // ---- probe disagreement ----

        [TestMethod]
        public void LiquidHotterThanPlateWhileHeatingHardTripsAfterTheHeatingGrace()
        {
            // Plate probe fallen off the plate: it reads 33 °C while the liquid is at 37 °C and the loop heats hard.
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.LiquidCelsius = 37.0;
            rig.PlateCelsius = 33.0;

            long elapsed = rig.MillisecondsUntilActive(AlarmId.ProbeDisagreement, 120000, 500);

            // Averaged duty reaches 0.5 after τ·ln 2 ≈ 41.6 s of full heating, plus the 1 s on-delay.
            TestSupport.AreNear(42600, elapsed, 1000, "detection time (ms)");
            Assert.IsFalse(rig.Safety.HeaterOutput);
            Assert.IsTrue(rig.Has(rig.Safety.HeaterInhibits, SafetyInhibit.ProbeDisagreement));
        }

        [TestMethod]
        public void LiquidHotterThanPlateWithHeaterOffIsNoDisagreement()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = false;
            rig.LiquidCelsius = 37.0;
            rig.PlateCelsius = 33.0;
            rig.Run(300000, 5000);

            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.ProbeDisagreement));
        }

        [TestMethod]
        public void ImplausibleProbeDifferenceTripsWithinTwoSeconds()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.LiquidCelsius = 5.0;
            rig.PlateCelsius = 40.0;

            long elapsed = rig.MillisecondsUntilActive(AlarmId.ProbeDisagreement, 2000, 100);

            Assert.IsTrue(elapsed > 0);
            TestSupport.AtMost(2000, elapsed, "detection (ms)");
            Assert.IsFalse(rig.Safety.HeaterOutput);
        }

        // ---- deviation alarms ----

        [TestMethod]
        public void TemperatureDeviationIsSuppressedDuringStartUpThenRaisedAfterItsDelay()
        {
            var rig = new SafetyRig();
            rig.LiquidCelsius = 25.0;
            rig.PlateCelsius = 30.0;
            rig.Run(1800000, 5000);
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.LiquidTemperatureLow), "heating up from 25 °C for 30 min");

            rig.LiquidCelsius = 36.5;
            rig.Step(1000);
            rig.LiquidCelsius = 38.05;
            rig.PlateCelsius = 38.5;
            rig.Inputs.HeaterRequested = false;
            rig.Run(299000, 1000);
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.LiquidTemperatureHigh), "before the 300 s on-delay");
            rig.Run(2000, 1000);
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.LiquidTemperatureHigh), "after the 300 s on-delay");

            rig.LiquidCelsius = 37.95; // inside the 0.1 K deadband
            rig.Step(1000);
            Assert.IsTrue(rig.Alarms.IsConditionPresent(AlarmId.LiquidTemperatureHigh), "deadband holds");
            rig.LiquidCelsius = 37.5;
            rig.Step(1000);
            Assert.IsFalse(rig.Alarms.IsConditionPresent(AlarmId.LiquidTemperatureHigh), "cleared");
        }

        [TestMethod]
        public void SetPointChangeRearmsTheDeviationSuppression()
        {
            var rig = new SafetyRig();
            rig.Run(2000, 1000); // armed at 37 °C
            rig.Inputs.TemperatureSetpointCelsius = 33.0;
            rig.Run(900000, 5000);
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.LiquidTemperatureHigh), "cooling to the new set point");

            // Control as a check: with the 37 °C set point kept, 4 K too cold raises the low alarm in 600 s.
            rig = new SafetyRig();
            rig.Run(2000, 1000);
            rig.LiquidCelsius = 33.0;
            rig.Run(605000, 5000); // 121 ticks: the 600 s on-delay ends on the last one
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.LiquidTemperatureLow));
        }
    }
}
