using System;
using Bioreactor.Control;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator;

/// <summary>
/// Control figures on the TRUE plant values (not the noisy, lagging sensors): how much of the time the culture really
/// was in its window. A variable counts once it has first reached its band after a set-point change (the warm-up and
/// the initial gassing are reported separately, by the bench's scenarios).
/// </summary>
public sealed class RunStatistics
{
    /// <summary>Liquid temperature against its set point.</summary>
    public BandFigures Temperature { get; } = new(0.1, 0.2);

    /// <summary>Headspace CO2 against its set point.</summary>
    public BandFigures Co2 { get; } = new(0.1, 0.2);

    /// <summary>Platform angle against the firmware's reference, while rocking.</summary>
    public TrackingFigures Rocking { get; } = new();

    /// <summary>Simulated seconds with power and firmware running.</summary>
    public double ControlledSeconds { get; private set; }

    /// <summary>Simulated seconds without power.</summary>
    public double UnpoweredSeconds { get; private set; }

    /// <summary>Fraction of the controlled time the heater was on.</summary>
    public double HeaterDutyFraction => ControlledSeconds > 0 ? heaterOnSeconds / ControlledSeconds : 0;

    /// <summary>Fraction of the controlled time the CO2 valve was open.</summary>
    public double ValveDutyFraction => ControlledSeconds > 0 ? valveOpenSeconds / ControlledSeconds : 0;

    private double heaterOnSeconds;
    private double valveOpenSeconds;

    /// <summary>Adds one control tick: the board's true values against the controller's set points.</summary>
    internal void Sample(VirtualBioreactor board, BioreactorController controller, double tickSeconds, bool controlling,
        double referenceAngleDegrees)
    {
        if (!controlling)
        {
            UnpoweredSeconds += tickSeconds;
            return;
        }

        ControlledSeconds += tickSeconds;
        if (board.HeaterIsOn)
        {
            heaterOnSeconds += tickSeconds;
        }

        if (board.ValveIsOpen)
        {
            valveOpenSeconds += tickSeconds;
        }

        Temperature.Add(board.TrueLiquidCelsius, controller.Temperature.LiquidSetPointCelsius);
        Co2.Add(board.TrueCo2Percent, controller.Co2.SetPointPercent);
        bool rocking = controller.Rocking.Trajectory.CommandedRateRpm > 0 && controller.Rocking.Trajectory.IsSettled
            && controller.Rocking.Mode == RockingLoopMode.Running;
        if (rocking)
        {
            Rocking.Add(referenceAngleDegrees - board.TrueAngleDegrees);
        }
    }
}

/// <summary>Time in band around a set point, once the value has first reached the band.</summary>
public sealed class BandFigures
{
    private double setPoint = double.NaN;
    private bool settled;

    /// <summary>Creates figures for a tight and a wide band (± units).</summary>
    public BandFigures(double tightBand, double wideBand)
    {
        TightBand = tightBand;
        WideBand = wideBand;
    }

    /// <summary>Half-width of the tight band.</summary>
    public double TightBand { get; }

    /// <summary>Half-width of the wide band.</summary>
    public double WideBand { get; }

    /// <summary>Samples counted (after first reaching the band).</summary>
    public long Samples { get; private set; }

    /// <summary>Samples within ± <see cref="TightBand"/>.</summary>
    public long InTightBand { get; private set; }

    /// <summary>Samples within ± <see cref="WideBand"/>.</summary>
    public long InWideBand { get; private set; }

    /// <summary>Largest deviation above the set point after first reaching the band.</summary>
    public double MaximumAbove { get; private set; }

    /// <summary>Largest deviation below the set point after first reaching the band.</summary>
    public double MaximumBelow { get; private set; }

    /// <summary>Fraction of samples within the tight band.</summary>
    public double TightFraction => Samples > 0 ? (double)InTightBand / Samples : 0;

    /// <summary>Fraction of samples within the wide band.</summary>
    public double WideFraction => Samples > 0 ? (double)InWideBand / Samples : 0;

    internal void Add(double value, double target)
    {
        if (target != setPoint)
        {
            setPoint = target;
            settled = false;
        }

        double error = value - target;
        if (!settled)
        {
            if (Math.Abs(error) > TightBand)
            {
                return;
            }

            settled = true;
        }

        Samples++;
        if (Math.Abs(error) <= TightBand)
        {
            InTightBand++;
        }

        if (Math.Abs(error) <= WideBand)
        {
            InWideBand++;
        }

        MaximumAbove = Math.Max(MaximumAbove, error);
        MaximumBelow = Math.Max(MaximumBelow, -error);
    }
}

/// <summary>Root-mean-square tracking error.</summary>
public sealed class TrackingFigures
{
    private double sumOfSquares;

    /// <summary>Samples counted.</summary>
    public long Samples { get; private set; }

    /// <summary>RMS of the error, in its unit.</summary>
    public double RootMeanSquare => Samples > 0 ? Math.Sqrt(sumOfSquares / Samples) : 0;

    internal void Add(double error)
    {
        Samples++;
        sumOfSquares += error * error;
    }
}
