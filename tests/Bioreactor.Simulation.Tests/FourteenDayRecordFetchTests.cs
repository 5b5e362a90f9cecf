using Bioreactor.Control.Device;
using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Tests;
using Bioreactor.Host.Infrastructure.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// A 14-day record comes through the protocol: a record of 14 days at the default 10 s sample period with a batch snapshot
/// a minute (the record test's fixture, Records/README.md: about 20 MB, 141 000 entries) is written to a real file, then
/// fetched chunk by chunk through MqttLink (its default chunk limits) over an in-memory transport, each response parsed
/// with System.Text.Json and every frame verified with RecordVerifier as it arrives, resuming each fetch at the previous
/// chunk's next offset.
/// </summary>
[TestClass]
public sealed class FourteenDayRecordFetchTests
{
    private const string BatchId = "B-FETCH-14D";
    private const string Device = "sim-1";
    private const string ResponseTopic = "bioreactor/" + Device + "/response/qa-tool";

    public TestContext TestContext { get; set; }

    [TestMethod]
    public void FourteenDayRecordIsFetchedInChunksAndVerifies()
    {
        const int samples = 14 * 24 * 360;
        string directory = Path.Combine(Path.GetTempPath(), "bioreactor-fetch-" + Guid.NewGuid().ToString("N"));
        try
        {
            byte[] key = Key();
            var clock = new ManualClock { UtcNow = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc) };
            using var storage = new FileRecordStorage(directory, flushToDisk: false);
            var timer = Stopwatch.StartNew();
            long last;
            using (var authenticator = new HostHmacSha256Authenticator(key))
            {
                var writer = new BatchRecordWriter(storage, authenticator, clock);
                Assert.IsTrue(writer.Begin(Header()));
                byte[] snapshot = new byte[168];
                var sample = new RecordSample { LiquidCelsius = 37.0, LiquidSetPointCelsius = 37.0, Co2Percent = 5.0, Co2SetPointPercent = 5.0 };
                for (int i = 0; i < samples; i++)
                {
                    clock.Advance(10_000);
                    sample.AngleDegrees = (i % 13) - 6;
                    Assert.IsTrue(writer.AppendSample(sample));
                    if (i % 6 == 5)
                    {
                        Assert.IsTrue(writer.AppendBatchSnapshot(snapshot, 0, snapshot.Length));
                    }
                }

                Assert.IsTrue(writer.Close(5, "complete"));
                last = writer.LastDurableSequence;
            }

            double writeSeconds = timer.Elapsed.TotalSeconds;
            long length = storage.RecordLength(BatchId);
            Assert.IsTrue(length > 19_000_000, "about 20 MB: " + length);

            // The device: an idle firmware on a fixed board, its link on an in-memory transport, the same storage.
            var transport = new FakeMqttTransport();
            BioreactorFirmware firmware = Firmware(clock, storage);
            var link = new MqttLink(firmware, transport, storage, clock, new MqttLinkSettings { DeviceId = Device, FirmwareVersion = "1.0.0", SessionNonce = "0123456789abcdef0123456789abcdef" }, 3);
            var device = new BioreactorDevice(firmware, link);
            device.StartUp();
            device.Tick();
            device.ServiceRecord();
            link.Service();
            Assert.IsTrue(link.IsOnline);

            timer.Restart();
            using var verifierKey = new HostHmacSha256Authenticator(key);
            var verifier = new RecordVerifier(verifierKey);
            long sequence = 0;
            long offset = -1;
            long entries = 0;
            int chunks = 0;
            bool end = false;
            while (!end)
            {
                string request = "{\"id\":\"f" + chunks + "\",\"record\":\"" + BatchId + "\",\"fromSequence\":" + sequence
                    + (offset >= 0 ? ",\"offset\":" + offset : string.Empty) + "}";
                transport.Deliver("bioreactor/" + Device + "/cmd/record", Encoding.UTF8.GetBytes(request), ResponseTopic, null);
                device.ServiceRecord();
                link.Service();
                byte[] response = TakeResponse(transport);
                Assert.IsNotNull(response, "a response to chunk " + chunks);
                using JsonDocument document = JsonDocument.Parse(response);
                JsonElement root = document.RootElement;
                Assert.IsTrue(root.GetProperty("ok").GetBoolean(), Encoding.UTF8.GetString(response));
                foreach (JsonElement entry in root.GetProperty("entries").EnumerateArray())
                {
                    byte[] frame = Convert.FromBase64String(entry.GetString());
                    verifier.Push(frame, 0, frame.Length);
                    entries++;
                }

                if (chunks > 0)
                {
                    Assert.IsFalse(root.GetProperty("searched").GetBoolean(), "resumed at the offset of the previous chunk");
                }

                sequence = root.GetProperty("next").GetProperty("sequence").GetInt64();
                offset = root.GetProperty("next").GetProperty("offset").GetInt64();
                end = root.GetProperty("end").GetBoolean();
                chunks++;
                Assert.IsTrue(chunks < 100_000, "the fetch makes progress");
            }

            double fetchSeconds = timer.Elapsed.TotalSeconds;
            RecordVerification result = verifier.Finish(last);
            TestContext.WriteLine($"14-day record: {length} bytes, {last + 1} entries, written in {writeSeconds:F1} s; fetched in {chunks} chunks "
                + $"in {fetchSeconds:F1} s ({entries / fetchSeconds:F0} entries/s, {length / fetchSeconds / 1e6:F1} MB/s, verified on arrival)");
            Assert.IsTrue(result.IsIntact, result.Describe());
            Assert.AreEqual(last + 1, entries, "every entry, header to closing");
            Assert.IsTrue(result.IsClosed, "the closing entry arrived");
            Assert.AreEqual((long)samples, result.CountOf(RecordEntryType.Sample));
            Assert.AreEqual(0L, link.InternalErrors);
            Assert.IsTrue(fetchSeconds < 30, "within 30 s");
        }
        finally
        {
            try
            {
                Directory.Delete(directory, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static byte[] Key()
    {
        byte[] key = new byte[32];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(0x5C ^ (i * 17));
        }

        return key;
    }

    private static RecordHeader Header()
    {
        var header = new RecordHeader
        {
            DeviceId = Device,
            FirmwareVersion = "1.0.0",
            BatchId = BatchId,
            RecipeName = "t-cell-expansion-14d",
            RecipeVersion = "1",
            OperatorId = "tech.a",
            KeyId = "k1",
        };
        header.SetRecipe(Encoding.UTF8.GetBytes("name = t-cell-expansion-14d\nversion = 1\n"));
        return header;
    }

    /// <summary>The response published since the last call (the transport forgets everything else it kept), or null.</summary>
    private static byte[] TakeResponse(FakeMqttTransport transport)
    {
        FakeMessage message = transport.Last(ResponseTopic);
        transport.Published.Clear();
        return message?.Payload;
    }

    private static BioreactorFirmware Firmware(IClock clock, IRecordStorage storage)
    {
        OperatorDirectory operators;
        Assert.IsTrue(OperatorDirectory.Parse("[operators]\ntech.a = technician\nqa.b = qa\nadmin = administrator\n", out operators).IsValid);
        var outputs = new FakeOutputs();
        var ports = new BioreactorPorts(new FixedSensor(clock, 37.0), new FixedSensor(clock, 37.2), new FixedSensor(clock, 5.0),
            new FixedSensor(clock, 0.0), outputs, outputs, outputs, outputs, clock);
        return new BioreactorFirmware(ports, new BioreactorControllerSettings(), operators, storage, new HostHmacSha256Authenticator(Key()), Device, "1.0.0");
    }
}
