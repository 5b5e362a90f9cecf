namespace Bioreactor.Control.Ports
{
    /// <summary>
    /// A sensor the core reads on its periodic path: the liquid and plate RTD probes (°C), the CO2 probe
    /// (% v/v) and the platform angle sensor (degrees, positive = tilted towards the motor side).
    /// The board decides how a sample is taken; <see cref="Read"/> must return at once and not allocate.
    /// </summary>
    public interface ISensor
    {
        /// <summary>
        /// Fills <paramref name="reading"/> (the caller's object, all three fields) with the most recent sample. Returns at
        /// once and allocates nothing; keeps no reference to <paramref name="reading"/>.
        /// </summary>
        void Read(SensorReading reading);
    }
}
