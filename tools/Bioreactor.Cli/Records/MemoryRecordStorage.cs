using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Cli.Records;

/// <summary>
/// A record file's bytes, read-only, behind the core's storage port so that the core's <c>RecordReader</c> and
/// <c>RecordVerifier</c> read it exactly as the device reads its SD card. Every write is refused.
/// </summary>
internal sealed class MemoryRecordStorage : IRecordStorage
{
    private readonly byte[] bytes;

    public MemoryRecordStorage(string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        this.bytes = bytes;
        OpenRecordName = name;
    }

    public RecordStorageError LastError { get; private set; }

    public string OpenRecordName { get; }

    public long Length => bytes.Length;

    public long FreeBytes => 0;

    public bool Create(string recordName) => Refuse();

    public bool Open(string recordName) => recordName == OpenRecordName || Refuse();

    public void Close()
    {
    }

    public bool Exists(string recordName) => recordName == OpenRecordName;

    public string[] ListRecords() => new[] { OpenRecordName };

    public bool Append(byte[] buffer, int offset, int count) => Refuse();

    public bool Flush() => Refuse();

    public bool Truncate(long length) => Refuse();

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

    private bool Refuse()
    {
        LastError = RecordStorageError.InvalidArgument;
        return false;
    }
}
