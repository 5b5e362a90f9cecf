using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>The broker contract against a real mosquitto with the repository's configuration and access list.</summary>
    [TestClass]
    public sealed class MosquittoTests : BrokerContractTests
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
