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
    /// sample from a stale one. A struct, so reading a sensor on the periodic path allocates nothing.
    /// </summary>
    public struct SensorReading
    {
        /// <summary>The value in the sensor's engineering unit; meaningless unless <see cref="Status"/> is Ok.</summary>
        public double Value;

        /// <summary>The driver's verdict on this sample.</summary>
        public SensorStatus Status;

        /// <summary>Monotonic milliseconds (the clock port's timebase) when the sample was converted.</summary>
        public long SampleMilliseconds;

        /// <summary>Creates a reading.</summary>
        public SensorReading(double value, SensorStatus status, long sampleMilliseconds)
        {
            Value = value;
            Status = status;
            SampleMilliseconds = sampleMilliseconds;
        }
    }
}
