using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using Bioreactor.BatchRecords;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Dapper;

namespace Bioreactor.Station.Archive;

/// <summary>What the archive can say about a record's integrity.</summary>
public enum ArchiveVerification
{
    /// <summary>Every entry authenticates in order with the device's key, and every witnessed head agrees.</summary>
    Intact,

    /// <summary>The core's verifier found a break (<see cref="ArchivedRecord.Finding"/>, <see cref="ArchivedRecord.BrokenSequence"/>).</summary>
    Broken,

    /// <summary>No key for the device: the chain was not checked (witnessed heads still were).</summary>
    NotVerified,

    /// <summary>The record contradicts a chain head the device announced earlier (<see cref="ArchivedRecord.RewrittenBy"/>): rewritten by someone holding the key.</summary>
    Rewritten,
}

/// <summary>One archived record's index row.</summary>
/// <param name="Device">The device's id on the broker.</param>
/// <param name="Batch">The batch id (the record's name).</param>
/// <param name="RecipeName">The header's recipe name, or null without a readable header.</param>
/// <param name="RecipeVersion">The header's recipe version, or null.</param>
/// <param name="FirstUtc">The first entry's UTC, or null.</param>
/// <param name="LastUtc">The last entry's UTC, or null.</param>
/// <param name="Length">Bytes archived.</param>
/// <param name="Entries">Frames found.</param>
/// <param name="LastSequence">The last frame's sequence number, -1 for none.</param>
/// <param name="Open">Whether the device was still writing it when fetched (no Closing entry).</param>
/// <param name="Verification">The integrity flag.</param>
/// <param name="Finding">The verifier's finding in words (or the key problem), null when intact.</param>
/// <param name="BrokenSequence">The first broken entry's sequence, or null.</param>
/// <param name="RewrittenBy">The contradicted head in words, or null.</param>
/// <param name="KeySource">Where the key came from, or null without one.</param>
/// <param name="FetchedUtc">When this copy was stored.</param>
public sealed record ArchivedRecord(string Device, string Batch, string RecipeName, string RecipeVersion, DateTime? FirstUtc,
    DateTime? LastUtc, long Length, long Entries, long LastSequence, bool Open, ArchiveVerification Verification, string Finding,
    long? BrokenSequence, string RewrittenBy, string KeySource, DateTime FetchedUtc)
{
    /// <summary>Only an intact record may be shown as good.</summary>
    public bool IsGood => Verification == ArchiveVerification.Intact;

    /// <summary>The flag as the database and the README write it: intact, broken, not-verified, rewritten.</summary>
    public string VerificationName => RecordArchive.Name(Verification);
}

/// <summary>
/// A chain head a device announced (its last durable entry's sequence and chained MAC), as witnessed: first seen, and last
/// seen when it came again after another head (a repeat of the latest head writes nothing).
/// </summary>
public sealed record ChainHead(string Device, string Batch, long Sequence, string Mac, DateTime FirstSeenUtc, DateTime LastSeenUtc);

/// <summary>
/// Every record's raw bytes and an index row (tables <c>records</c>, <c>record_bytes</c>), and every distinct chain head the
/// devices announced (table <c>chain_heads</c>). Storing verifies the whole record with the core's
/// <see cref="RecordVerifier"/> and the device's key, and compares it with the witnessed heads: an entry whose MAC differs
/// from a head announced for its sequence, or a closed record ending before an announced head, means the record was
/// rewritten after the device announced it (anyone holding the key can re-chain a record; nobody can change what the
/// station already saw). A record failing either check is kept, with its bytes, and flagged.
/// </summary>
/// <remarks>
/// A copy that is not a continuation of the copy archived before (an honest open record only grows) replaces it, and the
/// earlier bytes are kept in <c>superseded_records</c>; the record is flagged rewritten from then on. One lock serialises
/// the read-check-write of a record in this process (one station per database).
/// </remarks>
public sealed class RecordArchive
{
    private const string IndexColumns = "device, batch, recipe_name AS RecipeName, recipe_version AS RecipeVersion, first_utc AS FirstUtc, "
        + "last_utc AS LastUtc, length, entries, last_sequence AS LastSequence, is_open AS IsOpen, verification, finding, "
        + "broken_sequence AS BrokenSequence, rewritten_by AS RewrittenBy, key_source AS KeySource, fetched_utc AS FetchedUtc";

    private readonly StationDatabase database;
    private readonly RecordKeyring keyring;
    private readonly object gate = new();

    // The last head witnessed per record: telemetry repeats it every second until the next durable entry, and a repeat
    // needs no database write.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), (long Sequence, string Mac, bool Consistent)> lastHeads = new();

    /// <summary>Creates the archive.</summary>
    public RecordArchive(StationDatabase database, RecordKeyring keyring)
    {
        this.database = database ?? throw new ArgumentNullException(nameof(database));
        this.keyring = keyring ?? throw new ArgumentNullException(nameof(keyring));
    }

    /// <summary>Stores (or replaces with a grown copy) a record's bytes, verifies them and returns the index row.</summary>
    /// <param name="device">The device's id on the broker.</param>
    /// <param name="batch">The record's name.</param>
    /// <param name="bytes">The record, byte-identical to the device's.</param>
    /// <param name="open">Whether the device reported it open.</param>
    public ArchivedRecord Store(string device, string batch, byte[] bytes, bool open)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        ArgumentException.ThrowIfNullOrEmpty(batch);
        ArgumentNullException.ThrowIfNull(bytes);
        lock (gate)
        {
            using DbConnection connection = database.Connect();
            using DbTransaction transaction = connection.BeginTransaction();
            long now = StationDatabase.ToMilliseconds(DateTime.UtcNow);
            var key = new { device, batch };
            byte[] earlier = connection.QuerySingleOrDefault<byte[]>("SELECT bytes FROM record_bytes WHERE device = @device AND batch = @batch", key, transaction);
            if (earlier != null && !IsPrefix(earlier, bytes))
            {
                long earlierFetched = connection.ExecuteScalar<long>("SELECT fetched_utc FROM records WHERE device = @device AND batch = @batch", key, transaction);
                connection.Execute("INSERT INTO superseded_records (device, batch, fetched_utc, replaced_utc, bytes) VALUES (@device, @batch, @earlierFetched, @now, @earlier)",
                    new { device, batch, earlierFetched, now, earlier }, transaction);
            }

            connection.Execute(
                "INSERT INTO record_bytes (device, batch, bytes) VALUES (@device, @batch, @bytes) "
                + "ON CONFLICT (device, batch) DO UPDATE SET bytes = excluded.bytes",
                new { device, batch, bytes }, transaction);
            List<ChainHead> heads = Heads(connection, transaction, device, batch);
            List<SupersededRow> superseded = connection.Query<SupersededRow>(
                "SELECT fetched_utc AS FetchedUtc, bytes FROM superseded_records WHERE device = @device AND batch = @batch ORDER BY fetched_utc", key, transaction).AsList();
            IndexRow row = Evaluate(device, batch, bytes, open, heads, superseded, now);
            connection.Execute(
                "INSERT INTO records (device, batch, recipe_name, recipe_version, first_utc, last_utc, length, entries, last_sequence, is_open, "
                + "verification, finding, broken_sequence, rewritten_by, key_source, fetched_utc) VALUES (@Device, @Batch, @RecipeName, "
                + "@RecipeVersion, @FirstUtc, @LastUtc, @Length, @Entries, @LastSequence, @IsOpen, @Verification, @Finding, @BrokenSequence, "
                + "@RewrittenBy, @KeySource, @FetchedUtc) ON CONFLICT (device, batch) DO UPDATE SET recipe_name = excluded.recipe_name, "
                + "recipe_version = excluded.recipe_version, first_utc = excluded.first_utc, last_utc = excluded.last_utc, length = excluded.length, "
                + "entries = excluded.entries, last_sequence = excluded.last_sequence, is_open = excluded.is_open, verification = excluded.verification, "
                + "finding = excluded.finding, broken_sequence = excluded.broken_sequence, rewritten_by = excluded.rewritten_by, "
                + "key_source = excluded.key_source, fetched_utc = excluded.fetched_utc",
                row, transaction);
            transaction.Commit();
            return row.ToRecord();
        }
    }

    /// <summary>
    /// Keeps a chain head a device announced (telemetry's <c>record</c> object). When the archived copy holds that
    /// sequence, its entry's MAC must be the announced one, and a closed copy must reach it; otherwise the record is
    /// flagged <see cref="ArchiveVerification.Rewritten"/>. Returns false when the head contradicts the archived copy.
    /// </summary>
    /// <param name="device">The device's id on the broker.</param>
    /// <param name="batch">The record's name.</param>
    /// <param name="sequence">The last durable entry's sequence number.</param>
    /// <param name="macHex">That entry's chained MAC: 64 hexadecimal characters.</param>
    /// <param name="seenUtc">When the station received the announcement.</param>
    /// <exception cref="ArgumentException">The MAC is not 64 hexadecimal characters or the sequence is negative.</exception>
    public bool WitnessHead(string device, string batch, long sequence, string macHex, DateTime seenUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        ArgumentException.ThrowIfNullOrEmpty(batch);
        if (sequence < 0 || macHex == null || macHex.Length != 2 * RecordFormat.MacLength || !IsHex(macHex))
        {
            throw new ArgumentException("a chain head is a sequence number ≥ 0 and a MAC of 64 hexadecimal characters");
        }

        string mac = macHex.ToLowerInvariant();
        if (lastHeads.TryGetValue((device, batch), out var last) && last.Sequence == sequence && last.Mac == mac)
        {
            return last.Consistent;
        }

        long seen = StationDatabase.ToMilliseconds(seenUtc);
        lock (gate)
        {
            bool consistent = CheckHead(device, batch, sequence, mac, seen);
            lastHeads[(device, batch)] = (sequence, mac, consistent);
            return consistent;
        }
    }

    // Caller holds the gate.
    private bool CheckHead(string device, string batch, long sequence, string mac, long seen)
    {
        using DbConnection connection = database.Connect();
        var head = new { device, batch, sequence, mac, seen };
        int updated = connection.Execute(
            "UPDATE chain_heads SET last_seen_utc = @seen WHERE device = @device AND batch = @batch AND sequence = @sequence AND mac = @mac", head);
        if (updated == 0)
        {
            connection.Execute(
                "INSERT INTO chain_heads (device, batch, sequence, mac, first_seen_utc, last_seen_utc) VALUES (@device, @batch, @sequence, @mac, @seen, @seen)", head);
        }

        IndexRow row = connection.QuerySingleOrDefault<IndexRow>(
            "SELECT " + IndexColumns + " FROM records WHERE device = @device AND batch = @batch", new { device, batch });
        if (row == null || (row.IsOpen != 0 && sequence > row.LastSequence))
        {
            // Nothing archived yet, or an open copy that has not reached this entry: the next fetch is checked against it.
            return true;
        }

        byte[] bytes = connection.QuerySingle<byte[]>("SELECT bytes FROM record_bytes WHERE device = @device AND batch = @batch", new { device, batch });
        var witnessed = new ChainHead(device, batch, sequence, mac, StationDatabase.FromMilliseconds(seen), StationDatabase.FromMilliseconds(seen));
        string contradiction = Contradiction(RecordScan.Run(bytes, new HashSet<long> { sequence }), row.IsOpen != 0, witnessed);
        if (contradiction == null)
        {
            return true;
        }

        if (row.RewrittenBy == null || !row.RewrittenBy.Contains(StationDatabase.Invariant($"head sequence {sequence} MAC {mac} "), StringComparison.Ordinal))
        {
            connection.Execute(
                "UPDATE records SET verification = @verification, rewritten_by = @contradiction WHERE device = @device AND batch = @batch",
                new { device, batch, verification = Name(ArchiveVerification.Rewritten), contradiction = Join(row.RewrittenBy, contradiction) });
        }

        return false;
    }

    /// <summary>The archived records (of one device, or all with null), newest first.</summary>
    public IReadOnlyList<ArchivedRecord> List(string device = null)
    {
        using DbConnection connection = database.Connect();
        string where = device == null ? string.Empty : " WHERE device = @device";
        return connection.Query<IndexRow>("SELECT " + IndexColumns + " FROM records" + where + " ORDER BY first_utc DESC, device, batch", new { device })
            .AsList().ConvertAll(r => r.ToRecord());
    }

    /// <summary>One record's index row, or null.</summary>
    public ArchivedRecord Get(string device, string batch)
    {
        using DbConnection connection = database.Connect();
        return connection.QuerySingleOrDefault<IndexRow>("SELECT " + IndexColumns + " FROM records WHERE device = @device AND batch = @batch",
            new { device, batch })?.ToRecord();
    }

    /// <summary>One record's archived bytes, or null.</summary>
    public byte[] Bytes(string device, string batch)
    {
        using DbConnection connection = database.Connect();
        return connection.QuerySingleOrDefault<byte[]>("SELECT bytes FROM record_bytes WHERE device = @device AND batch = @batch", new { device, batch });
    }

    /// <summary>Every distinct head witnessed for a record, by sequence.</summary>
    public IReadOnlyList<ChainHead> HeadsOf(string device, string batch)
    {
        using DbConnection connection = database.Connect();
        return Heads(connection, null, device, batch);
    }

    /// <summary>The flag's name as stored and documented.</summary>
    public static string Name(ArchiveVerification verification) => verification switch
    {
        ArchiveVerification.Intact => "intact",
        ArchiveVerification.Broken => "broken",
        ArchiveVerification.NotVerified => "not-verified",
        _ => "rewritten",
    };

    private static ArchiveVerification Parse(string name) => name switch
    {
        "intact" => ArchiveVerification.Intact,
        "broken" => ArchiveVerification.Broken,
        "not-verified" => ArchiveVerification.NotVerified,
        _ => ArchiveVerification.Rewritten, // an unknown word is never shown as good
    };

    private IndexRow Evaluate(string device, string batch, byte[] bytes, bool open, List<ChainHead> heads, List<SupersededRow> superseded, long now)
    {
        var wanted = new HashSet<long>();
        heads.ForEach(h => wanted.Add(h.Sequence));
        RecordScan scan = RecordScan.Run(bytes, wanted);
        bool isOpen = open && !scan.Closed;
        var row = new IndexRow
        {
            Device = device,
            Batch = batch,
            RecipeName = scan.Header?.RecipeName,
            RecipeVersion = scan.Header?.RecipeVersion,
            FirstUtc = scan.FirstUtc,
            LastUtc = scan.LastUtc,
            Length = bytes.Length,
            Entries = scan.Entries,
            LastSequence = scan.LastSequence,
            IsOpen = isOpen ? 1 : 0,
            FetchedUtc = now,
        };

        RecordKey key = keyring.Find(device, scan.Header?.DeviceId, out string keyProblem);
        ArchiveVerification verification;
        if (key == null)
        {
            verification = ArchiveVerification.NotVerified;
            row.Finding = keyProblem ?? "no record key for device " + device;
        }
        else
        {
            row.KeySource = key.Source;
            using var authenticator = new HostHmacSha256Authenticator(key.Bytes);
            RecordVerification result = RecordVerifier.Verify(new RecordBytesReader(batch, bytes), authenticator, -1, null);
            if (result.IsIntact && scan.Entries > 0)
            {
                verification = ArchiveVerification.Intact;
            }
            else
            {
                verification = ArchiveVerification.Broken;
                row.Finding = scan.Entries == 0 ? "no record entry in the bytes" : result.Describe() + " (" + RecordCheck.Explain(result.Finding) + ")";
                row.BrokenSequence = scan.Entries == 0 ? 0 : result.FindingSequence;
            }
        }

        var contradictions = new List<string>();
        foreach (ChainHead head in heads)
        {
            string contradiction = Contradiction(scan, isOpen, head);
            if (contradiction != null)
            {
                contradictions.Add(contradiction);
            }
        }

        foreach (SupersededRow earlier in superseded)
        {
            contradictions.Add(StationDatabase.Invariant(
                $"the copy archived at {RecordNames.Utc(earlier.FetchedUtc)} ({earlier.Bytes.Length} bytes) is not the start of the device's later copy: first difference at byte {FirstDifference(earlier.Bytes, bytes)}"));
        }

        if (contradictions.Count > 0)
        {
            verification = ArchiveVerification.Rewritten;
            row.RewrittenBy = string.Join("; ", contradictions);
        }

        row.Verification = Name(verification);
        return row;
    }

    // Null when the archived copy agrees with the head; else the contradiction in words.
    private static string Contradiction(RecordScan scan, bool open, ChainHead head)
    {
        string announced = StationDatabase.Invariant($"head sequence {head.Sequence} MAC {head.Mac} witnessed at {RecordNames.Utc(head.FirstSeenUtc)}");
        if (head.Sequence > scan.LastSequence)
        {
            return open ? null : StationDatabase.Invariant($"{announced}, but the closed record ends at sequence {scan.LastSequence}");
        }

        if (!scan.Macs.TryGetValue(head.Sequence, out string mac))
        {
            return announced + ", but the record has no entry of that sequence";
        }

        return mac == head.Mac ? null : announced + ", but the record's entry has MAC " + mac;
    }

    private static List<ChainHead> Heads(DbConnection connection, DbTransaction transaction, string device, string batch) =>
        connection.Query<HeadRow>(
            "SELECT sequence, mac, first_seen_utc AS FirstSeenUtc, last_seen_utc AS LastSeenUtc FROM chain_heads "
            + "WHERE device = @device AND batch = @batch ORDER BY sequence, first_seen_utc", new { device, batch }, transaction)
        .AsList().ConvertAll(h => new ChainHead(device, batch, h.Sequence, h.Mac, StationDatabase.FromMilliseconds(h.FirstSeenUtc),
            StationDatabase.FromMilliseconds(h.LastSeenUtc)));

    private static bool IsPrefix(byte[] prefix, byte[] bytes) =>
        prefix.Length <= bytes.Length && prefix.AsSpan().SequenceEqual(bytes.AsSpan(0, prefix.Length));

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int common = a.AsSpan().CommonPrefixLength(b);
        return common;
    }

    private static bool IsHex(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Join(string earlier, string next) => string.IsNullOrEmpty(earlier) ? next : earlier + "; " + next;

    /// <summary>The frames' facts the index needs, and the MACs of the wanted sequences (one walk, no MAC check).</summary>
    internal sealed class RecordScan
    {
        public RecordHeader Header { get; private set; }

        public long Entries { get; private set; }

        public long LastSequence { get; private set; } = -1;

        public long? FirstUtc { get; private set; }

        public long? LastUtc { get; private set; }

        public bool Closed { get; private set; }

        public Dictionary<long, string> Macs { get; } = new();

        public static RecordScan Run(byte[] bytes, ISet<long> wanted)
        {
            var scan = new RecordScan();
            var reader = new RecordReader(new RecordBytesReader("record", bytes));
            var frame = new RecordFrame();
            while (reader.Next(frame))
            {
                if (scan.Entries == 0 && frame.Type == RecordEntryType.Header)
                {
                    scan.Header = RecordHeader.Decode(frame);
                }

                scan.Entries++;
                scan.LastSequence = frame.Sequence;
                scan.FirstUtc ??= frame.UtcUnixMilliseconds;
                scan.LastUtc = frame.UtcUnixMilliseconds;
                scan.Closed |= frame.Type == RecordEntryType.Closing;
                if (wanted.Contains(frame.Sequence) && !scan.Macs.ContainsKey(frame.Sequence))
                {
                    scan.Macs[frame.Sequence] = Convert.ToHexStringLower(frame.Buffer, frame.MacOffset, RecordFormat.MacLength);
                }
            }

            return scan;
        }
    }

    private sealed class IndexRow
    {
        public string Device { get; set; }

        public string Batch { get; set; }

        public string RecipeName { get; set; }

        public string RecipeVersion { get; set; }

        public long? FirstUtc { get; set; }

        public long? LastUtc { get; set; }

        public long Length { get; set; }

        public long Entries { get; set; }

        public long LastSequence { get; set; }

        public long IsOpen { get; set; }

        public string Verification { get; set; }

        public string Finding { get; set; }

        public long? BrokenSequence { get; set; }

        public string RewrittenBy { get; set; }

        public string KeySource { get; set; }

        public long FetchedUtc { get; set; }

        public ArchivedRecord ToRecord() => new(Device, Batch, RecipeName, RecipeVersion,
            FirstUtc.HasValue ? StationDatabase.FromMilliseconds(FirstUtc.Value) : null,
            LastUtc.HasValue ? StationDatabase.FromMilliseconds(LastUtc.Value) : null,
            Length, Entries, LastSequence, IsOpen != 0, Parse(Verification), Finding, BrokenSequence, RewrittenBy, KeySource,
            StationDatabase.FromMilliseconds(FetchedUtc));
    }

    private sealed class HeadRow
    {
        public long Sequence { get; set; }

        public string Mac { get; set; }

        public long FirstSeenUtc { get; set; }

        public long LastSeenUtc { get; set; }
    }

    private sealed class SupersededRow
    {
        public long FetchedUtc { get; set; }

        public byte[] Bytes { get; set; }
    }
}
