using System.Collections.Generic;
using Bioreactor.Cli.Records;
using Bioreactor.Control.Records;

namespace Bioreactor.Cli.Tests;

/// <summary>What the record holds, read independently of the tool with the core's <see cref="RecordReader"/>.</summary>
internal sealed class RecordFacts
{
    private readonly long[] counts = new long[RecordFormat.EntryTypeCount];

    public RecordFacts(byte[] bytes)
    {
        var reader = new RecordReader(new RecordBytesReader("facts", bytes));
        var frame = new RecordFrame();
        while (reader.Next(frame))
        {
            Frames.Add((frame.Sequence, frame.Type, frame.Position, frame.Length));
            counts[(int)frame.Type]++;
        }
    }

    public List<(long Sequence, RecordEntryType Type, long Position, int Length)> Frames { get; } = new();

    public long Count(RecordEntryType type) => counts[(int)type];

    /// <summary>The first frame of a type.</summary>
    public (long Sequence, RecordEntryType Type, long Position, int Length) First(RecordEntryType type) =>
        Frames.Find(f => f.Type == type);
}
