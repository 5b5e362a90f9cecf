using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// What <see cref="RecordVerifier"/> found: the first finding with the entry it names, and what was verified before it.
    /// </summary>
    public sealed class RecordVerification
    {
        private readonly long[] _counts = new long[RecordFormat.EntryTypeCount];
        private readonly byte[] _lastMac = new byte[RecordFormat.MacLength];

        internal RecordVerification()
        {
            FindingSequence = -1;
            FindingPosition = -1;
            FoundSequence = -1;
            LastSequence = -1;
            AnnouncedLastSequence = -1;
            LastEntryType = RecordEntryType.Header;
        }

        /// <summary>The first finding (None when the record is intact so far).</summary>
        public RecordFinding Finding { get; internal set; }

        /// <summary>True when nothing was found.</summary>
        public bool IsIntact
        {
            get { return Finding == RecordFinding.None; }
        }

        /// <summary>The sequence number expected where the finding is: the first entry modified, removed, replaced or missing; -1 when none.</summary>
        public long FindingSequence { get; internal set; }

        /// <summary>Byte position of the finding in the record (the offending frame or the start of the missing or torn part); -1 when none.</summary>
        public long FindingPosition { get; internal set; }

        /// <summary>The sequence number the offending frame claims, -1 when unreadable or none.</summary>
        public long FoundSequence { get; internal set; }

        /// <summary>Entries authenticated before the finding.</summary>
        public long VerifiedEntries { get; internal set; }

        /// <summary>Sequence number of the last authenticated entry, -1 when none.</summary>
        public long LastSequence { get; internal set; }

        /// <summary>Bytes of the authenticated prefix of the record (where the next entry would start).</summary>
        public long VerifiedLength { get; internal set; }

        /// <summary>Entries that StorageLoss entries declare lost (sequence gaps they explain).</summary>
        public long ExplainedLostEntries { get; internal set; }

        /// <summary>Bytes after the last complete frame (TornTail).</summary>
        public int TornBytes { get; internal set; }

        /// <summary>Whether the header (sequence 0) authenticated.</summary>
        public bool HasHeader { get; internal set; }

        /// <summary>Whether a Closing entry authenticated (the batch ended).</summary>
        public bool IsClosed { get; internal set; }

        /// <summary>The last sequence number the caller said the device had announced, -1 when not given.</summary>
        public long AnnouncedLastSequence { get; internal set; }

        /// <summary>Announced entries absent from the record (0 when none or not announced).</summary>
        public long MissingAnnouncedEntries { get; internal set; }

        /// <summary>Type of the last authenticated entry.</summary>
        public RecordEntryType LastEntryType { get; internal set; }

        /// <summary>UTC of the last authenticated entry, ms since 1970.</summary>
        public long LastEntryUtcUnixMilliseconds { get; internal set; }

        /// <summary>Whether that UTC was synchronised.</summary>
        public bool LastEntryUtcSynchronized { get; internal set; }

        /// <summary>Monotonic ms of the last authenticated entry.</summary>
        public long LastEntryMonotonicMilliseconds { get; internal set; }

        /// <summary>Authenticated entries of a type.</summary>
        public long CountOf(RecordEntryType type)
        {
            int i = (int)type;
            return i >= 0 && i < _counts.Length ? _counts[i] : 0;
        }

        /// <summary>Copies the MAC of the last authenticated entry (32 zero bytes when none): where the chain continues.</summary>
        public void CopyLastMac(byte[] destination, int offset)
        {
            Array.Copy(_lastMac, 0, destination, offset, RecordFormat.MacLength);
        }

        /// <summary>A one-line description for reports, e.g. "Removed: entry 5 missing at byte 768 (found 6); 5 entries verified".</summary>
        public string Describe()
        {
            string verified = Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(VerifiedEntries) + " entries verified";
            switch (Finding)
            {
                case RecordFinding.None:
                    return "intact: " + verified + (IsClosed ? ", closed" : ", open");
                case RecordFinding.Truncated:
                    return "Truncated: entries from " + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(FindingSequence) + " missing at the end (announced up to "
                        + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(AnnouncedLastSequence) + "); " + verified;
                case RecordFinding.TornTail:
                    return "TornTail: " + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(TornBytes) + " bytes of an incomplete entry at byte "
                        + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(FindingPosition) + "; " + verified;
                default:
                    return FindingName(Finding) + ": entry " + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(FindingSequence) + " at byte "
                        + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(FindingPosition) + (FoundSequence >= 0 ? " (found " + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(FoundSequence) + ")" : string.Empty)
                        + "; " + verified;
            }
        }

        /// <summary>A finding's name (no Enum.ToString on the device).</summary>
        public static string FindingName(RecordFinding finding)
        {
            switch (finding)
            {
                case RecordFinding.None: return "None";
                case RecordFinding.Modified: return "Modified";
                case RecordFinding.Removed: return "Removed";
                case RecordFinding.Inserted: return "Inserted";
                case RecordFinding.Reordered: return "Reordered";
                case RecordFinding.Truncated: return "Truncated";
                case RecordFinding.TornTail: return "TornTail";
                default: return "Unknown";
            }
        }

        internal void Count(RecordEntryType type)
        {
            _counts[(int)type]++;
        }

        internal void SetLastMac(byte[] source, int offset)
        {
            Array.Copy(source, offset, _lastMac, 0, RecordFormat.MacLength);
        }
    }
}
