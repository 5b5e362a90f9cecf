#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class BatchStateMachineTests
    {
        private static readonly BatchAction[] Actions =
        {
            BatchAction.Start, BatchAction.Hold, BatchAction.Resume, BatchAction.Abort, BatchAction.Clear,
            BatchAction.ConfirmPhase, BatchAction.ChangeSetPoint, BatchAction.AcknowledgeAlarm, BatchAction.Note,
            BatchAction.Sample, BatchAction.ChangeConfiguration,
        };

        // The state after each action of Actions (same order) in each state, for a permitted operator with valid values;
        // "" = refused with WrongState. Written from the state diagram, independently of the implementation.
        private static readonly string[][] Expected =
        {
            //           Start      Hold       Resume        Abort       Clear   Confirm    SetPoint   Ack           Note          Sample        Config
            new[] { "Running", "",        "",           "",         "",     "",        "",        "Idle",       "",           "",           "Idle" },
            new[] { "",        "Holding", "",           "Aborting", "",     "Running", "Running", "Running",    "Running",    "Running",    "Running" },
            new[] { "",        "",        "",           "Aborting", "",     "",        "",        "Holding",    "Holding",    "Holding",    "Holding" },
            new[] { "",        "",        "Restarting", "Aborting", "",     "",        "",        "Held",       "Held",       "Held",       "Held" },
            new[] { "",        "",        "",           "Aborting", "",     "",        "",        "Restarting", "Restarting", "Restarting", "Restarting" },
            new[] { "",        "",        "",           "",         "Idle", "",        "",        "Complete",   "Complete",   "Complete",   "Complete" },
            new[] { "",        "",        "",           "",         "",     "",        "",        "Aborting",   "Aborting",   "Aborting",   "Aborting" },
            new[] { "",        "",        "",           "",         "Idle", "",        "",        "Aborted",    "Aborted",    "Aborted",    "Aborted" },
        };

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(5)]
        [DataRow(6)]
        [DataRow(7)]
        public void EveryActionInEveryStateIsAcceptedOrRefusedAsTheDiagramSays(int stateNumber)
        {
            var state = (BatchState)stateNumber;
            for (int a = 0; a < Actions.Length; a++)
            {
                BatchController batch = BatchFixture.InState(state, out long now);
                string before = BatchNames.StateName(batch.State);
                Assert.AreEqual(BatchNames.StateName(state), before, "fixture");
                string what = before + " + " + BatchNames.ActionName(Actions[a]);

                BatchResult result = batch.Execute(BatchFixture.ValidRequest(Actions[a], BatchFixture.Admin), now + 10);

                string expected = Expected[stateNumber][a];
                if (expected.Length == 0)
                {
                    Assert.AreEqual("WrongState", BatchNames.ResultName(result.Code), what + ": " + result.Message);
                    Assert.AreEqual(before, BatchNames.StateName(batch.State), what + ": state unchanged");
                }
                else
                {
                    Assert.AreEqual("Accepted", BatchNames.ResultName(result.Code), what + ": " + result.Message);
                    Assert.AreEqual(expected, BatchNames.StateName(batch.State), what + ": state after the command");
                    batch.Update(now + 20);
                    Assert.AreEqual(Settled(expected), BatchNames.StateName(batch.State), what + ": state after the next update");
                }

                Assert.AreEqual(expected.Length != 0, BatchController.IsAllowed(state, Actions[a]), what + ": IsAllowed");
            }
        }

        [TestMethod]
        public void TransientStatesCompleteAtTheNextUpdateOnly()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            batch.Execute(OperatorRequest.Hold(BatchFixture.Tech, "bag inspection"), now);
            Assert.AreEqual("Holding", BatchFixture.State(batch));
            batch.Execute(OperatorRequest.Note(BatchFixture.Tech, "still holding"), now + 5);
            Assert.AreEqual("Holding", BatchFixture.State(batch), "an action does not complete a transient state");
            batch.Update(now + 10);
            Assert.AreEqual("Held", BatchFixture.State(batch));
            batch.Update(now + 20);
            Assert.AreEqual("Held", BatchFixture.State(batch), "Held stays Held");
        }

        [TestMethod]
        public void AbortedIsLeftOnlyByClear()
        {
            BatchController batch = BatchFixture.InState(BatchState.Aborted, out long now);
            for (int a = 0; a < Actions.Length; a++)
            {
                if (Actions[a] == BatchAction.Clear)
                {
                    continue;
                }

                batch.Execute(BatchFixture.ValidRequest(Actions[a], BatchFixture.Admin), now + a);
                batch.Update(now + a);
                Assert.AreEqual("Aborted", BatchFixture.State(batch), BatchNames.ActionName(Actions[a]));
            }

            batch.Execute(BatchFixture.ValidRequest(BatchAction.Clear, BatchFixture.Admin), now + 100);
            Assert.AreEqual("Idle", BatchFixture.State(batch), "Clear released the unit");
        }

        [TestMethod]
        public void WrongStateRefusalNamesTheStatesWhereTheActionIsAllowed()
        {
            BatchController batch = BatchFixture.InState(BatchState.Held, out long now);

            BatchResult hold = batch.Execute(OperatorRequest.Hold(BatchFixture.Tech, "again"), now);
            BatchResult clear = batch.Execute(OperatorRequest.Clear(BatchFixture.Qa, "release"), now);

            Assert.AreEqual("Hold is not allowed while the batch is Held (allowed in: Running)", hold.Message);
            Assert.AreEqual("Clear is not allowed while the batch is Held (allowed in: Complete, Aborted)", clear.Message);
        }

        [TestMethod]
        public void LastPhaseEndingCompletesTheBatch()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            batch.Update(60000);
            Assert.AreEqual(1, batch.PhaseIndex);
            batch.Update(179999);
            Assert.AreEqual("Running", BatchFixture.State(batch));
            batch.Update(180000);
            Assert.AreEqual("Complete", BatchFixture.State(batch), "phase 1 (120 s) ended");
            Assert.AreEqual(1, batch.PhaseIndex, "stays on the last phase");
            Assert.AreEqual(-1L, batch.PhaseRemainingMilliseconds);
        }

        [TestMethod]
        public void ConfirmingTheLastPhaseCompletesTheBatch()
        {
            var recipe = new Recipe("confirm-only", 1, null, new[] { BatchFixture.ConfirmedPhase("wait") });
            BatchController batch = BatchFixture.Started(recipe, 0);

            BatchResult result = batch.Execute(OperatorRequest.ConfirmPhase(BatchFixture.Tech, "harvest started"), 5000);

            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.AreEqual("Complete", BatchFixture.State(batch));
        }

        [TestMethod]
        public void StartNeedsAValidRecipe()
        {
            BatchController batch = BatchFixture.NewController();
            Recipe recipe = BatchFixture.TimedRecipe();
            recipe.Phases[1].Co2Percent = 21;

            BatchResult noRecipe = batch.Execute(OperatorRequest.Start(BatchFixture.Tech, null, "LOT-1"), 0);
            BatchResult invalid = batch.Execute(OperatorRequest.Start(BatchFixture.Tech, recipe, "LOT-1"), 0);

            Assert.AreEqual("InvalidRecipe", BatchNames.ResultName(noRecipe.Code));
            Assert.AreEqual("InvalidRecipe", BatchNames.ResultName(invalid.Code));
            Assert.AreEqual("the recipe is invalid: phases[1].co2Percent must be 0 to 20 %, got 21", invalid.Message);
            Assert.AreEqual("Idle", BatchFixture.State(batch));
        }

        [TestMethod]
        public void StartRefusesARecipeThatReachesTheDeviceTrips()
        {
            var settings = new BatchSettings();
            settings.LiquidTripCelsius = 37.5;
            var batch = new BatchController(settings, BatchFixture.Operators());

            BatchResult result = batch.Execute(OperatorRequest.Start(BatchFixture.Tech, BatchFixture.TimedRecipe(), "LOT-1"), 0);

            Assert.AreEqual("RecipeExceedsDevice", BatchNames.ResultName(result.Code));
            Assert.AreEqual("phases[0].temperatureMaximumCelsius (37.5 °C) must be below the device's liquid over-temperature trip (37.5 °C)",
                result.Message);
        }

        [TestMethod]
        public void TheBatchRunsOnItsOwnCopyOfTheRecipe()
        {
            Recipe recipe = BatchFixture.TimedRecipe();
            BatchController batch = BatchFixture.Started(recipe, 0);

            recipe.Phases[0].DurationSeconds = 5;
            recipe.Phases[0].TemperatureCelsius = 30;
            batch.Update(10000);

            Assert.AreEqual(0, batch.PhaseIndex, "the caller's edit did not shorten the phase");
            Assert.AreEqual(37.0, batch.TemperatureSetPointCelsius);
            Assert.IsFalse(object.ReferenceEquals(recipe, batch.Recipe));
        }

        [TestMethod]
        public void ClearReleasesTheProcess()
        {
            BatchController batch = BatchFixture.InState(BatchState.Complete, out long now);
            Assert.IsTrue(batch.ControlActive, "Complete still drives temperature and CO2");

            BatchResult result = batch.Execute(OperatorRequest.Clear(BatchFixture.Qa, "batch record reviewed"), now);

            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.IsFalse(batch.ControlActive);
            Assert.IsTrue(double.IsNaN(batch.TemperatureSetPointCelsius));
            Assert.IsNull(batch.Recipe);
            Assert.IsNull(batch.BatchId);
            Assert.AreEqual(-1, batch.PhaseIndex);
            BatchFixture.Start(batch, BatchFixture.TimedRecipe(), now + 1);
            Assert.AreEqual("Running", BatchFixture.State(batch), "a new batch can start");
        }

        private static string Settled(string state)
        {
            switch (state)
            {
                case "Holding": return "Held";
                case "Restarting": return "Running";
                case "Aborting": return "Aborted";
                default: return state;
            }
        }
    }

    /// <summary>Recipes, operators and controllers in a given state, shared by the batch tests.</summary>
    internal static class BatchFixture
    {
        public const string Tech = "t.tech";
        public const string Qa = "q.qa";
        public const string Admin = "a.admin";

        public static OperatorDirectory Operators()
        {
            var operators = new OperatorDirectory();
            operators.Add(Tech, OperatorRole.Technician);
            operators.Add(Qa, OperatorRole.Qa);
            operators.Add(Admin, OperatorRole.Administrator);
            return operators;
        }

        public static BatchController NewController()
        {
            return new BatchController(new BatchSettings(), Operators());
        }

        public static string State(BatchController batch)
        {
            return BatchNames.StateName(batch.State);
        }

        /// <summary>Static 37 °C / 5 % for 60 s, then 10 rpm / 6° at 36 °C / 6 % for 120 s.</summary>
        public static Recipe TimedRecipe()
        {
            var first = new RecipePhase("static", 60);
            var second = RockingPhase("rocking", 120);
            return new Recipe("timed", 3, "two timed phases", new[] { first, second });
        }

        /// <summary>A phase waiting for confirmation (static 37/5), then 60 s rocking, then 120 s static.</summary>
        public static Recipe ConfirmRecipe()
        {
            var first = ConfirmedPhase("seed");
            var second = RockingPhase("rocking", 60);
            var third = new RecipePhase("settle", 120);
            return new Recipe("confirm", 1, null, new[] { first, second, third });
        }

        public static RecipePhase ConfirmedPhase(string name)
        {
            var phase = new RecipePhase(name, 0);
            phase.EndCondition = PhaseEndCondition.OperatorConfirms;
            return phase;
        }

        /// <summary>10 rpm / 6° (limits 6–15 rpm, 4–8°, ramp 2 rpm/min) at 36 °C (35.5–36.5) and 6 % (5.5–6.5).</summary>
        public static RecipePhase RockingPhase(string name, long durationSeconds)
        {
            var phase = new RecipePhase(name, durationSeconds);
            phase.TemperatureCelsius = 36.0;
            phase.TemperatureMinimumCelsius = 35.5;
            phase.TemperatureMaximumCelsius = 36.5;
            phase.Co2Percent = 6.0;
            phase.Co2MinimumPercent = 5.5;
            phase.Co2MaximumPercent = 6.5;
            phase.RockingRateRpm = 10;
            phase.RockingRampRpmPerMinute = 2;
            phase.RockingRateMinimumRpm = 6;
            phase.RockingRateMaximumRpm = 15;
            phase.RockingAmplitudeDegrees = 6;
            phase.RockingAmplitudeMinimumDegrees = 4;
            phase.RockingAmplitudeMaximumDegrees = 8;
            return phase;
        }

        public static void Start(BatchController batch, Recipe recipe, long now)
        {
            BatchResult result = batch.Execute(OperatorRequest.Start(Tech, recipe, "LOT-001"), now);
            Assert.IsTrue(result.IsAccepted, "start: " + result.Message);
        }

        /// <summary>A new controller whose batch <see cref="Start"/> started with <paramref name="recipe"/> at <paramref name="now"/>.</summary>
        public static BatchController Started(Recipe recipe, long now)
        {
            BatchController batch = NewController();
            Start(batch, recipe, now);
            return batch;
        }

        /// <summary>A controller brought to <paramref name="state"/> with ConfirmRecipe (a one-second recipe for Complete).</summary>
        /// <summary>Updates the batch once a second after <paramref name="from"/> up to <paramref name="to"/>, ms.</summary>
        public static void UpdateEverySecond(BatchController batch, long from, long to)
        {
            for (long t = from + 1000; t <= to; t += 1000)
            {
                batch.Update(t);
            }
        }

        public static BatchController InState(BatchState state, out long now)
        {
            BatchController batch = NewController();
            now = 1000;
            batch.Update(now);
            if (state == BatchState.Idle)
            {
                return batch;
            }

            if (state == BatchState.Complete)
            {
                Start(batch, new Recipe("short", 1, null, new[] { new RecipePhase("only", 1) }), now);
                now += 1000;
                batch.Update(now);
                return batch;
            }

            Start(batch, ConfirmRecipe(), now);
            now += 1000;
            batch.Update(now);
            switch (state)
            {
                case BatchState.Holding:
                case BatchState.Held:
                case BatchState.Restarting:
                    batch.Execute(OperatorRequest.Hold(Tech, "hold for the test"), now);
                    if (state != BatchState.Holding)
                    {
                        now += 1000;
                        batch.Update(now);
                    }

                    if (state == BatchState.Restarting)
                    {
                        batch.Execute(OperatorRequest.Resume(Tech), now);
                    }

                    break;
                case BatchState.Aborting:
                case BatchState.Aborted:
                    batch.Execute(OperatorRequest.Abort(Tech, "abort for the test"), now);
                    if (state == BatchState.Aborted)
                    {
                        now += 1000;
                        batch.Update(now);
                    }

                    break;
            }

            return batch;
        }

        /// <summary>A request for <paramref name="action"/> with every value it needs, valid for ConfirmRecipe's first phase.</summary>
        public static OperatorRequest ValidRequest(BatchAction action, string operatorId)
        {
            switch (action)
            {
                case BatchAction.Start:
                    return OperatorRequest.Start(operatorId, ConfirmRecipe(), "LOT-002");
                case BatchAction.Hold:
                    return OperatorRequest.Hold(operatorId, "inspect the bag");
                case BatchAction.Resume:
                    return OperatorRequest.Resume(operatorId);
                case BatchAction.Abort:
                    return OperatorRequest.Abort(operatorId, "bag leak");
                case BatchAction.Clear:
                    return OperatorRequest.Clear(operatorId, "record reviewed");
                case BatchAction.ConfirmPhase:
                    return OperatorRequest.ConfirmPhase(operatorId, "cells counted");
                case BatchAction.ChangeSetPoint:
                    return OperatorRequest.ChangeSetPoint(operatorId, BatchVariable.TemperatureCelsius, 37.2, "slightly warmer");
                case BatchAction.AcknowledgeAlarm:
                    return OperatorRequest.AcknowledgeAlarm(operatorId, AlarmId.DoorOpen);
                case BatchAction.Note:
                    return OperatorRequest.Note(operatorId, "medium looks clear");
                case BatchAction.Sample:
                    return OperatorRequest.Sample(operatorId, "S-17, 2 mL for cell count");
                default:
                    return OperatorRequest.ChangeConfiguration(operatorId, Operators(), "yearly review");
            }
        }

        /// <summary>Takes every waiting event into a new array.</summary>
        public static BatchEvent[] Drain(BatchController batch)
        {
            var events = new BatchEvent[batch.PendingEventCount];
            for (int i = 0; i < events.Length; i++)
            {
                events[i] = new BatchEvent();
                Assert.IsTrue(batch.TryTakeEvent(events[i]), "event " + i);
            }

            return events;
        }
    }
}
