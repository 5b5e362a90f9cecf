using System;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class RockingTests
    {
        private const double G = 9.80665;

        [TestMethod]
        public void Platform_FollowsASinusoidalSpeedCommand()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.Rocker.SetEnabled(true);
            double amplitude = 6.0;
            double omega = 2.0 * Math.PI * 10.0 / 60.0; // 10 rpm: θ_ref = A·(1 − cos ωt) swings 0 … 2A
            double worst = 0.0;
            double min = double.MaxValue;
            double max = double.MinValue;
            for (int i = 0; i < 1200; i++)
            {
                double t = i * 0.02;
                bio.Rocker.SetSpeed(amplitude * omega * Math.Sin(omega * t));
                bio.Step(0.02);
                double reference = amplitude * (1.0 - Math.Cos(omega * (t + 0.02)));
                worst = Math.Max(worst, Math.Abs(bio.TrueAngleDegrees - reference));
                min = Math.Min(min, bio.TrueAngleDegrees);
                max = Math.Max(max, bio.TrueAngleDegrees);
            }

            Assert.IsTrue(worst < 0.3, "largest angle error, °: " + worst);
            Assert.AreEqual(2.0 * amplitude, max - min, 0.05, "swing, °");
        }

        [TestMethod]
        public void TorqueLimit_CapsTheAcceleration()
        {
            PlantParameters p = Rig.StillRoom();
            p.Rocking.MotorMaxTorqueNewtonMetres = 0.3;
            var limited = new VirtualBioreactor(p, 1);
            var strong = new VirtualBioreactor(Rig.StillRoom(), 1);
            limited.Rocker.SetEnabled(true);
            strong.Rocker.SetEnabled(true);
            limited.Rocker.SetSpeed(60.0);
            strong.Rocker.SetSpeed(60.0);

            Rig.Run(limited, 0.1, 0.02);
            Rig.Run(strong, 0.1, 0.02);

            // Reference: J·dω/dt = T_max − T_c − b·ω + m·g·r·sin θ, integrated finely.
            double inertia = p.Rocking.PlatformInertiaKilogramSquareMetres + (1.0 * 0.05 * 0.05);
            double w = 0.0;
            double theta = 0.0;
            const double H = 1e-5;
            for (int i = 0; i < 10000; i++)
            {
                double torque = 0.3 - 0.2 - (0.02 * w) + (1.0 * G * 0.05 * Math.Sin(theta));
                w += H * torque / inertia;
                theta += H * w;
            }

            double expected = w * 180.0 / Math.PI;
            Assert.AreEqual(expected, limited.TruePlatformSpeedDegreesPerSecond, expected * 0.05, "torque-limited speed after 0.1 s, °/s");
            Assert.IsTrue(limited.IsMotorTorqueLimited, "the motor is at its limit");
            Assert.AreEqual(0.3, limited.MotorTorqueNewtonMetres, 1e-12, "motor torque = limit");
            Assert.IsTrue(strong.TruePlatformSpeedDegreesPerSecond > 55.0, "without the limit the loop gets there: " + strong.TruePlatformSpeedDegreesPerSecond);
        }

        [TestMethod]
        public void LiquidLoad_ChangesTheTorqueWithAngle()
        {
            PlantParameters p = Rig.StillRoom();
            p.Rocking.InitialAngleDegrees = -12.0;
            var bio = new VirtualBioreactor(p, 1);
            bio.Rocker.SetEnabled(true);
            bio.Rocker.SetSpeed(5.0);
            Rig.Run(bio, 0.5, 0.02); // settle at constant speed
            int checkedPoints = 0;
            double torqueLow = double.NaN;
            double torqueHigh = double.NaN;
            for (int i = 0; i < 200; i++)
            {
                double angleBefore = bio.TrueAngleDegrees;
                bio.Step(0.02);
                double omega = bio.TruePlatformSpeedDegreesPerSecond * Math.PI / 180.0;
                double expected = (0.02 * omega) + 0.2 - (1.0 * G * 0.05 * Math.Sin(angleBefore * Math.PI / 180.0));
                Assert.AreEqual(expected, bio.MotorTorqueNewtonMetres, 1e-3, "torque at " + angleBefore + "°");
                checkedPoints++;
                if (Math.Abs(angleBefore - 2.0) < 0.06)
                {
                    torqueLow = bio.MotorTorqueNewtonMetres;
                }

                if (Math.Abs(angleBefore - 10.0) < 0.06)
                {
                    torqueHigh = bio.MotorTorqueNewtonMetres;
                }
            }

            Assert.AreEqual(200, checkedPoints);
            Assert.AreEqual(1.0 * G * 0.05 * (Math.Sin(10.0 * Math.PI / 180.0) - Math.Sin(2.0 * Math.PI / 180.0)), torqueLow - torqueHigh, 0.003, "load difference 2° vs 10°, N·m");
        }

        [TestMethod]
        public void Stall_StopsAllMotion()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.AddFault(FaultSchedule.Parse("motor-stall@0+2")[0]);
            bio.Rocker.SetEnabled(true);
            bio.Rocker.SetSpeed(10.0);

            Rig.Run(bio, 2.0, 0.02);
            Assert.AreEqual(0.0, bio.TrueAngleDegrees, "stalled platform does not move");
            Assert.AreEqual(0.0, bio.TruePlatformSpeedDegreesPerSecond);

            Rig.Run(bio, 0.5, 0.02);
            Assert.IsTrue(bio.TrueAngleDegrees > 4.0, "moves again after the stall: " + bio.TrueAngleDegrees);
        }

        [TestMethod]
        public void DisabledDrive_FrictionHoldsThePlatformAgainstTheLoad()
        {
            PlantParameters p = Rig.StillRoom();
            p.Rocking.InitialAngleDegrees = 8.0;
            var held = new VirtualBioreactor(p, 1);
            PlantParameters slippery = Rig.StillRoom();
            slippery.Rocking.InitialAngleDegrees = 8.0;
            slippery.Rocking.CoulombFrictionNewtonMetres = 0.0;
            var falls = new VirtualBioreactor(slippery, 1);

            Rig.Run(held, 10.0, 0.02);
            Rig.Run(falls, 10.0, 0.02);

            Assert.AreEqual(8.0, held.TrueAngleDegrees, 1e-9, "held by dry friction");
            Assert.AreEqual(15.0, falls.TrueAngleDegrees, 1e-9, "without friction the liquid pulls it onto the end stop");
        }

        [TestMethod]
        public void SpeedCommand_IsLimitedAndEndStopsHold()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);
            bio.Rocker.SetEnabled(true);
            bio.Rocker.SetSpeed(1000.0);

            Rig.Run(bio, 0.2, 0.02);
            Assert.AreEqual(60.0, bio.TruePlatformSpeedDegreesPerSecond, 0.5, "speed limit, °/s");

            Rig.Run(bio, 1.0, 0.02);
            Assert.AreEqual(15.0, bio.TrueAngleDegrees, 1e-9, "end stop");
            Assert.AreEqual(0.0, bio.TruePlatformSpeedDegreesPerSecond, "stopped at the end stop");
        }
    }
}
