using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// The record's frame and chain for <see cref="BatchRecordWriter"/>: builds an entry's frame around a payload already
    /// in place (sync, length and its complement, sequence, type, flags, UTC and monotonic time; layout in
    /// <see cref="RecordFormat"/>), MACs it over the previous entry's MAC, appends and flushes it, and keeps what the chain
    /// continues from: the last MAC, the next and last durable sequence numbers, the durable length and the count of each
    /// entry type. Not thread-safe: the writer's lock serialises it. Allocates nothing.
    /// </summary>
    internal sealed class RecordChain
    {
        /// <summary>Where a frame starts in a buffer: the previous MAC sits just before it.</summary>
        internal const int FrameStart = RecordFormat.MacLength;

        /// <summary>Where an entry's payload starts in a buffer.</summary>
        internal const int PayloadStart = FrameStart + RecordFormat.HeaderLength;

        private readonly IRecordStorage _storage;
        private readonly IMessageAuthenticator _authenticator;
        private readonly IClock _clock;
        private readonly byte[] _lastMac = new byte[RecordFormat.MacLength];

        /// <summary>Durable entries of each type (indexed by <see cref="RecordEntryType"/>).</summary>
        internal readonly long[] Counts = new long[RecordFormat.EntryTypeCount];

        /// <summary>Sequence number the next entry takes (lost entries take theirs too).</summary>
        internal long NextSequence;

        /// <summary>Sequence number of the last durable entry, -1 before the header.</summary>
        internal long LastDurableSequence = -1;

        /// <summary>Bytes of the record known durable.</summary>
        internal long DurableLength;

        /// <summary>Why the last <see cref="Write"/> failed.</summary>
        internal RecordStorageError WriteError;

        internal RecordChain(IRecordStorage storage, IMessageAuthenticator authenticator, IClock clock)
        {
            _storage = storage;
            _authenticator = authenticator;
            _clock = clock;
        }

        /// <summary>A new chain: no MAC before the header, nothing durable, no entries.</summary>
        internal void Reset()
        {
            NextSequence = 0;
            LastDurableSequence = -1;
            DurableLength = 0;
            Array.Clear(_lastMac, 0, _lastMac.Length);
            for (int i = 0; i < Counts.Length; i++)
            {
                Counts[i] = 0;
            }
        }

        /// <summary>Continues the chain of a scanned record from its last authenticated entry.</summary>
        internal void Continue(RecordRecoveryResult scan)
        {
            scan.CopyLastMac(_lastMac, 0);
            NextSequence = scan.NextSequence;
            LastDurableSequence = scan.LastSequence;
            DurableLength = scan.ResumeLength;
            for (int i = 0; i < Counts.Length; i++)
            {
                Counts[i] = scan.CountOf((RecordEntryType)i);
            }
        }

        /// <summary>
        /// Copies the chain's last MAC: the last durable entry's (<see cref="LastDurableSequence"/>), or 32 zero bytes before
        /// the header. Only <see cref="Accept"/> and <see cref="Continue"/> change it, both for entries known durable.
        /// </summary>
        internal void CopyLastMac(byte[] destination, int offset)
        {
            Array.Copy(_lastMac, 0, destination, offset, RecordFormat.MacLength);
        }

        /// <summary>Durable entries of all types.</summary>
        internal long DurableEntries()
        {
            long durable = 0;
            for (int i = 0; i < Counts.Length; i++)
            {
                durable += Counts[i];
            }

            return durable;
        }

        /// <summary>
        /// Writes the header into the frame's place and the MAC after it: MAC = HMAC(key, previous MAC || frame without MAC).
        /// The payload is at <see cref="PayloadStart"/>. Returns the frame's length (the MAC follows it).
        /// </summary>
        internal int Build(byte[] buffer, RecordEntryType type, long sequence, int payloadLength, bool textTruncated, long nowMilliseconds)
        {
            int length = payloadLength + RecordFormat.Overhead;
            buffer[FrameStart] = RecordFormat.Sync0;
            buffer[FrameStart + 1] = RecordFormat.Sync1;
            LittleEndian.WriteUInt16(buffer, FrameStart + RecordFormat.LengthOffset, length);
            LittleEndian.WriteUInt16(buffer, FrameStart + RecordFormat.LengthComplementOffset, ~length & 0xFFFF);
            LittleEndian.WriteUInt32(buffer, FrameStart + RecordFormat.SequenceOffset, sequence);
            buffer[FrameStart + RecordFormat.TypeOffset] = (byte)type;
            int flags = (_clock.IsUtcSynchronized ? RecordFormat.FlagUtcSynchronized : 0) | (textTruncated ? RecordFormat.FlagTextTruncated : 0);
            buffer[FrameStart + RecordFormat.FlagsOffset] = (byte)flags;
            LittleEndian.WriteInt64(buffer, FrameStart + RecordFormat.UtcOffset, RecordTime.ToUnixMilliseconds(_clock.UtcNow));
            LittleEndian.WriteInt64(buffer, FrameStart + RecordFormat.MonotonicOffset, nowMilliseconds);
            Array.Copy(_lastMac, 0, buffer, 0, RecordFormat.MacLength);
            // The previous MAC sits just before the frame, so the MAC input is one contiguous range: no copy.
            _authenticator.ComputeMac(buffer, 0, length, buffer, length);
            return length;
        }

        /// <summary>Appends and flushes a built frame; false (with <see cref="WriteError"/>) when it is not durable. Never throws.</summary>
        internal bool Write(byte[] buffer, int length)
        {
            try
            {
                if (!_storage.Append(buffer, FrameStart, length) || !_storage.Flush())
                {
                    WriteError = _storage.LastError == RecordStorageError.None ? RecordStorageError.IoError : _storage.LastError;
                    return false;
                }

                return true;
            }
            catch (Exception)
            {
                WriteError = RecordStorageError.IoError;
                return false;
            }
        }

        /// <summary>A written frame is durable: the chain continues from its MAC.</summary>
        internal void Accept(byte[] buffer, int length, RecordEntryType type, long sequence)
        {
            Array.Copy(buffer, length, _lastMac, 0, RecordFormat.MacLength);
            DurableLength += length;
            LastDurableSequence = sequence;
            if (sequence + 1 > NextSequence)
            {
                NextSequence = sequence + 1;
            }

            Counts[(int)type]++;
        }
    }
}
