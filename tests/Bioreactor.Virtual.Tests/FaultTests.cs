using System;
using Bioreactor.Control.Ports;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class FaultTests
    {
        [TestMethod]
        public void ProbeOpen_ReadsFullScaleWithOpenCircuitUntilItEnds()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFaults(FaultSchedule.Parse("probe-open:liquid@10+5"));

            Rig.Run(bio, 12.0, 0.02);
            SensorReading open = bio.LiquidProbe.Latest;
            Assert.AreEqual(SensorStatus.OpenCircuit, open.Status);
            Assert.IsTrue(open.Value > 800.0, "full scale of a PT100 with a 430 Ω reference: " + open.Value);
            Assert.AreEqual(12000L, open.SampleMilliseconds, "open is detected on every fresh conversion");
            Assert.AreEqual(SensorStatus.Ok, bio.PlateProbe.Latest.Status, "the other probe is unaffected");
            Assert.IsTrue(bio.IsFaultActive(FaultKind.ProbeOpen, FaultTarget.LiquidProbe));

            Rig.Run(bio, 4.0, 0.02);
            Assert.AreEqual(SensorStatus.Ok, bio.LiquidProbe.Latest.Status, "back after the fault");
            Assert.AreEqual(22.0, bio.LiquidProbe.Latest.Value, 0.2);
            Assert.IsFalse(bio.IsFaultActive(FaultKind.ProbeOpen, FaultTarget.LiquidProbe));
        }

        [TestMethod]
        public void ProbeShort_ReadsNearZeroScaleWithShortCircuit()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFault(new Fault(FaultKind.ProbeShort, FaultTarget.PlateProbe, 1.0, 0.0));

            Rig.Run(bio, 2.0, 0.02);

            SensorReading reading = bio.PlateProbe.Latest;
            Assert.AreEqual(SensorStatus.ShortCircuit, reading.Status);
            Assert.IsTrue(reading.Value < -200.0, "zero resistance reads about −242 °C: " + reading.Value);
        }

        [TestMethod]
        public void SensorStuck_FreezesTheValueButNotTheTimestamps()
        {
            PlantParameters p = Rig.IdealSensors();
            p.Sensors.Co2.ResponseTimeT63Seconds = 1.0;
            var bio = new VirtualBioreactor(p, 1);
            bio.AddFaults(FaultSchedule.Parse("sensor-stuck:co2@10"));
            bio.Co2Valve.Set(true);

            Rig.Run(bio, 10.0, 0.02);
            double atOnset = bio.Co2Sensor.Latest.Value;
            Rig.Run(bio, 300.0, 0.02);

            SensorReading stuck = bio.Co2Sensor.Latest;
            Assert.AreEqual(atOnset, stuck.Value, "frozen value");
            Assert.AreEqual(SensorStatus.Ok, stuck.Status, "a stuck sensor looks healthy");
            Assert.AreEqual(310000L, stuck.SampleMilliseconds, "fresh timestamps");
            Assert.IsTrue(bio.TrueCo2Percent > atOnset + 5.0, "while the truth moved on: " + bio.TrueCo2Percent);
        }

        [TestMethod]
        public void SensorStale_ReturnsTheSameSampleWithItsOldTimestamp()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFaults(FaultSchedule.Parse("sensor-stale:liquid@5+60"));
            bio.Heater.Set(true);

            Rig.Run(bio, 5.0, 0.02);
            SensorReading before = bio.LiquidProbe.Latest;
            Rig.Run(bio, 50.0, 0.02);
            SensorReading stale = bio.LiquidProbe.Latest;

            Assert.AreEqual(before.SampleMilliseconds, stale.SampleMilliseconds, "frozen timestamp");
            Assert.AreEqual(before.Value, stale.Value, "frozen value");
            Assert.AreEqual(4900L, stale.SampleMilliseconds, "the last sample before the fault began at 5 s");

            Rig.Run(bio, 10.0, 0.02);
            Assert.AreEqual(65000L, bio.LiquidProbe.Latest.SampleMilliseconds, "fresh again after the fault");
        }

        [TestMethod]
        public void HeaterFailedOff_DoesNotHeatWhenCommanded()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFaults(FaultSchedule.Parse("heater-failed-off@0"));
            bio.Heater.Set(true);

            Rig.Run(bio, 600.0, 0.1);

            Assert.IsTrue(bio.Heater.IsCommandedOn);
            Assert.IsFalse(bio.HeaterIsOn);
            Assert.AreEqual(22.0, bio.TruePlateCelsius, 1e-9, "plate stays at room temperature");
            Assert.AreEqual(0.0, bio.HeaterOnSeconds);
        }

        [TestMethod]
        public void HeaterFailedOn_HeatsWhenCommandedOff()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFaults(FaultSchedule.Parse("heater-failed-on@60+600"));

            Rig.Run(bio, 59.9, 0.1);
            Assert.IsFalse(bio.HeaterIsOn, "before the fault");
            Rig.Run(bio, 600.1, 0.1);

            Assert.IsFalse(bio.Heater.IsCommandedOn);
            Assert.IsTrue(bio.TruePlateCelsius > 40.0, "a shorted SSR heats the plate: " + bio.TruePlateCelsius);
            Assert.AreEqual(600.0, bio.HeaterOnSeconds, 1e-6);
            Assert.IsFalse(bio.HeaterIsOn, "the fault ended");
        }

        [TestMethod]
        public void ValveStuckOpen_InjectsCo2EvenDuringAPowerCut()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFaults(FaultSchedule.Parse("valve-stuck-open@0, power-cut@0+900"));

            Rig.Run(bio, 600.0, 0.5);

            Assert.IsFalse(bio.IsPowered);
            Assert.IsTrue(bio.ValveIsOpen, "stuck open passes cylinder gas without power");
            Assert.IsTrue(bio.TrueCo2Percent > 15.0, "cylinder gas flows in without power: " + bio.TrueCo2Percent);
        }

        [TestMethod]
        public void ValveStuckClosed_BlocksTheInjection()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFaults(FaultSchedule.Parse("valve-stuck-closed@0"));
            bio.Co2Valve.Set(true);

            Rig.Run(bio, 600.0, 0.5);

            Assert.IsTrue(bio.Co2Valve.IsCommandedOn);
            Assert.IsFalse(bio.ValveIsOpen);
            Assert.AreEqual(0.04, bio.TrueCo2Percent, 1e-9, "room air only");
        }

        [TestMethod]
        public void DoorOpen_OpensTheDoorForItsDuration()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFaults(FaultSchedule.Parse("door-open@100+30"));

            Rig.Run(bio, 99.98, 0.02);
            Assert.IsFalse(bio.Door.IsOpen, "closed before 100 s");
            bio.Step(0.02);
            Assert.IsTrue(bio.Door.IsOpen, "open from 100 s");
            Rig.Run(bio, 29.98, 0.02);
            Assert.IsTrue(bio.Door.IsOpen, "open until 130 s");
            bio.Step(0.02);
            Assert.IsFalse(bio.Door.IsOpen, "closed at 130 s");
        }

        [TestMethod]
        public void PowerCut_DeEnergisesEverythingAndClearsTheCommands()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFaults(FaultSchedule.Parse("power-cut@10+20"));
            bio.Heater.Set(true);
            bio.Co2Valve.Set(true);
            bio.Rocker.SetEnabled(true);
            bio.Rocker.SetSpeed(2.0);

            Rig.Run(bio, 9.98, 0.02);
            Assert.IsTrue(bio.IsPowered, "powered until 10 s");
            bio.Step(0.02);
            Assert.IsFalse(bio.IsPowered, "cut at 10 s");
            double angleAtCut = bio.TrueAngleDegrees;
            Rig.Run(bio, 10.0, 0.02);
            Assert.IsFalse(bio.HeaterIsOn);
            Assert.IsFalse(bio.ValveIsOpen);
            Assert.IsFalse(bio.Rocker.IsDriving);
            Assert.IsFalse(bio.IsAirFlowing);
            bio.Heater.Set(true);
            Assert.IsFalse(bio.Heater.IsCommandedOn, "a dead board commands nothing");
            Assert.AreEqual(angleAtCut, bio.TrueAngleDegrees, 0.05, "the platform stops");

            Rig.Run(bio, 10.0, 0.02);
            Assert.IsTrue(bio.IsPowered, "power back at 30 s");
            Assert.IsFalse(bio.HeaterIsOn, "outputs stay off until the restarted firmware commands them");
            Assert.IsFalse(bio.Rocker.IsEnabled);
            Assert.IsTrue(bio.IsAirFlowing);
            bio.Heater.Set(true);
            Assert.IsTrue(bio.HeaterIsOn);
        }

        [TestMethod]
        public void FaultWithoutDuration_LastsUntilTheEnd()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFault(Fault.Parse("door-open@1"));

            Rig.Run(bio, 3600.0, 1.0);

            Assert.IsTrue(bio.IsDoorOpen);
            Assert.IsTrue(bio.IsFaultActive(FaultKind.DoorOpen));
        }

        [TestMethod]
        public void RestartBoardClock_StartsTheMonotonicCountAgainButNotUtc()
        {
            var start = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1, start);
            Rig.Run(bio, 100.0, 0.02);
            Assert.AreEqual(100000L, bio.Clock.MonotonicMilliseconds);

            bio.RestartBoardClock();
            Rig.Run(bio, 1.0, 0.02);

            Assert.AreEqual(1000L, bio.Clock.MonotonicMilliseconds);
            Assert.AreEqual(1000L, bio.LiquidProbe.Latest.SampleMilliseconds, "samples carry the restarted clock");
            Assert.AreEqual(start.AddSeconds(101.0), bio.Clock.UtcNow);
            Assert.AreEqual(101.0, bio.ElapsedSeconds, 1e-12);
        }
    }
}
