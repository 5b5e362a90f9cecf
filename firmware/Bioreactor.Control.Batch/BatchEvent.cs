using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// One batch event, for the record layer to store: every state change, phase start, operator request (accepted or
    /// refused: who, what, why, old and new value) and power-loss restore. The string fields are references to strings
    /// that already exist (the request's, the recipe's).
    /// </summary>
    /// <remarks>
    /// Fields by kind (unused fields are zero, null, NaN, <see cref="BatchVariable.None"/> or -1):
    /// <code>
    ///   StateChanged     FromState, ToState, PhaseIndex; OperatorId/Role when an operator caused it
    ///   PhaseStarted     PhaseIndex (the new phase), Text (its name), DurationMilliseconds (its duration; 0 if confirmed);
    ///                    OperatorId/Role when an operator's Start or ConfirmPhase started it
    ///   ActionAccepted   Action, OperatorId, Role, FromState, ToState, PhaseIndex, Reason, and per action:
    ///                      Start: Text = batch id, NewValue = recipe version
    ///                      ChangeSetPoint: Variable, OldValue (the target before), NewValue
    ///                      AcknowledgeAlarm: AlarmId;  Note, Sample, ConfirmPhase: Text
    ///                      ChangeConfiguration: Text = the new directory's text form
    ///   ActionRefused    as ActionAccepted, plus Result (why) — fields that failed their rule are left null/NaN
    ///   (both)           Meaning, SignerName, SignedAtMilliseconds, SignatureMac: the request's signature, when it had one
    ///   PowerRestored    DurationMilliseconds (outage), PowerLossTimer (policy applied), OldValue/NewValue (phase time
    ///                    before/after, s), FromState = ToState, PhaseIndex
    /// </code>
    /// <para>A class, not a struct (on nanoCLR every load of a value type copies it onto the heap: docs/architecture.md
    /// rule 3). <see cref="BatchController"/> keeps a preallocated ring of them and copies an event into the caller's
    /// object when it is taken (<see cref="BatchController.TryTakeEvent"/>), so events produced by the periodic update
    /// allocate nothing. Whoever receives one that is reused (a drain's object, an observer's argument) copies it to keep
    /// it (<see cref="CopyFrom"/>).</para>
    /// </remarks>
    public sealed class BatchEvent
    {
        /// <summary>Number of this event, from 1, continued across power losses; a gap means events were lost.</summary>
        public long Sequence;

        /// <summary>What happened.</summary>
        public BatchEventKind Kind;

        /// <summary>Monotonic milliseconds (the clock port's timebase) of the event.</summary>
        public long TimeMilliseconds;

        /// <summary>The operator action (ActionAccepted, ActionRefused).</summary>
        public BatchAction Action;

        /// <summary>Accepted, or why the request was refused.</summary>
        public BatchResultCode Result;

        /// <summary>State before the event.</summary>
        public BatchState FromState;

        /// <summary>State after the event.</summary>
        public BatchState ToState;

        /// <summary>The phase concerned (0-based), or -1 when there is none.</summary>
        public int PhaseIndex;

        /// <summary>Who (null for automatic events, and for a request whose id failed the identifier rule).</summary>
        public string OperatorId;

        /// <summary>The operator's role at the time (None for automatic events and unknown operators).</summary>
        public OperatorRole Role;

        /// <summary>Why (null when none was given or it failed the text rule).</summary>
        public string Reason;

        /// <summary>Note or sample text, confirmation text, phase name, batch id or configuration text (see remarks).</summary>
        public string Text;

        /// <summary>The set point changed (ChangeSetPoint).</summary>
        public BatchVariable Variable;

        /// <summary>Value before (see remarks for its meaning per kind); NaN when none.</summary>
        public double OldValue;

        /// <summary>Value after (see remarks); NaN when none.</summary>
        public double NewValue;

        /// <summary>The alarm acknowledged (AcknowledgeAlarm).</summary>
        public AlarmId AlarmId;

        /// <summary>A duration, ms: the outage (PowerRestored) or the phase's duration (PhaseStarted).</summary>
        public long DurationMilliseconds;

        /// <summary>The power-loss timer policy applied (PowerRestored).</summary>
        public PowerLossTimer PowerLossTimer;

        /// <summary>
        /// ActionRefused by a check above the batch layer (<see cref="OperatorRequest.RefuseAbove"/>): that check's code (the
        /// protocol's error code, e.g. "bad_signature", "replay"); null when the batch layer or nothing refused it.
        /// </summary>
        public string Cause;

        /// <summary>
        /// The meaning of the request's signature (ActionAccepted, ActionRefused: <see cref="OperatorRequest.Signature"/>);
        /// None when the request was unsigned.
        /// </summary>
        public SignatureMeaning Meaning;

        /// <summary>The signer's printed name, with <see cref="Meaning"/>; null when unsigned, or none or not text (<see cref="Bioreactor.Control.Primitives.TextRules.IsText"/>).</summary>
        public string SignerName;

        /// <summary>The signer's UTC when signing, ms since 1970-01-01, with <see cref="Meaning"/>; 0 when unsigned.</summary>
        public long SignedAtMilliseconds;

        /// <summary>The request's signature (64 lowercase hex), with <see cref="Meaning"/>; null when unsigned or of another form.</summary>
        public string SignatureMac;

        /// <summary>Overwrites every field with <paramref name="other"/>'s (the strings are shared: they are immutable).</summary>
        public void CopyFrom(BatchEvent other)
        {
            Sequence = other.Sequence;
            Kind = other.Kind;
            TimeMilliseconds = other.TimeMilliseconds;
            Action = other.Action;
            Result = other.Result;
            FromState = other.FromState;
            ToState = other.ToState;
            PhaseIndex = other.PhaseIndex;
            OperatorId = other.OperatorId;
            Role = other.Role;
            Reason = other.Reason;
            Text = other.Text;
            Variable = other.Variable;
            OldValue = other.OldValue;
            NewValue = other.NewValue;
            AlarmId = other.AlarmId;
            DurationMilliseconds = other.DurationMilliseconds;
            PowerLossTimer = other.PowerLossTimer;
            Cause = other.Cause;
            Meaning = other.Meaning;
            SignerName = other.SignerName;
            SignedAtMilliseconds = other.SignedAtMilliseconds;
            SignatureMac = other.SignatureMac;
        }

        /// <summary>Sets every field as a new event has it: zero, null and each enum's zero member.</summary>
        public void Clear()
        {
            Sequence = 0;
            Kind = BatchEventKind.StateChanged;
            TimeMilliseconds = 0;
            Action = BatchAction.Start;
            Result = BatchResultCode.Accepted;
            FromState = BatchState.Idle;
            ToState = BatchState.Idle;
            PhaseIndex = 0;
            OperatorId = null;
            Role = OperatorRole.None;
            Reason = null;
            Text = null;
            Variable = BatchVariable.None;
            OldValue = 0.0;
            NewValue = 0.0;
            AlarmId = AlarmId.LiquidProbeFault;
            DurationMilliseconds = 0;
            PowerLossTimer = PowerLossTimer.PauseTimer;
            Cause = null;
            Meaning = SignatureMeaning.None;
            SignerName = null;
            SignedAtMilliseconds = 0;
            SignatureMac = null;
        }
    }
}
