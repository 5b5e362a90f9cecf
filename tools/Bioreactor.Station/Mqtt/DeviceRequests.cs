using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Host.Infrastructure.Mqtt;

namespace Bioreactor.Station.Mqtt;

/// <summary>
/// The station's commands to devices (docs/mqtt-protocol.md, "Commands"): one MQTT client connection
/// (<see cref="MqttNetTransport"/>, client id <c>bioreactor-station-&lt;random&gt;</c>), made at the first request and again
/// after a loss. Each command goes to <c>bioreactor/&lt;device&gt;/cmd/&lt;name&gt;</c> with QoS 1, never retained, with the
/// MQTT 5 response topic <c>bioreactor/&lt;device&gt;/response/&lt;client id&gt;</c> and random correlation data; the answer
/// is matched by the correlation data the device echoes (and by the payload's <c>id</c> on MQTT 3.1.1). Many requests may
/// wait at once, from any thread.
/// </summary>
public sealed class DeviceRequests : IMqttReceiver, IDisposable
{
    private readonly MqttBrokerOptions broker;
    private readonly Action<string> log;
    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim connecting = new(1, 1);
    private readonly string runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private MqttNetTransport transport;
    private long counter;
    private bool disposed;

    /// <summary>Creates the client; nothing is connected until the first request.</summary>
    /// <param name="broker">The broker (StationOptions.Broker).</param>
    /// <param name="log">Receives connection changes and failures; null for none.</param>
    public DeviceRequests(MqttBrokerOptions broker, Action<string> log = null)
    {
        this.broker = broker ?? throw new ArgumentNullException(nameof(broker));
        this.log = log;
        ClientId = "bioreactor-station-" + runId;
    }

    /// <summary>This station's MQTT client id, the last level of its response topics.</summary>
    public string ClientId { get; }

    /// <summary>Whether the connection is up.</summary>
    public bool IsConnected => transport?.IsConnected == true;

    /// <summary>
    /// Sends an unsigned, read-only command (<c>status</c>, <c>records</c>, <c>record</c>, <c>signer</c>) with
    /// <paramref name="fields"/> and a fresh <c>id</c>, and returns the device's answer (<c>ok</c> true or false).
    /// </summary>
    /// <exception cref="DeviceRequestException">Not connected, the publish failed, no answer in time, or the connection was lost.</exception>
    public async Task<JsonElement> RequestAsync(string device, string command, JsonObject fields, TimeSpan timeout, CancellationToken cancellation = default)
    {
        CheckName(device, nameof(device));
        CheckName(command, nameof(command));
        string id = "station-" + runId + "-" + Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture);
        var payload = new JsonObject { ["id"] = id };
        foreach (var field in fields ?? new JsonObject())
        {
            if (field.Key != "id")
            {
                payload[field.Key] = field.Value?.DeepClone();
            }
        }

        if (broker.ProtocolLevel == MqttProtocolLevel.V311)
        {
            payload["replyTo"] = TopicNames.ResponseTo(device, ClientId);
        }

        return await SendAsync(device, command, Encoding.UTF8.GetBytes(payload.ToJsonString()), id, timeout, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes a signed command's payload exactly as the person's browser signed it (the signature covers every member,
    /// so nothing is added: the response topic and correlation data travel as MQTT 5 properties) and returns the answer.
    /// </summary>
    /// <exception cref="ArgumentException">The payload is not a JSON object with a string <c>id</c>.</exception>
    /// <exception cref="DeviceRequestException">Not connected, the publish failed, no answer in time, or the connection was lost.</exception>
    public Task<JsonElement> SendSignedAsync(string device, string command, byte[] exactPayload, TimeSpan timeout, CancellationToken cancellation = default)
    {
        CheckName(device, nameof(device));
        CheckName(command, nameof(command));
        ArgumentNullException.ThrowIfNull(exactPayload);
        string id;
        try
        {
            using JsonDocument document = JsonDocument.Parse(exactPayload);
            id = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out JsonElement idElement)
                && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new ArgumentException("the signed command is not JSON: " + e.Message, nameof(exactPayload));
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("the signed command has no string 'id'", nameof(exactPayload));
        }

        return SendAsync(device, command, (byte[])exactPayload.Clone(), id, timeout, cancellation);
    }

    /// <inheritdoc/>
    public void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
    {
        // bioreactor/<device>/response/<this client>
        string[] levels = (topic ?? string.Empty).Split('/');
        if (levels.Length != 4 || levels[2] != TopicNames.Response || levels[3] != ClientId)
        {
            return;
        }

        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(payload ?? Array.Empty<byte>());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return;
        }

        Pending waiter = null;
        if (correlationData != null)
        {
            pending.TryGetValue(Convert.ToHexStringLower(correlationData), out waiter);
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String)
        {
            // MQTT 3.1.1 carries no correlation data: the payload's id, unique per station run, matches instead.
            foreach (Pending candidate in pending.Values)
            {
                if (candidate.Id == id.GetString())
                {
                    waiter = candidate;
                    break;
                }
            }
        }

        if (waiter != null && waiter.Device == levels[1])
        {
            waiter.Answer.TrySetResult(root);
        }
    }

    /// <inheritdoc/>
    public void OnConnectionLost()
    {
        Log("the broker connection was lost; the next request reconnects");
        foreach (Pending waiter in pending.Values)
        {
            waiter.Answer.TrySetException(new DeviceRequestException(
                $"the connection to the broker at {broker.Host}:{broker.Port} was lost while waiting for {waiter.Device}'s answer to '{waiter.Command}'"));
        }
    }

    /// <summary>Ends the connection cleanly.</summary>
    public void Dispose()
    {
        connecting.Wait();
        try
        {
            disposed = true;
            transport?.Dispose();
            transport = null;
        }
        finally
        {
            connecting.Release();
        }
    }

    private async Task<JsonElement> SendAsync(string device, string command, byte[] body, string id, TimeSpan timeout, CancellationToken cancellation)
    {
        MqttNetTransport link = await ConnectedAsync(cancellation).ConfigureAwait(false);
        byte[] correlation = RandomNumberGenerator.GetBytes(16);
        string key = Convert.ToHexStringLower(correlation);
        var waiter = new Pending(device, command, id);
        pending[key] = waiter;
        try
        {
            bool mqtt5 = broker.ProtocolLevel == MqttProtocolLevel.V500;
            string topic = TopicNames.Command(device, command);
            string responseTopic = TopicNames.ResponseTo(device, ClientId);
            bool sent = await Task.Run(
                () => link.Publish(topic, body, body.Length, MqttQualityOfService.AtLeastOnce, false, mqtt5 ? responseTopic : null, mqtt5 ? correlation : null),
                cancellation).ConfigureAwait(false);
            if (!sent)
            {
                throw new DeviceRequestException($"the command '{command}' could not be sent to {device} via {broker.Host}:{broker.Port}: {link.LastError}");
            }

            try
            {
                return await waiter.Answer.Task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new DeviceRequestException(string.Create(CultureInfo.InvariantCulture,
                    $"device {device} did not answer '{command}' within {timeout.TotalSeconds:0.#} s (command id {id})"));
            }
        }
        finally
        {
            pending.TryRemove(key, out _);
        }
    }

    private async Task<MqttNetTransport> ConnectedAsync(CancellationToken cancellation)
    {
        MqttNetTransport current = transport;
        if (current != null && current.IsConnected)
        {
            return current;
        }

        await connecting.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (transport != null && transport.IsConnected)
            {
                return transport;
            }

            MqttNetTransport link;
            try
            {
                link = transport ?? new MqttNetTransport(broker, Log);
            }
            catch (ArgumentException e)
            {
                throw new DeviceRequestException("the station's broker settings are wrong: " + e.Message);
            }

            transport = link;
            link.SetReceiver(this);
            string where = $"{broker.Host}:{broker.Port}";
            bool up = await Task.Run(() => link.Connect(ClientId, null, null, MqttQualityOfService.AtMostOnce, false), cancellation).ConfigureAwait(false);
            if (!up)
            {
                throw new DeviceRequestException($"cannot connect to the MQTT broker at {where}: {link.LastError ?? "unknown cause"} (check the station's broker address, user, password and TLS settings)");
            }

            string filter = TopicNames.Of("+", TopicNames.Response) + "/" + ClientId;
            bool subscribed = await Task.Run(() => link.Subscribe(filter, MqttQualityOfService.AtLeastOnce), cancellation).ConfigureAwait(false);
            if (!subscribed)
            {
                link.Disconnect();
                throw new DeviceRequestException($"the broker at {where} refused the station's subscription to '{filter}': {link.LastError}");
            }

            return link;
        }
        finally
        {
            connecting.Release();
        }
    }

    private static void CheckName(string name, string what)
    {
        if (!Bioreactor.Control.Primitives.TextRules.IsIdentifier(name))
        {
            throw new ArgumentException($"{what} '{name}' is not an identifier ({Bioreactor.Control.Primitives.TextRules.IdentifierRule})", what);
        }
    }

    private void Log(string line)
    {
        try
        {
            log?.Invoke(line);
        }
        catch (Exception)
        {
            // A failing log sink must not fail a request.
        }
    }

    private sealed class Pending
    {
        public Pending(string device, string command, string id)
        {
            Device = device;
            Command = command;
            Id = id;
        }

        public string Device { get; }

        public string Command { get; }

        public string Id { get; }

        public TaskCompletionSource<JsonElement> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A command could not be sent or was not answered; the message says which, to whom and why.</summary>
public sealed class DeviceRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeviceRequestException(string message)
        : base(message)
    {
    }
}
