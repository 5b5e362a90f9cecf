#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class BatchTimingTests
    {
        [TestMethod]
        public void TimedPhaseEndsAtTheFirstUpdateReachingItsDuration()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 1000);
            long now = 1000;
            while (now < 60900)
            {
                now += 100;
                batch.Update(now);
                Assert.AreEqual(0, batch.PhaseIndex, "phase 0 at " + now);
            }

            Assert.AreEqual(100L, batch.PhaseRemainingMilliseconds, "100 ms left");
            batch.Update(61000);

            Assert.AreEqual(1, batch.PhaseIndex, "60 s after the start");
            Assert.AreEqual(0L, batch.PhaseElapsedMilliseconds);
            Assert.AreEqual(120000L, batch.PhaseRemainingMilliseconds);
            Assert.AreEqual(60000L, batch.BatchElapsedMilliseconds);
        }

        [TestMethod]
        public void IrregularUpdatesEndThePhaseAtTheFirstUpdatePastItsEnd()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);

            batch.Update(25000);
            batch.Update(59999);
            Assert.AreEqual(0, batch.PhaseIndex);
            batch.Update(75000);

            Assert.AreEqual(1, batch.PhaseIndex);
            Assert.AreEqual(0L, batch.PhaseElapsedMilliseconds, "the 15 s overshoot is not carried into the next phase");
        }

        [TestMethod]
        public void HoldStopsThePhaseTimerAndResumeContinuesIt()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            batch.Update(30000);
            batch.Execute(OperatorRequest.Hold(BatchFixture.Tech, "door seal check"), 30000);
            for (long t = 31000; t <= 200000; t += 1000)
            {
                batch.Update(t);
            }

            Assert.AreEqual("Held", BatchFixture.State(batch));
            Assert.AreEqual(0, batch.PhaseIndex, "the held phase did not end");
            Assert.AreEqual(30000L, batch.PhaseElapsedMilliseconds);
            Assert.AreEqual(30000L, batch.PhaseRemainingMilliseconds);

            batch.Execute(OperatorRequest.Resume(BatchFixture.Tech), 200000);
            batch.Update(201000);
            Assert.AreEqual("Running", BatchFixture.State(batch));
            batch.Update(230999);
            Assert.AreEqual(0, batch.PhaseIndex, "29.999 s after Running again (the Restarting update is not phase time)");
            batch.Update(231000);
            Assert.AreEqual(1, batch.PhaseIndex, "the phase got its 60 s");
            Assert.AreEqual(170000L, batch.HeldMilliseconds, "Holding and Held from 30 s to 200 s");
            Assert.AreEqual(231000L, batch.BatchElapsedMilliseconds, "powered time since Start, holds included");
        }

        [TestMethod]
        public void ConfirmedPhaseWaitsForTheOperator()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.ConfirmRecipe(), 0);
            long tenDays = 10L * 86400000L;
            for (long t = 3600000; t <= tenDays; t += 3600000)
            {
                batch.Update(t);
            }

            Assert.AreEqual(0, batch.PhaseIndex, "still waiting after ten days");
            Assert.IsTrue(batch.AwaitingConfirmation);
            Assert.AreEqual(-1L, batch.PhaseRemainingMilliseconds);
            Assert.AreEqual(tenDays, batch.PhaseElapsedMilliseconds, "the phase's time is still measured");

            BatchResult result = batch.Execute(OperatorRequest.ConfirmPhase(BatchFixture.Tech, "cells counted: 0.6e6/mL"), tenDays + 5);

            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.AreEqual(1, batch.PhaseIndex);
            Assert.IsFalse(batch.AwaitingConfirmation);
            Assert.AreEqual(60000L, batch.PhaseRemainingMilliseconds);
        }

        [TestMethod]
        public void SetPointsRampAtThePhaseRates()
        {
            // Phase 1 (made 600 s long): 37 → 36 °C at 0.5 °C/min, 5 → 6 % at 0.5 %/min, 0 → 10 rpm at 2 rpm/min.
            Recipe recipe = BatchFixture.TimedRecipe();
            recipe.Phases[1].DurationSeconds = 600;
            BatchController batch = BatchFixture.Started(recipe, 0);
            Assert.AreEqual(37.0, batch.TemperatureSetPointCelsius, "the first phase applies at once");
            Assert.AreEqual(5.0, batch.Co2SetPointPercent);
            batch.Update(60000);
            Assert.AreEqual(1, batch.PhaseIndex);

            BatchFixture.UpdateEverySecond(batch, 60000, 120000);
            TestSupport.AreNear(36.5, batch.TemperatureSetPointCelsius, 1e-9, "temperature after 60 s");
            TestSupport.AreNear(5.5, batch.Co2SetPointPercent, 1e-9, "CO2 after 60 s");
            TestSupport.AreNear(2.0, batch.RockingRateRpm, 1e-9, "rate after 60 s");
            Assert.AreEqual(6.0, batch.RockingAmplitudeDegrees, "the amplitude steps when rocking starts");

            BatchFixture.UpdateEverySecond(batch, 120000, 200000);
            TestSupport.AreNear(36.0, batch.TemperatureSetPointCelsius, 1e-9, "reached after 120 s and held");
            TestSupport.AreNear(6.0, batch.Co2SetPointPercent, 1e-9, "reached after 120 s and held");
            BatchFixture.UpdateEverySecond(batch, 200000, 359000);
            TestSupport.AreNear(10.0 - 2.0 / 60.0, batch.RockingRateRpm, 1e-9, "rate 1 s before its 5-minute ramp ends");
            batch.Update(360000);
            TestSupport.AreNear(10.0, batch.RockingRateRpm, 1e-9, "rate reached");
        }

        [TestMethod]
        public void RampsDoNotDependOnTheUpdateRate()
        {
            BatchController fine = BatchFixture.NewController();
            BatchController coarse = BatchFixture.NewController();
            BatchFixture.Start(fine, BatchFixture.TimedRecipe(), 0);
            BatchFixture.Start(coarse, BatchFixture.TimedRecipe(), 0);
            fine.Update(60000);
            coarse.Update(60000);

            for (long t = 60020; t <= 105000; t += 20)
            {
                fine.Update(t);
            }

            coarse.Update(75000);
            coarse.Update(105000);

            TestSupport.AreNear(coarse.TemperatureSetPointCelsius, fine.TemperatureSetPointCelsius, 1e-9, "temperature");
            TestSupport.AreNear(coarse.RockingRateRpm, fine.RockingRateRpm, 1e-9, "rate");
            TestSupport.AreNear(36.625, fine.TemperatureSetPointCelsius, 1e-9, "45 s at 0.5 °C/min");
        }

        [TestMethod]
        public void GoingStaticRampsTheRateDownWithTheAmplitudeKept()
        {
            // ConfirmRecipe: seed (static) → rocking 10 rpm / 6° for 60 s → settle (static, ramp 1 rpm/min).
            BatchController batch = BatchFixture.Started(BatchFixture.ConfirmRecipe(), 0);
            batch.Execute(OperatorRequest.ConfirmPhase(BatchFixture.Tech, null), 0);
            batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.RockingRateRpm, 6, "gentler"), 0);
            BatchFixture.UpdateEverySecond(batch, 0, 60000);
            Assert.AreEqual(2, batch.PhaseIndex, "settle started");
            TestSupport.AreNear(2.0, batch.RockingRateRpm, 1e-9, "rate reached in phase 1 (2 rpm/min for 60 s)");

            BatchFixture.UpdateEverySecond(batch, 60000, 90000);
            TestSupport.AreNear(1.5, batch.RockingRateRpm, 1e-9, "rate after 30 s at 1 rpm/min");
            Assert.AreEqual(6.0, batch.RockingAmplitudeDegrees, "amplitude kept while the rate ramps down");

            batch.Update(180000);
            Assert.AreEqual("Complete", BatchFixture.State(batch));
        }

        [TestMethod]
        public void StaticAmplitudeReachesZeroWithTheRate()
        {
            var recipe = new Recipe("down", 1, null, new[] { BatchFixture.RockingPhase("rock", 10), new RecipePhase("rest", 3600) });
            recipe.Phases[1].RockingRampRpmPerMinute = 60;
            BatchController batch = BatchFixture.Started(recipe, 0);
            Assert.AreEqual(10.0, batch.RockingRateRpm, "starts at the first phase's rocking");
            batch.Update(10000);
            Assert.AreEqual(1, batch.PhaseIndex);

            batch.Update(19000);
            TestSupport.AreNear(1.0, batch.RockingRateRpm, 1e-9, "9 s at 1 rpm/s");
            Assert.AreEqual(6.0, batch.RockingAmplitudeDegrees);
            batch.Update(20000);

            Assert.AreEqual(0.0, batch.RockingRateRpm);
            Assert.AreEqual(0.0, batch.RockingAmplitudeDegrees, "static once the rate is 0");
        }

        [TestMethod]
        public void SetPointChangeRampsAndLastsUntilTheEndOfThePhase()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);

            BatchResult result = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.TemperatureCelsius,
                37.4, "cells sluggish"), 0);

            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.AreEqual("temperatureCelsius 37 → 37.4 °C until the end of phase 'static'", result.Message);
            Assert.IsTrue(batch.IsOverridden(BatchVariable.TemperatureCelsius));
            Assert.IsFalse(batch.IsOverridden(BatchVariable.Co2Percent));
            Assert.AreEqual(37.4, batch.GetTarget(BatchVariable.TemperatureCelsius));
            BatchFixture.UpdateEverySecond(batch, 0, 24000);
            TestSupport.AreNear(37.2, batch.TemperatureSetPointCelsius, 1e-9, "24 s at 0.5 °C/min");
            BatchFixture.UpdateEverySecond(batch, 24000, 59000);
            TestSupport.AreNear(37.4, batch.TemperatureSetPointCelsius, 1e-9, "reached");

            batch.Update(60000);

            Assert.AreEqual(1, batch.PhaseIndex);
            Assert.IsFalse(batch.IsOverridden(BatchVariable.TemperatureCelsius), "the change ended with its phase");
            Assert.AreEqual(36.0, batch.GetTarget(BatchVariable.TemperatureCelsius), "the next phase's recipe value");
        }

        [TestMethod]
        public void HoldKeepsSetPointsWhereTheyAreAndFreezesRamps()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            batch.Update(60000);
            BatchFixture.UpdateEverySecond(batch, 60000, 90000);
            double temperature = batch.TemperatureSetPointCelsius;
            double rate = batch.RockingRateRpm;
            TestSupport.AreNear(36.75, temperature, 1e-9, "mid-ramp");

            batch.Execute(OperatorRequest.Hold(BatchFixture.Tech, "check"), 90000);
            BatchFixture.UpdateEverySecond(batch, 90000, 400000);

            Assert.AreEqual(temperature, batch.TemperatureSetPointCelsius, "held where it was");
            Assert.AreEqual(rate, batch.RockingRateRpm, "rocking continues at its rate");
            Assert.AreEqual(6.0, batch.RockingAmplitudeDegrees);
            Assert.IsTrue(batch.ControlActive, "a hold keeps life support");

            batch.Execute(OperatorRequest.Resume(BatchFixture.Tech), 400000);
            BatchFixture.UpdateEverySecond(batch, 400000, 431000);
            TestSupport.AreNear(36.5, batch.TemperatureSetPointCelsius, 1e-9, "ramp continued for 30 s after restarting");
        }

        [TestMethod]
        public void AbortKeepsTemperatureAndCo2AndStopsRocking()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            batch.Update(60000);
            BatchFixture.UpdateEverySecond(batch, 60000, 90000);

            BatchResult result = batch.Execute(OperatorRequest.Abort(BatchFixture.Tech, "bag leak"), 90000);
            BatchFixture.UpdateEverySecond(batch, 90000, 600000);

            Assert.AreEqual("aborted: temperature and CO2 are kept, rocking stops; a Clear releases the unit", result.Message);
            Assert.AreEqual("Aborted", BatchFixture.State(batch));
            TestSupport.AreNear(36.75, batch.TemperatureSetPointCelsius, 1e-9, "temperature kept at its value at the abort");
            TestSupport.AreNear(5.25, batch.Co2SetPointPercent, 1e-9, "CO2 kept (30 s at 0.5 %/min from 5 %)");
            Assert.AreEqual(0.0, batch.RockingRateRpm);
            Assert.AreEqual(0.0, batch.RockingAmplitudeDegrees);
            Assert.IsTrue(batch.ControlActive);
            Assert.AreEqual(91000L, batch.BatchElapsedMilliseconds, "the batch clock stopped on reaching Aborted");
        }

        [TestMethod]
        public void CompleteKeepsTheLastTemperatureAndCo2AndStopsRocking()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            BatchFixture.UpdateEverySecond(batch, 0, 180000);

            Assert.AreEqual("Complete", BatchFixture.State(batch));
            TestSupport.AreNear(36.0, batch.TemperatureSetPointCelsius, 1e-9, "temperature");
            TestSupport.AreNear(6.0, batch.Co2SetPointPercent, 1e-9, "CO2");
            Assert.AreEqual(0.0, batch.RockingRateRpm);
            Assert.AreEqual(0.0, batch.RockingAmplitudeDegrees);
            Assert.AreEqual(1.0, batch.TemperatureAlarmBandKelvin, "the last phase's alarm bands stay");
            Assert.IsTrue(batch.ControlActive);
        }

        [TestMethod]
        public void IdleDrivesNothing()
        {
            BatchController batch = BatchFixture.NewController();
            batch.Update(1000);

            Assert.IsFalse(batch.ControlActive);
            Assert.IsTrue(double.IsNaN(batch.TemperatureSetPointCelsius));
            Assert.IsTrue(double.IsNaN(batch.Co2SetPointPercent));
            Assert.IsTrue(double.IsNaN(batch.RockingRateRpm));
            Assert.IsTrue(double.IsNaN(batch.TemperatureAlarmBandKelvin));
            Assert.AreEqual(-1, batch.PhaseIndex);
            Assert.IsNull(batch.CurrentPhase);
        }

        [TestMethod]
        public void AlarmBandsFollowThePhase()
        {
            Recipe recipe = BatchFixture.TimedRecipe();
            recipe.Phases[1].TemperatureAlarmBandKelvin = 0.5;
            recipe.Phases[1].Co2AlarmBandPercent = 0.8;
            BatchController batch = BatchFixture.Started(recipe, 0);
            Assert.AreEqual(1.0, batch.TemperatureAlarmBandKelvin);

            batch.Update(60000);

            Assert.AreEqual(0.5, batch.TemperatureAlarmBandKelvin);
            Assert.AreEqual(0.8, batch.Co2AlarmBandPercent);
        }
    }
}
