using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Bioreactor.Control.Ports;
using Bioreactor.Host.Infrastructure.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>The transport and its options without a broker: failures are results, configuration errors are loud.</summary>
    [TestClass]
    public sealed class MqttNetTransportTests
    {
        [TestMethod]
        public void NotConnected_PublishAndSubscribeReturnFalse()
        {
            var log = new ConcurrentQueue<string>();
            using var transport = new MqttNetTransport(new MqttBrokerOptions(), log.Enqueue);

            Assert.IsFalse(transport.IsConnected);
            Assert.IsFalse(transport.Publish("bioreactor/x/state", new byte[] { 1 }, 1, MqttQualityOfService.AtLeastOnce, true, null, null));
            Assert.IsFalse(transport.Subscribe("bioreactor/x/cmd/#", MqttQualityOfService.AtLeastOnce));
            StringAssert.Contains(transport.LastError, "not connected");
            Assert.IsTrue(log.Count >= 2, "each failure is logged");
            transport.Disconnect();
            transport.Abort();
        }

        [TestMethod]
        public void Publish_CountOutsideThePayload_IsRefusedNotThrown()
        {
            using var transport = new MqttNetTransport(new MqttBrokerOptions());
            Assert.IsFalse(transport.Publish("t", new byte[2], 3, MqttQualityOfService.AtMostOnce, false, null, null));
            StringAssert.Contains(transport.LastError, "count 3");
            Assert.IsFalse(transport.Publish("t", null, 1, MqttQualityOfService.AtMostOnce, false, null, null));
        }

        [TestMethod]
        public void Connect_NobodyListening_FailsFastWithTheCause()
        {
            int port = FreePort.Next();
            var receiver = new RecordingReceiver();
            using var transport = new MqttNetTransport(new MqttBrokerOptions { Port = port, ConnectTimeout = TimeSpan.FromSeconds(3) });
            transport.SetReceiver(receiver);

            var clock = Stopwatch.StartNew();
            Assert.IsFalse(transport.Connect("br-x", "bioreactor/br-x/availability", new byte[] { 0x6F }, MqttQualityOfService.AtLeastOnce, true));
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(3), $"a refused TCP connection took {clock.Elapsed}");
            StringAssert.Contains(transport.LastError, $"127.0.0.1:{port}");
            Assert.AreEqual(0, receiver.ConnectionLostCount);
        }

        [TestMethod]
        public void Connect_SilentServer_GivesUpAtTheConnectTimeout()
        {
            // Accepts TCP but never answers CONNECT: the timeout, not the network, must end the wait.
            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                int port = ((IPEndPoint)silent.LocalEndpoint).Port;
                using var transport = new MqttNetTransport(new MqttBrokerOptions { Port = port, ConnectTimeout = TimeSpan.FromMilliseconds(700) });
                var clock = Stopwatch.StartNew();
                Assert.IsFalse(transport.Connect("br-x", null, null, MqttQualityOfService.AtMostOnce, false));
                Assert.IsTrue(clock.Elapsed >= TimeSpan.FromMilliseconds(600) && clock.Elapsed < TimeSpan.FromSeconds(3), $"gave up after {clock.Elapsed}");
                StringAssert.Contains(transport.LastError, "timed out");
            }
            finally
            {
                silent.Stop();
            }
        }

        [TestMethod]
        public void Construction_RejectsBadOptionsAndUnreadableCertificates()
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MqttNetTransport(new MqttBrokerOptions { Port = 0 }));
            Assert.ThrowsExactly<ArgumentException>(() => new MqttNetTransport(new MqttBrokerOptions { Password = "p" }));
            Assert.ThrowsExactly<ArgumentException>(() => new MqttNetTransport(new MqttBrokerOptions { CaCertificateFile = "ca.pem" }));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MqttNetTransport(new MqttBrokerOptions { KeepAlive = TimeSpan.Zero }));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MqttNetTransport(new MqttBrokerOptions { ConnectTimeout = TimeSpan.FromMinutes(10) }));

            string missing = Path.Combine(Path.GetTempPath(), "no-such-ca-" + Guid.NewGuid().ToString("N") + ".pem");
            ArgumentException error = Assert.ThrowsExactly<ArgumentException>(
                () => new MqttNetTransport(new MqttBrokerOptions { UseTls = true, CaCertificateFile = missing }));
            StringAssert.Contains(error.Message, missing);
        }

        [TestMethod]
        [DataRow("broker.plant.example:8883", "broker.plant.example", 8883)]
        [DataRow("10.0.0.5", "10.0.0.5", 1883)]
        [DataRow(" 127.0.0.1:1884 ", "127.0.0.1", 1884)]
        [DataRow("[::1]:1885", "::1", 1885)]
        [DataRow("[fe80::1]", "fe80::1", 1883)]
        public void SetEndpoint_ParsesHostAndPort(string text, string host, int port)
        {
            var options = new MqttBrokerOptions();
            options.SetEndpoint(text);
            Assert.AreEqual(host, options.Host);
            Assert.AreEqual(port, options.Port);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("host:")]
        [DataRow("host:0")]
        [DataRow("host:65536")]
        [DataRow("host:12ab")]
        [DataRow(":1883")]
        [DataRow("::1:1883")]
        [DataRow("[::1")]
        [DataRow("[::1]1883")]
        public void SetEndpoint_RejectsBadText(string text)
        {
            var options = new MqttBrokerOptions();
            Assert.ThrowsExactly<ArgumentException>(() => options.SetEndpoint(text));
            Assert.AreEqual("127.0.0.1", options.Host, "a bad address changes nothing");
        }
    }
}
