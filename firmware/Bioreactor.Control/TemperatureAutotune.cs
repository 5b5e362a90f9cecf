using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control
{
    /// <summary>
    /// The temperature cascade's autotune: two relay experiments (Åström &amp; Hägglund 1984, see
    /// <see cref="RelayAutotune"/>), first on the plate loop, then on the liquid loop with the plate loop closed, find
    /// the ultimate gain and period of each; tuning rules turn them into the cascade's tunings, which are applied when
    /// both stages succeed. Runs on the periodic path in place of <see cref="TemperatureLoop.Update"/>; allocation-free
    /// after construction.
    /// </summary>
    /// <remarks>
    /// <para><b>Size.</b> This file is the cascade sequence only (settle, stage 1, stage 2, abort checks, hand-back); the
    /// parts are their own classes: <see cref="RelayStage"/> (the normalised relay, averaging, oscillation and ultimate
    /// gain), <see cref="RelayAutotune"/> (relay and cycle measurement), <see cref="SettlingWindow"/> and
    /// <see cref="ProbeNoiseMeter"/>. It stays near 900 lines because it publishes every figure of a run (about 30
    /// read-only properties the bench, the status and the tests read) and documents the procedure's measured results
    /// below, where its settings are chosen.</para>
    /// <para><b>States.</b></para>
    /// <code>
    ///  Idle / Succeeded / Failed ──Start()──► Settling: the cascade controls; waits until the liquid has stayed within
    ///                                           │ ±StartBand of its set point for SettleSeconds; averages the heater
    ///                                           │ duty, the plate offset and the plate; measures both probes' noise
    ///                                           │ settled: hysteresis and relay amplitudes fixed
    ///                                           ▼
    ///                                        InnerRelay (stage 1): heater duty = d̄ ± d_in, switched on the
    ///                                           │ 1-s-averaged plate around its settled mean → Ku_in, Tu_in
    ///                                           │ → inner tunings (InnerRule)
    ///                                           ▼
    ///                                        OuterRelay (stage 2): plate set point = SP + ō ± d_out, the plate
    ///                                           │ held by a PI with the NEW inner tunings, switched on the
    ///                                           │ 5-s-averaged liquid around SP → Ku_out, Tu_out
    ///                                           │ → outer tunings (OuterRule)
    ///                                           ▼
    ///                                        Succeeded: tunings written to the loop (bumpless), cascade controls
    ///
    ///  Settling/InnerRelay/OuterRelay ──abort──► Failed(reason): the loop's tunings were never touched; the cascade
    ///    controls again in the same tick. Reasons: Cancel(); door opened (while settling it only restarts the
    ///    settled window); heater inhibited by safety; set point changed; probe fault; liquid outside
    ///    ±LiquidSafetyBand; plate above its limit or outside its band (stage 1); not settled in time; relay timeout;
    ///    no relay headroom; probe too noisy; oscillation &lt; 1.2 × hysteresis; outer period &lt; 3 × inner period;
    ///    Abort(reason) by the composition (control disabled, internal fault).
    /// </code>
    /// <para><b>Stage 1, the plate loop.</b> The relay switches the heater duty symmetrically about the settled duty d̄
    /// (a symmetric relay about the holding output keeps the oscillation centred; <see cref="RelayAutotune"/>), so
    /// d_in ≤ min(d̄, 1 − d̄). The measurement is the plate averaged over the inner PID's period (1 s), which divides the
    /// probe noise by √(samples per period) at the cost of half a period of lag, the lag the plate PID sees anyway. The
    /// liquid is not controlled during this stage; it barely moves, because the plate oscillates about its settled
    /// temperature with a period of tens of seconds, which 1 L of medium (a time constant of about a quarter of an
    /// hour) filters out.</para>
    /// <para><b>Stage 2, the liquid loop.</b> The relay switches the plate set point about the settled plate offset ō,
    /// with the plate held by a PI using the tunings stage 1 found (the cascade's inner loop, as it will run). d_out is
    /// bounded so the high plate set point stays <see cref="TemperatureAutotuneSettings.PlateLimitMarginCelsius"/>
    /// below the plate limit. The measurement is the liquid averaged over the outer PID's period (5 s).</para>
    /// <para><b>Hysteresis, and what Ku and Tu mean here.</b> ε = max(<see cref="TemperatureAutotuneSettings.MinimumHysteresisCelsius"/>,
    /// 4 × the noise of the averaged measurement), that noise being the raw probe noise measured while settled (from
    /// successive sample differences, which a slow process hardly disturbs) divided by √(samples per averaging period).
    /// On the virtual reference rig (0.02 °C probe noise, 10 samples/s) ε ≈ 0.028 °C for the plate and 0.012 °C for the
    /// liquid, against oscillations of about 0.05 and 0.04 °C (first harmonic). A relay with hysteresis oscillates where
    /// the plant's phase is −180° + arcsin(ε/a) (its describing function, Åström &amp; Hägglund 1984), below the
    /// ultimate frequency. Moreover the plate heats several times faster than it can cool (it loses heat only through
    /// the bag film and to the room: about 0.085 °C/s up against 0.015 °C/s down on the reference rig), so the outer
    /// relay's downward plate steps are rate-limited, which lengthens the period further. Both make the Ku found lower
    /// and the Tu longer than the small-signal ultimate values, so the rules give lower gains and longer integral times:
    /// conservative, never aggressive, as long as a is clearly above ε (hence
    /// <see cref="TemperatureAutotuneSettings.MinimumAmplitudeToHysteresisRatio"/>: as a approaches ε,
    /// 4d/(π·√(a² − ε²)) grows without bound).</para>
    /// <para><b>Rules.</b> Inner: Tyreus–Luyben PI by default. A cascade's inner loop should be fast, but in a warm-up
    /// the plate set point sits at the plate limit, and a less damped loop carries the plate further past it: on the
    /// virtual rigs below, Ziegler–Nichols PI (quarter-amplitude decay) let the plate overshoot its limit by up to
    /// 0.21 °C at the end of a warm-up, Tyreus–Luyben (Kc = Ku/3.2, Ti = 2.2·Tu) by up to 0.11 °C. The inner ultimate
    /// period still comes out about a twelfth of the outer one, so the cascade stays well separated. No derivative: it
    /// would turn the probe noise into heater duty. Outer: Tyreus–Luyben PI, the conservative rule for a slow,
    /// lag-dominant thermal plant. Both are settable.</para>
    /// <para><b>Safety.</b> The procedure only requests the heater; the safety layer still decides (the composition
    /// routes the request through it), and an inhibit aborts the run. The plate never exceeds its limit: the stage-1
    /// relay leaves the plate near its settled temperature, the stage-2 set point stays a margin below the limit, and a
    /// plate reading above the limit aborts. The liquid stays within ±LiquidSafetyBand (default 0.5 °C) or the run
    /// aborts.</para>
    /// <para><b>Measured</b> (host closed-loop tests on the virtual bioreactor: rocking at 10 rpm, 0.02 °C probe noise,
    /// ±2 °C room drift). Reference rig: 41 minutes (10 settling, 2.5 inner relay, 29 outer relay); inner Ku 4.6 /°C,
    /// Tu 21 s → Kc 1.44 /°C, Ti 46 s; outer Ku 30, Tu 255 s → Kc 9.3, Ti 561 s (defaults: 0.4 /°C, 60 s and 6, 150 s);
    /// plate at most 39.55 °C and the liquid within 0.063 °C of its set point during the relays; afterwards the liquid
    /// stayed within ±0.1 °C for 100 % of 24 h (worst 0.038 °C, at the hand-back). Heater power, thermal masses, heat
    /// losses and probe lags each ±30 %: 41–43 minutes, 100 % of 24 h within ±0.1 °C, worst 0.036–0.054 °C. With the
    /// default tunings the same days stay within 0.014–0.018 °C: on this rig the autotune's (conservative) tunings meet
    /// the band with margin but do not beat tunings chosen by simulation. Costs: the longer outer Ti
    /// slows a warm-up from room temperature (it settled in 1.2–2.1 × the defaults' time), and the higher inner gain
    /// let the plate pass its 40 °C set-point limit by up to 0.11 °C at the end of a warm-up on the most powerful rigs
    /// (the safety trip is 42 °C). Not possible (NoRelayHeadroom) when the settled plate is within about 0.8 °C of its
    /// limit, e.g. on a lossy rig rocking fast: tune while rocking more slowly.</para>
    /// <para><b>Hand-back.</b> The cascade's PIDs are not run during the relays (running them against outputs they do
    /// not drive would wind their integrals) and resume where they stopped, at the settled operating point the relays
    /// oscillate about; the new tunings are written through <see cref="TemperatureLoop.InnerTunings"/> and
    /// <see cref="TemperatureLoop.OuterTunings"/>, which are bumpless. The liquid is then wherever the last relay cycle
    /// left it (within a few hundredths of a degree) and the cascade takes it back: that is the run's largest deviation
    /// afterwards.</para>
    /// </remarks>
    public sealed class TemperatureAutotune
    {
        private const double PeriodToleranceSeconds = 1e-9;

        // All zero (not valid tunings): the found and previous tunings until a run has produced or recorded them.
        private static readonly PidTunings NoTunings = new PidTunings(0.0, 0.0, 0.0);

        private readonly TemperatureLoop _loop;
        private readonly SensorValidator _liquidValidator;
        private readonly SensorValidator _plateValidator;
        private readonly RelayStage _inner;
        private readonly RelayStage _outer;
        private readonly PidController _innerPid;
        private readonly TimeProportioningOutput _heater;

        private readonly double _innerPeriodSeconds;
        private readonly double _outerPeriodSeconds;
        private readonly double _plateLimitCelsius;
        private readonly double _plateMinimumSetPointCelsius;

        private readonly double _startBandCelsius;
        private readonly double _settleTimeoutSeconds;
        private readonly double _liquidSafetyBandCelsius;
        private readonly double _plateSafetyBandCelsius;
        private readonly double _plateLimitMarginCelsius;
        private readonly double _innerRelayAmplitudeRequested;
        private readonly double _innerMinimumRelayAmplitude;
        private readonly double _outerRelayAmplitudeRequested;
        private readonly double _outerMinimumRelayAmplitude;
        private readonly double _hysteresisNoiseMultiple;
        private readonly double _minimumHysteresisCelsius;
        private readonly double _maximumHysteresisCelsius;
        private readonly double _minimumAmplitudeRatio;
        private readonly TuningRule _innerRule;
        private readonly TuningRule _outerRule;
        private readonly double _minimumPeriodRatio;

        private TemperatureAutotunePhase _phase;
        private TemperatureAutotuneFailure _failure;
        private TemperatureAutotunePhase _failedPhase;
        private double _setPointCelsius;
        private double _elapsedSeconds;
        private double _phaseElapsedSeconds;
        private SensorCheck _liquidCheck;
        private SensorCheck _plateCheck;
        private bool _drivesHeater;
        private bool _heaterOn;
        private double _dutyFraction;
        private double _plateSetPointCelsius;

        private readonly SettlingWindow _settling;

        // Stage 2's plate loop.
        private double _innerSinceSeconds;
        private bool _runInnerNow;

        // Results.
        private double _biasDutyFraction;
        private double _plateOffsetBiasCelsius;
        private double _plateCentreCelsius;
        private double _liquidNoiseCelsius;
        private double _plateNoiseCelsius;
        private PidTunings _innerTuningsFound = NoTunings;
        private PidTunings _outerTuningsFound = NoTunings;

        // The run's result instances, made by Start and filled when a stage finds them (the tick does not allocate); the
        // found tunings above read NoTunings until then.
        private PidTunings _innerTuningsResult;
        private PidTunings _outerTuningsResult;
        private PidTunings _previousInnerTunings = NoTunings;
        private PidTunings _previousOuterTunings = NoTunings;
        private bool _hasPreviousTunings;
        private double _maximumPlateCelsius;
        private double _maximumLiquidDeviationCelsius;

        /// <summary>Creates an idle autotune for <paramref name="loop"/>, configured like it by <paramref name="loopSettings"/>.</summary>
        /// <param name="settings">The procedure's settings (validated).</param>
        /// <param name="loop">The cascade to tune; its tunings are written only when a run succeeds.</param>
        /// <param name="loopSettings">The settings the loop was built from: periods, limits, heater output and probe checks.</param>
        /// <exception cref="ArgumentException">A setting is invalid.</exception>
        public TemperatureAutotune(TemperatureAutotuneSettings settings, TemperatureLoop loop, TemperatureLoopSettings loopSettings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            if (loop == null)
            {
                throw new ArgumentNullException("loop");
            }

            if (loopSettings == null)
            {
                throw new ArgumentNullException("loopSettings");
            }

            settings.Validate();
            loopSettings.Validate();
            _loop = loop;
            _innerPeriodSeconds = loopSettings.InnerPeriodSeconds;
            _outerPeriodSeconds = loopSettings.OuterPeriodSeconds;
            _plateLimitCelsius = loopSettings.PlateLimitCelsius;
            _plateMinimumSetPointCelsius = loopSettings.PlateMinimumSetPointCelsius;

            _startBandCelsius = settings.StartBandCelsius;
            _settling = new SettlingWindow(settings.SettleSeconds);
            _settleTimeoutSeconds = settings.SettleTimeoutSeconds;
            _liquidSafetyBandCelsius = settings.LiquidSafetyBandCelsius;
            _plateSafetyBandCelsius = settings.PlateSafetyBandCelsius;
            _plateLimitMarginCelsius = settings.PlateLimitMarginCelsius;
            _innerRelayAmplitudeRequested = settings.InnerRelayAmplitudeFraction;
            _innerMinimumRelayAmplitude = settings.InnerMinimumRelayAmplitudeFraction;
            _outerRelayAmplitudeRequested = settings.OuterRelayAmplitudeCelsius;
            _outerMinimumRelayAmplitude = settings.OuterMinimumRelayAmplitudeCelsius;
            _hysteresisNoiseMultiple = settings.HysteresisNoiseMultiple;
            _minimumHysteresisCelsius = settings.MinimumHysteresisCelsius;
            _maximumHysteresisCelsius = settings.MaximumHysteresisCelsius;
            _minimumAmplitudeRatio = settings.MinimumAmplitudeToHysteresisRatio;
            _innerRule = settings.InnerRule;
            _outerRule = settings.OuterRule;
            _minimumPeriodRatio = settings.MinimumPeriodRatio;

            _liquidValidator = loopSettings.CreateLiquidValidator();
            _plateValidator = loopSettings.CreatePlateValidator();

            // Each stage's measurement is averaged over the period of the PID it tunes (see the class remarks).
            _inner = new RelayStage(averagingSeconds: _innerPeriodSeconds, timeoutSeconds: settings.InnerTimeoutSeconds,
                requiredCycles: settings.RequiredCycles);
            _outer = new RelayStage(averagingSeconds: _outerPeriodSeconds, timeoutSeconds: settings.OuterTimeoutSeconds,
                requiredCycles: settings.RequiredCycles);

            _innerPid = loopSettings.CreateInnerPid();
            _heater = loopSettings.CreateHeaterOutput();

            _phase = TemperatureAutotunePhase.Idle;
            _failure = TemperatureAutotuneFailure.None;
            _failedPhase = TemperatureAutotunePhase.Idle;
            _liquidCheck = SensorCheck.Stale;
            _plateCheck = SensorCheck.Stale;
        }

        /// <summary>Where the run is.</summary>
        public TemperatureAutotunePhase Phase
        {
            get { return _phase; }
        }

        /// <summary>True while Settling, InnerRelay or OuterRelay: <see cref="Update"/> must be called instead of the loop's.</summary>
        public bool IsActive
        {
            get
            {
                return _phase == TemperatureAutotunePhase.Settling || _phase == TemperatureAutotunePhase.InnerRelay
                    || _phase == TemperatureAutotunePhase.OuterRelay;
            }
        }

        /// <summary>True when the last <see cref="Update"/> drove the heater from a relay stage (not from the cascade).</summary>
        public bool DrivesHeater
        {
            get { return _drivesHeater; }
        }

        /// <summary>Why the run failed (None unless <see cref="Phase"/> is Failed).</summary>
        public TemperatureAutotuneFailure Failure
        {
            get { return _failure; }
        }

        /// <summary>The phase the run was in when it failed (Idle when it has not failed).</summary>
        public TemperatureAutotunePhase FailedPhase
        {
            get { return _failedPhase; }
        }

        /// <summary>A constant English message for <see cref="Failure"/>.</summary>
        public string FailureMessage
        {
            get { return TemperatureAutotuneFailures.Describe(_failure); }
        }

        /// <summary>Seconds since <see cref="Start"/> (the sum of the dt passed while active).</summary>
        public double ElapsedSeconds
        {
            get { return _elapsedSeconds; }
        }

        /// <summary>Seconds spent in the current (or, once finished, the last) phase.</summary>
        public double PhaseElapsedSeconds
        {
            get { return _phaseElapsedSeconds; }
        }

        /// <summary>The liquid set point the run works at, °C (taken at <see cref="Start"/>).</summary>
        public double SetPointCelsius
        {
            get { return _setPointCelsius; }
        }

        /// <summary>The liquid probe's verdict at the last update (the loop's while it controls, else this procedure's).</summary>
        public SensorCheck LiquidCheck
        {
            get { return _liquidCheck; }
        }

        /// <summary>The plate probe's verdict at the last update (the loop's while it controls, else this procedure's).</summary>
        public SensorCheck PlateCheck
        {
            get { return _plateCheck; }
        }

        /// <summary>The heater output the last <see cref="Update"/> returned.</summary>
        public bool HeaterOn
        {
            get { return _heaterOn; }
        }

        /// <summary>The heater duty requested by a relay stage at the last update, 0–1.</summary>
        public double HeaterDutyFraction
        {
            get { return _dutyFraction; }
        }

        /// <summary>The plate set point of stage 2 at the last update, °C.</summary>
        public double PlateSetPointCelsius
        {
            get { return _plateSetPointCelsius; }
        }

        /// <summary>Settled heater duty (stage 1's relay centre), 0–1.</summary>
        public double BiasDutyFraction
        {
            get { return _biasDutyFraction; }
        }

        /// <summary>Settled plate offset above the liquid set point (stage 2's relay centre), °C.</summary>
        public double PlateOffsetBiasCelsius
        {
            get { return _plateOffsetBiasCelsius; }
        }

        /// <summary>Settled mean plate temperature (stage 1's switching level), °C.</summary>
        public double PlateCentreCelsius
        {
            get { return _plateCentreCelsius; }
        }

        /// <summary>Measured raw noise (standard deviation) of the liquid probe, °C.</summary>
        public double LiquidNoiseCelsius
        {
            get { return _liquidNoiseCelsius; }
        }

        /// <summary>Measured raw noise (standard deviation) of the plate probe, °C.</summary>
        public double PlateNoiseCelsius
        {
            get { return _plateNoiseCelsius; }
        }

        /// <summary>Stage 1 hysteresis, °C of plate.</summary>
        public double InnerHysteresisCelsius
        {
            get { return _inner.Hysteresis; }
        }

        /// <summary>Stage 2 hysteresis, °C of liquid.</summary>
        public double OuterHysteresisCelsius
        {
            get { return _outer.Hysteresis; }
        }

        /// <summary>Stage 1 relay amplitude d_in, duty fraction.</summary>
        public double InnerRelayAmplitudeFraction
        {
            get { return _inner.Amplitude; }
        }

        /// <summary>Stage 2 relay amplitude d_out, °C of plate set point.</summary>
        public double OuterRelayAmplitudeCelsius
        {
            get { return _outer.Amplitude; }
        }

        /// <summary>Inner ultimate gain Ku_in, duty fraction per °C; 0 until stage 1 succeeded.</summary>
        public double InnerUltimateGain
        {
            get { return _inner.UltimateGain; }
        }

        /// <summary>Inner ultimate period Tu_in, s; 0 until stage 1 succeeded.</summary>
        public double InnerUltimatePeriodSeconds
        {
            get { return _inner.UltimatePeriodSeconds; }
        }

        /// <summary>Stage 1's first-harmonic plate oscillation amplitude, °C.</summary>
        public double InnerOscillationCelsius
        {
            get { return _inner.OscillationCelsius; }
        }

        /// <summary>Outer ultimate gain Ku_out, °C of plate set point per °C of liquid; 0 until stage 2 succeeded.</summary>
        public double OuterUltimateGain
        {
            get { return _outer.UltimateGain; }
        }

        /// <summary>Outer ultimate period Tu_out, s; 0 until stage 2 succeeded.</summary>
        public double OuterUltimatePeriodSeconds
        {
            get { return _outer.UltimatePeriodSeconds; }
        }

        /// <summary>Stage 2's first-harmonic liquid oscillation amplitude, °C.</summary>
        public double OuterOscillationCelsius
        {
            get { return _outer.OscillationCelsius; }
        }

        /// <summary>Inner tunings found by stage 1 (valid once stage 1 succeeded; applied only if stage 2 succeeds too).</summary>
        public PidTunings InnerTuningsFound
        {
            get { return _innerTuningsFound; }
        }

        /// <summary>Outer tunings found by stage 2 (valid once Succeeded).</summary>
        public PidTunings OuterTuningsFound
        {
            get { return _outerTuningsFound; }
        }

        /// <summary>The loop's inner tunings when the last run started.</summary>
        public PidTunings PreviousInnerTunings
        {
            get { return _previousInnerTunings; }
        }

        /// <summary>The loop's outer tunings when the last run started.</summary>
        public PidTunings PreviousOuterTunings
        {
            get { return _previousOuterTunings; }
        }

        /// <summary>Seconds stage 1 ran.</summary>
        public double InnerRelaySeconds
        {
            get { return _inner.Seconds; }
        }

        /// <summary>Seconds stage 2 ran.</summary>
        public double OuterRelaySeconds
        {
            get { return _outer.Seconds; }
        }

        /// <summary>Highest plate reading while a relay drove the heater, °C (0 before).</summary>
        public double MaximumPlateCelsius
        {
            get { return _maximumPlateCelsius; }
        }

        /// <summary>Largest |liquid reading − set point| while a relay drove the heater, °C.</summary>
        public double MaximumLiquidDeviationCelsius
        {
            get { return _maximumLiquidDeviationCelsius; }
        }

        /// <summary>
        /// Starts a run (Idle, Succeeded or Failed → Settling) at the loop's current liquid set point. Clears the previous
        /// run's results. Not on the periodic path.
        /// </summary>
        /// <returns>False, changing nothing, when a run is already active.</returns>
        public bool Start()
        {
            if (IsActive)
            {
                return false;
            }

            _inner.Clear();
            _outer.Clear();
            _liquidValidator.Reset();
            _plateValidator.Reset();
            _setPointCelsius = _loop.LiquidSetPointCelsius;
            _previousInnerTunings = _loop.InnerTunings;
            _previousOuterTunings = _loop.OuterTunings;
            _hasPreviousTunings = true;
            _failure = TemperatureAutotuneFailure.None;
            _failedPhase = TemperatureAutotunePhase.Idle;
            _elapsedSeconds = 0.0;
            _drivesHeater = false;
            _heaterOn = false;
            _dutyFraction = 0.0;
            _plateSetPointCelsius = 0.0;
            _biasDutyFraction = 0.0;
            _plateOffsetBiasCelsius = 0.0;
            _plateCentreCelsius = 0.0;
            _liquidNoiseCelsius = 0.0;
            _plateNoiseCelsius = 0.0;
            _innerTuningsFound = NoTunings;
            _outerTuningsFound = NoTunings;
            _innerTuningsResult = new PidTunings(0.0, 0.0, 0.0);
            _outerTuningsResult = new PidTunings(0.0, 0.0, 0.0);
            _maximumPlateCelsius = 0.0;
            _maximumLiquidDeviationCelsius = 0.0;
            EnterPhase(TemperatureAutotunePhase.Settling);
            _settling.Reset();
            return true;
        }

        /// <summary>Operator cancel: an active run → Failed(Cancelled), the cascade controls with its previous tunings.</summary>
        /// <returns>True when a run was active.</returns>
        public bool Cancel()
        {
            return Abort(TemperatureAutotuneFailure.Cancelled);
        }

        /// <summary>
        /// Aborts an active run for a reason the composition detected (control disabled, an internal fault). Never throws.
        /// </summary>
        /// <returns>True when a run was active.</returns>
        public bool Abort(TemperatureAutotuneFailure reason)
        {
            if (!IsActive)
            {
                return false;
            }

            Fail(reason == TemperatureAutotuneFailure.None ? TemperatureAutotuneFailure.ControlFault : reason);
            return true;
        }

        /// <summary>
        /// Writes back the tunings the loop had when the last run started (to undo a successful run). Bumpless.
        /// </summary>
        /// <returns>False, changing nothing, while a run is active or before any run.</returns>
        public bool RestorePreviousTunings()
        {
            if (IsActive || !_hasPreviousTunings)
            {
                return false;
            }

            _loop.InnerTunings = _previousInnerTunings;
            _loop.OuterTunings = _previousOuterTunings;
            return true;
        }

        /// <summary>
        /// <see cref="Regulate"/> then <see cref="DriveHeater"/> with the same <paramref name="dtSeconds"/>, in place of
        /// <see cref="TemperatureLoop.Update"/>. Returns true when the heater is to be on during the next
        /// <paramref name="dtSeconds"/>. Allocates nothing.
        /// </summary>
        /// <param name="liquid">The liquid probe's latest reading, °C.</param>
        /// <param name="plate">The plate probe's latest reading, °C.</param>
        /// <param name="doorOpen">The door switch: open aborts a relay stage (and restarts the settled window while settling).</param>
        /// <param name="heaterInhibited">The safety layer held the heater off at the last tick: aborts an active run.</param>
        /// <param name="nowMilliseconds">The monotonic clock now.</param>
        /// <param name="dtSeconds">Time until the next update, finite and &gt; 0.</param>
        public bool Update(SensorReading liquid, SensorReading plate, bool doorOpen, bool heaterInhibited,
            long nowMilliseconds, double dtSeconds)
        {
            Regulate(liquid, plate, doorOpen, heaterInhibited, nowMilliseconds, dtSeconds);
            return DriveHeater(dtSeconds);
        }

        /// <summary>
        /// Switches the heater for the next <paramref name="dtSeconds"/>: by the relay stage's duty while a relay drives it,
        /// else through the cascade's <see cref="TemperatureLoop.DriveHeater"/>. Called every control tick; allocates nothing.
        /// </summary>
        /// <param name="dtSeconds">Time until the next call, finite and &gt; 0.</param>
        /// <returns>True when the heater is to be on.</returns>
        public bool DriveHeater(double dtSeconds)
        {
            _heaterOn = _drivesHeater ? _heater.Update(_dutyFraction, dtSeconds) : _loop.DriveHeater(dtSeconds);
            return _heaterOn;
        }

        /// <summary>
        /// The regulating step in place of <see cref="TemperatureLoop.Regulate"/> (which it calls itself while the cascade
        /// controls: when inactive, while settling, and at the step a run ends): checks the abort conditions, runs the
        /// relay stages and sets the duty <see cref="DriveHeater"/> applies. <paramref name="dtSeconds"/> is the time since
        /// the previous regulating step. Allocates nothing.
        /// </summary>
        /// <param name="liquid">The liquid probe's latest reading, °C.</param>
        /// <param name="plate">The plate probe's latest reading, °C.</param>
        /// <param name="doorOpen">The door switch: open aborts a relay stage (and restarts the settled window while settling).</param>
        /// <param name="heaterInhibited">The safety layer held the heater off at its last check: aborts an active run.</param>
        /// <param name="nowMilliseconds">The monotonic clock now.</param>
        /// <param name="dtSeconds">Time since the previous regulating step, finite and &gt; 0.</param>
        public void Regulate(SensorReading liquid, SensorReading plate, bool doorOpen, bool heaterInhibited,
            long nowMilliseconds, double dtSeconds)
        {
            if (double.IsNaN(dtSeconds) || !(dtSeconds > 0.0) || double.IsInfinity(dtSeconds))
            {
                throw Finite.TimeStepRefused(dtSeconds);
            }

            if (!IsActive)
            {
                RunLoop(liquid, plate, nowMilliseconds, dtSeconds);
                return;
            }

            SensorCheck liquidCheck = _liquidValidator.Check(liquid, nowMilliseconds);
            SensorCheck plateCheck = _plateValidator.Check(plate, nowMilliseconds);
            _elapsedSeconds += dtSeconds;
            _phaseElapsedSeconds += dtSeconds;

            TemperatureAutotuneFailure reason = TemperatureAutotuneFailure.None;
            if (doorOpen && _phase != TemperatureAutotunePhase.Settling)
            {
                reason = TemperatureAutotuneFailure.DoorOpened;
            }
            else if (heaterInhibited)
            {
                reason = TemperatureAutotuneFailure.HeaterInhibited;
            }
            else if (_loop.LiquidSetPointCelsius != _setPointCelsius)
            {
                reason = TemperatureAutotuneFailure.SetPointChanged;
            }

            if (reason != TemperatureAutotuneFailure.None)
            {
                Fail(reason);
                RunLoop(liquid, plate, nowMilliseconds, dtSeconds);
                return;
            }

            if (_phase == TemperatureAutotunePhase.Settling)
            {
                UpdateSettling(liquid, plate, doorOpen, nowMilliseconds, dtSeconds);
                return;
            }

            _drivesHeater = true;
            _liquidCheck = liquidCheck;
            _plateCheck = plateCheck;
            if (liquidCheck != SensorCheck.Ok || plateCheck != SensorCheck.Ok)
            {
                Fail(TemperatureAutotuneFailure.SensorFault);
                RunLoop(liquid, plate, nowMilliseconds, dtSeconds);
                return;
            }

            double plateCelsius = plate.Value;
            double liquidDeviation = Math.Abs(liquid.Value - _setPointCelsius);
            if (plateCelsius > _maximumPlateCelsius)
            {
                _maximumPlateCelsius = plateCelsius;
            }

            if (liquidDeviation > _maximumLiquidDeviationCelsius)
            {
                _maximumLiquidDeviationCelsius = liquidDeviation;
            }

            if (plateCelsius > _plateLimitCelsius
                || (_phase == TemperatureAutotunePhase.InnerRelay
                    && Math.Abs(plateCelsius - _plateCentreCelsius) > _plateSafetyBandCelsius))
            {
                Fail(TemperatureAutotuneFailure.PlateSafetyLimit);
                RunLoop(liquid, plate, nowMilliseconds, dtSeconds);
                return;
            }

            if (liquidDeviation > _liquidSafetyBandCelsius)
            {
                Fail(TemperatureAutotuneFailure.LiquidLeftSafetyBand);
                RunLoop(liquid, plate, nowMilliseconds, dtSeconds);
                return;
            }

            bool continuing = _phase == TemperatureAutotunePhase.InnerRelay
                ? StepInnerRelay(plateCelsius, dtSeconds)
                : StepOuterRelay(liquid.Value, plateCelsius, dtSeconds);
            if (!continuing)
            {
                // Succeeded or failed at this tick: the cascade controls from now on.
                RunLoop(liquid, plate, nowMilliseconds, dtSeconds);
                return;
            }

        }

        private void RunLoop(SensorReading liquid, SensorReading plate, long nowMilliseconds, double dtSeconds)
        {
            _drivesHeater = false;
            _loop.Regulate(liquid, plate, nowMilliseconds, dtSeconds);
            _liquidCheck = _loop.LiquidCheck;
            _plateCheck = _loop.PlateCheck;
        }

        private void UpdateSettling(SensorReading liquid, SensorReading plate, bool doorOpen, long nowMilliseconds, double dtSeconds)
        {
            RunLoop(liquid, plate, nowMilliseconds, dtSeconds);
            if (_loop.Mode != TemperatureLoopMode.Normal)
            {
                Fail(TemperatureAutotuneFailure.SensorFault);
                return;
            }

            if (doorOpen || Math.Abs(liquid.Value - _setPointCelsius) > _startBandCelsius)
            {
                // The cascade controls while settling: leaving the band or opening the door restarts the window.
                _settling.Reset();
            }
            else if (_settling.Add(_loop.HeaterDutyFraction, _loop.PlateSetPointCelsius - _setPointCelsius, liquid, plate, dtSeconds))
            {
                BeginInnerRelay();
                return;
            }

            if (_phaseElapsedSeconds > _settleTimeoutSeconds)
            {
                Fail(TemperatureAutotuneFailure.NotSettled);
            }
        }

        private void BeginInnerRelay()
        {
            _biasDutyFraction = _settling.MeanDutyFraction;
            _plateOffsetBiasCelsius = _settling.MeanPlateOffsetCelsius;
            _plateCentreCelsius = _settling.MeanPlateCelsius;
            _liquidNoiseCelsius = _settling.LiquidNoiseCelsius;
            _plateNoiseCelsius = _settling.PlateNoiseCelsius;
            _inner.Hysteresis = Hysteresis(_plateNoiseCelsius, _settling.PlateSamplesPerSecond * _innerPeriodSeconds);
            _outer.Hysteresis = Hysteresis(_liquidNoiseCelsius, _settling.LiquidSamplesPerSecond * _outerPeriodSeconds);
            if (_inner.Hysteresis > _maximumHysteresisCelsius || _outer.Hysteresis > _maximumHysteresisCelsius)
            {
                Fail(TemperatureAutotuneFailure.MeasurementTooNoisy);
                return;
            }

            _inner.Amplitude = Math.Min(_innerRelayAmplitudeRequested,
                Math.Min(_biasDutyFraction, 1.0 - _biasDutyFraction));
            double plateCentreSetPoint = _setPointCelsius + _plateOffsetBiasCelsius;
            _outer.Amplitude = Math.Min(_outerRelayAmplitudeRequested,
                Math.Min(_plateLimitCelsius - _plateLimitMarginCelsius - plateCentreSetPoint,
                    plateCentreSetPoint - _plateMinimumSetPointCelsius));
            if (_inner.Amplitude < _innerMinimumRelayAmplitude || _outer.Amplitude < _outerMinimumRelayAmplitude)
            {
                Fail(TemperatureAutotuneFailure.NoRelayHeadroom);
                return;
            }

            _heater.Reset();
            _dutyFraction = _biasDutyFraction;
            _inner.Begin();
            EnterPhase(TemperatureAutotunePhase.InnerRelay);
        }

        private bool StepInnerRelay(double plateCelsius, double dtSeconds)
        {
            RelayStep step = _inner.Step(plateCelsius, _plateCentreCelsius, dtSeconds);
            if (step == RelayStep.Switched)
            {
                _dutyFraction = _biasDutyFraction + _inner.Amplitude * _inner.Output;
            }

            return step == RelayStep.Averaging || step == RelayStep.Switched || (Finished(_inner, step) && FinishInnerRelay());
        }

        // A stage's relay has stopped: false (the run failed) unless it measured an oscillation clearly above its hysteresis.
        private bool Finished(RelayStage stage, RelayStep step)
        {
            if (step == RelayStep.Failed)
            {
                Fail(MapRelayFailure(stage.Failure));
                return false;
            }

            if (stage.AmplitudeToHysteresis < _minimumAmplitudeRatio)
            {
                Fail(TemperatureAutotuneFailure.OscillationTooSmall);
                return false;
            }

            stage.ReadUltimate();
            return true;
        }

        private bool FinishInnerRelay()
        {
            TuningRules.ComputeInto(_innerRule, _inner.UltimateGain, _inner.UltimatePeriodSeconds, _innerTuningsResult);
            _innerTuningsFound = _innerTuningsResult;

            // Stage 2: the plate loop closed with the new tunings, taking over at the settled duty.
            _innerPid.Tunings = _innerTuningsFound;
            _innerPid.Initialize(_biasDutyFraction);
            _runInnerNow = true;
            _innerSinceSeconds = 0.0;
            _plateSetPointCelsius = _setPointCelsius + _plateOffsetBiasCelsius;
            _outer.Begin();
            EnterPhase(TemperatureAutotunePhase.OuterRelay);
            return true;
        }

        private bool StepOuterRelay(double liquidCelsius, double plateCelsius, double dtSeconds)
        {
            RelayStep step = _outer.Step(liquidCelsius, _setPointCelsius, dtSeconds);
            if (step == RelayStep.Failed || step == RelayStep.Finished)
            {
                return Finished(_outer, step) && FinishOuterRelay();
            }

            if (step == RelayStep.Switched)
            {
                _plateSetPointCelsius = _setPointCelsius + _plateOffsetBiasCelsius + _outer.Amplitude * _outer.Output;
            }

            _innerSinceSeconds += dtSeconds;
            if (_runInnerNow || _innerSinceSeconds >= _innerPeriodSeconds - PeriodToleranceSeconds)
            {
                double innerDtSeconds = _runInnerNow ? _innerPeriodSeconds : _innerSinceSeconds;
                _dutyFraction = _innerPid.Update(_plateSetPointCelsius, plateCelsius, innerDtSeconds);
                _innerSinceSeconds = 0.0;
                _runInnerNow = false;
            }

            return true;
        }

        private bool FinishOuterRelay()
        {
            if (_outer.UltimatePeriodSeconds < _minimumPeriodRatio * _inner.UltimatePeriodSeconds)
            {
                Fail(TemperatureAutotuneFailure.ImplausibleResult);
                return false;
            }

            TuningRules.ComputeInto(_outerRule, _outer.UltimateGain, _outer.UltimatePeriodSeconds, _outerTuningsResult);
            _outerTuningsFound = _outerTuningsResult;
            _loop.InnerTunings = _innerTuningsFound;
            _loop.OuterTunings = _outerTuningsFound;
            _drivesHeater = false;
            _phase = TemperatureAutotunePhase.Succeeded;
            return false;
        }

        private void Fail(TemperatureAutotuneFailure reason)
        {
            _failedPhase = _phase;
            _phase = TemperatureAutotunePhase.Failed;
            _failure = reason;
            _drivesHeater = false;
            _dutyFraction = 0.0;
            _inner.Cancel();
            _outer.Cancel();
        }

        private void EnterPhase(TemperatureAutotunePhase phase)
        {
            _phase = phase;
            _phaseElapsedSeconds = 0.0;
        }

        private double Hysteresis(double rawNoiseCelsius, double samplesPerPeriod)
        {
            double averagedNoise = rawNoiseCelsius / Math.Sqrt(Math.Max(1.0, samplesPerPeriod));
            return Math.Max(_minimumHysteresisCelsius, _hysteresisNoiseMultiple * averagedNoise);
        }

        private static TemperatureAutotuneFailure MapRelayFailure(AutotuneFailure failure)
        {
            switch (failure)
            {
                case AutotuneFailure.Timeout:
                    return TemperatureAutotuneFailure.Timeout;
                case AutotuneFailure.AmplitudeBelowHysteresis:
                    return TemperatureAutotuneFailure.OscillationTooSmall;
                case AutotuneFailure.SensorFault:
                    return TemperatureAutotuneFailure.SensorFault;
                case AutotuneFailure.Cancelled:
                    return TemperatureAutotuneFailure.Cancelled;
                default:
                    return TemperatureAutotuneFailure.ControlFault;
            }
        }
    }
}
