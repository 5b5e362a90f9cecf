using System;
using System.Globalization;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.BatchRecords;

/// <summary>Names of the codes a record stores, and the invariant formats of times, numbers and durations.</summary>
public static class RecordNames
{
    /// <summary>UTC ISO 8601 with milliseconds and Z, e.g. 2026-01-05T08:00:10.000Z.</summary>
    public static string Utc(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>UTC ISO 8601 of a record time stamp.</summary>
    public static string Utc(long unixMilliseconds) =>
        Utc(DateTime.SpecifyKind(RecordTime.FromUnixMilliseconds(unixMilliseconds), DateTimeKind.Utc));

    /// <summary>A value with at most <paramref name="decimals"/> decimals, invariant, never in exponent form; empty for NaN.</summary>
    public static string Number(double value, int decimals)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return string.Empty;
        }

        string format = decimals <= 0 ? "0" : "0." + new string('#', decimals);
        string text = value.ToString(format, CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    /// <summary>An integer, invariant.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A duration as d h min s, e.g. "2 d 3 h 04 min 05 s" (invariant, for people).</summary>
    public static string Duration(TimeSpan span)
    {
        string sign = span < TimeSpan.Zero ? "-" : string.Empty;
        span = span.Duration();
        if (span.TotalDays >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{(int)span.TotalDays} d {span.Hours} h {span.Minutes:D2} min");
        }

        if (span.TotalHours >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{span.Hours} h {span.Minutes:D2} min {span.Seconds:D2} s");
        }

        if (span.TotalMinutes >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{span.Minutes} min {span.Seconds:D2} s");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{sign}{span.TotalSeconds:0.###} s");
    }

    /// <summary>"true" or "false".</summary>
    public static string Boolean(bool value) => value ? "true" : "false";

    public static string BatchState(int code) => Known(BatchNames.StateName((BatchState)code), code);

    public static string OperatorRole(int code) => Enum.IsDefined(typeof(OperatorRole), code) ? ((OperatorRole)code).ToString() : Integer(code);

    public static string Outcome(OperatorActionOutcome outcome) => outcome switch
    {
        OperatorActionOutcome.Done => "Done",
        OperatorActionOutcome.Rejected => "Rejected",
        OperatorActionOutcome.Failed => "Failed",
        _ => Integer((int)outcome),
    };

    /// <summary>The signature's meaning (performed, reviewed, approved, released); empty for an unsigned entry.</summary>
    public static string Meaning(int code) => code == 0 ? string.Empty : Known(BatchNames.MeaningName((SignatureMeaning)code), code);

    /// <summary>"signed" when the operator action carries a signature, "unsigned" when it does not (a format 1 record, an in-process action).</summary>
    public static string Signature(OperatorActionEntry action) => action.Meaning == 0 ? "unsigned" : "signed";

    /// <summary>The signer's UTC when signing, ISO 8601; empty for an unsigned entry; the raw number when no date can hold it.</summary>
    public static string SignedAt(OperatorActionEntry action)
    {
        if (action.Meaning == 0)
        {
            return string.Empty;
        }

        // DateTime spans years 1 to 9999: a signer's clock value outside it is shown as recorded, not thrown on.
        const long MinimumMilliseconds = -62135596800000L;
        const long MaximumMilliseconds = 253402300799999L;
        long ms = action.SignedAtMilliseconds;
        return ms < MinimumMilliseconds || ms > MaximumMilliseconds ? Integer(ms) + " ms since 1970-01-01" : Utc(ms);
    }

    public static string ResultCode(int code) => code == 0 ? string.Empty : Known(BatchNames.ResultName((BatchResultCode)code), code);

    public static string AlarmCode(AlarmId id) => AlarmCatalog.IsDefined(id) ? AlarmCatalog.Code(id) : "alarm_" + Integer((int)id);

    public static string AlarmDescription(AlarmId id) => AlarmCatalog.IsDefined(id) ? AlarmCatalog.Describe(id) : "Unknown alarm";

    public static string AlarmPriority(AlarmId id) =>
        AlarmCatalog.IsDefined(id) ? AlarmCatalog.PriorityName(AlarmCatalog.DefaultDefinition(id).Priority) : string.Empty;

    public static string AlarmPriority(int priority) => Known(AlarmCatalog.PriorityName((AlarmPriority)priority), priority);

    public static string AlarmState(AlarmState state) => Known(AlarmCatalog.StateName(state), (int)state);

    public static string AlarmKind(AlarmTransitionKind kind) => Known(AlarmCatalog.KindName(kind), (int)kind);

    /// <summary>Whether an alarm in this state is active (its condition present, acknowledged or not).</summary>
    public static bool IsActive(AlarmState state) => state is Control.Safety.AlarmState.UnacknowledgedActive or Control.Safety.AlarmState.AcknowledgedActive;

    public static string SensorStatus(SensorStatus status) => Enum.IsDefined(status) ? status.ToString() : Integer((int)status);

    public static string TemperatureMode(int code) => Enum.IsDefined(typeof(TemperatureLoopMode), code) ? ((TemperatureLoopMode)code).ToString() : Integer(code);

    public static string Co2Mode(int code) => Enum.IsDefined(typeof(Co2LoopMode), code) ? ((Co2LoopMode)code).ToString() : Integer(code);

    public static string RockingMode(int code) => Enum.IsDefined(typeof(RockingLoopMode), code) ? ((RockingLoopMode)code).ToString() : Integer(code);

    public static string RecoveryKind(RecoveryKind kind) => Enum.IsDefined(kind) ? kind.ToString() : Integer((int)kind);

    public static string StorageError(RecordStorageError error) => Enum.IsDefined(error) ? error.ToString() : Integer((int)error);

    public static string PowerLossTimer(int code) => Enum.IsDefined(typeof(PowerLossTimer), code) ? ((PowerLossTimer)code).ToString() : Integer(code);

    private static string Known(string name, int code) => name == "Unknown" ? "Unknown(" + Integer(code) + ")" : name;
}
