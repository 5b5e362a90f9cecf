namespace Bioreactor.Station.Fleet;

/// <summary>
/// One telemetry message's values for the trends (NaN where the device had none), in the device's time. Floats: a trend
/// needs no more than 7 digits, and a fleet's 14-day history then fits in memory (see <see cref="TrendBuffer"/>).
/// </summary>
public struct TrendPoint
{
    /// <summary>Device time, ms since 1970 UTC.</summary>
    public long UtcMilliseconds;

    /// <summary>Liquid temperature, °C.</summary>
    public float LiquidCelsius;

    /// <summary>Plate temperature, °C.</summary>
    public float PlateCelsius;

    /// <summary>CO2, %.</summary>
    public float Co2Percent;

    /// <summary>Measured rocking rate, rpm.</summary>
    public float RockingRateRpm;

    /// <summary>Liquid temperature set point, °C.</summary>
    public float TemperatureSetPointCelsius;

    /// <summary>CO2 set point, %.</summary>
    public float Co2SetPointPercent;

    /// <summary>Rocking rate set point, rpm.</summary>
    public float RockingRateSetPointRpm;

    /// <summary>True for the marker that ends a stretch: the device went offline after the previous point.</summary>
    public bool GapAfter;

    /// <summary>The value of one of the trend's variables.</summary>
    public readonly float Value(TrendVariable variable) => variable switch
    {
        TrendVariable.Liquid => LiquidCelsius,
        TrendVariable.Plate => PlateCelsius,
        TrendVariable.Co2 => Co2Percent,
        TrendVariable.RockingRate => RockingRateRpm,
        TrendVariable.TemperatureSetPoint => TemperatureSetPointCelsius,
        TrendVariable.Co2SetPoint => Co2SetPointPercent,
        TrendVariable.RockingRateSetPoint => RockingRateSetPointRpm,
        _ => float.NaN,
    };
}

/// <summary>The variables a trend draws.</summary>
public enum TrendVariable
{
    /// <summary>Liquid temperature, °C.</summary>
    Liquid,

    /// <summary>Plate temperature, °C.</summary>
    Plate,

    /// <summary>CO2, %.</summary>
    Co2,

    /// <summary>Rocking rate, rpm.</summary>
    RockingRate,

    /// <summary>Liquid temperature set point, °C.</summary>
    TemperatureSetPoint,

    /// <summary>CO2 set point, %.</summary>
    Co2SetPoint,

    /// <summary>Rocking rate set point, rpm.</summary>
    RockingRateSetPoint,
}
