using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    /// <summary>A sensor of the tiny fake board: a fixed value, sampled now.</summary>
    public sealed class FixedSensor : ISensor
    {
        private readonly IClock _clock;

        /// <summary>A sensor reading <paramref name="value"/>.</summary>
        public FixedSensor(IClock clock, double value)
        {
            _clock = clock;
            Value = value;
        }

        /// <summary>The value read.</summary>
        public double Value { get; set; }

        /// <inheritdoc/>
        public void Read(SensorReading reading)
        {
            reading.Set(Value, SensorStatus.Ok, _clock.MonotonicMilliseconds);
        }
    }

    /// <summary>The fake board's outputs and door: remember what they were told.</summary>
    public sealed class FakeOutputs : ISwitchedOutput, IRockerDrive, IDoorSwitch
    {
        /// <summary>Last Set.</summary>
        public bool On { get; private set; }

        /// <inheritdoc/>
        public bool IsOpen { get; set; }

        /// <inheritdoc/>
        public void Set(bool on)
        {
            On = on;
        }

        /// <inheritdoc/>
        public void SetSpeed(double degreesPerSecond)
        {
        }

        /// <inheritdoc/>
        public void SetEnabled(bool enabled)
        {
        }
    }
}
