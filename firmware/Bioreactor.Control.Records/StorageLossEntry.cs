using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Written first when storage works again after failing: which sequence numbers were lost and why, so nothing is
    /// dropped silently and the verifier accepts the gap only with this entry.
    /// Payload: u32 first lost sequence, u32 lost count, u32 lost samples, i64 first loss (monotonic ms), i64 last loss
    /// (monotonic ms), u8 last storage error (RecordStorageError), i32 bytes cut (partial writes removed before resuming).
    /// </summary>
    public sealed class StorageLossEntry
    {
        /// <summary>Sequence number of the first lost entry.</summary>
        public long FirstLostSequence { get; private set; }

        /// <summary>Number of lost entries (sequence numbers FirstLostSequence … FirstLostSequence + LostCount - 1).</summary>
        public long LostCount { get; private set; }

        /// <summary>How many of them were samples.</summary>
        public long LostSamples { get; private set; }

        /// <summary>Monotonic ms of the first loss.</summary>
        public long FirstLossMonotonicMilliseconds { get; private set; }

        /// <summary>Monotonic ms of the last loss.</summary>
        public long LastLossMonotonicMilliseconds { get; private set; }

        /// <summary>
        /// The storage's error at the last failure; None when the entries never reached storage (dropped from a full
        /// hand-over queue, BatchRecordWriter.DeclareDropped).
        /// </summary>
        public RecordStorageError LastError { get; private set; }

        /// <summary>Bytes of partly written entries cut from the record before it was resumed.</summary>
        public int BytesCut { get; private set; }

        /// <summary>Decodes a storage loss entry, or null when the frame is not one.</summary>
        public static StorageLossEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.StorageLoss)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new StorageLossEntry();
            entry.FirstLostSequence = reader.UInt32();
            entry.LostCount = reader.UInt32();
            entry.LostSamples = reader.UInt32();
            entry.FirstLossMonotonicMilliseconds = reader.Int64();
            entry.LastLossMonotonicMilliseconds = reader.Int64();
            entry.LastError = (RecordStorageError)reader.UInt8();
            entry.BytesCut = reader.Int32();
            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, long firstLostSequence, long lostCount, long lostSamples,
            long firstLossMilliseconds, long lastLossMilliseconds, RecordStorageError lastError, int bytesCut)
        {
            payload.UInt32(firstLostSequence);
            payload.UInt32(lostCount);
            payload.UInt32(lostSamples);
            payload.Int64(firstLossMilliseconds);
            payload.Int64(lastLossMilliseconds);
            payload.UInt8((int)lastError);
            payload.Int32(bytesCut);
        }
    }
}
