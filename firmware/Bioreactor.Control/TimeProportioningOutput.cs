using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// Drives an on/off actuator (the heater plate's solid-state relay, the CO2 solenoid valve) from a duty
    /// fraction by time proportioning: within each window of <see cref="WindowSeconds"/> the output is on for
    /// duty × window, one pulse at the start of the window.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Accuracy with minimum pulse lengths. An actuator has a minimum on time (a solenoid must fully open) and a
    /// minimum off time. A plain implementation rounds a pulse shorter than the minimum away, so a 2 % request
    /// in a 10 s window with a 0.5 s minimum on time delivers 0 %. Here the difference between what was
    /// requested and what was delivered is integrated into an owed-on-time account
    /// (<see cref="OwedOnSeconds"/>, seconds of on time still owed; negative when more was delivered than asked)
    /// and paid back in the following windows: first-order delta-sigma modulation (Inose, Yasuda, Murakami,
    /// "A telemetering system by code modulation: delta-sigma modulation", IRE Trans. SET-8, 1962). Over many
    /// windows the delivered duty equals the request; the account is clamped to ± one window so that it can
    /// never grow without limit.
    /// </para>
    /// <para>
    /// Each <see cref="Update"/> computes the on time still needed in the current window,
    /// need = owed + duty × (window time left), from the latest request. That is the window's target
    /// (everything requested so far plus the current request for the rest of the window) minus what the window
    /// has already delivered, so a duty change takes effect in the current window, never undoing what was
    /// delivered. A pulse starts when need ≥ max(minimum on, dt)/2 (round to the nearest pulse that can be
    /// delivered) and ends at the first tick where need &lt; dt/2. The minimum on and off times hold the output
    /// in its state whatever the request; what that costs is carried in the account. At exactly 0 % nothing
    /// still owed is paid out (the output stays off) and at exactly 100 % no surplus is paid back (the output
    /// stays on), so saturated requests give a steady output.
    /// </para>
    /// <para>
    /// Maximum continuous on time (the valve time limit of a CO2 line, a safety cap): a run is ended at the last
    /// tick that keeps it within <see cref="MaximumOnSeconds"/>, and the output is then forced off for
    /// <see cref="ForcedOffSeconds"/> (the minimum off time unless configured). The cap wins over the request:
    /// the on time it denies is not owed, so the delivered duty near 100 % is limited to
    /// max on / (max on + forced off) (<see cref="MaximumDeliverableDutyFraction"/>). Each time the cap acts,
    /// <see cref="MaximumOnLimitCount"/> counts up ("valve open too long" for the CO2 loop's safety).
    /// </para>
    /// <para>
    /// Time comes only from the caller's dt. The periodic path does not allocate. Not thread safe.
    /// </para>
    /// <code>
    ///                 need >= max(min on, dt)/2, or request = 100 %
    ///                 (after min off / forced off has elapsed; never at 0 %)
    ///        +-----+ -------------------------------------------------> +----+
    ///  start | OFF |                                                    | ON |
    ///  ----> +-----+ &lt;------------------------------------------------- +----+
    ///          ^  ^     need &lt; dt/2 and on >= min on and request &lt; 100 %    |  |
    ///          |  |     ForceOff() / Reset(): at once                        |  |
    ///          |  +----------------------------------------------------------+  |
    ///          |                                                                | next dt would exceed max on
    ///          |   forced off >= forced-off time    +------------+              | (MaximumOnLimitCount + 1)
    ///          +----------------------------------- | FORCED OFF | &lt;-----------+
    ///                                               +------------+
    /// </code>
    /// </remarks>
    public sealed class TimeProportioningOutput
    {
        /// <summary>
        /// Slack for comparing accumulated times: a sum of many dt values drifts by rounding (about 1e-15 s per
        /// addition in IEEE 754 double), far below a microsecond, far below any actuator time.
        /// </summary>
        private const double TimeToleranceSeconds = 1e-6;

        private readonly double _windowSeconds;
        private readonly double _minimumOnSeconds;
        private readonly double _minimumOffSeconds;
        private readonly double _maximumOnSeconds;
        private readonly double _forcedOffSeconds;

        private bool _isOn;
        private bool _isForcedOff;
        private double _stateSeconds;
        private double _windowElapsedSeconds;
        private double _windowOnSeconds;
        private double _owedOnSeconds;
        private double _lastWindowDutyFraction;
        private int _switchCount;
        private int _maximumOnLimitCount;

        /// <summary>
        /// Creates an output that is off. After the maximum continuous on time it is forced off for the minimum
        /// off time.
        /// </summary>
        /// <param name="windowSeconds">Time-proportioning window, finite and &gt; 0.</param>
        /// <param name="minimumOnSeconds">Shortest on pulse, in [0, window).</param>
        /// <param name="minimumOffSeconds">Shortest off gap, in [0, window); must be &gt; 0 when the maximum on time is finite.</param>
        /// <param name="maximumOnSeconds">Longest continuous on time, &gt; 0 and ≥ minimum on; PositiveInfinity for no limit.</param>
        public TimeProportioningOutput(double windowSeconds, double minimumOnSeconds, double minimumOffSeconds,
            double maximumOnSeconds)
            : this(windowSeconds, minimumOnSeconds, minimumOffSeconds, maximumOnSeconds, minimumOffSeconds)
        {
        }

        /// <summary>Creates an output that is off, with an explicit forced-off time after the maximum on time.</summary>
        /// <param name="windowSeconds">Time-proportioning window, finite and &gt; 0.</param>
        /// <param name="minimumOnSeconds">Shortest on pulse, in [0, window).</param>
        /// <param name="minimumOffSeconds">Shortest off gap, in [0, window).</param>
        /// <param name="maximumOnSeconds">Longest continuous on time, &gt; 0 and ≥ minimum on; PositiveInfinity for no limit.</param>
        /// <param name="forcedOffSeconds">
        /// Off time after the maximum on time was reached: finite, ≥ minimum off, and &gt; 0 when the maximum on time is finite.
        /// </param>
        public TimeProportioningOutput(double windowSeconds, double minimumOnSeconds, double minimumOffSeconds,
            double maximumOnSeconds, double forcedOffSeconds)
        {
            if (!Finite.Is(windowSeconds) || windowSeconds <= 0)
            {
                throw new ArgumentOutOfRangeException("windowSeconds", "windowSeconds must be finite and > 0");
            }

            if (!Finite.Is(minimumOnSeconds) || minimumOnSeconds < 0 || minimumOnSeconds >= windowSeconds)
            {
                throw new ArgumentOutOfRangeException("minimumOnSeconds", "minimumOnSeconds must be in [0, windowSeconds)");
            }

            if (!Finite.Is(minimumOffSeconds) || minimumOffSeconds < 0 || minimumOffSeconds >= windowSeconds)
            {
                throw new ArgumentOutOfRangeException("minimumOffSeconds", "minimumOffSeconds must be in [0, windowSeconds)");
            }

            if (double.IsNaN(maximumOnSeconds) || maximumOnSeconds <= 0 || maximumOnSeconds < minimumOnSeconds)
            {
                throw new ArgumentOutOfRangeException("maximumOnSeconds",
                    "maximumOnSeconds must be > 0 and >= minimumOnSeconds (PositiveInfinity for no limit)");
            }

            bool limited = !double.IsPositiveInfinity(maximumOnSeconds);
            if (!Finite.Is(forcedOffSeconds) || forcedOffSeconds < minimumOffSeconds || (limited && forcedOffSeconds <= 0))
            {
                throw new ArgumentOutOfRangeException("forcedOffSeconds",
                    "forcedOffSeconds (the minimum off time when not given) must be finite, >= minimumOffSeconds, and > 0 when maximumOnSeconds is finite");
            }

            _windowSeconds = windowSeconds;
            _minimumOnSeconds = minimumOnSeconds;
            _minimumOffSeconds = minimumOffSeconds;
            _maximumOnSeconds = maximumOnSeconds;
            _forcedOffSeconds = forcedOffSeconds;
            _stateSeconds = double.PositiveInfinity;
        }

        /// <summary>Time-proportioning window, seconds.</summary>
        public double WindowSeconds
        {
            get { return _windowSeconds; }
        }

        /// <summary>Shortest on pulse, seconds.</summary>
        public double MinimumOnSeconds
        {
            get { return _minimumOnSeconds; }
        }

        /// <summary>Shortest off gap, seconds.</summary>
        public double MinimumOffSeconds
        {
            get { return _minimumOffSeconds; }
        }

        /// <summary>Longest continuous on time, seconds; PositiveInfinity when not limited.</summary>
        public double MaximumOnSeconds
        {
            get { return _maximumOnSeconds; }
        }

        /// <summary>Off time forced after the maximum on time was reached, seconds.</summary>
        public double ForcedOffSeconds
        {
            get { return _forcedOffSeconds; }
        }

        /// <summary>
        /// The highest duty the output can deliver over time: max on / (max on + forced off), or 1 without a limit.
        /// </summary>
        public double MaximumDeliverableDutyFraction
        {
            get
            {
                if (double.IsPositiveInfinity(_maximumOnSeconds))
                {
                    return 1.0;
                }

                return _maximumOnSeconds / (_maximumOnSeconds + _forcedOffSeconds);
            }
        }

        /// <summary>True while the actuator is commanded on (the value the last <see cref="Update"/> returned).</summary>
        public bool IsOn
        {
            get { return _isOn; }
        }

        /// <summary>True while the output is held off because the maximum continuous on time was reached.</summary>
        public bool IsMaximumOnLimitActive
        {
            get { return _isForcedOff; }
        }

        /// <summary>How many times the maximum on time ended or refused a pulse since construction (not cleared by Reset).</summary>
        public int MaximumOnLimitCount
        {
            get { return _maximumOnLimitCount; }
        }

        /// <summary>Off-to-on plus on-to-off transitions since construction, for actuator wear (not cleared by Reset).</summary>
        public int SwitchCount
        {
            get { return _switchCount; }
        }

        /// <summary>
        /// On time, seconds, owed to the request (negative: delivered ahead of it); within ± one window.
        /// </summary>
        public double OwedOnSeconds
        {
            get { return _owedOnSeconds; }
        }

        /// <summary>On-time fraction of the last completed window (0 before the first one completes).</summary>
        public double LastWindowDutyFraction
        {
            get { return _lastWindowDutyFraction; }
        }

        /// <summary>Length of the current on run, seconds, including the interval just commanded; 0 when off.</summary>
        public double ContinuousOnSeconds
        {
            get { return _isOn ? _stateSeconds : 0.0; }
        }

        /// <summary>
        /// Decides the output for the next <paramref name="dtSeconds"/> and accounts that interval.
        /// </summary>
        /// <param name="requestedDutyFraction">Requested duty; clamped to [0, 1]; NaN throws ArgumentException.</param>
        /// <param name="dtSeconds">Length of the coming interval, finite and &gt; 0 (ArgumentOutOfRangeException otherwise).</param>
        /// <returns>True when the actuator is to be on during the next interval.</returns>
        public bool Update(double requestedDutyFraction, double dtSeconds)
        {
            if (double.IsNaN(requestedDutyFraction))
            {
                throw new ArgumentException("requestedDutyFraction must be a number (values outside [0, 1] are clamped)",
                    "requestedDutyFraction");
            }

            if (!Finite.Is(dtSeconds) || dtSeconds <= 0)
            {
                throw new ArgumentOutOfRangeException("dtSeconds", "dtSeconds must be finite and > 0");
            }

            double duty = requestedDutyFraction;
            if (duty < 0)
            {
                duty = 0;
            }
            else if (duty > 1)
            {
                duty = 1;
            }

            CloseWindowIfComplete();

            // Saturated requests give a steady output: nothing owed is paid out at 0 %, no surplus paid back at 100 %.
            if (duty <= 0 && _owedOnSeconds > 0)
            {
                _owedOnSeconds = 0;
            }
            else if (duty >= 1 && _owedOnSeconds < 0)
            {
                _owedOnSeconds = 0;
            }

            double needSeconds = _owedOnSeconds + duty * (_windowSeconds - _windowElapsedSeconds);
            bool on = _isOn;
            if (_isOn)
            {
                if (_stateSeconds + dtSeconds > _maximumOnSeconds + TimeToleranceSeconds)
                {
                    on = false;
                    _isForcedOff = true;
                    _maximumOnLimitCount++;
                }
                else if (_stateSeconds >= _minimumOnSeconds - TimeToleranceSeconds && duty < 1
                    && needSeconds < 0.5 * dtSeconds)
                {
                    on = false;
                }
            }
            else
            {
                double holdOffSeconds = _isForcedOff ? _forcedOffSeconds : _minimumOffSeconds;
                if (_stateSeconds >= holdOffSeconds - TimeToleranceSeconds)
                {
                    _isForcedOff = false;
                    double startThresholdSeconds = 0.5 * Math.Max(_minimumOnSeconds, dtSeconds);
                    if (duty >= 1 || (duty > 0 && needSeconds >= startThresholdSeconds))
                    {
                        if (dtSeconds > _maximumOnSeconds + TimeToleranceSeconds)
                        {
                            // A single interval would already exceed the maximum on time: the cap refuses the pulse.
                            _maximumOnLimitCount++;
                        }
                        else
                        {
                            on = true;
                        }
                    }
                }
            }

            if (on != _isOn)
            {
                _isOn = on;
                _switchCount++;
                _stateSeconds = 0;
            }

            if (on)
            {
                _owedOnSeconds += (duty - 1.0) * dtSeconds;
                _windowOnSeconds += dtSeconds;
            }
            else if (!_isForcedOff)
            {
                // On time denied by the maximum-on cap is not owed: the cap wins over the request.
                _owedOnSeconds += duty * dtSeconds;
            }

            if (_owedOnSeconds > _windowSeconds)
            {
                _owedOnSeconds = _windowSeconds;
            }
            else if (_owedOnSeconds < -_windowSeconds)
            {
                _owedOnSeconds = -_windowSeconds;
            }

            _stateSeconds += dtSeconds;
            _windowElapsedSeconds += dtSeconds;
            return on;
        }

        /// <summary>
        /// Turns the output off at once, ignoring the minimum on time (for safety paths). The minimum off time
        /// then applies, nothing owed is paid out later, and the window and counters carry on.
        /// </summary>
        public void ForceOff()
        {
            TurnOffNow();
            if (_owedOnSeconds > 0)
            {
                _owedOnSeconds = 0;
            }
        }

        /// <summary>
        /// Turns the output off at once and starts afresh: the account is cleared and a new window begins. The
        /// minimum off time still applies when the output was on. SwitchCount and MaximumOnLimitCount are kept.
        /// </summary>
        public void Reset()
        {
            TurnOffNow();
            _owedOnSeconds = 0;
            _windowElapsedSeconds = 0;
            _windowOnSeconds = 0;
            _lastWindowDutyFraction = 0;
        }

        private void TurnOffNow()
        {
            if (_isOn)
            {
                _isOn = false;
                _switchCount++;
                _stateSeconds = 0;
            }
        }

        private void CloseWindowIfComplete()
        {
            if (_windowElapsedSeconds < _windowSeconds - TimeToleranceSeconds)
            {
                return;
            }

            double fraction = _windowOnSeconds / _windowElapsedSeconds;
            _lastWindowDutyFraction = fraction > 1 ? 1 : fraction;
            _windowOnSeconds = 0;
            _windowElapsedSeconds -= _windowSeconds;
            if (_windowElapsedSeconds >= _windowSeconds)
            {
                // A dt longer than the window: keep the phase within one window.
                _windowElapsedSeconds -= _windowSeconds * Math.Floor(_windowElapsedSeconds / _windowSeconds);
            }

            if (_windowElapsedSeconds < 0)
            {
                _windowElapsedSeconds = 0;
            }
        }
    }
}
