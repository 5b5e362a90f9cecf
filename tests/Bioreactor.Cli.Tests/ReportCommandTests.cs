using System;
using System.IO;
using System.Net;
using System.Text.RegularExpressions;
using Bioreactor.Cli.Records;
using Bioreactor.Control.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// <c>record report</c>: the HTML report holds the verification result, the identification, every operator action's
/// operator id and action, the escaped note, the alarm and its acknowledgement, and the three plots as data URIs; a
/// tampered record's report says FAIL and names the entry; without a key it says the record was not verified.
/// </summary>
[TestClass]
public class ReportCommandTests
{
    [TestMethod]
    public void TheReportHoldsEveryAuditEntryAndTheVerificationResult()
    {
        string folder = SimulatedRecord.NewFolder("report");
        string path = SimulatedRecord.CopyTo(folder);
        string report = Path.Combine(folder, "out", "report.html");

        CliRunner.Result result = CliRunner.Run("record", "report", path, "--out", report, "--simulator-key");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        string html = File.ReadAllText(report);
        var record = BatchRecord.Load(path);
        StringAssert.Contains(html, "<strong>PASS</strong>: intact: " + record.Entries.Count + " entries verified, closed");
        StringAssert.Contains(html, "<h1>Batch record report: " + SimulatedRecord.BatchId + "</h1>");
        StringAssert.Contains(html, Convert.ToHexString(record.Header.RecipeSha256).ToLowerInvariant());
        StringAssert.Contains(html, "complete; its SHA-256 matches the header&#39;s");
        StringAssert.Contains(html, "t-cell-expansion-10d version 1");

        // Every operator action: its operator id and action in one row of the audit trail.
        string audit = html.Substring(html.IndexOf("<h2 id=\"audit\">", StringComparison.Ordinal));
        audit = audit.Substring(0, audit.IndexOf("</table>", StringComparison.Ordinal));
        Assert.AreEqual(9, record.OperatorActions.Count, "operator actions in the simulated batch");
        foreach (Recorded<OperatorActionEntry> action in record.OperatorActions)
        {
            string row = "<td class=\"n\">" + action.Entry.Sequence + "</td><td>" + RecordNames.Utc(action.Entry.UtcUnixMilliseconds)
                + "</td><td>operator action</td><td>" + WebUtility.HtmlEncode(action.Value.OperatorId) + "</td><td>"
                + RecordNames.OperatorRole(action.Value.Role) + "</td><td>" + WebUtility.HtmlEncode(action.Value.Action) + "</td>";
            StringAssert.Contains(audit, row, "audit row of entry " + action.Entry.Sequence);

            // ... and its signature: printed name, meaning, and "signed" with the signer's time, or plainly "unsigned".
            (string Name, string Meaning)? expected = SimulatedRecord.ExpectedSignature(action.Value.Action, action.Value.OperatorId);
            string signature = expected is { } s
                ? "<td>" + WebUtility.HtmlEncode(s.Name) + "</td><td>" + s.Meaning + "</td><td>signed, "
                    + RecordNames.Utc(action.Value.SignedAtMilliseconds) + " (signer&#39;s clock)</td>"
                : "<td></td><td></td><td>unsigned</td>";
            int start = audit.IndexOf(row, StringComparison.Ordinal);
            string whole = audit.Substring(start, audit.IndexOf("</tr>", start, StringComparison.Ordinal) - start);
            StringAssert.Contains(whole, signature, "signature of entry " + action.Entry.Sequence);
        }

        StringAssert.Contains(html, "9 operator actions: 8 signed, 1 unsigned.");

        // Text from the record is escaped: the note's angle brackets and quotes never reach the HTML raw.
        StringAssert.Contains(audit, "Bag inspected: &quot;no leaks&quot;, clamps &lt;ok&gt; &amp; tubing fine");
        Assert.IsFalse(html.Contains("<ok>", StringComparison.Ordinal), "raw note text in the HTML");
        StringAssert.Contains(html, "Rejected: NotPermitted");
        StringAssert.Contains(html, "Door open: CO2 injection and rocking suspended (door_open)");
        StringAssert.Contains(html, "<td>tech.sim</td><td>2026-01-05T08:0", "the door alarm acknowledged by tech.sim");

        // Phases: four phases, the harvest ended by the operator's confirmation.
        StringAssert.Contains(html, "<td>activation-static</td>");
        StringAssert.Contains(html, "<td>harvest</td>");
        StringAssert.Contains(html, "until confirmed");

        Assert.AreEqual(3, Regex.Matches(html, "<img class=\"trend\" alt=\"[^\"]+\" src=\"data:image/png;base64,[A-Za-z0-9+/=]{20000,}\">").Count, "three embedded plots");
        Assert.IsFalse(Regex.IsMatch(html, "(src|href)=\"(?!data:)"), "self-contained: no external resource");
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ATamperedRecordsReportSaysFailAndNamesTheEntry()
    {
        string folder = SimulatedRecord.NewFolder("report-tampered");
        string path = SimulatedRecord.CopyTo(folder);
        var facts = new RecordFacts(SimulatedRecord.Record);
        var action = facts.First(RecordEntryType.OperatorAction);
        byte[] bytes = (byte[])SimulatedRecord.Record.Clone();
        bytes[action.Position + RecordFormat.HeaderLength + 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        string report = Path.Combine(folder, "report.html");

        CliRunner.Result result = CliRunner.Run("record", "report", path, "--out", report, "--simulator-key");

        Assert.AreEqual(ExitCodes.Failure, result.ExitCode, result.ToString());
        string html = File.ReadAllText(report);
        StringAssert.Contains(html, "<strong>FAIL</strong>: Modified: entry " + action.Sequence);
        StringAssert.Contains(html, "sequence " + action.Sequence + " at byte " + action.Position + " (type OperatorAction");
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void WithoutAKeyTheReportSaysTheRecordWasNotVerified()
    {
        string folder = SimulatedRecord.NewFolder("report-nokey");
        string path = SimulatedRecord.CopyTo(folder);
        string report = Path.Combine(folder, "report.html");

        CliRunner.Result result = CliRunner.Run("record", "report", path, "--out", report);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(File.ReadAllText(report), "<strong>NOT VERIFIED</strong>");
        StringAssert.Contains(result.Output, "verification: not verified (no key given)");
        Directory.Delete(folder, true);
    }
}
