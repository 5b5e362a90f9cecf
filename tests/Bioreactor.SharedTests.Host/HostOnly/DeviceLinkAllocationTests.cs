using Bioreactor.Control.Device;
using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Control.Tests.HostOnly
{
    /// <summary>
    /// The link's periodic path allocates nothing (docs/architecture.md rule 3): in steady state, with a batch running, telemetry
    /// published every period and the state republished when it changes, the bytes this thread allocates inside
    /// DeviceLink.AfterTick and DeviceLink.Service are counted (GC.GetAllocatedBytesForCurrentThread) and must be 0.
    /// </summary>
    [TestClass]
    public sealed class DeviceLinkAllocationTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        public void AfterTickAndServiceAllocateNothingInSteadyState()
        {
            var settings = new DeviceLinkSettings { TelemetryPeriodMilliseconds = 1000 };
            var f = new LinkFixture(settings);
            f.Start("LOT-ALLOC", 600);
            f.Run(5000);

            // Swap to a transport that allocates nothing itself, connected the same way.
            var counting = new CountingTransport();
            var link = new DeviceLink(f.Firmware, counting, f.Storage, f.Clock, settings, 99);
            for (int i = 0; i < 200; i++)
            {
                Step(f, link);
            }

            long telemetryBefore = link.TelemetryPublished;
            long allocated = 0;
            const int Ticks = 100000; // 2 000 s of 20 ms ticks
            for (int i = 0; i < Ticks; i++)
            {
                f.Clock.Advance(20);
                f.Firmware.Tick();
                long before = GC.GetAllocatedBytesForCurrentThread();
                link.AfterTick();
                link.Service();
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            long telemetry = link.TelemetryPublished - telemetryBefore;
            TestContext.WriteLine($"{Ticks} ticks: {telemetry} telemetry messages, {counting.Count} publishes in all, {allocated} bytes allocated");
            Assert.IsTrue(telemetry >= 1900, "telemetry every second was published (" + telemetry + ")");
            Assert.AreEqual(0L, allocated, "bytes allocated by AfterTick + Service");
        }

        private static void Step(LinkFixture f, DeviceLink link)
        {
            f.Clock.Advance(20);
            f.Firmware.Tick();
            link.AfterTick();
            link.Service();
        }

        private sealed class CountingTransport : IMqttTransport
        {
            private bool _connected;

            public long Count { get; private set; }

            public bool IsConnected => _connected;

            public void SetReceiver(IMqttReceiver receiver)
            {
            }

            public bool Connect(string clientId, string willTopic, byte[] willPayload, MqttQualityOfService willQuality, bool willRetain)
            {
                _connected = true;
                return true;
            }

            public void Disconnect()
            {
                _connected = false;
            }

            public bool Subscribe(string topicFilter, MqttQualityOfService quality) => true;

            public bool Publish(string topic, byte[] payload, int count, MqttQualityOfService quality, bool retain, string responseTopic,
                byte[] correlationData)
            {
                Count++;
                return true;
            }
        }
    }
}
