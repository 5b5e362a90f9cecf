using System;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The head of the record's HMAC chain: its batch id, the sequence number of its last durable entry (written and
    /// flushed by the record thread, never one still queued) and that entry's chained MAC; once the closing entry is
    /// durable, the closed record's final head, until another record opens. The protocol announces it
    /// (telemetry's and the records list's <c>record</c>/<c>head</c> object, docs/mqtt-protocol.md) so that a witness
    /// can later catch a record rewritten by someone who holds the record key: the re-chained entry at that sequence
    /// carries another MAC.
    /// </summary>
    /// <remarks>
    /// Two copies: the firmware's, taken by the record thread from the writer after it has written the queue's entries
    /// (<see cref="Take"/>), and the link's snapshot, copied from it under the link's lock (<see cref="Set"/>) and written
    /// by the communication thread. Neither is touched by the control tick. Allocates nothing.
    /// </remarks>
    internal sealed class RecordHead
    {
        /// <summary>
        /// The record's name (its batch id); null when no record has been open since start-up or nothing of the open one
        /// is durable yet.
        /// </summary>
        internal string BatchId;

        /// <summary>Sequence number of the last durable entry; -1 when <see cref="BatchId"/> is null.</summary>
        internal long Sequence = -1;

        /// <summary>The chained MAC of that entry (meaningful only while <see cref="BatchId"/> is set).</summary>
        internal readonly byte[] Mac = new byte[RecordFormat.MacLength];

        /// <summary>
        /// True when the entry is the record's durable closing entry: the final head, after which the record never changes
        /// (a witness keeps it at once instead of at its usual pace).
        /// </summary>
        internal bool Closed;

        /// <summary>
        /// Record thread: the writer's head now (the closed record's final one after its closing entry), or none before
        /// anything of a record is durable.
        /// </summary>
        internal void Take(BatchRecordWriter writer)
        {
            long sequence = writer.CopyLastDurableMac(Mac, 0);
            bool closed = writer.IsClosed; // set only once the closing entry is durable (BatchRecordWriter.Close)
            bool known = (writer.IsOpen || closed) && sequence >= 0;
            BatchId = known ? writer.RecordName : null;
            Sequence = known ? sequence : -1;
            Closed = known && closed;
        }

        /// <summary>Copies a head handed over by the firmware (its <paramref name="mac"/> is the firmware's own buffer).</summary>
        internal void Set(string batchId, long sequence, byte[] mac, bool closed)
        {
            bool known = batchId != null && sequence >= 0;
            BatchId = known ? batchId : null;
            Sequence = known ? sequence : -1;
            Closed = known && closed;
            if (known)
            {
                Array.Copy(mac, 0, Mac, 0, RecordFormat.MacLength);
            }
        }

        /// <summary>
        /// Writes the head as the protocol's object, <c>{"batch":…,"sequence":…,"mac":"64 lower-case hex"}</c>, or null when
        /// there is none. Allocates nothing once the writer's text cache holds the batch id (the state's batch already put it there).
        /// </summary>
        internal void Write(JsonWriter w)
        {
            if (BatchId == null)
            {
                w.Null();
                return;
            }

            w.BeginObject();
            w.Name("batch");
            w.String(BatchId);
            w.Name("sequence");
            w.Integer(Sequence);
            w.Name("mac");
            w.Hex(Mac, 0, RecordFormat.MacLength);
            w.Name("closed");
            w.Boolean(Closed);
            w.EndObject();
        }
    }
}
