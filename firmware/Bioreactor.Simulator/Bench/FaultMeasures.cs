using System;
using System.Collections.Generic;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// What the firmware must reach after a fault: a predicate on the board's commanded outputs (and the loop mode), or, for
/// actuator faults, on the true plant state (current through the element, gas into the bag).
/// </summary>
/// <param name="Description">What the safe state is, for the report.</param>
/// <param name="Holds">True while the rig is in it.</param>
public sealed record SafeState(string Description, Func<IBenchRig, bool> Holds)
{
    /// <summary>Heater commanded off.</summary>
    public static SafeState HeaterOff { get; } = new("heater commanded off", r => !r.Board.Heater.IsCommandedOn);

    /// <summary>Temperature loop out of the normal cascade (plate-only fallback), or the heater commanded off.</summary>
    public static SafeState FallbackOrHeaterOff { get; } =
        new("plate-only fallback (baselines: heater off)", r => r.TemperatureFallbackActive || !r.Board.Heater.IsCommandedOn);

    /// <summary>CO2 valve commanded closed.</summary>
    public static SafeState ValveClosed { get; } = new("valve commanded closed", r => !r.Board.Co2Valve.IsCommandedOn);

    /// <summary>Rocker drive disabled or commanded to speed 0.</summary>
    public static SafeState RockerStopped { get; } =
        new("drive disabled or speed 0", r => !r.Board.Rocker.IsEnabled || r.Board.Rocker.CommandedSpeedDegreesPerSecond == 0);

    /// <summary>Valve closed and rocking stopped.</summary>
    public static SafeState DoorSafe { get; } =
        new("valve closed and rocking stopped", r => ValveClosed.Holds(r) && RockerStopped.Holds(r));

    /// <summary>No current flows to the heater element (the board's true state: the supply relay cuts a shorted switch).</summary>
    public static SafeState HeaterUnpowered { get; } =
        new("no current to the element (supply relay open)", r => !r.Board.HeaterIsOn);

    /// <summary>Heater commanded off and its supply relay actually open.</summary>
    public static SafeState HeaterOffAndSupplyOpen { get; } =
        new("heater commanded off and supply relay open", r => !r.Board.Heater.IsCommandedOn && !r.Board.HeaterSupplyRelay.IsOn);

    /// <summary>No CO2 flows into the bag (the board's true state: the upstream shut-off stops a stuck-open valve).</summary>
    public static SafeState NoCo2Flow { get; } =
        new("no CO2 flow (upstream shut-off closed)", r => !r.Board.ValveIsOpen);

    /// <summary>Every actuator actually off (the board's true states).</summary>
    public static SafeState AllOff { get; } =
        new("heater off, valve closed, drive unpowered", r => !r.Board.HeaterIsOn && !r.Board.ValveIsOpen && !r.Board.Rocker.IsDriving);
}

/// <summary>
/// A fault injected at <c>faultSeconds</c>: (a) the time until the safe state is reached for good (it then holds to the
/// end of the run, at least <see cref="MinimumHoldSeconds"/>; a time-proportioned output that is merely between pulses
/// does not count), (b) the time until the expected alarm is raised, (c) the first alarm of any kind, for diagnosis,
/// (d) what the fault did to the culture while watched: the largest true deviations and the highest true plate.
/// </summary>
public sealed class FaultMeasure : IBenchMeasure
{
    /// <summary>The safe state must hold at least this long before the end of the run to count, s.</summary>
    public const double MinimumHoldSeconds = 300;

    private readonly double faultSeconds;
    private readonly SafeState safeState;
    private readonly AlarmId alarm;
    private double safeSinceSeconds = double.NaN;
    private double alarmSeconds = double.NaN;
    private RaisedAlarm? firstAlarm;
    private int seenAlarms;
    private double liquidWorst;
    private double co2Worst;
    private double plateHighest = double.NegativeInfinity;

    /// <summary>Measures a fault starting at <paramref name="faultSeconds"/>; <paramref name="safeState"/> null = alarm only.</summary>
    public FaultMeasure(double faultSeconds, SafeState safeState, AlarmId alarm)
    {
        this.faultSeconds = faultSeconds;
        this.safeState = safeState;
        this.alarm = alarm;
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        double now = rig.Board.ElapsedSeconds;
        if (now < faultSeconds - 1e-9)
        {
            seenAlarms = rig.RaisedAlarms.Count;
            return;
        }

        VirtualBioreactor b = rig.Board;
        liquidWorst = Math.Max(liquidWorst, Math.Abs(b.TrueLiquidCelsius - rig.CurrentStep.TemperatureCelsius));
        co2Worst = Math.Max(co2Worst, Math.Abs(b.TrueCo2Percent - rig.CurrentStep.Co2Percent));
        plateHighest = Math.Max(plateHighest, b.TruePlateCelsius);
        if (safeState != null)
        {
            if (safeState.Holds(rig))
            {
                if (double.IsNaN(safeSinceSeconds))
                {
                    safeSinceSeconds = now;
                }
            }
            else
            {
                safeSinceSeconds = double.NaN;
            }
        }

        IReadOnlyList<RaisedAlarm> raised = rig.RaisedAlarms;
        for (; seenAlarms < raised.Count; seenAlarms++)
        {
            RaisedAlarm a = raised[seenAlarms];
            firstAlarm ??= a;
            if (a.Id == alarm && double.IsNaN(alarmSeconds))
            {
                alarmSeconds = a.Seconds;
            }
        }
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue safe;
        if (safeState == null)
        {
            safe = FigureValue.NotApplicable("alarm only by design");
        }
        else if (double.IsNaN(safeSinceSeconds) || rig.Board.ElapsedSeconds - safeSinceSeconds < MinimumHoldSeconds)
        {
            safe = FigureValue.Never;
        }
        else
        {
            safe = FigureValue.Of(safeSinceSeconds - faultSeconds);
        }

        FigureValue consequence = FigureValue.Label(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"liquid ±{liquidWorst:F2} °C, CO2 ±{co2Worst:F2} %, plate ≤ {plateHighest:F1} °C"));
        if (!rig.HasAlarms)
        {
            return [safe, FigureValue.NotApplicable("no alarms"), FigureValue.Label("—"), consequence];
        }

        if (double.IsNaN(alarmSeconds) && safe.HasValue)
        {
            // Reached without the fault being detected: the control loop's own answer to a wrong reading, not a safe state
            // the firmware chose.
            safe = FigureValue.Of(safe.Value, "(not detected: the loop's own response)");
        }

        FigureValue alarmValue = double.IsNaN(alarmSeconds) ? FigureValue.Never : FigureValue.Of(alarmSeconds - faultSeconds);
        FigureValue first = firstAlarm is RaisedAlarm f
            ? FigureValue.Label(AlarmCatalog.Describe(f.Id) + " at +" + (f.Seconds - faultSeconds).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + " s")
            : FigureValue.Label("none");
        return [safe, alarmValue, first, consequence];
    }
}

/// <summary>
/// A power cut from <c>cutSeconds</c> for <c>lengthSeconds</c>: every actuator off during the cut (the board de-energises
/// them), the power-interrupted alarm after the restart (time from the power's return), and how long after the return
/// the true liquid and CO2 are back within ± their bands for good.
/// </summary>
public sealed class PowerCutMeasure : IBenchMeasure
{
    private readonly double cutSeconds;
    private readonly double returnSeconds;
    private readonly BandReturn temperature;
    private readonly BandReturn co2;
    private bool allOffThroughout = true;
    private double alarmSeconds = double.NaN;
    private int seenAlarms;

    /// <summary>Measures a cut at <paramref name="cutSeconds"/> lasting <paramref name="lengthSeconds"/>.</summary>
    public PowerCutMeasure(double cutSeconds, double lengthSeconds, double temperatureBandCelsius, double co2BandPercent)
    {
        this.cutSeconds = cutSeconds;
        returnSeconds = cutSeconds + lengthSeconds;
        temperature = new BandReturn(returnSeconds, temperatureBandCelsius);
        co2 = new BandReturn(returnSeconds, co2BandPercent);
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        VirtualBioreactor b = rig.Board;
        double now = b.ElapsedSeconds;
        if (now >= cutSeconds - 1e-9 && now < returnSeconds - 1e-9 && !SafeState.AllOff.Holds(rig))
        {
            allOffThroughout = false;
        }

        temperature.Add(now, b.TrueLiquidCelsius, rig.CurrentStep.TemperatureCelsius);
        co2.Add(now, b.TrueCo2Percent, rig.CurrentStep.Co2Percent);
        IReadOnlyList<RaisedAlarm> raised = rig.RaisedAlarms;
        for (; seenAlarms < raised.Count; seenAlarms++)
        {
            if (raised[seenAlarms].Id == AlarmId.PowerInterrupted && double.IsNaN(alarmSeconds) && raised[seenAlarms].Seconds >= returnSeconds - 1e-9)
            {
                alarmSeconds = raised[seenAlarms].Seconds;
            }
        }
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue safe = allOffThroughout ? FigureValue.Of(0, "(de-energised by the cut)") : FigureValue.Never;
        FigureValue alarmValue = !rig.HasAlarms ? FigureValue.NotApplicable("no alarms")
            : double.IsNaN(alarmSeconds) ? FigureValue.Never : FigureValue.Of(alarmSeconds - returnSeconds);
        return [safe, alarmValue, temperature.Result(), co2.Result()];
    }
}
