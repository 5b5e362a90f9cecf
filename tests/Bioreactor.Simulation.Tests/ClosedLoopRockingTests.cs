using Bioreactor.Simulator.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// Rocking at 10 rpm / 6° for 10 min after the trajectory has settled (the bench's scenario): RMS of (reference − true
/// angle) ≤ 0.3°, rate within ±1 % from the true angle's zero crossings, amplitude within ±0.2° from its peaks.
/// </summary>
[TestClass]
public class ClosedLoopRockingTests
{
    [TestMethod]
    public void TrackingRateAndAmplitudeMeetTheirTargets()
    {
        var f = ScenarioTestSupport.Run(Scenarios.Rocking(600));

        f.AtMost("angle tracking error, RMS", 0.3);
        f.Within("rate", Scenarios.RateRpm, 0.01 * Scenarios.RateRpm);
        f.Within("amplitude", Scenarios.AmplitudeDegrees, 0.2);
        f.AtLeast("cycles measured", 95);
    }

    [TestMethod]
    public void WithoutFeedForwardTheSamePidTracksWorse()
    {
        // The textbook PID is the core's angle PID without the feed-forward: its error shows what the feed-forward buys.
        var core = ScenarioTestSupport.Run(Scenarios.Rocking(120));
        var textbook = ScenarioTestSupport.Run(Scenarios.Rocking(120), BenchController.TextbookPid);
        double withFeedForward = core.Number("angle tracking error, RMS");
        double without = textbook.Number("angle tracking error, RMS");
        Assert.IsTrue(without > 5 * withFeedForward, $"RMS {withFeedForward:F3}° with feed-forward, {without:F3}° without (seed {core.Seed})");
    }
}
