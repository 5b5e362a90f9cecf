using System;
using System.Collections.Generic;
using System.IO;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.BatchRecords;

/// <summary>Where and when an entry stands in the record: the frame header's fields.</summary>
public sealed record EntryInfo(long Sequence, RecordEntryType Type, long Position, int Length, long UtcUnixMilliseconds,
    long MonotonicMilliseconds, int Flags)
{
    /// <summary>Whether UTC was synchronised to a trusted source when the entry was written.</summary>
    public bool UtcSynchronized => (Flags & RecordFormat.FlagUtcSynchronized) != 0;

    /// <summary>Whether a text field of the entry was cut to its bound.</summary>
    public bool TextTruncated => (Flags & RecordFormat.FlagTextTruncated) != 0;

    /// <summary>The entry's UTC.</summary>
    public DateTime Utc => DateTime.SpecifyKind(RecordTime.FromUnixMilliseconds(UtcUnixMilliseconds), DateTimeKind.Utc);

    /// <summary>The type's name, or its number when the type is unknown.</summary>
    public string TypeName => RecordFormat.IsKnownType((int)Type) ? RecordFormat.TypeName(Type) : "Unknown(" + ((int)Type).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
}

/// <summary>A decoded entry with its place in the record.</summary>
public sealed record Recorded<T>(EntryInfo Entry, T Value);

/// <summary>
/// A record file decoded with the core's structural reader and typed decoders (no MAC check: see
/// <see cref="RecordCheck"/>). Entries that do not decode are listed in <see cref="Undecodable"/>.
/// </summary>
public sealed class BatchRecord
{
    private BatchRecord(string path, byte[] bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The file's bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary>The header (sequence 0), or null when the record has none that decodes.</summary>
    public RecordHeader Header { get; private set; }

    /// <summary>The header's entry, or null.</summary>
    public EntryInfo HeaderEntry { get; private set; }

    /// <summary>The recipe's canonical text reassembled from the Recipe entries, or null when the record carries none.</summary>
    public byte[] RecipeText { get; private set; }

    /// <summary>Whether every chunk of the recipe was found.</summary>
    public bool RecipeComplete { get; private set; }

    /// <summary>Whether the reassembled recipe's SHA-256 equals the header's.</summary>
    public bool RecipeMatchesHeader { get; private set; }

    /// <summary>Every frame found, in file order.</summary>
    public List<EntryInfo> Entries { get; } = new();

    public List<Recorded<RecordSample>> Samples { get; } = new();

    public List<Recorded<StateChangeEntry>> StateChanges { get; } = new();

    public List<Recorded<PhaseChangeEntry>> PhaseChanges { get; } = new();

    public List<Recorded<OperatorActionEntry>> OperatorActions { get; } = new();

    public List<Recorded<AlarmTransition>> AlarmTransitions { get; } = new();

    public List<Recorded<FaultEntry>> Faults { get; } = new();

    public List<Recorded<RecoveryEntry>> Recoveries { get; } = new();

    public List<Recorded<StorageLossEntry>> StorageLosses { get; } = new();

    public List<Recorded<ConfigurationChangeEntry>> ConfigurationChanges { get; } = new();

    public List<Recorded<NoteEntry>> Notes { get; } = new();

    /// <summary>The closing entry, or null while the batch is open.</summary>
    public Recorded<ClosingEntry> Closing { get; private set; }

    /// <summary>Frames whose payload does not decode as their type says.</summary>
    public List<EntryInfo> Undecodable { get; } = new();

    /// <summary>Bytes where no frame starts (damage).</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Bytes after the last complete frame (a torn last write).</summary>
    public long TrailingBytes { get; private set; }

    /// <summary>The batch id from the header, or the file name without extension.</summary>
    public string BatchName => Header?.BatchId ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The first entry's UTC (the batch start), or null when the record is empty.</summary>
    public DateTime? FirstUtc => Entries.Count > 0 ? (HeaderEntry ?? Entries[0]).Utc : null;

    /// <summary>The last entry's UTC, or null.</summary>
    public DateTime? LastUtc => Entries.Count > 0 ? Entries[^1].Utc : null;

    /// <summary>The core's reading port over the file's bytes.</summary>
    public RecordBytesReader OpenReader() => new(BatchName, Bytes);

    /// <summary>Reads and decodes a record file.</summary>
    /// <exception cref="RecordFileException">The file is missing or holds no record frame.</exception>
    public static BatchRecord Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new RecordFileException("no record file given");
        }

        if (!File.Exists(path))
        {
            throw new RecordFileException("record file not found: " + path);
        }

        var record = new BatchRecord(path, File.ReadAllBytes(path));
        record.Decode();
        if (record.Entries.Count == 0)
        {
            throw new RecordFileException("no record entry found in " + path + ": not a batch record");
        }

        return record;
    }

    /// <summary>Decodes a record held in memory (an archived record's bytes); <paramref name="name"/> stands for the file name.</summary>
    /// <exception cref="RecordFileException">The bytes hold no record frame.</exception>
    public static BatchRecord FromBytes(string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var record = new BatchRecord(string.IsNullOrEmpty(name) ? "record" : name, bytes);
        record.Decode();
        if (record.Entries.Count == 0)
        {
            throw new RecordFileException("no record entry found in " + record.Path + ": not a batch record");
        }

        return record;
    }

    private void Decode()
    {
        var reader = new RecordReader(new RecordBytesReader("record", Bytes));
        var frame = new RecordFrame();
        var recipeChunks = new HashSet<int>();
        int recipeChunkCount = -1;
        while (reader.Next(frame))
        {
            var info = new EntryInfo(frame.Sequence, frame.Type, frame.Position, frame.Length, frame.UtcUnixMilliseconds,
                frame.MonotonicMilliseconds, frame.Flags);
            Entries.Add(info);
            bool decoded = true;
            switch (frame.Type)
            {
                case RecordEntryType.Header:
                    RecordHeader header = RecordHeader.Decode(frame);
                    decoded = header != null;
                    if (decoded && Header == null)
                    {
                        Header = header;
                        HeaderEntry = info;
                        if (header.RecipeLength > 0 && header.RecipeLength <= RecordHeader.MaxRecipeTextLength)
                        {
                            RecipeText = new byte[header.RecipeLength];
                        }
                    }

                    break;
                case RecordEntryType.Recipe:
                    int index = -1;
                    int count = 0;
                    decoded = RecipeText != null && RecipeEntry.TryCopyChunk(frame, RecipeText, out index, out count);
                    if (decoded)
                    {
                        recipeChunks.Add(index);
                        recipeChunkCount = count;
                    }

                    break;
                case RecordEntryType.Sample:
                    decoded = RecordSample.TryDecode(frame, out RecordSample sample);
                    Add(decoded, Samples, info, sample);
                    break;
                case RecordEntryType.StateChange:
                    decoded = Add(StateChanges, info, StateChangeEntry.Decode(frame));
                    break;
                case RecordEntryType.PhaseChange:
                    decoded = Add(PhaseChanges, info, PhaseChangeEntry.Decode(frame));
                    break;
                case RecordEntryType.OperatorAction:
                    decoded = Add(OperatorActions, info, OperatorActionEntry.Decode(frame));
                    break;
                case RecordEntryType.AlarmTransition:
                    decoded = AlarmTransitionEntry.TryDecode(frame, out AlarmTransition transition);
                    Add(decoded, AlarmTransitions, info, transition);
                    break;
                case RecordEntryType.Fault:
                    decoded = Add(Faults, info, FaultEntry.Decode(frame));
                    break;
                case RecordEntryType.Recovery:
                    decoded = Add(Recoveries, info, RecoveryEntry.Decode(frame));
                    break;
                case RecordEntryType.StorageLoss:
                    decoded = Add(StorageLosses, info, StorageLossEntry.Decode(frame));
                    break;
                case RecordEntryType.ConfigurationChange:
                    decoded = Add(ConfigurationChanges, info, ConfigurationChangeEntry.Decode(frame));
                    break;
                case RecordEntryType.Note:
                    decoded = Add(Notes, info, NoteEntry.Decode(frame));
                    break;
                case RecordEntryType.Closing:
                    ClosingEntry closing = ClosingEntry.Decode(frame);
                    decoded = closing != null;
                    if (decoded)
                    {
                        Closing = new Recorded<ClosingEntry>(info, closing);
                    }

                    break;
                case RecordEntryType.BatchSnapshot:
                    break;
                default:
                    decoded = false;
                    break;
            }

            if (!decoded)
            {
                Undecodable.Add(info);
            }
        }

        SkippedBytes = reader.SkippedBytes;
        TrailingBytes = Bytes.Length - reader.Position;
        if (RecipeText != null)
        {
            RecipeComplete = recipeChunkCount > 0 && recipeChunks.Count == recipeChunkCount;
            RecipeMatchesHeader = RecipeComplete
                && System.Security.Cryptography.SHA256.HashData(RecipeText).AsSpan().SequenceEqual(Header.RecipeSha256);
        }
    }

    private static bool Add<T>(List<Recorded<T>> list, EntryInfo info, T value)
        where T : class
    {
        if (value == null)
        {
            return false;
        }

        list.Add(new Recorded<T>(info, value));
        return true;
    }

    private static void Add<T>(bool decoded, List<Recorded<T>> list, EntryInfo info, T value)
    {
        if (decoded)
        {
            list.Add(new Recorded<T>(info, value));
        }
    }
}
