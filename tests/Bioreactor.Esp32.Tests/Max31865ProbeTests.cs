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
    /// <summary>The MAX31865 probe's conversion of the Iot.Device.Max31865 binding's temperature and fault flags.</summary>
    [TestClass]
    public class Max31865ProbeTests
    {
        // The Adafruit 3328 board: PT100, 430 Ω reference, 4-wire element, 50 Hz; fault limits at −50 °C and +150 °C.
        private static Max31865Probe CreateProbe()
        {
            return new Max31865Probe(430.0, 100.0, 4, true, -50.0, 150.0);
        }

        [TestMethod]
        public void ABodyTemperatureConversionIsOk()
        {
            var probe = CreateProbe();
            SensorReading r = ConvertedSamples.Of(probe, 37.02, 0, 1234);
            Assert.AreEqual((int)SensorStatus.Ok, (int)r.Status);
            TestSupport.AreNear(37.02, r.Value, 1e-12, "°C");
            Assert.AreEqual(1234L, r.SampleMilliseconds);
            Assert.AreEqual(0, probe.FaultCount);
        }

        [TestMethod]
        public void FaultFlagsBecomeTheDataSheetRegister()
        {
            // MAX31865 data sheet, fault status register 07h: D7 high threshold … D2 over/under-voltage.
            Assert.AreEqual((byte)0x80, Max31865Probe.FaultStatus(true, false, false, false, false, false));
            Assert.AreEqual((byte)0x40, Max31865Probe.FaultStatus(false, true, false, false, false, false));
            Assert.AreEqual((byte)0x20, Max31865Probe.FaultStatus(false, false, true, false, false, false));
            Assert.AreEqual((byte)0x10, Max31865Probe.FaultStatus(false, false, false, true, false, false));
            Assert.AreEqual((byte)0x08, Max31865Probe.FaultStatus(false, false, false, false, true, false));
            Assert.AreEqual((byte)0x04, Max31865Probe.FaultStatus(false, false, false, false, false, true));
            Assert.AreEqual((byte)0xFC, Max31865Probe.FaultStatus(true, true, true, true, true, true));
            Assert.AreEqual((byte)0x00, Max31865Probe.FaultStatus(false, false, false, false, false, false));
        }

        [TestMethod]
        public void FaultStatusBitsMapOntoTheCoreStatuses()
        {
            Assert.AreEqual((int)SensorStatus.Ok, (int)Max31865Probe.StatusFromFaultStatus(0x00));
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x80));
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x20));
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x10));
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x08));
            Assert.AreEqual((int)SensorStatus.ShortCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x40));
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)Max31865Probe.StatusFromFaultStatus(0x04));
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)Max31865Probe.StatusFromFaultStatus(0xC4), "open before short before voltage");
            Assert.AreEqual((int)SensorStatus.ShortCircuit, (int)Max31865Probe.StatusFromFaultStatus(0x44), "short before voltage");
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)Max31865Probe.StatusFromFaultStatus(0x01), "bits the data sheet leaves unused");
        }

        [TestMethod]
        public void AFaultFlagOverridesAPlausibleTemperature()
        {
            var probe = CreateProbe();
            SensorReading r = ConvertedSamples.Of(probe, 37.0, Max31865Probe.FaultRtdInputLowForceOpen, 10);
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)r.Status);
            Assert.AreEqual(0.0, r.Value, "no value with a fault");
            Assert.AreEqual(1, probe.FaultCount);
        }

        [TestMethod]
        public void TheLimitsStandInForTheThresholdsTheBindingLeavesUnset()
        {
            var probe = CreateProbe();
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)ConvertedSamples.Of(probe, 150.0, 0, 1).Status, "at the high limit");
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)ConvertedSamples.Of(probe, 988.8, 0, 2).Status, "an open element's full-scale code");
            Assert.AreEqual((int)SensorStatus.ShortCircuit, (int)ConvertedSamples.Of(probe, -50.0, 0, 3).Status, "at the low limit");
            Assert.AreEqual((int)SensorStatus.ShortCircuit, (int)ConvertedSamples.Of(probe, -242.02, 0, 4).Status, "an all-zero code");
            Assert.AreEqual((int)SensorStatus.Ok, (int)ConvertedSamples.Of(probe, 149.99, 0, 5).Status, "just inside");
            Assert.AreEqual(4, probe.FaultCount);
        }

        [TestMethod]
        public void AnAbsentChipIsNeverAPlausibleTemperature()
        {
            // A stuck-high MISO line reads every register as FFh: the full-scale code and every fault flag.
            var probe = CreateProbe();
            byte allFlags = Max31865Probe.FaultStatus(true, true, true, true, true, true);
            Assert.AreEqual((int)SensorStatus.OpenCircuit, (int)ConvertedSamples.Of(probe, 988.8, allFlags, 1).Status);
        }

        [TestMethod]
        public void NotANumberIsOutOfRangeNotAColdProbe()
        {
            // On nanoCLR NaN compares greater than anything: without the explicit test it would pass as plausible.
            var probe = CreateProbe();
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)ConvertedSamples.Of(probe, double.NaN, 0, 1).Status);
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)ConvertedSamples.Of(probe, double.PositiveInfinity, 0, 2).Status);
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)ConvertedSamples.Of(probe, double.NegativeInfinity, 0, 3).Status);
        }

        [TestMethod]
        public void InvalidSetUpsAreRejected()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 50.0, 4, true, -50.0, 150.0), "PT50");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(90.0, 100.0, 4, true, -50.0, 150.0), "reference below nominal");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(double.NaN, 100.0, 4, true, -50.0, 150.0), "NaN reference");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, 5, true, -50.0, 150.0), "5 wires");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, 1, true, -50.0, 150.0), "1 wire");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, 4, true, -250.0, 150.0), "below the curve");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, 4, true, double.NaN, 150.0), "NaN low");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, 4, true, -50.0, double.NaN), "NaN high");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, 4, true, 50.0, 40.0), "high below low");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Max31865Probe(430.0, 100.0, 4, true, -50.0, 900.0), "above the curve");
            var probe = new Max31865Probe(4300.0, 1000.0, 3, false, -20.0, 120.0);
            Assert.AreEqual(3, probe.Wires);
            Assert.IsFalse(probe.MainsFilter50Hz);
            Assert.AreEqual(4300.0, probe.ReferenceOhms);
        }
    }
}
