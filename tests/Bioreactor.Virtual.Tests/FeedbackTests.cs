using System;
using Bioreactor.Control.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    /// <summary>
    /// The actuator feedback and the second shut-offs of the virtual board: the supply relay and the upstream CO2 valve gate
    /// the plant, the current monitor and flow sensor read what really flows, and the actuator faults act through them.
    /// </summary>
    [TestClass]
    public class FeedbackTests
    {
        private static VirtualBioreactor Board()
        {
            PlantParameters p = Rig.StillRoom();
            p.Feedback.SecondShutOffsFitted = true;
            return new VirtualBioreactor(p, 1);
        }

        [TestMethod]
        public void HeaterConductsOnlyWithTheSupplyRelayClosed_AndTheMonitorReadsPowerOverVoltage()
        {
            VirtualBioreactor bio = Board();
            bio.Heater.Set(true);
            Rig.Run(bio, 1.0, 0.02);
            Assert.IsFalse(bio.HeaterIsOn, "relay de-energised: no current");
            Assert.AreEqual(0.0, bio.HeaterCurrentMonitor.Latest.Value, 0.02, "monitor reads 0 A");
            double plateBefore = bio.TruePlateCelsius;

            bio.HeaterSupplyRelay.Set(true);
            bio.Step(0.02);
            Assert.IsTrue(bio.HeaterSupplyRelay.IsOn, "closed after its 10 ms operate time (end of the step)");
            Rig.Run(bio, 10.0, 0.02);
            Assert.IsTrue(bio.HeaterIsOn);
            Assert.AreEqual(100.0 / 24.0, bio.HeaterCurrentMonitor.Latest.Value, 0.02, "P / V = 4.17 A");
            Assert.AreEqual(SensorStatus.Ok, bio.HeaterCurrentMonitor.Latest.Status);
            Assert.IsTrue(bio.TruePlateCelsius > plateBefore + 0.5, "the plate heats once the relay is closed");
        }

        [TestMethod]
        public void HeaterFailedOn_ConductsWithoutCommand_ButTheRelayCutsIt()
        {
            VirtualBioreactor bio = Board();
            bio.HeaterSupplyRelay.Set(true);
            bio.AddFault(new Fault(FaultKind.HeaterFailedOn, 1.0, 0));
            Rig.Run(bio, 2.0, 0.02);
            Assert.IsFalse(bio.Heater.IsCommandedOn);
            Assert.IsTrue(bio.HeaterIsOn, "shorted switch conducts");
            Assert.IsTrue(bio.HeaterCurrentMonitor.Latest.Value > 4.0, "current while commanded off");

            bio.HeaterSupplyRelay.Set(false);
            bio.Step(0.02);
            Assert.IsFalse(bio.HeaterIsOn, "the relay cuts the element");
            Assert.AreEqual(0.0, bio.HeaterCurrentMonitor.Latest.Value, 0.02);
        }

        [TestMethod]
        public void HeaterFailedOff_NoCurrentWhileDriven()
        {
            VirtualBioreactor bio = Board();
            bio.HeaterSupplyRelay.Set(true);
            bio.Heater.Set(true);
            bio.AddFault(new Fault(FaultKind.HeaterFailedOff, 1.0, 0));
            Rig.Run(bio, 2.0, 0.02);
            Assert.IsFalse(bio.HeaterIsOn);
            Assert.AreEqual(0.0, bio.HeaterCurrentMonitor.Latest.Value, 0.02);
        }

        [TestMethod]
        public void Co2FlowsOnlyThroughBothValves_AndTheUpstreamValveStopsAStuckOpenOne()
        {
            VirtualBioreactor bio = Board();
            bio.Co2Valve.Set(true);
            Rig.Run(bio, 1.0, 0.02);
            Assert.IsFalse(bio.ValveIsOpen, "shut-off closed: no flow");
            Assert.AreEqual(0.0, bio.Co2FlowSensor.Latest.Value, 1.0);

            bio.Co2ShutOffValve.Set(true);
            Rig.Run(bio, 1.0, 0.02);
            Assert.IsTrue(bio.ValveIsOpen);
            Assert.AreEqual(25.0, bio.Co2FlowSensor.Latest.Value, 1.0, "the injection flow, 0.025 L/min");

            bio.Co2Valve.Set(false);
            bio.AddFault(new Fault(FaultKind.ValveStuckOpen, 3.0, 0));
            Rig.Run(bio, 2.0, 0.02);
            Assert.IsTrue(bio.Co2FlowSensor.Latest.Value > 20.0, "stuck open: flow with the valve commanded closed");

            bio.Co2ShutOffValve.Set(false);
            Rig.Run(bio, 0.04, 0.02);
            Assert.IsFalse(bio.ValveIsOpen, "the upstream valve stops it");
            Assert.AreEqual(0.0, bio.Co2FlowSensor.Latest.Value, 1.0);
        }

        [TestMethod]
        public void ValveStuckClosed_NoFlowWhileOpen()
        {
            VirtualBioreactor bio = Board();
            bio.Co2ShutOffValve.Set(true);
            bio.Co2Valve.Set(true);
            bio.AddFault(new Fault(FaultKind.ValveStuckClosed, 1.0, 0));
            Rig.Run(bio, 2.0, 0.02);
            Assert.AreEqual(0.0, bio.Co2FlowSensor.Latest.Value, 1.0);
        }

        [TestMethod]
        public void PowerCutOpensTheRelayAndClosesTheShutOff_UntilCommandedAgain()
        {
            VirtualBioreactor bio = Board();
            bio.HeaterSupplyRelay.Set(true);
            bio.Co2ShutOffValve.Set(true);
            Rig.Run(bio, 1.0, 0.02);
            bio.AddFault(new Fault(FaultKind.PowerCut, 2.0, 1.0));
            Rig.Run(bio, 1.5, 0.02);
            Assert.IsFalse(bio.HeaterSupplyRelay.IsOn);
            Assert.IsFalse(bio.Co2ShutOffValve.IsOn);
            Rig.Run(bio, 2.0, 0.02);
            Assert.IsFalse(bio.HeaterSupplyRelay.IsCommandedOn, "the command was cleared by the cut");
            Assert.IsFalse(bio.HeaterSupplyRelay.IsOn);
        }

        [TestMethod]
        public void NotFitted_TheSecondShutOffsHaveNoEffect()
        {
            PlantParameters p = Rig.StillRoom();
            var bio = new VirtualBioreactor(p, 1);
            bio.Heater.Set(true);
            bio.Co2Valve.Set(true);
            Rig.Run(bio, 1.0, 0.02);
            Assert.IsTrue(bio.HeaterIsOn);
            Assert.IsTrue(bio.ValveIsOpen);
            Assert.AreEqual(100.0 / 24.0, bio.HeaterCurrentMonitor.Latest.Value, 0.02, "the monitor still measures");
        }
    }
}
