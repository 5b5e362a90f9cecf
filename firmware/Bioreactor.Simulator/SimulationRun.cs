using System;
using System.Collections.Generic;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator;

/// <summary>
/// The firmware's core composed on the virtual bioreactor, advanced one control tick at a time: the plant steps by the
/// tick, then the firmware ticks and reads what the plant's sensors sampled at that instant. Deterministic: the same
/// plant, seed, schedule and faults give the same run.
/// </summary>
/// <remarks>
/// A power cut stops the firmware (no ticks) while the plant keeps evolving with every actuator off; when power
/// returns, a new controller is composed from scratch, as a rebooted ESP32 would start, its monotonic clock restarts at
/// 0, and it raises the power-interrupted alarm before its first tick.
/// </remarks>
public sealed class SimulationRun
{
    private readonly ScheduleStep[] schedule;
    private readonly BioreactorControllerSettings settings;
    private readonly List<AlarmTransition> alarmTransitions = new();
    private AlarmTransition spareTransition = new();
    private int nextScheduleStep;
    private ScheduleStep currentStep;
    private bool wasPowered = true;
    private double powerLostAtSeconds;

    /// <summary>Composes a run.</summary>
    public SimulationRun(PlantParameters plant, int seed, ScheduleStep[] schedule, BioreactorControllerSettings settings = null)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Length == 0 || schedule[0].AtSeconds != 0)
        {
            throw new ArgumentException("the schedule must start with a step at 0 s", nameof(schedule));
        }

        this.schedule = schedule;
        this.settings = settings ?? new BioreactorControllerSettings();
        Board = new VirtualBioreactor(plant, seed);
        Statistics = new RunStatistics();
        currentStep = schedule[0];
        Controller = Compose();
        ApplyStep(currentStep);
        nextScheduleStep = 1;
    }

    /// <summary>The virtual board.</summary>
    public VirtualBioreactor Board { get; }

    /// <summary>The firmware core now running (a new one after each power cut).</summary>
    public BioreactorController Controller { get; private set; }

    /// <summary>The safety layer beside the controller (made with it at every composition; the controller calls it each tick).</summary>
    public SafetySupervisor Safety { get; private set; }

    /// <summary>The schedule step in force.</summary>
    public ScheduleStep CurrentStep => currentStep;

    /// <summary>Figures gathered on the true plant values.</summary>
    public RunStatistics Statistics { get; }

    /// <summary>Every alarm transition the firmware produced, in order.</summary>
    public IReadOnlyList<AlarmTransition> AlarmTransitions => alarmTransitions;

    /// <summary>How many times the firmware restarted after a power cut.</summary>
    public int Restarts { get; private set; }

    /// <summary>Simulated seconds since the start.</summary>
    public double ElapsedSeconds => Board.ElapsedSeconds;

    /// <summary>Advances plant and firmware by <paramref name="ticks"/> control ticks.</summary>
    public void Run(long ticks)
    {
        double tickSeconds = settings.TickSeconds;
        for (long i = 0; i < ticks; i++)
        {
            Tick(tickSeconds);
        }
    }

    // One control tick. A method of its own, not the loop's body: the runtime recompiles a method called often with
    // the profile it gathered (inlining the ports and the plant), whereas a long loop entered once runs in code patched
    // in mid-loop, compiled with less of it.
    private void Tick(double tickSeconds)
    {
        Board.Step(tickSeconds);
        if (nextScheduleStep < schedule.Length && Board.ElapsedSeconds >= schedule[nextScheduleStep].AtSeconds)
        {
            currentStep = schedule[nextScheduleStep++];
            ApplyStep(currentStep);
        }

        if (!Board.IsPowered)
        {
            if (wasPowered)
            {
                wasPowered = false;
                powerLostAtSeconds = Board.ElapsedSeconds;
            }

            Statistics.Sample(Board, Controller, tickSeconds, controlling: false, double.NaN);
            return;
        }

        if (!wasPowered)
        {
            Restart();
        }

        // The rocking loop steps its reference a tick ahead: the value it holds now is the reference for this instant.
        double referenceAngleDegrees = Controller.Rocking.ReferenceAngleDegrees;
        Controller.Tick();
        // The list keeps every transition: each one taken into an object of its own. The spare object waits for the
        // next transition, so a tick without one allocates nothing.
        while (Controller.Alarms.TryTakeTransition(spareTransition))
        {
            alarmTransitions.Add(spareTransition);
            spareTransition = new AlarmTransition();
        }

        Statistics.Sample(Board, Controller, tickSeconds, controlling: true, referenceAngleDegrees);
    }

    /// <summary>Advances until <paramref name="seconds"/> of simulated time have passed since the start.</summary>
    public void RunUntil(double seconds)
    {
        long ticks = (long)Math.Round((seconds - Board.ElapsedSeconds) / settings.TickSeconds);
        if (ticks > 0)
        {
            Run(ticks);
        }
    }

    private void Restart()
    {
        wasPowered = true;
        Restarts++;
        Board.RestartBoardClock();
        Controller = Compose();
        ApplyStep(currentStep);
        Controller.NotePowerRestored(Board.ElapsedSeconds - powerLostAtSeconds);
    }

    private BioreactorController Compose()
    {
        var ports = new BioreactorPorts(Board.LiquidProbe, Board.PlateProbe, Board.Co2Sensor, Board.AngleSensor,
            Board.Heater, Board.Co2Valve, Board.Rocker, Board.Door, Board.Clock)
            .FitActuatorFeedback(Board.HeaterCurrentMonitor, Board.HeaterSupplyRelay, Board.Co2FlowSensor, Board.Co2ShutOffValve);
        Safety = new SafetySupervisor(settings.Safety, new AlarmManager(settings.AlarmTransitionCapacity));
        return new BioreactorController(ports, settings, Safety)
        {
            TemperatureControlEnabled = true,
            Co2ControlEnabled = true,
            RockingEnabled = true,
        };
    }

    private void ApplyStep(ScheduleStep step)
    {
        Controller.SetTemperatureSetPoint(step.TemperatureCelsius);
        Controller.SetCo2SetPoint(step.Co2Percent);
        Controller.SetRocking(step.RockingRateRpm, step.RockingAmplitudeDegrees);
    }
}
