using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The portable half of the CO2 flow sensor: a Honeywell Zephyr HAF digital thermal mass-flow sensor (±50 sccm class,
    /// I2C) between the dosing valve and the bag (Honeywell "Zephyr Digital Airflow Sensors: HAF Series—High Accuracy,
    /// ±50 SCCM to ±750 SCCM" data sheet, "Ideal Transfer Function" and "Digital Interface"). Turns a 2-byte flow reading
    /// into standard cm³/min of CO2; this class is the <see cref="ISensor"/> the core reads (sccm).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Transfer function of the bidirectional parts: code = 16384 × (0.5 + 0.4 × flow / full scale), so flow = full scale ×
    /// (code / 16384 − 0.5) / 0.4; the two top bits of the first byte are 00 in a flow reading. The sensor is calibrated for
    /// air/N2: a thermal sensor reads another gas scaled by its gas correction factor (CO2 ≈ 0.7 relative to N2 in the
    /// thermal mass-flow-controller tables of Brooks and MKS), so the CO2 flow is the air-equivalent reading divided by
    /// that factor (configurable, and to be checked at commissioning against a bubble or drum meter).
    /// </para>
    /// <para>
    /// Use (device glue, the address of the ordered part, up to 400 kHz): after power-up the first two reads return the
    /// serial number (data sheet), so the glue discards two reads at start-up (<see cref="StartupReadsToDiscard"/>). Each
    /// sample: Read → 2 bytes, then <see cref="Update"/>; on an I2C error <see cref="ReportNoResponse"/>. Top bits not 00
    /// → <see cref="SensorStatus.DeviceFault"/>; 0xFFFF (bus held high) → <see cref="SensorStatus.NoResponse"/>; a code
    /// outside the 10–90 % span → <see cref="SensorStatus.OutOfRange"/>.
    /// </para>
    /// </remarks>
    public sealed class HafFlowSensor : ISensor
    {
        /// <summary>Code span of the transfer function (16384 = 2^14).</summary>
        public const double CodeSpan = 16384.0;

        /// <summary>Reads after power-up that return the serial number, not flow (data sheet, "Digital Interface").</summary>
        public const int StartupReadsToDiscard = 2;

        private readonly double _fullScaleSccm;
        private readonly double _gasCorrectionFactor;
        private readonly SensorReading _reading = new SensorReading();

        /// <summary>Creates the conversion.</summary>
        /// <param name="fullScaleSccm">The part's full scale, air-equivalent sccm (1–100 000; the board's is 50).</param>
        /// <param name="gasCorrectionFactor">Reading of the measured gas relative to air (0.1–2; CO2 ≈ 0.7).</param>
        public HafFlowSensor(double fullScaleSccm, double gasCorrectionFactor)
        {
            // NaN first: on nanoCLR NaN >= 1 is true.
            if (double.IsNaN(fullScaleSccm))
            {
                throw new ArgumentOutOfRangeException("fullScaleSccm", Finite.NotANumber("fullScaleSccm"));
            }

            if (double.IsNaN(gasCorrectionFactor))
            {
                throw new ArgumentOutOfRangeException("gasCorrectionFactor", Finite.NotANumber("gasCorrectionFactor"));
            }

            if (!(fullScaleSccm >= 1 && fullScaleSccm <= 100000))
            {
                throw new ArgumentOutOfRangeException("fullScaleSccm", "fullScaleSccm must be 1 to 100000 sccm");
            }

            if (!(gasCorrectionFactor >= 0.1 && gasCorrectionFactor <= 2))
            {
                throw new ArgumentOutOfRangeException("gasCorrectionFactor", "gasCorrectionFactor must be 0.1 to 2");
            }

            _fullScaleSccm = fullScaleSccm;
            _gasCorrectionFactor = gasCorrectionFactor;
            _reading.Set(0.0, SensorStatus.NoResponse, 0);
        }

        /// <summary>Copies the most recent sample into <paramref name="reading"/>: CO2 flow in sccm, or why there is none.</summary>
        public void Read(SensorReading reading)
        {
            reading.CopyFrom(_reading);
        }

        /// <summary>Air-equivalent flow of a 14-bit code, sccm.</summary>
        public double AirFlowSccm(int code)
        {
            return _fullScaleSccm * ((code / CodeSpan) - 0.5) / 0.4;
        }

        /// <summary>Converts one 2-byte reading.</summary>
        public void Update(byte high, byte low, long sampleMilliseconds)
        {
            if (high == 0xFF && low == 0xFF)
            {
                _reading.Set(0.0, SensorStatus.NoResponse, sampleMilliseconds);
                return;
            }

            if ((high & 0xC0) != 0)
            {
                _reading.Set(0.0, SensorStatus.DeviceFault, sampleMilliseconds);
                return;
            }

            int code = (high << 8) | low;
            double flow = AirFlowSccm(code) / _gasCorrectionFactor;
            bool inSpan = code >= 0.1 * CodeSpan && code <= 0.9 * CodeSpan;
            _reading.Set(flow, inSpan ? SensorStatus.Ok : SensorStatus.OutOfRange, sampleMilliseconds);
        }

        /// <summary>Records that the I2C transfer failed (no acknowledge, timeout).</summary>
        public void ReportNoResponse(long sampleMilliseconds)
        {
            _reading.Set(0.0, SensorStatus.NoResponse, sampleMilliseconds);
        }
    }
}
