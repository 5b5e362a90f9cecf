using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// A probe's raw noise from successive sample differences: for white noise σ² = E[(x_k − x_k−1)²]/2, and a
    /// process that moves little between two samples (0.1 s for the temperature probes) hardly adds to it. The
    /// <see cref="SettlingWindow"/> measures each probe with one.
    /// </summary>
    internal sealed class ProbeNoiseMeter
    {
        private bool _hasLast;
        private double _lastValue;
        private long _lastSampleMilliseconds;
        private double _sumSquares;
        private int _differences;

        public void Clear()
        {
            _hasLast = false;
            _lastValue = 0.0;
            _lastSampleMilliseconds = 0;
            _sumSquares = 0.0;
            _differences = 0;
        }

        public void Add(double value, long sampleMilliseconds)
        {
            if (_hasLast && sampleMilliseconds == _lastSampleMilliseconds)
            {
                return;
            }

            if (_hasLast)
            {
                double difference = value - _lastValue;
                _sumSquares += difference * difference;
                _differences++;
            }

            _hasLast = true;
            _lastValue = value;
            _lastSampleMilliseconds = sampleMilliseconds;
        }

        public double StandardDeviation()
        {
            return _differences > 0 ? Math.Sqrt(_sumSquares / (2.0 * _differences)) : 0.0;
        }

        public double SamplesPerSecond(double seconds)
        {
            return seconds > 0.0 ? _differences / seconds : 0.0;
        }
    }
}
