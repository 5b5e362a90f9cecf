using System;
using Bioreactor.Control;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// The whole periodic path of a closed-loop run allocates nothing (docs/architecture.md rule 3): the controller's tick with
/// all three loops and the safety layer, and the virtual board's step, while rocking and through a door opening.
/// </summary>
[TestClass]
public class ClosedLoopAllocationTests
{
    [TestMethod]
    public void ControllerTickAndBoardStepAllocateNothing()
    {
        const int Seed = 1;
        var board = new VirtualBioreactor(PlantParameters.CreateDefault(), Seed);
        var settings = new BioreactorControllerSettings();
        var ports = new BioreactorPorts(board.LiquidProbe, board.PlateProbe, board.Co2Sensor, board.AngleSensor,
            board.Heater, board.Co2Valve, board.Rocker, board.Door, board.Clock)
            .FitActuatorFeedback(board.HeaterCurrentMonitor, board.HeaterSupplyRelay, board.Co2FlowSensor, board.Co2ShutOffValve);
        var controller = new BioreactorController(ports, settings,
            new SafetySupervisor(settings.Safety, new AlarmManager(settings.AlarmTransitionCapacity)))
        {
            TemperatureControlEnabled = true,
            Co2ControlEnabled = true,
            RockingEnabled = true,
        };
        controller.SetTemperatureSetPoint(37.0);
        controller.SetCo2SetPoint(5.0);
        controller.SetRocking(10, 6);
        board.AddFault(new Fault(FaultKind.DoorOpen, 900, 30));

        // Warm up (JIT, first conversions, the trajectory's ramps) for 10 simulated minutes, then count 10 more.
        const int WarmUpTicks = 30_000;
        const int CountedTicks = 30_000;
        var transition = new AlarmTransition();
        for (int i = 0; i < WarmUpTicks; i++)
        {
            board.Step(settings.TickSeconds);
            controller.Tick();
            while (controller.Alarms.TryTakeTransition(transition))
            {
            }
        }

        bool doorSeen = false;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < CountedTicks; i++)
        {
            board.Step(settings.TickSeconds);
            controller.Tick();
            doorSeen |= controller.DoorOpen;
            while (controller.Alarms.TryTakeTransition(transition))
            {
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(0L, allocated, $"bytes allocated by BioreactorController.Tick + VirtualBioreactor.Step (seed {Seed})");
        Assert.IsTrue(doorSeen, "the counted ticks include the door opening");
    }
}
