using System;
using Bioreactor.Host.Infrastructure.Mqtt;

namespace Bioreactor.Station;

/// <summary>How a station is run: where its pages listen, which broker it reads, where its archive is kept.</summary>
public sealed class StationOptions
{
    /// <summary>The address the pages are served on (default loopback only: a plant puts the station behind its TLS proxy).</summary>
    public string ListenUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The plant broker, as the other tools reach it (TLS, CA file, user and password).</summary>
    public MqttBrokerOptions Broker { get; set; } = new();

    /// <summary>
    /// The archive's database: null for the default SQLite file <c>station.db</c> in <see cref="DataDirectory"/>; a
    /// connection string starting <c>Host=</c> is PostgreSQL (Npgsql), <c>Data Source=</c> SQLite.
    /// </summary>
    public string Database { get; set; }

    /// <summary>Where the default SQLite archive is kept (default <c>station</c> in the current directory).</summary>
    public string DataDirectory { get; set; } = "station";

    /// <summary>
    /// A directory of record keys, one file <c>&lt;device-id&gt;.key</c> of hexadecimal text per device; null for none. A
    /// record of a device with no key is archived and flagged "not verified" until its key is provided.
    /// </summary>
    public string RecordKeyDirectory { get; set; }

    /// <summary>Accept the simulator's published record keys (derived from the device id; never on a plant).</summary>
    public bool SimulatorKeys { get; set; }

    /// <summary>
    /// Demonstration only: every visitor is signed in as this station account without a password, and every page says
    /// so. Null on a plant.
    /// </summary>
    public string DemoAccount { get; set; }

    /// <summary>A signed-in session ends after this long without a request (default 15 min).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
