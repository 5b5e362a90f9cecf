using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Watches that an actuator driven hard moves its measurement up: the heater must warm the plate, the CO2 valve
    /// must raise the CO2 reading. Marlin's "heating failed"/"thermal runaway" watch (the temperature must rise a set
    /// amount within a set time after the heater is driven) made duty-aware, so it also works in steady state:
    /// time is cut into windows; a window in which the actuator was on for at least the minimum duty fraction and
    /// the value ended less than the minimum rise above its lowest point in the window is a failure. Measuring from
    /// the lowest point, not the window's first value, lets a lagging sensor that is still falling when the actuator
    /// starts (a CO2 probe after a door opening) show its rise. The verdict holds until the next window ends.
    /// Allocation-free.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   window start (lowest = value, on-time 0) --each update: on-time += dt if driven, lowest = min(lowest, value)--> window end:
    ///       duty = on-time / window length
    ///       Failed = duty ≥ minimum duty AND value − lowest &lt; minimum rise AND extra condition (caller's)
    ///       start the next window
    ///   invalid value: the window restarts at the next valid one (Failed unchanged).
    /// </code>
    /// A fault that starts inside a window is seen at the end of the next one at the latest: within two windows.
    /// </remarks>
    public sealed class DrivenRiseWatch
    {
        private readonly long _windowMilliseconds;
        private readonly double _minimumDutyFraction;
        private readonly double _minimumRise;
        private bool _running;
        private long _windowStartMilliseconds;
        private long _lastMilliseconds;
        private double _lowestValue;
        private long _onMilliseconds;

        /// <summary>Creates a watch.</summary>
        /// <param name="windowMilliseconds">Window length, &gt; 0.</param>
        /// <param name="minimumDutyFraction">On-time fraction of a window from which a rise is expected, 0 &lt; x ≤ 1.</param>
        /// <param name="minimumRise">Smallest rise over such a window, in the value's unit, &gt; 0.</param>
        public DrivenRiseWatch(long windowMilliseconds, double minimumDutyFraction, double minimumRise)
        {
            if (windowMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("windowMilliseconds", "windowMilliseconds must be above 0");
            }

            if (double.IsNaN(minimumDutyFraction))
            {
                throw new ArgumentOutOfRangeException("minimumDutyFraction", Finite.NotANumber("minimumDutyFraction"));
            }

            if (!(minimumDutyFraction > 0 && minimumDutyFraction <= 1))
            {
                throw new ArgumentOutOfRangeException("minimumDutyFraction", "minimumDutyFraction must be above 0 and at most 1");
            }

            if (!Finite.Is(minimumRise) || !(minimumRise > 0))
            {
                throw new ArgumentOutOfRangeException("minimumRise", "minimumRise must be finite and above 0");
            }

            _windowMilliseconds = windowMilliseconds;
            _minimumDutyFraction = minimumDutyFraction;
            _minimumRise = minimumRise;
        }

        /// <summary>The verdict of the last completed window.</summary>
        public bool Failed { get; private set; }

        /// <summary>Duty fraction of the last completed window.</summary>
        public double LastDutyFraction { get; private set; }

        /// <summary>Rise of the value above its lowest point in the last completed window.</summary>
        public double LastRise { get; private set; }

        /// <summary>
        /// Advances the watch. <paramref name="wasDriven"/> is the actuator's real state since the previous update;
        /// <paramref name="extraCondition"/> must also hold for a failure (e.g. the plate is not well above the liquid).
        /// </summary>
        public void Update(bool wasDriven, double value, bool valueValid, bool extraCondition, long nowMilliseconds)
        {
            Update(wasDriven ? 1.0 : 0.0, value, valueValid, extraCondition, nowMilliseconds);
        }

        /// <summary>
        /// Advances the watch with the fraction of the time since the previous update the actuator was on (0–1: the
        /// safety layer runs this watch at the process rate while the actuator switches every control tick).
        /// </summary>
        public void Update(double drivenFraction, double value, bool valueValid, bool extraCondition, long nowMilliseconds)
        {
            if (!valueValid || !Finite.Is(value))
            {
                _running = false;
                return;
            }

            if (!_running)
            {
                Start(value, nowMilliseconds);
                return;
            }

            long dt = nowMilliseconds - _lastMilliseconds;
            if (dt < 0)
            {
                dt = 0;
            }

            _lastMilliseconds = nowMilliseconds;
            _onMilliseconds += (long)Math.Round(dt * drivenFraction);

            _lowestValue = Math.Min(_lowestValue, value);
            long elapsed = nowMilliseconds - _windowStartMilliseconds;
            if (elapsed >= _windowMilliseconds)
            {
                LastDutyFraction = (double)_onMilliseconds / elapsed;
                LastRise = value - _lowestValue;
                Failed = LastDutyFraction >= _minimumDutyFraction && LastRise < _minimumRise && extraCondition;
                Start(value, nowMilliseconds);
            }
        }

        /// <summary>Clears the verdict and starts over.</summary>
        public void Reset()
        {
            _running = false;
            Failed = false;
        }

        private void Start(double value, long nowMilliseconds)
        {
            _running = true;
            _windowStartMilliseconds = nowMilliseconds;
            _lastMilliseconds = nowMilliseconds;
            _lowestValue = value;
            _onMilliseconds = 0;
        }
    }
}
