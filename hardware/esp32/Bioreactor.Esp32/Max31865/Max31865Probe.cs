using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The portable half of a PT100 probe on a MAX31865 RTD-to-digital converter (Analog Devices/Maxim MAX31865 data
    /// sheet, rev. 5), read through the nanoFramework.Iot.Device.Max31865 binding: the probe's set-up (reference
    /// resistor, element, wiring, mains filter) and the conversion of what the binding returns, a temperature and the
    /// chip's fault flags, into a <see cref="SensorReading"/> in °C.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The binding (nanoframework/nanoFramework.IoT.Device, devices/Max31865/Max31865.cs) runs a one-shot conversion on
    /// every Temperature read (bias on, 10 ms, one-shot, 55 or 65 ms for the filter, read, bias off: about 75 ms blocked)
    /// and allocates its transfer buffers, so the device reads it on an acquisition thread, never in the control tick
    /// (see Application/AcquisitionSchedule). It converts with the Callendar–Van Dusen equation (IEC 60751,
    /// A = 3.9083e-3, B = −5.775e-7) and clears the latched faults at the start of each conversion, so the Faults read
    /// right after the temperature belong to it.
    /// </para>
    /// <para>
    /// Faults (fault status register 07h, data sheet Table "Fault Status Register Definition"), mapped onto the core's
    /// statuses: D7 RTD ≥ high threshold, D5 REFIN− &gt; 0.85·VBIAS (no current through the element), D4 REFIN− &lt;
    /// 0.85·VBIAS (FORCE− open) and D3 RTDIN− &lt; 0.85·VBIAS (FORCE− open) → <see cref="SensorStatus.OpenCircuit"/>;
    /// D6 RTD ≤ low threshold → <see cref="SensorStatus.ShortCircuit"/>; D2 over/under-voltage on an input →
    /// <see cref="SensorStatus.DeviceFault"/>. Open takes precedence over short, short over voltage. The binding leaves the
    /// chip's threshold registers at their power-on values (high FFFFh, low 0000h), so D7 and D6 do not fire; the same
    /// limits are applied here to the temperature instead: at or above <see cref="HighFaultCelsius"/> an open element, at or
    /// below <see cref="LowFaultCelsius"/> a short one. An absent chip or a stuck MISO line reads all ones (an open
    /// element's code, far above the limit, with every fault bit set) or all zeros (−242 °C, below it): never a plausible
    /// temperature.
    /// </para>
    /// </remarks>
    public sealed class Max31865Probe
    {
        /// <summary>Fault status D7: RTD at or above the high fault threshold.</summary>
        public const byte FaultRtdHighThreshold = 0x80;

        /// <summary>Fault status D6: RTD at or below the low fault threshold.</summary>
        public const byte FaultRtdLowThreshold = 0x40;

        /// <summary>Fault status D5: REFIN− &gt; 0.85 × VBIAS.</summary>
        public const byte FaultReferenceInputHigh = 0x20;

        /// <summary>Fault status D4: REFIN− &lt; 0.85 × VBIAS (FORCE− open).</summary>
        public const byte FaultReferenceInputLowForceOpen = 0x10;

        /// <summary>Fault status D3: RTDIN− &lt; 0.85 × VBIAS (FORCE− open).</summary>
        public const byte FaultRtdInputLowForceOpen = 0x08;

        /// <summary>Fault status D2: over- or under-voltage on an input.</summary>
        public const byte FaultOverUnderVoltage = 0x04;

        /// <summary>Lowest temperature of the IEC 60751 curve, °C.</summary>
        public const double MinimumCelsius = -200.0;

        /// <summary>Highest temperature of the IEC 60751 curve, °C.</summary>
        public const double MaximumCelsius = 850.0;

        /// <summary>Highest SPI clock the MAX31865 accepts, Hz (data sheet, "SCLK frequency" 5 MHz).</summary>
        public const int MaximumSpiClockHertz = 5000000;

        private const byte OpenCircuitFaults = FaultRtdHighThreshold | FaultReferenceInputHigh
            | FaultReferenceInputLowForceOpen | FaultRtdInputLowForceOpen;

        /// <summary>Describes one probe.</summary>
        /// <param name="referenceOhms">Reference resistor, Ω: 430 on the Adafruit 3328 PT100 board. Finite, &gt; nominal.</param>
        /// <param name="nominalOhms">Element resistance at 0 °C, Ω: 100 for a PT100, 1000 for a PT1000.</param>
        /// <param name="wires">Wires of the element: 2, 3 or 4 (the board's solder jumpers must match).</param>
        /// <param name="mainsFilter50Hz">True for the 50 Hz notch filter (50 Hz mains), false for 60 Hz.</param>
        /// <param name="lowFaultCelsius">Readings at or below this are a short circuit, °C; in [−200, high).</param>
        /// <param name="highFaultCelsius">Readings at or above this are an open circuit, °C; at most 850.</param>
        public Max31865Probe(double referenceOhms, double nominalOhms, int wires, bool mainsFilter50Hz,
            double lowFaultCelsius, double highFaultCelsius)
        {
            if (!(nominalOhms == 100.0 || nominalOhms == 1000.0))
            {
                throw new ArgumentOutOfRangeException("nominalOhms", "nominalOhms must be 100 (PT100) or 1000 (PT1000)");
            }

            if (!Finite.Is(referenceOhms) || referenceOhms <= nominalOhms)
            {
                throw new ArgumentOutOfRangeException("referenceOhms",
                    "referenceOhms must be finite and > nominalOhms (430 on the Adafruit PT100 board)");
            }

            if (wires < 2 || wires > 4)
            {
                throw new ArgumentOutOfRangeException("wires", "wires must be 2, 3 or 4");
            }

            if (!Finite.Is(lowFaultCelsius) || lowFaultCelsius < MinimumCelsius)
            {
                throw new ArgumentOutOfRangeException("lowFaultCelsius", "lowFaultCelsius must be finite and >= -200");
            }

            if (!Finite.Is(highFaultCelsius) || highFaultCelsius <= lowFaultCelsius || highFaultCelsius > MaximumCelsius)
            {
                throw new ArgumentOutOfRangeException("highFaultCelsius",
                    "highFaultCelsius must be finite, > lowFaultCelsius and <= 850");
            }

            ReferenceOhms = referenceOhms;
            NominalOhms = nominalOhms;
            Wires = wires;
            MainsFilter50Hz = mainsFilter50Hz;
            LowFaultCelsius = lowFaultCelsius;
            HighFaultCelsius = highFaultCelsius;
        }

        /// <summary>Reference resistor, Ω.</summary>
        public double ReferenceOhms { get; }

        /// <summary>Element resistance at 0 °C, Ω.</summary>
        public double NominalOhms { get; }

        /// <summary>Wires of the element (2, 3 or 4): the binding's ResistanceTemperatureDetectorWires value.</summary>
        public int Wires { get; }

        /// <summary>True for the 50 Hz notch filter.</summary>
        public bool MainsFilter50Hz { get; }

        /// <summary>At or below this a reading is a short circuit, °C.</summary>
        public double LowFaultCelsius { get; }

        /// <summary>At or above this a reading is an open circuit, °C.</summary>
        public double HighFaultCelsius { get; }

        /// <summary>Conversions with a status other than Ok since construction.</summary>
        public int FaultCount { get; private set; }

        /// <summary>The fault status register (07h) of the binding's six fault flags.</summary>
        public static byte FaultStatus(bool highThreshold, bool lowThreshold, bool referenceInputHigh,
            bool referenceInputLowForceOpen, bool rtdInputLowForceOpen, bool overUnderVoltage)
        {
            int status = (highThreshold ? FaultRtdHighThreshold : 0)
                | (lowThreshold ? FaultRtdLowThreshold : 0)
                | (referenceInputHigh ? FaultReferenceInputHigh : 0)
                | (referenceInputLowForceOpen ? FaultReferenceInputLowForceOpen : 0)
                | (rtdInputLowForceOpen ? FaultRtdInputLowForceOpen : 0)
                | (overUnderVoltage ? FaultOverUnderVoltage : 0);
            return (byte)status;
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

            return faultStatus == 0 ? SensorStatus.Ok : SensorStatus.DeviceFault;
        }

        /// <summary>Converts one conversion of the binding: its temperature and the fault status read right after it.</summary>
        /// <param name="temperatureCelsius">The binding's Temperature in °C.</param>
        /// <param name="faultStatus">The fault flags as a register (<see cref="FaultStatus"/>).</param>
        /// <param name="sampleMilliseconds">Monotonic time of the conversion, ms.</param>
        /// <param name="into">Receives the sample (all three fields).</param>
        public void Convert(double temperatureCelsius, byte faultStatus, long sampleMilliseconds, SensorReading into)
        {
            SensorStatus status = StatusFromFaultStatus(faultStatus);
            if (status == SensorStatus.Ok)
            {
                // NaN first: on nanoCLR an unordered comparison is true, so a NaN would pass the limits below.
                if (double.IsNaN(temperatureCelsius) || double.IsInfinity(temperatureCelsius))
                {
                    status = SensorStatus.OutOfRange;
                }
                else if (temperatureCelsius >= HighFaultCelsius)
                {
                    status = SensorStatus.OpenCircuit;
                }
                else if (temperatureCelsius <= LowFaultCelsius)
                {
                    status = SensorStatus.ShortCircuit;
                }
            }

            if (status != SensorStatus.Ok)
            {
                FaultCount++;
                into.Set(0.0, status, sampleMilliseconds);
                return;
            }

            into.Set(temperatureCelsius, SensorStatus.Ok, sampleMilliseconds);
        }
    }
}
