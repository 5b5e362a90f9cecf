using System;
using System.Collections.Generic;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// A light trend of one run for the HTML report: the plant's true liquid, plate and CO2 and their set points, one sample
/// every few ticks so that a run keeps at most <see cref="MaximumPoints"/> samples, whatever its length (a 26 h
/// steady-state run: one every 2 min; a fault run: one every 7 s). About 35 kB per run, against 4.7 million ticks
/// for the 26 h run.
/// </summary>
public sealed class TrendTrace
{
    /// <summary>The most samples a run keeps: a point per pixel or two of the report's plots.</summary>
    public const int MaximumPoints = 720;

    private readonly double durationSeconds;
    private readonly List<double> seconds = new(MaximumPoints + 1);
    private readonly List<double> liquidCelsius = new(MaximumPoints + 1);
    private readonly List<double> plateCelsius = new(MaximumPoints + 1);
    private readonly List<double> co2Percent = new(MaximumPoints + 1);
    private readonly List<double> liquidSetPointCelsius = new(MaximumPoints + 1);
    private readonly List<double> co2SetPointPercent = new(MaximumPoints + 1);
    private long strideTicks;
    private long ticks;

    /// <summary>A trace for a run of <paramref name="durationSeconds"/>.</summary>
    public TrendTrace(double durationSeconds)
    {
        this.durationSeconds = durationSeconds;
    }

    /// <summary>Simulated time of each sample, s.</summary>
    public IReadOnlyList<double> Seconds => seconds;

    /// <summary>True liquid temperature, °C.</summary>
    public IReadOnlyList<double> LiquidCelsius => liquidCelsius;

    /// <summary>True heater plate temperature, °C.</summary>
    public IReadOnlyList<double> PlateCelsius => plateCelsius;

    /// <summary>True headspace CO2, %.</summary>
    public IReadOnlyList<double> Co2Percent => co2Percent;

    /// <summary>Liquid set point in force, °C.</summary>
    public IReadOnlyList<double> LiquidSetPointCelsius => liquidSetPointCelsius;

    /// <summary>CO2 set point in force, %.</summary>
    public IReadOnlyList<double> Co2SetPointPercent => co2SetPointPercent;

    /// <summary>Samples kept.</summary>
    public int Count => seconds.Count;

    /// <summary>Looks at the rig after a tick; keeps one tick in every stride.</summary>
    public void Sample(IBenchRig rig)
    {
        if (strideTicks == 0)
        {
            long totalTicks = (long)Math.Round(durationSeconds / rig.TickSeconds);
            strideTicks = Math.Max(1, (totalTicks + MaximumPoints - 1) / MaximumPoints);
        }

        if (ticks++ % strideTicks != 0)
        {
            return;
        }

        Add(rig.Board.ElapsedSeconds, rig.Board.TrueLiquidCelsius, rig.Board.TruePlateCelsius, rig.Board.TrueCo2Percent,
            rig.CurrentStep.TemperatureCelsius, rig.CurrentStep.Co2Percent);
    }

    /// <summary>Adds a sample (used by <see cref="Sample"/>, and by tests to build a trace by hand).</summary>
    public void Add(double timeSeconds, double liquid, double plate, double co2, double liquidSetPoint, double co2SetPoint)
    {
        seconds.Add(timeSeconds);
        liquidCelsius.Add(liquid);
        plateCelsius.Add(plate);
        co2Percent.Add(co2);
        liquidSetPointCelsius.Add(liquidSetPoint);
        co2SetPointPercent.Add(co2SetPoint);
    }
}
