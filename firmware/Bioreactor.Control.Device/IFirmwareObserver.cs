using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Control;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// Hears what <see cref="BioreactorFirmware"/> decides as it decides it: every alarm transition and every batch event, in
    /// order, and every status refresh (the protocol turns them into MQTT events, telemetry and state). Called under the
    /// device lock: on the control thread from the tick, on the record thread from a command, and from the start-up resume;
    /// except <see cref="OnRecordHead"/>, which the record thread calls without it.
    /// Implementations copy what they need into preallocated storage and return at once, allocating nothing and never
    /// throwing; the objects passed are the firmware's own, reused after the call: copy them to keep them (e.g.
    /// <see cref="AlarmTransition.CopyFrom"/>, <see cref="BatchEvent.CopyFrom"/>), never keep the reference.
    /// </summary>
    public interface IFirmwareObserver
    {
        /// <summary>An alarm transition was taken from the alarm manager (and queued for the record when one is open).</summary>
        void OnAlarmTransition(AlarmTransition transition);

        /// <summary>A batch event was taken from the batch controller (and queued for the record when one is open).</summary>
        void OnBatchEvent(BatchEvent batchEvent);

        /// <summary>The device status was refreshed (see <see cref="DeviceStatus"/> for when).</summary>
        void OnStatus(DeviceStatus status);

        /// <summary>
        /// The record thread has written what was queued (and at start-up): the record's chain head, i.e. its batch id,
        /// the sequence number of its last durable entry and that entry's chained MAC (<see cref="RecordFormat.MacLength"/>
        /// bytes, the firmware's own buffer: copy them); <paramref name="closed"/> when that entry is the durable closing
        /// entry (the closed record's final head, handed on until another record opens); <paramref name="batchId"/> null
        /// and <paramref name="sequence"/> -1 when no record has been open since start-up or nothing of the open one is
        /// durable yet. Record thread, NOT under the device lock; never on the control tick.
        /// </summary>
        void OnRecordHead(string batchId, long sequence, byte[] mac, bool closed);
    }
}
