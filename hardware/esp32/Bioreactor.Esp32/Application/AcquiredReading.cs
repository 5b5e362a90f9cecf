using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.Application
{
    /// <summary>
    /// The latest sample of a part that is read on the acquisition thread (a binding that blocks or allocates), handed to
    /// the control tick as a sensor port. The acquisition thread publishes each sample with its own timestamp; the tick
    /// reads the latest, so a part that stops answering shows as a stale sample, which the core's sensor guards already
    /// treat as a fault. Until the first publication the reading is NoResponse at time 0 (stale). Thread-safe for one
    /// writer and any number of readers (lock on a private object); allocation-free.
    /// </summary>
    public sealed class AcquiredReading : ISensor
    {
        private readonly object _lock = new object();
        private double _value;
        private SensorStatus _status = SensorStatus.NoResponse;
        private long _sampleMilliseconds;
        private int _publications;

        /// <summary>Samples published since construction.</summary>
        public int Publications
        {
            get
            {
                lock (_lock)
                {
                    return _publications;
                }
            }
        }

        /// <summary>Stores a copy of <paramref name="reading"/> (acquisition thread); keeps no reference to it.</summary>
        public void Publish(SensorReading reading)
        {
            lock (_lock)
            {
                _value = reading.Value;
                _status = reading.Status;
                _sampleMilliseconds = reading.SampleMilliseconds;
                _publications++;
            }
        }

        /// <summary>Copies the latest sample into <paramref name="reading"/> (control thread), all three fields under the lock.</summary>
        public void Read(SensorReading reading)
        {
            lock (_lock)
            {
                reading.Set(_value, _status, _sampleMilliseconds);
            }
        }
    }
}
