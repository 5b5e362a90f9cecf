using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Bioreactor.Station.Fleet;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bioreactor.Station.Archive;

/// <summary>
/// Connects the fleet monitor to the archive: it keeps the chain heads the devices announce (at most one per device per
/// <see cref="DeviceTimeBetweenHeads"/> of the device's time, so a 10-day batch leaves about 1,440 rows, not one per
/// telemetry message; a rewrite of any entry before the newest kept head is caught all the same; a closed record's final
/// head at once, since it covers the release and the closing entry and never moves again), and asks for a fetch
/// when a device connects (what it holds that the archive lacks) and when a batch ends. The database work runs here, off the MQTT delivery thread.
/// </summary>
public sealed class ArchiveWitness : BackgroundService
{
    /// <summary>The least device time between two kept heads of one device.</summary>
    public static readonly TimeSpan DeviceTimeBetweenHeads = TimeSpan.FromMinutes(10);

    private readonly Channel<(string Device, RecordHead Head, DateTime SeenUtc)> heads =
        Channel.CreateBounded<(string, RecordHead, DateTime)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    private readonly Dictionary<string, (string Batch, long Sequence, long DeviceUtc)> lastKept = new(StringComparer.Ordinal);
    private readonly FleetMonitor fleet;
    private readonly RecordArchive archive;
    private readonly ArchiveService fetches;
    private readonly ILogger<ArchiveWitness> log;

    /// <summary>Subscribes to the fleet monitor's heads and batch ends.</summary>
    public ArchiveWitness(FleetMonitor fleet, RecordArchive archive, ArchiveService fetches, ILogger<ArchiveWitness> log)
    {
        this.fleet = fleet;
        this.archive = archive;
        this.fetches = fetches;
        this.log = log;
        fleet.HeadSeen += OnHeadSeen;
        fleet.BatchEnded += fetches.OnBatchEnded;
        fleet.DeviceConnected += OnDeviceConnected;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        fleet.HeadSeen -= OnHeadSeen;
        fleet.BatchEnded -= fetches.OnBatchEnded;
        fleet.DeviceConnected -= OnDeviceConnected;
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach ((string device, RecordHead head, DateTime seen) in heads.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    if (!archive.WitnessHead(device, head.Batch, head.Sequence, head.Mac, seen))
                    {
                        log.LogError("device {Device} announced head {Sequence} of {Batch}, which the archived copy contradicts: flagged rewritten",
                            device, head.Sequence, head.Batch);
                    }
                }
                catch (Exception e) when (e is ArgumentException or StationDatabaseException)
                {
                    log.LogWarning("head {Sequence} of {Batch} from {Device} not kept: {Error}", head.Sequence, head.Batch, device, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The station stops.
        }
    }

    // A device seen (again): fetch what it has that the archive lacks, so every record of every device is archived even
    // when the station was away at its batch's end.
    private void OnDeviceConnected(string device) => fetches.RequestFetch(device);

    // On the MQTT delivery thread: decide cheaply, queue the database work.
    private void OnHeadSeen(string device, RecordHead head, DateTime seenUtc, DateTime? telemetryUtc)
    {
        // The message's own time: the device's summary still holds the previous message's while this one is applied.
        long deviceUtc = telemetryUtc is DateTime t ? (long)(t - DateTime.UnixEpoch).TotalMilliseconds : 0;
        lock (lastKept)
        {
            if (lastKept.TryGetValue(device, out var last) && last.Batch == head.Batch
                && deviceUtc - last.DeviceUtc < (long)DeviceTimeBetweenHeads.TotalMilliseconds
                && (!head.Closed || head.Sequence == last.Sequence))
            {
                return;
            }

            lastKept[device] = (head.Batch, head.Sequence, deviceUtc);
        }

        heads.Writer.TryWrite((device, head, seenUtc));
    }
}
