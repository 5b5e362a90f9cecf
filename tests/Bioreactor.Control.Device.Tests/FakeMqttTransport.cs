#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using System.Collections;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Protocol;

namespace Bioreactor.Control.Tests
{
    /// <summary>One message the fake transport was asked to publish (payload copied).</summary>
    public sealed class FakeMessage
    {
        /// <summary>Topic.</summary>
        public string Topic;

        /// <summary>The published bytes.</summary>
        public byte[] Payload;

        /// <summary>QoS.</summary>
        public MqttQualityOfService Quality;

        /// <summary>Retain flag.</summary>
        public bool Retain;

        /// <summary>MQTT 5 response topic property.</summary>
        public string ResponseTopic;

        /// <summary>MQTT 5 correlation data property.</summary>
        public byte[] CorrelationData;

        /// <summary>The payload parsed with the core's reader (fails the test when it is not JSON).</summary>
        public JsonValue Json()
        {
            var reader = new JsonReader(1 << 20, 16, 100000);
            JsonValue value = reader.Parse(Payload, 0, Payload.Length);
            Assert.IsNotNull(value, "payload on " + Topic + " is JSON: " + reader.Error);
            return value;
        }

        /// <summary>The payload as text.</summary>
        public string Text()
        {
            return Utf8Text.Decode(Payload, 0, Payload.Length);
        }
    }

    /// <summary>
    /// The broker-less MQTT transport of every test that runs the device's link (the shared protocol tests, the host's
    /// allocation and 14-day fetch tests): remembers the will, subscriptions and every publish, can be taken down
    /// (connects fail) and can drop the session, and delivers commands straight to the receiver.
    /// </summary>
    public sealed class FakeMqttTransport : IMqttTransport
    {
        private IMqttReceiver _receiver;

        /// <summary>Every publish accepted, in order.</summary>
        public readonly ArrayList Published = new ArrayList();

        /// <summary>Subscribed filters.</summary>
        public readonly ArrayList Subscriptions = new ArrayList();

        /// <summary>Creates a transport whose broker is up and that keeps every message.</summary>
        public FakeMqttTransport()
        {
            BrokerUp = true;
            KeepsMessages = true;
        }

        /// <summary>
        /// While false, a publish is only counted (<see cref="PublishCount"/>), neither copied nor kept, so the transport
        /// allocates nothing itself (the allocation tests measure the device's own bytes).
        /// </summary>
        public bool KeepsMessages { get; set; }

        /// <summary>Publishes accepted while connected, kept or not.</summary>
        public long PublishCount { get; private set; }

        /// <summary>While false, Connect fails.</summary>
        public bool BrokerUp { get; set; }

        /// <summary>Connect calls.</summary>
        public int ConnectCalls { get; private set; }

        /// <summary>The will topic of the last Connect.</summary>
        public string WillTopic { get; private set; }

        /// <summary>The will payload of the last Connect.</summary>
        public string WillText { get; private set; }

        /// <summary>The will retain flag of the last Connect.</summary>
        public bool WillRetain { get; private set; }

        /// <summary>The client id of the last Connect.</summary>
        public string ClientId { get; private set; }

        /// <inheritdoc/>
        public bool IsConnected { get; private set; }

        /// <inheritdoc/>
        public void SetReceiver(IMqttReceiver receiver)
        {
            _receiver = receiver;
        }

        /// <inheritdoc/>
        public bool Connect(string clientId, string willTopic, byte[] willPayload, MqttQualityOfService willQuality, bool willRetain)
        {
            ConnectCalls++;
            if (!BrokerUp)
            {
                return false;
            }

            ClientId = clientId;
            WillTopic = willTopic;
            WillText = Utf8Text.Decode(willPayload, 0, willPayload.Length);
            WillRetain = willRetain;
            IsConnected = true;
            return true;
        }

        /// <inheritdoc/>
        public void Disconnect()
        {
            IsConnected = false;
        }

        /// <inheritdoc/>
        public bool Subscribe(string topicFilter, MqttQualityOfService quality)
        {
            Subscriptions.Add(topicFilter);
            return IsConnected;
        }

        /// <inheritdoc/>
        public bool Publish(string topic, byte[] payload, int count, MqttQualityOfService quality, bool retain, string responseTopic,
            byte[] correlationData)
        {
            if (!IsConnected)
            {
                return false;
            }

            PublishCount++;
            if (!KeepsMessages)
            {
                return true;
            }

            var message = new FakeMessage();
            message.Topic = topic;
            message.Payload = new byte[count];
            Array.Copy(payload, message.Payload, count);
            message.Quality = quality;
            message.Retain = retain;
            message.ResponseTopic = responseTopic;
            message.CorrelationData = correlationData;
            Published.Add(message);
            return true;
        }

        /// <summary>The broker goes away: the session drops and connects fail until <see cref="BrokerUp"/> is set again.</summary>
        public void GoDown()
        {
            BrokerUp = false;
            IsConnected = false;
            _receiver.OnConnectionLost();
        }

        /// <summary>A message arrives for the device.</summary>
        public void Deliver(string topic, byte[] payload, string responseTopic, byte[] correlationData)
        {
            _receiver.OnMessage(topic, payload, responseTopic, correlationData);
        }

        /// <summary>Messages published on <paramref name="topic"/>, in order.</summary>
        public FakeMessage[] On(string topic)
        {
            int n = 0;
            for (int i = 0; i < Published.Count; i++)
            {
                if (((FakeMessage)Published[i]).Topic == topic)
                {
                    n++;
                }
            }

            var result = new FakeMessage[n];
            n = 0;
            for (int i = 0; i < Published.Count; i++)
            {
                var m = (FakeMessage)Published[i];
                if (m.Topic == topic)
                {
                    result[n++] = m;
                }
            }

            return result;
        }

        /// <summary>The last message on <paramref name="topic"/>, or null.</summary>
        public FakeMessage Last(string topic)
        {
            for (int i = Published.Count - 1; i >= 0; i--)
            {
                var m = (FakeMessage)Published[i];
                if (m.Topic == topic)
                {
                    return m;
                }
            }

            return null;
        }
    }
}
