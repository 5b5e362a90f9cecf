using System;
using Bioreactor.Esp32.Application;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Control.Tests.HostOnly.Esp32Board
{
    /// <summary>
    /// The ESP32 drivers' periodic calls must not allocate (docs/architecture.md rule 3). Each test warms the object up,
    /// then counts the bytes this thread allocates over many calls; exact zero.
    /// </summary>
    [TestClass]
    public class Esp32DriverAllocationTests
    {
        private const int Calls = 20_000;

        private sealed class NullStepOutput : IStepPulseOutput
        {
            public int Calls;

            public void SetDriverEnabled(bool enabled) => Calls++;

            public void SetDirection(bool pinHigh) => Calls++;

            public void SetStepFrequency(int frequencyHertz) => Calls++;

            public void StopSteps() => Calls++;
        }

        [TestMethod]
        public void Max31865ConversionAndTheHandOverAllocateNothing()
        {
            // The control tick reads an AcquiredReading; the acquisition thread converts and publishes (the binding's own
            // allocations there are off the tick, by design).
            var probe = new Max31865Probe(430.0, 100.0, 4, true, -50.0, 150.0);
            var reading = new AcquiredReading();
            var converted = new SensorReading();
            var tick = new SensorReading();
            probe.Convert(37.0, 0, 0, converted);
            reading.Publish(converted);
            reading.Read(tick);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
            {
                byte faults = Max31865Probe.FaultStatus(i % 7 == 3, false, false, false, false, false);
                probe.Convert(36.5 + (i % 100) * 0.01, faults, i, converted);
                reading.Publish(converted);
                reading.Read(tick);
            }

            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by the conversion and hand-over");
            reading.Read(tick);
            Assert.AreEqual(SensorStatus.Ok, tick.Status, "last sample converted");
        }

        [TestMethod]
        public void GssCo2ParsingAndPollingAllocateNothing()
        {
            var probe = new GssCo2Probe(20.0, 500, 3000);
            byte[] handshake = System.Text.Encoding.ASCII.GetBytes("K 00002\r\n. 00010\r\n");
            byte[] line = System.Text.Encoding.ASCII.GetBytes(" Z 05000 z 05012\r\nZ 0\x01\r\n?\r\n");
            byte[] command = new byte[GssCo2Probe.MaximumCommandLength];
            probe.Receive(handshake, 0, handshake.Length, 0);
            var tick = new SensorReading();

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
            {
                Co2Command due = probe.CommandDue(i * 100L);
                GssCo2Probe.FillCommand(due, command, 0);
                probe.Receive(line, 0, line.Length, i * 100L);
                probe.Read(tick);
            }

            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by GssCo2Probe");
            Assert.AreEqual(Calls, probe.RejectedLineCount, "one garbage line per call rejected");
        }

        [TestMethod]
        public void As5600UpdateAllocatesNothing()
        {
            var sensor = new As5600AngleSensor(1000, false);
            sensor.Update(0x20, 0x03, 0xE8, 0);
            var tick = new SensorReading();

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
            {
                int raw = (1000 + i) % 4096;
                sensor.Update(0x20, (byte)(raw >> 8), (byte)(raw & 0xFF), i);
                sensor.Read(tick);
            }

            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by As5600AngleSensor");
        }

        [TestMethod]
        public void RockerDriveAndDoorSwitchAllocateNothing()
        {
            var clock = new ManualClock();
            var output = new NullStepOutput();
            var drive = new SteppedRockerDrive(new StepperMechanics(), output, clock);
            var door = new DebouncedDoorSwitch(0.05, true);
            drive.SetEnabled(true);
            drive.SetSpeed(0.0);
            door.Update(false, 0.02);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
            {
                clock.MonotonicMilliseconds += 20;
                drive.SetEnabled(i % 5000 != 0);
                drive.SetSpeed(20.0 * Math.Sin(i * 0.02));
                door.Update(i % 300 < 150, 0.02);
                _ = door.IsOpen;
            }

            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by the drive and the switch");
            Assert.IsTrue(output.Calls > 100, "the drive did drive the output");
        }
    }
}
