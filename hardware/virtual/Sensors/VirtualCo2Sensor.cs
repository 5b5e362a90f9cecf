using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// An NDIR CO2 probe (% CO2 v/v) of the GMP251 class: first-order response (T63), noise, a slow gain drift whose
    /// sign comes from the seed, quantisation, and the measuring range 0 … RangeMax: above it the reading is clamped to
    /// the top of the range with status OutOfRange; below 0 it is clamped to 0.
    /// </summary>
    public sealed class VirtualCo2Sensor : VirtualSensor
    {
        private const double MicrosecondsPerYear = 365.25 * 86400.0 * 1.0e6;

        private readonly double rangeMaxPercent;
        private readonly double driftFractionPerMicrosecond;

        internal VirtualCo2Sensor(Co2SensorParameters p, SeededRandom random, double initialPercent)
            : base(
                p.ResponseTimeT63Seconds,
                p.NoiseStandardDeviationPercent,
                p.QuantisationPercent,
                p.OffsetPercent,
                p.SamplePeriodSeconds,
                random,
                initialPercent,
                quantiseOnly: false)
        {
            rangeMaxPercent = p.RangeMaxPercent;
            double sign = random.NextDouble() < 0.5 ? -1.0 : 1.0;
            driftFractionPerMicrosecond = sign * p.DriftPercentOfReadingPerYear / 100.0 / MicrosecondsPerYear;
        }

        /// <summary>The present gain error, fraction of reading (signed).</summary>
        internal double GainErrorFraction { get; private set; }

        internal override double OpenCircuitValue => rangeMaxPercent;

        internal override double ShortCircuitValue => 0.0;

        internal override void Convert(double value, long nowMicroseconds, long nowMilliseconds, SensorReading into)
        {
            GainErrorFraction = driftFractionPerMicrosecond * nowMicroseconds;
            double percent = Quantise(value * (1.0 + GainErrorFraction));
            if (percent > rangeMaxPercent)
            {
                into.Set(rangeMaxPercent, SensorStatus.OutOfRange, nowMilliseconds);
                return;
            }

            into.Set(percent < 0.0 ? 0.0 : percent, SensorStatus.Ok, nowMilliseconds);
        }
    }
}
