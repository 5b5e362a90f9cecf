using System;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class ThermalTests
    {
        [TestMethod]
        public void HeaterAtFixedDuty_SettlesAtTheClosedFormSteadyState()
        {
            PlantParameters p = Rig.StillRoom();
            var bio = new VirtualBioreactor(p, 1);

            Rig.RunAtDuty(bio, 0.2, 0.0, 10.0, 30 * 3600.0, 100.0, 0.2, out double liquid, out double plate, out _);

            PlantFigures.SteadyTemperatures(p, 0.2, 1.0, 22.0, out double plateExpected, out double liquidExpected);
            Assert.AreEqual(liquidExpected, liquid, 0.01, "liquid steady state");
            Assert.AreEqual(plateExpected, plate, 0.05, "plate steady state");
            Assert.IsTrue(liquidExpected > 40.0, "a 20 % duty heats the liquid well above 37 °C: " + liquidExpected);
        }

        [TestMethod]
        public void WarmUpWithPlateHeld_MatchesTheFirstOrderClosedForm()
        {
            // A huge, loss-free plate at 40 °C is a plate held at 40 °C.
            PlantParameters p = Rig.StillRoom();
            p.Thermal.PlateHeatCapacityJoulesPerKelvin = 1.0e7;
            p.Thermal.PlateToAmbientConductanceWattsPerKelvin = 0.0;
            p.Thermal.InitialPlateCelsius = 40.0;
            var bio = new VirtualBioreactor(p, 1);

            double t = 0.0;
            while (bio.TrueLiquidCelsius < 37.0 && t < 7200.0)
            {
                bio.Step(0.5);
                t += 0.5;
            }

            double expected = PlantFigures.WarmUpSecondsPlateHeld(p, 40.0, 22.0, 37.0, 1.0, 22.0);
            Assert.AreEqual(expected, t, expected * 0.01, "warm-up 22 → 37 °C with the plate at 40 °C, s");
        }

        [TestMethod]
        public void OpenLid_MultipliesTheLosses()
        {
            PlantParameters p = Rig.StillRoom();
            var closed = new VirtualBioreactor(p, 1);
            var open = new VirtualBioreactor(p, 1);
            open.Door.SetOpenByOperator(true);

            Rig.RunAtDuty(closed, 0.2, 0.0, 10.0, 30 * 3600.0, 100.0, 0.2, out double liquidClosed, out _, out _);
            Rig.RunAtDuty(open, 0.2, 0.0, 10.0, 30 * 3600.0, 100.0, 0.2, out double liquidOpen, out _, out _);

            PlantFigures.SteadyTemperatures(p, 0.2, p.Thermal.LidOpenLossMultiplier, 22.0, out _, out double expectedOpen);
            Assert.AreEqual(expectedOpen, liquidOpen, 0.01, "liquid steady state with the lid open");
            Assert.IsTrue(liquidClosed - liquidOpen > 5.0, "the open lid cools the liquid: " + liquidClosed + " vs " + liquidOpen);
            Assert.AreEqual(p.Thermal.LidOpenLossMultiplier, open.HeatLossMultiplier, 1e-12, "loss multiplier with the lid open");
        }

        [TestMethod]
        public void Rocking_RaisesTheLossByTheConfiguredGain()
        {
            PlantParameters p = Rig.StillRoom();
            var rocking = new VirtualBioreactor(p, 1);
            var still = new VirtualBioreactor(p, 1);
            rocking.Rocker.SetEnabled(true);
            double amplitude = 6.0;
            double omega = 2.0 * Math.PI * 10.0 / 60.0; // 10 rpm
            for (int i = 0; i < 3600 * 50; i++)
            {
                double t = i * 0.02;
                rocking.Rocker.SetSpeed(amplitude * omega * Math.Cos(omega * t));
                rocking.Heater.Set(i % 500 < 100);
                still.Heater.Set(i % 500 < 100);
                rocking.Step(0.02);
                still.Step(0.02);
            }

            double expected = PlantFigures.HeatLossMultiplier(p, PlantFigures.MeanAbsoluteSpeedDegreesPerSecond(10.0, amplitude), false);
            Assert.AreEqual(1.2, expected, 1e-9, "closed-form multiplier at 10 rpm, ±6°");
            Assert.AreEqual(expected, rocking.HeatLossMultiplier, 0.02, "model multiplier while rocking");
            Assert.AreEqual(1.0, still.HeatLossMultiplier, 1e-12, "no rocking, no extra loss");
            Assert.IsTrue(
                still.TrueLiquidCelsius - rocking.TrueLiquidCelsius > 0.2,
                "rocking cools: " + still.TrueLiquidCelsius + " vs " + rocking.TrueLiquidCelsius);
        }

        [TestMethod]
        public void ExactDiscretisation_GivesTheSameTrajectoryForDifferentSteps()
        {
            PlantParameters p = Rig.StillRoom();
            var fine = new VirtualBioreactor(p, 1);
            var coarse = new VirtualBioreactor(p, 1);
            fine.Heater.Set(true);
            coarse.Heater.Set(true);

            Rig.Run(fine, 1800.0, 0.02);
            Rig.Run(coarse, 1800.0, 0.1);

            Assert.AreEqual(fine.ElapsedMicroseconds, coarse.ElapsedMicroseconds, "same simulated time");
            Assert.AreEqual(fine.TruePlateCelsius, coarse.TruePlateCelsius, 1e-6, "plate");
            Assert.AreEqual(fine.TrueLiquidCelsius, coarse.TrueLiquidCelsius, 1e-6, "liquid");
            Assert.IsTrue(fine.TruePlateCelsius > 60.0, "the heater did heat: " + fine.TruePlateCelsius);
        }

        [TestMethod]
        public void AmbientDrift_StaysWithinItsBoundsAndMoves()
        {
            PlantParameters p = PlantParameters.CreateDefault();
            var bio = new VirtualBioreactor(p, 7);
            double min = double.MaxValue;
            double max = double.MinValue;
            for (int i = 0; i < 2 * 86400; i++)
            {
                bio.Step(1.0);
                min = Math.Min(min, bio.AmbientCelsius);
                max = Math.Max(max, bio.AmbientCelsius);
            }

            double bound = p.Ambient.AmbientDriftAmplitudeKelvin + p.Ambient.AmbientRandomWalkLimitKelvin;
            Assert.IsTrue(max <= 22.0 + bound + 1e-9 && min >= 22.0 - bound - 1e-9, "within ±" + bound + ": " + min + " … " + max);
            Assert.IsTrue(max - min > 2.0 * p.Ambient.AmbientDriftAmplitudeKelvin * 0.8, "drifts over two days: " + min + " … " + max);
        }

        [TestMethod]
        public void RoomStep_MovesTheRoomAtOnceAndTheSteadyStateByTheClosedForm()
        {
            PlantParameters p = Rig.StillRoom();
            var bio = new VirtualBioreactor(p, 1);
            Rig.Run(bio, 10.0, 0.02);
            double before = bio.AmbientCelsius;

            bio.RoomStepKelvin = 1.0;
            bio.Step(0.02);

            Assert.AreEqual(before + 1.0, bio.AmbientCelsius, 1e-12, "the room steps by 1 K from the next step");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => bio.RoomStepKelvin = double.NaN);

            // The plant follows the warmer room: steady state at a fixed heater duty as the closed form for 23 °C.
            Rig.RunAtDuty(bio, 0.2, 0.0, 10.0, 30 * 3600.0, 100.0, 0.2, out double liquid, out _, out _);
            PlantFigures.SteadyTemperatures(p, 0.2, 1.0, 23.0, out _, out double expected);
            Assert.AreEqual(expected, liquid, 0.01, "liquid steady state in a room 1 K warmer");
        }

        [TestMethod]
        public void HeaterOff_LiquidCoolsTowardsTheRoom()
        {
            PlantParameters p = Rig.StillRoom();
            p.Thermal.InitialLiquidCelsius = 37.0;
            p.Thermal.InitialPlateCelsius = 37.0;
            var bio = new VirtualBioreactor(p, 1);

            Rig.Run(bio, 3600.0, 1.0);

            Assert.IsTrue(bio.TrueLiquidCelsius < 37.0 && bio.TrueLiquidCelsius > 22.0, "cooling: " + bio.TrueLiquidCelsius);
            Assert.IsFalse(bio.HeaterIsOn, "heater never commanded");
        }
    }
}
