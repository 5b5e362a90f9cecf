using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// The lid/door switch. The door is open while an operator holds it open (<see cref="SetOpenByOperator"/>) or a
    /// door-open fault window is active; the switch reports the door's true state.
    /// </summary>
    public sealed class VirtualDoorSwitch : IDoorSwitch
    {
        private bool openByOperator;
        private int openByFaultCount;

        internal VirtualDoorSwitch()
        {
        }

        /// <summary>True while the lid or door is open.</summary>
        public bool IsOpen => openByOperator || openByFaultCount > 0;

        /// <summary>Opens or closes the door as an operator would (independent of scheduled door-open faults).</summary>
        public void SetOpenByOperator(bool open)
        {
            openByOperator = open;
        }

        internal void SetOpenByFault(bool start)
        {
            openByFaultCount += start ? 1 : -1;
        }
    }
}
