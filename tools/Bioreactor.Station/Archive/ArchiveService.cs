using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bioreactor.Station.Archive;

/// <summary>Where a device's archiving stands, for the pages.</summary>
/// <param name="Device">The device.</param>
/// <param name="State">"queued", "fetching", "done" or "failed".</param>
/// <param name="Batch">The record being fetched, or null.</param>
/// <param name="Bytes">Bytes of it the station has.</param>
/// <param name="TotalBytes">The device's length of it.</param>
/// <param name="LastResult">The last finished run in words (records fetched, flags), or null before one.</param>
/// <param name="LastError">The last failure, or null.</param>
/// <param name="LastFinishedUtc">When the last run ended, or null.</param>
public sealed record ArchiveStatus(string Device, string State, string Batch, long Bytes, long TotalBytes, string LastResult, string LastError,
    DateTime? LastFinishedUtc);

/// <summary>
/// Archives in the background: a device is fetched (<see cref="RecordFetcher.FetchAllAsync"/>) when someone asks
/// (<see cref="RequestFetch"/>) and when its batch ends (<see cref="OnBatchEnded"/>, from the fleet monitor: the state went
/// to Complete or Aborted, or the record closed). One device at a time, each queued at most once; a failed fetch is
/// retried with the next request or batch end. <see cref="Statuses"/> says where each device stands.
/// </summary>
public sealed class ArchiveService : BackgroundService
{
    private readonly RecordFetcher fetcher;
    private readonly ILogger<ArchiveService> logger;
    private readonly Channel<string> queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ArchiveStatus> statuses = new(StringComparer.Ordinal);

    /// <summary>Creates the service.</summary>
    public ArchiveService(RecordFetcher fetcher, ILogger<ArchiveService> logger = null)
    {
        this.fetcher = fetcher ?? throw new ArgumentNullException(nameof(fetcher));
        this.logger = logger;
    }

    /// <summary>Raised (on the service's task) whenever a device's status changes.</summary>
    public event Action<ArchiveStatus> Changed;

    /// <summary>Every device's status, by device id.</summary>
    public IReadOnlyList<ArchiveStatus> Statuses => statuses.Values.OrderBy(s => s.Device, StringComparer.Ordinal).ToList();

    /// <summary>One device's status, or null when it was never archived.</summary>
    public ArchiveStatus StatusOf(string device) => statuses.TryGetValue(device, out ArchiveStatus status) ? status : null;

    /// <summary>Queues a fetch of every new or grown record of <paramref name="device"/>; false when it is already queued.</summary>
    public bool RequestFetch(string device)
    {
        if (!Bioreactor.Control.Primitives.TextRules.IsIdentifier(device) || !queued.TryAdd(device, 0))
        {
            return false;
        }

        ArchiveStatus previous = StatusOf(device);
        Update(new ArchiveStatus(device, "queued", null, 0, 0, previous?.LastResult, previous?.LastError, previous?.LastFinishedUtc));
        queue.Writer.TryWrite(device);
        return true;
    }

    /// <summary>The fleet monitor saw <paramref name="batch"/> of <paramref name="device"/> end: its record is fetched.</summary>
    public void OnBatchEnded(string device, string batch) => RequestFetch(device);

    /// <summary>Fetches queued devices until the station stops.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (string device in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                queued.TryRemove(device, out _);
                await RunAsync(device, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The station is stopping.
        }
    }

    /// <summary>Fetches one device now (the background loop's step; tests call it directly).</summary>
    internal async Task RunAsync(string device, CancellationToken cancellation)
    {
        ArchiveStatus previous = StatusOf(device);
        Update(new ArchiveStatus(device, "fetching", null, 0, 0, previous?.LastResult, previous?.LastError, previous?.LastFinishedUtc));
        var progress = new Progress(this, device, previous);
        try
        {
            IReadOnlyList<FetchResult> results = await fetcher.FetchAllAsync(device, progress, cancellation).ConfigureAwait(false);
            int fetched = results.Count(r => r.Fetched);
            var failed = results.Where(r => r.Error != null).ToList();
            var flagged = results.Where(r => r.Record != null && !r.Record.IsGood).Select(r => r.Batch + " " + r.Record.VerificationName).ToList();
            string summary = string.Create(CultureInfo.InvariantCulture,
                $"{results.Count} record(s) on the device, {fetched} fetched, {failed.Count} failed")
                + (flagged.Count > 0 ? "; not good: " + string.Join(", ", flagged) : string.Empty);
            string error = failed.Count > 0 ? string.Join("; ", failed.Select(f => f.Batch + ": " + f.Error)) : null;
            Update(new ArchiveStatus(device, failed.Count > 0 ? "failed" : "done", null, 0, 0, summary, error, DateTime.UtcNow));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is Mqtt.DeviceRequestException or StationDatabaseException or InvalidOperationException)
        {
            logger?.LogWarning("archiving {Device} failed: {Message}", device, e.Message);
            Update(new ArchiveStatus(device, "failed", null, 0, 0, previous?.LastResult, e.Message, DateTime.UtcNow));
        }
    }

    private void Update(ArchiveStatus status)
    {
        statuses[status.Device] = status;
        try
        {
            Changed?.Invoke(status);
        }
        catch (Exception e)
        {
            logger?.LogWarning("an archive status listener failed: {Message}", e.Message);
        }
    }

    // Reports synchronously (IProgress<T> without a captured context), so the status follows each chunk.
    private sealed class Progress : IProgress<FetchProgress>
    {
        private readonly ArchiveService owner;
        private readonly string device;
        private readonly ArchiveStatus previous;

        public Progress(ArchiveService owner, string device, ArchiveStatus previous)
        {
            this.owner = owner;
            this.device = device;
            this.previous = previous;
        }

        public void Report(FetchProgress value) => owner.Update(new ArchiveStatus(device, "fetching", value.Batch, value.Bytes, value.TotalBytes,
            previous?.LastResult, previous?.LastError, previous?.LastFinishedUtc));
    }
}
