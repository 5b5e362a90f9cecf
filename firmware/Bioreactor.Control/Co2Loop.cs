using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control
{
    /// <summary>What the CO2 loop is doing.</summary>
    public enum Co2LoopMode
    {
        /// <summary>PID on the measured CO2 drives the valve.</summary>
        Normal = 0,

        /// <summary><see cref="Co2Loop.Suspended"/> is set (door open): valve closed, PID held.</summary>
        Suspended = 1,

        /// <summary>The CO2 probe failed its check: valve closed, PID held, until the probe reads well again.</summary>
        ValveClosedOnFault = 2,
    }

    /// <summary>
    /// CO2 control: PID on the measured CO2 (% v/v) → valve duty → time-proportioned solenoid valve with a maximum
    /// continuous opening. Validates the probe; on a fault, or while suspended, closes the valve.
    /// </summary>
    /// <remarks>
    /// <para>The PID works on the probe's reading with the probe's own first-order lag inverted
    /// (<see cref="EstimatedPercent"/>, <see cref="Co2LoopSettings.ProbeLagSeconds"/>): an NDIR probe answers in about a
    /// minute, and a loop that waits for it keeps dosing for that minute after the gas has reached the set point. It
    /// runs once per new probe sample (at most once per control period), integrates only near the set point
    /// (<see cref="Co2LoopSettings.IntegralBandPercent"/>), and its ceiling is the duty the valve can deliver under its
    /// maximum continuous opening. On the virtual bioreactor's default rig (1 L headspace, a probe with a 60 s time
    /// constant) a 30 s door opening that empties the headspace to 0.4 % is back within ±0.2 % 128 s after the
    /// door closes, 1.08 × the 119 s the valve open throughout would need (the simulator's bench measures both).</para>
    /// <para>Recovery after a hold (<see cref="Co2LoopSettings.RecoveryHandoverPercent"/>): when the loop resumes after a
    /// door opening or a probe fault further below the set point than the integral band, the PID's proportional taper
    /// would dose less and less long before the gas is back; instead the valve doses at the most it can deliver (the
    /// time proportioning's continuous-opening limit still applies) with the PID held, until the estimate is within
    /// the handover distance of the set point; then the PID resumes from the integral it held, as after any hold. A
    /// time-optimal (bang-bang) approach with the switch moved ahead by the estimate's known lag; only after a hold,
    /// where the held integral is the duty that holds the set point (at start-up there is none to hand over to).</para>
    /// <para>Safe state: valve closed. CO2 under-dose harms slowly (the medium drifts alkaline over hours as CO2
    /// leaves), over-dose fast (pure CO2 acidifies it within minutes), and a blind valve can only over-dose.</para>
    /// <para>Hold: while suspended or faulted the PID is not updated, so its integral keeps the valve duty that held
    /// the set point; the first update after the hold runs the PID at once with one control period as dt (bumpless:
    /// the output continues from the held integral plus the response to the error now seen). The mode returns to
    /// Normal by itself when the probe reads well again (restarting gas flow endangers no one); the alarm stays with
    /// the caller.</para>
    /// <code>
    ///            Suspended = true                        check fails
    ///   Normal ─────────────────► Suspended     any ─────────────────► ValveClosedOnFault
    ///      ▲     Suspended = false    │                                        │ check Ok again
    ///      └──────────────────────────┘  ◄─────────────────────────────────────┘ (to Suspended if still set)
    /// </code>
    /// <para>Allocation-free after construction. Not thread safe.</para>
    /// </remarks>
    public sealed class Co2Loop
    {
        private readonly PidController _pid;
        private readonly TimeProportioningOutput _valve;
        private readonly SensorValidator _validator;
        private readonly double _controlPeriodSeconds;
        private readonly double _integralBandPercent;
        private readonly double _probeLagSeconds;
        private readonly double _compensationFilterSeconds;
        private PidTunings _tunings;

        // _tunings with Ti = 0, for outside the integral band: made when the tunings change, not at each band switch.
        private PidTunings _tuningsWithoutIntegral;
        private bool _integrating;

        private double _setPointPercent;
        private bool _suspended;
        private Co2LoopMode _mode;
        private SensorCheck _check;
        private double _sincePidSeconds;
        private bool _runPidNow;
        private bool _hasPidSample;
        private readonly double _recoveryHandoverPercent;
        private bool _heldAfterPid;
        private bool _recovering;
        private bool _hasEstimate;
        private double _filteredPercent;
        private double _estimatePercent;
        private long _estimateSampleMilliseconds;
        private long _pidSampleMilliseconds;
        private double _valveDutyFraction;
        private bool _valveOpen;

        /// <summary>Creates the loop with the valve closed.</summary>
        /// <exception cref="ArgumentException">A setting is invalid (see <see cref="Co2LoopSettings.Validate"/>).</exception>
        public Co2Loop(Co2LoopSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            settings.Validate();
            _setPointPercent = settings.SetPointPercent;
            _controlPeriodSeconds = settings.ControlPeriodSeconds;
            _valve = new TimeProportioningOutput(settings.ValveWindowSeconds, settings.ValveMinimumOpenSeconds,
                settings.ValveMinimumClosedSeconds, settings.ValveMaximumOpenSeconds, settings.ValveForcedClosedSeconds);

            // The PID's ceiling is what the valve can deliver under its time limit, so the anti-windup sees the real limit.
            _pid = new PidController(settings.Tunings, 0.0, _valve.MaximumDeliverableDutyFraction);
            _tunings = settings.Tunings;
            _tuningsWithoutIntegral = WithoutIntegral(settings.Tunings);
            _integralBandPercent = settings.IntegralBandPercent;
            _recoveryHandoverPercent = settings.RecoveryHandoverPercent;
            _integrating = true;
            _probeLagSeconds = settings.ProbeLagSeconds;
            _compensationFilterSeconds = settings.LagCompensationFilterSeconds;
            _validator = new SensorValidator(settings.MinimumPercent, settings.MaximumPercent,
                settings.MaximumSampleAgeMilliseconds, settings.MaximumRatePercentPerSecond);
            _validator.RateAllowance = settings.RateAllowancePercent;
            _validator.FrozenWindowSeconds = settings.FrozenWindowSeconds;
            _mode = Co2LoopMode.Normal;
            _check = SensorCheck.Stale;
            _runPidNow = true;
        }

        /// <summary>The CO2 set point, % v/v, in [0, 20].</summary>
        public double SetPointPercent
        {
            get { return _setPointPercent; }
            set
            {
                if (double.IsNaN(value) || value < 0.0 || value > 20.0)
                {
                    throw new ArgumentOutOfRangeException("SetPointPercent", "SetPointPercent must be in [0, 20] %");
                }

                _setPointPercent = value;
            }
        }

        /// <summary>PID tunings; changing them is bumpless.</summary>
        public PidTunings Tunings
        {
            get { return _tunings; }
            set
            {
                if (value == null)
                {
                    throw new ArgumentNullException("Tunings");
                }

                PidTunings withoutIntegral = WithoutIntegral(value);
                _pid.Tunings = _integrating ? value : withoutIntegral;
                _tunings = value;
                _tuningsWithoutIntegral = withoutIntegral;
            }
        }

        /// <summary>True when the last PID update integrated (the error was within the integral band).</summary>
        public bool IsIntegrating
        {
            get { return _integrating; }
        }

        /// <summary>
        /// Door open: while true the valve is closed and the PID held; clearing it resumes bumplessly. The safety
        /// layer decides when.
        /// </summary>
        public bool Suspended
        {
            get { return _suspended; }
            set { _suspended = value; }
        }

        /// <summary>
        /// True while the loop recovers from a hold at full dose (<see cref="Co2LoopSettings.RecoveryHandoverPercent"/>):
        /// the valve at its most, the PID held until the estimate is within the handover distance of the set point.
        /// </summary>
        public bool IsRecovering
        {
            get { return _recovering; }
        }

        /// <summary>What the loop did at the last update.</summary>
        public Co2LoopMode Mode
        {
            get { return _mode; }
        }

        /// <summary>The probe's verdict at the last update.</summary>
        public SensorCheck Co2Check
        {
            get { return _check; }
        }

        /// <summary>The probe driver's own status at the last update.</summary>
        public SensorStatus Co2DriverStatus
        {
            get { return _validator.LastDriverStatus; }
        }

        /// <summary>The last good CO2 reading, % v/v.</summary>
        public double MeasuredPercent
        {
            get { return _validator.LastGoodValue; }
        }

        /// <summary>
        /// The CO2 the PID works on, % v/v: the last good reading with the probe's lag compensated (equal to the reading
        /// when <see cref="Co2LoopSettings.ProbeLagSeconds"/> is 0).
        /// </summary>
        public double EstimatedPercent
        {
            get { return _estimatePercent; }
        }

        /// <summary>The valve duty requested of the time-proportioning output, 0–1 (0 while held).</summary>
        public double ValveDutyFraction
        {
            get { return _valveDutyFraction; }
        }

        /// <summary>True when the valve is to be open during the next tick.</summary>
        public bool ValveOpen
        {
            get { return _valveOpen; }
        }

        /// <summary>Length of the present valve opening, seconds (0 when closed).</summary>
        public double ContinuousOpenSeconds
        {
            get { return _valve.ContinuousOnSeconds; }
        }

        /// <summary>How many times the maximum continuous opening ended or refused a pulse.</summary>
        public int ValveTimeLimitCount
        {
            get { return _valve.MaximumOnLimitCount; }
        }

        /// <summary>The PID's proportional term (duty fraction).</summary>
        public double ProportionalTerm
        {
            get { return _pid.ProportionalTerm; }
        }

        /// <summary>The PID's integral term (duty fraction).</summary>
        public double IntegralTerm
        {
            get { return _pid.IntegralTerm; }
        }

        /// <summary>The PID's derivative term (duty fraction).</summary>
        public double DerivativeTerm
        {
            get { return _pid.DerivativeTerm; }
        }

        /// <summary>
        /// <see cref="Regulate"/> then <see cref="DriveValve"/> with the same <paramref name="dtSeconds"/>: the whole loop at one
        /// rate. Returns true when the valve is to be open during the next <paramref name="dtSeconds"/>. Allocates nothing.
        /// </summary>
        /// <param name="co2">The CO2 probe's latest reading, % v/v.</param>
        /// <param name="nowMilliseconds">The monotonic clock now (for the sample's age).</param>
        /// <param name="dtSeconds">Time until the next update, finite and &gt; 0.</param>
        public bool Update(SensorReading co2, long nowMilliseconds, double dtSeconds)
        {
            Regulate(co2, nowMilliseconds, dtSeconds);
            return DriveValve(dtSeconds);
        }

        /// <summary>
        /// The valve's time proportioning: opens or closes the valve for the next <paramref name="dtSeconds"/> by the duty the
        /// last <see cref="Regulate"/> set. Called every control tick (the valve's 4 s window has a 0.1 s minimum opening,
        /// finer than the process rate); allocates nothing.
        /// </summary>
        /// <param name="dtSeconds">Time until the next call, finite and &gt; 0.</param>
        /// <returns>True when the valve is to be open.</returns>
        public bool DriveValve(double dtSeconds)
        {
            _valveOpen = _valve.Update(_valveDutyFraction, dtSeconds);
            return _valveOpen;
        }

        /// <summary>
        /// The regulating step: validates the probe and runs the PID on each new probe sample (at most once per control
        /// period), setting the duty <see cref="DriveValve"/> applies. <paramref name="dtSeconds"/> is the time since the
        /// previous <see cref="Regulate"/> (the process rate, 200 ms by default). Allocates nothing.
        /// </summary>
        /// <param name="co2">The CO2 probe's latest reading, % v/v.</param>
        /// <param name="nowMilliseconds">The monotonic clock now (for the sample's age).</param>
        /// <param name="dtSeconds">Time since the previous regulating step, finite and &gt; 0.</param>
        public void Regulate(SensorReading co2, long nowMilliseconds, double dtSeconds)
        {
            if (double.IsNaN(dtSeconds) || !(dtSeconds > 0.0) || double.IsInfinity(dtSeconds))
            {
                throw Finite.TimeStepRefused(dtSeconds);
            }

            _check = _validator.Check(co2, nowMilliseconds);
            if (_check == SensorCheck.Ok)
            {
                Estimate(co2);
            }
            else
            {
                _hasEstimate = false;
            }

            if (_check != SensorCheck.Ok || _suspended)
            {
                _mode = _check != SensorCheck.Ok ? Co2LoopMode.ValveClosedOnFault : Co2LoopMode.Suspended;
                _valveDutyFraction = 0.0;
                _valve.ForceOff();
                _runPidNow = true;
                _heldAfterPid = _heldAfterPid || _hasPidSample;
                _recovering = false;
                return;
            }

            _mode = Co2LoopMode.Normal;
            _sincePidSeconds += dtSeconds;
            bool newSample = !_hasPidSample || co2.SampleMilliseconds != _pidSampleMilliseconds;
            if (_runPidNow || (newSample && _sincePidSeconds >= _controlPeriodSeconds - 1e-9))
            {
                _hasPidSample = true;
                _pidSampleMilliseconds = co2.SampleMilliseconds;
                if (_runPidNow)
                {
                    // The first step after a hold that left the CO2 below the integral band: recover at full dose.
                    _recovering = _heldAfterPid && _recoveryHandoverPercent > 0.0
                        && _setPointPercent - _estimatePercent > _integralBandPercent;
                    _heldAfterPid = false;
                }

                if (_recovering && _setPointPercent - _estimatePercent > _recoveryHandoverPercent)
                {
                    // Recovery: the valve at the most it can deliver (the time proportioning's continuous-opening limit
                    // still applies); the PID is not run, so its integral keeps the duty that held the set point.
                    _valveDutyFraction = 1.0;
                    _sincePidSeconds = 0.0;
                    _runPidNow = false;
                    return;
                }

                // The PID takes over where the hold left it (bumpless: one control period as dt, the held integral).
                bool handover = _recovering;
                _recovering = false;
                double pidDtSeconds = _runPidNow || handover ? _controlPeriodSeconds : _sincePidSeconds;
                bool integrate = Math.Abs(_setPointPercent - _estimatePercent) <= _integralBandPercent;
                if (integrate != _integrating)
                {
                    // Ti = 0 stops integration and keeps the integral as a bias; the change is bumpless.
                    _pid.Tunings = integrate ? _tunings : _tuningsWithoutIntegral;
                    _integrating = integrate;
                }

                _valveDutyFraction = _pid.Update(_setPointPercent, _estimatePercent, pidDtSeconds);
                _sincePidSeconds = 0.0;
                _runPidNow = false;
            }
        }

        // Probe-lag compensation on each new sample: y_f follows the reading y with the filter's time constant τf,
        // and x̂ = y_f + (τs/τf)·(y − y_f) = y_f + τs·dy_f/dt inverts the probe's first-order lag τs on the filtered
        // signal, so x̂ lags the true CO2 by τf instead of τs (see the class remarks).
        private void Estimate(SensorReading co2)
        {
            if (_probeLagSeconds <= 0.0)
            {
                _estimatePercent = co2.Value;
                _hasEstimate = true;
                return;
            }

            if (!_hasEstimate)
            {
                _filteredPercent = co2.Value;
                _estimatePercent = co2.Value;
                _estimateSampleMilliseconds = co2.SampleMilliseconds;
                _hasEstimate = true;
                return;
            }

            long sinceMilliseconds = co2.SampleMilliseconds - _estimateSampleMilliseconds;
            if (sinceMilliseconds <= 0)
            {
                return;
            }

            double weight = 1.0 - Math.Exp(-(sinceMilliseconds / 1000.0) / _compensationFilterSeconds);
            _filteredPercent += weight * (co2.Value - _filteredPercent);
            _estimatePercent = _filteredPercent + (_probeLagSeconds / _compensationFilterSeconds) * (co2.Value - _filteredPercent);
            _estimateSampleMilliseconds = co2.SampleMilliseconds;
        }

        private static PidTunings WithoutIntegral(PidTunings tunings)
        {
            return new PidTunings(tunings.ProportionalGain, 0.0, tunings.DerivativeTimeSeconds);
        }
    }
}
