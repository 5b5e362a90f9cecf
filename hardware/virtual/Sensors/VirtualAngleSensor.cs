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

        internal override void Convert(double value, long nowMicroseconds, long nowMilliseconds, SensorReading into)
        {
            into.Set(Quantise(value), SensorStatus.Ok, nowMilliseconds);
        }
    }
}
