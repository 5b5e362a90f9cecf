using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Bioreactor.FleetBench;

/// <summary>
/// A mosquitto of the benchmark's own on a free loopback port, with a minimal configuration: one listener on 127.0.0.1,
/// anonymous clients allowed, no persistence, no access list. Enough for a load run on one machine; a plant's broker
/// has TLS, users and the access list of tools/mosquitto (which cost the broker per message, a bit, not measured here).
/// </summary>
internal sealed class MosquittoProcess : IDisposable
{
    private static readonly string[] SearchDirectories = { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/sbin" };
    private readonly string directory;
    private readonly StringBuilder output = new();
    private readonly Process process;

    /// <summary>Starts mosquitto (from <paramref name="path"/>, else the usual places) and waits until it accepts connections.</summary>
    public MosquittoProcess(string path = null)
    {
        string executable = path ?? Find();
        Port = Bioreactor.Host.Infrastructure.LoopbackPorts.Free();
        directory = Directory.CreateTempSubdirectory("fleetbench-mosquitto-").FullName;
        string config = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllText(config, string.Join('\n',
            "# Written by the fleet benchmark: loopback only, anonymous (benchmark only), nothing kept on disk.",
            "per_listener_settings false",
            "listener " + Port.ToString(CultureInfo.InvariantCulture) + " 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            // QoS 0 telemetry for a slow subscriber is queued, not dropped, up to this many messages (the station's
            // session must not lose a fleet's worth of telemetry to a short stall); drops would show as messages/s received < published.
            "max_queued_messages 100000",
            "") );
        process = new Process
        {
            StartInfo = new ProcessStartInfo(executable)
            {
                ArgumentList = { "-c", config },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var wait = Stopwatch.StartNew();
        while (!Accepts(Port))
        {
            if (process.HasExited || wait.Elapsed > TimeSpan.FromSeconds(10))
            {
                string log = Log;
                Dispose();
                throw new InvalidOperationException($"mosquitto did not start on port {Port}: {log}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The broker's process id (for its CPU figure).</summary>
    public int ProcessId => process.Id;

    /// <summary>What the broker wrote.</summary>
    public string Log
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Where mosquitto is: the usual directories of Debian and Homebrew, else an error naming the package.</summary>
    public static string Find()
    {
        foreach (string directory in SearchDirectories)
        {
            string candidate = Path.Combine(directory, "mosquitto");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("mosquitto not found: install the mosquitto package (Debian: apt-get install mosquitto)");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string line)
    {
        if (line != null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var socket = new TcpClient();
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
