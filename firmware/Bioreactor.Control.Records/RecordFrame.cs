using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// One frame of a record as read back: its place in the record, the header fields, and where its payload lies in
    /// <see cref="Buffer"/>. Readers reuse one instance, so the contents are valid until the next frame is read; the
    /// typed decoders (<see cref="StateChangeEntry.Decode"/> etc.) copy what they keep.
    /// </summary>
    public sealed class RecordFrame
    {
        /// <summary>Byte offset of the frame in the record.</summary>
        public long Position;

        /// <summary>Frame length in bytes (sync to MAC).</summary>
        public int Length;

        /// <summary>Sequence number.</summary>
        public long Sequence;

        /// <summary>Entry type.</summary>
        public RecordEntryType Type;

        /// <summary>Flags byte (see <see cref="RecordFormat.FlagUtcSynchronized"/>, <see cref="RecordFormat.FlagTextTruncated"/>).</summary>
        public int Flags;

        /// <summary>UTC of the entry, ms since 1970-01-01.</summary>
        public long UtcUnixMilliseconds;

        /// <summary>Monotonic ms since the board started, when the entry was written.</summary>
        public long MonotonicMilliseconds;

        /// <summary>The buffer holding the frame.</summary>
        public byte[] Buffer;

        /// <summary>Index of the frame's first byte in <see cref="Buffer"/>.</summary>
        public int FrameOffset;

        /// <summary>Index of the payload in <see cref="Buffer"/>.</summary>
        public int PayloadOffset;

        /// <summary>Payload length in bytes.</summary>
        public int PayloadLength;

        /// <summary>Whether UTC was synchronised when the entry was written.</summary>
        public bool IsUtcSynchronized
        {
            get { return (Flags & RecordFormat.FlagUtcSynchronized) != 0; }
        }

        /// <summary>Whether a text field of the entry was cut to its bound.</summary>
        public bool IsTextTruncated
        {
            get { return (Flags & RecordFormat.FlagTextTruncated) != 0; }
        }

        /// <summary>Index of the stored MAC in <see cref="Buffer"/>.</summary>
        public int MacOffset
        {
            get { return FrameOffset + Length - RecordFormat.MacLength; }
        }

        /// <summary>Fills the fields from a complete frame at <paramref name="frameOffset"/> (its length already checked).</summary>
        public void Parse(byte[] buffer, int frameOffset, int length, long position)
        {
            Buffer = buffer;
            FrameOffset = frameOffset;
            Length = length;
            Position = position;
            Sequence = LittleEndian.ReadUInt32(buffer, frameOffset + RecordFormat.SequenceOffset);
            Type = (RecordEntryType)buffer[frameOffset + RecordFormat.TypeOffset];
            Flags = buffer[frameOffset + RecordFormat.FlagsOffset];
            UtcUnixMilliseconds = LittleEndian.ReadInt64(buffer, frameOffset + RecordFormat.UtcOffset);
            MonotonicMilliseconds = LittleEndian.ReadInt64(buffer, frameOffset + RecordFormat.MonotonicOffset);
            PayloadOffset = frameOffset + RecordFormat.HeaderLength;
            PayloadLength = length - RecordFormat.Overhead;
        }

        /// <summary>Copies the frame's fields (not its bytes) from another frame.</summary>
        public void CopyFrom(RecordFrame other)
        {
            Position = other.Position;
            Length = other.Length;
            Sequence = other.Sequence;
            Type = other.Type;
            Flags = other.Flags;
            UtcUnixMilliseconds = other.UtcUnixMilliseconds;
            MonotonicMilliseconds = other.MonotonicMilliseconds;
            Buffer = other.Buffer;
            FrameOffset = other.FrameOffset;
            PayloadOffset = other.PayloadOffset;
            PayloadLength = other.PayloadLength;
        }
    }
}
