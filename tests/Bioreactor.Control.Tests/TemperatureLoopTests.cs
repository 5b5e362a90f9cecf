#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class TemperatureLoopTests
    {
        private const double TickSeconds = 0.5;
        private const long TickMilliseconds = 500;

        /// <summary>The loop on the two-mass test plant, probes converted every tick unless a fault is injected.</summary>
        private sealed class Rig : LoopTestRig
        {
            public readonly ThermalTestPlant Plant = new ThermalTestPlant(22.0);
            public readonly TemperatureLoop Loop;
            public readonly TestRandom Random = new TestRandom(20261123);
            public SensorStatus LiquidStatus = SensorStatus.Ok;
            public SensorStatus PlateStatus = SensorStatus.Ok;
            public bool PlateStale;
            public double PlateSpikeCelsius;
            private readonly SensorReading _liquid = new SensorReading();
            private readonly SensorReading _plate = new SensorReading();

            public Rig()
                : this(new TemperatureLoopSettings())
            {
            }

            public Rig(TemperatureLoopSettings settings)
            {
                Loop = new TemperatureLoop(settings);
            }

            public override bool Tick()
            {
                _liquid.Set(ThermalTestPlant.Convert(Plant.LiquidProbeCelsius, Random, 0.02), LiquidStatus, NowMilliseconds);

                if (!PlateStale)
                {
                    _plate.Set(ThermalTestPlant.Convert(Plant.PlateProbeCelsius, Random, 0.02) + PlateSpikeCelsius,
                        PlateStatus, NowMilliseconds);
                }

                bool on = Loop.Update(_liquid, _plate, NowMilliseconds, TickSeconds);
                Plant.Step(on ? 1.0 : 0.0, TickSeconds);
                NowMilliseconds += TickMilliseconds;
                return on;
            }
        }

        [TestMethod]
        public void WarmUpSettlesWithoutOvershootWithinTheFastestAdmissibleWarmUpTimesOnePointThree()
        {
            Rig rig = new Rig();
            double fastestSeconds = rig.Plant.FastestWarmUpSeconds(22.0, 36.9, 40.0);
            double maximumLiquid = 0.0;
            double maximumPlate = 0.0;
            double lastOutsideBandSeconds = 0.0;
            bool alwaysNormal = true;
            while (rig.Seconds < 2.5 * fastestSeconds)
            {
                rig.Tick();
                maximumLiquid = Math.Max(maximumLiquid, rig.Plant.LiquidCelsius);
                maximumPlate = Math.Max(maximumPlate, rig.Plant.PlateCelsius);
                if (Math.Abs(rig.Plant.LiquidCelsius - 37.0) > 0.1)
                {
                    lastOutsideBandSeconds = rig.Seconds;
                }

                alwaysNormal &= rig.Loop.Mode == TemperatureLoopMode.Normal;
                TestSupport.AtMost(40.0, rig.Loop.PlateSetPointCelsius, "plate set point");
            }

            // Measured: overshoot 0.06 °C, settled within ±0.1 °C after 1.12 × the fastest warm-up, plate at most 40.00 °C.
            Assert.IsTrue(alwaysNormal, "no probe fault expected");
            TestSupport.AtMost(0.2, maximumLiquid - 37.0, "overshoot, °C");
            TestSupport.AtMost(1.3, lastOutsideBandSeconds / fastestSeconds, "settling time / fastest warm-up");
            TestSupport.AtMost(40.05, maximumPlate, "true plate temperature, °C");
            TestSupport.AreNear(37.0, rig.Plant.LiquidCelsius, 0.05, "liquid at the end");
        }

        [TestMethod]
        public void LiquidProbeFaultHoldsThePlateAtTheLearntOffsetAndKeepsTheCultureWarm()
        {
            Rig rig = new Rig();
            rig.RunUntil(3.0 * 3600.0);
            double offset = rig.Loop.FallbackOffsetCelsius;
            double integralOffset = rig.Loop.PlateSetPointCelsius - 37.0;
            TestSupport.AreNear(integralOffset, offset, 0.2, "learnt offset against the plate set point in steady state");
            TestSupport.AtLeast(0.5, offset, "offset learnt (the bag loses heat to the room)");

            rig.LiquidStatus = SensorStatus.OpenCircuit;
            rig.Tick();
            Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.PlateOnlyFallback, "fallback at the first faulted tick");
            Assert.IsTrue(rig.Loop.LiquidCheck == SensorCheck.DriverFault);
            Assert.IsTrue(rig.Loop.LiquidDriverStatus == SensorStatus.OpenCircuit);
            TestSupport.AreNear(37.0 + offset, rig.Loop.PlateSetPointCelsius, 1e-9, "plate held at set point + learnt offset");

            double worstDeviation = 0.0;
            while (rig.Seconds < 5.0 * 3600.0)
            {
                rig.Tick();
                worstDeviation = Math.Max(worstDeviation, Math.Abs(rig.Plant.LiquidCelsius - 37.0));
                Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.PlateOnlyFallback);
            }

            // Measured: within 0.01 °C over two hours on the plate probe alone.
            TestSupport.AtMost(0.2, worstDeviation, "liquid deviation over 2 h of fallback, °C");

            rig.LiquidStatus = SensorStatus.Ok;
            double plateSetPointBefore = rig.Loop.PlateSetPointCelsius;
            rig.RunUntil(rig.Seconds + 10.0);
            Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.Normal, "back to the cascade when the probe reads well");
            TestSupport.AreNear(plateSetPointBefore, rig.Loop.PlateSetPointCelsius, 0.5, "bumpless return");
            worstDeviation = 0.0;
            while (rig.Seconds < 6.0 * 3600.0)
            {
                rig.Tick();
                worstDeviation = Math.Max(worstDeviation, Math.Abs(rig.Plant.LiquidCelsius - 37.0));
            }

            TestSupport.AtMost(0.1, worstDeviation, "liquid deviation after the return, °C");
        }

        [TestMethod]
        public void LiquidProbeFaultBeforeAnyOffsetWasLearntNeverOverheats()
        {
            Rig rig = new Rig();
            rig.RunUntil(600.0);
            Assert.AreEqual(0.0, rig.Loop.FallbackOffsetCelsius, "nothing learnt during the warm-up");
            rig.LiquidStatus = SensorStatus.NoResponse;
            double maximumLiquid = 0.0;
            while (rig.Seconds < 4.0 * 3600.0)
            {
                rig.Tick();
                maximumLiquid = Math.Max(maximumLiquid, rig.Plant.LiquidCelsius);
                TestSupport.AreNear(37.0, rig.Loop.PlateSetPointCelsius, 1e-9, "plate held at the liquid set point");
            }

            // Measured: the liquid settles at 35.76 °C under a plate held at 37 °C.
            TestSupport.AtMost(37.0, maximumLiquid, "the liquid never passes its set point");
            TestSupport.AtLeast(35.5, rig.Plant.LiquidCelsius, "the culture is kept warm");
        }

        [TestMethod]
        public void PlateProbeFaultTurnsTheHeaterOffAtOnceUntilTheProbeReadsWellAgain()
        {
            Rig rig = new Rig();
            rig.RunUntil(2.0 * 3600.0);
            rig.PlateStatus = SensorStatus.ShortCircuit;
            bool everOn = false;
            double liquidAtFault = rig.Plant.LiquidCelsius;
            double faultEnd = rig.Seconds + 1200.0;
            while (rig.Seconds < faultEnd)
            {
                everOn |= rig.Tick();
                Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.HeaterOff);
            }

            Assert.IsFalse(everOn, "heater never on while the plate probe is faulted");
            Assert.IsTrue(rig.Loop.PlateCheck == SensorCheck.DriverFault);
            Assert.IsTrue(rig.Loop.PlateDriverStatus == SensorStatus.ShortCircuit);
            Assert.AreEqual(0.0, rig.Loop.HeaterDutyFraction);
            TestSupport.AtMost(liquidAtFault - 0.1, rig.Plant.LiquidCelsius, "the liquid cools without heat");

            rig.PlateStatus = SensorStatus.Ok;
            bool onAgain = false;
            for (int i = 0; i < 100; i++)
            {
                onAgain |= rig.Tick();
            }

            Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.Normal);
            Assert.IsTrue(onAgain, "heating resumes");
        }

        [TestMethod]
        public void BothProbesFaultedTurnTheHeaterOff()
        {
            Rig rig = new Rig();
            rig.RunUntil(1800.0);
            rig.LiquidStatus = SensorStatus.OpenCircuit;
            rig.PlateStatus = SensorStatus.OpenCircuit;
            bool everOn = false;
            for (int i = 0; i < 6000; i++)
            {
                everOn |= rig.Tick();
                Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.HeaterOff);
            }

            Assert.IsFalse(everOn);
        }

        [TestMethod]
        public void AStalePlateSampleTurnsTheHeaterOffWithinTheMaximumAge()
        {
            Rig rig = new Rig();
            rig.RunUntil(600.0);
            Assert.IsTrue(rig.Loop.HeaterOn || rig.Loop.HeaterDutyFraction > 0.5, "heating hard during the warm-up");
            double staleFrom = rig.Seconds;
            rig.PlateStale = true;
            double offAfter = -1.0;
            while (rig.Seconds < staleFrom + 5.0)
            {
                rig.Tick();
                if (offAfter < 0.0 && rig.Loop.Mode == TemperatureLoopMode.HeaterOff && !rig.Loop.HeaterOn)
                {
                    offAfter = rig.Seconds - staleFrom;
                }
            }

            Assert.IsTrue(rig.Loop.PlateCheck == SensorCheck.Stale);
            TestSupport.AtLeast(1.0, offAfter, "not before the sample is older than the limit");
            TestSupport.AtMost(1.5 + TickSeconds + 1e-9, offAfter, "safe state reached within the age limit and one tick, s");
        }

        [TestMethod]
        public void AOneSampleSpikeOnThePlateStopsTheHeaterForThatTickOnly()
        {
            Rig rig = new Rig();
            rig.RunUntil(600.0);
            rig.PlateSpikeCelsius = 5.0;
            rig.Tick();
            Assert.IsTrue(rig.Loop.PlateCheck == SensorCheck.RateOfChange);
            Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.HeaterOff);
            Assert.IsFalse(rig.Loop.HeaterOn);
            rig.PlateSpikeCelsius = 0.0;
            rig.Tick();
            Assert.IsTrue(rig.Loop.PlateCheck == SensorCheck.Ok);
            Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.Normal);
        }

        [TestMethod]
        public void ALidOpenForThirtySecondsIsRecoveredWithinTenMinutes()
        {
            // Losses ×10 for 30 s: harsher than a plain opening (×3), so the liquid really leaves the ±0.2 °C band.
            Rig rig = new Rig();
            rig.RunUntil(3.0 * 3600.0);
            double lidOpenedSeconds = rig.Seconds;
            rig.Plant.LossMultiplier = 10.0;
            rig.RunUntil(lidOpenedSeconds + 30.0);
            rig.Plant.LossMultiplier = 1.0;
            double lastOutsideSeconds = lidOpenedSeconds;
            double worstDeviation = 0.0;
            while (rig.Seconds < lidOpenedSeconds + 3600.0)
            {
                rig.Tick();
                double deviation = Math.Abs(rig.Plant.LiquidCelsius - 37.0);
                worstDeviation = Math.Max(worstDeviation, deviation);
                if (deviation > 0.2)
                {
                    lastOutsideSeconds = rig.Seconds;
                }
            }

            // Measured: 0.44 °C low at worst, back within ±0.2 °C 106 s after the lid closed.
            TestSupport.AtLeast(0.3, worstDeviation, "the opening disturbed the liquid, °C");
            TestSupport.AtMost(600.0, lastOutsideSeconds - lidOpenedSeconds - 30.0, "back within ±0.2 °C after, s");
        }

        [TestMethod]
        public void ChangingTheLiquidSetPointMovesThePlateBoundsWithIt()
        {
            Rig rig = new Rig();
            rig.RunUntil(2.5 * 3600.0);
            rig.Loop.LiquidSetPointCelsius = 36.0;
            double maximumLiquid = 0.0;
            while (rig.Seconds < 5.0 * 3600.0)
            {
                rig.Tick();
                TestSupport.AtMost(40.0, rig.Loop.PlateSetPointCelsius, "plate limit");
                TestSupport.AtLeast(20.0, rig.Loop.PlateSetPointCelsius, "plate minimum");
                maximumLiquid = Math.Max(maximumLiquid, rig.Plant.LiquidCelsius);
            }

            TestSupport.AreNear(36.0, rig.Plant.LiquidCelsius, 0.1, "new set point reached");
            TestSupport.AtMost(37.05, maximumLiquid, "no rise on the way down");
        }

        [TestMethod]
        public void RejectsInvalidSettings()
        {
            TemperatureLoopSettings settings = new TemperatureLoopSettings();
            settings.PlateLimitCelsius = 46.0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new TemperatureLoop(settings), "plate limit above 45 °C");

            settings = new TemperatureLoopSettings();
            settings.LiquidSetPointCelsius = 40.5;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new TemperatureLoop(settings), "set point above the plate limit");

            settings = new TemperatureLoopSettings();
            settings.OuterPeriodSeconds = 0.5;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new TemperatureLoop(settings), "outer faster than inner");

            settings = new TemperatureLoopSettings();
            settings.InnerTunings = new PidTunings(0.0, 60.0, 0.0);
            TestSupport.Throws(typeof(ArgumentException), () => new TemperatureLoop(settings), "zero inner gain");

            settings = new TemperatureLoopSettings();
            settings.HeaterMinimumOnSeconds = 1.0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new TemperatureLoop(settings), "minimum on = window");

            TemperatureLoop loop = new TemperatureLoop(new TemperatureLoopSettings());
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => loop.LiquidSetPointCelsius = 41.0, "runtime set point above the limit");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => loop.Update(new SensorReading(37.0, SensorStatus.Ok, 0), new SensorReading(37.0, SensorStatus.Ok, 0), 0, 0.0),
                "zero dt");
        }
    }
}
