using System;
using System.Collections.Generic;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// The virtual board: thermal, gas and rocking models of a rocking-bag bioreactor behind the core's ports, with
    /// sensor models, fault injection and a virtual clock. One <see cref="Step"/> advances plant, sensors and clock
    /// together; the simulator runs one firmware tick per step:
    /// <code>
    ///   read sensors (ports) → firmware computes → firmware sets outputs (ports) → Step(dt)
    /// </code>
    /// Deterministic: the same parameters, seed and command sequence give bit-identical results. Every model draws from
    /// its own random stream, and sensors draw only when they convert (never when read).
    /// <para>
    /// Power: while a power-cut fault is active <see cref="IsPowered"/> is false, the board's outputs are de-energised
    /// and their commands cleared (a restarted firmware must command them again), the aeration pump stops if configured,
    /// and the plant keeps evolving. The simulator should not run the firmware meanwhile; what a restart means (clock
    /// reset through <see cref="RestartBoardClock"/>, record recovery) is the simulator's decision.
    /// </para>
    /// </summary>
    public sealed class VirtualBioreactor
    {
        /// <summary>The largest step <see cref="Step"/> accepts, s.</summary>
        public const double MaxStepSeconds = 1.0;

        private const long SlowUpdatePeriodMicroseconds = 1_000_000L;
        private const int TargetCount = 5;

        private static readonly DateTime DefaultStartUtc = new DateTime(2025, 1, 6, 8, 0, 0, DateTimeKind.Utc);

        private readonly ThermalModel thermal;
        private readonly GasModel gas;
        private readonly RockingModel rocking;
        private readonly AmbientModel ambient;
        private readonly double rockingLossGain;
        private readonly double lidOpenLossMultiplier;
        private readonly double mixingTimeConstantSeconds;
        private readonly bool airFlowStopsOnPowerCut;
        private readonly bool hasAirFlow;
        private readonly List<FaultState> faults = new List<FaultState>();
        private readonly int[] activeFaultCounts = new int[11 * TargetCount];

        private long elapsedMicroseconds;
        private long preparedDtMicroseconds = -1;
        private double preparedDtSeconds;
        private long nextSlowUpdateMicroseconds;
        private long lastSlowUpdateMicroseconds;
        private long nextFaultEventMicroseconds = long.MaxValue;
        private bool thermalPreparedDoorOpen;
        private bool roomStepChanged;
        private double mixingCoefficient;
        private double meanAbsoluteSpeedDegreesPerSecond;
        private int stallCount;
        private int powerCutCount;
        private long heaterOnMicroseconds;
        private long valveOpenMicroseconds;
        private readonly bool secondShutOffsFitted;
        private readonly double heaterAmperes;
        private readonly double co2FlowSccm;

        /// <summary>Creates the board from validated parameters and a seed, with the clock at a fixed default start.</summary>
        public VirtualBioreactor(PlantParameters parameters, int seed)
            : this(parameters, seed, DefaultStartUtc)
        {
        }

        /// <summary>Creates the board from parameters (validated and copied) and a seed, the clock starting at <paramref name="startUtc"/>.</summary>
        /// <exception cref="PlantParametersException">A parameter is out of range.</exception>
        public VirtualBioreactor(PlantParameters parameters, int seed, DateTime startUtc)
        {
            if (parameters == null)
            {
                throw new ArgumentNullException(nameof(parameters));
            }

            parameters.Validate();
            PlantParameters p = parameters.Clone();
            Parameters = p;
            Seed = seed;

            // One random stream per model (stream numbers are part of the determinism contract: do not renumber).
            ambient = new AmbientModel(p.Ambient, new SeededRandom(seed, 1));
            thermal = new ThermalModel(p);
            gas = new GasModel(p);
            rocking = new RockingModel(p);
            rockingLossGain = p.Thermal.RockingLossGainPerDegreePerSecond;
            lidOpenLossMultiplier = p.Thermal.LidOpenLossMultiplier;
            mixingTimeConstantSeconds = p.Thermal.RockingMixingTimeConstantSeconds;
            airFlowStopsOnPowerCut = p.Gas.AirFlowStopsOnPowerCut;
            hasAirFlow = p.Gas.AirFlowLitresPerMinute > 0.0;

            Clock = new VirtualClock(startUtc, true);
            LiquidProbe = new VirtualRtdProbe(p.Sensors.LiquidProbe, new SeededRandom(seed, 2), thermal.LiquidCelsius);
            PlateProbe = new VirtualRtdProbe(p.Sensors.PlateProbe, new SeededRandom(seed, 3), thermal.PlateCelsius);
            Co2Sensor = new VirtualCo2Sensor(p.Sensors.Co2, new SeededRandom(seed, 4), TrueCo2Percent);
            AngleSensor = new VirtualAngleSensor(p.Sensors.Angle, new SeededRandom(seed, 5), rocking.AngleDegrees);
            Heater = new VirtualSwitchedOutput(false);
            Co2Valve = new VirtualSwitchedOutput(true);
            secondShutOffsFitted = p.Feedback.SecondShutOffsFitted;
            heaterAmperes = p.Thermal.HeaterPowerWatts / p.Feedback.HeaterSupplyVolts;
            co2FlowSccm = p.Gas.Co2InjectionFlowLitresPerMinute * 1000.0;
            HeaterSupplyRelay = new VirtualSecondSwitch(p.Feedback.SupplyRelayOperateSeconds, p.Feedback.SupplyRelayReleaseSeconds);
            Co2ShutOffValve = new VirtualSecondSwitch(p.Feedback.ShutOffValveSwitchSeconds, p.Feedback.ShutOffValveSwitchSeconds);
            HeaterCurrentMonitor = new VirtualCurrentMonitor(p.Feedback, new SeededRandom(seed, 6));
            Co2FlowSensor = new VirtualFlowSensor(p.Feedback, new SeededRandom(seed, 7));
            Rocker = new VirtualRockerDrive();
            Door = new VirtualDoorSwitch();

            LiquidProbe.Initialise(0L, 0L);
            PlateProbe.Initialise(0L, 0L);
            Co2Sensor.Initialise(0L, 0L);
            AngleSensor.Initialise(0L, 0L);
            HeaterCurrentMonitor.Initialise(0L, 0L);
            Co2FlowSensor.Initialise(0L, 0L);
        }

        /// <summary>The parameters in use (a validated copy of those given).</summary>
        public PlantParameters Parameters { get; }

        /// <summary>The seed of every random stream.</summary>
        public int Seed { get; }

        /// <summary>The liquid RTD probe port (°C).</summary>
        public VirtualRtdProbe LiquidProbe { get; }

        /// <summary>The heater plate RTD probe port (°C).</summary>
        public VirtualRtdProbe PlateProbe { get; }

        /// <summary>The NDIR CO2 probe port (% CO2).</summary>
        public VirtualCo2Sensor Co2Sensor { get; }

        /// <summary>The platform angle sensor port (°).</summary>
        public VirtualAngleSensor AngleSensor { get; }

        /// <summary>The heater plate SSR port.</summary>
        public VirtualSwitchedOutput Heater { get; }

        /// <summary>The CO2 solenoid valve port.</summary>
        public VirtualSwitchedOutput Co2Valve { get; }

        /// <summary>
        /// The heater supply relay port (normally open, in series with the heater's MOSFET): the heater conducts only while
        /// it is closed, when <see cref="SecondShutOffsFitted"/>.
        /// </summary>
        public VirtualSecondSwitch HeaterSupplyRelay { get; }

        /// <summary>
        /// The upstream CO2 shut-off valve port (normally closed, in series before the dosing valve): CO2 flows only while
        /// it is open, when <see cref="SecondShutOffsFitted"/>.
        /// </summary>
        public VirtualSecondSwitch Co2ShutOffValve { get; }

        /// <summary>The heater current monitor port (A).</summary>
        public VirtualCurrentMonitor HeaterCurrentMonitor { get; }

        /// <summary>The CO2 flow sensor port (sccm of CO2, downstream of the dosing valve).</summary>
        public VirtualFlowSensor Co2FlowSensor { get; }

        /// <summary>True when the supply relay and the upstream shut-off act on the plant (plant file Feedback section).</summary>
        public bool SecondShutOffsFitted => secondShutOffsFitted;

        /// <summary>The rocker motor drive port.</summary>
        public VirtualRockerDrive Rocker { get; }

        /// <summary>The lid/door switch port.</summary>
        public VirtualDoorSwitch Door { get; }

        /// <summary>The board clock port.</summary>
        public VirtualClock Clock { get; }

        /// <summary>Simulated time since the start, µs.</summary>
        public long ElapsedMicroseconds => elapsedMicroseconds;

        /// <summary>Simulated time since the start, s.</summary>
        public double ElapsedSeconds => elapsedMicroseconds * 1.0e-6;

        /// <summary>True liquid temperature, °C.</summary>
        public double TrueLiquidCelsius => thermal.LiquidCelsius;

        /// <summary>True heater plate temperature, °C.</summary>
        public double TruePlateCelsius => thermal.PlateCelsius;

        /// <summary>True headspace CO2, % v/v.</summary>
        public double TrueCo2Percent => gas.HeadspaceFraction * 100.0;

        /// <summary>Dissolved CO2 expressed as the headspace CO2 it is in equilibrium with, %.</summary>
        public double TrueDissolvedCo2Percent => gas.LiquidEquilibriumFraction * 100.0;

        /// <summary>True platform angle, °.</summary>
        public double TrueAngleDegrees => rocking.AngleDegrees;

        /// <summary>True platform angular speed, °/s.</summary>
        public double TruePlatformSpeedDegreesPerSecond => rocking.SpeedDegreesPerSecond;

        /// <summary>Mean absolute platform speed (filtered), °/s: what drives the rocking heat loss.</summary>
        public double MeanAbsolutePlatformSpeedDegreesPerSecond => meanAbsoluteSpeedDegreesPerSecond;

        /// <summary>Motor torque at the platform in the last substep, N·m.</summary>
        public double MotorTorqueNewtonMetres => rocking.MotorTorqueNewtonMetres;

        /// <summary>True when the motor was at its torque limit in the last substep.</summary>
        public bool IsMotorTorqueLimited => rocking.IsTorqueLimited;

        /// <summary>True when current flows through the heater element (its switch conducts, the supply relay is closed, powered).</summary>
        public bool HeaterIsOn => Heater.IsOn && (!secondShutOffsFitted || HeaterSupplyRelay.IsOn);

        /// <summary>True when CO2 actually flows into the bag (dosing valve passes gas and the upstream shut-off is open).</summary>
        public bool ValveIsOpen => Co2Valve.IsOn && (!secondShutOffsFitted || Co2ShutOffValve.IsOn);

        /// <summary>True current through the heater element now, A.</summary>
        public double TrueHeaterAmperes => HeaterIsOn ? heaterAmperes : 0.0;

        /// <summary>True CO2 flow into the bag now, sccm.</summary>
        public double TrueCo2FlowSccm => ValveIsOpen ? co2FlowSccm : 0.0;

        /// <summary>Total time the heater has actually been on, s.</summary>
        public double HeaterOnSeconds => heaterOnMicroseconds * 1.0e-6;

        /// <summary>Total time the CO2 valve has actually been open, s.</summary>
        public double ValveOpenSeconds => valveOpenMicroseconds * 1.0e-6;

        /// <summary>Room temperature now, °C.</summary>
        public double AmbientCelsius => ambient.Celsius;

        /// <summary>
        /// A step in the room temperature, K, added to the drifting room from the next step on (a disturbance, not a
        /// fault: a heating or air-conditioning change, a neighbouring instrument; the bench's stuck-probe scenarios step
        /// the room by 1 K at the freeze). Default 0.
        /// </summary>
        public double RoomStepKelvin
        {
            get => ambient.StepKelvin;
            set
            {
                if (!double.IsFinite(value) || Math.Abs(value) > 50.0)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value, "The room step must be finite and within ±50 K.");
                }

                ambient.StepKelvin = value;
                roomStepChanged = true;
            }
        }

        /// <summary>Factor on the thermal losses now (rocking × lid).</summary>
        public double HeatLossMultiplier => LossMultiplier(Door.IsOpen);

        /// <summary>True while the lid/door is open.</summary>
        public bool IsDoorOpen => Door.IsOpen;

        /// <summary>True while aeration air flows into the bag.</summary>
        public bool IsAirFlowing => hasAirFlow && !(powerCutCount > 0 && airFlowStopsOnPowerCut);

        /// <summary>False during a power cut: the firmware is not running and every output is de-energised.</summary>
        public bool IsPowered => powerCutCount == 0;

        /// <summary>Adds every fault of a schedule (times from the start of the simulation; starts at or before now begin at once).</summary>
        public void AddFaults(FaultSchedule schedule)
        {
            if (schedule == null)
            {
                throw new ArgumentNullException(nameof(schedule));
            }

            foreach (Fault fault in schedule)
            {
                AddFault(fault);
            }
        }

        /// <summary>Adds one fault (times from the start of the simulation; a start at or before now begins at once).</summary>
        public void AddFault(Fault fault)
        {
            if (fault == null)
            {
                throw new ArgumentNullException(nameof(fault));
            }

            long start = ToMicroseconds(fault.StartSeconds);
            long end = fault.IsUntilEnd ? long.MaxValue : Math.Max(start, ToMicroseconds(fault.EndSeconds));
            faults.Add(new FaultState(fault, start, end));
            nextFaultEventMicroseconds = Math.Min(nextFaultEventMicroseconds, start);
            if (elapsedMicroseconds >= nextFaultEventMicroseconds)
            {
                ProcessFaultEvents();
            }
        }

        /// <summary>True while a fault of this kind (and target, for sensor faults) is active.</summary>
        public bool IsFaultActive(FaultKind kind, FaultTarget target = FaultTarget.None)
        {
            return activeFaultCounts[((int)kind * TargetCount) + (int)target] > 0;
        }

        /// <summary>Restarts the board clock's monotonic count at 0 (a simulated reboot); plant time and UTC go on.</summary>
        public void RestartBoardClock()
        {
            Clock.RestartMonotonic();
            long nowMilliseconds = Clock.MonotonicMilliseconds;
            LiquidProbe.OnClockRestart(elapsedMicroseconds, nowMilliseconds);
            PlateProbe.OnClockRestart(elapsedMicroseconds, nowMilliseconds);
            Co2Sensor.OnClockRestart(elapsedMicroseconds, nowMilliseconds);
            AngleSensor.OnClockRestart(elapsedMicroseconds, nowMilliseconds);
            HeaterCurrentMonitor.OnClockRestart(elapsedMicroseconds, nowMilliseconds);
            Co2FlowSensor.OnClockRestart(elapsedMicroseconds, nowMilliseconds);
        }

        /// <summary>
        /// Advances plant, sensors and clock by <paramref name="dtSeconds"/> (rounded to whole microseconds): the plant
        /// evolves over the step with the outputs and the door as they are now; then time advances, faults due by the
        /// new time start or end, and sensors due take their samples. So after a step to time t, everything (ports,
        /// flags, samples taken at t) reflects the faults active at t. Allocation-free.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">dt is not in (0, <see cref="MaxStepSeconds"/>] s.</exception>
        public void Step(double dtSeconds)
        {
            if (!(dtSeconds > 0.0 && dtSeconds <= MaxStepSeconds))
            {
                throw new ArgumentOutOfRangeException(nameof(dtSeconds), dtSeconds, "The step must be above 0 and at most 1 s.");
            }

            long dtMicroseconds = (long)Math.Round(dtSeconds * 1.0e6);
            if (dtMicroseconds < 1L)
            {
                dtMicroseconds = 1L;
            }

            bool doorOpen = Door.IsOpen;
            if (dtMicroseconds != preparedDtMicroseconds)
            {
                PrepareStep(dtMicroseconds, doorOpen);
            }
            else if (elapsedMicroseconds >= nextSlowUpdateMicroseconds)
            {
                SlowUpdate(doorOpen);
            }
            else if (doorOpen != thermalPreparedDoorOpen || roomStepChanged)
            {
                PrepareThermal(doorOpen);
            }

            bool heaterOn = HeaterIsOn;
            bool valveOpen = ValveIsOpen;
            thermal.Step(heaterOn);
            gas.Step(valveOpen, doorOpen, IsAirFlowing);
            rocking.Step(preparedDtSeconds, Rocker.IsDriving, Rocker.CommandedSpeedDegreesPerSecond, stallCount > 0);
            meanAbsoluteSpeedDegreesPerSecond +=
                (Math.Abs(rocking.SpeedDegreesPerSecond) - meanAbsoluteSpeedDegreesPerSecond) * mixingCoefficient;

            if (heaterOn)
            {
                heaterOnMicroseconds += dtMicroseconds;
            }

            if (valveOpen)
            {
                valveOpenMicroseconds += dtMicroseconds;
            }

            elapsedMicroseconds += dtMicroseconds;
            HeaterSupplyRelay.Advance(dtMicroseconds);
            Co2ShutOffValve.Advance(dtMicroseconds);
            Clock.Advance(dtMicroseconds);
            if (elapsedMicroseconds >= nextFaultEventMicroseconds)
            {
                ProcessFaultEvents();
            }

            long nowMilliseconds = Clock.MonotonicMilliseconds;
            LiquidProbe.Advance(thermal.LiquidCelsius, elapsedMicroseconds, nowMilliseconds);
            PlateProbe.Advance(thermal.PlateCelsius, elapsedMicroseconds, nowMilliseconds);
            Co2Sensor.Advance(gas.HeadspaceFraction * 100.0, elapsedMicroseconds, nowMilliseconds);
            AngleSensor.Advance(rocking.AngleDegrees, elapsedMicroseconds, nowMilliseconds);

            // The feedback sensors sample what flows now (switch states and faults as at the new time).
            HeaterCurrentMonitor.Advance(TrueHeaterAmperes, elapsedMicroseconds, nowMilliseconds);
            Co2FlowSensor.Advance(TrueCo2FlowSccm, elapsedMicroseconds, nowMilliseconds);
        }

        private static long ToMicroseconds(double seconds)
        {
            double micros = Math.Round(seconds * 1.0e6);
            return micros >= long.MaxValue ? long.MaxValue : (long)micros;
        }

        private double LossMultiplier(bool doorOpen)
        {
            double rockingFactor = 1.0 + (rockingLossGain * meanAbsoluteSpeedDegreesPerSecond);
            return doorOpen ? rockingFactor * lidOpenLossMultiplier : rockingFactor;
        }

        private void PrepareStep(long dtMicroseconds, bool doorOpen)
        {
            preparedDtMicroseconds = dtMicroseconds;
            preparedDtSeconds = dtMicroseconds * 1.0e-6;
            gas.Prepare(preparedDtSeconds);
            mixingCoefficient = 1.0 - Math.Exp(-preparedDtSeconds / mixingTimeConstantSeconds);
            LiquidProbe.Prepare(preparedDtSeconds);
            PlateProbe.Prepare(preparedDtSeconds);
            Co2Sensor.Prepare(preparedDtSeconds);
            AngleSensor.Prepare(preparedDtSeconds);
            HeaterCurrentMonitor.Prepare(preparedDtSeconds);
            Co2FlowSensor.Prepare(preparedDtSeconds);
            if (elapsedMicroseconds >= nextSlowUpdateMicroseconds)
            {
                SlowUpdate(doorOpen);
            }
            else
            {
                PrepareThermal(doorOpen);
            }
        }

        // Once per simulated second: room temperature and the rocking part of the loss multiplier.
        private void SlowUpdate(bool doorOpen)
        {
            double interval = (elapsedMicroseconds - lastSlowUpdateMicroseconds) * 1.0e-6;
            lastSlowUpdateMicroseconds = elapsedMicroseconds;
            ambient.Update(elapsedMicroseconds * 1.0e-6, interval);
            nextSlowUpdateMicroseconds += SlowUpdatePeriodMicroseconds;
            if (nextSlowUpdateMicroseconds <= elapsedMicroseconds)
            {
                nextSlowUpdateMicroseconds = elapsedMicroseconds + SlowUpdatePeriodMicroseconds;
            }

            PrepareThermal(doorOpen);
        }

        private void PrepareThermal(bool doorOpen)
        {
            thermal.Prepare(preparedDtSeconds, LossMultiplier(doorOpen), ambient.Celsius);
            thermalPreparedDoorOpen = doorOpen;
            roomStepChanged = false;
        }

        private void ProcessFaultEvents()
        {
            long next = long.MaxValue;
            for (int i = 0; i < faults.Count; i++)
            {
                FaultState state = faults[i];
                if (!state.Started)
                {
                    if (elapsedMicroseconds >= state.StartMicroseconds)
                    {
                        state.Started = true;
                        Apply(state.Fault, true);
                    }

                    // A fault lasts at least one step, so its end is looked at from the next step on.
                    next = Math.Min(next, state.Started ? state.EndMicroseconds : state.StartMicroseconds);
                    continue;
                }

                if (!state.Ended)
                {
                    if (elapsedMicroseconds >= state.EndMicroseconds)
                    {
                        state.Ended = true;
                        Apply(state.Fault, false);
                    }
                    else
                    {
                        next = Math.Min(next, state.EndMicroseconds);
                    }
                }
            }

            nextFaultEventMicroseconds = next;
        }

        private void Apply(Fault fault, bool start)
        {
            activeFaultCounts[((int)fault.Kind * TargetCount) + (int)fault.Target] += start ? 1 : -1;
            switch (fault.Kind)
            {
                case FaultKind.ProbeOpen:
                case FaultKind.ProbeShort:
                case FaultKind.SensorStuck:
                case FaultKind.SensorStale:
                    SensorFor(fault.Target).SetFault(fault.Kind, start);
                    break;
                case FaultKind.HeaterFailedOff:
                    Heater.SetForcedOff(start);
                    break;
                case FaultKind.HeaterFailedOn:
                    Heater.SetForcedOn(start);
                    break;
                case FaultKind.ValveStuckOpen:
                    Co2Valve.SetForcedOn(start);
                    break;
                case FaultKind.ValveStuckClosed:
                    Co2Valve.SetForcedOff(start);
                    break;
                case FaultKind.MotorStall:
                    stallCount += start ? 1 : -1;
                    break;
                case FaultKind.DoorOpen:
                    Door.SetOpenByFault(start);
                    break;
                case FaultKind.PowerCut:
                    powerCutCount += start ? 1 : -1;
                    bool powered = powerCutCount == 0;
                    Heater.SetPowered(powered);
                    Co2Valve.SetPowered(powered);
                    HeaterSupplyRelay.SetPowered(powered);
                    Co2ShutOffValve.SetPowered(powered);
                    Rocker.SetPowered(powered);
                    break;
            }
        }

        private VirtualSensor SensorFor(FaultTarget target)
        {
            switch (target)
            {
                case FaultTarget.LiquidProbe:
                    return LiquidProbe;
                case FaultTarget.PlateProbe:
                    return PlateProbe;
                case FaultTarget.Co2Sensor:
                    return Co2Sensor;
                case FaultTarget.AngleSensor:
                    return AngleSensor;
                default:
                    throw new ArgumentOutOfRangeException(nameof(target), target, "Not a sensor.");
            }
        }

        private sealed class FaultState
        {
            public FaultState(Fault fault, long startMicroseconds, long endMicroseconds)
            {
                Fault = fault;
                StartMicroseconds = startMicroseconds;
                EndMicroseconds = endMicroseconds;
            }

            public Fault Fault { get; }

            public long StartMicroseconds { get; }

            public long EndMicroseconds { get; }

            public bool Started { get; set; }

            public bool Ended { get; set; }
        }
    }
}
