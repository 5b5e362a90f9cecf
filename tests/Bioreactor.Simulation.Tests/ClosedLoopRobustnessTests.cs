using System;
using Bioreactor.Simulator.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// Robustness (the bench's scenario, 3 h measured instead of 24 h): with heater power, thermal masses, heat-loss
/// coefficients and sensor lags each varied ±30 %, the tunings the core's cascade autotune finds on that plant (static,
/// as at the start of a batch) hold the steady-state bands under ±2 °C room drift while rocking.
/// </summary>
[TestClass]
public class ClosedLoopRobustnessTests
{
    [TestMethod]
    [DataRow("heater-power-30%")]
    [DataRow("heater-power+30%")]
    [DataRow("thermal-mass-30%")]
    [DataRow("thermal-mass+30%")]
    [DataRow("heat-loss-30%")]
    [DataRow("heat-loss+30%")]
    [DataRow("sensor-lag-30%")]
    [DataRow("sensor-lag+30%")]
    public void AutotunedControllerHoldsTheSteadyStateBands(string variant)
    {
        ScenarioDefinition definition = ScenarioTestSupport.Find(Scenarios.Robustness(3 * 3600.0), variant);

        Assert.IsNotNull(definition, "no robustness case " + variant);
        var f = ScenarioTestSupport.Run(definition);
        string tunings = f["tunings in use"].Text;
        Console.WriteLine(variant + ": " + tunings);
        Assert.IsTrue(tunings.StartsWith("core autotune", StringComparison.Ordinal), $"{variant} (seed {f.Seed}): {tunings}");
        f.AtLeast("liquid within ±0.1 °C", 99.0);
        f.AtLeast("CO2 within ±0.1 %", 99.0);
    }
}
