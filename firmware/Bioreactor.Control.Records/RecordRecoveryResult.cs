using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// What the start-up scan of a batch record found (<see cref="RecordRecovery.Scan"/>): whether and where the batch can
    /// be resumed, what must be cut, where the MAC chain continues, and the last facts the batch layer needs to resume.
    /// </summary>
    public sealed class RecordRecoveryResult
    {
        private readonly byte[] _lastMac = new byte[RecordFormat.MacLength];
        private readonly byte[] _tornSha256 = new byte[Sha256.HashLength];

        internal RecordRecoveryResult(string recordName)
        {
            RecordName = recordName;
            LastSequence = -1;
            LastStateChangeSequence = -1;
            LastPhaseChangeSequence = -1;
            LastBatchSnapshotSequence = -1;
            Reason = string.Empty;
        }

        /// <summary>The record's name (the batch id).</summary>
        public string RecordName { get; private set; }

        /// <summary>Whether the record exists and could be read.</summary>
        public bool Found { get; internal set; }

        /// <summary>The storage's error when the record could not be opened or read.</summary>
        public RecordStorageError StorageError { get; internal set; }

        /// <summary>Whether <see cref="BatchRecordWriter.Resume"/> can continue this record.</summary>
        public bool CanResume { get; internal set; }

        /// <summary>Why the record cannot be resumed (empty when it can).</summary>
        public string Reason { get; internal set; }

        /// <summary>The verification of the record as found (null when it could not be read).</summary>
        public RecordVerification Verification { get; internal set; }

        /// <summary>The verifier's finding (None, TornTail after a power cut, anything else: damaged).</summary>
        public RecordFinding Finding
        {
            get { return Verification == null ? RecordFinding.None : Verification.Finding; }
        }

        /// <summary>
        /// True when the record is damaged before its end: the chain continues after the last structurally complete entry,
        /// a recovery entry states the finding, and the resume facts come only from the authenticated prefix.
        /// </summary>
        public bool IsDamaged
        {
            get { return Finding != RecordFinding.None && Finding != RecordFinding.TornTail; }
        }

        /// <summary>The record's header (null when it did not authenticate).</summary>
        public RecordHeader Header { get; internal set; }

        /// <summary>Whether the batch was closed (a closed record is never resumed).</summary>
        public bool IsClosed { get; internal set; }

        /// <summary>Record length as found, bytes.</summary>
        public long RecordLength { get; internal set; }

        /// <summary>Length the record is cut to before appending, bytes.</summary>
        public long ResumeLength { get; internal set; }

        /// <summary>Bytes after the last complete entry (a torn write), cut on resume.</summary>
        public int TornBytes { get; internal set; }

        /// <summary>Sequence number of the last entry the chain continues from, -1 when none.</summary>
        public long LastSequence { get; internal set; }

        /// <summary>Sequence number of the next entry.</summary>
        public long NextSequence
        {
            get { return LastSequence + 1; }
        }

        /// <summary>Type of the last authenticated entry.</summary>
        public RecordEntryType LastEntryType { get; internal set; }

        /// <summary>UTC of the last authenticated entry, ms since 1970.</summary>
        public long LastEntryUtcUnixMilliseconds { get; internal set; }

        /// <summary>Whether that UTC was synchronised.</summary>
        public bool LastEntryUtcSynchronized { get; internal set; }

        /// <summary>Monotonic ms of the last authenticated entry (the previous power-on's clock).</summary>
        public long LastEntryMonotonicMilliseconds { get; internal set; }

        /// <summary>The last authenticated state change, or null.</summary>
        public StateChangeEntry LastStateChange { get; internal set; }

        /// <summary>Sequence number of <see cref="LastStateChange"/>, -1 when none.</summary>
        public long LastStateChangeSequence { get; internal set; }

        /// <summary>The last authenticated phase change, or null (the batch is in its first phase or none).</summary>
        public PhaseChangeEntry LastPhaseChange { get; internal set; }

        /// <summary>Sequence number of <see cref="LastPhaseChange"/>, -1 when none.</summary>
        public long LastPhaseChangeSequence { get; internal set; }

        /// <summary>
        /// Powered-on time in the current phase up to the last authenticated entry, ms: from the last phase change (or the
        /// header) to the last entry, summed over power-on periods. Time powered off is not included.
        /// </summary>
        public long PhaseRunMilliseconds { get; internal set; }

        /// <summary>Known powered-off time since the phase began (from earlier restarts' recovery entries), ms.</summary>
        public long PhasePoweredOffMilliseconds { get; internal set; }

        /// <summary>Whether an earlier restart in this phase had an unknown powered-off time.</summary>
        public bool PhasePoweredOffUnknown { get; internal set; }

        /// <summary>
        /// The recipe's canonical bytes as the record carries them (reassembled from its Recipe entries), or null when the
        /// record does not carry them or they do not match the header's length and SHA-256.
        /// </summary>
        public byte[] RecipeText { get; internal set; }

        /// <summary>
        /// The highest batch event number the authenticated entries carry (0 when none): the batch layer numbers its next
        /// events after it (BatchController.RestoreState's lastRecordedSequence).
        /// </summary>
        public long LastBatchEventSequence { get; internal set; }

        /// <summary>The last authenticated batch snapshot (the batch layer's bytes), or null when none.</summary>
        public byte[] LastBatchSnapshot { get; internal set; }

        /// <summary>Sequence number of <see cref="LastBatchSnapshot"/>, -1 when none.</summary>
        public long LastBatchSnapshotSequence { get; internal set; }

        /// <summary>UTC of the last snapshot, ms since 1970.</summary>
        public long LastBatchSnapshotUtcUnixMilliseconds { get; internal set; }

        /// <summary>Whether that UTC was synchronised.</summary>
        public bool LastBatchSnapshotUtcSynchronized { get; internal set; }

        /// <summary>Powered-on time from the last snapshot to the last authenticated entry, ms (over restarts in between).</summary>
        public long PoweredOnAfterSnapshotMilliseconds { get; internal set; }

        /// <summary>Copies the MAC the chain continues from.</summary>
        public void CopyLastMac(byte[] destination, int offset)
        {
            Array.Copy(_lastMac, 0, destination, offset, RecordFormat.MacLength);
        }

        /// <summary>Copies the SHA-256 of the torn bytes (zeros when none).</summary>
        public void CopyTornSha256(byte[] destination, int offset)
        {
            Array.Copy(_tornSha256, 0, destination, offset, Sha256.HashLength);
        }

        /// <summary>Authenticated entries of a type in the record.</summary>
        public long CountOf(RecordEntryType type)
        {
            return Verification == null ? 0 : Verification.CountOf(type);
        }

        internal byte[] LastMacBuffer
        {
            get { return _lastMac; }
        }

        internal byte[] TornSha256Buffer
        {
            get { return _tornSha256; }
        }
    }
}
