using System;
using System.IO;
using Bioreactor.Esp32.Application;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// Batch records on the SD card (mounted as D:\ by nanoFramework: SDCardSpiParameters.slotIndex 0 = D:\, nanoframework/
    /// System.IO.FileSystem, nanoFramework/SDCardSpiParameters.cs): one file per record in a folder, names and truncation
    /// recovery from the portable <see cref="RecordFileNames"/>. I/O exceptions become <see cref="LastError"/> values.
    /// </summary>
    /// <remarks>
    /// What nanoFramework's FileStream does (nanoframework/System.IO.FileSystem, System.IO.FileSystem/FileStream.cs): every
    /// Write and Read goes to the native file system at once ("everything flushed/sync after every Read/Write"), Flush is
    /// empty, SetLength throws NotImplementedException, the Position setter refuses positions past the end, and Read/Write
    /// copy through a new array per call (a small allocation on every record append that this class cannot avoid).
    /// Hence: <see cref="Flush"/> only reports success, <see cref="Truncate"/> copies the kept prefix to a temporary file and
    /// swaps it in (File.Delete, File.Move: System.IO.FileSystem/File.cs), and <see cref="RecoverPendingTruncations"/>
    /// finishes a swap a power cut interrupted. Directory.GetFiles(string) and Directory.CreateDirectory(string):
    /// System.IO.FileSystem/Directory.cs. Free space is not reported (-1): nanoFramework's System.IO.DriveInfo
    /// (System.IO.FileSystem/DriveInfo.cs) has Name, DriveType and TotalSize only, no AvailableFreeSpace or TotalFreeSpace.
    /// </remarks>
    internal sealed class SdCardRecordStorage : IRecordStorage
    {
        private const int CopyChunkBytes = 512;

        private readonly string _folder;
        private FileStream _stream;
        private string _openName;

        /// <summary>Uses (and creates) <paramref name="folder"/>, e.g. D:\records.</summary>
        public SdCardRecordStorage(string folder)
        {
            _folder = folder;
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        /// <inheritdoc />
        public RecordStorageError LastError { get; private set; }

        /// <inheritdoc />
        public string OpenRecordName
        {
            get { return _openName; }
        }

        /// <inheritdoc />
        public long Length
        {
            get
            {
                if (_stream == null)
                {
                    LastError = RecordStorageError.NotOpen;
                    return -1;
                }

                try
                {
                    long length = _stream.Length;
                    LastError = RecordStorageError.None;
                    return length;
                }
                catch (Exception)
                {
                    LastError = RecordStorageError.IoError;
                    return -1;
                }
            }
        }

        /// <inheritdoc />
        public long FreeBytes
        {
            get { return -1; }
        }

        /// <summary>Finishes or discards truncations a power cut interrupted (call once at start-up, before the firmware's).</summary>
        public int RecoverPendingTruncations()
        {
            int fixedCount = 0;
            string[] files = FileNames();
            for (int i = 0; i < files.Length; i++)
            {
                string name = RecordFileNames.TemporaryNameOf(files[i]);
                if (name == null)
                {
                    continue;
                }

                string record = PathOf(RecordFileNames.RecordFile(name));
                string temporary = PathOf(RecordFileNames.TemporaryFile(name));
                switch (RecordFileNames.Decide(File.Exists(record), true))
                {
                    case PendingTruncation.DeleteTemporary:
                        File.Delete(temporary);
                        fixedCount++;
                        break;
                    case PendingTruncation.RenameTemporary:
                        File.Move(temporary, record);
                        fixedCount++;
                        break;
                }
            }

            return fixedCount;
        }

        /// <inheritdoc />
        public bool Create(string recordName)
        {
            Close();
            string file = RecordFileNames.RecordFile(recordName);
            if (file == null)
            {
                LastError = RecordStorageError.InvalidArgument;
                return false;
            }

            // FAT ignores case: a name differing only in case from a stored record would open that record.
            if (RecordFileNames.FindIgnoringCase(ListRecords(), recordName) != null)
            {
                LastError = RecordStorageError.AlreadyExists;
                return false;
            }

            return OpenStream(recordName, FileMode.CreateNew);
        }

        /// <inheritdoc />
        public bool Open(string recordName)
        {
            Close();
            if (RecordFileNames.RecordFile(recordName) == null)
            {
                LastError = RecordStorageError.InvalidArgument;
                return false;
            }

            return OpenStream(recordName, FileMode.Open);
        }

        /// <inheritdoc />
        public void Close()
        {
            FileStream stream = _stream;
            _stream = null;
            _openName = null;
            if (stream != null)
            {
                try
                {
                    stream.Dispose();
                }
                catch (Exception)
                {
                    LastError = RecordStorageError.IoError;
                }
            }
        }

        /// <inheritdoc />
        public bool Exists(string recordName)
        {
            LastError = RecordStorageError.None;
            string file = RecordFileNames.RecordFile(recordName);
            try
            {
                return file != null && File.Exists(PathOf(file));
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return false;
            }
        }

        /// <inheritdoc />
        public string[] ListRecords()
        {
            try
            {
                string[] names = RecordFileNames.ListRecords(FileNames());
                LastError = RecordStorageError.None;
                return names;
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return new string[0];
            }
        }

        /// <inheritdoc />
        public bool Append(byte[] buffer, int offset, int count)
        {
            if (_stream == null)
            {
                LastError = RecordStorageError.NotOpen;
                return false;
            }

            try
            {
                _stream.Seek(0, SeekOrigin.End);
                _stream.Write(buffer, offset, count);
                LastError = RecordStorageError.None;
                return true;
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return false;
            }
        }

        /// <inheritdoc />
        public bool Flush()
        {
            if (_stream == null)
            {
                LastError = RecordStorageError.NotOpen;
                return false;
            }

            // Each Write has already reached the file system (see remarks); Flush() is kept for a future FileStream.
            try
            {
                _stream.Flush();
                LastError = RecordStorageError.None;
                return true;
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return false;
            }
        }

        /// <inheritdoc />
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (_stream == null)
            {
                LastError = RecordStorageError.NotOpen;
                return -1;
            }

            return ReadFrom(_stream, position, buffer, offset, count);
        }

        /// <inheritdoc />
        public bool Truncate(long length)
        {
            if (_stream == null)
            {
                LastError = RecordStorageError.NotOpen;
                return false;
            }

            string name = _openName;
            try
            {
                if (length < 0 || length > _stream.Length)
                {
                    LastError = RecordStorageError.InvalidArgument;
                    return false;
                }

                string temporary = PathOf(RecordFileNames.TemporaryFile(name));
                string record = PathOf(RecordFileNames.RecordFile(name));
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }

                using (var copy = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite))
                {
                    byte[] chunk = new byte[CopyChunkBytes];
                    long done = 0;
                    while (done < length)
                    {
                        int want = length - done < CopyChunkBytes ? (int)(length - done) : CopyChunkBytes;
                        _stream.Seek(done, SeekOrigin.Begin);
                        int got = _stream.Read(chunk, 0, want);
                        if (got <= 0)
                        {
                            throw new IOException("short read while truncating");
                        }

                        copy.Write(chunk, 0, got);
                        done += got;
                    }
                }

                Close();
                File.Delete(record);
                File.Move(temporary, record);
                bool reopened = OpenStream(name, FileMode.Open);
                return reopened;
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return false;
            }
        }

        /// <inheritdoc />
        public long RecordLength(string recordName)
        {
            if (recordName != null && recordName == _openName)
            {
                return Length;
            }

            FileStream stream = OpenReader(recordName);
            if (stream == null)
            {
                return -1;
            }

            try
            {
                LastError = RecordStorageError.None;
                return stream.Length;
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return -1;
            }
            finally
            {
                stream.Dispose();
            }
        }

        /// <inheritdoc />
        public int ReadRecord(string recordName, long position, byte[] buffer, int offset, int count)
        {
            FileStream stream = OpenReader(recordName);
            if (stream == null)
            {
                return -1;
            }

            try
            {
                return ReadFrom(stream, position, buffer, offset, count);
            }
            finally
            {
                stream.Dispose();
            }
        }

        /// <summary>
        /// Opens a named record's file for reading, or returns null with <see cref="LastError"/> set (invalid name, no such
        /// record, the file system failed). A second stream on the same file: positions are per stream (FileStream passes
        /// its own position to the native read), so the open record's appends are not disturbed.
        /// </summary>
        private FileStream OpenReader(string recordName)
        {
            string file = RecordFileNames.RecordFile(recordName);
            if (file == null)
            {
                LastError = RecordStorageError.InvalidArgument;
                return null;
            }

            try
            {
                string path = PathOf(file);
                if (!File.Exists(path))
                {
                    LastError = RecordStorageError.NotFound;
                    return null;
                }

                return new FileStream(path, FileMode.Open, FileAccess.Read);
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return null;
            }
        }

        private int ReadFrom(FileStream stream, long position, byte[] buffer, int offset, int count)
        {
            try
            {
                long length = stream.Length;
                if (position < 0)
                {
                    LastError = RecordStorageError.InvalidArgument;
                    return -1;
                }

                LastError = RecordStorageError.None;
                if (position >= length || count == 0)
                {
                    return 0;
                }

                if (count > length - position)
                {
                    count = (int)(length - position);
                }

                stream.Seek(position, SeekOrigin.Begin);
                return stream.Read(buffer, offset, count);
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return -1;
            }
        }

        private bool OpenStream(string recordName, FileMode mode)
        {
            string path = PathOf(RecordFileNames.RecordFile(recordName));
            try
            {
                if (mode == FileMode.Open && !File.Exists(path))
                {
                    LastError = RecordStorageError.NotFound;
                    return false;
                }

                if (mode == FileMode.CreateNew && File.Exists(path))
                {
                    LastError = RecordStorageError.AlreadyExists;
                    return false;
                }

                _stream = new FileStream(path, mode, FileAccess.ReadWrite);
                _openName = recordName;
                LastError = RecordStorageError.None;
                return true;
            }
            catch (Exception)
            {
                LastError = RecordStorageError.IoError;
                return false;
            }
        }

        private string[] FileNames()
        {
            string[] paths = Directory.GetFiles(_folder);
            string[] names = new string[paths.Length];
            for (int i = 0; i < paths.Length; i++)
            {
                names[i] = Path.GetFileName(paths[i]);
            }

            return names;
        }

        private string PathOf(string fileName)
        {
            return _folder + "\\" + fileName;
        }
    }
}
