using System;
using Bioreactor.Control.Ports;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class DeterminismTests
    {
        // Runs a scripted scenario (pseudo-random commands from a fixed test generator, faults) and returns a digest of
        // every reading and true value.
        private static ulong Run(int seed, int steps)
        {
            var bio = new VirtualBioreactor(Rig.Bare(), seed);
            bio.AddFaults(FaultSchedule.Parse("door-open@20+5, sensor-stale:co2@30+10, power-cut@50+3, probe-open:plate@60+1"));
            bio.Rocker.SetEnabled(true);
            ulong script = 0x9E3779B97F4A7C15UL;
            ulong digest = 1469598103934665603UL;
            for (int i = 0; i < steps; i++)
            {
                script ^= script << 13;
                script ^= script >> 7;
                script ^= script << 17;
                bio.Heater.Set((script & 1) != 0);
                bio.Co2Valve.Set((script & 6) == 6);
                bio.Rocker.SetSpeed((((int)(script >> 40) & 0xFF) - 128) * 0.1);
                bio.Step(0.02);
                digest = Mix(digest, bio.LiquidProbe.Latest);
                digest = Mix(digest, bio.PlateProbe.Latest);
                digest = Mix(digest, bio.Co2Sensor.Latest);
                digest = Mix(digest, bio.AngleSensor.Latest);
                digest = Mix(digest, bio.TrueLiquidCelsius);
                digest = Mix(digest, bio.TrueCo2Percent);
                digest = Mix(digest, bio.TrueAngleDegrees);
                digest = Mix(digest, bio.AmbientCelsius);
            }

            return digest;
        }

        private static ulong Mix(ulong digest, SensorReading reading)
        {
            digest = Mix(digest, reading.Value);
            digest = (digest ^ (ulong)reading.Status) * 1099511628211UL;
            return (digest ^ (ulong)reading.SampleMilliseconds) * 1099511628211UL;
        }

        private static ulong Mix(ulong digest, double value)
        {
            return (digest ^ (ulong)BitConverter.DoubleToInt64Bits(value)) * 1099511628211UL;
        }

        [TestMethod]
        public void SameSeedAndCommands_GiveBitIdenticalResults()
        {
            Assert.AreEqual(Run(42, 5000), Run(42, 5000));
        }

        [TestMethod]
        public void AnotherSeed_GivesDifferentNoise()
        {
            Assert.AreNotEqual(Run(42, 5000), Run(43, 5000));
        }

        [TestMethod]
        public void Step_AllocatesNothing()
        {
            var bio = new VirtualBioreactor(Rig.Bare(), 1);
            bio.AddFaults(FaultSchedule.Parse("door-open@30+5, sensor-stuck:liquid@35+5, power-cut@40+2, motor-stall@45+1"));
            bio.Rocker.SetEnabled(true);

            // Warm up (JIT, first preparation), then measure across fault events, commands and reads.
            var reading = new SensorReading();
            Exercise(bio, reading, 0, 500);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Exercise(bio, reading, 500, 5000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.AreEqual(0L, allocated, "bytes allocated by 4500 steps");
            Assert.IsTrue(bio.ElapsedSeconds > 99.0, "the measured window covered the faults");
        }

        private static void Exercise(VirtualBioreactor bio, SensorReading reading, int from, int to)
        {
            double sum = 0.0;
            for (int i = from; i < to; i++)
            {
                bio.Heater.Set(i % 50 < 10);
                bio.Co2Valve.Set(i % 500 < 100);
                bio.Rocker.SetSpeed(6.0 * Math.Sin(i * 0.02));
                bio.Step(0.02);
                bio.LiquidProbe.Read(reading);
                sum += reading.Value;
                bio.Co2Sensor.Read(reading);
                sum += reading.Value;
                bio.AngleSensor.Read(reading);
                sum += reading.Value;
                bio.PlateProbe.Read(reading);
                sum += reading.Value + bio.Clock.MonotonicMilliseconds + bio.Clock.UtcNow.Ticks;
            }

            Assert.IsTrue(sum != 0.0);
        }
    }
}
