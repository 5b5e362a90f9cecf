using System;
using System.Buffers;
using System.Text.Json;

namespace Bioreactor.FleetBench;

/// <summary>One alarm of a simulated device's retained state (docs/mqtt-protocol.md, "State": <c>alarms</c>).</summary>
internal sealed record FleetAlarm(string Code, string State, string Priority, long SinceUtc);

/// <summary>
/// The device-to-broker payloads of docs/mqtt-protocol.md (birth, state, telemetry, alarm event), written with
/// System.Text.Json. The core's writer (firmware/Bioreactor.Control.Device/Link/LinkPayloads.cs) is internal to the device
/// assembly and reads a whole firmware's status snapshot, so a thousand light devices cannot use it; the field names and
/// their order follow the document's examples, which <c>FleetBenchPayloadTests</c> checks field by field.
/// </summary>
internal static class DevicePayloads
{
    /// <summary>The protocol version the payloads follow (docs/mqtt-protocol.md, title).</summary>
    public const int ProtocolVersion = 1;

    private static readonly JsonWriterOptions Compact = new() { Indented = false, SkipValidation = false };

    /// <summary>The birth object.</summary>
    public static byte[] Birth(long seq, string device, string firmware, string batch, string state, int phase, long bootUtc, string session, long connects) =>
        Write(w =>
        {
            w.WriteNumber("seq", seq);
            w.WriteString("device", device);
            w.WriteString("firmware", firmware);
            w.WriteNumber("protocol", ProtocolVersion);
            w.WriteString("batch", batch);
            w.WriteString("state", state);
            w.WriteNumber("phase", phase);
            w.WriteNumber("bootUtc", bootUtc);
            w.WriteString("session", session);
            w.WriteNumber("connects", connects);
        });

    /// <summary>The retained state object of a running batch.</summary>
    public static byte[] State(long seq, long utc, string batch, string recipeName, int recipeVersion, string state, int phase, string phaseName,
        double temperatureCelsius, double co2Percent, double rockingRateRpm, double rockingAmplitudeDegrees, FleetAlarm[] alarms) =>
        Write(w =>
        {
            w.WriteNumber("seq", seq);
            w.WriteNumber("utc", utc);
            w.WriteBoolean("utcSynchronized", true);
            w.WriteString("batch", batch);
            w.WriteStartObject("recipe");
            w.WriteString("name", recipeName);
            w.WriteNumber("version", recipeVersion);
            w.WriteEndObject();
            w.WriteString("state", state);
            w.WriteNumber("phase", phase);
            w.WriteString("phaseName", phaseName);
            w.WriteBoolean("awaitingConfirmation", false);
            w.WriteStartObject("setPoints");
            w.WriteNumber("temperatureCelsius", temperatureCelsius);
            w.WriteNumber("co2Percent", co2Percent);
            w.WriteNumber("rockingRateRpm", rockingRateRpm);
            w.WriteNumber("rockingAmplitudeDegrees", rockingAmplitudeDegrees);
            w.WriteEndObject();
            w.WriteStartArray("alarms");
            foreach (FleetAlarm alarm in alarms)
            {
                w.WriteStartObject();
                w.WriteString("code", alarm.Code);
                w.WriteString("state", alarm.State);
                w.WriteString("priority", alarm.Priority);
                w.WriteNumber("sinceUtc", alarm.SinceUtc);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("autotuneActive", false);
            w.WriteBoolean("recordOpen", true);
            w.WriteNumber("eventsDropped", 0);
        });

    /// <summary>The telemetry object; <paramref name="utc"/> is the publisher's wall clock at publication (ms).</summary>
    public static byte[] Telemetry(long seq, long utc, double liquidCelsius, double temperatureSetPointCelsius, double heaterDuty, double plateCelsius,
        double plateSetPointCelsius, double co2Percent, double co2SetPointPercent, double valveDuty, double rateRpm, double amplitudeDegrees,
        double setRateRpm, double setAmplitudeDegrees, double angleDegrees, bool doorOpen, int alarmsActive, int alarmsUnacknowledged, string highestPriority,
        string recordBatch, long recordSequence, string recordMac) =>
        Write(w =>
        {
            // Decimals as the device writes them (docs/mqtt-protocol.md, "Time and numbers"): temperatures and CO2 3, duties 4, rocking 2.
            w.WriteNumber("seq", seq);
            w.WriteNumber("utc", utc);
            w.WriteBoolean("utcSynchronized", true);
            w.WriteStartObject("temperature");
            w.WriteNumber("measuredCelsius", Math.Round(liquidCelsius, 3));
            w.WriteString("status", "ok");
            w.WriteNumber("setPointCelsius", Math.Round(temperatureSetPointCelsius, 3));
            w.WriteNumber("heaterDutyFraction", Math.Round(heaterDuty, 4));
            w.WriteEndObject();
            w.WriteStartObject("plate");
            w.WriteNumber("measuredCelsius", Math.Round(plateCelsius, 3));
            w.WriteString("status", "ok");
            w.WriteNumber("setPointCelsius", Math.Round(plateSetPointCelsius, 3));
            w.WriteEndObject();
            w.WriteStartObject("co2");
            w.WriteNumber("measuredPercent", Math.Round(co2Percent, 3));
            w.WriteString("status", "ok");
            w.WriteNumber("setPointPercent", Math.Round(co2SetPointPercent, 3));
            w.WriteNumber("valveDutyFraction", Math.Round(valveDuty, 4));
            w.WriteEndObject();
            w.WriteStartObject("rocking");
            w.WriteNumber("rateRpm", Math.Round(rateRpm, 2));
            w.WriteNumber("amplitudeDegrees", Math.Round(amplitudeDegrees, 2));
            w.WriteNumber("setRateRpm", Math.Round(setRateRpm, 2));
            w.WriteNumber("setAmplitudeDegrees", Math.Round(setAmplitudeDegrees, 2));
            w.WriteNumber("angleDegrees", Math.Round(angleDegrees, 2));
            w.WriteString("angleStatus", "ok");
            w.WriteEndObject();
            w.WriteBoolean("doorOpen", doorOpen);
            w.WriteBoolean("heaterSupplyClosed", true);
            w.WriteBoolean("co2ShutOffOpen", true);
            w.WriteNumber("alarmsActive", alarmsActive);
            w.WriteNumber("alarmsUnacknowledged", alarmsUnacknowledged);
            w.WriteString("highestPriority", highestPriority);

            // The head of the record's chain (docs/mqtt-protocol.md, "Witnessing the chain head"), or null with no record.
            if (recordBatch == null)
            {
                w.WriteNull("record");
            }
            else
            {
                w.WriteStartObject("record");
                w.WriteString("batch", recordBatch);
                w.WriteNumber("sequence", recordSequence);
                w.WriteString("mac", recordMac);
                w.WriteBoolean("closed", false); // a fake device's batch runs throughout the load run
                w.WriteEndObject();
            }
        });

    /// <summary>An alarm event (docs/mqtt-protocol.md, "Events": kind <c>alarm</c>).</summary>
    public static byte[] AlarmEvent(long seq, long eventNumber, long utc, string code, string transition, string from, string to, string priority,
        double value, string operatorId, long alarmSequence) =>
        Write(w =>
        {
            w.WriteNumber("seq", seq);
            w.WriteNumber("event", eventNumber);
            w.WriteNumber("utc", utc);
            w.WriteString("kind", "alarm");
            w.WriteString("code", code);
            w.WriteString("transition", transition);
            w.WriteString("from", from);
            w.WriteString("to", to);
            w.WriteString("priority", priority);
            w.WriteNumber("value", Math.Round(value, 3));
            if (operatorId == null)
            {
                w.WriteNull("operator");
            }
            else
            {
                w.WriteString("operator", operatorId);
            }

            w.WriteNumber("alarmSequence", alarmSequence);
        });

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(768);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
