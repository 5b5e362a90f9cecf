namespace Bioreactor.Virtual
{
    /// <summary>The four sensors the core reads: two RTD probes, the NDIR CO2 probe and the platform angle sensor.</summary>
    public sealed class SensorParameters
    {
        /// <summary>The PT100 probe in the medium (through the bag wall), read by a MAX31865.</summary>
        public RtdProbeParameters LiquidProbe { get; set; } = new RtdProbeParameters
        {
            // Reasoned: a PT100 in a thermowell or pressed against the bag film sees the medium through plastic and
            // air gaps; such probes answer within 10–30 s.
            LagTimeConstantSeconds = 15.0,
        };

        /// <summary>The PT100 probe in the heater plate, read by a second MAX31865.</summary>
        public RtdProbeParameters PlateProbe { get; set; } = new RtdProbeParameters
        {
            // Reasoned: a thin-film PT100 clamped into a bore of the aluminium plate answers within seconds.
            LagTimeConstantSeconds = 3.0,
        };

        /// <summary>The NDIR CO2 probe in the headspace or exhaust gas.</summary>
        public Co2SensorParameters Co2 { get; set; } = new Co2SensorParameters();

        /// <summary>The platform angle sensor (an IMU on the platform).</summary>
        public AngleSensorParameters Angle { get; set; } = new AngleSensorParameters();

        internal void Validate(string prefix)
        {
            Check.Present(Check.Path(prefix, nameof(LiquidProbe)), LiquidProbe);
            LiquidProbe.Validate(Check.Path(prefix, nameof(LiquidProbe)));
            Check.Present(Check.Path(prefix, nameof(PlateProbe)), PlateProbe);
            PlateProbe.Validate(Check.Path(prefix, nameof(PlateProbe)));
            Check.Present(Check.Path(prefix, nameof(Co2)), Co2);
            Co2.Validate(Check.Path(prefix, nameof(Co2)));
            Check.Present(Check.Path(prefix, nameof(Angle)), Angle);
            Angle.Validate(Check.Path(prefix, nameof(Angle)));
        }
    }

    /// <summary>
    /// A PT100 RTD read by a MAX31865: the element follows the true temperature with a first-order lag, the conversion
    /// adds Gaussian noise and an offset and is quantised to the converter's resolution.
    /// </summary>
    public sealed class RtdProbeParameters
    {
        /// <summary>First-order time constant of the probe (63 % of a step), s. Default 15 s (liquid) and 3 s (plate), reasoned.</summary>
        public double LagTimeConstantSeconds { get; set; } = 5.0;

        /// <summary>
        /// Standard deviation of the conversion noise, K. Default 0.02 K (reasoned: below one converter LSB, so the
        /// reading toggles between neighbouring codes as real MAX31865 readings do).
        /// </summary>
        public double NoiseStandardDeviationKelvin { get; set; } = 0.02;

        /// <summary>Reading resolution, K; 0 = none. Default 0.03125 K: MAX31865 datasheet, 15-bit ADC, nominal resolution 0.03125 °C.</summary>
        public double QuantisationKelvin { get; set; } = 0.03125;

        /// <summary>Calibration offset added to every reading, K. Default 0 (a calibrated probe).</summary>
        public double OffsetKelvin { get; set; }

        /// <summary>
        /// Interval between conversions the driver reads, s. Default 0.1 s (reasoned: the MAX31865 converts in ≤21 ms per
        /// its datasheet; a driver polling at 10 Hz is ample for a process with minute time constants).
        /// </summary>
        public double SamplePeriodSeconds { get; set; } = 0.1;

        internal void Validate(string prefix)
        {
            Check.Range(Check.Path(prefix, nameof(LagTimeConstantSeconds)), LagTimeConstantSeconds, 0.0, 3600.0, "s");
            Check.Range(Check.Path(prefix, nameof(NoiseStandardDeviationKelvin)), NoiseStandardDeviationKelvin, 0.0, 10.0, "K");
            Check.Range(Check.Path(prefix, nameof(QuantisationKelvin)), QuantisationKelvin, 0.0, 10.0, "K");
            Check.Range(Check.Path(prefix, nameof(OffsetKelvin)), OffsetKelvin, -50.0, 50.0, "K");
            Check.Range(Check.Path(prefix, nameof(SamplePeriodSeconds)), SamplePeriodSeconds, 0.001, 3600.0, "s");
        }
    }

    /// <summary>
    /// An NDIR CO2 probe of the Vaisala GMP251 class (0–20 % CO2): first-order response, noise, a slow gain drift,
    /// quantisation, and a clamp at the top of the range with the OutOfRange status above it.
    /// </summary>
    public sealed class Co2SensorParameters
    {
        /// <summary>
        /// Response time T63 (first-order time constant), s. Default 60 s (reasoned: a diffusion-sampled NDIR probe
        /// behind a filter in a GMP251-class housing answers in about a minute; check your probe's datasheet).
        /// </summary>
        public double ResponseTimeT63Seconds { get; set; } = 60.0;

        /// <summary>Standard deviation of the reading noise, % CO2. Default 0.02 % (reasoned: well inside the ±0.1 % accuracy class of incubator CO2 sensors).</summary>
        public double NoiseStandardDeviationPercent { get; set; } = 0.02;

        /// <summary>
        /// Gain drift, % of reading per year; its sign is drawn from the seed. Default 2 %/year (reasoned: NDIR
        /// long-term stability of a few % of reading per year; ≈0.004 % CO2 at 5 % over 14 days).
        /// </summary>
        public double DriftPercentOfReadingPerYear { get; set; } = 2.0;

        /// <summary>Top of the measuring range, % CO2; readings above it are clamped and flagged OutOfRange. Default 20 % (GMP251 range 0–20 %).</summary>
        public double RangeMaxPercent { get; set; } = 20.0;

        /// <summary>Reading resolution, % CO2; 0 = none. Default 0.01 % (reasoned: 100 ppm steps of a digital output in % with two decimals).</summary>
        public double QuantisationPercent { get; set; } = 0.01;

        /// <summary>Calibration offset added to every reading, % CO2. Default 0.</summary>
        public double OffsetPercent { get; set; }

        /// <summary>Interval between readings, s. Default 1 s (reasoned: the board polls the NDIR probe once a second; the safety layer calls a CO2 sample older than 1.5 s stale).</summary>
        public double SamplePeriodSeconds { get; set; } = 1.0;

        internal void Validate(string prefix)
        {
            Check.Range(Check.Path(prefix, nameof(ResponseTimeT63Seconds)), ResponseTimeT63Seconds, 0.0, 3600.0, "s");
            Check.Range(Check.Path(prefix, nameof(NoiseStandardDeviationPercent)), NoiseStandardDeviationPercent, 0.0, 5.0, "%");
            Check.Range(Check.Path(prefix, nameof(DriftPercentOfReadingPerYear)), DriftPercentOfReadingPerYear, 0.0, 100.0, "%/year");
            Check.Range(Check.Path(prefix, nameof(RangeMaxPercent)), RangeMaxPercent, 1.0, 100.0, "%");
            Check.Range(Check.Path(prefix, nameof(QuantisationPercent)), QuantisationPercent, 0.0, 1.0, "%");
            Check.Range(Check.Path(prefix, nameof(OffsetPercent)), OffsetPercent, -5.0, 5.0, "%");
            Check.Range(Check.Path(prefix, nameof(SamplePeriodSeconds)), SamplePeriodSeconds, 0.001, 3600.0, "s");
        }
    }

    /// <summary>The platform angle sensor: an IMU's tilt output with a small fusion-filter lag, noise and quantisation.</summary>
    public sealed class AngleSensorParameters
    {
        /// <summary>First-order lag of the tilt estimate, s. Default 0.05 s (reasoned: an IMU fusion filter at ≈3 Hz bandwidth).</summary>
        public double LagTimeConstantSeconds { get; set; } = 0.05;

        /// <summary>Standard deviation of the angle noise, °. Default 0.05° (IMU tilt noise is ~0.05–0.1°).</summary>
        public double NoiseStandardDeviationDegrees { get; set; } = 0.05;

        /// <summary>Reading resolution, °; 0 = none. Default 0.01° (reasoned: tilt reported in hundredths of a degree).</summary>
        public double QuantisationDegrees { get; set; } = 0.01;

        /// <summary>Mounting offset added to every reading, °. Default 0.</summary>
        public double OffsetDegrees { get; set; }

        /// <summary>Interval between readings, s. Default 0.01 s (reasoned: a 100 Hz IMU output rate).</summary>
        public double SamplePeriodSeconds { get; set; } = 0.01;

        internal void Validate(string prefix)
        {
            Check.Range(Check.Path(prefix, nameof(LagTimeConstantSeconds)), LagTimeConstantSeconds, 0.0, 60.0, "s");
            Check.Range(Check.Path(prefix, nameof(NoiseStandardDeviationDegrees)), NoiseStandardDeviationDegrees, 0.0, 10.0, "°");
            Check.Range(Check.Path(prefix, nameof(QuantisationDegrees)), QuantisationDegrees, 0.0, 5.0, "°");
            Check.Range(Check.Path(prefix, nameof(OffsetDegrees)), OffsetDegrees, -30.0, 30.0, "°");
            Check.Range(Check.Path(prefix, nameof(SamplePeriodSeconds)), SamplePeriodSeconds, 0.0001, 60.0, "s");
        }
    }
}
