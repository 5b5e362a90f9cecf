using System.Globalization;
using Bioreactor.Control;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// Runs the core's own cascade temperature autotune (<see cref="BioreactorController.StartTemperatureAutotune"/>) on a
/// plant, as an operator would at commissioning, and puts the tunings it found into the context's controller settings,
/// so the measured run starts (and restarts after a power cut) with them.
/// </summary>
public static class CoreAutotune
{
    /// <summary>Longest the autotune may take, s (settling, both relays; the core's own time limits are shorter).</summary>
    public const double LimitSeconds = 6 * 3600.0;

    /// <summary>Tunes on the context's plant under <paramref name="step"/>'s set points; describes the result in the context.</summary>
    public static void Apply(BenchContext context, ScheduleStep step)
    {
        var run = new SimulationRun(context.Plant, context.Seed, [step with { AtSeconds = 0 }], context.Settings);
        if (!run.Controller.StartTemperatureAutotune())
        {
            context.TuningDescription = "autotune did not start: defaults kept";
            return;
        }

        long ticksPerSecond = (long)System.Math.Round(1.0 / context.Settings.TickSeconds);
        while (run.Controller.TemperatureAutotune.IsActive && run.ElapsedSeconds < LimitSeconds)
        {
            run.Run(ticksPerSecond);
        }

        TemperatureAutotune a = run.Controller.TemperatureAutotune;
        if (a.Phase != TemperatureAutotunePhase.Succeeded)
        {
            context.TuningDescription = "autotune failed (" + (a.IsActive ? "still running after the bench's limit" : a.FailureMessage)
                + "): defaults kept";
            return;
        }

        context.Settings.Temperature.InnerTunings = a.InnerTuningsFound;
        context.Settings.Temperature.OuterTunings = a.OuterTuningsFound;
        PidTunings i = a.InnerTuningsFound;
        PidTunings o = a.OuterTuningsFound;
        context.TuningDescription = string.Create(CultureInfo.InvariantCulture,
            $"core autotune in {run.ElapsedSeconds / 60:F0} min: inner Kc {i.ProportionalGain:G3} /°C, Ti {i.IntegralTimeSeconds:F0} s; outer Kc {o.ProportionalGain:G3}, Ti {o.IntegralTimeSeconds:F0} s");
    }
}
