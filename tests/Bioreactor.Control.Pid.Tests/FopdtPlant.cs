#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// A first-order-plus-dead-time plant G(s) = K·e^(−L·s)/(T·s + 1) for closed-loop tests, discretised exactly for
    /// an input held over each step (zero-order hold): x ← φ·x + (1 − φ)·K·u(k − n), φ = e^(−dt/T), with the dead time
    /// L = n·dt as a ring buffer of the last n inputs. Measurement = offset + x, so a steady input u holds the
    /// measurement at offset + K·u (a heater: offset = ambient, K = degrees per unit of output).
    /// </summary>
    public sealed class FopdtPlant
    {
        private readonly double _gain;
        private readonly double _offset;
        private readonly double _decay;
        private readonly double[] _delayLine;
        private int _delayIndex;
        private double _state;

        /// <summary>
        /// A plant at steady state with <paramref name="initialInput"/>. <paramref name="deadTimeSeconds"/> must be a
        /// whole number of steps.
        /// </summary>
        public FopdtPlant(double gain, double timeConstantSeconds, double deadTimeSeconds, double stepSeconds,
            double offset, double initialInput)
        {
            if (!(timeConstantSeconds > 0.0) || !(stepSeconds > 0.0) || deadTimeSeconds < 0.0)
            {
                throw new ArgumentOutOfRangeException("timeConstantSeconds", "T and dt must be > 0, L >= 0");
            }

            double steps = deadTimeSeconds / stepSeconds;
            int delaySteps = (int)Math.Round(steps);
            if (Math.Abs(steps - delaySteps) > 1e-9 * (1.0 + steps))
            {
                throw new ArgumentException("deadTimeSeconds must be a whole number of steps", "deadTimeSeconds");
            }

            _gain = gain;
            _offset = offset;
            _decay = Math.Exp(-stepSeconds / timeConstantSeconds);
            _delayLine = new double[delaySteps];
            for (int i = 0; i < delaySteps; i++)
            {
                _delayLine[i] = initialInput;
            }

            _delayIndex = 0;
            _state = gain * initialInput;
        }

        /// <summary>The measurement now, offset + x.</summary>
        public double Measurement
        {
            get { return _offset + _state; }
        }

        /// <summary>Applies <paramref name="input"/> for one step and returns the measurement at the end of it.</summary>
        public double Step(double input)
        {
            double delayed = input;
            if (_delayLine.Length > 0)
            {
                delayed = _delayLine[_delayIndex];
                _delayLine[_delayIndex] = input;
                _delayIndex++;
                if (_delayIndex == _delayLine.Length)
                {
                    _delayIndex = 0;
                }
            }

            _state = _decay * _state + (1.0 - _decay) * _gain * delayed;
            return Measurement;
        }

        /// <summary>
        /// The ultimate angular frequency ωu (rad/s) of the continuous plant: the root of ω·L + atan(ω·T) = π, found by
        /// bisection on (0, π/L), where the left side rises from 0 to above π.
        /// </summary>
        public static double UltimateAngularFrequency(double timeConstantSeconds, double deadTimeSeconds)
        {
            if (!(deadTimeSeconds > 0.0))
            {
                throw new ArgumentOutOfRangeException("deadTimeSeconds", "a first-order plant without dead time has no ultimate gain");
            }

            double low = 0.0;
            double high = Math.PI / deadTimeSeconds;
            for (int i = 0; i < 200; i++)
            {
                double middle = 0.5 * (low + high);
                double phaseLag = middle * deadTimeSeconds + Math.Atan(middle * timeConstantSeconds);
                if (phaseLag < Math.PI)
                {
                    low = middle;
                }
                else
                {
                    high = middle;
                }
            }

            return 0.5 * (low + high);
        }

        /// <summary>Analytic ultimate gain Ku = √(1 + (ωu·T)²)/|K| of the continuous plant.</summary>
        public static double UltimateGain(double gain, double timeConstantSeconds, double deadTimeSeconds)
        {
            double omega = UltimateAngularFrequency(timeConstantSeconds, deadTimeSeconds);
            double omegaT = omega * timeConstantSeconds;
            return Math.Sqrt(1.0 + omegaT * omegaT) / Math.Abs(gain);
        }

        /// <summary>Analytic ultimate period Tu = 2π/ωu of the continuous plant, seconds.</summary>
        public static double UltimatePeriodSeconds(double timeConstantSeconds, double deadTimeSeconds)
        {
            return 2.0 * Math.PI / UltimateAngularFrequency(timeConstantSeconds, deadTimeSeconds);
        }
    }
}
