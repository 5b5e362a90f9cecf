using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>The end-to-end tests through a real mosquitto with the repository's configuration and access list.</summary>
    [TestClass]
    public sealed class MosquittoDeviceEndToEndTests : DeviceEndToEndTests
    {
        private static MosquittoBroker broker;

        internal override ITestBroker Broker => broker;

        [ClassInitialize]
        public static void StartBroker(TestContext context)
        {
            broker = new MosquittoBroker();
        }

        [ClassCleanup]
        public static void StopBroker()
        {
            broker?.Dispose();
        }

        internal override ITestBroker CreatePrivateBroker() => new MosquittoBroker();
    }
}
