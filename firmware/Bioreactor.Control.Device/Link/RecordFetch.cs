using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The record commands' answers (record thread): the list of records in storage, and one record's entries in chunks
    /// (docs/mqtt-protocol.md, "Pulling a record"), each entry's frame as it is stored, base64, so the puller verifies the
    /// same bytes the device wrote.
    /// </summary>
    internal sealed class RecordFetch
    {
        // The most a list entry's "head" member takes: ,"head":{"batch":"…","sequence":…,"mac":"…","closed":false} with a
        // 32-character batch id (RecordHeader.MaxBatchIdLength), 19 digits and 64 hex digits is 171 bytes.
        private const int HeadJsonBytes = 176;

        private readonly IRecordReader _storage;
        private readonly RecordChunkReader _chunks;

        public RecordFetch(IRecordReader storage, int maximumChunkEntries, int maximumChunkBytes)
        {
            _storage = storage;
            _chunks = new RecordChunkReader(storage, maximumChunkEntries, maximumChunkBytes);
        }

        /// <summary>After a failed <see cref="ReadChunk"/>: true when the record does not exist (else a storage error).</summary>
        public bool NotFound
        {
            get { return _chunks.Error == RecordStorageError.NotFound || _chunks.Error == RecordStorageError.InvalidArgument; }
        }

        /// <summary>
        /// Writes the list's members: each record's name, length and whether it is the open one, as many as fit before
        /// <paramref name="stopAtLength"/> bytes of the answer (then "truncated" is true); the open record's entry also
        /// carries its chain head (<paramref name="head"/>: the firmware's, which this record thread took after its last
        /// write), and so does the record closed last while no other has opened since (its final head). Other closed
        /// records have none: the list reads only names and lengths, and finding a closed record's last entry would mean
        /// reading its tail.
        /// </summary>
        public void WriteList(JsonWriter w, int stopAtLength, RecordHead head)
        {
            string[] names = _storage.ListRecords();
            string open = _storage.OpenRecordName;
            w.Name("records");
            w.BeginArray();
            int listed = 0;
            for (int i = 0; i < names.Length; i++)
            {
                // Leave room for the closing members (and the open record's head): an answer never exceeds its buffer.
                bool withHead = head.BatchId != null && names[i] == head.BatchId;
                if (w.Length > (withHead ? stopAtLength - HeadJsonBytes : stopAtLength))
                {
                    break;
                }

                w.BeginObject();
                w.Name("name");
                w.String(names[i]);
                w.Name("length");
                w.Integer(_storage.RecordLength(names[i]));
                w.Name("open");
                w.Boolean(names[i] == open);
                if (withHead)
                {
                    w.Name("head");
                    head.Write(w);
                }

                w.EndObject();
                listed++;
            }

            w.EndArray();
            w.Name("count");
            w.Integer(listed);
            w.Name("truncated");
            w.Boolean(listed < names.Length);
        }

        /// <summary>Reads the chunk of <paramref name="recordName"/> from <paramref name="fromSequence"/>; false when it failed (see <see cref="NotFound"/>).</summary>
        public bool ReadChunk(string recordName, long fromSequence, long offsetHint, int maxEntries)
        {
            return _chunks.ReadChunk(recordName, fromSequence, offsetHint, maxEntries);
        }

        /// <summary>Writes the chunk last read: where it lies in the record, its entries, and where the next one starts.</summary>
        public void WriteChunk(JsonWriter w, string recordName, long fromSequence)
        {
            RecordChunkReader c = _chunks;
            w.Name("record");
            w.String(recordName);
            w.Name("length");
            w.Integer(c.RecordLength);
            w.Name("open");
            w.Boolean(recordName == _storage.OpenRecordName);
            w.Name("first");
            w.Integer(c.FirstSequence);
            w.Name("count");
            w.Integer(c.Count);
            w.Name("start");
            w.Integer(c.StartPosition);
            w.Name("searched");
            w.Boolean(c.Searched);
            w.Name("skippedBytes");
            w.Integer(c.SkippedBytes);
            w.Name("entries");
            w.BeginArray();
            for (int i = 0; i < c.Count; i++)
            {
                w.Base64(c.Buffer, c.FrameOffset(i), c.FrameLength(i));
            }

            w.EndArray();
            w.Name("next");
            w.BeginObject();
            w.Name("sequence");
            w.Integer(c.Count > 0 ? c.LastSequence + 1 : fromSequence);
            w.Name("offset");
            w.Integer(c.NextPosition);
            w.EndObject();
            w.Name("end");
            w.Boolean(c.Count == 0 || c.NextPosition >= c.RecordLength);
        }
    }
}
