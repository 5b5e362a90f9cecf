using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Bioreactor.Control.Ports;
using Bioreactor.Host.Infrastructure.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>The broker contract against the simulator's embedded broker, plus what only the embedded broker has.</summary>
    [TestClass]
    public sealed class EmbeddedBrokerTests : BrokerContractTests
    {
        private static EmbeddedTestBroker broker;

        internal override ITestBroker Broker => broker;

        [ClassInitialize]
        public static void StartBroker(TestContext context)
        {
            broker = new EmbeddedTestBroker();
        }

        [ClassCleanup]
        public static void StopBroker()
        {
            broker?.Dispose();
        }

        internal override ITestBroker CreatePrivateBroker() => new EmbeddedTestBroker();

        [TestMethod]
        public void TakenPort_IsReportedWithTheOptionToChangeIt()
        {
            var holder = new TcpListener(IPAddress.Loopback, 0);
            holder.Start();
            try
            {
                int port = ((IPEndPoint)holder.LocalEndpoint).Port;
                using var second = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = port, PortOptionHint = "--broker-port <port>" });
                BrokerPortUnavailableException error = Assert.ThrowsExactly<BrokerPortUnavailableException>(() => second.Start());
                Assert.AreEqual(port, error.Port);
                StringAssert.Contains(error.Message, $"127.0.0.1:{port}");
                StringAssert.Contains(error.Message, "already in use");
                StringAssert.Contains(error.Message, "--broker-port <port>");
                Assert.IsFalse(second.IsRunning);
            }
            finally
            {
                holder.Stop();
            }
        }

        [TestMethod]
        public void Counts_ClientsMessagesAndRefusals()
        {
            using var counted = new EmbeddedTestBroker();
            EmbeddedBroker embedded = counted.Broker;
            var options = new MqttBrokerOptions { Port = counted.Port, Username = TestUsers.Qa, Password = TestUsers.PasswordOf(TestUsers.Qa) };
            using var qa = new MqttNetTransport(options);
            using var intruder = new MqttNetTransport(new MqttBrokerOptions { Port = counted.Port, Username = TestUsers.Qa, Password = "wrong" });

            Assert.IsTrue(qa.Connect("qa-tool", null, null, MqttQualityOfService.AtMostOnce, false), qa.LastError);
            Assert.IsFalse(intruder.Connect("qa-intruder", null, null, MqttQualityOfService.AtMostOnce, false));
            Assert.IsTrue(qa.Publish("bioreactor/br-count/cmd/records", new byte[] { 0x7B, 0x7D }, 2, MqttQualityOfService.AtLeastOnce, false, null, null), qa.LastError);
            Assert.IsFalse(qa.Publish("bioreactor/br-count/cmd/abort", new byte[] { 0x7B, 0x7D }, 2, MqttQualityOfService.AtLeastOnce, false, null, null));
            Assert.IsFalse(qa.Subscribe("#", MqttQualityOfService.AtMostOnce), "QA may read bioreactor/# only");

            Assert.IsTrue(SpinWait.SpinUntil(() => embedded.ConnectedClients == 1, 5000), $"clients: {embedded.ConnectedClients}");
            Assert.AreEqual(1L, embedded.MessagesReceived);
            Assert.AreEqual(1L, embedded.MessagesRefused);
            Assert.AreEqual(1L, embedded.SubscriptionsRefused);
            Assert.AreEqual(1L, embedded.ConnectionsRefused);

            qa.Disconnect();
            Assert.IsTrue(SpinWait.SpinUntil(() => embedded.ConnectedClients == 0, 5000), $"clients: {embedded.ConnectedClients}");
        }

        [TestMethod]
        public void WithoutUsersOrAccessList_AnonymousClientsMayDoEverything()
        {
            using var open = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 });
            open.Start();
            var inbox = new RecordingReceiver();
            using var client = new MqttNetTransport(new MqttBrokerOptions { Port = open.Port });
            client.SetReceiver(inbox);

            Assert.IsTrue(client.Connect("anonymous-tool", null, null, MqttQualityOfService.AtMostOnce, false), client.LastError);
            Assert.IsTrue(client.Subscribe("#", MqttQualityOfService.AtLeastOnce), client.LastError);
            Assert.IsTrue(client.Publish("any/topic", new byte[] { 1 }, 1, MqttQualityOfService.AtLeastOnce, false, null, null), client.LastError);
            Assert.IsNotNull(inbox.WaitFor(m => m.Topic == "any/topic", Arrives), inbox.Describe());
        }

        [TestMethod]
        public void DefaultOptions_ListenOnLoopbackPort1883_Anonymous()
        {
            var options = new EmbeddedBrokerOptions();
            Assert.AreEqual(IPAddress.Loopback, options.BindAddress);
            Assert.AreEqual(1883, options.Port);
            Assert.IsNull(options.PasswordFile);
            Assert.IsNull(options.AccessList);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 70000 }));
        }

        [TestMethod]
        public void OpenBroker_ListensOnLoopbackOnly_AUsersFileLetsItListenElsewhere()
        {
            ArgumentException open = Assert.ThrowsExactly<ArgumentException>(
                () => new EmbeddedBroker(new EmbeddedBrokerOptions { BindAddress = IPAddress.Any, Port = 0, UsersOptionHint = "--broker-users <file>" }));
            StringAssert.Contains(open.Message, "loopback only");
            StringAssert.Contains(open.Message, "--broker-users <file>");
            Assert.ThrowsExactly<ArgumentException>(() => new EmbeddedBroker(new EmbeddedBrokerOptions { BindAddress = IPAddress.IPv6Any, Port = 0 }));
            _ = new EmbeddedBroker(new EmbeddedBrokerOptions { BindAddress = IPAddress.IPv6Loopback, Port = 0 });

            MqttPasswordFile users = MqttPasswordFile.Parse(PasswordFileTests.MosquittoPbkdf2Line + "\n", "passwd");
            using var closed = new EmbeddedBroker(new EmbeddedBrokerOptions { BindAddress = IPAddress.Any, Port = 0, PasswordFile = users });
            closed.Start();
            Assert.AreEqual($"embedded MQTT broker on 0.0.0.0:{closed.Port}: users from passwd (1), anonymous clients refused; no access list (every user may use every topic)", closed.Describe());
        }

        [TestMethod]
        public void FirstLine_SaysTheMode()
        {
            var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var open = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 }, lines.Enqueue);
            open.Start();
            Assert.IsTrue(lines.TryPeek(out string first));
            Assert.AreEqual($"embedded MQTT broker on 127.0.0.1:{open.Port}: open to anyone on this machine (loopback only, no users file)", first);

            string acl = Path.Combine(AppContext.BaseDirectory, "mosquitto", "acl");
            MqttAccessList plant = MqttAccessList.Load(acl);
            using var guarded = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0, AccessList = plant });
            guarded.Start();
            Assert.AreEqual(
                $"embedded MQTT broker on 127.0.0.1:{guarded.Port}: open to anyone on this machine (loopback only, no users file); access list {acl} ({plant.RuleCount} rules)",
                guarded.Describe());
            StringAssert.StartsWith(broker.Broker.Describe(), $"embedded MQTT broker on 127.0.0.1:{broker.Port}: users from ");
            StringAssert.Contains(broker.Broker.Describe(), $"anonymous clients refused; access list {acl} ({plant.RuleCount} rules)");
        }

        [TestMethod]
        public void ReadmeWatchCommand_OnTheDefaultOpenBroker_ReceivesRetainedAndLiveMessages()
        {
            // The README's command, `mosquitto_sub -h 127.0.0.1 -t 'bioreactor/#' -v`: MQTT 3.1.1, no client id, no user.
            using var open = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 });
            open.Start();
            using var device = new MqttNetTransport(new MqttBrokerOptions { Port = open.Port, Username = "br-readme" });
            Assert.IsTrue(device.Connect("br-readme", null, null, MqttQualityOfService.AtMostOnce, false), device.LastError);
            byte[] state = System.Text.Encoding.UTF8.GetBytes("{\"state\":\"Idle\"}");
            Assert.IsTrue(device.Publish("bioreactor/br-readme/state", state, state.Length, MqttQualityOfService.AtLeastOnce, true, null, null), device.LastError);

            ClientRun run = StandardClients.RunMosquittoSub(
                new[] { "-h", "127.0.0.1", "-p", open.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "bioreactor/#", "-v", "-C", "2", "-W", "20" },
                () => device.Publish("bioreactor/br-readme/telemetry", new byte[] { 0x7B, 0x7D }, 2, MqttQualityOfService.AtLeastOnce, false, null, null),
                TimeSpan.FromSeconds(25));

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Output, "bioreactor/br-readme/state {\"state\":\"Idle\"}", run.ToString());
            StringAssert.Contains(run.Output, "bioreactor/br-readme/telemetry {}", run.ToString());
        }

        [TestMethod]
        public void EmptyClientId_OnTheOpenBroker_AsMosquitto()
        {
            using var open = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 });
            open.Start();
            Assert.AreEqual(0, StandardClients.ConnectWithEmptyClientId(open.Port, cleanSession: true, null, null));
            Assert.AreEqual(2, StandardClients.ConnectWithEmptyClientId(open.Port, cleanSession: false, null, null));
        }
    }
}
