#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class MqttLinkRecordFetchTests
    {
        private const int OldSamples = 500;

        // A fixture holding a closed record of a header and 500 samples (RecordTestSupport.BatchId) and a batch in progress.
        private static LinkFixture WithOldRecord()
        {
            var f = new LinkFixture();
            MemoryRecordStorage old = RecordTestSupport.SampleRecord(OldSamples);
            f.Storage.SetBytes(RecordTestSupport.BatchId, old.GetBytes(RecordTestSupport.BatchId));
            f.Start("LOT-F", 10);
            f.Run(1000);
            return f;
        }

        private static JsonValue Fetch(LinkFixture f, string record, long fromSequence, long offset, int maxEntries)
        {
            string extra = "'record':'" + record + "','fromSequence':" + fromSequence.ToString()
                + (offset >= 0 ? ",'offset':" + offset.ToString() : string.Empty)
                + (maxEntries > 0 ? ",'maxEntries':" + maxEntries.ToString() : string.Empty);
            JsonValue r = f.Query("record", extra);
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            return r;
        }

        // Fetches a whole record chunk by chunk, pushing every frame into a verifier; returns the number of chunks.
        private static int FetchAll(LinkFixture f, string record, int maxEntries, RecordVerifier verifier, out long entries, out long lastSequence)
        {
            long sequence = 0;
            long offset = -1;
            int chunks = 0;
            entries = 0;
            lastSequence = -1;
            while (true)
            {
                JsonValue r = Fetch(f, record, sequence, offset, maxEntries);
                chunks++;
                JsonValue list = r.Get("entries");
                for (int i = 0; i < list.Count; i++)
                {
                    byte[] frame = Convert.FromBase64String(list.GetItem(i).StringValue);
                    verifier.Push(frame, 0, frame.Length);
                    entries++;
                }

                TestSupport.AtMost(maxEntries, list.Count, "at most maxEntries");
                if (list.Count > 0)
                {
                    lastSequence = (long)r.Get("first").NumberValue + list.Count - 1;
                }

                if (chunks > 1)
                {
                    Assert.IsFalse(r.Get("searched").BooleanValue, "a resumed fetch starts at its offset, without a search");
                }

                if (r.Get("end").BooleanValue)
                {
                    return chunks;
                }

                sequence = (long)r.Get("next").Get("sequence").NumberValue;
                offset = (long)r.Get("next").Get("offset").NumberValue;
            }
        }

        [TestMethod]
        public void AClosedRecordComesThroughInChunksAndVerifies()
        {
            LinkFixture f = WithOldRecord();
            var verifier = new RecordVerifier(RecordTestSupport.Authenticator());
            long entries;
            long last;
            int chunks = FetchAll(f, RecordTestSupport.BatchId, 40, verifier, out entries, out last);
            RecordVerification result = verifier.Finish(OldSamples);
            Assert.IsTrue(result.IsIntact, result.Describe());
            Assert.AreEqual((long)OldSamples + 1, entries, "header and every sample");
            Assert.AreEqual((long)OldSamples, last);
            Assert.AreEqual((OldSamples + 1 + 39) / 40, chunks, "full chunks of 40");
            Assert.AreEqual("LOT-F", f.Storage.OpenRecordName, "the open record was not disturbed");
            TestSupport.AtLeast(1, f.Storage.ReadRecordCount, "read through ReadRecord");
        }

        [TestMethod]
        public void TheOpenRecordComesThroughWhileItGrows()
        {
            LinkFixture f = WithOldRecord();
            var verifier = new RecordVerifier(RecordTestSupport.Authenticator());
            long entries;
            long last;
            FetchAll(f, "LOT-F", 16, verifier, out entries, out last);
            Assert.IsTrue(verifier.Result.IsIntact, verifier.Result.Describe());

            f.Run(60000);
            JsonValue more = Fetch(f, "LOT-F", last + 1, -1, 64);
            TestSupport.AtLeast(6, more.Get("count").NumberValue, "the samples written since");
            Assert.IsTrue(more.Get("open").BooleanValue);
            TestSupport.AreNear(last + 1, more.Get("first").NumberValue, 0.0, "continues where the last fetch ended");
            JsonValue list = more.Get("entries");
            for (int i = 0; i < list.Count; i++)
            {
                byte[] frame = Convert.FromBase64String(list.GetItem(i).StringValue);
                verifier.Push(frame, 0, frame.Length);
            }

            Assert.IsTrue(verifier.Result.IsIntact, "the chain continues across fetches: " + verifier.Result.Describe());
            Assert.IsTrue(f.Firmware.Record.IsOpen && !f.Firmware.Record.StorageFailed, "the writer went on undisturbed");
        }

        [TestMethod]
        public void AMissingOrWrongOffsetFallsBackToASearch()
        {
            LinkFixture f = WithOldRecord();
            JsonValue bySearch = Fetch(f, RecordTestSupport.BatchId, 321, -1, 10);
            Assert.IsTrue(bySearch.Get("searched").BooleanValue);
            TestSupport.AreNear(321.0, bySearch.Get("first").NumberValue, 0.0, "found by sequence");
            long offset = (long)bySearch.Get("start").NumberValue;

            JsonValue wrongHint = Fetch(f, RecordTestSupport.BatchId, 321, offset + 7, 10);
            Assert.IsTrue(wrongHint.Get("searched").BooleanValue, "a wrong hint is not trusted");
            TestSupport.AreNear(321.0, wrongHint.Get("first").NumberValue, 0.0, "same chunk");
            Assert.AreEqual(bySearch.Get("entries").GetItem(0).StringValue, wrongHint.Get("entries").GetItem(0).StringValue);

            JsonValue hinted = Fetch(f, RecordTestSupport.BatchId, 321, offset, 10);
            Assert.IsFalse(hinted.Get("searched").BooleanValue, "the right hint is used at once");
            TestSupport.AreNear(321.0, hinted.Get("first").NumberValue, 0.0, "same chunk");

            JsonValue beyond = Fetch(f, RecordTestSupport.BatchId, 100000, -1, 10);
            Assert.AreEqual(0, beyond.Get("entries").Count);
            Assert.IsTrue(beyond.Get("end").BooleanValue, "nothing beyond the last entry");
        }

        [TestMethod]
        public void ChunkReaderSearchNeedsFewProbesAndSurvivesGarbage()
        {
            MemoryRecordStorage storage = RecordTestSupport.SampleRecord(3000);
            byte[] bytes = storage.GetBytes(RecordTestSupport.BatchId);
            var reader = new RecordChunkReader(storage, 64, 8192);
            Assert.IsTrue(reader.ReadChunk(RecordTestSupport.BatchId, 2500, -1, 5));
            Assert.AreEqual(2500L, reader.FirstSequence);
            Assert.AreEqual(5, reader.Count);
            TestSupport.AtMost(20, reader.Probes, "a bisection, not a scan (3000 entries)");

            // Damage a frame's sync bytes in the middle: the search resynchronises and still finds later sequences.
            int[] offsets = RecordTestSupport.FrameOffsets(bytes);
            bytes[offsets[1500]] = 0;
            storage.SetBytes("DAMAGED", bytes);
            Assert.IsTrue(reader.ReadChunk("DAMAGED", 1600, -1, 3));
            Assert.AreEqual(1600L, reader.FirstSequence);
            Assert.IsTrue(reader.ReadChunk("DAMAGED", 1499, -1, 3));
            Assert.AreEqual(1499L, reader.FirstSequence);
            TestSupport.AtLeast(1, reader.SkippedBytes, "the damaged frame's bytes are skipped and counted");
            Assert.IsFalse(reader.ReadChunk("NOPE", 0, -1, 3));
        }

        [TestMethod]
        public void StorageFailureIsAnswered()
        {
            LinkFixture f = WithOldRecord();
            f.Storage.Failing = true;
            JsonValue r = f.Query("record", "'record':'" + RecordTestSupport.BatchId + "','fromSequence':0");
            Assert.AreEqual("storage_error", LinkFixture.ErrorCode(r));
        }
    }
}
