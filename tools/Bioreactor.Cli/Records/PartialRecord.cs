using System;
using Bioreactor.Control.Records;

namespace Bioreactor.Cli.Records;

/// <summary>
/// What an earlier, interrupted <c>record pull</c> left in its output file: the whole frames from the start, where the
/// next frame goes and its sequence number. Bytes after the last whole frame (a write cut short) are not part of it.
/// </summary>
internal sealed class PartialRecord
{
    private PartialRecord()
    {
    }

    /// <summary>Whole frames from the file's start.</summary>
    public int Frames { get; private set; }

    /// <summary>Bytes up to the end of the last whole frame: where the next frame is written, and the device's byte offset of it.</summary>
    public long WholeLength { get; private set; }

    /// <summary>The sequence number after the last whole frame's (0 when there is none).</summary>
    public long NextSequence { get; private set; }

    /// <summary>The header (sequence 0), or null when the first frame is not one that decodes.</summary>
    public RecordHeader Header { get; private set; }

    /// <summary>Bytes after the last whole frame.</summary>
    public long TrailingBytes { get; private set; }

    /// <summary>Walks the frames of <paramref name="bytes"/> from the start until one is incomplete or none starts.</summary>
    public static PartialRecord Inspect(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var result = new PartialRecord();
        var frame = new RecordFrame();
        int position = 0;
        while (position < bytes.Length)
        {
            int length = RecordFormat.ReadFrameLength(bytes, position, bytes.Length - position);
            if (length < 0 || length > bytes.Length - position)
            {
                break;
            }

            frame.Parse(bytes, position, length, position);
            if (result.Frames == 0)
            {
                result.Header = frame.Type == RecordEntryType.Header ? RecordHeader.Decode(frame) : null;
            }

            result.Frames++;
            result.NextSequence = frame.Sequence + 1;
            position += length;
        }

        result.WholeLength = position;
        result.TrailingBytes = bytes.Length - position;
        return result;
    }
}
