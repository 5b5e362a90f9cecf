#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Device;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// The record's chain head in the telemetry and the records list (docs/mqtt-protocol.md, "Witnessing the chain head"):
    /// the last durable entry's sequence and MAC, compared with the stored record read back with the core's reader, and why
    /// a witness needs it: a record re-chained with the key verifies, but not to a head seen before the change.
    /// </summary>
    [TestClass]
    public class RecordHeadTests
    {
        private const string Prefix = LinkFixture.Prefix;
        private const int TelemetryPeriodMilliseconds = 1000;

        private static LinkFixture Fixture()
        {
            var settings = new MqttLinkSettings();
            settings.TelemetryPeriodMilliseconds = TelemetryPeriodMilliseconds;
            var f = new LinkFixture(settings);
            Assert.IsTrue(f.RunUntilOnline(5000), "online");
            return f;
        }

        // Publishes a telemetry message now, from the link's snapshot as it stands: only the communication thread's call, no
        // tick and no record service in between.
        private static JsonValue TelemetryNow(LinkFixture f)
        {
            int before = f.Transport.On(Prefix + "telemetry").Length;
            f.Clock.Advance(TelemetryPeriodMilliseconds);
            f.Link.Service();
            Assert.AreEqual(before + 1, f.Transport.On(Prefix + "telemetry").Length, "one telemetry message now");
            return f.Transport.Last(Prefix + "telemetry").Json();
        }

        // The control thread alone for a while: entries are queued, none is written.
        private static void TickWithoutRecordThread(LinkFixture f, long milliseconds)
        {
            for (long t = 0; t < milliseconds; t += 20)
            {
                f.Clock.Advance(20);
                f.Device.Tick();
            }
        }

        private static long SequenceOf(JsonValue head)
        {
            return (long)head.Get("sequence").NumberValue;
        }

        // The MAC the stored record's entry of that sequence carries, read with the core's RecordReader; null when the
        // record has no such entry. lastSequence is the record's last entry's sequence.
        private static byte[] StoredMac(byte[] record, long sequence, out long lastSequence)
        {
            var storage = new MemoryRecordStorage();
            storage.SetBytes("READ-BACK", record);
            Assert.IsTrue(storage.Open("READ-BACK"), "the copy opens");
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            byte[] mac = null;
            lastSequence = -1;
            while (reader.Next(frame))
            {
                lastSequence = frame.Sequence;
                if (frame.Sequence == sequence)
                {
                    mac = new byte[RecordFormat.MacLength];
                    Array.Copy(frame.Buffer, frame.MacOffset, mac, 0, RecordFormat.MacLength);
                }
            }

            Assert.AreEqual(0L, reader.SkippedBytes, "a well-formed record");
            return mac;
        }

        // Asserts the head names the batch, is the writer's last durable entry, and carries the MAC stored for that entry.
        private static void AssertHeadIsStored(LinkFixture f, JsonValue head, string batchId)
        {
            Assert.AreEqual((int)JsonKind.Object, (int)head.Kind, "a head");
            Assert.AreEqual(batchId, head.Get("batch").StringValue);
            long sequence = SequenceOf(head);
            Assert.AreEqual(f.Firmware.Record.LastDurableSequence, sequence, "the last durable entry");
            string mac = head.Get("mac").StringValue;
            Assert.AreEqual(2 * RecordFormat.MacLength, mac.Length, "the full MAC, 64 hex digits");
            Assert.AreEqual(RecordTestSupport.Hex(RecordTestSupport.FromHex(mac)), mac, "lower-case hex");
            long last;
            byte[] stored = StoredMac(f.Storage.GetBytes(batchId), sequence, out last);
            Assert.IsNotNull(stored, "the stored record has the entry");
            Assert.AreEqual(sequence, last, "and it is the stored record's last entry");
            Assert.AreEqual(RecordTestSupport.Hex(stored), mac, "the MAC stored with that entry");
        }

        [TestMethod]
        public void WithoutARecordTheHeadIsNull()
        {
            LinkFixture f = Fixture();
            f.Run(1500);
            JsonValue t = TelemetryNow(f);
            Assert.IsNotNull(t.Get("record"), "the member is there");
            Assert.AreEqual((int)JsonKind.Null, (int)t.Get("record").Kind);

            JsonValue list = f.Query("records", string.Empty);
            Assert.AreEqual(0, list.Get("records").Count);
        }

        [TestMethod]
        public void TelemetryCarriesTheLastDurableEntrysSequenceAndMac()
        {
            LinkFixture f = Fixture();
            f.Start("LOT-H1", 10);
            f.Run(25000);
            AssertHeadIsStored(f, TelemetryNow(f).Get("record"), "LOT-H1");

            // The status answer's telemetry carries the same object.
            JsonValue status = f.Query("status", string.Empty);
            AssertHeadIsStored(f, status.Get("telemetry").Get("record"), "LOT-H1");

            // The records list: the open record's entry carries it.
            JsonValue list = f.Query("records", string.Empty);
            JsonValue entry = list.Get("records").GetItem(0);
            Assert.AreEqual("LOT-H1", entry.Get("name").StringValue);
            AssertHeadIsStored(f, entry.Get("head"), "LOT-H1");
        }

        [TestMethod]
        public void TheHeadAdvancesOnlyAsEntriesBecomeDurable()
        {
            LinkFixture f = Fixture();
            f.Start("LOT-H2", 10);
            f.Run(3000);
            JsonValue first = TelemetryNow(f).Get("record");
            AssertHeadIsStored(f, first, "LOT-H2");
            long witnessed = SequenceOf(first);

            // Samples queued by the control thread but not yet written by the record thread are not announced.
            TickWithoutRecordThread(f, 21000);
            TestSupport.AtLeast(2, f.Firmware.RecordEntriesQueued, "samples wait in the queue");
            JsonValue queued = TelemetryNow(f).Get("record");
            Assert.AreEqual(witnessed, SequenceOf(queued), "queued entries are not durable");
            Assert.AreEqual(first.Get("mac").StringValue, queued.Get("mac").StringValue);

            // The record thread writes them: the head moves to the last one.
            f.Device.ServiceRecord();
            Assert.AreEqual(0, f.Firmware.RecordEntriesQueued);
            JsonValue written = TelemetryNow(f).Get("record");
            TestSupport.AtLeast(witnessed + 2, SequenceOf(written), "the samples written since");
            AssertHeadIsStored(f, written, "LOT-H2");

            // Entries whose flush fails are lost, not durable: the head stays; once storage works again it moves on.
            long beforeFailure = SequenceOf(written);
            f.Storage.FailFlush = true;
            f.Run(21000);
            TestSupport.AtLeast(beforeFailure + 3, f.Firmware.Record.NextSequence, "entries were attempted");
            Assert.IsTrue(f.Firmware.Record.StorageFailed, "storage is failing");
            TestSupport.AtLeast(1, f.Firmware.Record.LostEntryCount, "entries were lost");
            JsonValue failing = TelemetryNow(f).Get("record");
            Assert.AreEqual(beforeFailure, SequenceOf(failing), "a failed write is not announced");
            Assert.AreEqual(written.Get("mac").StringValue, failing.Get("mac").StringValue);
            f.Storage.FailFlush = false;
            f.Run(70000);
            JsonValue recovered = TelemetryNow(f).Get("record");
            TestSupport.AtLeast(beforeFailure + 1, SequenceOf(recovered), "the head moves on after the restore");
            Assert.IsFalse(f.Firmware.Record.StorageFailed, "storage works again");
            AssertHeadIsStored(f, recovered, "LOT-H2");
        }

        [TestMethod]
        public void AClosedRecordsFinalHeadIsAnnouncedUntilAnotherRecordOpens()
        {
            LinkFixture f = Fixture();
            f.Start("LOT-H4", 1);
            f.Run(3000);
            JsonValue open = TelemetryNow(f).Get("record");
            AssertHeadIsStored(f, open, "LOT-H4");
            Assert.IsFalse(open.Get("closed").BooleanValue, "an open record's head");

            // Aborted and released: the closing entry is the record's last, and its head is announced as the final one.
            Assert.IsTrue(f.Send("abort", "tech.a", "'reason':'test'").Get("ok").BooleanValue, "aborted");
            f.Run(2000);
            JsonValue r = f.Send("clear", "qa.b", "'reason':'reviewed'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            f.Run(2000);
            Assert.IsTrue(f.Firmware.Record.IsClosed, "the release closed the record");
            JsonValue closed = TelemetryNow(f).Get("record");
            AssertHeadIsStored(f, closed, "LOT-H4");
            Assert.IsTrue(closed.Get("closed").BooleanValue, "the closed record's final head");
            TestSupport.AtLeast(SequenceOf(open) + 3, SequenceOf(closed), "abort, release and closing since");

            // It stays while the device is idle: in every telemetry and in the records list's entry of that record.
            f.Run(30000);
            JsonValue idle = TelemetryNow(f).Get("record");
            Assert.AreEqual(SequenceOf(closed), SequenceOf(idle), "the same final head");
            Assert.AreEqual(closed.Get("mac").StringValue, idle.Get("mac").StringValue);
            JsonValue entry = f.Query("records", string.Empty).Get("records").GetItem(0);
            Assert.AreEqual("LOT-H4", entry.Get("name").StringValue);
            Assert.IsFalse(entry.Get("open").BooleanValue, "listed closed");
            AssertHeadIsStored(f, entry.Get("head"), "LOT-H4");
            Assert.IsTrue(entry.Get("head").Get("closed").BooleanValue);

            // The next batch's record takes over.
            f.Start("LOT-H5", 1);
            f.Run(3000);
            JsonValue next = TelemetryNow(f).Get("record");
            AssertHeadIsStored(f, next, "LOT-H5");
            Assert.IsFalse(next.Get("closed").BooleanValue, "the new record is open");
        }

        [TestMethod]
        public void ARecordReChainedWithTheKeyVerifiesButMissesAWitnessedHead()
        {
            LinkFixture f = Fixture();
            f.Start("LOT-H3", 10);
            f.Run(45000);
            JsonValue head = TelemetryNow(f).Get("record");
            AssertHeadIsStored(f, head, "LOT-H3");
            long sequence = SequenceOf(head);
            string witnessedMac = head.Get("mac").StringValue;

            // Someone holding the record key changes one earlier entry's payload (the third-last: a sample's value, say) and
            // re-chains every entry from it on.
            byte[] record = f.Storage.GetBytes("LOT-H3");
            int[] offsets = RecordTestSupport.FrameOffsets(record);
            int frames = offsets.Length - 1;
            int changed = frames - 3;
            record[offsets[changed] + RecordFormat.HeaderLength] ^= 0x01;
            var key = new HmacSha256Authenticator(RecordTestSupport.Key());
            byte[] rewritten = ReChain(record, offsets, changed, key);

            // The verifier alone cannot tell: the rewritten record's chain is whole under the key.
            RecordVerification verification = RecordTestSupport.Verify(rewritten, sequence);
            Assert.IsTrue(verification.IsIntact, "re-chained with the key: " + verification.Describe());

            // The head witnessed before the change does: the entry at that sequence now carries another MAC.
            long last;
            byte[] rewrittenMac = StoredMac(rewritten, sequence, out last);
            Assert.IsNotNull(rewrittenMac, "the rewritten record has the witnessed sequence");
            Assert.IsFalse(RecordTestSupport.Hex(rewrittenMac) == witnessedMac, "a changed entry changes the MAC at the witnessed head");

            // Re-chaining without a change gives the witnessed MAC back: the difference is the change alone.
            byte[] unchanged = f.Storage.GetBytes("LOT-H3");
            byte[] same = ReChain(unchanged, RecordTestSupport.FrameOffsets(unchanged), changed, key);
            Assert.AreEqual(witnessedMac, RecordTestSupport.Hex(StoredMac(same, sequence, out last)));
        }

        // Recomputes the MAC of every frame from frame index `from` on: MAC_k = HMAC(key, MAC_(k-1) || frame without its MAC)
        // (Records/README.md).
        private static byte[] ReChain(byte[] record, int[] offsets, int from, IMessageAuthenticator key)
        {
            byte[] result = RecordTestSupport.Slice(record, 0, record.Length);
            for (int k = from; k < offsets.Length - 1; k++)
            {
                int start = offsets[k];
                int length = offsets[k + 1] - start;
                byte[] input = new byte[length]; // the previous MAC, then the frame less its own MAC
                if (k > 0)
                {
                    Array.Copy(result, start - RecordFormat.MacLength, input, 0, RecordFormat.MacLength);
                }

                Array.Copy(result, start, input, RecordFormat.MacLength, length - RecordFormat.MacLength);
                key.ComputeMac(input, 0, input.Length, result, start + length - RecordFormat.MacLength);
            }

            return result;
        }
    }
}
