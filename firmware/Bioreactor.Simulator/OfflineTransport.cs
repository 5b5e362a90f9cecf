using Bioreactor.Control.Ports;

namespace Bioreactor.Simulator;

/// <summary>
/// The transport of a simulator run without MQTT (<c>--no-mqtt</c>): never connected, so the device's link only takes the
/// commands handed to it in the process (the simulated technician's signed commands) and keeps its answers to itself.
/// </summary>
internal sealed class OfflineTransport : IMqttTransport
{
    public bool IsConnected => false;

    public void SetReceiver(IMqttReceiver receiver)
    {
    }

    public bool Connect(string clientId, string willTopic, byte[] willPayload, MqttQualityOfService willQuality, bool willRetain) => false;

    public void Disconnect()
    {
    }

    public bool Subscribe(string topicFilter, MqttQualityOfService quality) => false;

    public bool Publish(string topic, byte[] payload, int length, MqttQualityOfService quality, bool retain, string responseTopic,
        byte[] correlationData) => false;
}
