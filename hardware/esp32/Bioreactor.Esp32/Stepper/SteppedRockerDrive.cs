using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The ESP32 board's <see cref="IRockerDrive"/>: a <see cref="StepRatePlanner"/> between the core's speed command and
    /// a hardware step generator (<see cref="IStepPulseOutput"/>). dt comes from the clock port's monotonic counter
    /// between calls, capped at <see cref="MaximumIntervalSeconds"/> so a stalled tick cannot license a large speed jump.
    /// While disabled, speed commands are ignored and the steps stay stopped; disabling stops the steps first and
    /// resets the ramp, so enabling again starts from standstill. Allocation-free.
    /// </summary>
    public sealed class SteppedRockerDrive : IRockerDrive
    {
        /// <summary>Longest interval used as dt, s (five 50 Hz rocking ticks).</summary>
        public const double MaximumIntervalSeconds = 0.1;

        private readonly StepRatePlanner _planner;
        private readonly IStepPulseOutput _output;
        private readonly IClock _clock;

        private bool _enabled;
        private bool _enableWritten;
        private bool _directionWritten;
        private bool _hasLastTime;
        private long _lastMilliseconds;

        /// <summary>Creates a disabled drive; call <see cref="SetEnabled"/> to write the enable pin.</summary>
        public SteppedRockerDrive(StepperMechanics mechanics, IStepPulseOutput output, IClock clock)
        {
            if (output == null)
            {
                throw new ArgumentNullException("output");
            }

            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            _planner = new StepRatePlanner(mechanics);
            _output = output;
            _clock = clock;
        }

        /// <summary>The planner, for diagnostics (delivered speed, limits).</summary>
        public StepRatePlanner Planner
        {
            get { return _planner; }
        }

        /// <summary>True while the driver is enabled.</summary>
        public bool IsEnabled
        {
            get { return _enabled; }
        }

        /// <summary>Commands the platform's angular speed in degrees per second (positive raises the angle).</summary>
        public void SetSpeed(double degreesPerSecond)
        {
            long now = _clock.MonotonicMilliseconds;
            double dt = _hasLastTime ? (now - _lastMilliseconds) / 1000.0 : 0.0;
            _hasLastTime = true;
            _lastMilliseconds = now;
            if (!_enabled)
            {
                return;
            }

            _planner.Update(degreesPerSecond, Math.Min(dt, MaximumIntervalSeconds));
            if (_planner.RunningChanged && !_planner.IsRunning)
            {
                _output.StopSteps();
            }

            // DIR is written on a change, and before the very first steps (its level before that is unknown).
            if (_planner.DirectionChanged || (!_directionWritten && _planner.IsRunning))
            {
                _output.SetDirection(_planner.DirectionPinHigh);
                _directionWritten = true;
            }

            if (_planner.IsRunning && (_planner.FrequencyChanged || _planner.RunningChanged))
            {
                _output.SetStepFrequency(_planner.StepFrequencyHertz);
            }
        }

        /// <summary>Powers the motor driver (true) or removes its power (false); writes the pin only on a change.</summary>
        public void SetEnabled(bool enabled)
        {
            if (!enabled && _planner.IsRunning)
            {
                _output.StopSteps();
            }

            if (!enabled)
            {
                _planner.Reset();
            }

            if (!_enableWritten || enabled != _enabled)
            {
                _output.SetDriverEnabled(enabled);
                _enableWritten = true;
            }

            _enabled = enabled;
        }
    }
}
