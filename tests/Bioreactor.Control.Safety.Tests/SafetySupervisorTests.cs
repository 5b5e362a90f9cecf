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
    /// <summary>
    /// A supervisor with its alarm manager and a healthy culture at 37 °C / 5 % CO2: each <see cref="Step"/>
    /// advances the test's clock, stamps the readings (unless a sensor is made stale) and updates the supervisor.
    /// </summary>
    internal sealed class SafetyRig
    {
        public readonly AlarmManager Alarms;
        public readonly SafetySupervisor Safety;
        public SafetyInputs Inputs = new SafetyInputs();
        public long NowMilliseconds = 10000;

        public double LiquidCelsius = 37.0;
        public double PlateCelsius = 37.5;
        public double Co2Percent = 5.0;
        public double AngleDegrees = 0.0;
        public SensorStatus LiquidStatus = SensorStatus.Ok;
        public SensorStatus PlateStatus = SensorStatus.Ok;
        public SensorStatus Co2Status = SensorStatus.Ok;
        public SensorStatus AngleStatus = SensorStatus.Ok;
        public bool LiquidStale;
        public bool PlateStale;
        public bool Co2Stale;
        public bool AngleStale;

        private long _liquidStamp;
        private long _plateStamp;
        private long _co2Stamp;
        private long _angleStamp;

        /// <summary>
        /// A rig with the default settings but the frozen-while-driven watches off: its readings are exact and stay
        /// flat while an actuator drives in the scenarios of the other interlocks; those watches have their own tests
        /// (SafetyFrozenWhileDrivenTests), which pass the defaults explicitly.
        /// </summary>
        public SafetyRig() : this(WithoutFrozenWhileDrivenWatches())
        {
        }

        public static SafetySettings WithoutFrozenWhileDrivenWatches()
        {
            var settings = new SafetySettings();
            settings.PlateFrozenWhileHeatingMilliseconds = 0;
            settings.Co2FrozenWhileInjectingMilliseconds = 0;
            return settings;
        }

        public SafetyRig(SafetySettings settings)
        {
            Alarms = new AlarmManager(512);
            Safety = new SafetySupervisor(settings, Alarms);
            Inputs.TemperatureControlActive = true;
            Inputs.TemperatureSetpointCelsius = 37.0;
            Inputs.Co2ControlActive = true;
            Inputs.Co2SetpointPercent = 5.0;
        }

        public void Step(long milliseconds)
        {
            NowMilliseconds += milliseconds;
            if (!LiquidStale)
            {
                _liquidStamp = NowMilliseconds;
            }

            if (!PlateStale)
            {
                _plateStamp = NowMilliseconds;
            }

            if (!Co2Stale)
            {
                _co2Stamp = NowMilliseconds;
            }

            if (!AngleStale)
            {
                _angleStamp = NowMilliseconds;
            }

            Inputs.LiquidTemperature.Set(LiquidCelsius, LiquidStatus, _liquidStamp);
            Inputs.PlateTemperature.Set(PlateCelsius, PlateStatus, _plateStamp);
            Inputs.Co2.Set(Co2Percent, Co2Status, _co2Stamp);
            Inputs.Angle.Set(AngleDegrees, AngleStatus, _angleStamp);
            Update();
        }

        /// <summary>
        /// 0: every step runs all of safety (Update). N: every step runs the every-tick checks and every Nth step the thermal
        /// checks, half a period later the gas checks, as the controller schedules them.
        /// </summary>
        public int ProcessEveryTicks;

        private long _steps;

        private void Update()
        {
            if (ProcessEveryTicks <= 0)
            {
                Safety.Update(Inputs, NowMilliseconds);
                return;
            }

            long phase = _steps % ProcessEveryTicks;
            _steps++;
            if (phase == 0)
            {
                Safety.UpdateThermal(Inputs, NowMilliseconds);
            }

            if (phase == ProcessEveryTicks / 2)
            {
                Safety.UpdateGas(Inputs, NowMilliseconds);
            }

            Safety.UpdateEveryTick(Inputs, NowMilliseconds);
        }

        public void Run(long durationMilliseconds, long stepMilliseconds)
        {
            for (long t = 0; t < durationMilliseconds; t += stepMilliseconds)
            {
                Step(stepMilliseconds);
            }
        }

        /// <summary>Steps until the alarm is active; returns the time taken in ms, or −1 if it never was.</summary>
        public long MillisecondsUntilActive(AlarmId id, long limitMilliseconds, long stepMilliseconds)
        {
            for (long t = stepMilliseconds; t <= limitMilliseconds; t += stepMilliseconds)
            {
                Step(stepMilliseconds);
                if (Alarms.IsActive(id))
                {
                    return t;
                }
            }

            return -1;
        }

        /// <summary>Steps until the heater output is off; returns the time taken in ms, or −1 if it never was.</summary>
        public long MillisecondsUntilHeaterOff(long limitMilliseconds, long stepMilliseconds)
        {
            for (long t = stepMilliseconds; t <= limitMilliseconds; t += stepMilliseconds)
            {
                Step(stepMilliseconds);
                if (!Safety.HeaterOutput)
                {
                    return t;
                }
            }

            return -1;
        }

        public bool Has(SafetyInhibit reasons, SafetyInhibit reason)
        {
            return (reasons & reason) == reason;
        }

        public void AssertState(AlarmState expected, AlarmId id, string what)
        {
            Assert.AreEqual(AlarmCatalog.StateName(expected), AlarmCatalog.StateName(Alarms.GetState(id)), what);
        }
    }

    [TestClass]
    public class SafetySupervisorTests
    {
        [TestMethod]
        public void NothingIsPermittedBeforeTheFirstUpdate()
        {
            var rig = new SafetyRig();

            Assert.IsFalse(rig.Safety.HeaterPermitted);
            Assert.IsFalse(rig.Safety.ValvePermitted);
            Assert.IsFalse(rig.Safety.RockerPermitted);
            Assert.IsTrue(rig.Has(rig.Safety.HeaterInhibits, SafetyInhibit.NotEvaluated));
            Assert.IsFalse(rig.Safety.HeaterOutput);

            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterPermitted, "healthy after the first update");
        }

        [TestMethod]
        public void HealthyCultureRunsTwentyMinutesWithoutAnyAlarmAndOutputsFollowRequests()
        {
            var rig = new SafetyRig();
            rig.Inputs.RockerEnableRequested = true;
            var random = new TestRandom(12345);
            long heaterOnMilliseconds = 0;
            for (int second = 0; second < 1200; second++)
            {
                // Time-proportioned heater (30 % of 10 s) and valve (10 % of 10 s), noisy probes, no rocking speed.
                rig.Inputs.HeaterRequested = second % 10 < 3;
                rig.Inputs.ValveRequested = second % 10 == 0;
                rig.LiquidCelsius = 37.0 + random.NextSymmetric(0.05);
                rig.PlateCelsius = 37.6 + random.NextSymmetric(0.05) + (rig.Inputs.HeaterRequested ? 0.1 : 0.0);
                rig.Co2Percent = 5.0 + random.NextSymmetric(0.1);
                rig.AngleDegrees = random.NextSymmetric(0.05);
                rig.Step(1000);
                Assert.AreEqual(rig.Inputs.HeaterRequested, rig.Safety.HeaterOutput, "heater follows its request");
                Assert.AreEqual(rig.Inputs.ValveRequested, rig.Safety.ValveOutput, "valve follows its request");
                Assert.IsTrue(rig.Safety.RockerEnabledOutput, "drive enabled");
                if (rig.Safety.HeaterOutput)
                {
                    heaterOnMilliseconds += 1000;
                }
            }

            Assert.AreEqual(0L, rig.Alarms.LastSequence, "no alarm event in 20 min of healthy running");
            Assert.AreEqual(1200L * 300, heaterOnMilliseconds);
            TestSupport.AreNear(0.3, rig.Safety.HeatingDutyFraction, 0.05, "averaged heater duty");
        }

        [TestMethod]
        public void GarbageReadingsTurnEverythingOffWithoutThrowing()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.Inputs.ValveRequested = true;
            rig.Inputs.RockerEnableRequested = true;
            rig.Inputs.RockerSpeedRequestDegreesPerSecond = double.NaN;
            rig.Inputs.TemperatureSetpointCelsius = double.NaN;
            rig.Inputs.Co2SetpointPercent = double.PositiveInfinity;
            rig.LiquidCelsius = double.NaN;
            rig.PlateCelsius = double.NaN;
            rig.Co2Percent = double.NegativeInfinity;
            rig.AngleDegrees = double.NaN;

            long elapsed = rig.MillisecondsUntilActive(AlarmId.PlateProbeFault, 2000, 100);

            Assert.IsFalse(rig.Safety.HeaterOutput, "heater off on NaN");
            Assert.IsFalse(rig.Safety.ValveOutput, "valve closed on -inf CO2");
            Assert.IsFalse(rig.Safety.RockerEnabledOutput, "drive off on NaN command and angle");
            Assert.AreEqual(0.0, rig.Safety.RockerSpeedOutputDegreesPerSecond);
            Assert.IsTrue(rig.Has(rig.Safety.RockerInhibits, SafetyInhibit.InvalidCommand));
            Assert.AreEqual((int)SensorVerdict.NotFinite, (int)rig.Safety.PlateVerdict);
            TestSupport.AtMost(2000, elapsed, "plate probe fault alarm (ms)");
            Assert.IsTrue(elapsed > 0);
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.LiquidProbeFault));
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.Co2SensorFault));
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.AngleSensorFault));
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.RockingControlFault));
            Assert.IsFalse(rig.Alarms.IsActive(AlarmId.LiquidTemperatureLow), "no deviation from garbage set points");
        }

        [TestMethod]
        public void DefaultReadingsAndAClockGoingBackwardsAreHandled()
        {
            var alarms = new AlarmManager(64);
            var safety = new SafetySupervisor(new SafetySettings(), alarms);
            var inputs = new SafetyInputs();
            inputs.HeaterRequested = true;

            // All-zero readings: 0 °C liquid and plate (plausible edge), stamped at 0.
            safety.Update(inputs, 100);
            Assert.IsTrue(safety.HeaterOutput, "0 °C is plausible and fresh");

            safety.Update(inputs, 5000);
            Assert.IsFalse(safety.HeaterOutput, "samples stamped 0 are stale at 5 s");
            Assert.AreEqual((int)SensorVerdict.Stale, (int)safety.PlateVerdict);

            safety.Update(inputs, -100000);
            Assert.IsFalse(safety.HeaterOutput, "a sample from far in the future is refused too");
        }

        [TestMethod]
        public void LoopFaultHoldsItsOutputOffAndRaisesItsAlarm()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.Inputs.ValveRequested = true;
            rig.Inputs.RockerEnableRequested = true;
            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterOutput && rig.Safety.ValveOutput && rig.Safety.RockerEnabledOutput, "healthy");

            rig.Inputs.TemperatureLoopFault = true;
            rig.Inputs.Co2LoopFault = true;
            rig.Inputs.RockingLoopFault = true;
            rig.Step(100);

            Assert.IsFalse(rig.Safety.HeaterOutput);
            Assert.IsFalse(rig.Safety.ValveOutput);
            Assert.IsFalse(rig.Safety.RockerEnabledOutput);
            Assert.IsTrue(rig.Has(rig.Safety.HeaterInhibits, SafetyInhibit.ControlFault));
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.TemperatureControlFault));
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.Co2ControlFault));
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.RockingControlFault));

            rig.Inputs.TemperatureLoopFault = false;
            rig.Inputs.Co2LoopFault = false;
            rig.Inputs.RockingLoopFault = false;
            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterOutput && rig.Safety.ValveOutput && rig.Safety.RockerEnabledOutput, "recovered");
            rig.AssertState(AlarmState.ReturnedToNormalUnacknowledged, AlarmId.TemperatureControlFault, "fault gone, not acknowledged");
        }

        [TestMethod]
        public void DoorSuspendsCo2AndRockingAtOnceAndResumesAfterSettleDelay()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.Inputs.ValveRequested = true;
            rig.Inputs.RockerEnableRequested = true;
            rig.Step(100);

            rig.Inputs.DoorOpen = true;
            rig.Step(100);
            Assert.IsTrue(rig.Safety.Co2Suspended, "CO2 suspended on the first tick");
            Assert.IsTrue(rig.Safety.RockingSuspended, "rocking suspended on the first tick");
            Assert.IsFalse(rig.Safety.ValveOutput);
            Assert.IsFalse(rig.Safety.RockerEnabledOutput);
            Assert.IsTrue(rig.Safety.HeaterOutput, "heating continues with the door open");
            Assert.IsTrue(rig.Has(rig.Safety.ValveInhibits, SafetyInhibit.DoorOpen));
            long elapsed = 100 + rig.MillisecondsUntilActive(AlarmId.DoorOpen, 2000, 100);
            TestSupport.AtMost(2000, elapsed, "door alarm (ms)");

            // Close, reopen during the settle delay, close again: the delay restarts.
            rig.Inputs.DoorOpen = false;
            rig.Run(3000, 100);
            Assert.IsTrue(rig.Safety.Co2Suspended, "3 s after closing");
            rig.Inputs.DoorOpen = true;
            rig.Step(100);
            rig.Inputs.DoorOpen = false;
            rig.Run(5000, 100); // the first closed tick starts the delay
            Assert.IsTrue(rig.Safety.RockingSuspended, "4.9 s after the second closing");
            rig.Step(100);
            Assert.IsFalse(rig.Safety.RockingSuspended, "5 s after the second closing");
            Assert.IsFalse(rig.Safety.Co2Suspended);
            Assert.IsTrue(rig.Safety.ValveOutput, "valve back");
            Assert.IsTrue(rig.Safety.RockerEnabledOutput, "drive back");
            rig.AssertState(AlarmState.ReturnedToNormalUnacknowledged, AlarmId.DoorOpen, "door alarm after closing");
        }

        [TestMethod]
        public void ShortDoorOpeningSuspendsButRaisesNoAlarm()
        {
            var rig = new SafetyRig();
            rig.Inputs.DoorOpen = true;
            rig.Run(900, 100);
            Assert.IsTrue(rig.Safety.Co2Suspended);
            rig.Inputs.DoorOpen = false;
            rig.Run(1000, 100);

            rig.AssertState(AlarmState.Normal, AlarmId.DoorOpen, "0.9 s opening");
        }

        [TestMethod]
        public void SettingsAreValidatedAndCopied()
        {
            var settings = new SafetySettings();
            settings.PlateTripCelsius = 80;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => settings.Validate(), "plate trip 80 °C");
            settings.PlateTripCelsius = double.NaN;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => settings.Validate(), "plate trip NaN");
            settings = new SafetySettings();
            settings.TemperatureDeviationBandKelvin = 0.05;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => settings.Validate(), "band below Binder's 0.1 K");
            settings = new SafetySettings();
            settings.Co2MaximumPlausiblePercent = 7;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => settings.Validate(), "plausible CO2 below the trip");
            settings = new SafetySettings();
            settings.TemperatureFrozenMilliseconds = 10;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => settings.Validate(), "frozen limit 10 ms");
            var alarms = new AlarmManager(8);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new SafetySupervisor(settings, alarms), "supervisor validates");
            TestSupport.Throws(typeof(ArgumentNullException), () => new SafetySupervisor(new SafetySettings(), null), "no alarms");

            // A change to the caller's object after construction does not reach the supervisor.
            settings = new SafetySettings();
            var rig = new SafetyRig(settings);
            settings.PlateTripCelsius = 38.0;
            rig.Inputs.HeaterRequested = true;
            rig.PlateCelsius = 39.0;
            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterOutput, "still the 42 °C trip");
            TestSupport.AreNear(42.0, rig.Safety.GetSettings().PlateTripCelsius, 0.0, "settings in force");
        }

        [TestMethod]
        public void SupervisorEventsReachTheRecordWithTheirValues()
        {
            var rig = new SafetyRig();
            rig.Inputs.HeaterRequested = true;
            rig.PlateCelsius = 42.3;
            rig.Run(600, 100);

            var t = new AlarmTransition();
            Assert.IsTrue(rig.Alarms.TryTakeTransition(t));
            Assert.AreEqual((int)AlarmId.PlateOverTemperature, (int)t.Id);
            Assert.AreEqual("Raised", AlarmCatalog.KindName(t.Kind));
            TestSupport.AreNear(42.3, t.Value, 1e-9, "plate temperature at the trip");
            Assert.AreEqual(rig.NowMilliseconds, t.TimeMilliseconds, "raised 500 ms after the first tick at 42.3 °C");
        }
    }
}
