using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Bioreactor.FleetBench;

/// <summary>
/// CPU time of processes over a window: this process (devices and station together), the broker, and the browser's
/// process tree (chromedriver and every Chromium process below it). Linux /proc, read at the window's start and end.
/// </summary>
internal sealed class ProcessMeter
{
    // USER_HZ: the unit of /proc/<pid>/stat's utime and stime; 100 on every Linux architecture .NET runs on (proc(5)).
    private const double ClockTicksPerSecond = 100;

    private readonly int brokerId;
    private readonly int browserRootId;
    private readonly Stopwatch wall = new();
    private TimeSpan ownStart;
    private double brokerStart;
    private double browserStart;

    public ProcessMeter(int brokerId, int browserRootId)
    {
        this.brokerId = brokerId;
        this.browserRootId = browserRootId;
    }

    /// <summary>Starts the window.</summary>
    public void Start()
    {
        using Process self = Process.GetCurrentProcess();
        ownStart = self.TotalProcessorTime;
        brokerStart = CpuSeconds(brokerId);
        browserStart = browserRootId > 0 ? TreeCpuSeconds(browserRootId) : 0;
        wall.Restart();
    }

    /// <summary>CPU of the window in percent of one core: this process, the broker, the browser tree.</summary>
    public (double Own, double Broker, double Browser, double WallSeconds) Stop()
    {
        double seconds = wall.Elapsed.TotalSeconds;
        using Process self = Process.GetCurrentProcess();
        double own = (self.TotalProcessorTime - ownStart).TotalSeconds;
        double broker = CpuSeconds(brokerId) - brokerStart;
        double browser = browserRootId > 0 ? TreeCpuSeconds(browserRootId) - browserStart : 0;
        return (100 * own / seconds, 100 * broker / seconds, 100 * browser / seconds, seconds);
    }

    /// <summary>The machine's load average over the last minute (what else ran), or NaN.</summary>
    public static double LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static double CpuSeconds(int id)
    {
        string[] fields = StatFields(id);
        return fields == null ? 0 : (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    private static double TreeCpuSeconds(int root)
    {
        // Parent of every process, then the CPU of every descendant of the root (the root included).
        var children = new Dictionary<int, List<int>>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                continue;
            }

            string[] fields = StatFields(id);
            if (fields == null)
            {
                continue;
            }

            int parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!children.TryGetValue(parent, out List<int> list))
            {
                children[parent] = list = new List<int>();
            }

            list.Add(id);
        }

        double total = 0;
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            int id = pending.Pop();
            total += CpuSeconds(id);
            if (children.TryGetValue(id, out List<int> list))
            {
                foreach (int child in list)
                {
                    pending.Push(child);
                }
            }
        }

        return total;
    }

    // The fields of /proc/<pid>/stat after the command name (which may hold spaces): [0] state, [1] ppid, … [11] utime, [12] stime.
    private static string[] StatFields(int id)
    {
        try
        {
            string text = File.ReadAllText("/proc/" + id.ToString(CultureInfo.InvariantCulture) + "/stat");
            int close = text.LastIndexOf(')');
            return close < 0 ? null : text[(close + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
