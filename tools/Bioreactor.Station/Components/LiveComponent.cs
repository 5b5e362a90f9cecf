using System;
using System.Threading;
using Bioreactor.Station.Fleet;
using Microsoft.AspNetCore.Components;

namespace Bioreactor.Station.Components;

/// <summary>
/// A page that follows the fleet: a device message marks it stale, and it renders again at most every
/// <see cref="RefreshPeriod"/>, so a message reaches the browser well within a second while a busy fleet cannot flood the
/// circuit with renders.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    /// <summary>The longest a change waits before the page renders it.</summary>
    protected static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(250);

    private Timer timer;
    private int stale;

    /// <summary>The station's fleet monitor.</summary>
    [Inject]
    protected FleetMonitor Fleet { get; set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Fleet.DeviceChanged -= OnDeviceChanged;
        timer?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// True while the page is the server's first render, before its live connection (the circuit) is up: its controls are
    /// shown disabled then, since a click, a typed value or a chosen file would be lost without a word.
    /// </summary>
    protected bool Connecting => !RendererInfo.IsInteractive;

    /// <summary>Whether a change of <paramref name="device"/> concerns this page.</summary>
    protected virtual bool Follows(string device) => true;

    /// <summary>Called before each live render (to refresh charts and the like).</summary>
    protected virtual System.Threading.Tasks.Task OnLiveChangeAsync() => System.Threading.Tasks.Task.CompletedTask;

    /// <inheritdoc/>
    protected override void OnInitialized()
    {
        Fleet.DeviceChanged += OnDeviceChanged;
        timer = new Timer(_ => Refresh(), null, RefreshPeriod, RefreshPeriod);
    }

    private void OnDeviceChanged(string device)
    {
        if (Follows(device))
        {
            Interlocked.Exchange(ref stale, 1);
        }
    }

    private void Refresh()
    {
        if (Interlocked.Exchange(ref stale, 0) == 1)
        {
            _ = InvokeAsync(async () =>
            {
                await OnLiveChangeAsync();
                StateHasChanged();
            });
        }
    }
}
