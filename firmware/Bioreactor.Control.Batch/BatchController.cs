using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// Runs one batch of a <see cref="Recipe"/> on the unit: the ISA-88 state machine, phase timers and ramps, operator
    /// actions with their authority checks, the events the batch record stores, and a compact persisted state that
    /// survives a power loss. It computes set points; the composition applies them to the controller.
    /// </summary>
    /// <remarks>
    /// <para><b>Size.</b> One class in two files (this one, about 1,000 lines: the state machine, phase timers, ramps
    /// and operator actions; BatchController.Persistence.cs: the power-loss snapshot and its restore). It stays one class
    /// because every action and every update reads and changes the same batch state (state, phase, targets, operator
    /// overrides, event ring) on the control thread: cut apart, that state would become a public surface between
    /// classes. Much of the length is the refusal messages the operator and the record see (allowed states, roles,
    /// units, limits).</para>
    /// <para>State machine (ISA-88 procedural states; PackML's Execute is Running, Unholding is Restarting):</para>
    /// <code>
    ///             Start                 Hold                 (update)
    ///   Idle ─────────────► Running ──────────────► Holding ──────────► Held
    ///    ▲                   │  ▲                                         │
    ///    │                   │  │ (update)                                │ Resume
    ///    │                   │  └──────────────── Restarting ◄────────────┘
    ///    │  last phase ends  │
    ///    │  (its timer, or   │          Abort (from Running, Holding, Held, Restarting)
    ///    │  ConfirmPhase)    ▼                  │
    ///    │                Complete              ▼
    ///    │                   │               Aborting ───(update)───► Aborted
    ///    │                   │ Clear                                    │ Clear
    ///    └───────────────────┴──────────────────────────────────────────┘
    /// </code>
    /// <para>Transient states (Holding, Restarting, Aborting) complete at the next <see cref="Update"/>. Which action is
    /// allowed in which state is <see cref="IsAllowed"/>; anything else is refused with
    /// <see cref="BatchResultCode.WrongState"/> and a message naming the states where it is allowed. Aborted is left only
    /// by an explicit Clear (PackML). Acknowledge and configuration are allowed in every state; notes and samples in
    /// every state but Idle; set-point changes and phase confirmations only while Running.</para>
    /// <para>What each state does to the process (the properties the composition applies):</para>
    /// <code>
    ///   state                 phase timer  ramps    temperature / CO2                     rocking
    ///   Idle                  -            -        not driven (ControlActive false, NaN) not driven
    ///   Running               runs         run      phase values (or the operator's)      phase values
    ///   Holding, Held,        stopped      stopped  kept where they are                   kept where it is
    ///   Restarting
    ///   Complete, Aborting,   -            -        kept at the values of the moment      stopped: 0 rpm, 0° (level)
    ///   Aborted
    /// </code>
    /// <para>A hold pauses the recipe, not the life support of the cells: set points, alarms and rocking stay as they
    /// were; only the recipe's progress (timer, ramps, phase changes, set-point changes) waits. An abort ends the
    /// batch, but the cells may still be valuable (an abort for a deviation leaves QA to decide, and an autologous
    /// batch is a patient's only dose), so temperature and CO2 are held at their values at the abort; rocking stops
    /// (level and still: the state to inspect or disconnect a bag in, and the mechanically safe one after a leak or
    /// a drive fault). Complete does the same until the cells are harvested. Only Clear releases the process.</para>
    /// <para>Ramps: in Running each set point moves towards its target (the phase's value or an operator's change) at
    /// the phase's ramp rate. A batch starts at the first phase's values at once (the bag is filled with pre-warmed,
    /// pre-gassed medium before cells go in). The rocking rate ramps; the amplitude takes its new value at once (the
    /// rocking trajectory limits its rate of change), except when the target is static: then the rate ramps down to 0
    /// with the amplitude kept, and the amplitude becomes 0 with it.</para>
    /// <para>Set-point changes are allowed within the current phase's operator limits and last until the end of the
    /// phase; the next phase starts from its recipe values.</para>
    /// <para>Phase timing: a timed phase ends at the first update at which its running time reaches its duration; the
    /// next phase's time starts at that update (the overshoot, at most one update period, is not carried over).
    /// Time while Holding or Held does not count; <see cref="BatchElapsedMilliseconds"/> counts all powered time since
    /// Start, <see cref="OutageMilliseconds"/> the time the device was off.</para>
    /// <para>Power loss: see <see cref="WriteState"/> and <see cref="RestoreState"/>.</para>
    /// <para><see cref="Update"/>, <see cref="WriteState"/> and <see cref="TryTakeEvent"/> allocate nothing.
    /// <see cref="Execute"/> and <see cref="RestoreState"/> allocate (messages, recipe copy): they are operator and
    /// start-up paths, not the control tick. Not thread-safe: call everything from the control thread.</para>
    /// </remarks>
    public sealed partial class BatchController
    {
        /// <summary>The loop an autotune tunes: the target of its record entry.</summary>
        public const string AutotuneTarget = "temperature";

        private readonly double _liquidTripCelsius;
        private readonly double _co2TripPercent;
        private readonly BatchEvent[] _ring;
        private readonly RingIndex _ringIndex;

        // The events being built, copied into the ring when emitted: one for operator requests, one for the events the
        // controller raises itself (a request's acceptance can raise a state change before the request's method returns).
        private readonly BatchEvent _requestEvent = new BatchEvent();
        private readonly BatchEvent _automaticEvent = new BatchEvent();
        private long _sequence;

        private OperatorDirectory _operators;
        private BatchState _state;
        private Recipe _recipe;
        private long _recipeFingerprint;
        private string _batchId;

        // The batch id's UTF-16 units, taken once when the id is set (SetBatchId), for the snapshot (WriteState must not
        // allocate, and String's indexer is not used to make bytes: see Utf8Text).
        private char[] _batchIdChars = new char[0];
        private int _phaseIndex = -1;
        private long _phaseElapsedMilliseconds;
        private long _batchElapsedMilliseconds;
        private long _heldMilliseconds;
        private long _outageMilliseconds;
        private bool _hasTime;
        private long _lastTimeMilliseconds;

        private double _temperature = double.NaN;
        private double _co2 = double.NaN;
        private double _rate = double.NaN;
        private double _amplitude = double.NaN;
        private double _targetTemperature = double.NaN;
        private double _targetCo2 = double.NaN;
        private double _targetRate = double.NaN;
        private double _targetAmplitude = double.NaN;
        private int _overrides;

        /// <summary>A unit in Idle with the given settings and operator directory (the controller keeps a copy).</summary>
        public BatchController(BatchSettings settings, OperatorDirectory operators)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            if (operators == null)
            {
                throw new ArgumentNullException("operators");
            }

            settings.Validate();
            _liquidTripCelsius = settings.LiquidTripCelsius;
            _co2TripPercent = settings.Co2TripPercent;
            _ring = new BatchEvent[settings.EventCapacity];
            _ringIndex = new RingIndex(settings.EventCapacity);
            for (int i = 0; i < _ring.Length; i++)
            {
                _ring[i] = new BatchEvent();
            }

            _operators = operators.Clone();
            Lockout = new OperatorLockout(settings.SignatureFailureLimit);
        }

        /// <summary>Who is locked out after consecutive bad signatures (changed by Execute only).</summary>
        public OperatorLockout Lockout { get; private set; }

        // ---------------------------------------------------------------- state

        /// <summary>The batch's state.</summary>
        public BatchState State
        {
            get { return _state; }
        }

        /// <summary>The recipe being run (the batch's own copy: do not modify); null in Idle.</summary>
        public Recipe Recipe
        {
            get { return _recipe; }
        }

        /// <summary>The batch (lot) id given at Start; null in Idle.</summary>
        public string BatchId
        {
            get { return _batchId; }
        }

        /// <summary>64-bit fingerprint of the recipe's canonical bytes (<see cref="Recipe.GetFingerprint"/>); 0 in Idle.</summary>
        public long RecipeFingerprint
        {
            get { return _recipeFingerprint; }
        }

        /// <summary>The current phase, 0-based; -1 in Idle. After the last phase (Complete) it stays on the last one.</summary>
        public int PhaseIndex
        {
            get { return _phaseIndex; }
        }

        /// <summary>The current phase (of the batch's recipe copy); null in Idle.</summary>
        public RecipePhase CurrentPhase
        {
            get { return _phaseIndex < 0 ? null : _recipe.Phases[_phaseIndex]; }
        }

        /// <summary>Running time of the current phase, ms (excludes holds; power losses per the phase's policy).</summary>
        public long PhaseElapsedMilliseconds
        {
            get { return _phaseElapsedMilliseconds; }
        }

        /// <summary>Time left in a timed phase, ms; -1 for a phase that ends on confirmation, or when no batch runs.</summary>
        public long PhaseRemainingMilliseconds
        {
            get
            {
                RecipePhase phase = CurrentPhase;
                if (phase == null || phase.EndCondition != PhaseEndCondition.Duration || !IsActive(_state))
                {
                    return -1;
                }

                long remaining = phase.DurationSeconds * 1000 - _phaseElapsedMilliseconds;
                return remaining > 0 ? remaining : 0;
            }
        }

        /// <summary>True while Running in a phase that ends when an operator confirms it.</summary>
        public bool AwaitingConfirmation
        {
            get
            {
                RecipePhase phase = CurrentPhase;
                return _state == BatchState.Running && phase != null && phase.EndCondition == PhaseEndCondition.OperatorConfirms;
            }
        }

        /// <summary>Powered time since Start, ms, holds included, outages excluded; stops at Complete or Aborted.</summary>
        public long BatchElapsedMilliseconds
        {
            get { return _batchElapsedMilliseconds; }
        }

        /// <summary>Total time spent Holding or Held, ms.</summary>
        public long HeldMilliseconds
        {
            get { return _heldMilliseconds; }
        }

        /// <summary>Total time the device was off during this batch, ms (from <see cref="RestoreState"/>).</summary>
        public long OutageMilliseconds
        {
            get { return _outageMilliseconds; }
        }

        /// <summary>The operator directory in force (the controller's copy: do not modify; change it with ChangeConfiguration).</summary>
        public OperatorDirectory Operators
        {
            get { return _operators; }
        }

        // ---------------------------------------------------------------- outputs for the composition

        /// <summary>
        /// True when the batch drives the process (every state but Idle): apply the set points below and enable the
        /// temperature, CO2 and rocking control. False: the batch drives nothing and the set points are NaN.
        /// </summary>
        public bool ControlActive
        {
            get { return _state != BatchState.Idle; }
        }

        /// <summary>The liquid temperature set point to apply now, °C (ramped); NaN in Idle.</summary>
        public double TemperatureSetPointCelsius
        {
            get { return _temperature; }
        }

        /// <summary>The CO2 set point to apply now, % (ramped); NaN in Idle.</summary>
        public double Co2SetPointPercent
        {
            get { return _co2; }
        }

        /// <summary>The rocking rate to command now, rpm (ramped); 0 with amplitude 0 is static; NaN in Idle.</summary>
        public double RockingRateRpm
        {
            get { return _rate; }
        }

        /// <summary>The rocking amplitude to command now, degrees; NaN in Idle.</summary>
        public double RockingAmplitudeDegrees
        {
            get { return _amplitude; }
        }

        /// <summary>The current phase's temperature alarm band, K (for the safety layer's deviation alarm); NaN in Idle.</summary>
        public double TemperatureAlarmBandKelvin
        {
            get { return _phaseIndex < 0 ? double.NaN : CurrentPhase.TemperatureAlarmBandKelvin; }
        }

        /// <summary>The current phase's CO2 alarm band, %; NaN in Idle.</summary>
        public double Co2AlarmBandPercent
        {
            get { return _phaseIndex < 0 ? double.NaN : CurrentPhase.Co2AlarmBandPercent; }
        }

        /// <summary>Where a set point is heading (the phase's value or an operator's change); NaN in Idle or for None.</summary>
        public double GetTarget(BatchVariable variable)
        {
            switch (variable)
            {
                case BatchVariable.TemperatureCelsius: return _targetTemperature;
                case BatchVariable.Co2Percent: return _targetCo2;
                case BatchVariable.RockingRateRpm: return _targetRate;
                case BatchVariable.RockingAmplitudeDegrees: return _targetAmplitude;
                default: return double.NaN;
            }
        }

        /// <summary>True when an operator changed this set point in the current phase.</summary>
        public bool IsOverridden(BatchVariable variable)
        {
            return IsVariable(variable) && (_overrides & (1 << (int)variable)) != 0;
        }

        // ---------------------------------------------------------------- events

        /// <summary>Number of events the ring holds before it overwrites the oldest.</summary>
        public int EventCapacity
        {
            get { return _ring.Length; }
        }

        /// <summary>Number of events waiting to be taken.</summary>
        public int PendingEventCount
        {
            get { return _ringIndex.Count; }
        }

        /// <summary>Number of events overwritten before they were taken (never reset).</summary>
        public long OverflowCount
        {
            get { return _ringIndex.OverflowCount; }
        }

        /// <summary>Sequence number of the last event produced (0 before the first; continued by <see cref="RestoreState"/>).</summary>
        public long LastSequence
        {
            get { return _sequence; }
        }

        /// <summary>
        /// Takes the oldest waiting event, copying it into <paramref name="into"/> (the caller's object, reused as it likes);
        /// false, leaving <paramref name="into"/> as it was, when there is none. Allocates nothing.
        /// </summary>
        public bool TryTakeEvent(BatchEvent into)
        {
            int slot = _ringIndex.Take();
            if (slot < 0)
            {
                return false;
            }

            into.CopyFrom(_ring[slot]);
            return true;
        }

        // ---------------------------------------------------------------- the state machine

        /// <summary>
        /// Whether <paramref name="action"/> is allowed in <paramref name="state"/> (the permission of the operator's
        /// role is checked separately, <see cref="OperatorPermissions"/>). ConfirmPhase is further refused when the
        /// phase does not wait for a confirmation.
        /// </summary>
        public static bool IsAllowed(BatchState state, BatchAction action)
        {
            switch (action)
            {
                case BatchAction.Start:
                    return state == BatchState.Idle;
                case BatchAction.Hold:
                case BatchAction.ConfirmPhase:
                case BatchAction.ChangeSetPoint:
                    return state == BatchState.Running;
                case BatchAction.Resume:
                    return state == BatchState.Held;
                case BatchAction.Abort:
                    return state == BatchState.Running || state == BatchState.Holding || state == BatchState.Held
                        || state == BatchState.Restarting;
                case BatchAction.Clear:
                    return state == BatchState.Complete || state == BatchState.Aborted;
                case BatchAction.Note:
                case BatchAction.Sample:
                    return state != BatchState.Idle && IsState(state);
                case BatchAction.AcknowledgeAlarm:
                case BatchAction.ChangeConfiguration:
                case BatchAction.AutotuneStart:
                case BatchAction.AutotuneStop:
                case BatchAction.UnlockOperator:
                    return IsState(state);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Advances the batch to <paramref name="nowMilliseconds"/> (monotonic): phase timer and ramps while Running, the
        /// end of a timed phase, and the completion of a transient state. Call every control tick (any period; the set
        /// points are exact for any call rate). Allocates nothing.
        /// </summary>
        public void Update(long nowMilliseconds)
        {
            AdvanceTime(nowMilliseconds);
            switch (_state)
            {
                case BatchState.Holding:
                    ChangeState(BatchState.Held, nowMilliseconds, null, OperatorRole.None);
                    break;
                case BatchState.Restarting:
                    ChangeState(BatchState.Running, nowMilliseconds, null, OperatorRole.None);
                    break;
                case BatchState.Aborting:
                    ChangeState(BatchState.Aborted, nowMilliseconds, null, OperatorRole.None);
                    break;
            }
        }

        /// <summary>
        /// Carries out an operator request at <paramref name="nowMilliseconds"/> (monotonic), or refuses it with a reason.
        /// Time is first advanced to <paramref name="nowMilliseconds"/> as <see cref="Update"/> does (without completing a
        /// transient state). Checks, in order: that the action exists, the operator id's form, that the operator is known,
        /// the role's permission, the state, the reason, the text, then the action's own values. Every request (accepted
        /// or refused) is recorded as an event; a null request is refused without one.
        /// </summary>
        public BatchResult Execute(OperatorRequest request, long nowMilliseconds)
        {
            if (request == null)
            {
                return new BatchResult(BatchResultCode.InvalidRequest, "no request", 0);
            }

            AdvanceTime(nowMilliseconds);
            BatchAction action = request.Action;
            BatchEvent e = NewEvent(_requestEvent, BatchEventKind.ActionRefused, nowMilliseconds);
            e.Action = action;

            // The signature goes with every outcome, refusals included (those decided above the batch layer too), so the
            // record shows what each entry that names a person was signed with. As with the other fields, a name or MAC
            // that fails its rule is not copied into the record.
            OperatorSignature signature = request.Signature;
            if (signature != null)
            {
                e.Meaning = signature.Meaning;
                e.SignedAtMilliseconds = signature.SignedAtMilliseconds;
                if (TextRules.IsText(signature.SignerName, false))
                {
                    e.SignerName = signature.SignerName;
                }

                if (IsSignatureMac(signature.Mac))
                {
                    e.SignatureMac = signature.Mac;
                }
            }

            if (!OperatorPermissions.IsAction(action))
            {
                return Refuse(e, BatchResultCode.InvalidRequest, "unknown action " + InvariantNumber.FormatInteger((int)action));
            }

            if (!TextRules.IsIdentifier(request.OperatorId))
            {
                return Refuse(e, BatchResultCode.InvalidOperatorId, "the operator id must be " + TextRules.IdentifierRule);
            }

            e.OperatorId = request.OperatorId;
            if (TextRules.IsText(request.Reason, false) && !IsBlank(request.Reason))
            {
                e.Reason = request.Reason;
            }

            RecordValues(e, request);
            OperatorRole role = _operators.GetRole(request.OperatorId);
            e.Role = role;
            if (request.RefusedAbove != BatchResultCode.Accepted)
            {
                e.Cause = request.RefusalCause;
                BatchResult refused = Refuse(e, request.RefusedAbove, request.RefusalMessage);
                if (request.BadSignature && role != OperatorRole.None && Lockout.RecordFailure(request.OperatorId))
                {
                    EmitLockedOut(request.OperatorId, nowMilliseconds);
                }

                return refused;
            }

            if (role == OperatorRole.None)
            {
                return Refuse(e, BatchResultCode.UnknownOperator, "operator '" + request.OperatorId + "' is not in the operator directory");
            }

            if (Lockout.IsLocked(request.OperatorId))
            {
                return Refuse(e, BatchResultCode.LockedOut, "operator '" + request.OperatorId + "' is locked out after "
                    + InvariantNumber.FormatInteger(Lockout.FailureLimit) + " consecutive bad signatures; an administrator must unlock them");
            }

            if (request.Signature != null)
            {
                Lockout.RecordSuccess(request.OperatorId);
            }

            if (!OperatorPermissions.IsPermitted(role, action))
            {
                return Refuse(e, BatchResultCode.NotPermitted, "the " + BatchNames.RoleName(role) + " role may not "
                    + BatchNames.ActionName(action) + " (allowed for: " + PermittedRoles(action) + ")");
            }

            if (!IsAllowed(_state, action))
            {
                return Refuse(e, BatchResultCode.WrongState, BatchNames.ActionName(action) + " is not allowed while the batch is "
                    + BatchNames.StateName(_state) + " (allowed in: " + AllowedStates(action) + ")");
            }

            if (request.Reason != null && request.Reason.Length > 0 && !IsBlank(request.Reason) && e.Reason == null)
            {
                return Refuse(e, BatchResultCode.InvalidReason, "the reason must be " + TextRules.TextRule);
            }

            if (OperatorPermissions.RequiresReason(action) && e.Reason == null)
            {
                return Refuse(e, BatchResultCode.ReasonRequired, BatchNames.ActionName(action) + " needs a reason ("
                    + TextRules.TextRule + ")");
            }

            if (UsesText(action))
            {
                bool given = request.Text != null && request.Text.Length > 0 && !IsBlank(request.Text);
                if (given && e.Text == null)
                {
                    return Refuse(e, BatchResultCode.InvalidText, "the text must be " + TextRules.TextRule);
                }

                if (!given && OperatorPermissions.RequiresText(action))
                {
                    return Refuse(e, BatchResultCode.TextRequired, BatchNames.ActionName(action) + " needs a text ("
                        + TextRules.TextRule + ")");
                }
            }

            switch (action)
            {
                case BatchAction.Start:
                    return Start(e, request, nowMilliseconds);
                case BatchAction.Hold:
                    return Accept(e, BatchState.Holding, nowMilliseconds, "held: the recipe waits; set points and rocking are kept");
                case BatchAction.Resume:
                    return Accept(e, BatchState.Restarting, nowMilliseconds, "resumed: the recipe continues at the next update");
                case BatchAction.Abort:
                    EnterEndHold();
                    return Accept(e, BatchState.Aborting, nowMilliseconds,
                        "aborted: temperature and CO2 are kept, rocking stops; a Clear releases the unit");
                case BatchAction.Clear:
                    return Clear(e, nowMilliseconds);
                case BatchAction.ConfirmPhase:
                    return ConfirmPhase(e, nowMilliseconds);
                case BatchAction.ChangeSetPoint:
                    return ChangeSetPoint(e, request);
                case BatchAction.AcknowledgeAlarm:
                    if (!AlarmCatalog.IsDefined(request.AlarmId))
                    {
                        return Refuse(e, BatchResultCode.InvalidValue, "alarm " + InvariantNumber.FormatInteger((int)request.AlarmId)
                            + " does not exist (0 to " + InvariantNumber.FormatInteger(AlarmCatalog.Count - 1) + ")");
                    }

                    return Accept(e, _state, nowMilliseconds, "alarm acknowledged");
                case BatchAction.Note:
                    return Accept(e, _state, nowMilliseconds, "note recorded");
                case BatchAction.Sample:
                    return Accept(e, _state, nowMilliseconds, "sample recorded");
                case BatchAction.AutotuneStart:
                    return Accept(e, _state, nowMilliseconds, "temperature autotune started");
                case BatchAction.AutotuneStop:
                    return Accept(e, _state, nowMilliseconds, "temperature autotune cancelled; the previous tunings are in force");
                case BatchAction.UnlockOperator:
                    if (e.Text == null || !Lockout.Unlock(e.Text))
                    {
                        return Refuse(e, BatchResultCode.LockedOut, "operator '" + request.Text + "' is not locked out");
                    }

                    return Accept(e, _state, nowMilliseconds, "operator '" + e.Text + "' unlocked");
                default:
                    return ChangeConfiguration(e, request, nowMilliseconds);
            }
        }

        // ---------------------------------------------------------------- actions

        private BatchResult Start(BatchEvent e, OperatorRequest request, long now)
        {
            if (request.Recipe == null)
            {
                return Refuse(e, BatchResultCode.InvalidRecipe, "Start needs a recipe");
            }

            Recipe copy = request.Recipe.Clone();
            ValidationResult validation = copy.Validate();
            if (!validation.IsValid)
            {
                return Refuse(e, BatchResultCode.InvalidRecipe, "the recipe is invalid: " + validation.Message);
            }

            e.NewValue = copy.Version;
            ValidationResult device = copy.CheckAgainstDevice(_liquidTripCelsius, _co2TripPercent);
            if (!device.IsValid)
            {
                return Refuse(e, BatchResultCode.RecipeExceedsDevice, device.Message);
            }

            if (!TextRules.IsIdentifier(request.BatchId))
            {
                return Refuse(e, BatchResultCode.InvalidBatchId, "the batch id must be " + TextRules.IdentifierRule);
            }

            _recipe = copy;
            _recipeFingerprint = copy.GetFingerprint();
            SetBatchId(request.BatchId);
            _phaseIndex = 0;
            _phaseElapsedMilliseconds = 0;
            _batchElapsedMilliseconds = 0;
            _heldMilliseconds = 0;
            _outageMilliseconds = 0;
            LoadPhaseTargets();
            _temperature = _targetTemperature;
            _co2 = _targetCo2;
            _rate = _targetRate;
            _amplitude = _targetAmplitude;

            e.PhaseIndex = 0;
            BatchResult result = Accept(e, BatchState.Running, now, "batch " + _batchId + " started: recipe '" + copy.Name
                + "' version " + InvariantNumber.FormatInteger(copy.Version) + ", phase '" + copy.Phases[0].Name + "'");
            EmitPhaseStarted(now, e.OperatorId, e.Role);
            return result;
        }

        private BatchResult Clear(BatchEvent e, long now)
        {
            BatchResult result = Accept(e, BatchState.Idle, now, "unit released: no batch");
            _recipe = null;
            _recipeFingerprint = 0;
            SetBatchId(null);
            _phaseIndex = -1;
            _phaseElapsedMilliseconds = 0;
            _overrides = 0;
            _temperature = double.NaN;
            _co2 = double.NaN;
            _rate = double.NaN;
            _amplitude = double.NaN;
            _targetTemperature = double.NaN;
            _targetCo2 = double.NaN;
            _targetRate = double.NaN;
            _targetAmplitude = double.NaN;
            return result;
        }

        private BatchResult ConfirmPhase(BatchEvent e, long now)
        {
            RecipePhase phase = CurrentPhase;
            if (phase.EndCondition != PhaseEndCondition.OperatorConfirms)
            {
                return Refuse(e, BatchResultCode.NotAwaitingConfirmation, "phase '" + phase.Name + "' ends by its duration ("
                    + InvariantNumber.FormatInteger(PhaseRemainingMilliseconds / 1000) + " s left), not by confirmation");
            }

            BatchResult result = Accept(e, _state, now, "phase '" + phase.Name + "' confirmed");
            NextPhase(now, e.OperatorId, e.Role);
            return result;
        }

        private BatchResult ChangeSetPoint(BatchEvent e, OperatorRequest request)
        {
            BatchVariable variable = request.Variable;
            if (!IsVariable(variable))
            {
                return Refuse(e, BatchResultCode.InvalidVariable, "the variable must be temperatureCelsius, co2Percent, "
                    + "rockingRateRpm or rockingAmplitudeDegrees");
            }

            // NaN and infinities first: on nanoCLR NaN > maximum is true and NaN < minimum false.
            if (double.IsNaN(request.Value))
            {
                return Refuse(e, BatchResultCode.InvalidValue, Finite.NotANumber(BatchNames.VariableName(variable)));
            }

            if (!Finite.Is(request.Value))
            {
                return Refuse(e, BatchResultCode.InvalidValue, BatchNames.VariableName(variable) + " must be a finite number");
            }

            RecipePhase phase = CurrentPhase;
            double minimum = phase.GetMinimum(variable);
            double maximum = phase.GetMaximum(variable);
            string unit = Unit(variable);
            if (request.Value < minimum || request.Value > maximum)
            {
                return Refuse(e, BatchResultCode.OutsideLimits, BatchNames.VariableName(variable) + " "
                    + Number(request.Value) + " " + unit + " is outside phase '" + phase.Name + "' limits "
                    + Number(minimum) + " to " + Number(maximum) + " " + unit);
            }

            switch (variable)
            {
                case BatchVariable.TemperatureCelsius:
                    _targetTemperature = request.Value;
                    break;
                case BatchVariable.Co2Percent:
                    _targetCo2 = request.Value;
                    break;
                case BatchVariable.RockingRateRpm:
                    _targetRate = request.Value;
                    break;
                default:
                    _targetAmplitude = request.Value;
                    break;
            }

            _overrides |= 1 << (int)variable;
            return Accept(e, _state, e.TimeMilliseconds, BatchNames.VariableName(variable) + " " + Number(e.OldValue) + " → "
                + Number(request.Value) + " " + unit + " until the end of phase '" + phase.Name + "'");
        }

        private BatchResult ChangeConfiguration(BatchEvent e, OperatorRequest request, long now)
        {
            OperatorDirectory operators = request.Operators;
            if (operators == null || operators.AdministratorCount == 0)
            {
                return Refuse(e, BatchResultCode.InvalidValue, "the new operator directory must list at least one administrator");
            }

            _operators = operators.Clone();
            e.Text = _operators.Describe();
            return Accept(e, _state, now, "operator directory replaced: " + InvariantNumber.FormatInteger(_operators.Count) + " operators");
        }

        // Fills the request's values into its event, keeping only values that pass their rules (they are recorded even
        // when the request is refused later, so the record shows what was asked).
        private void RecordValues(BatchEvent e, OperatorRequest request)
        {
            switch (request.Action)
            {
                case BatchAction.Start:
                    if (TextRules.IsIdentifier(request.BatchId))
                    {
                        e.Text = request.BatchId;
                    }

                    break;
                case BatchAction.ChangeSetPoint:
                    if (IsVariable(request.Variable))
                    {
                        e.Variable = request.Variable;
                        e.OldValue = GetTarget(request.Variable);
                    }

                    e.NewValue = request.Value;
                    break;
                case BatchAction.AcknowledgeAlarm:
                    e.AlarmId = request.AlarmId;
                    break;
                case BatchAction.Note:
                case BatchAction.Sample:
                case BatchAction.ConfirmPhase:
                    if (TextRules.IsText(request.Text, false) && !IsBlank(request.Text))
                    {
                        e.Text = request.Text;
                    }

                    break;
                case BatchAction.AutotuneStart:
                case BatchAction.AutotuneStop:
                    e.Text = AutotuneTarget;
                    break;
                case BatchAction.UnlockOperator:
                    if (TextRules.IsIdentifier(request.Text))
                    {
                        e.Text = request.Text;
                    }

                    break;
            }
        }

        // ---------------------------------------------------------------- time, phases, ramps

        private void AdvanceTime(long now)
        {
            if (!_hasTime)
            {
                _hasTime = true;
                _lastTimeMilliseconds = now;
                return;
            }

            long dt = now - _lastTimeMilliseconds;
            if (dt <= 0)
            {
                return;
            }

            _lastTimeMilliseconds = now;
            switch (_state)
            {
                case BatchState.Running:
                    _phaseElapsedMilliseconds += dt;
                    _batchElapsedMilliseconds += dt;
                    Ramp(dt / 1000.0);
                    RecipePhase phase = CurrentPhase;
                    if (phase.EndCondition == PhaseEndCondition.Duration && _phaseElapsedMilliseconds >= phase.DurationSeconds * 1000)
                    {
                        NextPhase(now, null, OperatorRole.None);
                    }

                    break;
                case BatchState.Holding:
                case BatchState.Held:
                    _batchElapsedMilliseconds += dt;
                    _heldMilliseconds += dt;
                    break;
                case BatchState.Restarting:
                case BatchState.Aborting:
                    _batchElapsedMilliseconds += dt;
                    break;
            }
        }

        private void NextPhase(long now, string operatorId, OperatorRole role)
        {
            if (_phaseIndex + 1 >= _recipe.PhaseCount)
            {
                EnterEndHold();
                ChangeState(BatchState.Complete, now, operatorId, role);
                return;
            }

            _phaseIndex++;
            _phaseElapsedMilliseconds = 0;
            LoadPhaseTargets();
            EmitPhaseStarted(now, operatorId, role);
        }

        private void LoadPhaseTargets()
        {
            RecipePhase phase = CurrentPhase;
            _targetTemperature = phase.TemperatureCelsius;
            _targetCo2 = phase.Co2Percent;
            _targetRate = phase.RockingRateRpm;
            _targetAmplitude = phase.RockingAmplitudeDegrees;
            _overrides = 0;
        }

        // Complete and abort: temperature and CO2 stay where they are, rocking stops (level and still).
        private void EnterEndHold()
        {
            _targetTemperature = _temperature;
            _targetCo2 = _co2;
            _rate = 0.0;
            _amplitude = 0.0;
            _targetRate = 0.0;
            _targetAmplitude = 0.0;
            _overrides = 0;
        }

        private void Ramp(double dtSeconds)
        {
            RecipePhase phase = CurrentPhase;
            _temperature = StepToward(_temperature, _targetTemperature, phase.TemperatureRampCelsiusPerMinute * dtSeconds / 60.0);
            _co2 = StepToward(_co2, _targetCo2, phase.Co2RampPercentPerMinute * dtSeconds / 60.0);
            double rateStep = phase.RockingRampRpmPerMinute * dtSeconds / 60.0;
            if (_targetRate == 0.0 || _targetAmplitude == 0.0)
            {
                _rate = StepToward(_rate, 0.0, rateStep);
                if (_rate == 0.0)
                {
                    _amplitude = 0.0;
                }
            }
            else
            {
                _rate = StepToward(_rate, _targetRate, rateStep);
                _amplitude = _targetAmplitude;
            }
        }

        private static double StepToward(double value, double target, double maximumStep)
        {
            double difference = target - value;
            if (difference > maximumStep)
            {
                return value + maximumStep;
            }

            if (difference < -maximumStep)
            {
                return value - maximumStep;
            }

            return target;
        }

        // ---------------------------------------------------------------- events

        // Clears e (one of the two events being built) and fills what every event has.
        private BatchEvent NewEvent(BatchEvent e, BatchEventKind kind, long now)
        {
            e.Clear();
            e.Kind = kind;
            e.TimeMilliseconds = now;
            e.FromState = _state;
            e.ToState = _state;
            e.PhaseIndex = _phaseIndex;
            e.OldValue = double.NaN;
            e.NewValue = double.NaN;
            return e;
        }

        private BatchResult Refuse(BatchEvent e, BatchResultCode code, string message)
        {
            e.Kind = BatchEventKind.ActionRefused;
            e.Result = code;
            long sequence = Emit(e);
            return new BatchResult(code, message, sequence);
        }

        private BatchResult Accept(BatchEvent e, BatchState to, long now, string message)
        {
            e.Kind = BatchEventKind.ActionAccepted;
            e.Result = BatchResultCode.Accepted;
            e.ToState = to;
            long sequence = Emit(e);
            if (to != _state)
            {
                ChangeState(to, now, e.OperatorId, e.Role);
            }

            return new BatchResult(BatchResultCode.Accepted, message, sequence);
        }

        private void ChangeState(BatchState to, long now, string operatorId, OperatorRole role)
        {
            BatchEvent e = NewEvent(_automaticEvent, BatchEventKind.StateChanged, now);
            e.ToState = to;
            e.OperatorId = operatorId;
            e.Role = role;
            _state = to;
            if (to == BatchState.Idle)
            {
                e.PhaseIndex = -1;
            }

            Emit(e);
        }

        // Automatic: the operator named did not sign it; the count of bad signatures in NewValue.
        private void EmitLockedOut(string operatorId, long now)
        {
            BatchEvent e = NewEvent(_automaticEvent, BatchEventKind.OperatorLockedOut, now);
            e.OperatorId = operatorId;
            e.Role = _operators.GetRole(operatorId);
            e.NewValue = Lockout.FailuresOf(operatorId);
            Emit(e);
        }

        private void EmitPhaseStarted(long now, string operatorId, OperatorRole role)
        {
            RecipePhase phase = CurrentPhase;
            BatchEvent e = NewEvent(_automaticEvent, BatchEventKind.PhaseStarted, now);
            e.OperatorId = operatorId;
            e.Role = role;
            e.Text = phase.Name;
            e.DurationMilliseconds = phase.EndCondition == PhaseEndCondition.Duration ? phase.DurationSeconds * 1000 : 0;
            Emit(e);
        }

        private long Emit(BatchEvent e)
        {
            _sequence++;
            e.Sequence = _sequence;
            _ring[_ringIndex.Push()].CopyFrom(e);
            return _sequence;
        }

        // ---------------------------------------------------------------- helpers

        private static bool IsActive(BatchState state)
        {
            return state == BatchState.Running || state == BatchState.Holding || state == BatchState.Held
                || state == BatchState.Restarting;
        }

        private static bool IsState(BatchState state)
        {
            return (int)state >= (int)BatchState.Idle && (int)state <= (int)BatchState.Aborted;
        }

        private static bool IsVariable(BatchVariable variable)
        {
            return (int)variable >= (int)BatchVariable.TemperatureCelsius && (int)variable <= (int)BatchVariable.RockingAmplitudeDegrees;
        }

        private static bool UsesText(BatchAction action)
        {
            return action == BatchAction.Note || action == BatchAction.Sample || action == BatchAction.ConfirmPhase;
        }

        // 64 lowercase hex characters: an HMAC-SHA256 as signed commands carry it.
        private static bool IsSignatureMac(string text)
        {
            if (text == null || text.Length != 64)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsBlank(string text)
        {
            if (text == null)
            {
                return true;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != ' ')
                {
                    return false;
                }
            }

            return true;
        }

        private static string AllowedStates(BatchAction action)
        {
            string list = null;
            for (int s = (int)BatchState.Idle; s <= (int)BatchState.Aborted; s++)
            {
                if (IsAllowed((BatchState)s, action))
                {
                    string name = BatchNames.StateName((BatchState)s);
                    list = list == null ? name : list + ", " + name;
                }
            }

            return list == null ? "no state" : list;
        }

        private static string PermittedRoles(BatchAction action)
        {
            string list = null;
            for (int r = (int)OperatorRole.Technician; r <= (int)OperatorRole.Administrator; r++)
            {
                if (OperatorPermissions.IsPermitted((OperatorRole)r, action))
                {
                    string name = BatchNames.RoleName((OperatorRole)r);
                    list = list == null ? name : list + ", " + name;
                }
            }

            return list == null ? "no role" : list;
        }

        private static string Unit(BatchVariable variable)
        {
            switch (variable)
            {
                case BatchVariable.TemperatureCelsius: return "°C";
                case BatchVariable.Co2Percent: return "%";
                case BatchVariable.RockingRateRpm: return "rpm";
                default: return "degrees";
            }
        }

        private static string Number(double value)
        {
            return InvariantNumber.Format(value, RecipeLimits.DecimalPlaces);
        }
    }
}
