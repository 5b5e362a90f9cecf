namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// One phase of a <see cref="Recipe"/>: the set points it drives, how fast they move there, the alarm bands, the
    /// limits within which an operator may change each set point, how it ends and what a power loss does to its timer.
    /// The recipe file's key for each property is given in brackets; ranges are in <see cref="RecipeLimits"/>.
    /// A new phase holds the DOMAIN process window (37 °C, 5 % CO2, static) with ±0.5 limits, so a test or a tool only
    /// sets what differs.
    /// </summary>
    public sealed class RecipePhase
    {
        /// <summary>A static 37 °C / 5 % phase named <paramref name="name"/> that lasts <paramref name="durationSeconds"/>.</summary>
        public RecipePhase(string name, long durationSeconds)
        {
            Name = name;
            DurationSeconds = durationSeconds;
        }

        /// <summary>A static 37 °C / 5 % phase with no name and no duration (both must be set).</summary>
        public RecipePhase()
        {
        }

        /// <summary>Identifier, unique in the recipe [name].</summary>
        public string Name { get; set; }

        /// <summary>How the phase ends [endCondition = duration | operatorConfirms].</summary>
        public PhaseEndCondition EndCondition { get; set; } = PhaseEndCondition.Duration;

        /// <summary>
        /// Phase time, s, for <see cref="PhaseEndCondition.Duration"/> [duration, an integer with a unit: 90s, 30min,
        /// 72h, 3d]; must be 0 for <see cref="PhaseEndCondition.OperatorConfirms"/> (the key is then left out).
        /// </summary>
        public long DurationSeconds { get; set; }

        /// <summary>Liquid temperature set point, °C [temperatureCelsius].</summary>
        public double TemperatureCelsius { get; set; } = 37.0;

        /// <summary>How fast the temperature set point moves to this phase's value, °C/min [temperatureRampCelsiusPerMinute].</summary>
        public double TemperatureRampCelsiusPerMinute { get; set; } = 0.5;

        /// <summary>Temperature deviation alarm band around the set point, K [temperatureAlarmBandKelvin].</summary>
        public double TemperatureAlarmBandKelvin { get; set; } = 1.0;

        /// <summary>Lowest temperature an operator may set in this phase, °C [temperatureMinimumCelsius].</summary>
        public double TemperatureMinimumCelsius { get; set; } = 36.5;

        /// <summary>Highest temperature an operator may set in this phase, °C [temperatureMaximumCelsius].</summary>
        public double TemperatureMaximumCelsius { get; set; } = 37.5;

        /// <summary>CO2 set point, % v/v [co2Percent].</summary>
        public double Co2Percent { get; set; } = 5.0;

        /// <summary>How fast the CO2 set point moves to this phase's value, %/min [co2RampPercentPerMinute].</summary>
        public double Co2RampPercentPerMinute { get; set; } = 0.5;

        /// <summary>CO2 deviation alarm band around the set point, % [co2AlarmBandPercent].</summary>
        public double Co2AlarmBandPercent { get; set; } = 1.0;

        /// <summary>Lowest CO2 an operator may set in this phase, % [co2MinimumPercent].</summary>
        public double Co2MinimumPercent { get; set; } = 4.5;

        /// <summary>Highest CO2 an operator may set in this phase, % [co2MaximumPercent].</summary>
        public double Co2MaximumPercent { get; set; } = 5.5;

        /// <summary>Rocking rate, rpm; 0 together with amplitude 0 is static [rockingRateRpm].</summary>
        public double RockingRateRpm { get; set; }

        /// <summary>How fast the rocking rate moves to this phase's value, rpm/min [rockingRampRpmPerMinute].</summary>
        public double RockingRampRpmPerMinute { get; set; } = 1.0;

        /// <summary>Lowest rocking rate an operator may set in this phase, rpm [rockingRateMinimumRpm].</summary>
        public double RockingRateMinimumRpm { get; set; }

        /// <summary>Highest rocking rate an operator may set in this phase, rpm [rockingRateMaximumRpm].</summary>
        public double RockingRateMaximumRpm { get; set; }

        /// <summary>Rocking amplitude, degrees; 0 together with rate 0 is static [rockingAmplitudeDegrees].</summary>
        public double RockingAmplitudeDegrees { get; set; }

        /// <summary>Lowest amplitude an operator may set in this phase, degrees [rockingAmplitudeMinimumDegrees].</summary>
        public double RockingAmplitudeMinimumDegrees { get; set; }

        /// <summary>Highest amplitude an operator may set in this phase, degrees [rockingAmplitudeMaximumDegrees].</summary>
        public double RockingAmplitudeMaximumDegrees { get; set; }

        /// <summary>What a power loss during this phase does to its timer [powerLossTimer = pause | continue | restart].</summary>
        public PowerLossTimer PowerLossTimer { get; set; } = PowerLossTimer.PauseTimer;

        /// <summary>True when the phase does not rock (rate 0 and amplitude 0).</summary>
        public bool IsStatic
        {
            get { return RockingRateRpm == 0.0 && RockingAmplitudeDegrees == 0.0; }
        }

        /// <summary>A copy (the batch runs on its own copy, so a later edit of the caller's object changes nothing).</summary>
        public RecipePhase Clone()
        {
            return (RecipePhase)MemberwiseClone();
        }

        /// <summary>The recipe's set point of a variable; NaN for <see cref="BatchVariable.None"/>.</summary>
        public double GetSetPoint(BatchVariable variable)
        {
            switch (variable)
            {
                case BatchVariable.TemperatureCelsius: return TemperatureCelsius;
                case BatchVariable.Co2Percent: return Co2Percent;
                case BatchVariable.RockingRateRpm: return RockingRateRpm;
                case BatchVariable.RockingAmplitudeDegrees: return RockingAmplitudeDegrees;
                default: return double.NaN;
            }
        }

        /// <summary>The lowest value an operator may set for a variable in this phase; NaN for None.</summary>
        public double GetMinimum(BatchVariable variable)
        {
            switch (variable)
            {
                case BatchVariable.TemperatureCelsius: return TemperatureMinimumCelsius;
                case BatchVariable.Co2Percent: return Co2MinimumPercent;
                case BatchVariable.RockingRateRpm: return RockingRateMinimumRpm;
                case BatchVariable.RockingAmplitudeDegrees: return RockingAmplitudeMinimumDegrees;
                default: return double.NaN;
            }
        }

        /// <summary>The highest value an operator may set for a variable in this phase; NaN for None.</summary>
        public double GetMaximum(BatchVariable variable)
        {
            switch (variable)
            {
                case BatchVariable.TemperatureCelsius: return TemperatureMaximumCelsius;
                case BatchVariable.Co2Percent: return Co2MaximumPercent;
                case BatchVariable.RockingRateRpm: return RockingRateMaximumRpm;
                case BatchVariable.RockingAmplitudeDegrees: return RockingAmplitudeMaximumDegrees;
                default: return double.NaN;
            }
        }
    }
}
