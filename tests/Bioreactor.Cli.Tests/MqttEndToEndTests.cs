using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using Bioreactor.Cli.Records;
using Bioreactor.Control.Records;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Microsoft.VisualBasic.FileIO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// The MQTT commands end to end against the simulated device on its embedded broker, driven as a technician and QA would:
/// start a batch from a recipe file, a door opened (a fault injected into the plant) seen by status and watch, the alarm
/// acknowledged, refusals shown with the device's error code (exit 1), a hold whose reason is prompted, a set point, a note,
/// resume, the recipe run to its confirmation phase, confirm, release by QA; then the record listed, pulled with a stop after
/// three chunks and a torn write, resumed to a byte-identical copy, verified, exported (CSV read back), plotted and reported.
/// </summary>
[TestClass]
public class MqttEndToEndTests
{
    private const string BatchId = "cli-mqtt-001";
    private const string HoldReason = "sampling, asked at the prompt";
    private const string SetPointReason = "probe offset check";
    private const string NoteText = "Bag inspected: \"no leaks\" <ok>";
    private const string Disposition = "released after review";

    [TestMethod]
    public void ATechnicianAndQaRunABatchAndPullItsRecord()
    {
        using var device = new SimulatedDevice(recipeSeconds: 900, speed: 20);
        string broker = device.Broker;
        Assert.IsTrue(SimulatedDevice.WaitUntil(() => device.IsOnline, TimeSpan.FromSeconds(10)), "the device comes online\n" + device.Log);

        // Start: the recipe file's text goes to the device, which answers with the new state.
        CliRunner.Result result = MqttCli.AsTechnician(broker, "batch", "start", "--recipe", device.RecipeFile, "--batch-id", BatchId);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "sim-device-1: start accepted:", result.ToString());
        StringAssert.Contains(result.Output, "(batch state Running", result.ToString());

        // Status without --device: the only device on the broker.
        result = MqttCli.AsTechnician(broker, "status");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "device:      sim-device-1 (firmware sim-0.1.0)", result.ToString());
        StringAssert.Contains(result.Output, "connection:  online", result.ToString());
        StringAssert.Contains(result.Output, "batch:       " + BatchId + ", recipe t-cell-expansion-10d v1", result.ToString());
        StringAssert.Contains(result.Output, "state:       Running", result.ToString());
        StringAssert.Matches(result.Output, new System.Text.RegularExpressions.Regex(@"temperature: 3[67]\.\d{3} °C \(probe ok\), set point 37\.0 °C, heater duty 0\.\d{4}"), result.ToString());
        StringAssert.Contains(result.Output, "alarms:      none", result.ToString());

        // MQTT 3.1.1 has no response topic property: the payload's replyTo carries it.
        result = MqttCli.AsTechnician(broker, "status", "--mqtt-3.1.1");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "state:       Running", result.ToString());

        // A door opened on the plant (for 15 s of wall time at 20x, so that a loaded machine still sees it open through the
        // status, the watch and the acknowledge): status shows the alarm as the device reports it.
        device.Do(s => s.Board.AddFault(Fault.Parse(FormattableString.Invariant($"door-open@{s.Board.ElapsedSeconds + 1:0}+300"))));
        CliRunner.Result seen = null;
        Assert.IsTrue(SimulatedDevice.WaitUntil(() =>
        {
            seen = MqttCli.AsTechnician(broker, "status", "--device", "sim-device-1");
            return seen.Output.Contains("door_open (unacknowledged_active, low)", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(15)), "status shows the door alarm: " + seen);
        StringAssert.Contains(seen.Output, "door:        open", seen.ToString());

        // Watch, once, shows the same live: the device's row with its alarm.
        result = MqttCli.AsTechnician(broker, "watch", "--once");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "sim-device-1", result.ToString());
        StringAssert.Contains(result.Output, "Running", result.ToString());
        StringAssert.Contains(result.Output, "door_open (unacknowledged_active, low)", result.ToString());

        result = MqttCli.AsTechnician(broker, "alarm", "ack", "door_open");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "ack accepted", result.ToString());
        Assert.IsTrue(SimulatedDevice.WaitUntil(() =>
        {
            seen = MqttCli.AsTechnician(broker, "status");
            return !seen.Output.Contains("door_open (unacknowledged", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10)), "the alarm is acknowledged: " + seen);

        // Refusals come back as the device stated them, exit code 1: QA may not hold; resume only from Held.
        result = MqttCli.AsQa(broker, "batch", "hold", "--reason", "QA may not hold");
        Assert.AreEqual(ExitCodes.Failure, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "sim-device-1 refused hold: not_permitted: ", result.ToString());
        StringAssert.Contains(result.Error, "(batch result NotPermitted", result.ToString());
        result = MqttCli.AsTechnician(broker, "batch", "resume");
        Assert.AreEqual(ExitCodes.Failure, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "sim-device-1 refused resume: wrong_state: Resume is not allowed while the batch is Running", result.ToString());

        // A set point within the phase's limits and a note, while Running.
        result = MqttCli.AsTechnician(broker, "setpoint", "temperature", "37.2", "--reason", SetPointReason);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        result = MqttCli.AsTechnician(broker, "note", NoteText);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());

        // A hold needs a reason: refused before sending when no one can be asked, prompted at a terminal.
        result = MqttCli.AsTechnician(broker, "batch", "hold");
        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "batch hold needs a reason: give --reason", result.ToString());
        var questions = new List<string>();
        result = MqttCli.Run(null, null, question =>
        {
            questions.Add(question);
            return MqttCli.Terminal(MqttCli.Technician, _ => HoldReason)(question);
        }, "batch", "hold", "--broker", broker, "--operator", MqttCli.Technician);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        Assert.AreEqual(2, questions.Count, "two prompts: the reason, then the signing password");
        StringAssert.Contains(questions[0], "Reason for batch hold");
        StringAssert.Contains(questions[1], "Signing password of tech.sim");
        Assert.IsFalse(result.Output.Contains(SimulatorOperators.TechnicianPassword), "the password is never shown");
        StringAssert.Contains(result.Output, "hold accepted", result.ToString());

        Assert.IsTrue(SimulatedDevice.WaitUntil(() => device.BatchState == "Held", TimeSpan.FromSeconds(10)), "held: " + device.BatchState);
        result = MqttCli.AsTechnician(broker, "batch", "resume", "--reason", "sample taken");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());

        // The recipe runs to its harvest phase, which waits for a confirmation.
        device.Speed = 2000;
        Assert.IsTrue(SimulatedDevice.WaitUntil(() => device.AwaitingConfirmation, TimeSpan.FromSeconds(30)),
            $"the harvest waits for confirmation (state {device.BatchState}, {device.ElapsedSeconds:0} s)");
        device.Speed = 50;
        result = MqttCli.AsTechnician(broker, "batch", "confirm", "--text", "cells harvested");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "(batch state Complete", result.ToString());
        result = MqttCli.AsTechnician(broker, "batch", "clear", "--reason", "tech may not release");
        Assert.AreEqual(ExitCodes.Failure, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "refused clear: not_permitted:", result.ToString());
        result = MqttCli.AsQa(broker, "batch", "clear", "--reason", Disposition);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());

        // QA lists and pulls the closed record: three chunks, then an interruption that left half an entry, then the rest.
        result = MqttCli.AsQa(broker, "record", "list");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "records on sim-device-1: 1", result.ToString());
        StringAssert.Contains(result.Output, BatchId, result.ToString());
        StringAssert.Contains(result.Output, "closed", result.ToString());

        byte[] original = device.ReadRecord(BatchId);
        string pulled = Path.Combine(device.Folder, "pulled", BatchId + ".bxr");
        Directory.CreateDirectory(Path.GetDirectoryName(pulled));
        result = MqttCli.AsQa(broker, "record", "pull", BatchId, "--out", pulled, "--max-entries", "16", "--max-chunks", "3", "--simulator-key");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "paused after 48 entries", result.ToString());
        byte[] partial = File.ReadAllBytes(pulled);
        CollectionAssert.AreEqual(original.Take(partial.Length).ToArray(), partial, "the partial file is the record's start");
        var facts = new RecordFacts(original);
        Assert.AreEqual(facts.Frames[48].Position, partial.Length, "48 whole entries");
        using (var append = new FileStream(pulled, FileMode.Append))
        {
            append.Write(original, partial.Length, 40);
        }

        result = MqttCli.AsQa(broker, "record", "pull", BatchId, "--out", pulled, "--max-entries", "16", "--simulator-key");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "cut 40 bytes of an entry written only in part", result.ToString());
        StringAssert.Contains(result.Output, $"resuming {pulled}: 48 whole entries ({partial.Length} bytes) already there; continuing at sequence 48", result.ToString());
        StringAssert.Contains(result.Output, $"result:   PASS: intact: {facts.Frames.Count} entries verified, closed", result.ToString());
        CollectionAssert.AreEqual(original, File.ReadAllBytes(pulled), "the pulled file is byte-identical to the device's record");

        // The file commands on the pulled record.
        result = CliRunner.Run("record", "verify", pulled, "--simulator-key");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        string csv = Path.Combine(device.Folder, "csv");
        result = CliRunner.Run("record", "export", pulled, "--csv", csv);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        List<Dictionary<string, string>> audit = ReadCsv(Path.Combine(csv, "audit.csv"));
        List<Dictionary<string, string>> alarms = ReadCsv(Path.Combine(csv, "alarms.csv"));
        AssertAudit(audit, "Start", MqttCli.Technician, "Done", null);
        AssertAudit(audit, "Hold", MqttCli.Qa, "Rejected", "QA may not hold");
        AssertAudit(audit, "Hold", MqttCli.Technician, "Done", HoldReason);
        AssertAudit(audit, "ChangeSetPoint", MqttCli.Technician, "Done", SetPointReason);
        AssertAudit(audit, "AcknowledgeAlarm", MqttCli.Technician, "Done", null);
        AssertAudit(audit, "Clear", MqttCli.Qa, "Done", Disposition);
        Assert.IsTrue(audit.Exists(r => r["details"] == NoteText || r["target"] == NoteText), "the note, as typed, in the audit trail");

        // Every recorded action was signed by the person it names, with its meaning: the verifier, the CSV and the report say so.
        List<Dictionary<string, string>> actions = audit.FindAll(r => r["signature"].Length > 0);
        Assert.IsTrue(actions.Count >= 9, "operator actions in the CSV: " + actions.Count);
        foreach (Dictionary<string, string> row in actions)
        {
            Assert.AreEqual("signed", row["signature"], $"entry {row["sequence"]} {row["action"]} by {row["who"]}");
            Assert.IsTrue(row["signer_name"].Length > 0 && row["meaning"].Length > 0 && row["signed_at"].Length > 0, $"entry {row["sequence"]}: signer, meaning, time");
        }

        Assert.AreEqual("released", audit.Find(r => r["action"] == "Clear" && r["outcome"] == "Done")["meaning"], "QA's release is signed 'released'");
        StringAssert.Contains(CliRunner.Run("record", "verify", pulled, "--simulator-key").Output, $"{actions.Count} signed, 0 unsigned");
        Assert.IsTrue(alarms.Exists(r => r["alarm_code"] == "door_open" && r["transition"] == "Raised"), "the door alarm raised");
        Assert.IsTrue(alarms.Exists(r => r["alarm_code"] == "door_open" && r["transition"] == "Acknowledged"), "the door alarm acknowledged");

        string plots = Path.Combine(device.Folder, "plots");
        result = CliRunner.Run("record", "plot", pulled, "--out", plots);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        foreach (string png in new[] { "temperature.png", "co2.png", "rocking.png" })
        {
            byte[] image = File.ReadAllBytes(Path.Combine(plots, png));
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, image.Take(4).ToArray(), png);
        }

        string report = Path.Combine(device.Folder, "report.html");
        result = CliRunner.Run("record", "report", pulled, "--out", report, "--simulator-key");
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        string html = File.ReadAllText(report);
        var record = BatchRecord.Load(pulled);
        Assert.IsTrue(record.OperatorActions.Count >= 9, "operator actions: " + record.OperatorActions.Count);
        foreach (Recorded<OperatorActionEntry> action in record.OperatorActions)
        {
            StringAssert.Contains(html, "<td class=\"n\">" + action.Entry.Sequence + "</td><td>" + RecordNames.Utc(action.Entry.UtcUnixMilliseconds)
                + "</td><td>operator action</td><td>" + WebUtility.HtmlEncode(action.Value.OperatorId) + "</td>", "audit row of entry " + action.Entry.Sequence);
        }

        foreach (Dictionary<string, string> row in audit)
        {
            StringAssert.Contains(html, "<td class=\"n\">" + row["sequence"] + "</td>", "every audit entry is in the report");
        }

        foreach (Dictionary<string, string> row in actions)
        {
            StringAssert.Contains(html, WebUtility.HtmlEncode(row["signer_name"]), "the signer's printed name in the report");
        }

        StringAssert.Contains(html, "<td>released</td>", "the release's meaning in the report");
        Assert.IsFalse(html.Contains(">unsigned<"), "no unsigned action in the report");
        StringAssert.Contains(html, WebUtility.HtmlEncode(NoteText));
        StringAssert.Contains(html, WebUtility.HtmlEncode(HoldReason));
    }

    private static void AssertAudit(List<Dictionary<string, string>> audit, string action, string who, string outcome, string reason)
    {
        Assert.IsTrue(audit.Exists(r => r["action"] == action && r["who"] == who && r["outcome"] == outcome && (reason == null || r["reason"] == reason)),
            $"audit row {action} by {who}, {outcome}, reason '{reason}'; rows: " + string.Join(" | ", audit.Select(r => $"{r["action"]},{r["who"]},{r["outcome"]},{r["reason"]}")));
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var rows = new List<Dictionary<string, string>>();
        using var parser = new TextFieldParser(path, System.Text.Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        string[] header = parser.ReadFields();
        while (!parser.EndOfData)
        {
            string[] fields = parser.ReadFields();
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++)
            {
                row[header[i]] = fields[i];
            }

            rows.Add(row);
        }

        return rows;
    }
}
