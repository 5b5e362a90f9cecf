#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class RecordStorageFailureTests
    {
        private static StorageLossEntry[] Losses(MemoryRecordStorage storage)
        {
            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            var list = new System.Collections.ArrayList();
            while (reader.Next(frame))
            {
                if (frame.Type == RecordEntryType.StorageLoss)
                {
                    list.Add(StorageLossEntry.Decode(frame));
                }
            }

            var result = new StorageLossEntry[list.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (StorageLossEntry)list[i];
            }

            return result;
        }

        private static bool TrySample(BatchRecordWriter writer, ManualClock clock, int i)
        {
            clock.Advance(10000);
            RecordSample sample = RecordTestSupport.Sample(i);
            return writer.AppendSample(sample);
        }

        // The MAC of the last complete frame of the stored record (the chain's head as stored).
        private static string LastStoredMac(MemoryRecordStorage storage)
        {
            byte[] record = storage.GetBytes(RecordTestSupport.BatchId);
            int[] offsets = RecordTestSupport.FrameOffsets(record);
            int end = offsets[offsets.Length - 1];
            return RecordTestSupport.Hex(RecordTestSupport.Slice(record, end - RecordFormat.MacLength, RecordFormat.MacLength));
        }

        [TestMethod]
        public void TheChainHeadIsTheLastDurableEntrysMacThroughAFailureAndAResume()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            var writer = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            byte[] mac = new byte[RecordFormat.MacLength];
            Assert.AreEqual(-1L, writer.CopyLastDurableMac(mac, 0), "nothing durable before the header");
            Assert.AreEqual(RecordTestSupport.Hex(new byte[RecordFormat.MacLength]), RecordTestSupport.Hex(mac), "MAC_(-1): zeros");

            Assert.IsTrue(writer.Begin(RecordTestSupport.Header()));
            RecordTestSupport.AppendSamples(writer, clock, 3);
            Assert.AreEqual(3L, writer.CopyLastDurableMac(mac, 0));
            string head = RecordTestSupport.Hex(mac);
            Assert.AreEqual(LastStoredMac(storage), head, "the last frame's MAC");

            // Appends whose flush fails move nothing (their bytes are stored but not durable, and are cut later).
            storage.FailFlush = true;
            Assert.IsFalse(TrySample(writer, clock, 3));
            Assert.IsFalse(TrySample(writer, clock, 4));
            Assert.AreEqual(3L, writer.CopyLastDurableMac(mac, 0), "a failed flush is not durable");
            Assert.AreEqual(head, RecordTestSupport.Hex(mac));

            storage.FailFlush = false;
            clock.Advance(60000);
            Assert.IsTrue(TrySample(writer, clock, 5), "restored: StorageLoss, then the sample");
            Assert.AreEqual(writer.LastDurableSequence, writer.CopyLastDurableMac(mac, 0));
            Assert.AreEqual(LastStoredMac(storage), RecordTestSupport.Hex(mac), "after the restore");

            // After a restart the resumed writer's head is its power-restored entry, chained on the scanned record.
            storage.PowerCycle(true);
            clock.Reboot(300000);
            RecordRecoveryResult scan = RecordRecovery.Scan(storage, RecordTestSupport.Authenticator(), RecordTestSupport.BatchId);
            var resumed = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            Assert.IsTrue(resumed.Resume(scan), scan.Reason);
            Assert.AreEqual(resumed.LastDurableSequence, resumed.CopyLastDurableMac(mac, 0));
            Assert.AreEqual(LastStoredMac(storage), RecordTestSupport.Hex(mac), "after the resume");

            byte[] small = new byte[RecordFormat.MacLength + 3];
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => resumed.CopyLastDurableMac(small, 4), "too little room");
        }

        [TestMethod]
        public void FailingStorageCountsLostEntriesRaisesTheFlagAndDeclaresThem()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordTestSupport.AppendSamples(writer, clock, 3);

            storage.Failing = true;
            for (int i = 0; i < 4; i++)
            {
                Assert.IsFalse(TrySample(writer, clock, i), "sample lost");
            }

            Assert.IsFalse(writer.AppendNote("op.jdoe", "during the failure"), "note lost");
            Assert.IsTrue(writer.StorageFailed, "flag for the alarm");
            Assert.AreEqual(5L, writer.LostEntryCount);
            Assert.AreEqual(5L, writer.UndeclaredLostEntryCount);
            Assert.AreEqual((int)RecordStorageError.IoError, (int)writer.LastStorageError);
            Assert.AreEqual(3L, writer.LastDurableSequence, "nothing announced beyond what is durable");

            storage.Failing = false;
            Assert.IsTrue(TrySample(writer, clock, 9), "storage back: StorageLoss, then the sample");
            Assert.IsFalse(writer.StorageFailed);
            Assert.AreEqual(0L, writer.UndeclaredLostEntryCount);
            Assert.AreEqual(10L, writer.LastDurableSequence, "lost 4-8, StorageLoss 9, sample 10");

            StorageLossEntry[] losses = Losses(storage);
            Assert.AreEqual(1, losses.Length);
            Assert.AreEqual(4L, losses[0].FirstLostSequence);
            Assert.AreEqual(5L, losses[0].LostCount);
            Assert.AreEqual(4L, losses[0].LostSamples);
            Assert.AreEqual(40000L, losses[0].FirstLossMonotonicMilliseconds);
            Assert.AreEqual(70000L, losses[0].LastLossMonotonicMilliseconds);
            Assert.AreEqual((int)RecordStorageError.IoError, (int)losses[0].LastError);

            RecordVerification verification = RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), 10);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.AreEqual(5L, verification.ExplainedLostEntries);
        }

        [TestMethod]
        public void DroppedEntriesAreDeclaredAtOnceWhereTheyWereDropped()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordTestSupport.AppendSamples(writer, clock, 2);

            // Three entries (two of them samples) never reached the writer: a composition's queue was full.
            clock.Advance(5000);
            Assert.IsTrue(writer.DeclareDropped(3, 2, 21000, 24000), "declared at once, storage is healthy");
            Assert.IsFalse(writer.StorageFailed, "a drop is not a storage failure");
            Assert.AreEqual(3L, writer.LostEntryCount);
            Assert.AreEqual(0L, writer.UndeclaredLostEntryCount);
            Assert.AreEqual(6L, writer.LastDurableSequence, "lost 3-5, StorageLoss 6");
            Assert.IsTrue(TrySample(writer, clock, 5), "then the next entry");

            StorageLossEntry[] losses = Losses(storage);
            Assert.AreEqual(1, losses.Length);
            Assert.AreEqual(3L, losses[0].FirstLostSequence);
            Assert.AreEqual(3L, losses[0].LostCount);
            Assert.AreEqual(2L, losses[0].LostSamples);
            Assert.AreEqual(21000L, losses[0].FirstLossMonotonicMilliseconds);
            Assert.AreEqual(24000L, losses[0].LastLossMonotonicMilliseconds);
            Assert.AreEqual((int)RecordStorageError.None, (int)losses[0].LastError, "no storage error: the entries never reached it");

            RecordVerification verification = RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), writer.LastDurableSequence);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.AreEqual(3L, verification.ExplainedLostEntries);
        }

        [TestMethod]
        public void EntriesDroppedWhileStorageFailsJoinItsDeclaration()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordTestSupport.AppendSamples(writer, clock, 2);
            storage.Failing = true;
            Assert.IsFalse(TrySample(writer, clock, 0), "lost to storage");
            Assert.IsFalse(writer.DeclareDropped(2, 1, clock.MonotonicMilliseconds, clock.MonotonicMilliseconds), "not durable yet");
            Assert.AreEqual(3L, writer.UndeclaredLostEntryCount);

            storage.Failing = false;
            Assert.IsTrue(TrySample(writer, clock, 1), "storage back: one StorageLoss for all, then the sample");
            StorageLossEntry[] losses = Losses(storage);
            Assert.AreEqual(1, losses.Length);
            Assert.AreEqual(3L, losses[0].FirstLostSequence);
            Assert.AreEqual(3L, losses[0].LostCount);
            Assert.AreEqual(2L, losses[0].LostSamples);
            RecordVerification verification = RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), writer.LastDurableSequence);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.AreEqual(3L, verification.ExplainedLostEntries);
        }

        [TestMethod]
        public void APayloadEncodedElsewhereIsTheSameEntryAsATypedAppend()
        {
            var typedStorage = new MemoryRecordStorage();
            var payloadStorage = new MemoryRecordStorage();
            var typedClock = new ManualClock();
            var payloadClock = new ManualClock();
            BatchRecordWriter typed = RecordTestSupport.Begin(typedStorage, typedClock);
            BatchRecordWriter encoded = RecordTestSupport.Begin(payloadStorage, payloadClock);
            byte[] payload = new byte[RecordSample.PayloadLength];
            for (int i = 0; i < 3; i++)
            {
                typedClock.Advance(10000);
                payloadClock.Advance(10000);
                RecordSample sample = RecordTestSupport.Sample(i);
                Assert.IsTrue(typed.AppendSample(sample));
                sample.Encode(payload, 0);
                Assert.IsTrue(encoded.AppendPayload(RecordEntryType.Sample, payload, 0, payload.Length));
            }

            CollectionAssert.AreEqual(typedStorage.GetBytes(RecordTestSupport.BatchId), payloadStorage.GetBytes(RecordTestSupport.BatchId),
                "byte for byte");
            Assert.IsFalse(encoded.IsSampleDue(payloadClock.MonotonicMilliseconds + 9999), "it schedules the next sample too");
            TestSupport.Throws(typeof(ArgumentException), () => encoded.AppendPayload(RecordEntryType.Note, payload, 0, 10), "text entries");
            TestSupport.Throws(typeof(ArgumentException), () => encoded.AppendPayload(RecordEntryType.Sample, payload, 0, 10), "a sample's length");
        }

        [TestMethod]
        public void GapIsAcceptedOnlyWithItsStorageLossEntry()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordTestSupport.AppendSamples(writer, clock, 2);
            storage.Failing = true;
            TrySample(writer, clock, 0);
            TrySample(writer, clock, 1);
            storage.Failing = false;
            TrySample(writer, clock, 2);
            TrySample(writer, clock, 3);

            byte[] record = storage.GetBytes(RecordTestSupport.BatchId);
            Assert.IsTrue(RecordTestSupport.Verify(record, writer.LastDurableSequence).IsIntact);
            // Frames: header, 2 samples, StorageLoss (sequence 5), samples 6 and 7.
            RecordVerification withoutLoss = RecordTestSupport.Verify(RecordTestSupport.WithoutFrame(record, 3), writer.LastDurableSequence);
            Assert.AreEqual(RecordTestSupport.Name(RecordFinding.Removed), RecordTestSupport.Name(withoutLoss.Finding), withoutLoss.Describe());
            Assert.AreEqual(3L, withoutLoss.FindingSequence, "the first lost sequence is named once the declaration is gone");
        }

        [TestMethod]
        public void RetriesBackOffWithoutTouchingStorageInBetween()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            storage.Failing = true;
            clock.Advance(100);
            Assert.IsFalse(writer.AppendNote("a", "fails: retry in 1 s"));
            int operations = storage.OperationCount;
            clock.Advance(999);
            Assert.IsFalse(writer.AppendNote("a", "before the retry time"));
            Assert.AreEqual(operations, storage.OperationCount, "no storage call before the retry time");
            clock.Advance(1);
            Assert.IsFalse(writer.AppendNote("a", "retry fails: next in 2 s"));
            Assert.IsTrue(storage.OperationCount > operations, "retried at 1 s");
            operations = storage.OperationCount;
            clock.Advance(1999);
            writer.AppendNote("a", "waiting");
            Assert.AreEqual(operations, storage.OperationCount, "no call before 2 s");
            clock.Advance(1);
            writer.AppendNote("a", "retry at 2 s");
            Assert.IsTrue(storage.OperationCount > operations, "retried at 2 s");
            Assert.AreEqual(5L, writer.LostEntryCount, "every refused entry is counted");

            storage.Failing = false;
            clock.Advance(3999);
            Assert.IsFalse(writer.AppendNote("a", "before the retry at 4 s"), "the back-off holds even with the medium back");
            clock.Advance(1);
            Assert.IsTrue(writer.AppendNote("a", "the record thread's next append after the back-off restores"));
            Assert.AreEqual(6L, Losses(storage)[0].LostCount);
        }

        [TestMethod]
        public void FullStorageCutsThePartialWriteAndSaysHowMuch()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordTestSupport.AppendSamples(writer, clock, 2);
            long used = storage.GetBytes(RecordTestSupport.BatchId).Length;
            storage.CapacityBytes = used + 50;
            Assert.IsFalse(TrySample(writer, clock, 0), "the medium is full after 50 bytes");
            Assert.AreEqual((int)RecordStorageError.Full, (int)writer.LastStorageError);
            Assert.AreEqual(used + 50, (long)storage.GetBytes(RecordTestSupport.BatchId).Length, "a partial frame is on the medium");
            Assert.IsFalse(TrySample(writer, clock, 1), "still full");

            storage.CapacityBytes = long.MaxValue;
            Assert.IsTrue(TrySample(writer, clock, 2));
            StorageLossEntry loss = Losses(storage)[0];
            Assert.AreEqual(100, loss.BytesCut, "50 of the sample, then 50 of the StorageLoss entry the failed retry tried");
            Assert.AreEqual(2L, loss.LostCount);
            Assert.AreEqual((int)RecordStorageError.Full, (int)loss.LastError);
            Assert.IsTrue(RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), writer.LastDurableSequence).IsIntact);
        }

        [TestMethod]
        public void FailedFlushIsALossAndTheUnflushedBytesAreCut()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            storage.FailFlush = true;
            Assert.IsFalse(TrySample(writer, clock, 0), "appended but not flushed: not durable");
            Assert.AreEqual(0L, writer.LastDurableSequence);
            storage.FailFlush = false;
            Assert.IsTrue(TrySample(writer, clock, 1));
            StorageLossEntry loss = Losses(storage)[0];
            Assert.AreEqual(128, loss.BytesCut, "the unflushed sample");
            Assert.AreEqual(1L, loss.LostCount);
            Assert.IsTrue(RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), writer.LastDurableSequence).IsIntact);
        }

        [TestMethod]
        public void HeaderIsWrittenWhenStorageComesBackAndEarlierLossesDeclared()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            storage.Failing = true;
            var writer = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            Assert.IsFalse(writer.Begin(RecordTestSupport.Header()), "no card at the start");
            Assert.IsTrue(writer.StorageFailed);
            Assert.IsFalse(TrySample(writer, clock, 0));
            Assert.IsFalse(TrySample(writer, clock, 1));
            storage.Failing = false;
            Assert.IsTrue(TrySample(writer, clock, 2));

            RecordVerification verification = RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), writer.LastDurableSequence);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.IsTrue(verification.HasHeader);
            Assert.AreEqual(2L, verification.ExplainedLostEntries);
            Assert.AreEqual(4L, verification.LastSequence, "header 0, lost 1-2, StorageLoss 3, sample 4");
        }

        [TestMethod]
        public void StorageThatThrowsNeverThrowsThroughTheWriter()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            storage.ThrowOnFailure = true;
            storage.Failing = true;
            Assert.IsFalse(TrySample(writer, clock, 0));
            Assert.IsFalse(writer.AppendNote("a", "b"));
            clock.Advance(5000);
            Assert.IsFalse(writer.AppendNote("a", "retry throws too"));
            Assert.AreEqual(3L, writer.LostEntryCount);
            storage.Failing = false;
            storage.ThrowOnFailure = false;
            clock.Advance(5000);
            Assert.IsTrue(writer.AppendNote("a", "back"));
            Assert.AreEqual(3L, Losses(storage)[0].LostCount);
        }
    }
}
