using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.BatchRecords;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Bioreactor.Station.Mqtt;

namespace Bioreactor.Station.Archive;

/// <summary>What one record's fetch did.</summary>
/// <param name="Batch">The record.</param>
/// <param name="Fetched">Whether anything was fetched (false: the archive already had it all).</param>
/// <param name="BytesFetched">Bytes fetched this time.</param>
/// <param name="Record">The index row after storing, or the existing one when nothing was fetched; null on failure.</param>
/// <param name="Error">Why the fetch failed, or null.</param>
public sealed record FetchResult(string Batch, bool Fetched, long BytesFetched, ArchivedRecord Record, string Error);

/// <summary>Progress of a device's fetch, for the status line.</summary>
/// <param name="Batch">The record being fetched.</param>
/// <param name="Bytes">Bytes of it the station has.</param>
/// <param name="TotalBytes">The device's length of it.</param>
/// <param name="Verified">Entries verified as they arrived (0 without a key).</param>
public sealed record FetchProgress(string Batch, long Bytes, long TotalBytes, long Verified);

/// <summary>
/// Fetches a device's records into the <see cref="RecordArchive"/> (docs/mqtt-protocol.md, "Record retrieval"): the
/// <c>records</c> list, then every record that is new or longer than the archived copy, chunk by chunk with
/// <c>record</c> (<c>fromSequence</c>, <c>offset</c>), continuing after the archived copy's last whole frame, verifying
/// the chain as chunks arrive (<see cref="RecordVerifier.Push"/>) and storing the whole record at the end (where the
/// archive verifies it again with the witnessed heads).
/// </summary>
public sealed class RecordFetcher
{
    private readonly DeviceRequests requests;
    private readonly RecordArchive archive;
    private readonly RecordKeyring keyring;

    /// <summary>Creates the fetcher.</summary>
    public RecordFetcher(DeviceRequests requests, RecordArchive archive, RecordKeyring keyring)
    {
        this.requests = requests ?? throw new ArgumentNullException(nameof(requests));
        this.archive = archive ?? throw new ArgumentNullException(nameof(archive));
        this.keyring = keyring ?? throw new ArgumentNullException(nameof(keyring));
    }

    /// <summary>The longest wait for one answer (default 30 s: a chunk is read on the device's record thread).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Entries per chunk, 0 for the device's default.</summary>
    public int MaximumEntries { get; set; }

    /// <summary>Fetches every record of <paramref name="device"/> that is new or grew; one result per record the device lists.</summary>
    /// <exception cref="DeviceRequestException">The list could not be had (no broker, no answer).</exception>
    public async Task<IReadOnlyList<FetchResult>> FetchAllAsync(string device, IProgress<FetchProgress> progress = null, CancellationToken cancellation = default)
    {
        JsonElement list = await requests.RequestAsync(device, "records", new JsonObject(), RequestTimeout, cancellation).ConfigureAwait(false);
        ThrowIfRefused(device, "records", list);
        var results = new List<FetchResult>();
        if (!list.TryGetProperty("records", out JsonElement records) || records.ValueKind != JsonValueKind.Array)
        {
            return results;
        }

        foreach (JsonElement item in records.EnumerateArray())
        {
            string name = item.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (!RecordHeader.IsValidBatchId(name ?? string.Empty))
            {
                continue;
            }

            long length = item.TryGetProperty("length", out JsonElement l) && l.TryGetInt64(out long value) ? value : -1;
            bool open = item.TryGetProperty("open", out JsonElement o) && o.ValueKind == JsonValueKind.True;
            ArchivedRecord existing = archive.Get(device, name);
            if (existing != null && length >= 0 && existing.Length >= length && existing.Open == open)
            {
                results.Add(new FetchResult(name, false, 0, existing, null));
                continue;
            }

            try
            {
                results.Add(await FetchAsync(device, name, progress, cancellation).ConfigureAwait(false));
            }
            catch (DeviceRequestException e)
            {
                results.Add(new FetchResult(name, false, 0, null, e.Message));
            }
        }

        return results;
    }

    /// <summary>
    /// Fetches one record (continuing after the archived copy) and stores it. When the device's record does not continue
    /// the archived copy (its next entry is not where the copy ends), the whole record is fetched again, and storing it
    /// keeps the earlier copy and flags the record.
    /// </summary>
    /// <exception cref="DeviceRequestException">No answer, or the device refused a chunk.</exception>
    public async Task<FetchResult> FetchAsync(string device, string batch, IProgress<FetchProgress> progress = null, CancellationToken cancellation = default)
    {
        byte[] archived = archive.Bytes(device, batch) ?? Array.Empty<byte>();
        FetchResult result = await FetchFromAsync(device, batch, archived, progress, cancellation).ConfigureAwait(false);
        return result ?? await FetchFromAsync(device, batch, Array.Empty<byte>(), progress, cancellation).ConfigureAwait(false);
    }

    // Null when the device's record does not continue `archived`.
    private async Task<FetchResult> FetchFromAsync(string device, string batch, byte[] archived, IProgress<FetchProgress> progress, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var frames = new FrameWalk();
        long whole = frames.Walk(archived, archived.Length);
        buffer.Write(archived, 0, (int)whole);
        long position = whole;
        long nextSequence = frames.NextSequence;
        long startedAt = position;
        using var streaming = new StreamingCheck(keyring, device);
        streaming.Push(archived, 0, (int)whole);
        bool open = true;
        long deviceLength = 0;
        while (true)
        {
            var fields = new JsonObject { ["record"] = batch, ["fromSequence"] = nextSequence };
            if (position > 0)
            {
                fields["offset"] = position;
            }

            if (MaximumEntries > 0)
            {
                fields["maxEntries"] = MaximumEntries;
            }

            JsonElement chunk = await requests.RequestAsync(device, "record", fields, RequestTimeout, cancellation).ConfigureAwait(false);
            ThrowIfRefused(device, "record " + batch, chunk);
            deviceLength = Integer(chunk, "length") ?? deviceLength;
            open = chunk.TryGetProperty("open", out JsonElement o) && o.ValueKind == JsonValueKind.True;
            long count = 0;
            if (position == startedAt && startedAt > 0 && (Integer(chunk, "start") ?? position) != position
                && chunk.TryGetProperty("count", out JsonElement counted) && counted.TryGetInt64(out long chunkEntries) && chunkEntries > 0)
            {
                // The device found the next entry elsewhere than where the archived copy ends (docs/mqtt-protocol.md:
                // "start", "searched"): its record is not a continuation of the copy.
                return null;
            }

            if (chunk.TryGetProperty("entries", out JsonElement entries) && entries.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement entry in entries.EnumerateArray())
                {
                    byte[] frame = Convert.FromBase64String(entry.GetString() ?? string.Empty);
                    buffer.Write(frame, 0, frame.Length);
                    streaming.Push(frame, 0, frame.Length);
                    position += frame.Length;
                    count++;
                }
            }

            if (chunk.TryGetProperty("next", out JsonElement next) && next.ValueKind == JsonValueKind.Object)
            {
                nextSequence = Integer(next, "sequence") ?? nextSequence;
            }

            progress?.Report(new FetchProgress(batch, position, Math.Max(deviceLength, position), streaming.Verified));
            bool end = chunk.TryGetProperty("end", out JsonElement e) && e.ValueKind == JsonValueKind.True;
            if (end || count == 0)
            {
                break;
            }
        }

        ArchivedRecord stored = archive.Store(device, batch, buffer.ToArray(), open);
        return new FetchResult(batch, position > startedAt || stored.Open != open, position - startedAt, stored, null);
    }

    private static void ThrowIfRefused(string device, string what, JsonElement answer)
    {
        if (answer.TryGetProperty("ok", out JsonElement ok) && ok.ValueKind == JsonValueKind.True)
        {
            return;
        }

        string code = "?";
        string message = string.Empty;
        if (answer.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
        {
            code = error.TryGetProperty("code", out JsonElement c) ? c.ToString() : code;
            message = error.TryGetProperty("message", out JsonElement m) ? ": " + m.ToString() : message;
        }

        throw new DeviceRequestException($"device {device} refused '{what}' ({code}{message})");
    }

    private static long? Integer(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.TryGetInt64(out long number) ? number : null;

    /// <summary>Whole frames from the start of an archived copy: where the next fetch continues.</summary>
    private sealed class FrameWalk
    {
        public long NextSequence { get; private set; }

        public long Walk(byte[] bytes, long length)
        {
            long position = 0;
            var frame = new RecordFrame();
            while (position < length)
            {
                int size = RecordFormat.ReadFrameLength(bytes, (int)position, (int)(length - position));
                if (size < 0 || size > length - position)
                {
                    break;
                }

                frame.Parse(bytes, (int)position, size, position);
                NextSequence = frame.Sequence + 1;
                position += size;
            }

            return position;
        }
    }

    /// <summary>The chain checked as the frames arrive, once the header names the device's key (none: nothing checked).</summary>
    private sealed class StreamingCheck : IDisposable
    {
        private readonly RecordKeyring keyring;
        private readonly string device;
        private HostHmacSha256Authenticator authenticator;
        private RecordVerifier verifier;
        private bool tried;

        public StreamingCheck(RecordKeyring keyring, string device)
        {
            this.keyring = keyring;
            this.device = device;
        }

        public long Verified => verifier?.Result.VerifiedEntries ?? 0;

        public void Dispose() => authenticator?.Dispose();

        public void Push(byte[] data, int offset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            if (!tried)
            {
                tried = true;
                RecordKey key = keyring.Find(device, HeaderDeviceId(data, offset, count), out _);
                if (key != null)
                {
                    authenticator = new HostHmacSha256Authenticator(key.Bytes);
                    verifier = new RecordVerifier(authenticator);
                }
            }

            verifier?.Push(data, offset, count);
        }

        private static string HeaderDeviceId(byte[] data, int offset, int count)
        {
            int length = RecordFormat.ReadFrameLength(data, offset, count);
            if (length < 0 || length > count)
            {
                return null;
            }

            var frame = new RecordFrame();
            frame.Parse(data, offset, length, 0);
            return frame.Type == RecordEntryType.Header ? RecordHeader.Decode(frame)?.DeviceId : null;
        }
    }
}
