#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Device;
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class BioreactorFirmwareTests
    {
        private const long TickMilliseconds = 20;

        private static Recipe ThreePhases()
        {
            var first = new RecipePhase("warm-up", 120);
            var second = new RecipePhase("hold-37", 120);
            second.PowerLossTimer = PowerLossTimer.PauseTimer;
            var third = new RecipePhase("finish", 120);
            return new Recipe("firmware-test", 1, "three short static phases", new RecipePhase[] { first, second, third });
        }

        private static BioreactorFirmware Compose(MemoryRecordStorage storage, ManualClock clock)
        {
            return Compose(storage, clock, new FixedSensor(clock, 37.0));
        }

        // The fake board with the test's own liquid probe.
        private static BioreactorFirmware Compose(MemoryRecordStorage storage, ManualClock clock, FixedSensor liquid)
        {
            return LinkFixture.ComposeFirmware(storage, new HmacSha256Authenticator(RecordTestSupport.Key()), clock, liquid,
                new FakeOutputs());
        }

        /// <summary>Ticks a device without a link on the firmware: the control thread's call, then the record thread's.</summary>
        private static void Run(BioreactorFirmware firmware, ManualClock clock, long milliseconds)
        {
            var device = new BioreactorDevice(firmware, null);
            for (long t = 0; t < milliseconds; t += TickMilliseconds)
            {
                clock.Advance(TickMilliseconds);
                device.Tick();
                device.ServiceRecord();
            }
        }

        private static RecordVerification Verify(MemoryRecordStorage storage, string batchId, long announced)
        {
            Assert.IsTrue(storage.Open(batchId), "open the record");
            RecordVerification v = RecordVerifier.Verify(storage, new HmacSha256Authenticator(RecordTestSupport.Key()), announced, null);
            storage.Close();
            return v;
        }

        [TestMethod]
        public void BatchStartsARecordAndDrivesTheLoops()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            BioreactorFirmware firmware = Compose(storage, clock);

            Assert.IsFalse(firmware.StartUp(), "empty storage: nothing to resume");
            Run(firmware, clock, 1000);
            Assert.IsFalse(firmware.Controller.TemperatureControlEnabled, "idle: loops off");
            Assert.IsFalse(firmware.Record.IsOpen, "idle: no record");

            BatchResult started = firmware.Execute(OperatorRequest.Start("tech.a", ThreePhases(), "LOT-1"));
            Assert.IsTrue(started.IsAccepted, started.Message);
            Run(firmware, clock, 30000);

            Assert.IsTrue(firmware.Record.IsOpen);
            Assert.IsTrue(firmware.Controller.TemperatureControlEnabled && firmware.Controller.Co2ControlEnabled);
            TestSupport.AreNear(37.0, firmware.Controller.Temperature.LiquidSetPointCelsius, 1e-9, "set point applied");
            TestSupport.AreNear(5.0, firmware.Controller.Co2.SetPointPercent, 1e-9, "CO2 set point applied");
            Assert.AreEqual(1L, firmware.Record.CountOf(RecordEntryType.Header));
            TestSupport.AtLeast(3.0, firmware.Record.CountOf(RecordEntryType.Sample), "a sample every 10 s");
            TestSupport.AtLeast(1.0, firmware.Record.CountOf(RecordEntryType.OperatorAction), "the start is recorded");
            TestSupport.AtLeast(1.0, firmware.Record.CountOf(RecordEntryType.BatchSnapshot), "a snapshot after the start");

            BatchResult again = firmware.Execute(OperatorRequest.Start("tech.a", ThreePhases(), "LOT-1"));
            Assert.IsFalse(again.IsAccepted, "a second start is refused");
        }

        [TestMethod]
        public void ThePhasesAlarmBandsReachTheDeviationAlarms()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            var liquid = new FixedSensor(clock, 37.0);
            BioreactorFirmware firmware = Compose(storage, clock, liquid);
            firmware.StartUp();
            var tight = new RecipePhase("tight", 1200);
            tight.TemperatureAlarmBandKelvin = 0.5;
            tight.Co2AlarmBandPercent = 0.3;
            var recipe = new Recipe("band-test", 1, "one phase with tight alarm bands", new RecipePhase[] { tight });
            Assert.IsTrue(firmware.Execute(OperatorRequest.Start("tech.a", recipe, "LOT-BAND")).IsAccepted);
            Run(firmware, clock, 10000);
            TestSupport.AreNear(0.5, firmware.Safety.TemperatureDeviationBandKelvin, 0.0, "the phase's band");
            TestSupport.AreNear(0.3, firmware.Safety.Co2DeviationBandPercent, 0.0, "the phase's CO2 band");

            // 0.7 K above the set point: inside the settings' 1 K default, outside the phase's 0.5 K.
            liquid.Value = 37.7;
            Run(firmware, clock, 600000);
            Assert.IsTrue(firmware.Controller.Alarms.IsActive(AlarmId.LiquidTemperatureHigh), "the phase's band raised the alarm");

            Run(firmware, clock, 700000);
            Assert.AreEqual((int)BatchState.Complete, (int)firmware.Batch.State);
            Assert.IsTrue(firmware.Execute(OperatorRequest.Clear("qa.b", "record reviewed")).IsAccepted);
            Run(firmware, clock, 1000);
            TestSupport.AreNear(1.0, firmware.Safety.TemperatureDeviationBandKelvin, 0.0, "default restored once released");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => firmware.Safety.SetDeviationBands(0.05, double.NaN),
                "a band below 0.1 K");
        }

        [TestMethod]
        public void OutputsReportedWhileIdleAreZeroNotTheLoopsLastValues()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            var outputs = new FakeOutputs();
            var ports = new BioreactorPorts(new FixedSensor(clock, 35.0), new FixedSensor(clock, 36.0), new FixedSensor(clock, 3.0),
                new FixedSensor(clock, 0.0), outputs, outputs, outputs, outputs, clock);
            var firmware = new BioreactorFirmware(ports, new BioreactorControllerSettings(), LinkFixture.Operators(), storage,
                new HmacSha256Authenticator(RecordTestSupport.Key()), "test-device", "1.0.0");
            firmware.StartUp();
            Assert.IsTrue(firmware.Execute(OperatorRequest.Start("tech.a", ThreePhases(), "LOT-IDLE")).IsAccepted);
            Run(firmware, clock, 30000);
            TestSupport.AtLeast(0.5, firmware.Controller.HeaterDutyFraction, "2 K below the set point: the loop heats");
            TestSupport.AtLeast(0.5, firmware.Controller.ValveDutyFraction, "2 % below the set point: the loop doses");

            Assert.IsTrue(firmware.Execute(OperatorRequest.Abort("tech.a", "test")).IsAccepted);
            Run(firmware, clock, 1000);
            Assert.IsTrue(firmware.Execute(OperatorRequest.Clear("qa.b", "test")).IsAccepted);
            Run(firmware, clock, 1000);
            TestSupport.AtLeast(0.5, firmware.Controller.Temperature.HeaterDutyFraction, "the idle loop keeps its last value");
            TestSupport.AreNear(0.0, firmware.Controller.HeaterDutyFraction, 0.0, "reported heater duty while idle");
            TestSupport.AreNear(0.0, firmware.Controller.ValveDutyFraction, 0.0, "reported valve duty while idle");
            Assert.IsFalse(firmware.Controller.HasRockingEstimate, "no rocking figures while idle");
        }

        /// <summary>Collects the fault entries of a verified record and the alarm transition each one follows.</summary>
        private sealed class FaultCollector : IRecordEntrySink
        {
            public int Faults;
            public FaultEntry LastFault;
            public AlarmTransition FollowedTransition;
            private AlarmTransition _lastTransition;

            public void OnEntry(RecordFrame frame)
            {
                AlarmTransition transition;
                if (AlarmTransitionEntry.TryDecode(frame, out transition))
                {
                    _lastTransition = transition;
                }
                else if (frame.Type == RecordEntryType.Fault)
                {
                    Faults++;
                    LastFault = FaultEntry.Decode(frame);
                    FollowedTransition = _lastTransition;
                }
            }
        }

        [TestMethod]
        public void ARaisedSensorFaultIsRecordedWithItsCauseAfterItsAlarm()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            var liquid = new FixedSensor(clock, 37.0);
            BioreactorFirmware firmware = Compose(storage, clock, liquid);
            firmware.StartUp();
            Assert.IsTrue(firmware.Execute(OperatorRequest.Start("tech.a", ThreePhases(), "LOT-FAULT")).IsAccepted);
            Run(firmware, clock, 10000);
            Assert.AreEqual(0L, firmware.Record.CountOf(RecordEntryType.Fault), "no fault while the probes read well");

            liquid.Value = double.NaN;
            Run(firmware, clock, 10000);
            Assert.IsTrue(firmware.Controller.Alarms.IsActive(AlarmId.LiquidProbeFault), "the liquid probe's fault alarm");
            liquid.Value = 37.0;
            Run(firmware, clock, 10000);

            var collector = new FaultCollector();
            Assert.IsTrue(storage.Open("LOT-FAULT"));
            RecordVerification v = RecordVerifier.Verify(storage, new HmacSha256Authenticator(RecordTestSupport.Key()),
                firmware.Record.LastDurableSequence, collector);
            storage.Close();
            Assert.IsTrue(v.IsIntact, v.Describe());
            Assert.AreEqual(1, collector.Faults, "one fault entry: the raise, not the clear");
            Assert.AreEqual((int)AlarmId.LiquidProbeFault, collector.LastFault.Source, "source: the fault alarm");
            Assert.AreEqual((int)SensorVerdict.NotFinite, collector.LastFault.Code, "code: safety's verdict");
            Assert.AreEqual("verdict not_finite; driver ok", collector.LastFault.Description);
            Assert.IsNotNull(collector.FollowedTransition);
            Assert.AreEqual((int)AlarmId.LiquidProbeFault, (int)collector.FollowedTransition.Id, "right after its alarm's transition");
            Assert.AreEqual((int)AlarmTransitionKind.Raised, (int)collector.FollowedTransition.Kind);
        }

        /// <summary>Collects the decoded notes and the closing summary of a verified record.</summary>
        private sealed class NoteCollector : IRecordEntrySink
        {
            public string LastNoteText;
            public string LastNoteAuthor;
            public string ClosingSummary;

            public void OnEntry(RecordFrame frame)
            {
                if (frame.Type == RecordEntryType.Note)
                {
                    NoteEntry note = NoteEntry.Decode(frame);
                    LastNoteText = note.Text;
                    LastNoteAuthor = note.Author;
                }
                else if (frame.Type == RecordEntryType.Closing)
                {
                    ClosingSummary = ClosingEntry.Decode(frame).Summary;
                }
            }
        }

        [TestMethod]
        public void ALongNoteIsRecordedWholeAndTheClosingSummaryNamesTheBatch()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            BioreactorFirmware firmware = Compose(storage, clock);
            firmware.StartUp();
            Assert.IsTrue(firmware.Execute(OperatorRequest.Start("tech.a", ThreePhases(), "LOT-NOTE")).IsAccepted);
            Run(firmware, clock, 1000);

            // 200 characters (the text rule's longest): far beyond an operator action's 64-byte target field.
            string text = "viability 94 %, ";
            while (text.Length < 200)
            {
                text += "cell count within the expected range, ";
            }

            text = text.Substring(0, 200);
            Assert.IsTrue(firmware.Execute(OperatorRequest.Note("tech.a", text)).IsAccepted);
            Run(firmware, clock, 400000);
            Assert.IsTrue(firmware.Execute(OperatorRequest.Clear("qa.b", "record reviewed")).IsAccepted);

            var collector = new NoteCollector();
            Assert.IsTrue(storage.Open("LOT-NOTE"));
            RecordVerification v = RecordVerifier.Verify(storage, new HmacSha256Authenticator(RecordTestSupport.Key()),
                firmware.Record.LastDurableSequence, collector);
            storage.Close();
            Assert.IsTrue(v.IsIntact, v.Describe());
            Assert.AreEqual(text, collector.LastNoteText);
            Assert.AreEqual("tech.a", collector.LastNoteAuthor);
            Assert.IsTrue(collector.ClosingSummary.IndexOf("batch LOT-NOTE released") >= 0, collector.ClosingSummary);
        }

        [TestMethod]
        public void RestartMidPhaseResumesInItsPhaseAndTheRecordVerifies()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            BioreactorFirmware firmware = Compose(storage, clock);
            firmware.StartUp();
            Assert.IsTrue(firmware.Execute(OperatorRequest.Start("tech.a", ThreePhases(), "LOT-2")).IsAccepted);
            Run(firmware, clock, 180000);
            Assert.AreEqual(1, firmware.Batch.PhaseIndex, "in the second phase before the cut");
            long elapsedBefore = firmware.Batch.PhaseElapsedMilliseconds;
            long durableBefore = firmware.Record.LastDurableSequence;

            storage.PowerCycle(false);
            clock.Reboot(300000);
            BioreactorFirmware restarted = Compose(storage, clock);

            Assert.IsTrue(restarted.StartUp(), "the unclosed record is resumed");
            Assert.IsTrue(restarted.RestoreResult.IsAccepted, restarted.RestoreResult.Message);
            Assert.AreEqual(1, restarted.Batch.PhaseIndex, "same phase");
            Assert.AreEqual((int)BatchState.Running, (int)restarted.Batch.State);
            Assert.AreEqual("LOT-2", restarted.Batch.BatchId);
            TestSupport.AtMost((double)elapsedBefore, restarted.Batch.PhaseElapsedMilliseconds, "pause timer: no outage counted");
            TestSupport.AtLeast(elapsedBefore - BioreactorFirmware.SnapshotPeriodMilliseconds - 1.0,
                restarted.Batch.PhaseElapsedMilliseconds, "phase time lost is at most one snapshot period");
            TestSupport.AreNear(300000.0, restarted.PoweredOffMilliseconds, 1000.0, "outage from the record's UTC");
            Assert.IsTrue(restarted.Controller.Alarms.IsActive(AlarmId.PowerInterrupted), "power-interrupted alarm");
            TestSupport.AtLeast(durableBefore + 1.0, restarted.Record.NextSequence, "the chain continues");

            BatchResult ack = restarted.Execute(OperatorRequest.AcknowledgeAlarm("tech.a", AlarmId.PowerInterrupted));
            Assert.IsTrue(ack.IsAccepted, ack.Message);
            Assert.IsFalse(restarted.Controller.Alarms.IsUnacknowledged(AlarmId.PowerInterrupted), "acknowledged in the alarm manager");

            Run(restarted, clock, 400000);
            Assert.AreEqual((int)BatchState.Complete, (int)restarted.Batch.State, "the recipe ran to its end");
            Assert.IsTrue(restarted.Execute(OperatorRequest.Clear("qa.b", "record reviewed")).IsAccepted);
            Assert.IsTrue(restarted.Record.IsClosed, "Clear closes the record");
            Assert.AreEqual((int)BatchState.Idle, (int)restarted.Batch.State);

            RecordVerification verification = Verify(storage, "LOT-2", restarted.Record.LastDurableSequence);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.IsTrue(verification.IsClosed);
            TestSupport.AtLeast(2.0, verification.CountOf(RecordEntryType.Recovery), "PowerRestored and BatchRestored entries");
            TestSupport.AtLeast(3.0, verification.CountOf(RecordEntryType.PhaseChange), "three phases started");

            BioreactorFirmware third = Compose(storage, clock);
            Assert.IsFalse(third.StartUp(), "a closed record is not resumed");
        }

        [TestMethod]
        public void StorageFailureRaisesTheRecordStorageAlarm()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            BioreactorFirmware firmware = Compose(storage, clock);
            firmware.StartUp();
            Assert.IsTrue(firmware.Execute(OperatorRequest.Start("tech.a", ThreePhases(), "LOT-3")).IsAccepted);
            Run(firmware, clock, 5000);
            Assert.IsFalse(firmware.Controller.Alarms.IsActive(AlarmId.RecordStorageFailure));

            storage.Failing = true;
            Run(firmware, clock, 30000);

            Assert.IsTrue(firmware.Record.StorageFailed);
            Assert.IsTrue(firmware.Controller.Alarms.IsActive(AlarmId.RecordStorageFailure), "alarm raised");
            TestSupport.AtLeast(1.0, firmware.Record.LostEntryCount, "entries counted as lost");
        }
    }
}
