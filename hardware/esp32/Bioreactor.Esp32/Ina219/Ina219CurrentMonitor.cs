using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The portable half of the heater current monitor: a TI INA219 high-side current/power monitor on the shared I2C bus,
    /// its shunt in the heater's 24 V supply (TI INA219 data sheet SBOS448), read through the
    /// nanoFramework.Iot.Device.Ina219 binding. Turns the binding's shunt voltage into amperes through the shunt's
    /// resistance and keeps its bus voltage (the heater supply after the relay).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The current is computed here from the shunt voltage rather than read from the chip's current register: that
    /// register depends on the calibration register, which a brown-out of the chip resets to 0 (data sheet: calibration
    /// register default 0000h), so a chip that restarted would read 0 A, exactly what a failed-off heater reads. The
    /// shunt-voltage register needs no calibration: two's complement, LSB 10 µV at every PGA range.
    /// </para>
    /// <para>
    /// Set-up through the binding (Iot.Device.Adc.Ina219): Reset(), then BusVoltageRange = Range32v (the 24 V rail) and
    /// PgaSensitivity = PlusOrMinus80mv (4.2 A through 10 mΩ is 42 mV); 12-bit conversions, continuous (the power-on
    /// values). The glue reads both settings back before every sample: a chip that restarted reads its power-on PGA
    /// (±320 mV), is reported as <see cref="SensorStatus.DeviceFault"/> and set up again. The binding waits for a
    /// conversion with a busy loop of up to a millisecond and allocates per register access, so the device reads it on
    /// an acquisition thread, never in the control tick.
    /// </para>
    /// </remarks>
    public sealed class Ina219CurrentMonitor
    {
        /// <summary>7-bit I2C address with A0 = A1 = GND (data sheet, "Serial Bus Address").</summary>
        public const int I2cAddress = 0x40;

        /// <summary>Full scale of the ±80 mV PGA range, V.</summary>
        public const double ShuntFullScaleVolts = 0.080;

        /// <summary>Highest bus voltage the 32 V range reads, V (data sheet: bus voltage register full scale 32 V).</summary>
        public const double BusFullScaleVolts = 32.0;

        /// <summary>Creates the conversion.</summary>
        /// <param name="shuntOhms">Shunt resistance, Ω (0.0001–10). The board's is 10 mΩ: 4.2 A gives 42 mV, inside ±80 mV.</param>
        public Ina219CurrentMonitor(double shuntOhms)
        {
            // NaN first: on nanoCLR NaN >= 0.0001 is true.
            if (double.IsNaN(shuntOhms))
            {
                throw new ArgumentOutOfRangeException("shuntOhms", Finite.NotANumber("shuntOhms"));
            }

            if (shuntOhms < 0.0001 || shuntOhms > 10.0)
            {
                throw new ArgumentOutOfRangeException("shuntOhms", "shuntOhms must be 0.0001 to 10 ohm");
            }

            ShuntOhms = shuntOhms;
        }

        /// <summary>Shunt resistance, Ω.</summary>
        public double ShuntOhms { get; }

        /// <summary>Bus voltage of the last good sample (the heater supply downstream of the relay), V.</summary>
        public double BusVolts { get; private set; }

        /// <summary>Converts one sample.</summary>
        /// <param name="configured">False when the chip's PGA or bus range read back differently from the set-up (it restarted).</param>
        /// <param name="shuntVolts">The binding's shunt voltage, V.</param>
        /// <param name="busVolts">The binding's bus voltage, V.</param>
        /// <param name="sampleMilliseconds">Monotonic time of the read, ms.</param>
        /// <param name="into">Receives the sample (all three fields).</param>
        public void Convert(bool configured, double shuntVolts, double busVolts, long sampleMilliseconds, SensorReading into)
        {
            if (!configured)
            {
                into.Set(0.0, SensorStatus.DeviceFault, sampleMilliseconds);
                return;
            }

            // NaN first: on nanoCLR an unordered comparison is true.
            if (!Finite.Is(shuntVolts) || !Finite.Is(busVolts) || busVolts < 0.0 || busVolts > BusFullScaleVolts)
            {
                into.Set(0.0, SensorStatus.DeviceFault, sampleMilliseconds);
                return;
            }

            BusVolts = busVolts;
            double amperes = shuntVolts / ShuntOhms;
            if (Math.Abs(shuntVolts) >= ShuntFullScaleVolts)
            {
                into.Set(amperes, SensorStatus.OutOfRange, sampleMilliseconds);
                return;
            }

            into.Set(amperes, SensorStatus.Ok, sampleMilliseconds);
        }
    }
}
