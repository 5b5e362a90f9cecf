using System;
using System.Globalization;

namespace Bioreactor.Simulator;

/// <summary>Parsing of the command line's time and speed values, with errors that say what was expected.</summary>
public static class SimulationOptions
{
    /// <summary>
    /// Parses a duration such as <c>14d</c>, <c>36h</c>, <c>90m</c>, <c>600s</c> or <c>1.5h</c> (no unit = seconds).
    /// </summary>
    public static double ParseDurationSeconds(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("a duration is required, e.g. 14d, 36h, 90m or 600s");
        }

        text = text.Trim();
        double unitSeconds = 1;
        char last = char.ToLowerInvariant(text[^1]);
        switch (last)
        {
            case 'd': unitSeconds = 86400; text = text[..^1]; break;
            case 'h': unitSeconds = 3600; text = text[..^1]; break;
            case 'm': unitSeconds = 60; text = text[..^1]; break;
            case 's': text = text[..^1]; break;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value <= 0)
        {
            throw new FormatException($"'{text}' is not a positive duration: use e.g. 14d, 36h, 90m or 600s");
        }

        return value * unitSeconds;
    }

    /// <summary>Parses a speed: a multiple of real time (e.g. <c>3600</c>) or <c>max</c> (as fast as possible, 0).</summary>
    public static double ParseSpeed(string text)
    {
        if (string.Equals(text?.Trim(), "max", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value <= 0)
        {
            throw new FormatException($"'{text}' is not a speed: use a multiple of real time (e.g. 1, 60, 3600) or 'max'");
        }

        return value;
    }

    /// <summary>Parses a UTC time in ISO 8601 (e.g. <c>2026-01-05T08:00:00Z</c>).</summary>
    public static DateTime ParseUtc(string text)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
            out DateTime utc))
        {
            throw new FormatException($"'{text}' is not a UTC time: use ISO 8601, e.g. 2026-01-05T08:00:00Z");
        }

        return DateTime.SpecifyKind(utc, DateTimeKind.Utc);
    }

    /// <summary>Formats simulated seconds as d hh:mm:ss.</summary>
    public static string FormatElapsed(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Floor(seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours:D2}:{span.Minutes:D2}:{span.Seconds:D2}");
    }
}
