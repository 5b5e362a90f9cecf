using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Bioreactor.Control.Records;
using ScottPlot;

namespace Bioreactor.Cli.Records;

/// <summary>
/// PNG trends of a record with ScottPlot: temperature (liquid and plate) with the liquid set point, CO2 with its set
/// point, rocking rate and amplitude with their set points. Alarm active periods are shaded, phase starts drawn as
/// vertical lines with the phase's name. The time axis is UTC. Readings whose sensor status is not Ok are left out
/// (the value of a faulted probe is meaningless), leaving a gap.
/// </summary>
internal static class TrendPlotter
{
    public const string TemperatureFile = "temperature.png";
    public const string Co2File = "co2.png";
    public const string RockingFile = "rocking.png";

    /// <summary>Image size, pixels: wide enough for a 14-day trend to show daily detail, printable on A4 landscape.</summary>
    public const int Width = 1400;
    public const int Height = 520;

    private static readonly Color AlarmShade = Color.FromHex("#d62728").WithAlpha(0.15);
    private static readonly Color PhaseLine = Color.FromHex("#555555");

    /// <summary>One trend: its file name, title and PNG bytes.</summary>
    public sealed record Trend(string FileName, string Title, byte[] Png);

    /// <summary>Renders the three trends.</summary>
    public static List<Trend> Render(BatchAnalysis analysis)
    {
        BatchRecord record = analysis.Record;
        var samples = record.Samples;
        double[] x = new double[samples.Count];
        for (int i = 0; i < samples.Count; i++)
        {
            x[i] = samples[i].Entry.Utc.ToOADate();
        }

        double[] Series(Func<RecordSample, double> pick)
        {
            double[] y = new double[samples.Count];
            for (int i = 0; i < samples.Count; i++)
            {
                y[i] = pick(samples[i].Value);
            }

            return y;
        }

        string batch = record.BatchName;
        var trends = new List<Trend>
        {
            Draw(analysis, TemperatureFile, "Temperature — batch " + batch, "Temperature (°C)", x,
                new[]
                {
                    new Line("Liquid", Series(SampleValues.Liquid), "#1f77b4", false),
                    new Line("Plate", Series(SampleValues.Plate), "#ff7f0e", false),
                    new Line("Liquid set point", Series(s => s.LiquidSetPointCelsius), "#000000", true),
                }, null, null),
            Draw(analysis, Co2File, "CO2 — batch " + batch, "CO2 (%)", x,
                new[]
                {
                    new Line("CO2", Series(SampleValues.Co2), "#2ca02c", false),
                    new Line("CO2 set point", Series(s => s.Co2SetPointPercent), "#000000", true),
                }, null, null),
            Draw(analysis, RockingFile, "Rocking — batch " + batch, "Rate (rpm)", x,
                new[]
                {
                    new Line("Rate", Series(s => s.RockingRateRpm), "#9467bd", false),
                    new Line("Rate set point", Series(s => s.RockingRateSetPointRpm), "#9467bd", true),
                },
                "Amplitude (°)",
                new[]
                {
                    new Line("Amplitude", Series(s => s.RockingAmplitudeDegrees), "#8c564b", false),
                    new Line("Amplitude set point", Series(s => s.RockingAmplitudeSetPointDegrees), "#8c564b", true),
                }),
        };
        return trends;
    }

    /// <summary>Renders the trends and writes them as PNG files into <paramref name="folder"/>.</summary>
    public static List<string> Write(BatchAnalysis analysis, string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (Trend trend in Render(analysis))
        {
            string path = Path.Combine(folder, trend.FileName);
            File.WriteAllBytes(path, trend.Png);
            paths.Add(path);
        }

        return paths;
    }

    private sealed record Line(string Label, double[] Values, string Color, bool SetPoint);

    private static Trend Draw(BatchAnalysis analysis, string fileName, string title, string leftLabel, double[] x, Line[] left,
        string rightLabel, Line[] right)
    {
        using var plot = new Plot();
        plot.Title(title);
        var timeAxis = plot.Axes.DateTimeTicksBottom();
        if (timeAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            // ISO 8601 dates, whatever the culture.
            ticks.LabelFormatter = t => t.ToString("yyyy-MM-dd'\n'HH:mm", CultureInfo.InvariantCulture);
        }

        // Room above the data for the phase names, below the title.
        plot.Axes.Top.MinimumSize = 30;
        plot.XLabel("UTC");
        plot.YLabel(leftLabel);

        DateTime end = analysis.Record.LastUtc ?? DateTime.UtcNow;
        foreach (AlarmPeriod period in analysis.AlarmPeriods)
        {
            DateTime until = period.Ended?.Utc ?? end;
            var span = plot.Add.HorizontalSpan(period.StartUtc.ToOADate(), until.ToOADate(), AlarmShade);
            span.LineWidth = 0;
        }

        foreach (PhaseRun phase in analysis.Phases)
        {
            var line = plot.Add.VerticalLine(phase.Start.Utc.ToOADate(), 1.5f, PhaseLine, LinePattern.Dashed);
            line.Text = phase.Name;
            line.LabelOppositeAxis = true;
        }

        bool any = false;
        foreach (Line l in left)
        {
            any |= AddLine(plot, x, l, null);
        }

        if (right != null)
        {
            var rightAxis = plot.Axes.Right;
            rightAxis.Label.Text = rightLabel;
            foreach (Line l in right)
            {
                any |= AddLine(plot, x, l, rightAxis);
            }
        }

        if (!any)
        {
            plot.Add.Annotation("no values recorded");
        }

        if (analysis.AlarmPeriods.Count > 0)
        {
            // One legend entry for the shading, not one per period.
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Alarm active", FillColor = AlarmShade });
        }

        plot.ShowLegend(Edge.Bottom);
        byte[] png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        return new Trend(fileName, title, png);
    }

    private static bool AddLine(Plot plot, double[] x, Line line, IYAxis axis)
    {
        bool hasValue = Array.Exists(line.Values, v => !double.IsNaN(v));
        if (!hasValue)
        {
            return false;
        }

        var scatter = plot.Add.ScatterLine(x, line.Values, Color.FromHex(line.Color));
        scatter.LegendText = line.Label;
        scatter.LineWidth = line.SetPoint ? 1.5f : 1.2f;
        if (line.SetPoint)
        {
            scatter.LinePattern = LinePattern.Dashed;
        }

        if (axis != null)
        {
            scatter.Axes.YAxis = axis;
        }

        return true;
    }
}
