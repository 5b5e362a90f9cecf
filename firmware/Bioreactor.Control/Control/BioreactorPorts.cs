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

        private static void Require(object port, string name)
        {
            if (port == null)
            {
                throw new ArgumentNullException(name, "the " + name + " port is required");
            }
        }
    }
}
