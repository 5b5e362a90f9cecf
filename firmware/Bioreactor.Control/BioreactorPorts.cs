using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control
{
    /// <summary>
    /// The hardware a board hands to the core: one object per port. The ESP32 board wires its drivers here, the
    /// virtual board its models; nothing else in the core knows which board it runs on.
    /// </summary>
    public sealed class BioreactorPorts
    {
        /// <summary>Creates the port set; every port is required.</summary>
        public BioreactorPorts(ISensor liquidProbe, ISensor plateProbe, ISensor co2Sensor, ISensor angleSensor,
            ISwitchedOutput heater, ISwitchedOutput co2Valve, IRockerDrive rocker, IDoorSwitch door, IClock clock)
        {
            Require(liquidProbe, "liquidProbe");
            LiquidProbe = liquidProbe;
            Require(plateProbe, "plateProbe");
            PlateProbe = plateProbe;
            Require(co2Sensor, "co2Sensor");
            Co2Sensor = co2Sensor;
            Require(angleSensor, "angleSensor");
            AngleSensor = angleSensor;
            Require(heater, "heater");
            Heater = heater;
            Require(co2Valve, "co2Valve");
            Co2Valve = co2Valve;
            Require(rocker, "rocker");
            Rocker = rocker;
            Require(door, "door");
            Door = door;
            Require(clock, "clock");
            Clock = clock;
        }

        /// <summary>The RTD in the medium, °C.</summary>
        public ISensor LiquidProbe { get; }

        /// <summary>The RTD on the heater plate, °C.</summary>
        public ISensor PlateProbe { get; }

        /// <summary>The NDIR CO2 probe in the headspace gas, % v/v.</summary>
        public ISensor Co2Sensor { get; }

        /// <summary>The platform's angle sensor, degrees.</summary>
        public ISensor AngleSensor { get; }

        /// <summary>The heater plate's solid-state relay.</summary>
        public ISwitchedOutput Heater { get; }

        /// <summary>The CO2 solenoid valve.</summary>
        public ISwitchedOutput Co2Valve { get; }

        /// <summary>The rocking motor.</summary>
        public IRockerDrive Rocker { get; }

        /// <summary>The lid/door switch.</summary>
        public IDoorSwitch Door { get; }

        /// <summary>The board's clock.</summary>
        public IClock Clock { get; }

        /// <summary>
        /// Current through the heater element, A (a shunt monitor in the heater's supply, e.g. INA219); null = not fitted.
        /// Read every tick; the safety layer compares it with the heater command.
        /// </summary>
        public ISensor HeaterCurrentMonitor { get; private set; }

        /// <summary>
        /// The heater supply relay, a second switch in series with the heater's own (energised = closed, de-energised =
        /// heater unpowered); null = not fitted. Safety opens it on every latched heater trip.
        /// </summary>
        public ISwitchedOutput HeaterSupplyRelay { get; private set; }

        /// <summary>CO2 flow downstream of the dosing valve, standard cm³/min of CO2; null = not fitted.</summary>
        public ISensor Co2FlowSensor { get; private set; }

        /// <summary>
        /// The upstream CO2 shut-off valve, normally closed, in series before the dosing valve (energised = open); null =
        /// not fitted. Safety closes it on a stuck-open valve and on the over-dose trip.
        /// </summary>
        public ISwitchedOutput Co2ShutOffValve { get; private set; }

        /// <summary>
        /// Fits the actuator feedback and the second shut-offs (configuration time). Each may be null (not fitted); with
        /// none fitted the core behaves exactly as without this call. Returns this port set.
        /// </summary>
        public BioreactorPorts FitActuatorFeedback(ISensor heaterCurrentMonitor, ISwitchedOutput heaterSupplyRelay,
            ISensor co2FlowSensor, ISwitchedOutput co2ShutOffValve)
        {
            HeaterCurrentMonitor = heaterCurrentMonitor;
            HeaterSupplyRelay = heaterSupplyRelay;
            Co2FlowSensor = co2FlowSensor;
            Co2ShutOffValve = co2ShutOffValve;
            return this;
        }

        private static void Require(object port, string name)
        {
            if (port == null)
            {
                throw new ArgumentNullException(name, "the " + name + " port is required");
            }
        }
    }
}
