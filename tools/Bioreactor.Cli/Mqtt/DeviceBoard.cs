using System;
using System.Collections.Generic;
using Spectre.Console.Rendering;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// Every device seen in one run and the last few events, fed from the connection's delivery thread and drawn from the
/// command's thread (one lock).
/// </summary>
internal sealed class DeviceBoard
{
    /// <summary>Events kept for display.</summary>
    public const int RecentEventCount = 8;

    private readonly object gate = new();
    private readonly SortedDictionary<string, DeviceView> views = new(StringComparer.Ordinal);
    private readonly List<string> events = new();
    private readonly string onlyDevice;

    /// <param name="onlyDevice">Show only this device; null for every device seen.</param>
    public DeviceBoard(string onlyDevice)
    {
        this.onlyDevice = onlyDevice;
        if (onlyDevice != null)
        {
            views[onlyDevice] = new DeviceView(onlyDevice);
        }
    }

    /// <summary>Messages taken in so far.</summary>
    public int MessageCount { get; private set; }

    /// <summary>Takes in a device message.</summary>
    public void Apply(DeviceMessage message)
    {
        if (onlyDevice != null && message.Device != onlyDevice)
        {
            return;
        }

        lock (gate)
        {
            MessageCount++;
            View(message.Device).Apply(message);
            if (message.Kind == "event")
            {
                events.Add(DeviceView.EventLine(message));
                if (events.Count > RecentEventCount)
                {
                    events.RemoveAt(0);
                }
            }
        }
    }

    /// <summary>Takes in a status answer.</summary>
    public void Apply(DeviceResponse status)
    {
        lock (gate)
        {
            MessageCount++;
            View(status.Device).Apply(status);
        }
    }

    /// <summary>The device ids seen (or the one asked for), sorted.</summary>
    public List<string> Devices()
    {
        lock (gate)
        {
            return new List<string>(views.Keys);
        }
    }

    /// <summary>Runs <paramref name="action"/> on a device's view under the lock.</summary>
    public T Read<T>(string device, Func<DeviceView, T> action)
    {
        lock (gate)
        {
            return action(View(device));
        }
    }

    /// <summary>The table of every device and the recent events.</summary>
    public IRenderable Render(string footer)
    {
        lock (gate)
        {
            return DeviceView.Table(views.Values, new List<string>(events), footer);
        }
    }

    private DeviceView View(string device)
    {
        if (!views.TryGetValue(device, out DeviceView view))
        {
            view = new DeviceView(device);
            views[device] = view;
        }

        return view;
    }
}
