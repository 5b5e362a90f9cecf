using System;
using System.Collections.Generic;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// Time from an event until a value is back within a band and stays there to the end of the run: the first in-band
/// sample after the last out-of-band one. 0 when it never left; NaN ("never") when it is out of band at the end.
/// </summary>
public sealed class BandReturn
{
    private readonly double eventSeconds;
    private readonly double band;
    private bool everOut;
    private bool outNow;
    private double backSeconds;

    /// <summary>Watches from <paramref name="eventSeconds"/> on, band ± <paramref name="band"/>.</summary>
    public BandReturn(double eventSeconds, double band)
    {
        this.eventSeconds = eventSeconds;
        this.band = band;
    }

    /// <summary>Takes a sample (ignored before the event).</summary>
    public void Add(double seconds, double value, double target)
    {
        if (seconds < eventSeconds - 1e-9)
        {
            return;
        }

        bool outside = !(Math.Abs(value - target) <= band);
        if (outside)
        {
            everOut = true;
            outNow = true;
        }
        else if (outNow)
        {
            outNow = false;
            backSeconds = seconds;
        }
    }

    /// <summary>The figure: seconds from the event, 0 when the value never left the band, NaN when out at the end.</summary>
    public FigureValue Result()
    {
        if (outNow)
        {
            return FigureValue.Never;
        }

        return everOut ? FigureValue.Of(backSeconds - eventSeconds) : FigureValue.Of(0, "(never left)");
    }
}

/// <summary>
/// Warm-up: overshoot = max(true liquid) − set point; settling time = the first time after which the true liquid stays
/// within ± band to the end of the run; compared with the fastest admissible warm-up (given).
/// </summary>
public sealed class WarmUpMeasure : IBenchMeasure
{
    private readonly double setPointCelsius;
    private readonly double boundSeconds;
    private readonly BandReturn settling;
    private double maximumLiquid = double.NegativeInfinity;
    private double maximumPlate = double.NegativeInfinity;

    /// <summary>Measures a warm-up to <paramref name="setPointCelsius"/> from the start of the run.</summary>
    public WarmUpMeasure(double setPointCelsius, double bandCelsius, double boundSeconds)
    {
        this.setPointCelsius = setPointCelsius;
        this.boundSeconds = boundSeconds;
        settling = new BandReturn(0, bandCelsius);
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        VirtualBioreactor b = rig.Board;
        maximumLiquid = Math.Max(maximumLiquid, b.TrueLiquidCelsius);
        maximumPlate = Math.Max(maximumPlate, b.TruePlateCelsius);
        settling.Add(b.ElapsedSeconds, b.TrueLiquidCelsius, setPointCelsius);
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue settled = settling.Result();
        return
        [
            FigureValue.Of(boundSeconds / 60.0),
            FigureValue.Of(maximumLiquid - setPointCelsius),
            settled.HasValue ? FigureValue.Of(settled.Value / 60.0) : settled,
            settled.HasValue ? FigureValue.Of(settled.Value / boundSeconds) : settled,
            FigureValue.Of(maximumPlate),
        ];
    }
}

/// <summary>
/// Steady state: from <c>startSeconds</c> on, the share of ticks with the true liquid within ± the temperature band and
/// the true headspace CO2 within ± the CO2 band of their set points, and the largest deviations. Optionally the tunings
/// a tuning step found, first.
/// </summary>
public sealed class SteadyStateMeasure : IBenchMeasure
{
    private readonly double startSeconds;
    private readonly double temperatureBand;
    private readonly double co2Band;
    private readonly bool withTunings;
    private long samples;
    private long temperatureIn;
    private long co2In;
    private double temperatureWorst;
    private double co2Worst;

    /// <summary>Measures from <paramref name="startSeconds"/>.</summary>
    public SteadyStateMeasure(double startSeconds, double temperatureBandCelsius, double co2BandPercent, bool withTunings = false)
    {
        this.startSeconds = startSeconds;
        temperatureBand = temperatureBandCelsius;
        co2Band = co2BandPercent;
        this.withTunings = withTunings;
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        VirtualBioreactor b = rig.Board;
        if (b.ElapsedSeconds < startSeconds - 1e-9)
        {
            return;
        }

        samples++;
        double t = Math.Abs(b.TrueLiquidCelsius - rig.CurrentStep.TemperatureCelsius);
        double c = Math.Abs(b.TrueCo2Percent - rig.CurrentStep.Co2Percent);
        if (t <= temperatureBand)
        {
            temperatureIn++;
        }

        if (c <= co2Band)
        {
            co2In++;
        }

        temperatureWorst = Math.Max(temperatureWorst, t);
        co2Worst = Math.Max(co2Worst, c);
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        var values = new List<FigureValue>();
        if (withTunings)
        {
            values.Add(FigureValue.Label(context.TuningDescription ?? "—"));
        }

        values.Add(FigureValue.Of(100.0 * temperatureIn / Math.Max(1, samples)));
        values.Add(FigureValue.Of(100.0 * co2In / Math.Max(1, samples)));
        values.Add(FigureValue.Of(temperatureWorst));
        values.Add(FigureValue.Of(co2Worst));
        return values.ToArray();
    }
}

/// <summary>
/// Recovery after an event at <c>eventSeconds</c> (the door opening): time until the true liquid is back within
/// ± the temperature band and the true CO2 within ± the CO2 band, staying there to the end of the run; and the largest
/// liquid deviation and the lowest CO2 after the event. Then the CO2 recovery against its physical bound, both timed from
/// the door CLOSING (<c>closeSeconds</c>): the time until the true CO2 is back within its band for good, and the time the
/// valve open without a break would need from the plant's state at that moment to reach the band's lower edge
/// (<see cref="PlantFigures.Co2RecoverySecondsValveOpen"/>: the true headspace and medium CO2 at the close, the gas
/// model's parameters), and their ratio.
/// </summary>
public sealed class RecoveryMeasure : IBenchMeasure
{
    private readonly PlantParameters plant;
    private readonly double eventSeconds;
    private readonly double closeSeconds;
    private readonly double co2Band;
    private readonly BandReturn temperature;
    private readonly BandReturn co2;
    private readonly BandReturn co2FromClose;
    private double temperatureWorst;
    private double co2Lowest = double.PositiveInfinity;
    private double boundSeconds = double.NaN;

    /// <summary>Measures from <paramref name="eventSeconds"/>; the CO2 recovery and its bound from <paramref name="closeSeconds"/>.</summary>
    public RecoveryMeasure(PlantParameters plant, double eventSeconds, double closeSeconds, double temperatureBandCelsius, double co2BandPercent)
    {
        this.plant = plant;
        this.eventSeconds = eventSeconds;
        this.closeSeconds = closeSeconds;
        co2Band = co2BandPercent;
        temperature = new BandReturn(eventSeconds, temperatureBandCelsius);
        co2 = new BandReturn(eventSeconds, co2BandPercent);
        co2FromClose = new BandReturn(closeSeconds, co2BandPercent);
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        VirtualBioreactor b = rig.Board;
        double now = b.ElapsedSeconds;
        temperature.Add(now, b.TrueLiquidCelsius, rig.CurrentStep.TemperatureCelsius);
        co2.Add(now, b.TrueCo2Percent, rig.CurrentStep.Co2Percent);
        co2FromClose.Add(now, b.TrueCo2Percent, rig.CurrentStep.Co2Percent);
        if (now >= eventSeconds - 1e-9)
        {
            temperatureWorst = Math.Max(temperatureWorst, Math.Abs(b.TrueLiquidCelsius - rig.CurrentStep.TemperatureCelsius));
            co2Lowest = Math.Min(co2Lowest, b.TrueCo2Percent);
        }

        if (double.IsNaN(boundSeconds) && now >= closeSeconds - 1e-9)
        {
            // The first sample at the close: the door has just shut (the fault ends at this tick), the plant is as the
            // opening left it.
            boundSeconds = PlantFigures.Co2RecoverySecondsValveOpen(plant, b.TrueCo2Percent, b.TrueDissolvedCo2Percent,
                rig.CurrentStep.Co2Percent - co2Band);
        }
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue fromClose = co2FromClose.Result();
        FigureValue bound = double.IsNaN(boundSeconds) || double.IsInfinity(boundSeconds) ? FigureValue.Never : FigureValue.Of(boundSeconds);
        FigureValue ratio = fromClose.HasValue && bound.HasValue && boundSeconds > 0 ? FigureValue.Of(fromClose.Value / boundSeconds) : FigureValue.Never;
        return
        [
            temperature.Result(),
            co2.Result(),
            FigureValue.Of(temperatureWorst),
            FigureValue.Of(co2Lowest),
            fromClose,
            bound,
            ratio,
        ];
    }
}

/// <summary>
/// Rocking over a window: RMS of (the controller's reference − the true angle), one sample per tick; the rate from the
/// upward zero crossings of the true angle (60 / mean period); the amplitude as the mean of the cycles' half
/// peak-to-peak of the true angle; the worst cycle's amplitude error.
/// </summary>
public sealed class RockingMeasure : IBenchMeasure
{
    private readonly double startSeconds;
    private readonly double endSeconds;
    private readonly double amplitudeDegrees;
    private readonly List<double> periods = new();
    private readonly List<double> amplitudes = new();
    private double sumOfSquares;
    private long samples;
    private bool hasPrevious;
    private double previousSeconds;
    private double previousAngle;
    private double lastCrossingSeconds = double.NaN;
    private double cycleMaximum = double.NegativeInfinity;
    private double cycleMinimum = double.PositiveInfinity;

    /// <summary>Measures over [start, end], the commanded amplitude given for the worst-cycle figure.</summary>
    public RockingMeasure(double startSeconds, double endSeconds, double amplitudeDegrees)
    {
        this.startSeconds = startSeconds;
        this.endSeconds = endSeconds;
        this.amplitudeDegrees = amplitudeDegrees;
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        double now = rig.Board.ElapsedSeconds;
        if (now < startSeconds - 1e-9 || now > endSeconds + 1e-9)
        {
            return;
        }

        double angle = rig.Board.TrueAngleDegrees;
        double error = rig.ReferenceAngleDegrees - angle;
        sumOfSquares += error * error;
        samples++;
        if (hasPrevious && previousAngle < 0 && angle >= 0)
        {
            double crossing = previousSeconds + (now - previousSeconds) * (-previousAngle) / (angle - previousAngle);
            if (!double.IsNaN(lastCrossingSeconds))
            {
                periods.Add(crossing - lastCrossingSeconds);
                amplitudes.Add(0.5 * (cycleMaximum - cycleMinimum));
            }

            lastCrossingSeconds = crossing;
            cycleMaximum = double.NegativeInfinity;
            cycleMinimum = double.PositiveInfinity;
        }

        cycleMaximum = Math.Max(cycleMaximum, angle);
        cycleMinimum = Math.Min(cycleMinimum, angle);
        hasPrevious = true;
        previousSeconds = now;
        previousAngle = angle;
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue rms = samples > 0 && !double.IsNaN(sumOfSquares) ? FigureValue.Of(Math.Sqrt(sumOfSquares / samples)) : FigureValue.Never;
        if (periods.Count == 0)
        {
            return [rms, FigureValue.Label("no cycles"), FigureValue.Label("no cycles"), FigureValue.Label("no cycles"), FigureValue.Of(0)];
        }

        double meanPeriod = 0;
        double meanAmplitude = 0;
        double worst = 0;
        for (int i = 0; i < periods.Count; i++)
        {
            meanPeriod += periods[i] / periods.Count;
            meanAmplitude += amplitudes[i] / amplitudes.Count;
            worst = Math.Max(worst, Math.Abs(amplitudes[i] - amplitudeDegrees));
        }

        return
        [
            rms,
            FigureValue.Of(60.0 / meanPeriod),
            FigureValue.Of(meanAmplitude),
            FigureValue.Of(worst),
            FigureValue.Of(periods.Count),
        ];
    }
}

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

/// <summary>
/// A probe frozen at <c>freezeSeconds</c> (the fault's measure, <see cref="FaultMeasure"/>), judged by what matters to the
/// culture: the frozen probe is detected (its probe-fault alarm raised) and its loop is in its safe state (for good), and
/// the true value the probe should have shown (the plant's, not the frozen reading) leaves ± the band of its value at the
/// freeze; the figure with the target is the lead of the detection over that exit, which must not be negative. When the
/// true value never leaves the band within the run, the lead is a lower bound (the run's end); the order of the two
/// events is settled as soon as the detection happens, so a run longer than the detection is long enough.
/// Optionally a second true value is watched the same way (the liquid, for the plate probe), for information.
/// </summary>
public sealed class StuckProbeMeasure : IBenchMeasure
{
    private readonly FaultMeasure fault;
    private readonly double freezeSeconds;
    private readonly double band;
    private readonly Func<VirtualBioreactor, double> compared;
    private readonly Func<VirtualBioreactor, double> second;
    private readonly BandExit comparedExit = new();
    private readonly BandExit secondExit = new();

    /// <summary>Measures a freeze at <paramref name="freezeSeconds"/>; <paramref name="second"/> may be null.</summary>
    public StuckProbeMeasure(double freezeSeconds, SafeState safeState, AlarmId alarm, double band,
        Func<VirtualBioreactor, double> compared, Func<VirtualBioreactor, double> second)
    {
        fault = new FaultMeasure(freezeSeconds, safeState, alarm);
        this.freezeSeconds = freezeSeconds;
        this.band = band;
        this.compared = compared;
        this.second = second;
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        fault.Sample(rig);
        double now = rig.Board.ElapsedSeconds;
        if (now < freezeSeconds - 1e-9)
        {
            return;
        }

        comparedExit.Add(now, compared(rig.Board), band);
        if (second != null)
        {
            secondExit.Add(now, second(rig.Board), band);
        }
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue[] f = fault.Results(rig, context);
        FigureValue safe = f[0];
        FigureValue alarm = f[1];
        double watched = rig.Board.ElapsedSeconds - freezeSeconds;
        FigureValue detected = safe.HasValue && alarm.HasValue ? FigureValue.Of(Math.Max(safe.Value, alarm.Value))
            : !rig.HasAlarms ? FigureValue.NotApplicable("no alarms") : FigureValue.Never;
        FigureValue left = Exit(comparedExit, watched);
        FigureValue lead;
        if (!detected.HasValue)
        {
            lead = detected;
        }
        else if (left.HasValue)
        {
            lead = FigureValue.Of(left.Value - detected.Value);
        }
        else
        {
            lead = FigureValue.Of(watched - detected.Value, "(at least: the band was never left within the run)");
        }

        var values = new List<FigureValue>(f) { detected, left };
        if (second != null)
        {
            values.Add(Exit(secondExit, watched));
        }

        values.Add(lead);
        return values.ToArray();
    }

    private FigureValue Exit(BandExit exit, double watchedSeconds) =>
        double.IsNaN(exit.LeftSeconds)
            ? FigureValue.Label(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"never within the run ({watchedSeconds / 60:F0} min)"))
            : FigureValue.Of(exit.LeftSeconds - freezeSeconds);

    /// <summary>The first time a value leaves ± a band around its first sample.</summary>
    private sealed class BandExit
    {
        private double reference = double.NaN;

        public double LeftSeconds { get; private set; } = double.NaN;

        public void Add(double seconds, double value, double band)
        {
            if (double.IsNaN(reference))
            {
                reference = value;
                return;
            }

            if (double.IsNaN(LeftSeconds) && !(Math.Abs(value - reference) <= band))
            {
                LeftSeconds = seconds;
            }
        }
    }
}

/// <summary>
/// A fault-free run of the firmware core: every false detection of a frozen probe. Counts the safety layer's verdicts
/// turning to <see cref="SensorVerdict.Frozen"/> on the liquid, plate and CO2 probes and every probe-fault alarm raised
/// (with no fault injected, each one is false), and, for context, the longest run of an unchanged reading the loops saw
/// on each probe (the adaptive watch's threshold is at least 10 s and three times the longest run it learned).
/// </summary>
public sealed class FalseDetectionMeasure : IBenchMeasure
{
    private readonly SensorVerdict[] lastVerdicts = new SensorVerdict[3];
    private readonly int[] frozenCounts = new int[3];
    private readonly double[] runValues = { double.NaN, double.NaN, double.NaN };
    private readonly double[] runStarts = new double[3];
    private readonly double[] longestRuns = new double[3];
    private int seenAlarms;
    private int probeAlarms;

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        if (rig is not ThisControllerRig core)
        {
            return;
        }

        BioreactorController c = core.Run.Controller;
        double now = rig.Board.ElapsedSeconds;
        SafetySupervisor safety = core.Run.Safety;
        Verdict(0, safety.LiquidVerdict);
        Verdict(1, safety.PlateVerdict);
        Verdict(2, safety.Co2Verdict);
        Run(0, c.Temperature.LiquidCelsius, now);
        Run(1, c.Temperature.PlateCelsius, now);
        Run(2, c.Co2.MeasuredPercent, now);
        IReadOnlyList<RaisedAlarm> raised = rig.RaisedAlarms;
        for (; seenAlarms < raised.Count; seenAlarms++)
        {
            AlarmId id = raised[seenAlarms].Id;
            if (id == AlarmId.LiquidProbeFault || id == AlarmId.PlateProbeFault || id == AlarmId.Co2SensorFault)
            {
                probeAlarms++;
            }
        }
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        if (rig is not ThisControllerRig)
        {
            FigureValue na = FigureValue.NotApplicable("no watches of its own");
            return [na, na, na, na, na];
        }

        // The run in progress at the end counts as well.
        double now = rig.Board.ElapsedSeconds;
        for (int i = 0; i < 3; i++)
        {
            if (!double.IsNaN(runValues[i]))
            {
                longestRuns[i] = Math.Max(longestRuns[i], now - runStarts[i]);
            }
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return
        [
            FigureValue.Label(context.TuningDescription ?? "defaults"),
            FigureValue.Of(frozenCounts[0] + frozenCounts[1] + frozenCounts[2] + probeAlarms),
            FigureValue.Label(string.Create(inv, $"{frozenCounts[0]} / {frozenCounts[1]} / {frozenCounts[2]}")),
            FigureValue.Of(probeAlarms),
            FigureValue.Label(string.Create(inv, $"{longestRuns[0]:F1} s / {longestRuns[1]:F1} s / {longestRuns[2]:F1} s")),
        ];
    }

    private void Verdict(int probe, SensorVerdict verdict)
    {
        if (verdict == SensorVerdict.Frozen && lastVerdicts[probe] != SensorVerdict.Frozen)
        {
            frozenCounts[probe]++;
        }

        lastVerdicts[probe] = verdict;
    }

    private void Run(int probe, double value, double now)
    {
        if (value != runValues[probe])
        {
            if (!double.IsNaN(runValues[probe]))
            {
                longestRuns[probe] = Math.Max(longestRuns[probe], now - runStarts[probe]);
            }

            runValues[probe] = value;
            runStarts[probe] = now;
        }
    }
}
