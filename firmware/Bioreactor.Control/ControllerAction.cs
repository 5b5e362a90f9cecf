namespace Bioreactor.Control
{
    /// <summary>
    /// Which way the controller output moves with the measurement (ISA convention).
    /// </summary>
    public enum ControllerAction
    {
        /// <summary>Output rises when the measurement falls below the set point: a heater, CO2 injection.</summary>
        Reverse = 0,

        /// <summary>Output rises when the measurement rises above the set point: a cooler, a vent.</summary>
        Direct = 1,
    }

    /// <summary>What the proportional term acts on.</summary>
    public enum ProportionalMode
    {
        /// <summary>P acts on the error: fast set-point response, a proportional kick on set-point steps.</summary>
        OnError = 0,

        /// <summary>
        /// P acts on the measurement only: no kick and less overshoot on set-point changes, at the cost of a
        /// slower set-point response (Beauregard, "Introducing Proportional On Measurement", 2017).
        /// </summary>
        OnMeasurement = 1,
    }

    /// <summary>Which limit, if any, held a controller's last output (see PidController.Saturation).</summary>
    public enum PidSaturation
    {
        /// <summary>The output is the unconstrained P + I + D.</summary>
        None = 0,

        /// <summary>The output was clamped to the output maximum.</summary>
        Maximum = 1,

        /// <summary>The output was clamped to the output minimum.</summary>
        Minimum = 2,

        /// <summary>The output wanted to rise faster than the output rate limit allows.</summary>
        RisingRate = 3,

        /// <summary>The output wanted to fall faster than the output rate limit allows.</summary>
        FallingRate = 4,
    }
}
