using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

/// <summary>
/// Which announced chain heads the station keeps (Archive/ArchiveWitness): at most one per device per 10 minutes of the
/// device's time, and a closed record's final head at once (docs/mqtt-protocol.md, "Witnessing the chain head").
/// </summary>
[TestClass]
public sealed class ArchiveWitnessTests
{
    private const string Device = "br-witness";
    private const string Batch = "LOT-WITNESS";

    [TestMethod]
    public async Task HeadsAreKeptEveryTenMinutesOfDeviceTimeAndTheClosedRecordsFinalHeadAtOnce()
    {
        await using TestStation station = await TestStation.StartAsync(TimeSpan.FromMinutes(15));
        const long start = 1772438400000; // the device's clock, ms since 1970
        void Telemetry(long afterSeconds, long sequence, bool closed)
        {
            string mac = sequence.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
            string json = "{\"seq\":" + sequence + ",\"utc\":" + (start + (afterSeconds * 1000)) + ",\"record\":{\"batch\":\"" + Batch
                + "\",\"sequence\":" + sequence + ",\"mac\":\"" + mac + "\",\"closed\":" + (closed ? "true" : "false") + "}}";
            station.Fleet.OnMessage("bioreactor/" + Device + "/telemetry", Encoding.UTF8.GetBytes(json), null, null);
        }

        Telemetry(0, 10, closed: false);     // the first: kept
        Telemetry(60, 16, closed: false);    // a minute later: not kept
        Telemetry(590, 69, closed: false);   // 9 min 50 s after the kept one: not kept
        Telemetry(600, 70, closed: false);   // 10 minutes after it: kept
        Telemetry(620, 73, closed: true);    // the final head 20 s later: kept at once
        Telemetry(630, 73, closed: true);    // the same final head again: not kept again

        long[] kept = null;
        Assert.IsTrue(SpinWait.SpinUntil(() =>
        {
            kept = station.Archive.HeadsOf(Device, Batch).Select(h => h.Sequence).OrderBy(s => s).ToArray();
            return kept.Length >= 3;
        }, TimeSpan.FromSeconds(10)), "three heads kept");
        Thread.Sleep(300); // anything queued after them
        kept = station.Archive.HeadsOf(Device, Batch).Select(h => h.Sequence).OrderBy(s => s).ToArray();
        CollectionAssert.AreEqual(new long[] { 10, 70, 73 }, kept, string.Join(", ", kept));
    }
}
