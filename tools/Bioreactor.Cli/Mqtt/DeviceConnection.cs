using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Host.Infrastructure.Mqtt;

namespace Bioreactor.Cli.Mqtt;

/// <summary>A message a device published (availability, birth, state, telemetry, event), as received.</summary>
internal sealed record DeviceMessage(string Device, string Kind, string Text, JsonElement? Json);

/// <summary>
/// One session with the broker for one command run (docs/mqtt-protocol.md): the virtual board's MQTTnet transport
/// (<see cref="MqttNetTransport"/>: TLS, CA file, timeouts) as an MQTT client of its own. Commands go to
/// <c>bioreactor/&lt;device&gt;/cmd/&lt;name&gt;</c> with QoS 1, never retained, with the MQTT 5 response topic
/// <c>bioreactor/&lt;device&gt;/response/&lt;client id&gt;</c> and random correlation data (on MQTT 3.1.1 the response
/// topic travels as <c>replyTo</c> in the payload); the answer is matched by its correlation data and the payload's
/// <c>id</c>, which is unique per run.
/// </summary>
internal sealed class DeviceConnection : IMqttReceiver, IDisposable
{
    private readonly ConnectionSettings settings;
    private readonly MqttNetTransport transport;
    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> availability = new(StringComparer.Ordinal);
    private readonly HashSet<string> responseSubscriptions = new(StringComparer.Ordinal);
    private readonly string runId;
    private int commandCounter;
    private SemaphoreSlim markerArrived;

    private DeviceConnection(ConnectionSettings settings)
    {
        this.settings = settings;
        runId = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        ClientId = "bioreactor-cli-" + runId;
        try
        {
            transport = new MqttNetTransport(settings.Broker);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        transport.SetReceiver(this);
    }

    /// <summary>This run's MQTT client id (also the last level of its response topic).</summary>
    public string ClientId { get; }

    /// <summary>Receives every device message of the subscriptions made with <see cref="Listen"/> (on MQTTnet's delivery thread).</summary>
    public Action<DeviceMessage> Received { get; set; }

    /// <summary>Set when the broker connection drops during the run.</summary>
    public bool ConnectionLost { get; private set; }

    /// <summary>Connects to the broker.</summary>
    /// <exception cref="CliException">The broker refused or could not be reached; the message says which and where.</exception>
    public static DeviceConnection Open(ConnectionSettings settings)
    {
        var connection = new DeviceConnection(settings);
        if (!connection.transport.Connect(connection.ClientId, null, null, MqttQualityOfService.AtMostOnce, false))
        {
            string cause = connection.transport.LastError ?? "unknown cause";
            connection.Dispose();
            throw new CliException($"cannot connect to the MQTT broker at {settings.Endpoint}: {cause}. Check --broker (or BIOREACTOR_BROKER), "
                + "the credentials and --tls");
        }

        return connection;
    }

    /// <summary>
    /// The device to talk to: the configured one, else the only device with a retained availability on the broker.
    /// </summary>
    /// <exception cref="CliException">No device, or several: the message lists them and asks for --device.</exception>
    public string ResolveDevice()
    {
        if (settings.Device != null)
        {
            return settings.Device;
        }

        List<string> seen = DiscoverDevices();
        if (seen.Count == 1)
        {
            return seen[0];
        }

        if (seen.Count == 0)
        {
            throw new CliException($"no device seen on {settings.Endpoint} (no retained bioreactor/<id>/availability): give --device <id>");
        }

        throw new CliException($"{seen.Count} devices on {settings.Endpoint} ({string.Join(", ", seen)}): give --device <id>");
    }

    /// <summary>
    /// The devices announced on the broker (retained <c>bioreactor/+/availability</c>, online or offline), sorted, once the
    /// broker has delivered every retained availability (<see cref="AwaitRetained"/>).
    /// </summary>
    public List<string> DiscoverDevices()
    {
        Subscribe(TopicNames.Of("+", TopicNames.Availability));
        AwaitRetained();
        var devices = new List<string>(availability.Keys);
        devices.Sort(StringComparer.Ordinal);
        return devices;
    }

    /// <summary>The last availability seen for a device ("online", "offline"), or null.</summary>
    public string AvailabilityOf(string device) => availability.TryGetValue(device, out string value) ? value : null;

    /// <summary>
    /// Returns once the broker has delivered the retained messages of every subscription made so far (or after the
    /// command timeout). MQTT marks no end of a subscription's retained messages, and a fixed wait is too short on a busy
    /// machine, so this run sends itself a marker: a status request to a device named after this run's client id, which no
    /// device has, on a topic every role may publish (tools/mosquitto/acl). A broker queues a subscription's retained
    /// messages while it handles the SUBSCRIBE, and delivers one session's QoS 1 messages in order (mosquitto and MQTTnet
    /// both; the transport hands them over in order), so when the marker comes back every retained message came before it.
    /// </summary>
    public void AwaitRetained()
    {
        string marker = TopicNames.Command(ClientId, "status");
        if (markerArrived == null)
        {
            markerArrived = new SemaphoreSlim(0);
            Subscribe(marker);
        }

        byte[] body = Encoding.UTF8.GetBytes("{\"id\":\"" + ClientId + "-retained-marker\"}");
        if (transport.Publish(marker, body, body.Length, MqttQualityOfService.AtLeastOnce, false, null, null))
        {
            markerArrived.Wait(settings.Timeout);
        }
    }

    /// <summary>Subscribes to a device's (or every device's, with null) availability, birth, state, telemetry and events.</summary>
    public void Listen(string device)
    {
        foreach (string kind in new[] { TopicNames.Availability, TopicNames.Birth, TopicNames.State, TopicNames.Telemetry, TopicNames.Event })
        {
            Subscribe(TopicNames.Of(device ?? "+", kind));
        }
    }

    /// <summary>The commands the device answers unsigned (docs/mqtt-protocol.md): every other one is signed.</summary>
    public static bool IsReadOnly(string command) => command is "status" or "records" or "record" or "signer";

    /// <summary>
    /// Signs the commands that change state or enter the record (set before sending one; see <see cref="OperatorSigner"/>).
    /// </summary>
    public OperatorSigner Signer { get; set; }

    /// <summary>
    /// Sends a command and waits for the device's answer. A command that is not read-only is signed by <see cref="Signer"/>
    /// as the operator of the settings, with <paramref name="meaning"/> (default: the command's usual meaning), after asking
    /// the device for the operator's signing parameters.
    /// </summary>
    /// <param name="device">The device id.</param>
    /// <param name="command">The command name (the topic's last level).</param>
    /// <param name="fields">The command's own fields (id, the response topic and a signature are added here).</param>
    /// <param name="meaning">The signature's meaning, or null for the command's usual one.</param>
    /// <exception cref="CliException">Not identified, the signer answer refused, or the publish failed.</exception>
    /// <exception cref="CliTimeoutException">No answer within the timeout.</exception>
    public DeviceResponse Send(string device, string command, JsonObject fields, string meaning = null)
    {
        JsonElement? signer = null;
        if (!IsReadOnly(command))
        {
            settings.RequireIdentity();
            if (Signer == null)
            {
                throw new InvalidOperationException("a signed command needs a Signer");
            }

            DeviceResponse answer = Send(device, "signer", new JsonObject { ["operator"] = settings.Operator });
            if (!answer.Ok)
            {
                return answer; // unknown operator, no key: the device's words
            }

            signer = answer.Root;
        }

        string responseTopic = TopicNames.ResponseTo(device, ClientId);
        lock (responseSubscriptions)
        {
            if (responseSubscriptions.Add(responseTopic))
            {
                Subscribe(responseTopic);
            }
        }

        string id = "cli-" + runId + "-" + Interlocked.Increment(ref commandCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var payload = new JsonObject { ["id"] = id };
        foreach (KeyValuePair<string, JsonNode> field in fields ?? new JsonObject())
        {
            payload[field.Key] = field.Value?.DeepClone();
        }

        bool mqtt5 = settings.Broker.ProtocolLevel == MqttProtocolLevel.V500;
        if (!mqtt5)
        {
            payload["replyTo"] = responseTopic;
        }

        byte[] correlation = RandomNumberGenerator.GetBytes(16);
        var waiter = new Pending(correlation);
        pending[id] = waiter;
        try
        {
            byte[] body = signer == null
                ? Encoding.UTF8.GetBytes(payload.ToJsonString())
                : Signer.Sign(device, command, payload, meaning ?? CommandSigner.UsualMeaning(command), signer.Value);
            string topic = TopicNames.Command(device, command);
            if (!transport.Publish(topic, body, body.Length, MqttQualityOfService.AtLeastOnce, false, mqtt5 ? responseTopic : null,
                    mqtt5 ? correlation : null))
            {
                throw new CliException($"the command '{command}' could not be sent to {device} via {settings.Endpoint}: {transport.LastError}");
            }

            if (!waiter.Done.Wait(settings.Timeout))
            {
                string state = AvailabilityOf(device) == "offline" ? " (its availability is 'offline')" : string.Empty;
                throw new CliTimeoutException($"device {device}{state} did not answer '{command}' within {settings.Timeout.TotalSeconds:0.#} s "
                    + $"(command id {id}); see --timeout");
            }

            if (waiter.Response == null)
            {
                throw new CliException($"the connection to {settings.Endpoint} was lost while waiting for {device}'s answer to '{command}'");
            }

            return waiter.Response;
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    /// <inheritdoc/>
    public void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
    {
        if (topic == null || !topic.StartsWith(TopicNames.Root, StringComparison.Ordinal))
        {
            return;
        }

        string[] levels = topic.Split('/');
        if (levels.Length < 3)
        {
            return;
        }

        string device = levels[1];
        string kind = levels[2];
        if (device == ClientId)
        {
            markerArrived?.Release();
            return;
        }

        string text = Encoding.UTF8.GetString(payload ?? Array.Empty<byte>());
        if (kind == "response")
        {
            OnResponse(device, text, correlationData);
            return;
        }

        JsonElement? json = null;
        if (kind == "availability")
        {
            if (text.Length == 0)
            {
                availability.TryRemove(device, out _);
            }
            else
            {
                availability[device] = text;
            }
        }
        else
        {
            json = TryParse(text);
        }

        Received?.Invoke(new DeviceMessage(device, kind, text, json));
    }

    /// <inheritdoc/>
    public void OnConnectionLost()
    {
        ConnectionLost = true;
        foreach (Pending waiter in pending.Values)
        {
            waiter.Done.Set();
        }
    }

    /// <summary>Ends the session cleanly.</summary>
    public void Dispose()
    {
        transport.Dispose();
        markerArrived?.Dispose();
    }

    private void OnResponse(string device, string text, byte[] correlationData)
    {
        JsonElement? json = TryParse(text);
        if (json is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("id", out JsonElement idElement)
            || idElement.ValueKind != JsonValueKind.String)
        {
            return;
        }

        if (!pending.TryGetValue(idElement.GetString(), out Pending waiter))
        {
            return;
        }

        // MQTT 5: the device echoes the correlation data; a response carrying other data is not ours.
        if (correlationData != null && !CryptographicOperations.FixedTimeEquals(correlationData, waiter.Correlation))
        {
            return;
        }

        waiter.Response = new DeviceResponse(device, root, text);
        waiter.Done.Set();
    }

    private void Subscribe(string filter)
    {
        if (!transport.Subscribe(filter, MqttQualityOfService.AtLeastOnce))
        {
            throw new CliException($"subscribing to '{filter}' at {settings.Endpoint} failed: {transport.LastError}");
        }
    }

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Pending
    {
        public Pending(byte[] correlation)
        {
            Correlation = correlation;
        }

        public byte[] Correlation { get; }

        public ManualResetEventSlim Done { get; } = new(false);

        public DeviceResponse Response { get; set; }
    }
}
