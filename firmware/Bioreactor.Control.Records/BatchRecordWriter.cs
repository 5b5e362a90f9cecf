using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Writes the GMP batch record: one append-only, HMAC-chained record per batch (layout in <see cref="RecordFormat"/>).
    /// Every append builds one frame, appends it and flushes it; it returns true only when the entry is durable. Storage
    /// failures never throw: the entry is counted as lost, <see cref="StorageFailed"/> is raised for the alarm layer, and
    /// control goes on.
    /// </summary>
    /// <remarks>
    /// <para><b>Size.</b> The frame and MAC chain are <see cref="RecordChain"/>, the failing state, back-off and lost-entry
    /// ledger <see cref="StorageRetry"/>. What stays here, about 900 lines, is one typed append per entry type (each
    /// validating, encoding and committing its own payload), Begin and Resume with their recovery entries, Close, and
    /// the restore that cuts a partly written entry and declares the losses: each writes entries, so each needs the
    /// writer's lock, buffers and open/closed state.</para>
    /// <code>
    ///   Idle ──Begin(header)──► Open ──Close(final state)──► Closed
    ///   Idle ──Resume(scan)───► Open        (after RecordRecovery.Scan at start-up)
    ///
    ///   Open, storage healthy ──append fails──► Open, storage failing
    ///     entry counted as lost (it keeps its sequence number); retry after 1 s, 2 s, 4 s … 60 s
    ///   Open, storage failing ──an append at/after the retry time──►
    ///     reopen; cut any partly written bytes back to the durable length; write the header if it was never written;
    ///     write a StorageLoss entry (first lost sequence, count, bytes cut); then the entry itself ──► healthy
    /// </code>
    /// <para>Flush policy: every entry, samples included, is flushed before the append returns: "a write is durable once
    /// flushed", and a 128-byte sample every 10 s is far below what an SD card sustains. A power cut can therefore tear
    /// at most the one entry being written, which recovery cuts.</para>
    /// <para>Sequence numbers: the header is 0 and every entry takes the next number, lost ones included, so a gap in the
    /// record is either declared by a StorageLoss entry or a tamper finding. <see cref="LastDurableSequence"/> is what the
    /// device may announce (the verifier's truncation check).</para>
    /// <para><see cref="AppendSample"/>, <see cref="AppendAlarmTransition"/>, <see cref="AppendPayload"/> and
    /// <see cref="DeclareDropped"/> allocate nothing (with an allocation-free authenticator and storage). Public methods are
    /// serialised by a lock. On the device one thread writes (the record thread of the Device layer's BioreactorDevice,
    /// fed by a queue): the MAC and the storage's append and flush are too slow for the control tick.</para>
    /// </remarks>
    public sealed class BatchRecordWriter
    {
        private const int PayloadStart = RecordChain.PayloadStart;

        private readonly IRecordStorage _storage;
        private readonly IMessageAuthenticator _authenticator;
        private readonly IClock _clock;
        private readonly RecordWriterSettings _settings;
        private readonly RecordChain _chain;
        private readonly StorageRetry _retry;
        private readonly object _sync = new object();
        private readonly byte[] _frame = new byte[RecordFormat.MacLength + RecordFormat.MaxFrameLength];
        private readonly byte[] _auxiliary = new byte[RecordFormat.MacLength + RecordFormat.MaxFrameLength];
        private readonly byte[] _digest = new byte[Sha256.HashLength];
        private readonly PayloadBuilder _payload = new PayloadBuilder();

        private RecordHeader _header;
        private string _recordName;
        private bool _open;
        private bool _closed;
        private bool _headerPending;
        private long _nextSampleDueMilliseconds;
        private int _samplePeriodMilliseconds;

        /// <summary>Creates a writer with the default retry settings.</summary>
        public BatchRecordWriter(IRecordStorage storage, IMessageAuthenticator authenticator, IClock clock)
            : this(storage, authenticator, clock, new RecordWriterSettings())
        {
        }

        /// <summary>Creates a writer.</summary>
        public BatchRecordWriter(IRecordStorage storage, IMessageAuthenticator authenticator, IClock clock, RecordWriterSettings settings)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            if (authenticator == null)
            {
                throw new ArgumentNullException("authenticator");
            }

            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            settings.Validate();
            _storage = storage;
            _authenticator = authenticator;
            _clock = clock;
            _settings = settings;
            _chain = new RecordChain(storage, authenticator, clock);
            _retry = new StorageRetry(settings);
        }

        /// <summary>The open record's name (its batch id), or null.</summary>
        public string RecordName
        {
            get { return _recordName; }
        }

        /// <summary>The header of the open record, or null.</summary>
        public RecordHeader Header
        {
            get { return _header; }
        }

        /// <summary>Whether a record is open for appending.</summary>
        public bool IsOpen
        {
            get { return _open && !_closed; }
        }

        /// <summary>Whether the record was closed with its Closing entry.</summary>
        public bool IsClosed
        {
            get { return _closed; }
        }

        /// <summary>True from a storage failure until storage works again: raise the record-storage alarm while set.</summary>
        public bool StorageFailed
        {
            get { return _retry.Failing; }
        }

        /// <summary>The storage error of the last failure (None when healthy).</summary>
        public RecordStorageError LastStorageError
        {
            get { return _retry.LastError; }
        }

        /// <summary>Entries lost to storage failures in this record (declared and still to be declared).</summary>
        public long LostEntryCount
        {
            get { return _retry.LostTotal; }
        }

        /// <summary>Entries lost since the last StorageLoss entry (declared by the next one).</summary>
        public long UndeclaredLostEntryCount
        {
            get { return _retry.LostPending; }
        }

        /// <summary>Sequence number of the last durable entry, -1 before the header: what the device may announce.</summary>
        public long LastDurableSequence
        {
            get { return _chain.LastDurableSequence; }
        }

        /// <summary>
        /// The head of the record's MAC chain: copies the chained MAC of the last durable entry (<see cref="RecordFormat.MacLength"/>
        /// bytes; zeros before the header) to <paramref name="destination"/> and returns that entry's sequence number (-1
        /// before the header), both under one lock. Not an entry still being written or one whose write failed: the chain
        /// moves on only once a frame is flushed. Allocates nothing.
        /// </summary>
        /// <remarks>
        /// What a device announces so that a witness can later catch a rewritten record (docs/mqtt-protocol.md, "Witnessing
        /// the chain head"): anyone holding the key can re-chain a changed record that then verifies, but not to the MAC a
        /// witness saw at this sequence before the change.
        /// </remarks>
        public long CopyLastDurableMac(byte[] destination, int offset)
        {
            if (destination == null)
            {
                throw new ArgumentNullException("destination");
            }

            if (offset < 0 || offset + RecordFormat.MacLength > destination.Length)
            {
                throw new ArgumentOutOfRangeException("offset", "the destination must hold 32 bytes from offset");
            }

            lock (_sync)
            {
                _chain.CopyLastMac(destination, offset);
                return _chain.LastDurableSequence;
            }
        }

        /// <summary>Sequence number the next entry will take.</summary>
        public long NextSequence
        {
            get { return _chain.NextSequence; }
        }

        /// <summary>Bytes of the record known durable.</summary>
        public long DurableLength
        {
            get { return _chain.DurableLength; }
        }

        /// <summary>The sample period, ms.</summary>
        public int SamplePeriodMilliseconds
        {
            get { return _samplePeriodMilliseconds; }
        }

        /// <summary>Durable entries of a type written to the record (the verified prefix's counts after a resume).</summary>
        public long CountOf(RecordEntryType type)
        {
            int i = (int)type;
            return i >= 0 && i < _chain.Counts.Length ? _chain.Counts[i] : 0;
        }

        /// <summary>
        /// Creates the record of a new batch and writes its header (sequence 0). A record of that name that holds only an
        /// incomplete header (torn by a power cut) is cut and begun again, followed by a TornTailCut recovery entry. When the
        /// header carries the recipe's text (<see cref="RecordHeader.SetRecipe"/>), Recipe entries follow.
        /// </summary>
        /// <returns>
        /// Whether the header and recipe entries are durable; if the header is not, storage is failing and the header is
        /// written when it recovers (lost recipe entries are declared by a StorageLoss entry).
        /// </returns>
        /// <exception cref="InvalidOperationException">A record is open, or a record of that batch exists (resume it).</exception>
        public bool Begin(RecordHeader header)
        {
            if (header == null)
            {
                throw new ArgumentNullException("header");
            }

            header.Validate();
            lock (_sync)
            {
                if (_open && !_closed)
                {
                    throw new InvalidOperationException("a record is already open");
                }

                Reset(header, header.BatchId);
                _headerPending = true;
                _chain.NextSequence = 1;
                long now = _clock.MonotonicMilliseconds;

                int tornBytes = 0;
                bool ready;
                if (SafeExists(header.BatchId))
                {
                    RecordRecoveryResult scan = RecordRecovery.Scan(_storage, _authenticator, header.BatchId);
                    if (!scan.Found || scan.Verification.VerifiedEntries > 0 || scan.Finding != RecordFinding.TornTail)
                    {
                        _open = false;
                        throw new InvalidOperationException("a record of batch " + header.BatchId + " exists: resume it instead");
                    }

                    tornBytes = scan.TornBytes;
                    scan.CopyTornSha256(_digest, 0);
                    ready = SafeTruncate(0);
                }
                else
                {
                    ready = SafeCreate(header.BatchId);
                }

                bool durable = ready && WriteHeader(now);
                if (!durable)
                {
                    _retry.EnterFailing(now);
                }

                if (tornBytes > 0)
                {
                    AppendRecovery(RecoveryKind.TornTailCut, 0, tornBytes, _digest, -1, 0, 0, 0, -1, RecordFinding.TornTail, 0, 0);
                }

                if (header.RecipeText != null)
                {
                    int chunks = RecipeEntry.ChunkCount(header.RecipeText.Length);
                    for (int i = 0; i < chunks; i++)
                    {
                        BeginPayload();
                        RecipeEntry.Encode(_payload, header.RecipeText, i);
                        durable &= CommitPayload(RecordEntryType.Recipe);
                    }
                }

                _nextSampleDueMilliseconds = now;
                return durable;
            }
        }

        /// <summary>
        /// Continues a record after a restart (<see cref="RecordRecovery.Scan"/> first): cuts a torn tail, continues the chain
        /// from the last entry, and appends Recovery entries: the power-off deviation (first, marking the new power-on
        /// period), the bytes cut, and any integrity finding. The batch layer resumes from the scan's facts.
        /// </summary>
        /// <returns>Whether the cut and the recovery entries are durable.</returns>
        /// <exception cref="InvalidOperationException">A record is open, or the scan says the record cannot be resumed.</exception>
        public bool Resume(RecordRecoveryResult scan)
        {
            if (scan == null)
            {
                throw new ArgumentNullException("scan");
            }

            if (!scan.CanResume)
            {
                throw new InvalidOperationException("the record cannot be resumed: " + scan.Reason);
            }

            lock (_sync)
            {
                if (_open && !_closed)
                {
                    throw new InvalidOperationException("a record is already open");
                }

                Reset(scan.Header, scan.RecordName);
                _chain.Continue(scan);

                _retry.LostTotal = scan.Verification.ExplainedLostEntries;
                long now = _clock.MonotonicMilliseconds;
                bool ok = true;
                bool cut;
                try
                {
                    cut = (_storage.OpenRecordName == _recordName || _storage.Open(_recordName))
                        && (_storage.Length == _chain.DurableLength || _storage.Truncate(_chain.DurableLength));
                }
                catch (Exception)
                {
                    cut = false;
                }

                if (!cut)
                {
                    // Nothing is appended until the restore path has cut the record back to its durable length.
                    _retry.LastError = _storage.LastError == RecordStorageError.None ? RecordStorageError.IoError : _storage.LastError;
                    _retry.EnterFailing(now);
                    ok = false;
                }

                long nowUtc = RecordTime.ToUnixMilliseconds(_clock.UtcNow);
                long bootUtc = nowUtc - now;
                bool offKnown = scan.LastEntryUtcSynchronized && _clock.IsUtcSynchronized;
                long poweredOff = offKnown ? bootUtc - scan.LastEntryUtcUnixMilliseconds : -1;
                int flags = RecoveryEntry.FlagDeviation
                    | (scan.LastEntryUtcSynchronized ? RecoveryEntry.FlagPreviousUtcSynchronized : 0)
                    | (offKnown ? RecoveryEntry.FlagPoweredOffKnown : 0);
                ok &= AppendRecovery(RecoveryKind.PowerRestored, flags, 0, null, scan.LastSequence, scan.LastEntryUtcUnixMilliseconds,
                    scan.LastEntryMonotonicMilliseconds, bootUtc, poweredOff, RecordFinding.None, 0, -1);

                if (scan.TornBytes > 0)
                {
                    scan.CopyTornSha256(_digest, 0);
                    ok &= AppendRecovery(RecoveryKind.TornTailCut, 0, scan.TornBytes, _digest, scan.LastSequence,
                        scan.LastEntryUtcUnixMilliseconds, scan.LastEntryMonotonicMilliseconds, bootUtc, poweredOff,
                        RecordFinding.TornTail, scan.NextSequence, scan.ResumeLength);
                }

                if (scan.IsDamaged)
                {
                    ok &= AppendRecovery(RecoveryKind.IntegrityFinding, 0, 0, null, scan.LastSequence,
                        scan.LastEntryUtcUnixMilliseconds, scan.LastEntryMonotonicMilliseconds, bootUtc, poweredOff,
                        scan.Finding, scan.Verification.FindingSequence, scan.Verification.FindingPosition);
                }

                _nextSampleDueMilliseconds = now;
                return ok;
            }
        }

        /// <summary>Whether a sample is due at <paramref name="nowMilliseconds"/> (monotonic).</summary>
        public bool IsSampleDue(long nowMilliseconds)
        {
            return _open && !_closed && nowMilliseconds >= _nextSampleDueMilliseconds;
        }

        /// <summary>Appends a sample of every loop; allocates nothing. Also schedules the next sample.</summary>
        public bool AppendSample(RecordSample sample)
        {
            if (sample == null)
            {
                throw new ArgumentNullException("sample");
            }

            lock (_sync)
            {
                ScheduleNextSample();
                if (!IsOpen)
                {
                    return false;
                }

                sample.Encode(_frame, PayloadStart);
                return Commit(RecordEntryType.Sample, RecordSample.PayloadLength, false);
            }
        }

        /// <summary>
        /// Appends an entry whose fixed binary payload the caller has already encoded: a sample
        /// (<see cref="RecordSample.Encode"/>, <see cref="RecordSample.PayloadLength"/> bytes), an alarm transition
        /// (<see cref="AlarmTransitionEntry.Encode"/>, <see cref="AlarmTransitionEntry.PayloadLength"/> bytes) or a batch snapshot
        /// (opaque, at most <see cref="RecordFormat.MaxPayloadLength"/> bytes). Allocates nothing. This is how a composition
        /// that takes its entries on one thread and writes them on another hands them over (the payload travels in a
        /// preallocated queue slot); a sample written this way also schedules the next one, as <see cref="AppendSample"/> does.
        /// </summary>
        /// <exception cref="ArgumentException">Another entry type, or a length that does not fit the type.</exception>
        public bool AppendPayload(RecordEntryType type, byte[] payload, int offset, int count)
        {
            if (payload == null)
            {
                throw new ArgumentNullException("payload");
            }

            bool fits = type == RecordEntryType.Sample ? count == RecordSample.PayloadLength
                : type == RecordEntryType.AlarmTransition ? count == AlarmTransitionEntry.PayloadLength
                : type == RecordEntryType.BatchSnapshot && count >= 0 && count <= RecordFormat.MaxPayloadLength;
            if (!fits || offset < 0 || offset + count > payload.Length)
            {
                throw new ArgumentException("only Sample (68 bytes), AlarmTransition (32) and BatchSnapshot (0 to 964) payloads", "type");
            }

            lock (_sync)
            {
                if (type == RecordEntryType.Sample)
                {
                    ScheduleNextSample();
                }

                if (!IsOpen)
                {
                    return false;
                }

                Array.Copy(payload, offset, _frame, PayloadStart, count);
                return Commit(type, count, false);
            }
        }

        /// <summary>
        /// Declares entries that never reached the writer (a composition's hand-over queue was full): they take sequence
        /// numbers as entries lost to storage do, and a StorageLoss entry naming them (storage error None: the medium did not
        /// fail) is written at once, so the record itself says what is missing and where. While storage is failing they join
        /// the entries lost to it and the StorageLoss entry written when it recovers declares them all. Allocates nothing.
        /// </summary>
        /// <param name="entries">How many entries were dropped (at least 1).</param>
        /// <param name="samples">How many of them were samples.</param>
        /// <param name="firstLossMilliseconds">Monotonic ms of the first drop.</param>
        /// <param name="lastLossMilliseconds">Monotonic ms of the last drop.</param>
        /// <returns>True when the StorageLoss entry is durable; false when no record is open or storage fails.</returns>
        public bool DeclareDropped(long entries, long samples, long firstLossMilliseconds, long lastLossMilliseconds)
        {
            lock (_sync)
            {
                if (!IsOpen || entries <= 0)
                {
                    return false;
                }

                if (_retry.LostPending == 0)
                {
                    _retry.FirstLostSequence = _chain.NextSequence;
                    _retry.FirstLossMilliseconds = firstLossMilliseconds;
                }

                _retry.LostPending += entries;
                _retry.LostTotal += entries;
                _retry.LostSamplesPending += samples < 0 ? 0 : (samples > entries ? entries : samples);
                _retry.LastLossMilliseconds = lastLossMilliseconds;
                _chain.NextSequence += entries;
                long now = _clock.MonotonicMilliseconds;
                if (_retry.Failing && !TryRestore(now))
                {
                    return false;
                }

                bool written;
                try
                {
                    written = WriteStorageLoss(now);
                }
                catch (Exception)
                {
                    _retry.LastError = RecordStorageError.IoError;
                    written = false;
                }

                if (!written)
                {
                    _retry.EnterFailing(now);
                    return false;
                }

                return true;
            }
        }

        private void ScheduleNextSample()
        {
            long now = _clock.MonotonicMilliseconds;
            _nextSampleDueMilliseconds += _samplePeriodMilliseconds;
            if (_nextSampleDueMilliseconds <= now)
            {
                _nextSampleDueMilliseconds = now + _samplePeriodMilliseconds;
            }
        }

        /// <summary>Appends an alarm transition as the safety layer produced it; allocates nothing.</summary>
        public bool AppendAlarmTransition(AlarmTransition transition)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                AlarmTransitionEntry.Encode(_frame, PayloadStart, transition);
                return Commit(RecordEntryType.AlarmTransition, AlarmTransitionEntry.PayloadLength, false);
            }
        }

        /// <summary>
        /// Appends a batch state change (state codes of the batch layer; phase index -1 when none; the batch event's number,
        /// 0 when none).
        /// </summary>
        public bool AppendStateChange(int fromState, int toState, int phaseIndex, string operatorId, string cause, long batchEventSequence)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                BeginPayload();
                StateChangeEntry.Encode(_payload, fromState, toState, phaseIndex, operatorId, cause, batchEventSequence);
                return CommitPayload(RecordEntryType.StateChange);
            }
        }

        /// <summary>
        /// Appends a recipe phase change (planned duration 0 when the phase ends on a confirmation; the batch event's
        /// number, 0 when none).
        /// </summary>
        public bool AppendPhaseChange(int fromPhaseIndex, int toPhaseIndex, long plannedDurationMilliseconds, string phaseName,
            string operatorId, string cause, long batchEventSequence)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                BeginPayload();
                PhaseChangeEntry.Encode(_payload, fromPhaseIndex, toPhaseIndex, plannedDurationMilliseconds, phaseName, operatorId, cause,
                    batchEventSequence);
                return CommitPayload(RecordEntryType.PhaseChange);
            }
        }

        /// <summary>
        /// Appends an operator action: who, what, on what, why, old and new value, its outcome, the reporting layer's result
        /// code (why it was refused; 0 when done), the operator's role code at the time and the batch event's number (0 when
        /// none), and the signature the request carried: the batch layer's SignatureMeaning code (0 when unsigned), the
        /// signer's printed name, the signer's UTC when signing (ms since 1970-01-01) and the signature (64 hex); null
        /// texts and zeros when unsigned.
        /// </summary>
        public bool AppendOperatorAction(string operatorId, string action, string target, string reason, string oldValue,
            string newValue, OperatorActionOutcome outcome, int resultCode, int role, long batchEventSequence, int meaning,
            string signerName, long signedAtMilliseconds, string signatureMac)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                BeginPayload();
                OperatorActionEntry.Encode(_payload, operatorId, action, target, reason, oldValue, newValue, outcome, resultCode, role,
                    batchEventSequence, meaning, signerName, signedAtMilliseconds, signatureMac);
                return CommitPayload(RecordEntryType.OperatorAction);
            }
        }

        /// <summary>Appends a fault (codes of the reporting layer).</summary>
        public bool AppendFault(int source, int code, string description)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                BeginPayload();
                FaultEntry.Encode(_payload, source, code, description);
                return CommitPayload(RecordEntryType.Fault);
            }
        }

        /// <summary>Appends a configuration change.</summary>
        public bool AppendConfigurationChange(string who, string parameter, string oldValue, string newValue, string reason)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                BeginPayload();
                ConfigurationChangeEntry.Encode(_payload, who, parameter, oldValue, newValue, reason);
                return CommitPayload(RecordEntryType.ConfigurationChange);
            }
        }

        /// <summary>
        /// Appends the batch layer's state snapshot (opaque bytes, at most <see cref="RecordFormat.MaxPayloadLength"/>); allocates
        /// nothing. Recovery gives the last authenticated one back.
        /// </summary>
        public bool AppendBatchSnapshot(byte[] snapshot, int offset, int count)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException("snapshot");
            }

            if (offset < 0 || count < 0 || count > RecordFormat.MaxPayloadLength || offset + count > snapshot.Length)
            {
                throw new ArgumentOutOfRangeException("count", "count must be 0 to 964 bytes inside snapshot");
            }

            return AppendPayload(RecordEntryType.BatchSnapshot, snapshot, offset, count);
        }

        /// <summary>
        /// Appends the batch layer's restore after a power loss as a deviation (a BatchRestored recovery entry): the outage it
        /// applied, its phase-timer policy code, the phase, the phase time before and after, and the batch event's number.
        /// </summary>
        public bool AppendBatchRestored(long outageMilliseconds, int phaseTimerPolicy, int phaseIndex, long phaseTimeBeforeMilliseconds,
            long phaseTimeAfterMilliseconds, long batchEventSequence)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                BeginPayload();
                RecoveryEntry.Encode(_payload, RecoveryKind.BatchRestored, RecoveryEntry.FlagDeviation | RecoveryEntry.FlagPoweredOffKnown,
                    0, null, _chain.LastDurableSequence, 0, 0, 0, outageMilliseconds, RecordFinding.None, 0, -1, phaseTimerPolicy, phaseIndex,
                    phaseTimeBeforeMilliseconds, phaseTimeAfterMilliseconds, batchEventSequence);
                return CommitPayload(RecordEntryType.Recovery);
            }
        }

        /// <summary>Appends a note.</summary>
        public bool AppendNote(string author, string text)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                BeginPayload();
                NoteEntry.Encode(_payload, author, text);
                return CommitPayload(RecordEntryType.Note);
            }
        }

        /// <summary>
        /// Appends the Closing entry (final state code of the batch layer, counts, summary) and closes the record. Nothing
        /// can be appended after it. When it is not durable the record stays open and Close can be called again.
        /// </summary>
        public bool Close(int finalState, string summary)
        {
            lock (_sync)
            {
                if (!IsOpen)
                {
                    return false;
                }

                long durable = _chain.DurableEntries();
                BeginPayload();
                ClosingEntry.Encode(_payload, finalState, durable, _retry.LostTotal, _chain.Counts[(int)RecordEntryType.Sample],
                    _chain.Counts[(int)RecordEntryType.AlarmTransition], _chain.Counts[(int)RecordEntryType.OperatorAction],
                    _chain.Counts[(int)RecordEntryType.Recovery], summary);
                if (!CommitPayload(RecordEntryType.Closing))
                {
                    return false;
                }

                _closed = true;
                try
                {
                    _storage.Close();
                }
                catch (Exception)
                {
                    // The closing entry is durable; closing the file handle is housekeeping.
                }

                return true;
            }
        }

        private void Reset(RecordHeader header, string recordName)
        {
            _header = header;
            _recordName = recordName;
            _samplePeriodMilliseconds = header.SamplePeriodMilliseconds;
            _open = true;
            _closed = false;
            _headerPending = false;
            _retry.Reset();
            _chain.Reset();
            Array.Clear(_digest, 0, _digest.Length);
        }

        private void BeginPayload()
        {
            _payload.Begin(_frame, PayloadStart, RecordFormat.MaxPayloadLength);
        }

        private bool CommitPayload(RecordEntryType type)
        {
            return Commit(type, _payload.Length, _payload.Truncated);
        }

        private bool AppendRecovery(RecoveryKind kind, int flags, int tornBytes, byte[] tornSha256, long previousSequence,
            long previousUtc, long previousMonotonic, long bootUtc, long poweredOff, RecordFinding finding, long findingSequence,
            long findingPosition)
        {
            BeginPayload();
            RecoveryEntry.Encode(_payload, kind, flags, tornBytes, tornSha256, previousSequence, previousUtc, previousMonotonic,
                bootUtc, poweredOff, finding, findingSequence, findingPosition, 0, -1, 0, 0, 0);
            return CommitPayload(RecordEntryType.Recovery);
        }

        // Frames, MACs, appends and flushes the entry whose payload is in _frame; counts it as lost on any failure.
        private bool Commit(RecordEntryType type, int payloadLength, bool textTruncated)
        {
            long now = _clock.MonotonicMilliseconds;
            if (_retry.Failing && !TryRestore(now))
            {
                _retry.CountLost(type, _chain, now);
                return false;
            }

            long sequence = _chain.NextSequence;
            bool written;
            int length = 0;
            try
            {
                length = _chain.Build(_frame, type, sequence, payloadLength, textTruncated, now);
                written = WriteFrame(_frame, length);
            }
            catch (Exception)
            {
                _retry.LastError = RecordStorageError.IoError;
                written = false;
            }

            if (!written)
            {
                _retry.EnterFailing(now);
                _retry.CountLost(type, _chain, now);
                return false;
            }

            _chain.Accept(_frame, length, type, sequence);
            return true;
        }

        private bool WriteHeader(long nowMilliseconds)
        {
            _payload.Begin(_auxiliary, PayloadStart, RecordFormat.MaxPayloadLength);
            _header.Encode(_payload);
            int length = _chain.Build(_auxiliary, RecordEntryType.Header, 0, _payload.Length, _payload.Truncated, nowMilliseconds);
            if (!WriteFrame(_auxiliary, length))
            {
                return false;
            }

            _chain.Accept(_auxiliary, length, RecordEntryType.Header, 0);
            _headerPending = false;
            return true;
        }

        // A frame built by the chain, appended and flushed; its storage error is the record's.
        private bool WriteFrame(byte[] buffer, int length)
        {
            if (_chain.Write(buffer, length))
            {
                return true;
            }

            _retry.LastError = _chain.WriteError;
            return false;
        }

        private bool TryRestore(long nowMilliseconds)
        {
            if (!_retry.IsDue(nowMilliseconds))
            {
                return false;
            }

            bool restored;
            try
            {
                restored = Restore(nowMilliseconds);
            }
            catch (Exception)
            {
                _retry.LastError = RecordStorageError.IoError;
                restored = false;
            }

            if (!restored)
            {
                _retry.EnterFailing(nowMilliseconds);
                return false;
            }

            _retry.Failing = false;
            _retry.LastError = RecordStorageError.None;
            return true;
        }

        // Brings the record back to its durable state and declares what was lost. Any false leaves the storage failing.
        private bool Restore(long nowMilliseconds)
        {
            if (_storage.OpenRecordName != _recordName)
            {
                bool opened = _headerPending && !_storage.Exists(_recordName) ? _storage.Create(_recordName) : _storage.Open(_recordName);
                if (!opened)
                {
                    _retry.LastError = _storage.LastError;
                    return false;
                }
            }

            long length = _storage.Length;
            if (length < 0)
            {
                _retry.LastError = _storage.LastError;
                return false;
            }

            if (length > _chain.DurableLength)
            {
                // A partly written entry (full medium, failed flush): cut it, and say so in the StorageLoss entry.
                if (!_storage.Truncate(_chain.DurableLength))
                {
                    _retry.LastError = _storage.LastError;
                    return false;
                }

                long cut = _retry.BytesCutPending + (length - _chain.DurableLength);
                _retry.BytesCutPending = cut > int.MaxValue ? int.MaxValue : (int)cut;
            }
            else if (length < _chain.DurableLength)
            {
                // Durable bytes are gone (another card?): never append over a hole in the chain.
                _retry.LastError = RecordStorageError.IoError;
                return false;
            }

            if (_headerPending && !WriteHeader(nowMilliseconds))
            {
                return false;
            }

            return WriteStorageLoss(nowMilliseconds);
        }

        // Declares the entries lost (and bytes cut) since the last StorageLoss entry, if any; false when it is not durable.
        private bool WriteStorageLoss(long nowMilliseconds)
        {
            if (_retry.LostPending == 0 && _retry.BytesCutPending == 0)
            {
                return true;
            }

            long first = _retry.LostPending > 0 ? _retry.FirstLostSequence : _chain.NextSequence;
            _payload.Begin(_auxiliary, PayloadStart, RecordFormat.MaxPayloadLength);
            StorageLossEntry.Encode(_payload, first, _retry.LostPending, _retry.LostSamplesPending, _retry.FirstLossMilliseconds,
                _retry.LastLossMilliseconds, _retry.LastError, _retry.BytesCutPending);
            long sequence = _chain.NextSequence;
            int frameLength = _chain.Build(_auxiliary, RecordEntryType.StorageLoss, sequence, _payload.Length, false, nowMilliseconds);
            if (!WriteFrame(_auxiliary, frameLength))
            {
                return false;
            }

            _chain.Accept(_auxiliary, frameLength, RecordEntryType.StorageLoss, sequence);
            _retry.Declared();
            return true;
        }

        private bool SafeExists(string recordName)
        {
            try
            {
                return _storage.Exists(recordName);
            }
            catch (Exception)
            {
                return false;
            }
        }

        private bool SafeCreate(string recordName)
        {
            try
            {
                if (_storage.Create(recordName))
                {
                    return true;
                }
            }
            catch (Exception)
            {
                // Counted below as a storage failure.
            }

            _retry.LastError = _storage.LastError == RecordStorageError.None ? RecordStorageError.IoError : _storage.LastError;
            return false;
        }

        private bool SafeTruncate(long length)
        {
            try
            {
                if (_storage.Truncate(length))
                {
                    return true;
                }
            }
            catch (Exception)
            {
                // Counted below as a storage failure.
            }

            _retry.LastError = _storage.LastError == RecordStorageError.None ? RecordStorageError.IoError : _storage.LastError;
            return false;
        }
    }
}
