using System;
using System.IO;
using System.Linq;
using Bioreactor.Host.Infrastructure.Records;
using Bioreactor.Simulator;
using Bioreactor.Station.Archive;
using Bioreactor.Station.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

/// <summary>
/// The station's storage, the same tests on each database (<see cref="SqliteStorageTests"/>,
/// <see cref="PostgresStorageTests"/>): migrations, accounts and the record archive with its verification flags.
/// </summary>
public abstract class ArchiveStorageTests
{
    private StationDatabase database;

    /// <summary>A fresh, empty database for one test (migrated by Open).</summary>
    protected abstract StationDatabase OpenNew();

    /// <summary>The same database opened again.</summary>
    protected abstract StationDatabase OpenAgain();

    /// <summary>The provider expected.</summary>
    protected abstract string Provider { get; }

    [TestInitialize]
    public void OpenDatabase() => database = OpenNew();

    [TestMethod]
    public void MigrationsRunOnceAndOpeningAgainRunsNone()
    {
        Assert.AreEqual(Provider, database.Provider);
        CollectionAssert.AreEqual(StationDatabase.Migrations.Select(m => m.Version).ToList(), database.AppliedMigrations().ToList());
        Assert.AreEqual(0, database.Migrate(), "a second run applies nothing");
        StationDatabase again = OpenAgain();
        Assert.AreEqual(0, again.Migrate());
        CollectionAssert.AreEqual(StationDatabase.Migrations.Select(m => m.Version).ToList(), again.AppliedMigrations().ToList());
    }

    [TestMethod]
    public void AccountsAreAddedVerifiedAndDisabled()
    {
        var accounts = new AccountStore(database);
        accounts.Add("tech.a", "Alex Tech", AccountStore.Technician, "correct horse");
        accounts.Add("qa.b", "Blake QA", AccountStore.Qa, "battery staple");
        Assert.AreEqual(new Account("tech.a", "Alex Tech", AccountStore.Technician, false), accounts.Verify("tech.a", "correct horse"));
        Assert.IsNull(accounts.Verify("tech.a", "wrong"), "wrong password");
        Assert.IsNull(accounts.Verify("nobody", "correct horse"), "unknown id");
        Assert.ThrowsExactly<ArgumentException>(() => accounts.Add("tech.a", "Again", AccountStore.Viewer, "x"), "duplicate id");
        Assert.ThrowsExactly<ArgumentException>(() => accounts.Add("bad id", "Bad", AccountStore.Viewer, "x"), "the operator-id rule");
        Assert.ThrowsExactly<ArgumentException>(() => accounts.Add("c", "C", "operator", "x"), "unknown role");
        CollectionAssert.AreEqual(new[] { "qa.b", "tech.a" }, accounts.List().Select(a => a.Id).ToArray());
        string stored = StoredHash("tech.a");
        Assert.IsFalse(stored.Contains("correct horse", StringComparison.Ordinal), "the password is not stored");

        Assert.IsTrue(accounts.SetPassword("tech.a", "new secret"));
        Assert.IsNull(accounts.Verify("tech.a", "correct horse"));
        Assert.IsNotNull(accounts.Verify("tech.a", "new secret"));
        Assert.IsTrue(accounts.Disable("tech.a"));
        Assert.IsNull(accounts.Verify("tech.a", "new secret"), "a disabled account cannot sign in");
        Assert.IsTrue(accounts.Find("tech.a").Disabled);
        Assert.IsFalse(accounts.Disable("nobody"));
    }

    [TestMethod]
    public void AnIntactRecordIsStoredListedAndReadBack()
    {
        var archive = new RecordArchive(database, new RecordKeyring(null, simulatorKeys: true));
        byte[] bytes = TestRecords.Closed;
        ArchivedRecord stored = archive.Store(TestRecords.Device, TestRecords.BatchId, bytes, open: false);

        Assert.AreEqual(ArchiveVerification.Intact, stored.Verification, stored.Finding);
        Assert.IsTrue(stored.IsGood);
        ArchivedRecord read = archive.Get(TestRecords.Device, TestRecords.BatchId);
        Assert.AreEqual(stored, read);
        Assert.AreEqual("t-cell-expansion-10d", read.RecipeName);
        Assert.IsFalse(string.IsNullOrEmpty(read.RecipeVersion));
        Assert.IsFalse(read.Open, "released: closed");
        Assert.AreEqual(bytes.Length, read.Length);
        Assert.AreEqual(TestRecords.Frames(bytes).Length, read.Entries);
        Assert.IsTrue(read.FirstUtc < read.LastUtc);
        StringAssert.Contains(read.KeySource, BatchSimulation.DeviceId);
        CollectionAssert.AreEqual(bytes, archive.Bytes(TestRecords.Device, TestRecords.BatchId));
        Assert.AreEqual(1, archive.List().Count);
        Assert.AreEqual(1, archive.List(TestRecords.Device).Count);
        Assert.AreEqual(0, archive.List("br-other").Count);
        Assert.IsNull(archive.Get("br-other", TestRecords.BatchId));
    }

    [TestMethod]
    public void AGrownOpenRecordReplacesItsShorterCopy()
    {
        var archive = new RecordArchive(database, new RecordKeyring(null, simulatorKeys: true));
        byte[] bytes = TestRecords.Closed;
        var frames = TestRecords.Frames(bytes);
        byte[] start = bytes.AsSpan(0, frames[frames.Length / 2].Position).ToArray();
        ArchivedRecord first = archive.Store(TestRecords.Device, TestRecords.BatchId, start, open: true);
        Assert.AreEqual(ArchiveVerification.Intact, first.Verification, first.Finding);
        Assert.IsTrue(first.Open);

        ArchivedRecord grown = archive.Store(TestRecords.Device, TestRecords.BatchId, bytes, open: false);
        Assert.AreEqual(ArchiveVerification.Intact, grown.Verification, grown.Finding);
        Assert.IsFalse(grown.Open);
        Assert.AreEqual(bytes.Length, grown.Length);
        Assert.AreEqual(1, archive.List().Count);
    }

    [TestMethod]
    public void ATamperedRecordIsKeptAndFlaggedBroken()
    {
        var archive = new RecordArchive(database, new RecordKeyring(null, simulatorKeys: true));
        byte[] original = TestRecords.Closed;
        long sample = TestRecords.FirstSample(original);
        byte[] tampered = TestRecords.Tampered(original, sample);
        ArchivedRecord stored = archive.Store(TestRecords.Device, TestRecords.BatchId, tampered, open: false);

        Assert.AreEqual(ArchiveVerification.Broken, stored.Verification);
        Assert.IsFalse(stored.IsGood);
        Assert.AreEqual(sample, stored.BrokenSequence);
        StringAssert.Contains(stored.Finding, "Modified");
        Assert.AreEqual(ArchiveVerification.Broken, archive.List().Single().Verification, "listed as broken");
        CollectionAssert.AreEqual(tampered, archive.Bytes(TestRecords.Device, TestRecords.BatchId), "the evidence is kept");
    }

    [TestMethod]
    public void ARecordRechainedAfterAWitnessedHeadIsFlaggedRewritten()
    {
        var archive = new RecordArchive(database, new RecordKeyring(null, simulatorKeys: true));
        byte[] original = TestRecords.Closed;
        var frames = TestRecords.Frames(original);
        long headSequence = frames[frames.Length - 3].Sequence;
        string headMac = TestRecords.MacOf(original, headSequence);
        byte[] rechained = TestRecords.Rechained(original, TestRecords.FirstSample(original), BatchSimulation.SimulatorKey());

        // The device announced its head while writing; later someone with the key rewrote the record.
        Assert.IsTrue(archive.WitnessHead(TestRecords.Device, TestRecords.BatchId, headSequence, headMac, DateTime.UtcNow), "nothing archived yet");
        ArchivedRecord stored = archive.Store(TestRecords.Device, TestRecords.BatchId, rechained, open: false);

        Assert.AreEqual(ArchiveVerification.Rewritten, stored.Verification);
        Assert.IsFalse(stored.IsGood);
        Assert.IsNull(stored.Finding, "the chain itself verifies: only the witnessed head catches it");
        StringAssert.Contains(stored.RewrittenBy, "head sequence " + headSequence);
        StringAssert.Contains(stored.RewrittenBy, headMac);
        Assert.AreEqual(1, archive.HeadsOf(TestRecords.Device, TestRecords.BatchId).Count);
        Assert.AreEqual(ArchiveVerification.Rewritten, archive.Get(TestRecords.Device, TestRecords.BatchId).Verification);
    }

    [TestMethod]
    public void AHeadWitnessedAfterStoringAgreesWithTheTrueRecordAndCatchesARechainedOne()
    {
        var archive = new RecordArchive(database, new RecordKeyring(null, simulatorKeys: true));
        byte[] original = TestRecords.Closed;
        long last = TestRecords.Frames(original)[^1].Sequence;
        archive.Store(TestRecords.Device, TestRecords.BatchId, original, open: false);
        Assert.IsTrue(archive.WitnessHead(TestRecords.Device, TestRecords.BatchId, last, TestRecords.MacOf(original, last), DateTime.UtcNow));
        Assert.IsTrue(archive.WitnessHead(TestRecords.Device, TestRecords.BatchId, last, TestRecords.MacOf(original, last).ToUpperInvariant(), DateTime.UtcNow),
            "the same head again (any case)");
        Assert.AreEqual(ArchiveVerification.Intact, archive.Get(TestRecords.Device, TestRecords.BatchId).Verification);
        Assert.AreEqual(1, archive.HeadsOf(TestRecords.Device, TestRecords.BatchId).Count, "one distinct head");

        const string other = "br-rechained";
        byte[] rechained = TestRecords.Rechained(original, TestRecords.FirstSample(original), BatchSimulation.SimulatorKey());
        Assert.AreEqual(ArchiveVerification.Intact, archive.Store(other, TestRecords.BatchId, rechained, open: false).Verification,
            "without a head, a re-chained record looks intact");
        Assert.IsFalse(archive.WitnessHead(other, TestRecords.BatchId, last, TestRecords.MacOf(original, last), DateTime.UtcNow));
        Assert.IsFalse(archive.WitnessHead(other, TestRecords.BatchId, last, TestRecords.MacOf(original, last), DateTime.UtcNow), "the same head again");
        ArchivedRecord flagged = archive.Get(other, TestRecords.BatchId);
        Assert.AreEqual(ArchiveVerification.Rewritten, flagged.Verification);
        StringAssert.Contains(flagged.RewrittenBy, "head sequence " + last);

        // A closed record that ends before an announced head was cut after the announcement.
        Assert.IsFalse(archive.WitnessHead(TestRecords.Device, TestRecords.BatchId, last + 5, new string('a', 64), DateTime.UtcNow));
        StringAssert.Contains(archive.Get(TestRecords.Device, TestRecords.BatchId).RewrittenBy, "ends at sequence " + last);
    }

    [TestMethod]
    public void ARecordNotContinuingItsArchivedCopyIsFlaggedAndTheEarlierCopyKept()
    {
        var archive = new RecordArchive(database, new RecordKeyring(null, simulatorKeys: true));
        byte[] original = TestRecords.Closed;
        archive.Store(TestRecords.Device, TestRecords.BatchId, original, open: false);
        byte[] rechained = TestRecords.Rechained(original, TestRecords.FirstSample(original), BatchSimulation.SimulatorKey());
        ArchivedRecord stored = archive.Store(TestRecords.Device, TestRecords.BatchId, rechained, open: false);
        Assert.AreEqual(ArchiveVerification.Rewritten, stored.Verification);
        StringAssert.Contains(stored.RewrittenBy, "is not the start of the device's later copy");
    }

    [TestMethod]
    public void WithoutAKeyARecordIsNotVerified()
    {
        var archive = new RecordArchive(database, new RecordKeyring(null, simulatorKeys: false));
        ArchivedRecord stored = archive.Store(TestRecords.Device, TestRecords.BatchId, TestRecords.Closed, open: false);
        Assert.AreEqual(ArchiveVerification.NotVerified, stored.Verification);
        Assert.IsFalse(stored.IsGood);
        Assert.IsNull(stored.KeySource);
        StringAssert.Contains(stored.Finding, "no record key");
    }

    [TestMethod]
    public void AKeyFileOfTheDeviceVerifies()
    {
        string keys = Directory.CreateTempSubdirectory("bioreactor-station-keys-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(keys, TestRecords.Device + ".key"), Convert.ToHexStringLower(SimulatorRecordKey.Derive(BatchSimulation.DeviceId)) + "\n");
            var archive = new RecordArchive(database, new RecordKeyring(keys, simulatorKeys: false));
            ArchivedRecord stored = archive.Store(TestRecords.Device, TestRecords.BatchId, TestRecords.Closed, open: false);
            Assert.AreEqual(ArchiveVerification.Intact, stored.Verification, stored.Finding);
            Assert.AreEqual("key file " + TestRecords.Device + ".key", stored.KeySource);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    private string StoredHash(string id)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM accounts WHERE id = '" + id + "'";
        return (string)command.ExecuteScalar();
    }
}

[TestClass]
public sealed class SqliteStorageTests : ArchiveStorageTests
{
    private string directory;

    protected override string Provider => "sqlite";

    protected override StationDatabase OpenNew()
    {
        directory = Directory.CreateTempSubdirectory("bioreactor-station-db-").FullName;
        return StationDatabase.Open(null, directory);
    }

    protected override StationDatabase OpenAgain() => StationDatabase.Open("Data Source=" + Path.Combine(directory, StationDatabase.DefaultFileName), null);

    [TestMethod]
    public void TheDefaultIsAFileInTheDataDirectory() =>
        Assert.IsTrue(File.Exists(Path.Combine(directory, StationDatabase.DefaultFileName)));

    [TestCleanup]
    public void Delete()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

[TestClass]
public sealed class PostgresStorageTests : ArchiveStorageTests
{
    private string connectionString;
    private string schema;

    protected override string Provider => "postgresql";

    protected override StationDatabase OpenNew()
    {
        connectionString = PostgresServer.NewSchema(out schema);
        return StationDatabase.Open(connectionString, null);
    }

    protected override StationDatabase OpenAgain() => StationDatabase.Open(connectionString, null);

    [TestCleanup]
    public void Drop()
    {
        if (schema != null)
        {
            PostgresServer.DropSchema(schema);
        }
    }
}

[TestClass]
public static class StationTestRun
{
    [AssemblyCleanup]
    public static void StopPostgres() => PostgresServer.Stop();
}
