using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Bioreactor.BatchRecords;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.Station.Review;

/// <summary>The batch's identity as the record states it, with who released it (a release or clear action in the record).</summary>
public sealed record ReviewIdentity(string BatchId, string DeviceId, string FirmwareVersion, string RecipeName, string RecipeVersion,
    DateTime? StartUtc, DateTime? EndUtc, string FinalState, bool Closed, string ReleasedBy, string ReleasedByName,
    string ReleaseMeaning, DateTime? ReleasedUtc)
{
    /// <summary>Whether the record holds a release (the release's fields are empty when it does not).</summary>
    public bool Released => !string.IsNullOrEmpty(ReleasedBy);
}

/// <summary>A run of samples out of a variable's process band: when, how long, the value furthest from the band's centre.</summary>
public sealed record ReviewExcursion(string Variable, string Unit, double BandMinimum, double BandMaximum, DateTime StartUtc,
    DateTime EndUtc, TimeSpan Duration, double Extreme, int Samples, long Sequence);

/// <summary>
/// An alarm period: raised (value, priority), acknowledged by whom (id, printed name and meaning of the acknowledge's
/// signature when it has one) and when, cleared (null while still active at the end of the record).
/// </summary>
public sealed record ReviewAlarm(string Code, string Description, string Priority, DateTime RaisedUtc, double RaisedValue,
    DateTime? AcknowledgedUtc, string AcknowledgedBy, string AcknowledgedByName, string AcknowledgeMeaning, DateTime? ClearedUtc,
    long Sequence);

/// <summary>
/// An operator action with its signature (signer id, printed name, role, meaning, the signer's time) and outcome;
/// <see cref="Signed"/> false for an action the record holds without a signature (an exception of the review).
/// </summary>
public sealed record ReviewAction(DateTime Utc, long Sequence, string OperatorId, string SignerName, string Role, string Action,
    string Target, string NewValue, string Meaning, string SignedAt, bool Signed, string Outcome, string Result, string Reason)
{
    /// <summary>Whether the device carried the action out.</summary>
    public bool Accepted => Outcome == "accepted";
}

/// <summary>What kind of incident a <see cref="ReviewIncident"/> is.</summary>
public enum ReviewIncidentKind
{
    /// <summary>An operator request the device refused (or that failed while carried out).</summary>
    Refusal,

    /// <summary>An operator locked out after bad signatures (a request refused as locked out, or the lockout alarm).</summary>
    Lockout,

    /// <summary>A fault the device recorded.</summary>
    Fault,
}

/// <summary>A refusal, lockout or fault.</summary>
public sealed record ReviewIncident(DateTime Utc, long Sequence, ReviewIncidentKind Kind, string Who, string Text);

/// <summary>
/// A power cut and the recovery after it: the last entry before the cut, when the device wrote its recovery, the outage
/// (null when UTC was not synchronised), and the phase timer policy applied with the phase time before and after.
/// </summary>
public sealed record ReviewPowerCut(DateTime LastEntryBeforeUtc, DateTime RestoredUtc, TimeSpan? Outage, string TimerPolicy,
    int PhaseIndex, TimeSpan? PhaseTimeBefore, TimeSpan? PhaseTimeAfter, long Sequence, string Text);

/// <summary>A stretch without samples outside any recorded outage: from the last sample before it, for how long.</summary>
public sealed record ReviewGap(DateTime StartUtc, TimeSpan Duration, long MissingSamples, long SequenceBefore, long SequenceAfter);

/// <summary>Entries the device could not write (its StorageLoss entry): how many, which, how many samples.</summary>
public sealed record ReviewStorageLoss(DateTime Utc, long Sequence, long LostEntries, long LostSamples, string Text);

/// <summary>
/// The QA review of one batch record, by exception: the verification first, then every excursion, alarm, unsigned or
/// refused action, lockout, fault, power cut, gap and storage loss, each list in time order; the signed operator actions,
/// the full audit trail and the batch events below them. Built from the record's bytes and the verification outcome the
/// caller established (the archive, which also holds the witnessed chain heads); everything else is derived here with the
/// record library (<see cref="BatchAnalysis"/>, <see cref="RecordTables"/>).
/// </summary>
public sealed class BatchReview
{
    /// <summary>A gap is a stretch between consecutive samples longer than this many sample periods.</summary>
    public const int GapSamplePeriods = 3;

    private BatchReview(BatchRecord record, ReviewVerification verification)
    {
        Record = record;
        Verification = verification;
        Analysis = new BatchAnalysis(record);
        AuditTrail = RecordTables.Audit(record);
        Events = RecordTables.Events(record);
        Identity = FindIdentity(record);
        Excursions = FindExcursions(Analysis);
        Alarms = FindAlarms(record, Analysis);
        Actions = FindActions(record);
        Incidents = FindIncidents(record, Actions, Alarms);
        PowerCuts = FindPowerCuts(record);
        Gaps = FindGaps(record, Analysis.SamplePeriod);
        StorageLosses = FindStorageLosses(record);
    }

    /// <summary>Reviews a record's bytes with the verification outcome the caller established.</summary>
    /// <param name="name">What the record is called (the batch id or archive file name), used when its header is unreadable.</param>
    /// <exception cref="RecordFileException">The bytes hold no record frame.</exception>
    public static BatchReview Create(string name, byte[] recordBytes, ReviewVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        return new BatchReview(BatchRecord.FromBytes(name, recordBytes), verification);
    }

    /// <summary>Reviews a decoded record.</summary>
    public static BatchReview Create(BatchRecord record, ReviewVerification verification)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(verification);
        return new BatchReview(record, verification);
    }

    public BatchRecord Record { get; }

    public BatchAnalysis Analysis { get; }

    /// <summary>The verification outcome: shown first.</summary>
    public ReviewVerification Verification { get; }

    public ReviewIdentity Identity { get; }

    public IReadOnlyList<ReviewExcursion> Excursions { get; }

    public IReadOnlyList<ReviewAlarm> Alarms { get; }

    /// <summary>Every operator action, signed or not, accepted or not.</summary>
    public IReadOnlyList<ReviewAction> Actions { get; }

    /// <summary>The operator actions the record holds without a signature.</summary>
    public IReadOnlyList<ReviewAction> UnsignedActions => Actions.Where(a => !a.Signed).ToList();

    /// <summary>Refusals, lockouts and faults, in time order.</summary>
    public IReadOnlyList<ReviewIncident> Incidents { get; }

    public IReadOnlyList<ReviewPowerCut> PowerCuts { get; }

    public IReadOnlyList<ReviewGap> Gaps { get; }

    public IReadOnlyList<ReviewStorageLoss> StorageLosses { get; }

    /// <summary>The full audit trail (operator actions, configuration changes, notes, recoveries, storage losses, faults).</summary>
    public IReadOnlyList<AuditItem> AuditTrail { get; }

    /// <summary>State changes, phase changes and the closing entry.</summary>
    public IReadOnlyList<EventItem> Events { get; }

    /// <summary>
    /// The exceptions a reviewer must look at: a verification other than intact counts one, then every excursion, alarm,
    /// unsigned action, refusal, lockout, fault, power cut, gap and storage loss.
    /// </summary>
    public int ExceptionCount => (Verification.IsIntact ? 0 : 1) + Excursions.Count + Alarms.Count + UnsignedActions.Count
        + Incidents.Count + PowerCuts.Count + Gaps.Count + StorageLosses.Count;

    /// <summary>One line: the batch, the verification and the exceptions by kind.</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string>();
            void Add(int n, string one, string many)
            {
                if (n > 0)
                {
                    parts.Add(n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many));
                }
            }

            Add(Excursions.Count, "excursion", "excursions");
            Add(Alarms.Count, "alarm", "alarms");
            Add(UnsignedActions.Count, "unsigned action", "unsigned actions");
            Add(Count(ReviewIncidentKind.Refusal), "refusal", "refusals");
            Add(Count(ReviewIncidentKind.Lockout), "lockout", "lockouts");
            Add(Count(ReviewIncidentKind.Fault), "fault", "faults");
            Add(PowerCuts.Count, "power cut", "power cuts");
            Add(Gaps.Count, "gap", "gaps");
            Add(StorageLosses.Count, "storage loss", "storage losses");
            string exceptions = ExceptionCount == 0 ? "no exceptions"
                : ExceptionCount.ToString(CultureInfo.InvariantCulture) + (ExceptionCount == 1 ? " exception" : " exceptions")
                  + (parts.Count > 0 ? ": " + string.Join(", ", parts) : string.Empty);
            return Identity.BatchId + ": " + Verification.Label + "; " + exceptions;
        }
    }

    private int Count(ReviewIncidentKind kind) => Incidents.Count(i => i.Kind == kind);

    private static ReviewIdentity FindIdentity(BatchRecord record)
    {
        RecordHeader h = record.Header;
        string finalState;
        bool closed = record.Closing != null;
        if (closed)
        {
            finalState = RecordNames.BatchState(record.Closing.Value.FinalState);
        }
        else if (record.StateChanges.Count > 0)
        {
            finalState = RecordNames.BatchState(record.StateChanges[^1].Value.ToState) + " (record still open)";
        }
        else
        {
            finalState = "record still open";
        }

        // The release: the last accepted action signed with the meaning "released", else the last accepted Clear.
        Recorded<OperatorActionEntry> release = null;
        foreach (Recorded<OperatorActionEntry> a in record.OperatorActions)
        {
            if (a.Value.Outcome == OperatorActionOutcome.Done
                && (a.Value.Meaning == (int)SignatureMeaning.Released || a.Value.Action == BatchNames.ActionName(BatchAction.Clear)))
            {
                release = a;
            }
        }

        return new ReviewIdentity(record.BatchName, h?.DeviceId ?? string.Empty, h?.FirmwareVersion ?? string.Empty,
            h?.RecipeName ?? string.Empty, h?.RecipeVersion ?? string.Empty, record.FirstUtc,
            closed ? record.Closing.Entry.Utc : record.LastUtc, finalState, closed,
            release?.Value.OperatorId ?? string.Empty, release?.Value.SignerName ?? string.Empty,
            release == null ? string.Empty : RecordNames.Meaning(release.Value.Meaning), release?.Entry.Utc);
    }

    private static List<ReviewExcursion> FindExcursions(BatchAnalysis analysis)
    {
        var list = new List<ReviewExcursion>();
        foreach (Excursion e in analysis.Excursions)
        {
            list.Add(new ReviewExcursion(e.Window.Variable, e.Window.Unit, e.Window.Minimum, e.Window.Maximum, e.First.Utc, e.Last.Utc,
                e.Duration, e.Extreme, e.Samples, e.First.Sequence));
        }

        list.Sort((a, b) => a.StartUtc.CompareTo(b.StartUtc));
        return list;
    }

    private static List<ReviewAlarm> FindAlarms(BatchRecord record, BatchAnalysis analysis)
    {
        var list = new List<ReviewAlarm>();
        foreach (AlarmPeriod p in analysis.AlarmPeriods)
        {
            Recorded<OperatorActionEntry> ack = BatchAnalysis.AcknowledgingAction(record, p.Id, p.Acknowledged);
            list.Add(new ReviewAlarm(RecordNames.AlarmCode(p.Id), RecordNames.AlarmDescription(p.Id), RecordNames.AlarmPriority(p.Id),
                p.Raised.Utc, p.RaisedValue, p.Acknowledged?.Utc, p.AcknowledgedBy, ack?.Value.SignerName ?? string.Empty,
                ack == null ? string.Empty : RecordNames.Meaning(ack.Value.Meaning), p.Ended?.Utc, p.Raised.Sequence));
        }

        list.Sort((a, b) => a.RaisedUtc.CompareTo(b.RaisedUtc));
        return list;
    }

    private static List<ReviewAction> FindActions(BatchRecord record)
    {
        var list = new List<ReviewAction>();
        foreach (Recorded<OperatorActionEntry> r in record.OperatorActions)
        {
            OperatorActionEntry a = r.Value;
            string outcome = a.Outcome switch
            {
                OperatorActionOutcome.Done => "accepted",
                OperatorActionOutcome.Rejected => "refused",
                OperatorActionOutcome.Failed => "failed",
                _ => RecordNames.Outcome(a.Outcome),
            };
            list.Add(new ReviewAction(r.Entry.Utc, r.Entry.Sequence, a.OperatorId, a.SignerName ?? string.Empty,
                RecordNames.OperatorRole(a.Role), a.Action, a.Target ?? string.Empty, a.NewValue ?? string.Empty,
                RecordNames.Meaning(a.Meaning), RecordNames.SignedAt(a), a.Meaning != 0, outcome, RecordNames.ResultCode(a.ResultCode),
                a.Reason ?? string.Empty));
        }

        list.Sort((a, b) => a.Utc != b.Utc ? a.Utc.CompareTo(b.Utc) : a.Sequence.CompareTo(b.Sequence));
        return list;
    }

    private static List<ReviewIncident> FindIncidents(BatchRecord record, IEnumerable<ReviewAction> actions, IEnumerable<ReviewAlarm> alarms)
    {
        var list = new List<ReviewIncident>();
        string lockedOut = BatchNames.ResultName(BatchResultCode.LockedOut);
        foreach (ReviewAction a in actions)
        {
            if (a.Accepted)
            {
                continue;
            }

            bool lockout = a.Result == lockedOut;
            string text = a.Action + (string.IsNullOrEmpty(a.Target) ? string.Empty : " " + a.Target) + " " + a.Outcome
                + (string.IsNullOrEmpty(a.Result) ? string.Empty : ": " + a.Result)
                + (string.IsNullOrEmpty(a.Reason) ? string.Empty : " (" + a.Reason + ")");
            list.Add(new ReviewIncident(a.Utc, a.Sequence, lockout ? ReviewIncidentKind.Lockout : ReviewIncidentKind.Refusal, a.OperatorId, text));
        }

        string lockoutAlarm = RecordNames.AlarmCode(AlarmId.OperatorLockedOut);
        foreach (ReviewAlarm alarm in alarms)
        {
            if (alarm.Code == lockoutAlarm)
            {
                list.Add(new ReviewIncident(alarm.RaisedUtc, alarm.Sequence, ReviewIncidentKind.Lockout, "device",
                    "an operator locked out after consecutive bad signatures (" + alarm.Code + ")"));
            }
        }

        foreach (Recorded<FaultEntry> f in record.Faults)
        {
            list.Add(new ReviewIncident(f.Entry.Utc, f.Entry.Sequence, ReviewIncidentKind.Fault, "device",
                string.Create(CultureInfo.InvariantCulture, $"source {f.Value.Source}, code {f.Value.Code}: {f.Value.Description}")));
        }

        list.Sort((a, b) => a.Utc != b.Utc ? a.Utc.CompareTo(b.Utc) : a.Sequence.CompareTo(b.Sequence));
        return list;
    }

    private static List<ReviewPowerCut> FindPowerCuts(BatchRecord record)
    {
        var list = new List<ReviewPowerCut>();
        for (int i = 0; i < record.Recoveries.Count; i++)
        {
            Recorded<RecoveryEntry> r = record.Recoveries[i];
            if (r.Value.Kind != RecoveryKind.PowerRestored)
            {
                continue;
            }

            // The batch's restoration (timer policy, phase time) follows its power-restored entry, before the next cut.
            Recorded<RecoveryEntry> restored = null;
            for (int j = i + 1; j < record.Recoveries.Count && record.Recoveries[j].Value.Kind != RecoveryKind.PowerRestored; j++)
            {
                if (record.Recoveries[j].Value.Kind == RecoveryKind.BatchRestored)
                {
                    restored = record.Recoveries[j];
                    break;
                }
            }

            RecoveryEntry e = r.Value;
            string text = RecordTables.DescribeRecovery(e) + (restored == null ? string.Empty : "; " + RecordTables.DescribeRecovery(restored.Value));
            list.Add(new ReviewPowerCut(Utc(e.PreviousUtcUnixMilliseconds), r.Entry.Utc,
                e.IsPoweredOffKnown ? TimeSpan.FromMilliseconds(e.PoweredOffMilliseconds) : null,
                restored == null ? "no batch was running" : RecordNames.PowerLossTimer(restored.Value.PhaseTimerPolicy),
                restored?.Value.PhaseIndex ?? -1,
                restored == null ? null : TimeSpan.FromMilliseconds(restored.Value.PhaseTimeBeforeMilliseconds),
                restored == null ? null : TimeSpan.FromMilliseconds(restored.Value.PhaseTimeAfterMilliseconds),
                r.Entry.Sequence, text));
        }

        return list;
    }

    /// <summary>The stretches a power cut explains: from the last entry before the cut to the recovery written at boot.</summary>
    public static List<(DateTime From, DateTime To)> Outages(BatchRecord record)
    {
        var outages = new List<(DateTime, DateTime)>();
        foreach (Recorded<RecoveryEntry> r in record.Recoveries)
        {
            if (r.Value.Kind == RecoveryKind.PowerRestored)
            {
                outages.Add((Utc(r.Value.PreviousUtcUnixMilliseconds), r.Entry.Utc));
            }
        }

        return outages;
    }

    private static List<ReviewGap> FindGaps(BatchRecord record, TimeSpan samplePeriod)
    {
        var gaps = new List<ReviewGap>();
        List<(DateTime From, DateTime To)> outages = Outages(record);
        TimeSpan limit = samplePeriod * GapSamplePeriods;
        for (int i = 1; i < record.Samples.Count; i++)
        {
            EntryInfo before = record.Samples[i - 1].Entry;
            EntryInfo after = record.Samples[i].Entry;
            DateTime from = before.Utc;
            DateTime to = after.Utc;
            if (to - from <= limit)
            {
                continue;
            }

            // What a recorded outage explains is not a gap; what is left on either side of it still is.
            var pieces = new List<(DateTime From, DateTime To)> { (from, to) };
            foreach ((DateTime From, DateTime To) o in outages)
            {
                var next = new List<(DateTime From, DateTime To)>();
                foreach ((DateTime From, DateTime To) p in pieces)
                {
                    if (o.To <= p.From || o.From >= p.To)
                    {
                        next.Add(p);
                        continue;
                    }

                    if (o.From > p.From)
                    {
                        next.Add((p.From, o.From));
                    }

                    if (o.To < p.To)
                    {
                        next.Add((o.To, p.To));
                    }
                }

                pieces = next;
            }

            foreach ((DateTime From, DateTime To) p in pieces)
            {
                TimeSpan length = p.To - p.From;
                if (length > limit)
                {
                    gaps.Add(new ReviewGap(p.From, length, Math.Max(0, (long)(length.Ticks / samplePeriod.Ticks) - 1), before.Sequence, after.Sequence));
                }
            }
        }

        return gaps;
    }

    private static List<ReviewStorageLoss> FindStorageLosses(BatchRecord record)
    {
        var list = new List<ReviewStorageLoss>();
        foreach (Recorded<StorageLossEntry> r in record.StorageLosses)
        {
            list.Add(new ReviewStorageLoss(r.Entry.Utc, r.Entry.Sequence, r.Value.LostCount, r.Value.LostSamples,
                RecordTables.DescribeStorageLoss(r.Value)));
        }

        return list;
    }

    private static DateTime Utc(long unixMilliseconds) =>
        DateTime.SpecifyKind(RecordTime.FromUnixMilliseconds(unixMilliseconds), DateTimeKind.Utc);
}
