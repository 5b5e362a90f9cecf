using System;
using System.Diagnostics;
using System.IO;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Host.Infrastructure.Tests
{
    /// <summary>A full 14-day record at the default period, written to a real file and verified with the real HMAC.</summary>
    [TestClass]
    public sealed class RecordFourteenDayTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        public void FourteenDayRecordFitsIn32MegabytesAndVerifies()
        {
            const long budget = 32L * 1024 * 1024;
            const int samples = 14 * 24 * 360;
            using var scratch = new RecordHostSupport.Scratch();
            ManualClock clock = RecordHostSupport.Clock();
            string path;
            long last;
            var timer = Stopwatch.StartNew();
            using (var storage = new FileRecordStorage(scratch.Path, flushToDisk: false))
            {
                var writer = new BatchRecordWriter(storage, new HostHmacSha256Authenticator(RecordHostSupport.Key()), clock);
                Assert.IsTrue(writer.Begin(RecordHostSupport.Header()));
                byte[] snapshot = new byte[168];
                for (int i = 0; i < samples; i++)
                {
                    clock.Advance(10_000);
                    RecordSample sample = RecordHostSupport.Sample(i);
                    Assert.IsTrue(writer.AppendSample(sample));
                    if (i % 6 == 5)
                    {
                        // The batch snapshot once a minute.
                        Assert.IsTrue(writer.AppendBatchSnapshot(snapshot, 0, snapshot.Length));
                    }
                }

                Assert.IsTrue(writer.Close(5, "complete"));
                last = writer.LastDurableSequence;
                path = storage.PathOf(RecordHostSupport.BatchId);
            }

            double writeSeconds = timer.Elapsed.TotalSeconds;
            long size = new FileInfo(path).Length;
            timer.Restart();
            RecordVerification verification;
            using (var storage = new FileRecordStorage(scratch.Path))
            {
                Assert.IsTrue(storage.Open(RecordHostSupport.BatchId));
                verification = RecordVerifier.Verify(storage, new HostHmacSha256Authenticator(RecordHostSupport.Key()), last, null);
            }

            TestContext.WriteLine($"bytes per sample entry: 128; 14 days = {samples} samples + {samples / 6} one-minute snapshots: "
                + $"{size} bytes ({size / 1048576.0:F2} MiB) of a {budget} byte budget; written in {writeSeconds:F1} s, "
                + $"verified in {timer.Elapsed.TotalSeconds:F1} s");
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.AreEqual((long)samples, verification.CountOf(RecordEntryType.Sample));
            Assert.IsTrue(size <= budget, $"{size} bytes exceed the 32 MB budget");
            Assert.AreEqual(samples * 128L + samples / 6 * 228L, size - HeaderAndClosingBytes(), "128 bytes per sample, 228 per snapshot");
        }

        // Header, one recipe chunk and the closing entry of the fixture record.
        private static long HeaderAndClosingBytes()
        {
            var storage = new MemoryRecordStorage();
            var writer = new BatchRecordWriter(storage, new HostHmacSha256Authenticator(RecordHostSupport.Key()), RecordHostSupport.Clock());
            writer.Begin(RecordHostSupport.Header());
            writer.Close(5, "complete");
            return storage.RecordLength(RecordHostSupport.BatchId);
        }
    }
}
