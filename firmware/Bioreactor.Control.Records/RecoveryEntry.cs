namespace Bioreactor.Control.Records
{
    /// <summary>What a recovery entry reports. Stored in records: never renumber.</summary>
    public enum RecoveryKind
    {
        /// <summary>An incomplete last entry (a write torn by a power cut) was cut from the record.</summary>
        TornTailCut = 1,

        /// <summary>The device restarted during the batch: how long it was off, a deviation.</summary>
        PowerRestored = 2,

        /// <summary>The start-up scan found the record damaged before its end (the verifier names the entry).</summary>
        IntegrityFinding = 3,

        /// <summary>
        /// The batch layer restored the batch (a deviation): the outage it applied, its phase-timer policy, and the phase
        /// time before and after.
        /// </summary>
        BatchRestored = 4,
    }

    /// <summary>
    /// A start-up recovery event. Payload, 116 bytes: u8 kind, u8 flags (bit 0 deviation, bit 1 previous entry's UTC
    /// synchronised, bit 2 powered-off duration known), i32 torn bytes cut, 32 bytes SHA-256 of the bytes cut (zeros when
    /// none), u32 sequence of the last intact entry, i64 its UTC (ms since 1970), i64 its monotonic ms, i64 boot UTC
    /// (UTC minus monotonic time at recovery), i64 powered-off ms (boot UTC minus the last entry's UTC, an upper bound;
    /// -1 unknown), u8 finding (RecordFinding), u32 finding's sequence, i64 finding's byte position, then for BatchRestored:
    /// u8 phase-timer policy (the batch layer's code), i32 phase index, i64 phase time before ms, i64 phase time after ms,
    /// i64 batch event number (zeros for the other kinds).
    /// </summary>
    public sealed class RecoveryEntry
    {
        /// <summary>Flag: the event is a process deviation (power was lost during the batch).</summary>
        public const int FlagDeviation = 0x01;

        /// <summary>Flag: the last intact entry's UTC was synchronised.</summary>
        public const int FlagPreviousUtcSynchronized = 0x02;

        /// <summary>Flag: <see cref="PoweredOffMilliseconds"/> is known (both UTC times synchronised).</summary>
        public const int FlagPoweredOffKnown = 0x04;

        /// <summary>Payload length, bytes.</summary>
        public const int PayloadLength = 116;

        /// <summary>What is reported.</summary>
        public RecoveryKind Kind { get; private set; }

        /// <summary>Flags (<see cref="FlagDeviation"/> …).</summary>
        public int Flags { get; private set; }

        /// <summary>Bytes cut from the end of the record (TornTailCut).</summary>
        public int TornBytes { get; private set; }

        /// <summary>SHA-256 of the bytes cut (evidence of what was removed), zeros when none.</summary>
        public byte[] TornSha256 { get; private set; }

        /// <summary>Sequence number of the last intact entry before the restart.</summary>
        public long PreviousSequence { get; private set; }

        /// <summary>UTC of that entry, ms since 1970.</summary>
        public long PreviousUtcUnixMilliseconds { get; private set; }

        /// <summary>Monotonic ms of that entry (the previous power-on's clock).</summary>
        public long PreviousMonotonicMilliseconds { get; private set; }

        /// <summary>UTC of this start-up's boot (UTC minus the monotonic clock at recovery), ms since 1970.</summary>
        public long BootUtcUnixMilliseconds { get; private set; }

        /// <summary>Upper bound of the time powered off, ms (boot minus the last entry's UTC); -1 when unknown.</summary>
        public long PoweredOffMilliseconds { get; private set; }

        /// <summary>The integrity finding (IntegrityFinding).</summary>
        public RecordFinding Finding { get; private set; }

        /// <summary>Sequence number the finding names.</summary>
        public long FindingSequence { get; private set; }

        /// <summary>Byte position of the finding in the record.</summary>
        public long FindingPosition { get; private set; }

        /// <summary>The phase-timer policy the batch layer applied (BatchRestored).</summary>
        public int PhaseTimerPolicy { get; private set; }

        /// <summary>The phase the batch was restored in (BatchRestored).</summary>
        public int PhaseIndex { get; private set; }

        /// <summary>Phase time before the restore, ms (BatchRestored).</summary>
        public long PhaseTimeBeforeMilliseconds { get; private set; }

        /// <summary>Phase time after the restore's timer policy, ms (BatchRestored).</summary>
        public long PhaseTimeAfterMilliseconds { get; private set; }

        /// <summary>The batch layer's event number (BatchEvent.Sequence), 0 when the entry did not come from a batch event.</summary>
        public long BatchEventSequence { get; private set; }

        /// <summary>Whether the event is a process deviation.</summary>
        public bool IsDeviation
        {
            get { return (Flags & FlagDeviation) != 0; }
        }

        /// <summary>Whether the powered-off duration is known.</summary>
        public bool IsPoweredOffKnown
        {
            get { return (Flags & FlagPoweredOffKnown) != 0; }
        }

        /// <summary>Decodes a recovery entry, or null when the frame is not one.</summary>
        public static RecoveryEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.Recovery)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new RecoveryEntry();
            entry.Kind = (RecoveryKind)reader.UInt8();
            entry.Flags = reader.UInt8();
            entry.TornBytes = reader.Int32();
            entry.TornSha256 = reader.Bytes(Sha256.HashLength);
            entry.PreviousSequence = reader.UInt32();
            entry.PreviousUtcUnixMilliseconds = reader.Int64();
            entry.PreviousMonotonicMilliseconds = reader.Int64();
            entry.BootUtcUnixMilliseconds = reader.Int64();
            entry.PoweredOffMilliseconds = reader.Int64();
            entry.Finding = (RecordFinding)reader.UInt8();
            entry.FindingSequence = reader.UInt32();
            entry.FindingPosition = reader.Int64();
            entry.PhaseTimerPolicy = reader.UInt8();
            entry.PhaseIndex = reader.Int32();
            entry.PhaseTimeBeforeMilliseconds = reader.Int64();
            entry.PhaseTimeAfterMilliseconds = reader.Int64();
            entry.BatchEventSequence = reader.Int64();
            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, RecoveryKind kind, int flags, int tornBytes, byte[] tornSha256,
            long previousSequence, long previousUtc, long previousMonotonic, long bootUtc, long poweredOff,
            RecordFinding finding, long findingSequence, long findingPosition, int phaseTimerPolicy, int phaseIndex,
            long phaseTimeBefore, long phaseTimeAfter, long batchEventSequence)
        {
            payload.UInt8((int)kind);
            payload.UInt8(flags);
            payload.Int32(tornBytes);
            payload.Bytes(tornSha256, Sha256.HashLength);
            payload.UInt32(previousSequence < 0 ? 0 : previousSequence);
            payload.Int64(previousUtc);
            payload.Int64(previousMonotonic);
            payload.Int64(bootUtc);
            payload.Int64(poweredOff);
            payload.UInt8((int)finding);
            payload.UInt32(findingSequence < 0 ? 0 : findingSequence);
            payload.Int64(findingPosition);
            payload.UInt8(phaseTimerPolicy);
            payload.Int32(phaseIndex);
            payload.Int64(phaseTimeBefore);
            payload.Int64(phaseTimeAfter);
            payload.Int64(batchEventSequence);
        }
    }
}
