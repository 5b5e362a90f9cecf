using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Bioreactor.Cli.Records;
using Bioreactor.Control.Records;
using Microsoft.VisualBasic.FileIO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// <c>record export --csv</c>: the four files read back with a standard parser (.NET's TextFieldParser) have the
/// documented header and as many rows as the record has entries of their kinds; times are UTC ISO 8601, numbers
/// invariant, missing values empty, and a note with quotes, a comma and angle brackets comes back unchanged.
/// </summary>
[TestClass]
public class ExportCommandTests
{
    private static readonly Regex IsoUtc = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", RegexOptions.CultureInvariant);

    [TestMethod]
    public void TheFourFilesHaveTheDocumentedHeaderAndOneRowPerEntry()
    {
        string folder = SimulatedRecord.NewFolder("export");
        string path = SimulatedRecord.CopyTo(folder);
        string csv = Path.Combine(folder, "csv");
        var facts = new RecordFacts(SimulatedRecord.Record);

        CliRunner.Result result = CliRunner.Run("record", "export", path, "--csv", csv);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        var samples = Read(Path.Combine(csv, "samples.csv"), out string[] sampleHeader);
        var events = Read(Path.Combine(csv, "events.csv"), out string[] eventHeader);
        var alarms = Read(Path.Combine(csv, "alarms.csv"), out string[] alarmHeader);
        var audit = Read(Path.Combine(csv, "audit.csv"), out string[] auditHeader);

        CollectionAssert.AreEqual(CsvExport.SampleColumns, sampleHeader);
        CollectionAssert.AreEqual(CsvExport.EventColumns, eventHeader);
        CollectionAssert.AreEqual(CsvExport.AlarmColumns, alarmHeader);
        CollectionAssert.AreEqual(CsvExport.AuditColumns, auditHeader);
        Assert.AreEqual("sequence", sampleHeader[0]);
        Assert.AreEqual("utc", sampleHeader[1]);
        Assert.AreEqual("liquid_temperature_celsius", sampleHeader[7]);

        Assert.IsTrue(facts.Count(RecordEntryType.Sample) > 200, "samples in 45 simulated minutes: " + facts.Count(RecordEntryType.Sample));
        Assert.AreEqual(facts.Count(RecordEntryType.Sample), samples.Count, "sample rows");
        Assert.AreEqual(facts.Count(RecordEntryType.StateChange) + facts.Count(RecordEntryType.PhaseChange) + facts.Count(RecordEntryType.Closing),
            events.Count, "event rows");
        Assert.AreEqual(facts.Count(RecordEntryType.AlarmTransition), alarms.Count, "alarm rows");
        Assert.AreEqual(facts.Count(RecordEntryType.OperatorAction) + facts.Count(RecordEntryType.ConfigurationChange) + facts.Count(RecordEntryType.Note)
            + facts.Count(RecordEntryType.Recovery) + facts.Count(RecordEntryType.StorageLoss) + facts.Count(RecordEntryType.Fault),
            audit.Count, "audit rows");
        Assert.AreEqual(1L, facts.Count(RecordEntryType.Closing), "the batch was released: the record is closed");

        foreach (var rows in new[] { samples, events, alarms, audit })
        {
            foreach (string[] row in rows)
            {
                Assert.IsTrue(IsoUtc.IsMatch(row[1]), "UTC ISO 8601: " + row[1]);
                Assert.IsTrue(long.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out _), "sequence " + row[0]);
            }
        }

        Assert.AreEqual("2026-01-05T08:00:", samples[0][1].Substring(0, 17), "the simulated batch starts at 08:00 UTC");
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ValuesAreInvariantNumbersAndMissingValuesAreEmpty()
    {
        string folder = SimulatedRecord.NewFolder("values");
        string path = SimulatedRecord.CopyTo(folder);
        string csv = Path.Combine(folder, "csv");
        Assert.AreEqual(ExitCodes.Success, CliRunner.Run("record", "export", path, "--csv", csv).ExitCode);
        var samples = Read(Path.Combine(csv, "samples.csv"), out string[] header);
        int liquid = Array.IndexOf(header, "liquid_temperature_celsius");
        int rate = Array.IndexOf(header, "rocking_rate_rpm");
        int rateSetPoint = Array.IndexOf(header, "rocking_rate_set_point_rpm");
        int phase = Array.IndexOf(header, "phase_name");
        int door = Array.IndexOf(header, "door_open");

        int emptyRates = 0;
        int doorOpen = 0;
        foreach (string[] row in samples)
        {
            double t = double.Parse(row[liquid], NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.IsTrue(t > 35 && t < 39, "liquid temperature " + row[liquid]);
            Assert.IsFalse(row[liquid].Contains('E', StringComparison.OrdinalIgnoreCase) || row[liquid].Contains(','), row[liquid]);
            emptyRates += row[rate].Length == 0 ? 1 : 0;
            doorOpen += row[door] == "true" ? 1 : 0;
            Assert.IsTrue(row[door] is "true" or "false", row[door]);
        }

        // The static first phase rocks nothing: no measured rate (no cycle) and a zero set point.
        Assert.IsTrue(emptyRates > 10, "empty rocking-rate cells while static: " + emptyRates);
        Assert.AreEqual("activation-static", samples[0][phase]);
        Assert.AreEqual("0", samples[0][rateSetPoint]);
        // The door was open 60 s at the 10 s sample period.
        Assert.IsTrue(doorOpen >= 5 && doorOpen <= 7, "samples with the door open: " + doorOpen);
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void TheAuditTrailHoldsEveryOperatorActionAndTheNoteUnchanged()
    {
        string folder = SimulatedRecord.NewFolder("audit");
        string path = SimulatedRecord.CopyTo(folder);
        string csv = Path.Combine(folder, "csv");
        Assert.AreEqual(ExitCodes.Success, CliRunner.Run("record", "export", path, "--csv", csv).ExitCode);
        var audit = Read(Path.Combine(csv, "audit.csv"), out string[] header);
        var alarms = Read(Path.Combine(csv, "alarms.csv"), out string[] alarmHeader);
        int who = Array.IndexOf(header, "who");
        int action = Array.IndexOf(header, "action");
        int target = Array.IndexOf(header, "target");
        int reason = Array.IndexOf(header, "reason");
        int outcome = Array.IndexOf(header, "outcome");
        int result = Array.IndexOf(header, "result");
        int newValue = Array.IndexOf(header, "new_value");

        var actions = new List<string>();
        foreach (string[] row in audit)
        {
            actions.Add(row[who] + " " + row[action] + " " + row[outcome]);
        }

        CollectionAssert.IsSubsetOf(new[]
        {
            "tech.sim Start Done", "tech.sim AcknowledgeAlarm Done", "tech.sim Note Done", "qa.sim Hold Rejected", "tech.sim Hold Done",
            "tech.sim Resume Done", "tech.sim ChangeSetPoint Done", "tech.sim ConfirmPhase Done", "qa.sim Clear Done",
        }, actions, string.Join("; ", actions));
        string[] refused = audit.Find(r => r[who] == "qa.sim" && r[action] == "Hold");
        Assert.AreEqual("NotPermitted", refused[result]);
        string[] setPoint = audit.Find(r => r[action] == "ChangeSetPoint");
        Assert.AreEqual("rockingRateRpm", setPoint[target]);
        Assert.AreEqual(SimulatedRecord.SetPointReason, setPoint[reason]);
        Assert.AreEqual(8.0, double.Parse(setPoint[newValue], CultureInfo.InvariantCulture));
        Assert.AreEqual(SimulatedRecord.HoldReason, audit.Find(r => r[who] == "tech.sim" && r[action] == "Hold")[reason]);
        // The note's text is in the operator action's target (the batch layer records notes as actions) and must come back unchanged.
        string[] note = audit.Find(r => r[action] == "Note");
        Assert.IsTrue(Array.IndexOf(note, SimulatedRecord.NoteText) >= 0, "note text round-trips: " + string.Join(" | ", note));
        Assert.AreEqual("door_open", audit.Find(r => r[action] == "AcknowledgeAlarm")[target]);

        // Each operator action's signature: signed or unsigned, the signer's printed name, the meaning, the signer's time.
        int kind = Array.IndexOf(header, "kind");
        int signature = Array.IndexOf(header, "signature");
        int signerName = Array.IndexOf(header, "signer_name");
        int meaning = Array.IndexOf(header, "meaning");
        int signedAt = Array.IndexOf(header, "signed_at");
        int signatureMac = Array.IndexOf(header, "signature_mac");
        int utc = Array.IndexOf(header, "utc");
        int signedRows = 0;
        foreach (string[] row in audit)
        {
            string what = string.Join(" | ", row);
            if (row[kind] != "operator_action")
            {
                Assert.AreEqual(string.Empty, row[signature] + row[signerName] + row[meaning] + row[signedAt] + row[signatureMac], what);
                continue;
            }

            (string Name, string Meaning)? expected = SimulatedRecord.ExpectedSignature(row[action], row[who]);
            if (expected is not { } signed)
            {
                Assert.AreEqual("unsigned", row[signature], what);
                Assert.AreEqual(string.Empty, row[signerName] + row[meaning] + row[signedAt] + row[signatureMac], what);
                continue;
            }

            signedRows++;
            Assert.AreEqual("signed", row[signature], what);
            Assert.AreEqual(signed.Name, row[signerName], what);
            Assert.AreEqual(signed.Meaning, row[meaning], what);
            Assert.IsTrue(IsoUtc.IsMatch(row[signedAt]), what);
            Assert.IsTrue(string.CompareOrdinal(row[signedAt], row[utc]) < 0, "signed before the device recorded it: " + what);
            Assert.AreEqual(SimulatedRecord.Mac(Enum.Parse<Bioreactor.Control.Batch.BatchAction>(row[action]), row[who]), row[signatureMac], what);
        }

        Assert.AreEqual(8, signedRows, "signed operator actions");
        Assert.AreEqual("released", audit.Find(r => r[who] == "qa.sim" && r[action] == "Clear")[meaning]);
        Assert.AreEqual("signed", refused[signature], "a refused action keeps the signature it came with");
        Assert.AreEqual(SimulatedRecord.QaName, refused[signerName]);

        int code = Array.IndexOf(alarmHeader, "alarm_code");
        int transition = Array.IndexOf(alarmHeader, "transition");
        var doorTransitions = alarms.FindAll(r => r[code] == "door_open");
        CollectionAssert.AreEqual(new[] { "Raised", "Acknowledged", "Cleared" }, doorTransitions.ConvertAll(r => r[transition]).ToArray());
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void EveryColumnIsDocumentedInTheReadme()
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cli", "README.md"));
        foreach (string[] columns in new[] { CsvExport.SampleColumns, CsvExport.EventColumns, CsvExport.AlarmColumns, CsvExport.AuditColumns })
        {
            foreach (string column in columns)
            {
                StringAssert.Contains(readme, "| `" + column + "` |", "README documents column " + column);
            }
        }
    }

    [TestMethod]
    public void FieldsAreQuotedAsRfc4180Says()
    {
        Assert.AreEqual("plain", CsvWriter.Quote("plain"));
        Assert.AreEqual("\"a,b\"", CsvWriter.Quote("a,b"));
        Assert.AreEqual("\"say \"\"hi\"\"\"", CsvWriter.Quote("say \"hi\""));
        Assert.AreEqual("\"two\r\nlines\"", CsvWriter.Quote("two\r\nlines"));
        Assert.AreEqual(string.Empty, CsvWriter.Quote(null));
    }

    /// <summary>Reads a CSV file with TextFieldParser; returns the data rows and the header.</summary>
    internal static List<string[]> Read(string path, out string[] header)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.IsTrue(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "UTF-8 byte order mark: " + path);
        using var parser = new TextFieldParser(path, Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        header = parser.ReadFields();
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            string[] row = parser.ReadFields();
            Assert.AreEqual(header.Length, row.Length, "fields in line " + parser.LineNumber + " of " + path);
            rows.Add(row);
        }

        return rows;
    }
}
