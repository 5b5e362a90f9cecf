using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// The byte layout of a batch record: a sequence of self-delimiting frames, little-endian, each closed by an
    /// HMAC-SHA256 chained over the previous frame's MAC.
    /// </summary>
    /// <remarks>
    /// <code>
    ///  offset size field
    ///   0     2   sync 0xB5 0x52 (finds frame starts when scanning a damaged record)
    ///   2     2   frame length L, u16: every byte of the frame, sync to MAC
    ///   4     2   ~L (one's complement): a damaged length is told from a frame torn by a power cut
    ///   6     4   sequence number, u32: 0 for the header, +1 per entry (lost entries keep theirs, see StorageLoss)
    ///  10     1   entry type (RecordEntryType)
    ///  11     1   flags: bit 0 UTC synchronised, bit 1 a text field was cut to its bound
    ///  12     8   UTC, ms since 1970-01-01, i64
    ///  20     8   monotonic ms since the board started, i64
    ///  28     n   payload (type-specific, n = L - 60)
    ///  L-32  32   MAC_k = HMAC-SHA256(device key, MAC_(k-1) || bytes 0..L-33 of this frame); MAC_(-1) = 32 zero bytes
    /// </code>
    /// A frame is complete when L bytes are present and 0..5 are consistent; it is authentic when its MAC verifies
    /// against the MAC of the frame before it. Full 32-byte MACs are stored: a 14-day record at a 10 s sample period is
    /// about 15.5 MB with them (128 bytes per sample entry), inside the 32 MB budget, so truncating the tag (allowed down
    /// to 64 bits by NIST SP 800-107 Rev. 1 section 5.3.3) would save space that is not needed at the cost of margin.
    /// </remarks>
    public static class RecordFormat
    {
        /// <summary>First sync byte.</summary>
        public const byte Sync0 = 0xB5;

        /// <summary>Second sync byte ('R').</summary>
        public const byte Sync1 = 0x52;

        /// <summary>Bytes before the payload.</summary>
        public const int HeaderLength = 28;

        /// <summary>Bytes of the MAC closing every frame.</summary>
        public const int MacLength = 32;

        /// <summary>Frame bytes besides the payload.</summary>
        public const int Overhead = HeaderLength + MacLength;

        /// <summary>Largest frame, bytes. Bounded text fields keep every entry below it; a torn tail is never longer.</summary>
        public const int MaxFrameLength = 1024;

        /// <summary>Largest payload, bytes.</summary>
        public const int MaxPayloadLength = MaxFrameLength - Overhead;

        /// <summary>Offset of the frame length.</summary>
        public const int LengthOffset = 2;

        /// <summary>Offset of the length's complement.</summary>
        public const int LengthComplementOffset = 4;

        /// <summary>Offset of the sequence number.</summary>
        public const int SequenceOffset = 6;

        /// <summary>Offset of the entry type.</summary>
        public const int TypeOffset = 10;

        /// <summary>Offset of the flags.</summary>
        public const int FlagsOffset = 11;

        /// <summary>Offset of the UTC milliseconds.</summary>
        public const int UtcOffset = 12;

        /// <summary>Offset of the monotonic milliseconds.</summary>
        public const int MonotonicOffset = 20;

        /// <summary>Flag: the UTC time was synchronised to a trusted source when the entry was written.</summary>
        public const int FlagUtcSynchronized = 0x01;

        /// <summary>Flag: at least one text field was longer than its bound and was cut (at a character boundary).</summary>
        public const int FlagTextTruncated = 0x02;

        /// <summary>Number of entry types (the largest type code + 1).</summary>
        public const int EntryTypeCount = (int)RecordEntryType.BatchSnapshot + 1;

        /// <summary>Largest sequence number (u32).</summary>
        public const long MaxSequence = 0xFFFFFFFFL;

        /// <summary>Bound of identifiers (device, batch, operator, recipe name and version, firmware version), UTF-8 bytes.</summary>
        public const int MaxIdentifierBytes = 64;

        /// <summary>Bound of old and new values of an operator action or configuration change, UTF-8 bytes.</summary>
        public const int MaxValueBytes = 128;

        /// <summary>Bound of reasons, causes and fault descriptions, UTF-8 bytes.</summary>
        public const int MaxReasonBytes = 256;

        /// <summary>Bound of a note's text, UTF-8 bytes.</summary>
        public const int MaxNoteBytes = 512;

        /// <summary>
        /// Whether a frame header starts at <paramref name="offset"/> (sync, length and its complement consistent, length in
        /// range). <paramref name="available"/> bytes must be at least <see cref="LengthComplementOffset"/> + 2.
        /// </summary>
        /// <returns>The frame length, or -1 when no frame starts there.</returns>
        public static int ReadFrameLength(byte[] buffer, int offset, int available)
        {
            if (available < LengthComplementOffset + 2)
            {
                return -1;
            }

            if (buffer[offset] != Sync0 || buffer[offset + 1] != Sync1)
            {
                return -1;
            }

            int length = LittleEndian.ReadUInt16(buffer, offset + LengthOffset);
            int complement = LittleEndian.ReadUInt16(buffer, offset + LengthComplementOffset);
            if ((length ^ complement) != 0xFFFF || length < Overhead || length > MaxFrameLength)
            {
                return -1;
            }

            return length;
        }

        /// <summary>Whether the type byte names a known entry type.</summary>
        public static bool IsKnownType(int type)
        {
            return type >= (int)RecordEntryType.Header && type <= (int)RecordEntryType.BatchSnapshot;
        }

        /// <summary>A readable name of an entry type (no Enum.ToString on the device).</summary>
        public static string TypeName(RecordEntryType type)
        {
            switch (type)
            {
                case RecordEntryType.Header: return "Header";
                case RecordEntryType.Sample: return "Sample";
                case RecordEntryType.StateChange: return "StateChange";
                case RecordEntryType.PhaseChange: return "PhaseChange";
                case RecordEntryType.OperatorAction: return "OperatorAction";
                case RecordEntryType.AlarmTransition: return "AlarmTransition";
                case RecordEntryType.Fault: return "Fault";
                case RecordEntryType.Recovery: return "Recovery";
                case RecordEntryType.StorageLoss: return "StorageLoss";
                case RecordEntryType.ConfigurationChange: return "ConfigurationChange";
                case RecordEntryType.Note: return "Note";
                case RecordEntryType.Closing: return "Closing";
                case RecordEntryType.Recipe: return "Recipe";
                case RecordEntryType.BatchSnapshot: return "BatchSnapshot";
                default: return "Unknown";
            }
        }
    }
}
