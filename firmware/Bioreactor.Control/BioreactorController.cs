using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control
{
    /// <summary>
    /// The firmware's control core, composed once and run unchanged on both boards: each <see cref="Tick"/> reads every
    /// sensor, runs the three loops, lets the safety layer decide what may reach the actuators, and drives them.
    /// </summary>
    /// <remarks>
    /// <para>One tick, in order (docs/architecture.md rules 3 and 4; the rates in README.md, "How the control works"):</para>
    /// <code>
    ///   clock ─► dt (monotonic; never the wall clock)
    ///   every tick: angle, door, heater current and CO2 flow (where fitted)
    ///   thermal step (every ProcessEveryTicks-th tick): liquid and plate probes ─► temperature regulation ─► safety.UpdateThermal
    ///   gas step (the same period, half of it later): CO2 probe ─► CO2 regulation ─► safety.UpdateGas
    ///   every tick: heater and valve time proportioning, rocking loop (each in its own try/catch: a loop that throws is a fault)
    ///   safety.UpdateEveryTick (plain numbers in, never a loop object) ─► permitted heater, valve, rocker
    ///   ports ◄─ permitted outputs (supply relay and CO2 shut-off first, where fitted); door suspensions are handed to the CO2 and rocking loops for their next step
    /// </code>
    /// <para>The alarm transitions the loops' faults and the interlocks cause wait in <see cref="Alarms"/> for the record
    /// layer to drain. The periodic path allocates nothing unless a loop throws.</para>
    /// <para>Temperature autotune (<see cref="StartTemperatureAutotune"/>): while it is active the temperature step runs
    /// <see cref="Control.TemperatureAutotune.Update"/> in place of the cascade's update (it runs the cascade itself while
    /// settling); its heater request goes through the safety supervisor like the loop's, and a heater inhibit, an open
    /// door, disabling temperature control or an exception aborts it back to the cascade.</para>
    /// </remarks>
    public sealed class BioreactorController
    {
        private readonly BioreactorPorts _ports;
        private readonly SafetySupervisor _safety;
        private readonly double _tickSeconds;
        private readonly SafetyInputs _inputs = new SafetyInputs();
        private readonly SensorReading _liquidForLoop = new SensorReading();
        private readonly int _processEveryTicks;
        private readonly int _gasPhase;
        private bool _hasTicked;
        private long _lastTickMilliseconds;
        private long _lastThermalMilliseconds;
        private long _lastGasMilliseconds;
        private bool _heaterDriveFaulted;
        private bool _valveDriveFaulted;
        private bool _temperatureControlEnabled;
        private bool _co2ControlEnabled;
        private bool _thermalStepDue;
        private bool _gasStepDue;

        /// <summary>
        /// Composes the loops and the temperature autotune on a board's ports, beside a safety layer the composition root made
        /// (from <see cref="BioreactorControllerSettings.Safety"/> and <see cref="BioreactorControllerSettings.AlarmTransitionCapacity"/>):
        /// the controller feeds it each tick and drives the ports with what it permits, but holds no way to change it, so a
        /// layer above changes safety (its deviation bands) on the supervisor itself, never through control.
        /// </summary>
        /// <param name="ports">The board's hardware.</param>
        /// <param name="settings">The loops' settings (validated here).</param>
        /// <param name="safety">The safety layer this controller calls at every tick; its alarm manager is <see cref="Alarms"/>.</param>
        public BioreactorController(BioreactorPorts ports, BioreactorControllerSettings settings, SafetySupervisor safety)
        {
            if (ports == null)
            {
                throw new ArgumentNullException("ports");
            }

            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            if (safety == null)
            {
                throw new ArgumentNullException("safety");
            }

            settings.Validate();
            _ports = ports;
            _tickSeconds = settings.TickSeconds;
            _processEveryTicks = settings.ProcessEveryTicks;
            _gasPhase = settings.ProcessEveryTicks / 2;
            Temperature = new TemperatureLoop(settings.Temperature);
            TemperatureAutotune = new TemperatureAutotune(settings.TemperatureAutotune, Temperature, settings.Temperature);
            Co2 = new Co2Loop(settings.Co2);
            Rocking = new RockingLoop(settings.Rocking);
            _safety = safety;
            Alarms = safety.Alarms;
        }

        /// <summary>The temperature cascade.</summary>
        public TemperatureLoop Temperature { get; }

        /// <summary>The temperature cascade's autotune: its phase, failure, Ku/Tu per stage and the tunings found.</summary>
        public TemperatureAutotune TemperatureAutotune { get; }

        /// <summary>Where the temperature autotune is (Idle before the first run).</summary>
        public TemperatureAutotunePhase TemperatureAutotunePhase
        {
            get { return TemperatureAutotune.Phase; }
        }

        /// <summary>Why the last temperature autotune failed (None unless its phase is Failed).</summary>
        public TemperatureAutotuneFailure TemperatureAutotuneFailure
        {
            get { return TemperatureAutotune.Failure; }
        }

        /// <summary>The CO2 loop.</summary>
        public Co2Loop Co2 { get; }

        /// <summary>The rocking loop.</summary>
        public RockingLoop Rocking { get; }

        /// <summary>Every alarm, its state and the transitions waiting to be recorded (the safety layer's alarm manager).</summary>
        public AlarmManager Alarms { get; }

        /// <summary>The control tick in seconds the board is expected to call <see cref="Tick"/> at.</summary>
        public double TickSeconds
        {
            get { return _tickSeconds; }
        }

        /// <summary>
        /// Whether the temperature loop drives the heater (false: heater off, no temperature deviation alarms). Enabling it
        /// runs the thermal step at the next tick, so the heater never runs on a duty older than the enabling.
        /// </summary>
        public bool TemperatureControlEnabled
        {
            get { return _temperatureControlEnabled; }
            set
            {
                _thermalStepDue |= value && !_temperatureControlEnabled;
                _temperatureControlEnabled = value;
            }
        }

        /// <summary>
        /// Whether the CO2 loop drives the valve (false: valve closed, no CO2 deviation alarms). Enabling it runs the gas
        /// step at the next tick.
        /// </summary>
        public bool Co2ControlEnabled
        {
            get { return _co2ControlEnabled; }
            set
            {
                _gasStepDue |= value && !_co2ControlEnabled;
                _co2ControlEnabled = value;
            }
        }

        /// <summary>Whether the rocking loop drives the platform (false: drive disabled).</summary>
        public bool RockingEnabled { get; set; }

        /// <summary>
        /// The heater duty the temperature loop asks for, 0–1; 0 while temperature control is disabled (the loop is then not
        /// run and would show its last value). What reaches the heater is safety's decision (<see cref="SafetySupervisor.HeaterOutput"/>).
        /// </summary>
        public double HeaterDutyFraction
        {
            get { return TemperatureControlEnabled ? Temperature.HeaterDutyFraction : 0.0; }
        }

        /// <summary>The valve duty the CO2 loop asks for, 0–1; 0 while CO2 control is disabled.</summary>
        public double ValveDutyFraction
        {
            get { return Co2ControlEnabled ? Co2.ValveDutyFraction : 0.0; }
        }

        /// <summary>True when the board has a heater supply relay (<see cref="BioreactorPorts.FitActuatorFeedback"/>).</summary>
        public bool HeaterSupplyFitted
        {
            get { return _ports.HeaterSupplyRelay != null; }
        }

        /// <summary>True when the board has an upstream CO2 shut-off valve (<see cref="BioreactorPorts.FitActuatorFeedback"/>).</summary>
        public bool Co2ShutOffFitted
        {
            get { return _ports.Co2ShutOffValve != null; }
        }

        /// <summary>True when rocking is enabled and its loop has measured a whole cycle (rate and amplitude are current).</summary>
        public bool HasRockingEstimate
        {
            get { return RockingEnabled && Rocking.HasCycleEstimate; }
        }

        /// <summary>Ticks run since start.</summary>
        public long TickCount { get; private set; }

        /// <summary>
        /// The process rate's divisor: the thermal and gas steps each run every this many ticks (10: 5 Hz at the 50 Hz tick).
        /// </summary>
        public int ProcessEveryTicks
        {
            get { return _processEveryTicks; }
        }

        /// <summary>Thermal steps run since start (probes, temperature loop or autotune, safety's thermal checks).</summary>
        public long ThermalStepCount { get; private set; }

        /// <summary>Gas steps run since start (CO2 probe, CO2 loop, safety's gas checks).</summary>
        public long GasStepCount { get; private set; }

        /// <summary>The monotonic time of the last tick, ms.</summary>
        public long LastTickMilliseconds
        {
            get { return _lastTickMilliseconds; }
        }

        /// <summary>The last liquid probe reading (the controller's own object, updated in place each time the controller reads the sensor: copy it to keep it).</summary>
        public SensorReading LiquidReading
        {
            get { return _inputs.LiquidTemperature; }
        }

        /// <summary>The last plate probe reading (the controller's own object, updated in place each time the controller reads the sensor: copy it to keep it).</summary>
        public SensorReading PlateReading
        {
            get { return _inputs.PlateTemperature; }
        }

        /// <summary>The last CO2 reading (the controller's own object, updated in place each time the controller reads the sensor: copy it to keep it).</summary>
        public SensorReading Co2Reading
        {
            get { return _inputs.Co2; }
        }

        /// <summary>The last angle reading (the controller's own object, updated in place each time the controller reads the sensor: copy it to keep it).</summary>
        public SensorReading AngleReading
        {
            get { return _inputs.Angle; }
        }

        /// <summary>The door switch at the last tick.</summary>
        public bool DoorOpen
        {
            get { return _inputs.DoorOpen; }
        }

        /// <summary>The loop threw at the last tick (its output was held safe and its control-fault alarm raised).</summary>
        public bool TemperatureLoopFault
        {
            get { return _inputs.TemperatureLoopFault; }
        }

        /// <summary>The CO2 loop threw at the last tick.</summary>
        public bool Co2LoopFault
        {
            get { return _inputs.Co2LoopFault; }
        }

        /// <summary>The rocking loop threw at the last tick.</summary>
        public bool RockingLoopFault
        {
            get { return _inputs.RockingLoopFault; }
        }

        /// <summary>Sets the liquid temperature set point, °C (the loop validates it).</summary>
        public void SetTemperatureSetPoint(double liquidCelsius)
        {
            Temperature.LiquidSetPointCelsius = liquidCelsius;
        }

        /// <summary>Sets the CO2 set point, % v/v (the loop validates it).</summary>
        public void SetCo2SetPoint(double percent)
        {
            Co2.SetPointPercent = percent;
        }

        /// <summary>Commands rocking: rate in rpm and amplitude in degrees; 0 and 0 is static (level).</summary>
        public void SetRocking(double rateRpm, double amplitudeDegrees)
        {
            Rocking.Command(rateRpm, amplitudeDegrees);
        }

        /// <summary>
        /// Starts the temperature autotune (see <see cref="Control.TemperatureAutotune"/>): it waits for the liquid to be
        /// settled at its set point, runs the plate and liquid relays, and applies the tunings found, or aborts with a
        /// reason in <see cref="TemperatureAutotuneFailure"/> leaving the tunings as they were.
        /// </summary>
        /// <returns>False, changing nothing, when temperature control is disabled or an autotune is already active.</returns>
        public bool StartTemperatureAutotune()
        {
            if (!TemperatureControlEnabled)
            {
                return false;
            }

            return TemperatureAutotune.Start();
        }

        /// <summary>Cancels an active temperature autotune; the cascade controls with its previous tunings at once.</summary>
        /// <returns>True when an autotune was active.</returns>
        public bool CancelTemperatureAutotune()
        {
            return TemperatureAutotune.Cancel();
        }

        /// <summary>
        /// An operator acknowledges an alarm. Acknowledging an angle-sensor fault or a stall also clears the rocking
        /// loop's latched fault, so the platform restarts only after a person has looked (ISO 14118).
        /// </summary>
        /// <returns>True when the alarm's state changed.</returns>
        public bool Acknowledge(AlarmId id, int operatorReference)
        {
            bool changed = Alarms.Acknowledge(id, _lastTickMilliseconds, operatorReference);
            if (id == AlarmId.AngleSensorFault || id == AlarmId.RockingStall)
            {
                Rocking.ClearFault();
            }

            return changed;
        }

        /// <summary>
        /// Records that the board has just started after losing power: raises the power-interrupted alarm, which stays
        /// until acknowledged. Call once, before the first tick of a restart.
        /// </summary>
        public void NotePowerRestored(double poweredOffSeconds)
        {
            long now = _ports.Clock.MonotonicMilliseconds;
            Alarms.Evaluate(AlarmId.PowerInterrupted, true, poweredOffSeconds, now);
            Alarms.Evaluate(AlarmId.PowerInterrupted, false, poweredOffSeconds, now);
        }

        /// <summary>
        /// Runs one control tick. Call every <see cref="TickSeconds"/>; allocates nothing. Every tick: the angle, the door
        /// and the feedback sensors are read, the rocking loop runs, the heater's and valve's time proportioning switch
        /// them, safety's every-tick checks compose the outputs, and the outputs are written. Every
        /// <see cref="ProcessEveryTicks"/>th tick the thermal step (probes, temperature loop or autotune, safety's thermal
        /// checks) runs, and half a process period later the gas step (CO2 probe, CO2 loop, safety's gas checks), so the
        /// two never share a tick (see the class remarks). Each step receives the true time since its previous run.
        /// </summary>
        public void Tick()
        {
            long now = _ports.Clock.MonotonicMilliseconds;
            double dtSeconds = _hasTicked ? (now - _lastTickMilliseconds) / 1000.0 : _tickSeconds;
            if (dtSeconds <= 0)
            {
                return;
            }

            bool first = !_hasTicked;
            _hasTicked = true;
            _lastTickMilliseconds = now;
            long phase = TickCount % _processEveryTicks;
            TickCount++;

            _ports.AngleSensor.Read(_inputs.Angle);
            _inputs.DoorOpen = _ports.Door.IsOpen;
            ReadFeedback();

            // While a temperature autotune runs, the thermal step runs every tick: the relay's switching instants make the
            // oscillation it measures (switched up to 200 ms late at 5 Hz, the bench's heat-loss −30 % plant no longer
            // oscillated clearly above the hysteresis). The autotune is an attended procedure of about an hour.
            if (first || phase == 0 || _thermalStepDue || TemperatureAutotune.IsActive)
            {
                _thermalStepDue = false;
                _ports.LiquidProbe.Read(_inputs.LiquidTemperature);
                _ports.PlateProbe.Read(_inputs.PlateTemperature);
                RunTemperature(now, SecondsSince(_lastThermalMilliseconds, first, now));
                _lastThermalMilliseconds = now;
                _safety.UpdateThermal(_inputs, now);
                ThermalStepCount++;
            }

            if (first || phase == _gasPhase || _gasStepDue)
            {
                _gasStepDue = false;
                _ports.Co2Sensor.Read(_inputs.Co2);
                RunCo2(now, SecondsSince(_lastGasMilliseconds, first, now));
                _lastGasMilliseconds = now;
                _safety.UpdateGas(_inputs, now);
                GasStepCount++;
            }

            DriveHeater(dtSeconds);
            DriveValve(dtSeconds);
            RunRocking(now, dtSeconds);

            _safety.UpdateEveryTick(_inputs, now);

            // The second switches first: the supply relay closes before and opens with the heater's own switch.
            if (_ports.HeaterSupplyRelay != null)
            {
                _ports.HeaterSupplyRelay.Set(_safety.HeaterSupplyOutput);
            }

            if (_ports.Co2ShutOffValve != null)
            {
                _ports.Co2ShutOffValve.Set(_safety.Co2ShutOffOutput);
            }

            _ports.Heater.Set(_safety.HeaterOutput);
            _ports.Co2Valve.Set(_safety.ValveOutput);
            _ports.Rocker.SetEnabled(_safety.RockerEnabledOutput);
            _ports.Rocker.SetSpeed(_safety.RockerSpeedOutputDegreesPerSecond);

            // The door's suspensions reach the loops from their next step; safety already holds the outputs this tick.
            Co2.Suspended = _safety.Co2Suspended;
            Rocking.Suspended = _safety.RockingSuspended;
        }

        // The time since a process-rate step last ran, s; one process period at the first tick.
        private double SecondsSince(long lastMilliseconds, bool first, long now)
        {
            if (first || now <= lastMilliseconds)
            {
                return _tickSeconds * _processEveryTicks;
            }

            return (now - lastMilliseconds) / 1000.0;
        }

        /// <summary>
        /// The last heater current reading, A (value 0, status Ok, time 0 when no monitor is fitted); the controller's own object, updated in place each time the controller reads the sensor: copy it to keep it.
        /// </summary>
        public SensorReading HeaterCurrentReading
        {
            get { return _inputs.HeaterCurrent; }
        }

        /// <summary>
        /// The last CO2 flow reading, sccm (value 0, status Ok, time 0 when no flow sensor is fitted); the controller's own object, updated in place each time the controller reads the sensor: copy it to keep it.
        /// </summary>
        public SensorReading Co2FlowReading
        {
            get { return _inputs.Co2Flow; }
        }

        private void ReadFeedback()
        {
            _inputs.HeaterCurrentFitted = _ports.HeaterCurrentMonitor != null;
            _inputs.HeaterSupplyFitted = _ports.HeaterSupplyRelay != null;
            _inputs.Co2FlowFitted = _ports.Co2FlowSensor != null;
            _inputs.Co2ShutOffFitted = _ports.Co2ShutOffValve != null;
            if (_inputs.HeaterCurrentFitted)
            {
                _ports.HeaterCurrentMonitor.Read(_inputs.HeaterCurrent);
            }

            if (_inputs.Co2FlowFitted)
            {
                _ports.Co2FlowSensor.Read(_inputs.Co2Flow);
            }
        }

        /// <summary>
        /// The liquid reading the temperature loop steers by: the probe's own, marked as a device fault while safety judged
        /// it frozen at the previous tick (a stuck probe passes the loop's own checks, being fresh, finite and plausible), so
        /// the loop falls back to plate-only control instead of heating on a value that no longer follows the liquid.
        /// Safety keeps judging the probe's own reading, so the verdict clears when the reading moves again. The marked
        /// reading is a scratch object of the controller's, so the probe's own stays as read.
        /// </summary>
        private SensorReading LiquidForLoop()
        {
            SensorReading liquid = _inputs.LiquidTemperature;
            if (_safety.LiquidVerdict != SensorVerdict.Frozen)
            {
                return liquid;
            }

            _liquidForLoop.Set(liquid.Value, SensorStatus.DeviceFault, liquid.SampleMilliseconds);
            return _liquidForLoop;
        }

        private void RunTemperature(long now, double dtSeconds)
        {
            // A fault of the heater's output stage since the last step is reported at this step too.
            _inputs.TemperatureLoopFault = _heaterDriveFaulted;
            _heaterDriveFaulted = false;
            _inputs.LiquidRejectedByLoop = false;
            _inputs.PlateRejectedByLoop = false;
            _inputs.TemperatureControlActive = TemperatureControlEnabled;
            _inputs.TemperatureSetpointCelsius = Temperature.LiquidSetPointCelsius;
            if (!TemperatureControlEnabled)
            {
                TemperatureAutotune.Abort(TemperatureAutotuneFailure.ControlDisabled);
                return;
            }

            bool autotune = TemperatureAutotune.IsActive;
            try
            {
                if (autotune)
                {
                    // Safety's verdict from the previous tick: an interlock holding the heater off aborts the relays.
                    bool heaterInhibited = (_safety.HeaterInhibits & ~SafetyInhibit.NotEvaluated) != SafetyInhibit.None;
                    TemperatureAutotune.Regulate(LiquidForLoop(), _inputs.PlateTemperature, _inputs.DoorOpen, heaterInhibited,
                        now, dtSeconds);
                }
                else
                {
                    Temperature.Regulate(LiquidForLoop(), _inputs.PlateTemperature, now, dtSeconds);
                }
            }
            catch (Exception)
            {
                _inputs.TemperatureLoopFault = true;
                TemperatureAutotune.Abort(TemperatureAutotuneFailure.ControlFault);
            }

            if (autotune)
            {
                _inputs.LiquidRejectedByLoop = TemperatureAutotune.LiquidCheck != SensorCheck.Ok;
                _inputs.PlateRejectedByLoop = TemperatureAutotune.PlateCheck != SensorCheck.Ok;
            }
            else
            {
                _inputs.LiquidRejectedByLoop = Temperature.LiquidCheck != SensorCheck.Ok;
                _inputs.PlateRejectedByLoop = Temperature.PlateCheck != SensorCheck.Ok;
            }
        }

        private void RunCo2(long now, double dtSeconds)
        {
            _inputs.Co2LoopFault = _valveDriveFaulted;
            _valveDriveFaulted = false;
            _inputs.Co2RejectedByLoop = false;
            _inputs.Co2ControlActive = Co2ControlEnabled;
            _inputs.Co2SetpointPercent = Co2.SetPointPercent;
            if (!Co2ControlEnabled)
            {
                return;
            }

            try
            {
                Co2.Regulate(_inputs.Co2, now, dtSeconds);
            }
            catch (Exception)
            {
                _inputs.Co2LoopFault = true;
            }

            _inputs.Co2RejectedByLoop = Co2.Co2Check != SensorCheck.Ok;
        }

        // The heater's time proportioning, every tick, by the duty of the last thermal step (the autotune's relay duty
        // while it drives the heater); off while temperature control is disabled or its loop faulted.
        private void DriveHeater(double dtSeconds)
        {
            _inputs.HeaterRequested = false;
            if (!TemperatureControlEnabled || _inputs.TemperatureLoopFault)
            {
                return;
            }

            try
            {
                _inputs.HeaterRequested = TemperatureAutotune.DriveHeater(dtSeconds);
            }
            catch (Exception)
            {
                _inputs.TemperatureLoopFault = true;
                _heaterDriveFaulted = true;
                TemperatureAutotune.Abort(TemperatureAutotuneFailure.ControlFault);
            }
        }

        // The valve's time proportioning, every tick, by the duty of the last gas step.
        private void DriveValve(double dtSeconds)
        {
            _inputs.ValveRequested = false;
            if (!Co2ControlEnabled || _inputs.Co2LoopFault)
            {
                return;
            }

            try
            {
                _inputs.ValveRequested = Co2.DriveValve(dtSeconds);
            }
            catch (Exception)
            {
                _inputs.Co2LoopFault = true;
                _valveDriveFaulted = true;
            }
        }

        private void RunRocking(long now, double dtSeconds)
        {
            _inputs.RockerEnableRequested = false;
            _inputs.RockerSpeedRequestDegreesPerSecond = 0;
            _inputs.RockingLoopFault = false;
            _inputs.AngleRejectedByLoop = false;
            if (!RockingEnabled)
            {
                return;
            }

            try
            {
                _inputs.RockerSpeedRequestDegreesPerSecond = Rocking.Update(_inputs.Angle, now, dtSeconds);
                _inputs.RockerEnableRequested = Rocking.DriveEnabled;
            }
            catch (Exception)
            {
                _inputs.RockingLoopFault = true;
                _inputs.RockerSpeedRequestDegreesPerSecond = 0;
                _inputs.RockerEnableRequested = false;
            }

            _inputs.AngleRejectedByLoop = Rocking.AngleCheck != SensorCheck.Ok;
        }
    }
}
