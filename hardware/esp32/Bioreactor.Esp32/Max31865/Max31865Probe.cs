using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The portable half of a PT100 probe on a MAX31865 RTD-to-digital converter (Analog Devices/Maxim MAX31865 data
    /// sheet, rev. 5): register map, configuration and fault-threshold bytes, and the conversion of the chip's eight
    /// registers into a <see cref="SensorReading"/> in °C. The device glue only moves bytes over SPI; this class is the
    /// <see cref="ISensor"/> the core reads.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Why not only the nanoFramework.Iot.Device.Max31865 binding: its Temperature property runs a one-shot conversion
    /// with Thread.Sleep (about 75 ms blocked per read), allocates buffers on every read, does not expose the RTD
    /// register's fault bit, and returns its fault flags as a new object; this class reads in automatic-conversion
    /// mode without waiting or allocating and maps faults onto the core's <see cref="SensorStatus"/>.
    /// </para>
    /// <para>
    /// Use (device glue, SPI mode 1 or 3, at most 5 MHz, data sheet "Serial Interface"): at start-up send
    /// <see cref="FillConfigurationWrite"/>, <see cref="FillThresholdWrite"/> and <see cref="FillFaultClearWrite"/>;
    /// then every sample period full-duplex transfer the <see cref="FillRegisterReadRequest"/> bytes (the chip
    /// auto-increments the address, so one 9-byte transfer returns registers 00h–07h from the second byte on) and pass
    /// the answer to <see cref="Update"/>. Afterwards write the configuration and thresholds again when
    /// <see cref="ConfigurationWriteNeeded"/>, and clear the latched faults when <see cref="FaultClearNeeded"/>.
    /// A bus error is reported with <see cref="ReportNoResponse"/>. No method allocates.
    /// </para>
    /// <para>
    /// Faults (fault status register 07h, data sheet Table "Fault Status Register Definition"): the chip compares
    /// each conversion with the high and low fault thresholds (registers 03h–06h) set here from temperature limits,
    /// and sets the RTD register's D0 when any fault is latched. Mapping onto the core's statuses:
    /// D7 RTD ≥ high threshold, D5 REFIN− &gt; 0.85·VBIAS (no current through the element), D4 REFIN− &lt; 0.85·VBIAS
    /// (FORCE− open) and D3 RTDIN− &lt; 0.85·VBIAS (FORCE− open) → <see cref="SensorStatus.OpenCircuit"/>;
    /// D6 RTD ≤ low threshold → <see cref="SensorStatus.ShortCircuit"/>; D2 over/under-voltage on an input →
    /// <see cref="SensorStatus.DeviceFault"/>; the D0 fault bit with an empty status register → DeviceFault. Open
    /// takes precedence over short, short over voltage.
    /// </para>
    /// </remarks>
    public sealed class Max31865Probe : ISensor
    {
        /// <summary>Number of registers read in one burst: 00h (configuration) to 07h (fault status).</summary>
        public const int RegisterCount = 8;

        /// <summary>Bytes of one register-read transfer: the address and one clock-out byte per register.</summary>
        public const int ReadTransferLength = RegisterCount + 1;

        /// <summary>Longest buffer any Fill method writes.</summary>
        public const int MaximumWriteLength = 5;

        /// <summary>Highest SPI clock the MAX31865 accepts, Hz (data sheet, "SCLK frequency" 5 MHz).</summary>
        public const int MaximumSpiClockHertz = 5000000;

        /// <summary>Configuration register, read address (write = address | 80h).</summary>
        public const byte ConfigurationAddress = 0x00;

        /// <summary>RTD data, most significant byte, read address.</summary>
        public const byte RtdMsbAddress = 0x01;

        /// <summary>High fault threshold, most significant byte, read address.</summary>
        public const byte HighFaultThresholdMsbAddress = 0x03;

        /// <summary>Low fault threshold, most significant byte, read address.</summary>
        public const byte LowFaultThresholdMsbAddress = 0x05;

        /// <summary>Fault status register, read address.</summary>
        public const byte FaultStatusAddress = 0x07;

        /// <summary>Set in the address byte to write a register.</summary>
        public const byte WriteFlag = 0x80;

        /// <summary>Configuration D7: bias voltage on.</summary>
        public const byte BiasOn = 0x80;

        /// <summary>Configuration D6: automatic (continuous) conversion.</summary>
        public const byte AutomaticConversion = 0x40;

        /// <summary>Configuration D5: one-shot conversion (self-clearing).</summary>
        public const byte OneShot = 0x20;

        /// <summary>Configuration D4: 3-wire RTD (0 = 2- or 4-wire).</summary>
        public const byte ThreeWire = 0x10;

        /// <summary>Configuration D3:D2 = 01: automatic fault-detection cycle (data sheet: write 100X010Xb).</summary>
        public const byte AutomaticFaultDetection = 0x04;

        /// <summary>Configuration D1: fault status clear (self-clearing).</summary>
        public const byte FaultStatusClear = 0x02;

        /// <summary>Configuration D0: 50 Hz mains rejection filter (0 = 60 Hz).</summary>
        public const byte Filter50Hz = 0x01;

        /// <summary>Fault status D7: RTD conversion at or above the high fault threshold.</summary>
        public const byte FaultRtdHighThreshold = 0x80;

        /// <summary>Fault status D6: RTD conversion at or below the low fault threshold.</summary>
        public const byte FaultRtdLowThreshold = 0x40;

        /// <summary>Fault status D5: REFIN− &gt; 0.85 × VBIAS.</summary>
        public const byte FaultReferenceInputHigh = 0x20;

        /// <summary>Fault status D4: REFIN− &lt; 0.85 × VBIAS (FORCE− open).</summary>
        public const byte FaultReferenceInputLowForceOpen = 0x10;

        /// <summary>Fault status D3: RTDIN− &lt; 0.85 × VBIAS (FORCE− open).</summary>
        public const byte FaultRtdInputLowForceOpen = 0x08;

        /// <summary>Fault status D2: over- or under-voltage on an input.</summary>
        public const byte FaultOverUnderVoltage = 0x04;

        /// <summary>Full scale of the 15-bit ADC: code = R_RTD × 2¹⁵ / R_REF (data sheet, "RTD Resistance Registers").</summary>
        public const int FullScaleCode = 32768;

        // Configuration bits that hold their value (D5 one-shot, D3:D2 fault cycle and D1 clear read back as 0 when done).
        private const byte PersistentConfigurationMask = BiasOn | AutomaticConversion | ThreeWire | Filter50Hz;

        private const byte OpenCircuitFaults = FaultRtdHighThreshold | FaultReferenceInputHigh
            | FaultReferenceInputLowForceOpen | FaultRtdInputLowForceOpen;

        private readonly double _referenceOhms;
        private readonly double _nominalOhms;
        private readonly byte _configuration;
        private readonly int _highThresholdCode;
        private readonly int _lowThresholdCode;

        private SensorReading _reading;

        /// <summary>Creates the probe's converter logic; the chip must then be configured with the Fill methods.</summary>
        /// <param name="referenceOhms">Reference resistor, Ω: 430 on the Adafruit 3328 PT100 board. Finite, &gt; nominal.</param>
        /// <param name="nominalOhms">Element resistance at 0 °C, Ω: 100 for a PT100. Finite, &gt; 0.</param>
        /// <param name="threeWire">True for a 3-wire element; false for 2- or 4-wire.</param>
        /// <param name="mainsFilter50Hz">True for the 50 Hz notch filter (50 Hz mains), false for 60 Hz.</param>
        /// <param name="lowFaultCelsius">Readings at or below this are a short circuit, °C; in [−200, high).</param>
        /// <param name="highFaultCelsius">Readings at or above this are an open circuit, °C; below the reference's range.</param>
        public Max31865Probe(double referenceOhms, double nominalOhms, bool threeWire, bool mainsFilter50Hz,
            double lowFaultCelsius, double highFaultCelsius)
        {
            if (!Finite.Is(nominalOhms) || nominalOhms <= 0.0)
            {
                throw new ArgumentOutOfRangeException("nominalOhms", "nominalOhms must be finite and > 0 (100 for a PT100)");
            }

            if (!Finite.Is(referenceOhms) || referenceOhms <= nominalOhms)
            {
                throw new ArgumentOutOfRangeException("referenceOhms",
                    "referenceOhms must be finite and > nominalOhms (430 on the Adafruit PT100 board)");
            }

            if (!Finite.Is(lowFaultCelsius) || lowFaultCelsius < PlatinumRtd.MinimumCelsius)
            {
                throw new ArgumentOutOfRangeException("lowFaultCelsius", "lowFaultCelsius must be finite and >= -200");
            }

            if (!Finite.Is(highFaultCelsius) || highFaultCelsius <= lowFaultCelsius)
            {
                throw new ArgumentOutOfRangeException("highFaultCelsius", "highFaultCelsius must be finite and > lowFaultCelsius");
            }

            double highOhms = PlatinumRtd.ResistanceOhms(highFaultCelsius, nominalOhms);
            if (highFaultCelsius > PlatinumRtd.MaximumCelsius || highOhms >= referenceOhms)
            {
                throw new ArgumentOutOfRangeException("highFaultCelsius",
                    "highFaultCelsius must be <= 850 and its resistance below referenceOhms (inside the ADC's range)");
            }

            _referenceOhms = referenceOhms;
            _nominalOhms = nominalOhms;
            _configuration = (byte)(BiasOn | AutomaticConversion | (threeWire ? ThreeWire : 0) | (mainsFilter50Hz ? Filter50Hz : 0));
            _highThresholdCode = (int)Math.Ceiling(highOhms * FullScaleCode / referenceOhms);
            _lowThresholdCode = (int)Math.Floor(PlatinumRtd.ResistanceOhms(lowFaultCelsius, nominalOhms) * FullScaleCode / referenceOhms);
            _reading = new SensorReading(0.0, SensorStatus.NoResponse, 0);
        }

        /// <summary>The configuration written at start-up: bias on, automatic conversion, wiring and filter.</summary>
        public byte Configuration
        {
            get { return _configuration; }
        }

        /// <summary>
        /// Configuration that starts the chip's automatic fault-detection cycle (data sheet: write 100X010Xb; automatic
        /// conversion off during the cycle). Optional: write it, wait until D3:D2 read back 00, read the fault status,
        /// then write <see cref="Configuration"/> again.
        /// </summary>
        public byte FaultDetectionConfiguration
        {
            get { return (byte)(BiasOn | AutomaticFaultDetection | (_configuration & (ThreeWire | Filter50Hz))); }
        }

        /// <summary>High fault threshold as a 15-bit ADC code (a conversion ≥ it latches fault D7).</summary>
        public int HighThresholdCode
        {
            get { return _highThresholdCode; }
        }

        /// <summary>Low fault threshold as a 15-bit ADC code (a conversion ≤ it latches fault D6).</summary>
        public int LowThresholdCode
        {
            get { return _lowThresholdCode; }
        }

        /// <summary>ADC code of the last accepted conversion (0–32767).</summary>
        public int LastCode { get; private set; }

        /// <summary>Element resistance of the last accepted conversion, Ω.</summary>
        public double LastResistanceOhms { get; private set; }

        /// <summary>Fault status register of the last update (0 when none).</summary>
        public byte LastFaultStatus { get; private set; }

        /// <summary>
        /// True when the last update found the configuration or the thresholds changed (a power glitch resets them to
        /// their power-on values: conversions stop, threshold faults vanish): write them again.
        /// </summary>
        public bool ConfigurationWriteNeeded { get; private set; }

        /// <summary>True when the last update saw a latched fault: send <see cref="FillFaultClearWrite"/>.</summary>
        public bool FaultClearNeeded { get; private set; }

        /// <summary>Updates with a fault status other than Ok since construction.</summary>
        public int FaultCount { get; private set; }

        /// <summary>Returns the most recent sample: the temperature in °C, or the fault found with it.</summary>
        public SensorReading Read()
        {
            return _reading;
        }

        /// <summary>Resistance for a 15-bit ADC code, Ω: code × R_REF / 2¹⁵.</summary>
        public double ResistanceOhms(int code)
        {
            return code * _referenceOhms / FullScaleCode;
        }

        /// <summary>Temperature for a 15-bit ADC code, °C (IEC 60751 curve, <see cref="PlatinumRtd"/>).</summary>
        public double TemperatureCelsius(int code)
        {
            return PlatinumRtd.TemperatureCelsius(ResistanceOhms(code), _nominalOhms);
        }

        /// <summary>The 15-bit ADC code in the RTD registers (D15–D1 of MSB:LSB).</summary>
        public static int CodeFromRegisters(byte msb, byte lsb)
        {
            return ((msb << 8) | lsb) >> 1;
        }

        /// <summary>The fault bit, D0 of the RTD LSB register.</summary>
        public static bool FaultBitFromRegisters(byte lsb)
        {
            return (lsb & 0x01) != 0;
        }

        /// <summary>The core's status for a fault status register (see the class remarks); Ok for 0.</summary>
        public static SensorStatus StatusFromFaultStatus(byte faultStatus)
        {
            if ((faultStatus & OpenCircuitFaults) != 0)
            {
                return SensorStatus.OpenCircuit;
            }

            if ((faultStatus & FaultRtdLowThreshold) != 0)
            {
                return SensorStatus.ShortCircuit;
            }

            if ((faultStatus & FaultOverUnderVoltage) != 0)
            {
                return SensorStatus.DeviceFault;
            }

            return SensorStatus.Ok;
        }

        /// <summary>Writes [80h, configuration]; returns the byte count (2).</summary>
        public int FillConfigurationWrite(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)(ConfigurationAddress | WriteFlag);
            buffer[offset + 1] = _configuration;
            return 2;
        }

        /// <summary>Writes [83h, high MSB, high LSB, low MSB, low LSB] (codes left-justified, D0 = 0); returns 5.</summary>
        public int FillThresholdWrite(byte[] buffer, int offset)
        {
            int high = _highThresholdCode << 1;
            int low = _lowThresholdCode << 1;
            buffer[offset] = (byte)(HighFaultThresholdMsbAddress | WriteFlag);
            buffer[offset + 1] = (byte)(high >> 8);
            buffer[offset + 2] = (byte)(high & 0xFF);
            buffer[offset + 3] = (byte)(low >> 8);
            buffer[offset + 4] = (byte)(low & 0xFF);
            return 5;
        }

        /// <summary>
        /// Writes [80h, configuration | D1]: clears the latched faults (data sheet: write 1 to D1 with D5, D3 and D2 at 0;
        /// the bit clears itself); returns 2.
        /// </summary>
        public int FillFaultClearWrite(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)(ConfigurationAddress | WriteFlag);
            buffer[offset + 1] = (byte)(_configuration | FaultStatusClear);
            return 2;
        }

        /// <summary>Writes [00h, 0 × 8]: the transmit half of the 9-byte full-duplex register read; returns 9.</summary>
        public int FillRegisterReadRequest(byte[] buffer, int offset)
        {
            buffer[offset] = ConfigurationAddress;
            for (int i = 1; i < ReadTransferLength; i++)
            {
                buffer[offset + i] = 0;
            }

            return ReadTransferLength;
        }

        /// <summary>
        /// Converts one register image: <paramref name="registers"/>[<paramref name="offset"/> + i] is register i
        /// (00h configuration … 07h fault status); after a full-duplex transfer of <see cref="FillRegisterReadRequest"/>
        /// the image starts at offset 1 of the receive buffer.
        /// </summary>
        /// <param name="registers">Receive buffer.</param>
        /// <param name="offset">Index of register 00h in it.</param>
        /// <param name="sampleMilliseconds">Monotonic time of the transfer, ms.</param>
        public void Update(byte[] registers, int offset, long sampleMilliseconds)
        {
            byte configuration = registers[offset];
            byte rtdMsb = registers[offset + 1];
            byte rtdLsb = registers[offset + 2];
            int highThreshold = ((registers[offset + 3] << 8) | registers[offset + 4]) >> 1;
            int lowThreshold = ((registers[offset + 5] << 8) | registers[offset + 6]) >> 1;
            byte faultStatus = registers[offset + 7];

            LastFaultStatus = faultStatus;
            FaultClearNeeded = false;
            ConfigurationWriteNeeded = false;

            if (IsUniform(registers, offset))
            {
                // All 00h or all FFh: MISO stuck or the chip absent or unpowered (an idle bus reads a constant).
                ConfigurationWriteNeeded = true;
                Store(SensorStatus.NoResponse, sampleMilliseconds);
                return;
            }

            if ((configuration & PersistentConfigurationMask) != (_configuration & PersistentConfigurationMask)
                || highThreshold != _highThresholdCode || lowThreshold != _lowThresholdCode)
            {
                // The chip lost its set-up (power-on values: bias off, no conversions, thresholds FFFFh/0000h), so the
                // RTD register may be stale and faults would go unseen.
                ConfigurationWriteNeeded = true;
                Store(SensorStatus.DeviceFault, sampleMilliseconds);
                return;
            }

            if (FaultBitFromRegisters(rtdLsb) || faultStatus != 0)
            {
                FaultClearNeeded = true;
                SensorStatus status = StatusFromFaultStatus(faultStatus);
                Store(status == SensorStatus.Ok ? SensorStatus.DeviceFault : status, sampleMilliseconds);
                return;
            }

            int code = CodeFromRegisters(rtdMsb, rtdLsb);
            double temperature = TemperatureCelsius(code);
            LastCode = code;
            LastResistanceOhms = ResistanceOhms(code);
            if (!Finite.Is(temperature))
            {
                Store(SensorStatus.OutOfRange, sampleMilliseconds);
                return;
            }

            _reading = new SensorReading(temperature, SensorStatus.Ok, sampleMilliseconds);
        }

        /// <summary>Records that the SPI transfer failed (the glue caught an exception from the bus).</summary>
        public void ReportNoResponse(long sampleMilliseconds)
        {
            FaultClearNeeded = false;
            ConfigurationWriteNeeded = true;
            Store(SensorStatus.NoResponse, sampleMilliseconds);
        }

        private void Store(SensorStatus status, long sampleMilliseconds)
        {
            FaultCount++;
            _reading = new SensorReading(0.0, status, sampleMilliseconds);
        }

        private static bool IsUniform(byte[] registers, int offset)
        {
            byte first = registers[offset];
            if (first != 0x00 && first != 0xFF)
            {
                return false;
            }

            for (int i = 1; i < RegisterCount; i++)
            {
                if (registers[offset + i] != first)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
