using System.Collections.Generic;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// The firmware core as the simulator runs it (<see cref="SimulationRun"/>: a fresh controller after each power cut,
/// alarm transitions drained every tick), one tick at a time so the bench can stamp alarms and read the reference.
/// </summary>
public sealed class ThisControllerRig : IBenchRig
{
    private readonly List<RaisedAlarm> raised = new();
    private int drained;
    private double referenceNowDegrees;

    /// <summary>Composes the run with the context's settings, the schedule and the faults.</summary>
    public ThisControllerRig(BenchContext context, ScheduleStep[] schedule, IEnumerable<Fault> faults)
    {
        Run = new SimulationRun(context.Plant, context.Seed, schedule, context.Settings);
        foreach (Fault fault in faults)
        {
            Run.Board.AddFault(fault);
        }

        TickSeconds = context.Settings.TickSeconds;
        referenceNowDegrees = Run.Controller.Rocking.ReferenceAngleDegrees;
    }

    /// <summary>The simulation run (core + virtual board).</summary>
    public SimulationRun Run { get; }

    /// <inheritdoc/>
    public BenchController Controller => BenchController.ThisController;

    /// <inheritdoc/>
    public VirtualBioreactor Board => Run.Board;

    /// <inheritdoc/>
    public double TickSeconds { get; }

    /// <inheritdoc/>
    public ScheduleStep CurrentStep => Run.CurrentStep;

    /// <inheritdoc/>
    public double ReferenceAngleDegrees => referenceNowDegrees;

    /// <inheritdoc/>
    public bool HasAlarms => true;

    /// <inheritdoc/>
    public IReadOnlyList<RaisedAlarm> RaisedAlarms => raised;

    /// <inheritdoc/>
    public bool TemperatureFallbackActive => Board.IsPowered && Run.Controller.Temperature.Mode != TemperatureLoopMode.Normal;

    /// <inheritdoc/>
    public void Tick()
    {
        // The rocking loop steps its reference a tick ahead: what it holds now is the reference for the coming tick.
        double reference = Run.Controller.Rocking.ReferenceAngleDegrees;
        Run.Run(1);
        referenceNowDegrees = reference;
        IReadOnlyList<AlarmTransition> transitions = Run.AlarmTransitions;
        for (; drained < transitions.Count; drained++)
        {
            AlarmTransition t = transitions[drained];
            if (t.Kind == AlarmTransitionKind.Raised)
            {
                raised.Add(new RaisedAlarm(Board.ElapsedSeconds, t.Id));
            }
        }
    }
}
