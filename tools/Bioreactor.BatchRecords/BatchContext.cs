using System.Collections.Generic;
using Bioreactor.Control.Records;

namespace Bioreactor.BatchRecords;

/// <summary>The batch state and phase in force at any place of a record, from its state and phase change entries.</summary>
public sealed class BatchContext
{
    private readonly List<long> positions = new();
    private readonly List<At> values = new();

    public BatchContext(BatchRecord record)
    {
        var changes = new List<(long Position, StateChangeEntry State, PhaseChangeEntry Phase)>();
        foreach (Recorded<StateChangeEntry> s in record.StateChanges)
        {
            changes.Add((s.Entry.Position, s.Value, null));
        }

        foreach (Recorded<PhaseChangeEntry> p in record.PhaseChanges)
        {
            changes.Add((p.Entry.Position, null, p.Value));
        }

        changes.Sort((a, b) => a.Position.CompareTo(b.Position));
        var current = new At(string.Empty, -1, string.Empty);
        foreach (var change in changes)
        {
            if (change.State != null)
            {
                current = current with { State = RecordNames.BatchState(change.State.ToState) };
            }
            else
            {
                current = current with { PhaseIndex = change.Phase.ToPhaseIndex, PhaseName = change.Phase.ToPhaseIndex < 0 ? string.Empty : change.Phase.PhaseName };
            }

            positions.Add(change.Position);
            values.Add(current);
        }
    }

    /// <summary>The state (empty before the first change), phase index (-1 when none) and phase name.</summary>
    public sealed record At(string State, int PhaseIndex, string PhaseName);

    /// <summary>What is in force at byte <paramref name="position"/> of the record (after every change before it).</summary>
    public At Find(long position)
    {
        int index = positions.BinarySearch(position);
        index = index >= 0 ? index : ~index - 1;
        return index < 0 ? new At(string.Empty, -1, string.Empty) : values[index];
    }
}
