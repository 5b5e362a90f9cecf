using System;
using System.Collections.Generic;
using System.IO;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;

namespace Bioreactor.Host.Infrastructure.Records
{
    /// <summary>
    /// Batch records as files on the host: one file <c>&lt;batch id&gt;.bxr</c> per record in a directory, appended with a
    /// <see cref="FileStream"/> and made durable with <see cref="FileStream.Flush(bool)"/>(true) (fsync), as the ESP32 writes
    /// its SD card. I/O exceptions are caught and reported through <see cref="LastError"/> (a full disk as
    /// <see cref="RecordStorageError.Full"/>), so the record writer counts losses instead of throwing through control.
    /// </summary>
    /// <remarks>
    /// <c>flushToDisk: false</c> makes <see cref="Flush"/> hand the bytes to the operating system without fsync: enough to
    /// survive the simulator being killed (SIGKILL leaves the page cache to the kernel), not a host power cut, and it lets a
    /// 14-day simulated batch run in seconds.
    /// </remarks>
    public sealed class FileRecordStorage : IRecordStorage, IDisposable
    {
        /// <summary>File extension of a batch record.</summary>
        public const string Extension = ".bxr";

        // Disk-full codes: Windows ERROR_HANDLE_DISK_FULL (39) and ERROR_DISK_FULL (112), POSIX ENOSPC (28).
        private const int WindowsHandleDiskFull = 39;
        private const int WindowsDiskFull = 112;
        private const int PosixNoSpace = 28;

        private readonly string directory;
        private readonly bool flushToDisk;
        private FileStream stream;
        private string openName;
        private FileStream readStream;
        private string readName;

        /// <summary>Creates the storage on <paramref name="directory"/> (created if missing), with fsync on every flush.</summary>
        public FileRecordStorage(string directory)
            : this(directory, true)
        {
        }

        /// <summary>Creates the storage on <paramref name="directory"/> (created if missing).</summary>
        /// <param name="directory">Where the record files live.</param>
        /// <param name="flushToDisk">True: Flush fsyncs (durable against power loss); false: Flush hands the bytes to the OS.</param>
        public FileRecordStorage(string directory, bool flushToDisk)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            this.directory = Path.GetFullPath(directory);
            this.flushToDisk = flushToDisk;
            Directory.CreateDirectory(this.directory);
        }

        /// <summary>The directory holding the records.</summary>
        public string DirectoryPath => directory;

        /// <inheritdoc/>
        public RecordStorageError LastError { get; private set; }

        /// <inheritdoc/>
        public string OpenRecordName => openName;

        /// <inheritdoc/>
        public long Length
        {
            get
            {
                if (stream == null)
                {
                    LastError = RecordStorageError.NotOpen;
                    return -1;
                }

                try
                {
                    long length = stream.Length;
                    LastError = RecordStorageError.None;
                    return length;
                }
                catch (Exception e) when (IsIoFailure(e))
                {
                    Fail(e);
                    return -1;
                }
            }
        }

        /// <inheritdoc/>
        public long FreeBytes
        {
            get
            {
                try
                {
                    return new DriveInfo(directory).AvailableFreeSpace;
                }
                catch (Exception e) when (IsIoFailure(e) || e is ArgumentException)
                {
                    return -1;
                }
            }
        }

        /// <summary>The file path of a record.</summary>
        public string PathOf(string recordName) => Path.Combine(directory, recordName + Extension);

        /// <inheritdoc/>
        public bool Create(string recordName) => OpenStream(recordName, FileMode.CreateNew);

        /// <inheritdoc/>
        public bool Open(string recordName) => OpenStream(recordName, FileMode.Open);

        /// <inheritdoc/>
        public void Close()
        {
            FileStream s = stream;
            stream = null;
            openName = null;
            if (s == null)
            {
                return;
            }

            try
            {
                s.Flush(flushToDisk);
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                Fail(e);
            }
            finally
            {
                s.Dispose();
            }
        }

        /// <inheritdoc/>
        public bool Exists(string recordName)
        {
            LastError = RecordStorageError.None;
            return RecordHeader.IsValidBatchId(recordName) && File.Exists(PathOf(recordName));
        }

        /// <inheritdoc/>
        public string[] ListRecords()
        {
            try
            {
                var names = new List<string>();
                foreach (string path in Directory.GetFiles(directory, "*" + Extension))
                {
                    names.Add(Path.GetFileNameWithoutExtension(path));
                }

                names.Sort(StringComparer.Ordinal);
                return names.ToArray();
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                Fail(e);
                return Array.Empty<string>();
            }
        }

        /// <inheritdoc/>
        public bool Append(byte[] buffer, int offset, int count)
        {
            if (stream == null)
            {
                LastError = RecordStorageError.NotOpen;
                return false;
            }

            try
            {
                stream.Seek(0, SeekOrigin.End);
                stream.Write(buffer, offset, count);
                LastError = RecordStorageError.None;
                return true;
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                Fail(e);
                return false;
            }
        }

        /// <inheritdoc/>
        public bool Flush()
        {
            if (stream == null)
            {
                LastError = RecordStorageError.NotOpen;
                return false;
            }

            try
            {
                stream.Flush(flushToDisk);
                LastError = RecordStorageError.None;
                return true;
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                Fail(e);
                return false;
            }
        }

        /// <inheritdoc/>
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (stream == null)
            {
                LastError = RecordStorageError.NotOpen;
                return -1;
            }

            try
            {
                stream.Seek(position, SeekOrigin.Begin);
                int read = stream.Read(buffer, offset, count);
                LastError = RecordStorageError.None;
                return read;
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                Fail(e);
                return -1;
            }
        }

        /// <inheritdoc/>
        public bool Truncate(long length)
        {
            if (stream == null)
            {
                LastError = RecordStorageError.NotOpen;
                return false;
            }

            try
            {
                if (length < 0 || length > stream.Length)
                {
                    LastError = RecordStorageError.InvalidArgument;
                    return false;
                }

                stream.SetLength(length);
                stream.Flush(flushToDisk);
                LastError = RecordStorageError.None;
                return true;
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                Fail(e);
                return false;
            }
        }

        /// <inheritdoc/>
        public long RecordLength(string recordName)
        {
            if (!RecordHeader.IsValidBatchId(recordName))
            {
                LastError = RecordStorageError.InvalidArgument;
                return -1;
            }

            try
            {
                if (recordName == openName && stream != null)
                {
                    LastError = RecordStorageError.None;
                    return stream.Length;
                }

                var info = new FileInfo(PathOf(recordName));
                if (!info.Exists)
                {
                    LastError = RecordStorageError.NotFound;
                    return -1;
                }

                LastError = RecordStorageError.None;
                return info.Length;
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                Fail(e);
                return -1;
            }
        }

        /// <inheritdoc/>
        /// <remarks>
        /// Reads through a second, read-only <see cref="FileStream"/> (FileShare.ReadWrite, so it coexists with the writer's
        /// stream), kept open for the last record read, so the open record's stream position and buffer are never touched.
        /// </remarks>
        public int ReadRecord(string recordName, long position, byte[] buffer, int offset, int count)
        {
            if (!RecordHeader.IsValidBatchId(recordName) || buffer == null || position < 0 || offset < 0 || count < 0
                || offset + count > buffer.Length)
            {
                LastError = RecordStorageError.InvalidArgument;
                return -1;
            }

            try
            {
                if (readStream == null || readName != recordName)
                {
                    CloseReadStream();
                    string path = PathOf(recordName);
                    if (!File.Exists(path))
                    {
                        LastError = RecordStorageError.NotFound;
                        return -1;
                    }

                    readStream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    readName = recordName;
                }

                readStream.Seek(position, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int read = readStream.Read(buffer, offset + total, count - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }

                LastError = RecordStorageError.None;
                return total;
            }
            catch (FileNotFoundException)
            {
                CloseReadStream();
                LastError = RecordStorageError.NotFound;
                return -1;
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                CloseReadStream();
                Fail(e);
                return -1;
            }
        }

        /// <summary>Closes the open record and the read-only stream of <see cref="ReadRecord"/>.</summary>
        public void Dispose()
        {
            Close();
            CloseReadStream();
        }

        private void CloseReadStream()
        {
            FileStream s = readStream;
            readStream = null;
            readName = null;
            s?.Dispose();
        }

        private bool OpenStream(string recordName, FileMode mode)
        {
            Close();
            if (!RecordHeader.IsValidBatchId(recordName))
            {
                LastError = RecordStorageError.InvalidArgument;
                return false;
            }

            try
            {
                stream = new FileStream(PathOf(recordName), mode, FileAccess.ReadWrite, FileShare.Read);
                openName = recordName;
                LastError = RecordStorageError.None;
                return true;
            }
            catch (FileNotFoundException)
            {
                LastError = RecordStorageError.NotFound;
                return false;
            }
            catch (IOException) when (mode == FileMode.CreateNew && File.Exists(PathOf(recordName)))
            {
                LastError = RecordStorageError.AlreadyExists;
                return false;
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                Fail(e);
                return false;
            }
        }

        private void Fail(Exception e)
        {
            int code = e.HResult & 0xFFFF;
            LastError = e is IOException && (code == WindowsDiskFull || code == WindowsHandleDiskFull || code == PosixNoSpace)
                ? RecordStorageError.Full
                : RecordStorageError.IoError;
        }

        private static bool IsIoFailure(Exception e) =>
            e is IOException || e is UnauthorizedAccessException || e is ObjectDisposedException || e is NotSupportedException;
    }
}
