using System.Collections.Generic;
using System.IO;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.BatchRecords;

/// <summary>
/// Writes a record as four CSV files (samples, events, alarms, audit trail), one header row each, UTC ISO 8601 times,
/// invariant numbers, empty cells for missing values. The columns are documented in the tool's README.md.
/// </summary>
public static class CsvExport
{
    public const string SamplesFile = "samples.csv";
    public const string EventsFile = "events.csv";
    public const string AlarmsFile = "alarms.csv";
    public const string AuditFile = "audit.csv";

    private static readonly string[] EntryColumns = { "sequence", "utc", "utc_synchronized", "monotonic_ms" };

    public static readonly string[] SampleColumns = Concat(EntryColumns,
        "batch_state", "phase_index", "phase_name",
        "liquid_temperature_celsius", "liquid_set_point_celsius", "plate_temperature_celsius", "plate_set_point_celsius",
        "heater_duty_fraction", "co2_percent", "co2_set_point_percent", "valve_duty_fraction",
        "rocking_rate_rpm", "rocking_rate_set_point_rpm", "rocking_amplitude_degrees", "rocking_amplitude_set_point_degrees",
        "platform_angle_degrees", "angle_error_rms_degrees", "drive_speed_degrees_per_second",
        "liquid_probe_status", "plate_probe_status", "co2_sensor_status", "angle_sensor_status",
        "temperature_mode", "co2_mode", "rocking_mode",
        "door_open", "heater_on", "valve_open", "drive_enabled", "temperature_control", "co2_control", "rocking_enabled",
        "unacknowledged_alarm", "highest_alarm_priority", "active_alarm_count");

    public static readonly string[] EventColumns = Concat(EntryColumns,
        "kind", "from_state", "to_state", "from_phase_index", "to_phase_index", "phase_name", "planned_duration_s",
        "batch_event_number", "operator_id", "cause");

    public static readonly string[] AlarmColumns = Concat(EntryColumns,
        "alarm_event_number", "alarm_code", "alarm", "priority", "transition", "from_state", "to_state", "event_monotonic_ms",
        "value", "operator_reference");

    public static readonly string[] AuditColumns = Concat(EntryColumns,
        "kind", "who", "role", "action", "target", "old_value", "new_value", "reason", "outcome", "result",
        "batch_event_number", "deviation", "details", "signature", "signer_name", "meaning", "signed_at", "signature_mac");

    /// <summary>Row counts of the files written.</summary>
    public sealed record Counts(int Samples, int Events, int Alarms, int Audit);

    /// <summary>Writes the four files into <paramref name="folder"/> (created if missing).</summary>
    public static Counts Write(BatchRecord record, string folder)
    {
        Directory.CreateDirectory(folder);
        return new Counts(WriteSamples(record, Path.Combine(folder, SamplesFile)), WriteEvents(record, Path.Combine(folder, EventsFile)),
            WriteAlarms(record, Path.Combine(folder, AlarmsFile)), WriteAudit(record, Path.Combine(folder, AuditFile)));
    }

    private static int WriteSamples(BatchRecord record, string path)
    {
        var context = new BatchContext(record);
        using var csv = new CsvWriter(path, SampleColumns);
        foreach (Recorded<RecordSample> r in record.Samples)
        {
            RecordSample s = r.Value;
            BatchContext.At at = context.Find(r.Entry.Position);
            csv.Row(Concat(Entry(r.Entry),
                at.State, at.PhaseIndex < 0 ? string.Empty : RecordNames.Integer(at.PhaseIndex), at.PhaseName,
                T(s.LiquidCelsius), T(s.LiquidSetPointCelsius), T(s.PlateCelsius), T(s.PlateSetPointCelsius),
                D(s.HeaterDutyFraction), T(s.Co2Percent), T(s.Co2SetPointPercent), D(s.ValveDutyFraction),
                T(s.RockingRateRpm), T(s.RockingRateSetPointRpm), T(s.RockingAmplitudeDegrees), T(s.RockingAmplitudeSetPointDegrees),
                T(s.AngleDegrees), T(s.AngleErrorRmsDegrees), T(s.DriveSpeedDegreesPerSecond),
                RecordNames.SensorStatus(s.LiquidStatus), RecordNames.SensorStatus(s.PlateStatus), RecordNames.SensorStatus(s.Co2Status),
                RecordNames.SensorStatus(s.AngleStatus),
                RecordNames.TemperatureMode(s.TemperatureMode), RecordNames.Co2Mode(s.Co2Mode), RecordNames.RockingMode(s.RockingMode),
                Flag(s, RecordSample.FlagDoorOpen), Flag(s, RecordSample.FlagHeaterOn), Flag(s, RecordSample.FlagValveOpen),
                Flag(s, RecordSample.FlagDriveEnabled), Flag(s, RecordSample.FlagTemperatureControl), Flag(s, RecordSample.FlagCo2Control),
                Flag(s, RecordSample.FlagRocking), Flag(s, RecordSample.FlagUnacknowledgedAlarm),
                RecordNames.AlarmPriority(s.HighestAlarmPriority), RecordNames.Integer(s.ActiveAlarmCount)));
        }

        return csv.Rows;
    }

    private static int WriteEvents(BatchRecord record, string path)
    {
        using var csv = new CsvWriter(path, EventColumns);
        foreach (EventItem e in RecordTables.Events(record))
        {
            csv.Row(Concat(Entry(e.Entry), e.Kind, e.FromState, e.ToState, Optional(e.FromPhase), Optional(e.ToPhase), e.PhaseName,
                e.PlannedDurationSeconds is { } planned ? RecordNames.Number(planned, 3) : string.Empty,
                Optional(e.BatchEventNumber), e.OperatorId, e.Cause));
        }

        return csv.Rows;
    }

    private static int WriteAlarms(BatchRecord record, string path)
    {
        using var csv = new CsvWriter(path, AlarmColumns);
        foreach (Recorded<AlarmTransition> r in record.AlarmTransitions)
        {
            AlarmTransition t = r.Value;
            csv.Row(Concat(Entry(r.Entry), RecordNames.Integer(t.Sequence), RecordNames.AlarmCode(t.Id), RecordNames.AlarmDescription(t.Id),
                RecordNames.AlarmPriority(t.Id), RecordNames.AlarmKind(t.Kind), RecordNames.AlarmState(t.From), RecordNames.AlarmState(t.To),
                RecordNames.Integer(t.TimeMilliseconds), RecordTables.AlarmValue(t), RecordNames.Integer(t.OperatorReference)));
        }

        return csv.Rows;
    }

    private static int WriteAudit(BatchRecord record, string path)
    {
        using var csv = new CsvWriter(path, AuditColumns);
        foreach (AuditItem a in RecordTables.Audit(record))
        {
            csv.Row(Concat(Entry(a.Entry), a.Kind, a.Who, a.Role, a.Action, a.Target, a.OldValue, a.NewValue, a.Reason, a.Outcome,
                a.Result, Optional(a.BatchEventNumber), RecordNames.Boolean(a.Deviation), a.Details, a.Signature, a.SignerName,
                a.Meaning, a.SignedAt, a.SignatureMac));
        }

        return csv.Rows;
    }

    private static string[] Entry(EntryInfo e) =>
        new[] { RecordNames.Integer(e.Sequence), RecordNames.Utc(e.UtcUnixMilliseconds), RecordNames.Boolean(e.UtcSynchronized), RecordNames.Integer(e.MonotonicMilliseconds) };

    // Thousandths: the resolution the record stores °C, %, rpm and degrees with (RecordSample: ×1000 fixed point).
    private static string T(double value) => RecordNames.Number(value, 3);

    // Millionths: the resolution of duties (RecordSample: ×10⁶ fixed point).
    private static string D(double value) => RecordNames.Number(value, 6);

    private static string Flag(RecordSample s, int flag) => RecordNames.Boolean((s.Flags & flag) != 0);

    private static string Optional(long? value) => value is { } v ? RecordNames.Integer(v) : string.Empty;

    private static string Optional(int? value) => value is { } v ? RecordNames.Integer(v) : string.Empty;

    private static string[] Concat(string[] first, params string[] rest)
    {
        var all = new List<string>(first);
        all.AddRange(rest);
        return all.ToArray();
    }
}
