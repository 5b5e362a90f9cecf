namespace Bioreactor.Control.Ports
{
    /// <summary>
    /// Reading the stored batch records: the open record (<see cref="Length"/>, <see cref="Read"/>) and any record by name,
    /// open or not. All that the record's readers and verifier, the protocol's record fetch and a host tool holding a
    /// record's bytes need; <see cref="IRecordStorage"/> adds creating, opening and writing. Failures are reported through
    /// the result and <see cref="LastError"/>, never thrown.
    /// </summary>
    public interface IRecordReader
    {
        /// <summary>Why the last operation failed (<see cref="RecordStorageError.None"/> after a success).</summary>
        RecordStorageError LastError { get; }

        /// <summary>The name of the open record, or null.</summary>
        string OpenRecordName { get; }

        /// <summary>Whether a record of this name exists.</summary>
        bool Exists(string recordName);

        /// <summary>Names of the stored records (without any file extension the board adds), or an empty array.</summary>
        string[] ListRecords();

        /// <summary>Length of the open record in bytes, including bytes not yet flushed; -1 on failure.</summary>
        long Length { get; }

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns the number read, 0 at the end, -1 on failure.</summary>
        int Read(long position, byte[] buffer, int offset, int count);

        /// <summary>
        /// Length in bytes of the named record, open or not (for the open one, including bytes not yet flushed); -1 when it
        /// does not exist (<see cref="RecordStorageError.NotFound"/>) or on failure. Does not change which record is open.
        /// </summary>
        long RecordLength(string recordName);

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes at <paramref name="position"/> of the named record, open or not, without
        /// disturbing the open record (its position, buffers and append); returns the number read, 0 at the end, -1 when it
        /// does not exist (<see cref="RecordStorageError.NotFound"/>) or on failure. For fetching records over the protocol.
        /// </summary>
        int ReadRecord(string recordName, long position, byte[] buffer, int offset, int count);
    }
}
