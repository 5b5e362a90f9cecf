using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using Bioreactor.Host.Infrastructure.Signing;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Simulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Bioreactor.Host.Infrastructure.Mqtt;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// A technician's, QA's or administrator's tool as a client on the broker: an <see cref="MqttNetTransport"/> logged in
    /// with one of the test accounts, watching the whole tree of one device (<c>bioreactor/&lt;id&gt;/#</c>) and sending
    /// commands with its own response topic (MQTT 5 property) and correlation data.
    /// </summary>
    internal sealed class OperatorClient : IDisposable
    {
        private static int clients;

        // Signers' times: one counter for every client of the test run, so each signature is later than the last.
        private static long signedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        private static readonly ConcurrentDictionary<string, byte[]> Keys = new ConcurrentDictionary<string, byte[]>();

        private readonly ITestBroker broker;
        private readonly string user;
        private readonly string clientId;

        public OperatorClient(ITestBroker broker, string user, string deviceId, MqttProtocolLevel level = MqttProtocolLevel.V500)
        {
            this.broker = broker;
            this.user = user;
            DeviceId = deviceId;
            clientId = user + "-e2e-" + Interlocked.Increment(ref clients);
            Transport = new MqttNetTransport(
                new MqttBrokerOptions
                {
                    Host = "127.0.0.1",
                    Port = broker.Port,
                    Username = user,
                    Password = TestUsers.PasswordOf(user),
                    ProtocolLevel = level,
                    ConnectTimeout = TimeSpan.FromSeconds(5),
                    OperationTimeout = TimeSpan.FromSeconds(5),
                    KeepAlive = TimeSpan.FromSeconds(15),
                });
            Transport.SetReceiver(Inbox);
            Connect();
        }

        public string DeviceId { get; }

        public MqttNetTransport Transport { get; }

        /// <summary>Everything received since construction (across reconnects), in arrival order.</summary>
        public RecordingReceiver Inbox { get; } = new RecordingReceiver();

        /// <summary>Where the device answers this client.</summary>
        public string ResponseTopic => Topic("response/" + user);

        /// <summary>The device's topic <c>bioreactor/&lt;id&gt;/&lt;leaf&gt;</c>.</summary>
        public string Topic(string leaf) => "bioreactor/" + DeviceId + "/" + leaf;

        /// <summary>Connects (again) and subscribes to the device's whole tree; throws when either fails.</summary>
        public void Connect()
        {
            if (!Transport.Connect(clientId, null, null, MqttQualityOfService.AtMostOnce, false))
            {
                throw new InvalidOperationException($"{user} could not connect to {broker.Name}: {Transport.LastError}{Environment.NewLine}{broker.Log}");
            }

            if (!Transport.Subscribe("bioreactor/" + DeviceId + "/#", MqttQualityOfService.AtLeastOnce))
            {
                throw new InvalidOperationException($"{user} could not subscribe on {broker.Name}: {Transport.LastError}");
            }
        }

        /// <summary>
        /// Publishes <paramref name="payload"/> to <c>cmd/&lt;name&gt;</c> (QoS 1, not retained) with this client's response
        /// topic and <paramref name="correlation"/>; false when the broker refused it (MQTT 5 PUBACK) or it could not be sent.
        /// </summary>
        public bool Send(string name, byte[] payload, byte[] correlation = null)
        {
            return Transport.Publish(Topic("cmd/" + name), payload, payload.Length, MqttQualityOfService.AtLeastOnce, false, ResponseTopic, correlation);
        }

        /// <summary>Sends a command object built from <paramref name="fields"/> (id, operator, role, ... in that order).</summary>
        public bool Send(string name, IReadOnlyDictionary<string, object> fields, byte[] correlation = null)
        {
            return Send(name, JsonSerializer.SerializeToUtf8Bytes(fields), correlation);
        }

        /// <summary>The response to command <paramref name="id"/> on this client's response topic, or null (does not wait).</summary>
        public JsonElement? Response(string id)
        {
            ReceivedMessage message = ResponseMessage(id);
            return message == null ? null : Parse(message);
        }

        /// <summary>The response message to command <paramref name="id"/>, or null (does not wait).</summary>
        public ReceivedMessage ResponseMessage(string id)
        {
            return Inbox.WaitFor(m => m.Topic == ResponseTopic && IdOf(m) == id, TimeSpan.Zero);
        }

        /// <summary>The response carrying MQTT 5 correlation data <paramref name="correlation"/>, or null (does not wait).</summary>
        public ReceivedMessage ResponseByCorrelation(byte[] correlation)
        {
            return Inbox.WaitFor(
                m => m.Topic == ResponseTopic && m.CorrelationData != null && m.CorrelationData.AsSpan().SequenceEqual(correlation),
                TimeSpan.Zero);
        }

        /// <summary>Parsed messages on the device's topic <paramref name="leaf"/>, in arrival order.</summary>
        public List<JsonElement> Messages(string leaf)
        {
            var parsed = new List<JsonElement>();
            string topic = Topic(leaf);
            foreach (ReceivedMessage message in Inbox.All(m => m.Topic == topic))
            {
                parsed.Add(Parse(message));
            }

            return parsed;
        }

        /// <summary>Texts of the messages on the device's topic <paramref name="leaf"/>, in arrival order.</summary>
        public List<string> Texts(string leaf)
        {
            string topic = Topic(leaf);
            return Inbox.All(m => m.Topic == topic).ConvertAll(m => m.Text);
        }

        public static JsonElement Parse(ReceivedMessage message)
        {
            using JsonDocument document = JsonDocument.Parse(message.Payload);
            return document.RootElement.Clone();
        }

        /// <summary>A read-only (unsigned) command object: id first, then <paramref name="more"/> as name/value pairs.</summary>
        public static Dictionary<string, object> Query(string id, params object[] more)
        {
            var fields = new Dictionary<string, object> { ["id"] = id };
            for (int index = 0; index + 1 < more.Length; index += 2)
            {
                fields[(string)more[index]] = more[index + 1];
            }

            return fields;
        }

        /// <summary>
        /// A command signed by <paramref name="operatorId"/> with the simulator's demonstration password (or
        /// <paramref name="password"/>) for this client's device in <paramref name="session"/>: id, operator, meaning (the
        /// command's usual one unless <paramref name="more"/> gives "meaning") and a fresh signedAt, then
        /// <paramref name="more"/> as name/value pairs, then the signature.
        /// </summary>
        public byte[] Signed(string session, string command, string id, string operatorId, object[] more, string password = null)
        {
            Dictionary<string, object> fields = Query(id);
            fields["operator"] = operatorId;
            fields["meaning"] = CommandSigner.UsualMeaning(command);
            fields["signedAt"] = Interlocked.Increment(ref signedAt);
            for (int index = 0; index + 1 < more.Length; index += 2)
            {
                fields[(string)more[index]] = more[index + 1];
            }

            byte[] key = KeyOf(operatorId, password ?? SimulatorOperators.PasswordOf(operatorId));
            return CommandSigner.Sign(DeviceId, session, command, JsonSerializer.SerializeToUtf8Bytes(fields), new HmacSha256Authenticator(key));
        }

        // The key a person derives from their password with the salt and iterations of the simulator's directory (cached:
        // 600 000 iterations take a noticeable fraction of a second).
        private static byte[] KeyOf(string operatorId, string password)
        {
            return Keys.GetOrAdd(operatorId + "\n" + password, _ =>
            {
                ValidationResult parsed = OperatorDirectory.Parse(SimulatorOperators.DirectoryText, out OperatorDirectory directory);
                Assert.IsTrue(parsed.IsValid, parsed.Text);
                OperatorCredential credential = directory.GetCredential(operatorId) ?? directory.GetCredential(SimulatorOperators.TechnicianId);
                return OperatorSigning.DeriveKey(password, credential.Salt, credential.Iterations);
            });
        }

        public void Dispose() => Transport.Dispose();

        private static string IdOf(ReceivedMessage message)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(message.Payload);
                return document.RootElement.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
