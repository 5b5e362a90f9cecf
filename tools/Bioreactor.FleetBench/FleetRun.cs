using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Station;
using Bioreactor.Station.Archive;
using Bioreactor.Station.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Bioreactor.FleetBench;

/// <summary>How one load run goes.</summary>
internal sealed class FleetRunOptions
{
    /// <summary>The demonstration account the benchmark's browser is signed in as (a viewer: it only looks).</summary>
    public const string ViewerAccount = "fleet.viewer";

    /// <summary>Simulated devices.</summary>
    public int Devices { get; set; } = 50;

    /// <summary>How much faster than the device's 10 s telemetry period the devices publish (10: every second).</summary>
    public double Speed { get; set; } = 10;

    /// <summary>After every device is online and every tile shows, before measuring.</summary>
    public TimeSpan WarmUp { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The measurement window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Start the station in process (false: the devices alone, the CPU baseline to subtract).</summary>
    public bool Station { get; set; } = true;

    /// <summary>Open the overview in headless Chromium and measure message-to-page latency.</summary>
    public bool Browser { get; set; } = true;

    /// <summary>Overview pages open at once (browser tabs: each its own circuit on the station).</summary>
    public int Screens { get; set; } = 1;

    /// <summary>An alarm transition per device every this many telemetry periods on average (0: none).</summary>
    public double EventEveryPeriods { get; set; } = 60;

    /// <summary>Devices connecting at once.</summary>
    public int ConnectParallelism { get; set; } = 32;

    /// <summary>The device's telemetry period (docs/mqtt-protocol.md: TelemetryPeriodMilliseconds, default 10 s).</summary>
    public static readonly TimeSpan DevicePeriod = TimeSpan.FromSeconds(10);

    /// <summary>The compressed period.</summary>
    public TimeSpan Period => TimeSpan.FromTicks((long)(DevicePeriod.Ticks / Speed));
}

/// <summary>Percentiles of a set of latencies (ms).</summary>
internal sealed record LatencyFigures(int Count, double P50, double P99, double Max)
{
    public static LatencyFigures Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return new LatencyFigures(0, double.NaN, double.NaN, double.NaN);
        }

        values.Sort();
        return new LatencyFigures(values.Count, Percentile(values, 0.50), Percentile(values, 0.99), values[^1]);
    }

    // Nearest rank: the smallest value with at least this fraction of the values at or below it.
    private static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>What one load run measured.</summary>
internal sealed record FleetRunResult
{
    public int Devices { get; init; }
    public bool Station { get; init; }
    public bool Browser { get; init; }

    /// <summary>Overview pages open (browser tabs, circuits); the page latencies are over all of them.</summary>
    public int Screens { get; init; }
    public double PeriodMilliseconds { get; init; }
    public double ConnectSeconds { get; init; }
    public double WindowSeconds { get; init; }
    public long Published { get; init; }
    public double PublishedPerSecond { get; init; }
    public double TelemetryPublishedPerSecond { get; init; }
    public long PublishFailures { get; init; }
    public long TelemetryLate { get; init; }

    /// <summary>Messages the station's fleet monitor received per second in the window (0 without a station).</summary>
    public double ReceivedPerSecond { get; init; }

    /// <summary>Telemetry publish → the station's summary updated (DeviceChanged, the summary's telemetry time), ms.</summary>
    public LatencyFigures StationLatency { get; init; }

    /// <summary>Telemetry publish → the tile's data-telemetry-utc changed in the browser's DOM, ms.</summary>
    public LatencyFigures PageLatency { get; init; }

    /// <summary>The station's render batches of the page in the window (Blazor's render_diff.duration), ms each.</summary>
    public LatencyFigures Render { get; init; }

    /// <summary>The time spent in those renders over the window, % of one core (a circuit renders on one thread at a time).</summary>
    public double RenderCpuPercent { get; init; }

    /// <summary>Tiles on the page at the end of the window, and whether every device had its own.</summary>
    public int TilesShown { get; init; }
    public bool EveryDeviceTile { get; init; }

    /// <summary>This process's working set at the window's end, MB.</summary>
    public double WorkingSetMegabytes { get; init; }

    /// <summary>The GC heap after a full compacting collection at the window's end (live objects), MB.</summary>
    public double GcHeapMegabytes { get; init; }

    /// <summary>This process's CPU (devices, and the station when it runs) over the window, % of one core.</summary>
    public double CpuPercent { get; init; }
    public double BrokerCpuPercent { get; init; }
    public double BrowserCpuPercent { get; init; }
    public double LoadAverageBefore { get; init; }
    public double LoadAverageAfter { get; init; }
}

/// <summary>
/// One load run: mosquitto on a free loopback port, the station (unless asked not to) in this process against it, N
/// simulated devices (each its own MQTT client) publishing, the overview open in headless Chromium; after a warm-up, a
/// measurement window.
/// </summary>
internal static class FleetRun
{
    public static async Task<FleetRunResult> RunAsync(FleetRunOptions options, Action<string> progress, CancellationToken cancel = default)
    {
        progress ??= _ => { };
        using var broker = new MosquittoProcess();
        WebApplication station = null;
        PageProbe page = null;
        var devices = new List<FleetDevice>();
        var counters = new FleetCounters();
        using var stopDevices = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var loops = new List<Task>();
        string data = Directory.CreateTempSubdirectory("fleetbench-station-").FullName;
        using var render = new RenderMeter();
        try
        {
            FleetMonitor monitor = null;
            var stationLatencies = new List<double>();
            var lastTelemetry = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            int collecting = 0;
            if (options.Station)
            {
                station = StartStation(broker.Port, data);
                monitor = station.Services.GetRequiredService<FleetMonitor>();
                monitor.DeviceChanged += id =>
                {
                    // Cheap: the summary's telemetry time against the clock, once per new telemetry message.
                    DateTime? utc = monitor.Device(id)?.TelemetryUtc;
                    if (utc == null)
                    {
                        return;
                    }

                    long at = (long)(utc.Value - DateTime.UnixEpoch).TotalMilliseconds;
                    long before = lastTelemetry.TryGetValue(id, out long seen) ? seen : 0;
                    if (at > before)
                    {
                        lastTelemetry[id] = at;
                        if (Volatile.Read(ref collecting) == 1)
                        {
                            double latency = FleetDevice.NowUtcMilliseconds() - at;
                            lock (stationLatencies)
                            {
                                stationLatencies.Add(latency);
                            }
                        }
                    }
                };
                if (!SpinWait.SpinUntil(() => monitor.Connected, TimeSpan.FromSeconds(15)))
                {
                    throw new InvalidOperationException("the station did not connect to the benchmark's broker");
                }
            }

            // Devices: each its own session; a few connect at once.
            var factory = new MqttClientFactory();
            for (int index = 1; index <= options.Devices; index++)
            {
                devices.Add(new FleetDevice(factory, "127.0.0.1", broker.Port, index, counters));
            }

            var connecting = Stopwatch.StartNew();
            using (var gate = new SemaphoreSlim(options.ConnectParallelism))
            {
                await Task.WhenAll(devices.Select(async device =>
                {
                    await gate.WaitAsync(cancel).ConfigureAwait(false);
                    try
                    {
                        await device.ConnectAsync(cancel).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                })).ConfigureAwait(false);
            }

            double connectSeconds = connecting.Elapsed.TotalSeconds;
            progress(string.Create(CultureInfo.InvariantCulture, $"{options.Devices} devices online in {connectSeconds:F1} s; telemetry every {options.Period.TotalMilliseconds:F0} ms"));
            foreach (FleetDevice device in devices)
            {
                loops.Add(Task.Run(() => device.RunAsync(options.Period, options.EventEveryPeriods, stopDevices.Token)));
            }

            if (options.Station && options.Browser)
            {
                page = PageProbe.Open(StationAddress(station) + "/");
                page.OpenMoreScreens(StationAddress(station) + "/", options.Screens - 1);
                TimeSpan tilesTimeout = TimeSpan.FromSeconds(30 + options.Devices * 0.05 * options.Screens);
                if (!page.WaitForTiles(options.Devices, tilesTimeout))
                {
                    throw new InvalidOperationException($"the overview did not show {options.Devices} tiles with telemetry within {tilesTimeout.TotalSeconds:F0} s " +
                        $"({page.TileCount()} tiles): {Shorten(page.PageText())}");
                }
            }

            progress(string.Create(CultureInfo.InvariantCulture, $"warm-up {options.WarmUp.TotalSeconds:F0} s, then measuring for {options.Window.TotalSeconds:F0} s"));
            await Task.Delay(options.WarmUp, cancel).ConfigureAwait(false);

            // The window.
            // The observers first: with a busy browser injecting them takes a while, which must not fall inside the window.
            page?.Start();
            double loadBefore = ProcessMeter.LoadAverage();
            var meter = new ProcessMeter(broker.ProcessId, page?.DriverProcessId ?? 0);
            long receivedStart = monitor?.MessagesReceived ?? 0;
            long publishedStart = Interlocked.Read(ref counters.Published);
            long telemetryStart = Interlocked.Read(ref counters.TelemetryPublished);
            long failuresStart = Interlocked.Read(ref counters.PublishFailures);
            long lateStart = Interlocked.Read(ref counters.TelemetryLate);
            Volatile.Write(ref collecting, 1);
            render.Collect(true);
            meter.Start();
            await Task.Delay(options.Window, cancel).ConfigureAwait(false);
            (double ownCpu, double brokerCpu, double browserCpu, double seconds) = meter.Stop();
            Volatile.Write(ref collecting, 0);
            render.Collect(false);

            // Blazor's own metric of a render batch's diff (seconds), per circuit: the station's render work for the page.
            List<double> renders = render.Values().TryGetValue("aspnetcore.components.render_diff.duration", out List<double> diffs)
                ? diffs.ConvertAll(v => v * 1000)
                : new List<double>();
            double renderSeconds = renders.Sum() / 1000;

            long received = (monitor?.MessagesReceived ?? 0) - receivedStart;
            long published = Interlocked.Read(ref counters.Published) - publishedStart;
            long telemetry = Interlocked.Read(ref counters.TelemetryPublished) - telemetryStart;
            List<double> pageLatencies = page?.Collect() ?? new List<double>();
            IReadOnlyList<string> tiles = page?.TileIds() ?? Array.Empty<string>();
            var expected = new HashSet<string>(devices.Select(d => "tile-" + d.Id), StringComparer.Ordinal);
            bool everyTile = page != null && expected.IsSubsetOf(tiles);

            // Memory after the window (outside the CPU figure): the working set as it stood, and the GC heap after a full,
            // compacting collection, i.e. what is live (the server GC's heap before a collection says more about its
            // budget than about the station's need).
            using Process self = Process.GetCurrentProcess();
            self.Refresh();
            double workingSet = self.WorkingSet64 / 1048576.0;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            double liveHeap = GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes / 1048576.0;
            List<double> stationCopy;
            lock (stationLatencies)
            {
                stationCopy = new List<double>(stationLatencies);
            }

            return new FleetRunResult
            {
                Devices = options.Devices,
                Station = options.Station,
                Browser = page != null,
                Screens = page?.Screens ?? 0,
                PeriodMilliseconds = options.Period.TotalMilliseconds,
                ConnectSeconds = connectSeconds,
                WindowSeconds = seconds,
                Published = published,
                PublishedPerSecond = published / seconds,
                TelemetryPublishedPerSecond = telemetry / seconds,
                PublishFailures = Interlocked.Read(ref counters.PublishFailures) - failuresStart,
                TelemetryLate = Interlocked.Read(ref counters.TelemetryLate) - lateStart,
                ReceivedPerSecond = received / seconds,
                StationLatency = LatencyFigures.Of(stationCopy),
                Render = LatencyFigures.Of(renders),
                RenderCpuPercent = 100 * renderSeconds / seconds,
                PageLatency = LatencyFigures.Of(pageLatencies),
                TilesShown = tiles.Count,
                EveryDeviceTile = everyTile,
                WorkingSetMegabytes = workingSet,
                GcHeapMegabytes = liveHeap,
                CpuPercent = ownCpu,
                BrokerCpuPercent = brokerCpu,
                BrowserCpuPercent = browserCpu,
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = ProcessMeter.LoadAverage(),
            };
        }
        finally
        {
            page?.Dispose();
            stopDevices.Cancel();
            try
            {
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            if (station != null)
            {
                await station.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await station.DisposeAsync().ConfigureAwait(false);
            }

            foreach (FleetDevice device in devices)
            {
                await device.DisposeAsync().ConfigureAwait(false);
            }

            try
            {
                Directory.Delete(data, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static WebApplication StartStation(int brokerPort, string data)
    {
        var options = new StationOptions
        {
            ListenUrl = "http://127.0.0.1:" + FreeTcpPort().ToString(CultureInfo.InvariantCulture),
            Broker = new MqttBrokerOptions { Host = "127.0.0.1", Port = brokerPort },
            DataDirectory = data,
            DemoAccount = FleetRunOptions.ViewerAccount,
        };

        // The benchmark's console is its own: the station reports only errors there.
        WebApplication app = StationProgram.Build(options, logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));
        AccountStore accounts = app.Services.GetRequiredService<AccountStore>();
        if (accounts.Find(FleetRunOptions.ViewerAccount) == null)
        {
            accounts.Add(FleetRunOptions.ViewerAccount, "Fleet benchmark viewer", "viewer", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        }

        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    private static string StationAddress(WebApplication app) => app.Services.GetRequiredService<StationOptions>().ListenUrl;

    private static int FreeTcpPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
