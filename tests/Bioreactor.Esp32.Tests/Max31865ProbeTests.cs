#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class Max31865ProbeTests
    {
        // The Adafruit 3328 board: PT100, 430 Ω reference; fault thresholds at −50 °C and +150 °C.
        private static Max31865Probe CreateProbe()
        {
            return new Max31865Probe(430.0, 100.0, false, true, -50.0, 150.0);
        }

        /// <summary>A register image as the chip returns it in a 9-byte transfer (register 00h at index 1).</summary>
        private static byte[] Image(Max31865Probe probe, int code, bool faultBit, byte faultStatus)
        {
            byte[] image = new byte[Max31865Probe.ReadTransferLength];
            byte[] thresholds = new byte[Max31865Probe.MaximumWriteLength];
            probe.FillThresholdWrite(thresholds, 0);
            int rtd = (code << 1) | (faultBit ? 1 : 0);
            image[1] = probe.Configuration;
            image[2] = (byte)(rtd >> 8);
            image[3] = (byte)(rtd & 0xFF);
            image[4] = thresholds[1];
            image[5] = thresholds[2];
            image[6] = thresholds[3];
            image[7] = thresholds[4];
            image[8] = faultStatus;
            return image;
        }

        [TestMethod]
        public void IecTableResistancesGiveTheirTemperatures()
        {
            // IEC 60751 PT100 table values (R0 = 100 Ω), both branches of the curve.
            double[] celsius = { -200.0, -100.0, -50.0, 0.0, 37.0, 50.0, 100.0, 200.0, 400.0, 850.0 };
            double[] ohms = { 18.52, 60.26, 80.31, 100.00, 114.38, 119.40, 138.51, 175.86, 247.09, 390.48 };
            for (int i = 0; i < celsius.Length; i++)
            {
                // The table rounds to 0.01 Ω, about 0.026 °C.
                TestSupport.AreNear(celsius[i], PlatinumRtd.TemperatureCelsius(ohms[i], 100.0), 0.03,
                    "temperature of " + ohms[i].ToString("F2") + " ohm");
                TestSupport.AreNear(ohms[i], PlatinumRtd.ResistanceOhms(celsius[i], 100.0), 0.005,
                    "resistance at " + celsius[i].ToString("F0") + " C");
            }
        }

        [TestMethod]
        public void InverseUndoesTheCurveBelowZeroWhereTheQuadraticAloneIsWrong()
        {
            for (double t = -200.0; t <= 0.0; t += 12.5)
            {
                double r = PlatinumRtd.ResistanceOhms(t, 100.0);
                TestSupport.AreNear(t, PlatinumRtd.TemperatureCelsius(r, 100.0), 1e-9, "round trip at " + t.ToString("F1"));
            }

            // Without the C term the quadratic is about 0.2 °C off at −100 °C: the Newton refinement must remove it.
            double ohmsAtMinus100 = PlatinumRtd.ResistanceOhms(-100.0, 100.0);
            double quadratic = (-PlatinumRtd.A + Math.Sqrt(PlatinumRtd.A * PlatinumRtd.A
                - 4.0 * PlatinumRtd.B * (1.0 - ohmsAtMinus100 / 100.0))) / (2.0 * PlatinumRtd.B);
            TestSupport.AtLeast(0.15, Math.Abs(quadratic + 100.0), "the quadratic alone is off");
        }

        [TestMethod]
        public void ImpossibleResistancesAreNotATemperature()
        {
            Assert.IsTrue(double.IsNaN(PlatinumRtd.TemperatureCelsius(0.0, 100.0)), "0 ohm");
            Assert.IsTrue(double.IsNaN(PlatinumRtd.TemperatureCelsius(-5.0, 100.0)), "negative");
            Assert.IsTrue(double.IsNaN(PlatinumRtd.TemperatureCelsius(double.NaN, 100.0)), "NaN");
            Assert.IsTrue(double.IsNaN(PlatinumRtd.TemperatureCelsius(1000.0, 100.0)), "beyond the curve's vertex");
        }

        [TestMethod]
        public void DataSheetCodesWithA400OhmReferenceGiveTheirTemperatures()
        {
            // MAX31865 data sheet, Table 9 (PT100, RREF = 400 Ω): ADC code per temperature.
            Max31865Probe probe = new Max31865Probe(400.0, 100.0, false, false, -200.0, 700.0);
            int[] codes = { 1517, 8192, 11346, 14406 };
            double[] celsius = { -200.0, 0.0, 100.0, 200.0 };
            for (int i = 0; i < codes.Length; i++)
            {
                // One code is 400/32768 Ω ≈ 0.031 °C; the table truncates.
                TestSupport.AreNear(celsius[i], probe.TemperatureCelsius(codes[i]), 0.04, "code " + codes[i].ToString());
            }
        }

        [TestMethod]
        public void RtdRegistersCarryAFifteenBitCodeAndTheFaultBit()
        {
            Assert.AreEqual(8192, Max31865Probe.CodeFromRegisters(0x40, 0x00), "0x4000 >> 1");
            Assert.AreEqual(32767, Max31865Probe.CodeFromRegisters(0xFF, 0xFE), "full scale");
            Assert.IsTrue(Max31865Probe.FaultBitFromRegisters(0x01), "D0 set");
            Assert.IsFalse(Max31865Probe.FaultBitFromRegisters(0xFE), "D0 clear");
        }

        [TestMethod]
        public void ABodyTemperatureSampleReads37DegreesOnThe430OhmBoard()
        {
            Max31865Probe probe = CreateProbe();
            // 114.38 Ω (37 °C) × 32768 / 430 = 8716.4 → the chip reports 8716: registers 44h 18h.
            byte[] image = Image(probe, 8716, false, 0);
            Assert.AreEqual((byte)0x44, image[2], "MSB");
            Assert.AreEqual((byte)0x18, image[3], "LSB");
            probe.Update(image, 1, 1234);
            SensorReading reading = probe.Read();
            Assert.AreEqual((int)SensorStatus.Ok, (int)reading.Status, "status");
            TestSupport.AreNear(37.0, reading.Value, 0.04, "temperature");
            Assert.AreEqual(1234L, reading.SampleMilliseconds, "sample time");
            TestSupport.AreNear(114.377, probe.LastResistanceOhms, 0.001, "resistance");
            Assert.IsFalse(probe.FaultClearNeeded, "no fault to clear");
            Assert.IsFalse(probe.ConfigurationWriteNeeded, "configuration intact");
        }

        [TestMethod]
        public void ConfigurationAndThresholdBytesFollowTheDataSheet()
        {
            Max31865Probe probe = CreateProbe();
            // Bias on (D7), automatic conversion (D6), 2/4-wire (D4 = 0), 50 Hz filter (D0).
            Assert.AreEqual((byte)0xC1, probe.Configuration, "configuration");
            Assert.AreEqual((byte)0xD0, new Max31865Probe(430.0, 100.0, true, false, -50.0, 150.0).Configuration, "3-wire, 60 Hz");
            // Automatic fault detection: 100X010Xb.
            Assert.AreEqual((byte)0x85, probe.FaultDetectionConfiguration, "fault detection cycle");

            byte[] buffer = new byte[Max31865Probe.MaximumWriteLength];
            Assert.AreEqual(2, probe.FillConfigurationWrite(buffer, 0), "configuration write length");
            Assert.AreEqual((byte)0x80, buffer[0], "configuration write address");
            Assert.AreEqual((byte)0xC1, buffer[1], "configuration value");
            probe.FillFaultClearWrite(buffer, 0);
            Assert.AreEqual((byte)0xC3, buffer[1], "fault clear sets D1 only");

            // −50 °C = 80.306 Ω → code 6119.7 → 6119 (floor); +150 °C = 157.325 Ω → 11988.9 → 11989 (ceiling).
            Assert.AreEqual(6119, probe.LowThresholdCode, "low threshold code");
            Assert.AreEqual(11989, probe.HighThresholdCode, "high threshold code");
            Assert.AreEqual(5, probe.FillThresholdWrite(buffer, 0), "threshold write length");
            Assert.AreEqual((byte)0x83, buffer[0], "threshold write address");
            Assert.AreEqual(11989 << 1, (buffer[1] << 8) | buffer[2], "high threshold left-justified");
            Assert.AreEqual(6119 << 1, (buffer[3] << 8) | buffer[4], "low threshold left-justified");
        }

        [TestMethod]
        public void FaultStatusBitsMapOntoTheCoreStatuses()
        {
            Assert.AreEqual((int)SensorStatus.Ok, (int)Max31865Probe.StatusFromFaultStatus(0x00), "none");
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x80), "D7 high threshold");
            Assert.AreEqual((int)SensorStatus.ShortCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x40), "D6 low threshold");
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x20), "D5 REFIN- high");
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x10), "D4 FORCE- open");
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x08), "D3 FORCE- open");
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)Max31865Probe.StatusFromFaultStatus(0x04), "D2 over/under voltage");
            Assert.AreEqual((int)SensorStatus.Ok, (int)Max31865Probe.StatusFromFaultStatus(0x03), "D1, D0 are don't-care");
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0xA4), "open wins over voltage");
            Assert.AreEqual((int)SensorStatus.ShortCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x44), "short wins over voltage");
        }

        [TestMethod]
        public void AnOpenElementReportsOpenCircuitAndAsksForAFaultClear()
        {
            Max31865Probe probe = CreateProbe();
            probe.Update(Image(probe, 8716, false, 0), 1, 100);
            // An open element drives the ADC to full scale: at or above the high threshold, fault bit set.
            probe.Update(Image(probe, 32767, true, Max31865Probe.FaultRtdHighThreshold | Max31865Probe.FaultReferenceInputHigh), 1, 200);
            SensorReading reading = probe.Read();
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)reading.Status, "status");
            Assert.AreEqual(200L, reading.SampleMilliseconds, "fault sample time");
            Assert.IsTrue(probe.FaultClearNeeded, "latched fault must be cleared");
            Assert.AreEqual(1, probe.FaultCount, "fault count");
        }

        [TestMethod]
        public void AShortedElementReportsShortCircuit()
        {
            Max31865Probe probe = CreateProbe();
            probe.Update(Image(probe, 12, true, Max31865Probe.FaultRtdLowThreshold), 1, 300);
            Assert.AreEqual((int)SensorStatus.ShortCircuit, (int)probe.Read().Status, "status");
            Assert.IsTrue(probe.FaultClearNeeded, "clear");
        }

        [TestMethod]
        public void TheFaultBitWithAnEmptyStatusRegisterIsADeviceFault()
        {
            Max31865Probe probe = CreateProbe();
            probe.Update(Image(probe, 8716, true, 0), 1, 300);
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)probe.Read().Status, "status");
        }

        [TestMethod]
        public void ALatchedFaultWithoutTheFaultBitIsStillReported()
        {
            Max31865Probe probe = CreateProbe();
            probe.Update(Image(probe, 8716, false, Max31865Probe.FaultOverUnderVoltage), 1, 300);
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)probe.Read().Status, "status");
            Assert.IsTrue(probe.FaultClearNeeded, "clear");
        }

        [TestMethod]
        public void AChipThatLostItsSetUpIsAFaultAndIsReconfigured()
        {
            Max31865Probe probe = CreateProbe();
            // Power-on values after a brown-out: configuration 00h, thresholds FFFFh / 0000h, stale RTD data.
            byte[] image = Image(probe, 8716, false, 0);
            image[1] = 0x00;
            image[4] = 0xFF;
            image[5] = 0xFF;
            image[6] = 0x00;
            image[7] = 0x00;
            probe.Update(image, 1, 400);
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)probe.Read().Status, "status");
            Assert.IsTrue(probe.ConfigurationWriteNeeded, "rewrite");

            // Only the thresholds lost: still a fault (faults would go unseen).
            image = Image(probe, 8716, false, 0);
            image[4] = 0xFF;
            image[5] = 0xFF;
            probe.Update(image, 1, 500);
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)probe.Read().Status, "thresholds lost");

            // The self-clearing bits (one-shot, fault cycle, fault clear) do not count as a change.
            image = Image(probe, 8716, false, 0);
            image[1] = (byte)(probe.Configuration | Max31865Probe.FaultStatusClear);
            probe.Update(image, 1, 600);
            Assert.AreEqual((int)SensorStatus.Ok, (int)probe.Read().Status, "self-clearing bit ignored");
            Assert.IsFalse(probe.ConfigurationWriteNeeded, "no rewrite");
        }

        [TestMethod]
        public void AnAbsentChipIsNoResponse()
        {
            Max31865Probe probe = CreateProbe();
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)probe.Read().Status, "before the first sample");
            byte[] image = new byte[Max31865Probe.ReadTransferLength];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = 0xFF;
            }

            probe.Update(image, 1, 700);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)probe.Read().Status, "MISO stuck high");
            Assert.AreEqual(700L, probe.Read().SampleMilliseconds, "time");
            probe.Update(new byte[Max31865Probe.ReadTransferLength], 1, 800);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)probe.Read().Status, "MISO stuck low");
            probe.ReportNoResponse(900);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)probe.Read().Status, "bus error");
            Assert.AreEqual(900L, probe.Read().SampleMilliseconds, "bus error time");
        }

        [TestMethod]
        public void TheReadRequestAddressesRegisterZeroForNineBytes()
        {
            Max31865Probe probe = CreateProbe();
            byte[] buffer = new byte[Max31865Probe.ReadTransferLength];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0x55;
            }

            Assert.AreEqual(9, probe.FillRegisterReadRequest(buffer, 0), "length");
            for (int i = 0; i < buffer.Length; i++)
            {
                Assert.AreEqual((byte)0, buffer[i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        public void InvalidSetUpsAreRejected()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(90.0, 100.0, false, true, -50.0, 150.0),
                "reference below nominal");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 0.0, false, true, -50.0, 150.0),
                "nominal 0");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, false, true, 50.0, 40.0),
                "low above high");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, false, true, -250.0, 40.0),
                "low below the curve");
            // 430 Ω is reached near 1000 °C: beyond the curve and the ADC.
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, false, true, -50.0, 900.0),
                "high beyond the reference");
        }
    }
}
