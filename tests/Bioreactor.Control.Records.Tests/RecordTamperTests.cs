#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class RecordTamperTests
    {
        // Header (sequence 0) and samples 1 … 10.
        private static byte[] Record()
        {
            return RecordTestSupport.SampleRecord(10).GetBytes(RecordTestSupport.BatchId);
        }

        private static void AssertFinding(RecordFinding expected, long expectedSequence, RecordVerification result, string what)
        {
            Assert.AreEqual(RecordTestSupport.Name(expected), RecordTestSupport.Name(result.Finding), what + ": " + result.Describe());
            Assert.AreEqual(expectedSequence, result.FindingSequence, what + ": named entry; " + result.Describe());
        }

        [TestMethod]
        public void IntactRecordVerifies()
        {
            RecordVerification result = RecordTestSupport.Verify(Record(), 10);
            Assert.IsTrue(result.IsIntact, result.Describe());
            Assert.AreEqual(11L, result.VerifiedEntries);
            Assert.AreEqual(10L, result.LastSequence);
            Assert.AreEqual(10L, result.CountOf(RecordEntryType.Sample));
            Assert.IsTrue(result.HasHeader);
            Assert.IsFalse(result.IsClosed);
        }

        [TestMethod]
        public void FlippingAnyByteOfAnEntryIsModifiedAtThatEntry()
        {
            byte[] record = Record();
            int[] offsets = RecordTestSupport.FrameOffsets(record);
            int entry = 5;
            for (int at = offsets[entry]; at < offsets[entry + 1]; at++)
            {
                byte[] tampered = RecordTestSupport.Slice(record, 0, record.Length);
                tampered[at] ^= 0x01;
                RecordVerification result = RecordTestSupport.Verify(tampered, 10);
                AssertFinding(RecordFinding.Modified, entry, result, "bit 0 of byte " + (at - offsets[entry]) + " of entry 5");
                Assert.AreEqual((long)offsets[entry], result.FindingPosition, "position");
                Assert.AreEqual(5L, result.VerifiedEntries, "entries 0-4 verified");
            }
        }

        [TestMethod]
        public void FlippingWholeBytesOfHeaderAndLastEntryIsModified()
        {
            byte[] record = Record();
            int[] offsets = RecordTestSupport.FrameOffsets(record);
            // Sync, length, sequence, type, flags, UTC, monotonic, payload and MAC of the header.
            int[] fieldOffsets = { 0, 2, 4, 6, 10, 11, 12, 20, 28, 60, offsets[1] - 1 };
            foreach (int field in fieldOffsets)
            {
                byte[] tampered = RecordTestSupport.Slice(record, 0, record.Length);
                tampered[field] ^= 0xFF;
                AssertFinding(RecordFinding.Modified, 0, RecordTestSupport.Verify(tampered, 10), "header byte " + field);
            }

            // The last entry: nothing follows it, so sync, length and sequence damage are told from a torn write by the MAC.
            int[] lastFields = { 0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 20, 28, 60, 100, 127 };
            foreach (int field in lastFields)
            {
                byte[] tampered = RecordTestSupport.Slice(record, 0, record.Length);
                tampered[offsets[10] + field] ^= 0xFF;
                AssertFinding(RecordFinding.Modified, 10, RecordTestSupport.Verify(tampered, 10), "last entry byte " + field);
            }
        }

        [TestMethod]
        public void DeletingAnEntryIsRemovedNamingIt()
        {
            byte[] record = Record();
            for (int entry = 1; entry <= 9; entry++)
            {
                RecordVerification result = RecordTestSupport.Verify(RecordTestSupport.WithoutFrame(record, entry), 10);
                AssertFinding(RecordFinding.Removed, entry, result, "entry " + entry + " deleted");
                Assert.AreEqual(entry + 1L, result.FoundSequence, "the next entry stands in its place");
            }
        }

        [TestMethod]
        public void DeletingTheHeaderIsRemovedAtZero()
        {
            AssertFinding(RecordFinding.Removed, 0, RecordTestSupport.Verify(RecordTestSupport.WithoutFrame(Record(), 0), 10), "header deleted");
        }

        [TestMethod]
        public void SwappingTwoEntriesIsReorderedNamingThem()
        {
            byte[] record = Record();
            for (int entry = 1; entry <= 9; entry++)
            {
                RecordVerification result = RecordTestSupport.Verify(RecordTestSupport.WithFramesSwapped(record, entry), 10);
                AssertFinding(RecordFinding.Reordered, entry, result, "entries " + entry + " and " + (entry + 1) + " swapped");
                Assert.AreEqual(entry + 1L, result.FoundSequence, "found the later entry first");
            }
        }

        [TestMethod]
        public void ForgedEntryWithoutTheKeyIsInserted()
        {
            // The forger writes a well-formed entry with sequence 6, but with a key other than the device's.
            var forgedStorage = new MemoryRecordStorage();
            var clock = new ManualClock();
            var forger = new BatchRecordWriter(forgedStorage, new HmacSha256Authenticator(RecordTestSupport.OtherKey()), clock);
            forger.Begin(RecordTestSupport.Header());
            RecordTestSupport.AppendSamples(forger, clock, 6);
            byte[] forged = RecordTestSupport.Frame(forgedStorage.GetBytes(RecordTestSupport.BatchId), 6);

            byte[] tampered = RecordTestSupport.WithFrameInserted(Record(), 6, forged);
            RecordVerification result = RecordTestSupport.Verify(tampered, 10);
            AssertFinding(RecordFinding.Inserted, 6, result, "forged entry before entry 6");
            Assert.AreEqual(6L, result.FoundSequence);
        }

        [TestMethod]
        public void ReplayedEntryIsInserted()
        {
            byte[] record = Record();
            byte[] copy = RecordTestSupport.Frame(record, 4);
            RecordVerification result = RecordTestSupport.Verify(RecordTestSupport.WithFrameInserted(record, 5, copy), 10);
            AssertFinding(RecordFinding.Inserted, 5, result, "entry 4 replayed after itself");
            Assert.AreEqual(4L, result.FoundSequence);
        }

        [TestMethod]
        public void TruncatedWholeEntriesAreNamedAgainstTheAnnouncedSequence()
        {
            byte[] record = Record();
            int[] offsets = RecordTestSupport.FrameOffsets(record);
            byte[] truncated = RecordTestSupport.Slice(record, 0, offsets[8]);

            RecordVerification unannounced = RecordTestSupport.Verify(truncated, -1);
            Assert.IsTrue(unannounced.IsIntact, "without an announced sequence a cut at an entry boundary cannot be told");

            RecordVerification result = RecordTestSupport.Verify(truncated, 10);
            AssertFinding(RecordFinding.Truncated, 8, result, "entries 8-10 cut");
            Assert.AreEqual(3L, result.MissingAnnouncedEntries);
            Assert.AreEqual(7L, result.LastSequence);
        }

        [TestMethod]
        public void CutInsideAnEntryIsATornTail()
        {
            byte[] record = Record();
            int[] offsets = RecordTestSupport.FrameOffsets(record);
            int[] cuts = { 1, 5, 6, 27, 28, 100, 127 };
            foreach (int cut in cuts)
            {
                RecordVerification result = RecordTestSupport.Verify(RecordTestSupport.Slice(record, 0, offsets[10] + cut), 9);
                AssertFinding(RecordFinding.TornTail, 10, result, "cut " + cut + " bytes into entry 10");
                Assert.AreEqual(cut, result.TornBytes);
                Assert.AreEqual((long)offsets[10], result.VerifiedLength);
            }
        }

        [TestMethod]
        public void WrongKeyFailsAtTheHeader()
        {
            var verifier = new RecordVerifier(new HmacSha256Authenticator(RecordTestSupport.OtherKey()));
            byte[] record = Record();
            verifier.Push(record, 0, record.Length);
            AssertFinding(RecordFinding.Modified, 0, verifier.Finish(10), "other key");
        }

        [TestMethod]
        public void EmptyRecordIsTruncatedAtTheHeader()
        {
            AssertFinding(RecordFinding.Truncated, 0, RecordTestSupport.Verify(new byte[0], -1), "no bytes");
        }

        [TestMethod]
        public void ChunkedVerificationFindsTheSame()
        {
            byte[] record = Record();
            byte[] modified = RecordTestSupport.Slice(record, 0, record.Length);
            modified[RecordTestSupport.FrameOffsets(record)[3] + 40] ^= 0x10;
            byte[][] cases = { record, modified, RecordTestSupport.WithoutFrame(record, 7), RecordTestSupport.WithFramesSwapped(record, 2) };
            int[] chunks = { 1, 7, 100, 4096 };
            foreach (byte[] bytes in cases)
            {
                RecordVerification whole = RecordTestSupport.Verify(bytes, 10);
                foreach (int chunk in chunks)
                {
                    RecordVerification pieces = RecordTestSupport.VerifyInChunks(bytes, chunk, 10);
                    Assert.AreEqual(whole.Describe(), pieces.Describe(), "chunks of " + chunk);
                }
            }
        }
    }
}
