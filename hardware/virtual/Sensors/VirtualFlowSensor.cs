using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// The CO2 flow sensor between the dosing valve and the bag (sccm of CO2): a thermal mass-flow sensor of the Honeywell
    /// HAF class. The true flow is the injection flow while gas passes both valves, else 0; first-order response, noise and
    /// quantisation.
    /// </summary>
    public sealed class VirtualFlowSensor : VirtualSensor
    {
        internal VirtualFlowSensor(FeedbackParameters p, SeededRandom random)
            : base(p.FlowResponseSeconds, p.FlowNoiseStandardDeviationSccm, p.FlowQuantisationSccm, 0.0, p.FlowSamplePeriodSeconds, random, 0.0)
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
