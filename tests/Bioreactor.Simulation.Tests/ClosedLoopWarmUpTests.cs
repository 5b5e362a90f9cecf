using Bioreactor.Control;
using Bioreactor.Simulator.Bench;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// Warm-up 22 → 37 °C on the default rig (the bench's warm-up scenario, 90 min instead of 4 h): overshoot and settling
/// against the fastest admissible warm-up computed from the model (the plate held at its limit from the start).
/// </summary>
[TestClass]
public class ClosedLoopWarmUpTests
{
    private static readonly double PlateLimitCelsius = new TemperatureLoopSettings().PlateLimitCelsius;
    private static readonly double BoundSeconds = Scenarios.FastestWarmUpSeconds(PlantParameters.CreateDefault(), PlateLimitCelsius);

    private static ScenarioDefinition WarmUp() => Scenarios.WarmUp(BoundSeconds, PlateLimitCelsius, 90 * 60.0);

    [TestMethod]
    public void OvershootIsAtMostATenthAndSettlingWithinOnePointThreeTimesTheBound()
    {
        var f = ScenarioTestSupport.Run(WarmUp());

        f.AtMost("overshoot", 0.2);
        f.AtMost("settling time / bound", 1.3);

        // The fastest warm-up is a true bound: nothing settles before the plate-held rise reaches 37 °C less the band.
        f.AtLeast("settling time / bound", 0.9);

        // The plate limit holds during the warm-up (the cascade's outer output is bounded by it).
        f.AtMost("highest plate temperature", PlateLimitCelsius + 0.1);
    }

    [TestMethod]
    public void TheBoundIsTheModelsFirstOrderRiseWithThePlateAtItsLimit()
    {
        // Default rig (hardware/virtual/README.md): 30.5 min with the plate held at 40 °C.
        Assert.IsTrue(System.Math.Abs(BoundSeconds / 60.0 - 30.5) < 0.1, $"bound {BoundSeconds / 60.0:F2} min");
    }

    [TestMethod]
    [DataRow(BenchController.OnOffThermostat)]
    [DataRow(BenchController.TextbookPid)]
    public void BaselinesOvershootWhereThisControllerDoesNot(BenchController baseline)
    {
        // The baselines show the weaknesses they stand for: no plate limit (thermostat), integral windup (textbook PID).
        var f = ScenarioTestSupport.Run(WarmUp(), baseline);
        double overshoot = f.Number("overshoot");
        Assert.IsTrue(overshoot > 1.0, $"{f.Where("overshoot")} = {overshoot:F3}, expected a baseline to overshoot by more than 1 °C");
        f.AtLeast("highest plate temperature", PlateLimitCelsius + 5);
    }
}
