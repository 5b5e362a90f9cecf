using System;
using System.Collections.Generic;
using System.Globalization;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// The control-performance scenarios and their targets (the issue "Control performance: a scenario report with
/// targets"). Every figure is taken on the plant's true values, never on the sensors'.
/// </summary>
public static class Scenarios
{
    /// <summary>Liquid set point of every scenario, °C.</summary>
    public const double TemperatureCelsius = 37.0;

    /// <summary>CO2 set point of every scenario, %.</summary>
    public const double Co2Percent = 5.0;

    /// <summary>Rocking rate of the rocking scenarios, rpm (docs/architecture.md: a common set point).</summary>
    public const double RateRpm = 10.0;

    /// <summary>Rocking amplitude of the rocking scenarios, degrees.</summary>
    public const double AmplitudeDegrees = 6.0;

    /// <summary>Ambient drift amplitude of the steady-state scenarios, K (the issue's ±2 °C).</summary>
    public const double SteadyAmbientDriftKelvin = 2.0;

    /// <summary>Pre-run of the steady-state scenarios from a steady initial state, s: every integrator has settled.</summary>
    public const double SteadyPreRunSeconds = 2 * 3600.0;

    /// <summary>Pre-run before a door opening or a fault, s.</summary>
    public const double PreRunSeconds = 3600.0;

    /// <summary>How long the door scenarios keep the door open, s.</summary>
    public const double DoorOpenSeconds = 30.0;

    /// <summary>
    /// How far a frozen probe's true value may depart from its healthy twin's (the same run without the freeze) before the
    /// freeze is detected: °C, and % CO2.
    /// </summary>
    public const double StuckBand = 0.2;

    /// <summary>Length of each fault-free run counting false detections of a frozen probe, days (the 14).</summary>
    public const double FalseDetectionDays = 14.0;

    /// <summary>The group names, in report order.</summary>
    public static readonly string[] Groups = ["warm-up", "steady-state", "door", "rocking", "faults", "stuck-probe", "robustness", "false-detection", "speed"];

    /// <summary>The warm-up scenario's bound: liquid 22 → 37 °C with the plate held at its limit from the start, s.</summary>
    public static double FastestWarmUpSeconds(PlantParameters plant, double plateLimitCelsius) =>
        PlantFigures.WarmUpSecondsPlateHeld(plant, plateLimitCelsius, plant.Thermal.InitialLiquidCelsius, TemperatureCelsius, 1.0,
            plant.Ambient.AmbientCelsius);

    /// <summary>
    /// Every scenario but the speed run, for a plant (the warm-up bound uses the core's default plate limit); the
    /// steady-state and robustness scenarios measure <paramref name="steadyHours"/> each.
    /// </summary>
    public static List<ScenarioDefinition> Create(PlantParameters plant, double steadyHours = 24.0)
    {
        double plateLimit = new TemperatureLoopSettings().PlateLimitCelsius;
        double bound = FastestWarmUpSeconds(plant, plateLimit);
        var list = new List<ScenarioDefinition>
        {
            WarmUp(bound, plateLimit, 4 * 3600.0),
            SteadyState(steadyHours * 3600.0),
            Door(3600.0),
            Rocking(600.0),
        };
        list.AddRange(Faults(1200.0));
        list.AddRange(StuckProbe(1200.0));
        list.AddRange(Robustness(steadyHours * 3600.0));
        list.AddRange(FalseDetection(FalseDetectionDays * 86400.0));
        return list;
    }

    /// <summary>Warm-up 22 → 37 °C from room temperature, platform still.</summary>
    public static ScenarioDefinition WarmUp(double boundSeconds, double plateLimitCelsius, double durationSeconds) => new()
    {
        Group = "warm-up",
        Description = string.Create(CultureInfo.InvariantCulture,
            $"liquid and plate from room temperature to {TemperatureCelsius:F0} °C, static; the bound is the liquid's first-order rise with the plate held at its {plateLimitCelsius:F1} °C limit from t = 0 (PlantFigures.WarmUpSecondsPlateHeld); run {durationSeconds / 3600:F0} h"),
        Schedule = [Step(0, rocking: false)],
        DurationSeconds = durationSeconds,
        Figures =
        [
            new("fastest admissible warm-up (bound)", "min", Target.None, 1),
            new("overshoot: max(liquid) − 37 °C", "°C", Target.AtMost(0.2), 3, ShortName: "overshoot"),
            new("settled within ±0.1 °C (for good)", "min", Target.AtMost(1.3 * boundSeconds / 60.0), 1, ShortName: "settled within ±0.1 °C"),
            new("settling time / bound", "×", Target.AtMost(1.3), 3),
            new("highest plate temperature", "°C", Target.None, 2),
        ],
        Measure = _ => new WarmUpMeasure(TemperatureCelsius, 0.1, boundSeconds),
    };

    /// <summary>Steady state with ±2 °C ambient drift and sensor noise, rocking at 10 rpm / 6°.</summary>
    public static ScenarioDefinition SteadyState(double measuredSeconds) => new()
    {
        Group = "steady-state",
        Description = string.Create(CultureInfo.InvariantCulture,
            $"{measuredSeconds / 3600:F0} h at 37 °C / 5 % / {RateRpm:F0} rpm ±{AmplitudeDegrees:F0}°, room 22 °C ±{SteadyAmbientDriftKelvin:F0} °C (24 h sine) plus its random walk, default sensor noise; from a steady start, {SteadyPreRunSeconds / 3600:F0} h pre-run not counted; one sample per 20 ms tick"),
        ModifyPlant = p =>
        {
            SteadyStart(p, rocking: true);
            p.Ambient.AmbientDriftAmplitudeKelvin = SteadyAmbientDriftKelvin;
        },
        Schedule = [Step(0, rocking: true)],
        DurationSeconds = SteadyPreRunSeconds + measuredSeconds,
        Figures = SteadyFigures(withTunings: false),
        Measure = _ => new SteadyStateMeasure(SteadyPreRunSeconds, 0.1, 0.1),
    };

    /// <summary>The lid/door open for 30 s at steady state while rocking.</summary>
    public static ScenarioDefinition Door(double observeSeconds) => new()
    {
        Group = "door",
        Description = string.Create(CultureInfo.InvariantCulture,
            $"door open {DoorOpenSeconds:F0} s at steady state ({PreRunSeconds / 3600:F0} h pre-run, rocking); the first times from the door OPENING until back within the band for good; the CO2 recovery against its bound timed from the door CLOSING, both: the controller's until the true CO2 is back within ±0.2 % for good, the bound's until the true CO2 first reaches 4.8 % with the valve open without a break from the plant's state at the close (PlantFigures.Co2RecoverySecondsValveOpen; the safety layer's {new SafetySettings().DoorSettleMilliseconds / 1000.0:F0} s door settle and the loop's valve limits count against the controller); watched {observeSeconds / 60:F0} min"),
        ModifyPlant = p => SteadyStart(p, rocking: true),
        Schedule = [Step(0, rocking: true)],
        Faults = [new Fault(FaultKind.DoorOpen, PreRunSeconds, DoorOpenSeconds)],
        DurationSeconds = PreRunSeconds + observeSeconds,
        Figures =
        [
            new("liquid back within ±0.2 °C", "s", Target.AtMost(600), 0),
            new("CO2 back within ±0.2 %", "s", Target.AtMost(300), 0),
            new("largest liquid deviation", "°C", Target.None, 3),
            new("lowest CO2", "%", Target.None, 2),
            new("CO2 back within ±0.2 % for good, from the door closing", "s", Target.None, 0),
            new("fastest CO2 recovery from the door closing: valve open throughout (bound)", "s", Target.None, 0),
            new("CO2 recovery / bound (both from the door closing)", "×", Target.AtMost(1.2), 3, ShortName: "CO2 recovery / bound"),
        ],
        Measure = context => new RecoveryMeasure(context.Plant, PreRunSeconds, PreRunSeconds + DoorOpenSeconds, 0.2, 0.2),
    };

    /// <summary>Rocking at 10 rpm / 6° from static, measured for a window after the trajectory has settled.</summary>
    public static ScenarioDefinition Rocking(double windowSeconds)
    {
        const double StartSeconds = 600;
        const double SettleSeconds = 60;
        return new()
        {
            Group = "rocking",
            Description = string.Create(CultureInfo.InvariantCulture,
                $"static, then {RateRpm:F0} rpm / {AmplitudeDegrees:F0}° commanded at {StartSeconds:F0} s; measured over {windowSeconds / 60:F0} min from {SettleSeconds:F0} s later; RMS of (the controller's own reference trajectory − true angle), the same trajectory for all three; rate from upward zero crossings, amplitude from the peaks of the true angle"),
            ModifyPlant = p => SteadyStart(p, rocking: false),
            Schedule = [Step(0, rocking: false), Step(StartSeconds, rocking: true)],
            DurationSeconds = StartSeconds + SettleSeconds + windowSeconds,
            Figures =
            [
                new("angle tracking error, RMS", "°", Target.AtMost(0.3), 3),
                new("rate", "rpm", Target.Within(RateRpm, 0.01 * RateRpm, "10 ± 1 %"), 3),
                new("amplitude", "°", Target.Within(AmplitudeDegrees, 0.2, "6 ± 0.2"), 3),
                new("worst cycle's amplitude error", "°", Target.None, 3),
                new("cycles measured", "", Target.None, 0),
            ],
            Measure = _ => new RockingMeasure(StartSeconds + SettleSeconds, StartSeconds + SettleSeconds + windowSeconds, AmplitudeDegrees),
        };
    }

    /// <summary>Every fault kind, injected at steady state while rocking.</summary>
    public static List<ScenarioDefinition> Faults(double observeSeconds)
    {
        // The liquid, plate and CO2 probes frozen at a plausible value are judged in the stuck-probe group (StuckProbe):
        // such a reading cannot be told from a steady one within 2 s.
        var cases = new (string Name, Fault Fault, SafeState Safe, AlarmId Alarm, string Reason)[]
        {
            ("probe-open:liquid", Sensor(FaultKind.ProbeOpen, FaultTarget.LiquidProbe), SafeState.FallbackOrHeaterOff, AlarmId.LiquidProbeFault, null),
            ("probe-short:liquid", Sensor(FaultKind.ProbeShort, FaultTarget.LiquidProbe), SafeState.FallbackOrHeaterOff, AlarmId.LiquidProbeFault, null),
            ("probe-open:plate", Sensor(FaultKind.ProbeOpen, FaultTarget.PlateProbe), SafeState.HeaterOff, AlarmId.PlateProbeFault, null),
            ("probe-short:plate", Sensor(FaultKind.ProbeShort, FaultTarget.PlateProbe), SafeState.HeaterOff, AlarmId.PlateProbeFault, null),
            ("sensor-stuck:angle", Sensor(FaultKind.SensorStuck, FaultTarget.AngleSensor), SafeState.RockerStopped, AlarmId.AngleSensorFault, null),
            ("sensor-stale:liquid", Sensor(FaultKind.SensorStale, FaultTarget.LiquidProbe), SafeState.FallbackOrHeaterOff, AlarmId.LiquidProbeFault, null),
            ("sensor-stale:plate", Sensor(FaultKind.SensorStale, FaultTarget.PlateProbe), SafeState.HeaterOff, AlarmId.PlateProbeFault, null),
            ("sensor-stale:co2", Sensor(FaultKind.SensorStale, FaultTarget.Co2Sensor), SafeState.ValveClosed, AlarmId.Co2SensorFault, null),
            ("sensor-stale:angle", Sensor(FaultKind.SensorStale, FaultTarget.AngleSensor), SafeState.RockerStopped, AlarmId.AngleSensorFault, null),
            ("heater-failed-off", Plain(FaultKind.HeaterFailedOff), SafeState.HeaterOffAndSupplyOpen, AlarmId.HeaterFailedOff,
                "seen at the heater's next on-pulse (1 s window): 100 ms of commanded on-time without current (SafetySettings.HeaterNoCurrent*)"),
            ("heater-failed-on", Plain(FaultKind.HeaterFailedOn), SafeState.HeaterUnpowered, AlarmId.HeaterFailedOn,
                "seen once the heater is commanded off in its 1 s window: 100 ms of current while off, then the supply relay opens (SafetySettings.HeaterCurrentWhileOff*)"),
            ("valve-stuck-open", Plain(FaultKind.ValveStuckOpen), SafeState.NoCo2Flow, AlarmId.Co2FlowWhileClosed,
                "seen once the valve is commanded closed: 200 ms of flow while closed, then the upstream shut-off closes (SafetySettings.Co2FlowWhileClosed*)"),
            ("valve-stuck-closed", Plain(FaultKind.ValveStuckClosed), null, AlarmId.Co2NoFlowWhileOpen,
                "seen at the valve's next opening (4 s window): 300 ms of commanded open-time without flow (SafetySettings.Co2NoFlow*); alarm only"),
            ("motor-stall", Plain(FaultKind.MotorStall), SafeState.RockerStopped, AlarmId.RockingStall, null),
            ("door-open", Plain(FaultKind.DoorOpen), SafeState.DoorSafe, AlarmId.DoorOpen, null),
        };

        var list = new List<ScenarioDefinition>();
        foreach (var c in cases)
        {
            list.Add(new ScenarioDefinition
            {
                Group = "faults",
                Case = c.Name,
                Description = "",
                ModifyPlant = p => SteadyStart(p, rocking: true),
                Schedule = [Step(0, rocking: true)],
                Faults = [c.Fault],
                DurationSeconds = PreRunSeconds + observeSeconds,
                Figures =
                [
                    new("safe state: " + (c.Safe?.Description ?? "none (alarm only)"), "s", c.Safe == null ? Target.None : Target.AtMost(2), 2, c.Reason,
                        ShortName: "safe state"),
                    new("alarm " + AlarmCatalog.Code(c.Alarm), "s", Target.AtMost(2), 2, c.Reason, ShortName: "alarm raised"),
                    new("first alarm raised (diagnosis)", "", Target.None, 0),
                    new("consequence while watched (true values)", "", Target.None, 0),
                ],
                Measure = _ => new FaultMeasure(PreRunSeconds, c.Safe, c.Alarm),
            });
        }

        const double CutSeconds = 600;
        const double AfterSeconds = 3600;
        list.Add(new ScenarioDefinition
        {
            Group = "faults",
            Case = "power-cut",
            Description = "",
            ModifyPlant = p => SteadyStart(p, rocking: true),
            Schedule = [Step(0, rocking: true)],
            Faults = [new Fault(FaultKind.PowerCut, PreRunSeconds, CutSeconds)],
            DurationSeconds = PreRunSeconds + CutSeconds + AfterSeconds,
            Figures =
            [
                new("safe state: every actuator off during the 10 min cut", "s", Target.AtMost(2), 2, ShortName: "safe state during the cut"),
                new("alarm power_interrupted, from the power's return", "s", Target.AtMost(2), 2, ShortName: "alarm after power returns"),
                new("restart: liquid back within ±0.2 °C, from the power's return", "s", Target.None, 0),
                new("restart: CO2 back within ±0.2 %, from the power's return", "s", Target.None, 0),
            ],
            Measure = _ => new PowerCutMeasure(PreRunSeconds, CutSeconds, 0.2, 0.2),
        });

        return list;

        static Fault Sensor(FaultKind kind, FaultTarget target) => new(kind, target, PreRunSeconds, 0);
        static Fault Plain(FaultKind kind) => new(kind, PreRunSeconds, 0);
    }

    /// <summary>
    /// A liquid, plate or CO2 probe frozen at a plausible value (status Ok, fresh timestamps) at steady state while rocking,
    /// in three conditions: steady; the room 1 K warmer from the moment of the freeze; the door opened at the freeze for
    /// 30 s. The target (the restatement of the stuck-probe target), judged by what the fault does to the culture:
    /// the frozen probe is detected and its loop in its safe state before the true value departs by more than ±0.2 °C /
    /// ±0.2 % CO2 from the true value of a healthy twin (the same scenario, plant, seed, schedule, room step and door
    /// opening with the probe not frozen) at the same simulated time.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Why the twin and not, literally, "before the true value leaves ±0.2 of its value at the freeze": the room step and
    /// the door move the true value too, fault or not. With the door opened at the freeze the headspace is flushed
    /// (τ = V/Q_door = 12 s on the default rig) and the true CO2 leaves ±0.2 % of its value at the freeze about 0.5 s after
    /// the opening, while a healthy NDIR probe (T63 60 s) moves by about a thousandth of a percent in that time, a tenth of
    /// its 0.01 % step: no reading can show a freeze that early, the door moved the value, not the fault. The twin sees the
    /// same door, so only the fault's own effect is counted. The literal exit is kept as an information figure.
    /// </para>
    /// <para>
    /// The plate probe is judged on the true PLATE temperature: it is the quantity the probe measures and the one its
    /// loop drives directly (the heater's 100 W move the plate about 0.1 K/s, the liquid follows through the plate's
    /// minutes-long coupling), so it is the first true temperature a blind inner loop moves and the strictest test; the
    /// true liquid's departure from its twin is reported beside it.
    /// </para>
    /// </remarks>
    public static List<ScenarioDefinition> StuckProbe(double observeSeconds)
    {
        var probes = new (string Name, FaultTarget Target, SafeState Safe, AlarmId Alarm, string Quantity, string Unit,
            Func<VirtualBioreactor, double> True, Func<VirtualBioreactor, double> Second)[]
        {
            ("liquid", FaultTarget.LiquidProbe, SafeState.FallbackOrHeaterOff, AlarmId.LiquidProbeFault, "liquid", "°C", b => b.TrueLiquidCelsius, null),
            ("plate", FaultTarget.PlateProbe, SafeState.HeaterOff, AlarmId.PlateProbeFault, "plate", "°C", b => b.TruePlateCelsius, b => b.TrueLiquidCelsius),
            ("co2", FaultTarget.Co2Sensor, SafeState.ValveClosed, AlarmId.Co2SensorFault, "CO2", "%", b => b.TrueCo2Percent, null),
        };
        var conditions = new (string Name, string Text, Fault[] Extra, BenchDisturbance[] Disturbances)[]
        {
            ("steady", "at steady state", Array.Empty<Fault>(), Array.Empty<BenchDisturbance>()),
            ("room+1K", "with the room stepping 1 K warmer at the freeze", Array.Empty<Fault>(),
                [BenchDisturbance.RoomStep(PreRunSeconds, 1.0)]),
            ("door", string.Create(CultureInfo.InvariantCulture, $"with the door opened at the freeze for {DoorOpenSeconds:F0} s"),
                [new Fault(FaultKind.DoorOpen, PreRunSeconds, DoorOpenSeconds)], Array.Empty<BenchDisturbance>()),
        };

        var list = new List<ScenarioDefinition>();
        foreach (var probe in probes)
        {
            foreach (var condition in conditions)
            {
                var faults = new List<Fault> { new(FaultKind.SensorStuck, probe.Target, PreRunSeconds, 0) };
                faults.AddRange(condition.Extra);
                string band = probe.Unit == "%" ? "±0.2 %" : "±0.2 °C";
                var figures = new List<FigureSpec>
                {
                    new("safe state: " + probe.Safe.Description, "s", Target.None, 2),
                    new("alarm " + AlarmCatalog.Code(probe.Alarm) + " (detected)", "s", Target.None, 2),
                    new("first alarm raised (diagnosis)", "", Target.None, 0),
                    new("consequence while watched (true values)", "", Target.None, 0),
                    new("detected and in its safe state (the later of the two)", "s", Target.None, 2),
                    new("true " + probe.Quantity + " departed " + band + " from the healthy twin's (the fault's effect)", "s", Target.None, 2),
                    new("true " + probe.Quantity + " left " + band + " of its value at the freeze (information)", "s", Target.None, 2),
                };
                if (probe.Second != null)
                {
                    figures.Add(new("true liquid departed ±0.2 °C from the healthy twin's (information)", "s", Target.None, 2));
                }

                figures.Add(new("lead: true value departed from the twin's − detected and safe", "s", Target.AtLeast(0), 2,
                    ShortName: "lead over departure"));
                string description = "the " + probe.Name + " probe frozen " + condition.Text;
                if (probe.Target == FaultTarget.Co2Sensor && condition.Name == "door")
                {
                    description += "; the open door flushes the headspace (τ = V/Q_door = 12 s on the default rig), so the true CO2 leaves "
                        + "±0.2 % of its value at the freeze about 0.5 s after the opening whatever any probe shows (a healthy NDIR probe, "
                        + "T63 60 s, moves a thousandth of a percent in that time): the door moves the value, not the fault, which is why "
                        + "the target is judged against the healthy twin, opened alike";
                }

                list.Add(new ScenarioDefinition
                {
                    Group = "stuck-probe",
                    Case = probe.Name + ":" + condition.Name,
                    Description = description,
                    ModifyPlant = p => SteadyStart(p, rocking: true),
                    Schedule = [Step(0, rocking: true)],
                    Faults = faults.ToArray(),
                    TwinFaults = condition.Extra,
                    Disturbances = condition.Disturbances,
                    DurationSeconds = PreRunSeconds + observeSeconds,
                    Figures = figures.ToArray(),
                    Measure = _ => new StuckProbeMeasure(PreRunSeconds, probe.Safe, probe.Alarm, StuckBand, probe.True, probe.Second),
                });
            }
        }

        return list;
    }

    /// <summary>
    /// No false detection of a frozen probe: the default schedule for <paramref name="durationSeconds"/> at 37 °C / 5 % with
    /// the room drifting ±2 °C, on the default rig and on each plant of the robustness scenario (re-tuned by the core's
    /// autotune as there), this controller only. Target: no frozen verdict and no probe-fault alarm.
    /// </summary>
    public static List<ScenarioDefinition> FalseDetection(double durationSeconds)
    {
        var list = new List<ScenarioDefinition>();
        var plants = new List<(string Name, Action<PlantParameters> Apply, bool Tune)> { ("default-rig", _ => { }, false) };
        foreach (var variant in RobustnessVariants())
        {
            foreach (double factor in new[] { 0.7, 1.3 })
            {
                var v = variant;
                plants.Add((v.Name + (factor < 1 ? "-30%" : "+30%"), p => v.Apply(p, factor), true));
            }
        }

        foreach (var plant in plants)
        {
            list.Add(new ScenarioDefinition
            {
                Group = "false-detection",
                Case = plant.Name,
                Description = "",
                ModifyPlant = p =>
                {
                    plant.Apply(p);
                    SteadyStart(p, rocking: false);
                    p.Ambient.AmbientDriftAmplitudeKelvin = SteadyAmbientDriftKelvin;
                },
                Schedule = ScheduleStep.Default(durationSeconds),
                DurationSeconds = durationSeconds,
                ThisControllerOnly = true,
                Figures =
                [
                    new("tunings in use", "", Target.None, 0),
                    new("false detections: frozen verdicts and probe-fault alarms", "", Target.AtMost(0), 0, ShortName: "false detections"),
                    new("frozen verdicts (liquid / plate / CO2)", "", Target.None, 0),
                    new("probe-fault alarms raised", "", Target.None, 0),
                    new("longest run of an unchanged reading (liquid / plate / CO2)", "", Target.None, 0),
                ],
                Measure = _ => new FalseDetectionMeasure(),
                AutotuneStep = plant.Tune ? Step(0, rocking: false) : null,
            });
        }

        return list;
    }

    /// <summary>
    /// The steady-state scenario on plants with heater power, thermal masses, heat-loss coefficients and sensor lags each
    /// varied ±30 %, the core re-tuned by its autotune on each.
    /// </summary>
    public static List<ScenarioDefinition> Robustness(double measuredSeconds)
    {
        var variants = RobustnessVariants();
        var list = new List<ScenarioDefinition>();
        foreach (var v in variants)
        {
            foreach (double factor in new[] { 0.7, 1.3 })
            {
                string name = v.Name + (factor < 1 ? "-30%" : "+30%");
                list.Add(new ScenarioDefinition
                {
                    Group = "robustness",
                    Case = name,
                    Description = "",
                    ModifyPlant = p =>
                    {
                        v.Apply(p, factor);
                        SteadyStart(p, rocking: true);
                        p.Ambient.AmbientDriftAmplitudeKelvin = SteadyAmbientDriftKelvin;
                    },
                    Schedule = [Step(0, rocking: true)],
                    DurationSeconds = SteadyPreRunSeconds + measuredSeconds,
                    Figures = SteadyFigures(withTunings: true),
                    Measure = _ => new SteadyStateMeasure(SteadyPreRunSeconds, 0.1, 0.1, withTunings: true),
                    // The autotune runs static, as at the start of a batch (the default schedule keeps the bag static for
                    // its first days): rocking raises the plate's holding temperature, and on the +30 % loss plant the
                    // autotune then finds too little room under the plate limit for its outer relay and declines.
                    AutotuneStep = Step(0, rocking: false),
                });
            }
        }

        return list;
    }

    /// <summary>The robustness scenario's parameter groups, each varied by a factor (0.7 and 1.3).</summary>
    private static (string Name, Action<PlantParameters, double> Apply)[] RobustnessVariants()
    {
        return new (string Name, Action<PlantParameters, double> Apply)[]
        {
            ("heater-power", (p, f) => p.Thermal.HeaterPowerWatts *= f),
            ("thermal-mass", (p, f) =>
            {
                // Both masses: the plate's heat capacity and the liquid's (through its density, the specific heat's
                // allowed range stopping below 1.3 × water).
                p.Thermal.PlateHeatCapacityJoulesPerKelvin *= f;
                p.Bag.LiquidDensityKilogramsPerLitre *= f;
            }),
            ("heat-loss", (p, f) =>
            {
                p.Thermal.PlateToAmbientConductanceWattsPerKelvin *= f;
                p.Thermal.LiquidToAmbientConductanceWattsPerKelvin *= f;
            }),
            ("sensor-lag", (p, f) =>
            {
                p.Sensors.LiquidProbe.LagTimeConstantSeconds *= f;
                p.Sensors.PlateProbe.LagTimeConstantSeconds *= f;
                p.Sensors.Co2.ResponseTimeT63Seconds *= f;
                p.Sensors.Angle.LagTimeConstantSeconds *= f;
            }),
        };
    }

    /// <summary>
    /// Starts the plant at the set points: liquid at 37 °C, the plate at its steady temperature for the loss multiplier
    /// of rocking (or still), headspace and medium at 5 % CO2.
    /// </summary>
    public static void SteadyStart(PlantParameters p, bool rocking)
    {
        double speed = rocking ? PlantFigures.MeanAbsoluteSpeedDegreesPerSecond(RateRpm, AmplitudeDegrees) : 0.0;
        double loss = PlantFigures.HeatLossMultiplier(p, speed, false);
        PlantFigures.SteadyHeaterDuty(p, TemperatureCelsius, loss, p.Ambient.AmbientCelsius, out double plate);
        p.Thermal.InitialLiquidCelsius = TemperatureCelsius;
        p.Thermal.InitialPlateCelsius = plate;
        p.Gas.InitialCo2Percent = Co2Percent;
    }

    /// <summary>A schedule step at the scenario set points, rocking at 10 rpm / 6° or static.</summary>
    public static ScheduleStep Step(double atSeconds, bool rocking) =>
        new(atSeconds, TemperatureCelsius, Co2Percent, rocking ? RateRpm : 0, rocking ? AmplitudeDegrees : 0,
            rocking ? "rocking 10 rpm / 6°" : "static");

    private static FigureSpec[] SteadyFigures(bool withTunings)
    {
        var figures = new List<FigureSpec>();
        if (withTunings)
        {
            figures.Add(new("tunings in use", "", Target.None, 0));
        }

        figures.Add(new("liquid within ±0.1 °C", "% of ticks", Target.AtLeast(99), 2));
        figures.Add(new("CO2 within ±0.1 %", "% of ticks", Target.AtLeast(99), 2));
        figures.Add(new("largest liquid deviation", "°C", Target.None, 3));
        figures.Add(new("largest CO2 deviation", "%", Target.None, 3));
        return figures.ToArray();
    }
}
