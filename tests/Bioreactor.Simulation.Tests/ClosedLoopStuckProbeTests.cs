using System;
using Bioreactor.Simulator.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// A liquid, plate or CO2 probe frozen at a plausible value (the bench's stuck-probe scenarios, watched 10 min instead
/// of 20): detected, and its loop in its safe state, before the true value leaves ±0.2 °C / ±0.2 % of its value at the
/// freeze, at steady state, with the room 1 K warmer and with the door opened at the freeze; the CO2 probe with the door
/// open is the one case no detection can win (the door itself flushes the headspace out of the band within a second).
/// </summary>
[TestClass]
public class ClosedLoopStuckProbeTests
{
    private const double ObserveSeconds = 600;

    private static ScenarioDefinition Case(string name)
    {
        foreach (ScenarioDefinition d in Scenarios.StuckProbe(ObserveSeconds))
        {
            if (d.Case == name)
            {
                return d;
            }
        }

        throw new ArgumentException("no stuck-probe scenario " + name);
    }

    // Bounds on the detection: the measured time on the default rig (seed 1) with about 25 % margin; the thresholds are
    // SafetySettings' defaults (the adaptive frozen watch: at least 10 s, 3 × the probe's longest learned run).
    [TestMethod]
    [DataRow("liquid:steady", 14.0)] // 10.1 s fallback, 10.8 s alarm; the liquid never leaves its band in the run
    [DataRow("liquid:room+1K", 14.0)]
    [DataRow("liquid:door", 14.0)]
    [DataRow("plate:steady", 14.0)] // 10.2 s heater off, 10.8 s alarm; the true plate leaves its band at 26 s
    [DataRow("plate:room+1K", 14.0)]
    [DataRow("plate:door", 14.0)] // the door cools the plate: it leaves its band at 13.8 s, 3 s after the detection
    [DataRow("co2:steady", 18.0)] // 13.0 s valve closed, 14.5 s alarm; the closed valve lets the CO2 fall out of its band at 41 s
    [DataRow("co2:room+1K", 18.0)]
    public void DetectedAndSafeBeforeTheTrueValueLeavesItsBand(string name, double detectedSeconds)
    {
        var f = ScenarioTestSupport.Run(Case(name));
        f.AtMost("detected and in its safe state", detectedSeconds);
        f.AtLeast("lead", 0.0);
    }

    [TestMethod]
    public void TheDoorFlushesTheCo2OutOfItsBandBeforeAnyProbeCouldShowIt()
    {
        var f = ScenarioTestSupport.Run(Case("co2:door"));

        // The open door (τ ≈ 12 s) takes the true CO2 out of ±0.2 % within a second; the freeze is still caught by the
        // adaptive watch as at steady state, and the valve is closed by the door interlock from the opening.
        f.AtMost("true CO2 left", 1.0);
        f.AtMost("detected and in its safe state", 18.0);
        f.AtMost("safe state", 0.0);
    }

    [TestMethod]
    public void AnUndetectedFreezeTakesThePlateOutOfItsBandWithinSecondsOnTheThermostat()
    {
        // What the detection races against: the on/off thermostat, blind to the freeze, heats on and the true plate
        // leaves its band within about 10 s.
        var f = ScenarioTestSupport.Run(Case("plate:steady"), BenchController.OnOffThermostat);
        f.AtMost("true plate left", 15.0);
    }
}
