namespace Bioreactor.Control.Ports
{
    /// <summary>MQTT quality of service (MQTT 3.1.1 §4.3, MQTT 5.0 §4.3).</summary>
    public enum MqttQualityOfService
    {
        /// <summary>QoS 0: at most once.</summary>
        AtMostOnce = 0,

        /// <summary>QoS 1: at least once.</summary>
        AtLeastOnce = 1,

        /// <summary>QoS 2: exactly once.</summary>
        ExactlyOnce = 2,
    }

    /// <summary>
    /// What a transport hears, handed to the protocol. Called on the transport's own thread (M2Mqtt's receive thread on the
    /// ESP32, MQTTnet's on the host): implementations copy what they need and return at once, never blocking.
    /// </summary>
    public interface IMqttReceiver
    {
        /// <summary>
        /// A message arrived on a subscribed topic. <paramref name="responseTopic"/> and <paramref name="correlationData"/> are
        /// the MQTT 5 properties (null when absent or on MQTT 3.1.1). The arrays belong to the receiver after the call.
        /// </summary>
        void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData);

        /// <summary>The connection to the broker was lost (not called for <see cref="IMqttTransport.Disconnect"/>).</summary>
        void OnConnectionLost();
    }

    /// <summary>
    /// The board's MQTT client: M2Mqtt on the ESP32, MQTTnet on the virtual board. Broker address, credentials and TLS are the
    /// board's configuration, given to the transport when it is built; the protocol decides when to connect, what the will
    /// is, and what to publish. Connect and Publish may block on the network, so the protocol calls them from its
    /// communication thread, never from the control thread. Failures are results, not exceptions: implementations catch
    /// their library's exceptions.
    /// </summary>
    public interface IMqttTransport
    {
        /// <summary>True while a session with the broker is up.</summary>
        bool IsConnected { get; }

        /// <summary>Sets who receives messages and connection loss; call before <see cref="Connect"/>.</summary>
        void SetReceiver(IMqttReceiver receiver);

        /// <summary>
        /// Opens a clean session as <paramref name="clientId"/> with a will (published by the broker when the session ends
        /// without a disconnect). Blocks until the broker answers or the transport's timeout passes.
        /// </summary>
        /// <returns>True when connected.</returns>
        bool Connect(string clientId, string willTopic, byte[] willPayload, MqttQualityOfService willQuality, bool willRetain);

        /// <summary>Ends the session cleanly (the broker discards the will). Harmless when not connected.</summary>
        void Disconnect();

        /// <summary>Subscribes to a topic filter; true when the broker granted it.</summary>
        bool Subscribe(string topicFilter, MqttQualityOfService quality);

        /// <summary>
        /// Publishes the first <paramref name="count"/> bytes of <paramref name="payload"/> (the transport copies them if it
        /// needs them after returning). <paramref name="responseTopic"/> and <paramref name="correlationData"/> are sent as MQTT
        /// 5 properties when the session is MQTT 5 and they are not null.
        /// </summary>
        /// <returns>True when the message was handed to the session (QoS 1/2: queued for acknowledgement).</returns>
        bool Publish(string topic, byte[] payload, int count, MqttQualityOfService quality, bool retain, string responseTopic,
            byte[] correlationData);
    }
}
