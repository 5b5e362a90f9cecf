using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>The figures of one scenario for every controller.</summary>
public sealed class ScenarioResult
{
    /// <summary>Creates an empty result.</summary>
    public ScenarioResult(ScenarioDefinition definition)
    {
        Definition = definition;
        Values = new FigureValue[BenchRunner.Controllers.Length][];
    }

    /// <summary>The scenario.</summary>
    public ScenarioDefinition Definition { get; }

    /// <summary>Per controller (index = <see cref="BenchController"/>), the figures in the definition's order.</summary>
    public FigureValue[][] Values { get; }

    /// <summary>Wall seconds each controller's run took.</summary>
    public double[] WallSeconds { get; } = new double[BenchRunner.Controllers.Length];

    /// <summary>This controller's trend over the run, for the HTML report; null when none was kept (the speed run).</summary>
    public TrendTrace Trend { get; set; }
}

/// <summary>
/// Runs scenarios for the three controllers, spread over worker threads (every run owns its own board, controller and
/// measurement, so runs share nothing but the textbook PID's cached relay test), and the speed run alone.
/// </summary>
public static class BenchRunner
{
    /// <summary>The controllers, in column order.</summary>
    public static readonly BenchController[] Controllers =
        [BenchController.ThisController, BenchController.OnOffThermostat, BenchController.TextbookPid];

    /// <summary>Runs one scenario for one controller and returns its figures; <paramref name="trend"/>, when given, samples the run.</summary>
    public static FigureValue[] RunOne(ScenarioDefinition definition, BenchController controller, PlantParameters basePlant, int seed,
        TrendTrace trend = null)
    {
        PlantParameters plant = basePlant.Clone();
        definition.ModifyPlant?.Invoke(plant);
        plant.Validate();
        var context = new BenchContext(plant, seed, controller);
        switch (controller)
        {
            case BenchController.ThisController:
                if (definition.AutotuneStep != null)
                {
                    CoreAutotune.Apply(context, definition.AutotuneStep);
                }

                break;
            case BenchController.TextbookPid:
                context.Textbook = TextbookTunings.For(plant, seed);
                context.TuningDescription = "relay test + Ziegler–Nichols PID: " + context.Textbook.Description;
                break;
            default:
                context.TuningDescription = "none (hysteresis ±0.1 °C / ±0.1 %)";
                break;
        }

        IBenchRig rig = Create(controller, context, definition.Schedule, definition.Faults);
        IBenchMeasure measure = definition.Measure(context);
        IBenchRig twin = null;
        ITwinMeasure twinMeasure = null;
        if (definition.TwinFaults != null)
        {
            twinMeasure = measure as ITwinMeasure
                ?? throw new ArgumentException("a scenario with a twin needs a measure that samples it", nameof(definition));

            // Its own plant copy and board, the same seed (every sensor draws its noise on every conversion, faulty or
            // not, so both runs see the same noise) and the same tunings.
            var twinContext = new BenchContext(plant.Clone(), seed, controller)
            {
                Settings = context.Settings,
                Textbook = context.Textbook,
                TuningDescription = context.TuningDescription,
            };
            twin = Create(controller, twinContext, definition.Schedule, definition.TwinFaults);
        }

        long ticks = (long)Math.Round(definition.DurationSeconds / rig.TickSeconds);
        var disturbances = new List<BenchDisturbance>(definition.Disturbances);
        disturbances.Sort((a, b) => a.AtSeconds.CompareTo(b.AtSeconds));
        int nextDisturbance = 0;
        for (long i = 0; i < ticks; i++)
        {
            while (nextDisturbance < disturbances.Count && rig.Board.ElapsedSeconds >= disturbances[nextDisturbance].AtSeconds - 1e-9)
            {
                BenchDisturbance disturbance = disturbances[nextDisturbance++];
                disturbance.Apply(rig.Board);
                if (twin != null)
                {
                    disturbance.Apply(twin.Board);
                }
            }

            rig.Tick();
            if (twin != null)
            {
                twin.Tick();
                twinMeasure.SampleTwin(twin);
            }

            measure.Sample(rig);
            trend?.Sample(rig);
        }

        return measure.Results(rig, context);
    }

    /// <summary>Creates the rig of a controller.</summary>
    public static IBenchRig Create(BenchController controller, BenchContext context, ScheduleStep[] schedule, IEnumerable<Fault> faults) =>
        controller switch
        {
            BenchController.ThisController => new ThisControllerRig(context, schedule, faults),
            BenchController.OnOffThermostat => new OnOffThermostatRig(context, schedule, faults),
            BenchController.TextbookPid => new TextbookPidRig(context, schedule, faults),
            _ => throw new ArgumentOutOfRangeException(nameof(controller)),
        };

    /// <summary>
    /// Runs every scenario for every controller on <paramref name="workers"/> threads, longest runs first. A run that
    /// throws gets its error as every figure.
    /// </summary>
    public static List<ScenarioResult> RunAll(IReadOnlyList<ScenarioDefinition> definitions, PlantParameters plant, int seed,
        int workers, Action<string> progress)
    {
        var results = new List<ScenarioResult>();
        var jobs = new List<(ScenarioResult Result, BenchController Controller, double Cost)>();
        foreach (ScenarioDefinition d in definitions)
        {
            var result = new ScenarioResult(d);
            results.Add(result);
            foreach (BenchController c in Controllers)
            {
                if (d.ThisControllerOnly && c != BenchController.ThisController)
                {
                    var na = new FigureValue[d.Figures.Length];
                    Array.Fill(na, FigureValue.NotApplicable("no watches of its own"));
                    result.Values[(int)c] = na;
                    continue;
                }

                double cost = d.DurationSeconds + (d.AutotuneStep != null && c == BenchController.ThisController ? 3 * 3600 : 0);
                jobs.Add((result, c, cost));
            }
        }

        jobs.Sort((a, b) => b.Cost.CompareTo(a.Cost));
        int next = -1;
        int done = 0;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < jobs.Count)
            {
                var job = jobs[index];
                var wall = Stopwatch.StartNew();
                FigureValue[] values;
                // Only this controller's trend: the report plots its trends; the baselines are compared by their figures.
                TrendTrace trend = job.Controller == BenchController.ThisController ? new TrendTrace(job.Result.Definition.DurationSeconds) : null;
                try
                {
                    values = RunOne(job.Result.Definition, job.Controller, plant, seed, trend);
                    if (trend != null)
                    {
                        job.Result.Trend = trend;
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    values = new FigureValue[job.Result.Definition.Figures.Length];
                    Array.Fill(values, FigureValue.Label("error: " + e.Message));
                }

                job.Result.Values[(int)job.Controller] = values;
                job.Result.WallSeconds[(int)job.Controller] = wall.Elapsed.TotalSeconds;
                int finished = Interlocked.Increment(ref done);
                progress?.Invoke($"[{finished}/{jobs.Count}] {job.Result.Definition.Key} — {Name(job.Controller)} ({wall.Elapsed.TotalSeconds:F1} s)");
            }
        });

        return results;
    }

    /// <summary>
    /// The speed run: the default 14-day schedule (<see cref="ScheduleStep.Default"/>) on the core at its full control
    /// rate, alone on the machine; wall seconds and the ratio to real time.
    /// </summary>
    public static ScenarioResult RunSpeed(PlantParameters plant, int seed, double durationSeconds)
    {
        var definition = SpeedDefinition(durationSeconds);
        var result = new ScenarioResult(definition);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var wall = Stopwatch.StartNew();
        var run = new SimulationRun(plant, seed, ScheduleStep.Default(durationSeconds));
        run.RunUntil(durationSeconds);
        double seconds = wall.Elapsed.TotalSeconds;
        long ticks = run.Controller.TickCount;
        result.Values[(int)BenchController.ThisController] =
        [
            FigureValue.Of(seconds),
            FigureValue.Of(run.ElapsedSeconds / seconds),
            FigureValue.Of(ticks / seconds),
            FigureValue.Of(Environment.ProcessorCount),
        ];
        result.WallSeconds[(int)BenchController.ThisController] = seconds;
        FigureValue na = FigureValue.NotApplicable("the target is the firmware's");
        result.Values[(int)BenchController.OnOffThermostat] = [na, na, na, na];
        result.Values[(int)BenchController.TextbookPid] = [na, na, na, na];
        return result;
    }

    /// <summary>The speed scenario's definition (its figures; it is run by <see cref="RunSpeed"/>).</summary>
    public static ScenarioDefinition SpeedDefinition(double durationSeconds) => new()
    {
        Group = "speed",
        Description = $"the default schedule (static, 10 rpm / 6°, 15 rpm / 6°) for {durationSeconds / 86400:F0} days at the full 50 Hz control rate, core + virtual board, run alone after the other scenarios",
        Schedule = ScheduleStep.Default(durationSeconds),
        DurationSeconds = durationSeconds,
        Figures =
        [
            // The target: 14 days at the full control rate in at most 10 s on a 2-core machine. Not met (about 17 s):
            // 10 s leaves 165 ns a tick for firmware, board and loop together, and the firmware's every-tick path alone
            // takes about 150 ns of it on the host (57 % of the profile's samples, about 9.5 s; safety's every-tick
            // checks the largest part), the virtual board about 5 s (a third of it the sensors' Gaussian noise, which
            // cannot be made cheaper without changing its sequence). Upper bounds, measured by removing work outright
            // (2-day runs alternated with the unchanged code, 258–261 ns a tick): without the noise, the statistics and
            // the rocking reference's separate sine and cosine (all that a second core or a host-only call could take
            // over) 206–208 ns, about 12.5 s for 14 days; without safety's every-tick checks alone 205–210 ns; without
            // both about 155 ns, 9.4 s. So 10 s needs nearly all of both gone, and the safety layer's checks cannot go.
            // Tried without a measurable gain in wall time: the reference's sin/cos by a rotation recurrence, the noise
            // made ahead on the second core, holding the noise generator's state in locals. Meeting it needs the
            // firmware's every-tick work itself about halved with the same results, or a faster machine.
            new($"wall time for {durationSeconds / 86400:F0} days", "s", Target.AtMost(10), 1),
            new("ratio to real time", "×", Target.None, 0),
            new("control ticks per wall second", "1/s", Target.None, 0),
            new("processors", "", Target.None, 0),
        ],
        Measure = _ => throw new InvalidOperationException("the speed scenario runs through BenchRunner.RunSpeed"),
    };

    /// <summary>A controller's column name.</summary>
    public static string Name(BenchController controller) => controller switch
    {
        BenchController.ThisController => "this controller",
        BenchController.OnOffThermostat => "on/off thermostat",
        BenchController.TextbookPid => "textbook PID",
        _ => "?",
    };

    /// <summary>A controller's key in the JSON document.</summary>
    public static string Key(BenchController controller) => controller switch
    {
        BenchController.ThisController => "thisController",
        BenchController.OnOffThermostat => "onOffThermostat",
        BenchController.TextbookPid => "textbookPid",
        _ => "?",
    };
}
