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
    /// NaN into the safety layer's settings, watches and deviation bands is refused, or handled as documented. On
    /// nanoCLR NaN &gt; x and NaN &gt;= x are true, so each refusal must come from an explicit NaN test (the message names
    /// "NaN", or "finite" where the check is Finite.Is).
    /// </summary>
    [TestClass]
    public class SafetyNotANumberTests
    {
        private static readonly Type Range = typeof(ArgumentOutOfRangeException);
        private const double NaN = double.NaN;

        [TestMethod]
        public void WatchFractionsAndFactorsRefuseNaNByTheNaNCheck()
        {
            TestSupport.ThrowsNaming(Range, () => new DrivenRiseWatch(60000, NaN, 0.5), "NaN", "driven rise duty NaN");
            TestSupport.ThrowsNaming(Range, () => new FrozenWhileDrivenWatch(60000, NaN), "NaN", "frozen-while-driven duty NaN");
            TestSupport.ThrowsNaming(Range, () => new StallDetector(1000, 1.0, NaN, 0.5), "NaN", "stall travel fraction NaN");
            TestSupport.ThrowsNaming(Range, () => new AdaptiveFrozenWatch(1000, NaN, 10000, 0, 60000), "NaN", "adaptive factor NaN");
        }

        [TestMethod]
        public void WatchLimitsRefuseNaN()
        {
            TestSupport.ThrowsNaming(Range, () => new DrivenRiseWatch(60000, 0.5, NaN), "finite", "driven rise NaN");
            TestSupport.ThrowsNaming(Range, () => new StallDetector(1000, NaN, 0.5, 0.5), "finite", "stall speed NaN");
            TestSupport.ThrowsNaming(Range, () => new StallDetector(1000, 1.0, 0.5, NaN), "finite", "stall hysteresis NaN");
            TestSupport.ThrowsNaming(Range, () => new IdleRiseWatch(0, NaN, 0.1), "finite", "idle rise NaN");
            TestSupport.ThrowsNaming(Range, () => new IdleRiseWatch(0, 0.5, NaN), "finite", "idle drift NaN");
            TestSupport.ThrowsNaming(Range, () => new SensorGuard(NaN, 50.0, 1000, 0), "finite", "guard minimum NaN");
            TestSupport.ThrowsNaming(Range, () => new SensorGuard(0.0, NaN, 1000, 0), "finite", "guard maximum NaN");
            TestSupport.ThrowsNaming(Range, () => new AlarmDefinition(AlarmPriority.High, 0, 0, NaN, false, "x"), "finite", "deadband NaN");
        }

        [TestMethod]
        public void WatchesTakeANaNValueAsNoValue()
        {
            var guard = new SensorGuard(0.0, 50.0, 1000, 0);
            Assert.IsTrue(guard.Check(new SensorReading(NaN, SensorStatus.Ok, 0), 0) == SensorVerdict.NotFinite, "guard: NaN is NotFinite");

            var idle = new IdleRiseWatch(0, 0.5, 0.0);
            idle.Update(false, 30.0, true, 0);
            idle.Update(false, NaN, true, 1000);
            Assert.IsFalse(idle.Rising, "a NaN value is no rise");

            var driven = new DrivenRiseWatch(1000, 0.5, 0.5);
            driven.Update(true, 30.0, true, true, 0);
            driven.Update(true, NaN, true, true, 2000);
            Assert.IsFalse(driven.Failed, "a NaN value does not complete a window");
        }

        [TestMethod]
        public void SafetySettingsRefuseNaNByTheNaNCheck()
        {
            var s = new SafetySettings();
            s.PlateTripCelsius = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "plate trip NaN");
            s = new SafetySettings();
            s.LiquidTripCelsius = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "liquid trip NaN");
            s = new SafetySettings();
            s.Co2TripPercent = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "CO2 trip NaN");
            s = new SafetySettings();
            s.HeaterWatchMinimumDutyFraction = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "heater watch duty NaN");
            s = new SafetySettings();
            s.StallTravelFraction = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "stall travel NaN");
            s = new SafetySettings();
            s.AdaptiveFrozenFactor = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "adaptive factor NaN");
            s = new SafetySettings();
            s.TemperatureDeviationBandKelvin = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "temperature band NaN");
            s = new SafetySettings();
            s.Co2FlowThresholdSccm = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "flow threshold NaN");
            s = new SafetySettings();
            s.RockerMaximumSpeedDegreesPerSecond = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "rocker speed NaN");
            s = new SafetySettings();
            s.AngleMaximumPlausibleDegrees = NaN;
            TestSupport.ThrowsNaming(Range, () => s.Validate(), "NaN", "angle plausible NaN");
        }

        [TestMethod]
        public void NaNDeviationBandsRestoreTheDefaultsAsDocumented()
        {
            var settings = new SafetySettings();
            var safety = new SafetySupervisor(settings, new AlarmManager(64));
            safety.SetDeviationBands(2.0, 1.5);
            TestSupport.AreNear(2.0, safety.TemperatureDeviationBandKelvin, 0.0, "phase band");
            safety.SetDeviationBands(NaN, NaN);
            TestSupport.AreNear(settings.TemperatureDeviationBandKelvin, safety.TemperatureDeviationBandKelvin, 0.0, "NaN: default temperature band");
            TestSupport.AreNear(settings.Co2DeviationBandPercent, safety.Co2DeviationBandPercent, 0.0, "NaN: default CO2 band");
        }

        [TestMethod]
        public void ANaNValueOrLimitNeverRaisesALimitAlarm()
        {
            var alarms = new AlarmManager(64);
            for (long t = 0; t <= 5000; t += 500)
            {
                alarms.EvaluateHigh(AlarmId.PlateOverTemperature, NaN, 40.0, t);
                alarms.EvaluateHigh(AlarmId.LiquidOverTemperature, 50.0, NaN, t);
                alarms.EvaluateLow(AlarmId.LiquidTemperatureLow, NaN, 36.0, t);
            }

            Assert.IsFalse(alarms.IsActive(AlarmId.PlateOverTemperature), "NaN value, high limit");
            Assert.IsFalse(alarms.IsActive(AlarmId.LiquidOverTemperature), "NaN limit");
            Assert.IsFalse(alarms.IsActive(AlarmId.LiquidTemperatureLow), "NaN value, low limit");
        }
    }
}
