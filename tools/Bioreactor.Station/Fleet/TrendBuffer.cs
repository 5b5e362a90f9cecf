using System;
using System.Collections.Generic;

namespace Bioreactor.Station.Fleet;

/// <summary>
/// A device's trend history in two tiers, so that a whole 14-day batch of a whole fleet stays in memory: every telemetry
/// point of the last <see cref="RecentSpan"/>, and before that one minimum and one maximum point per
/// <see cref="BucketSpan"/> (each variable's extremes survive, as an excursion must). At the default 10 s telemetry
/// that is at most 2,160 recent points and 4,032 buckets for 14 days: about 300 KB per device. Not thread-safe: the
/// monitor locks.
/// </summary>
public sealed class TrendBuffer
{
    /// <summary>How long every point is kept.</summary>
    public static readonly TimeSpan RecentSpan = TimeSpan.FromHours(6);

    /// <summary>The width of an older bucket.</summary>
    public static readonly TimeSpan BucketSpan = TimeSpan.FromMinutes(5);

    private readonly List<TrendPoint> recent = new();
    private readonly List<TrendPoint> history = new(); // pairs: the bucket's minima, then its maxima

    /// <summary>The number of points held (both tiers).</summary>
    public int Count => recent.Count + history.Count;

    /// <summary>The device time of the newest point, or null.</summary>
    public long? NewestUtcMilliseconds => recent.Count > 0 ? recent[^1].UtcMilliseconds : null;

    /// <summary>Forgets everything (a new batch starts).</summary>
    public void Clear()
    {
        recent.Clear();
        history.Clear();
    }

    /// <summary>Adds a point; a point older than the newest is ignored (telemetry is not replayed, so it can only be a duplicate).</summary>
    public void Add(TrendPoint point)
    {
        if (recent.Count > 0 && point.UtcMilliseconds <= recent[^1].UtcMilliseconds)
        {
            return;
        }

        recent.Add(point);
        long keepFrom = point.UtcMilliseconds - (long)RecentSpan.TotalMilliseconds;
        if (recent[0].UtcMilliseconds >= keepFrom - (long)BucketSpan.TotalMilliseconds)
        {
            return;
        }

        // Move whole buckets (aligned to the bucket width) that ended before the recent span into the history.
        long bucket = (long)BucketSpan.TotalMilliseconds;
        int moved = 0;
        while (moved < recent.Count)
        {
            long start = recent[moved].UtcMilliseconds / bucket * bucket;
            if (start + bucket > keepFrom)
            {
                break;
            }

            int end = moved;
            while (end < recent.Count && recent[end].UtcMilliseconds < start + bucket)
            {
                end++;
            }

            AddBucket(moved, end);
            moved = end;
        }

        recent.RemoveRange(0, moved);
    }

    /// <summary>Marks that the device went offline after the newest point: the trend draws a gap there.</summary>
    public void MarkGap()
    {
        if (recent.Count > 0)
        {
            TrendPoint last = recent[^1];
            last.GapAfter = true;
            recent[^1] = last;
        }
    }

    /// <summary>
    /// The points from <paramref name="fromUtcMilliseconds"/> on, in time order, at most <paramref name="maximumPoints"/>:
    /// when there are more, one minimum and one maximum point per equal time slice of each variable's values.
    /// </summary>
    public List<TrendPoint> Window(long fromUtcMilliseconds, int maximumPoints)
    {
        var points = new List<TrendPoint>();
        foreach (TrendPoint p in history)
        {
            if (p.UtcMilliseconds >= fromUtcMilliseconds)
            {
                points.Add(p);
            }
        }

        foreach (TrendPoint p in recent)
        {
            if (p.UtcMilliseconds >= fromUtcMilliseconds)
            {
                points.Add(p);
            }
        }

        return points.Count <= maximumPoints ? points : Downsample(points, maximumPoints / 2);
    }

    /// <summary>Reduces points to one minimum and one maximum point per slice (2 × <paramref name="slices"/> points at most); a gap inside a slice is kept.</summary>
    public static List<TrendPoint> Downsample(List<TrendPoint> points, int slices)
    {
        var result = new List<TrendPoint>(slices * 2);
        long first = points[0].UtcMilliseconds;
        long span = Math.Max(1, points[^1].UtcMilliseconds - first + 1);
        int index = 0;
        for (int slice = 0; slice < slices && index < points.Count; slice++)
        {
            long end = first + (span * (slice + 1) / slices);
            int start = index;
            while (index < points.Count && (points[index].UtcMilliseconds < end || slice == slices - 1))
            {
                index++;
            }

            if (index > start)
            {
                Extremes(points, start, index, out TrendPoint minimum, out TrendPoint maximum);
                result.Add(minimum);
                result.Add(maximum);
            }
        }

        return result;
    }

    private void AddBucket(int start, int end)
    {
        Extremes(recent, start, end, out TrendPoint minimum, out TrendPoint maximum);
        history.Add(minimum);
        history.Add(maximum);
    }

    // The slice's minima at its first point's time and its maxima at its last's; a gap anywhere in it ends it.
    private static void Extremes(List<TrendPoint> points, int start, int end, out TrendPoint minimum, out TrendPoint maximum)
    {
        minimum = points[start];
        maximum = points[end - 1];
        minimum.GapAfter = false;
        for (int i = start; i < end; i++)
        {
            TrendPoint p = points[i];
            minimum.LiquidCelsius = Min(minimum.LiquidCelsius, p.LiquidCelsius);
            minimum.PlateCelsius = Min(minimum.PlateCelsius, p.PlateCelsius);
            minimum.Co2Percent = Min(minimum.Co2Percent, p.Co2Percent);
            minimum.RockingRateRpm = Min(minimum.RockingRateRpm, p.RockingRateRpm);
            maximum.LiquidCelsius = Max(maximum.LiquidCelsius, p.LiquidCelsius);
            maximum.PlateCelsius = Max(maximum.PlateCelsius, p.PlateCelsius);
            maximum.Co2Percent = Max(maximum.Co2Percent, p.Co2Percent);
            maximum.RockingRateRpm = Max(maximum.RockingRateRpm, p.RockingRateRpm);
            maximum.GapAfter |= p.GapAfter;
        }
    }

    // NaN (no value) never wins over a value.
    private static float Min(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : Math.Min(a, b);

    private static float Max(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : Math.Max(a, b);
}
