using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// One queued event of the link's event topic: an alarm transition or a batch event. A
    /// preallocated slot of the session's event ring, filled in place (a class: on nanoCLR every load of a struct copies it
    /// onto the heap).
    /// </summary>
    internal sealed class LinkEvent
    {
        /// <summary>An alarm transition (<see cref="Alarm"/>, <see cref="Priority"/>).</summary>
        public const int KindAlarm = 0;

        /// <summary>A batch event (<see cref="Batch"/>, <see cref="BatchId"/>).</summary>
        public const int KindBatch = 1;

        public int Kind;
        public long Number;
        public long UtcMilliseconds;

        // Alarm transition (copied with AlarmTransition.CopyFrom; the firmware reuses its object) and its priority.
        public readonly AlarmTransition Alarm = new AlarmTransition();
        public AlarmPriority Priority;

        // Batch event (copied with BatchEvent.CopyFrom) and the batch it belongs to.
        public readonly BatchEvent Batch = new BatchEvent();
        public string BatchId;

        // Every kind: who (the acknowledging operator, or the batch event's operator) and why.
        public string OperatorId;
        public OperatorRole Role;
        public string Reason;

        /// <summary>Forgets the strings the slot held.</summary>
        public void Clear()
        {
            Batch.Clear();
            BatchId = null;
            OperatorId = null;
            Reason = null;
        }
    }
}
