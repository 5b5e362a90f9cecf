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
    public class BatchPermissionTests
    {
        private static readonly BatchAction[] Actions =
        {
            BatchAction.Start, BatchAction.Hold, BatchAction.Resume, BatchAction.Abort, BatchAction.Clear,
            BatchAction.ConfirmPhase, BatchAction.ChangeSetPoint, BatchAction.AcknowledgeAlarm, BatchAction.Note,
            BatchAction.Sample, BatchAction.ChangeConfiguration,
        };

        // Permission matrix of the design, per role, in the order of Actions ('Y' permitted, '-' not).
        //                                          Start Hold Resume Abort Clear Confirm SetPoint Ack Note Sample Config
        private const string TechnicianMatrix = "YYYY-YYYYY-";
        private const string QaMatrix = "----Y---Y--";
        private const string AdministratorMatrix = "YYYYYYYYYYY";

        [TestMethod]
        [DataRow(1, TechnicianMatrix)]
        [DataRow(2, QaMatrix)]
        [DataRow(3, AdministratorMatrix)]
        public void EveryActionIsAcceptedOrRefusedByRole(int roleNumber, string matrix)
        {
            var role = (OperatorRole)roleNumber;
            string operatorId = role == OperatorRole.Technician ? BatchFixture.Tech
                : role == OperatorRole.Qa ? BatchFixture.Qa : BatchFixture.Admin;
            for (int a = 0; a < Actions.Length; a++)
            {
                BatchAction action = Actions[a];
                BatchController batch = BatchFixture.InState(StateAllowing(action), out long now);
                string before = BatchFixture.State(batch);
                string what = BatchNames.RoleName(role) + " " + BatchNames.ActionName(action);

                BatchResult result = batch.Execute(BatchFixture.ValidRequest(action, operatorId), now + 10);

                bool permitted = matrix[a] == 'Y';
                Assert.AreEqual(permitted, OperatorPermissions.IsPermitted(role, action), what + ": IsPermitted");
                if (permitted)
                {
                    Assert.AreEqual("Accepted", BatchNames.ResultName(result.Code), what + ": " + result.Message);
                }
                else
                {
                    Assert.AreEqual("NotPermitted", BatchNames.ResultName(result.Code), what + ": " + result.Message);
                    Assert.AreEqual(before, BatchFixture.State(batch), what + ": state unchanged");
                }
            }
        }

        [TestMethod]
        public void NotPermittedNamesTheRolesThatMay()
        {
            BatchController batch = BatchFixture.InState(BatchState.Aborted, out long now);

            BatchResult result = batch.Execute(OperatorRequest.Clear(BatchFixture.Tech, "done"), now);

            Assert.AreEqual("the technician role may not Clear (allowed for: qa, administrator)", result.Message);
        }

        [TestMethod]
        public void NoRoleMayDoAnythingWithoutARole()
        {
            for (int a = 0; a < Actions.Length; a++)
            {
                Assert.IsFalse(OperatorPermissions.IsPermitted(OperatorRole.None, Actions[a]), BatchNames.ActionName(Actions[a]));
            }
        }

        [TestMethod]
        public void UnknownOperatorIsRefused()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

            BatchResult result = batch.Execute(OperatorRequest.Hold("m.mallory", "curious"), now);

            Assert.AreEqual("UnknownOperator", BatchNames.ResultName(result.Code));
            Assert.AreEqual("operator 'm.mallory' is not in the operator directory", result.Message);
            Assert.AreEqual("Running", BatchFixture.State(batch));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("has space")]
        [DataRow("a/b")]
        [DataRow("abcdefghijklmnopqrstuvwxyz0123456")]
        [DataRow("t.tech\n")]
        public void MalformedOperatorIdIsRefused(string operatorId)
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

            BatchResult result = batch.Execute(OperatorRequest.Note(operatorId, "x"), now);

            Assert.AreEqual("InvalidOperatorId", BatchNames.ResultName(result.Code), "'" + operatorId + "'");
        }

        [TestMethod]
        public void NullOperatorIdIsRefused()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

            BatchResult result = batch.Execute(OperatorRequest.Note(null, "x"), now);

            Assert.AreEqual("InvalidOperatorId", BatchNames.ResultName(result.Code));
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(6)]
        [DataRow(10)]
        public void ActionsGmpExpectsAReasonForAreRefusedWithoutOne(int actionNumber)
        {
            var action = (BatchAction)actionNumber;
            Assert.IsTrue(OperatorPermissions.RequiresReason(action), "design: this action needs a reason");
            string[] missing = { null, string.Empty, "   " };
            for (int m = 0; m < missing.Length; m++)
            {
                BatchController batch = BatchFixture.InState(StateAllowing(action), out long now);
                string before = BatchFixture.State(batch);
                OperatorRequest request = BatchFixture.ValidRequest(action, BatchFixture.Admin);
                request.Reason = missing[m];

                BatchResult result = batch.Execute(request, now);

                Assert.AreEqual("ReasonRequired", BatchNames.ResultName(result.Code), BatchNames.ActionName(action) + " reason #" + m);
                Assert.AreEqual(before, BatchFixture.State(batch));
            }
        }

        [TestMethod]
        public void OnlyHoldAbortSetPointClearAndConfigurationNeedAReason()
        {
            for (int a = 0; a < Actions.Length; a++)
            {
                BatchAction action = Actions[a];
                bool expected = action == BatchAction.Hold || action == BatchAction.Abort || action == BatchAction.ChangeSetPoint
                    || action == BatchAction.Clear || action == BatchAction.ChangeConfiguration;
                Assert.AreEqual(expected, OperatorPermissions.RequiresReason(action), BatchNames.ActionName(action));
            }

            BatchController batch = BatchFixture.InState(BatchState.Held, out long now);
            Assert.IsTrue(batch.Execute(OperatorRequest.Resume(BatchFixture.Tech), now).IsAccepted, "resume without a reason");
        }

        [TestMethod]
        public void ReasonThatBreaksTheTextRuleIsRefused()
        {
            string tooLong = new string('r', 201);
            string[] reasons = { tooLong, "line one\nline two", "tab\there" };
            for (int i = 0; i < reasons.Length; i++)
            {
                BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

                BatchResult result = batch.Execute(OperatorRequest.Hold(BatchFixture.Tech, reasons[i]), now);

                Assert.AreEqual("InvalidReason", BatchNames.ResultName(result.Code), "reason #" + i);
                Assert.AreEqual("Running", BatchFixture.State(batch));
            }

            BatchController ok = BatchFixture.InState(BatchState.Running, out long t);
            Assert.IsTrue(ok.Execute(OperatorRequest.Hold(BatchFixture.Tech, new string('r', 200)), t).IsAccepted, "200 characters");
        }

        [TestMethod]
        public void NoteAndSampleNeedAValidText()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

            BatchResult noNote = batch.Execute(OperatorRequest.Note(BatchFixture.Tech, null), now);
            BatchResult blankSample = batch.Execute(OperatorRequest.Sample(BatchFixture.Tech, "  "), now);
            BatchResult badNote = batch.Execute(OperatorRequest.Note(BatchFixture.Tech, "a\u0007b"), now);
            BatchResult longSample = batch.Execute(OperatorRequest.Sample(BatchFixture.Tech, new string('s', 201)), now);

            Assert.AreEqual("TextRequired", BatchNames.ResultName(noNote.Code));
            Assert.AreEqual("TextRequired", BatchNames.ResultName(blankSample.Code));
            Assert.AreEqual("InvalidText", BatchNames.ResultName(badNote.Code));
            Assert.AreEqual("InvalidText", BatchNames.ResultName(longSample.Code));
            Assert.IsTrue(batch.Execute(OperatorRequest.ConfirmPhase(BatchFixture.Tech, null), now).IsAccepted,
                "a confirmation's text is optional");
        }

        [TestMethod]
        public void StartNeedsAWellFormedBatchId()
        {
            BatchController batch = BatchFixture.NewController();

            BatchResult result = batch.Execute(OperatorRequest.Start(BatchFixture.Tech, BatchFixture.TimedRecipe(), "LOT 7"), 0);

            Assert.AreEqual("InvalidBatchId", BatchNames.ResultName(result.Code));
            Assert.AreEqual("Idle", BatchFixture.State(batch));
        }

        [TestMethod]
        public void SetPointChangeIsRefusedOutsideThePhaseLimits()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

            BatchResult high = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.TemperatureCelsius, 37.6, "warmer"), now);
            BatchResult low = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.Co2Percent, 4.4, "less"), now);
            BatchResult rocking = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.RockingRateRpm, 5, "rock"), now);

            Assert.AreEqual("OutsideLimits", BatchNames.ResultName(high.Code));
            Assert.AreEqual("temperatureCelsius 37.6 °C is outside phase 'seed' limits 36.5 to 37.5 °C", high.Message);
            Assert.AreEqual("OutsideLimits", BatchNames.ResultName(low.Code));
            Assert.AreEqual("OutsideLimits", BatchNames.ResultName(rocking.Code), "a static phase with 0-0 rpm limits");
            Assert.AreEqual(37.0, batch.GetTarget(BatchVariable.TemperatureCelsius), "target unchanged");
            Assert.AreEqual(5.0, batch.GetTarget(BatchVariable.Co2Percent), "target unchanged");
        }

        [TestMethod]
        public void SetPointChangeNeedsAVariableAndAFiniteValue()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

            BatchResult none = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.None, 37, "x"), now);
            BatchResult nan = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.TemperatureCelsius, double.NaN, "x"), now);
            BatchResult infinite = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.Co2Percent,
                double.PositiveInfinity, "x"), now);

            Assert.AreEqual("InvalidVariable", BatchNames.ResultName(none.Code));
            Assert.AreEqual("InvalidValue", BatchNames.ResultName(nan.Code));
            Assert.AreEqual("InvalidValue", BatchNames.ResultName(infinite.Code));
        }

        [TestMethod]
        public void ConfirmPhaseIsRefusedInATimedPhase()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            batch.Update(20000);

            BatchResult result = batch.Execute(OperatorRequest.ConfirmPhase(BatchFixture.Tech, "done"), 20000);

            Assert.AreEqual("NotAwaitingConfirmation", BatchNames.ResultName(result.Code));
            Assert.AreEqual("phase 'static' ends by its duration (40 s left), not by confirmation", result.Message);
            Assert.AreEqual(0, batch.PhaseIndex);
        }

        [TestMethod]
        public void AcknowledgingAnAlarmThatDoesNotExistIsRefused()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

            BatchResult result = batch.Execute(OperatorRequest.AcknowledgeAlarm(BatchFixture.Tech, (AlarmId)99), now);

            Assert.AreEqual("InvalidValue", BatchNames.ResultName(result.Code));
        }

        [TestMethod]
        public void NullRequestAndUnknownActionAreRefused()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);

            BatchResult none = batch.Execute(null, now);
            BatchResult unknown = batch.Execute(new OperatorRequest((BatchAction)42, BatchFixture.Admin), now);

            Assert.AreEqual("InvalidRequest", BatchNames.ResultName(none.Code));
            Assert.AreEqual(0L, none.EventSequence, "nothing to attribute: no event");
            Assert.AreEqual("InvalidRequest", BatchNames.ResultName(unknown.Code));
            Assert.IsTrue(unknown.EventSequence > 0, "an unknown action by an operator is recorded");
        }

        [TestMethod]
        public void ChecksRunInOrderWhoThenWhatThenWhy()
        {
            // A QA operator asking to Hold a Held batch without a reason: the role is checked before the state and the reason.
            BatchController batch = BatchFixture.InState(BatchState.Held, out long now);
            Assert.AreEqual("NotPermitted", BatchNames.ResultName(batch.Execute(OperatorRequest.Hold(BatchFixture.Qa, null), now).Code));
            // A technician: the state before the reason.
            Assert.AreEqual("WrongState", BatchNames.ResultName(batch.Execute(OperatorRequest.Hold(BatchFixture.Tech, null), now).Code));
        }

        private static BatchState StateAllowing(BatchAction action)
        {
            switch (action)
            {
                case BatchAction.Start: return BatchState.Idle;
                case BatchAction.Resume: return BatchState.Held;
                case BatchAction.Clear: return BatchState.Aborted;
                default: return BatchState.Running;
            }
        }
    }
}
