namespace Bioreactor.Control.Records
{
    /// <summary>
    /// A batch state change (ISA-88 states of the batch layer, stored as their numeric codes).
    /// Payload: u8 from, u8 to, i32 phase index (-1 when none), i64 batch event number, text operator id (64 bytes, empty when the device changed state itself), text cause (256).
    /// </summary>
    public sealed class StateChangeEntry
    {
        /// <summary>State code before the change.</summary>
        public int FromState { get; private set; }

        /// <summary>State code after the change.</summary>
        public int ToState { get; private set; }

        /// <summary>The phase the batch was in, -1 when none.</summary>
        public int PhaseIndex { get; private set; }

        /// <summary>The batch layer's event number (BatchEvent.Sequence), 0 when the entry did not come from a batch event.</summary>
        public long BatchEventSequence { get; private set; }

        /// <summary>The operator who commanded it; empty when the device changed state itself.</summary>
        public string OperatorId { get; private set; }

        /// <summary>Why (the command, the alarm or the phase logic that caused it).</summary>
        public string Cause { get; private set; }

        /// <summary>Decodes a state change entry, or null when the frame is not one.</summary>
        public static StateChangeEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.StateChange)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new StateChangeEntry();
            entry.FromState = reader.UInt8();
            entry.ToState = reader.UInt8();
            entry.PhaseIndex = reader.Int32();
            entry.BatchEventSequence = reader.Int64();
            entry.OperatorId = reader.Text();
            entry.Cause = reader.Text();
            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, int fromState, int toState, int phaseIndex, string operatorId,
            string cause, long batchEventSequence)
        {
            payload.UInt8(fromState);
            payload.UInt8(toState);
            payload.Int32(phaseIndex);
            payload.Int64(batchEventSequence);
            payload.Text(operatorId, RecordFormat.MaxIdentifierBytes);
            payload.Text(cause, RecordFormat.MaxReasonBytes);
        }
    }
}
