namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// The states of a batch, a subset of the ISA-88 procedural states (PackML names in brackets where they differ).
    /// The numbers are stored in batch records and snapshots: never renumber. See <see cref="BatchController"/> for the
    /// diagram.
    /// </summary>
    public enum BatchState
    {
        /// <summary>No batch: the unit waits for a Start. The batch layer drives nothing.</summary>
        Idle = 0,

        /// <summary>The recipe runs: phase timer and ramps advance (PackML Execute).</summary>
        Running = 1,

        /// <summary>A hold was accepted; becomes Held at the next periodic update.</summary>
        Holding = 2,

        /// <summary>The recipe is paused: phase timer and ramps stopped, set points kept.</summary>
        Held = 3,

        /// <summary>A resume was accepted; becomes Running at the next periodic update (PackML Unholding).</summary>
        Restarting = 4,

        /// <summary>The last phase has ended. Temperature and CO2 kept, rocking stopped, until a Clear.</summary>
        Complete = 5,

        /// <summary>An abort was accepted; becomes Aborted at the next periodic update.</summary>
        Aborting = 6,

        /// <summary>The batch was ended early. Temperature and CO2 kept, rocking stopped; left only by a Clear.</summary>
        Aborted = 7,
    }

    /// <summary>What an operator asks of the batch layer. Numbers are stored in records: never renumber.</summary>
    public enum BatchAction
    {
        /// <summary>Start a batch from a recipe (Idle → Running).</summary>
        Start = 0,

        /// <summary>Pause the recipe (Running → Holding → Held). Needs a reason.</summary>
        Hold = 1,

        /// <summary>Continue a held recipe (Held → Restarting → Running).</summary>
        Resume = 2,

        /// <summary>End the batch early (→ Aborting → Aborted). Needs a reason.</summary>
        Abort = 3,

        /// <summary>Release the unit after a Complete or Aborted batch (→ Idle). Needs a reason (the disposition).</summary>
        Clear = 4,

        /// <summary>Confirm the end condition of a phase that waits for the operator (e.g. "cells counted").</summary>
        ConfirmPhase = 5,

        /// <summary>Change one set point within the current phase's limits, until the phase ends. Needs a reason.</summary>
        ChangeSetPoint = 6,

        /// <summary>Acknowledge an alarm (the composition applies it to the alarm manager).</summary>
        AcknowledgeAlarm = 7,

        /// <summary>Add a note to the batch record.</summary>
        Note = 8,

        /// <summary>Record that a sample was taken (the text identifies it).</summary>
        Sample = 9,

        /// <summary>Replace the device configuration held by the batch layer (the operator directory). Needs a reason.</summary>
        ChangeConfiguration = 10,

        /// <summary>
        /// Start the temperature autotune (the composition applies it to the controller, and refuses it above the batch layer
        /// with WrongState when the controller cannot: temperature control off, or one already active).
        /// </summary>
        AutotuneStart = 11,

        /// <summary>Cancel the active temperature autotune (the composition applies it; refused above when none is active).</summary>
        AutotuneStop = 12,

        /// <summary>
        /// Lift an operator's lockout after consecutive bad signatures (21 CFR 11.300(d)); the operator in
        /// <see cref="OperatorRequest.Text"/>. Administrators only.
        /// </summary>
        UnlockOperator = 13,
    }

    /// <summary>
    /// The answer to an operator request: Accepted, or why it was refused. Numbers are stored in records and sent over
    /// the protocol: never renumber.
    /// </summary>
    public enum BatchResultCode
    {
        /// <summary>The request was carried out.</summary>
        Accepted = 0,

        /// <summary>The request is not allowed in the batch's current state.</summary>
        WrongState = 1,

        /// <summary>The operator id is not in the operator directory.</summary>
        UnknownOperator = 2,

        /// <summary>The operator id is missing or malformed (1–32 characters of A–Z, a–z, 0–9, '.', '_', '-').</summary>
        InvalidOperatorId = 3,

        /// <summary>The operator's role may not perform this action.</summary>
        NotPermitted = 4,

        /// <summary>The action needs a reason and none was given.</summary>
        ReasonRequired = 5,

        /// <summary>The reason is too long or contains control characters.</summary>
        InvalidReason = 6,

        /// <summary>The action needs a text (note, sample) and none was given.</summary>
        TextRequired = 7,

        /// <summary>The text is too long or contains control characters.</summary>
        InvalidText = 8,

        /// <summary>The recipe is missing or fails validation.</summary>
        InvalidRecipe = 9,

        /// <summary>The recipe allows set points at or beyond this device's safety trips.</summary>
        RecipeExceedsDevice = 10,

        /// <summary>The batch id is missing or malformed.</summary>
        InvalidBatchId = 11,

        /// <summary>The set-point change names no variable the batch drives.</summary>
        InvalidVariable = 12,

        /// <summary>A value is not a finite number, or a field of the request is out of its domain.</summary>
        InvalidValue = 13,

        /// <summary>The new set point is outside the current phase's operator limits.</summary>
        OutsideLimits = 14,

        /// <summary>The current phase does not wait for an operator confirmation.</summary>
        NotAwaitingConfirmation = 15,

        /// <summary>No request, or an action the batch layer does not know.</summary>
        InvalidRequest = 16,

        /// <summary>The persisted state is truncated, corrupt or of an unknown layout.</summary>
        InvalidSnapshot = 17,

        /// <summary>The recipe given to restore a batch is not the one the batch was started with.</summary>
        RecipeMismatch = 18,

        /// <summary>
        /// The operator is locked out after consecutive bad signatures (<see cref="OperatorLockout"/>) until an
        /// administrator unlocks them; or, for an unlock, the operator named is not locked out.
        /// </summary>
        LockedOut = 19,
    }

    /// <summary>A process variable the batch layer drives. Numbers are stored in records: never renumber.</summary>
    public enum BatchVariable
    {
        /// <summary>No variable.</summary>
        None = 0,

        /// <summary>Liquid temperature set point, °C.</summary>
        TemperatureCelsius = 1,

        /// <summary>CO2 set point, % v/v.</summary>
        Co2Percent = 2,

        /// <summary>Rocking rate, rpm (0 with amplitude 0 is static).</summary>
        RockingRateRpm = 3,

        /// <summary>Rocking amplitude, degrees.</summary>
        RockingAmplitudeDegrees = 4,
    }

    /// <summary>What a <see cref="BatchEvent"/> reports. Numbers are stored in records: never renumber.</summary>
    public enum BatchEventKind
    {
        /// <summary>The batch changed state (operator or automatic).</summary>
        StateChanged = 0,

        /// <summary>A phase started (its index in <see cref="BatchEvent.PhaseIndex"/>, its name in <see cref="BatchEvent.Text"/>).</summary>
        PhaseStarted = 1,

        /// <summary>An operator request was carried out.</summary>
        ActionAccepted = 2,

        /// <summary>An operator request was refused (why in <see cref="BatchEvent.Result"/>).</summary>
        ActionRefused = 3,

        /// <summary>
        /// The batch was restored after a power loss: a deviation. The outage in <see cref="BatchEvent.DurationMilliseconds"/>,
        /// the timer policy applied in <see cref="BatchEvent.PowerLossTimer"/>, the phase time before and after it, s, in
        /// <see cref="BatchEvent.OldValue"/> and <see cref="BatchEvent.NewValue"/>.
        /// </summary>
        PowerRestored = 4,

        /// <summary>
        /// An operator was locked out after <see cref="BatchSettings.SignatureFailureLimit"/> consecutive bad signatures (who
        /// in <see cref="BatchEvent.OperatorId"/>, the count in <see cref="BatchEvent.NewValue"/>). Automatic: no one signed it.
        /// </summary>
        OperatorLockedOut = 5,
    }

    /// <summary>How a phase ends. Numbers are stored in records: never renumber.</summary>
    public enum PhaseEndCondition
    {
        /// <summary>The phase ends by itself when its duration has run (timer stopped while held).</summary>
        Duration = 0,

        /// <summary>The phase ends when an operator confirms (e.g. "cells counted, perfusion started").</summary>
        OperatorConfirms = 1,
    }

    /// <summary>What a power loss does to a phase's timer. Numbers are stored in records: never renumber.</summary>
    public enum PowerLossTimer
    {
        /// <summary>The outage is not phase time: the phase lasts its full duration of powered conditions.</summary>
        PauseTimer = 0,

        /// <summary>The outage counts as phase time (up to the phase's end; it never runs into the next phase).</summary>
        ContinueTimer = 1,

        /// <summary>The phase starts again from zero: its conditions must hold without a break.</summary>
        RestartTimer = 2,
    }

    /// <summary>Operator roles held in the device configuration (<see cref="OperatorDirectory"/>).</summary>
    public enum OperatorRole
    {
        /// <summary>Not an operator of this device (unknown ids).</summary>
        None = 0,

        /// <summary>Runs batches: start, hold, resume, abort, set points, confirmations, alarms, notes, samples.</summary>
        Technician = 1,

        /// <summary>Quality assurance: reviews; adds notes and releases (clears) finished or aborted batches.</summary>
        Qa = 2,

        /// <summary>Everything, including the device configuration.</summary>
        Administrator = 3,
    }

    /// <summary>
    /// What an operator's electronic signature means (21 CFR 11.50(a)(3): the meaning, such as review, approval,
    /// responsibility or authorship, is shown with the signature). Numbers are stored in records: never renumber.
    /// </summary>
    public enum SignatureMeaning
    {
        /// <summary>No signature: the request was not signed (an action the device took in-process, a record written before signatures).</summary>
        None = 0,

        /// <summary>The signer performed the action (authorship, responsibility).</summary>
        Performed = 1,

        /// <summary>The signer reviewed what the action refers to (a note of review).</summary>
        Reviewed = 2,

        /// <summary>The signer approved it.</summary>
        Approved = 3,

        /// <summary>The signer released the batch (the disposition of a Clear).</summary>
        Released = 4,
    }
}
