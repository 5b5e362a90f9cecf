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
    public class TemperatureAutotuneTests
    {
        private const double TickSeconds = 0.5;
        private const long TickMilliseconds = 500;
        private const double WarmUpSeconds = 1200.0;
        private const ulong Seed = 20261124;

        /// <summary>
        /// The cascade and its autotune on the two-mass test plant (1 L on a 100 W plate, 22 °C room), probes read every
        /// tick with 0.02 °C noise and MAX31865 quantisation; faults are injected through the public fields.
        /// </summary>
        private sealed class Rig : LoopTestRig
        {
            public readonly ThermalTestPlant Plant = new ThermalTestPlant(22.0);
            public readonly TemperatureLoopSettings LoopSettings = new TemperatureLoopSettings();
            public readonly TemperatureLoop Loop;
            public readonly TemperatureAutotune Autotune;
            public readonly TestRandom Random = new TestRandom(Seed);
            public SensorStatus PlateStatus = SensorStatus.Ok;
            public double PlateReadingOffsetCelsius;
            public double ProbeNoiseCelsius = 0.02;
            public bool DoorOpen;
            public bool HeaterInhibited;
            public double MaximumTruePlateCelsius;
            public double MaximumTrueLiquidDeviationCelsius;
            public double MaximumReadPlateCelsius;

            public Rig(TemperatureAutotuneSettings settings)
            {
                Loop = new TemperatureLoop(LoopSettings);
                Autotune = new TemperatureAutotune(settings, Loop, LoopSettings);
            }

            /// <summary>
            /// A rig whose plant starts at the steady state for 37 °C (plate ≈ 38.35 °C: the liquid's 6.75 W loss to the
            /// room crosses the 5 W/K film), run for 20 minutes so the cascade's integrals settle.
            /// </summary>
            public static Rig Warm(TemperatureAutotuneSettings settings)
            {
                Rig rig = new Rig(settings);
                rig.Plant.LiquidCelsius = 37.0;
                rig.Plant.LiquidProbeCelsius = 37.0;
                rig.Plant.PlateCelsius = 38.35;
                rig.Plant.PlateProbeCelsius = 38.35;
                rig.RunUntil(WarmUpSeconds);
                return rig;
            }

            public override bool Tick()
            {
                SensorReading liquid = new SensorReading(ThermalTestPlant.Convert(Plant.LiquidProbeCelsius, Random, ProbeNoiseCelsius),
                    SensorStatus.Ok, NowMilliseconds);
                double plateValue = ThermalTestPlant.Convert(Plant.PlateProbeCelsius, Random, ProbeNoiseCelsius) + PlateReadingOffsetCelsius;
                SensorReading plate = new SensorReading(plateValue, PlateStatus, NowMilliseconds);
                bool on = Autotune.Update(liquid, plate, DoorOpen, HeaterInhibited, NowMilliseconds, TickSeconds);
                if (Autotune.DrivesHeater)
                {
                    MaximumTruePlateCelsius = Math.Max(MaximumTruePlateCelsius, Plant.PlateCelsius);
                    MaximumTrueLiquidDeviationCelsius = Math.Max(MaximumTrueLiquidDeviationCelsius,
                        Math.Abs(Plant.LiquidCelsius - Loop.LiquidSetPointCelsius));
                    MaximumReadPlateCelsius = Math.Max(MaximumReadPlateCelsius, plateValue);
                }

                Plant.Step(on ? 1.0 : 0.0, TickSeconds);
                NowMilliseconds += TickMilliseconds;
                return on;
            }

            /// <summary>Ticks while the autotune is in <paramref name="phase"/>, at most <paramref name="limitSeconds"/> more.</summary>
            public void RunWhile(TemperatureAutotunePhase phase, double limitSeconds)
            {
                double end = Seconds + limitSeconds;
                while (Autotune.Phase == phase && Seconds < end)
                {
                    Tick();
                }
            }

            /// <summary>Ticks until the autotune is no longer active, at most <paramref name="limitSeconds"/> more.</summary>
            public void RunWhileActive(double limitSeconds)
            {
                double end = Seconds + limitSeconds;
                while (Autotune.IsActive && Seconds < end)
                {
                    Tick();
                }
            }

            /// <summary>Fraction of one-second samples with the true liquid within ±band of the set point over the next seconds.</summary>
            public double FractionInBand(double seconds, double bandCelsius)
            {
                double end = Seconds + seconds;
                int samples = 0;
                int inBand = 0;
                while (Seconds < end)
                {
                    Tick();
                    if ((NowMilliseconds % 1000) == 0)
                    {
                        samples++;
                        if (Math.Abs(Plant.LiquidCelsius - Loop.LiquidSetPointCelsius) <= bandCelsius)
                        {
                            inBand++;
                        }
                    }
                }

                return samples == 0 ? 0.0 : (double)inBand / samples;
            }
        }

        private static void AssertDefaultTunings(Rig rig, string when)
        {
            TemperatureLoopSettings defaults = new TemperatureLoopSettings();
            Assert.AreEqual(defaults.InnerTunings.ProportionalGain, rig.Loop.InnerTunings.ProportionalGain, when + ": inner Kc");
            Assert.AreEqual(defaults.InnerTunings.IntegralTimeSeconds, rig.Loop.InnerTunings.IntegralTimeSeconds, when + ": inner Ti");
            Assert.AreEqual(defaults.OuterTunings.ProportionalGain, rig.Loop.OuterTunings.ProportionalGain, when + ": outer Kc");
            Assert.AreEqual(defaults.OuterTunings.IntegralTimeSeconds, rig.Loop.OuterTunings.IntegralTimeSeconds, when + ": outer Ti");
        }

        /// <summary>The run failed with <paramref name="failure"/> in <paramref name="phase"/>.</summary>
        private static void AssertFailed(Rig rig, TemperatureAutotuneFailure failure, TemperatureAutotunePhase phase)
        {
            Assert.IsTrue(rig.Autotune.Failure == failure, rig.Autotune.FailureMessage);
            Assert.IsTrue(rig.Autotune.FailedPhase == phase);
        }

        /// <summary>After an abort: the cascade drives the heater again and holds the liquid.</summary>
        private static void AssertNormalControlResumes(Rig rig, string when)
        {
            Assert.IsFalse(rig.Autotune.IsActive, when + ": inactive");
            rig.Tick();
            Assert.IsFalse(rig.Autotune.DrivesHeater, when + ": the cascade drives the heater");
            Assert.IsTrue(rig.Autotune.Phase == TemperatureAutotunePhase.Failed, when + ": stays Failed");
            AssertDefaultTunings(rig, when);
        }

        [TestMethod]
        public void RunsBothStagesAppliesTheTuningsAndTheyHoldTheLiquid()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            Assert.IsTrue(rig.Autotune.Start(), "start accepted");
            Assert.IsTrue(rig.Autotune.Phase == TemperatureAutotunePhase.Settling);
            Assert.IsFalse(rig.Autotune.Start(), "a second start is refused while active");
            rig.RunWhileActive(3.0 * 3600.0);

            TemperatureAutotune autotune = rig.Autotune;
            // Measured: 51 min in all, settling included; inner ε 0.062 °C (two samples per
            // period at this 0.5 s tick), a 0.075 °C, d 0.13, Ku 4.1 /°C, Tu 33 s; outer ε 0.028 °C, a 0.065 °C, d 1.16 °C,
            // Ku 25, Tu 325 s; true plate at most 39.56 °C, true liquid within 0.098 °C of its set point.
            Assert.IsTrue(autotune.Phase == TemperatureAutotunePhase.Succeeded, "succeeded: " + autotune.FailureMessage);
            Assert.IsTrue(autotune.Failure == TemperatureAutotuneFailure.None);
            TestSupport.AtMost(2.0 * 3600.0, autotune.ElapsedSeconds, "autotune duration, s");

            // Both stages measured and the rules applied.
            TestSupport.AtLeast(0.1, autotune.InnerUltimateGain, "Ku_in, duty/°C");
            TestSupport.AtLeast(5.0, autotune.InnerUltimatePeriodSeconds, "Tu_in, s");
            TestSupport.AtLeast(3.0 * autotune.InnerUltimatePeriodSeconds, autotune.OuterUltimatePeriodSeconds, "Tu_out, s");
            TestSupport.AtLeast(1.0, autotune.OuterUltimateGain, "Ku_out, °C/°C");
            PidTunings inner = TuningRules.Compute(TuningRule.TyreusLuybenPi, autotune.InnerUltimateGain, autotune.InnerUltimatePeriodSeconds);
            PidTunings outer = TuningRules.Compute(TuningRule.TyreusLuybenPi, autotune.OuterUltimateGain, autotune.OuterUltimatePeriodSeconds);
            Assert.AreEqual(inner.ProportionalGain, rig.Loop.InnerTunings.ProportionalGain, "inner Kc applied");
            Assert.AreEqual(inner.IntegralTimeSeconds, rig.Loop.InnerTunings.IntegralTimeSeconds, "inner Ti applied");
            Assert.AreEqual(outer.ProportionalGain, rig.Loop.OuterTunings.ProportionalGain, "outer Kc applied");
            Assert.AreEqual(outer.IntegralTimeSeconds, rig.Loop.OuterTunings.IntegralTimeSeconds, "outer Ti applied");
            Assert.AreEqual(0.0, rig.Loop.OuterTunings.DerivativeTimeSeconds, "PI: no derivative");
            TemperatureLoopSettings defaults = new TemperatureLoopSettings();
            Assert.AreEqual(defaults.InnerTunings.ProportionalGain, autotune.PreviousInnerTunings.ProportionalGain, "previous kept");

            // The relays stayed inside their bands and the oscillations clear of the hysteresis.
            TestSupport.AtMost(rig.LoopSettings.PlateLimitCelsius, rig.MaximumTruePlateCelsius, "true plate during the relays, °C");
            TestSupport.AtMost(0.3, rig.MaximumTrueLiquidDeviationCelsius, "true liquid deviation during the relays, °C");
            TestSupport.AtLeast(1.2 * autotune.InnerHysteresisCelsius, autotune.InnerOscillationCelsius, "inner a vs ε");
            TestSupport.AtLeast(1.2 * autotune.OuterHysteresisCelsius, autotune.OuterOscillationCelsius, "outer a vs ε");

            // The cascade controls with the tunings found and holds the liquid in the ±0.1 °C band.
            rig.Tick();
            Assert.IsFalse(rig.Autotune.DrivesHeater, "the cascade drives the heater");
            Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.Normal);
            rig.RunUntil(rig.Seconds + 600.0);
            double fraction = rig.FractionInBand(2.0 * 3600.0, 0.1);
            TestSupport.AtLeast(0.99, fraction, "fraction of 2 h within ±0.1 °C with the tunings found");
        }

        [TestMethod]
        public void RestorePreviousTuningsUndoesASuccessfulRun()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            Assert.IsFalse(rig.Autotune.RestorePreviousTunings(), "nothing to restore before a run");
            rig.Autotune.Start();
            Assert.IsFalse(rig.Autotune.RestorePreviousTunings(), "refused while active");
            rig.RunWhileActive(3.0 * 3600.0);
            Assert.IsTrue(rig.Autotune.Phase == TemperatureAutotunePhase.Succeeded, rig.Autotune.FailureMessage);
            Assert.AreNotEqual(new TemperatureLoopSettings().OuterTunings.ProportionalGain, rig.Loop.OuterTunings.ProportionalGain);
            Assert.IsTrue(rig.Autotune.RestorePreviousTunings());
            AssertDefaultTunings(rig, "after restore");
        }

        [TestMethod]
        public void CancelDuringTheOuterRelayRestoresNormalControlWithThePreviousTunings()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            Assert.IsFalse(rig.Autotune.Cancel(), "nothing to cancel when idle");
            rig.Autotune.Start();
            rig.RunWhile(TemperatureAutotunePhase.Settling, 3600.0);
            rig.RunWhile(TemperatureAutotunePhase.InnerRelay, 3600.0);
            Assert.IsTrue(rig.Autotune.Phase == TemperatureAutotunePhase.OuterRelay, "in stage 2");
            rig.RunUntil(rig.Seconds + 600.0);
            Assert.IsTrue(rig.Autotune.DrivesHeater, "the relay drives the heater");

            Assert.IsTrue(rig.Autotune.Cancel());
            AssertFailed(rig, TemperatureAutotuneFailure.Cancelled, TemperatureAutotunePhase.OuterRelay);
            AssertNormalControlResumes(rig, "after cancel");
            double fraction = rig.FractionInBand(3600.0, 0.1);
            TestSupport.AtLeast(0.99, fraction, "fraction of the next hour within ±0.1 °C");
        }

        [TestMethod]
        public void NotSettledWhenTheLiquidIsColdAndTheWaitRunsOut()
        {
            TemperatureAutotuneSettings settings = new TemperatureAutotuneSettings();
            settings.SettleTimeoutSeconds = 900.0;
            Rig rig = new Rig(settings);
            rig.RunUntil(60.0);
            rig.Autotune.Start();
            rig.RunWhileActive(3600.0);
            AssertFailed(rig, TemperatureAutotuneFailure.NotSettled, TemperatureAutotunePhase.Settling);
            TestSupport.AreNear(900.0, rig.Autotune.ElapsedSeconds, 1.0, "failed at the settle timeout, s");
            TestSupport.AtMost(0.0, rig.MaximumTruePlateCelsius, "the relays never drove the heater");
            AssertNormalControlResumes(rig, "after not settled");
        }

        [TestMethod]
        public void TimeoutOfTheInnerRelay()
        {
            TemperatureAutotuneSettings settings = new TemperatureAutotuneSettings();
            settings.InnerTimeoutSeconds = 60.0;
            Rig rig = Rig.Warm(settings);
            rig.Autotune.Start();
            rig.RunWhileActive(3.0 * 3600.0);
            AssertFailed(rig, TemperatureAutotuneFailure.Timeout, TemperatureAutotunePhase.InnerRelay);
            AssertNormalControlResumes(rig, "after timeout");
        }

        [TestMethod]
        public void PlateProbeFaultAbortsAndTheCascadeTurnsTheHeaterOff()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            rig.Autotune.Start();
            rig.RunWhile(TemperatureAutotunePhase.Settling, 3600.0);
            Assert.IsTrue(rig.Autotune.Phase == TemperatureAutotunePhase.InnerRelay);
            rig.RunUntil(rig.Seconds + 30.0);
            rig.PlateStatus = SensorStatus.OpenCircuit;
            bool on = rig.Tick();
            AssertFailed(rig, TemperatureAutotuneFailure.SensorFault, TemperatureAutotunePhase.InnerRelay);
            Assert.IsFalse(on, "heater off at the faulted tick");
            Assert.IsTrue(rig.Loop.Mode == TemperatureLoopMode.HeaterOff, "the cascade's safe output");
            Assert.IsTrue(rig.Autotune.PlateCheck == SensorCheck.DriverFault);
            AssertDefaultTunings(rig, "after sensor fault");
        }

        [TestMethod]
        public void LiquidLeavingTheSafetyBandAborts()
        {
            // A band of ±0.1 °C is narrower than the outer relay's swing plus the probe noise.
            TemperatureAutotuneSettings settings = new TemperatureAutotuneSettings();
            settings.LiquidSafetyBandCelsius = 0.1;
            settings.MaximumHysteresisCelsius = 0.09;
            Rig rig = Rig.Warm(settings);
            rig.Autotune.Start();
            rig.RunWhileActive(3.0 * 3600.0);
            Assert.IsTrue(rig.Autotune.Failure == TemperatureAutotuneFailure.LiquidLeftSafetyBand, rig.Autotune.FailureMessage);
            Assert.IsTrue(rig.Autotune.FailedPhase == TemperatureAutotunePhase.InnerRelay
                || rig.Autotune.FailedPhase == TemperatureAutotunePhase.OuterRelay, "failed in a relay stage");
            TestSupport.AtMost(0.1 + 0.15, rig.MaximumTrueLiquidDeviationCelsius, "true liquid deviation, °C");
            AssertNormalControlResumes(rig, "after leaving the band");
        }

        [TestMethod]
        public void PlateLeavingItsBandDuringTheInnerRelayAborts()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            rig.Autotune.Start();
            rig.RunWhile(TemperatureAutotunePhase.Settling, 3600.0);
            rig.RunUntil(rig.Seconds + 30.0);
            while (rig.Autotune.Phase == TemperatureAutotunePhase.InnerRelay && rig.PlateReadingOffsetCelsius < 5.0)
            {
                // The plate reading climbs 0.2 °C per tick: within the probe's plausible rate, beyond the relay's band.
                rig.PlateReadingOffsetCelsius += 0.2;
                rig.Tick();
            }

            AssertFailed(rig, TemperatureAutotuneFailure.PlateSafetyLimit, TemperatureAutotunePhase.InnerRelay);
            TestSupport.AtMost(rig.Autotune.PlateCentreCelsius + 1.5 + 0.2 + 0.1, rig.MaximumReadPlateCelsius,
                "aborted within one step of the band, °C");
            rig.PlateReadingOffsetCelsius = 0.0;
            AssertDefaultTunings(rig, "after the plate band");
        }

        [TestMethod]
        public void PlateAboveItsLimitDuringTheOuterRelayAborts()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            rig.Autotune.Start();
            rig.RunWhile(TemperatureAutotunePhase.Settling, 3600.0);
            rig.RunWhile(TemperatureAutotunePhase.InnerRelay, 3600.0);
            rig.RunUntil(rig.Seconds + 300.0);
            Assert.IsTrue(rig.Autotune.Phase == TemperatureAutotunePhase.OuterRelay);
            while (rig.Autotune.Phase == TemperatureAutotunePhase.OuterRelay && rig.PlateReadingOffsetCelsius < 5.0)
            {
                rig.PlateReadingOffsetCelsius += 0.2;
                rig.Tick();
            }

            AssertFailed(rig, TemperatureAutotuneFailure.PlateSafetyLimit, TemperatureAutotunePhase.OuterRelay);
            TestSupport.AtMost(rig.LoopSettings.PlateLimitCelsius + 0.2 + 0.1, rig.MaximumReadPlateCelsius, "plate reading, °C");
            rig.PlateReadingOffsetCelsius = 0.0;
            AssertDefaultTunings(rig, "after the plate limit");
        }

        [TestMethod]
        public void DoorOpenRestartsTheSettledWindowButAbortsARelay()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            rig.Autotune.Start();
            rig.RunUntil(rig.Seconds + 500.0);
            rig.DoorOpen = true;
            rig.Tick();
            rig.DoorOpen = false;
            Assert.IsTrue(rig.Autotune.Phase == TemperatureAutotunePhase.Settling, "settling survives the door");
            double restartedAt = rig.Seconds;
            rig.RunWhile(TemperatureAutotunePhase.Settling, 3600.0);
            TestSupport.AtLeast(600.0, rig.Seconds - restartedAt, "a full settled window after the door closed, s");

            rig.RunUntil(rig.Seconds + 20.0);
            rig.DoorOpen = true;
            rig.Tick();
            AssertFailed(rig, TemperatureAutotuneFailure.DoorOpened, TemperatureAutotunePhase.InnerRelay);
            rig.DoorOpen = false;
            AssertNormalControlResumes(rig, "after the door");
        }

        [TestMethod]
        public void HeaterInhibitedBySafetyAborts()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            rig.Autotune.Start();
            rig.RunWhile(TemperatureAutotunePhase.Settling, 3600.0);
            rig.RunWhile(TemperatureAutotunePhase.InnerRelay, 3600.0);
            rig.RunUntil(rig.Seconds + 60.0);
            rig.HeaterInhibited = true;
            rig.Tick();
            rig.HeaterInhibited = false;
            AssertFailed(rig, TemperatureAutotuneFailure.HeaterInhibited, TemperatureAutotunePhase.OuterRelay);
            AssertNormalControlResumes(rig, "after the inhibit");
        }

        [TestMethod]
        public void SetPointChangeAborts()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            rig.Autotune.Start();
            rig.RunWhile(TemperatureAutotunePhase.Settling, 3600.0);
            rig.Loop.LiquidSetPointCelsius = 36.5;
            rig.Tick();
            Assert.IsTrue(rig.Autotune.Failure == TemperatureAutotuneFailure.SetPointChanged, rig.Autotune.FailureMessage);
            AssertNormalControlResumes(rig, "after the set-point change");
        }

        [TestMethod]
        public void AbortByTheCompositionIsFinalAndNeverThrows()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            Assert.IsFalse(rig.Autotune.Abort(TemperatureAutotuneFailure.ControlDisabled), "nothing to abort when idle");
            rig.Autotune.Start();
            rig.RunUntil(rig.Seconds + 10.0);
            Assert.IsTrue(rig.Autotune.Abort(TemperatureAutotuneFailure.ControlDisabled));
            AssertFailed(rig, TemperatureAutotuneFailure.ControlDisabled, TemperatureAutotunePhase.Settling);
            AssertNormalControlResumes(rig, "after the abort");
            Assert.IsTrue(rig.Autotune.Start(), "a new run may start after a failure");
            Assert.IsTrue(rig.Autotune.Failure == TemperatureAutotuneFailure.None, "the failure is cleared");
        }

        [TestMethod]
        public void NoRelayHeadroomWhenThePlateSitsTooCloseToItsLimit()
        {
            // The settled plate is about 38.4 °C: with the 0.5 °C margin only about 1.1 °C is left below the 40 °C limit.
            TemperatureAutotuneSettings settings = new TemperatureAutotuneSettings();
            settings.OuterRelayAmplitudeCelsius = 2.0;
            settings.OuterMinimumRelayAmplitudeCelsius = 1.5;
            Rig rig = Rig.Warm(settings);
            rig.Autotune.Start();
            rig.RunWhileActive(3600.0);
            AssertFailed(rig, TemperatureAutotuneFailure.NoRelayHeadroom, TemperatureAutotunePhase.Settling);
            AssertNormalControlResumes(rig, "after no headroom");
        }

        [TestMethod]
        public void OuterRelayAmplitudeIsBoundedByThePlateLimitLessTheMargin()
        {
            Rig rig = Rig.Warm(new TemperatureAutotuneSettings());
            rig.Autotune.Start();
            rig.RunWhile(TemperatureAutotunePhase.Settling, 3600.0);
            TemperatureAutotune autotune = rig.Autotune;
            double highPlateSetPoint = 37.0 + autotune.PlateOffsetBiasCelsius + autotune.OuterRelayAmplitudeCelsius;
            TestSupport.AtMost(1.5, autotune.OuterRelayAmplitudeCelsius, "requested amplitude bounds, °C");
            TestSupport.AreNear(40.0 - 0.5, highPlateSetPoint, 1e-9, "the high plate set point is the limit less the margin, °C");
            TestSupport.AreNear(Math.Min(0.3, autotune.BiasDutyFraction), autotune.InnerRelayAmplitudeFraction, 1e-12,
                "inner amplitude bounded by the settled duty");

            double highestPlateSetPoint = 0.0;
            rig.RunWhile(TemperatureAutotunePhase.InnerRelay, 3600.0);
            while (autotune.Phase == TemperatureAutotunePhase.OuterRelay)
            {
                rig.Tick();
                highestPlateSetPoint = Math.Max(highestPlateSetPoint, autotune.PlateSetPointCelsius);
            }

            TestSupport.AreNear(highPlateSetPoint, highestPlateSetPoint, 1e-9, "stage 2 plate set point never above, °C");
            TestSupport.AtMost(40.0, rig.MaximumTruePlateCelsius, "true plate, °C");
        }

        [TestMethod]
        public void MeasurementTooNoisyWhenTheHysteresisWouldExceedItsMaximum()
        {
            TemperatureAutotuneSettings settings = new TemperatureAutotuneSettings();
            settings.MaximumHysteresisCelsius = 0.03;
            Rig rig = Rig.Warm(settings);
            rig.Autotune.Start();
            rig.RunWhileActive(3600.0);
            Assert.IsTrue(rig.Autotune.Failure == TemperatureAutotuneFailure.MeasurementTooNoisy, rig.Autotune.FailureMessage);
            TestSupport.AreNear(0.022, rig.Autotune.PlateNoiseCelsius, 0.005, "measured plate noise (0.02 °C and quantisation), °C");
            TestSupport.AreNear(0.022, rig.Autotune.LiquidNoiseCelsius, 0.005, "measured liquid noise, °C");
            AssertNormalControlResumes(rig, "after too noisy");
        }

        [TestMethod]
        public void OscillationTooSmallAgainstTheHysteresisIsRejected()
        {
            TemperatureAutotuneSettings settings = new TemperatureAutotuneSettings();
            settings.MinimumAmplitudeToHysteresisRatio = 10.0;
            Rig rig = Rig.Warm(settings);
            rig.Autotune.Start();
            rig.RunWhileActive(3.0 * 3600.0);
            AssertFailed(rig, TemperatureAutotuneFailure.OscillationTooSmall, TemperatureAutotunePhase.InnerRelay);
            AssertNormalControlResumes(rig, "after a small oscillation");
        }

        [TestMethod]
        public void ImplausibleResultWithoutCascadeSeparationIsNotApplied()
        {
            TemperatureAutotuneSettings settings = new TemperatureAutotuneSettings();
            settings.MinimumPeriodRatio = 20.0;
            Rig rig = Rig.Warm(settings);
            rig.Autotune.Start();
            rig.RunWhileActive(3.0 * 3600.0);
            AssertFailed(rig, TemperatureAutotuneFailure.ImplausibleResult, TemperatureAutotunePhase.OuterRelay);
            TestSupport.AtLeast(0.1, rig.Autotune.OuterUltimateGain, "measured, then rejected");
            AssertNormalControlResumes(rig, "after an implausible result");
        }

        [TestMethod]
        public void EveryFailureHasItsOwnMessage()
        {
            string[] seen = new string[16];
            for (int i = 0; i < 16; i++)
            {
                string message = TemperatureAutotuneFailures.Describe((TemperatureAutotuneFailure)i);
                Assert.IsNotNull(message);
                Assert.IsTrue(message.Length > 10, "message " + i.ToString());
                for (int j = 0; j < i; j++)
                {
                    Assert.AreNotEqual(seen[j], message, "messages " + j.ToString() + " and " + i.ToString());
                }

                seen[i] = message;
            }

            Assert.AreEqual("Temperature autotune failed for an unknown reason.", TemperatureAutotuneFailures.Describe((TemperatureAutotuneFailure)99));
        }

        [TestMethod]
        public void InvalidSettingsAreRejectedNamingTheSetting()
        {
            TemperatureLoopSettings loopSettings = new TemperatureLoopSettings();
            TemperatureLoop loop = new TemperatureLoop(loopSettings);
            TemperatureAutotuneSettings band = new TemperatureAutotuneSettings();
            band.LiquidSafetyBandCelsius = 0.0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new TemperatureAutotune(band, loop, loopSettings),
                "zero safety band");
            TemperatureAutotuneSettings cycles = new TemperatureAutotuneSettings();
            cycles.RequiredCycles = 2;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new TemperatureAutotune(cycles, loop, loopSettings),
                "two cycles");
            TemperatureAutotuneSettings hysteresis = new TemperatureAutotuneSettings();
            hysteresis.MaximumHysteresisCelsius = 0.5;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new TemperatureAutotune(hysteresis, loop, loopSettings),
                "hysteresis not below the safety band");
            TestSupport.Throws(typeof(ArgumentNullException), () => new TemperatureAutotune(new TemperatureAutotuneSettings(), null, loopSettings),
                "no loop");

        }
    }
}
