#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class RecordRoundTripTests
    {
        // Writes one entry of every type, closes, and reads them back in order.
        private static MemoryRecordStorage EveryTypeRecord(ManualClock clock, byte[] recipe)
        {
            var storage = new MemoryRecordStorage();
            var writer = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            RecordHeader header = RecordTestSupport.Header();
            header.SetRecipe(recipe);
            Assert.IsTrue(writer.Begin(header), "header and recipe");

            clock.Advance(1000);
            Assert.IsTrue(writer.AppendStateChange(0, 1, 0, "op.jdoe", "start", 41), "state");
            clock.Advance(1000);
            Assert.IsTrue(writer.AppendPhaseChange(-1, 0, 72L * 3600 * 1000, "static", "op.jdoe", "batch started", 42), "phase");
            clock.Advance(1000);
            RecordSample sample = RecordTestSupport.Sample(7);
            Assert.IsTrue(writer.AppendSample(sample), "sample");
            clock.Advance(1000);
            var transition = new AlarmTransition();
            transition.Sequence = 12;
            transition.Id = AlarmId.Co2Low;
            transition.Kind = AlarmTransitionKind.Acknowledged;
            transition.From = AlarmState.UnacknowledgedActive;
            transition.To = AlarmState.AcknowledgedActive;
            transition.TimeMilliseconds = 3999;
            transition.Value = 4.25;
            transition.OperatorReference = 17;
            Assert.IsTrue(writer.AppendAlarmTransition(transition), "alarm");
            clock.Advance(1000);
            Assert.IsTrue(writer.AppendOperatorAction("op.jdoe", "ChangeSetPoint", "temperatureCelsius", "protocol step 4 \u2192 warmer",
                "37", "37.5", OperatorActionOutcome.Done, 0, 1, 43, 1, "Jane Doe", 1772438400000L,
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), "action");
            clock.Advance(1000);
            Assert.IsTrue(writer.AppendOperatorAction("op.guest", "Abort", "batch", "curious", "Running", "Aborted",
                OperatorActionOutcome.Rejected, 3, 0, 44, 0, null, 0, null), "refused action");
            clock.Advance(1000);
            Assert.IsTrue(writer.AppendFault(2, -7, "CO2 probe: Modbus timeout"), "fault");
            clock.Advance(1000);
            Assert.IsTrue(writer.AppendConfigurationChange("op.admin", "alarm.co2Low.band", "0.5", "0.3", "tighter band"), "config");
            clock.Advance(1000);
            Assert.IsTrue(writer.AppendNote("op.jdoe", "bag checked, no leak \u00b0"), "note");
            clock.Advance(1000);
            byte[] snapshot = RecordTestSupport.RecipeBytes(168);
            Assert.IsTrue(writer.AppendBatchSnapshot(snapshot, 0, snapshot.Length), "snapshot");
            clock.Advance(1000);
            Assert.IsTrue(writer.AppendBatchRestored(65000, 2, 1, 120000, 0, 45), "batch restored");
            clock.Advance(1000);
            Assert.IsTrue(writer.Close(5, "complete"), "closing");
            return storage;
        }

        [TestMethod]
        public void EveryEntryTypeReadsBackAsWritten()
        {
            var clock = new ManualClock();
            byte[] recipe = RecordTestSupport.RecipeBytes(2500);
            MemoryRecordStorage storage = EveryTypeRecord(clock, recipe);

            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            long sequence = 0;
            RecordEntryType[] expectedTypes =
            {
                RecordEntryType.Header, RecordEntryType.Recipe, RecordEntryType.Recipe, RecordEntryType.Recipe,
                RecordEntryType.StateChange, RecordEntryType.PhaseChange, RecordEntryType.Sample, RecordEntryType.AlarmTransition,
                RecordEntryType.OperatorAction, RecordEntryType.OperatorAction, RecordEntryType.Fault,
                RecordEntryType.ConfigurationChange, RecordEntryType.Note, RecordEntryType.BatchSnapshot, RecordEntryType.Recovery,
                RecordEntryType.Closing,
            };
            byte[] reassembled = new byte[recipe.Length];
            while (reader.Next(frame))
            {
                Assert.AreEqual(sequence, frame.Sequence, "sequence");
                Assert.AreEqual(RecordFormat.TypeName(expectedTypes[(int)sequence]), RecordFormat.TypeName(frame.Type), "type of " + sequence);
                Assert.IsTrue(frame.IsUtcSynchronized, "UTC flag");
                switch (frame.Type)
                {
                    case RecordEntryType.Header:
                        RecordHeader header = RecordHeader.Decode(frame);
                        Assert.AreEqual("BR-0007", header.DeviceId);
                        Assert.AreEqual("1.4.2", header.FirmwareVersion);
                        Assert.AreEqual(RecordTestSupport.BatchId, header.BatchId);
                        Assert.AreEqual("CAR-T expansion", header.RecipeName);
                        Assert.AreEqual("3", header.RecipeVersion);
                        Assert.AreEqual("op.jdoe", header.OperatorId);
                        Assert.AreEqual("k1", header.KeyId);
                        Assert.AreEqual(10000, header.SamplePeriodMilliseconds);
                        Assert.AreEqual(2500, header.RecipeLength);
                        byte[] hash = new byte[32];
                        Sha256.Hash(recipe, 0, recipe.Length, hash, 0);
                        CollectionAssert.AreEqual(hash, header.RecipeSha256);
                        Assert.AreEqual(RecordTime.ToUnixMilliseconds(new DateTime(2026, 3, 2, 8, 0, 0)), frame.UtcUnixMilliseconds, "start UTC");
                        break;
                    case RecordEntryType.Recipe:
                        int index;
                        int count;
                        Assert.IsTrue(RecipeEntry.TryCopyChunk(frame, reassembled, out index, out count));
                        Assert.AreEqual(3, count, "2500 bytes in 960-byte chunks");
                        Assert.AreEqual((int)sequence - 1, index);
                        break;
                    case RecordEntryType.StateChange:
                        StateChangeEntry state = StateChangeEntry.Decode(frame);
                        Assert.AreEqual(0, state.FromState);
                        Assert.AreEqual(1, state.ToState);
                        Assert.AreEqual(0, state.PhaseIndex);
                        Assert.AreEqual("op.jdoe", state.OperatorId);
                        Assert.AreEqual("start", state.Cause);
                        Assert.AreEqual(41L, state.BatchEventSequence);
                        Assert.AreEqual(1000L, frame.MonotonicMilliseconds, "monotonic time");
                        break;
                    case RecordEntryType.PhaseChange:
                        PhaseChangeEntry phase = PhaseChangeEntry.Decode(frame);
                        Assert.AreEqual(-1, phase.FromPhaseIndex);
                        Assert.AreEqual(0, phase.ToPhaseIndex);
                        Assert.AreEqual(72L * 3600 * 1000, phase.PlannedDurationMilliseconds);
                        Assert.AreEqual("static", phase.PhaseName);
                        Assert.AreEqual("batch started", phase.Cause);
                        Assert.AreEqual(42L, phase.BatchEventSequence);
                        break;
                    case RecordEntryType.Sample:
                        RecordSample s;
                        Assert.IsTrue(RecordSample.TryDecode(frame, out s));
                        TestSupport.AreNear(36.907, s.LiquidCelsius, 1e-9, "liquid");
                        TestSupport.AreNear(37.0, s.LiquidSetPointCelsius, 1e-9, "liquid set point");
                        TestSupport.AreNear(38.236, s.PlateCelsius, 1e-9, "plate");
                        TestSupport.AreNear(0.314159, s.HeaterDutyFraction, 1e-9, "heater duty to 1 ppm");
                        TestSupport.AreNear(4.987, s.Co2Percent, 1e-9, "CO2");
                        TestSupport.AreNear(9.95, s.RockingRateRpm, 1e-9, "rate");
                        TestSupport.AreNear(4.5, s.AngleDegrees, 1e-9, "angle");
                        TestSupport.AreNear(-12.345, s.DriveSpeedDegreesPerSecond, 1e-9, "drive");
                        Assert.AreEqual((int)SensorStatus.NoResponse, (int)s.Co2Status);
                        Assert.AreEqual((int)SensorStatus.Ok, (int)s.AngleStatus);
                        Assert.AreEqual(3, s.RockingMode);
                        Assert.AreEqual(RecordSample.FlagHeaterOn | RecordSample.FlagTemperatureControl | RecordSample.FlagRocking, s.Flags);
                        Assert.AreEqual(2, s.HighestAlarmPriority);
                        Assert.AreEqual(1, s.ActiveAlarmCount);
                        break;
                    case RecordEntryType.AlarmTransition:
                        AlarmTransition t;
                        Assert.IsTrue(AlarmTransitionEntry.TryDecode(frame, out t));
                        Assert.AreEqual(12L, t.Sequence);
                        Assert.AreEqual((int)AlarmId.Co2Low, (int)t.Id);
                        Assert.AreEqual((int)AlarmTransitionKind.Acknowledged, (int)t.Kind);
                        Assert.AreEqual((int)AlarmState.UnacknowledgedActive, (int)t.From);
                        Assert.AreEqual((int)AlarmState.AcknowledgedActive, (int)t.To);
                        Assert.AreEqual(3999L, t.TimeMilliseconds);
                        Assert.AreEqual(4.25, t.Value);
                        Assert.AreEqual(17, t.OperatorReference);
                        break;
                    case RecordEntryType.OperatorAction:
                        OperatorActionEntry action = OperatorActionEntry.Decode(frame);
                        if (action.Outcome == OperatorActionOutcome.Done)
                        {
                            Assert.AreEqual("op.jdoe", action.OperatorId);
                            Assert.AreEqual("ChangeSetPoint", action.Action);
                            Assert.AreEqual("temperatureCelsius", action.Target);
                            Assert.AreEqual("protocol step 4 \u2192 warmer", action.Reason);
                            Assert.AreEqual("37", action.OldValue);
                            Assert.AreEqual("37.5", action.NewValue);
                            Assert.AreEqual(1, action.Role);
                            Assert.AreEqual(43L, action.BatchEventSequence);
                            Assert.AreEqual(1, action.Meaning, "performed");
                            Assert.AreEqual("Jane Doe", action.SignerName);
                            Assert.AreEqual(1772438400000L, action.SignedAtMilliseconds);
                            Assert.AreEqual("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", action.SignatureMac);
                        }
                        else
                        {
                            Assert.AreEqual((int)OperatorActionOutcome.Rejected, (int)action.Outcome);
                            Assert.AreEqual(3, action.ResultCode);
                            Assert.AreEqual("op.guest", action.OperatorId);
                            Assert.AreEqual(0, action.Meaning, "unsigned");
                            Assert.AreEqual(string.Empty, action.SignerName);
                        }

                        break;
                    case RecordEntryType.Fault:
                        FaultEntry fault = FaultEntry.Decode(frame);
                        Assert.AreEqual(2, fault.Source);
                        Assert.AreEqual(-7, fault.Code);
                        Assert.AreEqual("CO2 probe: Modbus timeout", fault.Description);
                        break;
                    case RecordEntryType.ConfigurationChange:
                        ConfigurationChangeEntry change = ConfigurationChangeEntry.Decode(frame);
                        Assert.AreEqual("op.admin", change.Who);
                        Assert.AreEqual("alarm.co2Low.band", change.Parameter);
                        Assert.AreEqual("0.5", change.OldValue);
                        Assert.AreEqual("0.3", change.NewValue);
                        Assert.AreEqual("tighter band", change.Reason);
                        break;
                    case RecordEntryType.Note:
                        NoteEntry note = NoteEntry.Decode(frame);
                        Assert.AreEqual("op.jdoe", note.Author);
                        Assert.AreEqual("bag checked, no leak \u00b0", note.Text);
                        break;
                    case RecordEntryType.BatchSnapshot:
                        CollectionAssert.AreEqual(RecordTestSupport.RecipeBytes(168), BatchSnapshotEntry.Decode(frame));
                        break;
                    case RecordEntryType.Recovery:
                        RecoveryEntry restored = RecoveryEntry.Decode(frame);
                        Assert.AreEqual((int)RecoveryKind.BatchRestored, (int)restored.Kind);
                        Assert.IsTrue(restored.IsDeviation);
                        Assert.AreEqual(65000L, restored.PoweredOffMilliseconds);
                        Assert.AreEqual(2, restored.PhaseTimerPolicy);
                        Assert.AreEqual(1, restored.PhaseIndex);
                        Assert.AreEqual(120000L, restored.PhaseTimeBeforeMilliseconds);
                        Assert.AreEqual(0L, restored.PhaseTimeAfterMilliseconds);
                        Assert.AreEqual(45L, restored.BatchEventSequence);
                        break;
                    case RecordEntryType.Closing:
                        ClosingEntry closing = ClosingEntry.Decode(frame);
                        Assert.AreEqual(5, closing.FinalState);
                        Assert.AreEqual(15L, closing.DurableEntries, "entries before the closing one");
                        Assert.AreEqual(0L, closing.LostEntries);
                        Assert.AreEqual(1L, closing.Samples);
                        Assert.AreEqual(1L, closing.AlarmTransitions);
                        Assert.AreEqual(2L, closing.OperatorActions);
                        Assert.AreEqual(1L, closing.Recoveries);
                        Assert.AreEqual("complete", closing.Summary);
                        break;
                }

                sequence++;
            }

            Assert.AreEqual(16L, sequence, "entries read");
            CollectionAssert.AreEqual(recipe, reassembled, "recipe text");
            Assert.AreEqual(0L, reader.SkippedBytes);

            RecordVerification verification = RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), 15);
            Assert.AreEqual("intact: 16 entries verified, closed", verification.Describe());
            Assert.IsTrue(verification.IsClosed);
            Assert.AreEqual(2L, verification.CountOf(RecordEntryType.OperatorAction));
            Assert.AreEqual(3L, verification.CountOf(RecordEntryType.Recipe));
        }

        [TestMethod]
        public void SampleValuesWithoutFixedPointFormReadBackAsNaN()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordSample sample = RecordTestSupport.Sample(0);
            sample.LiquidCelsius = double.NaN;
            sample.PlateCelsius = double.PositiveInfinity;
            sample.Co2Percent = 3e6;
            sample.AngleDegrees = -0.0004;
            sample.ActiveAlarmCount = 400;
            Assert.IsTrue(writer.AppendSample(sample));

            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            Assert.IsTrue(reader.Next(frame));
            Assert.IsTrue(reader.Next(frame));
            RecordSample back;
            Assert.IsTrue(RecordSample.TryDecode(frame, out back));
            Assert.IsTrue(double.IsNaN(back.LiquidCelsius), "NaN stays NaN");
            Assert.IsTrue(double.IsNaN(back.PlateCelsius), "infinity has no fixed-point value");
            Assert.IsTrue(double.IsNaN(back.Co2Percent), "3e6 % × 1000 exceeds i32");
            Assert.AreEqual(0.0, back.AngleDegrees, "rounded to 0.001°");
            Assert.AreEqual(255, back.ActiveAlarmCount, "capped");
        }

        [TestMethod]
        public void OverlongTextIsCutToItsBoundAndFlagged()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            string reason = new string('r', 300);
            Assert.IsTrue(writer.AppendOperatorAction("op.jdoe", "Hold", "batch", reason, "Running", "Held", OperatorActionOutcome.Done, 0, 1, 0, 0, null, 0, null));
            Assert.IsTrue(writer.AppendNote("op.jdoe", "short"));

            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            Assert.IsTrue(reader.Next(frame));
            Assert.IsTrue(reader.Next(frame));
            Assert.IsTrue(frame.IsTextTruncated, "flagged");
            Assert.AreEqual(RecordFormat.MaxReasonBytes, OperatorActionEntry.Decode(frame).Reason.Length);
            Assert.IsTrue(reader.Next(frame));
            Assert.IsFalse(frame.IsTextTruncated, "not flagged");
        }

        [TestMethod]
        public void UnsynchronisedClockIsFlaggedPerEntry()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            clock.IsUtcSynchronized = false;
            Assert.IsTrue(writer.AppendNote("op.jdoe", "SNTP lost"));

            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            Assert.IsTrue(reader.Next(frame));
            Assert.IsTrue(frame.IsUtcSynchronized, "header written synchronised");
            Assert.IsTrue(reader.Next(frame));
            Assert.IsFalse(frame.IsUtcSynchronized, "note written unsynchronised");
        }

        [TestMethod]
        public void NothingIsAppendedAfterClosing()
        {
            var clock = new ManualClock();
            MemoryRecordStorage storage = EveryTypeRecord(clock, RecordTestSupport.RecipeBytes(10));
            int length = storage.GetBytes(RecordTestSupport.BatchId).Length;
            var writer = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            TestSupport.Throws(typeof(InvalidOperationException), () => writer.Begin(RecordTestSupport.Header()), "a closed record is not begun again");
            Assert.IsFalse(writer.AppendNote("x", "y"), "no record open");
            Assert.AreEqual(length, storage.GetBytes(RecordTestSupport.BatchId).Length);
        }

        [TestMethod]
        public void SampleIsDueEveryHeaderPeriod()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            Assert.IsTrue(writer.IsSampleDue(0), "first sample due at once");
            RecordSample sample = RecordTestSupport.Sample(0);
            writer.AppendSample(sample);
            Assert.IsFalse(writer.IsSampleDue(9999));
            Assert.IsTrue(writer.IsSampleDue(10000), "default 10 s");
        }

        [TestMethod]
        public void HeaderValidationNamesTheField()
        {
            RecordHeader header = RecordTestSupport.Header();
            header.BatchId = "bad/id";
            TestSupport.Throws(typeof(ArgumentException), () => header.Validate(), "batch id with '/'");
            header = RecordTestSupport.Header();
            header.SamplePeriodMilliseconds = 500;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => header.Validate(), "500 ms period");
            header = RecordTestSupport.Header();
            header.SetRecipe(RecordTestSupport.RecipeBytes(100));
            header.RecipeSha256[0] ^= 1;
            TestSupport.Throws(typeof(ArgumentException), () => header.Validate(), "recipe hash mismatch");
            Assert.IsFalse(RecordHeader.IsValidBatchId(new string('a', 33)));
            Assert.IsTrue(RecordHeader.IsValidBatchId("B_2026-0042"));
        }
    }
}
