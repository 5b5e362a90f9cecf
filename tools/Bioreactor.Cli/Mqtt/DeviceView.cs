using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Bioreactor.Cli.Mqtt.DeviceResponse;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// What is known of one device from its messages (docs/mqtt-protocol.md): availability, the retained state, the last
/// telemetry, the birth and the link counters of a status answer. Updated from MQTTnet's delivery thread and read by the
/// drawing thread, under the owner's lock.
/// </summary>
internal sealed class DeviceView
{
    public DeviceView(string device)
    {
        Device = device;
    }

    public string Device { get; }

    /// <summary>"online", "offline" or null (never announced).</summary>
    public string Availability { get; set; }

    public string Firmware { get; set; }

    /// <summary>The state object, or null.</summary>
    public JsonElement? State { get; set; }

    /// <summary>The telemetry object, or null.</summary>
    public JsonElement? Telemetry { get; set; }

    /// <summary>The link counters of a status answer, or null.</summary>
    public JsonElement? Link { get; set; }

    /// <summary>Wall time of the last message from the device.</summary>
    public DateTime? LastHeardUtc { get; set; }

    /// <summary>Takes in one device message.</summary>
    public void Apply(DeviceMessage message)
    {
        LastHeardUtc = DateTime.UtcNow;
        switch (message.Kind)
        {
            case "availability":
                Availability = message.Text.Length == 0 ? null : message.Text;
                break;
            case "birth":
                Firmware = message.Json is { } birth ? StringOf(birth, "firmware") : Firmware;
                break;
            case "state":
                State = message.Json;
                break;
            case "telemetry":
                Telemetry = message.Json;
                break;
        }
    }

    /// <summary>Takes in a status answer (state, telemetry, link and firmware at once).</summary>
    public void Apply(DeviceResponse status)
    {
        JsonElement root = status.Root;
        LastHeardUtc = DateTime.UtcNow;
        Firmware = StringOf(root, "firmware") ?? Firmware;
        if (root.TryGetProperty("state", out JsonElement state) && state.ValueKind == JsonValueKind.Object)
        {
            State = state;
        }

        if (root.TryGetProperty("telemetry", out JsonElement telemetry) && telemetry.ValueKind == JsonValueKind.Object)
        {
            Telemetry = telemetry;
        }

        if (root.TryGetProperty("link", out JsonElement link) && link.ValueKind == JsonValueKind.Object)
        {
            Link = link;
        }

        Availability ??= "online";
    }

    /// <summary>Active alarms as "code (state, priority)", from the state.</summary>
    public List<string> Alarms()
    {
        var alarms = new List<string>();
        if (State is { } state && state.TryGetProperty("alarms", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement alarm in list.EnumerateArray())
            {
                alarms.Add($"{StringOf(alarm, "code")} ({StringOf(alarm, "state")}, {StringOf(alarm, "priority")})");
            }
        }

        return alarms;
    }

    /// <summary>The detailed one-shot view of <c>status</c>: one "label: value" line each.</summary>
    public void WriteDetails(TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine($"device:      {Device}{(Firmware != null ? " (firmware " + Firmware + ")" : string.Empty)}");
        o.WriteLine($"connection:  {Availability ?? "unknown (no availability seen)"}");
        if (State is not { } state)
        {
            o.WriteLine("state:       unknown (no retained state on the broker)");
            return;
        }

        string batch = StringOf(state, "batch");
        string recipe = state.TryGetProperty("recipe", out JsonElement r) && r.ValueKind == JsonValueKind.Object
            ? $", recipe {StringOf(r, "name")} v{IntegerOf(r, "version")?.ToString(c)}"
            : string.Empty;
        o.WriteLine($"batch:       {batch ?? "none"}{recipe}");
        o.WriteLine($"state:       {StringOf(state, "state")}");
        o.WriteLine($"phase:       {PhaseText(state)}{(state.TryGetProperty("awaitingConfirmation", out JsonElement a) && a.ValueKind == JsonValueKind.True ? " (awaiting confirmation: batch confirm)" : string.Empty)}");
        if (Telemetry is { } t)
        {
            o.WriteLine($"temperature: {TemperatureText(t)}");
            o.WriteLine($"plate:       {PlateText(t)}");
            o.WriteLine($"co2:         {Co2Text(t)}");
            o.WriteLine($"rocking:     {RockingText(t)}");
            o.WriteLine($"door:        {(t.TryGetProperty("doorOpen", out JsonElement door) && door.ValueKind == JsonValueKind.True ? "open" : "closed")}");
        }
        else
        {
            o.WriteLine("loops:       no telemetry yet");
        }

        List<string> alarms = Alarms();
        o.WriteLine($"alarms:      {(alarms.Count == 0 ? "none" : string.Join("; ", alarms))}");
        o.WriteLine($"record:      {(Flag(state, "recordOpen") ? "open" : "none open")}; autotune {(Flag(state, "autotuneActive") ? "active" : "off")}; events dropped {IntegerOf(state, "eventsDropped")?.ToString(c) ?? "?"}");
        if (Link is { } link)
        {
            o.WriteLine(string.Create(c,
                $"link:        {IntegerOf(link, "commandsReceived")} commands received, {IntegerOf(link, "commandsAccepted")} accepted, {IntegerOf(link, "commandsRefused")} refused; {IntegerOf(link, "connects")} connects"));
        }
    }

    /// <summary>
    /// The live table of <c>watch</c>: one row per device. Loop cells read "measured / set point, output" (heater or valve
    /// duty 0-1; a probe status instead of the value when the probe is not ok); rocking reads "rate/amplitude (set rate/set
    /// amplitude)".
    /// </summary>
    public static IRenderable Table(IEnumerable<DeviceView> devices, IReadOnlyList<string> recentEvents, string footer)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in new[] { "device", "link", "batch", "state", "phase", "temp °C", "CO2 %", "rocking", "alarms" })
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        foreach (DeviceView d in devices)
        {
            JsonElement state = d.State ?? default;
            bool hasState = d.State.HasValue;
            JsonElement t = d.Telemetry ?? default;
            bool hasTelemetry = d.Telemetry.HasValue;
            List<string> alarms = d.Alarms();
            string connection = d.Availability ?? "?";
            table.AddRow(
                Cell(d.Device),
                new Markup(connection == "online" ? "[green]online[/]" : "[red]" + Markup.Escape(connection) + "[/]"),
                Cell(hasState ? StringOf(state, "batch") ?? "-" : "?"),
                Cell(hasState ? StringOf(state, "state") : "?"),
                Cell(hasState ? PhaseText(state) : "?"),
                Cell(hasTelemetry ? Loop(t, "temperature", "measuredCelsius", "setPointCelsius", "heaterDutyFraction") : "-"),
                Cell(hasTelemetry ? Loop(t, "co2", "measuredPercent", "setPointPercent", "valveDutyFraction") : "-"),
                Cell(hasTelemetry ? RockingShort(t) : "-"),
                alarms.Count == 0 ? Cell("none") : new Markup("[yellow]" + Markup.Escape(string.Join("; ", alarms)) + "[/]"));
        }

        var rows = new List<IRenderable> { table };
        foreach (string line in recentEvents)
        {
            rows.Add(Cell(line));
        }

        if (footer != null)
        {
            rows.Add(new Markup("[grey]" + Markup.Escape(footer) + "[/]"));
        }

        return new Rows(rows);
    }

    /// <summary>One event as a line: time, device, kind and what happened.</summary>
    public static string EventLine(DeviceMessage message)
    {
        if (message.Json is not { } e)
        {
            return $"{message.Device}: event (unreadable)";
        }

        string time = IntegerOf(e, "utc") is { } utc
            ? DateTimeOffset.FromUnixTimeMilliseconds(utc).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "?";
        string kind = StringOf(e, "kind");
        string what = kind switch
        {
            "alarm" => $"alarm {StringOf(e, "code")} {StringOf(e, "transition")} -> {StringOf(e, "to")}{By(e)}",
            "state" => $"batch {StringOf(e, "batch")} {StringOf(e, "from")} -> {StringOf(e, "to")}{By(e)}",
            "phase" => $"phase {IntegerOf(e, "phase")?.ToString(CultureInfo.InvariantCulture)} {StringOf(e, "name")}",
            "action" => $"{StringOf(e, "action")} {StringOf(e, "outcome")}{By(e)}{(StringOf(e, "error") is { } err ? " (" + err + ")" : StringOf(e, "result") is { } res && res != "Accepted" ? " (" + res + ")" : string.Empty)}",
            "restored" => $"power restored after {IntegerOf(e, "outageMilliseconds")?.ToString(CultureInfo.InvariantCulture)} ms",
            _ => kind ?? "event",
        };
        return $"{time} {message.Device}: {what}";
    }

    private static string By(JsonElement e) => StringOf(e, "operator") is { } who ? " by " + who : string.Empty;

    private static IRenderable Cell(string text) => new Text(text ?? string.Empty);

    private static bool Flag(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.True;

    private static string PhaseText(JsonElement state)
    {
        long? phase = IntegerOf(state, "phase");
        if (phase is null or < 0)
        {
            return "-";
        }

        return phase.Value.ToString(CultureInfo.InvariantCulture) + " " + (StringOf(state, "phaseName") ?? string.Empty);
    }

    // The text of the object member <name> of t, or "-" when the message has none.
    private static string Member(JsonElement t, string name, Func<JsonElement, string> text) =>
        t.TryGetProperty(name, out JsonElement l) && l.ValueKind == JsonValueKind.Object ? text(l) : "-";

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    private static string Loop(JsonElement t, string loop, string measured, string setPoint, string output) => Member(t, loop, l =>
    {
        string status = StringOf(l, "status");
        string reading = status == null || status == "ok" ? Number(NumberOf(l, measured), "0.00") : status;
        return $"{reading} / {Number(NumberOf(l, setPoint), "0.0#")}, {Number(NumberOf(l, output), "0.000")}";
    });

    private static string TemperatureText(JsonElement t) => Member(t, "temperature", l =>
        $"{Number(NumberOf(l, "measuredCelsius"), "0.000")} °C (probe {StringOf(l, "status")}), set point {Number(NumberOf(l, "setPointCelsius"), "0.0##")} °C, heater duty {Number(NumberOf(l, "heaterDutyFraction"), "0.0000")}");

    private static string PlateText(JsonElement t) => Member(t, "plate", l =>
        $"{Number(NumberOf(l, "measuredCelsius"), "0.000")} °C (probe {StringOf(l, "status")}), set point {Number(NumberOf(l, "setPointCelsius"), "0.0##")} °C");

    private static string Co2Text(JsonElement t) => Member(t, "co2", l =>
        $"{Number(NumberOf(l, "measuredPercent"), "0.000")} % (sensor {StringOf(l, "status")}), set point {Number(NumberOf(l, "setPointPercent"), "0.0##")} %, valve duty {Number(NumberOf(l, "valveDutyFraction"), "0.0000")}");

    private static string RockingText(JsonElement t) => Member(t, "rocking", l =>
        $"{Number(NumberOf(l, "rateRpm"), "0.00")} rpm at {Number(NumberOf(l, "amplitudeDegrees"), "0.00")}° (set {Number(NumberOf(l, "setRateRpm"), "0.##")} rpm at {Number(NumberOf(l, "setAmplitudeDegrees"), "0.##")}°), angle {Number(NumberOf(l, "angleDegrees"), "0.00")}° ({StringOf(l, "angleStatus")})");

    private static string RockingShort(JsonElement t) => Member(t, "rocking", l =>
        $"{Number(NumberOf(l, "rateRpm"), "0.0")}/{Number(NumberOf(l, "amplitudeDegrees"), "0.0")} ({Number(NumberOf(l, "setRateRpm"), "0.#")}/{Number(NumberOf(l, "setAmplitudeDegrees"), "0.#")})");
}
