using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// The bench's HTML report: one self-contained file (inline CSS, no scripts, no fonts or images fetched; the charts are
/// PNGs in data: URIs) with the summary of this controller's targets, then per scenario group its comparison charts,
/// the full table (every figure of every scenario for the three controllers, targets, met or missed, why missed) and
/// this controller's trends. Written as XHTML-compatible HTML (every element closed) so that an XML parser reads it.
/// Every text is HTML-escaped; every number is printed with the invariant culture.
/// </summary>
public static class BenchHtmlReport
{
    /// <summary>The report's file when no <c>--json</c> file is given: in the current directory.</summary>
    public const string DefaultFileName = "bench.html";

    private const string Css = """
        body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #111; margin: 2em auto; max-width: 1200px; padding: 0 1em; }
        h1 { font-size: 18pt; margin-bottom: 0.2em; }
        h2 { font-size: 13pt; border-bottom: 1px solid #888; margin-top: 1.8em; padding-bottom: 0.1em; }
        h3 { font-size: 11pt; margin-top: 1.2em; }
        table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em 0; }
        th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; }
        th { background: #eee; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.scenario th { background: #f6f6f6; font-weight: normal; }
        tr.scenario th strong { font-weight: bold; }
        table.kv th { width: 14em; }
        .muted { color: #555; }
        .missed { color: #b00020; font-weight: bold; }
        td.missed-value { background: #fbe9ec; }
        img.chart { max-width: 100%; height: auto; border: 1px solid #ccc; margin: 0.3em 0 0.8em 0; }
        nav a { margin-right: 1em; }
        @media print {
          body { margin: 0; max-width: none; font-size: 9pt; }
          h2, h3 { page-break-after: avoid; }
          tr, img.chart { page-break-inside: avoid; }
          thead { display: table-header-group; }
        }
        """;

    /// <summary>
    /// Where the report goes: beside the JSON file, the same name with .html (bench.json → bench.html); without one,
    /// <see cref="DefaultFileName"/> in the current directory.
    /// </summary>
    public static string PathFor(string jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath))
        {
            return DefaultFileName;
        }

        string html = Path.ChangeExtension(jsonPath, ".html");
        // A JSON file named *.html must not be overwritten by the report.
        return string.Equals(html, jsonPath, StringComparison.OrdinalIgnoreCase) ? jsonPath + ".html" : html;
    }

    /// <summary>Renders the report.</summary>
    /// <param name="results">Every scenario run, the speed run included when it ran.</param>
    /// <param name="seed">The seed of the run.</param>
    /// <param name="plant">The plant's name ("default rig" or the plant file).</param>
    /// <param name="notes">How the figures were measured (the JSON's notes).</param>
    /// <param name="generatedUtc">When the report was made, printed in its heading.</param>
    /// <param name="jsonPath">The JSON file written beside it, or null.</param>
    public static string Render(IReadOnlyList<ScenarioResult> results, int seed, string plant, IReadOnlyDictionary<string, string> notes,
        DateTime generatedUtc, string jsonPath)
    {
        var h = new StringBuilder();
        List<SummaryEntry> entries = BenchSummary.Entries(results);
        BenchSummary.Count(entries, out int met, out int missed);
        var groups = BenchReport.Grouped(results);

        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>")
            .Append(E(Invariant($"Bench report: seed {seed}, {plant}"))).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>Control-performance bench</h1>\n");
        h.Append("<p class=\"muted\">").Append(E(Invariant(
            $"Seed {seed}, plant: {plant}; {results.Count} scenario(s) × {BenchRunner.Controllers.Length} controllers; generated {generatedUtc.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC")));
        if (!string.IsNullOrEmpty(jsonPath))
        {
            h.Append(E("; the same figures as JSON in " + Path.GetFileName(jsonPath)));
        }

        h.Append(".</p>\n");
        h.Append("<p><strong>").Append(E(Invariant($"Targets for this controller: {met} met, "))).Append("</strong>")
            .Append(missed == 0 ? "<strong>0 missed</strong>" : "<strong class=\"missed\">" + E(Invariant($"{missed} missed")) + "</strong>")
            .Append(".</p>\n");

        h.Append("<nav><a href=\"#summary\">summary</a>");
        foreach (var (group, _) in groups)
        {
            h.Append("<a href=\"#").Append(E(GroupId(group))).Append("\">").Append(E(group)).Append("</a>");
        }

        h.Append("<a href=\"#notes\">how it was measured</a></nav>\n");

        Summary(h, entries);
        foreach (var (group, members) in groups)
        {
            Group(h, group, members);
        }

        Notes(h, notes);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Summary(StringBuilder h, List<SummaryEntry> entries)
    {
        h.Append("<h2 id=\"summary\">Summary: the targets of this controller</h2>\n");
        h.Append("<p class=\"muted\">Margin: for an upper limit, the share of it used (up to 100 % meets it); otherwise the distance ")
            .Append("inside (+) or outside (−) the target, in the figure's unit.</p>\n");
        h.Append("<table class=\"summary\">\n<thead><tr><th>scenario · figure</th><th>value</th><th>target</th><th>margin</th><th>status</th><th>why missed</th></tr></thead>\n<tbody>\n");
        foreach (SummaryEntry e in entries)
        {
            FigureSpec spec = e.Result.Definition.Figures[e.Figure];
            h.Append("<tr><td><a href=\"#").Append(E(ScenarioId(e.Result.Definition))).Append("\">").Append(E(e.Name)).Append("</a></td>")
                .Append("<td class=\"n").Append(e.Met ? "" : " missed-value").Append("\">").Append(E(e.Value)).Append("</td>")
                .Append("<td class=\"n\">").Append(E(e.Target)).Append("</td>")
                .Append("<td class=\"n\">").Append(E(e.Margin)).Append("</td>")
                .Append(e.Met ? "<td>" + BenchSummary.MetText + "</td>" : "<td class=\"missed\">" + BenchSummary.MissedText + "</td>")
                .Append("<td>").Append(e.Met ? "" : E(spec.MissReason)).Append("</td></tr>\n");
        }

        h.Append("</tbody>\n</table>\n");
    }

    private static void Group(StringBuilder h, string group, List<ScenarioResult> members)
    {
        h.Append("<h2 id=\"").Append(E(GroupId(group))).Append("\">").Append(E(group)).Append("</h2>\n");
        string caption = members.Count == 1 ? members[0].Definition.Description : BenchReport.Caption(group);
        if (!string.IsNullOrEmpty(caption))
        {
            h.Append("<p>").Append(E(caption)).Append("</p>\n");
        }

        Charts(h, group, members);
        Table(h, members);
        Trends(h, members);
    }

    /// <summary>A bar chart per figure with a target (the same short name across the group's scenarios).</summary>
    private static void Charts(StringBuilder h, string group, List<ScenarioResult> members)
    {
        var order = new List<string>();
        var rowsByName = new Dictionary<string, List<ComparisonRow>>(StringComparer.Ordinal);
        foreach (ScenarioResult r in members)
        {
            for (int i = 0; i < r.Definition.Figures.Length; i++)
            {
                FigureSpec spec = r.Definition.Figures[i];
                if (spec.Target.Kind == TargetKind.None)
                {
                    continue;
                }

                if (!rowsByName.TryGetValue(spec.SummaryName, out List<ComparisonRow> rows))
                {
                    rows = new List<ComparisonRow>();
                    rowsByName.Add(spec.SummaryName, rows);
                    order.Add(spec.SummaryName);
                }

                rows.Add(new ComparisonRow(r.Definition.Case.Length == 0 ? r.Definition.Group : r.Definition.Case, r, i));
            }
        }

        foreach (string name in order)
        {
            List<ComparisonRow> rows = rowsByName[name];
            FigureSpec first = rows[0].Result.Definition.Figures[rows[0].Figure];
            string title = group + " — " + name;
            Image(h, title, BenchPlots.Comparison(title, first.Unit, rows));
        }
    }

    private static void Table(StringBuilder h, List<ScenarioResult> members)
    {
        h.Append("<table class=\"figures\">\n<thead><tr><th>figure</th><th>unit</th><th>target</th>");
        foreach (BenchController c in BenchRunner.Controllers)
        {
            h.Append("<th>").Append(E(BenchRunner.Name(c))).Append("</th>");
        }

        h.Append("<th>this controller</th><th>why missed</th></tr></thead>\n<tbody>\n");
        int columns = 5 + BenchRunner.Controllers.Length;
        foreach (ScenarioResult r in members)
        {
            h.Append("<tr class=\"scenario\"><th colspan=\"").Append(columns.ToString(CultureInfo.InvariantCulture)).Append("\" id=\"")
                .Append(E(ScenarioId(r.Definition))).Append("\"><strong>").Append(E(r.Definition.Key)).Append("</strong>");
            if (members.Count > 1 && r.Definition.Description.Length > 0)
            {
                h.Append(": ").Append(E(r.Definition.Description));
            }

            h.Append(" <span class=\"muted\">(wall time per run: ");
            for (int k = 0; k < BenchRunner.Controllers.Length; k++)
            {
                BenchController c = BenchRunner.Controllers[k];
                h.Append(k == 0 ? "" : ", ").Append(E(BenchRunner.Name(c))).Append(' ')
                    .Append(E(Invariant($"{r.WallSeconds[(int)c]:F1} s")));
            }

            h.Append(")</span></th></tr>\n");
            for (int i = 0; i < r.Definition.Figures.Length; i++)
            {
                FigureSpec spec = r.Definition.Figures[i];
                bool? pass = BenchReport.Pass(r, i);
                h.Append("<tr><td>").Append(E(spec.Name)).Append("</td><td>").Append(E(spec.Unit)).Append("</td><td class=\"n\">")
                    .Append(E(spec.Target.Text)).Append("</td>");
                foreach (BenchController c in BenchRunner.Controllers)
                {
                    FigureValue[] values = r.Values[(int)c];
                    bool missedValue = c == BenchController.ThisController && pass == false;
                    h.Append("<td class=\"n").Append(missedValue ? " missed-value" : "").Append("\">")
                        .Append(E(values == null ? "—" : values[i].Format(spec.Digits))).Append("</td>");
                }

                h.Append(pass == null ? "<td class=\"muted\">info</td>" : pass.Value ? "<td>met</td>" : "<td class=\"missed\">MISSED</td>");
                h.Append("<td>").Append(pass == false ? E(spec.MissReason) : "").Append("</td></tr>\n");
            }
        }

        h.Append("</tbody>\n</table>\n");
    }

    private static void Trends(StringBuilder h, List<ScenarioResult> members)
    {
        bool any = false;
        foreach (ScenarioResult r in members)
        {
            if (r.Trend == null || r.Trend.Count < 2)
            {
                continue;
            }

            if (!any)
            {
                h.Append("<h3>Trends of this controller</h3>\n<p class=\"muted\">True plant values (not the sensors'), one sample in every ")
                    .Append("few ticks (at most ").Append(TrendTrace.MaximumPoints.ToString(CultureInfo.InvariantCulture))
                    .Append(" per run); runs with a fault from ")
                    .Append(E(Invariant($"{BenchPlots.TrendLeadSeconds / 60:F0} min"))).Append(" before it.</p>\n");
                any = true;
            }

            Image(h, r.Definition.Key + " — trend of this controller", BenchPlots.Trend(r.Definition, r.Trend));
        }
    }

    private static void Notes(StringBuilder h, IReadOnlyDictionary<string, string> notes)
    {
        h.Append("<h2 id=\"notes\">How it was measured</h2>\n<table class=\"kv\">\n<tbody>\n");
        foreach (BenchController c in BenchRunner.Controllers)
        {
            h.Append("<tr><th>").Append(E(BenchRunner.Key(c))).Append("</th><td>").Append(E(BenchRunner.Name(c))).Append("</td></tr>\n");
        }

        if (notes != null)
        {
            foreach (var pair in notes)
            {
                h.Append("<tr><th>").Append(E(pair.Key)).Append("</th><td>").Append(E(pair.Value)).Append("</td></tr>\n");
            }
        }

        h.Append("</tbody>\n</table>\n");
    }

    private static void Image(StringBuilder h, string title, byte[] png)
    {
        h.Append("<div><img class=\"chart\" alt=\"").Append(E(title)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\" /></div>\n");
    }

    private static string GroupId(string group) => "group-" + group;

    private static string ScenarioId(ScenarioDefinition definition) => "scenario-" + definition.Key;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
