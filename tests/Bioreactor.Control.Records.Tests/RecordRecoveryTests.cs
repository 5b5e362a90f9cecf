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
    public class RecordRecoveryTests
    {
        private static RecordRecoveryResult Scan(MemoryRecordStorage storage)
        {
            return RecordRecovery.Scan(storage, RecordTestSupport.Authenticator(), RecordTestSupport.BatchId);
        }

        private static BatchRecordWriter Resume(MemoryRecordStorage storage, ManualClock clock, RecordRecoveryResult scan)
        {
            var writer = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            Assert.IsTrue(writer.Resume(scan), "resume durable");
            return writer;
        }

        // The recovery entries of a record, in order.
        private static RecoveryEntry[] Recoveries(MemoryRecordStorage storage)
        {
            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            var list = new System.Collections.ArrayList();
            while (reader.Next(frame))
            {
                if (frame.Type == RecordEntryType.Recovery)
                {
                    list.Add(RecoveryEntry.Decode(frame));
                }
            }

            var result = new RecoveryEntry[list.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (RecoveryEntry)list[i];
            }

            return result;
        }

        [TestMethod]
        public void CleanRestartCutsNothingAndRecordsThePowerOff()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordTestSupport.AppendSamples(writer, clock, 3);
            long lastUtc = RecordTime.ToUnixMilliseconds(clock.UtcNow);
            storage.PowerCycle(true);
            clock.Reboot(300000);
            clock.Advance(4000);

            RecordRecoveryResult scan = Scan(storage);
            Assert.IsTrue(scan.CanResume, scan.Reason);
            Assert.AreEqual(RecordTestSupport.Name(RecordFinding.None), RecordTestSupport.Name(scan.Finding));
            Assert.AreEqual(0, scan.TornBytes);
            Assert.AreEqual(3L, scan.LastSequence);
            Assert.AreEqual(RecordTestSupport.BatchId, scan.Header.BatchId);

            BatchRecordWriter resumed = Resume(storage, clock, scan);
            Assert.AreEqual(4L, resumed.LastDurableSequence, "the power-restored entry continues the numbering");
            RecordTestSupport.AppendSamples(resumed, clock, 2);

            RecordVerification verification = RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), 6);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            RecoveryEntry[] recoveries = Recoveries(storage);
            Assert.AreEqual(1, recoveries.Length);
            Assert.AreEqual((int)RecoveryKind.PowerRestored, (int)recoveries[0].Kind);
            Assert.IsTrue(recoveries[0].IsDeviation);
            Assert.IsTrue(recoveries[0].IsPoweredOffKnown);
            Assert.AreEqual(300000L, recoveries[0].PoweredOffMilliseconds, "boot UTC minus the last entry's UTC");
            Assert.AreEqual(lastUtc, recoveries[0].PreviousUtcUnixMilliseconds);
            Assert.AreEqual(30000L, recoveries[0].PreviousMonotonicMilliseconds, "the old power-on's clock");
            Assert.AreEqual(3L, recoveries[0].PreviousSequence);
        }

        [TestMethod]
        public void PowerOffDurationIsUnknownWithoutSynchronisedTime()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordTestSupport.AppendSamples(writer, clock, 1);
            storage.PowerCycle(true);
            clock.Reboot(60000);
            clock.IsUtcSynchronized = false;

            Resume(storage, clock, Scan(storage));
            RecoveryEntry restored = Recoveries(storage)[0];
            Assert.IsFalse(restored.IsPoweredOffKnown);
            Assert.AreEqual(-1L, restored.PoweredOffMilliseconds);
            Assert.IsTrue((restored.Flags & RecoveryEntry.FlagPreviousUtcSynchronized) != 0, "the last entry was synchronised");
        }

        [TestMethod]
        public void TornLastEntryIsCutRecordedAndTheChainContinues()
        {
            int[] cuts = { 1, 2, 5, 6, 27, 28, 29, 64, 96, 127 };
            foreach (int cut in cuts)
            {
                BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
                RecordTestSupport.AppendSamples(writer, clock, 3);
                storage.TearNextAppendAfter(cut);
                clock.Advance(10000);
                RecordSample sample = RecordTestSupport.Sample(3);
                Assert.IsFalse(writer.AppendSample(sample), "the torn append is not durable");
                byte[] before = storage.GetBytes(RecordTestSupport.BatchId);
                byte[] torn = RecordTestSupport.Slice(before, before.Length - cut, cut);
                storage.PowerCycle(true);
                clock.Reboot(120000);

                RecordRecoveryResult scan = Scan(storage);
                Assert.AreEqual(RecordTestSupport.Name(RecordFinding.TornTail), RecordTestSupport.Name(scan.Finding), "cut " + cut);
                Assert.AreEqual(cut, scan.TornBytes, "torn bytes, cut " + cut);
                Assert.AreEqual(3L, scan.LastSequence);
                Assert.IsTrue(scan.CanResume, scan.Reason);

                BatchRecordWriter resumed = Resume(storage, clock, scan);
                RecordTestSupport.AppendSamples(resumed, clock, 1);
                byte[] after = storage.GetBytes(RecordTestSupport.BatchId);
                RecordVerification verification = RecordTestSupport.Verify(after, resumed.LastDurableSequence);
                Assert.IsTrue(verification.IsIntact, "cut " + cut + ": " + verification.Describe());
                Assert.AreEqual(6L, verification.LastSequence, "header 0, samples 1-3, power restored 4, torn cut 5, sample 6");

                RecoveryEntry[] recoveries = Recoveries(storage);
                Assert.AreEqual(2, recoveries.Length);
                Assert.AreEqual((int)RecoveryKind.PowerRestored, (int)recoveries[0].Kind, "power first: it opens the new power-on period");
                Assert.AreEqual((int)RecoveryKind.TornTailCut, (int)recoveries[1].Kind);
                Assert.AreEqual(cut, recoveries[1].TornBytes);
                byte[] digest = new byte[32];
                Sha256.Hash(torn, 0, torn.Length, digest, 0);
                CollectionAssert.AreEqual(digest, recoveries[1].TornSha256, "evidence of what was cut");
                Assert.AreEqual((long)(before.Length - cut), recoveries[1].FindingPosition);
            }
        }

        [TestMethod]
        public void ZeroFilledTailIsCut()
        {
            // A file system that extended the file but never wrote the sector leaves zeros.
            MemoryRecordStorage storage = RecordTestSupport.SampleRecord(2);
            byte[] record = storage.GetBytes(RecordTestSupport.BatchId);
            storage.SetBytes(RecordTestSupport.BatchId, RecordTestSupport.Splice(record, record.Length, 0, new byte[128]));
            var clock = new ManualClock();
            clock.Reboot(1000);

            RecordRecoveryResult scan = Scan(storage);
            Assert.AreEqual(RecordTestSupport.Name(RecordFinding.TornTail), RecordTestSupport.Name(scan.Finding));
            Assert.AreEqual(128, scan.TornBytes);
            Resume(storage, clock, scan);
            Assert.IsTrue(RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), -1).IsIntact);
        }

        [TestMethod]
        public void RecoveryIsDeterministic()
        {
            MemoryRecordStorage storage = RecordTestSupport.SampleRecord(4);
            byte[] record = storage.GetBytes(RecordTestSupport.BatchId);
            storage.SetBytes(RecordTestSupport.BatchId, RecordTestSupport.Slice(record, 0, record.Length - 50));
            RecordRecoveryResult first = Scan(storage);
            RecordRecoveryResult second = Scan(storage);
            Assert.AreEqual(first.Verification.Describe(), second.Verification.Describe());
            Assert.AreEqual(first.ResumeLength, second.ResumeLength);
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            first.CopyTornSha256(a, 0);
            second.CopyTornSha256(b, 0);
            CollectionAssert.AreEqual(a, b);
            Assert.AreEqual(storage.GetBytes(RecordTestSupport.BatchId).Length, record.Length - 50, "the scan changes nothing");
        }

        [TestMethod]
        public void ResumeFactsGiveTheBatchItsStatePhaseSnapshotAndRecipe()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            var writer = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            RecordHeader header = RecordTestSupport.Header();
            byte[] recipe = RecordTestSupport.RecipeBytes(1500);
            header.SetRecipe(recipe);
            Assert.IsTrue(writer.Begin(header));
            writer.AppendStateChange(0, 1, 0, "op.jdoe", "start", 1);
            writer.AppendPhaseChange(-1, 0, 3600000, "static", string.Empty, "start", 2);
            RecordTestSupport.AppendSamples(writer, clock, 6);
            clock.Advance(5000);
            writer.AppendPhaseChange(0, 1, 7200000, "rocking", string.Empty, "phase time elapsed", 3);
            writer.AppendStateChange(1, 2, 1, "op.jdoe", "hold for sampling", 4);
            byte[] snapshot = RecordTestSupport.RecipeBytes(168);
            writer.AppendBatchSnapshot(snapshot, 0, snapshot.Length);
            RecordTestSupport.AppendSamples(writer, clock, 3);

            // First outage: 10 min off, then 20 s more in the phase; second outage; then scan.
            storage.PowerCycle(true);
            clock.Reboot(600000);
            clock.Advance(2000);
            BatchRecordWriter resumed = Resume(storage, clock, Scan(storage));
            RecordTestSupport.AppendSamples(resumed, clock, 2);
            storage.PowerCycle(true);
            clock.Reboot(60000);

            RecordRecoveryResult scan = Scan(storage);
            Assert.IsTrue(scan.CanResume, scan.Reason);
            Assert.AreEqual(1, scan.LastPhaseChange.ToPhaseIndex);
            Assert.AreEqual("rocking", scan.LastPhaseChange.PhaseName);
            Assert.AreEqual(7200000L, scan.LastPhaseChange.PlannedDurationMilliseconds);
            Assert.AreEqual(2, scan.LastStateChange.ToState);
            Assert.AreEqual("hold for sampling", scan.LastStateChange.Cause);
            CollectionAssert.AreEqual(snapshot, scan.LastBatchSnapshot);
            CollectionAssert.AreEqual(recipe, scan.RecipeText, "recipe reassembled and checked against the header's SHA-256");
            // The phase began at the second phase change: 30 s of samples before the first outage, 20 s after the restart
            // (the 2 s boot before the power-restored entry is not batch time).
            Assert.AreEqual(50000L, scan.PhaseRunMilliseconds, "powered-on time in the phase");
            Assert.AreEqual(50000L, scan.PoweredOnAfterSnapshotMilliseconds, "the snapshot was written at the phase change");
            Assert.AreEqual(600000L, scan.PhasePoweredOffMilliseconds, "the first outage, from its recovery entry");
            Assert.IsFalse(scan.PhasePoweredOffUnknown);
            Assert.AreEqual(4L, scan.LastBatchEventSequence, "the batch layer numbers its next events after it");
        }

        [TestMethod]
        public void DamagedRecordKeepsItsBytesStatesTheFindingAndContinues()
        {
            MemoryRecordStorage storage = RecordTestSupport.SampleRecord(6);
            byte[] record = storage.GetBytes(RecordTestSupport.BatchId);
            int[] offsets = RecordTestSupport.FrameOffsets(record);
            record[offsets[3] + 40] ^= 0x04;
            storage.SetBytes(RecordTestSupport.BatchId, record);
            var clock = new ManualClock();
            clock.Reboot(0);

            RecordRecoveryResult scan = Scan(storage);
            Assert.IsTrue(scan.IsDamaged);
            Assert.IsTrue(scan.CanResume, scan.Reason);
            Assert.AreEqual(0, scan.TornBytes, "nothing cut");
            Assert.AreEqual(6L, scan.LastSequence, "numbering continues after the last frame");
            BatchRecordWriter resumed = Resume(storage, clock, scan);
            RecordTestSupport.AppendSamples(resumed, clock, 1);

            byte[] after = storage.GetBytes(RecordTestSupport.BatchId);
            CollectionAssert.AreEqual(record, RecordTestSupport.Slice(after, 0, record.Length), "the damaged bytes are kept");
            RecordVerification verification = RecordTestSupport.Verify(after, resumed.LastDurableSequence);
            Assert.AreEqual(RecordTestSupport.Name(RecordFinding.Modified), RecordTestSupport.Name(verification.Finding));
            Assert.AreEqual(3L, verification.FindingSequence, "the verifier still names the damaged entry");
            RecoveryEntry[] recoveries = Recoveries(storage);
            Assert.AreEqual((int)RecoveryKind.IntegrityFinding, (int)recoveries[1].Kind);
            Assert.AreEqual((int)RecordFinding.Modified, (int)recoveries[1].Finding);
            Assert.AreEqual(3L, recoveries[1].FindingSequence);
        }

        [TestMethod]
        public void ClosedOrHeaderlessRecordsAreNotResumed()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            writer.Close(5, "done");
            RecordRecoveryResult closed = Scan(storage);
            Assert.IsFalse(closed.CanResume);
            Assert.IsTrue(closed.IsClosed);
            var other = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            TestSupport.Throws(typeof(InvalidOperationException), () => other.Resume(closed), "closed record");

            RecordRecoveryResult missing = RecordRecovery.Scan(storage, RecordTestSupport.Authenticator(), "no-such-batch");
            Assert.IsFalse(missing.Found);
            Assert.IsFalse(missing.CanResume);
        }

        [TestMethod]
        public void HeaderTornAtTheFirstWriteIsBegunAgain()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            storage.TearNextAppendAfter(40);
            var writer = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            Assert.IsFalse(writer.Begin(RecordTestSupport.Header()), "torn header");
            storage.PowerCycle(true);
            clock.Reboot(5000);

            var again = new BatchRecordWriter(storage, RecordTestSupport.Authenticator(), clock);
            Assert.IsTrue(again.Begin(RecordTestSupport.Header()), "begun again");
            RecordTestSupport.AppendSamples(again, clock, 1);
            RecordVerification verification = RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), again.LastDurableSequence);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            RecoveryEntry[] recoveries = Recoveries(storage);
            Assert.AreEqual(1, recoveries.Length);
            Assert.AreEqual((int)RecoveryKind.TornTailCut, (int)recoveries[0].Kind);
            Assert.AreEqual(40, recoveries[0].TornBytes);
        }
    }
}
