namespace Bioreactor.Control.Records
{
    /// <summary>
    /// A configuration change (a tuning, an alarm limit, the record's sample period).
    /// Payload: texts who (64 bytes), parameter (64), old value (128), new value (128), reason (256).
    /// </summary>
    public sealed class ConfigurationChangeEntry
    {
        /// <summary>Who changed it (an operator id, or the device's part that did).</summary>
        public string Who { get; private set; }

        /// <summary>The parameter's name.</summary>
        public string Parameter { get; private set; }

        /// <summary>The value before.</summary>
        public string OldValue { get; private set; }

        /// <summary>The value after.</summary>
        public string NewValue { get; private set; }

        /// <summary>Why.</summary>
        public string Reason { get; private set; }

        /// <summary>Decodes a configuration change entry, or null when the frame is not one.</summary>
        public static ConfigurationChangeEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.ConfigurationChange)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new ConfigurationChangeEntry();
            entry.Who = reader.Text();
            entry.Parameter = reader.Text();
            entry.OldValue = reader.Text();
            entry.NewValue = reader.Text();
            entry.Reason = reader.Text();
            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, string who, string parameter, string oldValue, string newValue, string reason)
        {
            payload.Text(who, RecordFormat.MaxIdentifierBytes);
            payload.Text(parameter, RecordFormat.MaxIdentifierBytes);
            payload.Text(oldValue, RecordFormat.MaxValueBytes);
            payload.Text(newValue, RecordFormat.MaxValueBytes);
            payload.Text(reason, RecordFormat.MaxReasonBytes);
        }
    }
}
