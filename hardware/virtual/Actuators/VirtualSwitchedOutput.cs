using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// A virtual on/off actuator: the heater plate's SSR or the CO2 solenoid valve. The firmware's command is remembered;
    /// the actual state follows it unless a fault overrides it or the board is unpowered:
    /// <code>
    ///   forced off (heater failed off, valve stuck closed)   → off
    ///   forced on  (heater failed on,  valve stuck open)     → on, if the actuator can act without the board's power
    ///                                                           (a stuck-open valve passes cylinder gas; a shorted SSR
    ///                                                           heats only while mains power is present)
    ///   otherwise                                            → commanded, while powered
    /// </code>
    /// A power cut clears the command (de-energised, the safe state); commands while unpowered are ignored.
    /// </summary>
    public sealed class VirtualSwitchedOutput : ISwitchedOutput
    {
        private readonly bool forcedOnActsWithoutPower;
        private bool commanded;
        private bool powered = true;
        private int forcedOnCount;
        private int forcedOffCount;

        internal VirtualSwitchedOutput(bool forcedOnActsWithoutPower)
        {
            this.forcedOnActsWithoutPower = forcedOnActsWithoutPower;
        }

        /// <summary>Energises (true) or de-energises (false) the actuator; ignored while the board is unpowered.</summary>
        public void Set(bool on)
        {
            if (powered)
            {
                commanded = on;
            }
        }

        /// <summary>What the firmware last commanded.</summary>
        public bool IsCommandedOn => commanded;

        /// <summary>The actuator's actual state (heater heating, valve passing gas).</summary>
        public bool IsOn
        {
            get
            {
                if (forcedOffCount > 0)
                {
                    return false;
                }

                if (forcedOnCount > 0)
                {
                    return powered || forcedOnActsWithoutPower;
                }

                return commanded && powered;
            }
        }

        internal void SetPowered(bool on)
        {
            powered = on;
            if (!on)
            {
                commanded = false;
            }
        }

        internal void SetForcedOn(bool start)
        {
            forcedOnCount += start ? 1 : -1;
        }

        internal void SetForcedOff(bool start)
        {
            forcedOffCount += start ? 1 : -1;
        }
    }
}
