using System.Globalization;

namespace Bioreactor.Simulator;

/// <summary>Set points that take effect at a simulated time (a recipe-like schedule until batches exist).</summary>
/// <param name="AtSeconds">Simulated seconds from the start.</param>
/// <param name="TemperatureCelsius">Liquid set point.</param>
/// <param name="Co2Percent">Headspace CO2 set point, % v/v.</param>
/// <param name="RockingRateRpm">Rocking rate; 0 with amplitude 0 is static.</param>
/// <param name="RockingAmplitudeDegrees">Rocking amplitude.</param>
/// <param name="Name">What the step is, for the console.</param>
public sealed record ScheduleStep(
    double AtSeconds, double TemperatureCelsius, double Co2Percent, double RockingRateRpm, double RockingAmplitudeDegrees, string Name)
{
    /// <summary>
    /// The default T-cell expansion schedule (docs/architecture.md, from published Xuri/WAVE runs): 37 °C and 5 % CO2 throughout;
    /// static for the first days after activation, then rocking at 10 rpm / 6°, raised to 15 rpm / 6° as density grows.
    /// Times scale with the run's duration so a short run still shows every phase.
    /// </summary>
    public static ScheduleStep[] Default(double durationSeconds)
    {
        return
        [
            new ScheduleStep(0, 37.0, 5.0, 0, 0, "static (after activation)"),
            new ScheduleStep(durationSeconds * 0.3, 37.0, 5.0, 10, 6, "rocking 10 rpm / 6°"),
            new ScheduleStep(durationSeconds * 0.6, 37.0, 5.0, 15, 6, "rocking 15 rpm / 6°"),
        ];
    }

    /// <summary>A one-line description with invariant numbers.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {TemperatureCelsius:F1} °C, {Co2Percent:F1} % CO2, {RockingRateRpm:F0} rpm / {RockingAmplitudeDegrees:F0}°");
}
