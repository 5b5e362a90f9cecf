using System;
using System.Collections.Generic;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// Time from an event until a value is back within a band and stays there to the end of the run: the first in-band
/// sample after the last out-of-band one. 0 when it never left; NaN ("never") when it is out of band at the end.
/// </summary>
public sealed class BandReturn
{
    private readonly double eventSeconds;
    private readonly double band;
    private bool everOut;
    private bool outNow;
    private double backSeconds;

    /// <summary>Watches from <paramref name="eventSeconds"/> on, band ± <paramref name="band"/>.</summary>
    public BandReturn(double eventSeconds, double band)
    {
        this.eventSeconds = eventSeconds;
        this.band = band;
    }

    /// <summary>Takes a sample (ignored before the event).</summary>
    public void Add(double seconds, double value, double target)
    {
        if (seconds < eventSeconds - 1e-9)
        {
            return;
        }

        bool outside = !(Math.Abs(value - target) <= band);
        if (outside)
        {
            everOut = true;
            outNow = true;
        }
        else if (outNow)
        {
            outNow = false;
            backSeconds = seconds;
        }
    }

    /// <summary>The figure: seconds from the event, 0 when the value never left the band, NaN when out at the end.</summary>
    public FigureValue Result()
    {
        if (outNow)
        {
            return FigureValue.Never;
        }

        return everOut ? FigureValue.Of(backSeconds - eventSeconds) : FigureValue.Of(0, "(never left)");
    }
}

/// <summary>
/// Warm-up: overshoot = max(true liquid) − set point; settling time = the first time after which the true liquid stays
/// within ± band to the end of the run; compared with the fastest admissible warm-up (given).
/// </summary>
public sealed class WarmUpMeasure : IBenchMeasure
{
    private readonly double setPointCelsius;
    private readonly double boundSeconds;
    private readonly BandReturn settling;
    private double maximumLiquid = double.NegativeInfinity;
    private double maximumPlate = double.NegativeInfinity;

    /// <summary>Measures a warm-up to <paramref name="setPointCelsius"/> from the start of the run.</summary>
    public WarmUpMeasure(double setPointCelsius, double bandCelsius, double boundSeconds)
    {
        this.setPointCelsius = setPointCelsius;
        this.boundSeconds = boundSeconds;
        settling = new BandReturn(0, bandCelsius);
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        VirtualBioreactor b = rig.Board;
        maximumLiquid = Math.Max(maximumLiquid, b.TrueLiquidCelsius);
        maximumPlate = Math.Max(maximumPlate, b.TruePlateCelsius);
        settling.Add(b.ElapsedSeconds, b.TrueLiquidCelsius, setPointCelsius);
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue settled = settling.Result();
        return
        [
            FigureValue.Of(boundSeconds / 60.0),
            FigureValue.Of(maximumLiquid - setPointCelsius),
            settled.HasValue ? FigureValue.Of(settled.Value / 60.0) : settled,
            settled.HasValue ? FigureValue.Of(settled.Value / boundSeconds) : settled,
            FigureValue.Of(maximumPlate),
        ];
    }
}

/// <summary>
/// Steady state: from <c>startSeconds</c> on, the share of ticks with the true liquid within ± the temperature band and
/// the true headspace CO2 within ± the CO2 band of their set points, and the largest deviations. Optionally the tunings
/// a tuning step found, first.
/// </summary>
public sealed class SteadyStateMeasure : IBenchMeasure
{
    private readonly double startSeconds;
    private readonly double temperatureBand;
    private readonly double co2Band;
    private readonly bool withTunings;
    private long samples;
    private long temperatureIn;
    private long co2In;
    private double temperatureWorst;
    private double co2Worst;

    /// <summary>Measures from <paramref name="startSeconds"/>.</summary>
    public SteadyStateMeasure(double startSeconds, double temperatureBandCelsius, double co2BandPercent, bool withTunings = false)
    {
        this.startSeconds = startSeconds;
        temperatureBand = temperatureBandCelsius;
        co2Band = co2BandPercent;
        this.withTunings = withTunings;
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        VirtualBioreactor b = rig.Board;
        if (b.ElapsedSeconds < startSeconds - 1e-9)
        {
            return;
        }

        samples++;
        double t = Math.Abs(b.TrueLiquidCelsius - rig.CurrentStep.TemperatureCelsius);
        double c = Math.Abs(b.TrueCo2Percent - rig.CurrentStep.Co2Percent);
        if (t <= temperatureBand)
        {
            temperatureIn++;
        }

        if (c <= co2Band)
        {
            co2In++;
        }

        temperatureWorst = Math.Max(temperatureWorst, t);
        co2Worst = Math.Max(co2Worst, c);
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        var values = new List<FigureValue>();
        if (withTunings)
        {
            values.Add(FigureValue.Label(context.TuningDescription ?? "—"));
        }

        values.Add(FigureValue.Of(100.0 * temperatureIn / Math.Max(1, samples)));
        values.Add(FigureValue.Of(100.0 * co2In / Math.Max(1, samples)));
        values.Add(FigureValue.Of(temperatureWorst));
        values.Add(FigureValue.Of(co2Worst));
        return values.ToArray();
    }
}

/// <summary>
/// Recovery after an event at <c>eventSeconds</c> (the door opening): time until the true liquid is back within
/// ± the temperature band and the true CO2 within ± the CO2 band, staying there to the end of the run; and the largest
/// liquid deviation and the lowest CO2 after the event. Then the CO2 recovery against its physical bound, both timed from
/// the door CLOSING (<c>closeSeconds</c>): the time until the true CO2 is back within its band for good, and the time the
/// valve open without a break would need from the plant's state at that moment to reach the band's lower edge
/// (<see cref="PlantFigures.Co2RecoverySecondsValveOpen"/>: the true headspace and medium CO2 at the close, the gas
/// model's parameters), and their ratio.
/// </summary>
public sealed class RecoveryMeasure : IBenchMeasure
{
    private readonly PlantParameters plant;
    private readonly double eventSeconds;
    private readonly double closeSeconds;
    private readonly double co2Band;
    private readonly BandReturn temperature;
    private readonly BandReturn co2;
    private readonly BandReturn co2FromClose;
    private double temperatureWorst;
    private double co2Lowest = double.PositiveInfinity;
    private double boundSeconds = double.NaN;

    /// <summary>Measures from <paramref name="eventSeconds"/>; the CO2 recovery and its bound from <paramref name="closeSeconds"/>.</summary>
    public RecoveryMeasure(PlantParameters plant, double eventSeconds, double closeSeconds, double temperatureBandCelsius, double co2BandPercent)
    {
        this.plant = plant;
        this.eventSeconds = eventSeconds;
        this.closeSeconds = closeSeconds;
        co2Band = co2BandPercent;
        temperature = new BandReturn(eventSeconds, temperatureBandCelsius);
        co2 = new BandReturn(eventSeconds, co2BandPercent);
        co2FromClose = new BandReturn(closeSeconds, co2BandPercent);
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        VirtualBioreactor b = rig.Board;
        double now = b.ElapsedSeconds;
        temperature.Add(now, b.TrueLiquidCelsius, rig.CurrentStep.TemperatureCelsius);
        co2.Add(now, b.TrueCo2Percent, rig.CurrentStep.Co2Percent);
        co2FromClose.Add(now, b.TrueCo2Percent, rig.CurrentStep.Co2Percent);
        if (now >= eventSeconds - 1e-9)
        {
            temperatureWorst = Math.Max(temperatureWorst, Math.Abs(b.TrueLiquidCelsius - rig.CurrentStep.TemperatureCelsius));
            co2Lowest = Math.Min(co2Lowest, b.TrueCo2Percent);
        }

        if (double.IsNaN(boundSeconds) && now >= closeSeconds - 1e-9)
        {
            // The first sample at the close: the door has just shut (the fault ends at this tick), the plant is as the
            // opening left it.
            boundSeconds = PlantFigures.Co2RecoverySecondsValveOpen(plant, b.TrueCo2Percent, b.TrueDissolvedCo2Percent,
                rig.CurrentStep.Co2Percent - co2Band);
        }
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue fromClose = co2FromClose.Result();
        FigureValue bound = double.IsNaN(boundSeconds) || double.IsInfinity(boundSeconds) ? FigureValue.Never : FigureValue.Of(boundSeconds);
        FigureValue ratio = fromClose.HasValue && bound.HasValue && boundSeconds > 0 ? FigureValue.Of(fromClose.Value / boundSeconds) : FigureValue.Never;
        return
        [
            temperature.Result(),
            co2.Result(),
            FigureValue.Of(temperatureWorst),
            FigureValue.Of(co2Lowest),
            fromClose,
            bound,
            ratio,
        ];
    }
}

/// <summary>
/// Rocking over a window: RMS of (the controller's reference − the true angle), one sample per tick; the rate from the
/// upward zero crossings of the true angle (60 / mean period); the amplitude as the mean of the cycles' half
/// peak-to-peak of the true angle; the worst cycle's amplitude error.
/// </summary>
public sealed class RockingMeasure : IBenchMeasure
{
    private readonly double startSeconds;
    private readonly double endSeconds;
    private readonly double amplitudeDegrees;
    private readonly List<double> periods = new();
    private readonly List<double> amplitudes = new();
    private double sumOfSquares;
    private long samples;
    private bool hasPrevious;
    private double previousSeconds;
    private double previousAngle;
    private double lastCrossingSeconds = double.NaN;
    private double cycleMaximum = double.NegativeInfinity;
    private double cycleMinimum = double.PositiveInfinity;

    /// <summary>Measures over [start, end], the commanded amplitude given for the worst-cycle figure.</summary>
    public RockingMeasure(double startSeconds, double endSeconds, double amplitudeDegrees)
    {
        this.startSeconds = startSeconds;
        this.endSeconds = endSeconds;
        this.amplitudeDegrees = amplitudeDegrees;
    }

    /// <inheritdoc/>
    public void Sample(IBenchRig rig)
    {
        double now = rig.Board.ElapsedSeconds;
        if (now < startSeconds - 1e-9 || now > endSeconds + 1e-9)
        {
            return;
        }

        double angle = rig.Board.TrueAngleDegrees;
        double error = rig.ReferenceAngleDegrees - angle;
        sumOfSquares += error * error;
        samples++;
        if (hasPrevious && previousAngle < 0 && angle >= 0)
        {
            double crossing = previousSeconds + (now - previousSeconds) * (-previousAngle) / (angle - previousAngle);
            if (!double.IsNaN(lastCrossingSeconds))
            {
                periods.Add(crossing - lastCrossingSeconds);
                amplitudes.Add(0.5 * (cycleMaximum - cycleMinimum));
            }

            lastCrossingSeconds = crossing;
            cycleMaximum = double.NegativeInfinity;
            cycleMinimum = double.PositiveInfinity;
        }

        cycleMaximum = Math.Max(cycleMaximum, angle);
        cycleMinimum = Math.Min(cycleMinimum, angle);
        hasPrevious = true;
        previousSeconds = now;
        previousAngle = angle;
    }

    /// <inheritdoc/>
    public FigureValue[] Results(IBenchRig rig, BenchContext context)
    {
        FigureValue rms = samples > 0 && !double.IsNaN(sumOfSquares) ? FigureValue.Of(Math.Sqrt(sumOfSquares / samples)) : FigureValue.Never;
        if (periods.Count == 0)
        {
            return [rms, FigureValue.Label("no cycles"), FigureValue.Label("no cycles"), FigureValue.Label("no cycles"), FigureValue.Of(0)];
        }

        double meanPeriod = 0;
        double meanAmplitude = 0;
        double worst = 0;
        for (int i = 0; i < periods.Count; i++)
        {
            meanPeriod += periods[i] / periods.Count;
            meanAmplitude += amplitudes[i] / amplitudes.Count;
            worst = Math.Max(worst, Math.Abs(amplitudes[i] - amplitudeDegrees));
        }

        return
        [
            rms,
            FigureValue.Of(60.0 / meanPeriod),
            FigureValue.Of(meanAmplitude),
            FigureValue.Of(worst),
            FigureValue.Of(periods.Count),
        ];
    }
}
