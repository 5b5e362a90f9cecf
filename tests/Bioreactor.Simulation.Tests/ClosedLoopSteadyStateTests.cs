using Bioreactor.Simulator.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// Steady state with sensor noise and ±2 °C room drift, rocking at 10 rpm / 6° (the bench's scenario, 4 h measured
/// after its 2 h pre-run instead of 24 h): true liquid within ±0.1 °C and true CO2 within ±0.1 % for ≥ 99 % of ticks.
/// </summary>
[TestClass]
public class ClosedLoopSteadyStateTests
{
    [TestMethod]
    public void LiquidAndCo2StayWithinATenthForNinetyNinePercentOfTicks()
    {
        var f = ScenarioTestSupport.Run(Scenarios.SteadyState(4 * 3600.0));

        f.AtLeast("liquid within ±0.1 °C", 99.0);
        f.AtLeast("CO2 within ±0.1 %", 99.0);
        f.AtMost("largest liquid deviation", 0.2);
        f.AtMost("largest CO2 deviation", 0.2);
    }
}
