using System;
using System.Collections.Concurrent;
using System.IO;
using Bioreactor.Host.Infrastructure.Mqtt;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// The simulator's embedded broker with the test users in a mosquitto password file (hashed by mosquitto_passwd when
    /// installed, see <see cref="PasswordFiles"/>) and the repository's access list (tools/mosquitto/acl): the same two
    /// files a mosquitto for the plant reads.
    /// </summary>
    internal sealed class EmbeddedTestBroker : ITestBroker
    {
        private readonly ConcurrentQueue<string> log = new ConcurrentQueue<string>();
        private readonly string directory;

        public EmbeddedTestBroker()
        {
            directory = Directory.CreateTempSubdirectory("bioreactor-embedded-").FullName;
            string passwordPath = Path.Combine(directory, "passwd");
            log.Enqueue("password file hashed by " + PasswordFiles.Write(passwordPath, TestUsers.All()));
            Broker = new EmbeddedBroker(
                new EmbeddedBrokerOptions
                {
                    Port = 0,
                    PasswordFile = MqttPasswordFile.Load(passwordPath),
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

        public void Dispose()
        {
            Broker.Dispose();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temporary directory left behind is harmless.
            }
        }
    }
}
