using System;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Host.Infrastructure.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Host.Infrastructure.Tests
{
    /// <summary>The record's periodic path allocates nothing (docs/architecture.md rule 3), with the real HMAC.</summary>
    [TestClass]
    public sealed class RecordAllocationTests
    {
        private static long AllocatedBySamples(BatchRecordWriter writer, ManualClock clock, int count)
        {
            RecordSample sample = RecordHostSupport.Sample(1);
            // Warm up: JIT, first-call caches.
            for (int i = 0; i < 20; i++)
            {
                clock.Advance(10_000);
                Assert.IsTrue(writer.AppendSample(sample));
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < count; i++)
            {
                clock.Advance(10_000);
                sample.LiquidCelsius = 37.0 + i * 1e-3;
                writer.AppendSample(sample);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        [TestMethod]
        public void SampleAppendWithHostHmacAllocatesNothing()
        {
            ManualClock clock = RecordHostSupport.Clock();
            var writer = new BatchRecordWriter(new MemoryRecordStorage { InitialRecordBytes = 1 << 20 }, new HostHmacSha256Authenticator(RecordHostSupport.Key()), clock);
            Assert.IsTrue(writer.Begin(RecordHostSupport.Header()));
            Assert.AreEqual(0L, AllocatedBySamples(writer, clock, 1000), "bytes allocated by 1000 sample appends");
        }

        [TestMethod]
        public void SampleAppendWithManagedHmacAllocatesNothing()
        {
            ManualClock clock = RecordHostSupport.Clock();
            var writer = new BatchRecordWriter(new MemoryRecordStorage { InitialRecordBytes = 1 << 20 }, new HmacSha256Authenticator(RecordHostSupport.Key()), clock);
            Assert.IsTrue(writer.Begin(RecordHostSupport.Header()));
            Assert.AreEqual(0L, AllocatedBySamples(writer, clock, 1000), "bytes allocated by 1000 sample appends");
        }

        [TestMethod]
        [DataRow(false, 1000)]
        [DataRow(true, 100)]
        public void SampleAppendToARealFileAllocatesNothing(bool flushToDisk, int count)
        {
            using var scratch = new RecordHostSupport.Scratch();
            ManualClock clock = RecordHostSupport.Clock();
            using var storage = new FileRecordStorage(scratch.Path, flushToDisk);
            var writer = new BatchRecordWriter(storage, new HostHmacSha256Authenticator(RecordHostSupport.Key()), clock);
            Assert.IsTrue(writer.Begin(RecordHostSupport.Header()));
            Assert.AreEqual(0L, AllocatedBySamples(writer, clock, count), $"bytes allocated by {count} appends through FileStream (fsync: {flushToDisk})");
        }

        [TestMethod]
        public void AlarmTransitionAppendAllocatesNothing()
        {
            ManualClock clock = RecordHostSupport.Clock();
            var writer = new BatchRecordWriter(new MemoryRecordStorage { InitialRecordBytes = 1 << 20 }, new HostHmacSha256Authenticator(RecordHostSupport.Key()), clock);
            Assert.IsTrue(writer.Begin(RecordHostSupport.Header()));
            var transition = new AlarmTransition { Id = AlarmId.Co2High, Kind = AlarmTransitionKind.Raised, To = AlarmState.UnacknowledgedActive, Value = 6.1 };
            for (int i = 0; i < 20; i++)
            {
                writer.AppendAlarmTransition(transition);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                transition.Sequence = i;
                writer.AppendAlarmTransition(transition);
            }

            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
