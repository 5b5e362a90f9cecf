#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// NaN into every public numeric entry point of the loops layer is refused or handled as documented. On nanoCLR an
    /// unordered comparison evaluates as "greater" (NaN &gt; x and NaN &gt;= x are true), so a range test alone such as
    /// <c>!(dt &gt; 0)</c> lets NaN through there: each refusal checked here must come from the explicit NaN test, which
    /// the exception message names ("NaN" or, for the checks written as Finite.Is, "finite").
    /// </summary>
    [TestClass]
    public class NotANumberTests
    {
        private static readonly Type Range = typeof(ArgumentOutOfRangeException);
        private static readonly Type Argument = typeof(ArgumentException);
        private const double NaN = double.NaN;

        // ---- PID ----

        [TestMethod]
        public void PidRefusesNaNTimeStepByTheNaNCheck()
        {
            var pid = new PidController(new PidTunings(1.0, 10.0, 1.0), 0.0, 1.0);
            TestSupport.ThrowsNaming(Range, () => pid.Update(37.0, 36.0, NaN), "NaN", "dt NaN");
            TestSupport.AreNear(0.0, pid.Output, 0.0, "output untouched by the refused update");
        }

        [TestMethod]
        public void PidRefusesNaNSetPointAndMeasurement()
        {
            var pid = new PidController(new PidTunings(1.0, 10.0, 1.0), 0.0, 1.0);
            TestSupport.ThrowsNaming(Argument, () => pid.Update(NaN, 36.0, 1.0), "finite", "set point NaN");
            TestSupport.ThrowsNaming(Argument, () => pid.Update(37.0, NaN, 1.0), "finite", "measurement NaN");
        }

        [TestMethod]
        public void PidRefusesNaNConfiguration()
        {
            var pid = new PidController(new PidTunings(1.0, 10.0, 1.0), 0.0, 1.0);
            TestSupport.ThrowsNaming(Range, () => pid.SetPointRampPerSecond = NaN, "NaN", "ramp NaN");
            TestSupport.ThrowsNaming(Range, () => pid.OutputRateLimitPerSecond = NaN, "NaN", "rate limit NaN");
            TestSupport.Throws(Range, () => pid.DerivativeFilterRatio = NaN, "filter ratio NaN");
            TestSupport.ThrowsNaming(Argument, () => pid.ManualOutput = NaN, "finite", "manual output NaN");
            TestSupport.ThrowsNaming(Argument, () => pid.SetManual(NaN), "finite", "SetManual NaN");
            TestSupport.ThrowsNaming(Argument, () => pid.Initialize(NaN), "finite", "Initialize NaN");
            TestSupport.ThrowsNaming(Range, () => pid.SetOutputLimits(NaN, 1.0), "finite", "minimum NaN");
            TestSupport.ThrowsNaming(Range, () => pid.SetOutputLimits(0.0, NaN), "finite", "maximum NaN");
            TestSupport.ThrowsNaming(Range, () => new PidController(new PidTunings(1.0, 10.0, 1.0), NaN, 1.0), "finite", "ctor minimum NaN");
            TestSupport.ThrowsNaming(Range, () => new PidController(new PidTunings(1.0, 10.0, 1.0), 0.0, NaN), "finite", "ctor maximum NaN");
            Assert.IsTrue(double.IsPositiveInfinity(pid.SetPointRampPerSecond), "no ramp after the refusals");
        }

        [TestMethod]
        public void PidTuningsWithNaNAreInvalid()
        {
            Assert.IsFalse(new PidTunings(NaN, 10.0, 1.0).IsValid, "gain NaN");
            Assert.IsFalse(new PidTunings(1.0, NaN, 1.0).IsValid, "Ti NaN");
            Assert.IsFalse(new PidTunings(1.0, 10.0, NaN).IsValid, "Td NaN");
            var pid = new PidController(new PidTunings(1.0, 10.0, 1.0), 0.0, 1.0);
            TestSupport.Throws(Argument, () => pid.Tunings = new PidTunings(NaN, 10.0, 1.0), "tunings with a NaN gain");
            TestSupport.Throws(Argument, () => new PidController(new PidTunings(1.0, NaN, 0.0), 0.0, 1.0), "ctor tunings with a NaN Ti");
        }

        [TestMethod]
        public void TuningRulesRefuseNaN()
        {
            TestSupport.ThrowsNaming(Range, () => TuningRules.Compute(TuningRule.ZieglerNicholsPi, NaN, 60.0), "finite", "Ku NaN");
            TestSupport.ThrowsNaming(Range, () => TuningRules.Compute(TuningRule.ZieglerNicholsPi, 2.0, NaN), "finite", "Tu NaN");
        }

        // ---- validators ----

        [TestMethod]
        public void SensorValidatorClassesANaNReadingBelowRange()
        {
            // Documented: NaN is BelowRange ("or is not a number"). Without the explicit test nanoCLR would call it
            // AboveRange (NaN >= minimum is true there, NaN <= maximum false).
            var validator = new SensorValidator(0.0, 50.0, 1000, 1.0);
            Assert.IsTrue(validator.Check(new SensorReading(NaN, SensorStatus.Ok, 0), 0) == SensorCheck.BelowRange, "first reading NaN");
            Assert.IsTrue(validator.Check(new SensorReading(37.0, SensorStatus.Ok, 100), 100) == SensorCheck.Ok, "a good reading");
            Assert.IsTrue(validator.Check(new SensorReading(NaN, SensorStatus.Ok, 200), 200) == SensorCheck.BelowRange,
                "NaN after a good value");
            Assert.IsTrue(validator.LastGoodValue == 37.0, "the last good value is kept");
        }

        [TestMethod]
        public void SensorValidatorRefusesNaNConfiguration()
        {
            TestSupport.ThrowsNaming(Range, () => new SensorValidator(NaN, 50.0, 1000, 1.0), "finite", "minimum NaN");
            TestSupport.ThrowsNaming(Range, () => new SensorValidator(0.0, NaN, 1000, 1.0), "finite", "maximum NaN");
            TestSupport.ThrowsNaming(Range, () => new SensorValidator(0.0, 50.0, 1000, NaN), "NaN", "rate NaN");
            var validator = new SensorValidator(0.0, 50.0, 1000, 1.0);
            TestSupport.ThrowsNaming(Range, () => validator.RateAllowance = NaN, "finite", "allowance NaN");
            TestSupport.ThrowsNaming(Range, () => validator.FrozenWindowSeconds = NaN, "finite", "frozen window NaN");
        }

        // ---- time proportioning ----

        [TestMethod]
        public void TimeProportioningRefusesNaN()
        {
            TestSupport.ThrowsNaming(Range, () => new TimeProportioningOutput(NaN, 0.0, 0.0, double.PositiveInfinity), "finite", "window NaN");
            TestSupport.ThrowsNaming(Range, () => new TimeProportioningOutput(10.0, NaN, 0.0, double.PositiveInfinity), "minimumOnSeconds", "min on NaN");
            TestSupport.ThrowsNaming(Range, () => new TimeProportioningOutput(10.0, 0.0, NaN, double.PositiveInfinity), "minimumOffSeconds", "min off NaN");
            TestSupport.ThrowsNaming(Range, () => new TimeProportioningOutput(10.0, 0.0, 0.5, NaN), "maximumOnSeconds", "max on NaN");
            TestSupport.ThrowsNaming(Range, () => new TimeProportioningOutput(10.0, 0.0, 0.5, 30.0, NaN), "forcedOffSeconds", "forced off NaN");

            var output = new TimeProportioningOutput(10.0, 0.5, 0.5, 30.0);
            TestSupport.ThrowsNaming(Argument, () => output.Update(NaN, 0.1), "must be a number", "duty NaN");
            TestSupport.ThrowsNaming(Range, () => output.Update(0.5, NaN), "finite", "dt NaN");
            Assert.IsFalse(output.IsOn, "still off after the refusals");
        }

        // ---- relay autotune ----

        [TestMethod]
        public void RelayAutotuneRefusesNaNArgumentsAndFailsOnANaNMeasurement()
        {
            TestSupport.ThrowsNaming(Range, () => new RelayAutotune(NaN, 0.5, 0.2, 0.0, 1.0, 0.02, 5.0, 1000.0), "finite", "set point NaN");
            TestSupport.ThrowsNaming(Range, () => new RelayAutotune(37.0, NaN, 0.2, 0.0, 1.0, 0.02, 5.0, 1000.0), "finite", "bias NaN");
            TestSupport.ThrowsNaming(Range, () => new RelayAutotune(37.0, 0.5, NaN, 0.0, 1.0, 0.02, 5.0, 1000.0), "finite", "amplitude NaN");
            TestSupport.ThrowsNaming(Range, () => new RelayAutotune(37.0, 0.5, 0.2, NaN, 1.0, 0.02, 5.0, 1000.0), "finite", "minimum NaN");
            TestSupport.ThrowsNaming(Range, () => new RelayAutotune(37.0, 0.5, 0.2, 0.0, NaN, 0.02, 5.0, 1000.0), "finite", "maximum NaN");
            TestSupport.ThrowsNaming(Range, () => new RelayAutotune(37.0, 0.5, 0.2, 0.0, 1.0, NaN, 5.0, 1000.0), "finite", "hysteresis NaN");
            TestSupport.ThrowsNaming(Range, () => new RelayAutotune(37.0, 0.5, 0.2, 0.0, 1.0, 0.02, NaN, 1000.0), "finite", "band NaN");
            TestSupport.ThrowsNaming(Range, () => new RelayAutotune(37.0, 0.5, 0.2, 0.0, 1.0, 0.02, 5.0, NaN), "finite", "timeout NaN");

            var autotune = new RelayAutotune(37.0, 0.5, 0.2, 0.0, 1.0, 0.02, 5.0, 1000.0);
            TestSupport.ThrowsNaming(Range, () => autotune.FailSafeOutput = NaN, "finite", "fail-safe output NaN");
            autotune.Start();
            TestSupport.ThrowsNaming(Range, () => autotune.Update(37.0, true, NaN), "finite", "dt NaN");
            Assert.IsTrue(autotune.State == AutotuneState.Running, "a refused dt does not end the run");
            autotune.Update(NaN, true, 1.0);
            Assert.IsTrue(autotune.State == AutotuneState.Failed, "a NaN measurement fails the run");
            Assert.IsTrue(autotune.Failure == AutotuneFailure.SensorFault, "as a sensor fault");
        }

        // ---- loops and their settings ----

        [TestMethod]
        public void LoopsRefuseANaNTimeStepByTheNaNCheck()
        {
            var reading = new SensorReading(37.0, SensorStatus.Ok, 0);
            var co2 = new Co2Loop(new Co2LoopSettings());
            TestSupport.ThrowsNaming(Range, () => co2.Update(new SensorReading(5.0, SensorStatus.Ok, 0), 0, NaN), "NaN", "CO2 loop dt NaN");

            var temperatureSettings = new TemperatureLoopSettings();
            var temperature = new TemperatureLoop(temperatureSettings);
            TestSupport.ThrowsNaming(Range, () => temperature.Update(reading, reading, 0, NaN), "NaN", "temperature loop dt NaN");

            var autotune = new TemperatureAutotune(new TemperatureAutotuneSettings(), temperature, temperatureSettings);
            TestSupport.ThrowsNaming(Range, () => autotune.Update(reading, reading, false, false, 0, NaN), "NaN", "autotune dt NaN");

            var rocking = new RockingLoop(new RockingLoopSettings());
            TestSupport.ThrowsNaming(Range, () => rocking.Update(new SensorReading(0.0, SensorStatus.Ok, 0), 0, NaN), "NaN", "rocking loop dt NaN");

            var trajectory = new RockingTrajectory(new RockingTrajectorySettings());
            TestSupport.ThrowsNaming(Range, () => trajectory.Step(NaN), "NaN", "trajectory dt NaN");
        }

        [TestMethod]
        public void LoopSetPointsRefuseNaN()
        {
            var co2 = new Co2Loop(new Co2LoopSettings());
            TestSupport.Throws(Range, () => co2.SetPointPercent = NaN, "CO2 set point NaN");
            var temperature = new TemperatureLoop(new TemperatureLoopSettings());
            TestSupport.Throws(Range, () => temperature.LiquidSetPointCelsius = NaN, "liquid set point NaN");
            var rocking = new RockingLoop(new RockingLoopSettings());
            TestSupport.Throws(Range, () => rocking.Command(NaN, 6.0), "rocking rate NaN");
            TestSupport.Throws(Range, () => rocking.Command(10.0, NaN), "rocking amplitude NaN");
            var trajectory = new RockingTrajectory(new RockingTrajectorySettings());
            TestSupport.ThrowsNaming(Argument, () => trajectory.Realign(NaN), "finite", "realign NaN");
            Assert.IsTrue(co2.SetPointPercent == new Co2LoopSettings().SetPointPercent, "CO2 set point unchanged");
        }

        [TestMethod]
        public void SettingsSetPointsRefuseNaN()
        {
            var settings = new Co2LoopSettings();
            var temperatureSettings = new TemperatureLoopSettings();
            temperatureSettings.LiquidSetPointCelsius = NaN;
            TestSupport.Throws(Range, () => temperatureSettings.Validate(), "liquid set point NaN in the settings");
            settings.SetPointPercent = NaN;
            TestSupport.ThrowsNaming(Range, () => settings.Validate(), "SetPointPercent", "CO2 set point NaN in the settings");
        }

        [TestMethod]
        public void LoopSettingsRefuseNaNRatesByTheNaNCheck()
        {
            var co2 = new Co2LoopSettings();
            co2.MaximumRatePercentPerSecond = NaN;
            TestSupport.ThrowsNaming(Range, () => co2.Validate(), "NaN", "CO2 maximum rate NaN");

            var temperature = new TemperatureLoopSettings();
            temperature.LiquidMaximumRateCelsiusPerSecond = NaN;
            TestSupport.ThrowsNaming(Range, () => temperature.Validate(), "NaN", "liquid maximum rate NaN");
            temperature = new TemperatureLoopSettings();
            temperature.PlateMaximumRateCelsiusPerSecond = NaN;
            TestSupport.ThrowsNaming(Range, () => temperature.Validate(), "NaN", "plate maximum rate NaN");

            var rocking = new RockingLoopSettings();
            rocking.MaximumAngleRateDegreesPerSecond = NaN;
            TestSupport.ThrowsNaming(Range, () => rocking.Validate(), "NaN", "angle maximum rate NaN");
        }

        [TestMethod]
        public void LoopSettingsRefuseNaNEverywhereElse()
        {
            var co2 = new Co2LoopSettings();
            co2.IntegralBandPercent = NaN;
            TestSupport.Throws(Range, () => co2.Validate(), "integral band NaN");
            co2 = new Co2LoopSettings();
            co2.ValveWindowSeconds = NaN;
            TestSupport.Throws(Range, () => co2.Validate(), "valve window NaN");
            co2 = new Co2LoopSettings();
            co2.ValveForcedClosedSeconds = NaN;
            TestSupport.Throws(Range, () => co2.Validate(), "forced closed NaN");

            var temperature = new TemperatureLoopSettings();
            temperature.PlateLimitCelsius = NaN;
            TestSupport.Throws(Range, () => temperature.Validate(), "plate limit NaN");
            temperature = new TemperatureLoopSettings();
            temperature.OuterPeriodSeconds = NaN;
            TestSupport.Throws(Range, () => temperature.Validate(), "outer period NaN");

            var rocking = new RockingLoopSettings();
            rocking.FaultConfirmationSeconds = NaN;
            TestSupport.Throws(Range, () => rocking.Validate(), "fault confirmation NaN");
            rocking = new RockingLoopSettings();
            rocking.Trajectory.MaximumRateChangeRpmPerSecond = NaN;
            TestSupport.Throws(Range, () => rocking.Validate(), "trajectory rate change NaN");

            var autotune = new TemperatureAutotuneSettings();
            autotune.LiquidSafetyBandCelsius = NaN;
            TestSupport.Throws(Range, () => autotune.Validate(), "autotune safety band NaN");

            var controller = new BioreactorControllerSettings();
            controller.TickSeconds = NaN;
            TestSupport.Throws(Range, () => controller.Validate(), "tick NaN");
        }
    }
}
