namespace Bioreactor.Control.Ports
{
    /// <summary>
    /// An on/off actuator: the heater plate's solid-state relay or the CO2 solenoid valve. Both boards wire them so
    /// that off is the de-energised, safe state (a reset or power loss turns them off).
    /// </summary>
    public interface ISwitchedOutput
    {
        /// <summary>Energises (true) or de-energises (false) the actuator.</summary>
        void Set(bool on);
    }
}
