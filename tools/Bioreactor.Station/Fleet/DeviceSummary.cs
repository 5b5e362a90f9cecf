using System;
using System.Collections.Generic;

namespace Bioreactor.Station.Fleet;

/// <summary>One loop's reading as the last telemetry gave it (docs/mqtt-protocol.md, "Telemetry").</summary>
/// <param name="Measured">The measured value; null unless the probe's status is ok.</param>
/// <param name="Status">The probe's status word (<c>ok</c>, <c>open_circuit</c>, …).</param>
/// <param name="SetPoint">The set point applied now; null while the loop is off.</param>
/// <param name="Output">The heater or valve duty, 0–1; null where the loop has none.</param>
public sealed record LoopReading(double? Measured, string Status, double? SetPoint, double? Output)
{
    /// <summary>No reading yet.</summary>
    public static readonly LoopReading None = new(null, null, null, null);
}

/// <summary>An alarm not in <c>normal</c>, as the retained state lists it (ISA-18.2 state and priority).</summary>
public sealed record AlarmView(string Code, string State, string Priority, long? SinceUtc)
{
    /// <summary>Whether nobody has acknowledged it yet (ISA-18.2: unacknowledged, active or returned).</summary>
    public bool Unacknowledged => State != null && State.Contains("unacknowledged", StringComparison.Ordinal);
}

/// <summary>
/// The head of a device's record chain as announced in its telemetry: the last durable entry's sequence and MAC;
/// <see cref="Closed"/> when it is the closed record's final head.
/// </summary>
public sealed record RecordHead(string Batch, long Sequence, string Mac, bool Closed);

/// <summary>One message a device published about its batch (an event), as the device page lists it.</summary>
/// <param name="Utc">The device's time of the event.</param>
/// <param name="Kind">The event's kind (<c>alarm</c>, <c>state</c>, <c>phase</c>, <c>action</c>, <c>lockout</c>, <c>restored</c>).</param>
/// <param name="Text">A one-line description built from its fields.</param>
/// <param name="Abnormal">Whether it reports something abnormal (an alarm raised, a refusal, a lockout, a power cut).</param>
public sealed record DeviceEvent(DateTime Utc, string Kind, string Text, bool Abnormal);

/// <summary>
/// What the station knows of one device, from its retained availability and state, its birth, its last telemetry and its
/// events. Immutable: the monitor replaces it on every message, so a page renders a consistent copy.
/// </summary>
public sealed record DeviceSummary(string Id)
{
    /// <summary>The retained availability: <c>online</c>, <c>offline</c>, or null before the first.</summary>
    public string Availability { get; init; }

    /// <summary>The firmware version of the last birth message.</summary>
    public string Firmware { get; init; }

    /// <summary>The device's session nonce (the last birth's or state's), which every signed command covers.</summary>
    public string Session { get; init; }

    /// <summary>When the station last heard from the device (station clock, UTC).</summary>
    public DateTime LastHeardUtc { get; init; }

    /// <summary>The batch in progress (null when idle).</summary>
    public string Batch { get; init; }

    /// <summary>The batch's recipe name and version.</summary>
    public string Recipe { get; init; }

    /// <summary>The ISA-88 batch state (<c>Idle</c>, <c>Running</c>, <c>Held</c>, …).</summary>
    public string State { get; init; }

    /// <summary>The current phase's index (-1 idle) and name.</summary>
    public int Phase { get; init; } = -1;

    /// <summary>The current phase's name.</summary>
    public string PhaseName { get; init; }

    /// <summary>Whether the phase waits for an operator's confirmation.</summary>
    public bool AwaitingConfirmation { get; init; }

    /// <summary>Whether a batch record is being written.</summary>
    public bool RecordOpen { get; init; }

    /// <summary>Where the batch drives liquid temperature, °C.</summary>
    public double? TemperatureSetPointCelsius { get; init; }

    /// <summary>Where the batch drives CO2, %.</summary>
    public double? Co2SetPointPercent { get; init; }

    /// <summary>Where the batch drives the rocking rate, rpm.</summary>
    public double? RockingRateSetPointRpm { get; init; }

    /// <summary>Where the batch drives the rocking amplitude, degrees.</summary>
    public double? RockingAmplitudeSetPointDegrees { get; init; }

    /// <summary>Every alarm not in normal, worst first.</summary>
    public IReadOnlyList<AlarmView> Alarms { get; init; } = Array.Empty<AlarmView>();

    /// <summary>Liquid temperature, °C.</summary>
    public LoopReading Liquid { get; init; } = LoopReading.None;

    /// <summary>Plate temperature, °C.</summary>
    public LoopReading Plate { get; init; } = LoopReading.None;

    /// <summary>CO2, %.</summary>
    public LoopReading Co2 { get; init; } = LoopReading.None;

    /// <summary>Measured rocking rate, rpm (null until a cycle was measured).</summary>
    public double? RockingRateRpm { get; init; }

    /// <summary>Measured rocking amplitude, degrees.</summary>
    public double? RockingAmplitudeDegrees { get; init; }

    /// <summary>Whether the door is open (null before the first telemetry).</summary>
    public bool? DoorOpen { get; init; }

    /// <summary>The device time of the last telemetry.</summary>
    public DateTime? TelemetryUtc { get; init; }

    /// <summary>The record chain's head as last announced, or null.</summary>
    public RecordHead Head { get; init; }

    /// <summary>The most severe active or unacknowledged alarm, or null.</summary>
    public AlarmView WorstAlarm => Alarms.Count > 0 ? Alarms[0] : null;

    /// <summary>Whether the device is offline (its will, or a clean disconnect).</summary>
    public bool Offline => Availability == "offline";
}
