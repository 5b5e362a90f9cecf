using System;
using System.Collections;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// Record storage in memory for the shared record tests (runs on the device too: arrays and ArrayList only). It can
    /// fail every operation, fill up (storing part of the write that overflows, as a full card does), tear the next append
    /// after a number of bytes and then lose power, or throw instead of failing. Flushed bytes are durable; a power cycle
    /// keeps or drops the unflushed ones.
    /// </summary>
    public sealed class MemoryRecordStorage : IRecordStorage
    {
        private readonly ArrayList _names = new ArrayList();
        private readonly ArrayList _records = new ArrayList();
        private Record _open;
        private string _openName;
        private int _tearAfterBytes = -1;

        /// <summary>Creates an empty medium of unlimited capacity.</summary>
        public MemoryRecordStorage()
        {
            CapacityBytes = long.MaxValue;
        }

        /// <summary>Total bytes the medium holds (all records together).</summary>
        public long CapacityBytes { get; set; }

        /// <summary>
        /// Bytes a record created from now on holds before it must grow (default 256): set it large for an allocation test,
        /// so that appends never reallocate.
        /// </summary>
        public int InitialRecordBytes { get; set; }

        /// <summary>While true every operation fails with IoError (a removed card).</summary>
        public bool Failing { get; set; }

        /// <summary>While true, failures throw an IOException-like exception instead of returning false.</summary>
        public bool ThrowOnFailure { get; set; }

        /// <summary>While true, Flush fails (the appended bytes stay unflushed).</summary>
        public bool FailFlush { get; set; }

        /// <summary>True after a torn append until <see cref="PowerCycle"/>: the board has lost power.</summary>
        public bool PowerLost { get; private set; }

        /// <summary>Storage operations attempted (Create, Open, Exists, Append, Flush, Read, Truncate, Length).</summary>
        public int OperationCount { get; private set; }

        /// <summary>Append calls.</summary>
        public int AppendCount { get; private set; }

        /// <summary>Successful flushes.</summary>
        public int FlushCount { get; private set; }

        /// <summary>ReadRecord calls (reads of a named record, open or not).</summary>
        public int ReadRecordCount { get; private set; }

        /// <inheritdoc/>
        public RecordStorageError LastError { get; private set; }

        /// <inheritdoc/>
        public string OpenRecordName
        {
            get { return _openName; }
        }

        /// <inheritdoc/>
        public long Length
        {
            get
            {
                OperationCount++;
                if (!Check())
                {
                    return -1;
                }

                if (_open == null)
                {
                    Fail(RecordStorageError.NotOpen);
                    return -1;
                }

                return _open.Length;
            }
        }

        /// <inheritdoc/>
        public long FreeBytes
        {
            get { return CapacityBytes == long.MaxValue ? -1 : CapacityBytes - UsedBytes(); }
        }

        /// <summary>The next append writes only <paramref name="bytes"/> bytes, then power is lost.</summary>
        public void TearNextAppendAfter(int bytes)
        {
            _tearAfterBytes = bytes;
        }

        /// <summary>
        /// Restarts the board: closes the open record, keeps (true) or drops (false) the bytes appended but not flushed,
        /// and restores power.
        /// </summary>
        public void PowerCycle(bool keepUnflushedBytes)
        {
            for (int i = 0; i < _records.Count; i++)
            {
                var record = (Record)_records[i];
                if (!keepUnflushedBytes)
                {
                    record.Length = record.DurableLength;
                }

                record.DurableLength = record.Length;
            }

            _open = null;
            _openName = null;
            PowerLost = false;
            _tearAfterBytes = -1;
        }

        /// <summary>A copy of a record's bytes (all of them, flushed or not).</summary>
        public byte[] GetBytes(string recordName)
        {
            Record record = Find(recordName);
            byte[] copy = new byte[record.Length];
            Array.Copy(record.Data, copy, record.Length);
            return copy;
        }

        /// <summary>Replaces a record's bytes (tampering in tests); creates it when absent.</summary>
        public void SetBytes(string recordName, byte[] bytes)
        {
            Record record = Find(recordName);
            if (record == null)
            {
                record = new Record();
                _names.Add(recordName);
                _records.Add(record);
            }

            record.Data = new byte[bytes.Length + 16];
            Array.Copy(bytes, record.Data, bytes.Length);
            record.Length = bytes.Length;
            record.DurableLength = bytes.Length;
        }

        /// <inheritdoc/>
        public bool Create(string recordName)
        {
            OperationCount++;
            if (!Check())
            {
                return false;
            }

            if (Find(recordName) != null)
            {
                return Fail(RecordStorageError.AlreadyExists);
            }

            var record = new Record();
            if (InitialRecordBytes > record.Data.Length)
            {
                record.Data = new byte[InitialRecordBytes];
            }

            _names.Add(recordName);
            _records.Add(record);
            _open = record;
            _openName = recordName;
            return Succeed();
        }

        /// <inheritdoc/>
        public bool Open(string recordName)
        {
            OperationCount++;
            if (!Check())
            {
                return false;
            }

            Record record = Find(recordName);
            if (record == null)
            {
                return Fail(RecordStorageError.NotFound);
            }

            _open = record;
            _openName = recordName;
            return Succeed();
        }

        /// <inheritdoc/>
        public void Close()
        {
            _open = null;
            _openName = null;
        }

        /// <inheritdoc/>
        public bool Exists(string recordName)
        {
            OperationCount++;
            if (!Check())
            {
                return false;
            }

            Succeed();
            return Find(recordName) != null;
        }

        /// <inheritdoc/>
        public string[] ListRecords()
        {
            var names = new string[_names.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = (string)_names[i];
            }

            return names;
        }

        /// <inheritdoc/>
        public bool Append(byte[] buffer, int offset, int count)
        {
            OperationCount++;
            AppendCount++;
            if (!Check())
            {
                return false;
            }

            if (_open == null)
            {
                return Fail(RecordStorageError.NotOpen);
            }

            int write = count;
            bool torn = false;
            if (_tearAfterBytes >= 0 && _tearAfterBytes < count)
            {
                write = _tearAfterBytes;
                torn = true;
            }

            long free = CapacityBytes - UsedBytes();
            bool full = false;
            if (write > free)
            {
                write = (int)free;
                full = true;
            }

            Grow(_open, _open.Length + write);
            Array.Copy(buffer, offset, _open.Data, _open.Length, write);
            _open.Length += write;
            if (torn)
            {
                _tearAfterBytes = -1;
                PowerLost = true;
                return Fail(RecordStorageError.IoError);
            }

            if (full)
            {
                return Fail(RecordStorageError.Full);
            }

            return Succeed();
        }

        /// <inheritdoc/>
        public bool Flush()
        {
            OperationCount++;
            if (!Check())
            {
                return false;
            }

            if (_open == null)
            {
                return Fail(RecordStorageError.NotOpen);
            }

            if (FailFlush)
            {
                return Fail(RecordStorageError.IoError);
            }

            _open.DurableLength = _open.Length;
            FlushCount++;
            return Succeed();
        }

        /// <inheritdoc/>
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            OperationCount++;
            if (!Check())
            {
                return -1;
            }

            if (_open == null)
            {
                Fail(RecordStorageError.NotOpen);
                return -1;
            }

            return CopyOut(_open, position, buffer, offset, count);
        }

        /// <inheritdoc/>
        public long RecordLength(string recordName)
        {
            OperationCount++;
            if (!Check())
            {
                return -1;
            }

            Record record = Find(recordName);
            if (record == null)
            {
                Fail(RecordStorageError.NotFound);
                return -1;
            }

            Succeed();
            return record.Length;
        }

        /// <inheritdoc/>
        public int ReadRecord(string recordName, long position, byte[] buffer, int offset, int count)
        {
            OperationCount++;
            ReadRecordCount++;
            if (!Check())
            {
                return -1;
            }

            Record record = Find(recordName);
            if (record == null)
            {
                Fail(RecordStorageError.NotFound);
                return -1;
            }

            if (position < 0 || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                Fail(RecordStorageError.InvalidArgument);
                return -1;
            }

            return CopyOut(record, position, buffer, offset, count);
        }

        /// <summary>Copies up to <paramref name="count"/> bytes of <paramref name="record"/> from <paramref name="position"/>.</summary>
        private int CopyOut(Record record, long position, byte[] buffer, int offset, int count)
        {
            if (position >= record.Length)
            {
                Succeed();
                return 0;
            }

            int n = (int)(record.Length - position);
            if (n > count)
            {
                n = count;
            }

            Array.Copy(record.Data, (int)position, buffer, offset, n);
            Succeed();
            return n;
        }

        /// <inheritdoc/>
        public bool Truncate(long length)
        {
            OperationCount++;
            if (!Check())
            {
                return false;
            }

            if (_open == null)
            {
                return Fail(RecordStorageError.NotOpen);
            }

            if (length < 0 || length > _open.Length)
            {
                return Fail(RecordStorageError.InvalidArgument);
            }

            _open.Length = (int)length;
            _open.DurableLength = (int)length;
            return Succeed();
        }

        private bool Check()
        {
            if (Failing || PowerLost)
            {
                return Fail(RecordStorageError.IoError);
            }

            return true;
        }

        private bool Succeed()
        {
            LastError = RecordStorageError.None;
            return true;
        }

        private bool Fail(RecordStorageError error)
        {
            LastError = error;
            if (ThrowOnFailure)
            {
                throw new InvalidOperationException("simulated storage failure");
            }

            return false;
        }

        private long UsedBytes()
        {
            long used = 0;
            for (int i = 0; i < _records.Count; i++)
            {
                used += ((Record)_records[i]).Length;
            }

            return used;
        }

        private Record Find(string recordName)
        {
            for (int i = 0; i < _names.Count; i++)
            {
                if ((string)_names[i] == recordName)
                {
                    return (Record)_records[i];
                }
            }

            return null;
        }

        private static void Grow(Record record, int length)
        {
            if (length <= record.Data.Length)
            {
                return;
            }

            int size = record.Data.Length * 2;
            if (size < length)
            {
                size = length;
            }

            byte[] data = new byte[size];
            Array.Copy(record.Data, data, record.Length);
            record.Data = data;
        }

        private sealed class Record
        {
            public byte[] Data = new byte[256];
            public int Length;
            public int DurableLength;
        }
    }
}
