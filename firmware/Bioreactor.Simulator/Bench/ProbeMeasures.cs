using System;
using System.Collections.Generic;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// A probe frozen at <c>freezeSeconds</c> (the fault's measure, <see cref="FaultMeasure"/>), judged by what the fault does
/// to the culture: the frozen probe is detected (its probe-fault alarm raised) and its loop is in its safe state (for
/// good) before the true value the probe should have shown (the plant's, not the frozen reading) departs by more than ±
/// the band from the same true value in the scenario's healthy twin (<see cref="ScenarioDefinition.TwinFaults"/>: the same
/// plant, seed, schedule, disturbances and door opening, the probe not frozen) at the same simulated time. The figure with
/// the target is the lead of the detection over that departure, which must not be negative. When the two never part by
/// the band within the run, the lead is a lower bound (the run's end); the order of the two events is settled as soon as
/// the detection happens, so a run longer than the detection is long enough.
/// </summary>
/// <remarks>
/// Judged against the twin, not against the value at the freeze: whatever else moves the plant at the freeze (the room,
/// an open door) moves the twin alike, so only the fault's own effect is counted. The open door flushes the headspace
/// (τ ≈ 12 s on the default rig): the true CO2 leaves ±0.2 % of its value at the freeze about 0.5 s after the opening
/// whatever any probe shows, which no detection can precede. The literal exit from ± the band of the value at the freeze
/// is reported beside it for information, and optionally a second true value (the liquid, for the plate probe) is
/// watched against its twin the same way. The two runs are identical up to the freeze (checked: any difference before it
/// is an error of the bench, not a figure).
/// </remarks>
public sealed class StuckProbeMeasure : ITwinMeasure
{
    private readonly FaultMeasure fault;
    private readonly double freezeSeconds;
    private readonly double band;
    private readonly Func<VirtualBioreactor, double> compared;
    private readonly Func<VirtualBioreactor, double> second;
    private readonly BandExit comparedExit = new();
    private readonly TwinDeparture comparedDeparture = new();
    private readonly TwinDeparture secondDeparture = new();
    private double twinSeconds = double.NaN;
    private double twinCompared;
    private double twinSecond;

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
    public void SampleTwin(IBenchRig twin)
    {
        twinSeconds = twin.Board.ElapsedSeconds;
        twinCompared = compared(twin.Board);
        twinSecond = second == null ? double.NaN : second(twin.Board);
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        fault.Sample(rig);
        double now = rig.Board.ElapsedSeconds;
        if (!(Math.Abs(twinSeconds - now) < 1e-9))
        {
            throw new InvalidOperationException("the stuck-probe measure needs its healthy twin sampled at the same time");
        }

        double value = compared(rig.Board);
        if (now < freezeSeconds - 1e-9)
        {
            if (value != twinCompared || (second != null && second(rig.Board) != twinSecond))
            {
                throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the healthy twin differs from the run before the freeze, at {now:F2} s: the twin is not the same run"));
            }

            return;
        }

        comparedExit.Add(now, value, band);
        comparedDeparture.Add(now, value, twinCompared, band);
        if (second != null)
        {
            secondDeparture.Add(now, second(rig.Board), twinSecond, band);
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
        FigureValue departed = Since(comparedDeparture.DepartedSeconds, watched);
        FigureValue lead;
        if (!detected.HasValue)
        {
            lead = detected;
        }
        else if (departed.HasValue)
        {
            lead = FigureValue.Of(departed.Value - detected.Value);
        }
        else
        {
            lead = FigureValue.Of(watched - detected.Value, "(at least: no departure from the twin within the run)");
        }

        var values = new List<FigureValue>(f) { detected, departed, Since(comparedExit.LeftSeconds, watched) };
        if (second != null)
        {
            values.Add(Since(secondDeparture.DepartedSeconds, watched));
        }

        values.Add(lead);
        return values.ToArray();
    }

    private FigureValue Since(double seconds, double watchedSeconds) =>
        double.IsNaN(seconds)
            ? FigureValue.Label(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"never within the run ({watchedSeconds / 60:F0} min)"))
            : FigureValue.Of(seconds - freezeSeconds);

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

    /// <summary>The first time a value is more than ± a band away from its twin's at the same time.</summary>
    private sealed class TwinDeparture
    {
        public double DepartedSeconds { get; private set; } = double.NaN;

        public void Add(double seconds, double value, double twinValue, double band)
        {
            if (double.IsNaN(DepartedSeconds) && !(Math.Abs(value - twinValue) <= band))
            {
                DepartedSeconds = seconds;
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
