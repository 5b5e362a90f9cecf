namespace Bioreactor.Control.Records
{
    /// <summary>A free-text note (an observation, a correction of an earlier entry). Payload: texts author (64 bytes), text (512).</summary>
    public sealed class NoteEntry
    {
        /// <summary>Who wrote it.</summary>
        public string Author { get; private set; }

        /// <summary>The note.</summary>
        public string Text { get; private set; }

        /// <summary>Decodes a note entry, or null when the frame is not one.</summary>
        public static NoteEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.Note)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new NoteEntry();
            entry.Author = reader.Text();
            entry.Text = reader.Text();
            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, string author, string text)
        {
            payload.Text(author, RecordFormat.MaxIdentifierBytes);
            payload.Text(text, RecordFormat.MaxNoteBytes);
        }
    }
}
