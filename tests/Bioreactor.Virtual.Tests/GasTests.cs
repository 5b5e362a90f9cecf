using System;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class GasTests
    {
        [TestMethod]
        public void ValveAtFixedDuty_SettlesAtTheClosedFormFraction()
        {
            PlantParameters p = Rig.StillRoom();
            var bio = new VirtualBioreactor(p, 1);

            Rig.RunAtDuty(bio, 0.0, 0.2, 10.0, 12 * 3600.0, 600.0, 0.5, out _, out _, out double co2);

            double expected = PlantFigures.SteadyCo2Percent(p, 0.2);
            Assert.AreEqual(expected, co2, 0.01, "mean headspace CO2 at 20 % valve duty, %");
            Assert.AreEqual(expected, bio.TrueDissolvedCo2Percent, 0.02, "the medium reaches equilibrium with the headspace");
        }

        [TestMethod]
        public void SteadyValveDuty_HoldsFivePercent()
        {
            PlantParameters p = Rig.StillRoom();
            double duty = PlantFigures.SteadyValveDuty(p, 5.0);
            var bio = new VirtualBioreactor(p, 1);

            // 100 s window in 0.1 s steps: the duty is met to 0.1 %.
            Rig.RunAtDuty(bio, 0.0, Math.Round(duty, 3), 100.0, 8 * 3600.0, 1000.0, 0.1, out _, out _, out double co2);

            Assert.AreEqual(5.0, co2, 0.02, "CO2 at the closed-form duty " + duty);
            Assert.IsTrue(duty > 0.1 && duty < 0.4, "steady valve duty within 10–40 %: " + duty);
        }

        [TestMethod]
        public void HeadspaceTimeConstant_IsVolumeOverFlow()
        {
            PlantParameters p = Rig.StillRoom();
            p.Gas.Co2TransferRatePerHour = 0.0;
            var bio = new VirtualBioreactor(p, 1);
            double tau = PlantFigures.HeadspaceTimeConstantSeconds(p, true);
            double start = bio.TrueCo2Percent;
            double final = PlantFigures.SteadyCo2Percent(p, 1.0);

            bio.Co2Valve.Set(true);
            Rig.Run(bio, tau, 0.001 * Math.Round(tau));

            double reached = (bio.TrueCo2Percent - start) / (final - start);
            Assert.AreEqual(1.0 - Math.Exp(-1.0), reached, 0.001, "fraction of the step reached after V/Q");
            Assert.AreEqual(60.0 * 1.0 / 0.13, tau, 1e-9, "V/Q of the default rig with the valve open, s");
        }

        [TestMethod]
        public void OpenDoor_FlushesTheHeadspaceTowardsRoomAir()
        {
            PlantParameters p = Rig.StillRoom();
            p.Gas.InitialCo2Percent = 5.0;
            p.Gas.Co2TransferRatePerHour = 0.0;
            var bio = new VirtualBioreactor(p, 1);
            bio.AddFault(new Fault(FaultKind.DoorOpen, 10.0, 30.0));

            Rig.Run(bio, 10.0, 0.02);
            double before = bio.TrueCo2Percent;
            Rig.Run(bio, 30.0, 0.02);
            double after = bio.TrueCo2Percent;

            // Door open: total exchange = air + leak + door through the 1 L headspace.
            double flowPerSecond = (p.Gas.AirFlowLitresPerMinute + p.Gas.LeakExchangeLitresPerMinute + p.Gas.DoorOpenExchangeLitresPerMinute) / 60.0;
            double expected = 0.04 + ((before - 0.04) * Math.Exp(-flowPerSecond * 30.0 / p.Bag.HeadspaceLitres));
            Assert.AreEqual(expected, after, 0.01, "CO2 after a 30 s door opening, %");
            Assert.IsTrue(after < 0.5, "flushed towards room air: " + after);
            Assert.IsFalse(bio.Door.IsOpen, "the door closed after 30 s");
        }

        [TestMethod]
        public void Dissolution_DelaysTheRiseButNotTheSteadyState()
        {
            PlantParameters with = Rig.StillRoom();
            PlantParameters without = Rig.StillRoom();
            without.Gas.Co2TransferRatePerHour = 0.0;
            var a = new VirtualBioreactor(with, 1);
            var b = new VirtualBioreactor(without, 1);
            a.Co2Valve.Set(true);
            b.Co2Valve.Set(true);

            Rig.Run(a, 600.0, 1.0);
            Rig.Run(b, 600.0, 1.0);
            Assert.IsTrue(a.TrueCo2Percent < b.TrueCo2Percent - 0.1, "the medium absorbs CO2 while it rises: " + a.TrueCo2Percent + " vs " + b.TrueCo2Percent);

            Rig.Run(a, 10 * 3600.0, 1.0);
            Assert.AreEqual(PlantFigures.SteadyCo2Percent(with, 1.0), a.TrueCo2Percent, 0.01, "same steady state");
        }

        [TestMethod]
        public void RecoveryBound_MatchesADirectIntegrationOfTheGasModel()
        {
            // The state a 30 s door opening leaves (headspace flushed, medium barely touched), then the valve open
            // without a break: the closed form against the gas model itself stepped at 10 ms.
            foreach (double transferPerHour in new[] { 2.0, 0.0, 20.0 })
            {
                PlantParameters p = PlantParameters.CreateDefault();
                p.Gas.InitialCo2Percent = 5.0;
                p.Gas.Co2TransferRatePerHour = transferPerHour;
                var gas = new GasModel(p);
                const double Dt = 0.01;
                gas.Prepare(Dt);
                for (int i = 0; i < 3000; i++)
                {
                    gas.Step(false, true, true);
                }

                double headspace = gas.HeadspaceFraction * 100.0;
                double dissolved = gas.LiquidEquilibriumFraction * 100.0;
                double bound = PlantFigures.Co2RecoverySecondsValveOpen(p, headspace, dissolved, 4.8);

                double t = 0.0;
                while (gas.HeadspaceFraction * 100.0 < 4.8 && t < 3600.0)
                {
                    gas.Step(true, false, true);
                    t += Dt;
                }

                Assert.AreEqual(t, bound, 0.05, "recovery 4.8 % with the valve open, kLa " + transferPerHour + " /h, s");
                Assert.IsTrue(headspace < 0.6 && dissolved > (transferPerHour > 2.0 ? 4.0 : 4.9),
                    "door state: headspace " + headspace + " %, medium " + dissolved + " %");
            }
        }

        [TestMethod]
        public void RecoveryBound_DefaultRigAfterADoorOpening()
        {
            PlantParameters p = PlantParameters.CreateDefault();

            // From the state a 30 s opening leaves on the default rig (0.44 % headspace, medium at 4.95 %) to the lower
            // edge of a ±0.2 % band around 5 %: about two minutes, a quarter of V/Q with the valve open.
            double bound = PlantFigures.Co2RecoverySecondsValveOpen(p, 0.44, 4.95, 4.8);
            Assert.AreEqual(119.0, bound, 2.0, "s");
            Assert.AreEqual(0.0, PlantFigures.Co2RecoverySecondsValveOpen(p, 4.9, 5.0, 4.8), "already there");
            Assert.IsTrue(double.IsPositiveInfinity(PlantFigures.Co2RecoverySecondsValveOpen(p, 0.44, 4.95, 25.0)),
                "above what the valve open all the time reaches");
        }

        [TestMethod]
        public void PowerCut_StopsTheAerationSoTheHeadspaceHoldsItsCo2()
        {
            PlantParameters p = Rig.StillRoom();
            p.Gas.InitialCo2Percent = 5.0;
            var cut = new VirtualBioreactor(p, 1);
            var powered = new VirtualBioreactor(p, 1);
            cut.AddFault(new Fault(FaultKind.PowerCut, 0.0, 1800.0));

            Rig.Run(cut, 600.0, 1.0);
            Rig.Run(powered, 600.0, 1.0);

            Assert.IsFalse(cut.IsAirFlowing, "no aeration without power");
            Assert.IsTrue(cut.TrueCo2Percent > 4.5, "only the leak dilutes it: " + cut.TrueCo2Percent);
            Assert.IsTrue(powered.TrueCo2Percent < 3.5, "aeration dilutes it: " + powered.TrueCo2Percent);
        }
    }
}
