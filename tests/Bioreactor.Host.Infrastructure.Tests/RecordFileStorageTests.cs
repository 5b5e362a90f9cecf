using System;
using System.IO;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Host.Infrastructure.Tests
{
    /// <summary>Batch records on real files with the real HMAC: round trip, truncation, tampering and a torn write.</summary>
    [TestClass]
    public sealed class RecordFileStorageTests
    {
        private static HostHmacSha256Authenticator Hmac() => new HostHmacSha256Authenticator(RecordHostSupport.Key());

        private static BatchRecordWriter WriteRecord(FileRecordStorage storage, ManualClock clock, int samples)
        {
            var writer = new BatchRecordWriter(storage, Hmac(), clock);
            Assert.IsTrue(writer.Begin(RecordHostSupport.Header()));
            for (int i = 0; i < samples; i++)
            {
                clock.Advance(10_000);
                RecordSample sample = RecordHostSupport.Sample(i);
                Assert.IsTrue(writer.AppendSample(sample));
            }

            return writer;
        }

        private static RecordVerification VerifyFile(string directory, long announced)
        {
            using var storage = new FileRecordStorage(directory);
            Assert.IsTrue(storage.Open(RecordHostSupport.BatchId));
            return RecordVerifier.Verify(storage, Hmac(), announced, null);
        }

        [TestMethod]
        public void RecordRoundTripsThroughAFile()
        {
            using var scratch = new RecordHostSupport.Scratch();
            ManualClock clock = RecordHostSupport.Clock();
            long last;
            using (var storage = new FileRecordStorage(scratch.Path))
            {
                BatchRecordWriter writer = WriteRecord(storage, clock, 20);
                Assert.IsTrue(writer.AppendOperatorAction("op.jdoe", "ChangeSetPoint", "co2Percent", "protocol", "5", "5.5",
                    OperatorActionOutcome.Done, 0, 1, 7, 0, null, 0, null));
                Assert.IsTrue(writer.Close(5, "complete"));
                last = writer.LastDurableSequence;
                CollectionAssert.AreEqual(new[] { RecordHostSupport.BatchId }, storage.ListRecords());
            }

            Assert.IsTrue(File.Exists(Path.Combine(scratch.Path, RecordHostSupport.BatchId + ".bxr")));
            RecordVerification verification = VerifyFile(scratch.Path, last);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.IsTrue(verification.IsClosed);
            Assert.AreEqual(20L, verification.CountOf(RecordEntryType.Sample));

            using var reopened = new FileRecordStorage(scratch.Path);
            Assert.IsTrue(reopened.Open(RecordHostSupport.BatchId));
            var reader = new RecordReader(reopened);
            var frame = new RecordFrame();
            OperatorActionEntry action = null;
            while (reader.Next(frame))
            {
                action ??= OperatorActionEntry.Decode(frame);
            }

            Assert.AreEqual("5.5", action.NewValue);
            Assert.AreEqual(RecordStorageError.AlreadyExists, CreateAgain(reopened));
        }

        private static RecordStorageError CreateAgain(FileRecordStorage storage)
        {
            Assert.IsFalse(storage.Create(RecordHostSupport.BatchId), "records are never overwritten");
            return storage.LastError;
        }

        [TestMethod]
        public void TruncateCutsTheFileDurably()
        {
            using var scratch = new RecordHostSupport.Scratch();
            using (var storage = new FileRecordStorage(scratch.Path))
            {
                Assert.IsTrue(storage.Create("T1"));
                byte[] bytes = new byte[1000];
                new Random(3).NextBytes(bytes);
                Assert.IsTrue(storage.Append(bytes, 0, bytes.Length));
                Assert.IsTrue(storage.Flush());
                Assert.IsTrue(storage.Truncate(600));
                Assert.AreEqual(600L, storage.Length);
                Assert.IsFalse(storage.Truncate(700), "a record is never extended by truncation");
                Assert.AreEqual(RecordStorageError.InvalidArgument, storage.LastError);
                byte[] back = new byte[1000];
                Assert.AreEqual(600, storage.Read(0, back, 0, 1000));
                Assert.AreEqual(0, storage.Read(600, back, 0, 10), "end of the record");
                CollectionAssert.AreEqual(bytes[..600], back[..600]);
            }

            Assert.AreEqual(600L, new FileInfo(Path.Combine(scratch.Path, "T1.bxr")).Length);
        }

        [TestMethod]
        public void TamperedFileIsNamedByTheVerifier()
        {
            using var scratch = new RecordHostSupport.Scratch();
            ManualClock clock = RecordHostSupport.Clock();
            long last;
            using (var storage = new FileRecordStorage(scratch.Path))
            {
                last = WriteRecord(storage, clock, 10).LastDurableSequence;
            }

            string path = Path.Combine(scratch.Path, RecordHostSupport.BatchId + ".bxr");
            byte[] original = File.ReadAllBytes(path);
            // Header and recipe entries first, then samples of 128 bytes; the last sample is the last frame.
            int lastSample = original.Length - 128;
            byte[] tampered = (byte[])original.Clone();
            tampered[lastSample - 128 + 30] ^= 0x01;
            File.WriteAllBytes(path, tampered);
            RecordVerification result = VerifyFile(scratch.Path, last);
            Assert.AreEqual(RecordFinding.Modified, result.Finding, result.Describe());
            Assert.AreEqual(last - 1, result.FindingSequence);

            File.WriteAllBytes(path, original[..lastSample]);
            result = VerifyFile(scratch.Path, last);
            Assert.AreEqual(RecordFinding.Truncated, result.Finding, result.Describe());
            Assert.AreEqual(last, result.FindingSequence);
        }

        [TestMethod]
        public void TornWriteOnARealFileIsCutAndTheBatchResumes()
        {
            using var scratch = new RecordHostSupport.Scratch();
            ManualClock clock = RecordHostSupport.Clock();
            long lastDurable;
            using (var storage = new FileRecordStorage(scratch.Path))
            {
                BatchRecordWriter writer = WriteRecord(storage, clock, 5);
                Assert.IsTrue(writer.AppendPhaseChange(-1, 0, 3_600_000, "static", "", "start", 1));
                lastDurable = writer.LastDurableSequence;
                clock.Advance(10_000);
                RecordSample next = RecordHostSupport.Sample(5);
                Assert.IsTrue(writer.AppendSample(next));
            }

            // A power cut during the last write: only its first 77 bytes reached the file.
            string path = Path.Combine(scratch.Path, RecordHostSupport.BatchId + ".bxr");
            long durableLength = new FileInfo(path).Length - 128;
            using (var raw = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                raw.SetLength(durableLength + 77);
                raw.Flush(true);
            }

            clock.Reboot(0);
            clock.Advance(90_000);
            using (var storage = new FileRecordStorage(scratch.Path))
            {
                RecordRecoveryResult scan = RecordRecovery.Scan(storage, Hmac(), RecordHostSupport.BatchId);
                Assert.AreEqual(RecordFinding.TornTail, scan.Finding, scan.Verification.Describe());
                Assert.AreEqual(77, scan.TornBytes);
                Assert.AreEqual(lastDurable, scan.LastSequence);
                Assert.IsTrue(scan.CanResume, scan.Reason);
                Assert.AreEqual(0, scan.LastPhaseChange.ToPhaseIndex);
                Assert.AreEqual("static", scan.LastPhaseChange.PhaseName);
                CollectionAssert.AreEqual(RecordHostSupport.Header().RecipeText, scan.RecipeText);

                var writer = new BatchRecordWriter(storage, Hmac(), clock);
                Assert.IsTrue(writer.Resume(scan));
                clock.Advance(10_000);
                RecordSample sample = RecordHostSupport.Sample(99);
                Assert.IsTrue(writer.AppendSample(sample));
                lastDurable = writer.LastDurableSequence;
            }

            RecordVerification verification = VerifyFile(scratch.Path, lastDurable);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.AreEqual(2L, verification.CountOf(RecordEntryType.Recovery), "power restored, torn tail cut");
            Assert.AreEqual(durableLength + 2 * (RecordFormat.Overhead + RecoveryEntry.PayloadLength) + 128, new FileInfo(path).Length,
                "the old record, the two recovery entries and the new sample: the 77 torn bytes are gone");
        }

        [TestMethod]
        public void MissingRecordIsNotFound()
        {
            using var scratch = new RecordHostSupport.Scratch();
            using var storage = new FileRecordStorage(scratch.Path);
            Assert.IsFalse(storage.Open("absent"));
            Assert.AreEqual(RecordStorageError.NotFound, storage.LastError);
            Assert.IsFalse(storage.Create("bad/name"));
            Assert.AreEqual(RecordStorageError.InvalidArgument, storage.LastError);
            Assert.AreEqual(-1L, storage.Length, "nothing open");
        }
    }
}
