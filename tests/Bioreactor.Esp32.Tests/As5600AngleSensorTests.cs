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
    public class As5600AngleSensorTests
    {
        private const double CountDegrees = 360.0 / 4096.0;

        [TestMethod]
        public void RawCountsAroundTheZeroGiveSignedPlatformDegrees()
        {
            As5600AngleSensor sensor = new As5600AngleSensor(1000, false);
            TestSupport.AreNear(0.0, sensor.AngleDegrees(1000), 1e-12, "level");
            // 68 counts = 5.977°, about the 6° amplitude of a 10 rpm / 6° run.
            TestSupport.AreNear(68 * CountDegrees, sensor.AngleDegrees(1068), 1e-12, "towards the motor");
            TestSupport.AreNear(-68 * CountDegrees, sensor.AngleDegrees(932), 1e-12, "away from the motor");
            TestSupport.AreNear(0.087890625, CountDegrees, 1e-15, "12-bit resolution");
        }

        [TestMethod]
        public void TheAngleWrapsAcrossTheCountersRollover()
        {
            As5600AngleSensor sensor = new As5600AngleSensor(4050, false);
            TestSupport.AreNear(66 * CountDegrees, sensor.AngleDegrees(20), 1e-12, "past 4095 → 0");
            TestSupport.AreNear(-50 * CountDegrees, sensor.AngleDegrees(4000), 1e-12, "below the zero");
            TestSupport.AreNear(-180.0, sensor.AngleDegrees((4050 + 2048) % 4096), 1e-12, "half a turn maps to -180");
        }

        [TestMethod]
        public void AReversedMountingFlipsTheSign()
        {
            As5600AngleSensor sensor = new As5600AngleSensor(1000, true);
            TestSupport.AreNear(-68 * CountDegrees, sensor.AngleDegrees(1068), 1e-12, "reversed");
        }

        [TestMethod]
        public void AGoodSampleIsPublishedWithItsTime()
        {
            As5600AngleSensor sensor = new As5600AngleSensor(1000, false);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)TestSupport.Sample(sensor).Status, "before the first sample");
            // STATUS 20h: magnet detected, AGC inside its range. RAW ANGLE 042Ch = 1068.
            sensor.Update(0x20, 0x04, 0x2C, 5000);
            SensorReading reading = TestSupport.Sample(sensor);
            Assert.AreEqual((int)SensorStatus.Ok, (int)reading.Status, "status");
            TestSupport.AreNear(68 * CountDegrees, reading.Value, 1e-12, "angle");
            Assert.AreEqual(5000L, reading.SampleMilliseconds, "time");
            Assert.AreEqual(1068, sensor.LastRawCounts, "raw");
        }

        [TestMethod]
        public void MagnetProblemsAreDeviceFaults()
        {
            Assert.AreEqual((int)SensorStatus.Ok, (int)As5600AngleSensor.StatusFromRegister(0x20), "MD");
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)As5600AngleSensor.StatusFromRegister(0x00), "no magnet");
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)As5600AngleSensor.StatusFromRegister(0x30), "MD + ML: too weak");
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)As5600AngleSensor.StatusFromRegister(0x28), "MD + MH: too strong");
            Assert.AreEqual((int)SensorStatus.Ok, (int)As5600AngleSensor.StatusFromRegister(0x27), "unused bits ignored");

            As5600AngleSensor sensor = new As5600AngleSensor(1000, false);
            sensor.Update(0x20, 0x04, 0x2C, 100);
            sensor.Update(0x30, 0x04, 0x2C, 200);
            Assert.AreEqual((int)SensorStatus.DeviceFault, (int)TestSupport.Sample(sensor).Status, "weak magnet sample");
            Assert.AreEqual(200L, TestSupport.Sample(sensor).SampleMilliseconds, "fault time");
        }

        [TestMethod]
        public void AStuckBusIsNoResponse()
        {
            As5600AngleSensor sensor = new As5600AngleSensor(1000, false);
            sensor.Update(0xFF, 0xFF, 0xFF, 300);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)TestSupport.Sample(sensor).Status, "all FFh");
            sensor.Update(0x20, 0x14, 0x00, 350);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)TestSupport.Sample(sensor).Status, "bit 12 set cannot come from the chip");
            sensor.ReportNoResponse(400);
            Assert.AreEqual(400L, TestSupport.Sample(sensor).SampleMilliseconds, "bus error time");
        }

        [TestMethod]
        public void AZeroOutsideTheCounterIsRejected()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new As5600AngleSensor(4096, false), "4096");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new As5600AngleSensor(-1, false), "-1");
        }
    }
}
