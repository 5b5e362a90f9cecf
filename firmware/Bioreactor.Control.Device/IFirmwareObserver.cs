using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Safety;
using Bioreactor.Control;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// Hears what <see cref="BioreactorFirmware"/> writes into the batch record, as it writes it: every alarm transition and
    /// every batch event, in order (the protocol turns them into MQTT events). Called on the control thread, from
    /// <see cref="BioreactorFirmware.Tick"/>, <see cref="BioreactorFirmware.Execute"/> and the start-up resume; implementations
    /// copy the struct into preallocated storage and return at once, allocating nothing and never throwing.
    /// </summary>
    public interface IFirmwareObserver
    {
        /// <summary>An alarm transition was taken from the alarm manager (and appended to the record when one is open).</summary>
        void OnAlarmTransition(AlarmTransition transition);

        /// <summary>A batch event was taken from the batch controller (and appended to the record when one is open).</summary>
        void OnBatchEvent(BatchEvent batchEvent);
    }
}
