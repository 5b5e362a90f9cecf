using Bioreactor.Control.Ports;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The bounded hand-over of record entries from the threads that decide them (the control tick, a command) to the
    /// record thread that MACs, appends and flushes them: a ring of preallocated, fixed-size slots, so handing over a
    /// sample, an alarm transition or a snapshot allocates nothing. Internal to <see cref="BioreactorFirmware"/>.
    /// </summary>
    /// <remarks>
    /// <para>One producer at a time: every producer holds the device lock (BioreactorFirmware's), so
    /// <see cref="TryReserve"/> … <see cref="Commit"/> need no lock of their own around the filling. One consumer: the record
    /// thread (<see cref="Peek"/> … <see cref="Release"/>); a slot belongs to the producer from TryReserve to Commit and
    /// to the consumer from Peek to Release, so its fields are never read and written at once. The queue's own lock guards
    /// the indices, the drop counts and the writer's state handed back (<see cref="Publish"/>, <see cref="ReadWriterState"/>);
    /// it is held for a few assignments only, never across a write.</para>
    /// <para>A full queue never blocks: the entry is dropped and counted on the slot queued last
    /// (<see cref="TryReserve"/>), so the record thread declares the drops exactly where they happened, after that slot
    /// and before anything queued later (BatchRecordWriter.DeclareDropped: a StorageLoss entry).</para>
    /// </remarks>
    internal sealed class RecordQueue
    {
        internal const int KindSample = 0;
        internal const int KindAlarm = 1;
        internal const int KindSnapshot = 2;
        internal const int KindBatchEvent = 3;
        internal const int KindBegin = 4;
        internal const int KindClose = 5;
        internal const int KindFault = 6;
        internal const int KindTunings = 7;

        private readonly object _sync = new object();
        private readonly RecordQueueEntry[] _entries;
        private int _start;
        private int _count;
        private bool _reserved;

        // Written by the record thread (Publish), read by the control thread (ReadWriterState).
        private bool _writerFailing;
        private long _writerLost;

        // Dropped entries: handed to the record thread with the slot they follow; undeclared until it has declared them.
        private long _droppedTotal;
        private long _droppedUndeclared;

        // The consumer's view of the drops attached to the slot it released last.
        internal long ReleasedDropped;
        internal long ReleasedDroppedSamples;
        internal long ReleasedFirstDropMilliseconds;
        internal long ReleasedLastDropMilliseconds;

        internal RecordQueue(int capacity)
        {
            _entries = new RecordQueueEntry[capacity];
            for (int i = 0; i < capacity; i++)
            {
                _entries[i] = new RecordQueueEntry();
            }
        }

        internal int Capacity
        {
            get { return _entries.Length; }
        }

        internal int Count
        {
            get
            {
                lock (_sync)
                {
                    return _count;
                }
            }
        }

        internal long DroppedTotal
        {
            get
            {
                lock (_sync)
                {
                    return _droppedTotal;
                }
            }
        }

        /// <summary>
        /// Producer: the free slot at the tail with its kind set; or, when the queue is full, null: the entry is dropped and
        /// counted on the slot queued last, in the same lock (see the class remarks).
        /// </summary>
        internal RecordQueueEntry TryReserve(int kind, long nowMilliseconds)
        {
            lock (_sync)
            {
                if (_count < _entries.Length)
                {
                    RecordQueueEntry entry = _entries[(_start + _count) % _entries.Length];
                    entry.Kind = kind;
                    _reserved = true;
                    return entry;
                }

                RecordQueueEntry last = _entries[(_start + _count - 1) % _entries.Length];
                if (last.DroppedAfter == 0)
                {
                    last.FirstDropMilliseconds = nowMilliseconds;
                }

                last.DroppedAfter++;
                if (kind == KindSample)
                {
                    last.DroppedSamplesAfter++;
                }

                last.LastDropMilliseconds = nowMilliseconds;
                _droppedTotal++;
                _droppedUndeclared++;
                return null;
            }
        }

        /// <summary>Producer: the reserved slot is filled; the record thread may take it.</summary>
        internal void Commit()
        {
            lock (_sync)
            {
                if (_reserved)
                {
                    _reserved = false;
                    _count++;
                }
            }
        }

        /// <summary>Consumer: the oldest queued slot, or null when none is waiting.</summary>
        internal RecordQueueEntry Peek()
        {
            lock (_sync)
            {
                return _count == 0 ? null : _entries[_start];
            }
        }

        /// <summary>
        /// Consumer: the slot from <see cref="Peek"/> is written; frees it and takes the drops that followed it into the
        /// Released… fields (0 when none).
        /// </summary>
        internal void Release()
        {
            lock (_sync)
            {
                RecordQueueEntry entry = _entries[_start];
                ReleasedDropped = entry.DroppedAfter;
                ReleasedDroppedSamples = entry.DroppedSamplesAfter;
                ReleasedFirstDropMilliseconds = entry.FirstDropMilliseconds;
                ReleasedLastDropMilliseconds = entry.LastDropMilliseconds;
                entry.DroppedAfter = 0;
                entry.DroppedSamplesAfter = 0;
                _start = (_start + 1) % _entries.Length;
                _count--;
            }
        }

        /// <summary>Consumer: the writer's storage state after its last write, and drops now declared to it.</summary>
        internal void Publish(bool storageFailing, long lostEntries, long declared)
        {
            lock (_sync)
            {
                _writerFailing = storageFailing;
                _writerLost = lostEntries;
                _droppedUndeclared -= declared;
            }
        }

        /// <summary>Control thread: the writer's state as last published, and drops the writer has not been told of yet.</summary>
        internal void ReadWriterState(out bool storageFailing, out long lostEntries, out long undeclaredDrops)
        {
            lock (_sync)
            {
                storageFailing = _writerFailing;
                lostEntries = _writerLost;
                undeclaredDrops = _droppedUndeclared;
            }
        }
    }

    /// <summary>
    /// One slot of the <see cref="RecordQueue"/>: room for any entry the firmware hands over. Fixed binary payloads (a sample,
    /// an alarm transition, a batch snapshot) are encoded into <see cref="Payload"/> by the producer; entries with text keep
    /// references to strings that already exist (the batch event's, the request's) and are encoded by the record thread.
    /// </summary>
    internal sealed class RecordQueueEntry
    {
        internal int Kind;

        // Sample (68 bytes), alarm transition (32) or batch snapshot (BatchController.StateSizeBytes, 168 today).
        internal const int PayloadCapacity = BatchController.StateSizeBytes > RecordSample.PayloadLength
            ? BatchController.StateSizeBytes : RecordSample.PayloadLength;

        internal readonly byte[] Payload = new byte[PayloadCapacity];
        internal int PayloadLength;

        // A batch event (KindBatchEvent), copied with BatchEvent.CopyFrom: the drain reuses its own object.
        internal readonly BatchEvent Event = new BatchEvent();

        // The closing entry (KindClose: the state released from, who released, the batch id in Text) and a new record
        // (KindBegin: Text is the batch id).
        internal BatchState FromState;
        internal string OperatorId;
        internal string Text;

        // A new record (KindBegin): its recipe; the header is built on the record thread.
        internal Recipe Recipe;

        // A sensor or actuator fault's cause (KindFault, see FaultCause): which fault alarm, safety's verdict, the driver's status.
        internal AlarmId FaultSource;
        internal SensorVerdict FaultVerdict;
        internal SensorStatus FaultStatus;

        // The tunings an autotune wrote into the cascade (KindTunings; immutable objects, shared): before and after.
        internal PidTunings OldInnerTunings;
        internal PidTunings OldOuterTunings;
        internal PidTunings NewInnerTunings;
        internal PidTunings NewOuterTunings;

        // Entries dropped right after this one (see RecordQueue.TryReserve).
        internal long DroppedAfter;
        internal long DroppedSamplesAfter;
        internal long FirstDropMilliseconds;
        internal long LastDropMilliseconds;

        /// <summary>Forgets the references the slot held (strings, recipe) once it is written.</summary>
        internal void Clear()
        {
            Event.Clear();
            OperatorId = null;
            Text = null;
            Recipe = null;
            OldInnerTunings = null;
            OldOuterTunings = null;
            NewInnerTunings = null;
            NewOuterTunings = null;
        }
    }
}
