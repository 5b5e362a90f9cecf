using Bioreactor.Control.Ports;
using Bioreactor.Esp32.Drivers;

namespace Bioreactor.Control.Tests
{
    /// <summary>The drivers' conversions into a new reading each, so a test can keep and compare the samples.</summary>
    internal static class ConvertedSamples
    {
        /// <summary><see cref="Max31865Probe.Convert"/> into a new reading.</summary>
        public static SensorReading Of(Max31865Probe probe, double temperatureCelsius, byte faultStatus, long sampleMilliseconds)
        {
            var reading = new SensorReading();
            probe.Convert(temperatureCelsius, faultStatus, sampleMilliseconds, reading);
            return reading;
        }

        /// <summary><see cref="Ina219CurrentMonitor.Convert"/> into a new reading.</summary>
        public static SensorReading Of(Ina219CurrentMonitor monitor, bool configured, double shuntVolts, double busVolts, long sampleMilliseconds)
        {
            var reading = new SensorReading();
            monitor.Convert(configured, shuntVolts, busVolts, sampleMilliseconds, reading);
            return reading;
        }
    }
}
