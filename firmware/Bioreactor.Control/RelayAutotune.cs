using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// Relay autotune (Åström &amp; Hägglund, "Automatic tuning of simple regulators with specifications on phase and
    /// amplitude margins", Automatica 20(5), 1984, 645–651): a relay with hysteresis around the set point makes the
    /// loop oscillate near the process's ultimate frequency; the ultimate gain and period follow from the amplitude and
    /// period of that oscillation, and a named <see cref="TuningRule"/> turns them into PID tunings. Arithmetic only:
    /// the caller passes the measurement and dt, and <see cref="Update"/> allocates nothing.
    /// </summary>
    /// <remarks>
    /// <para><b>Parts.</b> This class is the relay and its run (settings, state, switching, the result); the cycle
    /// measurement (period, first-harmonic amplitude, peak-to-peak, medians) is <see cref="OscillationMeter"/>.</para>
    /// <para><b>States.</b></para>
    /// <code>
    ///               Start()                  required cycles measured and a &gt; ε
    ///   Idle ──────────────────► Running ─────────────────────────────────────────► Succeeded
    ///    ▲ ▲                        │ timeout · left safety band · sensor fault          │
    ///    │ │                        │ · Cancel() · a ≤ ε                                 │
    ///    │ │                        ▼                                                    │
    ///    │ └──────── Reset() ──── Failed(reason)                                         │
    ///    └───────────────────────────────────── Reset() ──────────────────────────────────┘
    ///
    ///   Update returns:  Idle → bias · Running → bias ± d · Succeeded → bias · Failed → FailSafeOutput
    /// </code>
    /// <para><b>Relay.</b> e = SP − PV for <see cref="ControllerAction.Reverse"/> (a heater), PV − SP for
    /// <see cref="ControllerAction.Direct"/>. The output switches to bias + d when e &gt; ε and to bias − d when
    /// e &lt; −ε, and otherwise holds (hysteresis ε, measurement units). The first update picks bias + d when e ≥ 0.
    /// d is the requested amplitude bounded so both levels lie inside the output limits:
    /// d = min(requested, max − bias, bias − min). The relay stays symmetric about the bias, because an asymmetric
    /// relay biases the oscillation; the bias should be the output that holds the process at the set point.</para>
    /// <para><b>Cycles.</b> A cycle runs from one switch to bias + d to the next. Its period is the time between the
    /// two switches; its peak-to-peak is max − min of the measurement over the cycle; its amplitude a is that of the
    /// first harmonic (fundamental) of the measurement over the cycle, computed by a running Fourier sum at the
    /// previous cycle's frequency, after removing the cycle's mean. The first cycle is discarded (start-up transient).
    /// After <see cref="RequiredCycles"/> further cycles: Tu = median of the periods, a = median of the amplitudes,
    /// Ku = 4d / (π·√(a² − ε²)).</para>
    /// <para><b>Why the first harmonic.</b> The describing function of a relay with hysteresis is
    /// N(a) = (4d/(πa))·(√(1 − (ε/a)²) − i·ε/a) (Åström &amp; Hägglund 1984), so the oscillation sits where
    /// G(iω) = −(π/4d)·(√(a² − ε²) + i·ε), and Ku is read as the reciprocal of that point's distance along the
    /// negative real axis: 4d/(π·√(a² − ε²)). The theory assumes a sinusoidal measurement of amplitude a. A relay
    /// loop on a lag-dominant plant gives a near-triangular wave whose peak is larger than its fundamental (8/π²
    /// of the peak for a triangle): with a taken from the peaks, the exact oscillation of a first-order-plus-dead-time
    /// (FOPDT) plant, a_peak = K·d·(1 − e^(−L/T)), gives Ku too low by 18–19 % for L/T ≤ 0.2 (the limit is 8/π²)
    /// and too high by up to 4/π − 1 = 27 % as L/T grows, inside 10 % only for L/T ≈ 1.1–4. With the fundamental,
    /// 4d/π being exactly the fundamental of the square relay output, the gain measured is exactly 1/|G(iω)| at the
    /// oscillation frequency, and the only error left is that frequency's offset from the ultimate frequency.
    /// The hysteresis form √(a² − ε²) (rather than a) is used because it is the describing function of the relay
    /// actually applied; the difference is second order in ε/a.</para>
    /// <para><b>Accuracy and range.</b> Measured by the shared tests on FOPDT plants sampled once a second, L/T from
    /// 0.05 to 10 (the bag temperature loop is lag-dominant, L/T ≈ 0.05–0.2; the CO2 headspace loop L/T ≈ 0.1–0.5),
    /// with ε = 3 % of the ideal-relay peak (ε/a ≈ 0.035) and with noise of σ = 1 % of the peak and ε = 4σ
    /// (ε/a ≈ 0.047): Ku and Tu within 3.5 % of the analytic values. With ε = 0 the errors are at most 2.9 % (Ku)
    /// and 4.2 % (Tu, L/T = 2), from the oscillation frequency alone. Hysteresis
    /// lowers the oscillation frequency: on lag-dominant plants Ku comes out low and Tu high by about
    /// (2/π)·arcsin(ε/a) each (ε/a = 0.11 gave −8 % and +9 % at L/T = 0.05). So keep ε just above the measurement
    /// noise (about 3–4σ) and at most about 5 % of <see cref="OscillationAmplitude"/>, which the caller should
    /// compare with <see cref="Hysteresis"/> after the run. Higher-order plants settle into the oscillation more
    /// slowly than the one discarded cycle allows; the median of the cycles limits the damage.</para>
    /// </remarks>
    public sealed class RelayAutotune
    {
        /// <summary>Fewest measured cycles allowed: a median needs three values to reject one outlier.</summary>
        public const int MinimumRequiredCycles = 3;

        /// <summary>
        /// Default measured cycles: 5, odd so the median is a measured cycle; with the discarded first cycle six cycles
        /// in all, about the twelve relay peaks Klipper's PID_CALIBRATE takes its median over.
        /// </summary>
        public const int DefaultRequiredCycles = 5;

        /// <summary>Most measured cycles allowed (sizes the preallocated per-cycle arrays).</summary>
        public const int MaximumRequiredCycles = 20;

        /// <summary>Cycles discarded at the start (the transient from the initial state to the limit cycle).</summary>
        public const int DiscardedCycles = 1;

        private readonly double _setPoint;
        private readonly double _outputBias;
        private readonly double _relayAmplitude;
        private readonly double _outputMinimum;
        private readonly double _outputMaximum;
        private readonly double _hysteresis;
        private readonly double _safetyBand;
        private readonly double _timeoutSeconds;

        private ControllerAction _action;
        private int _requiredCycles;
        private double _failSafeOutput;

        private readonly OscillationMeter _meter = new OscillationMeter();

        private AutotuneState _state;
        private AutotuneFailure _failure;
        private double _output;
        private double _elapsedSeconds;
        private bool _relayStarted;
        private bool _relayHigh;

        private double _ultimateGain;
        private double _ultimatePeriodSeconds;
        private double _oscillationAmplitude;
        private double _peakToPeakAmplitude;

        /// <summary>
        /// Configures an idle autotune: reverse action, <see cref="DefaultRequiredCycles"/> cycles, fail-safe output =
        /// <paramref name="outputMinimum"/> (actuator off).
        /// </summary>
        /// <param name="setPoint">Set point the relay switches around, measurement units, finite.</param>
        /// <param name="outputBias">Output the relay switches around (the steady holding output), strictly inside the limits.</param>
        /// <param name="relayAmplitude">Requested relay amplitude d &gt; 0, output units; bounded to the limits about the bias.</param>
        /// <param name="outputMinimum">Lowest output, finite, below <paramref name="outputMaximum"/>.</param>
        /// <param name="outputMaximum">Highest output, finite, above <paramref name="outputMinimum"/>.</param>
        /// <param name="hysteresis">Relay hysteresis ε ≥ 0, measurement units (about 3× the noise σ).</param>
        /// <param name="safetyBand">Largest allowed |PV − SP| &gt; <paramref name="hysteresis"/>, measurement units.</param>
        /// <param name="timeoutSeconds">Longest run, &gt; 0 s.</param>
        /// <exception cref="ArgumentOutOfRangeException">A value is out of its range (the message names it).</exception>
        public RelayAutotune(double setPoint, double outputBias, double relayAmplitude, double outputMinimum,
            double outputMaximum, double hysteresis, double safetyBand, double timeoutSeconds)
        {
            if (!Finite.Is(setPoint))
            {
                throw new ArgumentOutOfRangeException("setPoint", "setPoint must be a finite number");
            }

            if (!Finite.Is(outputMinimum) || !Finite.Is(outputMaximum) || !(outputMinimum < outputMaximum))
            {
                throw new ArgumentOutOfRangeException("outputMinimum",
                    "outputMinimum and outputMaximum must be finite with outputMinimum < outputMaximum");
            }

            if (!Finite.Is(relayAmplitude) || !(relayAmplitude > 0.0))
            {
                throw new ArgumentOutOfRangeException("relayAmplitude", "relayAmplitude must be finite and > 0");
            }

            if (!Finite.Is(outputBias))
            {
                throw new ArgumentOutOfRangeException("outputBias", "outputBias must be a finite number");
            }

            double bounded = Math.Min(relayAmplitude, Math.Min(outputMaximum - outputBias, outputBias - outputMinimum));
            if (!(bounded > 0.0))
            {
                throw new ArgumentOutOfRangeException("outputBias",
                    "outputBias must lie strictly between outputMinimum and outputMaximum so the bounded relay amplitude is > 0");
            }

            if (!Finite.Is(hysteresis) || hysteresis < 0.0)
            {
                throw new ArgumentOutOfRangeException("hysteresis", "hysteresis must be finite and >= 0");
            }

            if (!Finite.Is(safetyBand) || !(safetyBand > hysteresis))
            {
                throw new ArgumentOutOfRangeException("safetyBand", "safetyBand must be finite and > hysteresis");
            }

            if (!Finite.Is(timeoutSeconds) || !(timeoutSeconds > 0.0))
            {
                throw new ArgumentOutOfRangeException("timeoutSeconds", "timeoutSeconds must be finite and > 0");
            }

            _setPoint = setPoint;
            _outputBias = outputBias;
            _relayAmplitude = bounded;
            _outputMinimum = outputMinimum;
            _outputMaximum = outputMaximum;
            _hysteresis = hysteresis;
            _safetyBand = safetyBand;
            _timeoutSeconds = timeoutSeconds;

            _action = ControllerAction.Reverse;
            _requiredCycles = DefaultRequiredCycles;
            _failSafeOutput = outputMinimum;

            Reset();
        }

        /// <summary>Set point, measurement units.</summary>
        public double SetPoint
        {
            get { return _setPoint; }
        }

        /// <summary>Output the relay switches around.</summary>
        public double OutputBias
        {
            get { return _outputBias; }
        }

        /// <summary>Relay amplitude d actually applied: the requested one bounded to the output limits about the bias.</summary>
        public double RelayAmplitude
        {
            get { return _relayAmplitude; }
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

        /// <summary>Relay hysteresis ε, measurement units.</summary>
        public double Hysteresis
        {
            get { return _hysteresis; }
        }

        /// <summary>Largest allowed |PV − SP|, measurement units.</summary>
        public double SafetyBand
        {
            get { return _safetyBand; }
        }

        /// <summary>Longest run, seconds.</summary>
        public double TimeoutSeconds
        {
            get { return _timeoutSeconds; }
        }

        /// <summary>Reverse (default: output high when PV is below SP) or direct action. Not changeable while running.</summary>
        /// <exception cref="InvalidOperationException">Set while <see cref="AutotuneState.Running"/>.</exception>
        public ControllerAction Action
        {
            get { return _action; }
            set
            {
                ThrowIfRunning("Action");
                if (value != ControllerAction.Reverse && value != ControllerAction.Direct)
                {
                    throw new ArgumentOutOfRangeException("Action", "Action must be Reverse or Direct");
                }

                _action = value;
            }
        }

        /// <summary>
        /// Cycles measured after the discarded first one, <see cref="MinimumRequiredCycles"/> to
        /// <see cref="MaximumRequiredCycles"/> (default <see cref="DefaultRequiredCycles"/>). Not changeable while running.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Outside 3 to 20.</exception>
        /// <exception cref="InvalidOperationException">Set while <see cref="AutotuneState.Running"/>.</exception>
        public int RequiredCycles
        {
            get { return _requiredCycles; }
            set
            {
                ThrowIfRunning("RequiredCycles");
                if (value < MinimumRequiredCycles || value > MaximumRequiredCycles)
                {
                    throw new ArgumentOutOfRangeException("RequiredCycles", "RequiredCycles must be between 3 and 20");
                }

                _requiredCycles = value;
            }
        }

        /// <summary>
        /// Output returned after a failure (default the output minimum: heater off, valve closed), within the limits.
        /// Not changeable while running.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Not finite or outside [OutputMinimum, OutputMaximum].</exception>
        /// <exception cref="InvalidOperationException">Set while <see cref="AutotuneState.Running"/>.</exception>
        public double FailSafeOutput
        {
            get { return _failSafeOutput; }
            set
            {
                ThrowIfRunning("FailSafeOutput");
                if (!Finite.Is(value) || value < _outputMinimum || value > _outputMaximum)
                {
                    throw new ArgumentOutOfRangeException("FailSafeOutput",
                        "FailSafeOutput must be finite and within [OutputMinimum, OutputMaximum]");
                }

                _failSafeOutput = value;
                if (_state == AutotuneState.Failed)
                {
                    _output = value;
                }
            }
        }

        /// <summary>Where the run is.</summary>
        public AutotuneState State
        {
            get { return _state; }
        }

        /// <summary>Why the run failed; <see cref="AutotuneFailure.None"/> unless <see cref="State"/> is Failed.</summary>
        public AutotuneFailure Failure
        {
            get { return _failure; }
        }

        /// <summary>A clear English message for <see cref="Failure"/> (see <see cref="AutotuneFailures.Describe"/>).</summary>
        public string FailureMessage
        {
            get { return AutotuneFailures.Describe(_failure); }
        }

        /// <summary>The output last returned by <see cref="Update"/> (the bias before the first update).</summary>
        public double Output
        {
            get { return _output; }
        }

        /// <summary>True while the relay is at bias + d.</summary>
        public bool IsRelayHigh
        {
            get { return _relayHigh; }
        }

        /// <summary>Seconds of running, the sum of the dt passed to <see cref="Update"/> since <see cref="Start"/>.</summary>
        public double ElapsedSeconds
        {
            get { return _elapsedSeconds; }
        }

        /// <summary>Cycles measured so far (the discarded first cycle not counted).</summary>
        public int CyclesMeasured
        {
            get { return _meter.CyclesMeasured; }
        }

        /// <summary>Ultimate gain Ku = 4d/(π·√(a² − ε²)), output units per measurement unit; 0 until Succeeded.</summary>
        public double UltimateGain
        {
            get { return _ultimateGain; }
        }

        /// <summary>Ultimate period Tu, the median measured cycle period, seconds; 0 until Succeeded.</summary>
        public double UltimatePeriodSeconds
        {
            get { return _ultimatePeriodSeconds; }
        }

        /// <summary>Median first-harmonic amplitude a of the measurement, measurement units; 0 until Succeeded.</summary>
        public double OscillationAmplitude
        {
            get { return _oscillationAmplitude; }
        }

        /// <summary>Median peak-to-peak of the measurement over a cycle, measurement units; 0 until Succeeded.</summary>
        public double PeakToPeakAmplitude
        {
            get { return _peakToPeakAmplitude; }
        }

        /// <summary>Period of measured cycle <paramref name="cycle"/> (0-based, below <see cref="CyclesMeasured"/>), seconds.</summary>
        public double GetCyclePeriodSeconds(int cycle)
        {
            CheckCycleIndex(cycle);
            return _meter.PeriodSeconds(cycle);
        }

        /// <summary>First-harmonic amplitude of measured cycle <paramref name="cycle"/>, measurement units.</summary>
        public double GetCycleAmplitude(int cycle)
        {
            CheckCycleIndex(cycle);
            return _meter.Amplitude(cycle);
        }

        /// <summary>Peak-to-peak of measured cycle <paramref name="cycle"/>, measurement units.</summary>
        public double GetCyclePeakToPeak(int cycle)
        {
            CheckCycleIndex(cycle);
            return _meter.PeakToPeak(cycle);
        }

        /// <summary>Idle → Running. The next <see cref="Update"/> is the first sample of the run.</summary>
        /// <exception cref="InvalidOperationException">Not Idle (call <see cref="Reset"/> after a finished run).</exception>
        public void Start()
        {
            if (_state != AutotuneState.Idle)
            {
                throw new InvalidOperationException("Start is allowed only in the Idle state: call Reset after a finished run");
            }

            _state = AutotuneState.Running;
        }

        /// <summary>Running → Failed(Cancelled), output → <see cref="FailSafeOutput"/>. Does nothing in other states.</summary>
        public void Cancel()
        {
            if (_state == AutotuneState.Running)
            {
                Fail(AutotuneFailure.Cancelled);
            }
        }

        /// <summary>Back to Idle from any state but Running, clearing results and cycle data.</summary>
        /// <exception cref="InvalidOperationException">Running (call <see cref="Cancel"/> first).</exception>
        public void Reset()
        {
            ThrowIfRunning("Reset");
            _state = AutotuneState.Idle;
            _failure = AutotuneFailure.None;
            _output = _outputBias;
            _elapsedSeconds = 0.0;
            _relayStarted = false;
            _relayHigh = false;
            _meter.Reset();
            _ultimateGain = 0.0;
            _ultimatePeriodSeconds = 0.0;
            _oscillationAmplitude = 0.0;
            _peakToPeakAmplitude = 0.0;
        }

        /// <summary>
        /// One periodic step: takes the measurement sampled now and the seconds since the previous call, returns the
        /// output to apply until the next call. Allocates nothing.
        /// </summary>
        /// <param name="measurement">Process value, measurement units.</param>
        /// <param name="measurementValid">False when the sensor reports a fault: the run fails with SensorFault.</param>
        /// <param name="dtSeconds">Seconds since the previous call (since Start for the first), finite and &gt; 0.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtSeconds"/> not finite and &gt; 0.</exception>
        public double Update(double measurement, bool measurementValid, double dtSeconds)
        {
            if (!Finite.Is(dtSeconds) || !(dtSeconds > 0.0))
            {
                throw new ArgumentOutOfRangeException("dtSeconds", "dtSeconds must be finite and > 0");
            }

            if (_state != AutotuneState.Running)
            {
                return _output;
            }

            if (!measurementValid || !Finite.Is(measurement))
            {
                Fail(AutotuneFailure.SensorFault);
                return _output;
            }

            _elapsedSeconds += dtSeconds;
            double deviation = measurement - _setPoint;
            if (Math.Abs(deviation) > _safetyBand)
            {
                Fail(AutotuneFailure.LeftSafetyBand);
                return _output;
            }

            double error = _action == ControllerAction.Reverse ? -deviation : deviation;
            bool switchedHigh = false;
            if (!_relayStarted)
            {
                _relayStarted = true;
                _relayHigh = error >= 0.0;
            }
            else if (!_relayHigh && error > _hysteresis)
            {
                _relayHigh = true;
                switchedHigh = true;
            }
            else if (_relayHigh && error < -_hysteresis)
            {
                _relayHigh = false;
            }

            if (switchedHigh)
            {
                _meter.CloseCycle(_elapsedSeconds);
                if (_meter.CyclesMeasured >= _requiredCycles)
                {
                    Finish();
                }

                if (_state != AutotuneState.Running)
                {
                    return _output;
                }

                _meter.OpenCycle(_elapsedSeconds);
            }

            if (_meter.CycleOpen)
            {
                _meter.Accumulate(deviation, dtSeconds, _elapsedSeconds);
            }

            if (_elapsedSeconds > _timeoutSeconds)
            {
                Fail(AutotuneFailure.Timeout);
                return _output;
            }

            _output = _relayHigh ? _outputBias + _relayAmplitude : _outputBias - _relayAmplitude;
            return _output;
        }

        /// <summary>The tunings of <paramref name="rule"/> for the measured Ku and Tu (see <see cref="TuningRules.Compute"/>).</summary>
        /// <exception cref="InvalidOperationException">The run has not succeeded.</exception>
        public PidTunings ComputeTunings(TuningRule rule)
        {
            if (_state != AutotuneState.Succeeded)
            {
                throw new InvalidOperationException("Tunings are available only after the autotune has succeeded");
            }

            return TuningRules.Compute(rule, _ultimateGain, _ultimatePeriodSeconds);
        }

        /// <summary>
        /// Median of the first <paramref name="count"/> values (the mean of the two middle ones for an even count),
        /// sorting a copy in <paramref name="scratch"/> by insertion sort; allocates nothing, leaves
        /// <paramref name="values"/> unchanged.
        /// </summary>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">count &lt; 1, or longer than either array.</exception>
        public static double Median(double[] values, int count, double[] scratch)
        {
            if (values == null)
            {
                throw new ArgumentNullException("values");
            }

            if (scratch == null)
            {
                throw new ArgumentNullException("scratch");
            }

            if (count < 1 || count > values.Length || count > scratch.Length)
            {
                throw new ArgumentOutOfRangeException("count", "count must be >= 1 and fit both values and scratch");
            }

            for (int i = 0; i < count; i++)
            {
                double value = values[i];
                int j = i - 1;
                while (j >= 0 && scratch[j] > value)
                {
                    scratch[j + 1] = scratch[j];
                    j--;
                }

                scratch[j + 1] = value;
            }

            int middle = count / 2;
            if ((count % 2) == 1)
            {
                return scratch[middle];
            }

            return 0.5 * (scratch[middle - 1] + scratch[middle]);
        }

        private void Finish()
        {
            double periodSeconds = _meter.MedianPeriodSeconds();
            double amplitude = _meter.MedianAmplitude();
            double peakToPeak = _meter.MedianPeakToPeak();
            _ultimatePeriodSeconds = periodSeconds;
            _oscillationAmplitude = amplitude;
            _peakToPeakAmplitude = peakToPeak;
            if (!(amplitude > _hysteresis))
            {
                Fail(AutotuneFailure.AmplitudeBelowHysteresis);
                return;
            }

            // Åström & Hägglund (1984): describing function of a relay of amplitude d with hysteresis ε.
            _ultimateGain = 4.0 * _relayAmplitude / (Math.PI * Math.Sqrt(amplitude * amplitude - _hysteresis * _hysteresis));
            _state = AutotuneState.Succeeded;
            _output = _outputBias;
        }

        private void Fail(AutotuneFailure failure)
        {
            _state = AutotuneState.Failed;
            _failure = failure;
            _output = _failSafeOutput;
            _ultimateGain = 0.0;
            _ultimatePeriodSeconds = 0.0;
        }

        private void ThrowIfRunning(string what)
        {
            if (_state == AutotuneState.Running)
            {
                throw new InvalidOperationException(what + " is not allowed while the autotune is running");
            }
        }

        private void CheckCycleIndex(int cycle)
        {
            if (cycle < 0 || cycle >= _meter.CyclesMeasured)
            {
                throw new ArgumentOutOfRangeException("cycle", "cycle must be >= 0 and below CyclesMeasured");
            }
        }
    }
}
