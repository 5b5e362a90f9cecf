using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Bioreactor.Control.Records;
using Bioreactor.Simulator;
using Bioreactor.Host.Infrastructure.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// Power-loss safety of the whole firmware, end to end: the built simulator runs the shipped recipe as a batch and is
/// killed with SIGKILL (Process.Kill, entire tree) at seeded random moments, then restarted on the same record directory.
/// Every restart must resume the batch, and at the end the record must verify and hold every entry the simulator had
/// announced as durable ("durable N" lines are printed only after the entries are flushed).
/// </summary>
[TestClass]
public class PowerCutTests
{
    private const int Kills = 50;
    private const int Seed = 20261123;

    private sealed class SequenceSink : IRecordEntrySink
    {
        public readonly HashSet<long> Sequences = new();

        public void OnEntry(RecordFrame frame) => Sequences.Add(frame.Sequence);
    }

    [TestMethod]
    [DoNotParallelize]
    [Timeout(240000)]
    public void KilledAtRandomMomentsTheBatchResumesAndNoDurableEntryIsLost()
    {
        string simulator = Path.Combine(AppContext.BaseDirectory, "bioreactor-sim.dll");
        Assert.IsTrue(File.Exists(simulator), "the built simulator next to the tests: " + simulator);
        string directory = Path.Combine(Path.GetTempPath(), "bioreactor-powercut-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"power-cut test: seed {Seed}, {Kills} kills, records in {directory}");
        var random = new Random(Seed);
        var durable = new List<long>();
        var wall = Stopwatch.StartNew();
        try
        {
            // Run 0 starts the batch; every run, the first included, is killed, so there are Kills + 1 kills and Kills restarts.
            for (int run = 0; run <= Kills; run++)
            {
                // Kill 0–600 ms after the first durable line of this run (the process is appending by then).
                int delayMilliseconds = random.Next(0, 600);
                List<string> lines = RunAndKill(simulator, directory, delayMilliseconds);
                string expected = run == 0 ? "started batch " : "resumed batch ";
                bool announced = lines.Exists(l => l.StartsWith(expected, StringComparison.Ordinal));
                Assert.IsTrue(announced, $"run {run} (seed {Seed}, delay {delayMilliseconds} ms): no '{expected}' line; output:\n"
                    + string.Join("\n", lines));
                foreach (string line in lines)
                {
                    if (line.StartsWith("durable ", StringComparison.Ordinal))
                    {
                        durable.Add(long.Parse(line.Substring(8), System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }

            Assert.IsTrue(durable.Count >= Kills, "durable lines printed: " + durable.Count);
            long announcedLast = 0;
            foreach (long sequence in durable)
            {
                announcedLast = Math.Max(announcedLast, sequence);
            }

            using var storage = new FileRecordStorage(directory, false);
            string[] records = storage.ListRecords();
            Assert.AreEqual(1, records.Length, "one batch, one record");
            Assert.IsTrue(storage.Open(records[0]));
            var sink = new SequenceSink();
            using var mac = new HostHmacSha256Authenticator(BatchSimulation.SimulatorKey());
            RecordVerification verification = RecordVerifier.Verify(storage, mac, announcedLast, sink);
            long bytes = storage.Length;
            storage.Close();
            Console.WriteLine($"{Kills + 1} kills in {wall.Elapsed.TotalSeconds:F1} s; record {bytes} bytes; {verification.Describe()}; "
                + $"highest durable {announcedLast}, {durable.Count} durable lines, "
                + $"{verification.CountOf(RecordEntryType.Recovery)} recovery entries");

            // The last run was killed too: a torn tail after it is expected (the next start cuts it); nothing else is.
            Assert.IsTrue(verification.Finding == RecordFinding.None || verification.Finding == RecordFinding.TornTail,
                verification.Describe());
            Assert.AreEqual(0L, verification.MissingAnnouncedEntries, "truncation against the highest durable sequence");
            foreach (long sequence in durable)
            {
                Assert.IsTrue(sink.Sequences.Contains(sequence), $"durable entry {sequence} is in the record (seed {Seed})");
            }

            Assert.IsTrue(verification.CountOf(RecordEntryType.Recovery) >= 2L * Kills, "PowerRestored and BatchRestored per restart");
        }
        finally
        {
            try
            {
                Directory.Delete(directory, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Cut during record recovery at start-up and in every timed phase, the simulator's own batch resumes each time, its
    /// simulated technician acknowledges the power interruption, and the last run, resumed in the last timed phase, ends
    /// by itself when the harvest awaits its confirmation: harvest confirmed, batch released, record closed and verified.
    /// (A resumed run used to ignore the batch's end and run on for ever.)
    /// </summary>
    [TestMethod]
    [DoNotParallelize]
    [Timeout(240000)]
    public void CutInEveryPhaseTheResumedBatchStillEndsAndIsReleased()
    {
        string simulator = Path.Combine(AppContext.BaseDirectory, "bioreactor-sim.dll");
        string directory = Path.Combine(Path.GetTempPath(), "bioreactor-phasecut-" + Guid.NewGuid().ToString("N"));
        var cuts = new (string What, Func<string, bool> When)[]
        {
            ("activation-static", line => line.Contains(" activation-static ", StringComparison.Ordinal)),
            ("record recovery at start-up", line => line.StartsWith("records in ", StringComparison.Ordinal)),
            ("expansion-10rpm", line => line.Contains(" expansion-10rpm ", StringComparison.Ordinal)),
            ("expansion-15rpm", line => line.Contains(" expansion-15rpm ", StringComparison.Ordinal)),
        };
        try
        {
            for (int run = 0; run < cuts.Length; run++)
            {
                var (lines, exited) = Run(simulator, directory, cuts[run].When, TimeSpan.FromSeconds(60));
                Assert.IsFalse(exited, $"run {run} ended before its cut ({cuts[run].What}):\n" + string.Join("\n", lines));
                if (run > 0 && cuts[run].What != "record recovery at start-up")
                {
                    Assert.IsTrue(lines.Exists(l => l.StartsWith("resumed batch ", StringComparison.Ordinal)), $"run {run} resumed:\n" + string.Join("\n", lines));
                }
            }

            var (last, ended) = Run(simulator, directory, _ => false, TimeSpan.FromSeconds(90));
            string output = string.Join("\n", last);
            Assert.IsTrue(ended, "the last run ended by itself at the batch's end:\n" + output);
            Assert.IsTrue(last.Exists(l => l.StartsWith("resumed batch ", StringComparison.Ordinal)), "resumed:\n" + output);
            Assert.IsTrue(last.Exists(l => l.StartsWith("acknowledge power interruption (signed by tech.sim): accepted", StringComparison.Ordinal)), "acknowledged:\n" + output);
            Assert.IsTrue(last.Exists(l => l.StartsWith("confirm harvest (signed by tech.sim): accepted", StringComparison.Ordinal)), "harvest confirmed:\n" + output);
            Assert.IsTrue(last.Exists(l => l.StartsWith("release (signed by qa.sim): accepted", StringComparison.Ordinal)), "released:\n" + output);
            Assert.IsTrue(last.Exists(l => l.Contains(", closed; verification: ", StringComparison.Ordinal)
                && l.Contains("intact", StringComparison.Ordinal)), "record closed and intact:\n" + output);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Runs the simulator until a line satisfies <paramref name="killWhen"/> (then kills it) or it ends.</summary>
    private static (List<string> Lines, bool Exited) Run(string simulator, string directory, Func<string, bool> killWhen, TimeSpan timeout)
    {
        var lines = new List<string>();
        using var cut = new ManualResetEventSlim(false);
        using Process process = StartSimulator(simulator, directory, false, lines, line =>
        {
            if (killWhen(line))
            {
                cut.Set();
            }
        }, () => { });
        var wall = Stopwatch.StartNew();
        bool exited = false;
        while (wall.Elapsed < timeout)
        {
            if (cut.Wait(20))
            {
                break;
            }

            if (process.HasExited)
            {
                exited = true;
                break;
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        exited = exited || (!cut.IsSet && process.ExitCode == 0);
        lock (lines)
        {
            return (new List<string>(lines), exited);
        }
    }

    private static List<string> RunAndKill(string simulator, string directory, int delayMilliseconds)
    {
        var lines = new List<string>();
        using var firstDurable = new ManualResetEventSlim(false);
        using Process process = StartSimulator(simulator, directory, true, lines, line =>
        {
            if (line.StartsWith("durable ", StringComparison.Ordinal))
            {
                firstDurable.Set();
            }
        }, firstDurable.Set);
        Assert.IsTrue(firstDurable.Wait(TimeSpan.FromSeconds(30)), "the simulator printed no durable line within 30 s");
        Thread.Sleep(delayMilliseconds);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        lock (lines)
        {
            return new List<string>(lines);
        }
    }

    /// <summary>
    /// Starts the simulator on the record directory (2 days at 3600×, plain output, its broker on a free port; with
    /// <paramref name="durableLines"/> a line per durable entry): every output line goes into <paramref name="lines"/>
    /// (stderr's prefixed) and stdout's to <paramref name="onLine"/>; <paramref name="onEnd"/> when stdout closes.
    /// </summary>
    private static Process StartSimulator(string simulator, string directory, bool durableLines, List<string> lines,
        Action<string> onLine, Action onEnd)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { simulator, "--record-dir", directory, "--duration", "2d", "--speed", "3600", "--plain", "--no-station" })
        {
            info.ArgumentList.Add(argument);
        }

        if (durableLines)
        {
            info.ArgumentList.Add("--durable-lines");
        }

        info.ArgumentList.Add("--broker-port");
        info.ArgumentList.Add("0");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                onEnd();
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            onLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (lines)
                {
                    lines.Add("stderr: " + e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
