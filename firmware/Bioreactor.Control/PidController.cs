using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// A PID controller in the ISA standard form, output = P + I + D, doing arithmetic only: the caller passes the
    /// set point, the measurement and the time step; the controller reads no clock, logs nothing and allocates
    /// nothing in <see cref="Update"/>.
    /// </summary>
    /// <remarks>
    /// <para><b>Size.</b> About 650 lines because one Update implements every feature above on the same state (P, I, D,
    /// the working set point, the previous measurement, the output): the set-point ramp, the rate limit, conditional
    /// integration and the bumpless changes each read and adjust the others, so a split would only pass that state
    /// between classes; a fifth of the file documents the equations.</para>
    /// <para>Error e = SPw − PV for <see cref="ControllerAction.Reverse"/>, PV − SPw for
    /// <see cref="ControllerAction.Direct"/>, where SPw is the <see cref="WorkingSetPoint"/> (the requested set point
    /// after the ramp limit). s = +1 for reverse, −1 for direct action.</para>
    /// <list type="bullet">
    /// <item>P = Kc·e (<see cref="ProportionalMode.OnError"/>), or accumulated P_k = P_k−1 − Kc·s·(PV_k − PV_k−1)
    /// (<see cref="ProportionalMode.OnMeasurement"/>, Beauregard, "Introducing Proportional On Measurement", 2017),
    /// started at 0 on the first update and in manual mode.</item>
    /// <item>I is kept as an output contribution, I_k+1 = I_k + Kc·e_k·dt/Ti (forward difference, applied after the
    /// output is computed), so changing Ti does not move the output. Ti = 0 turns integration off (I keeps its
    /// value as a bias).</item>
    /// <item>D acts on the measurement only (no kick on set-point steps), backward difference with a first-order
    /// filter of time constant Tf = Td/N: D_k = Tf/(Tf+dt)·D_k−1 − Kc·Td/(Tf+dt)·s·(PV_k − PV_k−1)
    /// (Åström &amp; Hägglund, "Advanced PID Control", ISA 2006, chapter 3: derivative filter and computer
    /// implementation). Td = 0 turns it off.</item>
    /// <item>Anti-windup by conditional integration: the integral does not move toward a limit (amplitude or rate)
    /// that the unclamped output has reached or passed at this update, and the integral state (I, plus P when P
    /// acts on the measurement, since that P is accumulated too) is not integrated beyond [minimum, maximum]
    /// (Åström &amp; Hägglund 2006, chapter 3: integrator windup, conditional integration).</item>
    /// <item>Bumpless: manual mode tracks (I is set so P + I + D equals the manual output); tuning, action and
    /// proportional-mode changes move the integral by the change of P and D, so the next output is what it would
    /// have been without the change (Åström &amp; Hägglund 2006, chapter 3: bumpless transfer and bumpless
    /// parameter changes; Beauregard, "Improving the Beginner's PID", 2011).</item>
    /// </list>
    /// <para>States:</para>
    /// <code>
    ///   fresh ──Update──► running ──Update──► running ...
    ///     ▲                  │
    ///     └─Reset/Initialize─┘
    ///   The update from fresh: no derivative, no rate limit, SPw = PV when a ramp is set, else SP;
    ///   after Initialize(u) it returns u.
    ///
    ///   automatic ──SetManual(u)──► manual: output = clamp(u); SPw, PV history and D filter track;
    ///       ▲                               I = output − P − D
    ///       └────────SetAutomatic()─────────┘  the first automatic output equals the last manual one
    ///                                          when PV and SP have not moved
    /// </code>
    /// </remarks>
    public sealed class PidController
    {
        /// <summary>
        /// Default derivative filter ratio N (Tf = Td/N). Åström &amp; Hägglund, "Advanced PID Control", 2006,
        /// chapter 3: N is typically 2 to 20; 10 is a usual middle value.
        /// </summary>
        public const double DefaultDerivativeFilterRatio = 10.0;

        private PidTunings _tunings;
        private double _outputMinimum;
        private double _outputMaximum;
        private ControllerAction _action;
        private ProportionalMode _proportionalMode;
        private double _derivativeFilterRatio;
        private double _setPointRampPerSecond;
        private double _outputRateLimitPerSecond;
        private bool _antiWindupEnabled;

        private bool _automatic;
        private double _manualOutput;

        private bool _hasHistory;
        private bool _hasPendingInitialOutput;
        private double _pendingInitialOutput;
        private double _lastMeasurement;
        private double _workingSetPoint;
        private double _proportionalTerm;
        private double _integralTerm;
        private double _derivativeTerm;
        private double _output;
        private PidSaturation _saturation;

        /// <summary>
        /// Creates a controller in automatic mode, reverse action, P on error, N = 10, no set-point ramp and no
        /// output rate limit, anti-windup on.
        /// </summary>
        /// <param name="tunings">Kc &gt; 0, Ti ≥ 0 s, Td ≥ 0 s, all finite.</param>
        /// <param name="outputMinimum">Lowest output, finite, below <paramref name="outputMaximum"/>.</param>
        /// <param name="outputMaximum">Highest output, finite, above <paramref name="outputMinimum"/>.</param>
        public PidController(PidTunings tunings, double outputMinimum, double outputMaximum)
        {
            ValidateTunings(tunings, "tunings");
            ValidateLimits(outputMinimum, outputMaximum);
            _tunings = tunings;
            _outputMinimum = outputMinimum;
            _outputMaximum = outputMaximum;
            _action = ControllerAction.Reverse;
            _proportionalMode = ProportionalMode.OnError;
            _derivativeFilterRatio = DefaultDerivativeFilterRatio;
            _setPointRampPerSecond = double.PositiveInfinity;
            _outputRateLimitPerSecond = double.PositiveInfinity;
            _antiWindupEnabled = true;
            _automatic = true;
            Reset();
        }

        /// <summary>
        /// Kc, Ti, Td. Setting them while running is bumpless: the integral absorbs the change of P (and of D when
        /// Td becomes 0), so the next output equals what the old tunings would have given.
        /// </summary>
        /// <exception cref="ArgumentException">The tunings are not valid (see <see cref="PidTunings.IsValid"/>).</exception>
        public PidTunings Tunings
        {
            get { return _tunings; }
            set
            {
                ValidateTunings(value, "Tunings");
                double oldProportional = _proportionalTerm;
                double oldDerivative = _derivativeTerm;
                _tunings = value;
                Rebalance(oldProportional, oldDerivative);
            }
        }

        /// <summary>Reverse (default: output rises when PV is below SP) or direct action. Changing it is bumpless.</summary>
        public ControllerAction Action
        {
            get { return _action; }
            set
            {
                if (value != ControllerAction.Reverse && value != ControllerAction.Direct)
                {
                    throw new ArgumentOutOfRangeException("Action", "Action must be Reverse or Direct");
                }

                double oldProportional = _proportionalTerm;
                double oldDerivative = _derivativeTerm;
                _action = value;
                Rebalance(oldProportional, oldDerivative);
            }
        }

        /// <summary>What P acts on (default <see cref="Control.ProportionalMode.OnError"/>). Changing it is bumpless.</summary>
        public ProportionalMode ProportionalMode
        {
            get { return _proportionalMode; }
            set
            {
                if (value != ProportionalMode.OnError && value != ProportionalMode.OnMeasurement)
                {
                    throw new ArgumentOutOfRangeException("ProportionalMode", "ProportionalMode must be OnError or OnMeasurement");
                }

                double oldProportional = _proportionalTerm;
                double oldDerivative = _derivativeTerm;
                _proportionalMode = value;
                if (value == ProportionalMode.OnMeasurement)
                {
                    // The accumulated P starts from 0 at a mode change; the integral keeps the output.
                    _proportionalTerm = 0.0;
                }

                Rebalance(oldProportional, oldDerivative);
            }
        }

        /// <summary>
        /// Derivative filter ratio N, the filter time constant being Tf = Td/N. Allowed: N ≥ 1, or
        /// <see cref="double.PositiveInfinity"/> for an unfiltered derivative. Default 10; Åström &amp; Hägglund
        /// (2006, chapter 3) give 2 to 20 as the usual range.
        /// </summary>
        public double DerivativeFilterRatio
        {
            get { return _derivativeFilterRatio; }
            set
            {
                if (double.IsNaN(value) || value < 1.0)
                {
                    throw new ArgumentOutOfRangeException("DerivativeFilterRatio",
                        "DerivativeFilterRatio must be >= 1 (2 to 20 recommended) or PositiveInfinity for no filter");
                }

                _derivativeFilterRatio = value;
            }
        }

        /// <summary>
        /// Largest change of the working set point, in set-point units per second; &gt; 0, or
        /// <see cref="double.PositiveInfinity"/> (default) for no ramp.
        /// </summary>
        public double SetPointRampPerSecond
        {
            get { return _setPointRampPerSecond; }
            set { _setPointRampPerSecond = RequirePositiveRate(value, "SetPointRampPerSecond", "no ramp"); }
        }

        /// <summary>
        /// Largest change of the output, in output units per second; &gt; 0, or
        /// <see cref="double.PositiveInfinity"/> (default) for no limit. Not applied to the first update after
        /// construction, <see cref="Reset"/> or <see cref="Initialize"/>, nor to the manual output.
        /// </summary>
        public double OutputRateLimitPerSecond
        {
            get { return _outputRateLimitPerSecond; }
            set { _outputRateLimitPerSecond = RequirePositiveRate(value, "OutputRateLimitPerSecond", "no limit"); }
        }

        /// <summary>
        /// Anti-windup (conditional integration and the integral bound), on by default. Turning it off gives the
        /// textbook controller whose integral winds up while the output is clamped: for comparisons only.
        /// </summary>
        public bool AntiWindupEnabled
        {
            get { return _antiWindupEnabled; }
            set { _antiWindupEnabled = value; }
        }

        /// <summary>Lowest output.</summary>
        public double OutputMinimum
        {
            get { return _outputMinimum; }
        }

        /// <summary>Highest output.</summary>
        public double OutputMaximum
        {
            get { return _outputMaximum; }
        }

        /// <summary>True in automatic mode, false in manual mode.</summary>
        public bool IsAutomatic
        {
            get { return _automatic; }
        }

        /// <summary>
        /// The output used in manual mode (clamped to the output limits when applied); finite. Setting it does not
        /// change the mode.
        /// </summary>
        public double ManualOutput
        {
            get { return _manualOutput; }
            set
            {
                if (!Finite.Is(value))
                {
                    throw new ArgumentException("ManualOutput must be a finite number", "ManualOutput");
                }

                _manualOutput = value;
            }
        }

        /// <summary>The output of the last update (0 before the first update and after a reset).</summary>
        public double Output
        {
            get { return _output; }
        }

        /// <summary>The proportional term of the last update.</summary>
        public double ProportionalTerm
        {
            get { return _proportionalTerm; }
        }

        /// <summary>
        /// The integral term, in output units. After an update it already includes that update's integration,
        /// which shows in the next output.
        /// </summary>
        public double IntegralTerm
        {
            get { return _integralTerm; }
        }

        /// <summary>The derivative term of the last update.</summary>
        public double DerivativeTerm
        {
            get { return _derivativeTerm; }
        }

        /// <summary>The set point the last update worked on, after the ramp limit (0 before the first update).</summary>
        public double WorkingSetPoint
        {
            get { return _workingSetPoint; }
        }

        /// <summary>Which limit, if any, held the last output.</summary>
        public PidSaturation Saturation
        {
            get { return _saturation; }
        }

        /// <summary>True when the last output was held down by the maximum or by the rising rate limit.</summary>
        public bool IsSaturatedHigh
        {
            get { return _saturation == PidSaturation.Maximum || _saturation == PidSaturation.RisingRate; }
        }

        /// <summary>True when the last output was held up by the minimum or by the falling rate limit.</summary>
        public bool IsSaturatedLow
        {
            get { return _saturation == PidSaturation.Minimum || _saturation == PidSaturation.FallingRate; }
        }

        /// <summary>
        /// Sets the output limits (finite, minimum below maximum) and clamps the output and the integral state into
        /// them.
        /// </summary>
        public void SetOutputLimits(double outputMinimum, double outputMaximum)
        {
            ValidateLimits(outputMinimum, outputMaximum);
            _outputMinimum = outputMinimum;
            _outputMaximum = outputMaximum;
            _output = Clamp(_output, outputMinimum, outputMaximum);
            double state = IntegralState();
            if (state > outputMaximum)
            {
                _integralTerm -= state - outputMaximum;
            }
            else if (state < outputMinimum)
            {
                _integralTerm += outputMinimum - state;
            }
        }

        /// <summary>
        /// Switches to manual mode with the given output (finite; clamped to the limits when applied). While manual,
        /// <see cref="Update"/> returns that output and tracks, so <see cref="SetAutomatic"/> is bumpless.
        /// </summary>
        public void SetManual(double outputValue)
        {
            ManualOutput = outputValue;
            _automatic = false;
        }

        /// <summary>
        /// Switches to automatic mode. Bumpless: the first automatic output equals the last manual output when the
        /// measurement and set point have not moved (with a set-point ramp the working set point starts at the
        /// measurement and ramps to the set point).
        /// </summary>
        public void SetAutomatic()
        {
            _automatic = true;
        }

        /// <summary>
        /// Forgets all history: P, I, D, output and saturation to 0/None; the next update starts fresh (no derivative,
        /// no rate limit, working set point from the measurement when a ramp is set). Configuration and mode are kept.
        /// </summary>
        public void Reset()
        {
            _hasHistory = false;
            _hasPendingInitialOutput = false;
            _pendingInitialOutput = 0.0;
            _lastMeasurement = 0.0;
            _workingSetPoint = 0.0;
            _proportionalTerm = 0.0;
            _integralTerm = 0.0;
            _derivativeTerm = 0.0;
            _output = 0.0;
            _saturation = PidSaturation.None;
        }

        /// <summary>
        /// Resets, then makes the next update return <paramref name="currentOutput"/> (clamped to the limits) and
        /// continue from it: for taking over an actuator at its present value (Beauregard, "Improving the Beginner's
        /// PID: Initialization", 2011).
        /// </summary>
        public void Initialize(double currentOutput)
        {
            if (!Finite.Is(currentOutput))
            {
                throw new ArgumentException("currentOutput must be a finite number", "currentOutput");
            }

            Reset();
            _hasPendingInitialOutput = true;
            _pendingInitialOutput = currentOutput;
        }

        /// <summary>
        /// Computes the output for one time step. Allocates nothing.
        /// </summary>
        /// <param name="setPoint">Requested set point, finite.</param>
        /// <param name="measurement">Process value, finite (validate the sensor before calling).</param>
        /// <param name="dtSeconds">Time since the previous update, finite and &gt; 0.</param>
        /// <returns>The output, within [OutputMinimum, OutputMaximum].</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtSeconds"/> is not finite and &gt; 0.</exception>
        /// <exception cref="ArgumentException"><paramref name="setPoint"/> or <paramref name="measurement"/> is NaN or infinite.</exception>
        public double Update(double setPoint, double measurement, double dtSeconds)
        {
            // NaN first: on nanoCLR NaN > 0 is true, so the range test alone would let it through.
            if (double.IsNaN(dtSeconds) || !(dtSeconds > 0.0) || double.IsInfinity(dtSeconds))
            {
                throw Finite.TimeStepRefused(dtSeconds);
            }

            if (!Finite.Is(setPoint))
            {
                throw new ArgumentException("setPoint must be a finite number", "setPoint");
            }

            if (!Finite.Is(measurement))
            {
                throw new ArgumentException("measurement must be a finite number", "measurement");
            }

            double sign = Sign();
            bool first = !_hasHistory;
            bool hasRamp = !double.IsPositiveInfinity(_setPointRampPerSecond);
            double deltaMeasurement = first ? 0.0 : measurement - _lastMeasurement;

            // Working set point.
            if (first || !_automatic)
            {
                // Starting or tracking: with a ramp, start from the measurement so switching on does not step.
                _workingSetPoint = hasRamp ? measurement : setPoint;
            }
            else if (!hasRamp)
            {
                _workingSetPoint = setPoint;
            }
            else
            {
                double maximumStep = _setPointRampPerSecond * dtSeconds;
                double difference = setPoint - _workingSetPoint;
                if (difference > maximumStep)
                {
                    _workingSetPoint += maximumStep;
                }
                else if (difference < -maximumStep)
                {
                    _workingSetPoint -= maximumStep;
                }
                else
                {
                    _workingSetPoint = setPoint;
                }
            }

            double gain = _tunings.ProportionalGain;
            double error = sign * (_workingSetPoint - measurement);

            // Proportional term.
            if (_proportionalMode == ProportionalMode.OnError)
            {
                _proportionalTerm = gain * error;
            }
            else if (first || !_automatic)
            {
                _proportionalTerm = 0.0;
            }
            else
            {
                _proportionalTerm -= gain * sign * deltaMeasurement;
            }

            // Derivative term on the measurement, first-order filtered (Åström & Hägglund 2006, chapter 3).
            double derivativeTime = _tunings.DerivativeTimeSeconds;
            if (derivativeTime > 0.0 && !first)
            {
                double filterTime = derivativeTime / _derivativeFilterRatio;
                double denominator = filterTime + dtSeconds;
                _derivativeTerm = (filterTime / denominator) * _derivativeTerm
                    - (gain * derivativeTime / denominator) * sign * deltaMeasurement;
            }
            else
            {
                _derivativeTerm = 0.0;
            }

            _lastMeasurement = measurement;
            _hasHistory = true;

            if (!_automatic)
            {
                // Manual: output the operator's value and track it with the integral.
                double manual = _manualOutput;
                double manualOutput = Clamp(manual, _outputMinimum, _outputMaximum);
                _saturation = manual > _outputMaximum ? PidSaturation.Maximum
                    : manual < _outputMinimum ? PidSaturation.Minimum : PidSaturation.None;
                _integralTerm = manualOutput - _proportionalTerm - _derivativeTerm;
                _hasPendingInitialOutput = false;
                _output = manualOutput;
                return manualOutput;
            }

            if (_hasPendingInitialOutput)
            {
                _integralTerm = Clamp(_pendingInitialOutput, _outputMinimum, _outputMaximum)
                    - _proportionalTerm - _derivativeTerm;
                _hasPendingInitialOutput = false;
            }

            // Limits in force at this update: amplitude, and rate after the first update.
            double upper = _outputMaximum;
            double lower = _outputMinimum;
            if (!first && !double.IsPositiveInfinity(_outputRateLimitPerSecond))
            {
                double maximumChange = _outputRateLimitPerSecond * dtSeconds;
                upper = Math.Min(_outputMaximum, _output + maximumChange);
                lower = Math.Max(_outputMinimum, _output - maximumChange);
            }

            double unclamped = _proportionalTerm + _integralTerm + _derivativeTerm;
            double output = unclamped;
            PidSaturation saturation = PidSaturation.None;
            if (unclamped > upper)
            {
                output = upper;
                saturation = upper < _outputMaximum ? PidSaturation.RisingRate : PidSaturation.Maximum;
            }
            else if (unclamped < lower)
            {
                output = lower;
                saturation = lower > _outputMinimum ? PidSaturation.FallingRate : PidSaturation.Minimum;
            }

            // Integral, applied after the output (forward difference), with conditional integration.
            double integralTime = _tunings.IntegralTimeSeconds;
            if (integralTime > 0.0)
            {
                double increment = gain * error * dtSeconds / integralTime;
                if (_antiWindupEnabled)
                {
                    increment = LimitIncrement(increment, unclamped, upper, lower);
                }

                _integralTerm += increment;
            }

            _output = output;
            _saturation = saturation;
            return output;
        }

        private double LimitIncrement(double increment, double unclamped, double upper, double lower)
        {
            double state = IntegralState();
            if (increment > 0.0)
            {
                // Conditional integration: not while the output is at or above the upper limit in force; and the
                // state not integrated above the maximum.
                if (unclamped >= upper || state >= _outputMaximum)
                {
                    return 0.0;
                }

                return Math.Min(increment, _outputMaximum - state);
            }

            if (increment < 0.0)
            {
                if (unclamped <= lower || state <= _outputMinimum)
                {
                    return 0.0;
                }

                return Math.Max(increment, _outputMinimum - state);
            }

            return 0.0;
        }

        // The integrated state bounded by anti-windup: I, plus the accumulated P when P acts on the measurement.
        private double IntegralState()
        {
            return _proportionalMode == ProportionalMode.OnMeasurement
                ? _integralTerm + _proportionalTerm
                : _integralTerm;
        }

        // After a change of tunings, action or proportional mode: recompute P (on error) at the last error and drop D
        // if Td became 0, moving the differences into the integral so the next output does not jump.
        private void Rebalance(double oldProportional, double oldDerivative)
        {
            if (!_hasHistory)
            {
                return;
            }

            if (_proportionalMode == ProportionalMode.OnError)
            {
                _proportionalTerm = _tunings.ProportionalGain * Sign() * (_workingSetPoint - _lastMeasurement);
            }

            if (_tunings.DerivativeTimeSeconds == 0.0)
            {
                _derivativeTerm = 0.0;
            }

            _integralTerm += (oldProportional - _proportionalTerm) + (oldDerivative - _derivativeTerm);
        }

        private double Sign()
        {
            return _action == ControllerAction.Direct ? -1.0 : 1.0;
        }

        private static double Clamp(double value, double minimum, double maximum)
        {
            return value > maximum ? maximum : value < minimum ? minimum : value;
        }

        private static void ValidateTunings(PidTunings tunings, string parameterName)
        {
            if (tunings == null)
            {
                throw new ArgumentNullException(parameterName);
            }

            if (!tunings.IsValid)
            {
                throw new ArgumentException(
                    "tunings need a finite gain > 0 and finite integral and derivative times >= 0 seconds", parameterName);
            }
        }

        // The two rate settings: > 0, or PositiveInfinity for none (named by noneMeaning in the refusal).
        private static double RequirePositiveRate(double value, string name, string noneMeaning)
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentOutOfRangeException(name, Finite.NotANumber(name));
            }

            if (!(value > 0.0))
            {
                throw new ArgumentOutOfRangeException(name, name + " must be > 0 (PositiveInfinity = " + noneMeaning + ")");
            }

            return value;
        }

        private static void ValidateLimits(double outputMinimum, double outputMaximum)
        {
            if (!Finite.Is(outputMinimum))
            {
                throw new ArgumentOutOfRangeException("outputMinimum", "outputMinimum must be finite and below outputMaximum");
            }

            if (!Finite.Is(outputMaximum) || !(outputMaximum > outputMinimum))
            {
                throw new ArgumentOutOfRangeException("outputMaximum", "outputMaximum must be finite and above outputMinimum");
            }
        }
    }
}
