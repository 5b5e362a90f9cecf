using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Control.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Bioreactor.FleetBench;

/// <summary>
/// One simulated device on the wire, as docs/mqtt-protocol.md describes it: its own MQTT 5 session (client id
/// <c>bioreactor-&lt;id&gt;</c>, clean start, will <c>offline</c> retained QoS 1), then on connect the retained
/// availability <c>online</c>, a birth and the retained state of a running batch; telemetry (QoS 0) every period; now and
/// then an alarm's transition (event QoS 1, then the state again). One device in ten carries a standing high-priority
/// alarm. No control and no record: the device only speaks. MQTTnet's client directly, asynchronously, rather than the
/// host's blocking <c>MqttNetTransport</c>, so a thousand devices need no thread each.
/// </summary>
internal sealed class FleetDevice : IAsyncDisposable
{
    private const string Firmware = "fleet-bench-1.0";
    private const string RecipeName = "t-cell-expansion-10d";
    private const string PhaseName = "rocking-10rpm";
    private const double TemperatureSetPointCelsius = 37;
    private const double Co2SetPointPercent = 5;
    private const double RockingRateRpm = 10;
    private const double RockingAmplitudeDegrees = 6;

    private readonly IMqttClient client;
    private readonly string host;
    private readonly int port;
    private readonly Random random;
    private readonly string batch;
    private readonly string session;
    private readonly long bootUtc;
    private readonly FleetAlarm standing;
    private readonly FleetCounters counters;
    private long seq;
    private long eventNumber;
    private long alarmSequence;

    // The occasional alarm's cycle: normal → raised (unacknowledged_active) → acknowledged (acknowledged_active) → cleared (normal).
    private int doorStage;
    private long doorSinceUtc;

    public FleetDevice(MqttClientFactory factory, string host, int port, int index, FleetCounters counters)
    {
        this.host = host;
        this.port = port;
        this.counters = counters;
        Index = index;
        Id = "fb-" + index.ToString("D4", CultureInfo.InvariantCulture);
        random = new Random(index * 7919 + 17);
        batch = "LOT-FB-" + index.ToString("D4", CultureInfo.InvariantCulture);
        session = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        bootUtc = NowUtcMilliseconds();
        if (index % 10 == 0)
        {
            standing = new FleetAlarm("liquid_temperature_high", "unacknowledged_active", "high", bootUtc);
        }

        client = factory.CreateMqttClient();
    }

    /// <summary>The device id (<c>fb-NNNN</c>).</summary>
    public string Id { get; }

    /// <summary>Its place in the fleet.</summary>
    public int Index { get; }

    /// <summary>Whether it carries a standing alarm (one in ten).</summary>
    public bool HasStandingAlarm => standing != null;

    /// <summary>The wall clock, ms since 1970 (the telemetry's utc: the publisher's clock at publication).</summary>
    public static long NowUtcMilliseconds() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Connects with the will and announces itself: availability online, birth, state.</summary>
    public async Task ConnectAsync(CancellationToken cancel)
    {
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId("bioreactor-" + Id)
            .WithCleanStart(true)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(30))
            .WithWillTopic(TopicNames.Of(Id, TopicNames.Availability))
            .WithWillPayload(Encoding.UTF8.GetBytes("offline"))
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true)
            .Build();
        MqttClientConnectResult result = await client.ConnectAsync(options, cancel).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{Id}: connect refused: {result.ResultCode}");
        }

        await PublishAsync(TopicNames.Availability, Encoding.UTF8.GetBytes("online"), MqttQualityOfServiceLevel.AtLeastOnce, true, cancel).ConfigureAwait(false);
        await PublishAsync(TopicNames.Birth, DevicePayloads.Birth(++seq, Id, Firmware, batch, "Running", 1, bootUtc, session, 1),
            MqttQualityOfServiceLevel.AtLeastOnce, false, cancel).ConfigureAwait(false);
        await PublishStateAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes telemetry every <paramref name="period"/> (the first after a random part of it, so the fleet's messages
    /// spread over the period) until cancelled; every <paramref name="eventEveryPeriods"/> periods on average an alarm
    /// transition (event and state) as well.
    /// </summary>
    public async Task RunAsync(TimeSpan period, double eventEveryPeriods, CancellationToken cancel)
    {
        long periodTicks = period.Ticks;
        long next = DateTime.UtcNow.Ticks + (long)(random.NextDouble() * periodTicks);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                long wait = next - DateTime.UtcNow.Ticks;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromTicks(wait), cancel).ConfigureAwait(false);
                }

                next += periodTicks;
                if (next < DateTime.UtcNow.Ticks)
                {
                    // Behind by more than a period (the process was starved): count it, do not burst to catch up.
                    Interlocked.Increment(ref counters.TelemetryLate);
                    next = DateTime.UtcNow.Ticks + periodTicks;
                }

                if (client.IsConnected)
                {
                    await PublishTelemetryAsync(cancel).ConfigureAwait(false);
                    if (eventEveryPeriods > 0 && random.NextDouble() < 1 / eventEveryPeriods)
                    {
                        await AlarmTransitionAsync(cancel).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            try
            {
                // A clean disconnect: the broker drops the will; the retained availability stays as the run left it.
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build())
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
            {
                // Ending anyway.
            }
        }

        client.Dispose();
    }

    private Task PublishTelemetryAsync(CancellationToken cancel)
    {
        double noise() => random.NextDouble() - 0.5;
        int active = (standing != null ? 1 : 0) + (doorStage is 1 or 2 ? 1 : 0);
        int unacknowledged = (standing != null ? 1 : 0) + (doorStage == 1 ? 1 : 0);
        string highest = standing != null ? "high" : doorStage is 1 or 2 ? "low" : "none";
        double liquid = (standing != null ? 37.9 : 37) + 0.02 * noise();
        byte[] payload = DevicePayloads.Telemetry(++seq, NowUtcMilliseconds(), liquid, TemperatureSetPointCelsius, 0.31 + 0.02 * noise(),
            37.4 + 0.05 * noise(), 37.6, 5 + 0.01 * noise(), Co2SetPointPercent, 0.02 + 0.005 * noise(), RockingRateRpm + 0.05 * noise(),
            RockingAmplitudeDegrees + 0.05 * noise(), RockingRateRpm, RockingAmplitudeDegrees, 6 * noise(), doorStage is 1 or 2, active, unacknowledged, highest,
            batch, seq, HeadMac(seq));
        return PublishAsync(TopicNames.Telemetry, payload, MqttQualityOfServiceLevel.AtMostOnce, false, cancel, telemetry: true);
    }

    // A record head as a device announces it: a 32-byte MAC per entry (here a hash of the device and the sequence: the
    // station only stores and compares it).
    private string HeadMac(long sequence) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Id + "/" + sequence))).ToLowerInvariant();

    private async Task AlarmTransitionAsync(CancellationToken cancel)
    {
        long now = NowUtcMilliseconds();
        const string code = "door_open";
        (string transition, string from, string to, string by) = doorStage switch
        {
            0 => ("raised", "normal", "unacknowledged_active", (string)null),
            1 => ("acknowledged", "unacknowledged_active", "acknowledged_active", "tech.sim"),
            _ => ("cleared", "acknowledged_active", "normal", null),
        };
        doorStage = (doorStage + 1) % 3;
        doorSinceUtc = now;
        byte[] ev = DevicePayloads.AlarmEvent(++seq, ++eventNumber, now, code, transition, from, to, "low", doorStage == 1 ? 1 : 0, by, ++alarmSequence);
        await PublishAsync(TopicNames.Event, ev, MqttQualityOfServiceLevel.AtLeastOnce, false, cancel).ConfigureAwait(false);
        await PublishStateAsync(cancel).ConfigureAwait(false);
    }

    private Task PublishStateAsync(CancellationToken cancel)
    {
        int count = (standing != null ? 1 : 0) + (doorStage is 1 or 2 ? 1 : 0);
        var alarms = new FleetAlarm[count];
        int at = 0;
        if (standing != null)
        {
            alarms[at++] = standing;
        }

        if (doorStage is 1 or 2)
        {
            alarms[at] = new FleetAlarm("door_open", doorStage == 1 ? "unacknowledged_active" : "acknowledged_active", "low", doorSinceUtc);
        }

        byte[] state = DevicePayloads.State(++seq, NowUtcMilliseconds(), batch, RecipeName, 1, "Running", 1, PhaseName, TemperatureSetPointCelsius,
            Co2SetPointPercent, RockingRateRpm, RockingAmplitudeDegrees, alarms);
        return PublishAsync(TopicNames.State, state, MqttQualityOfServiceLevel.AtLeastOnce, true, cancel);
    }

    private async Task PublishAsync(string kind, byte[] payload, MqttQualityOfServiceLevel quality, bool retain, CancellationToken cancel, bool telemetry = false)
    {
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(TopicNames.Of(Id, kind))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(quality)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            MqttClientPublishResult result = await client.PublishAsync(message, cancel).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                Interlocked.Increment(ref counters.PublishFailures);
                return;
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            Interlocked.Increment(ref counters.PublishFailures);
            return;
        }

        Interlocked.Increment(ref counters.Published);
        if (telemetry)
        {
            Interlocked.Increment(ref counters.TelemetryPublished);
        }
    }
}

/// <summary>What the fleet's devices did, shared by all of them.</summary>
internal sealed class FleetCounters
{
    public long Published;
    public long TelemetryPublished;
    public long PublishFailures;
    public long TelemetryLate;
}
