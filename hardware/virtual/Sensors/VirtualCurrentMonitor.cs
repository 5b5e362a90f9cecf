using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// The heater current monitor (A): an INA219 on a shunt in the heater's supply. The true current is the element's
    /// (heater power / supply voltage) while it conducts, else 0; each conversion adds noise and is quantised. No lag (one
    /// conversion takes 0.53 ms, far below a step).
    /// </summary>
    public sealed class VirtualCurrentMonitor : VirtualSensor
    {
        internal VirtualCurrentMonitor(FeedbackParameters p, SeededRandom random)
            : base(0.0, p.CurrentNoiseStandardDeviationAmperes, p.CurrentQuantisationAmperes, 0.0, p.CurrentSamplePeriodSeconds, random, 0.0)
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
