using System;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class ClockAndFiguresTests
    {
        [TestMethod]
        public void Clock_AdvancesExactlyWithTheSteps()
        {
            var start = new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);
            var bio = new VirtualBioreactor(Rig.Bare(), 1, start);
            Assert.AreEqual(0L, bio.Clock.MonotonicMilliseconds);
            Assert.IsTrue(bio.Clock.IsUtcSynchronized);

            Rig.Run(bio, 3600.0, 0.02);

            Assert.AreEqual(3_600_000L, bio.Clock.MonotonicMilliseconds, "180 000 steps of 20 ms, no rounding drift");
            Assert.AreEqual(start.AddHours(1.0), bio.Clock.UtcNow);
            Assert.AreEqual(DateTimeKind.Utc, bio.Clock.UtcNow.Kind);
            bio.Clock.IsUtcSynchronized = false;
            Assert.IsFalse(bio.Clock.IsUtcSynchronized);
        }

        [TestMethod]
        public void Step_RejectsBadSteps()
        {
            var bio = new VirtualBioreactor(Rig.Bare(), 1);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => bio.Step(0.0));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => bio.Step(double.NaN));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => bio.Step(1.5));
        }

        [TestMethod]
        public void DefaultRig_KeyFiguresAreThoseDocumented()
        {
            PlantParameters p = PlantParameters.CreateDefault();

            double dutyStill = PlantFigures.SteadyHeaterDuty(p, 37.0, 1.0, 22.0, out double plateStill);
            double rockingMultiplier = PlantFigures.HeatLossMultiplier(p, PlantFigures.MeanAbsoluteSpeedDegreesPerSecond(10.0, 6.0), false);
            double dutyRocking = PlantFigures.SteadyHeaterDuty(p, 37.0, rockingMultiplier, 22.0, out double plateRocking);
            double valveDuty = PlantFigures.SteadyValveDuty(p, 5.0);
            double tauClosed = PlantFigures.HeadspaceTimeConstantSeconds(p, false);
            double warmUp40 = PlantFigures.WarmUpSeconds(p, 40.0, 37.0);
            double warmUpHeld40 = PlantFigures.WarmUpSecondsPlateHeld(p, 40.0, 22.0, 37.0, 1.0, 22.0);

            // The README's "Default rig: key figures" table.
            Assert.AreEqual(0.133, dutyStill, 0.001, "steady heater duty at 37 °C, still");
            Assert.AreEqual(38.35, plateStill, 0.01, "plate at 37 °C liquid, still");
            Assert.AreEqual(0.161, dutyRocking, 0.001, "steady heater duty at 37 °C, 10 rpm ±6°");
            Assert.AreEqual(38.62, plateRocking, 0.01, "plate at 37 °C liquid, rocking");
            Assert.AreEqual(0.219, valveDuty, 0.001, "steady valve duty at 5 % CO2");
            Assert.AreEqual(571.4, tauClosed, 0.1, "headspace time constant, valve closed, s");
            Assert.AreEqual(33.0 * 60.0, warmUp40, 30.0, "warm-up 22 → 37 °C, plate limited to 40 °C, s");
            Assert.AreEqual(30.5 * 60.0, warmUpHeld40, 30.0, "warm-up with the plate held at 40 °C from the start, s");

            // The consistency requirements.
            Assert.IsTrue(dutyStill >= 0.10 && dutyRocking <= 0.40, "heater duty within 10–40 %");
            Assert.IsTrue(valveDuty >= 0.10 && valveDuty <= 0.40, "valve duty within 10–40 %");
            Assert.IsTrue(warmUp40 > 20 * 60.0 && warmUp40 < 2 * 3600.0, "warm-up of tens of minutes to 2 h");
        }

        [TestMethod]
        public void WarmUpFigure_MatchesTheFullBoardUnderAPlateLimitThermostat()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            double t = 0.0;
            while (bio.TrueLiquidCelsius < 37.0 && t < 7200.0)
            {
                bio.Heater.Set(bio.TruePlateCelsius < 40.0);
                bio.Step(0.1);
                t += 0.1;
            }

            Assert.AreEqual(PlantFigures.WarmUpSeconds(PlantParameters.CreateDefault(), 40.0, 37.0), t, 1.0, "warm-up, s");
        }
    }
}
