using System;
using System.IO;
using Bioreactor.Cli.Records;
using Bioreactor.Control.Records;
using Bioreactor.Simulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// <c>record verify</c>: the simulator's record passes with exit code 0 and its entry count; a copy with one payload
/// byte flipped fails with exit code 1 and names that entry's sequence number, type and byte position; a wrong key fails
/// at the header; usage and file errors exit with 2.
/// </summary>
[TestClass]
public class VerifyCommandTests
{
    [TestMethod]
    public void TheSimulatorsRecordPassesWithItsEntryCount()
    {
        string folder = SimulatedRecord.NewFolder("verify");
        string path = SimulatedRecord.CopyTo(folder);
        var facts = new RecordFacts(SimulatedRecord.Record);

        CliRunner.Result result = CliRunner.Run("record", "verify", path, "--simulator-key");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "result:   PASS: intact: " + facts.Frames.Count + " entries verified, closed", result.ToString());
        StringAssert.Contains(result.Output, $"{facts.Frames.Count} verified of {facts.Frames.Count} in the file", result.ToString());
        StringAssert.Contains(result.Output, "OperatorAction " + facts.Count(RecordEntryType.OperatorAction), result.ToString());
        Assert.IsFalse(result.Output.Contains("first broken entry", StringComparison.Ordinal), result.ToString());

        // Every operator action with its signer (id, printed name), the meaning and both times; the resume plainly unsigned.
        BatchRecord record = BatchRecord.Load(path);
        Assert.AreEqual(9, record.OperatorActions.Count, "operator actions in the simulated batch");
        StringAssert.Contains(result.Output, "signatures: 9 operator actions: 8 signed, 1 unsigned.", result.ToString());
        foreach (Recorded<OperatorActionEntry> recorded in record.OperatorActions)
        {
            OperatorActionEntry a = recorded.Value;
            string line = $"  sequence {recorded.Entry.Sequence} at {RecordNames.Utc(recorded.Entry.UtcUnixMilliseconds)}: {a.Action} by {a.OperatorId} ({RecordNames.OperatorRole(a.Role)}), ";
            (string Name, string Meaning)? expected = SimulatedRecord.ExpectedSignature(a.Action, a.OperatorId);
            if (expected is { } signature)
            {
                string outcome = a.Outcome == OperatorActionOutcome.Done ? "Done" : "Rejected: NotPermitted";
                StringAssert.Contains(result.Output, line + outcome + "; signed by " + signature.Name + ", meaning " + signature.Meaning
                    + ", signed at " + RecordNames.Utc(a.SignedAtMilliseconds) + " (signer's clock)\n", result.ToString());
                long lead = recorded.Entry.UtcUnixMilliseconds - a.SignedAtMilliseconds;
                Assert.IsTrue(lead >= SimulatedRecord.SigningLeadMilliseconds && lead < SimulatedRecord.SigningLeadMilliseconds + 1000,
                    "signed shortly before the entry: " + lead + " ms");
            }
            else
            {
                StringAssert.Contains(result.Output, line + "Done; unsigned\n", result.ToString());
            }
        }

        Directory.Delete(folder, true);
    }

    [TestMethod]
    [DataRow(RecordEntryType.OperatorAction, 0)]
    [DataRow(RecordEntryType.AlarmTransition, 0)]
    [DataRow(RecordEntryType.Sample, 40)]
    [DataRow(RecordEntryType.PhaseChange, 1)]
    [DataRow(RecordEntryType.Closing, 0)]
    public void AFlippedPayloadByteFailsAndNamesThatEntry(RecordEntryType type, int occurrence)
    {
        string folder = SimulatedRecord.NewFolder("tamper");
        string path = SimulatedRecord.CopyTo(folder);
        var facts = new RecordFacts(SimulatedRecord.Record);
        var frames = facts.Frames.FindAll(f => f.Type == type);
        Assert.IsTrue(frames.Count > occurrence, "the record has a " + RecordFormat.TypeName(type) + " entry to tamper with");
        var target = frames[occurrence];
        byte[] bytes = (byte[])SimulatedRecord.Record.Clone();
        // A byte in the middle of the payload: between the 28-byte frame header and the 32-byte MAC.
        long at = target.Position + RecordFormat.HeaderLength + (target.Length - RecordFormat.Overhead) / 2;
        bytes[at] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        CliRunner.Result result = CliRunner.Run("record", "verify", path, "--simulator-key", BatchSimulation.DeviceId);

        Assert.AreEqual(ExitCodes.Failure, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "result:   FAIL: Modified: entry " + target.Sequence + " at byte " + target.Position, result.ToString());
        StringAssert.Contains(result.Output,
            $"first broken entry: sequence {target.Sequence} at byte {target.Position} (type {RecordFormat.TypeName(type)}, the frame there claims sequence {target.Sequence}): Modified",
            result.ToString());
        StringAssert.Contains(result.Output, $"entries:  {target.Sequence} verified of {facts.Frames.Count} in the file", result.ToString());
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ATornLastEntryAndMissingAnnouncedEntriesFail()
    {
        string folder = SimulatedRecord.NewFolder("truncated");
        string path = SimulatedRecord.CopyTo(folder);
        var facts = new RecordFacts(SimulatedRecord.Record);
        var last = facts.Frames[^1];

        // A power cut while the last entry was written: only part of it reached the card.
        File.WriteAllBytes(path, SimulatedRecord.Record[..(int)(last.Position + 20)]);
        CliRunner.Result torn = CliRunner.Run("record", "verify", path, "--simulator-key");

        // The last entry missing entirely, while the device had announced it durable.
        File.WriteAllBytes(path, SimulatedRecord.Record[..(int)last.Position]);
        CliRunner.Result unannounced = CliRunner.Run("record", "verify", path, "--simulator-key");
        CliRunner.Result truncated = CliRunner.Run("record", "verify", path, "--simulator-key", "--announced-last-sequence", last.Sequence.ToString());

        Assert.AreEqual(ExitCodes.Failure, torn.ExitCode, torn.ToString());
        StringAssert.Contains(torn.Output, $"first broken entry: sequence {last.Sequence}: 20 bytes of an incomplete entry at byte {last.Position}: TornTail", torn.ToString());
        Assert.AreEqual(ExitCodes.Success, unannounced.ExitCode, "without an announcement a shorter record is intact (open): " + unannounced);
        StringAssert.Contains(unannounced.Output, "closed:   no", unannounced.ToString());
        Assert.AreEqual(ExitCodes.Failure, truncated.ExitCode, truncated.ToString());
        StringAssert.Contains(truncated.Output, $"first broken entry: entries from sequence {last.Sequence} on are missing at the end (byte {last.Position}): Truncated", truncated.ToString());
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void AWrongKeyFailsAtTheHeader()
    {
        string folder = SimulatedRecord.NewFolder("wrongkey");
        string path = SimulatedRecord.CopyTo(folder);
        string keyFile = Path.Combine(folder, "device.key");
        File.WriteAllText(keyFile, "00112233445566778899aabbccddeeff\n00112233445566778899aabbccddeeff\n");

        CliRunner.Result result = CliRunner.Run("record", "verify", path, "--key-file", keyFile);

        Assert.AreEqual(ExitCodes.Failure, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "first broken entry: sequence 0 at byte 0 (type Header", result.ToString());
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void TheKeyGivenAsHexOrAsAFileVerifiesLikeTheSimulatorKey()
    {
        string folder = SimulatedRecord.NewFolder("hexkey");
        string path = SimulatedRecord.CopyTo(folder);
        string hex = Convert.ToHexString(BatchSimulation.SimulatorKey());
        string keyFile = Path.Combine(folder, "device.key");
        File.WriteAllText(keyFile, hex.ToLowerInvariant() + "\n");

        Assert.AreEqual(ExitCodes.Success, CliRunner.Run("record", "verify", path, "--key-hex", hex).ExitCode);
        Assert.AreEqual(ExitCodes.Success, CliRunner.Run("record", "verify", path, "--key-file", keyFile).ExitCode);
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void TheToolDerivesTheSimulatorsKeyAsTheSimulatorDoes()
    {
        CollectionAssert.AreEqual(BatchSimulation.SimulatorKey(), RecordKeyOptions.DeriveSimulatorKey(BatchSimulation.DeviceId));
    }

    [TestMethod]
    public void UsageAndFileErrorsExitWithTwo()
    {
        string folder = SimulatedRecord.NewFolder("usage");
        string path = SimulatedRecord.CopyTo(folder);
        string notARecord = Path.Combine(folder, "notes.txt");
        File.WriteAllText(notARecord, "not a record");

        var noKey = CliRunner.Run("record", "verify", path);
        var twoKeys = CliRunner.Run("record", "verify", path, "--simulator-key", "x", "--key-hex", "00112233445566778899aabbccddeeff");
        var badHex = CliRunner.Run("record", "verify", path, "--key-hex", "xyz");
        var shortKey = CliRunner.Run("record", "verify", path, "--key-hex", "0011");
        var missing = CliRunner.Run("record", "verify", Path.Combine(folder, "missing.bxr"), "--simulator-key");
        var empty = CliRunner.Run("record", "verify", notARecord, "--simulator-key");
        var noFile = CliRunner.Run("record", "verify");
        var unknown = CliRunner.Run("record", "frobnicate");
        var misordered = CliRunner.Run("record", "verify", "--simulator-key", path);

        foreach (CliRunner.Result r in new[] { noKey, twoKeys, badHex, shortKey, missing, empty, noFile, unknown, misordered })
        {
            Assert.AreEqual(ExitCodes.UsageOrIo, r.ExitCode, r.ToString());
            Assert.IsTrue(r.Error.Contains("error", StringComparison.OrdinalIgnoreCase), r.ToString());
        }

        StringAssert.Contains(noKey.Error, "--key-hex, --key-file or --simulator-key");
        StringAssert.Contains(missing.Error, "record file not found");
        StringAssert.Contains(empty.Error, "not a batch record");
        StringAssert.Contains(misordered.Error, "put the record file before --simulator-key");
        Directory.Delete(folder, true);
    }
}
