using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>The platform angle sensor (°, positive = tilted towards the motor side): lag, noise, quantisation.</summary>
    public sealed class VirtualAngleSensor : VirtualSensor
    {
        internal VirtualAngleSensor(AngleSensorParameters p, SeededRandom random, double initialDegrees)
            : base(
                p.LagTimeConstantSeconds,
                p.NoiseStandardDeviationDegrees,
                p.QuantisationDegrees,
                p.OffsetDegrees,
                p.SamplePeriodSeconds,
                random,
                initialDegrees)
        {
        }

        internal override double OpenCircuitValue => 0.0;

        internal override double ShortCircuitValue => 0.0;

        internal override SensorReading Convert(double value, long nowMicroseconds, long nowMilliseconds)
        {
            return new SensorReading(Quantise(value), SensorStatus.Ok, nowMilliseconds);
        }
    }
}
