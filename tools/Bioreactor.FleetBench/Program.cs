using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace Bioreactor.FleetBench;

/// <summary>
/// The command line (README.md beside this file): runs the load for each N asked, optionally the same without the station
/// (the CPU baseline), then the record fetch; prints one line per run, where the first limit is, and writes the JSON file.
/// Exit codes: 0 done, 1 a run failed, 2 bad arguments.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var devices = new Option<string>("--devices", "-n") { Description = "Comma-separated fleet sizes to run, smallest first", DefaultValueFactory = _ => "50,200,1000", HelpName = "N[,N…]" };
        var speed = new Option<double>("--speed") { Description = "Telemetry period compression: the device's 10 s divided by this (10: every second)", DefaultValueFactory = _ => 10 };
        var warmUp = new Option<double>("--warm-up") { Description = "Seconds after every tile shows before measuring", DefaultValueFactory = _ => 10, HelpName = "seconds" };
        var window = new Option<double>("--window") { Description = "Seconds of measurement per run", DefaultValueFactory = _ => 30, HelpName = "seconds" };
        var baseline = new Option<bool>("--baseline") { Description = "Also run each N without the station (devices only: the CPU and memory to subtract)" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not open the overview in Chromium (no page latency)" };
        var screens = new Option<int>("--screens") { Description = "Overview pages open at once (browser tabs, each a circuit of its own on the station)", DefaultValueFactory = _ => 1 };
        var events = new Option<double>("--event-every") { Description = "An alarm transition per device every this many periods on average (0: none)", DefaultValueFactory = _ => 60, HelpName = "periods" };
        var archiveMinutes = new Option<double>("--archive-minutes") { Description = "Simulated minutes of batch whose record the fetch measurement pulls (0: skip it)", DefaultValueFactory = _ => 1440, HelpName = "minutes" };
        var json = new Option<string>("--json") { Description = "Where the JSON results go", DefaultValueFactory = _ => "fleetbench-results.json", HelpName = "path" };
        var root = new RootCommand("The plant station's load run: N simulated devices (each its own MQTT client) against a mosquitto of its own, the station in process, its overview in headless Chromium.")
        {
            devices, speed, warmUp, window, baseline, noBrowser, screens, events, archiveMinutes, json,
        };
        root.SetAction(parse => RunAsync(new Settings
        {
            Devices = parse.GetValue(devices).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture)).ToList(),
            Speed = parse.GetValue(speed),
            WarmUp = TimeSpan.FromSeconds(parse.GetValue(warmUp)),
            Window = TimeSpan.FromSeconds(parse.GetValue(window)),
            Baseline = parse.GetValue(baseline),
            Browser = !parse.GetValue(noBrowser),
            Screens = parse.GetValue(screens),
            EventEveryPeriods = parse.GetValue(events),
            ArchiveMinutes = parse.GetValue(archiveMinutes),
            JsonPath = parse.GetValue(json),
        }).GetAwaiter().GetResult());
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine("error: " + error.Message);
            }

            return 2;
        }

        try
        {
            return result.Invoke();
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine("error: --devices: " + e.Message);
            return 2;
        }
    }

    private static async Task<int> RunAsync(Settings settings)
    {
        if (settings.Devices.Count == 0 || settings.Devices.Any(n => n < 1 || n > 9999) || settings.Speed is <= 0 or > 10 || settings.Window <= TimeSpan.Zero || settings.Screens is < 1 or > 20)
        {
            Console.Error.WriteLine("error: give fleet sizes 1–9999, a speed above 0 up to 10 (the protocol's shortest period is 1 s) and a window above 0, 1–20 screens");
            return 2;
        }

        string machine = string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {ProcessMeter.LoadAverage():F2} at start");
        Console.WriteLine("machine: " + machine);
        DateTime started = DateTime.UtcNow;
        var runs = new List<FleetRunResult>();
        var baselines = new List<FleetRunResult>();
        ArchiveFetchResult archive = null;
        int exit = 0;
        foreach (int n in settings.Devices.OrderBy(n => n))
        {
            foreach (bool station in settings.Baseline ? new[] { true, false } : new[] { true })
            {
                var options = new FleetRunOptions
                {
                    Devices = n,
                    Speed = settings.Speed,
                    WarmUp = settings.WarmUp,
                    Window = settings.Window,
                    Station = station,
                    Browser = settings.Browser && station,
                    Screens = settings.Screens,
                    EventEveryPeriods = settings.EventEveryPeriods,
                };
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- N = {n}, {(station ? "station" : "no station (baseline)")}"));
                try
                {
                    FleetRunResult result = await FleetRun.RunAsync(options, line => Console.WriteLine("   " + line)).ConfigureAwait(false);
                    (station ? runs : baselines).Add(result);
                    Console.WriteLine(FleetReport.Header);
                    Console.WriteLine(FleetReport.Line(result));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"   tiles {result.TilesShown} (every device: {result.EveryDeviceTile}); publish failures {result.PublishFailures}, late {result.TelemetryLate}; load average {result.LoadAverageBefore:F2} → {result.LoadAverageAfter:F2}"));
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or OpenQA.Selenium.WebDriverException or System.Net.Sockets.SocketException or MQTTnet.Exceptions.MqttCommunicationException)
                {
                    Console.Error.WriteLine($"N = {n}: the run failed: {e.Message}");
                    exit = 1;
                }
            }
        }

        if (settings.ArchiveMinutes > 0)
        {
            Console.WriteLine("-- record fetch from one simulated device");
            try
            {
                using var broker = new MosquittoProcess();
                archive = ArchiveFetch.Run(broker.Port, settings.ArchiveMinutes, line => Console.WriteLine("   " + line));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"record fetch (the station's archive fetcher, one simulated device at the board's pace): {archive.Entries} entries, " +
                    $"{archive.RecordBytes / 1024.0:F0} KB of record in {archive.Chunks} chunks in {archive.Seconds:F2} s: {archive.EntriesPerSecond:F0} entries/s, " +
                    $"{archive.RecordKilobytesPerSecond:F0} KB/s of record; archived {archive.Verification}"));
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine("record fetch failed: " + e.Message);
                exit = 1;
            }
        }

        Console.WriteLine();
        Console.WriteLine(FleetReport.Header);
        foreach (FleetRunResult r in runs.Concat(baselines).OrderBy(r => r.Devices).ThenBy(r => !r.Station))
        {
            Console.WriteLine(FleetReport.Line(r));
        }

        List<string> limits = FleetReport.Limits(runs, baselines, out string first);
        foreach (string line in limits)
        {
            Console.WriteLine(line);
        }

        if (first != null)
        {
            Console.WriteLine(first);
        }

        FleetReport.WriteJson(settings.JsonPath, new FleetBenchSummary
        {
            Machine = machine,
            StartedUtc = started,
            Speed = settings.Speed,
            WarmUpSeconds = settings.WarmUp.TotalSeconds,
            WindowSeconds = settings.Window.TotalSeconds,
            Runs = runs,
            Baselines = baselines,
            Archive = archive,
            Limits = limits,
            FirstLimit = first,
        });
        Console.WriteLine("results: " + settings.JsonPath);
        return exit;
    }

    private sealed class Settings
    {
        public List<int> Devices;
        public double Speed;
        public TimeSpan WarmUp;
        public TimeSpan Window;
        public bool Baseline;
        public bool Browser;
        public int Screens;
        public double EventEveryPeriods;
        public double ArchiveMinutes;
        public string JsonPath;
    }
}
