using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// Common behaviour of the virtual sensors: the sensing element follows the true value with a first-order lag
    /// (exact exponential per step); every sample period a conversion adds offset and Gaussian noise and is quantised.
    /// <see cref="Read"/> returns the last conversion without side effects, so the firmware may read as often as it
    /// likes without changing the random sequence. Faults:
    /// <code>
    ///   open   → status OpenCircuit, value = the converter's full-scale reading, fresh timestamps
    ///   short  → status ShortCircuit, value = the converter's zero-scale reading, fresh timestamps
    ///   stuck  → status Ok, value frozen at fault onset, fresh timestamps (a hung driver repeating a value)
    ///   stale  → the last sample returned unchanged, SampleMilliseconds frozen (no new conversions)
    /// </code>
    /// Precedence when several are active: stale, open, short, stuck.
    /// </summary>
    public abstract class VirtualSensor : ISensor
    {
        private readonly double lagSeconds;
        private readonly double noiseStandardDeviation;
        private readonly double quantisation;
        private readonly double offset;
        private readonly long samplePeriodMicroseconds;
        private readonly SeededRandom random;
        private readonly bool quantiseOnly;

        private double lagCoefficient = 1.0;
        private double element;
        private long nextSampleMicroseconds;
        private readonly SensorReading reading = new SensorReading();
        private double frozenValue;
        private int openCount;
        private int shortCount;
        private int stuckCount;
        private int staleCount;

        internal VirtualSensor(
            double lagSeconds,
            double noiseStandardDeviation,
            double quantisation,
            double offset,
            double samplePeriodSeconds,
            SeededRandom random,
            double initialTrueValue,
            bool quantiseOnly = true)
        {
            this.quantiseOnly = quantiseOnly;
            this.lagSeconds = lagSeconds;
            this.noiseStandardDeviation = noiseStandardDeviation;
            this.quantisation = quantisation;
            this.offset = offset;
            samplePeriodMicroseconds = Math.Max(1L, (long)Math.Round(samplePeriodSeconds * 1.0e6));
            this.random = random;
            element = initialTrueValue;
        }

        /// <summary>Copies the most recent sample into <paramref name="into"/> (no allocation, no side effect).</summary>
        public void Read(SensorReading into)
        {
            into.CopyFrom(reading);
        }

        /// <summary>
        /// A copy of the most recent sample in a new object (no side effect), for tests and host tools that keep or compare
        /// samples; the controller reads through <see cref="Read"/> into its own objects.
        /// </summary>
        public SensorReading Latest => new SensorReading(reading.Value, reading.Status, reading.SampleMilliseconds);

        /// <summary>The sensing element's value before noise, offset and quantisation (the lagged true value).</summary>
        public double ElementValue => element;

        /// <summary>The reading the converter gives for an open element (full scale).</summary>
        internal abstract double OpenCircuitValue { get; }

        /// <summary>The reading the converter gives for a shorted element (zero scale).</summary>
        internal abstract double ShortCircuitValue { get; }

        /// <summary>Takes the first sample at time zero so that a read before the first step is valid.</summary>
        internal void Initialise(long nowMicroseconds, long nowMilliseconds)
        {
            nextSampleMicroseconds = nowMicroseconds;
            Sample(nowMicroseconds, nowMilliseconds);
        }

        /// <summary>Prepares the lag coefficient for steps of <paramref name="dtSeconds"/>.</summary>
        internal void Prepare(double dtSeconds)
        {
            lagCoefficient = lagSeconds > 0.0 ? 1.0 - Math.Exp(-dtSeconds / lagSeconds) : 1.0;
        }

        /// <summary>Advances the element by the prepared step towards <paramref name="trueValue"/> and samples when due.</summary>
        internal void Advance(double trueValue, long nowMicroseconds, long nowMilliseconds)
        {
            element += (trueValue - element) * lagCoefficient;
            if (nowMicroseconds >= nextSampleMicroseconds)
            {
                Sample(nowMicroseconds, nowMilliseconds);
            }
        }

        /// <summary>Makes the frozen sample of a stale sensor carry time zero of a restarted clock.</summary>
        internal void OnClockRestart(long nowMicroseconds, long nowMilliseconds)
        {
            if (staleCount > 0)
            {
                reading.SampleMilliseconds = nowMilliseconds;
            }
            else
            {
                nextSampleMicroseconds = nowMicroseconds;
                Sample(nowMicroseconds, nowMilliseconds);
            }
        }

        internal void SetFault(FaultKind kind, bool start)
        {
            int delta = start ? 1 : -1;
            switch (kind)
            {
                case FaultKind.ProbeOpen:
                    openCount += delta;
                    break;
                case FaultKind.ProbeShort:
                    shortCount += delta;
                    break;
                case FaultKind.SensorStuck:
                    if (start && stuckCount == 0)
                    {
                        frozenValue = reading.Value;
                    }

                    stuckCount += delta;
                    break;
                case FaultKind.SensorStale:
                    staleCount += delta;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a sensor fault.");
            }
        }

        /// <summary>
        /// Turns a noisy, offset element value into the converter's reading (drift, quantisation, range, status), written
        /// into <paramref name="into"/>; called only for a sensor constructed with quantiseOnly false (the others'
        /// conversion, quantisation alone, is done in place).
        /// </summary>
        internal abstract void Convert(double value, long nowMicroseconds, long nowMilliseconds, SensorReading into);

        private void Sample(long nowMicroseconds, long nowMilliseconds)
        {
            nextSampleMicroseconds += samplePeriodMicroseconds;
            if (nextSampleMicroseconds <= nowMicroseconds)
            {
                nextSampleMicroseconds = nowMicroseconds + samplePeriodMicroseconds;
            }

            // Drawn on every conversion, faulty or not, so a fault never shifts the noise sequence after it.
            double noise = noiseStandardDeviation > 0.0 ? random.NextGaussian() * noiseStandardDeviation : 0.0;
            if (staleCount > 0)
            {
                return;
            }

            if (openCount > 0)
            {
                reading.Set(OpenCircuitValue, SensorStatus.OpenCircuit, nowMilliseconds);
            }
            else if (shortCount > 0)
            {
                reading.Set(ShortCircuitValue, SensorStatus.ShortCircuit, nowMilliseconds);
            }
            else if (stuckCount > 0)
            {
                reading.Set(frozenValue, SensorStatus.Ok, nowMilliseconds);
            }
            else if (quantiseOnly)
            {
                // Most converters only quantise: done here, without the virtual call (the speed run samples about
                // three sensors a tick).
                reading.Set(Quantise(element + offset + noise), SensorStatus.Ok, nowMilliseconds);
            }
            else
            {
                Convert(element + offset + noise, nowMicroseconds, nowMilliseconds, reading);
            }
        }

        /// <summary>Rounds to the sensor's resolution (no rounding when the resolution is 0).</summary>
        internal double Quantise(double value)
        {
            return quantisation > 0.0 ? Math.Round(value / quantisation) * quantisation : value;
        }
    }
}
