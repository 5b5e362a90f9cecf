using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Host.Infrastructure.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bioreactor.Station.Fleet;

/// <summary>
/// The station's view of the fleet: one MQTT session to the plant broker subscribed to every device's availability,
/// birth, state, telemetry and events (docs/mqtt-protocol.md), kept as one <see cref="DeviceSummary"/>, trend history
/// and event list per device. Pages read copies and are told of changes through <see cref="DeviceChanged"/>; the
/// archive is told of chain heads and ended batches. A lost session is reconnected with backoff; the retained
/// availability and state come again on every subscribe.
/// </summary>
public sealed class FleetMonitor : IMqttReceiver, IHostedService, IDisposable
{
    /// <summary>How many events per device the device page can list.</summary>
    public const int EventsKept = 200;

    private static readonly string[] Kinds = { TopicNames.Availability, TopicNames.Birth, TopicNames.State, TopicNames.Telemetry, TopicNames.Event };

    private readonly ConcurrentDictionary<string, DeviceEntry> devices = new(StringComparer.Ordinal);
    private readonly StationOptions options;
    private readonly ILogger<FleetMonitor> log;
    private readonly MqttNetTransport transport;
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim connectionLost = new(0);
    private Task connection;
    private long messagesReceived;
    private int disposed;

    /// <summary>Creates the monitor; it connects when the host starts it.</summary>
    public FleetMonitor(StationOptions options, ILogger<FleetMonitor> log)
    {
        this.options = options;
        this.log = log;
        transport = new MqttNetTransport(options.Broker, message => log.LogWarning("fleet MQTT: {Message}", message));
        transport.SetReceiver(this);
        ClientId = "bioreactor-station-fleet-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
    }

    /// <summary>Raised after a device's summary, trend or events changed (on the MQTT delivery thread: hand work off quickly).</summary>
    public event Action<string> DeviceChanged;

    /// <summary>
    /// Raised with the device, the head, when the station received it and the telemetry's own time (the device's clock;
    /// null when the message had none) whenever a telemetry message announces a record head.
    /// </summary>
    public event Action<string, RecordHead, DateTime, DateTime?> HeadSeen;

    /// <summary>Raised with device and batch when a batch reaches Complete or Aborted or its record closes.</summary>
    public event Action<string, string> BatchEnded;

    /// <summary>Raised with the device's id when it announces itself (its birth message, on every connect).</summary>
    public event Action<string> DeviceConnected;

    /// <summary>This session's MQTT client id.</summary>
    public string ClientId { get; }

    /// <summary>Whether the session to the broker is up.</summary>
    public bool Connected => transport.IsConnected;

    /// <summary>Messages received since the start.</summary>
    public long MessagesReceived => Interlocked.Read(ref messagesReceived);

    /// <summary>Every device seen, by id.</summary>
    public IReadOnlyList<DeviceSummary> Devices() =>
        devices.Values.Select(d => d.Summary).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    /// <summary>A device's summary, or null when never seen.</summary>
    public DeviceSummary Device(string id) => devices.TryGetValue(id, out DeviceEntry entry) ? entry.Summary : null;

    /// <summary>The device's recent events, newest first.</summary>
    public IReadOnlyList<DeviceEvent> Events(string id)
    {
        if (!devices.TryGetValue(id, out DeviceEntry entry))
        {
            return Array.Empty<DeviceEvent>();
        }

        lock (entry)
        {
            return entry.Events.Reverse().ToList();
        }
    }

    /// <summary>The trend points of the last <paramref name="window"/> of device time (null: the whole batch), at most <paramref name="maximumPoints"/>.</summary>
    public List<TrendPoint> Trend(string id, TimeSpan? window, int maximumPoints)
    {
        if (!devices.TryGetValue(id, out DeviceEntry entry))
        {
            return new List<TrendPoint>();
        }

        lock (entry)
        {
            long newest = entry.Trend.NewestUtcMilliseconds ?? 0;
            long from = window == null ? long.MinValue : newest - (long)window.Value.TotalMilliseconds;
            return entry.Trend.Window(from, maximumPoints);
        }
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        connection = Task.Run(() => KeepConnected(stopping.Token));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping.Cancel();
        connectionLost.Release();
        if (connection != null)
        {
            await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        transport.Disconnect();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The container disposes this once as a singleton and once as the hosted service it also is.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        stopping.Cancel();
        transport.Dispose();
        stopping.Dispose();
        connectionLost.Dispose();
    }

    /// <inheritdoc/>
    public void OnConnectionLost()
    {
        log.LogWarning("fleet MQTT session to {Host}:{Port} lost; reconnecting", options.Broker.Host, options.Broker.Port);
        foreach (DeviceEntry entry in devices.Values)
        {
            lock (entry)
            {
                entry.Trend.MarkGap(); // what the station did not see is a gap in its trends, whatever the device did
            }
        }

        connectionLost.Release();
    }

    /// <inheritdoc/>
    public void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
    {
        Interlocked.Increment(ref messagesReceived);
        string[] levels = topic.Split('/');
        if (levels.Length != 3 || levels[0] + "/" != TopicNames.Root || !TextRules.IsIdentifier(levels[1]))
        {
            return;
        }

        string id = levels[1];
        DeviceEntry entry = devices.GetOrAdd(id, key => new DeviceEntry(key));
        try
        {
            lock (entry)
            {
                Apply(entry, levels[2], payload ?? Array.Empty<byte>());
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // A malformed message changes nothing; the device's next one will be read as usual.
            log.LogWarning("ignored a malformed {Kind} message from {Device}: {Error}", levels[2], id, e.Message);
            return;
        }

        DeviceChanged?.Invoke(id);
    }

    private async Task KeepConnected(CancellationToken cancel)
    {
        TimeSpan wait = TimeSpan.FromSeconds(1);
        while (!cancel.IsCancellationRequested)
        {
            if (transport.Connect(ClientId, null, null, MqttQualityOfService.AtMostOnce, false) && SubscribeAll())
            {
                log.LogInformation("fleet MQTT session to {Host}:{Port} up as {Client}", options.Broker.Host, options.Broker.Port, ClientId);
                wait = TimeSpan.FromSeconds(1);
                try
                {
                    await connectionLost.WaitAsync(cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            log.LogWarning("fleet MQTT: cannot connect to {Host}:{Port} ({Error}); next try in {Seconds} s", options.Broker.Host,
                options.Broker.Port, transport.LastError, wait.TotalSeconds);
            try
            {
                await Task.Delay(wait, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wait = TimeSpan.FromSeconds(Math.Min(30, wait.TotalSeconds * 2));
        }
    }

    private bool SubscribeAll()
    {
        foreach (string kind in Kinds)
        {
            MqttQualityOfService quality = kind == TopicNames.Telemetry ? MqttQualityOfService.AtMostOnce : MqttQualityOfService.AtLeastOnce;
            if (!transport.Subscribe(TopicNames.Root + "+/" + kind, quality))
            {
                return false;
            }
        }

        return true;
    }

    private void Apply(DeviceEntry entry, string kind, byte[] payload)
    {
        DeviceSummary s = entry.Summary with { LastHeardUtc = DateTime.UtcNow };
        switch (kind)
        {
            case TopicNames.Availability:
                string availability = Encoding.UTF8.GetString(payload);
                if (availability == "offline" && s.Availability != "offline")
                {
                    entry.Trend.MarkGap();
                }

                s = s with { Availability = availability.Length == 0 ? null : availability };
                break;
            case TopicNames.Birth:
                using (JsonDocument birth = JsonDocument.Parse(payload))
                {
                    JsonElement b = birth.RootElement;
                    s = s with { Firmware = JsonFields.Text(b, "firmware"), Session = JsonFields.Text(b, "session") ?? s.Session };
                }

                DeviceConnected?.Invoke(entry.Summary.Id);

                break;
            case TopicNames.State:
                using (JsonDocument state = JsonDocument.Parse(payload))
                {
                    s = ApplyState(entry, s, state.RootElement);
                }

                break;
            case TopicNames.Telemetry:
                using (JsonDocument telemetry = JsonDocument.Parse(payload))
                {
                    s = ApplyTelemetry(entry, s, telemetry.RootElement);
                }

                break;
            case TopicNames.Event:
                using (JsonDocument ev = JsonDocument.Parse(payload))
                {
                    ApplyEvent(entry, s, ev.RootElement);
                }

                break;
            default:
                return;
        }

        entry.Summary = s;
    }

    private DeviceSummary ApplyState(DeviceEntry entry, DeviceSummary s, JsonElement state)
    {
        string batch = JsonFields.Text(state, "batch");
        if (batch != null && batch != s.Batch)
        {
            entry.Trend.Clear(); // a new batch's trends start empty
            entry.Events.Clear();
        }

        string recipe = null;
        if (state.TryGetProperty("recipe", out JsonElement r) && r.ValueKind == JsonValueKind.Object)
        {
            recipe = JsonFields.Text(r, "name") + " v" + (JsonFields.Number(r, "version")?.ToString(CultureInfo.InvariantCulture) ?? "?");
        }

        var alarms = new List<AlarmView>();
        if (state.TryGetProperty("alarms", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement a in list.EnumerateArray())
            {
                double? since = JsonFields.Number(a, "sinceUtc");
                alarms.Add(new AlarmView(JsonFields.Text(a, "code"), JsonFields.Text(a, "state"), JsonFields.Text(a, "priority"), since == null ? null : (long)since.Value));
            }
        }

        alarms.Sort((a, b) =>
        {
            int byPriority = AlarmPriorities.Rank(b.Priority).CompareTo(AlarmPriorities.Rank(a.Priority));
            return byPriority != 0 ? byPriority : b.Unacknowledged.CompareTo(a.Unacknowledged);
        });

        JsonElement setPoints = state.TryGetProperty("setPoints", out JsonElement sp) ? sp : default;
        bool wasOpen = s.RecordOpen;
        string wasBatch = s.Batch;
        s = s with
        {
            Batch = batch,
            Recipe = recipe,
            State = JsonFields.Text(state, "state"),
            Phase = (int)(JsonFields.Number(state, "phase") ?? -1),
            PhaseName = JsonFields.Text(state, "phaseName"),
            AwaitingConfirmation = JsonFields.Bool(state, "awaitingConfirmation") ?? false,
            RecordOpen = JsonFields.Bool(state, "recordOpen") ?? false,
            Alarms = alarms,
            TemperatureSetPointCelsius = JsonFields.Number(setPoints, "temperatureCelsius"),
            Co2SetPointPercent = JsonFields.Number(setPoints, "co2Percent"),
            RockingRateSetPointRpm = JsonFields.Number(setPoints, "rockingRateRpm"),
            RockingAmplitudeSetPointDegrees = JsonFields.Number(setPoints, "rockingAmplitudeDegrees"),
        };
        if (wasOpen && !s.RecordOpen && wasBatch != null)
        {
            BatchEnded?.Invoke(s.Id, wasBatch);
        }

        return s;
    }

    private DeviceSummary ApplyTelemetry(DeviceEntry entry, DeviceSummary s, JsonElement t)
    {
        LoopReading liquid = Loop(t, "temperature", "measuredCelsius", "setPointCelsius", "heaterDutyFraction");
        LoopReading plate = Loop(t, "plate", "measuredCelsius", "setPointCelsius", null);
        LoopReading co2 = Loop(t, "co2", "measuredPercent", "setPointPercent", "valveDutyFraction");
        JsonElement rocking = t.TryGetProperty("rocking", out JsonElement rk) ? rk : default;
        double? utc = JsonFields.Number(t, "utc");
        RecordHead head = null;
        if (t.TryGetProperty("record", out JsonElement h) && h.ValueKind == JsonValueKind.Object)
        {
            head = new RecordHead(JsonFields.Text(h, "batch"), (long)(JsonFields.Number(h, "sequence") ?? -1), JsonFields.Text(h, "mac"),
                JsonFields.Bool(h, "closed") == true);
        }

        s = s with
        {
            Liquid = liquid,
            Plate = plate,
            Co2 = co2,
            RockingRateRpm = JsonFields.Number(rocking, "rateRpm"),
            RockingAmplitudeDegrees = JsonFields.Number(rocking, "amplitudeDegrees"),
            DoorOpen = JsonFields.Bool(t, "doorOpen"),
            TelemetryUtc = utc == null ? null : DateTime.UnixEpoch.AddMilliseconds(utc.Value),
            Head = head ?? s.Head,
        };
        if (utc != null)
        {
            entry.Trend.Add(new TrendPoint
            {
                UtcMilliseconds = (long)utc.Value,
                LiquidCelsius = Float(liquid.Measured),
                PlateCelsius = Float(plate.Measured),
                Co2Percent = Float(co2.Measured),
                RockingRateRpm = Float(s.RockingRateRpm),
                TemperatureSetPointCelsius = Float(liquid.SetPoint),
                Co2SetPointPercent = Float(co2.SetPoint),
                RockingRateSetPointRpm = Float(JsonFields.Number(rocking, "setRateRpm")),
            });
        }

        if (head != null && head.Batch != null && head.Mac != null && head.Sequence >= 0)
        {
            HeadSeen?.Invoke(s.Id, head, DateTime.UtcNow, s.TelemetryUtc);
        }

        return s;
    }

    private void ApplyEvent(DeviceEntry entry, DeviceSummary s, JsonElement e)
    {
        string kind = JsonFields.Text(e, "kind") ?? "?";
        DateTime utc = DateTime.UnixEpoch.AddMilliseconds(JsonFields.Number(e, "utc") ?? 0);
        string who = JsonFields.Text(e, "signer") ?? JsonFields.Text(e, "operator");
        string text;
        bool abnormal;
        switch (kind)
        {
            case "alarm":
                text = $"alarm {JsonFields.Text(e, "code")} {JsonFields.Text(e, "transition")} ({JsonFields.Text(e, "priority")})" + (who != null ? " by " + who : string.Empty);
                abnormal = JsonFields.Text(e, "transition") == "raised";
                break;
            case "state":
                text = $"batch {JsonFields.Text(e, "batch")}: {JsonFields.Text(e, "from")} → {JsonFields.Text(e, "to")}" + (who != null ? " by " + who : string.Empty);
                abnormal = JsonFields.Text(e, "to") is "Held" or "Aborted";
                if (JsonFields.Text(e, "to") is "Complete" or "Aborted" && JsonFields.Text(e, "batch") != null)
                {
                    BatchEnded?.Invoke(s.Id, JsonFields.Text(e, "batch"));
                }

                break;
            case "phase":
                text = $"phase {JsonFields.Number(e, "phase")} {JsonFields.Text(e, "name")}" + (who != null ? " (by " + who + ")" : string.Empty);
                abnormal = false;
                break;
            case "action":
                string outcome = JsonFields.Text(e, "outcome");
                string why = JsonFields.Text(e, "error") ?? JsonFields.Text(e, "result");
                text = $"{JsonFields.Text(e, "action")} by {JsonFields.Text(e, "operator")}" + (JsonFields.Text(e, "meaning") != null ? $" ({JsonFields.Text(e, "meaning")})" : string.Empty)
                    + (outcome == "refused" ? $": refused, {why}" : string.Empty)
                    + (JsonFields.Text(e, "reason") != null ? $" — {JsonFields.Text(e, "reason")}" : string.Empty);
                abnormal = outcome == "refused";
                break;
            case "lockout":
                text = $"operator {JsonFields.Text(e, "operator")} locked out after {JsonFields.Number(e, "badSignatures")} bad signatures";
                abnormal = true;
                break;
            case "restored":
                text = $"power restored after {TimeSpan.FromMilliseconds(JsonFields.Number(e, "outageMilliseconds") ?? 0):g} (timers: {JsonFields.Text(e, "timerPolicy")})";
                abnormal = true;
                break;
            default:
                text = kind;
                abnormal = false;
                break;
        }

        entry.Events.Enqueue(new DeviceEvent(utc, kind, text, abnormal));
        while (entry.Events.Count > EventsKept)
        {
            entry.Events.Dequeue();
        }
    }

    private static LoopReading Loop(JsonElement telemetry, string name, string measured, string setPoint, string output)
    {
        if (!telemetry.TryGetProperty(name, out JsonElement loop) || loop.ValueKind != JsonValueKind.Object)
        {
            return LoopReading.None;
        }

        return new LoopReading(JsonFields.Number(loop, measured), JsonFields.Text(loop, "status"), JsonFields.Number(loop, setPoint), output == null ? null : JsonFields.Number(loop, output));
    }

    private static float Float(double? value) => value == null ? float.NaN : (float)value.Value;

    private sealed class DeviceEntry
    {
        public DeviceEntry(string id)
        {
            Summary = new DeviceSummary(id);
        }

        public DeviceSummary Summary { get; set; }

        public TrendBuffer Trend { get; } = new();

        public Queue<DeviceEvent> Events { get; } = new();
    }
}
