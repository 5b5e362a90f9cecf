using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// The product's alarms: default definitions (priority, delays, deadband, latching), English descriptions and
    /// stable lower-case codes for records and the protocol. Explicit switches, no Enum.ToString (it prints the
    /// number on nanoFramework).
    /// </summary>
    /// <remarks>
    /// Delay and deadband defaults, and why:
    /// - Sensor faults, 500 ms on-delay: filters a single bad sample (a bus glitch) while, with the default
    ///   staleness limits, keeping detection well inside the 2 s the product allows from fault to alarm. Safety
    ///   forces the output without waiting for this delay.
    /// - Over-temperature and CO2 over-dose trips, 500 ms on-delay, latched: a one-sample spike does not latch
    ///   a trip that needs the operator; the output is forced at once on the raw reading anyway. Deadbands 0.5 K and
    ///   0.5 % so a value hovering at the limit does not chatter (5× the 0.1 °C / 0.1 % display resolution of
    ///   commercial incubators, Binder C 150 / Shel Lab SCO6AD).
    /// - Deviation alarms: on-delays longer than a door-opening recovery (Shel Lab SCO6AD: CO2 recovers in under
    ///   5 min): 10 min for low CO2/temperature and CO2 high, 5 min for temperature high (heat harms cells sooner
    ///   than cold). Deadband 0.1 K / 0.1 % (the display resolution).
    /// - Watches (runaway, stuck-on, stuck-open, not-rising) and the valve limit decide over their own windows, so
    ///   their alarms have no further on-delay.
    /// - Actuator feedback trips (heater failed off/on, CO2 flow with the valve closed), no on-delay, latched, Critical:
    ///   their confirmation times are in SafetySettings; the second shut-off (supply relay, upstream valve) stays open/closed
    ///   until the operator acknowledges and the feedback no longer shows the fault (a latched alarm resets only once its
    ///   condition has gone). No flow with the valve open: High, not latched (like co2_not_rising: alarm only).
    ///   Feedback sensor faults: 500 ms on-delay like the other sensors, High.
    /// - Door open: 1 s on-delay, Low priority, not latched: the suspension itself is immediate; the alarm just
    ///   tells (a routine sampling opening returns to normal on closing and only needs an acknowledge).
    /// </remarks>
    public static class AlarmCatalog
    {
        /// <summary>The number of alarm ids (the largest <see cref="AlarmId"/> value plus one).</summary>
        public const int Count = 31;

        /// <summary>True when <paramref name="id"/> names an alarm of the catalogue.</summary>
        public static bool IsDefined(AlarmId id)
        {
            return (int)id >= 0 && (int)id < Count;
        }

        /// <summary>The default definition of an alarm (allocates: call at configuration time).</summary>
        public static AlarmDefinition DefaultDefinition(AlarmId id)
        {
            string text = Describe(id);
            switch (id)
            {
                case AlarmId.LiquidProbeFault:
                case AlarmId.PlateProbeFault:
                case AlarmId.Co2SensorFault:
                    return new AlarmDefinition(AlarmPriority.High, 500, 0, 0.0, false, text);
                case AlarmId.AngleSensorFault:
                    return new AlarmDefinition(AlarmPriority.Medium, 500, 0, 0.0, false, text);
                case AlarmId.LiquidOverTemperature:
                case AlarmId.PlateOverTemperature:
                    return new AlarmDefinition(AlarmPriority.Critical, 500, 0, 0.5, true, text);
                case AlarmId.LiquidTemperatureHigh:
                    return new AlarmDefinition(AlarmPriority.High, 300000, 0, 0.1, false, text);
                case AlarmId.LiquidTemperatureLow:
                    return new AlarmDefinition(AlarmPriority.High, 600000, 0, 0.1, false, text);
                case AlarmId.Co2High:
                case AlarmId.Co2Low:
                    return new AlarmDefinition(AlarmPriority.Medium, 600000, 0, 0.1, false, text);
                case AlarmId.Co2OverDose:
                    return new AlarmDefinition(AlarmPriority.Critical, 500, 0, 0.5, true, text);
                case AlarmId.HeaterRunaway:
                case AlarmId.HeaterStuckOn:
                case AlarmId.ValveStuckOpen:
                    return new AlarmDefinition(AlarmPriority.Critical, 0, 0, 0.0, true, text);
                case AlarmId.ProbeDisagreement:
                    return new AlarmDefinition(AlarmPriority.High, 1000, 0, 0.0, true, text);
                case AlarmId.ValveOpenTooLong:
                case AlarmId.Co2NotRising:
                    return new AlarmDefinition(AlarmPriority.High, 0, 0, 0.0, false, text);
                case AlarmId.DoorOpen:
                    return new AlarmDefinition(AlarmPriority.Low, 1000, 0, 0.0, false, text);
                case AlarmId.RockingStall:
                    return new AlarmDefinition(AlarmPriority.High, 500, 0, 0.0, true, text);
                case AlarmId.TemperatureControlFault:
                case AlarmId.Co2ControlFault:
                case AlarmId.RockingControlFault:
                    return new AlarmDefinition(AlarmPriority.High, 0, 0, 0.0, false, text);
                case AlarmId.PowerInterrupted:
                    return new AlarmDefinition(AlarmPriority.High, 0, 0, 0.0, true, text);
                case AlarmId.RecordStorageFailure:
                    // Latched: a lost record entry is a GMP deviation QA must see even if the card recovers (Annex 11 §7).
                    return new AlarmDefinition(AlarmPriority.High, 0, 0, 0.0, true, text);
                case AlarmId.HeaterFailedOff:
                case AlarmId.HeaterFailedOn:
                case AlarmId.Co2FlowWhileClosed:
                    return new AlarmDefinition(AlarmPriority.Critical, 0, 0, 0.0, true, text);
                case AlarmId.Co2NoFlowWhileOpen:
                    return new AlarmDefinition(AlarmPriority.High, 0, 0, 0.0, false, text);
                case AlarmId.HeaterCurrentSensorFault:
                case AlarmId.Co2FlowSensorFault:
                    return new AlarmDefinition(AlarmPriority.High, 500, 0, 0.0, false, text);
                case AlarmId.OperatorLockedOut:
                    // Medium: no harm to the culture, but someone may be trying to sign as another person (Part 11.300(d)).
                    return new AlarmDefinition(AlarmPriority.Medium, 0, 0, 0.0, false, text);
                default:
                    throw new ArgumentOutOfRangeException("id", "id must be a defined AlarmId (0 to AlarmCatalog.Count - 1)");
            }
        }

        /// <summary>English description of an alarm for the operator.</summary>
        public static string Describe(AlarmId id)
        {
            switch (id)
            {
                case AlarmId.LiquidProbeFault: return "Liquid temperature probe fault";
                case AlarmId.PlateProbeFault: return "Heater plate temperature probe fault";
                case AlarmId.Co2SensorFault: return "CO2 sensor fault";
                case AlarmId.AngleSensorFault: return "Platform angle sensor fault";
                case AlarmId.LiquidOverTemperature: return "Liquid over-temperature trip: heater off";
                case AlarmId.PlateOverTemperature: return "Heater plate over-temperature trip: heater off";
                case AlarmId.LiquidTemperatureHigh: return "Liquid temperature above set point band";
                case AlarmId.LiquidTemperatureLow: return "Liquid temperature below set point band";
                case AlarmId.Co2High: return "CO2 above set point band";
                case AlarmId.Co2Low: return "CO2 below set point band";
                case AlarmId.Co2OverDose: return "CO2 over-dose trip: valve closed";
                case AlarmId.HeaterRunaway: return "Heater driven but plate not warming: heater off";
                case AlarmId.HeaterStuckOn: return "Plate warming with heater off: heater relay may be stuck on";
                case AlarmId.ProbeDisagreement: return "Liquid and plate probes disagree: heater off";
                case AlarmId.ValveOpenTooLong: return "CO2 valve open too long: valve held closed";
                case AlarmId.ValveStuckOpen: return "CO2 rising with valve closed: valve may be stuck open";
                case AlarmId.Co2NotRising: return "CO2 not rising while injecting: valve stuck closed or gas supply empty";
                case AlarmId.DoorOpen: return "Door open: CO2 injection and rocking suspended";
                case AlarmId.RockingStall: return "Rocking platform stalled: drive disabled";
                case AlarmId.TemperatureControlFault: return "Temperature control fault: heater off";
                case AlarmId.Co2ControlFault: return "CO2 control fault: valve closed";
                case AlarmId.RockingControlFault: return "Rocking control fault: drive disabled";
                case AlarmId.PowerInterrupted: return "Power interrupted during a batch";
                case AlarmId.RecordStorageFailure: return "Batch record storage failure: record entries may be lost";
                case AlarmId.HeaterFailedOff: return "Heater driven but no heater current: heater off, supply relay open";
                case AlarmId.HeaterFailedOn: return "Heater current with heater off: switch failed on, supply relay opened";
                case AlarmId.Co2FlowWhileClosed: return "CO2 flowing with valve closed: valve stuck open, upstream shut-off closed";
                case AlarmId.Co2NoFlowWhileOpen: return "No CO2 flow with valve open: valve stuck closed or gas supply empty";
                case AlarmId.HeaterCurrentSensorFault: return "Heater current monitor fault: heater feedback checks suspended";
                case AlarmId.Co2FlowSensorFault: return "CO2 flow sensor fault: valve feedback checks suspended";
                case AlarmId.OperatorLockedOut: return "An operator is locked out after consecutive bad signatures";
                default: return "Unknown alarm";
            }
        }

        /// <summary>Stable lower-case code of an alarm for records and the protocol.</summary>
        public static string Code(AlarmId id)
        {
            switch (id)
            {
                case AlarmId.LiquidProbeFault: return "liquid_probe_fault";
                case AlarmId.PlateProbeFault: return "plate_probe_fault";
                case AlarmId.Co2SensorFault: return "co2_sensor_fault";
                case AlarmId.AngleSensorFault: return "angle_sensor_fault";
                case AlarmId.LiquidOverTemperature: return "liquid_over_temperature";
                case AlarmId.PlateOverTemperature: return "plate_over_temperature";
                case AlarmId.LiquidTemperatureHigh: return "liquid_temperature_high";
                case AlarmId.LiquidTemperatureLow: return "liquid_temperature_low";
                case AlarmId.Co2High: return "co2_high";
                case AlarmId.Co2Low: return "co2_low";
                case AlarmId.Co2OverDose: return "co2_over_dose";
                case AlarmId.HeaterRunaway: return "heater_runaway";
                case AlarmId.HeaterStuckOn: return "heater_stuck_on";
                case AlarmId.ProbeDisagreement: return "probe_disagreement";
                case AlarmId.ValveOpenTooLong: return "valve_open_too_long";
                case AlarmId.ValveStuckOpen: return "valve_stuck_open";
                case AlarmId.Co2NotRising: return "co2_not_rising";
                case AlarmId.DoorOpen: return "door_open";
                case AlarmId.RockingStall: return "rocking_stall";
                case AlarmId.TemperatureControlFault: return "temperature_control_fault";
                case AlarmId.Co2ControlFault: return "co2_control_fault";
                case AlarmId.RockingControlFault: return "rocking_control_fault";
                case AlarmId.PowerInterrupted: return "power_interrupted";
                case AlarmId.RecordStorageFailure: return "record_storage_failure";
                case AlarmId.HeaterFailedOff: return "heater_failed_off";
                case AlarmId.HeaterFailedOn: return "heater_failed_on";
                case AlarmId.Co2FlowWhileClosed: return "co2_flow_valve_closed";
                case AlarmId.Co2NoFlowWhileOpen: return "co2_no_flow_valve_open";
                case AlarmId.HeaterCurrentSensorFault: return "heater_current_sensor_fault";
                case AlarmId.Co2FlowSensorFault: return "co2_flow_sensor_fault";
                case AlarmId.OperatorLockedOut: return "operator_locked_out";
                default: return "unknown";
            }
        }

        /// <summary>English name of an alarm state.</summary>
        public static string StateName(AlarmState state)
        {
            switch (state)
            {
                case AlarmState.Normal: return "Normal";
                case AlarmState.UnacknowledgedActive: return "Unacknowledged active";
                case AlarmState.AcknowledgedActive: return "Acknowledged active";
                case AlarmState.ReturnedToNormalUnacknowledged: return "Returned to normal unacknowledged";
                case AlarmState.Shelved: return "Shelved";
                case AlarmState.SuppressedByDesign: return "Suppressed by design";
                case AlarmState.OutOfService: return "Out of service";
                default: return "Unknown";
            }
        }

        /// <summary>English name of a priority.</summary>
        public static string PriorityName(AlarmPriority priority)
        {
            switch (priority)
            {
                case AlarmPriority.None: return "None";
                case AlarmPriority.Low: return "Low";
                case AlarmPriority.Medium: return "Medium";
                case AlarmPriority.High: return "High";
                case AlarmPriority.Critical: return "Critical";
                default: return "Unknown";
            }
        }

        /// <summary>English name of a transition kind.</summary>
        public static string KindName(AlarmTransitionKind kind)
        {
            switch (kind)
            {
                case AlarmTransitionKind.Raised: return "Raised";
                case AlarmTransitionKind.Cleared: return "Cleared";
                case AlarmTransitionKind.Acknowledged: return "Acknowledged";
                case AlarmTransitionKind.Reset: return "Reset";
                default: return "Unknown";
            }
        }
    }
}
