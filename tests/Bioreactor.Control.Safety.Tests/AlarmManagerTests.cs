#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class AlarmManagerTests
    {
        // A non-latched alarm with a 500 ms on-delay in the default catalogue.
        private const AlarmId Plain = AlarmId.PlateProbeFault;

        // A latched alarm with a 500 ms on-delay and a 0.5 K deadband in the default catalogue.
        private const AlarmId Latched = AlarmId.PlateOverTemperature;

        private static void AssertState(AlarmState expected, AlarmManager alarms, AlarmId id, string what)
        {
            Assert.AreEqual(AlarmCatalog.StateName(expected), AlarmCatalog.StateName(alarms.GetState(id)), what);
        }

        private static AlarmManager RaisedPlain()
        {
            var alarms = new AlarmManager(64);
            alarms.Evaluate(Plain, true, 1.0, 0);
            alarms.Evaluate(Plain, true, 1.0, 500);
            return alarms;
        }

        // ---- the ISA-18.2 state diagram ----

        [TestMethod]
        public void ConditionRaisesAlarmOnlyAfterOnDelay()
        {
            var alarms = new AlarmManager(64);

            Assert.IsFalse(alarms.Evaluate(Plain, true, 1.0, 1000), "at condition start");
            Assert.IsFalse(alarms.Evaluate(Plain, true, 1.0, 1499), "1 ms before the on-delay");
            AssertState(AlarmState.Normal, alarms, Plain, "before the on-delay");

            Assert.IsTrue(alarms.Evaluate(Plain, true, 1.0, 1500), "at the on-delay");
            AssertState(AlarmState.UnacknowledgedActive, alarms, Plain, "after the on-delay");
            Assert.IsTrue(alarms.IsActive(Plain));
            Assert.IsTrue(alarms.IsUnacknowledged(Plain));
        }

        [TestMethod]
        public void ConditionShorterThanOnDelayRaisesNothing()
        {
            var alarms = new AlarmManager(64);
            for (int pulse = 0; pulse < 10; pulse++)
            {
                long start = pulse * 1000;
                alarms.Evaluate(Plain, true, 1.0, start);
                alarms.Evaluate(Plain, true, 1.0, start + 400);
                alarms.Evaluate(Plain, false, 0.0, start + 450);
            }

            AssertState(AlarmState.Normal, alarms, Plain, "after ten 450 ms pulses");
            Assert.AreEqual(0, alarms.PendingTransitionCount, "events");
        }

        [TestMethod]
        public void UnacknowledgedActiveGoesToAcknowledgedActiveOnAcknowledge()
        {
            AlarmManager alarms = RaisedPlain();

            Assert.IsTrue(alarms.Acknowledge(Plain, 600, 7), "acknowledge changed the state");

            AssertState(AlarmState.AcknowledgedActive, alarms, Plain, "after acknowledge");
            Assert.IsTrue(alarms.IsActive(Plain));
            Assert.IsFalse(alarms.IsUnacknowledged(Plain));
        }

        [TestMethod]
        public void AcknowledgedActiveGoesToNormalOnClear()
        {
            AlarmManager alarms = RaisedPlain();
            alarms.Acknowledge(Plain, 600, 7);

            alarms.Evaluate(Plain, false, 0.0, 700);

            AssertState(AlarmState.Normal, alarms, Plain, "after clear");
            Assert.IsFalse(alarms.IsActive(Plain));
        }

        [TestMethod]
        public void UnacknowledgedActiveReturnsToNormalUnacknowledgedOnClearThenNormalOnAcknowledge()
        {
            AlarmManager alarms = RaisedPlain();

            alarms.Evaluate(Plain, false, 0.0, 700);
            AssertState(AlarmState.ReturnedToNormalUnacknowledged, alarms, Plain, "after clear");
            Assert.IsFalse(alarms.IsActive(Plain));
            Assert.IsTrue(alarms.IsUnacknowledged(Plain));

            Assert.IsTrue(alarms.Acknowledge(Plain, 800, 7));
            AssertState(AlarmState.Normal, alarms, Plain, "after acknowledge");
        }

        [TestMethod]
        public void ReturnedToNormalGoesBackToUnacknowledgedActiveWhenConditionReturnsAfterOnDelay()
        {
            AlarmManager alarms = RaisedPlain();
            alarms.Evaluate(Plain, false, 0.0, 700);

            alarms.Evaluate(Plain, true, 1.0, 1000);
            AssertState(AlarmState.ReturnedToNormalUnacknowledged, alarms, Plain, "condition back, within the on-delay");
            alarms.Evaluate(Plain, true, 1.0, 1500);
            AssertState(AlarmState.UnacknowledgedActive, alarms, Plain, "condition back past the on-delay");
        }

        [TestMethod]
        public void LatchedAlarmStaysActiveAfterClearUntilAcknowledged()
        {
            var alarms = new AlarmManager(64);
            alarms.Evaluate(Latched, true, 43.0, 0);
            alarms.Evaluate(Latched, true, 43.0, 500);

            alarms.Evaluate(Latched, false, 40.0, 1000);
            alarms.Evaluate(Latched, false, 40.0, 60000);

            AssertState(AlarmState.UnacknowledgedActive, alarms, Latched, "cleared but latched");
            Assert.IsTrue(alarms.IsActive(Latched));
            Assert.IsFalse(alarms.IsConditionPresent(Latched));

            Assert.IsTrue(alarms.Acknowledge(Latched, 61000, 3), "acknowledge + reset");
            AssertState(AlarmState.Normal, alarms, Latched, "after acknowledge");
        }

        [TestMethod]
        public void LatchedAlarmAcknowledgedWhilePresentNeedsResetAfterClear()
        {
            var alarms = new AlarmManager(64);
            alarms.Evaluate(Latched, true, 43.0, 0);
            alarms.Evaluate(Latched, true, 43.0, 500);
            Assert.IsTrue(alarms.Acknowledge(Latched, 600, 3));
            AssertState(AlarmState.AcknowledgedActive, alarms, Latched, "acknowledged while present");

            Assert.IsFalse(alarms.Acknowledge(Latched, 700, 3), "a second acknowledge while present changes nothing");
            alarms.Evaluate(Latched, false, 40.0, 1000);
            AssertState(AlarmState.AcknowledgedActive, alarms, Latched, "cleared, waiting for reset");
            Assert.IsTrue(alarms.IsActive(Latched), "still active until reset");

            Assert.IsTrue(alarms.Acknowledge(Latched, 2000, 3), "reset");
            AssertState(AlarmState.Normal, alarms, Latched, "after reset");
        }

        [TestMethod]
        public void LatchedAlarmWhoseConditionReturnsBeforeResetIsUnacknowledgedAgain()
        {
            var alarms = new AlarmManager(64);
            alarms.Evaluate(Latched, true, 43.0, 0);
            alarms.Evaluate(Latched, true, 43.0, 500);
            alarms.Acknowledge(Latched, 600, 3);
            alarms.Evaluate(Latched, false, 40.0, 1000);

            alarms.Evaluate(Latched, true, 43.0, 2000);
            alarms.Evaluate(Latched, true, 43.0, 2500);

            AssertState(AlarmState.UnacknowledgedActive, alarms, Latched, "new occurrence before the reset");
        }

        [TestMethod]
        public void AcknowledgingNormalAlarmChangesNothing()
        {
            var alarms = new AlarmManager(64);

            Assert.IsFalse(alarms.Acknowledge(Plain, 100, 1));
            Assert.AreEqual(0, alarms.AcknowledgeAll(100, 1));

            AssertState(AlarmState.Normal, alarms, Plain, "after acknowledge");
            Assert.AreEqual(0, alarms.PendingTransitionCount, "no event for a no-op acknowledge");
        }

        [TestMethod]
        public void AcknowledgeAllAcknowledgesEveryWaitingAlarm()
        {
            var alarms = new AlarmManager(64);
            alarms.Evaluate(AlarmId.DoorOpen, true, double.NaN, 0);
            alarms.Evaluate(AlarmId.DoorOpen, true, double.NaN, 1000);
            alarms.Evaluate(AlarmId.TemperatureControlFault, true, double.NaN, 1000);
            alarms.Evaluate(AlarmId.TemperatureControlFault, false, double.NaN, 1100);

            Assert.AreEqual(2, alarms.AcknowledgeAll(2000, 9));

            AssertState(AlarmState.AcknowledgedActive, alarms, AlarmId.DoorOpen, "door, still open");
            AssertState(AlarmState.Normal, alarms, AlarmId.TemperatureControlFault, "control fault, returned");
            Assert.AreEqual(0, alarms.CountUnacknowledged());
        }

        [TestMethod]
        public void OffDelayHoldsAlarmUntilConditionHasBeenAbsentLongEnough()
        {
            var alarms = new AlarmManager(64);
            alarms.SetDefinition(Plain, new AlarmDefinition(AlarmPriority.High, 0, 2000, 0.0, false, "test"));
            alarms.Evaluate(Plain, true, 1.0, 0);
            alarms.Acknowledge(Plain, 10, 0);

            alarms.Evaluate(Plain, false, 0.0, 100);
            alarms.Evaluate(Plain, false, 0.0, 2099);
            AssertState(AlarmState.AcknowledgedActive, alarms, Plain, "within the off-delay");

            alarms.Evaluate(Plain, false, 0.0, 2100);
            AssertState(AlarmState.Normal, alarms, Plain, "past the off-delay");
        }

        // ---- deadband ----

        [TestMethod]
        public void HighLimitWithDeadbandDoesNotChatterAroundTheLimit()
        {
            var alarms = new AlarmManager(64);
            alarms.SetDefinition(Plain, new AlarmDefinition(AlarmPriority.High, 0, 0, 0.5, false, "test"));
            long now = 0;
            for (int i = 0; i < 100; i++)
            {
                double value = (i % 2 == 0) ? 38.05 : 37.6;
                alarms.EvaluateHigh(Plain, value, 38.0, now);
                now += 100;
            }

            Assert.AreEqual(1, alarms.PendingTransitionCount, "one raise, no clears while inside the deadband");
            Assert.IsTrue(alarms.IsConditionPresent(Plain));

            alarms.EvaluateHigh(Plain, 37.49, 38.0, now);
            Assert.IsFalse(alarms.IsConditionPresent(Plain), "clears below limit − deadband");
            AssertState(AlarmState.ReturnedToNormalUnacknowledged, alarms, Plain, "after clear");
        }

        [TestMethod]
        public void HighLimitWithoutDeadbandChattersAsAControl()
        {
            // The same oscillation without a deadband raises and clears every cycle: what the deadband prevents.
            var alarms = new AlarmManager(256);
            alarms.SetDefinition(Plain, new AlarmDefinition(AlarmPriority.High, 0, 0, 0.0, false, "test"));
            long now = 0;
            for (int i = 0; i < 100; i++)
            {
                alarms.EvaluateHigh(Plain, (i % 2 == 0) ? 38.05 : 37.6, 38.0, now);
                now += 100;
            }

            Assert.AreEqual(100, alarms.PendingTransitionCount);
        }

        [TestMethod]
        public void LowLimitWithDeadbandClearsOnlyAboveLimitPlusDeadband()
        {
            var alarms = new AlarmManager(64);
            alarms.SetDefinition(AlarmId.Co2Low, new AlarmDefinition(AlarmPriority.Medium, 0, 0, 0.1, false, "test"));

            Assert.IsFalse(alarms.EvaluateLow(AlarmId.Co2Low, 4.01, 4.0, 0));
            Assert.IsTrue(alarms.EvaluateLow(AlarmId.Co2Low, 4.0, 4.0, 100));
            Assert.IsTrue(alarms.EvaluateLow(AlarmId.Co2Low, 4.09, 4.0, 200), "inside the deadband");
            Assert.IsFalse(alarms.EvaluateLow(AlarmId.Co2Low, 4.11, 4.0, 300), "past the deadband");
        }

        [TestMethod]
        public void NaNValueNeverClearsALimitAlarmAndStopsItsOnDelay()
        {
            var alarms = new AlarmManager(64);
            alarms.EvaluateHigh(Latched, 43.0, 42.0, 0);
            alarms.EvaluateHigh(Latched, double.NaN, 42.0, 300);
            alarms.EvaluateHigh(Latched, 43.0, 42.0, 600);
            Assert.IsFalse(alarms.IsConditionPresent(Latched), "on-delay restarted after the NaN");
            alarms.EvaluateHigh(Latched, 43.0, 42.0, 1100);
            Assert.IsTrue(alarms.IsConditionPresent(Latched), "raised 500 ms after the restart");

            alarms.EvaluateHigh(Latched, double.NaN, 42.0, 1200);
            Assert.IsTrue(alarms.IsConditionPresent(Latched), "NaN does not clear");
        }

        // ---- priorities ----

        [TestMethod]
        public void PriorityQueriesCountActiveAlarms()
        {
            var alarms = new AlarmManager(64);
            Assert.AreEqual(AlarmCatalog.PriorityName(AlarmPriority.None), AlarmCatalog.PriorityName(alarms.HighestActivePriority));

            alarms.Evaluate(AlarmId.DoorOpen, true, double.NaN, 0);
            alarms.Evaluate(AlarmId.DoorOpen, true, double.NaN, 1000);                  // Low
            alarms.Evaluate(AlarmId.TemperatureControlFault, true, double.NaN, 1000);   // High
            alarms.Evaluate(AlarmId.Co2ControlFault, true, double.NaN, 1000);           // High
            Assert.AreEqual(AlarmCatalog.PriorityName(AlarmPriority.High), AlarmCatalog.PriorityName(alarms.HighestActivePriority));
            Assert.AreEqual(2, alarms.CountActive(AlarmPriority.High));
            Assert.AreEqual(1, alarms.CountActive(AlarmPriority.Low));
            Assert.AreEqual(0, alarms.CountActive(AlarmPriority.Critical));
            Assert.AreEqual(3, alarms.CountActive());

            alarms.Evaluate(AlarmId.HeaterRunaway, true, 37.0, 1000);                  // Critical, latched
            Assert.AreEqual(AlarmCatalog.PriorityName(AlarmPriority.Critical), AlarmCatalog.PriorityName(alarms.HighestActivePriority));

            alarms.Evaluate(AlarmId.TemperatureControlFault, false, double.NaN, 1100);
            Assert.AreEqual(1, alarms.CountActive(AlarmPriority.High), "a returned alarm is not active");
            Assert.AreEqual(4, alarms.CountUnacknowledged(), "but still waits for an acknowledge");
        }

        // ---- the event ring ----

        [TestMethod]
        public void TransitionsAreTakenInOrderWithTheirDetails()
        {
            var alarms = new AlarmManager(64);
            alarms.EvaluateHigh(Latched, 42.5, 42.0, 1000);
            alarms.EvaluateHigh(Latched, 42.6, 42.0, 1500);   // raised
            alarms.Acknowledge(Latched, 2000, 42);            // acknowledged (still present)
            alarms.EvaluateHigh(Latched, 41.0, 42.0, 3000);   // cleared, state held
            alarms.Acknowledge(Latched, 4000, 43);            // reset

            var t = new AlarmTransition();
            Assert.IsTrue(alarms.TryTakeTransition(t));
            Assert.AreEqual(1L, t.Sequence);
            Assert.AreEqual((int)Latched, (int)t.Id);
            Assert.AreEqual("Raised", AlarmCatalog.KindName(t.Kind));
            Assert.AreEqual((int)AlarmState.Normal, (int)t.From);
            Assert.AreEqual((int)AlarmState.UnacknowledgedActive, (int)t.To);
            Assert.AreEqual(1500L, t.TimeMilliseconds);
            TestSupport.AreNear(42.6, t.Value, 1e-12, "value at raise");
            Assert.AreEqual(0, t.OperatorReference);

            Assert.IsTrue(alarms.TryTakeTransition(t));
            Assert.AreEqual("Acknowledged", AlarmCatalog.KindName(t.Kind));
            Assert.AreEqual((int)AlarmState.AcknowledgedActive, (int)t.To);
            Assert.AreEqual(42, t.OperatorReference);

            Assert.IsTrue(alarms.TryTakeTransition(t));
            Assert.AreEqual("Cleared", AlarmCatalog.KindName(t.Kind));
            Assert.AreEqual((int)AlarmState.AcknowledgedActive, (int)t.From);
            Assert.AreEqual((int)AlarmState.AcknowledgedActive, (int)t.To);
            TestSupport.AreNear(41.0, t.Value, 1e-12, "value at clear");

            Assert.IsTrue(alarms.TryTakeTransition(t));
            Assert.AreEqual("Reset", AlarmCatalog.KindName(t.Kind));
            Assert.AreEqual((int)AlarmState.Normal, (int)t.To);
            Assert.AreEqual(43, t.OperatorReference);
            Assert.AreEqual(4L, t.Sequence);

            Assert.IsFalse(alarms.TryTakeTransition(t), "ring drained");
            Assert.AreEqual(0L, alarms.OverflowCount);
        }

        [TestMethod]
        public void FullRingOverwritesOldestAndCountsTheLoss()
        {
            var alarms = new AlarmManager(4);
            for (int i = 0; i < 3; i++)
            {
                alarms.Evaluate(AlarmId.TemperatureControlFault, true, i, i * 100);       // raised
                alarms.Evaluate(AlarmId.TemperatureControlFault, false, i, i * 100 + 50); // cleared
            }

            Assert.AreEqual(4, alarms.PendingTransitionCount);
            Assert.AreEqual(2L, alarms.OverflowCount);
            Assert.AreEqual(6L, alarms.LastSequence);

            long expected = 3;
            var t = new AlarmTransition();
            while (alarms.TryTakeTransition(t))
            {
                Assert.AreEqual(expected, t.Sequence, "oldest kept first, gap visible");
                expected++;
            }

            Assert.AreEqual(7L, expected);
        }

        // ---- configuration and catalogue ----

        [TestMethod]
        public void DefinitionRejectsOutOfRangeValues()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new AlarmDefinition(AlarmPriority.None, 0, 0, 0.0, false, "x"), "priority None");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new AlarmDefinition(AlarmPriority.High, -1, 0, 0.0, false, "x"), "negative on-delay");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new AlarmDefinition(AlarmPriority.High, 0, -1, 0.0, false, "x"), "negative off-delay");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new AlarmDefinition(AlarmPriority.High, 0, 0, double.NaN, false, "x"), "NaN deadband");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new AlarmDefinition(AlarmPriority.High, 0, 0, -0.1, false, "x"), "negative deadband");
            TestSupport.Throws(typeof(ArgumentException),
                () => new AlarmDefinition(AlarmPriority.High, 0, 0, 0.0, false, ""), "empty description");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new AlarmManager(2), "ring too small");
        }

        [TestMethod]
        public void DefinitionCannotChangeWhileAlarmIsActive()
        {
            AlarmManager alarms = RaisedPlain();

            TestSupport.Throws(typeof(InvalidOperationException),
                () => alarms.SetDefinition(Plain, new AlarmDefinition(AlarmPriority.Low, 0, 0, 0.0, true, "x")), "active alarm");
        }

        [TestMethod]
        public void UnknownAlarmIdIsRejected()
        {
            var alarms = new AlarmManager(8);

            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => alarms.Evaluate((AlarmId)AlarmCatalog.Count, true, 0.0, 0), "id past the catalogue");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => alarms.Acknowledge((AlarmId)(-1), 0, 0), "negative id");
        }

        [TestMethod]
        public void CatalogueDescribesEveryAlarmWithAUniqueCode()
        {
            var codes = new string[AlarmCatalog.Count];
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                var id = (AlarmId)i;
                Assert.AreNotEqual("Unknown alarm", AlarmCatalog.Describe(id), "description of alarm " + i.ToString());
                Assert.AreNotEqual("unknown", AlarmCatalog.Code(id), "code of alarm " + i.ToString());
                Assert.IsNotNull(AlarmCatalog.DefaultDefinition(id));
                codes[i] = AlarmCatalog.Code(id);
                for (int j = 0; j < i; j++)
                {
                    Assert.AreNotEqual(codes[j], codes[i], "duplicate code");
                }
            }

            Assert.AreEqual("unknown", AlarmCatalog.Code((AlarmId)AlarmCatalog.Count), "the count covers every id");
        }

        [TestMethod]
        public void TripsLatchAndActWellInsideTwoSeconds()
        {
            AlarmId[] trips =
            {
                AlarmId.LiquidOverTemperature, AlarmId.PlateOverTemperature, AlarmId.Co2OverDose, AlarmId.HeaterRunaway,
                AlarmId.HeaterStuckOn, AlarmId.ProbeDisagreement, AlarmId.ValveStuckOpen, AlarmId.RockingStall,
            };
            for (int i = 0; i < trips.Length; i++)
            {
                AlarmDefinition definition = AlarmCatalog.DefaultDefinition(trips[i]);
                Assert.IsTrue(definition.Latched, AlarmCatalog.Code(trips[i]) + " latched");
                TestSupport.AtMost(1000, definition.OnDelayMilliseconds, AlarmCatalog.Code(trips[i]) + " on-delay (ms)");
            }
        }
    }
}
