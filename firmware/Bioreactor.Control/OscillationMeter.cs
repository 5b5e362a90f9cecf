using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// The cycle measurement of a <see cref="RelayAutotune"/>: each cycle (one switch of the relay to its high level to the
    /// next) gives a period, the first-harmonic amplitude of the measurement (a running Fourier sum at the previous
    /// cycle's frequency, after removing the cycle's mean) and a peak-to-peak; the first <see cref="RelayAutotune.DiscardedCycles"/>
    /// are the start-up transient, and the medians of the rest are the result (the relay's remarks explain why the first
    /// harmonic). The relay owns the clock and the switching; this class only measures. Allocation-free after
    /// construction.
    /// </summary>
    internal sealed class OscillationMeter
    {
        private const double TwoPi = 2.0 * Math.PI;

        private readonly double[] _periodsSeconds = new double[RelayAutotune.MaximumRequiredCycles];
        private readonly double[] _amplitudes = new double[RelayAutotune.MaximumRequiredCycles];
        private readonly double[] _peakToPeaks = new double[RelayAutotune.MaximumRequiredCycles];
        private readonly double[] _scratch = new double[RelayAutotune.MaximumRequiredCycles];

        private bool _cycleOpen;
        private int _closedCycles;
        private int _cyclesMeasured;
        private double _cycleStartSeconds;
        private double _cycleMaximum;
        private double _cycleMinimum;
        private double _angularFrequency;
        private double _sumWeight;
        private double _sumValue;
        private double _sumValueCos;
        private double _sumValueSin;
        private double _sumCos;
        private double _sumSin;

        /// <summary>Cycles measured so far (after the discarded ones).</summary>
        internal int CyclesMeasured
        {
            get { return _cyclesMeasured; }
        }

        /// <summary>True between a switch to the high level and the next.</summary>
        internal bool CycleOpen
        {
            get { return _cycleOpen; }
        }

        /// <summary>A measured cycle's period, s.</summary>
        internal double PeriodSeconds(int cycle)
        {
            return _periodsSeconds[cycle];
        }

        /// <summary>A measured cycle's first-harmonic amplitude.</summary>
        internal double Amplitude(int cycle)
        {
            return _amplitudes[cycle];
        }

        /// <summary>A measured cycle's peak-to-peak.</summary>
        internal double PeakToPeak(int cycle)
        {
            return _peakToPeaks[cycle];
        }

        /// <summary>The median period of the measured cycles, s.</summary>
        internal double MedianPeriodSeconds()
        {
            return RelayAutotune.Median(_periodsSeconds, _cyclesMeasured, _scratch);
        }

        /// <summary>The median first-harmonic amplitude of the measured cycles.</summary>
        internal double MedianAmplitude()
        {
            return RelayAutotune.Median(_amplitudes, _cyclesMeasured, _scratch);
        }

        /// <summary>The median peak-to-peak of the measured cycles.</summary>
        internal double MedianPeakToPeak()
        {
            return RelayAutotune.Median(_peakToPeaks, _cyclesMeasured, _scratch);
        }

        /// <summary>Forgets every cycle.</summary>
        internal void Reset()
        {
            _cycleOpen = false;
            _closedCycles = 0;
            _cyclesMeasured = 0;
            _angularFrequency = 0.0;
            for (int i = 0; i < _periodsSeconds.Length; i++)
            {
                _periodsSeconds[i] = 0.0;
                _amplitudes[i] = 0.0;
                _peakToPeaks[i] = 0.0;
            }
        }

        /// <summary>A cycle starts at <paramref name="elapsedSeconds"/> (the relay switched high).</summary>
        internal void OpenCycle(double elapsedSeconds)
        {
            _cycleOpen = true;
            _cycleStartSeconds = elapsedSeconds;
            _cycleMaximum = double.NegativeInfinity;
            _cycleMinimum = double.PositiveInfinity;
            _sumWeight = 0.0;
            _sumValue = 0.0;
            _sumValueCos = 0.0;
            _sumValueSin = 0.0;
            _sumCos = 0.0;
            _sumSin = 0.0;
        }

        /// <summary>Adds the measurement's deviation from the set point for <paramref name="dtSeconds"/>, at <paramref name="elapsedSeconds"/>.</summary>
        internal void Accumulate(double deviation, double dtSeconds, double elapsedSeconds)
        {
            if (deviation > _cycleMaximum)
            {
                _cycleMaximum = deviation;
            }

            if (deviation < _cycleMinimum)
            {
                _cycleMinimum = deviation;
            }

            // Rectangle-rule Fourier sums at the previous cycle's angular frequency; the cycle's mean is removed when
            // the cycle closes (sums of cos and sin are kept for that), so the fundamental is not biased by an offset.
            double angle = _angularFrequency * (elapsedSeconds - _cycleStartSeconds);
            double cosine = Math.Cos(angle);
            double sine = Math.Sin(angle);
            _sumWeight += dtSeconds;
            _sumValue += deviation * dtSeconds;
            _sumValueCos += deviation * cosine * dtSeconds;
            _sumValueSin += deviation * sine * dtSeconds;
            _sumCos += cosine * dtSeconds;
            _sumSin += sine * dtSeconds;
        }

        /// <summary>The open cycle ends at <paramref name="elapsedSeconds"/>: its figures are kept unless it is a discarded one.</summary>
        internal void CloseCycle(double elapsedSeconds)
        {
            if (!_cycleOpen)
            {
                return;
            }

            double periodSeconds = elapsedSeconds - _cycleStartSeconds;
            if (_closedCycles >= RelayAutotune.DiscardedCycles)
            {
                int index = _closedCycles - RelayAutotune.DiscardedCycles;
                _periodsSeconds[index] = periodSeconds;
                _amplitudes[index] = FundamentalAmplitude();
                _peakToPeaks[index] = _cycleMaximum - _cycleMinimum;
                _cyclesMeasured = index + 1;
            }

            _closedCycles++;
            _angularFrequency = TwoPi / periodSeconds;
            _cycleOpen = false;
        }

        private double FundamentalAmplitude()
        {
            if (!(_sumWeight > 0.0))
            {
                return 0.0;
            }

            double mean = _sumValue / _sumWeight;
            double cosineSum = _sumValueCos - mean * _sumCos;
            double sineSum = _sumValueSin - mean * _sumSin;
            return 2.0 / _sumWeight * Math.Sqrt(cosineSum * cosineSum + sineSum * sineSum);
        }
    }
}
