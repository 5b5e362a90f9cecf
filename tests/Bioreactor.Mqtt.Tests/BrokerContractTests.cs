using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Bioreactor.Control.Ports;
using Bioreactor.Host.Infrastructure.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// What the device and its clients need from a broker, through <see cref="MqttNetTransport"/>: run once against
    /// mosquitto and once against the embedded broker (the derived classes), with the same access list and users.
    /// Waits are for a condition with a timeout; the only fixed waits are the windows in which something must NOT arrive.
    /// </summary>
    public abstract class BrokerContractTests
    {
        /// <summary>Longest wait for something that must happen (loopback: normally a few milliseconds).</summary>
        protected static readonly TimeSpan Arrives = TimeSpan.FromSeconds(5);

        /// <summary>How long a test watches for something that must not arrive.</summary>
        protected static readonly TimeSpan Absent = TimeSpan.FromMilliseconds(500);

        private readonly List<MqttNetTransport> transports = new List<MqttNetTransport>();
        private readonly ConcurrentQueue<string> clientLog = new ConcurrentQueue<string>();

        /// <summary>The class's shared broker.</summary>
        internal abstract ITestBroker Broker { get; }

        /// <summary>A broker of the same kind for one test alone (stopping it must not disturb the others).</summary>
        internal abstract ITestBroker CreatePrivateBroker();

        [TestCleanup]
        public void CloseClients()
        {
            foreach (MqttNetTransport transport in transports)
            {
                transport.Dispose();
            }

            transports.Clear();
        }

        [TestMethod]
        public void ConnectSubscribePublish_CarriesTopicAndExactPayloadBothWays()
        {
            const string device = "br-basic";
            (MqttNetTransport deviceLink, RecordingReceiver deviceInbox) = Connected(device);
            Assert.IsTrue(deviceLink.Subscribe($"bioreactor/{device}/cmd/#", MqttQualityOfService.AtLeastOnce), deviceLink.LastError);
            (MqttNetTransport technician, RecordingReceiver technicianInbox) = Connected(TestUsers.Technician);
            Assert.IsTrue(technician.Subscribe($"bioreactor/{device}/telemetry", MqttQualityOfService.AtMostOnce), technician.LastError);

            // Only the first count bytes travel: the buffer's tail (0xEE) must not.
            byte[] command = Bytes("{\"id\":\"c-1\"}", tail: 3);
            Assert.IsTrue(technician.Publish($"bioreactor/{device}/cmd/status", command, command.Length - 3, MqttQualityOfService.AtLeastOnce, false, null, null), technician.LastError);
            ReceivedMessage received = deviceInbox.WaitFor(m => m.Topic == $"bioreactor/{device}/cmd/status", Arrives);
            Assert.IsNotNull(received, Diagnose("the command", deviceInbox));
            Assert.AreEqual("{\"id\":\"c-1\"}", received.Text);
            Assert.IsNull(received.ResponseTopic);
            Assert.IsNull(received.CorrelationData);

            byte[] telemetry = Bytes("{\"seq\":7}", tail: 0);
            Assert.IsTrue(deviceLink.Publish($"bioreactor/{device}/telemetry", telemetry, telemetry.Length, MqttQualityOfService.AtMostOnce, false, null, null), deviceLink.LastError);
            ReceivedMessage sample = technicianInbox.WaitFor(m => m.Topic == $"bioreactor/{device}/telemetry", Arrives);
            Assert.IsNotNull(sample, Diagnose("the telemetry", technicianInbox));
            Assert.AreEqual("{\"seq\":7}", sample.Text);

            // The receiver owns its copy: changing the sender's buffer afterwards changes nothing received.
            telemetry[0] = (byte)'X';
            Assert.AreEqual((byte)'{', sample.Payload[0]);
            Assert.IsTrue(deviceLink.MessagesPublished >= 1 && deviceLink.MessagesReceived == 1, $"published {deviceLink.MessagesPublished}, received {deviceLink.MessagesReceived}");
        }

        [TestMethod]
        public void Will_PublishesOfflineRetained_WhenTheDeviceConnectionDies()
        {
            const string device = "br-will";
            string availability = $"bioreactor/{device}/availability";
            (MqttNetTransport deviceLink, RecordingReceiver deviceInbox) = Connected(device, willTopic: availability);
            Assert.IsTrue(deviceLink.Publish(availability, Bytes("online", 0), 6, MqttQualityOfService.AtLeastOnce, true, null, null), deviceLink.LastError);

            (MqttNetTransport watcher, RecordingReceiver watcherInbox) = Connected(TestUsers.Technician);
            Assert.IsTrue(watcher.Subscribe(availability, MqttQualityOfService.AtLeastOnce), watcher.LastError);
            Assert.IsNotNull(watcherInbox.WaitFor(m => m.Topic == availability && m.Text == "online", Arrives), Diagnose("retained online", watcherInbox));

            // The socket closes without DISCONNECT, as in a power cut: the broker publishes the will.
            deviceLink.Abort();
            Assert.IsFalse(deviceLink.IsConnected);
            Assert.IsNotNull(watcherInbox.WaitFor(m => m.Topic == availability && m.Text == "offline", Arrives), Diagnose("the will", watcherInbox));
            Assert.AreEqual(0, deviceInbox.ConnectionLostCount, "Abort is the owner's act, not a lost connection.");

            // ... and retained it: a client arriving later sees offline, not online.
            (MqttNetTransport late, RecordingReceiver lateInbox) = Connected(TestUsers.Qa);
            Assert.IsTrue(late.Subscribe(availability, MqttQualityOfService.AtLeastOnce), late.LastError);
            ReceivedMessage state = lateInbox.WaitFor(m => m.Topic == availability, Arrives);
            Assert.IsNotNull(state, Diagnose("the retained availability", lateInbox));
            Assert.AreEqual("offline", state.Text);
        }

        [TestMethod]
        public void CleanDisconnect_DiscardsTheWill()
        {
            const string device = "br-count";
            string availability = $"bioreactor/{device}/availability";
            (MqttNetTransport deviceLink, RecordingReceiver deviceInbox) = Connected(device, willTopic: availability);
            (MqttNetTransport watcher, RecordingReceiver watcherInbox) = Connected(TestUsers.Technician);
            Assert.IsTrue(watcher.Subscribe(availability, MqttQualityOfService.AtLeastOnce), watcher.LastError);

            deviceLink.Disconnect();
            Assert.IsFalse(deviceLink.IsConnected);
            Assert.IsNull(watcherInbox.WaitFor(m => m.Topic == availability, Absent), "A clean DISCONNECT must discard the will.");
            Assert.AreEqual(0, deviceInbox.ConnectionLostCount);
            Assert.IsFalse(deviceLink.Publish(availability, Bytes("x", 0), 1, MqttQualityOfService.AtLeastOnce, false, null, null));
        }

        [TestMethod]
        public void RetainedState_IsSeenAtOnceByALateSubscriber_TelemetryIsNot()
        {
            const string device = "br-retain";
            (MqttNetTransport deviceLink, _) = Connected(device);
            Assert.IsTrue(deviceLink.Publish($"bioreactor/{device}/state", Bytes("{\"state\":\"Running\"}", 0), 19, MqttQualityOfService.AtLeastOnce, true, null, null), deviceLink.LastError);
            Assert.IsTrue(deviceLink.Publish($"bioreactor/{device}/telemetry", Bytes("{\"seq\":1}", 0), 9, MqttQualityOfService.AtLeastOnce, false, null, null), deviceLink.LastError);

            (MqttNetTransport late, RecordingReceiver lateInbox) = Connected(TestUsers.Qa);
            Assert.IsTrue(late.Subscribe($"bioreactor/{device}/#", MqttQualityOfService.AtLeastOnce), late.LastError);
            ReceivedMessage state = lateInbox.WaitFor(m => m.Topic == $"bioreactor/{device}/state", Arrives);
            Assert.IsNotNull(state, Diagnose("the retained state", lateInbox));
            Assert.AreEqual("{\"state\":\"Running\"}", state.Text);

            // A fresh event after the subscription marks the end of what the broker had kept: no telemetry before it.
            Assert.IsTrue(deviceLink.Publish($"bioreactor/{device}/event", Bytes("{\"seq\":2}", 0), 9, MqttQualityOfService.AtLeastOnce, false, null, null), deviceLink.LastError);
            Assert.IsNotNull(lateInbox.WaitFor(m => m.Topic == $"bioreactor/{device}/event", Arrives), Diagnose("the event", lateInbox));
            Assert.AreEqual(0, lateInbox.All(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).Count, lateInbox.Describe());
        }

        [TestMethod]
        public void Mqtt5_ResponseTopicAndCorrelationData_RoundTrip()
        {
            const string device = "br-rpc";
            string responseTopic = $"bioreactor/{device}/response/technician1-tool";
            byte[] correlation = { 0x00, 0x01, 0x7F, 0x80, 0xFF };
            (MqttNetTransport deviceLink, RecordingReceiver deviceInbox) = Connected(device);
            Assert.IsTrue(deviceLink.Subscribe($"bioreactor/{device}/cmd/#", MqttQualityOfService.AtLeastOnce), deviceLink.LastError);
            (MqttNetTransport technician, RecordingReceiver technicianInbox) = Connected(TestUsers.Technician);
            Assert.IsTrue(technician.Subscribe(responseTopic, MqttQualityOfService.AtLeastOnce), technician.LastError);

            Assert.IsTrue(technician.Publish($"bioreactor/{device}/cmd/status", Bytes("{\"id\":\"r-1\"}", 0), 12, MqttQualityOfService.AtLeastOnce, false, responseTopic, correlation), technician.LastError);
            ReceivedMessage request = deviceInbox.WaitFor(m => m.Topic.EndsWith("/cmd/status", StringComparison.Ordinal), Arrives);
            Assert.IsNotNull(request, Diagnose("the request", deviceInbox));
            Assert.AreEqual(responseTopic, request.ResponseTopic);
            CollectionAssert.AreEqual(correlation, request.CorrelationData);

            // The device answers where it was asked, echoing the correlation data.
            Assert.IsTrue(deviceLink.Publish(request.ResponseTopic, Bytes("{\"id\":\"r-1\",\"ok\":true}", 0), 22, MqttQualityOfService.AtLeastOnce, false, null, request.CorrelationData), deviceLink.LastError);
            ReceivedMessage response = technicianInbox.WaitFor(m => m.Topic == responseTopic, Arrives);
            Assert.IsNotNull(response, Diagnose("the response", technicianInbox));
            Assert.AreEqual("{\"id\":\"r-1\",\"ok\":true}", response.Text);
            CollectionAssert.AreEqual(correlation, response.CorrelationData);
        }

        [TestMethod]
        public void Mqtt311_SessionWorks_AndCarriesNoProperties()
        {
            const string device = "br-v311";
            string availability = $"bioreactor/{device}/availability";
            (MqttNetTransport deviceLink, RecordingReceiver deviceInbox) = Connected(device, MqttProtocolLevel.V311, willTopic: availability);
            Assert.IsTrue(deviceLink.Subscribe($"bioreactor/{device}/cmd/#", MqttQualityOfService.ExactlyOnce), deviceLink.LastError);
            (MqttNetTransport technician, RecordingReceiver technicianInbox) = Connected(TestUsers.Technician, MqttProtocolLevel.V311);
            Assert.IsTrue(technician.Subscribe($"bioreactor/{device}/#", MqttQualityOfService.AtLeastOnce), technician.LastError);

            // On 3.1.1 the response topic and correlation travel in the payload; the transport drops the properties.
            Assert.IsTrue(technician.Publish($"bioreactor/{device}/cmd/status", Bytes("{\"id\":\"v3\",\"replyTo\":\"x\"}", 0), 25, MqttQualityOfService.ExactlyOnce, false, $"bioreactor/{device}/response/t", new byte[] { 1 }), technician.LastError);
            ReceivedMessage request = deviceInbox.WaitFor(m => m.Topic.EndsWith("/cmd/status", StringComparison.Ordinal), Arrives);
            Assert.IsNotNull(request, Diagnose("the 3.1.1 command", deviceInbox));
            Assert.AreEqual("{\"id\":\"v3\",\"replyTo\":\"x\"}", request.Text);
            Assert.IsNull(request.ResponseTopic);
            Assert.IsNull(request.CorrelationData);

            Assert.IsTrue(deviceLink.Publish($"bioreactor/{device}/state", Bytes("{}", 0), 2, MqttQualityOfService.AtLeastOnce, true, null, null), deviceLink.LastError);
            Assert.IsNotNull(technicianInbox.WaitFor(m => m.Topic == $"bioreactor/{device}/state", Arrives), Diagnose("the 3.1.1 state", technicianInbox));

            // The will works on 3.1.1 too.
            deviceLink.Abort();
            Assert.IsNotNull(technicianInbox.WaitFor(m => m.Topic == availability && m.Text == "offline", Arrives), Diagnose("the 3.1.1 will", technicianInbox));
        }

        [TestMethod]
        public void Acl_QaCommandNeverReachesTheDevice_TechnicianCommandDoes()
        {
            const string device = "br-acl";
            (MqttNetTransport deviceLink, RecordingReceiver deviceInbox) = Connected(device);
            Assert.IsTrue(deviceLink.Subscribe($"bioreactor/{device}/cmd/#", MqttQualityOfService.AtLeastOnce), deviceLink.LastError);
            (MqttNetTransport qa, _) = Connected(TestUsers.Qa);
            (MqttNetTransport technician, _) = Connected(TestUsers.Technician);

            // QA may not start a batch: the broker drops it (MQTT 5 tells the publisher so).
            bool qaStartAccepted = qa.Publish($"bioreactor/{device}/cmd/start", Bytes("{\"from\":\"qa\"}", 0), 13, MqttQualityOfService.AtLeastOnce, false, null, null);
            Assert.IsNull(deviceInbox.WaitFor(m => m.Topic.EndsWith("/cmd/start", StringComparison.Ordinal), Absent), "QA's start reached the device: " + deviceInbox.Describe());

            // QA may ask for status; the technician may start.
            Assert.IsTrue(qa.Publish($"bioreactor/{device}/cmd/status", Bytes("{\"from\":\"qa\"}", 0), 13, MqttQualityOfService.AtLeastOnce, false, null, null), qa.LastError);
            Assert.IsTrue(technician.Publish($"bioreactor/{device}/cmd/start", Bytes("{\"from\":\"technician\"}", 0), 21, MqttQualityOfService.AtLeastOnce, false, null, null), technician.LastError);
            Assert.IsNotNull(deviceInbox.WaitFor(m => m.Topic.EndsWith("/cmd/status", StringComparison.Ordinal), Arrives), Diagnose("QA's status", deviceInbox));
            Assert.IsNotNull(deviceInbox.WaitFor(m => m.Topic.EndsWith("/cmd/start", StringComparison.Ordinal), Arrives), Diagnose("the technician's start", deviceInbox));

            List<ReceivedMessage> starts = deviceInbox.All(m => m.Topic.EndsWith("/cmd/start", StringComparison.Ordinal));
            Assert.AreEqual(1, starts.Count, deviceInbox.Describe());
            Assert.AreEqual("{\"from\":\"technician\"}", starts[0].Text);
            Assert.IsFalse(qaStartAccepted, "An MQTT 5 broker answers an unauthorised QoS 1 publish with NotAuthorized: " + qa.LastError);
        }

        [TestMethod]
        public void Acl_ADeviceCannotPublishIntoAnotherDevicesTree_NorReadItsCommands()
        {
            const string device = "br-acl-tree";
            const string intruder = "br-other";
            (MqttNetTransport technician, RecordingReceiver technicianInbox) = Connected(TestUsers.Technician);
            Assert.IsTrue(technician.Subscribe($"bioreactor/{device}/#", MqttQualityOfService.AtLeastOnce), technician.LastError);
            (MqttNetTransport other, RecordingReceiver otherInbox) = Connected(intruder);

            other.Publish($"bioreactor/{device}/state", Bytes("{\"forged\":true}", 0), 15, MqttQualityOfService.AtLeastOnce, true, null, null);
            bool subscribed = other.Subscribe($"bioreactor/{device}/cmd/#", MqttQualityOfService.AtLeastOnce);
            Assert.IsTrue(technician.Publish($"bioreactor/{device}/cmd/hold", Bytes("{}", 0), 2, MqttQualityOfService.AtLeastOnce, false, null, null), technician.LastError);

            Assert.IsNotNull(technicianInbox.WaitFor(m => m.Topic.EndsWith("/cmd/hold", StringComparison.Ordinal), Arrives), Diagnose("the technician's own command", technicianInbox));
            Assert.AreEqual(0, technicianInbox.All(m => m.Topic.EndsWith("/state", StringComparison.Ordinal)).Count, "A forged state reached a client: " + technicianInbox.Describe());
            Assert.IsNull(otherInbox.WaitFor(m => m.Topic.Contains(device + "/cmd/", StringComparison.Ordinal), Absent), $"Another device read the commands (subscribe answered {subscribed}): {otherInbox.Describe()}");
        }

        [TestMethod]
        public void Acl_AWillOutsideTheUsersTree_IsNeverPublished()
        {
            const string device = "br-forged";
            string availability = $"bioreactor/{device}/availability";
            (MqttNetTransport watcher, RecordingReceiver watcherInbox) = Connected(TestUsers.Technician);
            Assert.IsTrue(watcher.Subscribe(availability, MqttQualityOfService.AtLeastOnce), watcher.LastError);

            // QA may not publish in a device's tree, so neither may its will (refused at connect, or dropped).
            MqttNetTransport forger = Transport(Options(TestUsers.Qa, TestUsers.PasswordOf(TestUsers.Qa), MqttProtocolLevel.V500, Broker));
            if (forger.Connect("qa-forger", availability, Bytes("online", 0), MqttQualityOfService.AtLeastOnce, true))
            {
                forger.Abort();
            }

            Assert.IsNull(watcherInbox.WaitFor(m => m.Topic == availability, Absent), "A forged will was published: " + watcherInbox.Describe());
        }

        [TestMethod]
        public void PublishFromInsideOnMessage_DoesNotDeadlock()
        {
            // A receiver should return at once, but one that answers on the spot (QoS 1, waiting for PUBACK) must not hang.
            const string device = "br-echo";
            var echo = new EchoingReceiver();
            MqttNetTransport deviceLink = Transport(Options(device, TestUsers.PasswordOf(device), MqttProtocolLevel.V500, Broker));
            echo.Transport = deviceLink;
            deviceLink.SetReceiver(echo);
            Assert.IsTrue(deviceLink.Connect(device, null, null, MqttQualityOfService.AtMostOnce, false), deviceLink.LastError);
            Assert.IsTrue(deviceLink.Subscribe($"bioreactor/{device}/cmd/#", MqttQualityOfService.AtLeastOnce), deviceLink.LastError);
            (MqttNetTransport technician, RecordingReceiver technicianInbox) = Connected(TestUsers.Technician);
            Assert.IsTrue(technician.Subscribe($"bioreactor/{device}/response/#", MqttQualityOfService.AtLeastOnce), technician.LastError);

            for (int index = 0; index < 3; index++)
            {
                Assert.IsTrue(technician.Publish($"bioreactor/{device}/cmd/status", Bytes("{}", 0), 2, MqttQualityOfService.AtLeastOnce, false, null, null), technician.LastError);
            }

            Assert.IsTrue(
                SpinWait.SpinUntil(() => technicianInbox.All(m => m.Topic.Contains("/response/", StringComparison.Ordinal)).Count == 3, Arrives),
                Diagnose("three answers", technicianInbox));
            Assert.IsTrue(SpinWait.SpinUntil(() => echo.Answered == 3, Arrives), $"answered {echo.Answered}");
        }

        [TestMethod]
        public void WrongPassword_IsRefused()
        {
            var receiver = new RecordingReceiver();
            MqttNetTransport transport = Transport(Options("br-password", "not-the-password", MqttProtocolLevel.V500, Broker));
            transport.SetReceiver(receiver);

            Assert.IsFalse(transport.Connect("br-password", null, null, MqttQualityOfService.AtMostOnce, false));
            Assert.IsFalse(transport.IsConnected);
            StringAssert.Contains(transport.LastError, "refused");
            Assert.AreEqual(0, receiver.ConnectionLostCount, "A refused connect is not a lost connection.");

            // Unknown user, and 3.1.1: refused as well; the right password gets in.
            MqttNetTransport stranger = Transport(Options("nobody", "x", MqttProtocolLevel.V311, Broker));
            Assert.IsFalse(stranger.Connect("nobody", null, null, MqttQualityOfService.AtMostOnce, false));
            MqttNetTransport rightful = Transport(Options("br-password", TestUsers.PasswordOf("br-password"), MqttProtocolLevel.V500, Broker));
            Assert.IsTrue(rightful.Connect("br-password", null, null, MqttQualityOfService.AtMostOnce, false), rightful.LastError);
        }

        [TestMethod]
        public void BrokerRestart_ReportsConnectionLost_ThenConnectsAgain()
        {
            const string device = "br-restart";
            using ITestBroker broker = CreatePrivateBroker();
            var inbox = new RecordingReceiver();
            MqttNetTransport deviceLink = Transport(Options(device, TestUsers.PasswordOf(device), MqttProtocolLevel.V500, broker));
            deviceLink.SetReceiver(inbox);
            Assert.IsTrue(deviceLink.Connect(device, $"bioreactor/{device}/availability", Bytes("offline", 0), MqttQualityOfService.AtLeastOnce, true), deviceLink.LastError);
            Assert.IsTrue(deviceLink.Subscribe($"bioreactor/{device}/cmd/#", MqttQualityOfService.AtLeastOnce), deviceLink.LastError);

            broker.Stop();
            Assert.IsTrue(inbox.WaitForConnectionLost(Arrives), $"no connection loss reported; transport: {deviceLink.LastError}");
            Assert.AreEqual(1, inbox.ConnectionLostCount);
            Assert.IsFalse(deviceLink.IsConnected);
            Assert.IsFalse(deviceLink.Publish($"bioreactor/{device}/state", Bytes("{}", 0), 2, MqttQualityOfService.AtLeastOnce, true, null, null));
            Assert.IsFalse(deviceLink.Connect(device, null, null, MqttQualityOfService.AtMostOnce, false), "connected to a stopped broker");

            broker.Start();
            Assert.IsTrue(deviceLink.Connect(device, $"bioreactor/{device}/availability", Bytes("offline", 0), MqttQualityOfService.AtLeastOnce, true), deviceLink.LastError + Environment.NewLine + broker.Log);
            Assert.IsTrue(deviceLink.Subscribe($"bioreactor/{device}/cmd/#", MqttQualityOfService.AtLeastOnce), deviceLink.LastError);
            MqttNetTransport technician = Transport(Options(TestUsers.Technician, TestUsers.PasswordOf(TestUsers.Technician), MqttProtocolLevel.V500, broker));
            Assert.IsTrue(technician.Connect("technician-after-restart", null, null, MqttQualityOfService.AtMostOnce, false), technician.LastError);
            Assert.IsTrue(technician.Publish($"bioreactor/{device}/cmd/resume", Bytes("{}", 0), 2, MqttQualityOfService.AtLeastOnce, false, null, null), technician.LastError);
            Assert.IsNotNull(inbox.WaitFor(m => m.Topic.EndsWith("/cmd/resume", StringComparison.Ordinal), Arrives), Diagnose("a command after the restart", inbox));
            Assert.AreEqual(1, deviceLink.ConnectionsLost);
        }

        [TestMethod]
        [DataRow("mqttv311")]
        [DataRow("mqttv5")]
        public void StandardClient_MosquittoSubWithoutClientId_ReceivesRetainedAndLiveMessages(string version)
        {
            // The README's watch command as a logged-in technician: mosquitto_sub without -i sends an empty client id with a
            // clean session, which the broker must accept and name (MQTT 3.1.1 §3.1.3.1; MQTT 5.0: Assigned Client Identifier).
            const string device = "br-sub";
            (MqttNetTransport deviceLink, _) = Connected(device);
            string state = $"{{\"retained\":\"{version}\"}}";
            Assert.IsTrue(deviceLink.Publish($"bioreactor/{device}/state", Bytes(state, 0), state.Length, MqttQualityOfService.AtLeastOnce, true, null, null), deviceLink.LastError);

            string[] arguments =
            {
                "-h", "127.0.0.1", "-p", Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", version,
                "-u", TestUsers.Technician, "-P", TestUsers.PasswordOf(TestUsers.Technician),
                "-t", $"bioreactor/{device}/#", "-v", "-C", "2", "-W", "20",
            };
            ClientRun run = StandardClients.RunMosquittoSub(
                arguments,
                () => deviceLink.Publish($"bioreactor/{device}/telemetry", Bytes("{\"live\":1}", 0), 10, MqttQualityOfService.AtLeastOnce, false, null, null),
                TimeSpan.FromSeconds(25));

            Assert.AreEqual(0, run.ExitCode, $"mosquitto_sub -V {version} without a client id on {Broker.Name}: {run}{Environment.NewLine}{Broker.Log}");
            StringAssert.Contains(run.Output, $"bioreactor/{device}/state {state}", run.ToString());
            StringAssert.Contains(run.Output, $"bioreactor/{device}/telemetry {{\"live\":1}}", run.ToString());
        }

        [TestMethod]
        public void StandardClient_AnonymousMosquittoSub_IsRefused()
        {
            string[] arguments = { "-h", "127.0.0.1", "-p", Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "bioreactor/#", "-v", "-C", "1", "-W", "5" };
            ClientRun run = StandardClients.RunMosquittoSub(arguments, null, TimeSpan.FromSeconds(10));

            Assert.AreNotEqual(0, run.ExitCode, $"an anonymous client got in on {Broker.Name}: {run}");
            Assert.AreEqual(string.Empty, run.Output, run.ToString());
            StringAssert.Contains(run.Errors, "Connection Refused", run.ToString());
        }

        [TestMethod]
        public void EmptyClientId_IsAssignedWithACleanSession_RejectedWithout()
        {
            // MQTT 3.1.1 §3.1.3.1 [MQTT-3.1.3-8]: a zero-byte ClientId with CleanSession=0 is answered 0x02, identifier
            // rejected; with CleanSession=1 the server may accept it (mosquitto does, and so must the embedded broker).
            string password = TestUsers.PasswordOf(TestUsers.Technician);
            Assert.AreEqual(0, StandardClients.ConnectWithEmptyClientId(Broker.Port, cleanSession: true, TestUsers.Technician, password), Broker.Log);
            Assert.AreEqual(2, StandardClients.ConnectWithEmptyClientId(Broker.Port, cleanSession: false, TestUsers.Technician, password), Broker.Log);
        }

        [TestMethod]
        public void Acl_ThePlantsPublishCases_HoldOnTheLiveBroker()
        {
            // The access-list tests' cases (MqttAccessListTests.PlantPublishCases) through this broker: an administrator,
            // who may read bioreactor/#, watches which publishes get through. Topics outside bioreactor/ cannot be watched
            // by any role and stay with the access-list tests.
            (MqttNetTransport watcher, RecordingReceiver inbox) = Connected(TestUsers.Administrator);
            Assert.IsTrue(watcher.Subscribe("bioreactor/#", MqttQualityOfService.AtLeastOnce), watcher.LastError);
            var publishers = new Dictionary<string, MqttNetTransport> { [TestUsers.Administrator] = watcher };
            var expected = new List<string>();
            var refused = new List<string>();
            string run = Guid.NewGuid().ToString("N");
            int index = 0;
            foreach (object[] item in MqttAccessListTests.PlantPublishCases)
            {
                string user = (string)item[0];
                string topic = (string)item[1];
                bool allowed = (bool)item[2];
                if (!topic.StartsWith("bioreactor/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!publishers.TryGetValue(user, out MqttNetTransport publisher))
                {
                    (publisher, _) = Connected(user);
                    publishers.Add(user, publisher);
                }

                string payload = $"{run}-{index++}-{user}";
                publisher.Publish(topic, Bytes(payload, 0), payload.Length, MqttQualityOfService.AtLeastOnce, false, null, null);
                (allowed ? expected : refused).Add($"{topic} '{payload}'");
            }

            foreach (string message in expected)
            {
                Assert.IsNotNull(inbox.WaitFor(m => m.ToString() == message, Arrives), $"{Broker.Name} did not deliver {message}, which the acl allows. {inbox.Describe()}");
            }

            Thread.Sleep(Absent);
            foreach (string message in refused)
            {
                Assert.AreEqual(0, inbox.All(m => m.ToString() == message).Count, $"{Broker.Name} delivered {message}, which the acl refuses.");
            }
        }

        [TestMethod]
        public void Anonymous_IsRefused()
        {
            MqttNetTransport anonymous = Transport(Options(null, null, MqttProtocolLevel.V311, Broker));
            Assert.IsFalse(anonymous.Connect("anonymous-tool", null, null, MqttQualityOfService.AtMostOnce, false), $"an anonymous client got in on {Broker.Name}");
            StringAssert.Contains(anonymous.LastError, "refused");
        }

        /// <summary>A connected transport logged in as <paramref name="user"/> (client id = user name, as a device does).</summary>
        private (MqttNetTransport, RecordingReceiver) Connected(string user, MqttProtocolLevel level = MqttProtocolLevel.V500, string willTopic = null)
        {
            var receiver = new RecordingReceiver();
            MqttNetTransport transport = Transport(Options(user, TestUsers.PasswordOf(user), level, Broker));
            transport.SetReceiver(receiver);
            bool connected = willTopic == null
                ? transport.Connect(user, null, null, MqttQualityOfService.AtMostOnce, false)
                : transport.Connect(user, willTopic, Bytes("offline", 0), MqttQualityOfService.AtLeastOnce, true);
            Assert.IsTrue(connected, $"{user} could not connect to {Broker.Name}: {transport.LastError}{Environment.NewLine}{Broker.Log}");
            return (transport, receiver);
        }

        private MqttNetTransport Transport(MqttBrokerOptions options)
        {
            var transport = new MqttNetTransport(options, clientLog.Enqueue);
            transports.Add(transport);
            return transport;
        }

        private static MqttBrokerOptions Options(string user, string password, MqttProtocolLevel level, ITestBroker broker)
        {
            return new MqttBrokerOptions
            {
                Host = "127.0.0.1",
                Port = broker.Port,
                Username = user,
                Password = password,
                ProtocolLevel = level,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                OperationTimeout = TimeSpan.FromSeconds(5),
                KeepAlive = TimeSpan.FromSeconds(15),
            };
        }

        private string Diagnose(string what, RecordingReceiver inbox)
        {
            return $"{what} did not arrive within {Arrives.TotalSeconds} s on {Broker.Name}. Received: {inbox.Describe()}. " +
                   $"Client log: {string.Join(" | ", clientLog)}";
        }

        /// <summary>The UTF-8 bytes of <paramref name="text"/> followed by <paramref name="tail"/> bytes of 0xEE.</summary>
        private static byte[] Bytes(string text, int tail)
        {
            byte[] body = Encoding.UTF8.GetBytes(text);
            byte[] buffer = new byte[body.Length + tail];
            Buffer.BlockCopy(body, 0, buffer, 0, body.Length);
            for (int index = body.Length; index < buffer.Length; index++)
            {
                buffer[index] = 0xEE;
            }

            return buffer;
        }
    }

    /// <summary>Answers each command from inside <see cref="IMqttReceiver.OnMessage"/>, on the transport's delivery thread.</summary>
    internal sealed class EchoingReceiver : IMqttReceiver
    {
        private int answered;

        public MqttNetTransport Transport { get; set; }

        public int Answered => Volatile.Read(ref answered);

        public void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
        {
            string device = topic.Split('/')[1];
            byte[] answer = Encoding.UTF8.GetBytes("{\"ok\":true}");
            if (Transport.Publish($"bioreactor/{device}/response/echo", answer, answer.Length, MqttQualityOfService.AtLeastOnce, false, null, null))
            {
                Interlocked.Increment(ref answered);
            }
        }

        public void OnConnectionLost()
        {
        }
    }
}
