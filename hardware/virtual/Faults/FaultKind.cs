namespace Bioreactor.Virtual
{
    /// <summary>What goes wrong. Text names (for <see cref="Fault.Parse"/>) in brackets.</summary>
    public enum FaultKind
    {
        /// <summary>An RTD element or its cable is open: MAX31865 full scale, status OpenCircuit (probe-open:liquid|plate).</summary>
        ProbeOpen,

        /// <summary>An RTD element is shorted: reading near zero scale, status ShortCircuit (probe-short:liquid|plate).</summary>
        ProbeShort,

        /// <summary>A sensor repeats the value it had at onset with fresh timestamps and status Ok (sensor-stuck:target).</summary>
        SensorStuck,

        /// <summary>A sensor returns the same sample, timestamp included (sensor-stale:target).</summary>
        SensorStale,

        /// <summary>The heater does not heat whatever the SSR is told (heater-failed-off).</summary>
        HeaterFailedOff,

        /// <summary>The SSR conducts whatever it is told (shorted SSR), while mains power is present (heater-failed-on).</summary>
        HeaterFailedOn,

        /// <summary>The CO2 valve passes gas whatever it is told, even unpowered (valve-stuck-open).</summary>
        ValveStuckOpen,

        /// <summary>The CO2 valve stays closed whatever it is told (valve-stuck-closed).</summary>
        ValveStuckClosed,

        /// <summary>The rocking mechanism is jammed: no motion whatever the motor does (motor-stall).</summary>
        MotorStall,

        /// <summary>The lid/door is open (door-open).</summary>
        DoorOpen,

        /// <summary>
        /// Mains power is lost: all actuators off, aeration pump stopped (if so configured), firmware not running
        /// (<see cref="VirtualBioreactor.IsPowered"/> false) (power-cut).
        /// </summary>
        PowerCut,
    }

    /// <summary>Which sensor a sensor fault hits. <see cref="None"/> for faults that are not about one sensor.</summary>
    public enum FaultTarget
    {
        /// <summary>No sensor (actuator, door and power faults).</summary>
        None,

        /// <summary>The liquid RTD probe ("liquid").</summary>
        LiquidProbe,

        /// <summary>The plate RTD probe ("plate").</summary>
        PlateProbe,

        /// <summary>The NDIR CO2 probe ("co2").</summary>
        Co2Sensor,

        /// <summary>The platform angle sensor ("angle").</summary>
        AngleSensor,
    }
}
