using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The portable half of the platform angle sensor: an ams-OSRAM AS5600 12-bit magnetic rotary position sensor on
    /// the rocking platform's pivot axis, read over I2C (AS5600 data sheet v1-06, "Register Map" and "Status
    /// Registers"). Turns the STATUS and RAW ANGLE registers into the platform angle in degrees (positive = tilted
    /// towards the motor side); this class is the <see cref="ISensor"/> the core reads.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Use (device glue, I2C address 36h, up to 400 kHz here): each sample, WriteRead [0Bh] → 1 byte (STATUS), and
    /// WriteRead [0Ch] → 2 bytes (RAW ANGLE high, low), then <see cref="Update"/>; on an I2C error
    /// <see cref="ReportNoResponse"/>. RAW ANGLE is used rather than ANGLE so that nothing has to be burnt into the
    /// chip's one-time-programmable ZPOS/MPOS registers: the level position is a configuration value
    /// (<see cref="ZeroRawCounts"/>), captured at commissioning with the platform levelled.
    /// </para>
    /// <para>
    /// Conversion: angle = sign × wrap((raw − zero) × 360 / 4096) into [−180, 180). Status: MD (bit 5) must be set
    /// and ML (bit 4, magnet too weak: AGC at maximum gain) and MH (bit 3, magnet too strong: AGC at minimum gain)
    /// clear, otherwise <see cref="SensorStatus.DeviceFault"/>; a RAW ANGLE with any of its four unused high bits
    /// set cannot come from the chip (a stuck-high bus reads FFh) → <see cref="SensorStatus.NoResponse"/>.
    /// </para>
    /// </remarks>
    public sealed class As5600AngleSensor : ISensor
    {
        /// <summary>The AS5600's 7-bit I2C address (fixed, data sheet "I²C Interface").</summary>
        public const int I2cAddress = 0x36;

        /// <summary>STATUS register address.</summary>
        public const byte StatusRegister = 0x0B;

        /// <summary>RAW ANGLE register address (high byte; the low byte follows at 0Dh).</summary>
        public const byte RawAngleRegister = 0x0C;

        /// <summary>STATUS bit 5, MD: a magnet is detected.</summary>
        public const byte MagnetDetected = 0x20;

        /// <summary>STATUS bit 4, ML: the magnet is too weak (AGC maximum gain overflow).</summary>
        public const byte MagnetTooWeak = 0x10;

        /// <summary>STATUS bit 3, MH: the magnet is too strong (AGC minimum gain overflow).</summary>
        public const byte MagnetTooStrong = 0x08;

        /// <summary>Counts per revolution of the 12-bit angle.</summary>
        public const int CountsPerRevolution = 4096;

        private readonly int _zeroRawCounts;
        private readonly double _sign;
        private readonly SensorReading _reading = new SensorReading();

        /// <summary>Creates the angle conversion.</summary>
        /// <param name="zeroRawCounts">RAW ANGLE with the platform level; in [0, 4095].</param>
        /// <param name="reversed">True when the platform's positive direction (towards the motor) decreases RAW ANGLE.</param>
        public As5600AngleSensor(int zeroRawCounts, bool reversed)
        {
            if (zeroRawCounts < 0 || zeroRawCounts >= CountsPerRevolution)
            {
                throw new ArgumentOutOfRangeException("zeroRawCounts", "zeroRawCounts must be in [0, 4095]");
            }

            _zeroRawCounts = zeroRawCounts;
            _sign = reversed ? -1.0 : 1.0;
            _reading.Set(0.0, SensorStatus.NoResponse, 0);
        }

        /// <summary>RAW ANGLE with the platform level.</summary>
        public int ZeroRawCounts
        {
            get { return _zeroRawCounts; }
        }

        /// <summary>RAW ANGLE of the last update (0–4095).</summary>
        public int LastRawCounts { get; private set; }

        /// <summary>STATUS of the last update.</summary>
        public byte LastStatus { get; private set; }

        /// <summary>Copies the most recent sample into <paramref name="reading"/>: the platform angle in degrees, or why there is none.</summary>
        public void Read(SensorReading reading)
        {
            reading.CopyFrom(_reading);
        }

        /// <summary>The platform angle for a RAW ANGLE, degrees in [−180, 180).</summary>
        public double AngleDegrees(int rawCounts)
        {
            int counts = (rawCounts - _zeroRawCounts) % CountsPerRevolution;
            if (counts < 0)
            {
                counts += CountsPerRevolution;
            }

            if (counts >= CountsPerRevolution / 2)
            {
                counts -= CountsPerRevolution;
            }

            return _sign * counts * 360.0 / CountsPerRevolution;
        }

        /// <summary>The core's status for a STATUS register: Ok only with the magnet detected and neither AGC limit hit.</summary>
        public static SensorStatus StatusFromRegister(byte status)
        {
            if ((status & MagnetDetected) == 0 || (status & (MagnetTooWeak | MagnetTooStrong)) != 0)
            {
                return SensorStatus.DeviceFault;
            }

            return SensorStatus.Ok;
        }

        /// <summary>Converts one sample from the STATUS byte and the two RAW ANGLE bytes.</summary>
        /// <param name="status">STATUS (0Bh).</param>
        /// <param name="rawAngleHigh">RAW ANGLE high byte (0Ch), bits 11:8 in its low nibble.</param>
        /// <param name="rawAngleLow">RAW ANGLE low byte (0Dh).</param>
        /// <param name="sampleMilliseconds">Monotonic time of the read, ms.</param>
        public void Update(byte status, byte rawAngleHigh, byte rawAngleLow, long sampleMilliseconds)
        {
            LastStatus = status;
            if ((rawAngleHigh & 0xF0) != 0)
            {
                _reading.Set(0.0, SensorStatus.NoResponse, sampleMilliseconds);
                return;
            }

            SensorStatus verdict = StatusFromRegister(status);
            if (verdict != SensorStatus.Ok)
            {
                _reading.Set(0.0, verdict, sampleMilliseconds);
                return;
            }

            int raw = (rawAngleHigh << 8) | rawAngleLow;
            LastRawCounts = raw;
            _reading.Set(AngleDegrees(raw), SensorStatus.Ok, sampleMilliseconds);
        }

        /// <summary>Records that the I2C transfer failed (no acknowledge, timeout).</summary>
        public void ReportNoResponse(long sampleMilliseconds)
        {
            _reading.Set(0.0, SensorStatus.NoResponse, sampleMilliseconds);
        }
    }
}
