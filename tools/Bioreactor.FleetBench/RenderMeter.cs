using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Bioreactor.FleetBench;

/// <summary>
/// The station's render work as ASP.NET Core's Blazor metrics report it (meters named
/// <c>Microsoft.AspNetCore.Components…</c>): per instrument, how many measurements and their values, so the run can tell
/// the circuit's render time on the station from the browser's DOM work.
/// </summary>
internal sealed class RenderMeter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Dictionary<string, List<double>> values = new(StringComparer.Ordinal);
    private bool collecting;

    public RenderMeter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => Add(instrument.Name, value));
        listener.Start();
    }

    /// <summary>Starts (true) or stops noting measurements.</summary>
    public void Collect(bool on)
    {
        lock (values)
        {
            collecting = on;
        }
    }

    /// <summary>Every instrument's values noted while collecting.</summary>
    public Dictionary<string, List<double>> Values()
    {
        lock (values)
        {
            var copy = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, List<double>> pair in values)
            {
                copy[pair.Key] = new List<double>(pair.Value);
            }

            return copy;
        }
    }

    public void Dispose() => listener.Dispose();

    private void Add(string name, double value)
    {
        lock (values)
        {
            if (!collecting)
            {
                return;
            }

            if (!values.TryGetValue(name, out List<double> list))
            {
                values[name] = list = new List<double>();
            }

            list.Add(value);
        }
    }
}
