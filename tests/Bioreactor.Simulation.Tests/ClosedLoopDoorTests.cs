using Bioreactor.Simulator.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// The lid/door open for 30 s at steady state while rocking (the bench's scenario, watched 40 min): times from the
/// door opening until the true liquid is back within ±0.2 °C (≤ 10 min) and the true CO2 within ±0.2 % (≤ 5 min); and,
/// both timed from the door closing, the CO2 recovery against the fastest the valve open throughout allows (≤ 1.2×).
/// </summary>
[TestClass]
public class ClosedLoopDoorTests
{
    [TestMethod]
    public void TemperatureAndCo2RecoverWithinTheirTargets()
    {
        var f = ScenarioTestSupport.Run(Scenarios.Door(40 * 60.0));

        f.AtMost("liquid back within ±0.2 °C", 600);
        f.AtMost("CO2 back within ±0.2 %", 300);

        // The opening really disturbed the CO2 (the headspace is flushed), so the recovery figure means something.
        f.AtMost("lowest CO2", 2.0);

        // The bound from the state the door leaves (0.44 % headspace, medium near 5 %) is about two minutes; measured on
        // seed 1: 128 s against 119 s, 1.08×.
        f.Within("fastest CO2 recovery", 119.0, 3.0);
        f.AtMost("CO2 recovery / bound", 1.2);
    }
}
