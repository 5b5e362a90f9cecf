using System;
using System.Threading;
using Bioreactor.Mqtt.Tests;

namespace Bioreactor.Station.Tests.Browser;

/// <summary>
/// A simulated device that runs on its own thread (as a board does) while a browser test acts on the station: its
/// control and record thread is this class's, so the test reaches the firmware only through <see cref="Do"/>.
/// </summary>
internal sealed class LiveDevice : IDisposable
{
    private readonly object gate = new();
    private readonly Thread thread;
    private volatile bool stopping;

    public LiveDevice(SimulatedDevice device, double simulatedSecondsPerSlice = 0.5)
    {
        Device = device;
        thread = new Thread(() =>
        {
            while (!stopping)
            {
                lock (gate)
                {
                    Device.RunFor(simulatedSecondsPerSlice);
                }

                Thread.Sleep(1);
            }
        })
        { IsBackground = true, Name = "device " + device.DeviceId };
        thread.Start();
    }

    public SimulatedDevice Device { get; }

    /// <summary>Runs <paramref name="action"/> between two slices of the device's time.</summary>
    public T Do<T>(Func<SimulatedDevice, T> action)
    {
        lock (gate)
        {
            return action(Device);
        }
    }

    /// <summary>Runs <paramref name="action"/> between two slices of the device's time.</summary>
    public void Do(Action<SimulatedDevice> action)
    {
        lock (gate)
        {
            action(Device);
        }
    }

    public void Dispose()
    {
        stopping = true;
        thread.Join(TimeSpan.FromSeconds(30));
        Device.Dispose();
    }
}
