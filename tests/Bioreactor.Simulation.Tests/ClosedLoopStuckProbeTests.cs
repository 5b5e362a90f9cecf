using System;
using Bioreactor.Simulator.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// A liquid, plate or CO2 probe frozen at a plausible value (the bench's stuck-probe scenarios, watched 10 min instead
/// of 20): detected, and its loop in its safe state, before the true value departs ±0.2 °C / ±0.2 % from its healthy
/// twin's (the same run without the freeze), at steady state, with the room 1 K warmer and with the door opened at the
/// freeze. Judged against the twin because the door itself flushes the CO2 out of ±0.2 % of its value at the freeze
/// within a second, before any probe could show anything.
/// </summary>
[TestClass]
public class ClosedLoopStuckProbeTests
{
    private const double ObserveSeconds = 600;

    private static ScenarioDefinition Case(string name) =>
        ScenarioTestSupport.Find(Scenarios.StuckProbe(ObserveSeconds), name) ?? throw new ArgumentException("no stuck-probe scenario " + name);

    // Bounds on the detection: the measured time on the default rig (seed 1) with about 25 % margin; the thresholds are
    // SafetySettings' defaults (the adaptive frozen watch: at least 10 s, 3 × the probe's longest learned run).
    [TestMethod]
    [DataRow("liquid:steady", 14.0)] // 10.1 s fallback, 10.8 s alarm; the liquid never departs from its twin's in the run
    [DataRow("liquid:room+1K", 14.0)]
    [DataRow("liquid:door", 14.0)]
    [DataRow("plate:steady", 14.0)] // 10.2 s heater off, 10.8 s alarm; the true plate departs from its twin's at 24 s
    [DataRow("plate:room+1K", 14.0)]
    [DataRow("plate:door", 14.0)] // the plate departs from its twin's at 18 s, 7 s after the detection
    [DataRow("co2:steady", 18.0)] // 13.0 s valve closed, 14.5 s alarm; the closed valve lets the CO2 fall away from its twin's at 40 s
    [DataRow("co2:room+1K", 18.0)]
    [DataRow("co2:door", 18.0)] // both runs' valves closed by the door interlock; the twin doses again once the door closes
    public void DetectedAndSafeBeforeTheTrueValueDepartsFromItsTwin(string name, double detectedSeconds)
    {
        var f = ScenarioTestSupport.Run(Case(name));
        f.AtMost("detected and in its safe state", detectedSeconds);
        f.AtLeast("lead", 0.0);
    }

    [TestMethod]
    public void TheDoorFlushesTheCo2OutOfItsBandBeforeAnyProbeCouldShowItButNotAwayFromItsTwin()
    {
        var f = ScenarioTestSupport.Run(Case("co2:door"));

        // The open door (τ ≈ 12 s) takes the true CO2 out of ±0.2 % of its value at the freeze within a second, in the
        // twin alike: the departure from the twin's is the freeze's doing, after the door has closed (30 s).
        f.AtMost("true CO2 left", 1.0);
        f.AtLeast("true CO2 departed", 30.0);
        f.AtMost("detected and in its safe state", 18.0);
        f.AtMost("safe state", 0.0);
    }

    [TestMethod]
    public void AnUndetectedFreezeTakesTheTrueValueAwayFromItsTwinOnTheTextbookPid()
    {
        // What the detection races against: the textbook PID, blind to the freeze, holds its output while the plant
        // drifts; the true CO2 departs from its twin's within about 30 s, the liquid within about 3 min.
        ScenarioTestSupport.Run(Case("co2:steady"), BenchController.TextbookPid).AtMost("true CO2 departed", 40.0);
        ScenarioTestSupport.Run(Case("liquid:steady"), BenchController.TextbookPid).AtMost("true liquid departed", 220.0);
    }

    [TestMethod]
    public void TheThermostatsPlateLeavesItsBandByItsOwnCyclingNotByTheFreeze()
    {
        // The on/off thermostat heats on and off by the liquid: its true plate leaves ±0.2 °C of its value at the freeze
        // within about 10 s, as its twin's does, since it never reads the plate probe.
        var f = ScenarioTestSupport.Run(Case("plate:steady"), BenchController.OnOffThermostat);
        f.AtMost("true plate left", 15.0);
        Assert.IsFalse(f["true plate departed"].HasValue, "seed " + f.Seed + ": the thermostat does not read the plate probe");
    }

    [TestMethod]
    public void AHealthyTwinWithTheSameFaultsNeverDeparts()
    {
        // The twin is the same run: given the faulted run's own faults, it matches it sample for sample to the end.
        ScenarioDefinition d = Case("co2:door");
        var same = new ScenarioDefinition
        {
            Group = d.Group,
            Case = d.Case,
            Description = d.Description,
            ModifyPlant = d.ModifyPlant,
            Schedule = d.Schedule,
            Faults = d.Faults,
            TwinFaults = d.Faults,
            Disturbances = d.Disturbances,
            DurationSeconds = d.DurationSeconds,
            Figures = d.Figures,
            Measure = d.Measure,
        };
        var f = ScenarioTestSupport.Run(same);
        Assert.IsFalse(f["true CO2 departed"].HasValue, "seed " + f.Seed + ": " + f["true CO2 departed"].Format(2));
    }
}
