using System;
using System.Collections.Generic;
using System.Globalization;
using Spectre.Console;

namespace Bioreactor.Simulator.Bench;

/// <summary>One line of the summary: a figure of this controller that has a target, as printed.</summary>
/// <param name="Result">The scenario.</param>
/// <param name="Figure">The figure's index in the scenario's <see cref="ScenarioDefinition.Figures"/>.</param>
/// <param name="Name">Scenario (its case, for a group of several) and the figure's short name, e.g. "door · CO2 back within ±0.2 %".</param>
/// <param name="Value">This controller's value with its unit, e.g. "189 s", or the text standing for it ("never").</param>
/// <param name="Target">The target with its unit, e.g. "≤ 300 s", "10 ± 0.1 rpm".</param>
/// <param name="Margin">How far inside or outside the target (<see cref="BenchSummary.MarginText"/>).</param>
/// <param name="Met">Whether the target is met (<see cref="BenchReport.Pass"/>).</param>
public sealed record SummaryEntry(ScenarioResult Result, int Figure, string Name, string Value, string Target, string Margin, bool Met);

/// <summary>
/// The console summary a person reads at a glance: one line per figure of this controller that has a target (value,
/// target, margin, MET or MISSED), at most <see cref="MaximumColumns"/> columns, then the count of targets met. Only a
/// miss is coloured (ISA-101: a normal state is shown calm, an abnormal one stands out). Figures without a target and
/// the baselines' figures are in the HTML report (<see cref="BenchHtmlReport"/>).
/// </summary>
public static class BenchSummary
{
    /// <summary>No line is wider than this, so the summary fits an ordinary terminal without wrapping.</summary>
    public const int MaximumColumns = 100;

    /// <summary>The status word of a met target.</summary>
    public const string MetText = "MET";

    /// <summary>The status word of a missed target.</summary>
    public const string MissedText = "MISSED";

    // Column widths in characters: the longest name (a robustness case with its figure) is 40; the rest fit their
    // widest text ("≤ 39.71 min", "456 % of limit") with room.
    private const int NameColumns = 40;
    private const int ValueColumns = 12;
    private const int TargetColumns = 13;
    private const int MarginColumns = 15;
    private const string Gap = "  ";

    /// <summary>The lines, in report order (groups as in <see cref="Scenarios.Groups"/>, figures in table order).</summary>
    public static List<SummaryEntry> Entries(IReadOnlyList<ScenarioResult> results)
    {
        var entries = new List<SummaryEntry>();
        foreach (var (_, members) in BenchReport.Grouped(results))
        {
            foreach (ScenarioResult r in members)
            {
                FigureValue[] values = r.Values[(int)BenchController.ThisController];
                for (int i = 0; i < r.Definition.Figures.Length; i++)
                {
                    bool? pass = BenchReport.Pass(r, i);
                    if (pass == null)
                    {
                        continue;
                    }

                    FigureSpec spec = r.Definition.Figures[i];
                    FigureValue? value = values == null ? null : values[i];
                    entries.Add(new SummaryEntry(r, i, NameOf(r.Definition, spec), ValueText(value, spec), TargetText(spec),
                        MarginText(spec, value), pass.Value));
                }
            }
        }

        return entries;
    }

    /// <summary>The name of a line: the case (or the group, for a group of one) and the figure's short name.</summary>
    public static string NameOf(ScenarioDefinition definition, FigureSpec spec) =>
        (definition.Case.Length == 0 ? definition.Group : definition.Case) + " · " + spec.SummaryName;

    /// <summary>The unit as the summary prints it: its first word ("% of ticks" → "%"), "" for none.</summary>
    public static string ShortUnit(string unit)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return "";
        }

        int space = unit.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? unit : unit.Substring(0, space);
    }

    /// <summary>This controller's value with its unit, or the text that stands for it ("never"); "—" when it did not run.</summary>
    public static string ValueText(FigureValue? value, FigureSpec spec)
    {
        if (value is not FigureValue v)
        {
            return "—";
        }

        return v.HasValue ? WithUnit(Number(v.Value, spec.Digits), spec.Unit) : v.Text ?? "—";
    }

    /// <summary>The target with the figure's unit: "≤ 2 s", "≥ 99 %", "6 ± 0.2 °", "10 ± 0.1 rpm".</summary>
    public static string TargetText(FigureSpec spec)
    {
        Target t = spec.Target;
        string text = t.Kind switch
        {
            TargetKind.AtMost => "≤ " + Target.Format(t.Limit),
            TargetKind.AtLeast => "≥ " + Target.Format(t.Limit),
            TargetKind.Within => Target.Format(t.Limit) + " ± " + Target.Format(t.Tolerance),
            _ => "—",
        };
        return t.Kind == TargetKind.None ? text : WithUnit(text, spec.Unit);
    }

    /// <summary>
    /// How far the value is inside or outside its target. For an upper limit above zero (a time, an overshoot, an error:
    /// a budget) the share of it used, "25 % of limit", which meets up to 100 %; otherwise the signed distance from the
    /// target's edge in the figure's unit, "+1.00 %" inside, "−0.12 rpm" outside. "—" when there is no number.
    /// </summary>
    public static string MarginText(FigureSpec spec, FigureValue? value)
    {
        if (value is not FigureValue v || !v.HasValue || spec.Target.Kind == TargetKind.None)
        {
            return "—";
        }

        Target t = spec.Target;
        if (t.Kind == TargetKind.AtMost && t.Limit > 0)
        {
            return SharePercent(v.Value / t.Limit) + " % of limit";
        }

        double margin = t.Margin(v.Value);
        string sign = margin < 0 ? "−" : "+";
        return WithUnit(sign + Number(Math.Abs(margin), spec.Digits), spec.Unit);
    }

    /// <summary>One line, columns padded and cut to fit (a cut text ends in "…").</summary>
    public static string Line(SummaryEntry entry) =>
        Cell(entry.Name, NameColumns, right: false) + Gap + Cell(entry.Value, ValueColumns, right: true) + Gap
        + Cell(entry.Target, TargetColumns, right: true) + Gap + Cell(entry.Margin, MarginColumns, right: true) + Gap
        + (entry.Met ? MetText : MissedText);

    /// <summary>The column headings, aligned with <see cref="Line"/>.</summary>
    public static string Header() =>
        Cell("target of this controller", NameColumns, right: false) + Gap + Cell("value", ValueColumns, right: true) + Gap
        + Cell("target", TargetColumns, right: true) + Gap + Cell("margin", MarginColumns, right: true) + Gap + "status";

    /// <summary>The totals line: "targets for this controller: 58 met, 6 missed".</summary>
    public static string Totals(IReadOnlyList<SummaryEntry> entries)
    {
        Count(entries, out int met, out int missed);
        return string.Create(CultureInfo.InvariantCulture, $"targets for this controller: {met} met, {missed} missed");
    }

    /// <summary>Counts the targets met and missed.</summary>
    public static void Count(IReadOnlyList<SummaryEntry> entries, out int met, out int missed)
    {
        met = 0;
        missed = 0;
        foreach (SummaryEntry e in entries)
        {
            if (e.Met)
            {
                met++;
            }
            else
            {
                missed++;
            }
        }
    }

    /// <summary>Writes the heading, a line per target (the status of a miss in red) and the totals.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<ScenarioResult> results)
    {
        List<SummaryEntry> entries = Entries(results);
        console.WriteLine(Header());
        foreach (SummaryEntry e in entries)
        {
            string line = Line(e);
            if (e.Met)
            {
                console.WriteLine(line);
            }
            else
            {
                string head = line.Substring(0, line.Length - MissedText.Length);
                console.MarkupLine(Markup.Escape(head) + "[red]" + MissedText + "[/]");
            }
        }

        console.WriteLine();
        Count(entries, out int met, out int missed);
        string missedText = missed.ToString(CultureInfo.InvariantCulture) + " missed";
        console.MarkupLine("targets for this controller: " + met.ToString(CultureInfo.InvariantCulture) + " met, "
            + (missed == 0 ? missedText : "[red]" + missedText + "[/]"));
    }

    private static string Number(double value, int digits) =>
        value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string WithUnit(string text, string unit)
    {
        string shortUnit = ShortUnit(unit);
        return shortUnit.Length == 0 ? text : text + " " + shortUnit;
    }

    /// <summary>A share in percent: one decimal below 10 %, whole numbers above.</summary>
    private static string SharePercent(double fraction)
    {
        double percent = 100.0 * fraction;
        int digits = Math.Abs(percent) < 10 ? 1 : 0;
        string text = Number(percent, digits);
        // A value just under (or over) its limit must not print as exactly 100 %, which would hide which side it is on.
        while (percent != 100.0 && digits < 4 && double.Parse(text, CultureInfo.InvariantCulture) == 100.0)
        {
            digits++;
            text = Number(percent, digits);
        }

        return text;
    }

    private static string Cell(string text, int width, bool right)
    {
        text ??= "";
        if (text.Length > width)
        {
            text = text.Substring(0, width - 1) + "…";
        }

        return right ? text.PadLeft(width) : text.PadRight(width);
    }
}
