using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Bioreactor.Host.Infrastructure.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// End to end through a broker: the real firmware on the virtual board, composed as the simulator runs it
    /// (<see cref="SimulatedDevice"/>), watched and commanded by operator clients logged in with the access list's users
    /// (<see cref="OperatorClient"/>). Run once against mosquitto and once against the embedded broker (the derived classes).
    /// The test's thread is the device's control and record thread; waits are for a condition with a wall-clock timeout while
    /// the device ticks. Fixed waits only where something must NOT happen.
    /// </summary>
    public abstract class DeviceEndToEndTests
    {
        /// <summary>Longest wall-clock wait for something that must happen.</summary>
        protected static readonly TimeSpan Arrives = TimeSpan.FromSeconds(10);

        /// <summary>How long (wall clock, the device ticking) a test watches for something that must not happen.</summary>
        protected static readonly TimeSpan Absent = TimeSpan.FromMilliseconds(500);

        private readonly List<IDisposable> owned = new List<IDisposable>();

        public TestContext TestContext { get; set; }

        /// <summary>The class's shared broker.</summary>
        internal abstract ITestBroker Broker { get; }

        /// <summary>A broker of the same kind for one test alone (stopping it must not disturb the others).</summary>
        internal abstract ITestBroker CreatePrivateBroker();

        [TestCleanup]
        public void DisposeDevicesAndClients()
        {
            for (int index = owned.Count - 1; index >= 0; index--)
            {
                owned[index].Dispose();
            }

            owned.Clear();
        }

        [TestMethod]
        public void BirthAvailabilityAndRetainedState_ReachListeners_ALateSubscriberGetsAvailabilityAndStateAtOnce()
        {
            const string id = "sim-e2e-birth";
            OperatorClient early = Client(TestUsers.Technician, id);
            SimulatedDevice device = Device(id);
            device.StartBatchLocally("E2E-BIRTH-1");

            bool announced = device.RunUntil(
                () => early.Texts("availability").Contains("online") && early.Messages("birth").Count > 0
                      && early.Messages("state").Any(s => s.GetProperty("state").GetString() == "Running"),
                Arrives);
            Assert.IsTrue(announced, Diagnose("availability, birth and a Running state", early, device));
            JsonElement birth = early.Messages("birth")[0];
            Assert.AreEqual(id, birth.GetProperty("device").GetString());
            Assert.AreEqual(BatchSimulation.FirmwareVersion, birth.GetProperty("firmware").GetString());
            Assert.AreEqual(1, birth.GetProperty("protocol").GetInt32());
            Assert.AreEqual(1, birth.GetProperty("connects").GetInt32());
            Assert.IsTrue(birth.GetProperty("seq").GetInt64() >= 1, birth.ToString());
            Assert.AreEqual(1, early.Messages("birth").Count, "one birth per connect");

            // A listener arriving now gets availability and state from the broker alone (the device is not ticked meanwhile).
            long lastStateSeq = early.Messages("state").Last().GetProperty("seq").GetInt64();
            OperatorClient late = Client(TestUsers.Qa, id);
            ReceivedMessage availability = late.Inbox.WaitFor(m => m.Topic == late.Topic("availability"), Arrives);
            ReceivedMessage state = late.Inbox.WaitFor(m => m.Topic == late.Topic("state"), Arrives);
            Assert.IsNotNull(availability, Diagnose("the retained availability", late, device));
            Assert.IsNotNull(state, Diagnose("the retained state", late, device));
            Assert.AreEqual("online", availability.Text);
            // The retained state is the latest one published when the listener subscribed (a change still pending at that
            // moment may follow it).
            Assert.IsTrue(early.Texts("state").Contains(state.Text), "the retained state is one the device published: " + state.Text);
            Assert.IsTrue(OperatorClient.Parse(state).GetProperty("seq").GetInt64() >= lastStateSeq, $"not older than seq {lastStateSeq}: {state.Text}");

            JsonElement retained = OperatorClient.Parse(state);
            Assert.AreEqual("E2E-BIRTH-1", retained.GetProperty("batch").GetString());
            Assert.AreEqual("Running", retained.GetProperty("state").GetString());
            Assert.IsTrue(retained.GetProperty("phase").GetInt32() >= 0, retained.ToString());
            Assert.AreEqual(JsonValueKind.String, retained.GetProperty("phaseName").ValueKind, retained.ToString());
            Assert.AreEqual(device.Recipe.Name, retained.GetProperty("recipe").GetProperty("name").GetString());
            Assert.AreEqual(37.0, retained.GetProperty("setPoints").GetProperty("temperatureCelsius").GetDouble(), 1e-9);
            Assert.AreEqual(5.0, retained.GetProperty("setPoints").GetProperty("co2Percent").GetDouble(), 1e-9);
            Assert.IsTrue(retained.GetProperty("recordOpen").GetBoolean());
            Assert.AreEqual(JsonValueKind.Array, retained.GetProperty("alarms").ValueKind);

            // The birth is not retained: the late listener does not get it (it tells a reconnect, not the present).
            Assert.IsNull(late.Inbox.WaitFor(m => m.Topic == late.Topic("birth"), TimeSpan.FromMilliseconds(300)), late.Inbox.Describe());
        }

        [TestMethod]
        public void StartOverMqtt_IsAcceptedWithTheCorrelation_AndTheBatchEventsArriveInOrder()
        {
            const string id = "sim-e2e-start";
            SimulatedDevice device = Device(id);
            OperatorClient technician = Client(TestUsers.Technician, id);
            AwaitOnline(device, technician);

            byte[] correlation = { 0xC0, 0x00, 0x01, 0xFF, 0x7F };
            Assert.IsTrue(
                technician.Send("start", technician.Signed(device.Link.SessionNonce, "start", "t-start-1", SimulatedDevice.Technician, new object[] { "batchId", "E2E-START-1", "recipe", device.RecipeText }), correlation),
                technician.Transport.LastError);
            JsonElement response = AwaitResponse(device, technician, "t-start-1");
            ReceivedMessage message = technician.ResponseMessage("t-start-1");
            Assert.IsTrue(response.GetProperty("ok").GetBoolean(), response.ToString());
            Assert.AreEqual("start", response.GetProperty("command").GetString());
            Assert.AreEqual("Running", response.GetProperty("state").GetString());
            Assert.IsTrue(response.GetProperty("batchEvent").GetInt64() > 0, response.ToString());
            CollectionAssert.AreEqual(correlation, message.CorrelationData, "MQTT 5 correlation data echoed unchanged");
            Assert.AreEqual(BatchState.Running, device.Firmware.Batch.State);
            Assert.AreEqual("E2E-START-1", device.Firmware.Batch.BatchId);

            // The scaled recipe runs through its timed phases to the harvest phase, which waits for a confirmation.
            int lastPhase = device.Recipe.PhaseCount - 1;
            Assert.IsTrue(
                device.RunUntil(() => technician.Messages("event").Any(e => Kind(e) == "phase" && e.GetProperty("phase").GetInt32() == lastPhase), Arrives),
                Diagnose("the last phase's event", technician, device));
            List<JsonElement> events = technician.Messages("event");
            TestContext.WriteLine(string.Join(Environment.NewLine, events.Select(e => e.ToString())));

            AssertConsecutive(events);
            CollectionAssert.AreEqual(new[] { "action", "state", "phase", "phase", "phase", "phase" }, events.Select(Kind).ToArray(), "start, Running, then each phase");
            List<JsonElement> phaseEvents = events.Where(e => Kind(e) == "phase").ToList();
            CollectionAssert.AreEqual(Enumerable.Range(0, lastPhase + 1).ToList(), phaseEvents.Select(e => e.GetProperty("phase").GetInt32()).ToList(), "each phase once, in order");
            for (int index = 1; index < phaseEvents.Count; index++)
            {
                // Each phase starts when the previous one's planned (scaled) time has run, to the batch's step: its timers run at
                // the controller's process rate, every 200 ms (BioreactorFirmware's remarks).
                long plannedMilliseconds = phaseEvents[index - 1].GetProperty("plannedSeconds").GetInt64() * 1000;
                long actualMilliseconds = phaseEvents[index].GetProperty("utc").GetInt64() - phaseEvents[index - 1].GetProperty("utc").GetInt64();
                Assert.IsTrue(actualMilliseconds >= plannedMilliseconds - 20 && actualMilliseconds <= plannedMilliseconds + 200,
                    $"phase {index} started after {actualMilliseconds} ms, planned {plannedMilliseconds} ms");
            }

            JsonElement start = events.First(e => Kind(e) == "action");
            Assert.AreEqual("Start", start.GetProperty("action").GetString());
            Assert.AreEqual(SimulatedDevice.Technician, start.GetProperty("operator").GetString());
            Assert.AreEqual("accepted", start.GetProperty("outcome").GetString());
            JsonElement running = events.First(e => Kind(e) == "state");
            Assert.AreEqual("Idle", running.GetProperty("from").GetString());
            Assert.AreEqual("Running", running.GetProperty("to").GetString());
            Assert.AreEqual("E2E-START-1", running.GetProperty("batch").GetString());
            List<long> batchEvents = events.Where(e => e.TryGetProperty("batchEvent", out _)).Select(e => e.GetProperty("batchEvent").GetInt64()).ToList();
            CollectionAssert.AreEqual(batchEvents.OrderBy(n => n).ToList(), batchEvents, "batch events in the batch's order");
        }

        [TestMethod]
        public void QaStart_IsDroppedByTheBrokerBeforeTheDevice_TechnicianStartReachesIt()
        {
            const string id = "sim-e2e-acl";
            SimulatedDevice device = Device(id);
            OperatorClient qa = Client(TestUsers.Qa, id);
            OperatorClient technician = Client(TestUsers.Technician, id);
            AwaitOnline(device, qa);
            long received = device.Link.CommandsReceived;

            // The access list grants QA status, records, record, clear and note, not start: the broker drops it (MQTT 5 tells
            // the publisher NotAuthorized), so the device never sees it, whatever it says about its sender.
            bool qaStartAccepted = qa.Send("start", qa.Signed(device.Link.SessionNonce, "start", "q-start-1", SimulatedDevice.Qa, new object[] { "batchId", "E2E-ACL-QA", "recipe", device.RecipeText }));
            Assert.IsFalse(qaStartAccepted, "the broker accepted QA's start: " + qa.Transport.LastError);
            Assert.IsFalse(device.RunUntil(() => device.Link.CommandsReceived != received, Absent), "QA's start reached the device");
            Assert.AreEqual(received, device.Link.CommandsReceived);
            Assert.AreEqual(BatchState.Idle, device.Firmware.Batch.State);
            Assert.IsNull(qa.Response("q-start-1"), "no answer to a command the device never got");

            // QA's status does reach it (QA is connected and heard); the technician's start reaches it and runs.
            Assert.IsTrue(qa.Send("status", OperatorClient.Query("q-status-1")), qa.Transport.LastError);
            Assert.IsTrue(AwaitResponse(device, qa, "q-status-1").GetProperty("ok").GetBoolean());
            Assert.IsTrue(
                technician.Send("start", technician.Signed(device.Link.SessionNonce, "start", "t-start-1", SimulatedDevice.Technician, new object[] { "batchId", "E2E-ACL-TECH", "recipe", device.RecipeText })),
                technician.Transport.LastError);
            JsonElement started = AwaitResponse(device, technician, "t-start-1");
            Assert.IsTrue(started.GetProperty("ok").GetBoolean(), started.ToString());
            Assert.AreEqual(received + 2, device.Link.CommandsReceived, "QA's status and the technician's start, nothing else");
            Assert.AreEqual("E2E-ACL-TECH", device.Firmware.Batch.BatchId);
        }

        [TestMethod]
        public void TechnicianClearAndImpersonation_AreRefusedByTheDevice_WithACode_AndAuditedInTheRecord()
        {
            const string id = "sim-e2e-audit";
            SimulatedDevice device = Device(id, recipeSeconds: SimulatedDevice.FullRecipeSeconds);
            OperatorClient technician = Client(TestUsers.Technician, id);
            OperatorClient qa = Client(TestUsers.Qa, id);
            AwaitOnline(device, technician);
            device.StartBatchLocally("E2E-AUDIT-1");

            // Aborted: the state in which a clear is allowed, so only the role can refuse it.
            Assert.IsTrue(technician.Send("abort", technician.Signed(device.Link.SessionNonce, "abort", "t-abort-1", SimulatedDevice.Technician, new object[] { "reason", "bag leak" })), technician.Transport.LastError);
            Assert.IsTrue(AwaitResponse(device, technician, "t-abort-1").GetProperty("ok").GetBoolean());
            Assert.IsTrue(device.RunUntil(() => device.Firmware.Batch.State == BatchState.Aborted, Arrives), "aborted");
            int actionsBefore = device.OperatorActions().Count;

            // The broker lets a technician send clear (technicians may send every command); the device's directory refuses it.
            Assert.IsTrue(technician.Send("clear", technician.Signed(device.Link.SessionNonce, "clear", "t-clear-1", SimulatedDevice.Technician, new object[] { "reason", "released by a technician" })), technician.Transport.LastError);
            JsonElement refused = AwaitResponse(device, technician, "t-clear-1");
            Assert.IsFalse(refused.GetProperty("ok").GetBoolean(), refused.ToString());
            Assert.AreEqual("not_permitted", refused.GetProperty("error").GetProperty("code").GetString());
            Assert.AreEqual("NotPermitted", refused.GetProperty("error").GetProperty("batchResult").GetString());
            StringAssert.Contains(refused.GetProperty("error").GetProperty("message").GetString(), "technician");

            // A technician's broker account claiming to be QA, as a new user tried it against the shipped access list: a review
            // note and a release in QA's name, signed with the technician's own password. The device checks QA's key.
            Assert.IsTrue(technician.Send("note", technician.Signed(device.Link.SessionNonce, "note", "t-note-qa", SimulatedDevice.Qa,
                new object[] { "meaning", "reviewed", "text", "QA reviewed the culture at day 3: acceptable" }, SimulatorOperators.TechnicianPassword)),
                technician.Transport.LastError);
            JsonElement impersonated = AwaitResponse(device, technician, "t-note-qa");
            Assert.AreEqual("bad_signature", impersonated.GetProperty("error").GetProperty("code").GetString(), impersonated.ToString());
            Assert.IsTrue(technician.Send("clear", technician.Signed(device.Link.SessionNonce, "clear", "t-clear-2", SimulatedDevice.Qa,
                new object[] { "reason", "released anyway" }, SimulatorOperators.TechnicianPassword)), technician.Transport.LastError);
            JsonElement release = AwaitResponse(device, technician, "t-clear-2");
            Assert.AreEqual("bad_signature", release.GetProperty("error").GetProperty("code").GetString(), release.ToString());

            Assert.AreEqual(BatchState.Aborted, device.Firmware.Batch.State, "nothing changed");
            Assert.IsTrue(device.Firmware.Record.IsOpen, "the record stays open until QA releases the batch");
            List<OperatorActionEntry> audit = device.OperatorActions().Skip(actionsBefore).ToList();
            Assert.AreEqual(3, audit.Count, "one audit entry per refusal: " + string.Join("; ", audit.Select(a => a.Action + "/" + a.Target + "/" + a.Outcome)));
            Assert.AreEqual(OperatorActionOutcome.Rejected, audit[0].Outcome);
            Assert.AreEqual(SimulatedDevice.Technician, audit[0].OperatorId);
            Assert.AreEqual("Clear", audit[0].Action);
            Assert.AreEqual("released by a technician", audit[0].Reason);
            Assert.AreEqual((int)BatchResultCode.NotPermitted, audit[0].ResultCode);
            Assert.AreEqual(device.Firmware.Batch.Operators.GetPrintedName(SimulatedDevice.Technician), audit[0].SignerName, "the technician's own signature is on the refusal");
            Assert.AreEqual(2, audit.Skip(1).Count(a => a.Outcome == OperatorActionOutcome.Rejected && a.Target == "bad_signature" && a.OperatorId == SimulatedDevice.Qa),
                "the impersonations are recorded under the name they claimed, refused");
            Assert.AreEqual(0, device.Firmware.Record.CountOf(RecordEntryType.Note), "no note entered in QA's name");

            // The refusals are events too; and QA's clear of the same batch, signed by QA, is accepted.
            Assert.IsTrue(
                device.RunUntil(() => technician.Messages("event").Count(e => Kind(e) == "action" && e.GetProperty("outcome").GetString() == "refused") == 3, Arrives),
                Diagnose("the three refusal events", technician, device));
            Assert.IsTrue(qa.Send("clear", qa.Signed(device.Link.SessionNonce, "clear", "q-clear-1", SimulatedDevice.Qa, new object[] { "reason", "reviewed; batch rejected" })), qa.Transport.LastError);
            JsonElement released = AwaitResponse(device, qa, "q-clear-1");
            Assert.IsTrue(released.GetProperty("ok").GetBoolean(), released.ToString());
            Assert.AreEqual(BatchState.Idle, device.Firmware.Batch.State);
            OperatorActionEntry clear = device.OperatorActions().Last();
            Assert.AreEqual("Clear", clear.Action);
            Assert.AreEqual((int)SignatureMeaning.Released, clear.Meaning, "released, signed by QA");
        }

        [TestMethod]
        public void BadInputOverTheWire_EachGetsAnErrorWithACode_AndNothingChanges()
        {
            const string id = "sim-e2e-input";
            SimulatedDevice device = Device(id, recipeSeconds: SimulatedDevice.FullRecipeSeconds);
            OperatorClient technician = Client(TestUsers.Technician, id);
            AwaitOnline(device, technician);
            device.StartBatchLocally("E2E-INPUT-1");
            byte[] replay = technician.Signed(device.Link.SessionNonce, "setpoint", "t-sp-1", SimulatedDevice.Technician,
                new object[] { "variable", "temperatureCelsius", "value", 37.2, "reason", "trim" });
            Assert.IsTrue(technician.Send("setpoint", replay));
            JsonElement accepted = AwaitResponse(device, technician, "t-sp-1");
            Assert.IsTrue(accepted.GetProperty("ok").GetBoolean(), accepted.ToString());
            string before = StateOf(device, technician, "t-status-1");
            int actionsBefore = device.OperatorActions().Count;
            long refusedBefore = device.Link.CommandsRefused;

            var cases = new List<(string Name, string Command, byte[] Payload, string Code)>
            {
                ("not JSON", "hold", Encoding.UTF8.GetBytes("{\"id\":\"b-1\",\"operator\":"), "invalid_json"),
                ("not an object", "hold", Encoding.UTF8.GetBytes("[1,2,3]"), "wrong_type"),
                ("a number as the reason", "hold", Sign(technician, device, "hold", "b-3", "reason", 42), "wrong_type"),
                ("a string as the value", "setpoint", Sign(technician, device, "setpoint", "b-4", "variable", "temperatureCelsius", "value", "38", "reason", "warmer"), "wrong_type"),
                ("no reason", "hold", Sign(technician, device, "hold", "b-5"), "missing_field"),
                ("oversize", "hold", Sign(technician, device, "hold", "b-6", "reason", new string('x', 20000)), "too_large"),
                ("an unknown command", "explode", Sign(technician, device, "explode", "b-7"), "unknown_command"),
                ("an unknown field", "hold", Sign(technician, device, "hold", "b-8", "reason", "sampling", "force", "yes"), "unknown_field"),
                ("the old role field", "hold", Sign(technician, device, "hold", "b-8b", "reason", "sampling", "role", "technician"), "unknown_field"),
                ("unsigned", "hold", Json(OperatorClient.Query("b-8c", "operator", SimulatedDevice.Technician, "meaning", "performed", "signedAt", 1, "reason", "sampling")), "missing_field"),
                ("a set point beyond the phase's limits", "setpoint", Sign(technician, device, "setpoint", "b-10", "variable", "temperatureCelsius", "value", 45.0, "reason", "hotter"), "out_of_range"),
                ("a replayed command", "setpoint", replay, "replay"),
            };
            for (int index = 0; index < cases.Count; index++)
            {
                (string name, string command, byte[] payload, string code) = cases[index];
                byte[] correlation = BitConverter.GetBytes(0x0BAD0000 + index);
                Assert.IsTrue(technician.Send(command, payload, correlation), $"{name}: {technician.Transport.LastError}");
                Assert.IsTrue(device.RunUntil(() => technician.ResponseByCorrelation(correlation) != null, Arrives), Diagnose($"the answer to {name}", technician, device));
                JsonElement response = OperatorClient.Parse(technician.ResponseByCorrelation(correlation));
                Assert.IsFalse(response.GetProperty("ok").GetBoolean(), $"{name}: {response}");
                Assert.AreEqual(code, response.GetProperty("error").GetProperty("code").GetString(), $"{name}: {response}");
                Assert.IsTrue(response.GetProperty("error").GetProperty("message").GetString().Length > 10, $"{name}: a message naming the problem: {response}");
            }

            Assert.AreEqual(refusedBefore + cases.Count, device.Link.CommandsRefused);
            Assert.AreEqual(0L, device.Link.InternalErrors);
            Assert.AreEqual(before, StateOf(device, technician, "t-status-2"), "batch, phase, set points, alarms: nothing changed");
            Assert.AreEqual(37.2, device.Firmware.Batch.TemperatureSetPointCelsius, 1e-9, "the replay did not apply");

            // The GMP-relevant refusals are audited: the set point beyond the limits (the batch layer) and the replay (the link).
            List<OperatorActionEntry> audit = device.OperatorActions().Skip(actionsBefore).ToList();
            CollectionAssert.AreEqual(
                new[] { "ChangeSetPoint/Rejected", "ChangeSetPoint/Rejected:replay" },
                audit.Select(a => a.Action + "/" + a.Outcome + (a.Target == "replay" ? ":replay" : string.Empty)).ToArray());
        }

        [TestMethod]
        public void BrokerGoneForMinutes_ControlAndRecordingCarryOn_AlarmsArriveInOrderAfterwards_TelemetryIsNotReplayed()
        {
            const string id = "sim-e2e-outage";
            ITestBroker broker = Own(CreatePrivateBroker());
            SimulatedDevice device = Device(id, broker, SimulatedDevice.FullRecipeSeconds);
            OperatorClient watcher = Client(TestUsers.Technician, id, broker);
            AwaitOnline(device, watcher);
            device.StartBatchLocally("E2E-OUTAGE-1");
            Assert.IsTrue(device.RunUntil(() => watcher.Messages("state").Any(s => s.GetProperty("state").GetString() == "Running"), Arrives), Diagnose("Running", watcher, device));
            device.RunFor(30);
            long recordBefore = device.Firmware.Record.LastDurableSequence;
            long outageStartUtc = device.UtcMilliseconds;

            broker.Stop();
            Assert.IsTrue(device.RunUntil(() => !device.Link.IsOnline, Arrives), "the link noticed the broker's loss");
            double doorOpensSeconds = device.Board.ElapsedSeconds + 30;
            device.Board.AddFault(new Fault(FaultKind.DoorOpen, doorOpensSeconds, 60));
            device.RunFor(300);

            // Five minutes without a broker: the batch ran on, every sample was recorded, the temperature was held.
            Assert.AreEqual(BatchState.Running, device.Firmware.Batch.State);
            long recorded = device.Firmware.Record.LastDurableSequence - recordBefore;
            Assert.IsTrue(recorded >= 30, $"at least one sample every 10 s was recorded: {recorded} entries");
            Assert.AreEqual(37.0, device.Board.TrueLiquidCelsius, 0.5, "temperature control carried on");
            Assert.IsTrue(device.Link.PendingEventCount >= 2, $"the door alarm's transitions wait in the queue: {device.Link.PendingEventCount}");
            Assert.IsTrue(device.Link.ConnectAttempts > 1, "the link kept trying");

            // Freeze the device (no ticks) until its next attempt is in the future, bring the broker back and let the watcher
            // in first; then the device reconnects when its backoff has run.
            Assert.IsTrue(System.Threading.SpinWait.SpinUntil(() => device.Link.NextConnectAttemptMilliseconds > device.Board.Clock.MonotonicMilliseconds, Arrives));
            long outageEndUtc = device.UtcMilliseconds;
            broker.Start();
            int seenBefore = watcher.Inbox.All(m => true).Count;
            watcher.Connect();
            Assert.IsTrue(
                device.RunUntil(() => After(watcher, seenBefore).Count(m => m.Topic == watcher.Topic("event") && Text(m).Contains("door_open", StringComparison.Ordinal)) >= 2
                                      && After(watcher, seenBefore).Any(m => m.Topic == watcher.Topic("telemetry")), Arrives),
                Diagnose("the door alarm's events and telemetry after the return", watcher, device));

            List<ReceivedMessage> after = After(watcher, seenBefore);
            int online = after.FindIndex(m => m.Topic == watcher.Topic("availability") && m.Text == "online");
            int birth = after.FindIndex(m => m.Topic == watcher.Topic("birth"));
            int state = after.FindIndex(m => m.Topic == watcher.Topic("state"));
            int firstEvent = after.FindIndex(m => m.Topic == watcher.Topic("event"));
            Assert.IsTrue(online >= 0 && online < birth && birth < state && state < firstEvent, "online, birth, state, then the queued events: " + watcher.Inbox.Describe());
            JsonElement rebirth = OperatorClient.Parse(after[birth]);
            Assert.AreEqual(2, rebirth.GetProperty("connects").GetInt32());
            Assert.AreEqual("E2E-OUTAGE-1", rebirth.GetProperty("batch").GetString());
            Assert.AreEqual("Running", rebirth.GetProperty("state").GetString());
            Assert.IsTrue(OperatorClient.Parse(after[state]).GetProperty("alarms").GetArrayLength() >= 1, "the state names the door alarm, unacknowledged: " + after[state].Text);

            List<JsonElement> events = after.Where(m => m.Topic == watcher.Topic("event")).Select(OperatorClient.Parse).ToList();
            AssertConsecutive(events);
            List<JsonElement> door = events.Where(e => Kind(e) == "alarm" && e.GetProperty("code").GetString() == "door_open").ToList();
            CollectionAssert.AreEqual(new[] { "raised", "cleared" }, door.Select(e => e.GetProperty("transition").GetString()).ToArray());
            foreach (JsonElement e in door)
            {
                long utc = e.GetProperty("utc").GetInt64();
                Assert.IsTrue(utc > outageStartUtc && utc < outageEndUtc, $"raised and cleared during the outage: {e}");
            }

            Assert.AreEqual(60_000, door[1].GetProperty("utc").GetInt64() - door[0].GetProperty("utc").GetInt64(), 1_100, "the door was open 60 s (1 s alarm delay)");
            Assert.AreEqual(0L, device.Link.EventsDropped);
            foreach (JsonElement telemetry in after.Where(m => m.Topic == watcher.Topic("telemetry")).Select(OperatorClient.Parse))
            {
                Assert.IsTrue(telemetry.GetProperty("utc").GetInt64() >= outageEndUtc, $"telemetry from the outage was replayed: {telemetry}");

                // The simulated board has both second shut-offs; no trip during a door opening: the supply stays closed and
                // the upstream CO2 valve open.
                Assert.IsTrue(telemetry.GetProperty("heaterSupplyClosed").GetBoolean(), $"heater supply: {telemetry}");
                Assert.IsTrue(telemetry.GetProperty("co2ShutOffOpen").GetBoolean(), $"CO2 shut-off: {telemetry}");
            }
        }

        [TestMethod]
        public void PowerCut_TheWillSaysOffline_TheRebootedDeviceIsBackWithTheBatch()
        {
            const string id = "sim-e2e-power";
            OperatorClient watcher = Client(TestUsers.Qa, id);
            SimulatedDevice device = Device(id, recipeSeconds: SimulatedDevice.FullRecipeSeconds);
            AwaitOnline(device, watcher);
            device.StartBatchLocally("E2E-POWER-1");
            device.RunFor(5);
            device.Board.AddFault(new Fault(FaultKind.PowerCut, device.Board.ElapsedSeconds + 1, 60));

            // The board dies without a DISCONNECT: the broker publishes the will.
            Assert.IsTrue(device.RunUntil(() => watcher.Texts("availability").Contains("offline"), Arrives), Diagnose("the will", watcher, device));
            Assert.IsTrue(device.RunUntil(() => watcher.Messages("birth").Count == 2, Arrives), Diagnose("the rebooted device's birth", watcher, device));
            CollectionAssert.AreEqual(new[] { "online", "offline", "online" }, watcher.Texts("availability").ToArray());
            Assert.AreEqual(1, device.Simulation.Restarts);
            JsonElement rebirth = watcher.Messages("birth")[1];
            Assert.AreEqual(1, rebirth.GetProperty("connects").GetInt32(), "a new link after the reboot");

            // The resumed batch: the restored event (the outage runs from the record's last entry, at most one 10 s sample
            // period before the cut, to the resume) and a state naming the batch again.
            Assert.IsTrue(
                device.RunUntil(() => watcher.Messages("event").Any(e => Kind(e) == "restored")
                                      && watcher.Messages("state").Last().GetProperty("batch").GetString() == "E2E-POWER-1", Arrives),
                Diagnose("the restored event and the state", watcher, device));
            JsonElement restored = watcher.Messages("event").First(e => Kind(e) == "restored");
            long outage = restored.GetProperty("outageMilliseconds").GetInt64();
            Assert.IsTrue(outage >= 60_000 && outage <= 70_000, restored.ToString());
            Assert.AreEqual("continue", restored.GetProperty("timerPolicy").GetString(), "the first phase's power-loss policy");
            Assert.AreEqual("Running", watcher.Messages("state").Last().GetProperty("state").GetString());
        }

        [TestMethod]
        public void NothingIsAnnouncedBeforeTheFirstTick_ThenBirthAndStateNameTheDevicesActualState()
        {
            // The communication thread may run before the firmware's first tick has filled a status (on the
            // simulator, at every in-process reboot: the link is attached before StartUp). The link stays silent until then:
            // a birth and retained state made from an empty snapshot would say "idle at 0 °C, 1970".
            const string id = "sim-e2e-birth0";
            OperatorClient watcher = Client(TestUsers.Technician, id);
            SimulatedDevice device = Device(id);
            Assert.IsNull(watcher.Inbox.WaitFor(m => m.Topic == watcher.Topic("birth") || m.Topic == watcher.Topic("state"), TimeSpan.FromSeconds(1)),
                "announced before the first tick");
            Assert.AreEqual(0, device.Board.ElapsedSeconds, "not ticked");

            device.RunFor(0.1);
            ReceivedMessage birth = watcher.Inbox.WaitFor(m => m.Topic == watcher.Topic("birth"), Arrives);
            ReceivedMessage state = watcher.Inbox.WaitFor(m => m.Topic == watcher.Topic("state"), Arrives);
            Assert.IsNotNull(birth, Diagnose("the birth", watcher, device));
            Assert.IsNotNull(state, Diagnose("the state", watcher, device));

            // The device is Idle with no batch: the birth's state is "Idle" (docs/mqtt-protocol.md: a string), and the retained
            // state has a real time and no set points (null when idle), not 0 °C, 0 % CO2 at 1970-01-01.
            var problems = new List<string>();
            JsonElement born = OperatorClient.Parse(birth);
            JsonElement retained = OperatorClient.Parse(state);
            if (born.GetProperty("state").ValueKind != JsonValueKind.String || born.GetProperty("state").GetString() != "Idle")
            {
                problems.Add("birth state " + born.GetProperty("state").GetRawText());
            }

            if (retained.GetProperty("utc").GetInt64() <= 0)
            {
                problems.Add("state utc " + retained.GetProperty("utc").GetRawText());
            }

            if (retained.GetProperty("setPoints").GetProperty("temperatureCelsius").ValueKind != JsonValueKind.Null)
            {
                problems.Add("idle temperature set point " + retained.GetProperty("setPoints").GetProperty("temperatureCelsius").GetRawText());
            }

            Assert.AreEqual(0, problems.Count, string.Join("; ", problems) + Environment.NewLine + "birth: " + birth.Text + Environment.NewLine + "state: " + state.Text);
        }

        [TestMethod]
        public void Telemetry_CarriesTheRecordsChainHead_AndTheStoredRecordHasThatMacAtThatSequence()
        {
            const string id = "sim-e2e-head";
            const string batchId = "E2E-HEAD-1";
            SimulatedDevice device = Device(id, recipeSeconds: SimulatedDevice.FullRecipeSeconds);
            OperatorClient qa = Client(TestUsers.Qa, id);
            AwaitOnline(device, qa);
            Assert.IsTrue(device.RunUntil(() => qa.Messages("telemetry").Count > 0, Arrives), Diagnose("telemetry while idle", qa, device));
            JsonElement idle = qa.Messages("telemetry").Last();
            Assert.AreEqual(JsonValueKind.Null, idle.GetProperty("record").ValueKind, "no record open: " + idle);

            device.StartBatchLocally(batchId);
            List<JsonElement> Heads() => qa.Messages("telemetry").Select(t => t.GetProperty("record"))
                .Where(r => r.ValueKind == JsonValueKind.Object).ToList();
            Assert.IsTrue(device.RunUntil(() => Heads().Count >= 4, Arrives), Diagnose("four telemetry messages with a head", qa, device));

            // Each head names the batch, carries 64 lower-case hex digits, and never goes back.
            List<JsonElement> heads = Heads();
            long previous = -1;
            foreach (JsonElement head in heads)
            {
                Assert.AreEqual(batchId, head.GetProperty("batch").GetString(), head.ToString());
                Assert.IsTrue(System.Text.RegularExpressions.Regex.IsMatch(head.GetProperty("mac").GetString(), "^[0-9a-f]{64}$"), head.ToString());
                long sequence = head.GetProperty("sequence").GetInt64();
                Assert.IsTrue(sequence >= previous, $"the head went back: {sequence} after {previous}");
                previous = sequence;
            }

            Assert.IsTrue(previous > heads[0].GetProperty("sequence").GetInt64(), "the head moved on with the samples");
            Assert.IsTrue(previous <= device.Firmware.Record.LastDurableSequence, "nothing beyond the durable entries");

            // A witness's check: the record as stored (and as a fetch would return it) carries each head's MAC at its sequence.
            List<RecordFrame> frames = device.ReadRecord(out RecordVerification verification);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            foreach (JsonElement head in heads)
            {
                long sequence = head.GetProperty("sequence").GetInt64();
                RecordFrame frame = frames.Single(f => f.Sequence == sequence);
                string stored = Convert.ToHexString(frame.Buffer, frame.MacOffset, RecordFormat.MacLength).ToLowerInvariant();
                Assert.AreEqual(stored, head.GetProperty("mac").GetString(), $"the MAC stored at sequence {sequence}");
            }
        }

        [TestMethod]
        public void RecordListAndWholeRecord_ComeThroughTheBrokerInChunks_ResumedAfterABreak_AndVerify()
        {
            const string id = "sim-e2e-fetch";
            const string batchId = "E2E-FETCH-1";
            SimulatedDevice device = Device(id, recipeSeconds: SimulatedDevice.FullRecipeSeconds);
            OperatorClient qa = Client(TestUsers.Qa, id);
            AwaitOnline(device, qa);
            device.StartBatchLocally(batchId);
            device.RunFor(600);

            Assert.IsTrue(qa.Send("records", OperatorClient.Query("q-records-1")), qa.Transport.LastError);
            JsonElement list = AwaitResponse(device, qa, "q-records-1");
            JsonElement listed = list.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("name").GetString() == batchId);
            Assert.IsTrue(listed.GetProperty("open").GetBoolean());
            Assert.IsTrue(listed.GetProperty("length").GetInt64() > 10_000, listed.ToString());
            Assert.AreEqual(batchId, listed.GetProperty("head").GetProperty("batch").GetString(), "the open record's chain head: " + listed);
            long listedHead = listed.GetProperty("head").GetProperty("sequence").GetInt64();
            Assert.IsTrue(listedHead > 0 && listedHead <= device.Firmware.Record.LastDurableSequence, listed.ToString());

            using var key = new HostHmacSha256Authenticator(BatchSimulation.SimulatorKey());
            var verifier = new RecordVerifier(key);
            long sequence = 0;
            long offset = -1;
            long entries = 0;
            int chunks = 0;
            bool end = false;
            bool broken = false;
            while (!end)
            {
                if (chunks == 2 && !broken)
                {
                    // A deliberate break: the connection dies, nothing can be sent; the client reconnects and resumes.
                    broken = true;
                    qa.Transport.Abort();
                    Assert.IsFalse(qa.Send("record", OperatorClient.Query("q-lost", "record", batchId, "fromSequence", sequence)), "sent while disconnected");
                    qa.Connect();
                }

                string requestId = "q-chunk-" + chunks;
                Dictionary<string, object> request = OperatorClient.Query(requestId, "record", batchId, "fromSequence", sequence, "maxEntries", 16);
                if (offset >= 0)
                {
                    request["offset"] = offset;
                }

                Assert.IsTrue(qa.Send("record", request), qa.Transport.LastError);
                JsonElement chunk = AwaitResponse(device, qa, requestId);
                Assert.IsTrue(chunk.GetProperty("ok").GetBoolean(), chunk.ToString());
                Assert.AreEqual(sequence, chunk.GetProperty("first").GetInt64(), "the chunk starts where asked");
                Assert.AreEqual(0, chunk.GetProperty("skippedBytes").GetInt64());
                if (chunks > 0)
                {
                    Assert.IsFalse(chunk.GetProperty("searched").GetBoolean(), $"chunk {chunks} resumed at the previous next.offset, also after the break");
                }

                foreach (JsonElement entry in chunk.GetProperty("entries").EnumerateArray())
                {
                    byte[] frame = Convert.FromBase64String(entry.GetString());
                    verifier.Push(frame, 0, frame.Length);
                    entries++;
                }

                Assert.IsTrue(verifier.Result.IsIntact, $"chunk {chunks}: {verifier.Result.Describe()}");
                sequence = chunk.GetProperty("next").GetProperty("sequence").GetInt64();
                offset = chunk.GetProperty("next").GetProperty("offset").GetInt64();
                end = chunk.GetProperty("end").GetBoolean();
                chunks++;
                Assert.IsTrue(chunks < 500, "the fetch makes progress");
            }

            RecordVerification result = verifier.Finish(sequence - 1);
            Assert.IsTrue(result.IsIntact, result.Describe());
            Assert.AreEqual(sequence, entries, "every entry from the header on");
            Assert.AreEqual(entries, result.VerifiedEntries);
            Assert.IsTrue(chunks >= 5, $"chunks: {chunks}");
            Assert.IsTrue(result.CountOf(RecordEntryType.Sample) >= 60, "ten minutes of samples");
            Assert.IsTrue(broken);
            Assert.IsTrue(device.Firmware.Record.LastDurableSequence >= sequence - 1);
            Assert.IsNull(qa.Response("q-lost"), "the request sent during the break never arrived");
        }

        // ------------------------------------------------------------------------------------------------ helpers

        private SimulatedDevice Device(string id, ITestBroker broker = null, double recipeSeconds = SimulatedDevice.ShortRecipeSeconds) =>
            Own(new SimulatedDevice(broker ?? Broker, id, recipeSeconds));

        private OperatorClient Client(string user, string id, ITestBroker broker = null) => Own(new OperatorClient(broker ?? Broker, user, id));

        private T Own<T>(T disposable)
            where T : IDisposable
        {
            owned.Add(disposable);
            return disposable;
        }

        private static string Kind(JsonElement message) => message.GetProperty("kind").GetString();

        private static string Text(ReceivedMessage message) => message.Text;

        private static byte[] Json(Dictionary<string, object> fields) => JsonSerializer.SerializeToUtf8Bytes(fields);

        /// <summary>A command signed by the technician with the technician's own password.</summary>
        private static byte[] Sign(OperatorClient client, SimulatedDevice device, string command, string id, params object[] more) =>
            client.Signed(device.Link.SessionNonce, command, id, SimulatedDevice.Technician, more);

        /// <summary>What <paramref name="client"/> received after its first <paramref name="skip"/> messages.</summary>
        private static List<ReceivedMessage> After(OperatorClient client, int skip) => client.Inbox.All(m => true).Skip(skip).ToList();

        /// <summary>The state object of a status response, without its time: what a command must not change.</summary>
        private string StateOf(SimulatedDevice device, OperatorClient client, string id)
        {
            Assert.IsTrue(client.Send("status", OperatorClient.Query(id)), client.Transport.LastError);
            JsonElement state = AwaitResponse(device, client, id).GetProperty("state");
            var fields = new List<string>();
            foreach (string name in new[] { "batch", "state", "phase", "phaseName", "awaitingConfirmation", "setPoints", "alarms", "autotuneActive", "recordOpen", "eventsDropped" })
            {
                fields.Add(name + "=" + state.GetProperty(name).GetRawText());
            }

            return string.Join(", ", fields);
        }

        /// <summary>
        /// Ticks the device until its link is online and <paramref name="client"/> has seen the retained availability
        /// "online" (retained, so also when the client subscribed after the device's announcement).
        /// </summary>
        private void AwaitOnline(SimulatedDevice device, OperatorClient client)
        {
            Assert.IsTrue(
                device.RunUntil(() => device.Link.IsOnline && client.Texts("availability").Contains("online"), Arrives),
                Diagnose("the device online", client, device));
        }

        /// <summary>Ticks the device until the response to command <paramref name="id"/> reached <paramref name="client"/>.</summary>
        private JsonElement AwaitResponse(SimulatedDevice device, OperatorClient client, string id)
        {
            Assert.IsTrue(device.RunUntil(() => client.Response(id) != null, Arrives), Diagnose($"the response to {id}", client, device));
            return client.Response(id).Value;
        }

        /// <summary>Event numbers rise by one and sequence numbers rise: nothing lost, nothing reordered.</summary>
        private static void AssertConsecutive(List<JsonElement> events)
        {
            for (int index = 1; index < events.Count; index++)
            {
                Assert.AreEqual(events[index - 1].GetProperty("event").GetInt64() + 1, events[index].GetProperty("event").GetInt64(), $"event numbers at {index}: {events[index]}");
                Assert.IsTrue(events[index - 1].GetProperty("seq").GetInt64() < events[index].GetProperty("seq").GetInt64(), $"seq at {index}: {events[index]}");
            }
        }

        private string Diagnose(string what, OperatorClient client, SimulatedDevice device)
        {
            string received = client.Inbox.Describe();
            if (received.Length > 4000)
            {
                received = "..." + received.Substring(received.Length - 4000);
            }

            return $"{what} did not arrive within {Arrives.TotalSeconds} s on {Broker.Name}. Received: {received}. Device log: {device.Log}";
        }
    }
}
