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
    /// <summary>The INA219 heater current monitor and the HAF flow sensor conversions, with data-sheet register values.</summary>
    [TestClass]
    public class FeedbackDriverTests
    {
        [TestMethod]
        public void Ina219CurrentFromTheShuntAndItsFaults()
        {
            var m = new Ina219CurrentMonitor(0.010);

            // 42 mV over 10 mΩ (the shunt register 1068h = 4200 × 10 µV, as the binding returns it in volts); 24 V bus.
            SensorReading r = ConvertedSamples.Of(m, true, 0.042, 24.0, 100);
            Assert.AreEqual((int)SensorStatus.Ok, (int)r.Status);
            TestSupport.AreNear(4.2, r.Value, 1e-9, "A");
            TestSupport.AreNear(24.0, m.BusVolts, 1e-9, "V");
            Assert.AreEqual(100L, r.SampleMilliseconds);

            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)ConvertedSamples.Of(m, false, 0.0, 24.0, 120).Status, "restarted chip (PGA read back ±320 mV)");
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)ConvertedSamples.Of(m, true, 0.080, 24.0, 160).Status, "the ±80 mV range's end");
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)ConvertedSamples.Of(m, true, -0.0800, 24.0, 170).Status, "negative end");
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)ConvertedSamples.Of(m, true, double.NaN, 24.0, 180).Status, "NaN shunt");
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)ConvertedSamples.Of(m, true, 0.01, double.NaN, 190).Status, "NaN bus");
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)ConvertedSamples.Of(m, true, 0.01, 40.0, 200).Status, "bus beyond 32 V");
            TestSupport.AreNear(24.0, m.BusVolts, 1e-9, "bus voltage of the last good sample");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Ina219CurrentMonitor(0.0), "shunt 0");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Ina219CurrentMonitor(double.NaN), "shunt NaN");
        }

        [TestMethod]
        public void HafTransferFunctionAndGasFactor()
        {
            // Bidirectional HAF: code = 16384 × (0.5 + 0.4 × flow / full scale). Zero flow = 2000h; +full scale = 14745.6, so 3999h (14745) is just inside it.
            var air = new HafFlowSensor(50.0, 1.0);
            air.Update(0x20, 0x00, 10);
            TestSupport.AreNear(0.0, TestSupport.Sample(air).Value, 1e-9, "zero");
            air.Update(0x39, 0x99, 20);
            TestSupport.AreNear(50.0, TestSupport.Sample(air).Value, 0.01, "full scale");
            Assert.AreEqual((int)SensorStatus.Ok, (int)TestSupport.Sample(air).Status);

            // 25 sccm of CO2 reads 17.5 sccm of air at a 0.7 gas factor: code 16384 × 0.64 = 10486 = 28F6h.
            var co2 = new HafFlowSensor(50.0, 0.7);
            co2.Update(0x28, 0xF6, 30);
            TestSupport.AreNear(25.0, TestSupport.Sample(co2).Value, 0.01, "sccm of CO2");

            co2.Update(0x40, 0x00, 40); // top bits not 00: not a flow reading
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)TestSupport.Sample(co2).Status);
            co2.Update(0xFF, 0xFF, 50);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)TestSupport.Sample(co2).Status);
            co2.Update(0x3F, 0xFF, 60); // above the 90 % code
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)TestSupport.Sample(co2).Status);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new HafFlowSensor(50.0, 0.0), "gas factor 0");
        }
    }
}
