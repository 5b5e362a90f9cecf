using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Walks the frames of the record open in a storage by their structure only (sync, length and its complement), without
    /// checking MACs: for listing and decoding entries, and for finding the end of a damaged record. Bytes where no frame
    /// starts are skipped and counted. Use <see cref="RecordVerifier"/> to know whether the entries are authentic.
    /// </summary>
    public sealed class RecordReader
    {
        private readonly IRecordReader _storage;
        private readonly byte[] _buffer = new byte[RecordFormat.MaxFrameLength];

        /// <summary>Creates a reader at the start of the open record.</summary>
        public RecordReader(IRecordReader storage)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            _storage = storage;
        }

        /// <summary>Byte position of the next read.</summary>
        public long Position { get; set; }

        /// <summary>Bytes skipped so far because no frame started there.</summary>
        public long SkippedBytes { get; private set; }

        /// <summary>
        /// Reads the next complete frame at or after <see cref="Position"/> into <paramref name="frame"/> (valid until the next
        /// call). Returns false at the end of the record, leaving <see cref="Position"/> at the first byte of an incomplete
        /// final frame, if there is one.
        /// </summary>
        public bool Next(RecordFrame frame)
        {
            long length = _storage.Length;
            while (length >= 0 && Position + RecordFormat.LengthComplementOffset + 2 <= length)
            {
                long remaining = length - Position;
                int want = remaining < _buffer.Length ? (int)remaining : _buffer.Length;
                int read = ReadFully(Position, want);
                if (read < want)
                {
                    return false;
                }

                int frameLength = RecordFormat.ReadFrameLength(_buffer, 0, read);
                if (frameLength > 0)
                {
                    if (frameLength > read)
                    {
                        return false;
                    }

                    frame.Parse(_buffer, 0, frameLength, Position);
                    Position += frameLength;
                    return true;
                }

                int skip = 1;
                while (skip < read && _buffer[skip] != RecordFormat.Sync0)
                {
                    skip++;
                }

                Position += skip;
                SkippedBytes += skip;
            }

            return false;
        }

        private int ReadFully(long position, int count)
        {
            int total = 0;
            while (total < count)
            {
                int read = _storage.Read(position + total, _buffer, total, count - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }
}
