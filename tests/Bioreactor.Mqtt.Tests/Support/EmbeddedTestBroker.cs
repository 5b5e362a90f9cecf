using System;
using System.Collections.Concurrent;
using System.IO;
using Bioreactor.Host.Infrastructure.Mqtt;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>The simulator's embedded broker with the test users and the repository's access list (tools/mosquitto/acl).</summary>
    internal sealed class EmbeddedTestBroker : ITestBroker
    {
        private readonly ConcurrentQueue<string> log = new ConcurrentQueue<string>();

        public EmbeddedTestBroker()
        {
            Broker = new EmbeddedBroker(
                new EmbeddedBrokerOptions
                {
                    Port = 0,
                    Users = TestUsers.All(),
                    AccessList = MqttAccessList.Load(Path.Combine(AppContext.BaseDirectory, "mosquitto", "acl")),
                },
                log.Enqueue);
            Broker.Start();
        }

        public EmbeddedBroker Broker { get; }

        public string Name => "embedded";

        public int Port => Broker.Port;

        public string Log => string.Join(Environment.NewLine, log);

        public void Start() => Broker.Start();

        public void Stop() => Broker.Stop();

        public void Dispose() => Broker.Dispose();
    }
}
