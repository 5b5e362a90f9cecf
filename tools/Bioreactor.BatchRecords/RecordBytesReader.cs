using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.BatchRecords;

/// <summary>
/// A record file's bytes behind the core's reading port, as the one open record, so that the core's <c>RecordReader</c>
/// and <c>RecordVerifier</c> read it exactly as the device reads its SD card. Read-only: it has no writing members to refuse.
/// </summary>
public sealed class RecordBytesReader : IRecordReader
{
    private readonly byte[] bytes;

    public RecordBytesReader(string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        this.bytes = bytes;
        OpenRecordName = name;
    }

    public RecordStorageError LastError { get; private set; }

    public string OpenRecordName { get; }

    public long Length => bytes.Length;

    public bool Exists(string recordName) => recordName == OpenRecordName;

    public string[] ListRecords() => new[] { OpenRecordName };

    public int Read(long position, byte[] buffer, int offset, int count)
    {
        if (position < 0 || position > bytes.Length || buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
        {
            LastError = RecordStorageError.InvalidArgument;
            return -1;
        }

        int n = (int)Math.Min(count, bytes.Length - position);
        Array.Copy(bytes, position, buffer, offset, n);
        LastError = RecordStorageError.None;
        return n;
    }

    public long RecordLength(string recordName)
    {
        if (recordName != OpenRecordName)
        {
            LastError = RecordStorageError.NotFound;
            return -1;
        }

        LastError = RecordStorageError.None;
        return bytes.Length;
    }

    public int ReadRecord(string recordName, long position, byte[] buffer, int offset, int count)
    {
        if (recordName != OpenRecordName)
        {
            LastError = RecordStorageError.NotFound;
            return -1;
        }

        return Read(position, buffer, offset, count);
    }
}
