namespace Bioreactor.Control.Records
{
    /// <summary>
    /// A fault that is not an alarm transition (a driver error, an exception caught in a loop, a protocol failure).
    /// Payload: u16 source code, i32 fault code, text description (256 bytes). The codes are the reporting layer's.
    /// </summary>
    public sealed class FaultEntry
    {
        /// <summary>Which part reported it.</summary>
        public int Source { get; private set; }

        /// <summary>The fault code within that part.</summary>
        public int Code { get; private set; }

        /// <summary>What happened.</summary>
        public string Description { get; private set; }

        /// <summary>Decodes a fault entry, or null when the frame is not one.</summary>
        public static FaultEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.Fault)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new FaultEntry();
            entry.Source = reader.UInt16();
            entry.Code = reader.Int32();
            entry.Description = reader.Text();
            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, int source, int code, string description)
        {
            payload.UInt16(source);
            payload.Int32(code);
            payload.Text(description, RecordFormat.MaxReasonBytes);
        }
    }
}
