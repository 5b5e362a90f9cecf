using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;

namespace Bioreactor.BatchRecords;

/// <summary>
/// The measured values of a sample that mean something: a reading counts only when its sensor's status is Ok
/// (<see cref="SensorReading"/>: the value is meaningless otherwise); NaN when not. Plots and statistics use these;
/// the CSV export keeps the recorded numbers beside their statuses.
/// </summary>
public static class SampleValues
{
    public static double Liquid(RecordSample s) => s.LiquidStatus == SensorStatus.Ok ? s.LiquidCelsius : double.NaN;

    public static double Plate(RecordSample s) => s.PlateStatus == SensorStatus.Ok ? s.PlateCelsius : double.NaN;

    public static double Co2(RecordSample s) => s.Co2Status == SensorStatus.Ok ? s.Co2Percent : double.NaN;
}
