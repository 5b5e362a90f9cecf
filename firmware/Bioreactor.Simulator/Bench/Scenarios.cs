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

    /// <summary>The group names, in report order.</summary>
    public static readonly string[] Groups = ["warm-up", "steady-state", "door", "rocking", "faults", "robustness", "speed"];

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
        list.AddRange(Robustness(steadyHours * 3600.0));
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
            $"door open 30 s at steady state ({PreRunSeconds / 3600:F0} h pre-run, rocking); times from the door OPENING until back within the band for good; watched {observeSeconds / 60:F0} min"),
        ModifyPlant = p => SteadyStart(p, rocking: true),
        Schedule = [Step(0, rocking: true)],
        Faults = [new Fault(FaultKind.DoorOpen, PreRunSeconds, 30)],
        DurationSeconds = PreRunSeconds + observeSeconds,
        Figures =
        [
            new("liquid back within ±0.2 °C", "s", Target.AtMost(600), 0),
            new("CO2 back within ±0.2 %", "s", Target.AtMost(300), 0),
            new("largest liquid deviation", "°C", Target.None, 3),
            new("lowest CO2", "%", Target.None, 2),
        ],
        Measure = _ => new RecoveryMeasure(PreRunSeconds, 0.2, 0.2),
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
        const string Stuck = "a reading frozen at a plausible value can be told from a steady one only once it has outlasted the "
            + "probe's own runs of identical readings (SafetySettings.AdaptiveFrozen*: at least 10 s, 3 × the longest run learned)";
        var cases = new (string Name, Fault Fault, SafeState Safe, AlarmId Alarm, string Reason)[]
        {
            ("probe-open:liquid", Sensor(FaultKind.ProbeOpen, FaultTarget.LiquidProbe), SafeState.FallbackOrHeaterOff, AlarmId.LiquidProbeFault, null),
            ("probe-short:liquid", Sensor(FaultKind.ProbeShort, FaultTarget.LiquidProbe), SafeState.FallbackOrHeaterOff, AlarmId.LiquidProbeFault, null),
            ("probe-open:plate", Sensor(FaultKind.ProbeOpen, FaultTarget.PlateProbe), SafeState.HeaterOff, AlarmId.PlateProbeFault, null),
            ("probe-short:plate", Sensor(FaultKind.ProbeShort, FaultTarget.PlateProbe), SafeState.HeaterOff, AlarmId.PlateProbeFault, null),
            ("sensor-stuck:liquid", Sensor(FaultKind.SensorStuck, FaultTarget.LiquidProbe), SafeState.FallbackOrHeaterOff, AlarmId.LiquidProbeFault, Stuck),
            ("sensor-stuck:plate", Sensor(FaultKind.SensorStuck, FaultTarget.PlateProbe), SafeState.HeaterOff, AlarmId.PlateProbeFault, Stuck),
            ("sensor-stuck:co2", Sensor(FaultKind.SensorStuck, FaultTarget.Co2Sensor), SafeState.ValveClosed, AlarmId.Co2SensorFault, Stuck),
            ("sensor-stuck:angle", Sensor(FaultKind.SensorStuck, FaultTarget.AngleSensor), SafeState.RockerStopped, AlarmId.AngleSensorFault, null),
            ("sensor-stale:liquid", Sensor(FaultKind.SensorStale, FaultTarget.LiquidProbe), SafeState.FallbackOrHeaterOff, AlarmId.LiquidProbeFault, null),
            ("sensor-stale:plate", Sensor(FaultKind.SensorStale, FaultTarget.PlateProbe), SafeState.HeaterOff, AlarmId.PlateProbeFault, null),
            ("sensor-stale:co2", Sensor(FaultKind.SensorStale, FaultTarget.Co2Sensor), SafeState.ValveClosed, AlarmId.Co2SensorFault, null),
            ("sensor-stale:angle", Sensor(FaultKind.SensorStale, FaultTarget.AngleSensor), SafeState.RockerStopped, AlarmId.AngleSensorFault, null),
            ("heater-failed-off", Plain(FaultKind.HeaterFailedOff), SafeState.HeaterOffAndSupplyOpen, AlarmId.HeaterFailedOff,
                "seen at the heater's next on-pulse (1 s window): 200 ms of commanded on-time without current (SafetySettings.HeaterNoCurrent*)"),
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
    /// The steady-state scenario on plants with heater power, thermal masses, heat-loss coefficients and sensor lags each
    /// varied ±30 %, the core re-tuned by its autotune on each.
    /// </summary>
    public static List<ScenarioDefinition> Robustness(double measuredSeconds)
    {
        var variants = new (string Name, Action<PlantParameters, double> Apply)[]
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
