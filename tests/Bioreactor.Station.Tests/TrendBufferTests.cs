using System;
using System.Collections.Generic;
using Bioreactor.Station.Fleet;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

[TestClass]
public sealed class TrendBufferTests
{
    private const long TenSeconds = 10_000;

    [TestMethod]
    public void KeepsFourteenDaysOfTenSecondTelemetryInBoundedMemoryWithEveryExtreme()
    {
        var buffer = new TrendBuffer();
        long start = 1_767_600_000_000;
        int points = 14 * 24 * 360;
        long spikeAt = start + (3 * 24 * 360 + 17) * TenSeconds; // day 3: one sample at 39.9 °C
        for (int i = 0; i < points; i++)
        {
            long utc = start + i * TenSeconds;
            buffer.Add(Point(utc, utc == spikeAt ? 39.9f : 37f + (float)(0.01 * Math.Sin(i / 50.0))));
        }

        // 6 h of points (2,160) plus two per 5-minute bucket before them (4,032 buckets in 14 days).
        Assert.IsTrue(buffer.Count <= 2_160 + 2 * 4_032 + 2, "points held: " + buffer.Count);
        List<TrendPoint> whole = buffer.Window(long.MinValue, 1000);
        Assert.IsTrue(whole.Count <= 1000, "points drawn: " + whole.Count);
        Assert.AreEqual(39.9f, Max(whole), "the spike survives both reductions");
        Assert.IsTrue(whole[0].UtcMilliseconds <= start + 5 * 60_000, "the window starts at the batch's start");
    }

    [TestMethod]
    public void AnHourWindowHoldsOnlyTheLastHourAtFullResolution()
    {
        var buffer = new TrendBuffer();
        long start = 1_767_600_000_000;
        for (int i = 0; i < 3 * 360; i++)
        {
            buffer.Add(Point(start + i * TenSeconds, 37f));
        }

        long newest = start + (3 * 360 - 1) * TenSeconds;
        List<TrendPoint> hour = buffer.Window(newest - 3_600_000, 1000);
        Assert.AreEqual(361, hour.Count);
        Assert.AreEqual(newest, hour[^1].UtcMilliseconds);
    }

    [TestMethod]
    public void AnOfflineStretchIsMarkedAndSurvivesDownsampling()
    {
        var buffer = new TrendBuffer();
        long start = 1_767_600_000_000;
        for (int i = 0; i < 5000; i++)
        {
            if (i == 2500)
            {
                buffer.MarkGap();
            }

            buffer.Add(Point(start + i * TenSeconds, 37f));
        }

        List<TrendPoint> drawn = buffer.Window(long.MinValue, 200);
        Assert.IsTrue(drawn.Exists(p => p.GapAfter), "the gap is still drawn after downsampling");
    }

    [TestMethod]
    public void ARepeatedOrOlderPointIsIgnored()
    {
        var buffer = new TrendBuffer();
        buffer.Add(Point(2_000, 37f));
        buffer.Add(Point(2_000, 38f));
        buffer.Add(Point(1_000, 38f));
        Assert.AreEqual(1, buffer.Count);
    }

    private static TrendPoint Point(long utc, float liquid) => new()
    {
        UtcMilliseconds = utc,
        LiquidCelsius = liquid,
        PlateCelsius = float.NaN,
        Co2Percent = 5f,
        RockingRateRpm = 10f,
        TemperatureSetPointCelsius = 37f,
        Co2SetPointPercent = 5f,
        RockingRateSetPointRpm = 10f,
    };

    private static float Max(List<TrendPoint> points)
    {
        float max = float.MinValue;
        foreach (TrendPoint p in points)
        {
            max = Math.Max(max, p.LiquidCelsius);
        }

        return max;
    }
}
