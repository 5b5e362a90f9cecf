using System;

namespace Bioreactor.BatchRecords;

/// <summary>A record file that cannot be read as a batch record: missing, or holding no record frame.</summary>
public sealed class RecordFileException : Exception
{
    public RecordFileException(string message)
        : base(message)
    {
    }
}
