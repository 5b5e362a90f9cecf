using System;
using System.IO;
using Bioreactor.Control.Ports;
using Bioreactor.Host.Infrastructure.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// TLS against mosquitto running the configuration's commented TLS example (switched on with a throw-away CA): the
    /// transport trusts the broker only through the CA file it is given.
    /// </summary>
    [TestClass]
    public sealed class MosquittoTlsTests
    {
        private static string directory;
        private static TlsFiles plantCa;
        private static TlsFiles otherCa;
        private static MosquittoBroker broker;

        [ClassInitialize]
        public static void StartBroker(TestContext context)
        {
            directory = Directory.CreateTempSubdirectory("bioreactor-tls-").FullName;
            plantCa = TlsFiles.Create(directory, "plant");
            otherCa = TlsFiles.Create(directory, "other");
            broker = new MosquittoBroker(plantCa);
        }

        [ClassCleanup]
        public static void StopBroker()
        {
            broker?.Dispose();
            if (directory != null)
            {
                Directory.Delete(directory, true);
            }
        }

        [TestMethod]
        public void WithThePlantCa_ConnectsAndCarriesMessages()
        {
            var inbox = new RecordingReceiver();
            using MqttNetTransport technician = Technician(options => options.CaCertificateFile = plantCa.CaCertificatePath);
            technician.SetReceiver(inbox);

            Assert.IsTrue(technician.Connect("tls-technician", null, null, MqttQualityOfService.AtMostOnce, false), technician.LastError + Environment.NewLine + broker.Log);
            Assert.IsTrue(technician.Subscribe("bioreactor/br-tls/cmd/#", MqttQualityOfService.AtLeastOnce), technician.LastError);
            Assert.IsTrue(technician.Publish("bioreactor/br-tls/cmd/status", new byte[] { 0x7B, 0x7D }, 2, MqttQualityOfService.AtLeastOnce, false, null, null), technician.LastError);
            Assert.IsNotNull(inbox.WaitFor(m => m.Topic == "bioreactor/br-tls/cmd/status", TimeSpan.FromSeconds(5)), inbox.Describe());
        }

        [TestMethod]
        public void WithAnotherCaOrTheSystemStore_IsRefused()
        {
            using MqttNetTransport wrongCa = Technician(options => options.CaCertificateFile = otherCa.CaCertificatePath);
            Assert.IsFalse(wrongCa.Connect("tls-wrong-ca", null, null, MqttQualityOfService.AtMostOnce, false));
            StringAssert.Contains(wrongCa.LastError, "not trusted");

            using MqttNetTransport systemStore = Technician(options => { });
            Assert.IsFalse(systemStore.Connect("tls-system-store", null, null, MqttQualityOfService.AtMostOnce, false));
            StringAssert.Contains(systemStore.LastError, "RemoteCertificateChainErrors");
        }

        [TestMethod]
        public void WrongHostName_IsRefusedEvenWithThePlantCa()
        {
            // The certificate names 127.0.0.1 only; "localhost" is the same machine but not the name it was issued to.
            using MqttNetTransport misnamed = Technician(options =>
            {
                options.CaCertificateFile = plantCa.CaCertificatePath;
                options.Host = "localhost";
            });
            Assert.IsFalse(misnamed.Connect("tls-misnamed", null, null, MqttQualityOfService.AtMostOnce, false));
            StringAssert.Contains(misnamed.LastError, "RemoteCertificateNameMismatch");
        }

        [TestMethod]
        public void AllowUntrusted_ForTestsOnly_Connects()
        {
            using MqttNetTransport careless = Technician(options => options.AllowUntrustedCertificates = true);
            Assert.IsTrue(careless.Connect("tls-untrusted", null, null, MqttQualityOfService.AtMostOnce, false), careless.LastError);
        }

        private static MqttNetTransport Technician(Action<MqttBrokerOptions> configure)
        {
            var options = new MqttBrokerOptions
            {
                Host = "127.0.0.1",
                Port = broker.TlsPort,
                UseTls = true,
                Username = TestUsers.Technician,
                Password = TestUsers.PasswordOf(TestUsers.Technician),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                OperationTimeout = TimeSpan.FromSeconds(5),
            };
            configure(options);
            return new MqttNetTransport(options);
        }
    }
}
