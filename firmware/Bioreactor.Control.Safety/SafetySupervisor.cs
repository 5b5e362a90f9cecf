using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// The safety layer: each tick it takes raw readings and what the loops want (<see cref="SafetyInputs"/>),
    /// decides which outputs are permitted, says why not, and feeds the <see cref="AlarmManager"/>. It never
    /// references a loop object and checks the raw readings itself, so a misconfigured or throwing loop cannot
    /// switch an interlock off (architecture rule 4: safety does not trust control).
    /// </summary>
    /// <remarks>
    /// <para><b>Size.</b> About 1,000 lines. Each detector is already its own
    /// class (<see cref="SensorGuard"/>, <see cref="DrivenRiseWatch"/>, <see cref="IdleRiseWatch"/>,
    /// <see cref="ActuatorFeedbackWatch"/>, <see cref="StallDetector"/>, <see cref="AdaptiveFrozenWatch"/>); what stays
    /// here is their composition onto the same outputs (heater, valve, drive, the two second switches), their inhibit
    /// reasons, their alarms and the deviation bands, kept in one file so a reviewer sees every interlock of an output
    /// together, in the order it is applied.</para>
    /// Tick contract for the composition (BioreactorController; or <see cref="Update"/> for everything at one rate):
    /// <code>
    ///   read sensors -> run loops (catch: set the loop's fault flag) -> fill SafetyInputs
    ///   -> UpdateThermal(inputs, now) on a thermal step; UpdateGas(inputs, now) on a gas step (process rate)
    ///   -> UpdateEveryTick(inputs, now), every tick
    ///   -> heater.Set(HeaterOutput); valve.Set(ValveOutput);
    ///      rocker.SetEnabled(RockerEnabledOutput); rocker.SetSpeed(RockerSpeedOutputDegreesPerSecond)
    ///   -> tell the CO2 and rocking loops to hold while Co2Suspended / RockingSuspended
    ///   -> drain Alarms.TryTakeTransition into the record
    /// </code>
    /// The thermal and gas checks hold their verdicts between their steps; the every-tick composition applies them with
    /// the checks that need the tick's rate (angle, door, stall, actuator feedback, valve open time), so an over-temperature
    /// trip acts within one process period (200 ms by default) and a door or failed switch within one tick.
    /// Interlocks (each its own small piece of logic below; thresholds and reasons in <see cref="SafetySettings"/>):
    /// - Over-temperature, plate and liquid, each with its own trip: the heater is off at once while a valid
    ///   reading is at or above its trip, and stays off while the latched alarm is active (until the reading is back
    ///   below trip − deadband and the operator has acknowledged).
    /// - Sensor faults seen by safety itself (driver status, NaN, implausible, stale, frozen: bit-identical
    ///   far longer than the probe's learned runs, see <see cref="AdaptiveFrozenWatch"/>): a bad plate
    ///   probe turns the heater off at once (no plate limit is possible without it); a bad liquid probe does not
    ///   (the plate trip stays enforced, and the loop's fallback may keep heating under its plate limit). A bad CO2
    ///   probe closes the valve (no injection without a measurement). A bad angle probe disables the drive (a stall
    ///   could not be seen).
    /// - Heater runaway: see <see cref="DrivenRiseWatch"/>; heating hard for a window without the plate warming,
    ///   while the plate is not clearly above the liquid, trips the heater off (latched).
    /// - Heater stuck on: see <see cref="IdleRiseWatch"/>; the plate warming by itself with the heater commanded off
    ///   and above the liquid (warming from a pre-warmed bag is not a fault) raises a latched Critical alarm and holds
    ///   the heater off. The firmware cannot open a welded relay: the alarm calls the operator, and the independent
    ///   hardware thermal cut-out is the last line.
    /// - Probe disagreement: with both probes valid, liquid hotter than the plate by more than the margin while the
    ///   averaged heater duty is high (the plate heats the liquid, so the plate must be warmer), or |plate − liquid|
    ///   beyond the plausible maximum. Either way one probe is wrong and it may be the plate probe (fallen off the
    ///   plate), so the heater is held off (latched) rather than trusting a plate limit that may not hold.
    /// - CO2 over-dose: valve closed at once at the trip, latched. Valve open continuously longer than the limit (on
    ///   the valve actually driven, independent of the loop's own limit): closed for the lockout time, alarm.
    ///   CO2 rising with the valve closed (stuck open, <see cref="IdleRiseWatch"/>): latched Critical alarm (the valve
    ///   cannot be closed further; the operator closes the gas supply). CO2 not rising while injecting hard (stuck
    ///   closed, supply empty, <see cref="DrivenRiseWatch"/>): alarm only (closing the valve would not help).
    /// - Actuator feedback (only where the board fits it; see <see cref="ActuatorFeedbackWatch"/>): heater commanded on
    ///   without current → heater failed off (latched Critical alarm, heater held off, supply relay opened); current while
    ///   commanded off → heater failed on (latched Critical, supply relay opened at once: the safe state a welded switch
    ///   leaves). Dosing valve commanded closed with flow → stuck open (latched Critical, valve held closed, upstream
    ///   shut-off closed); commanded open without flow → stuck closed or supply empty (alarm only). A faulty or stale
    ///   feedback sensor raises its own alarm and suspends these checks; the physical watches above stay as the second
    ///   line. The supply relay is also opened by every latched heater trip (over-temperature, runaway, stuck on) and
    ///   the upstream shut-off by the CO2 over-dose and stuck-open trips, so a failed switch never stands alone. Both
    ///   stay open/closed while their alarms are active: a latched alarm resets only when acknowledged with its
    ///   condition gone; after the reset the second switch closes/opens again and the feedback checks re-test at once.
    /// - Door: open → CO2 injection and rocking suspended at once; resumed when the door has stayed closed for the
    ///   settle time. The heater keeps running.
    /// - Rocking stall (<see cref="StallDetector"/>): the drive is disabled while the latched alarm is active. The
    ///   stall is acted on only after its alarm's on-delay, not on the raw verdict: disabling the drive on a transient
    ///   would itself look like a stall and latch.
    /// - Loop faults: the output of a loop that reported a fault this tick is held off. A speed command that is not a
    ///   finite number disables the drive (and raises the rocking control fault); a finite one is clipped to the
    ///   maximum speed.
    /// - Deviation alarms (liquid temperature, CO2): band around the set point, evaluated only while the loop is
    ///   active, and suppressed by design after activation or a set-point change until the value has first come
    ///   inside the band (start-up and set-point transitions are not deviations).
    /// Update allocates nothing and catches its own exceptions: if its own code ever failed, every output is held
    /// off with <see cref="SafetyInhibit.SafetyFault"/>.
    /// </remarks>
    public sealed class SafetySupervisor
    {
        private readonly AlarmManager _alarms;
        private SafetySettings _settings;

        private SensorGuard _liquidGuard;
        private SensorGuard _plateGuard;
        private SensorGuard _co2Guard;
        private SensorGuard _angleGuard;
        private FrozenWhileDrivenWatch _plateFrozenWatch;
        private FrozenWhileDrivenWatch _co2FrozenWatch;
        private AdaptiveFrozenWatch _liquidAdaptiveFrozenWatch;
        private AdaptiveFrozenWatch _plateAdaptiveFrozenWatch;
        private AdaptiveFrozenWatch _co2AdaptiveFrozenWatch;
        private DrivenRiseWatch _heaterWatch;
        private IdleRiseWatch _heaterIdleWatch;
        private DrivenRiseWatch _co2Watch;
        private IdleRiseWatch _valveIdleWatch;
        private StallDetector _stall;
        private SensorGuard _heaterCurrentGuard;
        private SensorGuard _co2FlowGuard;
        private ActuatorFeedbackWatch _heaterFeedback;
        private ActuatorFeedbackWatch _valveFeedback;
        private long _supplyClosedSinceMilliseconds;
        private long _shutOffOpenSinceMilliseconds;

        private bool _hasUpdated;
        private long _lastMilliseconds;
        private double _heatingDutyFraction;

        // The process-rate verdicts the every-tick composition applies (see UpdateThermal, UpdateGas).
        private SafetyInhibit _heaterProcessInhibits = SafetyInhibit.NotEvaluated;
        private SafetyInhibit _valveProcessInhibits = SafetyInhibit.NotEvaluated;
        private bool _heaterLatchedTrip;
        private bool _gasLatchedTrip;
        private bool _faultedThisTick;
        private long _driveAccumulatedUntilMilliseconds;
        private readonly ActuatorOnTime _heaterOnTime = new ActuatorOnTime();
        private readonly ActuatorOnTime _valveOnTime = new ActuatorOnTime();

        private bool _doorSuspended;
        private bool _doorClosing;
        private long _doorClosedSinceMilliseconds;

        private bool _valveLockout;
        private long _valveLockoutUntilMilliseconds;
        private long _valveOpenSinceMilliseconds;

        private bool _temperatureArmed;
        private bool _haveTemperatureSetpoint;
        private double _temperatureSetpointCelsius;
        private bool _co2Armed;
        private bool _haveCo2Setpoint;
        private double _temperatureBandKelvin;
        private double _co2BandPercent;
        private double _co2SetpointPercent;
        private double _requestedTemperatureBandKelvin = double.NaN;
        private double _requestedCo2BandPercent = double.NaN;

        // Largest feedback magnitude accepted as a number at all (A, sccm); the drivers report their own range faults.
        private const double FeedbackPlausibleMagnitude = 1.0e6;

        /// <summary>Creates a supervisor; nothing is permitted until the first <see cref="Update"/>.</summary>
        /// <param name="settings">Thresholds; validated and copied.</param>
        /// <param name="alarms">The alarm manager this supervisor feeds (shared with the rest of the composition).</param>
        public SafetySupervisor(SafetySettings settings, AlarmManager alarms)
        {
            if (alarms == null)
            {
                throw new ArgumentNullException("alarms");
            }

            _alarms = alarms;
            Configure(settings);
            HeaterInhibits = SafetyInhibit.NotEvaluated;
            ValveInhibits = SafetyInhibit.NotEvaluated;
            RockerInhibits = SafetyInhibit.NotEvaluated;
        }

        /// <summary>The alarm manager fed by this supervisor.</summary>
        public AlarmManager Alarms
        {
            get { return _alarms; }
        }

        /// <summary>Why the heater is held off (None when permitted).</summary>
        public SafetyInhibit HeaterInhibits { get; private set; }

        /// <summary>Why the CO2 valve is held closed (None when permitted).</summary>
        public SafetyInhibit ValveInhibits { get; private set; }

        /// <summary>Why the rocker drive is held disabled (None when permitted).</summary>
        public SafetyInhibit RockerInhibits { get; private set; }

        /// <summary>True when safety lets the heater be driven.</summary>
        public bool HeaterPermitted
        {
            get { return HeaterInhibits == SafetyInhibit.None; }
        }

        /// <summary>True when safety lets the valve be opened.</summary>
        public bool ValvePermitted
        {
            get { return ValveInhibits == SafetyInhibit.None; }
        }

        /// <summary>True when safety lets the rocker drive be powered.</summary>
        public bool RockerPermitted
        {
            get { return RockerInhibits == SafetyInhibit.None; }
        }

        /// <summary>What to write to the heater: requested and permitted.</summary>
        public bool HeaterOutput { get; private set; }

        /// <summary>What to write to the valve: requested, permitted and within the open-time limit.</summary>
        public bool ValveOutput { get; private set; }

        /// <summary>What to write to the heater supply relay (true = energised, closed): fitted and no latched heater trip.</summary>
        public bool HeaterSupplyOutput { get; private set; }

        /// <summary>What to write to the upstream CO2 shut-off valve (true = energised, open): fitted and no latched gas trip.</summary>
        public bool Co2ShutOffOutput { get; private set; }

        /// <summary>Safety's verdict on the last heater current sample (Ok when no monitor is fitted).</summary>
        public SensorVerdict HeaterCurrentVerdict { get; private set; }

        /// <summary>Safety's verdict on the last CO2 flow sample (Ok when no flow sensor is fitted).</summary>
        public SensorVerdict Co2FlowVerdict { get; private set; }

        /// <summary>What to write to the drive's enable: requested and permitted.</summary>
        public bool RockerEnabledOutput { get; private set; }

        /// <summary>What to write to the drive's speed, degrees per second: the clipped request, or 0 when not enabled.</summary>
        public double RockerSpeedOutputDegreesPerSecond { get; private set; }

        /// <summary>CO2 injection suspended by the door: the CO2 loop should hold (no integration) until false.</summary>
        public bool Co2Suspended { get; private set; }

        /// <summary>Rocking suspended by the door: the rocking loop should hold until false.</summary>
        public bool RockingSuspended { get; private set; }

        /// <summary>Safety's verdict on the last liquid probe reading.</summary>
        public SensorVerdict LiquidVerdict { get; private set; }

        /// <summary>Safety's verdict on the last plate probe reading.</summary>
        public SensorVerdict PlateVerdict { get; private set; }

        /// <summary>Safety's verdict on the last CO2 reading.</summary>
        public SensorVerdict Co2Verdict { get; private set; }

        /// <summary>Safety's verdict on the last angle reading.</summary>
        public SensorVerdict AngleVerdict { get; private set; }

        /// <summary>Heater duty actually applied, averaged with the heating-duty time constant (fraction).</summary>
        public double HeatingDutyFraction
        {
            get { return _heatingDutyFraction; }
        }

        /// <summary>True once <see cref="Update"/> has run.</summary>
        public bool HasUpdated
        {
            get { return _hasUpdated; }
        }

        /// <summary>A copy of the settings in force.</summary>
        public SafetySettings GetSettings()
        {
            return _settings.Clone();
        }

        /// <summary>
        /// Validates and applies new settings (configuration time: allocates). The watches start over; latched alarms
        /// stay in the alarm manager.
        /// </summary>
        public void Configure(SafetySettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            SafetySettings copy = settings.Clone();
            copy.Validate();
            _liquidGuard = new SensorGuard(copy.TemperatureMinimumPlausibleCelsius, copy.TemperatureMaximumPlausibleCelsius,
                copy.TemperatureStaleMilliseconds, copy.TemperatureFrozenMilliseconds);
            _plateGuard = new SensorGuard(copy.TemperatureMinimumPlausibleCelsius, copy.TemperatureMaximumPlausibleCelsius,
                copy.TemperatureStaleMilliseconds, copy.TemperatureFrozenMilliseconds);
            _co2Guard = new SensorGuard(copy.Co2MinimumPlausiblePercent, copy.Co2MaximumPlausiblePercent,
                copy.Co2StaleMilliseconds, copy.Co2FrozenMilliseconds);
            _angleGuard = new SensorGuard(copy.AngleMinimumPlausibleDegrees, copy.AngleMaximumPlausibleDegrees,
                copy.AngleStaleMilliseconds, 0);
            _plateFrozenWatch = new FrozenWhileDrivenWatch(copy.PlateFrozenWhileHeatingMilliseconds, copy.FrozenWhileDrivenMinimumDutyFraction);
            _co2FrozenWatch = new FrozenWhileDrivenWatch(copy.Co2FrozenWhileInjectingMilliseconds, copy.FrozenWhileDrivenMinimumDutyFraction);
            _liquidAdaptiveFrozenWatch = new AdaptiveFrozenWatch(copy.AdaptiveFrozenFloorMilliseconds, copy.AdaptiveFrozenFactor,
                copy.AdaptiveFrozenCapMilliseconds, copy.AdaptiveFrozenLearningMilliseconds, copy.AdaptiveFrozenForgetMilliseconds);
            _plateAdaptiveFrozenWatch = new AdaptiveFrozenWatch(copy.AdaptiveFrozenFloorMilliseconds, copy.AdaptiveFrozenFactor,
                copy.AdaptiveFrozenCapMilliseconds, copy.AdaptiveFrozenLearningMilliseconds, copy.AdaptiveFrozenForgetMilliseconds);
            _co2AdaptiveFrozenWatch = new AdaptiveFrozenWatch(copy.AdaptiveFrozenFloorMilliseconds, copy.AdaptiveFrozenFactor,
                copy.AdaptiveFrozenCapMilliseconds, copy.AdaptiveFrozenLearningMilliseconds, copy.AdaptiveFrozenForgetMilliseconds);
            _heaterWatch = new DrivenRiseWatch(copy.HeaterWatchWindowMilliseconds, copy.HeaterWatchMinimumDutyFraction,
                copy.HeaterWatchMinimumRiseKelvin);
            _heaterIdleWatch = new IdleRiseWatch(copy.HeaterStuckOnSettleMilliseconds, copy.HeaterStuckOnRiseKelvin,
                copy.HeaterStuckOnDriftKelvinPerMinute);
            _co2Watch = new DrivenRiseWatch(copy.Co2WatchWindowMilliseconds, copy.Co2WatchMinimumDutyFraction,
                copy.Co2WatchMinimumRisePercent);
            _valveIdleWatch = new IdleRiseWatch(copy.ValveStuckOpenSettleMilliseconds, copy.ValveStuckOpenRisePercent,
                copy.ValveStuckOpenDriftPercentPerMinute);
            _stall = new StallDetector(copy.StallAveragingMilliseconds, copy.StallMinimumSpeedDegreesPerSecond,
                copy.StallTravelFraction, copy.StallHysteresisDegrees);
            // Feedback sensors: the drivers flag their own range faults, so plausibility here is only a finite-value check.
            _heaterCurrentGuard = new SensorGuard(-FeedbackPlausibleMagnitude, FeedbackPlausibleMagnitude, copy.HeaterCurrentStaleMilliseconds, 0);
            _co2FlowGuard = new SensorGuard(-FeedbackPlausibleMagnitude, FeedbackPlausibleMagnitude, copy.Co2FlowStaleMilliseconds, 0);
            _heaterFeedback = new ActuatorFeedbackWatch(copy.HeaterNoCurrentConfirmMilliseconds, copy.HeaterCurrentWhileOffConfirmMilliseconds);
            _valveFeedback = new ActuatorFeedbackWatch(copy.Co2NoFlowConfirmMilliseconds, copy.Co2FlowWhileClosedConfirmMilliseconds);
            _settings = copy;
            _temperatureBandKelvin = copy.TemperatureDeviationBandKelvin;
            _co2BandPercent = copy.Co2DeviationBandPercent;
            _requestedTemperatureBandKelvin = double.NaN;
            _requestedCo2BandPercent = double.NaN;
        }

        /// <summary>The liquid temperature deviation band in force, K (the settings' default or the phase's).</summary>
        public double TemperatureDeviationBandKelvin
        {
            get { return _temperatureBandKelvin; }
        }

        /// <summary>The CO2 deviation band in force, % v/v (the settings' default or the phase's).</summary>
        public double Co2DeviationBandPercent
        {
            get { return _co2BandPercent; }
        }

        /// <summary>
        /// Sets the deviation alarm bands of the phase in force (a recipe phase's alarm bands, RecipeLimits' ranges);
        /// NaN restores the settings' default. A changed band re-arms its alarm like a set-point change (the value must
        /// come inside the new band first). Allocates nothing.
        /// </summary>
        /// <param name="temperatureKelvin">Liquid temperature band, K (0.1–10), or NaN.</param>
        /// <param name="co2Percent">CO2 band, % v/v (0.1–5), or NaN.</param>
        public void SetDeviationBands(double temperatureKelvin, double co2Percent)
        {
            // The composition passes the phase's bands at every batch step: the same ones again change nothing.
            if (SameBand(temperatureKelvin, _requestedTemperatureBandKelvin) && SameBand(co2Percent, _requestedCo2BandPercent))
            {
                return;
            }

            if (!double.IsNaN(temperatureKelvin) && !(temperatureKelvin >= 0.1 && temperatureKelvin <= 10))
            {
                throw new ArgumentOutOfRangeException("temperatureKelvin", "temperatureKelvin must be 0.1 to 10 K or NaN");
            }

            if (!double.IsNaN(co2Percent) && !(co2Percent >= 0.1 && co2Percent <= 5))
            {
                throw new ArgumentOutOfRangeException("co2Percent", "co2Percent must be 0.1 to 5 % or NaN");
            }

            double temperature = double.IsNaN(temperatureKelvin) ? _settings.TemperatureDeviationBandKelvin : temperatureKelvin;
            double co2 = double.IsNaN(co2Percent) ? _settings.Co2DeviationBandPercent : co2Percent;
            _requestedTemperatureBandKelvin = temperatureKelvin;
            _requestedCo2BandPercent = co2Percent;
            if (temperature != _temperatureBandKelvin)
            {
                _temperatureBandKelvin = temperature;
                _temperatureArmed = false;
            }

            if (co2 != _co2BandPercent)
            {
                _co2BandPercent = co2;
                _co2Armed = false;
            }
        }

        // NaN-aware equality (NaN means "the default"; on nanoCLR a comparison with NaN is not reliably false).
        private static bool SameBand(double a, double b)
        {
            bool aNaN = double.IsNaN(a);
            bool bNaN = double.IsNaN(b);
            return aNaN || bNaN ? aNaN && bNaN : a == b;
        }

        /// <summary>
        /// One safety tick with everything at one rate: <see cref="UpdateThermal"/>, <see cref="UpdateGas"/> and
        /// <see cref="UpdateEveryTick"/>. Never throws; allocates nothing.
        /// </summary>
        public void Update(SafetyInputs inputs, long nowMilliseconds)
        {
            UpdateThermal(inputs, nowMilliseconds);
            UpdateGas(inputs, nowMilliseconds);
            UpdateEveryTick(inputs, nowMilliseconds);
        }

        /// <summary>
        /// The thermal checks, at the process rate (every 200 ms by default, the temperature loop's own step): the liquid
        /// and plate probes' verdicts, the over-temperature trips, runaway, stuck-on, probe disagreement, the temperature
        /// control fault and deviation alarms. Their verdict holds the heater off from the next <see cref="UpdateEveryTick"/>,
        /// which the composition calls in the same control tick right after. Never throws; allocates nothing.
        /// </summary>
        public void UpdateThermal(SafetyInputs inputs, long nowMilliseconds)
        {
            try
            {
                EvaluateThermal(inputs, nowMilliseconds);
            }
            catch (Exception)
            {
                _heaterProcessInhibits = SafetyInhibit.SafetyFault;
                _heaterLatchedTrip = true;
                _faultedThisTick = true;
            }
        }

        /// <summary>
        /// The gas checks, at the process rate (the CO2 loop's own step): the CO2 probe's verdict, over-dose, valve stuck
        /// open, CO2 not rising, the CO2 control fault and deviation alarms. Never throws; allocates nothing.
        /// </summary>
        public void UpdateGas(SafetyInputs inputs, long nowMilliseconds)
        {
            try
            {
                EvaluateGas(inputs, nowMilliseconds);
            }
            catch (Exception)
            {
                _valveProcessInhibits = SafetyInhibit.SafetyFault;
                _gasLatchedTrip = true;
                _faultedThisTick = true;
            }
        }

        /// <summary>
        /// The checks that need the control tick's rate, then the permitted outputs: the angle probe, the door, the
        /// rocker interlocks and stall detector, the heater and valve feedback checks (their confirm windows are
        /// 100–300 ms), the valve's open-time limit, and the composition of every output with the last thermal and gas
        /// verdicts. Call every control tick after the loops. Never throws; allocates nothing.
        /// </summary>
        public void UpdateEveryTick(SafetyInputs inputs, long nowMilliseconds)
        {
            try
            {
                if (_faultedThisTick)
                {
                    throw new InvalidOperationException("a process-rate safety check failed this tick");
                }

                EvaluateEveryTick(inputs, nowMilliseconds);
            }
            catch (Exception)
            {
                _faultedThisTick = false;
                HeaterInhibits = SafetyInhibit.SafetyFault;
                ValveInhibits = SafetyInhibit.SafetyFault;
                RockerInhibits = SafetyInhibit.SafetyFault;
                HeaterOutput = false;
                ValveOutput = false;
                RockerEnabledOutput = false;
                RockerSpeedOutputDegreesPerSecond = 0;
                HeaterSupplyOutput = false;
                Co2ShutOffOutput = false;
                Co2Suspended = true;
                RockingSuspended = true;
            }
        }

        // The outputs in force since the last control tick, added up to now (ActuatorOnTime says why); each process-rate
        // check takes its actuator's figures.
        private void AccumulateDrive(long now)
        {
            if (!_hasUpdated)
            {
                _driveAccumulatedUntilMilliseconds = now;
                return;
            }

            long dt = now - _driveAccumulatedUntilMilliseconds;
            if (dt <= 0)
            {
                return;
            }

            _driveAccumulatedUntilMilliseconds = now;
            _heaterOnTime.Add(HeaterOutput, dt);
            _valveOnTime.Add(ValveOutput, dt);
        }

        private void EvaluateThermal(SafetyInputs inputs, long now)
        {
            SafetySettings s = _settings;
            AccumulateDrive(now);
            bool heaterOnSinceCheck;
            double heaterFraction = _heaterOnTime.Take(HeaterOutput, out heaterOnSinceCheck);

            // Sensor verdicts: safety's own checks on the raw readings.
            LiquidVerdict = _liquidGuard.Check(inputs.LiquidTemperature, now);
            PlateVerdict = _plateGuard.Check(inputs.PlateTemperature, now);

            // A reading that does not move while its actuator drives hard is stuck.
            _plateFrozenWatch.Update(heaterFraction, inputs.PlateTemperature.Value, PlateVerdict == SensorVerdict.Ok, now);
            if (_plateFrozenWatch.Frozen)
            {
                PlateVerdict = SensorVerdict.Frozen;
            }

            // A reading that stays identical far longer than the probe's own learned runs is stuck, driven or not.
            _liquidAdaptiveFrozenWatch.Update(inputs.LiquidTemperature.Value, LiquidVerdict == SensorVerdict.Ok, now);
            if (_liquidAdaptiveFrozenWatch.Frozen)
            {
                LiquidVerdict = SensorVerdict.Frozen;
            }

            _plateAdaptiveFrozenWatch.Update(inputs.PlateTemperature.Value, PlateVerdict == SensorVerdict.Ok, now);
            if (_plateAdaptiveFrozenWatch.Frozen)
            {
                PlateVerdict = SensorVerdict.Frozen;
            }

            bool liquidOk = LiquidVerdict == SensorVerdict.Ok;
            bool plateOk = PlateVerdict == SensorVerdict.Ok;
            double liquid = liquidOk ? inputs.LiquidTemperature.Value : double.NaN;
            double plate = plateOk ? inputs.PlateTemperature.Value : double.NaN;
            // One alarm per probe, raised by whichever check rejects it: the supervisor's guard or the loop's validator.
            _alarms.Evaluate(AlarmId.LiquidProbeFault, !liquidOk || inputs.LiquidRejectedByLoop, inputs.LiquidTemperature.Value, now);
            _alarms.Evaluate(AlarmId.PlateProbeFault, !plateOk || inputs.PlateRejectedByLoop, inputs.PlateTemperature.Value, now);

            _heaterProcessInhibits = HeaterInterlocks(inputs, s, liquidOk, liquid, plateOk, plate, heaterFraction, heaterOnSinceCheck, now);
            EvaluateTemperatureDeviation(inputs, s, liquidOk, liquid, now);
            _heaterLatchedTrip = _alarms.IsActive(AlarmId.HeaterStuckOn) || _alarms.IsActive(AlarmId.HeaterRunaway)
                || _alarms.IsActive(AlarmId.PlateOverTemperature) || _alarms.IsActive(AlarmId.LiquidOverTemperature);
        }

        private void EvaluateGas(SafetyInputs inputs, long now)
        {
            SafetySettings s = _settings;
            AccumulateDrive(now);
            bool valveOpenSinceCheck;
            double valveFraction = _valveOnTime.Take(ValveOutput, out valveOpenSinceCheck);

            Co2Verdict = _co2Guard.Check(inputs.Co2, now);
            _co2FrozenWatch.Update(valveFraction, inputs.Co2.Value, Co2Verdict == SensorVerdict.Ok, now);
            if (_co2FrozenWatch.Frozen)
            {
                Co2Verdict = SensorVerdict.Frozen;
            }

            _co2AdaptiveFrozenWatch.Update(inputs.Co2.Value, Co2Verdict == SensorVerdict.Ok, now);
            if (_co2AdaptiveFrozenWatch.Frozen)
            {
                Co2Verdict = SensorVerdict.Frozen;
            }

            bool co2Ok = Co2Verdict == SensorVerdict.Ok;
            double co2 = co2Ok ? inputs.Co2.Value : double.NaN;
            _alarms.Evaluate(AlarmId.Co2SensorFault, !co2Ok || inputs.Co2RejectedByLoop, inputs.Co2.Value, now);

            _valveProcessInhibits = ValveInterlocks(inputs, s, co2Ok, co2, valveFraction, valveOpenSinceCheck, now);
            EvaluateCo2Deviation(inputs, s, co2Ok, co2, now);
            _gasLatchedTrip = _alarms.IsActive(AlarmId.ValveStuckOpen) || _alarms.IsActive(AlarmId.Co2OverDose);
        }

        private void EvaluateEveryTick(SafetyInputs inputs, long now)
        {
            SafetySettings s = _settings;
            AccumulateDrive(now);
            if (!_hasUpdated)
            {
                _lastMilliseconds = now;
            }

            long dt = now - _lastMilliseconds;
            if (dt < 0)
            {
                dt = 0;
            }

            AngleVerdict = _angleGuard.Check(inputs.Angle, now);
            bool angleOk = AngleVerdict == SensorVerdict.Ok;
            double angle = angleOk ? inputs.Angle.Value : double.NaN;
            _alarms.Evaluate(AlarmId.AngleSensorFault, !angleOk || inputs.AngleRejectedByLoop, inputs.Angle.Value, now);

            // Averaged heater duty actually applied since the last tick (HeaterOutput is still last tick's).
            double gain = Math.Min(1.0, (double)dt / s.HeatingDutyTimeConstantMilliseconds);
            _heatingDutyFraction += ((HeaterOutput ? 1.0 : 0.0) - _heatingDutyFraction) * gain;

            // The process-rate verdicts, and the loops' faults of this tick (a loop's output stage may fail between them).
            SafetyInhibit heater = _heaterProcessInhibits | HeaterFeedbackInterlock(inputs, s, dt, now);
            if (inputs.TemperatureLoopFault)
            {
                heater |= SafetyInhibit.ControlFault;
            }

            UpdateDoor(inputs.DoorOpen, s, now);
            SafetyInhibit valve = _valveProcessInhibits | ValveFeedbackInterlock(inputs, s, dt, now);
            if (inputs.Co2LoopFault)
            {
                valve |= SafetyInhibit.ControlFault;
            }

            if (_doorSuspended)
            {
                valve |= SafetyInhibit.DoorOpen;
            }

            // Valve time limit, on the valve actually driven (after every other interlock).
            if (_valveLockout && now >= _valveLockoutUntilMilliseconds)
            {
                _valveLockout = false;
            }

            if (_valveLockout)
            {
                valve |= SafetyInhibit.ValveOpenTooLong;
            }

            bool valveOutput = inputs.ValveRequested && valve == SafetyInhibit.None;
            if (valveOutput)
            {
                if (!ValveOutput)
                {
                    _valveOpenSinceMilliseconds = now;
                }

                if (now - _valveOpenSinceMilliseconds >= s.ValveMaximumOpenMilliseconds)
                {
                    _valveLockout = true;
                    _valveLockoutUntilMilliseconds = now + s.ValveLockoutMilliseconds;
                    valve |= SafetyInhibit.ValveOpenTooLong;
                    valveOutput = false;
                }
            }

            _alarms.Evaluate(AlarmId.ValveOpenTooLong, _valveLockout, double.NaN, now);

            double speed;
            SafetyInhibit rocker = RockerInterlocks(inputs, s, angleOk, angle, now, out speed);

            HeaterInhibits = heater;
            ValveInhibits = valve;
            RockerInhibits = rocker;
            HeaterOutput = inputs.HeaterRequested && heater == SafetyInhibit.None;
            ValveOutput = valveOutput;
            RockerEnabledOutput = inputs.RockerEnableRequested && rocker == SafetyInhibit.None;
            RockerSpeedOutputDegreesPerSecond = RockerEnabledOutput ? speed : 0;
            UpdateSecondShutOffs(inputs, now);
            Co2Suspended = _doorSuspended;
            RockingSuspended = _doorSuspended;
            if (now > _lastMilliseconds)
            {
                _lastMilliseconds = now;
            }

            _hasUpdated = true;
        }

        private SafetyInhibit HeaterInterlocks(SafetyInputs inputs, SafetySettings s, bool liquidOk, double liquid,
            bool plateOk, double plate, double heaterFraction, bool heaterOnSinceCheck, long now)
        {
            SafetyInhibit heater = SafetyInhibit.None;

            // Over-temperature trips: act on the raw reading at once; the latched alarm keeps the heater off.
            _alarms.EvaluateHigh(AlarmId.PlateOverTemperature, plate, s.PlateTripCelsius, now);
            if ((plateOk && plate >= s.PlateTripCelsius) || _alarms.IsActive(AlarmId.PlateOverTemperature))
            {
                heater |= SafetyInhibit.PlateOverTemperature;
            }

            _alarms.EvaluateHigh(AlarmId.LiquidOverTemperature, liquid, s.LiquidTripCelsius, now);
            if ((liquidOk && liquid >= s.LiquidTripCelsius) || _alarms.IsActive(AlarmId.LiquidOverTemperature))
            {
                heater |= SafetyInhibit.LiquidOverTemperature;
            }

            // No plate reading, no plate limit: no heating.
            if (!plateOk)
            {
                heater |= SafetyInhibit.PlateProbeFault;
            }

            // Runaway: heating hard without the plate warming, while the plate is not clearly above the liquid.
            bool plateNotAboveLiquid = !liquidOk || plate - liquid < s.HeaterWatchPlateAboveLiquidKelvin;
            _heaterWatch.Update(heaterFraction, plate, plateOk, plateNotAboveLiquid, now);
            if (_alarms.Evaluate(AlarmId.HeaterRunaway, _heaterWatch.Failed, plate, now))
            {
                // The latched alarm now holds the heater off; the verdict is consumed so the condition clears at
                // once and a single acknowledge resets the trip.
                _heaterWatch.Reset();
            }

            if (_alarms.IsActive(AlarmId.HeaterRunaway))
            {
                heater |= SafetyInhibit.HeaterRunaway;
            }

            // Stuck on: warming with the heater off (not on at any tick since the last check), from something hotter than the liquid.
            _heaterIdleWatch.Update(heaterOnSinceCheck, plate, plateOk, now);
            // plate is NaN when the plate probe is not Ok; on nanoCLR NaN > liquid is true, so it is tested first.
            bool stuckOn = _heaterIdleWatch.Rising && (!liquidOk || (plateOk && plate > liquid));
            _alarms.Evaluate(AlarmId.HeaterStuckOn, stuckOn, plate, now);
            if (_alarms.IsActive(AlarmId.HeaterStuckOn))
            {
                heater |= SafetyInhibit.HeaterStuckOn;
            }

            // Disagreement between the probes.
            bool disagree = false;
            if (plateOk && liquidOk)
            {
                disagree = (_heatingDutyFraction >= s.DisagreementHeatingDutyFraction && liquid - plate > s.LiquidAbovePlateMarginKelvin)
                    || Math.Abs(plate - liquid) > s.MaximumProbeDifferenceKelvin;
            }

            _alarms.Evaluate(AlarmId.ProbeDisagreement, disagree, plateOk && liquidOk ? liquid - plate : double.NaN, now);
            if (_alarms.IsActive(AlarmId.ProbeDisagreement))
            {
                heater |= SafetyInhibit.ProbeDisagreement;
            }

            _alarms.Evaluate(AlarmId.TemperatureControlFault, inputs.TemperatureLoopFault, double.NaN, now);
            if (inputs.TemperatureLoopFault)
            {
                heater |= SafetyInhibit.ControlFault;
            }

            return heater;
        }

        private SafetyInhibit HeaterFeedbackInterlock(SafetyInputs inputs, SafetySettings s, long dt, long now)
        {
            if (!inputs.HeaterCurrentFitted)
            {
                HeaterCurrentVerdict = SensorVerdict.Ok;
                return SafetyInhibit.None;
            }

            HeaterCurrentVerdict = _heaterCurrentGuard.Check(inputs.HeaterCurrent, now);
            bool valid = HeaterCurrentVerdict == SensorVerdict.Ok;
            _alarms.Evaluate(AlarmId.HeaterCurrentSensorFault, !valid, inputs.HeaterCurrent.Value, now);

            // The sample shows what last tick's outputs did (HeaterOutput and HeaterSupplyOutput are still last tick's).
            bool settled = !inputs.HeaterSupplyFitted
                || (HeaterSupplyOutput && now - _supplyClosedSinceMilliseconds >= s.HeaterSupplySettleMilliseconds);
            bool conducting = valid && Math.Abs(inputs.HeaterCurrent.Value) >= s.HeaterCurrentThresholdAmperes;
            _heaterFeedback.Update(HeaterOutput, settled, conducting, valid, dt);
            if (_alarms.Evaluate(AlarmId.HeaterFailedOff, _heaterFeedback.FailedOff, inputs.HeaterCurrent.Value, now))
            {
                // The latched alarm holds the heater off, so the verdict could never be re-tested: consume it.
                _heaterFeedback.ConsumeFailedOff();
            }

            _alarms.Evaluate(AlarmId.HeaterFailedOn, _heaterFeedback.FailedOn, inputs.HeaterCurrent.Value, now);
            return _alarms.IsActive(AlarmId.HeaterFailedOff) || _alarms.IsActive(AlarmId.HeaterFailedOn)
                ? SafetyInhibit.HeaterFeedback
                : SafetyInhibit.None;
        }

        private SafetyInhibit ValveFeedbackInterlock(SafetyInputs inputs, SafetySettings s, long dt, long now)
        {
            if (!inputs.Co2FlowFitted)
            {
                Co2FlowVerdict = SensorVerdict.Ok;
                return SafetyInhibit.None;
            }

            Co2FlowVerdict = _co2FlowGuard.Check(inputs.Co2Flow, now);
            bool valid = Co2FlowVerdict == SensorVerdict.Ok;
            _alarms.Evaluate(AlarmId.Co2FlowSensorFault, !valid, inputs.Co2Flow.Value, now);

            bool settled = !inputs.Co2ShutOffFitted
                || (Co2ShutOffOutput && now - _shutOffOpenSinceMilliseconds >= s.Co2ShutOffSettleMilliseconds);
            bool flowing = valid && inputs.Co2Flow.Value >= s.Co2FlowThresholdSccm;
            _valveFeedback.Update(ValveOutput, settled, flowing, valid, dt);

            // No flow with the valve open: alarm only (closing would not help); the verdict stays until gas flows again.
            _alarms.Evaluate(AlarmId.Co2NoFlowWhileOpen, _valveFeedback.FailedOff, inputs.Co2Flow.Value, now);
            _alarms.Evaluate(AlarmId.Co2FlowWhileClosed, _valveFeedback.FailedOn, inputs.Co2Flow.Value, now);
            return _alarms.IsActive(AlarmId.Co2FlowWhileClosed) ? SafetyInhibit.ValveFeedback : SafetyInhibit.None;
        }

        // The second switches: closed/open unless a latched trip of their actuator is active (evaluated every tick after
        // the feedback checks and after this tick's process-rate checks, if any, so a trip raised now opens the relay or
        // closes the shut-off in the same tick).
        private void UpdateSecondShutOffs(SafetyInputs inputs, long now)
        {
            bool heaterTrip = _heaterLatchedTrip || _alarms.IsActive(AlarmId.HeaterFailedOn) || _alarms.IsActive(AlarmId.HeaterFailedOff);
            bool supply = inputs.HeaterSupplyFitted && !heaterTrip;
            if (supply && !HeaterSupplyOutput)
            {
                _supplyClosedSinceMilliseconds = now;
            }

            HeaterSupplyOutput = supply;

            bool gasTrip = _gasLatchedTrip || _alarms.IsActive(AlarmId.Co2FlowWhileClosed);
            bool shutOff = inputs.Co2ShutOffFitted && !gasTrip;
            if (shutOff && !Co2ShutOffOutput)
            {
                _shutOffOpenSinceMilliseconds = now;
            }

            Co2ShutOffOutput = shutOff;
        }

        private SafetyInhibit ValveInterlocks(SafetyInputs inputs, SafetySettings s, bool co2Ok, double co2, double valveFraction,
            bool valveOpenSinceCheck, long now)
        {
            SafetyInhibit valve = SafetyInhibit.None;

            // Over-dose trip: raw reading at once, latched alarm after.
            _alarms.EvaluateHigh(AlarmId.Co2OverDose, co2, s.Co2TripPercent, now);
            if ((co2Ok && co2 >= s.Co2TripPercent) || _alarms.IsActive(AlarmId.Co2OverDose))
            {
                valve |= SafetyInhibit.Co2OverDose;
            }

            // No measurement, no injection.
            if (!co2Ok)
            {
                valve |= SafetyInhibit.Co2SensorFault;
            }

            // Stuck open: CO2 rising with the valve closed (not open at any tick since the last check).
            _valveIdleWatch.Update(valveOpenSinceCheck, co2, co2Ok, now);
            _alarms.Evaluate(AlarmId.ValveStuckOpen, _valveIdleWatch.Rising, co2, now);
            if (_alarms.IsActive(AlarmId.ValveStuckOpen))
            {
                valve |= SafetyInhibit.ValveStuckOpen;
            }

            // Stuck closed or supply empty: alarm only.
            _co2Watch.Update(valveFraction, co2, co2Ok, true, now);
            _alarms.Evaluate(AlarmId.Co2NotRising, _co2Watch.Failed, co2, now);

            _alarms.Evaluate(AlarmId.Co2ControlFault, inputs.Co2LoopFault, double.NaN, now);
            if (inputs.Co2LoopFault)
            {
                valve |= SafetyInhibit.ControlFault;
            }

            return valve;
        }

        private SafetyInhibit RockerInterlocks(SafetyInputs inputs, SafetySettings s, bool angleOk, double angle, long now,
            out double speed)
        {
            SafetyInhibit rocker = SafetyInhibit.None;
            speed = inputs.RockerSpeedRequestDegreesPerSecond;
            bool invalidCommand = !Finite.Is(speed);
            if (invalidCommand)
            {
                rocker |= SafetyInhibit.InvalidCommand;
                speed = 0;
            }
            else if (speed > s.RockerMaximumSpeedDegreesPerSecond)
            {
                speed = s.RockerMaximumSpeedDegreesPerSecond;
            }
            else if (speed < -s.RockerMaximumSpeedDegreesPerSecond)
            {
                speed = -s.RockerMaximumSpeedDegreesPerSecond;
            }

            if (_doorSuspended)
            {
                rocker |= SafetyInhibit.DoorOpen;
            }

            if (!angleOk)
            {
                rocker |= SafetyInhibit.AngleSensorFault;
            }

            // Stall: judged on the speed really applied since the last tick; acted on only once the alarm is raised.
            _stall.Update(RockerSpeedOutputDegreesPerSecond, angle, angleOk, now);
            _alarms.Evaluate(AlarmId.RockingStall, _stall.Stalled, _stall.MeasuredSpeedDegreesPerSecond, now);
            if (_alarms.IsActive(AlarmId.RockingStall))
            {
                rocker |= SafetyInhibit.RockingStall;
            }

            bool loopFault = inputs.RockingLoopFault || invalidCommand;
            _alarms.Evaluate(AlarmId.RockingControlFault, loopFault, double.NaN, now);
            if (inputs.RockingLoopFault)
            {
                rocker |= SafetyInhibit.ControlFault;
            }

            return rocker;
        }

        private void UpdateDoor(bool doorOpen, SafetySettings s, long now)
        {
            if (doorOpen)
            {
                _doorSuspended = true;
                _doorClosing = false;
            }
            else if (_doorSuspended)
            {
                if (!_doorClosing)
                {
                    _doorClosing = true;
                    _doorClosedSinceMilliseconds = now;
                }

                if (now - _doorClosedSinceMilliseconds >= s.DoorSettleMilliseconds)
                {
                    _doorSuspended = false;
                    _doorClosing = false;
                }
            }

            _alarms.Evaluate(AlarmId.DoorOpen, doorOpen, double.NaN, now);
        }

        private void EvaluateTemperatureDeviation(SafetyInputs inputs, SafetySettings s, bool liquidOk, double liquid, long now)
        {
            double setpoint = inputs.TemperatureSetpointCelsius;
            if (!inputs.TemperatureControlActive || !Finite.Is(setpoint))
            {
                _temperatureArmed = false;
                _haveTemperatureSetpoint = false;
                ClearDeviation(AlarmId.LiquidTemperatureHigh, AlarmId.LiquidTemperatureLow, liquid, now);
                return;
            }

            if (!_haveTemperatureSetpoint || setpoint != _temperatureSetpointCelsius)
            {
                _haveTemperatureSetpoint = true;
                _temperatureSetpointCelsius = setpoint;
                _temperatureArmed = false;
            }

            if (!liquidOk)
            {
                return;
            }

            double band = _temperatureBandKelvin;
            if (!_temperatureArmed && Math.Abs(liquid - setpoint) < band)
            {
                _temperatureArmed = true;
            }

            if (!_temperatureArmed)
            {
                ClearDeviation(AlarmId.LiquidTemperatureHigh, AlarmId.LiquidTemperatureLow, liquid, now);
                return;
            }

            _alarms.EvaluateHigh(AlarmId.LiquidTemperatureHigh, liquid, setpoint + band, now);
            _alarms.EvaluateLow(AlarmId.LiquidTemperatureLow, liquid, setpoint - band, now);
        }

        private void EvaluateCo2Deviation(SafetyInputs inputs, SafetySettings s, bool co2Ok, double co2, long now)
        {
            double setpoint = inputs.Co2SetpointPercent;
            if (!inputs.Co2ControlActive || !Finite.Is(setpoint))
            {
                _co2Armed = false;
                _haveCo2Setpoint = false;
                ClearDeviation(AlarmId.Co2High, AlarmId.Co2Low, co2, now);
                return;
            }

            if (!_haveCo2Setpoint || setpoint != _co2SetpointPercent)
            {
                _haveCo2Setpoint = true;
                _co2SetpointPercent = setpoint;
                _co2Armed = false;
            }

            if (!co2Ok)
            {
                return;
            }

            double band = _co2BandPercent;
            if (!_co2Armed && Math.Abs(co2 - setpoint) < band)
            {
                _co2Armed = true;
            }

            if (!_co2Armed)
            {
                ClearDeviation(AlarmId.Co2High, AlarmId.Co2Low, co2, now);
                return;
            }

            _alarms.EvaluateHigh(AlarmId.Co2High, co2, setpoint + band, now);
            _alarms.EvaluateLow(AlarmId.Co2Low, co2, setpoint - band, now);
        }

        private void ClearDeviation(AlarmId high, AlarmId low, double value, long now)
        {
            _alarms.Evaluate(high, false, value, now);
            _alarms.Evaluate(low, false, value, now);
        }
    }
}
