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
        public void Ina219ShuntRegisterIsTwosComplementTimesTenMicrovolts()
        {
            // INA219 data sheet, shunt voltage register examples: 7D00h = +320.00 mV, 8300h = −320.00 mV, F060h = −40.00 mV.
            TestSupport.AreNear(0.320, Ina219CurrentMonitor.ShuntVolts(0x7D, 0x00), 1e-9, "7D00h");
            TestSupport.AreNear(-0.320, Ina219CurrentMonitor.ShuntVolts(0x83, 0x00), 1e-9, "8300h");
            TestSupport.AreNear(-0.040, Ina219CurrentMonitor.ShuntVolts(0xF0, 0x60), 1e-9, "F060h");
            // Bus voltage: bits 15-3 × 4 mV; 6000 × 4 mV = 24 V with CNVR (bit 1) set: BB82h.
            TestSupport.AreNear(24.0, Ina219CurrentMonitor.BusVoltsFromRegister(0xBB, 0x82), 1e-9, "BB82h");
        }

        [TestMethod]
        public void Ina219CurrentFromTheShuntAndItsFaults()
        {
            var m = new Ina219CurrentMonitor(0.010);
            Assert.IsTrue(m.ConfigurationWriteNeeded, "configure at start");
            var buffer = new byte[3];
            Assert.AreEqual(3, Ina219CurrentMonitor.FillConfigurationWrite(buffer, 0));
            Assert.AreEqual((byte)0x00, buffer[0]);
            Assert.AreEqual((byte)0x29, buffer[1]);
            Assert.AreEqual((byte)0x9F, buffer[2]);
            m.ConfigurationWritten();

            m.Update(0x29, 0x9F, 0x10, 0x68, 0xBB, 0x82, 100); // 1068h = 4200 × 10 µV = 42 mV over 10 mΩ
            SensorReading r = m.Read();
            Assert.AreEqual((int)SensorStatus.Ok, (int)r.Status);
            TestSupport.AreNear(4.2, r.Value, 1e-9, "A");
            TestSupport.AreNear(24.0, m.BusVolts, 1e-9, "V");
            Assert.AreEqual(100L, r.SampleMilliseconds);

            m.Update(0x39, 0x9F, 0x00, 0x00, 0xBB, 0x82, 120); // power-on default: the chip was reset
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)m.Read().Status);
            Assert.IsTrue(m.ConfigurationWriteNeeded, "rewrite after a reset");

            m.Update(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 140);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)m.Read().Status);

            m.Update(0x29, 0x9F, 0x1F, 0x40, 0xBB, 0x82, 160); // 1F40h = 80 mV: the ±80 mV range's end
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)m.Read().Status);

            m.ReportNoResponse(180);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)m.Read().Status);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new Ina219CurrentMonitor(0.0), "shunt 0");
        }

        [TestMethod]
        public void HafTransferFunctionAndGasFactor()
        {
            // Bidirectional HAF: code = 16384 × (0.5 + 0.4 × flow / full scale). Zero flow = 2000h; +full scale = 14745.6, so 3999h (14745) is just inside it.
            var air = new HafFlowSensor(50.0, 1.0);
            air.Update(0x20, 0x00, 10);
            TestSupport.AreNear(0.0, air.Read().Value, 1e-9, "zero");
            air.Update(0x39, 0x99, 20);
            TestSupport.AreNear(50.0, air.Read().Value, 0.01, "full scale");
            Assert.AreEqual((int)SensorStatus.Ok, (int)air.Read().Status);

            // 25 sccm of CO2 reads 17.5 sccm of air at a 0.7 gas factor: code 16384 × 0.64 = 10486 = 28F6h.
            var co2 = new HafFlowSensor(50.0, 0.7);
            co2.Update(0x28, 0xF6, 30);
            TestSupport.AreNear(25.0, co2.Read().Value, 0.01, "sccm of CO2");

            co2.Update(0x40, 0x00, 40); // top bits not 00: not a flow reading
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)co2.Read().Status);
            co2.Update(0xFF, 0xFF, 50);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)co2.Read().Status);
            co2.Update(0x3F, 0xFF, 60); // above the 90 % code
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)co2.Read().Status);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new HafFlowSensor(50.0, 0.0), "gas factor 0");
        }
    }
}
