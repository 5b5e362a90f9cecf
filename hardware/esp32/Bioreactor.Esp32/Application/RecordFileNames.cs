using Bioreactor.Control.Batch;
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Records;

namespace Bioreactor.Esp32.Application
{
    /// <summary>What start-up must do about a record whose truncation was interrupted (see <see cref="RecordFileNames"/>).</summary>
    public enum PendingTruncation
    {
        /// <summary>No temporary copy: nothing to do.</summary>
        None = 0,

        /// <summary>The record and a temporary copy both exist: the copy was unfinished; delete it, keep the record.</summary>
        DeleteTemporary = 1,

        /// <summary>Only the temporary copy exists: the record was deleted, the rename did not happen; rename the copy.</summary>
        RenameTemporary = 2,
    }

    /// <summary>
    /// How batch records map to files on a board whose file system cannot cut a file short (nanoFramework's FileStream on the
    /// ESP32 has no working SetLength): record <c>X</c> is the file <c>X.bxr</c> in the record folder, like the host's
    /// storage. A truncation copies the kept prefix to <c>X.tmp</c>, deletes <c>X.bxr</c>, then renames <c>X.tmp</c>; start-up
    /// finishes or discards an interrupted one (<see cref="Decide"/>). FAT compares names without regard to case, so two
    /// batch ids that differ only in case are one file: <see cref="FindIgnoringCase"/> lets the storage refuse the second.
    /// </summary>
    public static class RecordFileNames
    {
        /// <summary>Extension of a record file (as on the host: FileRecordStorage).</summary>
        public const string RecordExtension = ".bxr";

        /// <summary>Extension of the temporary copy made while truncating.</summary>
        public const string TemporaryExtension = ".tmp";

        /// <summary>The file name (no folder) of record <paramref name="recordName"/>, or null when the name is not a valid batch id.</summary>
        public static string RecordFile(string recordName)
        {
            return RecordHeader.IsValidBatchId(recordName) ? recordName + RecordExtension : null;
        }

        /// <summary>The temporary file name (no folder) used while truncating <paramref name="recordName"/>, or null.</summary>
        public static string TemporaryFile(string recordName)
        {
            return RecordHeader.IsValidBatchId(recordName) ? recordName + TemporaryExtension : null;
        }

        /// <summary>The record name of a file name (folder already removed), or null when it is not a record file.</summary>
        public static string RecordNameOf(string fileName)
        {
            return NameWithExtension(fileName, RecordExtension);
        }

        /// <summary>The record name of a temporary file name, or null when it is not one.</summary>
        public static string TemporaryNameOf(string fileName)
        {
            return NameWithExtension(fileName, TemporaryExtension);
        }

        /// <summary>
        /// The record names among <paramref name="fileNames"/> (folders already removed, any order), sorted by ordinal
        /// comparison as the host storage lists them; other files are ignored. Allocates.
        /// </summary>
        public static string[] ListRecords(string[] fileNames)
        {
            if (fileNames == null)
            {
                return new string[0];
            }

            string[] names = new string[fileNames.Length];
            int count = 0;
            for (int i = 0; i < fileNames.Length; i++)
            {
                string name = RecordNameOf(fileNames[i]);
                if (name != null)
                {
                    names[count++] = name;
                }
            }

            // Insertion sort, ordinal: record folders hold tens of files, and nanoFramework has no Array.Sort.
            for (int i = 1; i < count; i++)
            {
                string key = names[i];
                int j = i - 1;
                while (j >= 0 && CompareOrdinal(names[j], key) > 0)
                {
                    names[j + 1] = names[j];
                    j--;
                }

                names[j + 1] = key;
            }

            string[] result = new string[count];
            for (int i = 0; i < count; i++)
            {
                result[i] = names[i];
            }

            return result;
        }

        /// <summary>The first of <paramref name="recordNames"/> equal to <paramref name="recordName"/> ignoring ASCII case, or null.</summary>
        public static string FindIgnoringCase(string[] recordNames, string recordName)
        {
            if (recordNames == null || recordName == null)
            {
                return null;
            }

            for (int i = 0; i < recordNames.Length; i++)
            {
                if (TextRules.EqualsIgnoringCase(recordNames[i], recordName))
                {
                    return recordNames[i];
                }
            }

            return null;
        }

        /// <summary>What to do at start-up about a record given whether its file and its temporary copy exist.</summary>
        public static PendingTruncation Decide(bool recordExists, bool temporaryExists)
        {
            if (!temporaryExists)
            {
                return PendingTruncation.None;
            }

            return recordExists ? PendingTruncation.DeleteTemporary : PendingTruncation.RenameTemporary;
        }

        /// <summary>Ordinal comparison of two strings (UTF-16 code units), as String.CompareOrdinal.</summary>
        public static int CompareOrdinal(string a, string b)
        {
            int n = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < n; i++)
            {
                if (a[i] != b[i])
                {
                    return a[i] < b[i] ? -1 : 1;
                }
            }

            return a.Length == b.Length ? 0 : (a.Length < b.Length ? -1 : 1);
        }

        private static string NameWithExtension(string fileName, string extension)
        {
            if (fileName == null || fileName.Length <= extension.Length)
            {
                return null;
            }

            int stem = fileName.Length - extension.Length;
            for (int i = 0; i < extension.Length; i++)
            {
                char c = fileName[stem + i];
                char e = extension[i];
                // FAT may report the extension in upper case (8.3 names).
                if (c != e && !(c >= 'A' && c <= 'Z' && (char)(c + 32) == e))
                {
                    return null;
                }
            }

            string name = fileName.Substring(0, stem);
            return RecordHeader.IsValidBatchId(name) ? name : null;
        }
    }
}
