using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Bioreactor.Control;
using Bioreactor.Simulator.Bench;
using Bioreactor.Virtual;
using Spectre.Console;

namespace Bioreactor.Simulator;

/// <summary>
/// The <c>bench</c> subcommand: the control-performance scenarios (warm-up, steady state, door, rocking, faults, stuck
/// probes, robustness, false detection, speed) for the firmware core and two baselines: a summary on the console (one line per target of this
/// controller), the full tables with charts in a self-contained HTML report, and optionally the figures as JSON.
/// </summary>
public static class BenchCommand
{
    /// <summary>Creates the subcommand; it takes the root's <c>--plant</c> and <c>--seed</c> as well.</summary>
    public static Command Create(Option<string> plantOption, Option<int> seedOption)
    {
        var scenarioOption = new Option<string[]>("--scenario")
        {
            Description = "Scenario to run, repeatable: a group (" + string.Join(", ", Scenarios.Groups)
                + ") or group/case (e.g. faults/heater-failed-on); default: all",
            AllowMultipleArgumentsPerToken = false,
        };
        var jsonOption = new Option<string>("--json") { Description = "Also write the figures as JSON to this file" };
        var htmlOption = new Option<string>("--html")
        {
            Description = "Write the HTML report (every figure of the three controllers, charts, trends) to this file; default: beside "
                + "the --json file with .html (bench.json → bench.html), without --json " + BenchHtmlReport.DefaultFileName
                + " in the current directory",
        };
        var workersOption = new Option<int>("--workers")
        {
            Description = "Scenario runs in parallel (the speed run always runs alone)",
            DefaultValueFactory = _ => Math.Max(1, Math.Min(2, Environment.ProcessorCount)),
        };
        var steadyHoursOption = new Option<double>("--steady-hours")
        {
            Description = "Measured hours of the steady-state and robustness scenarios",
            DefaultValueFactory = _ => 24.0,
        };

        var command = new Command("bench",
            "Runs the control-performance scenarios for this controller and two baselines; prints one line per target of this "
            + "controller (value, target, margin, MET or MISSED) and writes every figure with charts to a self-contained HTML report "
            + "(beside the --json file, else " + BenchHtmlReport.DefaultFileName + " in the current directory).");
        foreach (Option option in new Option[] { plantOption, seedOption, scenarioOption, jsonOption, htmlOption, workersOption, steadyHoursOption })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            try
            {
                string plantPath = parse.GetValue(plantOption);
                PlantParameters plant = string.IsNullOrEmpty(plantPath) ? PlantParameters.CreateDefault() : PlantParameters.Load(plantPath);
                return Run(plant, string.IsNullOrEmpty(plantPath) ? "default rig" : plantPath, parse.GetValue(seedOption),
                    parse.GetValue(scenarioOption) ?? Array.Empty<string>(), parse.GetValue(jsonOption), parse.GetValue(htmlOption),
                    parse.GetValue(workersOption), parse.GetValue(steadyHoursOption));
            }
            catch (Exception e) when (e is FormatException or PlantParametersException or ArgumentException or IOException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    private static int Run(PlantParameters plant, string plantName, int seed, string[] selection, string jsonPath, string htmlPath,
        int workers, double steadyHours)
    {
        if (workers < 1)
        {
            throw new ArgumentException("--workers must be at least 1");
        }

        if (!(steadyHours > 0))
        {
            throw new ArgumentException("--steady-hours must be above 0");
        }

        const double SpeedSeconds = 14 * 86400.0;
        List<ScenarioDefinition> all = Scenarios.Create(plant, steadyHours);
        var known = new HashSet<string>(Scenarios.Groups);
        foreach (ScenarioDefinition d in all)
        {
            known.Add(d.Key);
        }

        foreach (string s in selection)
        {
            if (!known.Contains(s))
            {
                throw new ArgumentException($"unknown scenario '{s}'; known: {string.Join(", ", known.OrderBy(k => k, StringComparer.Ordinal))}");
            }
        }

        bool Selected(string group, string key) => selection.Length == 0 || selection.Contains(group) || selection.Contains(key);
        List<ScenarioDefinition> chosen = all.FindAll(d => Selected(d.Group, d.Key));
        bool speed = Selected("speed", "speed");

        if (Console.IsOutputRedirected)
        {
            // Spectre wraps at 80 columns when it cannot ask a terminal; the summary's lines are up to 100.
            AnsiConsole.Profile.Width = 240;
        }

        double plateLimit = new TemperatureLoopSettings().PlateLimitCelsius;
        double bound = Scenarios.FastestWarmUpSeconds(plant, plateLimit);
        Console.WriteLine($"bench: seed {seed}, plant: {plantName}, {chosen.Count} scenario(s) × 3 controllers on {workers} worker(s)"
            + (speed ? ", then the 14-day speed run alone" : ""));
        Console.WriteLine(FormattableString.Invariant(
            $"fastest admissible warm-up {plant.Thermal.InitialLiquidCelsius:F0} → {Scenarios.TemperatureCelsius:F0} °C (plate held at its {plateLimit:F1} °C limit from the start): {bound:F0} s = {bound / 60:F1} min; target 1.3× = {1.3 * bound / 60:F1} min"));

        var wall = Stopwatch.StartNew();
        var results = BenchRunner.RunAll(chosen, plant, seed, workers, line => Console.Error.WriteLine(line));
        if (speed)
        {
            Console.Error.WriteLine("speed: 14 days of the default schedule, alone…");
            results.Add(BenchRunner.RunSpeed(plant, seed, SpeedSeconds));
        }

        Console.WriteLine(FormattableString.Invariant($"bench finished in {wall.Elapsed.TotalSeconds:F0} s wall (seed {seed})"));
        BenchSummary.Write(AnsiConsole.Console, results);

        var notes = new Dictionary<string, string>
        {
            ["measurement"] = "every figure on the plant's true values (VirtualBioreactor.True*), never on the sensors",
            ["fastestWarmUpSeconds"] = bound.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
            ["onOffThermostat"] = "heater on below SP − 0.1 °C, off above SP + 0.1 °C (liquid probe); valve likewise ±0.1 % CO2; rocking: the core's trajectory with a proportional-only speed command (8 °/s per °); no validation, no alarms",
            ["textbookPid"] = "derivative on error, no anti-windup, no cascade: liquid → heater duty and CO2 → valve duty every 1 s through the core's time-proportioning, tuned by a relay test + Ziegler–Nichols PID on the same plant; rocking PID (Kc 8 /s, Ti 1.5 s) on the core's trajectory without feed-forward; no validation, no alarms",
            ["parallelism"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture) + " workers; the speed run alone",
        };
        if (!string.IsNullOrEmpty(jsonPath))
        {
            File.WriteAllText(jsonPath, BenchReport.Json(results, seed, plantName, notes));
            Console.WriteLine("JSON written to " + jsonPath);
        }

        string reportPath = string.IsNullOrEmpty(htmlPath) ? BenchHtmlReport.PathFor(jsonPath) : htmlPath;
        File.WriteAllText(reportPath, BenchHtmlReport.Render(results, seed, plantName, notes, DateTime.UtcNow, jsonPath));
        Console.WriteLine("HTML report written to " + reportPath);

        return 0;
    }
}
