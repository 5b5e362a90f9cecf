using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Host.Infrastructure.Signing;
using Bioreactor.Mqtt.Tests;
using Bioreactor.Simulator;
using Bioreactor.Station.Archive;
using Bioreactor.Station.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

/// <summary>
/// The station's MQTT side end to end: the simulator's device (real firmware, MqttLink and transport) on the embedded
/// broker with the repository's access list, the station connected as QA (tests/Bioreactor.Mqtt.Tests' users). The
/// device is ticked on the test's thread while the station's requests run on the thread pool.
/// </summary>
[TestClass]
public sealed class RecordFetchTests
{
    private const string Device = "sim-e2e-fetch";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [TestMethod]
    public void AnOpenRecordIsFetchedInChunksVerifiedArchivedAndContinuedWhenItGrows()
    {
        using var broker = new EmbeddedTestBroker();
        using var device = new SimulatedDevice(broker, Device, SimulatedDevice.FullRecipeSeconds);
        string directory = Directory.CreateTempSubdirectory("bioreactor-station-fetch-").FullName;
        try
        {
            using var requests = new DeviceRequests(StationBroker(broker));
            var keyring = new RecordKeyring(null, simulatorKeys: true);
            var archive = new RecordArchive(StationDatabase.Open(null, directory), keyring);
            var fetcher = new RecordFetcher(requests, archive, keyring) { MaximumEntries = 8 };
            device.StartBatchLocally("fetch-001");
            device.RunFor(120);

            var progress = new CountingProgress();
            var results = Run(device, () => fetcher.FetchAllAsync(Device, progress));
            FetchResult first = results.Single();
            Assert.IsNull(first.Error);
            Assert.IsTrue(first.Fetched);
            ArchivedRecord record = archive.Get(Device, "fetch-001");
            Assert.AreEqual(ArchiveVerification.Intact, record.Verification, record.Finding + " | " + device.Log);
            Assert.IsTrue(record.Open);
            Assert.IsTrue(record.Entries > 8, "several chunks: " + record.Entries + " entries");
            Assert.IsTrue(progress.Reports > 1, "progress per chunk");
            Assert.AreEqual("t-cell-expansion-10d", record.RecipeName);
            byte[] firstCopy = archive.Bytes(Device, "fetch-001");

            // The record grows; the next fetch continues after the archived copy and the whole still verifies.
            device.RunFor(120);
            FetchResult second = Run(device, () => fetcher.FetchAllAsync(Device)).Single();
            Assert.IsTrue(second.Fetched, second.Error);
            Assert.IsTrue(second.BytesFetched > 0 && second.BytesFetched < second.Record.Length, "only the new entries: " + second.BytesFetched);
            Assert.AreEqual(ArchiveVerification.Intact, second.Record.Verification, second.Record.Finding);
            byte[] grown = archive.Bytes(Device, "fetch-001");
            CollectionAssert.AreEqual(firstCopy, grown.Take(firstCopy.Length).ToArray(), "the grown copy continues the first");

            // An archived copy the device's record does not continue (an entry missing from it): the device finds the next
            // entry elsewhere, the whole record is fetched again, and the record stays flagged.
            var frames = Support.TestRecords.Frames(grown);
            byte[] holed = grown.Take(frames[3].Position).Concat(grown.Skip(frames[4].Position)).ToArray();
            Assert.AreEqual(ArchiveVerification.Rewritten, archive.Store(Device, "fetch-001", holed, open: true).Verification);
            device.RunFor(30);
            FetchResult third = Run(device, () => fetcher.FetchAllAsync(Device)).Single();
            Assert.IsNull(third.Error);
            byte[] again = archive.Bytes(Device, "fetch-001");
            CollectionAssert.AreEqual(grown, again.Take(grown.Length).ToArray(), "the device's whole record again");
            Assert.AreEqual(again.Length, third.BytesFetched);
            Assert.AreEqual(ArchiveVerification.Rewritten, third.Record.Verification);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void TheArchiveServiceFetchesWhenABatchEnds()
    {
        using var broker = new EmbeddedTestBroker();
        using var device = new SimulatedDevice(broker, Device, SimulatedDevice.FullRecipeSeconds);
        string directory = Directory.CreateTempSubdirectory("bioreactor-station-service-").FullName;
        try
        {
            using var requests = new DeviceRequests(StationBroker(broker));
            var keyring = new RecordKeyring(null, simulatorKeys: true);
            var archive = new RecordArchive(StationDatabase.Open(null, directory), keyring);
            var service = new ArchiveService(new RecordFetcher(requests, archive, keyring));
            device.StartBatchLocally("service-001");
            device.RunFor(60);
            Assert.IsTrue(device.Firmware.Execute(OperatorRequest.Abort(SimulatedDevice.Technician, "test")).IsAccepted);
            device.RunFor(5);

            service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            try
            {
                service.OnBatchEnded(Device, "service-001");
                Assert.IsTrue(device.RunUntil(() => service.StatusOf(Device)?.State is "done" or "failed", Patience), "the fetch finished");
                ArchiveStatus status = service.StatusOf(Device);
                Assert.AreEqual("done", status.State, status.LastError);
                StringAssert.Contains(status.LastResult, "1 fetched");
                Assert.AreEqual(ArchiveVerification.Intact, archive.Get(Device, "service-001").Verification);
            }
            finally
            {
                service.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void ASignedCommandIsPublishedUnchangedAndAnswered()
    {
        using var broker = new EmbeddedTestBroker();
        using var device = new SimulatedDevice(broker, Device, SimulatedDevice.FullRecipeSeconds);
        using var requests = new DeviceRequests(StationBroker(broker));
        device.StartBatchLocally("signed-001");
        device.RunFor(10);

        JsonElement status = Run(device, () => requests.RequestAsync(Device, "status", new JsonObject(), Patience, CancellationToken.None));
        Assert.IsTrue(status.GetProperty("ok").GetBoolean(), status.ToString());
        string session = status.GetProperty("session").GetString();

        // What the browser does: the person's key from the password, the command signed over every member.
        ValidationResult parsed = OperatorDirectory.Parse(SimulatorOperators.DirectoryText, out OperatorDirectory directory);
        Assert.IsTrue(parsed.IsValid, parsed.Text);
        OperatorCredential credential = directory.GetCredential(SimulatorOperators.TechnicianId);
        byte[] key = OperatorSigning.DeriveKey(SimulatorOperators.TechnicianPassword, credential.Salt, credential.Iterations);
        byte[] signed = new OperatorSigning().Sign(Device, session, "note", new JsonObject { ["id"] = "browser-0001", ["text"] = "signed in the page" },
            SimulatorOperators.TechnicianId, CommandSigner.UsualMeaning("note"), key);

        JsonElement answer = Run(device, () => requests.SendSignedAsync(Device, "note", signed, Patience, CancellationToken.None));
        Assert.AreEqual("browser-0001", answer.GetProperty("id").GetString());
        Assert.IsTrue(answer.GetProperty("ok").GetBoolean(), answer.ToString());
        Assert.AreEqual(1, device.Firmware.Record.CountOf(RecordEntryType.Note), "the note is in the record");

        // One byte changed after signing: the device refuses it, so nothing was added on the way.
        byte[] altered = (byte[])signed.Clone();
        int at = Array.IndexOf(altered, (byte)'p');
        altered[at] = (byte)'P';
        JsonElement refused = Run(device, () => requests.SendSignedAsync(Device, "note", altered, Patience, CancellationToken.None));
        Assert.IsFalse(refused.GetProperty("ok").GetBoolean());
        Assert.AreEqual("bad_signature", refused.GetProperty("error").GetProperty("code").GetString());
    }

    [TestMethod]
    public void NoBrokerIsAClearError()
    {
        using var requests = new DeviceRequests(new MqttBrokerOptions { Host = "127.0.0.1", Port = FreePort.Next(), ConnectTimeout = TimeSpan.FromSeconds(2) });
        var error = Assert.ThrowsExactly<DeviceRequestException>(() =>
            requests.RequestAsync(Device, "records", new JsonObject(), TimeSpan.FromSeconds(2), CancellationToken.None).GetAwaiter().GetResult());
        StringAssert.Contains(error.Message, "cannot connect to the MQTT broker at 127.0.0.1:");
    }

    [TestMethod]
    public void AnUnansweredRequestTimesOutNamingTheDevice()
    {
        using var broker = new EmbeddedTestBroker();
        using var requests = new DeviceRequests(StationBroker(broker));
        var error = Assert.ThrowsExactly<DeviceRequestException>(() =>
            requests.RequestAsync("br-nobody", "records", new JsonObject(), TimeSpan.FromSeconds(1), CancellationToken.None).GetAwaiter().GetResult());
        StringAssert.Contains(error.Message, "device br-nobody did not answer 'records' within 1 s");
    }

    private static MqttBrokerOptions StationBroker(ITestBroker broker) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        Username = TestUsers.Qa,
        Password = TestUsers.PasswordOf(TestUsers.Qa),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    // Ticks the device (its record thread answers the commands) until the station's task ends.
    private static T Run<T>(SimulatedDevice device, Func<Task<T>> work)
    {
        Task<T> task = Task.Run(work);
        Assert.IsTrue(device.RunUntil(() => task.IsCompleted, Patience), "the station's request finished | " + device.Log);
        return task.GetAwaiter().GetResult();
    }

    private sealed class CountingProgress : IProgress<FetchProgress>
    {
        public int Reports;

        public void Report(FetchProgress value) => Interlocked.Increment(ref Reports);
    }
}
