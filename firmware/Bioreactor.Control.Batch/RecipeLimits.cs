namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// The ranges <see cref="Recipe.Validate"/> accepts, with their sources. A device may be narrower still: at Start the
    /// batch layer also checks the recipe's operator limits against the device's safety trips
    /// (<see cref="Recipe.CheckAgainstDevice"/>).
    /// </summary>
    public static class RecipeLimits
    {
        /// <summary>Most phases in a recipe (bounds the record's and the snapshot's phase index; 10-day runs need 3–6).</summary>
        public const int MaximumPhases = 32;

        /// <summary>Highest recipe version (versions start at 1).</summary>
        public const int MaximumVersion = 999999;

        /// <summary>
        /// Decimal places a recipe value may have. 0.001 is finer than any figure a recipe needs (temperature control
        /// resolution 0.1 °C, Binder C 150; CO2 resolution 0.1 %, Shel Lab SCO6AD) and keeps the canonical text exact:
        /// every valid value prints and reads back to the same double.
        /// </summary>
        public const int DecimalPlaces = 3;

        /// <summary>
        /// Lowest temperature set point or limit, °C. T-cell expansion runs at 37 °C (DOMAIN process window); 30 °C
        /// leaves room for reduced-temperature steps while staying far above the temperature loop's 20 °C plate floor
        /// (TemperatureLoopSettings.PlateMinimumSetPointCelsius).
        /// </summary>
        public const double TemperatureMinimumCelsius = 30.0;

        /// <summary>
        /// Highest temperature set point or limit, °C: below the temperature loop's 40 °C plate limit
        /// (TemperatureLoopSettings.PlateLimitCelsius), so the plate can still drive the liquid there. The device's
        /// liquid over-temperature trip (38 °C by default) narrows it further at Start.
        /// </summary>
        public const double TemperatureMaximumCelsius = 39.0;

        /// <summary>Slowest temperature ramp, °C/min (0.6 °C per hour; slower is indistinguishable from a hold).</summary>
        public const double TemperatureRampMinimumCelsiusPerMinute = 0.01;

        /// <summary>Fastest temperature ramp, °C/min: faster than any bag on a heater plate warms, i.e. a step.</summary>
        public const double TemperatureRampMaximumCelsiusPerMinute = 10.0;

        /// <summary>Narrowest temperature alarm band, K (Binder's configurable range 0.1–10 K).</summary>
        public const double TemperatureAlarmBandMinimumKelvin = 0.1;

        /// <summary>Widest temperature alarm band, K (Binder).</summary>
        public const double TemperatureAlarmBandMaximumKelvin = 10.0;

        /// <summary>Lowest CO2 set point or limit, % v/v (0: no CO2, e.g. a HEPES-buffered medium).</summary>
        public const double Co2MinimumPercent = 0.0;

        /// <summary>Highest CO2 set point or limit, %: the 0–20 % NDIR probe's range (Co2LoopSettings.SetPointPercent).</summary>
        public const double Co2MaximumPercent = 20.0;

        /// <summary>Slowest CO2 ramp, %/min.</summary>
        public const double Co2RampMinimumPercentPerMinute = 0.01;

        /// <summary>Fastest CO2 ramp, %/min: faster than the headspace can follow, i.e. a step.</summary>
        public const double Co2RampMaximumPercentPerMinute = 10.0;

        /// <summary>Narrowest CO2 alarm band, % (SafetySettings.Co2DeviationBandPercent range 0.1–5; ±0.1 % resolution).</summary>
        public const double Co2AlarmBandMinimumPercent = 0.1;

        /// <summary>Widest CO2 alarm band, % (SafetySettings.Co2DeviationBandPercent range).</summary>
        public const double Co2AlarmBandMaximumPercent = 5.0;

        /// <summary>Fastest rocking rate, rpm: rocker bioreactors stay below ~40 rpm (RockingTrajectory.MaximumRateRpm).</summary>
        public const double RockingRateMaximumRpm = RockingTrajectory.MaximumRateRpm;

        /// <summary>Largest rocking amplitude, degrees: rockers stay below ~12° (RockingTrajectory.MaximumAmplitudeDegrees).</summary>
        public const double RockingAmplitudeMaximumDegrees = RockingTrajectory.MaximumAmplitudeDegrees;

        /// <summary>Slowest rocking-rate ramp, rpm/min.</summary>
        public const double RockingRampMinimumRpmPerMinute = 0.1;

        /// <summary>
        /// Fastest rocking-rate ramp, rpm/min: the rocking trajectory already limits the rate's change to 2 rpm/s
        /// (RockingTrajectorySettings.MaximumRateChangeRpmPerSecond), so a faster recipe ramp means nothing.
        /// </summary>
        public const double RockingRampMaximumRpmPerMinute = 120.0;

        /// <summary>Shortest timed phase, s.</summary>
        public const long DurationMinimumSeconds = 1;

        /// <summary>Longest timed phase, s (30 days; published rocking-bag T-cell runs last 7–14 days).</summary>
        public const long DurationMaximumSeconds = 30L * 86400L;
    }
}
