using System;
using System.Diagnostics;
using System.Threading;

namespace Bioreactor.Simulator;

/// <summary>
/// The simulated device's control and record work on a thread of its own, as on the board: steps plant and device
/// (commands run in its record service) until disposed, either as fast as the machine allows or one 20 ms tick per 20 ms
/// of wall time. For load runs and benchmarks that talk to the device from other threads.
/// </summary>
public sealed class ControlThread : IDisposable
{
    private readonly Thread thread;
    private volatile bool stopping;

    /// <summary>Starts stepping <paramref name="sim"/>; <paramref name="realTime"/> paces it at the board's tick rate.</summary>
    public ControlThread(BatchSimulation sim, bool realTime)
    {
        ArgumentNullException.ThrowIfNull(sim);
        double tickMilliseconds = new Bioreactor.Control.BioreactorControllerSettings().TickSeconds * 1000;
        thread = new Thread(() =>
        {
            var wall = Stopwatch.StartNew();
            long ticks = 0;
            while (!stopping)
            {
                sim.Step();
                ticks++;
                double aheadMilliseconds = (ticks * tickMilliseconds) - wall.Elapsed.TotalMilliseconds;
                if (realTime && aheadMilliseconds > 0)
                {
                    Thread.Sleep(TimeSpan.FromMilliseconds(aheadMilliseconds));
                }
            }
        })
        { IsBackground = true, Name = "device-control" };
        thread.Start();
    }

    /// <summary>Stops stepping and waits for the thread.</summary>
    public void Dispose()
    {
        stopping = true;
        thread.Join();
    }
}
