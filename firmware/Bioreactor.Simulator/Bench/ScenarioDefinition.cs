using System;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>What a scenario measures while it runs: sampled after every tick, then turned into its figures.</summary>
public interface IBenchMeasure
{
    /// <summary>Looks at the rig after a tick.</summary>
    void Sample(IBenchRig rig);

    /// <summary>The figures, in the order of the scenario's <see cref="ScenarioDefinition.Figures"/>.</summary>
    FigureValue[] Results(IBenchRig rig, BenchContext context);
}

/// <summary>
/// A measure that also looks at a scenario's twin run (<see cref="ScenarioDefinition.TwinFaults"/>): the same scenario
/// with other faults, advanced in step with the measured run.
/// </summary>
public interface ITwinMeasure : IBenchMeasure
{
    /// <summary>Looks at the twin after the same tick, before <see cref="IBenchMeasure.Sample"/> looks at the measured run.</summary>
    void SampleTwin(IBenchRig twin);
}

/// <summary>
/// A scenario as data: the plant modification, the schedule, the faults, the duration, what to measure and the targets.
/// Each runs once per controller on its own virtual bioreactor with the same seed. Scenarios of one
/// <see cref="Group"/> share a table; <see cref="Case"/> tells them apart (a fault, a plant variant).
/// </summary>
public sealed class ScenarioDefinition
{
    /// <summary>The table the scenario's rows go to, and the name <c>--scenario</c> selects, e.g. "warm-up".</summary>
    public required string Group { get; init; }

    /// <summary>The case within the group ("" for a group of one), e.g. "heater-failed-on".</summary>
    public string Case { get; init; } = "";

    /// <summary>One line: what the scenario does.</summary>
    public required string Description { get; init; }

    /// <summary>Changes to the default rig (initial state, drift, a parameter varied), or null.</summary>
    public Action<PlantParameters> ModifyPlant { get; init; }

    /// <summary>Set points over time; the first step at 0 s.</summary>
    public required ScheduleStep[] Schedule { get; init; }

    /// <summary>Faults injected (times from the start).</summary>
    public Fault[] Faults { get; init; } = Array.Empty<Fault>();

    /// <summary>
    /// When set, a twin of the run with these faults instead of <see cref="Faults"/> (the same plant, seed, tunings,
    /// schedule and disturbances) is advanced in step with the measured run, tick by tick, and the measure (an
    /// <see cref="ITwinMeasure"/>) samples both: what a fault does is then measured against the same run without it.
    /// Null for no twin.
    /// </summary>
    public Fault[] TwinFaults { get; init; }

    /// <summary>Disturbances applied to the board at given times (not faults: a step in the room temperature).</summary>
    public BenchDisturbance[] Disturbances { get; init; } = Array.Empty<BenchDisturbance>();

    /// <summary>
    /// True when only this controller runs the scenario: its figures are about the firmware's own watches, which the
    /// baselines do not have (their columns say so without running).
    /// </summary>
    public bool ThisControllerOnly { get; init; }

    /// <summary>Simulated time to run, s.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The figures measured, with their targets.</summary>
    public required FigureSpec[] Figures { get; init; }

    /// <summary>Creates the measurement for one run.</summary>
    public required Func<BenchContext, IBenchMeasure> Measure { get; init; }

    /// <summary>
    /// When set, the core's temperature autotune runs first on the plant under these set points (its own run) and the
    /// tunings it finds are the measured run's; null for none.
    /// </summary>
    public ScheduleStep AutotuneStep { get; init; }

    /// <summary>"group" or "group/case".</summary>
    public string Key => Case.Length == 0 ? Group : Group + "/" + Case;
}

/// <summary>A change to the board at a time of the run that is not a fault (a disturbance of the plant's surroundings).</summary>
/// <param name="AtSeconds">Simulated time from the start, s: applied before the first tick that starts at or after it.</param>
/// <param name="Description">What it does, for the report.</param>
/// <param name="Apply">The change.</param>
public sealed record BenchDisturbance(double AtSeconds, string Description, Action<VirtualBioreactor> Apply)
{
    /// <summary>The room temperature steps by <paramref name="kelvin"/> at <paramref name="atSeconds"/>.</summary>
    public static BenchDisturbance RoomStep(double atSeconds, double kelvin) =>
        new(atSeconds, "room " + (kelvin >= 0 ? "+" : "−") + Math.Abs(kelvin).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " K",
            b => b.RoomStepKelvin += kelvin);
}
