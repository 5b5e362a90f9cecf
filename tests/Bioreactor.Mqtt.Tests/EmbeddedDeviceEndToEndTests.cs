using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>The end-to-end tests through the simulator's embedded broker with the same users and access list.</summary>
    [TestClass]
    public sealed class EmbeddedDeviceEndToEndTests : DeviceEndToEndTests
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
    }
}
