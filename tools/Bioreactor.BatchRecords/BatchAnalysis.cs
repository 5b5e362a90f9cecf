using System;
using System.Collections.Generic;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.BatchRecords;

/// <summary>A range of acceptable values of one process variable, with where it comes from.</summary>
public sealed record ProcessWindow(string Variable, string Unit, double Minimum, double Maximum, string Source)
{
    public bool Contains(double value) => value >= Minimum && value <= Maximum;

    /// <summary>The published process window of T-cell expansion in rocking bags (docs/architecture.md, "The process window").</summary>
    public static readonly ProcessWindow LiquidTemperature = new("liquid temperature", "°C", 36.5, 37.5,
        "37 °C (docs/architecture.md process window) ± 0.5 K, half the ≥ 1 K alarm band recommended for incubators (Binder)");

    public static readonly ProcessWindow Co2 = new("CO2", "%", 4.8, 5.2,
        "5 % (docs/architecture.md process window) ± 0.2 %, the stability specified at 5 % for CO2 incubators (Shel Lab SCO6AD)");

    // The published set points (10 and 15 rpm) sit on or near the range's ends, so the measured rate's cycle-to-cycle scatter
    // would count half the samples of a 15 rpm phase as outside; ± 0.5 rpm is this tool's allowance for it, not a published figure.
    public static readonly ProcessWindow RockingRate = new("rocking rate", "rpm", 5.5, 15.5,
        "6–15 rpm, the rates of published Xuri W5/W25 and WAVE T-cell runs (docs/architecture.md), ± 0.5 rpm allowed for the measured rate's scatter; rocking phases only");

    public static readonly ProcessWindow RockingAmplitude = new("rocking amplitude", "°", 4, 8,
        "4–8°, the angles of published Xuri W5/W25 and WAVE T-cell runs (docs/architecture.md); rocking phases only");
}

/// <summary>A phase as run: planned and actual duration, time held and powered off.</summary>
public sealed record PhaseRun(int Index, string Name, EntryInfo Start, EntryInfo End, bool Ongoing, TimeSpan? Planned,
    TimeSpan Actual, TimeSpan Held, TimeSpan PoweredOff, string StartedBy, string EndedBy);

/// <summary>Summary statistics of one variable over some samples.</summary>
public sealed record VariableStatistics(ProcessWindow Window, int Samples, int Valid, double Mean, double Minimum, double Maximum,
    double StandardDeviation, double? PercentInWindow);

/// <summary>The statistics of a phase (or of the whole batch when <see cref="Phase"/> is null).</summary>
public sealed record PhaseStatistics(PhaseRun Phase, bool Rocking, VariableStatistics Temperature, VariableStatistics Co2,
    VariableStatistics RockingRate, VariableStatistics RockingAmplitude);

/// <summary>A time an alarm was active (raised until cleared or returned to normal).</summary>
public sealed record AlarmPeriod(AlarmId Id, EntryInfo Raised, EntryInfo Acknowledged, string AcknowledgedBy, EntryInfo Ended,
    double RaisedValue)
{
    public DateTime StartUtc => Raised.Utc;
}

/// <summary>A run of consecutive samples outside a process window.</summary>
public sealed record Excursion(ProcessWindow Window, EntryInfo First, EntryInfo Last, int Samples, double Extreme, TimeSpan Duration);

/// <summary>What the report and the plots derive from a record: phases, statistics, alarm periods, excursions.</summary>
public sealed class BatchAnalysis
{
    public BatchAnalysis(BatchRecord record)
    {
        Record = record;
        SamplePeriod = TimeSpan.FromMilliseconds(record.Header?.SamplePeriodMilliseconds ?? RecordHeader.DefaultSamplePeriodMilliseconds);
        Phases = FindPhases(record);
        AlarmPeriods = FindAlarmPeriods(record);
        foreach (PhaseRun phase in Phases)
        {
            PhaseStatistics.Add(Statistics(SamplesIn(phase), phase));
        }

        Overall = Statistics(record.Samples.FindAll(s => HasSetPoint(s.Value)), null);
        Excursions.AddRange(FindExcursions(record, ProcessWindow.LiquidTemperature, SampleValues.Liquid, s => s.LiquidSetPointCelsius));
        Excursions.AddRange(FindExcursions(record, ProcessWindow.Co2, SampleValues.Co2, s => s.Co2SetPointPercent));
        Excursions.Sort((a, b) => a.First.Position.CompareTo(b.First.Position));
    }

    public BatchRecord Record { get; }

    public TimeSpan SamplePeriod { get; }

    public List<PhaseRun> Phases { get; }

    public List<PhaseStatistics> PhaseStatistics { get; } = new();

    /// <summary>Statistics over every sample taken while the batch drove the process.</summary>
    public PhaseStatistics Overall { get; }

    public List<AlarmPeriod> AlarmPeriods { get; }

    public List<Excursion> Excursions { get; } = new();

    /// <summary>The samples of a phase (written after its start and before its end).</summary>
    public List<Recorded<RecordSample>> SamplesIn(PhaseRun phase) =>
        Record.Samples.FindAll(s => s.Entry.Position > phase.Start.Position && (phase.Ongoing || s.Entry.Position < phase.End.Position));

    private static bool HasSetPoint(RecordSample s) => !double.IsNaN(s.LiquidSetPointCelsius) || !double.IsNaN(s.Co2SetPointPercent);

    private static List<PhaseRun> FindPhases(BatchRecord record)
    {
        var starts = record.PhaseChanges.FindAll(p => p.Value.ToPhaseIndex >= 0);
        var runs = new List<PhaseRun>();
        EntryInfo last = record.Entries[^1];
        for (int i = 0; i < starts.Count; i++)
        {
            Recorded<PhaseChangeEntry> start = starts[i];
            EntryInfo end = null;
            string endedBy = string.Empty;
            Recorded<PhaseChangeEntry> next = record.PhaseChanges.Find(p => p.Entry.Position > start.Entry.Position);
            Recorded<StateChangeEntry> finished = record.StateChanges.Find(s => s.Entry.Position > start.Entry.Position
                && (s.Value.ToState == (int)BatchState.Complete || s.Value.ToState == (int)BatchState.Aborted || s.Value.ToState == (int)BatchState.Aborting));
            if (next != null && (finished == null || next.Entry.Position < finished.Entry.Position))
            {
                end = next.Entry;
                endedBy = Who(next.Value.OperatorId, next.Value.Cause);
            }
            else if (finished != null)
            {
                end = finished.Entry;
                endedBy = RecordNames.BatchState(finished.Value.ToState) + " (" + Who(finished.Value.OperatorId, finished.Value.Cause) + ")";
            }
            else if (record.Closing != null)
            {
                end = record.Closing.Entry;
                endedBy = "record closed";
            }

            bool ongoing = end == null;
            EntryInfo endOrLast = end ?? last;
            TimeSpan actual = endOrLast.Utc - start.Entry.Utc;
            long planned = start.Value.PlannedDurationMilliseconds;
            runs.Add(new PhaseRun(start.Value.ToPhaseIndex, start.Value.PhaseName, start.Entry, endOrLast, ongoing,
                planned > 0 ? TimeSpan.FromMilliseconds(planned) : null, actual,
                HeldTime(record, start.Entry, endOrLast), PoweredOffTime(record, start.Entry, endOrLast),
                Who(start.Value.OperatorId, start.Value.Cause), ongoing ? "still running at the end of the record" : endedBy));
        }

        return runs;
    }

    private static string Who(string operatorId, string cause) =>
        string.IsNullOrEmpty(operatorId) ? (string.IsNullOrEmpty(cause) ? "device" : cause) : operatorId;

    private static TimeSpan HeldTime(BatchRecord record, EntryInfo from, EntryInfo to)
    {
        TimeSpan held = TimeSpan.Zero;
        DateTime? heldSince = null;
        foreach (Recorded<StateChangeEntry> s in record.StateChanges)
        {
            bool pausing = s.Value.ToState is (int)BatchState.Holding or (int)BatchState.Held or (int)BatchState.Restarting;
            if (s.Entry.Position <= from.Position)
            {
                heldSince = pausing ? from.Utc : null;
                continue;
            }

            if (s.Entry.Position > to.Position)
            {
                break;
            }

            if (pausing && heldSince == null)
            {
                heldSince = s.Entry.Utc;
            }
            else if (!pausing && heldSince != null)
            {
                held += s.Entry.Utc - heldSince.Value;
                heldSince = null;
            }
        }

        if (heldSince != null)
        {
            held += to.Utc - heldSince.Value;
        }

        return held;
    }

    private static TimeSpan PoweredOffTime(BatchRecord record, EntryInfo from, EntryInfo to)
    {
        long off = 0;
        foreach (Recorded<RecoveryEntry> r in record.Recoveries)
        {
            if (r.Value.Kind == RecoveryKind.PowerRestored && r.Value.IsPoweredOffKnown && r.Entry.Position > from.Position
                && r.Entry.Position <= to.Position)
            {
                off += r.Value.PoweredOffMilliseconds;
            }
        }

        return TimeSpan.FromMilliseconds(off);
    }

    private static PhaseStatistics Statistics(List<Recorded<RecordSample>> samples, PhaseRun phase)
    {
        int rockingSamples = samples.FindAll(s => s.Value.RockingRateSetPointRpm > 0).Count;
        bool rocking = rockingSamples * 2 > samples.Count;
        return new PhaseStatistics(phase, rocking,
            Describe(samples, ProcessWindow.LiquidTemperature, SampleValues.Liquid, true),
            Describe(samples, ProcessWindow.Co2, SampleValues.Co2, true),
            Describe(samples, ProcessWindow.RockingRate, s => s.RockingRateRpm, rocking),
            Describe(samples, ProcessWindow.RockingAmplitude, s => s.RockingAmplitudeDegrees, rocking));
    }

    private static VariableStatistics Describe(List<Recorded<RecordSample>> samples, ProcessWindow window,
        Func<RecordSample, double> value, bool windowApplies)
    {
        int valid = 0;
        int inWindow = 0;
        double sum = 0;
        double min = double.NaN;
        double max = double.NaN;
        foreach (Recorded<RecordSample> s in samples)
        {
            double v = value(s.Value);
            if (double.IsNaN(v))
            {
                continue;
            }

            valid++;
            sum += v;
            min = double.IsNaN(min) ? v : Math.Min(min, v);
            max = double.IsNaN(max) ? v : Math.Max(max, v);
            if (window.Contains(v))
            {
                inWindow++;
            }
        }

        double mean = valid > 0 ? sum / valid : double.NaN;
        double squares = 0;
        foreach (Recorded<RecordSample> s in samples)
        {
            double v = value(s.Value);
            if (!double.IsNaN(v))
            {
                squares += (v - mean) * (v - mean);
            }
        }

        // Sample standard deviation (n - 1); a sample without a value counts as outside the window: it proves nothing.
        double sd = valid > 1 ? Math.Sqrt(squares / (valid - 1)) : double.NaN;
        double? percent = windowApplies && samples.Count > 0 ? 100.0 * inWindow / samples.Count : null;
        return new VariableStatistics(window, samples.Count, valid, mean, min, max, sd, percent);
    }

    private static List<AlarmPeriod> FindAlarmPeriods(BatchRecord record)
    {
        var periods = new List<AlarmPeriod>();
        var open = new Dictionary<AlarmId, AlarmPeriod>();
        foreach (Recorded<AlarmTransition> r in record.AlarmTransitions)
        {
            AlarmTransition t = r.Value;
            bool wasActive = open.ContainsKey(t.Id);
            bool active = RecordNames.IsActive(t.To);
            if (!wasActive && active)
            {
                open[t.Id] = new AlarmPeriod(t.Id, r.Entry, null, string.Empty, null, t.Value);
                if (t.Kind == AlarmTransitionKind.Acknowledged)
                {
                    open[t.Id] = open[t.Id] with { Acknowledged = r.Entry, AcknowledgedBy = AcknowledgingOperator(record, r) };
                }
            }
            else if (wasActive && t.Kind == AlarmTransitionKind.Acknowledged)
            {
                open[t.Id] = open[t.Id] with { Acknowledged = r.Entry, AcknowledgedBy = AcknowledgingOperator(record, r) };
            }

            if (wasActive && !active)
            {
                periods.Add(open[t.Id] with { Ended = r.Entry });
                open.Remove(t.Id);
            }
        }

        periods.AddRange(open.Values);
        periods.Sort((a, b) => a.Raised.Position.CompareTo(b.Raised.Position));
        return periods;
    }

    /// <summary>The operator of the accepted AcknowledgeAlarm action nearest the acknowledge transition (the firmware writes both together).</summary>
    private static string AcknowledgingOperator(BatchRecord record, Recorded<AlarmTransition> transition) =>
        AcknowledgingAction(record, transition.Value.Id, transition.Entry)?.Value.OperatorId ?? string.Empty;

    /// <summary>
    /// The accepted AcknowledgeAlarm action of alarm <paramref name="id"/> nearest the acknowledge transition at
    /// <paramref name="acknowledged"/> (the firmware writes both together), with its signature; null when there is none.
    /// </summary>
    public static Recorded<OperatorActionEntry> AcknowledgingAction(BatchRecord record, AlarmId id, EntryInfo acknowledged)
    {
        if (acknowledged == null)
        {
            return null;
        }

        string code = RecordNames.AlarmCode(id);
        Recorded<OperatorActionEntry> best = null;
        foreach (Recorded<OperatorActionEntry> a in record.OperatorActions)
        {
            if (a.Value.Action == BatchNames.ActionName(BatchAction.AcknowledgeAlarm) && a.Value.Target == code
                && a.Value.Outcome == OperatorActionOutcome.Done
                && (best == null || Math.Abs(a.Entry.Position - acknowledged.Position) < Math.Abs(best.Entry.Position - acknowledged.Position)))
            {
                best = a;
            }
        }

        return best;
    }

    private List<Excursion> FindExcursions(BatchRecord record, ProcessWindow window, Func<RecordSample, double> value,
        Func<RecordSample, double> setPoint)
    {
        var excursions = new List<Excursion>();
        Recorded<RecordSample> first = null;
        Recorded<RecordSample> last = null;
        int count = 0;
        double extreme = double.NaN;
        void Close()
        {
            if (first != null)
            {
                excursions.Add(new Excursion(window, first.Entry, last.Entry, count, extreme, last.Entry.Utc - first.Entry.Utc + SamplePeriod));
            }

            first = null;
            count = 0;
            extreme = double.NaN;
        }

        foreach (Recorded<RecordSample> s in record.Samples)
        {
            if (double.IsNaN(setPoint(s.Value)))
            {
                // The batch does not drive this variable (before the start, after the release): nothing to hold.
                Close();
                continue;
            }

            double v = value(s.Value);
            if (!double.IsNaN(v) && window.Contains(v))
            {
                Close();
                continue;
            }

            first ??= s;
            last = s;
            count++;
            if (!double.IsNaN(v))
            {
                double centre = (window.Minimum + window.Maximum) / 2;
                extreme = double.IsNaN(extreme) || Math.Abs(v - centre) > Math.Abs(extreme - centre) ? v : extreme;
            }
        }

        Close();
        return excursions;
    }
}
