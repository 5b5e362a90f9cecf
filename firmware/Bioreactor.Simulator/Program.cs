using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Virtual;
using Spectre.Console;

namespace Bioreactor.Simulator;

/// <summary>
/// The simulator's command line: <c>run</c> (the default) runs the firmware (control, batch, GMP record) on the virtual
/// bioreactor through the shipped T-cell expansion recipe as a batch, scaled to --duration, resuming an unclosed record
/// after a restart; <c>bench</c> runs the control-performance scenarios.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var plantOption = new Option<string>("--plant") { Description = "Plant file (JSON) describing the rig; default: the built-in default rig (hardware/virtual/rigs/default-rig.json)" };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the plant's noise and drift", DefaultValueFactory = _ => 1 };
        var durationOption = new Option<string>("--duration") { Description = "Simulated time to run, e.g. 14d, 36h, 90m, 600s", DefaultValueFactory = _ => "10d" };
        var speedOption = new Option<string>("--speed") { Description = "Multiple of real time (e.g. 3600), or 'max'", DefaultValueFactory = _ => "max" };
        var faultOption = new Option<string[]>("--fault")
        {
            Description = "Fault to inject, repeatable: kind[:target]@start[+duration], e.g. door-open@2h+30s, probe-open:liquid@3d, power-cut@4d+10m",
            AllowMultipleArgumentsPerToken = false,
        };
        var plainOption = new Option<bool>("--plain") { Description = "No live view: print progress and 'durable N' lines (automatic when the output is redirected)" };
        var recordDirOption = new Option<string>("--record-dir") { Description = "Directory of the batch records (default: ./records); an unclosed record there is resumed" };
        var startUtcOption = new Option<string>("--start-utc")
        {
            Description = "Simulated UTC at which a new batch starts (ISO 8601); fixed by default so that the same seed gives the same record",
            DefaultValueFactory = _ => "2026-01-05T08:00:00Z",
        };
        var operatorOption = new Option<string>("--operator") { Description = "Operator who starts the batch (simulator directory: tech.sim technician, qa.sim qa, admin.sim administrator)", DefaultValueFactory = _ => "tech.sim" };

        var root = new RootCommand("The bioreactor firmware's control core on a virtual rocking bioreactor.");
        foreach (Option option in new Option[] { plantOption, seedOption, durationOption, speedOption, faultOption, plainOption, recordDirOption, startUtcOption, operatorOption })
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

                string recordDirectory = parse.GetValue(recordDirOption);
                if (string.IsNullOrEmpty(recordDirectory))
                {
                    recordDirectory = System.IO.Path.Combine(Environment.CurrentDirectory, "records");
                }

                bool live = !parse.GetValue(plainOption) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
                DateTime startUtc = SimulationOptions.ParseUtc(parse.GetValue(startUtcOption));
                return RunBatch(plant, parse.GetValue(seedOption), duration, speed, faults, recordDirectory, parse.GetValue(operatorOption), live, startUtc);
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

    private static int RunBatch(PlantParameters plant, int seed, double durationSeconds, double speed, List<Fault> faults,
        string recordDirectory, string operatorId, bool live, DateTime startUtc)
    {
        Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), durationSeconds);
        // UTC across process restarts: the record's last entry plus the wall time since its file was written, times the
        // speed (times 1 at 'max'); a new batch starts at the wall clock's UTC (see BatchSimulation).
        var unclosed = BatchSimulation.FindUnclosedRecord(recordDirectory);
        if (unclosed is { } found)
        {
            TimeSpan wallGap = DateTime.UtcNow - found.FileWrittenUtc;
            if (wallGap < TimeSpan.Zero)
            {
                wallGap = TimeSpan.Zero;
            }

            startUtc = found.LastEntryUtc + TimeSpan.FromTicks((long)(wallGap.Ticks * (speed > 0 ? speed : 1)));
        }

        using var sim = new BatchSimulation(plant, seed, recordDirectory, recipe, startUtc);
        foreach (Fault fault in faults)
        {
            sim.Board.AddFault(fault);
        }

        Console.WriteLine($"records in {sim.RecordDirectory}");
        sim.Restarted = s => Console.WriteLine(ResumeLine(s.Firmware));
        if (sim.StartUp())
        {
            Console.WriteLine(ResumeLine(sim.Firmware));
        }
        else
        {
            string batchId = BatchSimulation.NextBatchId(sim.RecordDirectory, seed);
            BatchResult started = sim.Firmware.Execute(OperatorRequest.Start(operatorId, recipe, batchId));
            if (!started.IsAccepted)
            {
                Console.Error.WriteLine("error: the batch was not started: " + started.Message);
                return 2;
            }

            Console.WriteLine($"started batch {batchId}: recipe {recipe.Name} v{recipe.Version} scaled to {SimulationOptions.FormatElapsed(durationSeconds)}, "
                + $"{recipe.PhaseCount} phases, operator {operatorId}; seed {seed}; {faults.Count} fault(s) scheduled");
        }

        var wall = Stopwatch.StartNew();
        // Advance in chunks of simulated time small enough for pacing at low speeds and frequent progress lines.
        double tickSeconds = new BioreactorControllerSettings().TickSeconds;
        double chunkSeconds = speed == 0 ? 600 : Math.Clamp(speed * 0.1, tickSeconds, 600);
        long ticksPerChunk = Math.Max(1, (long)Math.Round(chunkSeconds / tickSeconds));
        double reportEverySeconds = Math.Max(3600, durationSeconds / 20);
        double nextReportSeconds = reportEverySeconds;
        long lastPrintedDurable = -1;

        void AdvanceChunk()
        {
            for (long i = 0; i < ticksPerChunk; i++)
            {
                sim.Step();
            }

            if (speed > 0)
            {
                double aheadSeconds = sim.Board.ElapsedSeconds / speed - wall.Elapsed.TotalSeconds;
                if (aheadSeconds > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(aheadSeconds));
                }
            }
        }

        if (live)
        {
            var lastRefresh = TimeSpan.Zero;
            AnsiConsole.Live(LiveView(sim, durationSeconds, wall)).AutoClear(false).Start(context =>
            {
                while (!AtEnd(sim.Firmware.Batch))
                {
                    AdvanceChunk();
                    if (wall.Elapsed - lastRefresh >= TimeSpan.FromMilliseconds(200))
                    {
                        lastRefresh = wall.Elapsed;
                        context.UpdateTarget(LiveView(sim, durationSeconds, wall));
                        context.Refresh();
                    }
                }

                context.UpdateTarget(LiveView(sim, durationSeconds, wall));
            });
        }
        else
        {
            while (!AtEnd(sim.Firmware.Batch))
            {
                AdvanceChunk();

                // Machine-readable: every entry up to this sequence number is flushed (durable) in the record.
                long durable = sim.Firmware.Record.LastDurableSequence;
                if (durable != lastPrintedDurable)
                {
                    lastPrintedDurable = durable;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"durable {durable}"));
                }

                double batchSeconds = sim.Firmware.Batch.BatchElapsedMilliseconds / 1000.0;
                if (batchSeconds >= nextReportSeconds)
                {
                    nextReportSeconds = batchSeconds + reportEverySeconds;
                    Console.WriteLine(ProgressLine(sim));
                }
            }
        }

        BioreactorFirmware firmware = sim.Firmware;
        string finishedBatchId = firmware.Batch.BatchId;
        if (firmware.Batch.AwaitingConfirmation)
        {
            Report(firmware.Execute(OperatorRequest.ConfirmPhase(operatorId, "cells harvested")), "confirm harvest");
            sim.Step();
        }

        if (firmware.Batch.State == BatchState.Complete)
        {
            Report(firmware.Execute(OperatorRequest.Clear("qa.sim", "simulated batch reviewed")), "release");
        }

        Console.WriteLine(ProgressLine(sim));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"durable {firmware.Record.LastDurableSequence}"));
        string name = firmware.Record.RecordName;
        using (var files = new Bioreactor.Virtual.Records.FileRecordStorage(sim.RecordDirectory, false))
        using (var mac = new Bioreactor.Virtual.Records.HostHmacSha256Authenticator(BatchSimulation.SimulatorKey()))
        {
            if (name != null && files.Open(name))
            {
                RecordVerification verification = RecordVerifier.Verify(files, mac, firmware.Record.LastDurableSequence, null);
                Console.WriteLine($"record {files.PathOf(name)}: {files.Length} bytes, {verification.VerifiedEntries} entries, "
                    + $"{(firmware.Record.IsClosed ? "closed" : "open")}; verification: {verification.Describe()}");
                files.Close();
            }
        }

        AnsiConsole.Write(ConsoleView.Summary(sim.Statistics, sim.Board.ElapsedSeconds, wall.Elapsed.TotalSeconds, sim.Restarts, null));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch {finishedBatchId} {BatchNames.StateName(firmware.Batch.State)}; {sim.Board.ElapsedSeconds / Math.Max(wall.Elapsed.TotalSeconds, 1e-9):F0}x real time"));
        return 0;
    }

    private static Spectre.Console.Rendering.IRenderable LiveView(BatchSimulation sim, double durationSeconds, Stopwatch wall)
    {
        BatchController batch = sim.Firmware.Batch;
        string phase = batch.PhaseIndex >= 0 ? batch.CurrentPhase.Name : "-";
        string step = $"batch {batch.BatchId}: {BatchNames.StateName(batch.State)}, phase {phase}; record at {sim.Firmware.Record.LastDurableSequence}";
        double ratio = sim.Board.ElapsedSeconds / Math.Max(wall.Elapsed.TotalSeconds, 1e-9);
        return ConsoleView.Live(sim.Firmware.Controller, sim.Board, batch.BatchElapsedMilliseconds / 1000.0, durationSeconds, ratio, step);
    }

    private static bool AtEnd(BatchController batch) =>
        batch.State == BatchState.Complete || batch.State == BatchState.Aborted || batch.State == BatchState.Idle || batch.AwaitingConfirmation;

    private static void Report(BatchResult result, string what)
    {
        Console.WriteLine(what + ": " + (result.IsAccepted ? "accepted" : "refused: " + result.Message));
    }

    private static string ResumeLine(BioreactorFirmware firmware)
    {
        BatchController batch = firmware.Batch;
        string phase = batch.PhaseIndex >= 0 ? batch.CurrentPhase.Name : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"resumed batch {batch.BatchId} in phase {batch.PhaseIndex} ({phase}, {BatchNames.StateName(batch.State)}) after "
            + $"{SimulationOptions.FormatElapsed(firmware.PoweredOffMilliseconds / 1000.0)} powered off; record continues at {firmware.Record.NextSequence}");
    }

    private static string ProgressLine(BatchSimulation sim)
    {
        BioreactorFirmware f = sim.Firmware;
        var c = f.Controller;
        var b = sim.Board;
        string phase = f.Batch.PhaseIndex >= 0 ? f.Batch.CurrentPhase.Name : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{SimulationOptions.FormatElapsed(f.Batch.BatchElapsedMilliseconds / 1000.0)}  {BatchNames.StateName(f.Batch.State)} {phase}"
            + $"  liquid {b.TrueLiquidCelsius:F2} °C (SP {c.Temperature.LiquidSetPointCelsius:F1})"
            + $"  CO2 {b.TrueCo2Percent:F2} % (SP {c.Co2.SetPointPercent:F1})  angle {b.TrueAngleDegrees:F1}°"
            + $"  alarms active {c.Alarms.CountActive()}  record seq {f.Record.LastDurableSequence}");
    }
}
