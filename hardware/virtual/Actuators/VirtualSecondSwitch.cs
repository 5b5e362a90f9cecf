using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// A virtual second shut-off: the heater supply relay (normally open) or the upstream CO2 shut-off valve (normally
    /// closed). De-energised is the safe state (contacts open, valve closed). Its contacts/seat follow the command after a
    /// switching delay:
    /// <code>
    ///   command changes            → timer := 0
    ///   each step, command ≠ state → timer += dt; timer ≥ delay (operate when energising, release when not) → state := command
    /// </code>
    /// The state is updated at the end of a step, so the plant sees a change from the next step on (a delay of at most one
    /// step beyond the part's own). A power cut de-energises it and clears the command; commands while unpowered are ignored.
    /// </summary>
    public sealed class VirtualSecondSwitch : ISwitchedOutput
    {
        private readonly long operateMicroseconds;
        private readonly long releaseMicroseconds;
        private bool commanded;
        private bool powered = true;
        private long pendingMicroseconds;

        internal VirtualSecondSwitch(double operateSeconds, double releaseSeconds)
        {
            operateMicroseconds = (long)Math.Round(operateSeconds * 1.0e6);
            releaseMicroseconds = (long)Math.Round(releaseSeconds * 1.0e6);
        }

        /// <summary>Energises (true: relay closed / valve open) or de-energises the switch; ignored while unpowered.</summary>
        public void Set(bool on)
        {
            if (powered && on != commanded)
            {
                commanded = on;
                pendingMicroseconds = 0;
            }
        }

        /// <summary>What the firmware last commanded (true = energised).</summary>
        public bool IsCommandedOn => commanded;

        /// <summary>The actual state: relay contacts closed, or shut-off valve open.</summary>
        public bool IsOn { get; private set; }

        internal void Advance(long dtMicroseconds)
        {
            if (commanded == IsOn)
            {
                return;
            }

            pendingMicroseconds += dtMicroseconds;
            if (pendingMicroseconds >= (commanded ? operateMicroseconds : releaseMicroseconds))
            {
                IsOn = commanded;
            }
        }

        internal void SetPowered(bool on)
        {
            powered = on;
            if (!on && commanded)
            {
                commanded = false;
                pendingMicroseconds = 0;
            }
        }
    }
}
