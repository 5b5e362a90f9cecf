using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Host.Infrastructure.Tests
{
    /// <summary>FileRecordStorage.ReadRecord / RecordLength: any record, open or not, read without disturbing the open one.</summary>
    [TestClass]
    public sealed class RecordFileReadTests
    {
        [TestMethod]
        public void ReadsAClosedAndTheOpenRecordWithoutDisturbingTheWriter()
        {
            using var scratch = new RecordHostSupport.Scratch();
            ManualClock clock = RecordHostSupport.Clock();
            using var storage = new FileRecordStorage(scratch.Path, flushToDisk: false);
            var key = new HostHmacSha256Authenticator(RecordHostSupport.Key());
            var first = new BatchRecordWriter(storage, key, clock);
            Assert.IsTrue(first.Begin(RecordHostSupport.Header("B-OLD")));
            RecordSample sample = RecordHostSupport.Sample(1);
            Assert.IsTrue(first.AppendSample(sample));
            Assert.IsTrue(first.Close(5, "done"));
            byte[] old = System.IO.File.ReadAllBytes(storage.PathOf("B-OLD"));

            var second = new BatchRecordWriter(storage, key, clock);
            Assert.IsTrue(second.Begin(RecordHostSupport.Header("B-NEW")));
            Assert.AreEqual(old.Length, storage.RecordLength("B-OLD"));
            byte[] buffer = new byte[old.Length + 10];
            Assert.AreEqual(old.Length, storage.ReadRecord("B-OLD", 0, buffer, 0, buffer.Length));
            CollectionAssert.AreEqual(old, buffer.AsSpan(0, old.Length).ToArray());
            Assert.AreEqual(0, storage.ReadRecord("B-OLD", old.Length, buffer, 0, 10), "0 at the end");

            // Reading the open record through the second stream, then appending: the writer's position is untouched.
            long openLength = storage.RecordLength("B-NEW");
            Assert.AreEqual(storage.Length, openLength);
            Assert.AreEqual(10, storage.ReadRecord("B-NEW", 0, buffer, 0, 10));
            Assert.IsTrue(second.AppendSample(sample), "append after a foreign read");
            Assert.AreEqual("B-NEW", storage.OpenRecordName);
            Assert.IsTrue(storage.RecordLength("B-NEW") > openLength);
            RecordVerification v = RecordVerifier.Verify(storage, key, second.LastDurableSequence, null);
            Assert.IsTrue(v.IsIntact, v.Describe());

            Assert.AreEqual(-1L, storage.RecordLength("B-NONE"));
            Assert.AreEqual(RecordStorageError.NotFound, storage.LastError);
            Assert.AreEqual(-1, storage.ReadRecord("B-NONE", 0, buffer, 0, 1));
            Assert.AreEqual(RecordStorageError.NotFound, storage.LastError);
            Assert.AreEqual(-1, storage.ReadRecord("../etc", 0, buffer, 0, 1));
            Assert.AreEqual(RecordStorageError.InvalidArgument, storage.LastError);
        }
    }
}
