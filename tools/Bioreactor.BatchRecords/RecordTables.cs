using System;
using System.Collections.Generic;
using System.Globalization;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.BatchRecords;

/// <summary>
/// One row of the audit trail: an operator action, configuration change, note, recovery, storage loss or fault. The
/// signature fields belong to operator actions (empty for the other kinds): "signed" or "unsigned", the signer's printed
/// name, the meaning, the signer's UTC when signing and the signature itself.
/// </summary>
public sealed record AuditItem(EntryInfo Entry, string Kind, string Who, string Role, string Action, string Target,
    string OldValue, string NewValue, string Reason, string Outcome, string Result, long? BatchEventNumber, bool Deviation,
    string Details)
{
    public string Signature { get; init; } = string.Empty;

    public string SignerName { get; init; } = string.Empty;

    public string Meaning { get; init; } = string.Empty;

    public string SignedAt { get; init; } = string.Empty;

    public string SignatureMac { get; init; } = string.Empty;
}

/// <summary>One batch event: a state change, a phase change or the closing of the record.</summary>
public sealed record EventItem(EntryInfo Entry, string Kind, string FromState, string ToState, int? FromPhase, int? ToPhase,
    string PhaseName, double? PlannedDurationSeconds, long? BatchEventNumber, string OperatorId, string Cause);

/// <summary>The tables a record gives, shared by the CSV export and the HTML report.</summary>
public static class RecordTables
{
    /// <summary>Audit trail kinds, as written in the kind column.</summary>
    public const string OperatorAction = "operator_action";
    public const string ConfigurationChange = "configuration_change";
    public const string Note = "note";
    public const string Recovery = "recovery";
    public const string StorageLoss = "storage_loss";
    public const string Fault = "fault";

    /// <summary>The audit trail in record order.</summary>
    public static List<AuditItem> Audit(BatchRecord record)
    {
        var items = new List<AuditItem>();
        foreach (Recorded<OperatorActionEntry> r in record.OperatorActions)
        {
            OperatorActionEntry a = r.Value;
            items.Add(new AuditItem(r.Entry, OperatorAction, a.OperatorId, RecordNames.OperatorRole(a.Role), a.Action, a.Target,
                a.OldValue, a.NewValue, a.Reason, RecordNames.Outcome(a.Outcome), RecordNames.ResultCode(a.ResultCode),
                a.BatchEventSequence, false, string.Empty)
            {
                Signature = RecordNames.Signature(a),
                SignerName = a.SignerName,
                Meaning = RecordNames.Meaning(a.Meaning),
                SignedAt = RecordNames.SignedAt(a),
                SignatureMac = a.SignatureMac,
            });
        }

        foreach (Recorded<ConfigurationChangeEntry> r in record.ConfigurationChanges)
        {
            ConfigurationChangeEntry c = r.Value;
            items.Add(new AuditItem(r.Entry, ConfigurationChange, c.Who, string.Empty, "ChangeConfiguration", c.Parameter, c.OldValue,
                c.NewValue, c.Reason, string.Empty, string.Empty, null, false, string.Empty));
        }

        foreach (Recorded<NoteEntry> r in record.Notes)
        {
            items.Add(new AuditItem(r.Entry, Note, r.Value.Author, string.Empty, "Note", string.Empty, string.Empty, string.Empty,
                string.Empty, string.Empty, string.Empty, null, false, r.Value.Text));
        }

        foreach (Recorded<RecoveryEntry> r in record.Recoveries)
        {
            RecoveryEntry e = r.Value;
            items.Add(new AuditItem(r.Entry, Recovery, "device", string.Empty, RecordNames.RecoveryKind(e.Kind), string.Empty,
                string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
                e.Kind == RecoveryKind.BatchRestored ? e.BatchEventSequence : null, e.IsDeviation || e.Kind != RecoveryKind.TornTailCut,
                DescribeRecovery(e)));
        }

        foreach (Recorded<StorageLossEntry> r in record.StorageLosses)
        {
            items.Add(new AuditItem(r.Entry, StorageLoss, "device", string.Empty, "StorageLoss", string.Empty, string.Empty,
                string.Empty, string.Empty, string.Empty, string.Empty, null, true, DescribeStorageLoss(r.Value)));
        }

        foreach (Recorded<FaultEntry> r in record.Faults)
        {
            items.Add(new AuditItem(r.Entry, Fault, "device", string.Empty, "Fault", string.Empty, string.Empty, string.Empty,
                string.Empty, string.Empty, string.Empty, null, false,
                string.Create(CultureInfo.InvariantCulture, $"source {r.Value.Source}, code {r.Value.Code}: {r.Value.Description}")));
        }

        items.Sort((a, b) => a.Entry.Position.CompareTo(b.Entry.Position));
        return items;
    }

    /// <summary>State changes, phase changes and the closing entry in record order.</summary>
    public static List<EventItem> Events(BatchRecord record)
    {
        var items = new List<EventItem>();
        foreach (Recorded<StateChangeEntry> r in record.StateChanges)
        {
            StateChangeEntry s = r.Value;
            items.Add(new EventItem(r.Entry, "state_change", RecordNames.BatchState(s.FromState), RecordNames.BatchState(s.ToState),
                null, s.PhaseIndex < 0 ? null : s.PhaseIndex, string.Empty, null, s.BatchEventSequence, s.OperatorId, s.Cause));
        }

        foreach (Recorded<PhaseChangeEntry> r in record.PhaseChanges)
        {
            PhaseChangeEntry p = r.Value;
            items.Add(new EventItem(r.Entry, "phase_change", string.Empty, string.Empty, p.FromPhaseIndex < 0 ? null : p.FromPhaseIndex,
                p.ToPhaseIndex < 0 ? null : p.ToPhaseIndex, p.PhaseName, p.PlannedDurationMilliseconds / 1000.0, p.BatchEventSequence,
                p.OperatorId, p.Cause));
        }

        if (record.Closing != null)
        {
            ClosingEntry c = record.Closing.Value;
            items.Add(new EventItem(record.Closing.Entry, "closing", string.Empty, RecordNames.BatchState(c.FinalState), null, null,
                string.Empty, null, null, string.Empty, c.Summary));
        }

        items.Sort((a, b) => a.Entry.Position.CompareTo(b.Entry.Position));
        return items;
    }

    /// <summary>What a recovery entry reports, in words.</summary>
    public static string DescribeRecovery(RecoveryEntry e)
    {
        var c = CultureInfo.InvariantCulture;
        switch (e.Kind)
        {
            case RecoveryKind.TornTailCut:
                return string.Create(c, $"{e.TornBytes} bytes of a torn last entry cut (SHA-256 {Convert.ToHexString(e.TornSha256).ToLowerInvariant()})");
            case RecoveryKind.PowerRestored:
                string off = e.IsPoweredOffKnown ? "powered off at most " + RecordNames.Duration(TimeSpan.FromMilliseconds(e.PoweredOffMilliseconds)) : "power-off duration unknown (UTC not synchronised)";
                return string.Create(c, $"power restored: {off}; last entry before: sequence {e.PreviousSequence} at {RecordNames.Utc(e.PreviousUtcUnixMilliseconds)}; boot at {RecordNames.Utc(e.BootUtcUnixMilliseconds)}");
            case RecoveryKind.IntegrityFinding:
                return string.Create(c, $"integrity finding at start-up: {RecordVerification.FindingName(e.Finding)} at sequence {e.FindingSequence}, byte {e.FindingPosition}");
            case RecoveryKind.BatchRestored:
                return string.Create(c, $"batch restored in phase {e.PhaseIndex}, phase timer {RecordNames.PowerLossTimer(e.PhaseTimerPolicy)}: phase time {RecordNames.Duration(TimeSpan.FromMilliseconds(e.PhaseTimeBeforeMilliseconds))} before, {RecordNames.Duration(TimeSpan.FromMilliseconds(e.PhaseTimeAfterMilliseconds))} after");
            default:
                return "recovery of unknown kind " + RecordNames.Integer((int)e.Kind);
        }
    }

    /// <summary>What a storage loss entry reports, in words.</summary>
    public static string DescribeStorageLoss(StorageLossEntry e)
    {
        long last = e.FirstLostSequence + e.LostCount - 1;
        return string.Create(CultureInfo.InvariantCulture,
            $"{e.LostCount} entries lost (sequence {e.FirstLostSequence} to {last}, {e.LostSamples} samples) between monotonic {e.FirstLossMonotonicMilliseconds} and {e.LastLossMonotonicMilliseconds} ms; storage error {RecordNames.StorageError(e.LastError)}; {e.BytesCut} partly written bytes cut");
    }

    /// <summary>An alarm transition's value with its alarm's unit, e.g. "38.2 °C"; empty when it has none.</summary>
    public static string AlarmValue(AlarmTransition t) => RecordNames.Number(t.Value, 3);
}
