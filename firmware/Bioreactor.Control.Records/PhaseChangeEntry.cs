namespace Bioreactor.Control.Records
{
    /// <summary>
    /// A recipe phase change. Payload: i32 from phase index (-1 before the first), i32 to phase index (-1 after the last),
    /// i64 planned duration ms (0 when the phase ends on a confirmation), i64 batch event number, text phase name (64 bytes), text operator id (64), text cause (256).
    /// </summary>
    public sealed class PhaseChangeEntry
    {
        /// <summary>Index of the phase left, -1 when none.</summary>
        public int FromPhaseIndex { get; private set; }

        /// <summary>Index of the phase entered, -1 when none (batch finished).</summary>
        public int ToPhaseIndex { get; private set; }

        /// <summary>The phase's planned duration, ms; 0 when it ends on an operator's confirmation.</summary>
        public long PlannedDurationMilliseconds { get; private set; }

        /// <summary>The batch layer's event number (BatchEvent.Sequence), 0 when the entry did not come from a batch event.</summary>
        public long BatchEventSequence { get; private set; }

        /// <summary>Name of the phase entered.</summary>
        public string PhaseName { get; private set; }

        /// <summary>The operator who commanded it; empty when the recipe advanced by itself.</summary>
        public string OperatorId { get; private set; }

        /// <summary>Why (phase time elapsed, operator command, condition met).</summary>
        public string Cause { get; private set; }

        /// <summary>Decodes a phase change entry, or null when the frame is not one.</summary>
        public static PhaseChangeEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.PhaseChange)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new PhaseChangeEntry();
            entry.FromPhaseIndex = reader.Int32();
            entry.ToPhaseIndex = reader.Int32();
            entry.PlannedDurationMilliseconds = reader.Int64();
            entry.BatchEventSequence = reader.Int64();
            entry.PhaseName = reader.Text();
            entry.OperatorId = reader.Text();
            entry.Cause = reader.Text();
            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, int fromPhaseIndex, int toPhaseIndex, long plannedDurationMilliseconds,
            string phaseName, string operatorId, string cause, long batchEventSequence)
        {
            payload.Int32(fromPhaseIndex);
            payload.Int32(toPhaseIndex);
            payload.Int64(plannedDurationMilliseconds);
            payload.Int64(batchEventSequence);
            payload.Text(phaseName, RecordFormat.MaxIdentifierBytes);
            payload.Text(operatorId, RecordFormat.MaxIdentifierBytes);
            payload.Text(cause, RecordFormat.MaxReasonBytes);
        }
    }
}
