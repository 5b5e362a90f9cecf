using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Bioreactor.Virtual;
using ScottPlot;

namespace Bioreactor.Simulator.Bench;

/// <summary>One bar-chart row: a scenario's figure, labelled by its case (or its group, for a group of one).</summary>
/// <param name="Category">The row's label, e.g. "probe-open:liquid".</param>
/// <param name="Result">The scenario's figures.</param>
/// <param name="Figure">The figure's index.</param>
public sealed record ComparisonRow(string Category, ScenarioResult Result, int Figure);

/// <summary>
/// The HTML report's PNG charts, drawn with ScottPlot (as tools/Bioreactor.Cli's record trends): horizontal bars
/// comparing the three controllers on one figure across a group's scenarios, and this controller's trend over a run.
/// Every number on them is printed with the invariant culture.
/// </summary>
public static class BenchPlots
{
    /// <summary>Width of every chart, pixels: the report's column at 100 % zoom.</summary>
    public const int Width = 960;

    /// <summary>Height of a trend chart, pixels.</summary>
    public const int TrendHeight = 400;

    /// <summary>How long before a scenario's first fault its trend starts, s: the pre-run before it is flat.</summary>
    public const double TrendLeadSeconds = 600;

    /// <summary>
    /// Bar colours per controller (index = <see cref="BenchController"/>): this controller a calm blue, the baselines
    /// greys, so the eye goes to the controller under test (ISA-101: no colour where nothing is abnormal).
    /// </summary>
    private static readonly Color[] ControllerColors = [Color.FromHex("#2f5f8f"), Color.FromHex("#8c8c8c"), Color.FromHex("#c4c4c4")];

    private static readonly Color TargetColor = Color.FromHex("#333333");

    private static readonly Color FaultShade = Color.FromHex("#888888").WithAlpha(0.15);

    /// <summary>
    /// Bars of one figure (the same unit and, normally, the same target) for the three controllers, a row per scenario,
    /// each bar labelled with its value as printed in the tables ("never" and "n/a" rows have no bar but their label);
    /// the target drawn as dashed lines when all rows share it.
    /// </summary>
    public static byte[] Comparison(string title, string unit, IReadOnlyList<ComparisonRow> rows)
    {
        using var plot = new Plot();
        plot.Title(title);
        int controllers = BenchRunner.Controllers.Length;
        const double BarSize = 0.26;
        var bars = new List<Bar>();
        var positions = new double[rows.Count];
        var labels = new string[rows.Count];
        for (int row = 0; row < rows.Count; row++)
        {
            ComparisonRow r = rows[row];
            // The first row on top; within a row this controller's bar on top.
            double centre = rows.Count - 1 - row;
            positions[row] = centre;
            labels[row] = r.Category;
            FigureSpec spec = r.Result.Definition.Figures[r.Figure];
            for (int k = 0; k < controllers; k++)
            {
                FigureValue[] values = r.Result.Values[(int)BenchRunner.Controllers[k]];
                FigureValue? value = values == null ? null : values[r.Figure];
                bars.Add(new Bar
                {
                    Position = centre + (1 - k) * (BarSize + 0.02),
                    Value = value is FigureValue v && v.HasValue ? v.Value : 0,
                    Size = BarSize,
                    FillColor = ControllerColors[k],
                    LineWidth = 0,
                    Label = value is FigureValue shown ? shown.Format(spec.Digits) : "—",
                });
            }
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        InvariantTicks(plot.Axes.Bottom);
        plot.XLabel(unit.Length == 0 ? "value" : unit);

        Target target = SharedTarget(rows);
        if (target != null)
        {
            string text = "target " + BenchSummary.TargetText(rows[0].Result.Definition.Figures[rows[0].Figure]);
            double[] lines = target.Kind == TargetKind.Within ? [target.Limit - target.Tolerance, target.Limit + target.Tolerance] : [target.Limit];
            for (int i = 0; i < lines.Length; i++)
            {
                var line = plot.Add.VerticalLine(lines[i], 1.5f, TargetColor, LinePattern.Dashed);
                // One legend entry however many lines.
                line.LegendText = i == 0 ? text : null;
            }
        }

        for (int k = 0; k < controllers; k++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = BenchRunner.Name(BenchRunner.Controllers[k]), FillColor = ControllerColors[k] });
        }

        plot.ShowLegend(Edge.Bottom);
        // Room to the right of the longest bar for its label; bars start at zero.
        plot.Axes.Margins(left: 0, right: 0.18, bottom: 0.02, top: 0.02);
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimitsX(Math.Min(0, limits.Left), limits.Right);
        int height = 150 + 64 * rows.Count;
        return plot.GetImageBytes(Width, height, ImageFormat.Png);
    }

    /// <summary>
    /// This controller's trend over a run: true liquid and plate with the liquid set point (left axis), true CO2 with its
    /// set point (right axis), faults marked with dashed lines; from <see cref="TrendLeadSeconds"/> before the first fault.
    /// </summary>
    public static byte[] Trend(ScenarioDefinition definition, TrendTrace trend)
    {
        double firstFault = definition.Faults.Length == 0 ? double.NaN : definition.Faults.Min(f => f.StartSeconds);
        double fromSeconds = double.IsNaN(firstFault) ? 0 : Math.Max(0, firstFault - TrendLeadSeconds);
        int from = 0;
        while (from < trend.Count - 1 && trend.Seconds[from] < fromSeconds)
        {
            from++;
        }

        double span = trend.Count == 0 ? 0 : trend.Seconds[trend.Count - 1] - trend.Seconds[from];
        bool hours = span >= 6 * 3600;
        double scale = hours ? 3600 : 60;
        double[] x = Slice(trend.Seconds, from, scale);

        using var plot = new Plot();
        plot.Title(definition.Key + " — this controller");
        plot.XLabel(hours ? "time (h)" : "time (min)");
        plot.YLabel("temperature (°C)");
        InvariantTicks(plot.Axes.Bottom);
        InvariantTicks(plot.Axes.Left);
        InvariantTicks(plot.Axes.Right);

        foreach (Fault fault in definition.Faults)
        {
            if (!fault.IsUntilEnd)
            {
                var shade = plot.Add.HorizontalSpan(fault.StartSeconds / scale, fault.EndSeconds / scale, FaultShade);
                shade.LineWidth = 0;
            }

            var line = plot.Add.VerticalLine(fault.StartSeconds / scale, 1f, TargetColor, LinePattern.Dashed);
            line.Text = Fault.KindName(fault.Kind);
            line.LabelOppositeAxis = true;
        }

        Line(plot, x, Slice(trend.LiquidCelsius, from, 1), "liquid", "#2f5f8f", dashed: false, null);
        Line(plot, x, Slice(trend.PlateCelsius, from, 1), "plate", "#b0703a", dashed: false, null);
        Line(plot, x, Slice(trend.LiquidSetPointCelsius, from, 1), "liquid set point", "#000000", dashed: true, null);
        var right = plot.Axes.Right;
        right.Label.Text = "CO2 (%)";
        Line(plot, x, Slice(trend.Co2Percent, from, 1), "CO2", "#3c8c5a", dashed: false, right);
        Line(plot, x, Slice(trend.Co2SetPointPercent, from, 1), "CO2 set point", "#3c8c5a", dashed: true, right);

        plot.Axes.Top.MinimumSize = 24;
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(Width, TrendHeight, ImageFormat.Png);
    }

    /// <summary>The target every row shares (same kind, limit and tolerance), or null when they differ.</summary>
    private static Target SharedTarget(IReadOnlyList<ComparisonRow> rows)
    {
        Target first = rows[0].Result.Definition.Figures[rows[0].Figure].Target;
        foreach (ComparisonRow r in rows)
        {
            Target t = r.Result.Definition.Figures[r.Figure].Target;
            if (t.Kind != first.Kind || !t.Limit.Equals(first.Limit) || !t.Tolerance.Equals(first.Tolerance))
            {
                return null;
            }
        }

        return first.Kind == TargetKind.None ? null : first;
    }

    private static void Line(Plot plot, double[] x, double[] y, string label, string color, bool dashed, IYAxis axis)
    {
        var scatter = plot.Add.ScatterLine(x, y, Color.FromHex(color));
        scatter.LegendText = label;
        scatter.LineWidth = dashed ? 1f : 1.5f;
        if (dashed)
        {
            scatter.LinePattern = LinePattern.Dashed;
        }

        if (axis != null)
        {
            scatter.Axes.YAxis = axis;
        }
    }

    private static double[] Slice(IReadOnlyList<double> values, int from, double divisor)
    {
        var slice = new double[Math.Max(0, values.Count - from)];
        for (int i = 0; i < slice.Length; i++)
        {
            slice[i] = values[from + i] / divisor;
        }

        return slice;
    }

    /// <summary>Tick labels with the invariant culture, whatever the machine's (ScottPlot's default follows the current culture).</summary>
    private static void InvariantTicks(IAxis axis)
    {
        if (axis.TickGenerator is ScottPlot.TickGenerators.NumericAutomatic automatic)
        {
            automatic.LabelFormatter = value => value.ToString("G6", CultureInfo.InvariantCulture);
        }
    }
}
