using System;
using Bioreactor.Control;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// The temperature autotune on the virtual bioreactor, through the whole firmware core (BioreactorController on the
/// virtual board's ports, safety in the loop): it succeeds within a bounded time on the documented rig and on rigs with
/// heater power, thermal masses, heat losses and probe lags varied by ±30 %, and the tunings it finds hold the liquid
/// within ±0.1 °C for ≥ 99 % of a day with probe noise and a ±2 °C ambient drift. Figures are on the true plant values.
/// The rigs are split over two test classes so they run in parallel.
/// </summary>
internal static class TemperatureAutotuneRig
{
    public const int TicksPerSecond = 50;
    public const double WarmUpSeconds = 3600.0;
    public const int Seed = 20261124;

    /// <summary>
    /// The default rig, or one with heater power, thermal masses (plate and liquid), heat losses (plate and liquid to the
    /// room) and probe lags (both probes) scaled by 1 + the given fractions; the room drifts ±2 °C over a day.
    /// </summary>
    public static PlantParameters Plant(double power, double mass, double loss, double lag)
    {
        PlantParameters plant = PlantParameters.CreateDefault();
        plant.Ambient.AmbientDriftAmplitudeKelvin = 2.0;
        plant.Thermal.HeaterPowerWatts *= 1.0 + power;
        plant.Thermal.PlateHeatCapacityJoulesPerKelvin *= 1.0 + mass;
        plant.Bag.LiquidVolumeLitres *= 1.0 + mass;
        plant.Thermal.PlateToAmbientConductanceWattsPerKelvin *= 1.0 + loss;
        plant.Thermal.LiquidToAmbientConductanceWattsPerKelvin *= 1.0 + loss;
        plant.Sensors.LiquidProbe.LagTimeConstantSeconds *= 1.0 + lag;
        plant.Sensors.PlateProbe.LagTimeConstantSeconds *= 1.0 + lag;
        return plant;
    }

    /// <summary>37 °C, 5 % CO2, rocking at 10 rpm / 6° (the commonest published set point, docs/architecture.md).</summary>
    public static SimulationRun Compose(PlantParameters plant)
    {
        return new SimulationRun(plant, Seed, [new ScheduleStep(0, 37.0, 5.0, 10, 6, "rocking 10 rpm / 6°")]);
    }

    /// <summary>What happened while the autotune was active.</summary>
    public sealed class AutotuneRun
    {
        public double Seconds;
        public double MaximumTruePlateCelsius;
        public double MaximumTrueLiquidDeviationCelsius;
        public int AlarmTransitions;
    }

    /// <summary>Starts the autotune through the controller and runs until it is no longer active (at most 3 h).</summary>
    public static AutotuneRun RunAutotune(SimulationRun run)
    {
        var figures = new AutotuneRun();
        int alarmsBefore = run.AlarmTransitions.Count;
        Assert.IsTrue(run.Controller.StartTemperatureAutotune(), "start accepted");
        double start = run.ElapsedSeconds;
        while (run.Controller.TemperatureAutotune.IsActive && run.ElapsedSeconds - start < 3 * 3600.0)
        {
            run.Run(TicksPerSecond);
            if (run.Controller.TemperatureAutotune.DrivesHeater)
            {
                figures.MaximumTruePlateCelsius = Math.Max(figures.MaximumTruePlateCelsius, run.Board.TruePlateCelsius);
                figures.MaximumTrueLiquidDeviationCelsius = Math.Max(figures.MaximumTrueLiquidDeviationCelsius,
                    Math.Abs(run.Board.TrueLiquidCelsius - 37.0));
            }
        }

        figures.Seconds = run.ElapsedSeconds - start;
        figures.AlarmTransitions = run.AlarmTransitions.Count - alarmsBefore;
        return figures;
    }

    /// <summary>Runs <paramref name="seconds"/> more, sampling the true liquid and CO2 once a second.</summary>
    public static (double LiquidFraction, double WorstLiquidCelsius, double Co2Fraction) Steady(SimulationRun run, double seconds)
    {
        long samples = 0;
        long liquidInBand = 0;
        long co2InBand = 0;
        double worst = 0.0;
        double end = run.ElapsedSeconds + seconds;
        while (run.ElapsedSeconds < end)
        {
            run.Run(TicksPerSecond);
            double error = Math.Abs(run.Board.TrueLiquidCelsius - 37.0);
            samples++;
            liquidInBand += error <= 0.1 ? 1 : 0;
            co2InBand += Math.Abs(run.Board.TrueCo2Percent - 5.0) <= 0.1 ? 1 : 0;
            worst = Math.Max(worst, error);
        }

        return ((double)liquidInBand / samples, worst, (double)co2InBand / samples);
    }

    /// <summary>Warm-up, autotune, then a day with the tunings found; asserts the figures and prints them.</summary>
    public static void CheckRig(string rig, double power, double mass, double loss, double lag)
    {
        SimulationRun run = Compose(Plant(power, mass, loss, lag));
        run.RunUntil(WarmUpSeconds);
        AutotuneRun autotuneRun = RunAutotune(run);
        TemperatureAutotune autotune = run.Controller.TemperatureAutotune;
        var steady = Steady(run, 24 * 3600.0);

        string figures = FormattableString.Invariant(
            $"{rig} (seed {Seed}): autotune {autotune.Phase} {autotune.Failure} in {autotuneRun.Seconds:F0} s (relays {autotune.InnerRelaySeconds:F0} s + {autotune.OuterRelaySeconds:F0} s); ")
            + FormattableString.Invariant(
            $"inner ε {autotune.InnerHysteresisCelsius:F4} d {autotune.InnerRelayAmplitudeFraction:F3} a {autotune.InnerOscillationCelsius:F4} Ku {autotune.InnerUltimateGain:F2} Tu {autotune.InnerUltimatePeriodSeconds:F0} → Kc {autotune.InnerTuningsFound.ProportionalGain:F3} Ti {autotune.InnerTuningsFound.IntegralTimeSeconds:F1}; ")
            + FormattableString.Invariant(
            $"outer ε {autotune.OuterHysteresisCelsius:F4} d {autotune.OuterRelayAmplitudeCelsius:F3} a {autotune.OuterOscillationCelsius:F4} Ku {autotune.OuterUltimateGain:F2} Tu {autotune.OuterUltimatePeriodSeconds:F0} → Kc {autotune.OuterTuningsFound.ProportionalGain:F3} Ti {autotune.OuterTuningsFound.IntegralTimeSeconds:F1}; ")
            + FormattableString.Invariant(
            $"during: plate ≤ {autotuneRun.MaximumTruePlateCelsius:F3} °C, |liquid − SP| ≤ {autotuneRun.MaximumTrueLiquidDeviationCelsius:F3} °C, {autotuneRun.AlarmTransitions} alarm transitions; ")
            + FormattableString.Invariant(
            $"24 h after: liquid within ±0.1 °C {steady.LiquidFraction:P2}, worst {steady.WorstLiquidCelsius:F3} °C; CO2 within ±0.1 % {steady.Co2Fraction:P2}");
        Console.WriteLine(figures);

        Assert.AreEqual(TemperatureAutotunePhase.Succeeded, autotune.Phase, figures);
        Assert.IsTrue(autotuneRun.Seconds <= 75 * 60.0, "autotune within 75 min: " + figures);
        Assert.AreEqual(autotune.InnerTuningsFound.ProportionalGain, run.Controller.Temperature.InnerTunings.ProportionalGain, "inner applied");
        Assert.AreEqual(autotune.OuterTuningsFound.ProportionalGain, run.Controller.Temperature.OuterTunings.ProportionalGain, "outer applied");
        Assert.IsTrue(autotuneRun.MaximumTruePlateCelsius <= 40.0, "true plate within the 40 °C limit during the relays: " + figures);
        Assert.IsTrue(autotuneRun.MaximumTrueLiquidDeviationCelsius <= 0.25, "true liquid within half the 0.5 °C band: " + figures);
        Assert.AreEqual(0, autotuneRun.AlarmTransitions, "no alarm during the autotune: " + figures);
        Assert.IsTrue(steady.LiquidFraction >= 0.99, "liquid within ±0.1 °C for ≥ 99 % of 24 h: " + figures);
    }
}

[TestClass]
public class TemperatureAutotuneClosedLoopTests
{
    [TestMethod]
    [DataRow("nominal", 0.0, 0.0, 0.0, 0.0)]
    [DataRow("weak heater, heavy, lossy, slow probes", -0.3, 0.3, 0.3, 0.3)]
    public void AutotuneSucceedsAndItsTuningsHoldTheLiquidWithinATenthForADay(string rig, double power, double mass, double loss, double lag)
    {
        TemperatureAutotuneRig.CheckRig(rig, power, mass, loss, lag);
    }
}

[TestClass]
public class TemperatureAutotuneClosedLoopVariedTests
{
    [TestMethod]
    [DataRow("strong heater, light, tight, fast probes", 0.3, -0.3, -0.3, -0.3)]
    [DataRow("everything +30 % (least plate headroom)", 0.3, 0.3, 0.3, 0.3)]
    public void AutotuneSucceedsAndItsTuningsHoldTheLiquidWithinATenthForADay(string rig, double power, double mass, double loss, double lag)
    {
        TemperatureAutotuneRig.CheckRig(rig, power, mass, loss, lag);
    }
}

/// <summary>The autotune through the controller: aborts on the virtual board's events, and no allocation.</summary>
[TestClass]
public class TemperatureAutotuneControllerTests
{
    private const int TicksPerSecond = TemperatureAutotuneRig.TicksPerSecond;
    private const double WarmUpSeconds = TemperatureAutotuneRig.WarmUpSeconds;

    [TestMethod]
    public void DoorOpenedDuringTheInnerRelayAbortsAndKeepsTheTunings()
    {
        SimulationRun run = TemperatureAutotuneRig.Compose(TemperatureAutotuneRig.Plant(0, 0, 0, 0));
        run.RunUntil(WarmUpSeconds);
        BioreactorController controller = run.Controller;
        PidTunings outerBefore = controller.Temperature.OuterTunings;
        Assert.IsTrue(controller.StartTemperatureAutotune());
        while (controller.TemperatureAutotunePhase == TemperatureAutotunePhase.Settling)
        {
            run.Run(TicksPerSecond);
        }

        run.Run(30 * TicksPerSecond);
        Assert.AreEqual(TemperatureAutotunePhase.InnerRelay, controller.TemperatureAutotunePhase);
        run.Board.Door.SetOpenByOperator(true);
        run.Run(1);
        run.Board.Door.SetOpenByOperator(false);
        Assert.AreEqual(TemperatureAutotunePhase.Failed, controller.TemperatureAutotunePhase);
        Assert.AreEqual(TemperatureAutotuneFailure.DoorOpened, controller.TemperatureAutotuneFailure);
        Assert.AreEqual(outerBefore.ProportionalGain, controller.Temperature.OuterTunings.ProportionalGain);
        Assert.IsFalse(controller.TemperatureAutotune.DrivesHeater);
        var steady = TemperatureAutotuneRig.Steady(run, 3600.0);
        Assert.IsTrue(steady.LiquidFraction >= 0.99, FormattableString.Invariant($"the cascade holds the liquid: {steady.LiquidFraction:P2}"));
    }

    [TestMethod]
    public void PlateProbeOpenDuringTheOuterRelayAbortsAndSafetyHoldsTheHeaterOff()
    {
        SimulationRun run = TemperatureAutotuneRig.Compose(TemperatureAutotuneRig.Plant(0, 0, 0, 0));
        run.RunUntil(WarmUpSeconds);
        BioreactorController controller = run.Controller;
        Assert.IsTrue(controller.StartTemperatureAutotune());
        while (controller.TemperatureAutotune.IsActive && controller.TemperatureAutotunePhase != TemperatureAutotunePhase.OuterRelay)
        {
            run.Run(TicksPerSecond);
        }

        run.Run(300 * TicksPerSecond);
        Assert.AreEqual(TemperatureAutotunePhase.OuterRelay, controller.TemperatureAutotunePhase);
        run.Board.AddFault(new Fault(FaultKind.ProbeOpen, FaultTarget.PlateProbe, run.ElapsedSeconds, 60.0));
        run.Run(2 * TicksPerSecond);
        Assert.AreEqual(TemperatureAutotuneFailure.SensorFault, controller.TemperatureAutotuneFailure);
        Assert.AreEqual(TemperatureAutotunePhase.OuterRelay, controller.TemperatureAutotune.FailedPhase);
        Assert.IsFalse(run.Board.HeaterIsOn, "heater off while the plate probe is open");
        Assert.AreNotEqual(Bioreactor.Control.Safety.SafetyInhibit.None, run.Safety.HeaterInhibits & Bioreactor.Control.Safety.SafetyInhibit.PlateProbeFault);
    }

    [TestMethod]
    public void DisablingTemperatureControlAbortsAndStartIsRefusedWhileDisabled()
    {
        SimulationRun run = TemperatureAutotuneRig.Compose(TemperatureAutotuneRig.Plant(0, 0, 0, 0));
        run.RunUntil(WarmUpSeconds);
        BioreactorController controller = run.Controller;
        Assert.IsTrue(controller.StartTemperatureAutotune());
        Assert.IsFalse(controller.StartTemperatureAutotune(), "refused while active");
        run.Run(60 * TicksPerSecond);
        controller.TemperatureControlEnabled = false;
        run.Run(1);
        Assert.AreEqual(TemperatureAutotuneFailure.ControlDisabled, controller.TemperatureAutotuneFailure);
        Assert.IsFalse(run.Board.HeaterIsOn);
        Assert.IsFalse(controller.StartTemperatureAutotune(), "refused while temperature control is disabled");
        controller.TemperatureControlEnabled = true;
        Assert.IsTrue(controller.StartTemperatureAutotune(), "accepted again");
        Assert.IsTrue(controller.CancelTemperatureAutotune());
        Assert.AreEqual(TemperatureAutotuneFailure.Cancelled, controller.TemperatureAutotuneFailure);
    }

    [TestMethod]
    public void TheControlTickAllocatesNothingWhileTheAutotuneRuns()
    {
        SimulationRun run = TemperatureAutotuneRig.Compose(TemperatureAutotuneRig.Plant(0, 0, 0, 0));
        run.RunUntil(WarmUpSeconds);
        BioreactorController controller = run.Controller;
        Assert.IsTrue(controller.StartTemperatureAutotune());
        controller.Tick();
        long bytes = 0;
        long ticks = 0;
        bool sawInner = false;
        bool sawOuter = false;
        while (controller.TemperatureAutotune.IsActive && ticks < 3L * 3600 * TicksPerSecond)
        {
            run.Board.Step(controller.TickSeconds);
            long before = GC.GetAllocatedBytesForCurrentThread();
            controller.Tick();
            bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            ticks++;
            sawInner |= controller.TemperatureAutotunePhase == TemperatureAutotunePhase.InnerRelay;
            sawOuter |= controller.TemperatureAutotunePhase == TemperatureAutotunePhase.OuterRelay;
        }

        Assert.AreEqual(TemperatureAutotunePhase.Succeeded, controller.TemperatureAutotunePhase);
        Assert.IsTrue(sawInner && sawOuter, "both relays ran");
        Assert.AreEqual(0L, bytes, FormattableString.Invariant($"bytes allocated by {ticks} control ticks through settling, both relays and the hand-back"));
    }
}
