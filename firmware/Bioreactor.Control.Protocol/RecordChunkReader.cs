using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// Reads a chunk of whole frames (MACs included) from any stored record, by sequence number, for the protocol's record
    /// fetch: open or closed, without disturbing the open record (<see cref="IRecordReader.ReadRecord"/>).
    /// </summary>
    /// <remarks>
    /// <para>Where a chunk starts: when the request's byte offset hint (the previous chunk's <c>next.offset</c>) holds a
    /// frame of exactly the requested sequence number, there, at once. Otherwise (no hint, or a wrong one) by a binary search
    /// over byte positions: the sequence numbers of a record rise with the position (Records/README.md: +1 per entry, lost
    /// entries keep theirs), so probing the first frame at or after the middle of the remaining range halves it; each probe
    /// reads at most <see cref="ProbeBytes"/> bytes and resynchronises on a frame boundary (sync, length and its complement,
    /// a known entry type). A 20 MB record takes about 14 probes, so the control thread, which
    /// runs the fetch, is never held for a scan of the whole record.</para>
    /// <para>A chunk is the frames from that start while they fit in the byte budget and the entry limit (at least one
    /// frame). Bytes where no frame starts are skipped and counted; the client's <see cref="RecordVerifier"/> then reports
    /// the break in the chain. Not thread-safe: one reader, on the control thread.</para>
    /// </remarks>
    public sealed class RecordChunkReader
    {
        /// <summary>Bytes read per search probe: two of the largest frames, so a probe always sees a whole frame and the next header.</summary>
        public const int ProbeBytes = 2 * RecordFormat.MaxFrameLength + RecordFormat.LengthComplementOffset + 2;

        private readonly IRecordReader _storage;
        private readonly int _maximumChunkBytes;
        private readonly byte[] _window;
        private readonly byte[] _probe = new byte[ProbeBytes];
        private readonly int[] _offsets;
        private readonly int[] _lengths;

        /// <summary>A reader of chunks of at most <paramref name="maximumEntries"/> frames and <paramref name="maximumChunkBytes"/> bytes.</summary>
        public RecordChunkReader(IRecordReader storage, int maximumEntries, int maximumChunkBytes)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            if (maximumEntries < 1)
            {
                throw new ArgumentOutOfRangeException("maximumEntries", "maximumEntries must be 1 or more");
            }

            if (maximumChunkBytes < RecordFormat.MaxFrameLength)
            {
                throw new ArgumentOutOfRangeException("maximumChunkBytes", "maximumChunkBytes must be at least one frame (1024 bytes)");
            }

            _storage = storage;
            _maximumChunkBytes = maximumChunkBytes;
            _window = new byte[maximumChunkBytes];
            _offsets = new int[maximumEntries];
            _lengths = new int[maximumEntries];
        }

        /// <summary>The record's length at the last <see cref="ReadChunk"/>, bytes.</summary>
        public long RecordLength { get; private set; }

        /// <summary>Byte position of the chunk's first frame.</summary>
        public long StartPosition { get; private set; }

        /// <summary>Byte position after the chunk's last frame (where the next chunk starts).</summary>
        public long NextPosition { get; private set; }

        /// <summary>Number of frames in the chunk.</summary>
        public int Count { get; private set; }

        /// <summary>Sequence number of the chunk's first frame (-1 when empty).</summary>
        public long FirstSequence { get; private set; }

        /// <summary>Sequence number of the chunk's last frame (-1 when empty).</summary>
        public long LastSequence { get; private set; }

        /// <summary>True when the start was found by the search rather than the offset hint.</summary>
        public bool Searched { get; private set; }

        /// <summary>Search probes of the last <see cref="ReadChunk"/>.</summary>
        public int Probes { get; private set; }

        /// <summary>Bytes skipped inside the chunk because no frame started there.</summary>
        public int SkippedBytes { get; private set; }

        /// <summary>The storage error of a failed read (None after a success).</summary>
        public RecordStorageError Error { get; private set; }

        /// <summary>The buffer holding the chunk's frames (valid until the next call).</summary>
        public byte[] Buffer
        {
            get { return _window; }
        }

        /// <summary>Offset of frame <paramref name="index"/> in <see cref="Buffer"/>.</summary>
        public int FrameOffset(int index)
        {
            return _offsets[index];
        }

        /// <summary>Length of frame <paramref name="index"/>.</summary>
        public int FrameLength(int index)
        {
            return _lengths[index];
        }

        /// <summary>
        /// Reads the chunk starting at the first frame whose sequence number is <paramref name="fromSequence"/> or more.
        /// </summary>
        /// <param name="recordName">The record.</param>
        /// <param name="fromSequence">First sequence number wanted.</param>
        /// <param name="offsetHint">Byte position where that frame should start (the previous chunk's next offset), or -1.</param>
        /// <param name="maximumEntries">Most frames to return (1 to the reader's limit).</param>
        /// <returns>False when the record cannot be read (<see cref="Error"/>: NotFound, IoError, ...).</returns>
        public bool ReadChunk(string recordName, long fromSequence, long offsetHint, int maximumEntries)
        {
            Count = 0;
            FirstSequence = -1;
            LastSequence = -1;
            SkippedBytes = 0;
            Probes = 0;
            Searched = false;
            Error = RecordStorageError.None;
            if (maximumEntries > _offsets.Length)
            {
                maximumEntries = _offsets.Length;
            }

            long length = _storage.RecordLength(recordName);
            if (length < 0)
            {
                Error = _storage.LastError == RecordStorageError.None ? RecordStorageError.IoError : _storage.LastError;
                return false;
            }

            RecordLength = length;
            long start;
            long sequence;
            if (offsetHint >= 0 && offsetHint < length && FrameAt(recordName, offsetHint, length, out sequence) && sequence == fromSequence)
            {
                start = offsetHint;
            }
            else
            {
                if (Error != RecordStorageError.None)
                {
                    return false;
                }

                Searched = true;
                start = Search(recordName, fromSequence, length);
                if (start < 0)
                {
                    return false;
                }
            }

            StartPosition = start;
            NextPosition = start;
            if (start >= length)
            {
                return true;
            }

            long remaining = length - start;
            int want = remaining < _window.Length ? (int)remaining : _window.Length;
            int read = ReadFully(recordName, start, _window, want);
            if (read < 0)
            {
                return false;
            }

            int i = 0;
            int count = 0;
            while (i < read && count < maximumEntries)
            {
                int frameLength = RecordFormat.ReadFrameLength(_window, i, read - i);
                if (frameLength < 0)
                {
                    if (read - i < RecordFormat.LengthComplementOffset + 2 && start + read >= length)
                    {
                        break;
                    }

                    i++;
                    SkippedBytes++;
                    continue;
                }

                if (i + frameLength > read)
                {
                    break;
                }

                long frameSequence = LittleEndian.ReadUInt32(_window, i + RecordFormat.SequenceOffset);
                if (frameSequence < fromSequence)
                {
                    i += frameLength;
                    continue;
                }

                if (count == 0)
                {
                    FirstSequence = frameSequence;
                }

                LastSequence = frameSequence;
                _offsets[count] = i;
                _lengths[count] = frameLength;
                count++;
                i += frameLength;
            }

            Count = count;
            NextPosition = start + i;
            return true;
        }

        // The first frame whose sequence is ≥ target, by bisection on byte positions; length when there is none; -1 on a read failure.
        private long Search(string recordName, long target, long length)
        {
            long lo = 0;
            long hi = length;
            while (hi - lo > ProbeBytes)
            {
                long mid = lo + (hi - lo) / 2;
                long framePosition;
                long frameSequence;
                int frameLength;
                if (!FirstFrameFrom(recordName, mid, length, out framePosition, out frameSequence, out frameLength))
                {
                    if (Error != RecordStorageError.None)
                    {
                        return -1;
                    }

                    hi = mid;
                    continue;
                }

                if (frameSequence < target)
                {
                    lo = framePosition + frameLength;
                }
                else
                {
                    hi = mid;
                }
            }

            // Walk from lo (a frame boundary, or the start) to the first frame at or beyond the target.
            long position = lo;
            while (position < length)
            {
                long framePosition;
                long frameSequence;
                int frameLength;
                if (!FirstFrameFrom(recordName, position, length, out framePosition, out frameSequence, out frameLength))
                {
                    return Error != RecordStorageError.None ? -1 : length;
                }

                if (frameSequence >= target)
                {
                    return framePosition;
                }

                position = framePosition + frameLength;
            }

            return length;
        }

        // The first frame starting at or after position within one probe.
        private bool FirstFrameFrom(string recordName, long position, long length, out long framePosition, out long sequence, out int frameLength)
        {
            Probes++;
            framePosition = -1;
            sequence = -1;
            frameLength = 0;
            long remaining = length - position;
            int want = remaining < _probe.Length ? (int)remaining : _probe.Length;
            int read = ReadFully(recordName, position, _probe, want);
            if (read <= 0)
            {
                return false;
            }

            for (int i = 0; i + RecordFormat.LengthComplementOffset + 2 <= read; i++)
            {
                int candidate = RecordFormat.ReadFrameLength(_probe, i, read - i);
                if (candidate < 0 || i + candidate > read)
                {
                    continue;
                }

                // Sync, length and its complement, and a known entry type: a false start inside MAC or payload bytes has a
                // chance of about 2^-32 × 14/256 per byte, so no further confirmation is needed.
                if (!RecordFormat.IsKnownType(_probe[i + RecordFormat.TypeOffset]))
                {
                    continue;
                }

                framePosition = position + i;
                frameLength = candidate;
                sequence = LittleEndian.ReadUInt32(_probe, i + RecordFormat.SequenceOffset);
                return true;
            }

            return false;
        }

        private bool FrameAt(string recordName, long position, long length, out long sequence)
        {
            sequence = -1;
            int want = RecordFormat.SequenceOffset + 4;
            if (length - position < want)
            {
                return false;
            }

            int read = ReadFully(recordName, position, _probe, want);
            if (read < want || RecordFormat.ReadFrameLength(_probe, 0, read) < 0)
            {
                return false;
            }

            sequence = LittleEndian.ReadUInt32(_probe, RecordFormat.SequenceOffset);
            return true;
        }

        private int ReadFully(string recordName, long position, byte[] buffer, int count)
        {
            int total = 0;
            while (total < count)
            {
                int read = _storage.ReadRecord(recordName, position + total, buffer, total, count - total);
                if (read < 0)
                {
                    Error = _storage.LastError == RecordStorageError.None ? RecordStorageError.IoError : _storage.LastError;
                    return -1;
                }

                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }
}
