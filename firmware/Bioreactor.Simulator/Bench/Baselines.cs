using System;
using System.Collections.Generic;
using Bioreactor.Control;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// A PID as the textbooks first write it: u = Kc·(e + (1/Ti)·∫e dt + Td·de/dt) with e = SP − PV, the derivative on
/// the error (a set-point step kicks the output), the integral never clamped (no anti-windup: it keeps integrating
/// while the output is saturated), the output clipped to the actuator's range. Written here for the baseline: the
/// core's PID has derivative on measurement and anti-windup and cannot be configured into this.
/// </summary>
public sealed class TextbookPid
{
    private readonly double gain;
    private readonly double integralSeconds;
    private readonly double derivativeSeconds;
    private readonly double minimum;
    private readonly double maximum;
    private double integral;
    private double previousError;
    private bool hasPrevious;

    /// <summary>Creates the PID with gain Kc, integral time Ti (0 = no integral) and derivative time Td, output in [min, max].</summary>
    public TextbookPid(double gain, double integralSeconds, double derivativeSeconds, double minimum, double maximum)
    {
        this.gain = gain;
        this.integralSeconds = integralSeconds;
        this.derivativeSeconds = derivativeSeconds;
        this.minimum = minimum;
        this.maximum = maximum;
    }

    /// <summary>Forgets the integral and the previous error (a reboot).</summary>
    public void Reset()
    {
        integral = 0;
        previousError = 0;
        hasPrevious = false;
    }

    /// <summary>One update with the time since the previous one; returns the clipped output.</summary>
    public double Update(double setPoint, double measurement, double dtSeconds)
    {
        double error = setPoint - measurement;
        integral += error * dtSeconds;
        double derivative = hasPrevious ? (error - previousError) / dtSeconds : 0.0;
        previousError = error;
        hasPrevious = true;
        double integralTerm = integralSeconds > 0 ? integral / integralSeconds : 0.0;
        double output = gain * (error + integralTerm + derivativeSeconds * derivative);
        return Math.Clamp(output, minimum, maximum);
    }
}

/// <summary>
/// What the baselines share: their own virtual bioreactor, the scenario's schedule and faults, the same actuators'
/// time-proportioning the core uses (heater window 1 s, valve window 10 s, from the core's default settings), the core's
/// rocking trajectory as the reference, and a reboot after a power cut (all controller state lost). They read every
/// sensor's value whatever its status (no validation) and raise no alarms.
/// </summary>
public abstract class BaselineRig : IBenchRig
{
    /// <summary>Rocker speed limit, °/s (the drive's, as the core's default settings).</summary>
    protected const double MaximumSpeedDegreesPerSecond = 60.0;

    private static readonly IReadOnlyList<RaisedAlarm> NoAlarms = Array.Empty<RaisedAlarm>();
    private readonly ScheduleStep[] schedule;
    private readonly TimeProportioningOutput heater;
    private readonly TimeProportioningOutput valve;
    private readonly RockingTrajectory trajectory;
    private int nextStep;
    private bool wasPowered = true;
    private double referenceNowDegrees;

    /// <summary>Builds the board and the shared parts.</summary>
    protected BaselineRig(BenchContext context, ScheduleStep[] schedule, IEnumerable<Fault> faults)
    {
        this.schedule = schedule;
        Board = new VirtualBioreactor(context.Plant, context.Seed);
        foreach (Fault fault in faults)
        {
            Board.AddFault(fault);
        }

        var temperature = new TemperatureLoopSettings();
        var co2 = new Co2LoopSettings();
        TickSeconds = new BioreactorControllerSettings().TickSeconds;
        heater = new TimeProportioningOutput(temperature.HeaterWindowSeconds, temperature.HeaterMinimumOnSeconds,
            temperature.HeaterMinimumOffSeconds, double.PositiveInfinity);
        valve = new TimeProportioningOutput(co2.ValveWindowSeconds, co2.ValveMinimumOpenSeconds, co2.ValveMinimumClosedSeconds,
            double.PositiveInfinity);
        trajectory = new RockingTrajectory(new RockingTrajectorySettings());
        CurrentStep = schedule[0];
        nextStep = 1;
        trajectory.Command(CurrentStep.RockingRateRpm, CurrentStep.RockingAmplitudeDegrees);
    }

    /// <inheritdoc/>
    public abstract BenchController Controller { get; }

    /// <inheritdoc/>
    public VirtualBioreactor Board { get; }

    /// <inheritdoc/>
    public double TickSeconds { get; }

    /// <inheritdoc/>
    public ScheduleStep CurrentStep { get; private set; }

    /// <inheritdoc/>
    public double ReferenceAngleDegrees => referenceNowDegrees;

    /// <inheritdoc/>
    public bool HasAlarms => false;

    /// <inheritdoc/>
    public IReadOnlyList<RaisedAlarm> RaisedAlarms => NoAlarms;

    /// <inheritdoc/>
    public bool TemperatureFallbackActive => false;

    /// <inheritdoc/>
    public void Tick()
    {
        Board.Step(TickSeconds);
        if (nextStep < schedule.Length && Board.ElapsedSeconds >= schedule[nextStep].AtSeconds)
        {
            CurrentStep = schedule[nextStep++];
            trajectory.Command(CurrentStep.RockingRateRpm, CurrentStep.RockingAmplitudeDegrees);
        }

        if (!Board.IsPowered)
        {
            wasPowered = false;
            return;
        }

        if (!wasPowered)
        {
            // A reboot: every controller state is lost; the platform restarts its motion from where it stands.
            wasPowered = true;
            heater.Reset();
            valve.Reset();
            trajectory.Reset();
            trajectory.Command(CurrentStep.RockingRateRpm, CurrentStep.RockingAmplitudeDegrees);
            trajectory.Realign(Board.AngleSensor.Latest.Value);
            Reboot();
        }

        double dt = TickSeconds;
        // The baselines have no feedback logic: on a rig with the second shut-offs fitted they are simply kept energised
        // (as a plain thermostat's installation would hard-wire them), so only the primary switches act.
        Board.HeaterSupplyRelay.Set(true);
        Board.Co2ShutOffValve.Set(true);
        Board.Heater.Set(heater.Update(HeaterDuty(Board.LiquidProbe.Latest.Value, dt), dt));
        Board.Co2Valve.Set(valve.Update(ValveDuty(Board.Co2Sensor.Latest.Value, dt), dt));

        // The reference for now (stepped a tick ahead at the previous tick), then the next one.
        referenceNowDegrees = trajectory.AngleDegrees;
        trajectory.Step(dt);
        double speed = RockerSpeed(referenceNowDegrees, Board.AngleSensor.Latest.Value, dt);
        Board.Rocker.SetEnabled(true);
        Board.Rocker.SetSpeed(Math.Clamp(speed, -MaximumSpeedDegreesPerSecond, MaximumSpeedDegreesPerSecond));
    }

    /// <summary>Heater duty (0–1) for the liquid reading, called every tick.</summary>
    protected abstract double HeaterDuty(double liquidCelsius, double dtSeconds);

    /// <summary>Valve duty (0–1) for the CO2 reading, called every tick.</summary>
    protected abstract double ValveDuty(double co2Percent, double dtSeconds);

    /// <summary>Rocker speed command, °/s, for the reference and the measured angle, called every tick.</summary>
    protected abstract double RockerSpeed(double referenceDegrees, double angleDegrees, double dtSeconds);

    /// <summary>Forgets the controller's own state after a power cut.</summary>
    protected abstract void Reboot();
}

/// <summary>
/// An on/off thermostat with hysteresis: heater on below SP − 0.1 °C, off above SP + 0.1 °C (liquid probe); CO2 valve
/// open below SP − 0.1 %, closed above SP + 0.1 %; in between each holds its state. It has no rocking mode of its own:
/// the platform follows the same trajectory with a proportional-only speed command (8 °/s per degree, the core's gain).
/// </summary>
public sealed class OnOffThermostatRig : BaselineRig
{
    /// <summary>Temperature hysteresis, ± °C.</summary>
    public const double TemperatureHysteresisCelsius = 0.1;

    /// <summary>CO2 hysteresis, ± %.</summary>
    public const double Co2HysteresisPercent = 0.1;

    /// <summary>Proportional rocking gain, (°/s) per degree of error.</summary>
    public const double RockingGainPerSecond = 8.0;

    private bool heaterOn;
    private bool valveOpen;

    /// <summary>Creates the rig.</summary>
    public OnOffThermostatRig(BenchContext context, ScheduleStep[] schedule, IEnumerable<Fault> faults)
        : base(context, schedule, faults)
    {
    }

    /// <inheritdoc/>
    public override BenchController Controller => BenchController.OnOffThermostat;

    /// <inheritdoc/>
    protected override double HeaterDuty(double liquidCelsius, double dtSeconds)
    {
        double setPoint = CurrentStep.TemperatureCelsius;
        if (liquidCelsius < setPoint - TemperatureHysteresisCelsius)
        {
            heaterOn = true;
        }
        else if (liquidCelsius > setPoint + TemperatureHysteresisCelsius)
        {
            heaterOn = false;
        }

        return heaterOn ? 1.0 : 0.0;
    }

    /// <inheritdoc/>
    protected override double ValveDuty(double co2Percent, double dtSeconds)
    {
        double setPoint = CurrentStep.Co2Percent;
        if (co2Percent < setPoint - Co2HysteresisPercent)
        {
            valveOpen = true;
        }
        else if (co2Percent > setPoint + Co2HysteresisPercent)
        {
            valveOpen = false;
        }

        return valveOpen ? 1.0 : 0.0;
    }

    /// <inheritdoc/>
    protected override double RockerSpeed(double referenceDegrees, double angleDegrees, double dtSeconds) =>
        RockingGainPerSecond * (referenceDegrees - angleDegrees);

    /// <inheritdoc/>
    protected override void Reboot()
    {
        heaterOn = false;
        valveOpen = false;
    }
}

/// <summary>
/// Textbook PIDs, one per loop, no cascade: liquid temperature → heater duty (every 1 s), CO2 → valve duty (every
/// 1 s, the probe's sample period), angle error → rocker speed (every tick, no feed-forward). Temperature and CO2 gains
/// come from a relay test on the same plant with the Ziegler–Nichols PID rule (<see cref="TextbookTunings"/>); the
/// rocking PID uses the core's default angle gains (Kc 8 /s, Ti 1.5 s) so the difference is the feed-forward.
/// </summary>
public sealed class TextbookPidRig : BaselineRig
{
    /// <summary>Period of the temperature and CO2 PIDs, s.</summary>
    public const double PeriodSeconds = 1.0;

    private readonly TextbookPid temperature;
    private readonly TextbookPid co2;
    private readonly TextbookPid rocking;
    private double sinceTemperatureSeconds = double.PositiveInfinity;
    private double sinceCo2Seconds = double.PositiveInfinity;
    private double heaterDuty;
    private double valveDuty;

    /// <summary>Creates the rig with the tunings in the context.</summary>
    public TextbookPidRig(BenchContext context, ScheduleStep[] schedule, IEnumerable<Fault> faults)
        : base(context, schedule, faults)
    {
        TextbookTunings t = context.Textbook ?? throw new ArgumentException("the textbook PID needs its tunings", nameof(context));
        temperature = new TextbookPid(t.Temperature.ProportionalGain, t.Temperature.IntegralTimeSeconds, t.Temperature.DerivativeTimeSeconds, 0, 1);
        co2 = new TextbookPid(t.Co2.ProportionalGain, t.Co2.IntegralTimeSeconds, t.Co2.DerivativeTimeSeconds, 0, 1);
        PidTunings r = new RockingLoopSettings().AngleTunings;
        rocking = new TextbookPid(r.ProportionalGain, r.IntegralTimeSeconds, r.DerivativeTimeSeconds,
            -MaximumSpeedDegreesPerSecond, MaximumSpeedDegreesPerSecond);
    }

    /// <inheritdoc/>
    public override BenchController Controller => BenchController.TextbookPid;

    /// <inheritdoc/>
    protected override double HeaterDuty(double liquidCelsius, double dtSeconds)
    {
        sinceTemperatureSeconds += dtSeconds;
        if (sinceTemperatureSeconds >= PeriodSeconds - 1e-9)
        {
            heaterDuty = temperature.Update(CurrentStep.TemperatureCelsius, liquidCelsius, PeriodSeconds);
            sinceTemperatureSeconds = 0;
        }

        return heaterDuty;
    }

    /// <inheritdoc/>
    protected override double ValveDuty(double co2Percent, double dtSeconds)
    {
        sinceCo2Seconds += dtSeconds;
        if (sinceCo2Seconds >= PeriodSeconds - 1e-9)
        {
            valveDuty = co2.Update(CurrentStep.Co2Percent, co2Percent, PeriodSeconds);
            sinceCo2Seconds = 0;
        }

        return valveDuty;
    }

    /// <inheritdoc/>
    protected override double RockerSpeed(double referenceDegrees, double angleDegrees, double dtSeconds) =>
        rocking.Update(referenceDegrees, angleDegrees, dtSeconds);

    /// <inheritdoc/>
    protected override void Reboot()
    {
        temperature.Reset();
        co2.Reset();
        rocking.Reset();
        heaterDuty = 0;
        valveDuty = 0;
        sinceTemperatureSeconds = double.PositiveInfinity;
        sinceCo2Seconds = double.PositiveInfinity;
    }
}
