using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Bioreactor.Control.Ports;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>One message as a transport handed it to its receiver.</summary>
    internal sealed class ReceivedMessage
    {
        public ReceivedMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
        {
            Topic = topic;
            Payload = payload;
            ResponseTopic = responseTopic;
            CorrelationData = correlationData;
        }

        public string Topic { get; }

        public byte[] Payload { get; }

        public string ResponseTopic { get; }

        public byte[] CorrelationData { get; }

        public string Text => Encoding.UTF8.GetString(Payload);

        public override string ToString() => $"{Topic} '{Text}'";
    }

    /// <summary>An <see cref="IMqttReceiver"/> that records everything and lets a test wait for a condition with a timeout.</summary>
    internal sealed class RecordingReceiver : IMqttReceiver
    {
        private readonly object gate = new object();
        private readonly List<ReceivedMessage> messages = new List<ReceivedMessage>();
        private int connectionLostCount;

        public int ConnectionLostCount
        {
            get
            {
                lock (gate)
                {
                    return connectionLostCount;
                }
            }
        }

        public void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
        {
            lock (gate)
            {
                messages.Add(new ReceivedMessage(topic, payload, responseTopic, correlationData));
                Monitor.PulseAll(gate);
            }
        }

        public void OnConnectionLost()
        {
            lock (gate)
            {
                connectionLostCount++;
                Monitor.PulseAll(gate);
            }
        }

        /// <summary>The first message (in arrival order) matching, waiting up to <paramref name="timeout"/>; null if none came.</summary>
        public ReceivedMessage WaitFor(Func<ReceivedMessage, bool> match, TimeSpan timeout)
        {
            ReceivedMessage found = null;
            WaitUntil(() => (found = FirstLocked(match)) != null, timeout);
            return found;
        }

        /// <summary>Waits up to <paramref name="timeout"/> for a connection loss; true when one was reported.</summary>
        public bool WaitForConnectionLost(TimeSpan timeout)
        {
            return WaitUntil(() => connectionLostCount > 0, timeout);
        }

        /// <summary>All messages matching, in arrival order.</summary>
        public List<ReceivedMessage> All(Func<ReceivedMessage, bool> match)
        {
            lock (gate)
            {
                return messages.FindAll(message => match(message));
            }
        }

        /// <summary>Every message so far, for failure messages.</summary>
        public string Describe()
        {
            lock (gate)
            {
                return messages.Count == 0 ? "(nothing received)" : string.Join("; ", messages);
            }
        }

        private ReceivedMessage FirstLocked(Func<ReceivedMessage, bool> match)
        {
            return messages.Find(message => match(message));
        }

        private bool WaitUntil(Func<bool> condition, TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            lock (gate)
            {
                while (!condition())
                {
                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        return false;
                    }

                    Monitor.Wait(gate, left);
                }

                return true;
            }
        }
    }
}
