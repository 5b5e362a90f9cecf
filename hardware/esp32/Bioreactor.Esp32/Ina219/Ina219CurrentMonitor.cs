using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The portable half of the heater current monitor: a TI INA219 high-side current/power monitor on the shared I2C bus,
    /// its shunt in the heater's 24 V supply (TI INA219 data sheet SBOS448, "Register Maps": configuration 00h, shunt
    /// voltage 01h, bus voltage 02h). Turns the shunt-voltage register into amperes through the shunt's resistance, and
    /// the bus-voltage register into volts; this class is the <see cref="ISensor"/> the core reads (A).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Use (device glue, I2C address 40h with A0 = A1 = GND, up to 400 kHz here): at start-up write
    /// <see cref="FillConfigurationWrite"/>; each sample, WriteRead [01h] → 2 bytes (shunt voltage) and WriteRead [02h] →
    /// 2 bytes (bus voltage), then <see cref="Update"/>; on an I2C error <see cref="ReportNoResponse"/>. The current is
    /// computed here from the shunt voltage, not read from the chip's current register: that register depends on the
    /// calibration register, which a brown-out of the chip resets to 0 (data sheet: calibration register default 0000h),
    /// so a chip that restarted would read 0 A, exactly what a failed-off heater reads.
    /// </para>
    /// <para>
    /// Registers: shunt voltage is two's complement, LSB 10 µV at every PGA range; bus voltage bits 15–3 are the voltage
    /// (LSB 4 mV), bit 1 CNVR (conversion ready), bit 0 OVF (math overflow). A configuration register read back different
    /// from what was written means the chip was reset: <see cref="SensorStatus.DeviceFault"/> and
    /// <see cref="ConfigurationWriteNeeded"/>. A shunt voltage at the PGA's full scale → <see cref="SensorStatus.OutOfRange"/>.
    /// </para>
    /// </remarks>
    public sealed class Ina219CurrentMonitor : ISensor
    {
        /// <summary>7-bit I2C address with A0 = A1 = GND (data sheet, "Serial Bus Address").</summary>
        public const int I2cAddress = 0x40;

        /// <summary>Configuration register address.</summary>
        public const byte ConfigurationRegister = 0x00;

        /// <summary>Shunt voltage register address.</summary>
        public const byte ShuntVoltageRegister = 0x01;

        /// <summary>Bus voltage register address.</summary>
        public const byte BusVoltageRegister = 0x02;

        /// <summary>Shunt voltage LSB, V (10 µV, every PGA range).</summary>
        public const double ShuntVoltageLsbVolts = 10.0e-6;

        /// <summary>Bus voltage LSB, V (4 mV, bits 15–3).</summary>
        public const double BusVoltageLsbVolts = 4.0e-3;

        /// <summary>
        /// Configuration used: BRNG = 1 (32 V bus range), PG = 01 (÷2, ±80 mV shunt range), BADC = SADC = 0011 (12-bit,
        /// 532 µs), MODE = 111 (shunt and bus, continuous): 0x299F. The power-on default is 0x399F (PG = ÷8).
        /// </summary>
        public const ushort Configuration = 0x299F;

        /// <summary>Full scale of the ±80 mV PGA range, V.</summary>
        public const double ShuntFullScaleVolts = 0.080;

        private readonly double _shuntOhms;
        private SensorReading _reading;

        /// <summary>Creates the conversion.</summary>
        /// <param name="shuntOhms">Shunt resistance, Ω (0.0001–10). The board's is 10 mΩ: 4.2 A gives 42 mV, inside ±80 mV.</param>
        public Ina219CurrentMonitor(double shuntOhms)
        {
            // NaN first: on nanoCLR NaN >= 0.0001 is true.
            if (double.IsNaN(shuntOhms))
            {
                throw new ArgumentOutOfRangeException("shuntOhms", Finite.NotANumber("shuntOhms"));
            }

            if (!(shuntOhms >= 0.0001 && shuntOhms <= 10.0))
            {
                throw new ArgumentOutOfRangeException("shuntOhms", "shuntOhms must be 0.0001 to 10 ohm");
            }

            _shuntOhms = shuntOhms;
            _reading = new SensorReading(0.0, SensorStatus.NoResponse, 0);
            ConfigurationWriteNeeded = true;
        }

        /// <summary>Shunt resistance, Ω.</summary>
        public double ShuntOhms
        {
            get { return _shuntOhms; }
        }

        /// <summary>Bus voltage of the last good update (the heater supply downstream of the relay), V.</summary>
        public double BusVolts { get; private set; }

        /// <summary>True when the configuration must be (re)written (at start and after the chip was found reset).</summary>
        public bool ConfigurationWriteNeeded { get; private set; }

        /// <summary>Returns the most recent sample: the heater current in amperes, or why there is none.</summary>
        public SensorReading Read()
        {
            return _reading;
        }

        /// <summary>Fills [register, high, low] to write the configuration; returns the byte count (3).</summary>
        public static int FillConfigurationWrite(byte[] buffer, int offset)
        {
            buffer[offset] = ConfigurationRegister;
            buffer[offset + 1] = (byte)(Configuration >> 8);
            buffer[offset + 2] = (byte)(Configuration & 0xFF);
            return 3;
        }

        /// <summary>Call after the configuration was written successfully.</summary>
        public void ConfigurationWritten()
        {
            ConfigurationWriteNeeded = false;
        }

        /// <summary>Shunt voltage of a register value, V (two's complement × 10 µV).</summary>
        public static double ShuntVolts(byte high, byte low)
        {
            short raw = (short)((high << 8) | low);
            return raw * ShuntVoltageLsbVolts;
        }

        /// <summary>Bus voltage of a register value, V (bits 15–3 × 4 mV).</summary>
        public static double BusVoltsFromRegister(byte high, byte low)
        {
            int raw = (high << 8) | low;
            return (raw >> 3) * BusVoltageLsbVolts;
        }

        /// <summary>Converts one sample.</summary>
        /// <param name="configurationHigh">Configuration register read back, high byte (00h).</param>
        /// <param name="configurationLow">Configuration register read back, low byte.</param>
        /// <param name="shuntHigh">Shunt voltage register (01h), high byte.</param>
        /// <param name="shuntLow">Shunt voltage register, low byte.</param>
        /// <param name="busHigh">Bus voltage register (02h), high byte.</param>
        /// <param name="busLow">Bus voltage register, low byte.</param>
        /// <param name="sampleMilliseconds">Monotonic time of the read, ms.</param>
        public void Update(byte configurationHigh, byte configurationLow, byte shuntHigh, byte shuntLow, byte busHigh, byte busLow,
            long sampleMilliseconds)
        {
            int configuration = (configurationHigh << 8) | configurationLow;
            if (configuration == 0xFFFF)
            {
                // A bus held high (no chip answering) reads all ones.
                _reading = new SensorReading(0.0, SensorStatus.NoResponse, sampleMilliseconds);
                return;
            }

            if (configuration != Configuration)
            {
                ConfigurationWriteNeeded = true;
                _reading = new SensorReading(0.0, SensorStatus.DeviceFault, sampleMilliseconds);
                return;
            }

            double shunt = ShuntVolts(shuntHigh, shuntLow);
            BusVolts = BusVoltsFromRegister(busHigh, busLow);
            if (Math.Abs(shunt) >= ShuntFullScaleVolts)
            {
                _reading = new SensorReading(shunt / _shuntOhms, SensorStatus.OutOfRange, sampleMilliseconds);
                return;
            }

            _reading = new SensorReading(shunt / _shuntOhms, SensorStatus.Ok, sampleMilliseconds);
        }

        /// <summary>Records that the I2C transfer failed (no acknowledge, timeout).</summary>
        public void ReportNoResponse(long sampleMilliseconds)
        {
            _reading = new SensorReading(0.0, SensorStatus.NoResponse, sampleMilliseconds);
        }
    }
}
