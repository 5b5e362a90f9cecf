using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// One periodic sample of every loop: measured value, set point and output of the temperature cascade (liquid and
    /// plate), the CO2 loop and the rocking loop, the sensors' statuses, the loops' modes and the alarm summary. The
    /// composition fills a reused instance each sample period; encoding it allocates nothing. A class, not a struct: on
    /// nanoCLR every load of a struct copies it onto the heap (docs/architecture.md).
    /// </summary>
    /// <remarks>
    /// Payload, 68 bytes, fixed. Fifteen i32 fixed-point values, in order: liquid °C, liquid set point °C, plate °C, plate
    /// set point °C (all ×1000: 0.001 °C, finer than the 0.1 °C display resolution of incubators), heater duty (×10⁶),
    /// CO2 %, CO2 set point % (×1000: 0.001 %, finer than the ±0.1 % specification), valve duty (×10⁶), rocking rate rpm,
    /// rate set point rpm, amplitude °, amplitude set point °, platform angle °, cycle RMS tracking error °, drive speed
    /// command °/s (all ×1000). A value that is NaN, infinite or out of the i32 range is stored as
    /// <see cref="NoValue"/> and reads back as NaN. Then: u16 sensor statuses (4 bits each: liquid, plate, CO2, angle),
    /// u8 temperature mode, u8 CO2 mode, u8 rocking mode, u8 flags (<see cref="FlagDoorOpen"/> …), u8 highest active alarm
    /// priority, u8 active alarm count (capped at 255).
    /// </remarks>
    public sealed class RecordSample
    {
        /// <summary>Payload length of a sample entry, bytes.</summary>
        public const int PayloadLength = 68;

        /// <summary>Stored for a value that has none (NaN, infinity, out of range).</summary>
        public const int NoValue = int.MinValue;

        /// <summary>Flag: the enclosure door or lid is open.</summary>
        public const int FlagDoorOpen = 0x01;

        /// <summary>Flag: the heater is energised.</summary>
        public const int FlagHeaterOn = 0x02;

        /// <summary>Flag: the CO2 valve is open.</summary>
        public const int FlagValveOpen = 0x04;

        /// <summary>Flag: the rocker drive is powered.</summary>
        public const int FlagDriveEnabled = 0x08;

        /// <summary>Flag: temperature control is enabled.</summary>
        public const int FlagTemperatureControl = 0x10;

        /// <summary>Flag: CO2 control is enabled.</summary>
        public const int FlagCo2Control = 0x20;

        /// <summary>Flag: rocking is enabled.</summary>
        public const int FlagRocking = 0x40;

        /// <summary>Flag: at least one alarm is unacknowledged.</summary>
        public const int FlagUnacknowledgedAlarm = 0x80;

        private const double Milli = 1000.0;
        private const double Micro = 1000000.0;

        /// <summary>Liquid (bag) temperature, °C.</summary>
        public double LiquidCelsius;

        /// <summary>Liquid temperature set point, °C.</summary>
        public double LiquidSetPointCelsius;

        /// <summary>Heater plate temperature, °C.</summary>
        public double PlateCelsius;

        /// <summary>Plate set point from the outer loop, °C.</summary>
        public double PlateSetPointCelsius;

        /// <summary>Heater duty, 0–1.</summary>
        public double HeaterDutyFraction;

        /// <summary>CO2, % v/v.</summary>
        public double Co2Percent;

        /// <summary>CO2 set point, % v/v.</summary>
        public double Co2SetPointPercent;

        /// <summary>CO2 valve duty, 0–1.</summary>
        public double ValveDutyFraction;

        /// <summary>Measured rocking rate, rpm.</summary>
        public double RockingRateRpm;

        /// <summary>Commanded rocking rate, rpm.</summary>
        public double RockingRateSetPointRpm;

        /// <summary>Measured rocking amplitude, degrees.</summary>
        public double RockingAmplitudeDegrees;

        /// <summary>Commanded rocking amplitude, degrees.</summary>
        public double RockingAmplitudeSetPointDegrees;

        /// <summary>Platform angle at the sample, degrees.</summary>
        public double AngleDegrees;

        /// <summary>RMS tracking error of the last rocking cycle, degrees.</summary>
        public double AngleErrorRmsDegrees;

        /// <summary>The rocking loop's output: drive speed command, degrees per second.</summary>
        public double DriveSpeedDegreesPerSecond;

        /// <summary>Liquid probe driver status.</summary>
        public SensorStatus LiquidStatus;

        /// <summary>Plate probe driver status.</summary>
        public SensorStatus PlateStatus;

        /// <summary>CO2 probe driver status.</summary>
        public SensorStatus Co2Status;

        /// <summary>Angle sensor driver status.</summary>
        public SensorStatus AngleStatus;

        /// <summary>The temperature loop's mode code (the numeric value of its mode enum).</summary>
        public int TemperatureMode;

        /// <summary>The CO2 loop's mode code.</summary>
        public int Co2Mode;

        /// <summary>The rocking loop's mode code.</summary>
        public int RockingMode;

        /// <summary>Status flags (<see cref="FlagDoorOpen"/> …).</summary>
        public int Flags;

        /// <summary>Highest active alarm priority (the numeric value of AlarmPriority).</summary>
        public int HighestAlarmPriority;

        /// <summary>Number of active alarms.</summary>
        public int ActiveAlarmCount;

        /// <summary>Writes the 68-byte payload at <paramref name="offset"/>; allocates nothing.</summary>
        public void Encode(byte[] buffer, int offset)
        {
            LittleEndian.WriteInt32(buffer, offset, ToFixed(LiquidCelsius, Milli));
            LittleEndian.WriteInt32(buffer, offset + 4, ToFixed(LiquidSetPointCelsius, Milli));
            LittleEndian.WriteInt32(buffer, offset + 8, ToFixed(PlateCelsius, Milli));
            LittleEndian.WriteInt32(buffer, offset + 12, ToFixed(PlateSetPointCelsius, Milli));
            LittleEndian.WriteInt32(buffer, offset + 16, ToFixed(HeaterDutyFraction, Micro));
            LittleEndian.WriteInt32(buffer, offset + 20, ToFixed(Co2Percent, Milli));
            LittleEndian.WriteInt32(buffer, offset + 24, ToFixed(Co2SetPointPercent, Milli));
            LittleEndian.WriteInt32(buffer, offset + 28, ToFixed(ValveDutyFraction, Micro));
            LittleEndian.WriteInt32(buffer, offset + 32, ToFixed(RockingRateRpm, Milli));
            LittleEndian.WriteInt32(buffer, offset + 36, ToFixed(RockingRateSetPointRpm, Milli));
            LittleEndian.WriteInt32(buffer, offset + 40, ToFixed(RockingAmplitudeDegrees, Milli));
            LittleEndian.WriteInt32(buffer, offset + 44, ToFixed(RockingAmplitudeSetPointDegrees, Milli));
            LittleEndian.WriteInt32(buffer, offset + 48, ToFixed(AngleDegrees, Milli));
            LittleEndian.WriteInt32(buffer, offset + 52, ToFixed(AngleErrorRmsDegrees, Milli));
            LittleEndian.WriteInt32(buffer, offset + 56, ToFixed(DriveSpeedDegreesPerSecond, Milli));
            int statuses = ((int)LiquidStatus & 0xF) | (((int)PlateStatus & 0xF) << 4) | (((int)Co2Status & 0xF) << 8)
                | (((int)AngleStatus & 0xF) << 12);
            LittleEndian.WriteUInt16(buffer, offset + 60, statuses);
            buffer[offset + 62] = (byte)TemperatureMode;
            buffer[offset + 63] = (byte)Co2Mode;
            buffer[offset + 64] = (byte)RockingMode;
            buffer[offset + 65] = (byte)Flags;
            buffer[offset + 66] = (byte)HighestAlarmPriority;
            buffer[offset + 67] = (byte)(ActiveAlarmCount > 255 ? 255 : (ActiveAlarmCount < 0 ? 0 : ActiveAlarmCount));
        }

        /// <summary>
        /// Decodes a sample entry into a new instance; false (and an empty sample) when the frame is not a well-formed sample.
        /// Allocates: for readers of a record, not for the periodic path.
        /// </summary>
        public static bool TryDecode(RecordFrame frame, out RecordSample sample)
        {
            sample = new RecordSample();
            return sample.TryRead(frame);
        }

        /// <summary>
        /// Fills this sample from a sample entry; false (this sample unchanged) when the frame is not a well-formed sample.
        /// </summary>
        public bool TryRead(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.Sample || frame.PayloadLength != PayloadLength)
            {
                return false;
            }

            RecordSample sample = this;

            byte[] b = frame.Buffer;
            int o = frame.PayloadOffset;
            sample.LiquidCelsius = FromFixed(LittleEndian.ReadInt32(b, o), Milli);
            sample.LiquidSetPointCelsius = FromFixed(LittleEndian.ReadInt32(b, o + 4), Milli);
            sample.PlateCelsius = FromFixed(LittleEndian.ReadInt32(b, o + 8), Milli);
            sample.PlateSetPointCelsius = FromFixed(LittleEndian.ReadInt32(b, o + 12), Milli);
            sample.HeaterDutyFraction = FromFixed(LittleEndian.ReadInt32(b, o + 16), Micro);
            sample.Co2Percent = FromFixed(LittleEndian.ReadInt32(b, o + 20), Milli);
            sample.Co2SetPointPercent = FromFixed(LittleEndian.ReadInt32(b, o + 24), Milli);
            sample.ValveDutyFraction = FromFixed(LittleEndian.ReadInt32(b, o + 28), Micro);
            sample.RockingRateRpm = FromFixed(LittleEndian.ReadInt32(b, o + 32), Milli);
            sample.RockingRateSetPointRpm = FromFixed(LittleEndian.ReadInt32(b, o + 36), Milli);
            sample.RockingAmplitudeDegrees = FromFixed(LittleEndian.ReadInt32(b, o + 40), Milli);
            sample.RockingAmplitudeSetPointDegrees = FromFixed(LittleEndian.ReadInt32(b, o + 44), Milli);
            sample.AngleDegrees = FromFixed(LittleEndian.ReadInt32(b, o + 48), Milli);
            sample.AngleErrorRmsDegrees = FromFixed(LittleEndian.ReadInt32(b, o + 52), Milli);
            sample.DriveSpeedDegreesPerSecond = FromFixed(LittleEndian.ReadInt32(b, o + 56), Milli);
            int statuses = LittleEndian.ReadUInt16(b, o + 60);
            sample.LiquidStatus = (SensorStatus)(statuses & 0xF);
            sample.PlateStatus = (SensorStatus)((statuses >> 4) & 0xF);
            sample.Co2Status = (SensorStatus)((statuses >> 8) & 0xF);
            sample.AngleStatus = (SensorStatus)((statuses >> 12) & 0xF);
            sample.TemperatureMode = b[o + 62];
            sample.Co2Mode = b[o + 63];
            sample.RockingMode = b[o + 64];
            sample.Flags = b[o + 65];
            sample.HighestAlarmPriority = b[o + 66];
            sample.ActiveAlarmCount = b[o + 67];
            return true;
        }

        /// <summary>value × scale rounded to an i32, or <see cref="NoValue"/> when it has no such representation.</summary>
        public static int ToFixed(double value, double scale)
        {
            // NaN is tested on its own (on nanoCLR NaN > x is true); ±infinity and anything beyond ±2^31 - 1 fall outside.
            double scaled = value * scale;
            if (double.IsNaN(scaled) || !(scaled > -2147483647.0 && scaled < 2147483647.0))
            {
                return NoValue;
            }

            return (int)Math.Round(scaled);
        }

        /// <summary>The double of a fixed-point value (NaN for <see cref="NoValue"/>).</summary>
        public static double FromFixed(int value, double scale)
        {
            if (value == NoValue)
            {
                return double.NaN;
            }

            return value / scale;
        }
    }
}
