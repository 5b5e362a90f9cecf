namespace Bioreactor.Control.Records
{
    /// <summary>What the verifier found first. The numbers are stored in recovery entries: never renumber.</summary>
    public enum RecordFinding
    {
        /// <summary>Every entry authenticates, in order, and every sequence gap is explained by a StorageLoss entry.</summary>
        None = 0,

        /// <summary>The entry at the expected sequence number does not authenticate (a byte changed) or is structurally damaged.</summary>
        Modified = 1,

        /// <summary>Entries are missing before the next authentic one (a sequence gap no StorageLoss entry explains).</summary>
        Removed = 2,

        /// <summary>An entry that is not part of the chain stands where the expected one should be (forged, replayed, or after Closing).</summary>
        Inserted = 3,

        /// <summary>An authentic entry stands before the one that should precede it (entries swapped).</summary>
        Reordered = 4,

        /// <summary>Whole entries are missing at the end: the last sequence is below the one the device announced.</summary>
        Truncated = 5,

        /// <summary>The record ends inside an entry (a write torn by a power cut, expected before start-up recovery).</summary>
        TornTail = 6,
    }
}
