namespace Bioreactor.Control.Ports
{
    /// <summary>Why the last <see cref="IRecordStorage"/> operation failed.</summary>
    public enum RecordStorageError
    {
        /// <summary>The last operation succeeded.</summary>
        None = 0,

        /// <summary>The medium is full (the write may have stored part of the bytes).</summary>
        Full = 1,

        /// <summary>A read, write, flush or truncate failed (card removed, file system error, power lost).</summary>
        IoError = 2,

        /// <summary>The named record does not exist.</summary>
        NotFound = 3,

        /// <summary>A record of that name exists already (records are never overwritten).</summary>
        AlreadyExists = 4,

        /// <summary>No record is open.</summary>
        NotOpen = 5,

        /// <summary>The record name or an argument is invalid.</summary>
        InvalidArgument = 6,
    }

    /// <summary>
    /// Where batch records live: one append-only file per batch on the SD card (ESP32) or on the host's disk. One record
    /// is open at a time. Methods report failure through their result and <see cref="IRecordReader.LastError"/> instead of
    /// throwing, so the record writer can count lost entries while control goes on (implementations catch their own I/O
    /// exceptions). A write is durable only once <see cref="Flush"/> has returned true.
    /// </summary>
    public interface IRecordStorage : IRecordReader
    {
        /// <summary>Creates a new, empty record and opens it. Fails (AlreadyExists) if the name is taken.</summary>
        bool Create(string recordName);

        /// <summary>Opens an existing record for reading and appending.</summary>
        bool Open(string recordName);

        /// <summary>Closes the open record (flushing it). Harmless when none is open.</summary>
        void Close();

        /// <summary>Free bytes on the medium, or -1 when the board cannot tell.</summary>
        long FreeBytes { get; }

        /// <summary>
        /// Appends <paramref name="count"/> bytes at the end of the open record. On failure part of the bytes may have been
        /// written (a full medium, a power cut): the writer compares <see cref="IRecordReader.Length"/> with what it knows is durable.
        /// </summary>
        bool Append(byte[] buffer, int offset, int count);

        /// <summary>Makes every appended byte durable (FileStream.Flush(true) on the host, a flushed file on the SD card).</summary>
        bool Flush();

        /// <summary>Cuts the open record to <paramref name="length"/> bytes and makes the cut durable (recovery of a torn tail only).</summary>
        bool Truncate(long length);
    }
}
