#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class RecordSizeTests
    {
        // Budget of the product requirement: a 14-day record at the default period fits in 32 MB.
        private const long BudgetBytes = 32L * 1024 * 1024;
        private const long FourteenDaySamples = 14L * 24 * 3600 * 1000 / RecordHeader.DefaultSamplePeriodMilliseconds;

        private static long Grow(MemoryRecordStorage storage, Action append)
        {
            long before = storage.GetBytes(RecordTestSupport.BatchId).Length;
            append();
            return storage.GetBytes(RecordTestSupport.BatchId).Length - before;
        }

        [TestMethod]
        public void SampleEntryIs128BytesAndFourteenDaysFitTheBudget()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            RecordSample sample = RecordTestSupport.Sample(1);
            long sampleBytes = Grow(storage, () => writer.AppendSample(sample));
            Assert.AreEqual(128L, sampleBytes, "28 header + 68 payload + 32 MAC");

            byte[] snapshot = new byte[168];
            long snapshotBytes = Grow(storage, () => writer.AppendBatchSnapshot(snapshot, 0, snapshot.Length));
            Assert.AreEqual(228L, snapshotBytes, "a 168-byte batch snapshot");

            long samples = FourteenDaySamples;
            Assert.AreEqual(120960L, samples, "14 days at 10 s");
            long samplesOnly = samples * sampleBytes;
            Assert.AreEqual(15482880L, samplesOnly, "14 days of samples");
            // With a batch snapshot every minute and 5000 other entries of the largest size (1 KB) besides.
            long loaded = samplesOnly + 14L * 24 * 60 * snapshotBytes + 5000L * RecordFormat.MaxFrameLength;
            TestSupport.AtMost(BudgetBytes, loaded, "14 days, samples + 1/min snapshots + 5000 × 1 KB entries = "
                + Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(loaded) + " bytes");
        }
    }
}
