#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Device;
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class MqttLinkConnectionTests
    {
        private const string Prefix = LinkFixture.Prefix;

        [TestMethod]
        public void ConnectSetsTheWillAndAnnouncesAvailabilityBirthAndRetainedState()
        {
            var f = new LinkFixture();
            f.Step();

            Assert.AreEqual(Prefix + "availability", f.Transport.WillTopic);
            Assert.AreEqual("offline", f.Transport.WillText);
            Assert.IsTrue(f.Transport.WillRetain, "the will is retained");
            Assert.AreEqual("bioreactor-dev-1", f.Transport.ClientId);
            Assert.AreEqual(Prefix + "cmd/#", (string)f.Transport.Subscriptions[0]);

            var first = (FakeMessage)f.Transport.Published[0];
            Assert.AreEqual(Prefix + "availability", first.Topic);
            Assert.AreEqual("online", first.Text());
            Assert.IsTrue(first.Retain);
            Assert.AreEqual(Prefix + "birth", ((FakeMessage)f.Transport.Published[1]).Topic);
            Assert.AreEqual(Prefix + "state", ((FakeMessage)f.Transport.Published[2]).Topic);
            Assert.IsTrue(((FakeMessage)f.Transport.Published[2]).Retain, "state is retained");

            JsonValue birth = f.Transport.Last(Prefix + "birth").Json();
            Assert.AreEqual("dev-1", birth.Get("device").StringValue);
            Assert.AreEqual("1.2.3", birth.Get("firmware").StringValue);
            TestSupport.AreNear(1.0, birth.Get("protocol").NumberValue, 0.0, "protocol version");
            Assert.AreEqual("Idle", birth.Get("state").StringValue);
            TestSupport.AreNear(1.0, birth.Get("seq").NumberValue, 0.0, "birth seq follows the availability publish");
            Assert.IsFalse(f.Transport.Last(Prefix + "birth").Retain, "birth is not retained");
        }

        [TestMethod]
        public void StateIsRepublishedOnChangeOnly()
        {
            var f = new LinkFixture();
            f.Run(5000);
            int states = f.Transport.On(Prefix + "state").Length;
            Assert.AreEqual(1, states, "idle and unchanged: one state after connect");

            f.Start("LOT-S1", 10);
            f.Run(2000);
            JsonValue state = f.Transport.Last(Prefix + "state").Json();
            Assert.AreEqual("Running", state.Get("state").StringValue);
            Assert.AreEqual("LOT-S1", state.Get("batch").StringValue);
            Assert.AreEqual("link-test", state.Get("recipe").Get("name").StringValue);
            Assert.AreEqual("warm-up", state.Get("phaseName").StringValue);
            TestSupport.AreNear(37.0, state.Get("setPoints").Get("temperatureCelsius").NumberValue, 1e-9, "target set point");
            int after = f.Transport.On(Prefix + "state").Length;
            TestSupport.AtLeast(2, after, "the start changed the state");

            f.Run(5000);
            Assert.AreEqual(after, f.Transport.On(Prefix + "state").Length, "nothing changed: no new state");
        }

        [TestMethod]
        public void TelemetryComesEveryPeriodWithMeasuredSetPointAndOutput()
        {
            var settings = new MqttLinkSettings();
            settings.TelemetryPeriodMilliseconds = 2000;
            var f = new LinkFixture(settings);
            f.Start("LOT-T1", 10);
            int before = f.Transport.On(Prefix + "telemetry").Length;
            f.Run(10000);
            int count = f.Transport.On(Prefix + "telemetry").Length - before;
            TestSupport.AtLeast(4, count, "telemetry every 2 s over 10 s");
            TestSupport.AtMost(6, count, "and not more often");

            FakeMessage last = f.Transport.Last(Prefix + "telemetry");
            Assert.IsFalse(last.Retain);
            Assert.AreEqual((int)MqttQualityOfService.AtMostOnce, (int)last.Quality);
            JsonValue t = last.Json();
            TestSupport.AreNear(37.0, t.Get("temperature").Get("measuredCelsius").NumberValue, 1e-9, "liquid probe");
            TestSupport.AreNear(37.0, t.Get("temperature").Get("setPointCelsius").NumberValue, 1e-9, "set point");
            Assert.AreEqual((int)JsonKind.Number, (int)t.Get("temperature").Get("heaterDutyFraction").Kind);
            TestSupport.AreNear(5.0, t.Get("co2").Get("measuredPercent").NumberValue, 1e-9, "CO2 probe");
            Assert.AreEqual("ok", t.Get("co2").Get("status").StringValue);
            Assert.AreEqual((int)JsonKind.Null, (int)t.Get("heaterSupplyClosed").Kind, "no supply relay on this board");
            Assert.AreEqual((int)JsonKind.Null, (int)t.Get("co2ShutOffOpen").Kind, "no upstream valve on this board");
        }

        [TestMethod]
        public void AfterAnOutageBirthAndStateAreRepublishedEventsComeInOrderAndTelemetryIsNotReplayed()
        {
            var settings = new MqttLinkSettings();
            settings.TelemetryPeriodMilliseconds = 1000;
            var f = new LinkFixture(settings);
            f.Start("LOT-O1", 10);
            f.Run(2000);
            long birthsBefore = f.Transport.On(Prefix + "birth").Length;
            int telemetryBefore = f.Transport.On(Prefix + "telemetry").Length;
            long recordBefore = f.Firmware.Record.NextSequence;

            f.Transport.GoDown();
            f.Liquid.Value = 45.0; // over-temperature trip during the outage: alarm events queue up
            f.Run(3000);
            f.Liquid.Value = 37.0;
            f.Run(3000);
            TestSupport.AtLeast(1, f.Link.PendingEventCount, "events wait for the broker");
            TestSupport.AtLeast(recordBefore + 1.0, f.Firmware.Record.NextSequence, "recording went on during the outage");
            Assert.IsFalse(f.Link.IsOnline);

            int published = f.Transport.Published.Count;
            f.Transport.BrokerUp = true;
            Assert.IsTrue(f.RunUntilOnline(61000), "reconnected within the 60 s backoff ceiling");
            f.Run(5000);
            Assert.AreEqual(birthsBefore + 1, (long)f.Transport.On(Prefix + "birth").Length, "a new birth");
            Assert.AreEqual(0, f.Link.PendingEventCount, "the queue drained");

            // The first messages after the reconnect: availability, birth, state, then the queued events in order.
            var a = (FakeMessage)f.Transport.Published[published];
            Assert.AreEqual(Prefix + "availability", a.Topic);
            Assert.AreEqual(Prefix + "birth", ((FakeMessage)f.Transport.Published[published + 1]).Topic);
            Assert.AreEqual(Prefix + "state", ((FakeMessage)f.Transport.Published[published + 2]).Topic);
            FakeMessage[] events = f.Transport.On(Prefix + "event");
            long previousNumber = 0;
            long previousSeq = 0;
            bool sawRaised = false;
            for (int i = 0; i < events.Length; i++)
            {
                JsonValue e = events[i].Json();
                long number = (long)e.Get("event").NumberValue;
                long seq = (long)e.Get("seq").NumberValue;
                Assert.AreEqual(previousNumber + 1, number, "event numbers without gaps, in order");
                Assert.IsTrue(seq > previousSeq, "seq rises");
                previousNumber = number;
                previousSeq = seq;
                if (e.Get("kind").StringValue == "alarm" && e.Get("code").StringValue == "liquid_over_temperature"
                    && e.Get("transition").StringValue == "raised")
                {
                    sawRaised = true;
                }
            }

            Assert.IsTrue(sawRaised, "the trip raised during the outage was delivered");

            // Telemetry: nothing from the outage was replayed: at most one per second of the 5 s since the reconnect.
            int telemetryAfter = 0;
            for (int i = published; i < f.Transport.Published.Count; i++)
            {
                if (((FakeMessage)f.Transport.Published[i]).Topic == Prefix + "telemetry")
                {
                    telemetryAfter++;
                }
            }

            TestSupport.AtMost(6, telemetryAfter, "no replayed telemetry");
            TestSupport.AtLeast(telemetryBefore, f.Transport.On(Prefix + "telemetry").Length, "telemetry before the outage was published");
            JsonValue state = f.Transport.Last(Prefix + "state").Json();
            Assert.AreEqual(1, state.Get("alarms").Count > 0 ? 1 : 0, "the latched trip is in the retained state");
        }

        [TestMethod]
        public void EventOverflowIsCountedAndReportedInState()
        {
            var settings = new MqttLinkSettings();
            settings.EventQueueCapacity = 4;
            var f = new LinkFixture(settings);
            f.Step();
            f.Transport.GoDown();
            f.Deliver("start", f.StartPayload("LOT-Q1", 10)); // no response can be published, but the batch events queue
            Assert.AreEqual((int)BatchState.Running, (int)f.Firmware.Batch.State, "started while offline");
            // Start: ActionAccepted, StateChanged, PhaseStarted; three notes add three more.
            for (int i = 0; i < 3; i++)
            {
                f.Transport.Deliver(Prefix + "cmd/note", f.Signed("note", "tech.a", "'text':'note'"),
                    LinkFixture.ReplyTopic, null);
                f.Step();
            }

            Assert.AreEqual(4, f.Link.PendingEventCount, "the queue holds its capacity");
            TestSupport.AtLeast(2.0, f.Link.EventsDropped, "the oldest were dropped");
            long dropped = f.Link.EventsDropped;

            f.Transport.BrokerUp = true;
            f.Run(70000);
            JsonValue state = f.Transport.Last(Prefix + "state").Json();
            TestSupport.AreNear(dropped, state.Get("eventsDropped").NumberValue, 0.0, "the state reports the drops");
            FakeMessage[] events = f.Transport.On(Prefix + "event");
            TestSupport.AtLeast(4, events.Length, "the four kept events were delivered");
            TestSupport.AreNear(dropped + 1.0, events[0].Json().Get("event").NumberValue, 0.0, "the gap in event numbers shows the drop");
        }

        [TestMethod]
        public void ReconnectBackoffGrowsWithFullJitterAndResetsAfterAConnect()
        {
            var f = new LinkFixture();
            f.Transport.BrokerUp = false;
            long last = 0;
            long maxDelay = 0;
            int attempts = 0;
            for (int i = 0; i < 30000 && attempts < 12; i++)
            {
                int calls = f.Transport.ConnectCalls;
                f.Step();
                if (f.Transport.ConnectCalls > calls)
                {
                    attempts++;
                    long delay = f.Link.NextConnectAttemptMilliseconds - f.Clock.MonotonicMilliseconds;
                    long ceiling = attempts >= 7 ? 60000 : 1000L << (attempts - 1);
                    TestSupport.AtMost(ceiling, delay, "attempt " + attempts.ToString() + " waits at most its ceiling");
                    TestSupport.AtLeast(0, delay, "never negative");
                    if (delay > maxDelay)
                    {
                        maxDelay = delay;
                    }

                    last = f.Clock.MonotonicMilliseconds;
                }
            }

            Assert.AreEqual(12, attempts);
            TestSupport.AtLeast(10000, maxDelay, "the backoff grew beyond the first seconds");
            TestSupport.AtMost(60000, maxDelay, "capped at 60 s");

            f.Transport.BrokerUp = true;
            f.Run(61000);
            Assert.IsTrue(f.Link.IsOnline);
            f.Transport.GoDown();
            f.Step();
            long afterLoss = f.Link.NextConnectAttemptMilliseconds - f.Clock.MonotonicMilliseconds;
            TestSupport.AtMost(1000, afterLoss, "reset after a successful connect: the first retry is within 1 s");
        }

        [TestMethod]
        public void BackoffDrawsAreDeterministicAndBounded()
        {
            var a = new ReconnectBackoff(1000, 60000, 7);
            var b = new ReconnectBackoff(1000, 60000, 7);
            var c = new ReconnectBackoff(1000, 60000, 8);
            bool differs = false;
            double sum = 0;
            for (int i = 1; i <= 200; i++)
            {
                long ceiling = a.NextCeilingMilliseconds;
                long da = a.NextDelayMilliseconds();
                long db = b.NextDelayMilliseconds();
                long dc = c.NextDelayMilliseconds();
                Assert.AreEqual(da, db, "same seed, same draws");
                differs |= da != dc;
                TestSupport.AtMost(ceiling, da, "within the ceiling");
                Assert.AreEqual(i >= 7 ? 60000L : 1000L << (i - 1), ceiling);
                if (i > 7)
                {
                    sum += da;
                }
            }

            Assert.IsTrue(differs, "another seed, other draws");
            TestSupport.AreNear(30000.0, sum / 193.0, 6000.0, "full jitter: uniform on [0, 60 s], mean near 30 s");
            a.Reset();
            Assert.AreEqual(1000L, a.NextCeilingMilliseconds);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new ReconnectBackoff(0, 10, 1), "minimum below 1");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new ReconnectBackoff(100, 10, 1), "maximum below minimum");
        }

        [TestMethod]
        public void SettingsAreValidated()
        {
            var s = new MqttLinkSettings();
            s.DeviceId = "dev 1";
            s.FirmwareVersion = "1.0";
            TestSupport.Throws(typeof(ArgumentException), () => s.Validate(), "device id with a space");
            s.DeviceId = "dev-1";
            TestSupport.Throws(typeof(ArgumentException), () => s.Validate(), "no session nonce");
            s.SessionNonce = "0123456789ABCDEF0123456789abcdef";
            TestSupport.Throws(typeof(ArgumentException), () => s.Validate(), "upper-case hex");
            s.SessionNonce = "0123456789abcdef0123456789abcde";
            TestSupport.Throws(typeof(ArgumentException), () => s.Validate(), "31 characters");
            s.SessionNonce = LinkFixture.Session;
            byte[] random = new byte[16];
            for (int i = 0; i < random.Length; i++)
            {
                random[i] = (byte)(i * 17);
            }

            Assert.AreEqual("00112233445566778899aabbccddeeff", MqttLinkSettings.SessionNonceFrom(random));
            TestSupport.Throws(typeof(ArgumentException), () => MqttLinkSettings.SessionNonceFrom(new byte[15]), "15 bytes");
            s.TelemetryPeriodMilliseconds = 10;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "telemetry period 10 ms");
            s.TelemetryPeriodMilliseconds = 10000;
            s.EventQueueCapacity = 0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "event queue 0");
            s.EventQueueCapacity = 64;
            s.Validate();
        }

        [TestMethod]
        public void ControlAndRecordingGoOnWhileTheBrokerIsAway()
        {
            var f = new LinkFixture();
            f.Start("LOT-C1", 10);
            f.Transport.GoDown();
            long samplesBefore = f.Firmware.Record.CountOf(Bioreactor.Control.Records.RecordEntryType.Sample);
            f.Run(60000);
            TestSupport.AtLeast(samplesBefore + 5.0, f.Firmware.Record.CountOf(Bioreactor.Control.Records.RecordEntryType.Sample),
                "a sample every 10 s while offline");
            Assert.AreEqual((int)BatchState.Running, (int)f.Firmware.Batch.State);
            Assert.IsTrue(f.Firmware.Controller.TemperatureControlEnabled);
            TestSupport.AtLeast(2, f.Link.ConnectAttempts, "it kept trying");
        }
    }
}
