using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Bioreactor.Control.Batch;
using Bioreactor.Simulator;
using Bioreactor.Virtual;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// The simulated device on a broker, in-process: the simulator's composition (<see cref="BatchSimulation"/>) with its MQTT
/// side (<see cref="SimulatorMqtt"/>) on an embedded broker on a free loopback port, the plant and firmware stepped on a
/// background thread at a paced multiple of real time (so commands arrive while the batch runs, as on a bench). The test
/// changes the pace, and runs actions on the simulation thread between ticks (<see cref="Do"/>), e.g. to inject a fault.
/// </summary>
internal sealed class SimulatedDevice : IDisposable
{
    public const int Seed = 11;

    private static readonly DateTime StartUtc = new(2026, 2, 2, 9, 0, 0, DateTimeKind.Utc);

    private readonly SimulatorMqtt mqtt;
    private readonly BatchSimulation sim;
    private readonly Thread thread;
    private readonly ConcurrentQueue<Action<BatchSimulation>> actions = new();
    private readonly ConcurrentQueue<string> log = new();
    private volatile bool stopping;
    private double speed;
    private volatile string batchState = "Idle";
    private volatile bool awaitingConfirmation;
    private long elapsedMilliseconds;

    /// <param name="recipeSeconds">The shipped recipe's timed phases scaled to this many simulated seconds.</param>
    /// <param name="speed">Simulated seconds per wall second at the start.</param>
    public SimulatedDevice(double recipeSeconds, double speed)
    {
        this.speed = speed;
        Folder = SimulatedRecord.NewFolder("device");
        Recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), recipeSeconds);
        RecipeFile = Path.Combine(Folder, "short.recipe");
        File.WriteAllText(RecipeFile, RecipeText.Write(Recipe));
        mqtt = new SimulatorMqtt(null, 0, BatchSimulation.LinkSettings(), line => log.Enqueue(line));
        sim = new BatchSimulation(PlantParameters.CreateDefault(), Seed, Path.Combine(Folder, "records"), Recipe, StartUtc, mqtt);
        sim.StartUp();
        thread = new Thread(Loop) { IsBackground = true, Name = "simulated-device" };
        thread.Start();
    }

    /// <summary>The test's folder (recipe file, the device's records, the test's outputs).</summary>
    public string Folder { get; }

    /// <summary>The scaled recipe the device's plant was warmed for.</summary>
    public Recipe Recipe { get; }

    /// <summary>The scaled recipe as a file, for <c>batch start --recipe</c>.</summary>
    public string RecipeFile { get; }

    /// <summary>The embedded broker, host:port.</summary>
    public string Broker => mqtt.BrokerEndpoint;

    /// <summary>Simulated seconds per wall second.</summary>
    public double Speed
    {
        get => Volatile.Read(ref speed);
        set => Volatile.Write(ref speed, value);
    }

    /// <summary>The batch state after the last step (ISA-88 name).</summary>
    public string BatchState => batchState;

    /// <summary>Whether the phase waits for an operator's confirmation, after the last step.</summary>
    public bool AwaitingConfirmation => awaitingConfirmation;

    /// <summary>Simulated seconds since the board started.</summary>
    public double ElapsedSeconds => Interlocked.Read(ref elapsedMilliseconds) / 1000.0;

    /// <summary>Whether the device's link is connected and has announced itself.</summary>
    public bool IsOnline => mqtt.Link?.IsOnline == true;

    /// <summary>The device's record file of a batch.</summary>
    public string RecordPath(string batchId) => Path.Combine(sim.RecordDirectory, batchId + ".bxr");

    /// <summary>Reads a record file the device may still hold open.</summary>
    public byte[] ReadRecord(string batchId)
    {
        using var stream = new FileStream(RecordPath(batchId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Runs <paramref name="action"/> on the simulation thread between two ticks and waits for it.</summary>
    public void Do(Action<BatchSimulation> action)
    {
        using var done = new ManualResetEventSlim();
        actions.Enqueue(s =>
        {
            action(s);
            done.Set();
        });
        if (!done.Wait(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("the simulation thread did not run the action");
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var wall = Stopwatch.StartNew();
        while (!condition())
        {
            if (wall.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    /// <summary>What the MQTT side logged (for failure messages).</summary>
    public string Log => string.Join("\n", log.ToArray());

    public void Dispose()
    {
        stopping = true;
        thread.Join(TimeSpan.FromSeconds(10));
        mqtt.Dispose();
        sim.Dispose();
        try
        {
            Directory.Delete(Folder, true);
        }
        catch (IOException)
        {
            // A file still open on a slow file system: the temporary folder is left behind.
        }
    }

    private void Loop()
    {
        // One simulated second per step of the loop (50 control ticks of 20 ms), paced against the wall clock.
        var wall = Stopwatch.StartNew();
        double paceSpeed = Speed;
        double simBase = 0;
        TimeSpan wallBase = TimeSpan.Zero;
        while (!stopping)
        {
            while (actions.TryDequeue(out Action<BatchSimulation> action))
            {
                action(sim);
            }

            for (int i = 0; i < 50; i++)
            {
                sim.Step();
            }

            BatchController batch = sim.Firmware.Batch;
            batchState = BatchNames.StateName(batch.State);
            awaitingConfirmation = batch.AwaitingConfirmation;
            Interlocked.Exchange(ref elapsedMilliseconds, (long)(sim.Board.ElapsedSeconds * 1000));

            double now = Speed;
            if (now != paceSpeed)
            {
                paceSpeed = now;
                simBase = sim.Board.ElapsedSeconds;
                wallBase = wall.Elapsed;
            }

            TimeSpan due = wallBase + TimeSpan.FromSeconds((sim.Board.ElapsedSeconds - simBase) / paceSpeed);
            TimeSpan ahead = due - wall.Elapsed;
            if (ahead > TimeSpan.Zero)
            {
                Thread.Sleep(ahead);
            }
        }
    }
}
