#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Device;
using System;
using System.Collections;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// Record storage that counts every call made while <see cref="Forbidden"/> is set (the test sets it around the control
    /// thread's tick): the tick must never touch storage. Otherwise it passes everything to a <see cref="MemoryRecordStorage"/>.
    /// </summary>
    public sealed class GuardedStorage : IRecordStorage
    {
        private readonly MemoryRecordStorage _inner;

        /// <summary>Guards <paramref name="inner"/>.</summary>
        public GuardedStorage(MemoryRecordStorage inner)
        {
            _inner = inner;
        }

        /// <summary>While true, every call is a violation.</summary>
        public bool Forbidden { get; set; }

        /// <summary>Calls made while forbidden.</summary>
        public int Violations { get; private set; }

        /// <summary>Calls made while allowed.</summary>
        public int Calls { get; private set; }

        /// <inheritdoc/>
        public RecordStorageError LastError
        {
            get
            {
                Note();
                return _inner.LastError;
            }
        }

        /// <inheritdoc/>
        public string OpenRecordName
        {
            get
            {
                Note();
                return _inner.OpenRecordName;
            }
        }

        /// <inheritdoc/>
        public long Length
        {
            get
            {
                Note();
                return _inner.Length;
            }
        }

        /// <inheritdoc/>
        public long FreeBytes
        {
            get
            {
                Note();
                return _inner.FreeBytes;
            }
        }

        /// <inheritdoc/>
        public bool Create(string recordName)
        {
            Note();
            return _inner.Create(recordName);
        }

        /// <inheritdoc/>
        public bool Open(string recordName)
        {
            Note();
            return _inner.Open(recordName);
        }

        /// <inheritdoc/>
        public void Close()
        {
            Note();
            _inner.Close();
        }

        /// <inheritdoc/>
        public bool Exists(string recordName)
        {
            Note();
            return _inner.Exists(recordName);
        }

        /// <inheritdoc/>
        public string[] ListRecords()
        {
            Note();
            return _inner.ListRecords();
        }

        /// <inheritdoc/>
        public bool Append(byte[] buffer, int offset, int count)
        {
            Note();
            return _inner.Append(buffer, offset, count);
        }

        /// <inheritdoc/>
        public bool Flush()
        {
            Note();
            return _inner.Flush();
        }

        /// <inheritdoc/>
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            Note();
            return _inner.Read(position, buffer, offset, count);
        }

        /// <inheritdoc/>
        public bool Truncate(long length)
        {
            Note();
            return _inner.Truncate(length);
        }

        /// <inheritdoc/>
        public long RecordLength(string recordName)
        {
            Note();
            return _inner.RecordLength(recordName);
        }

        /// <inheritdoc/>
        public int ReadRecord(string recordName, long position, byte[] buffer, int offset, int count)
        {
            Note();
            return _inner.ReadRecord(recordName, position, buffer, offset, count);
        }

        private void Note()
        {
            if (Forbidden)
            {
                Violations++;
            }
            else
            {
                Calls++;
            }
        }
    }

    /// <summary>The record key's MAC, counting the MACs computed while <see cref="Forbidden"/> is set (inside the tick).</summary>
    public sealed class GuardedAuthenticator : IMessageAuthenticator
    {
        private readonly IMessageAuthenticator _inner;

        /// <summary>Guards <paramref name="inner"/>.</summary>
        public GuardedAuthenticator(IMessageAuthenticator inner)
        {
            _inner = inner;
        }

        /// <summary>While true, every MAC is a violation.</summary>
        public bool Forbidden { get; set; }

        /// <summary>MACs computed while forbidden.</summary>
        public int Violations { get; private set; }

        /// <summary>MACs computed while allowed.</summary>
        public int Calls { get; private set; }

        /// <inheritdoc/>
        public void ComputeMac(byte[] data, int offset, int count, byte[] mac, int macOffset)
        {
            if (Forbidden)
            {
                Violations++;
            }
            else
            {
                Calls++;
            }

            _inner.ComputeMac(data, offset, count, mac, macOffset);
        }
    }

    /// <summary>Keeps the type and the payload bytes of every entry of a record, in order (the frame's times left out).</summary>
    public sealed class EntryCollector : IRecordEntrySink
    {
        /// <summary>Entry types, in record order (RecordEntryType as int).</summary>
        public readonly ArrayList Types = new ArrayList();

        /// <summary>Payloads, in record order.</summary>
        public readonly ArrayList Payloads = new ArrayList();

        /// <inheritdoc/>
        public void OnEntry(RecordFrame frame)
        {
            Types.Add((int)frame.Type);
            byte[] payload = new byte[frame.PayloadLength];
            Array.Copy(frame.Buffer, frame.PayloadOffset, payload, 0, payload.Length);
            Payloads.Add(payload);
        }

        /// <summary>The position of the first entry of <paramref name="type"/>, or -1.</summary>
        public int IndexOf(RecordEntryType type)
        {
            for (int i = 0; i < Types.Count; i++)
            {
                if ((int)Types[i] == (int)type)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>
    /// The device's threads: the control tick queues, the record service writes and runs commands; a full queue is
    /// counted, alarmed and declared in the record; the record's order does not depend on when the record thread runs.
    /// </summary>
    [TestClass]
    public class BioreactorDeviceTests
    {
        private const long TickMilliseconds = 20;

        private static Recipe TwoPhases()
        {
            var first = new RecipePhase("warm-up", 600);
            var second = new RecipePhase("hold-37", 600);
            return new Recipe("device-test", 1, "two static phases", new RecipePhase[] { first, second });
        }

        private static BioreactorFirmware Compose(IRecordStorage storage, IMessageAuthenticator authenticator, ManualClock clock,
            FakeOutputs outputs)
        {
            return LinkFixture.ComposeFirmware(storage, authenticator, clock, new FixedSensor(clock, 37.0), outputs);
        }

        private static void Run(BioreactorDevice device, ManualClock clock, long milliseconds)
        {
            for (long t = 0; t < milliseconds; t += TickMilliseconds)
            {
                clock.Advance(TickMilliseconds);
                device.Tick();
                device.ServiceRecord();
            }
        }

        private static EntryCollector Entries(MemoryRecordStorage storage, string batchId, long announced)
        {
            var collector = new EntryCollector();
            Assert.IsTrue(storage.Open(batchId), "open the record");
            RecordVerification v = RecordVerifier.Verify(storage, new HmacSha256Authenticator(RecordTestSupport.Key()), announced, collector);
            storage.Close();
            Assert.IsTrue(v.IsIntact, v.Describe());
            return collector;
        }

        [TestMethod]
        public void AFullQueueDropsEntriesCountsThemRaisesTheAlarmAndTheRecordDeclaresThem()
        {
            var storage = new MemoryRecordStorage();
            var clock = new ManualClock();
            BioreactorFirmware firmware = Compose(storage, new HmacSha256Authenticator(RecordTestSupport.Key()), clock, new FakeOutputs());
            var device = new BioreactorDevice(firmware, null);
            device.StartUp();
            Assert.IsTrue(firmware.Execute(OperatorRequest.Start("tech.a", TwoPhases(), "LOT-FULL")).IsAccepted);
            long written = firmware.Record.LastDurableSequence;

            // The record thread stalls for 500 s: a sample every 10 s and a snapshot a minute pile up beyond the queue.
            for (long t = 0; t < 500000; t += TickMilliseconds)
            {
                clock.Advance(TickMilliseconds);
                device.Tick();
            }

            long dropped = firmware.RecordEntriesDropped;
            Assert.AreEqual(BioreactorFirmware.RecordQueueCapacity, firmware.RecordEntriesQueued, "the queue is full");
            TestSupport.AtLeast(10.0, dropped, "entries dropped, counted");
            Assert.AreEqual(written, firmware.Record.LastDurableSequence, "the tick wrote nothing itself");
            Assert.IsTrue(firmware.Controller.Alarms.IsActive(AlarmId.RecordStorageFailure), "the storage alarm is raised while drops are undeclared");
            Assert.IsTrue(firmware.Controller.TemperatureControlEnabled, "control went on");

            // The record thread catches up: the queued entries, then the drops declared where they happened.
            device.ServiceRecord();
            Assert.AreEqual(0, firmware.RecordEntriesQueued);
            Assert.AreEqual(dropped, firmware.Record.LostEntryCount, "the record counts the drops as lost entries");
            Run(device, clock, 30000);

            Assert.AreEqual(dropped, firmware.RecordEntriesDropped, "nothing more dropped once the record thread keeps up");
            Assert.IsTrue(firmware.Controller.Alarms.IsActive(AlarmId.RecordStorageFailure), "latched until acknowledged");
            Assert.IsTrue(firmware.Execute(OperatorRequest.Abort("tech.a", "test")).IsAccepted);
            Run(device, clock, 1000);
            Assert.IsTrue(firmware.Execute(OperatorRequest.Clear("qa.b", "record reviewed")).IsAccepted);

            Assert.IsTrue(storage.Open("LOT-FULL"));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            long declared = 0;
            long declaredSamples = 0;
            int declarations = 0;
            while (reader.Next(frame))
            {
                if (frame.Type == RecordEntryType.StorageLoss)
                {
                    StorageLossEntry loss = StorageLossEntry.Decode(frame);
                    declared += loss.LostCount;
                    declaredSamples += loss.LostSamples;
                    declarations++;
                    Assert.AreEqual((int)RecordStorageError.None, (int)loss.LastError, "dropped before storage, not by it");
                }
            }

            storage.Close();
            Assert.AreEqual(1, declarations, "one declaration: the drops followed the same queued entry");
            Assert.AreEqual(dropped, declared, "every drop declared");
            TestSupport.AtLeast(dropped - 10.0, declaredSamples, "most drops were samples (the rest snapshots)");
            EntryCollector entries = Entries(storage, "LOT-FULL", firmware.Record.LastDurableSequence);
            TestSupport.AtLeast(1.0, entries.IndexOf(RecordEntryType.StorageLoss), "declared inside the record");
            Assert.AreEqual((int)RecordEntryType.Closing, (int)entries.Types[entries.Types.Count - 1], "and the record closed normally");
        }

        [TestMethod]
        public void TheRecordsOrderDoesNotDependOnWhenTheRecordThreadRuns()
        {
            var everyTick = new MemoryRecordStorage();
            var everySeventh = new MemoryRecordStorage();
            var clockA = new ManualClock();
            var clockB = new ManualClock();
            var doorA = new FakeOutputs();
            var doorB = new FakeOutputs();
            BioreactorFirmware a = Compose(everyTick, new HmacSha256Authenticator(RecordTestSupport.Key()), clockA, doorA);
            BioreactorFirmware b = Compose(everySeventh, new HmacSha256Authenticator(RecordTestSupport.Key()), clockB, doorB);
            var deviceA = new BioreactorDevice(a, null);
            var deviceB = new BioreactorDevice(b, null);
            deviceA.StartUp();
            deviceB.StartUp();
            Assert.IsTrue(a.Execute(OperatorRequest.Start("tech.a", TwoPhases(), "LOT-ORDER")).IsAccepted);
            Assert.IsTrue(b.Execute(OperatorRequest.Start("tech.a", TwoPhases(), "LOT-ORDER")).IsAccepted);

            long tick = 0;
            for (long t = 0; t < 700000; t += TickMilliseconds)
            {
                // The door opens for 5 s at 100 s (alarm transitions); a note at 200 s (an operator entry between ticks).
                bool open = t >= 100000 && t < 105000;
                doorA.IsOpen = open;
                doorB.IsOpen = open;
                if (t == 200000)
                {
                    Assert.IsTrue(a.Execute(OperatorRequest.Note("tech.a", "a note between ticks")).IsAccepted);
                    Assert.IsTrue(b.Execute(OperatorRequest.Note("tech.a", "a note between ticks")).IsAccepted);
                }

                clockA.Advance(TickMilliseconds);
                clockB.Advance(TickMilliseconds);
                deviceA.Tick();
                deviceB.Tick();
                deviceA.ServiceRecord();
                if (++tick % 7 == 0)
                {
                    deviceB.ServiceRecord();
                }
            }

            deviceB.ServiceRecord();
            Assert.IsTrue(a.Execute(OperatorRequest.Abort("tech.a", "test")).IsAccepted);
            Assert.IsTrue(b.Execute(OperatorRequest.Abort("tech.a", "test")).IsAccepted);
            for (int i = 0; i < 50; i++)
            {
                clockA.Advance(TickMilliseconds);
                clockB.Advance(TickMilliseconds);
                deviceA.Tick();
                deviceB.Tick();
                deviceA.ServiceRecord();
                if (i % 7 == 0)
                {
                    deviceB.ServiceRecord();
                }
            }

            Assert.IsTrue(a.Execute(OperatorRequest.Clear("qa.b", "record reviewed")).IsAccepted);
            Assert.IsTrue(b.Execute(OperatorRequest.Clear("qa.b", "record reviewed")).IsAccepted);
            Assert.AreEqual(0L, b.RecordEntriesDropped, "the slower record thread kept up");

            EntryCollector first = Entries(everyTick, "LOT-ORDER", a.Record.LastDurableSequence);
            EntryCollector second = Entries(everySeventh, "LOT-ORDER", b.Record.LastDurableSequence);
            Assert.AreEqual(first.Types.Count, second.Types.Count, "as many entries");
            for (int i = 0; i < first.Types.Count; i++)
            {
                Assert.AreEqual((int)first.Types[i], (int)second.Types[i], "entry " + i.ToString() + "'s type");
                CollectionAssert.AreEqual((byte[])first.Payloads[i], (byte[])second.Payloads[i], "entry " + i.ToString() + "'s payload");
            }

            // The order the synchronous firmware wrote a start in: header, recipe, the start (operator action, state change,
            // phase change), its snapshot, then the first sample on the next tick.
            int at = 0;
            Assert.AreEqual((int)RecordEntryType.Header, (int)first.Types[at++]);
            while ((int)first.Types[at] == (int)RecordEntryType.Recipe)
            {
                at++;
            }

            Assert.AreEqual((int)RecordEntryType.OperatorAction, (int)first.Types[at++], "the start");
            Assert.AreEqual((int)RecordEntryType.StateChange, (int)first.Types[at++]);
            Assert.AreEqual((int)RecordEntryType.PhaseChange, (int)first.Types[at++]);
            Assert.AreEqual((int)RecordEntryType.BatchSnapshot, (int)first.Types[at++]);
            Assert.AreEqual((int)RecordEntryType.Sample, (int)first.Types[at++]);
            TestSupport.AtLeast(2.0, a.Record.CountOf(RecordEntryType.AlarmTransition), "the door's alarm transitions are in it");
            Assert.AreEqual((int)RecordEntryType.Closing, (int)first.Types[first.Types.Count - 1]);
        }

        [TestMethod]
        public void TheControlTickNeverTouchesStorageOrComputesAMac()
        {
            var memory = new MemoryRecordStorage();
            var storage = new GuardedStorage(memory);
            var mac = new GuardedAuthenticator(new HmacSha256Authenticator(RecordTestSupport.Key()));
            var clock = new ManualClock();
            var outputs = new FakeOutputs();
            BioreactorFirmware firmware = Compose(storage, mac, clock, outputs);
            var transport = new FakeMqttTransport();
            var settings = new MqttLinkSettings();
            settings.DeviceId = LinkFixture.DeviceId;
            settings.FirmwareVersion = "1.2.3";
            settings.SessionNonce = LinkFixture.Session;
            var link = new MqttLink(firmware, transport, storage, clock, settings, 7);
            var device = new BioreactorDevice(firmware, link);
            device.StartUp();

            // Commands of every kind arrive between ticks: a start, a note, autotune, a status, a record list and fetch,
            // a refusal (a bad signature), an abort and a clear; the door opens for a while.
            string[] names = { "start", "note", "autotune-start", "autotune-stop", "status", "records", "record", "hold", "abort", "clear" };
            int next = 0;
            for (long t = 0; t < 400000; t += TickMilliseconds)
            {
                if (t % 30000 == 10000 && next < names.Length)
                {
                    transport.Deliver(LinkFixture.Prefix + "cmd/" + names[next], Command(names[next], next), LinkFixture.ReplyTopic, null);
                    next++;
                }

                outputs.IsOpen = t >= 50000 && t < 56000;
                clock.Advance(TickMilliseconds);
                storage.Forbidden = true;
                mac.Forbidden = true;
                device.Tick();
                storage.Forbidden = false;
                mac.Forbidden = false;
                device.ServiceRecord();
                link.Service();
            }

            Assert.AreEqual(names.Length, next, "every command sent");
            Assert.AreEqual((int)BatchState.Idle, (int)firmware.Batch.State, "started, aborted, released");
            Assert.AreEqual(0L, link.InternalErrors);
            TestSupport.AtLeast(8.0, link.CommandsAccepted, "the commands ran");
            Assert.AreEqual(1L, link.RefusalsRecorded, "the bad signature was recorded");
            TestSupport.AtLeast(20.0, firmware.Record.CountOf(RecordEntryType.Sample), "samples were written");
            TestSupport.AtLeast(2.0, firmware.Record.CountOf(RecordEntryType.AlarmTransition), "alarm transitions were written");
            Assert.IsTrue(firmware.Record.IsClosed, "the record was closed");
            TestSupport.AtLeast(100.0, storage.Calls, "storage was used, by the record thread");
            TestSupport.AtLeast(30.0, mac.Calls, "MACs were computed, by the record thread");
            Assert.AreEqual(0, storage.Violations, "storage calls inside the control tick");
            Assert.AreEqual(0, mac.Violations, "MACs inside the control tick");
        }

        private static byte[] Command(string name, int index)
        {
            string id = "g-" + index.ToString();
            long signedAt = 1765200000000 + index; // after the start payload's (LinkFixture)
            switch (name)
            {
                case "start":
                    {
                        var fixture = new LinkFixture();
                        return fixture.StartPayload("LOT-GUARD", 2);
                    }

                case "note":
                    return LinkFixture.SignedCommand(name, id, "tech.a", signedAt, "'text':'viability 94 %'");
                case "status":
                case "records":
                    return LinkFixture.J("{'id':'" + id + "'}");
                case "record":
                    return LinkFixture.J("{'id':'" + id + "','record':'LOT-GUARD','fromSequence':0}");
                case "hold":
                    // Signed with another operator's key: refused and recorded as a bad signature.
                    return LinkFixture.SignedCommand(name, id, "qa.b", "performed", signedAt, "'reason':'test'", LinkFixture.KeyOf("tech.a"));
                case "abort":
                    return LinkFixture.SignedCommand(name, id, "tech.a", signedAt, "'reason':'test'");
                case "clear":
                    return LinkFixture.SignedCommand(name, id, "qa.b", signedAt, "'reason':'record reviewed'");
                default:
                    return LinkFixture.SignedCommand(name, id, "tech.a", signedAt, string.Empty);
            }
        }

        [TestMethod]
        public void ACommandIsCarriedOutByTheRecordServiceNotByTheTick()
        {
            var f = new LinkFixture();
            f.Run(2000);
            f.Transport.Deliver(LinkFixture.Prefix + "cmd/start", f.StartPayload("LOT-THREAD", 10), LinkFixture.ReplyTopic, null);
            for (int i = 0; i < 50; i++)
            {
                f.Clock.Advance(TickMilliseconds);
                f.Device.Tick();
            }

            Assert.AreEqual(1L, f.Link.CommandsReceived);
            Assert.AreEqual(0L, f.Link.CommandsAccepted, "the tick runs no command");
            Assert.AreEqual((int)BatchState.Idle, (int)f.Firmware.Batch.State);
            Assert.AreEqual(0, f.Link.PendingResponseCount);
            Assert.IsFalse(f.Firmware.Record.IsOpen);

            f.Device.ServiceRecord();
            Assert.AreEqual(1L, f.Link.CommandsAccepted, "the record service ran it");
            Assert.AreEqual((int)BatchState.Running, (int)f.Firmware.Batch.State);
            Assert.AreEqual(1, f.Link.PendingResponseCount, "its response waits for the communication thread");
            Assert.IsTrue(f.Firmware.Record.IsOpen, "and the record thread wrote the new record's header");
            Assert.AreEqual(1L, f.Firmware.Record.CountOf(RecordEntryType.Header));
        }

        [TestMethod]
        public void TheStatusIsRefreshedEverySecondAndAfterEventsNotEveryTick()
        {
            var f = new LinkFixture();
            f.Run(3000);
            long utc = f.Firmware.Status.UtcMilliseconds;
            int ticks = 0;
            while (f.Firmware.Status.UtcMilliseconds == utc && ticks < 100)
            {
                f.Step();
                ticks++;
            }

            TestSupport.AtMost(50.0, ticks, "refreshed within a second");
            utc = f.Firmware.Status.UtcMilliseconds;
            for (int i = 0; i < 40; i++)
            {
                f.Step();
                Assert.AreEqual(utc, f.Firmware.Status.UtcMilliseconds, "not refreshed by a tick alone");
            }

            // A command refreshes it at once: the start's state is in the status before the next tick.
            f.Transport.Deliver(LinkFixture.Prefix + "cmd/start", f.StartPayload("LOT-STATUS", 10), LinkFixture.ReplyTopic, null);
            f.Device.ServiceRecord();
            Assert.AreEqual((int)BatchState.Running, (int)f.Firmware.Status.State);
            Assert.AreEqual("LOT-STATUS", f.Firmware.Status.BatchId);
            Assert.IsTrue(f.Firmware.Status.RecordOpen);
            TestSupport.AreNear(37.0, f.Firmware.Status.TargetTemperatureCelsius, 1e-9, "the recipe's target");
        }
    }
}
