using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.Cli.Records;

/// <summary>
/// The HTML batch report: one self-contained, printable file (inline CSS, plots as base64 PNG data URIs). Every text
/// taken from the record is HTML-escaped.
/// </summary>
internal static class HtmlReport
{
    private const string Css = """
        body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #111; margin: 2em auto; max-width: 1200px; padding: 0 1em; }
        h1 { font-size: 18pt; margin-bottom: 0.2em; }
        h2 { font-size: 13pt; border-bottom: 1px solid #888; margin-top: 1.6em; padding-bottom: 0.1em; }
        h3 { font-size: 11pt; margin-top: 1.2em; }
        table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em 0; }
        th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; }
        th { background: #eee; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.kv th { width: 14em; }
        pre { background: #f6f6f6; border: 1px solid #ccc; padding: 0.6em; white-space: pre-wrap; font-size: 9pt; }
        .pass { background: #e3f4e3; border: 2px solid #2a7a2a; padding: 0.6em; }
        .fail { background: #fbe3e3; border: 2px solid #b00020; padding: 0.6em; }
        .none { background: #f3f0e0; border: 2px solid #8a7a20; padding: 0.6em; }
        .muted { color: #555; }
        tr.deviation td { background: #fff3e0; }
        img.trend { width: 100%; height: auto; border: 1px solid #ccc; margin-bottom: 0.8em; }
        @media print {
          body { margin: 0; max-width: none; font-size: 9pt; }
          h2 { page-break-after: avoid; }
          tr, img.trend { page-break-inside: avoid; }
          thead { display: table-header-group; }
        }
        """;

    /// <summary>Renders the report. <paramref name="check"/> is null when no key was given.</summary>
    public static string Render(BatchRecord record, BatchAnalysis analysis, RecordCheck check)
    {
        var h = new StringBuilder();
        string batch = record.BatchName;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Batch record report: ").Append(E(batch))
            .Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>Batch record report: ").Append(E(batch)).Append("</h1>\n");
        h.Append("<p class=\"muted\">Generated ").Append(E(RecordNames.Utc(DateTime.UtcNow))).Append(" by bioreactor ").Append(E(ToolVersion()))
            .Append(" from ").Append(E(System.IO.Path.GetFileName(record.Path))).Append(" (").Append(RecordNames.Integer(record.Bytes.Length))
            .Append(" bytes, ").Append(RecordNames.Integer(record.Entries.Count)).Append(" entries).</p>\n");
        Verification(h, record, check);
        Identification(h, record, analysis);
        Recipe(h, record);
        Phases(h, analysis);
        Statistics(h, analysis);
        Deviations(h, record, analysis, check);
        Alarms(h, record, analysis);
        Audit(h, record);
        Events(h, record);
        Plots(h, analysis);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Verification(StringBuilder h, BatchRecord record, RecordCheck check)
    {
        h.Append("<h2 id=\"verification\">Verification</h2>\n");
        if (check == null)
        {
            h.Append("<div class=\"none\"><strong>NOT VERIFIED</strong>: no device key was given, so the integrity chain was not checked. ")
                .Append("The contents below are decoded from the file as it is.</div>\n");
            return;
        }

        RecordVerification r = check.Result;
        h.Append("<div class=\"").Append(check.Passed ? "pass" : "fail").Append("\"><strong>").Append(check.Passed ? "PASS" : "FAIL")
            .Append("</strong>: ").Append(E(r.Describe())).Append("</div>\n<table class=\"kv\">\n");
        Kv(h, "Key", check.KeySource);
        Kv(h, "Entries verified", string.Create(CultureInfo.InvariantCulture, $"{r.VerifiedEntries} of {record.Entries.Count} in the file; last verified sequence {r.LastSequence}"));
        Kv(h, "Bytes verified", string.Create(CultureInfo.InvariantCulture, $"{r.VerifiedLength} of {record.Bytes.Length}"));
        Kv(h, "Closed", r.IsClosed ? "yes: the record ends with its Closing entry" : "no: the batch was still open when the file was taken");
        if (r.ExplainedLostEntries > 0)
        {
            Kv(h, "Declared lost", RecordNames.Integer(r.ExplainedLostEntries) + " entries (StorageLoss entries explain the gaps)");
        }

        if (!check.Passed)
        {
            Kv(h, "First broken entry", check.BrokenEntryText);
            Kv(h, "Meaning", "Entries from the broken one on are not proven authentic; the tables below still show them as decoded.");
        }

        h.Append("</table>\n");
    }

    private static void Identification(StringBuilder h, BatchRecord record, BatchAnalysis analysis)
    {
        h.Append("<h2>Identification</h2>\n<table class=\"kv\">\n");
        RecordHeader header = record.Header;
        if (header == null)
        {
            h.Append("</table>\n<p class=\"fail\">The record's header (sequence 0) is missing or does not decode.</p>\n");
            return;
        }

        Kv(h, "Batch id", header.BatchId);
        Kv(h, "Device", header.DeviceId);
        Kv(h, "Firmware", header.FirmwareVersion);
        Kv(h, "Recipe", header.RecipeName + " version " + header.RecipeVersion);
        Kv(h, "Recipe SHA-256", Convert.ToHexString(header.RecipeSha256).ToLowerInvariant());
        Kv(h, "Started by", header.OperatorId);
        Kv(h, "Start (UTC)", RecordNames.Utc(record.HeaderEntry.UtcUnixMilliseconds) + (record.HeaderEntry.UtcSynchronized ? string.Empty : " (UTC not synchronised)"));
        EntryInfo end = record.Closing?.Entry ?? record.Entries[^1];
        Kv(h, record.Closing != null ? "End (UTC, record closed)" : "Last entry (UTC, record open)", RecordNames.Utc(end.UtcUnixMilliseconds));
        Kv(h, "Duration", RecordNames.Duration(end.Utc - record.HeaderEntry.Utc));
        if (record.Closing != null)
        {
            ClosingEntry c = record.Closing.Value;
            Kv(h, "Final state", RecordNames.BatchState(c.FinalState));
            Kv(h, "Closing summary", c.Summary);
            Kv(h, "Closing counts", string.Create(CultureInfo.InvariantCulture,
                $"{c.DurableEntries} durable entries, {c.LostEntries} lost, {c.Samples} samples, {c.AlarmTransitions} alarm transitions, {c.OperatorActions} operator actions, {c.Recoveries} recoveries"));
        }

        Kv(h, "Sample period", RecordNames.Duration(analysis.SamplePeriod));
        Kv(h, "Key id", string.IsNullOrEmpty(header.KeyId) ? "(none)" : header.KeyId);
        Kv(h, "Record format", RecordNames.Integer(header.FormatVersion) + ", MAC algorithm " + RecordNames.Integer(header.MacAlgorithm) + " (1 = HMAC-SHA256)");
        h.Append("</table>\n");
    }

    private static void Recipe(StringBuilder h, BatchRecord record)
    {
        h.Append("<h2>Recipe</h2>\n");
        if (record.RecipeText == null)
        {
            h.Append("<p>The record does not carry the recipe's text (only its SHA-256 above).</p>\n");
            return;
        }

        string check = !record.RecipeComplete ? "incomplete: some Recipe entries are missing"
            : record.RecipeMatchesHeader ? "complete; its SHA-256 matches the header's" : "its SHA-256 does NOT match the header's";
        h.Append("<p>Canonical recipe text as recorded at the start (").Append(RecordNames.Integer(record.RecipeText.Length)).Append(" bytes, ")
            .Append(E(check)).Append("):</p>\n<pre>").Append(E(Encoding.UTF8.GetString(record.RecipeText))).Append("</pre>\n");
    }

    private static void Phases(StringBuilder h, BatchAnalysis analysis)
    {
        h.Append("<h2>Phases</h2>\n");
        if (analysis.Phases.Count == 0)
        {
            h.Append("<p>No phase started.</p>\n");
            return;
        }

        h.Append("<table>\n<thead><tr><th>#</th><th>Phase</th><th>Started (UTC)</th><th>Ended (UTC)</th><th>Planned</th><th>Actual</th><th>Actual − planned</th><th>Held</th><th>Powered off</th><th>Started by</th><th>Ended by</th></tr></thead>\n<tbody>\n");
        foreach (PhaseRun p in analysis.Phases)
        {
            h.Append("<tr>");
            Td(h, RecordNames.Integer(p.Index), true);
            Td(h, p.Name);
            Td(h, RecordNames.Utc(p.Start.UtcUnixMilliseconds));
            Td(h, p.Ongoing ? "(running)" : RecordNames.Utc(p.End.UtcUnixMilliseconds));
            Td(h, p.Planned is { } planned ? RecordNames.Duration(planned) : "until confirmed", true);
            Td(h, RecordNames.Duration(p.Actual) + (p.Ongoing ? " so far" : string.Empty), true);
            Td(h, p.Planned is { } plan && !p.Ongoing ? RecordNames.Duration(p.Actual - plan) : string.Empty, true);
            Td(h, RecordNames.Duration(p.Held), true);
            Td(h, RecordNames.Duration(p.PoweredOff), true);
            Td(h, p.StartedBy);
            Td(h, p.EndedBy);
            h.Append("</tr>\n");
        }

        h.Append("</tbody></table>\n<p class=\"muted\">Actual durations are UTC time from the phase's start entry to the entry that ended it; held and powered-off time are included in them.</p>\n");
    }

    private static void Statistics(StringBuilder h, BatchAnalysis analysis)
    {
        h.Append("<h2>Summary statistics per phase</h2>\n");
        h.Append("<p>Windows: ");
        foreach (ProcessWindow w in new[] { ProcessWindow.LiquidTemperature, ProcessWindow.Co2, ProcessWindow.RockingRate, ProcessWindow.RockingAmplitude })
        {
            h.Append(E(w.Variable)).Append(' ').Append(E(RecordNames.Number(w.Minimum, 3))).Append('–').Append(E(RecordNames.Number(w.Maximum, 3)))
                .Append(' ').Append(E(w.Unit)).Append(" (").Append(E(w.Source)).Append("); ");
        }

        h.Append("a sample without a value counts as outside. Samples are periodic, so the share of samples is the share of time.</p>\n");
        h.Append("<table>\n<thead><tr><th>Phase</th><th>Variable</th><th>Samples</th><th>Mean</th><th>Min</th><th>Max</th><th>SD</th><th>% time in window</th></tr></thead>\n<tbody>\n");
        var rows = new List<PhaseStatistics>(analysis.PhaseStatistics) { analysis.Overall };
        foreach (PhaseStatistics s in rows)
        {
            string phase = s.Phase == null ? "whole batch (control active)" : RecordNames.Integer(s.Phase.Index) + " " + s.Phase.Name;
            foreach (VariableStatistics v in new[] { s.Temperature, s.Co2, s.RockingRate, s.RockingAmplitude })
            {
                h.Append("<tr>");
                Td(h, phase);
                Td(h, v.Window.Variable + " (" + v.Window.Unit + ")");
                Td(h, RecordNames.Integer(v.Valid) + (v.Valid < v.Samples ? " of " + RecordNames.Integer(v.Samples) : string.Empty), true);
                Td(h, RecordNames.Number(v.Mean, 3), true);
                Td(h, RecordNames.Number(v.Minimum, 3), true);
                Td(h, RecordNames.Number(v.Maximum, 3), true);
                Td(h, RecordNames.Number(v.StandardDeviation, 3), true);
                Td(h, v.PercentInWindow is { } p ? RecordNames.Number(p, 1) + " %" : "n/a (static)", true);
                h.Append("</tr>\n");
            }
        }

        h.Append("</tbody></table>\n");
    }

    private static void Deviations(StringBuilder h, BatchRecord record, BatchAnalysis analysis, RecordCheck check)
    {
        h.Append("<h2>Deviations</h2>\n");
        int count = 0;
        h.Append("<h3>Excursions outside the process window</h3>\n");
        if (analysis.Excursions.Count == 0)
        {
            h.Append("<p>None: every sample taken while the batch drove temperature and CO2 was inside the window.</p>\n");
        }
        else
        {
            h.Append("<table>\n<thead><tr><th>Variable</th><th>From (UTC)</th><th>To (UTC)</th><th>Duration</th><th>Samples</th><th>Extreme</th><th>Window</th></tr></thead>\n<tbody>\n");
            foreach (Excursion x in analysis.Excursions)
            {
                h.Append("<tr class=\"deviation\">");
                Td(h, x.Window.Variable);
                Td(h, RecordNames.Utc(x.First.UtcUnixMilliseconds));
                Td(h, RecordNames.Utc(x.Last.UtcUnixMilliseconds));
                Td(h, RecordNames.Duration(x.Duration), true);
                Td(h, RecordNames.Integer(x.Samples), true);
                Td(h, double.IsNaN(x.Extreme) ? "no value" : RecordNames.Number(x.Extreme, 3) + " " + x.Window.Unit, true);
                Td(h, RecordNames.Number(x.Window.Minimum, 3) + "–" + RecordNames.Number(x.Window.Maximum, 3) + " " + x.Window.Unit);
                h.Append("</tr>\n");
            }

            h.Append("</tbody></table>\n");
            count += analysis.Excursions.Count;
        }

        h.Append("<h3>Power, storage, integrity and faults</h3>\n");
        var rows = new List<AuditItem>(RecordTables.Audit(record).FindAll(a =>
            a.Kind is RecordTables.Recovery or RecordTables.StorageLoss or RecordTables.Fault));
        if (rows.Count == 0 && record.Undecodable.Count == 0 && record.SkippedBytes == 0 && record.TrailingBytes == 0
            && (check == null || check.Passed))
        {
            h.Append("<p>None: no power loss, storage loss, integrity finding or fault was recorded.</p>\n");
        }
        else
        {
            h.Append("<table>\n<thead><tr><th>Seq</th><th>UTC</th><th>What</th><th>Details</th></tr></thead>\n<tbody>\n");
            foreach (AuditItem a in rows)
            {
                h.Append(a.Deviation ? "<tr class=\"deviation\">" : "<tr>");
                Td(h, RecordNames.Integer(a.Entry.Sequence), true);
                Td(h, RecordNames.Utc(a.Entry.UtcUnixMilliseconds));
                Td(h, a.Kind == RecordTables.Recovery ? a.Action : a.Kind.Replace('_', ' '));
                Td(h, a.Details);
                h.Append("</tr>\n");
            }

            if (check != null && !check.Passed)
            {
                h.Append("<tr class=\"deviation\"><td></td><td></td><td>verification</td><td>").Append(E(check.BrokenEntryText)).Append("</td></tr>\n");
            }

            if (record.Undecodable.Count > 0 || record.SkippedBytes > 0 || record.TrailingBytes > 0)
            {
                h.Append("<tr class=\"deviation\"><td></td><td></td><td>file structure</td><td>").Append(E(string.Create(CultureInfo.InvariantCulture,
                    $"{record.Undecodable.Count} entries do not decode; {record.SkippedBytes} damaged bytes skipped; {record.TrailingBytes} bytes of an incomplete last entry"))).Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
            count += rows.Count;
        }

        h.Append("<p><strong>").Append(RecordNames.Integer(count)).Append("</strong> deviation rows listed.</p>\n");
    }

    private static void Alarms(StringBuilder h, BatchRecord record, BatchAnalysis analysis)
    {
        h.Append("<h2>Alarms</h2>\n");
        if (analysis.AlarmPeriods.Count == 0)
        {
            h.Append("<p>No alarm was raised.</p>\n");
        }
        else
        {
            h.Append("<table>\n<thead><tr><th>Alarm</th><th>Priority</th><th>Raised (UTC)</th><th>Value</th><th>Acknowledged (UTC)</th><th>By</th><th>Ended (UTC)</th><th>Active for</th></tr></thead>\n<tbody>\n");
            foreach (AlarmPeriod p in analysis.AlarmPeriods)
            {
                h.Append("<tr>");
                Td(h, RecordNames.AlarmDescription(p.Id) + " (" + RecordNames.AlarmCode(p.Id) + ")");
                Td(h, RecordNames.AlarmPriority(p.Id));
                Td(h, RecordNames.Utc(p.Raised.UtcUnixMilliseconds));
                Td(h, RecordNames.Number(p.RaisedValue, 3), true);
                Td(h, p.Acknowledged == null ? "not acknowledged" : RecordNames.Utc(p.Acknowledged.UtcUnixMilliseconds));
                Td(h, p.AcknowledgedBy);
                Td(h, p.Ended == null ? "still active" : RecordNames.Utc(p.Ended.UtcUnixMilliseconds));
                Td(h, RecordNames.Duration((p.Ended ?? record.Entries[^1]).Utc - p.Raised.Utc), true);
                h.Append("</tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        if (record.AlarmTransitions.Count > 0)
        {
            h.Append("<h3>Every alarm transition</h3>\n<table>\n<thead><tr><th>Seq</th><th>UTC</th><th>Alarm</th><th>Transition</th><th>From</th><th>To</th><th>Value</th><th>Operator ref.</th></tr></thead>\n<tbody>\n");
            foreach (Recorded<AlarmTransition> r in record.AlarmTransitions)
            {
                AlarmTransition t = r.Value;
                h.Append("<tr>");
                Td(h, RecordNames.Integer(r.Entry.Sequence), true);
                Td(h, RecordNames.Utc(r.Entry.UtcUnixMilliseconds));
                Td(h, RecordNames.AlarmCode(t.Id));
                Td(h, RecordNames.AlarmKind(t.Kind));
                Td(h, RecordNames.AlarmState(t.From));
                Td(h, RecordNames.AlarmState(t.To));
                Td(h, RecordTables.AlarmValue(t), true);
                Td(h, t.OperatorReference == 0 ? string.Empty : RecordNames.Integer(t.OperatorReference), true);
                h.Append("</tr>\n");
            }

            h.Append("</tbody></table>\n");
        }
    }

    private static void Audit(StringBuilder h, BatchRecord record)
    {
        h.Append("<h2 id=\"audit\">Audit trail</h2>\n");
        List<AuditItem> items = RecordTables.Audit(record);
        h.Append("<p>Every operator action (accepted or refused), configuration change, note, recovery, storage loss and fault, in record order (")
            .Append(RecordNames.Integer(items.Count)).Append(" entries).</p>\n");
        h.Append("<p>").Append(E(SignatureSummary(record))).Append(" An operator action's signature: the signer is the operator in Who, ")
            .Append("signing at the entry's UTC; the printed name and meaning are the signer's, and the time after \"signed\" is the signer's own clock when signing. ")
            .Append("A refused action shows the signature it was sent with; its outcome says why it was refused.</p>\n");
        h.Append("<table>\n<thead><tr><th>Seq</th><th>UTC</th><th>Kind</th><th>Who</th><th>Role</th><th>Action</th><th>Target</th><th>Old</th><th>New</th><th>Reason</th><th>Outcome</th><th>Printed name</th><th>Meaning</th><th>Signature</th><th>Details</th></tr></thead>\n<tbody>\n");
        foreach (AuditItem a in items)
        {
            h.Append(a.Deviation ? "<tr class=\"deviation\">" : "<tr>");
            Td(h, RecordNames.Integer(a.Entry.Sequence), true);
            Td(h, RecordNames.Utc(a.Entry.UtcUnixMilliseconds) + (a.Entry.UtcSynchronized ? string.Empty : " (not synchronised)"));
            Td(h, a.Kind.Replace('_', ' '));
            Td(h, a.Who);
            Td(h, a.Role);
            Td(h, a.Action);
            Td(h, a.Target);
            Td(h, a.OldValue);
            Td(h, a.NewValue);
            Td(h, a.Reason);
            Td(h, string.IsNullOrEmpty(a.Result) ? a.Outcome : a.Outcome + ": " + a.Result);
            Td(h, a.SignerName);
            Td(h, a.Meaning);
            Td(h, a.Signature == "signed" ? "signed, " + a.SignedAt + " (signer's clock)" : a.Signature);
            Td(h, a.Details + (a.Entry.TextTruncated ? " [text cut to its bound]" : string.Empty));
            h.Append("</tr>\n");
        }

        h.Append("</tbody></table>\n");
    }

    /// <summary>How many operator actions the record holds, and how many of them are signed, in one sentence.</summary>
    internal static string SignatureSummary(BatchRecord record)
    {
        int signed = record.OperatorActions.FindAll(a => a.Value.Meaning != 0).Count;
        int all = record.OperatorActions.Count;
        return string.Create(CultureInfo.InvariantCulture, $"{all} operator actions: {signed} signed, {all - signed} unsigned.");
    }

    private static void Events(StringBuilder h, BatchRecord record)
    {
        h.Append("<h2>Batch events</h2>\n<table>\n<thead><tr><th>Seq</th><th>UTC</th><th>Event</th><th>Details</th><th>Operator</th><th>Cause</th></tr></thead>\n<tbody>\n");
        foreach (EventItem e in RecordTables.Events(record))
        {
            string details = e.Kind switch
            {
                "state_change" => e.FromState + " → " + e.ToState,
                "phase_change" => e.ToPhase is { } to ? "phase " + RecordNames.Integer(to) + " " + e.PhaseName : "phases ended",
                _ => "record closed in state " + e.ToState,
            };
            h.Append("<tr>");
            Td(h, RecordNames.Integer(e.Entry.Sequence), true);
            Td(h, RecordNames.Utc(e.Entry.UtcUnixMilliseconds));
            Td(h, e.Kind.Replace('_', ' '));
            Td(h, details);
            Td(h, e.OperatorId);
            Td(h, e.Cause);
            h.Append("</tr>\n");
        }

        h.Append("</tbody></table>\n");
    }

    private static void Plots(StringBuilder h, BatchAnalysis analysis)
    {
        h.Append("<h2>Trends</h2>\n<p>Shaded: an alarm active. Dashed vertical lines: phase starts. Dashed curves: set points.</p>\n");
        foreach (TrendPlotter.Trend trend in TrendPlotter.Render(analysis))
        {
            h.Append("<img class=\"trend\" alt=\"").Append(E(trend.Title)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(trend.Png)).Append("\">\n");
        }
    }

    private static void Kv(StringBuilder h, string key, string value) =>
        h.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");

    private static void Td(StringBuilder h, string text, bool numeric = false) =>
        h.Append(numeric ? "<td class=\"n\">" : "<td>").Append(E(text)).Append("</td>");

    /// <summary>HTML-escapes text (&lt; &gt; &amp; and quotes).</summary>
    internal static string E(string text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string ToolVersion() =>
        typeof(HtmlReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
