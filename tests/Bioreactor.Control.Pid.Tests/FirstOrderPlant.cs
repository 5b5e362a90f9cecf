using System;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// A first-order lag, τ·dy/dt = −(y − ambient) + gain·input, stepped with its exact zero-order-hold solution
    /// y ← y∞ + (y − y∞)·exp(−dt/τ), y∞ = ambient + gain·input. Chain two for a second-order plant (a heater
    /// plate warming a bag).
    /// </summary>
    public sealed class FirstOrderPlant
    {
        private readonly double _gain;
        private readonly double _timeConstantSeconds;
        private readonly double _ambient;
        private double _value;

        /// <summary>Creates the lag with its steady-state gain, time constant (s), ambient value and initial value.</summary>
        public FirstOrderPlant(double gain, double timeConstantSeconds, double ambient, double initialValue)
        {
            _gain = gain;
            _timeConstantSeconds = timeConstantSeconds;
            _ambient = ambient;
            _value = initialValue;
        }

        /// <summary>The present output of the lag.</summary>
        public double Value
        {
            get { return _value; }
        }

        /// <summary>Holds <paramref name="input"/> for <paramref name="dtSeconds"/> and returns the new value.</summary>
        public double Step(double input, double dtSeconds)
        {
            double steadyState = _ambient + _gain * input;
            _value = steadyState + (_value - steadyState) * Math.Exp(-dtSeconds / _timeConstantSeconds);
            return _value;
        }
    }
}
