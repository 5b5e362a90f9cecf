using System;
using System.Collections.Concurrent;
using System.Globalization;
using Bioreactor.Control;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// The textbook PID's temperature and CO2 tunings, found the textbook way on the plant it will control: a relay test
/// (Åström &amp; Hägglund 1984, the core's <see cref="RelayAutotune"/>) around the set point on each loop's own
/// measurement (liquid temperature → heater duty, CO2 → valve duty), then the Ziegler–Nichols PID rule (Kc = 0.6 Ku,
/// Ti = Tu/2, Td = Tu/8). One relay test per plant and seed, shared by every scenario run on it.
/// </summary>
public sealed class TextbookTunings
{
    /// <summary>Temperature set point of the relay test, °C (every scenario's).</summary>
    public const double TemperatureSetPointCelsius = 37.0;

    /// <summary>CO2 set point of the relay test, % (every scenario's).</summary>
    public const double Co2SetPointPercent = 5.0;

    private static readonly ConcurrentDictionary<string, Lazy<TextbookTunings>> Cache = new();

    private TextbookTunings(PidTunings temperature, PidTunings co2, string description)
    {
        Temperature = temperature;
        Co2 = co2;
        Description = description;
    }

    /// <summary>Liquid temperature → heater duty, Kc per °C.</summary>
    public PidTunings Temperature { get; }

    /// <summary>CO2 → valve duty, Kc per %.</summary>
    public PidTunings Co2 { get; }

    /// <summary>Ku, Tu and the tunings, for the report.</summary>
    public string Description { get; }

    /// <summary>The tunings for a plant and seed (the relay test runs once per pair).</summary>
    /// <exception cref="InvalidOperationException">A relay test failed.</exception>
    public static TextbookTunings For(PlantParameters plant, int seed)
    {
        string key = seed.ToString(CultureInfo.InvariantCulture) + "\n" + plant.ToJson();
        return Cache.GetOrAdd(key, _ => new Lazy<TextbookTunings>(() => Find(plant, seed))).Value;
    }

    private static TextbookTunings Find(PlantParameters plant, int seed)
    {
        PlantParameters p = plant.Clone();
        double ambient = p.Ambient.AmbientCelsius;
        PlantFigures.SteadyHeaterDuty(p, TemperatureSetPointCelsius, 1.0, ambient, out double plateCelsius);
        double valveBias = PlantFigures.SteadyValveDuty(p, Co2SetPointPercent);
        p.Thermal.InitialLiquidCelsius = TemperatureSetPointCelsius;
        p.Thermal.InitialPlateCelsius = plateCelsius;
        p.Gas.InitialCo2Percent = Co2SetPointPercent;
        var board = new VirtualBioreactor(p, seed);

        // The relay test has no feedback logic: the second shut-offs (if fitted) stay energised throughout.
        board.HeaterSupplyRelay.Set(true);
        board.Co2ShutOffValve.Set(true);

        // Hysteresis a little above the probes' noise (liquid: 0.02 °C σ on 0.031 °C codes; CO2: 0.02 % σ), as the
        // relay method asks (3–4 σ). The heater relay is the classic on/off one (0 ↔ 100 %): the heater's holding duty
        // is small (9–17 % on these plants), and a relay symmetric about it moves the liquid too little to measure. The
        // CO2 relay is symmetric about the holding duty (≈22 %), ±20 %.
        const double TimeoutSeconds = 8 * 3600.0;
        var heaterRelay = new RelayAutotune(TemperatureSetPointCelsius, 0.5, 0.5, 0.0, 1.0, 0.06, 2.0, TimeoutSeconds);
        var valveRelay = new RelayAutotune(Co2SetPointPercent, valveBias, 0.2, 0.0, 1.0, 0.06, 3.0, TimeoutSeconds);
        heaterRelay.Start();
        valveRelay.Start();
        var temperature = new TemperatureLoopSettings();
        var co2 = new Co2LoopSettings();
        var heater = new TimeProportioningOutput(temperature.HeaterWindowSeconds, temperature.HeaterMinimumOnSeconds,
            temperature.HeaterMinimumOffSeconds, double.PositiveInfinity);
        var valve = new TimeProportioningOutput(co2.ValveWindowSeconds, co2.ValveMinimumOpenSeconds, co2.ValveMinimumClosedSeconds,
            double.PositiveInfinity);
        double tick = new BioreactorControllerSettings().TickSeconds;
        double heaterDuty = 0.5;
        double valveDuty = valveBias;
        double sinceUpdate = 0;
        while (heaterRelay.State == AutotuneState.Running || valveRelay.State == AutotuneState.Running)
        {
            board.Step(tick);
            sinceUpdate += tick;
            if (sinceUpdate >= TextbookPidRig.PeriodSeconds - 1e-9)
            {
                heaterDuty = heaterRelay.Update(board.LiquidProbe.Latest.Value, true, sinceUpdate);
                valveDuty = valveRelay.Update(board.Co2Sensor.Latest.Value, true, sinceUpdate);
                sinceUpdate = 0;
            }

            board.Heater.Set(heater.Update(heaterDuty, tick));
            board.Co2Valve.Set(valve.Update(valveDuty, tick));
        }

        if (heaterRelay.State != AutotuneState.Succeeded || valveRelay.State != AutotuneState.Succeeded)
        {
            throw new InvalidOperationException("the textbook PID's relay test failed: temperature "
                + heaterRelay.FailureMessage + ", CO2 " + valveRelay.FailureMessage);
        }

        PidTunings t = heaterRelay.ComputeTunings(TuningRule.ZieglerNicholsPid);
        PidTunings c = valveRelay.ComputeTunings(TuningRule.ZieglerNicholsPid);
        string description = string.Create(CultureInfo.InvariantCulture,
            $"temperature Ku {heaterRelay.UltimateGain:G3} /°C, Tu {heaterRelay.UltimatePeriodSeconds:F0} s → Kc {t.ProportionalGain:G3}, Ti {t.IntegralTimeSeconds:F0} s, Td {t.DerivativeTimeSeconds:F0} s; "
            + $"CO2 Ku {valveRelay.UltimateGain:G3} /%, Tu {valveRelay.UltimatePeriodSeconds:F0} s → Kc {c.ProportionalGain:G3}, Ti {c.IntegralTimeSeconds:F0} s, Td {c.DerivativeTimeSeconds:F0} s");
        return new TextbookTunings(t, c, description);
    }
}
