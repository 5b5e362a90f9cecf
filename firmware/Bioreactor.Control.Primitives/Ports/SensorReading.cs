namespace Bioreactor.Control.Ports
{
    /// <summary>What a sensor driver says about its last sample, beside the value.</summary>
    public enum SensorStatus
    {
        /// <summary>The value is a fresh, plausible conversion.</summary>
        Ok = 0,

        /// <summary>The device did not answer (bus error, timeout, CRC failure).</summary>
        NoResponse = 1,

        /// <summary>The element reads as an open circuit (e.g. MAX31865 fault bit: RTD high threshold).</summary>
        OpenCircuit = 2,

        /// <summary>The element reads as a short circuit (e.g. MAX31865 fault bit: RTD low threshold).</summary>
        ShortCircuit = 3,

        /// <summary>The device reports a value outside its own measuring range.</summary>
        OutOfRange = 4,

        /// <summary>Any other fault the device itself reports (self-test, supply, lamp…).</summary>
        DeviceFault = 5,
    }

    /// <summary>
    /// One sample from a sensor port: the value in the sensor's engineering unit (documented where the port is
    /// wired), the driver's status, and the monotonic time the sample was taken, so the core can tell a fresh
    /// sample from a stale one.
    /// </summary>
    /// <remarks>
    /// A class filled in place (<see cref="ISensor.Read"/> writes into the caller's object), not a struct: on nanoCLR
    /// every load of a value type copies it onto the heap, and a reading was copied about a hundred times a control tick
    /// (docs/architecture.md rule 3). An instance is therefore usually someone's working
    /// object that changes every tick: whoever wants to keep a sample copies it (<see cref="CopyFrom"/>).
    /// </remarks>
    public sealed class SensorReading
    {
        /// <summary>The value in the sensor's engineering unit; meaningless unless <see cref="Status"/> is Ok.</summary>
        public double Value;

        /// <summary>The driver's verdict on this sample.</summary>
        public SensorStatus Status;

        /// <summary>Monotonic milliseconds (the clock port's timebase) when the sample was converted.</summary>
        public long SampleMilliseconds;

        /// <summary>Creates an empty reading (value 0, status Ok, time 0), to be filled by <see cref="Set"/> or a sensor.</summary>
        public SensorReading()
        {
        }

        /// <summary>Creates a reading.</summary>
        public SensorReading(double value, SensorStatus status, long sampleMilliseconds)
        {
            Value = value;
            Status = status;
            SampleMilliseconds = sampleMilliseconds;
        }

        /// <summary>Overwrites all three fields.</summary>
        public void Set(double value, SensorStatus status, long sampleMilliseconds)
        {
            Value = value;
            Status = status;
            SampleMilliseconds = sampleMilliseconds;
        }

        /// <summary>Overwrites all three fields with <paramref name="other"/>'s.</summary>
        public void CopyFrom(SensorReading other)
        {
            Value = other.Value;
            Status = other.Status;
            SampleMilliseconds = other.SampleMilliseconds;
        }
    }
}
