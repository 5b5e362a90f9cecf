using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// What the safety supervisor is told each tick: raw sensor readings (as the ports returned them), the door, what
    /// the control loops want to do, the set points, and whether a loop failed. Plain values only: the supervisor reads
    /// them during its update and keeps none of them, so nothing the loops do can reach into the supervisor.
    /// </summary>
    /// <remarks>
    /// A class filled in place by its one owner (the controller), not a struct: on nanoCLR every load of a value type
    /// copies it onto the heap, and this one was copied dozens of times a tick (about 11,000 interpreter instructions a
    /// copy, measured with callgrind on nanoCLR). The readings likewise are objects created once and filled in place each
    /// tick by the sensors (<see cref="ISensor.Read"/>); the fields are never replaced.
    /// </remarks>
    public sealed class SafetyInputs
    {
        /// <summary>Liquid (bag) temperature probe, °C, raw.</summary>
        public readonly SensorReading LiquidTemperature = new SensorReading();

        /// <summary>Heater plate temperature probe, °C, raw.</summary>
        public readonly SensorReading PlateTemperature = new SensorReading();

        /// <summary>CO2 probe, % v/v, raw.</summary>
        public readonly SensorReading Co2 = new SensorReading();

        /// <summary>Platform angle sensor, degrees, raw.</summary>
        public readonly SensorReading Angle = new SensorReading();

        /// <summary>True while the door or lid is open.</summary>
        public bool DoorOpen;

        /// <summary>The temperature loop wants the heater on this tick.</summary>
        public bool HeaterRequested;

        /// <summary>The CO2 loop wants the valve open this tick.</summary>
        public bool ValveRequested;

        /// <summary>The rocking loop wants the drive powered (rocking, or levelling the platform).</summary>
        public bool RockerEnableRequested;

        /// <summary>The rocking loop's speed command, degrees per second (positive raises the angle).</summary>
        public double RockerSpeedRequestDegreesPerSecond;

        /// <summary>True while the temperature loop is controlling (deviation alarms apply).</summary>
        public bool TemperatureControlActive;

        /// <summary>Liquid temperature set point, °C.</summary>
        public double TemperatureSetpointCelsius;

        /// <summary>True while the CO2 loop is controlling (deviation alarms apply).</summary>
        public bool Co2ControlActive;

        /// <summary>CO2 set point, % v/v.</summary>
        public double Co2SetpointPercent;

        /// <summary>The temperature loop threw or produced no valid output this tick.</summary>
        public bool TemperatureLoopFault;

        /// <summary>The CO2 loop threw or produced no valid output this tick.</summary>
        public bool Co2LoopFault;

        /// <summary>The rocking loop threw or produced no valid output this tick.</summary>
        public bool RockingLoopFault;

        /// <summary>
        /// The temperature loop's own validation rejects the liquid probe (e.g. an impossible rate of change the
        /// supervisor's simpler guard does not look for). Raises the probe-fault alarm with the supervisor's own verdict.
        /// </summary>
        public bool LiquidRejectedByLoop;

        /// <summary>The temperature loop's own validation rejects the plate probe.</summary>
        public bool PlateRejectedByLoop;

        /// <summary>The CO2 loop's own validation rejects the CO2 probe.</summary>
        public bool Co2RejectedByLoop;

        /// <summary>The rocking loop's own validation rejects the angle sensor.</summary>
        public bool AngleRejectedByLoop;

        /// <summary>True when the board has a heater current monitor (<see cref="HeaterCurrent"/> is read).</summary>
        public bool HeaterCurrentFitted;

        /// <summary>Current through the heater element, A, raw (meaningless unless <see cref="HeaterCurrentFitted"/>).</summary>
        public readonly SensorReading HeaterCurrent = new SensorReading();

        /// <summary>True when the board has the heater supply relay (a second switch in series with the heater's own).</summary>
        public bool HeaterSupplyFitted;

        /// <summary>True when the board has a CO2 flow sensor downstream of the dosing valve (<see cref="Co2Flow"/> is read).</summary>
        public bool Co2FlowFitted;

        /// <summary>CO2 flow through the dosing valve, standard cm³/min, raw (meaningless unless <see cref="Co2FlowFitted"/>).</summary>
        public readonly SensorReading Co2Flow = new SensorReading();

        /// <summary>True when the board has the upstream CO2 shut-off valve (a second valve in series with the dosing valve).</summary>
        public bool Co2ShutOffFitted;
    }

    /// <summary>Why safety holds an output off. Several may apply at once (bit flags).</summary>
    [Flags]
    public enum SafetyInhibit
    {
        /// <summary>Nothing: the output is permitted.</summary>
        None = 0,

        /// <summary>The supervisor has not been updated yet.</summary>
        NotEvaluated = 0x1,

        /// <summary>Plate over-temperature (raw reading at the trip, or the latched trip).</summary>
        PlateOverTemperature = 0x2,

        /// <summary>Liquid over-temperature (raw reading at the trip, or the latched trip).</summary>
        LiquidOverTemperature = 0x4,

        /// <summary>The plate probe cannot be trusted: no plate limit is possible, so no heating.</summary>
        PlateProbeFault = 0x8,

        /// <summary>Latched heater runaway (driven without warming).</summary>
        HeaterRunaway = 0x10,

        /// <summary>Latched heater stuck on (warming while off).</summary>
        HeaterStuckOn = 0x20,

        /// <summary>Latched probe disagreement.</summary>
        ProbeDisagreement = 0x40,

        /// <summary>CO2 over-dose (raw reading at the trip, or the latched trip).</summary>
        Co2OverDose = 0x80,

        /// <summary>The CO2 probe cannot be trusted: no injection without a measurement.</summary>
        Co2SensorFault = 0x100,

        /// <summary>The valve was open too long and is held closed for the lockout time.</summary>
        ValveOpenTooLong = 0x200,

        /// <summary>Latched valve stuck open.</summary>
        ValveStuckOpen = 0x400,

        /// <summary>Door open, or closed for less than the settle time.</summary>
        DoorOpen = 0x800,

        /// <summary>Latched rocking stall.</summary>
        RockingStall = 0x1000,

        /// <summary>The angle sensor cannot be trusted: stalls could not be seen.</summary>
        AngleSensorFault = 0x2000,

        /// <summary>The loop driving this output reported a fault this tick.</summary>
        ControlFault = 0x4000,

        /// <summary>The loop's command is not a finite number.</summary>
        InvalidCommand = 0x8000,

        /// <summary>The supervisor itself failed (an exception in its own code): everything off.</summary>
        SafetyFault = 0x10000,

        /// <summary>Latched heater feedback trip: no current while driven, or current while off.</summary>
        HeaterFeedback = 0x20000,

        /// <summary>Latched valve feedback trip: CO2 flowing while the valve is commanded closed.</summary>
        ValveFeedback = 0x40000,
    }
}
