namespace Bioreactor.Virtual
{
    /// <summary>
    /// The room around the rocker. Ambient temperature = <see cref="AmbientCelsius"/>
    /// + <see cref="AmbientDriftAmplitudeKelvin"/>·sin(2π·t / <see cref="AmbientDriftPeriodSeconds"/>)
    /// + a seeded random walk bounded to ±<see cref="AmbientRandomWalkLimitKelvin"/>, updated once per simulated second.
    /// </summary>
    public sealed class AmbientParameters
    {
        /// <summary>Mean room temperature, °C. Default 22 °C: the documented room.</summary>
        public double AmbientCelsius { get; set; } = 22.0;

        /// <summary>
        /// Amplitude of the slow sinusoidal room drift, K. Default 0.5 K (reasoned: a building's HVAC holds a lab within
        /// about ±0.5–1 K over a day).
        /// </summary>
        public double AmbientDriftAmplitudeKelvin { get; set; } = 0.5;

        /// <summary>Period of the sinusoidal drift, s. Default 86 400 s (reasoned: the day/night cycle of a building).</summary>
        public double AmbientDriftPeriodSeconds { get; set; } = 86400.0;

        /// <summary>
        /// Intensity of the random part of the drift, K per √hour (standard deviation after one hour). Default 0.1
        /// (reasoned: doors, people and equipment move a room's temperature by a tenth of a kelvin within an hour).
        /// </summary>
        public double AmbientRandomWalkKelvinPerSqrtHour { get; set; } = 0.1;

        /// <summary>The random walk is reflected at ±this bound, K. Default 0.3 K (reasoned, smaller than the daily swing).</summary>
        public double AmbientRandomWalkLimitKelvin { get; set; } = 0.3;

        /// <summary>CO2 in the room air and in the aeration air, % v/v. Default 0.04 % (≈400 ppm, outdoor air).</summary>
        public double AmbientCo2Percent { get; set; } = 0.04;

        internal void Validate(string prefix)
        {
            Check.Range(Check.Path(prefix, nameof(AmbientCelsius)), AmbientCelsius, -10.0, 45.0, "°C");
            Check.Range(Check.Path(prefix, nameof(AmbientDriftAmplitudeKelvin)), AmbientDriftAmplitudeKelvin, 0.0, 10.0, "K");
            Check.Range(Check.Path(prefix, nameof(AmbientDriftPeriodSeconds)), AmbientDriftPeriodSeconds, 60.0, 3.2e7, "s");
            Check.Range(Check.Path(prefix, nameof(AmbientRandomWalkKelvinPerSqrtHour)), AmbientRandomWalkKelvinPerSqrtHour, 0.0, 10.0, "K/√h");
            Check.Range(Check.Path(prefix, nameof(AmbientRandomWalkLimitKelvin)), AmbientRandomWalkLimitKelvin, 0.0, 10.0, "K");
            Check.Range(Check.Path(prefix, nameof(AmbientCo2Percent)), AmbientCo2Percent, 0.0, 1.0, "%");
        }
    }
}
