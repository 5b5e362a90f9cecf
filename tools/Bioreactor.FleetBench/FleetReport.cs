using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bioreactor.FleetBench;

/// <summary>The benchmark's table, its JSON file and the reading of where the first limit is.</summary>
internal static class FleetReport
{
    /// <summary>The issue's requirement: a message reaches the page within 1 s (issue 14, "Fleet overview").</summary>
    public const double PageTargetMilliseconds = 1000;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Header =>
        "    N  station   msg/s pub   msg/s recv   page p50   page p99   page max  count   stn p50   stn p99  render p99  render %   WS MB  heap MB   CPU %  broker %  browser %";

    /// <summary>One table line.</summary>
    public static string Line(FleetRunResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Devices,5}  {(r.Station ? "yes" : "no "),-7} {r.PublishedPerSecond,11:F0}  {r.ReceivedPerSecond,11:F0}  {r.PageLatency.P50,9:F0}  {r.PageLatency.P99,9:F0}  {r.PageLatency.Max,9:F0}  {r.PageLatency.Count,5}  {r.StationLatency.P50,8:F1}  {r.StationLatency.P99,8:F1}  {r.Render.P99,10:F1}  {r.RenderCpuPercent,8:F1}  {r.WorkingSetMegabytes,6:F0}  {r.GcHeapMegabytes,7:F0}  {r.CpuPercent,6:F0}  {r.BrokerCpuPercent,8:F0}  {r.BrowserCpuPercent,9:F0}");

    /// <summary>
    /// Where the first limit is, from the figures: for each N with the station (smallest first), each sign of saturation
    /// that fired, with its numbers; the first N with any is the first limit. The signs:
    /// <list type="bullet">
    /// <item>the single subscriber session: messages received below those published (lost or backlogged), or the station-side p99 above a period;</item>
    /// <item>the page render: page p99 over the 1 s target while the station side is well within it: in the browser when
    /// Chromium's processes use ≥ 70 % of a core, else on the station when its circuit's renders (Blazor's
    /// render_diff.duration) take ≥ 50 % of a core or a batch's p99 ≥ 250 ms (the page's refresh period);</item>
    /// <item>mosquitto: the broker's process at ≥ 90 % of its one core;</item>
    /// <item>CPU: the machine's cores (this process + broker + browser ≥ 90 % of all cores), or devices late for their period.</item>
    /// </list>
    /// </summary>
    public static List<string> Limits(IReadOnlyList<FleetRunResult> runs, IReadOnlyList<FleetRunResult> baselines, out string first)
    {
        first = null;
        var lines = new List<string>();
        double cores = Environment.ProcessorCount;
        foreach (FleetRunResult r in runs.Where(r => r.Station).OrderBy(r => r.Devices))
        {
            var signs = new List<string>();
            double delivered = r.PublishedPerSecond > 0 ? r.ReceivedPerSecond / r.PublishedPerSecond : 1;
            if (delivered < 0.98)
            {
                signs.Add(F($"the station's single MQTT session received {100 * delivered:F1} % of the messages published ({r.ReceivedPerSecond:F0} of {r.PublishedPerSecond:F0}/s)"));
            }

            if (r.StationLatency.P99 > r.PeriodMilliseconds)
            {
                signs.Add(F($"the single subscriber session: station-side p99 {r.StationLatency.P99:F0} ms, above a telemetry period ({r.PeriodMilliseconds:F0} ms): messages queue before the summary"));
            }

            if (r.PageLatency.Count > 0 && r.PageLatency.P99 > PageTargetMilliseconds && r.StationLatency.P99 < PageTargetMilliseconds / 2)
            {
                // Which side of the circuit: the browser's main thread applies every DOM change on one core.
                // The browser first: a render batch waits for the browser's acknowledgement of the earlier ones (Blazor
                // Server), so a saturated browser also makes the station's batches long.
                string side = r.BrowserCpuPercent >= 70
                    ? F($"in the browser: Chromium at {r.BrowserCpuPercent:F0} % of a core applying the tiles' DOM changes (the station's render batches: p99 {r.Render.P99:F0} ms)")
                    : r.RenderCpuPercent >= 50 || r.Render.P99 >= 250
                        ? F($"on the station: the circuit's renders take {r.RenderCpuPercent:F0} % of a core, p99 {r.Render.P99:F0} ms a batch")
                        : F($"between the station and the browser (renders {r.RenderCpuPercent:F0} % of a core, browser {r.BrowserCpuPercent:F0} %)");
                signs.Add(F($"the page render, {side}: page p99 {r.PageLatency.P99:F0} ms over the 1 s target while the station's summary is at p99 {r.StationLatency.P99:F0} ms"));
            }
            else if (r.PageLatency.Count > 0 && r.PageLatency.P99 > PageTargetMilliseconds)
            {
                signs.Add(F($"page p99 {r.PageLatency.P99:F0} ms over the 1 s target"));
            }

            if (r.BrokerCpuPercent >= 90)
            {
                signs.Add(F($"mosquitto: its process at {r.BrokerCpuPercent:F0} % of its one core"));
            }

            double machine = r.CpuPercent + r.BrokerCpuPercent + r.BrowserCpuPercent;
            if (machine >= 0.9 * 100 * cores)
            {
                signs.Add(F($"CPU: benchmark + broker + browser at {machine:F0} % of {100 * cores:F0} % ({cores:F0} cores)"));
            }

            if (r.TelemetryLate > 0)
            {
                signs.Add(F($"CPU: {r.TelemetryLate} device telemetry publications more than a period late (the load generator itself starved)"));
            }

            FleetRunResult baseline = baselines.FirstOrDefault(b => b.Devices == r.Devices);
            string station = baseline == null ? string.Empty : F($"; the station's share of this process ≈ {r.CpuPercent - baseline.CpuPercent:F0} % CPU, {r.WorkingSetMegabytes - baseline.WorkingSetMegabytes:F0} MB");
            lines.Add(F($"N = {r.Devices}: ") + (signs.Count == 0 ? "no limit reached" : string.Join("; ", signs))
                + F($" (page p99 {r.PageLatency.P99:F0} ms, station p99 {r.StationLatency.P99:F0} ms, process {r.CpuPercent:F0} %, broker {r.BrokerCpuPercent:F0} %, browser {r.BrowserCpuPercent:F0} %{station})"));
            if (first == null && signs.Count > 0)
            {
                first = F($"first limit at N = {r.Devices}: {signs[0]}");
            }
        }

        if (first == null && runs.Count > 0)
        {
            first = F($"no limit reached up to N = {runs.Max(r => r.Devices)}");
        }

        return lines;
    }

    /// <summary>Writes everything measured to <paramref name="path"/> as JSON.</summary>
    public static void WriteJson(string path, FleetBenchSummary summary) => File.WriteAllText(path, JsonSerializer.Serialize(summary, Json), new UTF8Encoding(false));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The JSON file's content.</summary>
internal sealed record FleetBenchSummary
{
    public string Machine { get; init; }
    public DateTime StartedUtc { get; init; }
    public double Speed { get; init; }
    public double WarmUpSeconds { get; init; }
    public double WindowSeconds { get; init; }
    public List<FleetRunResult> Runs { get; init; }
    public List<FleetRunResult> Baselines { get; init; }
    public ArchiveFetchResult Archive { get; init; }
    public List<string> Limits { get; init; }
    public string FirstLimit { get; init; }
}
