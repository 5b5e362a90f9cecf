using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Verifies a batch record, incrementally: feed it the record's bytes in chunks of any size (as they come from storage
    /// or over MQTT) with <see cref="Push"/>, then call <see cref="Finish"/>. It recomputes the MAC chain and names the
    /// first entry that was modified, removed, inserted or reordered, a torn tail, and entries truncated against the last
    /// sequence number the device announced. It stops at the first finding.
    /// </summary>
    /// <remarks>
    /// <para>An entry is accepted when its MAC verifies against the previous entry's MAC and its sequence number is the next
    /// one, or when it is a StorageLoss entry whose declared lost range is exactly the gap.</para>
    /// <para>When an entry F (where sequence e is expected, after entry P) fails, the verifier looks at the complete frames
    /// buffered after F (up to about 7 KB) to say what happened:</para>
    /// <code>
    ///   a later frame chains on P's MAC (P's real successor is further on):
    ///       F.seq &gt; e and F chains with a later frame (either way) -&gt; Reordered (F is an authentic entry moved earlier)
    ///       otherwise                                           -&gt; Inserted  (F is foreign: forged or replayed)
    ///   else a later frame G chains on F's MAC (F's place in the chain is real):
    ///       F.seq &gt; e and G.seq = F.seq + 1                      -&gt; Removed   (e … F.seq-1 are missing)
    ///       otherwise                                           -&gt; Modified  (F's bytes were changed)
    ///   else F authenticates once its sequence number is set to e -&gt; Modified  (its sequence number was changed)
    ///   else                                                    -&gt; Modified if F.seq = e, Removed if above, Inserted if below
    /// </code>
    /// <para>Bytes where no frame starts (a damaged sync or length) are Modified when a complete frame follows them or they
    /// are longer than one frame can be. At the end of the record, bytes that do not form a complete frame are a TornTail
    /// (what a power cut during a write leaves), unless they authenticate as the expected entry once the sync and length
    /// fields are restored: then the entry's framing was changed (Modified), which a torn write cannot produce because its
    /// MAC is missing. Not thread-safe.</para>
    /// </remarks>
    public sealed class RecordVerifier
    {
        private const int BufferLength = 8 * RecordFormat.MaxFrameLength;
        private const int MinimumHeaderBytes = RecordFormat.LengthComplementOffset + 2;
        private const int ModeNormal = 0;
        private const int ModeBufferFull = 1;
        private const int ModeFinal = 2;

        private readonly IMessageAuthenticator _authenticator;
        private readonly IRecordEntrySink _sink;
        private readonly byte[] _buffer = new byte[BufferLength];
        private readonly byte[] _work = new byte[RecordFormat.MacLength + RecordFormat.MaxFrameLength];
        private readonly byte[] _computed = new byte[RecordFormat.MacLength];
        private readonly byte[] _previousMac = new byte[RecordFormat.MacLength];
        private readonly RecordFrame _frame = new RecordFrame();
        private readonly RecordFrame _next = new RecordFrame();
        private readonly RecordVerification _result = new RecordVerification();
        private int _start;
        private int _end;
        private long _startPosition;
        private long _expected;
        private bool _finished;

        /// <summary>Creates a verifier for records signed with the authenticator's key.</summary>
        public RecordVerifier(IMessageAuthenticator authenticator)
            : this(authenticator, null)
        {
        }

        /// <summary>Creates a verifier that also hands each authenticated entry to <paramref name="sink"/>.</summary>
        public RecordVerifier(IMessageAuthenticator authenticator, IRecordEntrySink sink)
        {
            if (authenticator == null)
            {
                throw new ArgumentNullException("authenticator");
            }

            _authenticator = authenticator;
            _sink = sink;
        }

        /// <summary>The result so far (final after <see cref="Finish"/>).</summary>
        public RecordVerification Result
        {
            get { return _result; }
        }

        /// <summary>Verifies the record open in <paramref name="storage"/> from its first byte.</summary>
        /// <param name="storage">The storage with the record open.</param>
        /// <param name="authenticator">HMAC-SHA256 with the device's key.</param>
        /// <param name="announcedLastSequence">The last sequence number the device announced as durable, or -1.</param>
        /// <param name="sink">Receives each authenticated entry; may be null.</param>
        /// <exception cref="InvalidOperationException">The storage could not be read.</exception>
        public static RecordVerification Verify(IRecordReader storage, IMessageAuthenticator authenticator,
            long announcedLastSequence, IRecordEntrySink sink)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            var verifier = new RecordVerifier(authenticator, sink);
            long length = storage.Length;
            if (length < 0)
            {
                throw new InvalidOperationException("the record's length cannot be read");
            }

            byte[] chunk = new byte[2 * RecordFormat.MaxFrameLength];
            long position = 0;
            while (position < length && verifier.Result.IsIntact)
            {
                long remaining = length - position;
                int want = remaining < chunk.Length ? (int)remaining : chunk.Length;
                int read = storage.Read(position, chunk, 0, want);
                if (read <= 0)
                {
                    throw new InvalidOperationException("reading the record failed at byte " + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(position));
                }

                verifier.Push(chunk, 0, read);
                position += read;
            }

            return verifier.Finish(announcedLastSequence);
        }

        /// <summary>Adds the next bytes of the record. After a finding, further bytes are ignored.</summary>
        public void Push(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must lie inside data");
            }

            if (_finished)
            {
                throw new InvalidOperationException("Finish has been called");
            }

            while (count > 0 && _result.IsIntact)
            {
                Compact();
                int room = _buffer.Length - _end;
                if (room == 0)
                {
                    // The buffer holds eight maximal frames: enough look-ahead to decide whatever is waiting.
                    Process(ModeBufferFull);
                    continue;
                }

                int take = Math.Min(room, count);
                Array.Copy(data, offset, _buffer, _end, take);
                _end += take;
                offset += take;
                count -= take;
                Process(ModeNormal);
            }
        }

        /// <summary>Ends the record: decides what is still waiting and checks truncation.</summary>
        /// <param name="announcedLastSequence">The last sequence number the device announced as durable, or -1.</param>
        public RecordVerification Finish(long announcedLastSequence)
        {
            if (_finished)
            {
                return _result;
            }

            _finished = true;
            if (_result.IsIntact)
            {
                Process(ModeFinal);
            }

            _result.AnnouncedLastSequence = announcedLastSequence;
            if (announcedLastSequence > _result.LastSequence)
            {
                _result.MissingAnnouncedEntries = announcedLastSequence - _result.LastSequence;
            }

            if (_result.IsIntact)
            {
                if (!_result.HasHeader)
                {
                    // An empty record: even its header is missing.
                    SetFinding(RecordFinding.Truncated, 0, 0, -1);
                }
                else if (announcedLastSequence > _result.LastSequence)
                {
                    SetFinding(RecordFinding.Truncated, _result.LastSequence + 1, _result.VerifiedLength, -1);
                }
            }

            return _result;
        }

        private void Compact()
        {
            if (_start == 0)
            {
                return;
            }

            int count = _end - _start;
            if (count > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, count);
            }

            _start = 0;
            _end = count;
        }

        private void Process(int mode)
        {
            while (_result.IsIntact)
            {
                int available = _end - _start;
                if (available == 0)
                {
                    return;
                }

                if (available < MinimumHeaderBytes)
                {
                    if (mode == ModeFinal)
                    {
                        DecideTail(available);
                    }

                    return;
                }

                int length = RecordFormat.ReadFrameLength(_buffer, _start, available);
                if (length < 0)
                {
                    // No frame starts here. A torn write leaves less than one frame and nothing valid after it.
                    if (mode == ModeBufferFull || available > RecordFormat.MaxFrameLength || HasCompleteFrameAfter(_start + 1))
                    {
                        SetFinding(RecordFinding.Modified, _expected, _startPosition, -1);
                    }
                    else if (mode == ModeFinal)
                    {
                        DecideTail(available);
                    }

                    return;
                }

                if (available < length)
                {
                    if (mode == ModeFinal)
                    {
                        DecideTail(available);
                    }

                    return;
                }

                _frame.Parse(_buffer, _start, length, _startPosition);
                if (Authenticates(_previousMac, 0, _frame))
                {
                    if (!CheckOrder(_frame))
                    {
                        return;
                    }

                    Accept(_frame);
                    continue;
                }

                if (mode == ModeNormal)
                {
                    // Decide with look-ahead once the buffer is full or the record has ended.
                    return;
                }

                Classify(_frame);
                return;
            }
        }

        private bool HasCompleteFrameAfter(int from)
        {
            for (int q = from; q + MinimumHeaderBytes <= _end; q++)
            {
                if (_buffer[q] != RecordFormat.Sync0)
                {
                    continue;
                }

                int length = RecordFormat.ReadFrameLength(_buffer, q, _end - q);
                if (length > 0 && q + length <= _end)
                {
                    return true;
                }
            }

            return false;
        }

        private bool Authenticates(byte[] macSource, int macOffset, RecordFrame frame)
        {
            Array.Copy(macSource, macOffset, _work, 0, RecordFormat.MacLength);
            Array.Copy(frame.Buffer, frame.FrameOffset, _work, RecordFormat.MacLength, frame.Length - RecordFormat.MacLength);
            _authenticator.ComputeMac(_work, 0, frame.Length, _computed, 0);
            int difference = 0;
            int stored = frame.MacOffset;
            for (int i = 0; i < RecordFormat.MacLength; i++)
            {
                difference |= _computed[i] ^ frame.Buffer[stored + i];
            }

            return difference == 0;
        }

        private bool CheckOrder(RecordFrame frame)
        {
            long expected = _expected;
            if (_result.IsClosed)
            {
                SetFinding(RecordFinding.Inserted, expected, frame.Position, frame.Sequence);
                return false;
            }

            if (frame.Sequence == expected)
            {
                bool isHeader = frame.Type == RecordEntryType.Header;
                if (isHeader != (expected == 0))
                {
                    SetFinding(expected == 0 ? RecordFinding.Modified : RecordFinding.Inserted, expected, frame.Position, frame.Sequence);
                    return false;
                }

                return true;
            }

            if (frame.Sequence > expected && frame.Type == RecordEntryType.StorageLoss)
            {
                StorageLossEntry loss = StorageLossEntry.Decode(frame);
                if (loss != null && loss.FirstLostSequence == expected && loss.FirstLostSequence + loss.LostCount == frame.Sequence)
                {
                    _result.ExplainedLostEntries += loss.LostCount;
                    return true;
                }
            }

            SetFinding(frame.Sequence > expected ? RecordFinding.Removed : RecordFinding.Inserted, expected, frame.Position, frame.Sequence);
            return false;
        }

        private void Accept(RecordFrame frame)
        {
            Array.Copy(frame.Buffer, frame.MacOffset, _previousMac, 0, RecordFormat.MacLength);
            _result.SetLastMac(frame.Buffer, frame.MacOffset);
            _expected = frame.Sequence + 1;
            _result.VerifiedEntries++;
            _result.LastSequence = frame.Sequence;
            _result.VerifiedLength = frame.Position + frame.Length;
            if (RecordFormat.IsKnownType((int)frame.Type))
            {
                _result.Count(frame.Type);
            }

            if (frame.Type == RecordEntryType.Header)
            {
                _result.HasHeader = true;
            }
            else if (frame.Type == RecordEntryType.Closing)
            {
                _result.IsClosed = true;
            }

            _result.LastEntryType = frame.Type;
            _result.LastEntryUtcUnixMilliseconds = frame.UtcUnixMilliseconds;
            _result.LastEntryUtcSynchronized = frame.IsUtcSynchronized;
            _result.LastEntryMonotonicMilliseconds = frame.MonotonicMilliseconds;
            if (_sink != null)
            {
                _sink.OnEntry(frame);
            }

            _start += frame.Length;
            _startPosition += frame.Length;
        }

        private void Classify(RecordFrame failed)
        {
            long expected = _expected;
            bool successorOfPrevious = false;
            bool chainedOnFailed = false;
            bool failedChainsOnLater = false;
            long chainedSequence = -1;
            int p = failed.FrameOffset + failed.Length;
            long position = failed.Position + failed.Length;
            while (p < _end && !(successorOfPrevious && chainedOnFailed))
            {
                int length = RecordFormat.ReadFrameLength(_buffer, p, _end - p);
                if (length < 0 || p + length > _end)
                {
                    break;
                }

                _next.Parse(_buffer, p, length, position);
                if (!successorOfPrevious && Authenticates(_previousMac, 0, _next))
                {
                    successorOfPrevious = true;
                }

                if (!chainedOnFailed && Authenticates(_buffer, failed.MacOffset, _next))
                {
                    chainedOnFailed = true;
                    chainedSequence = _next.Sequence;
                }

                if (!failedChainsOnLater && Authenticates(_buffer, _next.MacOffset, failed))
                {
                    failedChainsOnLater = true;
                }

                p += length;
                position += length;
            }

            RecordFinding finding;
            if (successorOfPrevious)
            {
                finding = (chainedOnFailed || failedChainsOnLater) && failed.Sequence > expected ? RecordFinding.Reordered : RecordFinding.Inserted;
            }
            else if (chainedOnFailed)
            {
                finding = failed.Sequence > expected && chainedSequence == failed.Sequence + 1 ? RecordFinding.Removed : RecordFinding.Modified;
            }
            else if (failed.Sequence == expected || AuthenticatesRestored(failed.FrameOffset, failed.Length, expected))
            {
                finding = RecordFinding.Modified;
            }
            else
            {
                finding = failed.Sequence > expected ? RecordFinding.Removed : RecordFinding.Inserted;
            }

            SetFinding(finding, expected, failed.Position, failed.Sequence);
        }

        // The record ends in bytes that are not a complete frame: torn, unless they are the expected entry with its framing changed.
        private void DecideTail(int available)
        {
            if (available >= RecordFormat.Overhead && available <= RecordFormat.MaxFrameLength
                && AuthenticatesRestored(_start, available, _expected))
            {
                SetFinding(RecordFinding.Modified, _expected, _startPosition, LittleEndian.ReadUInt32(_buffer, _start + RecordFormat.SequenceOffset));
                return;
            }

            SetTorn(available);
        }

        // Whether length bytes at offset authenticate after the previous entry once sync, length and sequence are set as expected.
        private bool AuthenticatesRestored(int offset, int length, long sequence)
        {
            Array.Copy(_previousMac, 0, _work, 0, RecordFormat.MacLength);
            Array.Copy(_buffer, offset, _work, RecordFormat.MacLength, length - RecordFormat.MacLength);
            int frame = RecordFormat.MacLength;
            _work[frame] = RecordFormat.Sync0;
            _work[frame + 1] = RecordFormat.Sync1;
            LittleEndian.WriteUInt16(_work, frame + RecordFormat.LengthOffset, length);
            LittleEndian.WriteUInt16(_work, frame + RecordFormat.LengthComplementOffset, ~length & 0xFFFF);
            LittleEndian.WriteUInt32(_work, frame + RecordFormat.SequenceOffset, sequence);
            _authenticator.ComputeMac(_work, 0, length, _computed, 0);
            int difference = 0;
            int stored = offset + length - RecordFormat.MacLength;
            for (int i = 0; i < RecordFormat.MacLength; i++)
            {
                difference |= _computed[i] ^ _buffer[stored + i];
            }

            return difference == 0;
        }

        private void SetTorn(int bytes)
        {
            _result.TornBytes = bytes;
            SetFinding(RecordFinding.TornTail, _expected, _startPosition, -1);
        }

        private void SetFinding(RecordFinding finding, long sequence, long position, long foundSequence)
        {
            _result.Finding = finding;
            _result.FindingSequence = sequence;
            _result.FindingPosition = position;
            _result.FoundSequence = foundSequence;
        }
    }
}
