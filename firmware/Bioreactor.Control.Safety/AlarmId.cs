namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Every alarm of the product. The numbers are stored in batch records and sent over the protocol, so they
    /// are fixed: append new alarms at the end (storage and clock alarms are expected next), never renumber,
    /// and raise <see cref="AlarmCatalog.Count"/> to match.
    /// </summary>
    public enum AlarmId
    {
        /// <summary>The liquid (bag) temperature probe reads a fault, an implausible value or a stale sample.</summary>
        LiquidProbeFault = 0,

        /// <summary>The heater plate temperature probe reads a fault, an implausible value or a stale sample.</summary>
        PlateProbeFault = 1,

        /// <summary>The CO2 probe reads a fault, an implausible value or a stale sample.</summary>
        Co2SensorFault = 2,

        /// <summary>The platform angle sensor reads a fault, an implausible value or a stale sample.</summary>
        AngleSensorFault = 3,

        /// <summary>Trip: liquid temperature at or above the liquid over-temperature limit (heater off, latched).</summary>
        LiquidOverTemperature = 4,

        /// <summary>Trip: plate temperature at or above the plate over-temperature limit (heater off, latched).</summary>
        PlateOverTemperature = 5,

        /// <summary>Deviation: liquid temperature above the set point by more than the alarm band.</summary>
        LiquidTemperatureHigh = 6,

        /// <summary>Deviation: liquid temperature below the set point by more than the alarm band.</summary>
        LiquidTemperatureLow = 7,

        /// <summary>Deviation: CO2 above the set point by more than the alarm band.</summary>
        Co2High = 8,

        /// <summary>Deviation: CO2 below the set point by more than the alarm band.</summary>
        Co2Low = 9,

        /// <summary>Trip: CO2 at or above the over-dose limit (valve forced closed, latched).</summary>
        Co2OverDose = 10,

        /// <summary>Trip: heater driven hard but the plate did not warm (heater failed off, probe off the plate).</summary>
        HeaterRunaway = 11,

        /// <summary>Trip: plate keeps warming while the heater is commanded off (relay welded, heater failed on).</summary>
        HeaterStuckOn = 12,

        /// <summary>Trip: liquid and plate probes disagree beyond what the physics allows.</summary>
        ProbeDisagreement = 13,

        /// <summary>The CO2 valve stayed open longer than the safety limit and was forced closed for a while.</summary>
        ValveOpenTooLong = 14,

        /// <summary>CO2 keeps rising while the valve is commanded closed (valve stuck open).</summary>
        ValveStuckOpen = 15,

        /// <summary>CO2 does not rise while the valve is driven hard (valve stuck closed, gas supply empty).</summary>
        Co2NotRising = 16,

        /// <summary>The enclosure door or lid is open (CO2 injection and rocking suspended).</summary>
        DoorOpen = 17,

        /// <summary>Trip: the rocking platform does not follow the drive (drive disabled, latched).</summary>
        RockingStall = 18,

        /// <summary>The temperature loop failed (threw or produced no valid output); heater forced off.</summary>
        TemperatureControlFault = 19,

        /// <summary>The CO2 loop failed (threw or produced no valid output); valve forced closed.</summary>
        Co2ControlFault = 20,

        /// <summary>The rocking loop failed (threw or produced an invalid command); drive disabled.</summary>
        RockingControlFault = 21,

        /// <summary>The controller restarted while a batch was running (raised by the composition at start-up).</summary>
        PowerInterrupted = 22,

        /// <summary>The batch record could not be written or flushed (card full, removed or failing): entries are being lost.</summary>
        RecordStorageFailure = 23,

        /// <summary>Trip: heater commanded on but no heater current (element open, switch failed off): heater off, supply relay open, latched.</summary>
        HeaterFailedOff = 24,

        /// <summary>Trip: heater current while commanded off (MOSFET/SSR shorted): supply relay opened at once, latched.</summary>
        HeaterFailedOn = 25,

        /// <summary>Trip: CO2 flows while the dosing valve is commanded closed (valve stuck open): upstream shut-off closed, latched.</summary>
        Co2FlowWhileClosed = 26,

        /// <summary>No CO2 flow while the dosing valve is commanded open (valve stuck closed, supply empty or shut).</summary>
        Co2NoFlowWhileOpen = 27,

        /// <summary>The heater current monitor reads a fault or a stale sample: heater feedback checks suspended.</summary>
        HeaterCurrentSensorFault = 28,

        /// <summary>The CO2 flow sensor reads a fault or a stale sample: valve feedback checks suspended.</summary>
        Co2FlowSensorFault = 29,

        /// <summary>
        /// An operator is locked out after consecutive bad signatures (21 CFR 11.300(d): an attempt at unauthorised use is
        /// reported at once); active until an administrator unlocks every locked operator.
        /// </summary>
        OperatorLockedOut = 30,
    }

    /// <summary>Alarm priority (ISA-18.2: priority tells the operator which alarm to handle first).</summary>
    public enum AlarmPriority
    {
        /// <summary>No alarm (the answer of <see cref="AlarmManager.HighestActivePriority"/> when none is active).</summary>
        None = 0,

        /// <summary>Information the operator should see; no harm expected soon.</summary>
        Low = 1,

        /// <summary>Needs action within the shift.</summary>
        Medium = 2,

        /// <summary>Needs prompt action: the batch is at risk.</summary>
        High = 3,

        /// <summary>A safety trip has acted or the culture is in immediate danger.</summary>
        Critical = 4,
    }

    /// <summary>
    /// Alarm states after the ANSI/ISA-18.2-2016 alarm state diagram (the first four states are implemented; the shelved,
    /// suppressed-by-design and out-of-service states are reserved and not yet entered by <see cref="AlarmManager"/>).
    /// </summary>
    public enum AlarmState
    {
        /// <summary>No condition, nothing to acknowledge.</summary>
        Normal = 0,

        /// <summary>Condition present (or latched), not acknowledged.</summary>
        UnacknowledgedActive = 1,

        /// <summary>Condition present (or latched), acknowledged.</summary>
        AcknowledgedActive = 2,

        /// <summary>Condition gone, but the operator has not acknowledged it yet.</summary>
        ReturnedToNormalUnacknowledged = 3,

        /// <summary>Shelved by the operator (reserved).</summary>
        Shelved = 4,

        /// <summary>Suppressed by design, e.g. by plant state (reserved).</summary>
        SuppressedByDesign = 5,

        /// <summary>Out of service for maintenance (reserved).</summary>
        OutOfService = 6,
    }

    /// <summary>What happened in an <see cref="AlarmTransition"/>.</summary>
    public enum AlarmTransitionKind
    {
        /// <summary>The condition was confirmed (after the on-delay).</summary>
        Raised = 0,

        /// <summary>The condition went away (past the deadband and off-delay).</summary>
        Cleared = 1,

        /// <summary>The operator acknowledged the alarm.</summary>
        Acknowledged = 2,

        /// <summary>The operator reset a latched alarm that was already acknowledged and whose condition had gone.</summary>
        Reset = 3,
    }
}
