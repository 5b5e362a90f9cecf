using System;
using Bioreactor.Simulator.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// Faults injected at steady state while rocking (the bench's fault scenarios, watched 10 min instead of 20): the
/// affected output reaches its safe state for good, and the matching alarm is raised, within 2 s of simulated time
/// wherever the design promises it; the faults that cannot physically be seen within 2 s within their watch windows.
/// </summary>
[TestClass]
public class ClosedLoopFaultTests
{
    private const double ObserveSeconds = 600;

    private static ScenarioDefinition Fault(string name)
    {
        foreach (ScenarioDefinition d in Scenarios.Faults(ObserveSeconds))
        {
            if (d.Case == name)
            {
                return d;
            }
        }

        throw new ArgumentException("no fault scenario " + name);
    }

    [TestMethod]
    [DataRow("probe-open:liquid")]
    [DataRow("probe-short:liquid")]
    [DataRow("probe-open:plate")]
    [DataRow("probe-short:plate")]
    [DataRow("sensor-stale:liquid")]
    [DataRow("sensor-stale:plate")]
    [DataRow("sensor-stale:co2")]
    [DataRow("sensor-stale:angle")]
    [DataRow("sensor-stuck:angle")]
    [DataRow("motor-stall")]
    [DataRow("door-open")]
    public void SafeStateAndAlarmWithinTwoSeconds(string fault)
    {
        var f = ScenarioTestSupport.Run(Fault(fault));
        f.AtMost("safe state", 2.0);
        f.AtMost("alarm", 2.0);
    }

    // Faults nothing can see within 2 s (the bench reports their true figures as missed): each is still caught within
    // its watch window. Bounds: the measured time on the default rig (seed 1) with about 25 % margin; the windows and
    // thresholds are SafetySettings' defaults.
    [TestMethod]
    [DataRow("heater-failed-off", 300.0, 300.0)] // loop ramps to ≥ 80 % duty (≈2 min), then the 120 s runaway window: 240 s
    [DataRow("heater-failed-on", 10.0, 30.0)] // command off when the plate passes its set point (7 s); 10 s settle + 0.5 K: 23.5 s
    [DataRow("valve-stuck-open", 20.0, 60.0)] // valve closed as CO2 passes its set point (13 s); 15 s closed + 0.3 %: 48 s
    [DataRow("sensor-stuck:liquid", 15.0, 15.0)] // the adaptive frozen watch: past the probe's learned runs (9 s fallback, 10.4 s alarm)
    [DataRow("sensor-stuck:plate", 15.0, 15.0)] // same watch on the plate probe (9.2 s heater off, 10.4 s alarm)
    [DataRow("sensor-stuck:co2", 18.0, 18.0)] // same watch on the CO2 probe (12.3 s valve closed, 14.4 s alarm)
    public void SlowFaultsAreCaughtWithinTheirWatchWindows(string fault, double safeSeconds, double alarmSeconds)
    {
        var f = ScenarioTestSupport.Run(Fault(fault));
        f.AtMost("safe state", safeSeconds);
        f.AtMost("alarm", alarmSeconds);
    }

    [TestMethod]
    public void ValveStuckClosedIsReportedWithinTheCo2WatchWindow()
    {
        // Alarm only by design (closing a stuck-closed valve would not help): CO2 not rising over 180 s of ≥ 50 % duty.
        var f = ScenarioTestSupport.Run(Fault("valve-stuck-closed"));
        f.AtMost("alarm", 240.0);
    }

    [TestMethod]
    public void PowerCutOutputsAreOffAndTheRestartedFirmwareResumesControl()
    {
        var f = ScenarioTestSupport.Run(Fault("power-cut"));
        f.AtMost("safe state", 0.0);
        f.AtMost("alarm power_interrupted", 2.0);

        // After a 10 min cut the culture has cooled by about 1 °C; the fresh controller brings it back.
        f.AtMost("restart: liquid back", 15 * 60.0);
        f.AtMost("restart: CO2 back", 15 * 60.0);
    }
}
