using System.Security.Cryptography;
using Bioreactor.Control.Device;
using System;
using System.Diagnostics;
using System.Threading;
using Bioreactor.Control;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Host.Infrastructure.Mqtt;

namespace Bioreactor.Simulator;

/// <summary>
/// The simulator's MQTT side, as the ESP32 has it: the firmware's <see cref="MqttLink"/> on an MQTTnet transport, serviced
/// by its own communication thread while the control thread ticks. By default the broker is embedded (MQTTnet, loopback,
/// anonymous: the README's first command needs nothing else; with a mosquitto users file and access list it logs clients in
/// as the plant's mosquitto does); <c>--broker host:port</c> connects to an external one.
/// </summary>
/// <remarks>
/// <para>Threads: the simulation loop steps the <see cref="BioreactorDevice"/> the link belongs to (its record service runs
/// the received commands, as the ESP32's record thread does); the communication thread calls <see cref="MqttLink.Service"/>
/// every <see cref="ServicePeriodMilliseconds"/> of wall time. Time inside the link is the virtual board's, so a telemetry
/// period is simulated time; at most one telemetry message goes out per service call.</para>
/// <para>A power cut aborts the MQTT session without a DISCONNECT (the broker publishes the will: availability
/// "offline"); the restarted firmware gets a new link on the same transport, which connects again.</para>
/// </remarks>
public sealed class SimulatorMqtt : IDisposable
{
    /// <summary>Wall time between two service calls of the communication thread, ms.</summary>
    public const int ServicePeriodMilliseconds = 5;

    private readonly object gate = new();
    private readonly EmbeddedBroker broker;
    private readonly MqttNetTransport transport;
    private readonly MqttLinkSettings settings;
    private readonly Thread thread;
    private volatile bool stopping;
    private MqttLink link;
    private uint links;

    /// <summary>
    /// Starts the embedded broker (unless <paramref name="external"/> names a broker) and the communication thread; the
    /// link itself comes with the first <see cref="Attach"/>.
    /// </summary>
    /// <param name="external">The external broker's options, or null for the embedded broker (open, on 127.0.0.1).</param>
    /// <param name="embeddedPort">The embedded broker's port (0: a free one).</param>
    /// <param name="settings">The device link's settings (device id, firmware version, periods).</param>
    /// <param name="log">Where connection problems are reported.</param>
    public SimulatorMqtt(MqttBrokerOptions external, int embeddedPort, MqttLinkSettings settings, Action<string> log)
        : this(external == null ? new EmbeddedBrokerOptions { Port = embeddedPort, PortOptionHint = "--broker-port <port>" } : null, external, settings, log)
    {
    }

    /// <summary>
    /// Starts the embedded broker with <paramref name="embedded"/> (when not null) or uses the external broker of
    /// <paramref name="login"/>, and the communication thread; the link itself comes with the first <see cref="Attach"/>.
    /// </summary>
    /// <param name="embedded">The embedded broker's options (address, port, users, access list), or null for an external broker.</param>
    /// <param name="login">
    /// How the device connects: with <paramref name="embedded"/>, its user name, password and protocol level (host and port
    /// are the embedded broker's; null: anonymous, MQTT 5.0); otherwise the external broker's full options.
    /// </param>
    /// <param name="settings">The device link's settings (device id, firmware version, periods).</param>
    /// <param name="log">Where the broker's first line (its mode) and connection problems are reported.</param>
    public SimulatorMqtt(EmbeddedBrokerOptions embedded, MqttBrokerOptions login, MqttLinkSettings settings, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.SessionNonce = NewSessionNonce();
        settings.Validate();
        if (embedded == null && login == null)
        {
            throw new ArgumentException("Give the embedded broker's options or an external broker's.", nameof(login));
        }

        this.settings = settings;
        MqttBrokerOptions options = login;
        if (embedded != null)
        {
            broker = new EmbeddedBroker(embedded, log);
            broker.Start();
            options = new MqttBrokerOptions
            {
                Host = DeviceHost(embedded.BindAddress),
                Port = broker.Port,
                Username = login?.Username,
                Password = login?.Password,
                ProtocolLevel = login?.ProtocolLevel ?? MqttProtocolLevel.V500,
            };
        }

        options.Validate();
        BrokerEndpoint = options.Host + ":" + options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        transport = new MqttNetTransport(options, log);
        thread = new Thread(ServiceLoop) { IsBackground = true, Name = "mqtt-communication" };
        thread.Start();
    }

    /// <summary>Where the device connects, host:port.</summary>
    public string BrokerEndpoint { get; }

    /// <summary>True when the broker is the simulator's own.</summary>
    public bool IsEmbedded => broker != null;

    /// <summary>The link of the firmware now running (null before the first <see cref="Attach"/>).</summary>
    public MqttLink Link
    {
        get
        {
            lock (gate)
            {
                return link;
            }
        }
    }

    /// <summary>
    /// Builds the link of a freshly composed firmware, for its <see cref="BioreactorDevice"/> (compose the device before its
    /// StartUp, so the link hears the resume's events). The previous firmware's link, if any, is dropped.
    /// </summary>
    public MqttLink Attach(BioreactorFirmware firmware, IRecordStorage storage, IClock clock)
    {
        // A composed firmware is a board that started: a fresh session, so that no command signed before it is valid after.
        settings.SessionNonce = NewSessionNonce();
        var next = new MqttLink(firmware, transport, storage, clock, settings, 0x5EED0000u + links++);
        lock (gate)
        {
            link = next;
        }

        return next;
    }

    /// <summary>A session nonce (MqttLinkSettings.SessionNonce): 128 bits from the operating system's generator, in hex.</summary>
    public static string NewSessionNonce() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>The board lost power: the session ends without a DISCONNECT, so the broker publishes the will.</summary>
    public void PowerLost()
    {
        lock (gate)
        {
            link = null;
        }

        transport.Abort();
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) until the link is online and has published every queued response and
    /// event, e.g. before the simulator exits. Returns true when it has.
    /// </summary>
    public bool Drain(TimeSpan timeout)
    {
        var wall = Stopwatch.StartNew();
        while (wall.Elapsed < timeout)
        {
            MqttLink current = Link;
            if (current == null || (current.IsOnline && current.PendingEventCount == 0 && current.PendingResponseCount == 0))
            {
                return true;
            }

            Thread.Sleep(ServicePeriodMilliseconds);
        }

        return false;
    }

    /// <summary>Stops the communication thread, ends the session cleanly (availability "offline") and stops the broker.</summary>
    public void Dispose()
    {
        stopping = true;
        thread.Join(TimeSpan.FromSeconds(5));
        Link?.GoOffline();
        transport.Dispose();
        broker?.Dispose();
    }

    /// <summary>Where the device reaches its own broker: loopback when the broker listens on every interface.</summary>
    private static string DeviceHost(System.Net.IPAddress bindAddress)
    {
        if (bindAddress.Equals(System.Net.IPAddress.Any))
        {
            return "127.0.0.1";
        }

        return bindAddress.Equals(System.Net.IPAddress.IPv6Any) ? "::1" : bindAddress.ToString();
    }

    private void ServiceLoop()
    {
        while (!stopping)
        {
            MqttLink current = Link;
            current?.Service();
            Thread.Sleep(ServicePeriodMilliseconds);
        }
    }
}
