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
    public class BatchEventTests
    {
        [TestMethod]
        public void StartRecordsTheActionTheStateChangeAndTheFirstPhase()
        {
            BatchController batch = BatchFixture.NewController();

            BatchResult result = batch.Execute(OperatorRequest.Start(BatchFixture.Tech, BatchFixture.TimedRecipe(), "LOT-042"), 1234);
            BatchEvent[] events = BatchFixture.Drain(batch);

            Assert.AreEqual(3, events.Length);
            BatchEvent action = events[0];
            Assert.AreEqual("ActionAccepted", BatchNames.EventKindName(action.Kind));
            Assert.AreEqual(1L, action.Sequence);
            Assert.AreEqual(result.EventSequence, action.Sequence);
            Assert.AreEqual(1234L, action.TimeMilliseconds);
            Assert.AreEqual("Start", BatchNames.ActionName(action.Action));
            Assert.AreEqual("Accepted", BatchNames.ResultName(action.Result));
            Assert.AreEqual(BatchFixture.Tech, action.OperatorId);
            Assert.AreEqual("technician", BatchNames.RoleName(action.Role));
            Assert.AreEqual("Idle", BatchNames.StateName(action.FromState));
            Assert.AreEqual("Running", BatchNames.StateName(action.ToState));
            Assert.AreEqual("LOT-042", action.Text);
            Assert.AreEqual(3.0, action.NewValue, "recipe version");

            BatchEvent state = events[1];
            Assert.AreEqual("StateChanged", BatchNames.EventKindName(state.Kind));
            Assert.AreEqual(2L, state.Sequence);
            Assert.AreEqual("Idle", BatchNames.StateName(state.FromState));
            Assert.AreEqual("Running", BatchNames.StateName(state.ToState));
            Assert.AreEqual(BatchFixture.Tech, state.OperatorId, "caused by the operator");

            BatchEvent phase = events[2];
            Assert.AreEqual("PhaseStarted", BatchNames.EventKindName(phase.Kind));
            Assert.AreEqual(0, phase.PhaseIndex);
            Assert.AreEqual("static", phase.Text);
            Assert.AreEqual(60000L, phase.DurationMilliseconds);
            Assert.AreEqual(BatchFixture.Tech, phase.OperatorId, "started by the operator's Start");
            Assert.AreEqual(3L, batch.LastSequence);
        }

        [TestMethod]
        public void PhaseChangesAndCompletionAreRecordedWithoutAnOperator()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 0);
            BatchFixture.Drain(batch);

            batch.Update(60000);
            batch.Update(180000);
            BatchEvent[] events = BatchFixture.Drain(batch);

            Assert.AreEqual(2, events.Length);
            Assert.AreEqual("PhaseStarted", BatchNames.EventKindName(events[0].Kind));
            Assert.AreEqual(1, events[0].PhaseIndex);
            Assert.AreEqual("rocking", events[0].Text);
            Assert.AreEqual(60000L, events[0].TimeMilliseconds);
            Assert.IsNull(events[0].OperatorId);
            Assert.AreEqual("StateChanged", BatchNames.EventKindName(events[1].Kind));
            Assert.AreEqual("Running", BatchNames.StateName(events[1].FromState));
            Assert.AreEqual("Complete", BatchNames.StateName(events[1].ToState));
            Assert.AreEqual(180000L, events[1].TimeMilliseconds);
            Assert.IsNull(events[1].OperatorId);
            Assert.AreEqual("none", BatchNames.RoleName(events[1].Role));
        }

        [TestMethod]
        public void HoldRecordsTheReasonAndBothStateChanges()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchFixture.Drain(batch);

            batch.Execute(OperatorRequest.Hold(BatchFixture.Tech, "incubator door seal"), now);
            batch.Update(now + 20);
            BatchEvent[] events = BatchFixture.Drain(batch);

            Assert.AreEqual(3, events.Length);
            Assert.AreEqual("Hold", BatchNames.ActionName(events[0].Action));
            Assert.AreEqual("incubator door seal", events[0].Reason);
            Assert.AreEqual("Holding", BatchNames.StateName(events[0].ToState));
            Assert.AreEqual("Holding", BatchNames.StateName(events[1].ToState));
            Assert.AreEqual(BatchFixture.Tech, events[1].OperatorId);
            Assert.AreEqual("Holding", BatchNames.StateName(events[2].FromState));
            Assert.AreEqual("Held", BatchNames.StateName(events[2].ToState));
            Assert.IsNull(events[2].OperatorId, "the automatic completion of the transient state");
            Assert.AreEqual(now + 20, events[2].TimeMilliseconds);
        }

        [TestMethod]
        public void SetPointChangeRecordsWhoWhatWhyOldAndNew()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchFixture.Drain(batch);

            batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.Co2Percent, 5.3, "pH 7.5, medium too alkaline"), now);
            BatchEvent e = BatchFixture.Drain(batch)[0];

            Assert.AreEqual("ActionAccepted", BatchNames.EventKindName(e.Kind));
            Assert.AreEqual("ChangeSetPoint", BatchNames.ActionName(e.Action));
            Assert.AreEqual(BatchFixture.Tech, e.OperatorId);
            Assert.AreEqual("pH 7.5, medium too alkaline", e.Reason);
            Assert.AreEqual("co2Percent", BatchNames.VariableName(e.Variable));
            Assert.AreEqual(5.0, e.OldValue);
            Assert.AreEqual(5.3, e.NewValue);
            Assert.AreEqual(0, e.PhaseIndex);
        }

        [TestMethod]
        public void RefusedRequestsAreRecordedWithWhoWhatAndWhy()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchFixture.Drain(batch);

            BatchResult result = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, BatchVariable.TemperatureCelsius, 39,
                "faster growth"), now);
            BatchEvent e = BatchFixture.Drain(batch)[0];

            Assert.AreEqual("ActionRefused", BatchNames.EventKindName(e.Kind));
            Assert.AreEqual("OutsideLimits", BatchNames.ResultName(e.Result));
            Assert.AreEqual(result.EventSequence, e.Sequence);
            Assert.AreEqual(BatchFixture.Tech, e.OperatorId);
            Assert.AreEqual("faster growth", e.Reason);
            Assert.AreEqual("temperatureCelsius", BatchNames.VariableName(e.Variable));
            Assert.AreEqual(37.0, e.OldValue);
            Assert.AreEqual(39.0, e.NewValue, "what was asked for");
            Assert.AreEqual("Running", BatchNames.StateName(e.FromState));
            Assert.AreEqual("Running", BatchNames.StateName(e.ToState));
        }

        [TestMethod]
        public void RefusalsKeepOnlyFieldsThatPassTheirRules()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchFixture.Drain(batch);

            batch.Execute(OperatorRequest.Hold("no such\noperator", "why"), now);
            batch.Execute(OperatorRequest.Hold(BatchFixture.Tech, "two\nlines"), now);
            BatchEvent[] events = BatchFixture.Drain(batch);

            Assert.AreEqual("InvalidOperatorId", BatchNames.ResultName(events[0].Result));
            Assert.IsNull(events[0].OperatorId, "a malformed id is not copied into the record");
            Assert.AreEqual("InvalidReason", BatchNames.ResultName(events[1].Result));
            Assert.AreEqual(BatchFixture.Tech, events[1].OperatorId);
            Assert.IsNull(events[1].Reason, "a malformed reason is not copied into the record");
        }

        [TestMethod]
        public void AcknowledgeNoteSampleAndConfirmationRecordTheirContent()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchFixture.Drain(batch);

            batch.Execute(OperatorRequest.AcknowledgeAlarm(BatchFixture.Tech, AlarmId.Co2Low), now);
            batch.Execute(OperatorRequest.Note(BatchFixture.Qa, "deviation DEV-12 opened"), now);
            batch.Execute(OperatorRequest.Sample(BatchFixture.Tech, "S-3: 1 mL, viability"), now);
            batch.Execute(OperatorRequest.ConfirmPhase(BatchFixture.Tech, "cells counted"), now);
            BatchEvent[] events = BatchFixture.Drain(batch);

            Assert.AreEqual("AcknowledgeAlarm", BatchNames.ActionName(events[0].Action));
            Assert.AreEqual((int)AlarmId.Co2Low, (int)events[0].AlarmId);
            Assert.AreEqual("Note", BatchNames.ActionName(events[1].Action));
            Assert.AreEqual("qa", BatchNames.RoleName(events[1].Role));
            Assert.AreEqual("deviation DEV-12 opened", events[1].Text);
            Assert.AreEqual("S-3: 1 mL, viability", events[2].Text);
            Assert.AreEqual("ConfirmPhase", BatchNames.ActionName(events[3].Action));
            Assert.AreEqual("cells counted", events[3].Text);
            Assert.AreEqual(0, events[3].PhaseIndex, "the confirmed phase");
            Assert.AreEqual("PhaseStarted", BatchNames.EventKindName(events[4].Kind));
            Assert.AreEqual(1, events[4].PhaseIndex);
            Assert.AreEqual(BatchFixture.Tech, events[4].OperatorId, "started by the confirmation");
        }

        [TestMethod]
        public void SequenceNumbersAreConsecutive()
        {
            BatchController batch = BatchFixture.InState(BatchState.Held, out long now);
            BatchEvent[] events = BatchFixture.Drain(batch);

            for (int i = 0; i < events.Length; i++)
            {
                Assert.AreEqual((long)(i + 1), events[i].Sequence, "event " + i);
            }

            Assert.AreEqual((long)events.Length, batch.LastSequence);
        }

        [TestMethod]
        public void FullRingOverwritesTheOldestAndCountsThem()
        {
            var settings = new BatchSettings();
            settings.EventCapacity = 16;
            var batch = new BatchController(settings, BatchFixture.Operators());
            BatchFixture.Start(batch, BatchFixture.TimedRecipe(), 0);
            for (int i = 0; i < 20; i++)
            {
                batch.Execute(OperatorRequest.Note(BatchFixture.Tech, "note"), i);
            }

            Assert.AreEqual(16, batch.PendingEventCount);
            Assert.AreEqual(7L, batch.OverflowCount, "3 start events + 20 notes - 16 kept");
            var oldest = new BatchEvent();
            Assert.IsTrue(batch.TryTakeEvent(oldest));
            Assert.AreEqual(8L, oldest.Sequence, "the gap in the numbering shows the loss");
        }

        [TestMethod]
        public void ConfigurationChangeRecordsTheNewDirectory()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchFixture.Drain(batch);
            OperatorDirectory operators = BatchFixture.Operators();
            operators.Add("n.new", OperatorRole.Technician, "New Starter",
                new OperatorCredential(1000, new byte[16], new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 }));

            batch.Execute(OperatorRequest.ChangeConfiguration(BatchFixture.Admin, operators, "new starter"), now);
            BatchEvent e = BatchFixture.Drain(batch)[0];

            // The record keeps who and which role, never a signing key.
            Assert.AreEqual("ChangeConfiguration", BatchNames.ActionName(e.Action));
            Assert.AreEqual("new starter", e.Reason);
            Assert.AreEqual("[operators]\nt.tech = technician\nq.qa = qa\na.admin = administrator\nn.new = technician | New Starter\n", e.Text);
        }

        [TestMethod]
        public void TakingFromAnEmptyRingReturnsFalse()
        {
            BatchController batch = BatchFixture.NewController();

            var e = new BatchEvent();
            Assert.IsFalse(batch.TryTakeEvent(e));
            Assert.AreEqual(0L, e.Sequence);
            Assert.AreEqual(256, batch.EventCapacity);
        }
    }
}
