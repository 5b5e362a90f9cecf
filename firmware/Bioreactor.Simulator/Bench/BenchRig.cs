using System.Collections.Generic;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>The controllers the bench compares, each on its own virtual bioreactor.</summary>
public enum BenchController
{
    /// <summary>The firmware core (BioreactorController on the virtual board, through <see cref="SimulationRun"/>).</summary>
    ThisController = 0,

    /// <summary>An on/off thermostat with hysteresis on the liquid and on the CO2; proportional-only rocking.</summary>
    OnOffThermostat = 1,

    /// <summary>A textbook PID per loop: derivative on the error, no anti-windup, no cascade, no feed-forward.</summary>
    TextbookPid = 2,
}

/// <summary>An alarm raised by the controller, stamped with the board's simulated time.</summary>
/// <param name="Seconds">Board time the alarm was raised (the tick it was drained at), s.</param>
/// <param name="Id">Which alarm.</param>
public readonly record struct RaisedAlarm(double Seconds, AlarmId Id);

/// <summary>
/// One controller on one virtual bioreactor, advanced a control tick at a time: the plant steps by the tick, then the
/// controller reads the sensors and sets the outputs. What the bench measures is read from <see cref="Board"/>'s true
/// plant values and its actuators' commanded states, the same for every controller.
/// </summary>
public interface IBenchRig
{
    /// <summary>Which controller.</summary>
    BenchController Controller { get; }

    /// <summary>The virtual bioreactor.</summary>
    VirtualBioreactor Board { get; }

    /// <summary>The control tick, s.</summary>
    double TickSeconds { get; }

    /// <summary>The schedule step in force (the set points).</summary>
    ScheduleStep CurrentStep { get; }

    /// <summary>
    /// The rocking reference angle for the board's present time, degrees (the trajectory the controller tracks); NaN
    /// when the controller has none.
    /// </summary>
    double ReferenceAngleDegrees { get; }

    /// <summary>True when the controller raises alarms (the baselines do not).</summary>
    bool HasAlarms { get; }

    /// <summary>Every alarm raised so far, in order.</summary>
    IReadOnlyList<RaisedAlarm> RaisedAlarms { get; }

    /// <summary>True while the temperature loop is out of its normal cascade (plate-only fallback or heater off).</summary>
    bool TemperatureFallbackActive { get; }

    /// <summary>Advances plant and controller by one tick.</summary>
    void Tick();
}

/// <summary>Everything one scenario run is built from.</summary>
public sealed class BenchContext
{
    /// <summary>Creates a context.</summary>
    public BenchContext(PlantParameters plant, int seed, BenchController controller)
    {
        Plant = plant;
        Seed = seed;
        Controller = controller;
    }

    /// <summary>The plant (the scenario's modification applied, validated).</summary>
    public PlantParameters Plant { get; }

    /// <summary>The seed of the plant's noise and drift.</summary>
    public int Seed { get; }

    /// <summary>The controller under test.</summary>
    public BenchController Controller { get; }

    /// <summary>The firmware core's settings (defaults unless the scenario tuned them).</summary>
    public BioreactorControllerSettings Settings { get; set; } = new();

    /// <summary>The textbook PID's tunings (found by its relay test on this plant), for that controller.</summary>
    public TextbookTunings Textbook { get; set; }

    /// <summary>What a tuning step found, for the report; null when none ran.</summary>
    public string TuningDescription { get; set; }
}
