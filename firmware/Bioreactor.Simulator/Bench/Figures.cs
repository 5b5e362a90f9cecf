using System;
using System.Globalization;

namespace Bioreactor.Simulator.Bench;

/// <summary>How a figure is judged against its target.</summary>
public enum TargetKind
{
    /// <summary>No target: the figure is information.</summary>
    None,

    /// <summary>The figure must be at most <see cref="Target.Limit"/>.</summary>
    AtMost,

    /// <summary>The figure must be at least <see cref="Target.Limit"/>.</summary>
    AtLeast,

    /// <summary>The figure must be within <see cref="Target.Limit"/> ± <see cref="Target.Tolerance"/>.</summary>
    Within,
}

/// <summary>A figure's target from the issue, with the text printed in the report.</summary>
public sealed class Target
{
    private Target(TargetKind kind, double limit, double tolerance, string text)
    {
        Kind = kind;
        Limit = limit;
        Tolerance = tolerance;
        Text = text;
    }

    /// <summary>No target (information only).</summary>
    public static Target None { get; } = new(TargetKind.None, double.NaN, double.NaN, "—");

    /// <summary>How the figure is judged.</summary>
    public TargetKind Kind { get; }

    /// <summary>The limit (or the centre, for <see cref="TargetKind.Within"/>).</summary>
    public double Limit { get; }

    /// <summary>The allowed deviation from the centre (<see cref="TargetKind.Within"/> only).</summary>
    public double Tolerance { get; }

    /// <summary>The target as printed, e.g. "≤ 0.2".</summary>
    public string Text { get; }

    /// <summary>value ≤ limit.</summary>
    public static Target AtMost(double limit) => new(TargetKind.AtMost, limit, double.NaN, "≤ " + Format(limit));

    /// <summary>value ≥ limit.</summary>
    public static Target AtLeast(double limit) => new(TargetKind.AtLeast, limit, double.NaN, "≥ " + Format(limit));

    /// <summary>|value − centre| ≤ tolerance, printed with its own text (e.g. "10 ± 1 %").</summary>
    public static Target Within(double centre, double tolerance, string text) => new(TargetKind.Within, centre, tolerance, text);

    /// <summary>True when a number meets the target (NaN, i.e. never reached, never does).</summary>
    public bool IsMet(double value)
    {
        if (double.IsNaN(value))
        {
            return false;
        }

        return Kind switch
        {
            TargetKind.AtMost => value <= Limit,
            TargetKind.AtLeast => value >= Limit,
            TargetKind.Within => Math.Abs(value - Limit) <= Tolerance,
            _ => true,
        };
    }

    /// <summary>
    /// How far a number is inside the target (positive) or outside it (negative), in the figure's unit: limit − value for
    /// <see cref="TargetKind.AtMost"/>, value − limit for <see cref="TargetKind.AtLeast"/>, tolerance − |value − centre| for
    /// <see cref="TargetKind.Within"/>. Zero or more exactly when <see cref="IsMet"/>; NaN for NaN or no target.
    /// </summary>
    public double Margin(double value) => Kind switch
    {
        TargetKind.AtMost => Limit - value,
        TargetKind.AtLeast => value - Limit,
        TargetKind.Within => Tolerance - Math.Abs(value - Limit),
        _ => double.NaN,
    };

    /// <summary>A number as the targets print it: up to three decimals, invariant culture (e.g. "0.2", "39.71").</summary>
    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>One row of a scenario's table: what is measured, its unit and its target.</summary>
/// <param name="Name">What the figure is.</param>
/// <param name="Unit">Its unit ("" when it has none).</param>
/// <param name="Target">The issue's target, or <see cref="Target.None"/>.</param>
/// <param name="Digits">Decimals printed.</param>
/// <param name="MissReason">Why the target cannot be met when it is missed (printed only then), or null.</param>
/// <param name="ShortName">
/// The name in the one-line-per-target console summary when <paramref name="Name"/> is too long for it, or null to use
/// <paramref name="Name"/>.
/// </param>
public sealed record FigureSpec(string Name, string Unit, Target Target, int Digits, string MissReason = null, string ShortName = null)
{
    /// <summary>The name the console summary prints: <see cref="ShortName"/> when given, else <see cref="Name"/>.</summary>
    public string SummaryName => ShortName ?? Name;
}

/// <summary>
/// One measured figure: a number, or a text where there is no number (never reached, not applicable, a tuning).
/// <see cref="Value"/> is NaN whenever there is no number.
/// </summary>
public readonly struct FigureValue
{
    private FigureValue(double value, string text)
    {
        Value = value;
        Text = text;
    }

    /// <summary>The number, NaN when there is none.</summary>
    public double Value { get; }

    /// <summary>The text shown instead of (or with) the number; null for a plain number.</summary>
    public string Text { get; }

    /// <summary>True when there is a number.</summary>
    public bool HasValue => !double.IsNaN(Value);

    /// <summary>A number.</summary>
    public static FigureValue Of(double value) => new(value, null);

    /// <summary>A number shown with a remark, e.g. "0 (never left)".</summary>
    public static FigureValue Of(double value, string remark) => new(value, remark);

    /// <summary>No number, a text: "never", "n/a …", a tuning.</summary>
    public static FigureValue Label(string text) => new(double.NaN, text);

    /// <summary>The event never happened within the run.</summary>
    public static FigureValue Never { get; } = new(double.NaN, "never");

    /// <summary>Not applicable to this controller, with the reason.</summary>
    public static FigureValue NotApplicable(string reason) => new(double.NaN, "n/a (" + reason + ")");

    /// <summary>The value as printed with <paramref name="digits"/> decimals.</summary>
    public string Format(int digits)
    {
        if (!HasValue)
        {
            return Text ?? "—";
        }

        string number = Value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Text == null ? number : number + " " + Text;
    }
}
