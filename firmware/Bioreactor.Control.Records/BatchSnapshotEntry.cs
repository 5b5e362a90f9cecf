namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Batch snapshot entries: the batch layer's fixed-size state (BatchController.WriteState) stored as opaque bytes, so a
    /// restart restores the batch from the last authenticated snapshot (<see cref="RecordRecoveryResult.LastBatchSnapshot"/>).
    /// The payload is the snapshot itself (at most <see cref="RecordFormat.MaxPayloadLength"/> bytes).
    /// </summary>
    public static class BatchSnapshotEntry
    {
        /// <summary>Copies the snapshot's bytes out of the frame (allocates); null when the frame is not a snapshot.</summary>
        public static byte[] Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.BatchSnapshot)
            {
                return null;
            }

            byte[] bytes = new byte[frame.PayloadLength];
            System.Array.Copy(frame.Buffer, frame.PayloadOffset, bytes, 0, frame.PayloadLength);
            return bytes;
        }
    }
}
