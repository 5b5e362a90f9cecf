using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Start-up scan of a batch record: verifies it, finds a torn final entry, and gathers what resuming needs. It does not
    /// change the record; <see cref="BatchRecordWriter.Resume"/> cuts the torn tail and records the recovery. The same
    /// bytes always give the same result (no clock, no randomness), so a power-cut test can replay it.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   verify from byte 0 ──► intact ──────────────► resume at the end
    ///                     ├──► torn tail ───────────► cut after the last authenticated entry, resume there
    ///                     └──► damaged (any other) ─► keep every byte; walk the frames structurally past the damage;
    ///                                                 resume at the end (cutting only an incomplete final frame), chain
    ///                                                 from the last complete frame's stored MAC; facts from the
    ///                                                 authenticated prefix only
    ///   not resumable: no authenticated header, a Closing entry, more than one frame of unreadable bytes at the end
    /// </code>
    /// </remarks>
    public static class RecordRecovery
    {
        // Largest sequence gap believed from an unauthenticated frame: a million entries, about 115 days of 10 s samples.
        private const long PlausibleGap = 1000000;

        /// <summary>Opens the record <paramref name="recordName"/> in <paramref name="storage"/> and scans it; the record stays open.</summary>
        public static RecordRecoveryResult Scan(IRecordStorage storage, IMessageAuthenticator authenticator, string recordName)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            if (authenticator == null)
            {
                throw new ArgumentNullException("authenticator");
            }

            var result = new RecordRecoveryResult(recordName);
            bool opened;
            try
            {
                opened = storage.Open(recordName);
            }
            catch (Exception)
            {
                opened = false;
            }

            if (!opened)
            {
                result.StorageError = storage.LastError;
                result.Reason = "the record cannot be opened";
                return result;
            }

            long length = storage.Length;
            var facts = new RecoveryFacts();
            RecordVerification verification;
            try
            {
                verification = RecordVerifier.Verify(storage, authenticator, -1, facts);
            }
            catch (InvalidOperationException)
            {
                result.StorageError = storage.LastError;
                result.Reason = "the record cannot be read";
                return result;
            }

            result.Found = true;
            result.Verification = verification;
            result.RecordLength = length;
            result.Header = facts.Header;
            result.IsClosed = verification.IsClosed;
            result.LastSequence = verification.LastSequence;
            result.LastEntryType = verification.LastEntryType;
            result.LastEntryUtcUnixMilliseconds = verification.LastEntryUtcUnixMilliseconds;
            result.LastEntryUtcSynchronized = verification.LastEntryUtcSynchronized;
            result.LastEntryMonotonicMilliseconds = verification.LastEntryMonotonicMilliseconds;
            result.LastStateChange = facts.LastStateChange;
            result.LastStateChangeSequence = facts.LastStateChangeSequence;
            result.LastPhaseChange = facts.LastPhaseChange;
            result.LastPhaseChangeSequence = facts.LastPhaseChangeSequence;
            result.PhaseRunMilliseconds = facts.Phase.Total;
            result.PhasePoweredOffMilliseconds = facts.PoweredOffMilliseconds;
            result.PhasePoweredOffUnknown = facts.PoweredOffUnknown;
            result.RecipeText = facts.RecipeText();
            result.LastBatchSnapshot = facts.Snapshot();
            result.LastBatchSnapshotSequence = facts.SnapshotSequence;
            result.LastBatchSnapshotUtcUnixMilliseconds = facts.SnapshotUtcUnixMilliseconds;
            result.LastBatchSnapshotUtcSynchronized = facts.SnapshotUtcSynchronized;
            result.PoweredOnAfterSnapshotMilliseconds = facts.AfterSnapshot.Total;
            result.LastBatchEventSequence = facts.LastBatchEventSequence;
            verification.CopyLastMac(result.LastMacBuffer, 0);

            long resumeLength = verification.VerifiedLength;
            if (result.IsDamaged)
            {
                // Keep every byte: walk the frames after the damage by structure, continue after the last one, and cut
                // only an incomplete frame at the very end (what a power cut leaves).
                var reader = new RecordReader(storage);
                reader.Position = verification.VerifiedLength;
                var frame = new RecordFrame();
                long framesAfter = 0;
                long lastClaimed = -1;
                while (reader.Next(frame))
                {
                    framesAfter++;
                    lastClaimed = frame.Sequence;
                    Array.Copy(frame.Buffer, frame.MacOffset, result.LastMacBuffer, 0, RecordFormat.MacLength);
                }

                // Each frame took a sequence number; a larger claimed one is believed only within a plausible storage-loss
                // gap, so a damaged sequence field cannot throw the numbering towards the u32 limit.
                long counted = verification.LastSequence + framesAfter;
                result.LastSequence = lastClaimed > counted && lastClaimed <= counted + PlausibleGap ? lastClaimed : counted;
                resumeLength = reader.Position;
            }

            result.ResumeLength = resumeLength;
            long torn = length - resumeLength;
            result.TornBytes = torn > RecordFormat.MaxFrameLength ? RecordFormat.MaxFrameLength + 1 : (int)torn;
            if (torn > 0 && torn <= RecordFormat.MaxFrameLength)
            {
                byte[] tornBytes = new byte[(int)torn];
                int read = 0;
                while (read < tornBytes.Length)
                {
                    int n = storage.Read(resumeLength + read, tornBytes, read, tornBytes.Length - read);
                    if (n <= 0)
                    {
                        break;
                    }

                    read += n;
                }

                Sha256.Hash(tornBytes, 0, read, result.TornSha256Buffer, 0);
            }

            if (!verification.HasHeader || result.Header == null)
            {
                result.Reason = "the record has no authentic header";
            }
            else if (verification.IsClosed)
            {
                result.Reason = "the batch was closed";
            }
            else if (torn > RecordFormat.MaxFrameLength)
            {
                result.Reason = "more than one entry's worth of unreadable bytes at the end";
            }
            else
            {
                result.CanResume = true;
            }

            return result;
        }

        // Powered-on time since a marker entry, summed over power-on periods (each begins with a PowerRestored entry).
        private sealed class RunClock
        {
            private bool _started;
            private long _before;
            private long _sessionStart;
            private long _last;

            public long Total
            {
                get { return _started ? _before + (_last - _sessionStart) : 0; }
            }

            public void Start(long monotonicMilliseconds)
            {
                _started = true;
                _before = 0;
                _sessionStart = monotonicMilliseconds;
                _last = monotonicMilliseconds;
            }

            public void NewSession(long monotonicMilliseconds)
            {
                _before += _last - _sessionStart;
                _sessionStart = monotonicMilliseconds;
                _last = monotonicMilliseconds;
            }

            public void Update(long monotonicMilliseconds)
            {
                _last = monotonicMilliseconds;
            }
        }

        // Collects the resume facts from the authenticated entries, in order.
        private sealed class RecoveryFacts : IRecordEntrySink
        {
            public readonly RunClock Phase = new RunClock();
            public readonly RunClock AfterSnapshot = new RunClock();
            public RecordHeader Header;
            public StateChangeEntry LastStateChange;
            public long LastStateChangeSequence = -1;
            public PhaseChangeEntry LastPhaseChange;
            public long LastPhaseChangeSequence = -1;
            public long PoweredOffMilliseconds;
            public bool PoweredOffUnknown;
            public long SnapshotSequence = -1;
            public long LastBatchEventSequence;
            public long SnapshotUtcUnixMilliseconds;
            public bool SnapshotUtcSynchronized;

            private readonly byte[] _snapshot = new byte[RecordFormat.MaxPayloadLength];
            private int _snapshotLength;
            private byte[] _recipe;
            private bool[] _recipeChunks;
            private bool _recipeBroken;

            public void OnEntry(RecordFrame frame)
            {
                switch (frame.Type)
                {
                    case RecordEntryType.Header:
                        Header = RecordHeader.Decode(frame);
                        if (Header != null && Header.RecipeLength > 0 && Header.RecipeLength <= RecordHeader.MaxRecipeTextLength)
                        {
                            _recipe = new byte[Header.RecipeLength];
                            _recipeChunks = new bool[RecipeEntry.ChunkCount(Header.RecipeLength)];
                        }

                        StartPhase(frame);
                        break;
                    case RecordEntryType.Recipe:
                        int index;
                        int count;
                        if (_recipe == null || !RecipeEntry.TryCopyChunk(frame, _recipe, out index, out count) || count != _recipeChunks.Length)
                        {
                            _recipeBroken = true;
                        }
                        else
                        {
                            _recipeChunks[index] = true;
                        }

                        break;
                    case RecordEntryType.PhaseChange:
                        LastPhaseChange = PhaseChangeEntry.Decode(frame);
                        LastPhaseChangeSequence = frame.Sequence;
                        StartPhase(frame);
                        if (LastPhaseChange != null)
                        {
                            NoteBatchEvent(LastPhaseChange.BatchEventSequence);
                        }

                        break;
                    case RecordEntryType.StateChange:
                        LastStateChange = StateChangeEntry.Decode(frame);
                        LastStateChangeSequence = frame.Sequence;
                        if (LastStateChange != null)
                        {
                            NoteBatchEvent(LastStateChange.BatchEventSequence);
                        }

                        break;
                    case RecordEntryType.OperatorAction:
                        OperatorActionEntry action = OperatorActionEntry.Decode(frame);
                        if (action != null)
                        {
                            NoteBatchEvent(action.BatchEventSequence);
                        }

                        break;
                    case RecordEntryType.BatchSnapshot:
                        Array.Copy(frame.Buffer, frame.PayloadOffset, _snapshot, 0, frame.PayloadLength);
                        _snapshotLength = frame.PayloadLength;
                        SnapshotSequence = frame.Sequence;
                        SnapshotUtcUnixMilliseconds = frame.UtcUnixMilliseconds;
                        SnapshotUtcSynchronized = frame.IsUtcSynchronized;
                        AfterSnapshot.Start(frame.MonotonicMilliseconds);
                        break;
                    case RecordEntryType.Recovery:
                        RecoveryEntry recovery = RecoveryEntry.Decode(frame);
                        if (recovery != null)
                        {
                            NoteBatchEvent(recovery.BatchEventSequence);
                        }

                        if (recovery != null && recovery.Kind == RecoveryKind.PowerRestored)
                        {
                            // A new power-on period: the monotonic clock restarted.
                            Phase.NewSession(frame.MonotonicMilliseconds);
                            AfterSnapshot.NewSession(frame.MonotonicMilliseconds);
                            if (recovery.IsPoweredOffKnown)
                            {
                                PoweredOffMilliseconds += recovery.PoweredOffMilliseconds;
                            }
                            else
                            {
                                PoweredOffUnknown = true;
                            }
                        }

                        break;
                }

                Phase.Update(frame.MonotonicMilliseconds);
                AfterSnapshot.Update(frame.MonotonicMilliseconds);
            }

            public byte[] Snapshot()
            {
                if (SnapshotSequence < 0)
                {
                    return null;
                }

                byte[] copy = new byte[_snapshotLength];
                Array.Copy(_snapshot, copy, _snapshotLength);
                return copy;
            }

            // The recipe bytes when every chunk arrived and they match the header's SHA-256; otherwise null.
            public byte[] RecipeText()
            {
                if (_recipe == null || _recipeBroken)
                {
                    return null;
                }

                for (int i = 0; i < _recipeChunks.Length; i++)
                {
                    if (!_recipeChunks[i])
                    {
                        return null;
                    }
                }

                byte[] hash = new byte[Sha256.HashLength];
                Sha256.Hash(_recipe, 0, _recipe.Length, hash, 0);
                for (int i = 0; i < hash.Length; i++)
                {
                    if (hash[i] != Header.RecipeSha256[i])
                    {
                        return null;
                    }
                }

                return _recipe;
            }

            private void NoteBatchEvent(long sequence)
            {
                if (sequence > LastBatchEventSequence)
                {
                    LastBatchEventSequence = sequence;
                }
            }

            private void StartPhase(RecordFrame frame)
            {
                Phase.Start(frame.MonotonicMilliseconds);
                PoweredOffMilliseconds = 0;
                PoweredOffUnknown = false;
            }
        }
    }
}
