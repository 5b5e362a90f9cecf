using System;
using System.Threading.Tasks;
using Bioreactor.FleetBench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

/// <summary>
/// The fleet benchmark (tools/Bioreactor.FleetBench) at N = 5 for a few seconds: it runs end to end (its own mosquitto,
/// the station in process, the overview in headless Chromium) and its figures are there and plausible. Chromium and
/// chromium-driver are required, as for the station's other browser tests: CI installs them, so a missing one fails.
/// </summary>
[TestClass]
public sealed class FleetBenchTests
{
    public TestContext TestContext { get; set; }

    [TestMethod]
    [Timeout(90_000, CooperativeCancellation = true)]
    public async Task AFiveDeviceRunShowsEveryTileAndMeasuresPlausibleLatencies()
    {
        string missing = PageProbe.Missing();
        if (missing != null)
        {
            Assert.Fail("the fleet benchmark needs Chromium: " + missing);
        }

        var options = new FleetRunOptions { Devices = 5, Speed = 10, WarmUp = TimeSpan.FromSeconds(2), Window = TimeSpan.FromSeconds(5) };
        FleetRunResult r = await FleetRun.RunAsync(options, line => Console.WriteLine(line), TestContext.CancellationToken);
        Console.WriteLine(FleetReport.Header);
        Console.WriteLine(FleetReport.Line(r));

        Assert.AreEqual(5, r.TilesShown, "one tile per device");
        Assert.IsTrue(r.EveryDeviceTile, "every device has its own tile");

        // Five devices at one telemetry a second for five seconds: about 25 messages, each seen by the station and the page.
        Assert.IsTrue(r.PublishedPerSecond is > 3 and < 20, $"published {r.PublishedPerSecond:F1}/s");
        Assert.IsTrue(r.ReceivedPerSecond > 0.8 * r.PublishedPerSecond, $"the station received {r.ReceivedPerSecond:F1}/s of {r.PublishedPerSecond:F1}/s");
        Assert.IsTrue(r.PageLatency.Count >= 10, $"page changes seen: {r.PageLatency.Count}");
        Assert.IsTrue(r.PageLatency.P50 > 0 && r.PageLatency.Max < 10_000, $"page latency p50 {r.PageLatency.P50} ms, max {r.PageLatency.Max} ms");
        Assert.IsTrue(r.StationLatency.Count >= 10 && r.StationLatency.P50 >= 0 && r.StationLatency.Max < 10_000,
            $"station latency: {r.StationLatency.Count} values, p50 {r.StationLatency.P50} ms, max {r.StationLatency.Max} ms");

        // The page renders after the summary: its latency includes the station's.
        Assert.IsTrue(r.PageLatency.P50 >= r.StationLatency.P50, $"page p50 {r.PageLatency.P50} ms below the station's {r.StationLatency.P50} ms");
        Assert.IsTrue(r.Render.Count > 0 && r.Render.P99 < 1000, $"the station's renders of the overview: {r.Render.Count}, p99 {r.Render.P99} ms");
        Assert.IsTrue(r.CpuPercent > 0 && r.WorkingSetMegabytes > 10 && r.GcHeapMegabytes > 0, $"CPU {r.CpuPercent:F1} %, {r.WorkingSetMegabytes:F0} MB, heap {r.GcHeapMegabytes:F1} MB");
        Assert.AreEqual(0, r.PublishFailures, "publish failures");
    }
}
