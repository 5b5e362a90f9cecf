using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Threading;
using Bioreactor.Virtual;
using Spectre.Console;

namespace Bioreactor.Simulator;

/// <summary>
/// The simulator's command line: <c>run</c> (the default) runs the firmware core on the virtual bioreactor through a
/// recipe-like schedule with a live console view and a summary; <c>bench</c> runs the control-performance scenarios.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var plantOption = new Option<string>("--plant") { Description = "Plant file (JSON) describing the rig; default: the built-in default rig (hardware/virtual/rigs/default-rig.json)" };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the plant's noise and drift", DefaultValueFactory = _ => 1 };
        var durationOption = new Option<string>("--duration") { Description = "Simulated time to run, e.g. 14d, 36h, 90m, 600s", DefaultValueFactory = _ => "7d" };
        var speedOption = new Option<string>("--speed") { Description = "Multiple of real time (e.g. 3600), or 'max'", DefaultValueFactory = _ => "max" };
        var faultOption = new Option<string[]>("--fault")
        {
            Description = "Fault to inject, repeatable: kind[:target]@start[+duration], e.g. door-open@2h+30s, probe-open:liquid@3d, power-cut@4d+10m",
            AllowMultipleArgumentsPerToken = false,
        };
        var plainOption = new Option<bool>("--plain") { Description = "No live view: print progress lines (automatic when the output is redirected)" };

        var root = new RootCommand("The bioreactor firmware's control core on a virtual rocking bioreactor.");
        foreach (Option option in new Option[] { plantOption, seedOption, durationOption, speedOption, faultOption, plainOption })
        {
            root.Options.Add(option);
        }

        root.SetAction(parse =>
        {
            try
            {
                PlantParameters plant = LoadPlant(parse.GetValue(plantOption));
                double duration = SimulationOptions.ParseDurationSeconds(parse.GetValue(durationOption));
                double speed = SimulationOptions.ParseSpeed(parse.GetValue(speedOption));
                var faults = new List<Fault>();
                foreach (string spec in parse.GetValue(faultOption) ?? Array.Empty<string>())
                {
                    faults.Add(Fault.Parse(spec));
                }

                bool live = !parse.GetValue(plainOption) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
                return RunSimulation(plant, parse.GetValue(seedOption), duration, speed, faults, live);
            }
            catch (Exception e) when (e is FormatException or PlantParametersException or ArgumentException or System.IO.IOException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        });

        root.Subcommands.Add(BenchCommand.Create(plantOption, seedOption));
        return root.Parse(args).Invoke();
    }

    private static PlantParameters LoadPlant(string path) =>
        string.IsNullOrEmpty(path) ? PlantParameters.CreateDefault() : PlantParameters.Load(path);

    private static int RunSimulation(PlantParameters plant, int seed, double durationSeconds, double speed, List<Fault> faults, bool live)
    {
        var run = new SimulationRun(plant, seed, ScheduleStep.Default(durationSeconds));
        foreach (Fault fault in faults)
        {
            run.Board.AddFault(fault);
        }

        Console.WriteLine($"seed {seed}; {faults.Count} fault(s) scheduled; schedule:");
        foreach (ScheduleStep step in ScheduleStep.Default(durationSeconds))
        {
            Console.WriteLine("  at " + SimulationOptions.FormatElapsed(step.AtSeconds) + "  " + step.Describe());
        }

        var wall = Stopwatch.StartNew();
        // Advance in chunks of simulated time small enough for a smooth view and for pacing at low speeds.
        double chunkSeconds = speed == 0 ? 600 : Math.Clamp(speed * 0.1, run.Controller.TickSeconds, 600);
        double nextReportSeconds = 0;

        void Advance(Action onChunk)
        {
            while (run.ElapsedSeconds < durationSeconds - 1e-9)
            {
                run.RunUntil(Math.Min(durationSeconds, run.ElapsedSeconds + chunkSeconds));
                if (speed > 0)
                {
                    double aheadSeconds = run.ElapsedSeconds / speed - wall.Elapsed.TotalSeconds;
                    if (aheadSeconds > 0)
                    {
                        Thread.Sleep(TimeSpan.FromSeconds(aheadSeconds));
                    }
                }

                onChunk();
            }
        }

        double Ratio() => run.ElapsedSeconds / Math.Max(wall.Elapsed.TotalSeconds, 1e-9);

        if (live)
        {
            var lastRefresh = TimeSpan.Zero;
            AnsiConsole.Live(ConsoleView.Live(run, durationSeconds, 0)).AutoClear(false).Start(context =>
            {
                Advance(() =>
                {
                    if (wall.Elapsed - lastRefresh >= TimeSpan.FromMilliseconds(200) || run.ElapsedSeconds >= durationSeconds - 1e-9)
                    {
                        lastRefresh = wall.Elapsed;
                        context.UpdateTarget(ConsoleView.Live(run, durationSeconds, Ratio()));
                        context.Refresh();
                    }
                });
            });
        }
        else
        {
            Advance(() =>
            {
                if (run.ElapsedSeconds >= nextReportSeconds)
                {
                    nextReportSeconds += Math.Max(3600, durationSeconds / 20);
                    Console.WriteLine(ProgressLine(run));
                }
            });
        }

        AnsiConsole.Write(ConsoleView.Summary(run, wall.Elapsed.TotalSeconds));
        return 0;
    }

    private static string ProgressLine(SimulationRun run)
    {
        var c = run.Controller;
        var b = run.Board;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{SimulationOptions.FormatElapsed(run.ElapsedSeconds)}  liquid {b.TrueLiquidCelsius:F2} °C (SP {c.Temperature.LiquidSetPointCelsius:F1})"
            + $"  plate {b.TruePlateCelsius:F2} °C  CO2 {b.TrueCo2Percent:F2} % (SP {c.Co2.SetPointPercent:F1})"
            + $"  angle {b.TrueAngleDegrees:F1}°  alarms active {c.Alarms.CountActive()}  {run.CurrentStep.Name}");
    }
}
