namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// The keys of the recipe file format, which are also the field names in validation messages
    /// ("phases[1]." + key for a phase's keys). Their order in <see cref="PhaseOrder"/> is the canonical order.
    /// </summary>
    public static class RecipeKeys
    {
        /// <summary>The file format's version line (must be 1).</summary>
        public const string Format = "recipeFormat";

        /// <summary>Recipe name.</summary>
        public const string Name = "name";

        /// <summary>Recipe version.</summary>
        public const string Version = "version";

        /// <summary>Recipe description.</summary>
        public const string Description = "description";

        /// <summary>The section name that starts a phase ("[phase]").</summary>
        public const string PhaseSection = "phase";

        /// <summary>Phase name.</summary>
        public const string PhaseName = "name";

        /// <summary>Phase end condition.</summary>
        public const string EndCondition = "endCondition";

        /// <summary>Phase duration (whole number with unit s, min, h, d).</summary>
        public const string Duration = "duration";

        /// <summary>Temperature set point.</summary>
        public const string TemperatureCelsius = "temperatureCelsius";

        /// <summary>Temperature ramp.</summary>
        public const string TemperatureRamp = "temperatureRampCelsiusPerMinute";

        /// <summary>Temperature alarm band.</summary>
        public const string TemperatureAlarmBand = "temperatureAlarmBandKelvin";

        /// <summary>Lowest operator temperature.</summary>
        public const string TemperatureMinimumCelsius = "temperatureMinimumCelsius";

        /// <summary>Highest operator temperature.</summary>
        public const string TemperatureMaximumCelsius = "temperatureMaximumCelsius";

        /// <summary>CO2 set point.</summary>
        public const string Co2Percent = "co2Percent";

        /// <summary>CO2 ramp.</summary>
        public const string Co2Ramp = "co2RampPercentPerMinute";

        /// <summary>CO2 alarm band.</summary>
        public const string Co2AlarmBand = "co2AlarmBandPercent";

        /// <summary>Lowest operator CO2.</summary>
        public const string Co2MinimumPercent = "co2MinimumPercent";

        /// <summary>Highest operator CO2.</summary>
        public const string Co2MaximumPercent = "co2MaximumPercent";

        /// <summary>Rocking rate.</summary>
        public const string RockingRate = "rockingRateRpm";

        /// <summary>Rocking-rate ramp.</summary>
        public const string RockingRamp = "rockingRampRpmPerMinute";

        /// <summary>Lowest operator rocking rate.</summary>
        public const string RockingRateMinimum = "rockingRateMinimumRpm";

        /// <summary>Highest operator rocking rate.</summary>
        public const string RockingRateMaximum = "rockingRateMaximumRpm";

        /// <summary>Rocking amplitude.</summary>
        public const string RockingAmplitude = "rockingAmplitudeDegrees";

        /// <summary>Lowest operator amplitude.</summary>
        public const string RockingAmplitudeMinimum = "rockingAmplitudeMinimumDegrees";

        /// <summary>Highest operator amplitude.</summary>
        public const string RockingAmplitudeMaximum = "rockingAmplitudeMaximumDegrees";

        /// <summary>Power-loss timer policy.</summary>
        public const string PowerLossTimer = "powerLossTimer";

        /// <summary>The keys before the first [phase], in canonical order.</summary>
        internal static readonly string[] TopOrder = { Format, Name, Version, Description };

        /// <summary>The keys of a [phase], in canonical order.</summary>
        internal static readonly string[] PhaseOrder =
        {
            PhaseName, EndCondition, Duration,
            TemperatureCelsius, TemperatureRamp, TemperatureAlarmBand, TemperatureMinimumCelsius, TemperatureMaximumCelsius,
            Co2Percent, Co2Ramp, Co2AlarmBand, Co2MinimumPercent, Co2MaximumPercent,
            RockingRate, RockingRamp, RockingRateMinimum, RockingRateMaximum,
            RockingAmplitude, RockingAmplitudeMinimum, RockingAmplitudeMaximum,
            PowerLossTimer,
        };

        internal static int IndexOf(string[] keys, string key)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
