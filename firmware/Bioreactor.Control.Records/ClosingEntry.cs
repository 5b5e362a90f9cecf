namespace Bioreactor.Control.Records
{
    /// <summary>
    /// The last entry of a batch record. Payload: u8 final state code (the batch layer's), u32 durable entries before
    /// this one (header included), u32 lost entries, u32 samples, u32 alarm transitions, u32 operator actions,
    /// u32 recovery entries, text summary (256 bytes). Nothing may follow it.
    /// </summary>
    public sealed class ClosingEntry
    {
        /// <summary>The batch's final state code.</summary>
        public int FinalState { get; private set; }

        /// <summary>Entries durably written before the closing entry, the header included.</summary>
        public long DurableEntries { get; private set; }

        /// <summary>Entries lost to storage failures (each stated by a StorageLoss entry).</summary>
        public long LostEntries { get; private set; }

        /// <summary>Sample entries written.</summary>
        public long Samples { get; private set; }

        /// <summary>Alarm transition entries written.</summary>
        public long AlarmTransitions { get; private set; }

        /// <summary>Operator action entries written.</summary>
        public long OperatorActions { get; private set; }

        /// <summary>Recovery entries written.</summary>
        public long Recoveries { get; private set; }

        /// <summary>A summary from the batch layer.</summary>
        public string Summary { get; private set; }

        /// <summary>Decodes a closing entry, or null when the frame is not one.</summary>
        public static ClosingEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.Closing)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new ClosingEntry();
            entry.FinalState = reader.UInt8();
            entry.DurableEntries = reader.UInt32();
            entry.LostEntries = reader.UInt32();
            entry.Samples = reader.UInt32();
            entry.AlarmTransitions = reader.UInt32();
            entry.OperatorActions = reader.UInt32();
            entry.Recoveries = reader.UInt32();
            entry.Summary = reader.Text();
            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, int finalState, long durableEntries, long lostEntries, long samples,
            long alarmTransitions, long operatorActions, long recoveries, string summary)
        {
            payload.UInt8(finalState);
            payload.UInt32(durableEntries);
            payload.UInt32(lostEntries);
            payload.UInt32(samples);
            payload.UInt32(alarmTransitions);
            payload.UInt32(operatorActions);
            payload.UInt32(recoveries);
            payload.Text(summary, RecordFormat.MaxReasonBytes);
        }
    }
}
