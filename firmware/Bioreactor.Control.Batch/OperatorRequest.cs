using Bioreactor.Control.Safety;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// One operator action for <see cref="BatchController.Execute"/>: what, who, why, and the action's values. Build it
    /// with the factory methods. Operator requests are rare and come from the protocol, not the control tick, so this
    /// is a class and may allocate.
    /// </summary>
    /// <remarks>
    /// Fields each action reads (others are ignored and not recorded):
    /// <code>
    ///   Start                OperatorId, Recipe, BatchId, Reason (optional)
    ///   Hold, Abort, Clear   OperatorId, Reason (required)
    ///   Resume               OperatorId, Reason (optional)
    ///   ConfirmPhase         OperatorId, Text (optional: what was confirmed, e.g. "cells counted"), Reason (optional)
    ///   ChangeSetPoint       OperatorId, Variable, Value, Reason (required)
    ///   AcknowledgeAlarm     OperatorId, AlarmId, Reason (optional)
    ///   Note, Sample         OperatorId, Text (required), Reason (optional)
    ///   ChangeConfiguration  OperatorId, Operators, Reason (required)
    ///   UnlockOperator       OperatorId, Text (the operator to unlock), Reason (optional)
    /// </code>
    /// Every action also records <see cref="Signature"/> when it is set.
    /// Operator ids: <see cref="TextRules.IdentifierRule"/>. Reasons and texts: <see cref="TextRules.TextRule"/>.
    /// </remarks>
    public sealed class OperatorRequest
    {
        /// <summary>A request for <paramref name="action"/> by <paramref name="operatorId"/>; set the action's fields next.</summary>
        public OperatorRequest(BatchAction action, string operatorId)
        {
            Action = action;
            OperatorId = operatorId;
            Value = double.NaN;
        }

        /// <summary>The action.</summary>
        public BatchAction Action { get; set; }

        /// <summary>Who asks (looked up in the <see cref="OperatorDirectory"/>).</summary>
        public string OperatorId { get; set; }

        /// <summary>Why (required for Hold, Abort, ChangeSetPoint, Clear, ChangeConfiguration; optional otherwise).</summary>
        public string Reason { get; set; }

        /// <summary>The text of a note or sample, or what a phase confirmation confirms.</summary>
        public string Text { get; set; }

        /// <summary>The set point to change (ChangeSetPoint).</summary>
        public BatchVariable Variable { get; set; }

        /// <summary>The new set point in the variable's unit (ChangeSetPoint).</summary>
        public double Value { get; set; }

        /// <summary>The alarm to acknowledge (AcknowledgeAlarm).</summary>
        public AlarmId AlarmId { get; set; }

        /// <summary>The recipe to run (Start); the batch runs on a copy.</summary>
        public Recipe Recipe { get; set; }

        /// <summary>The batch (lot) id to start (Start): <see cref="TextRules.IdentifierRule"/>.</summary>
        public string BatchId { get; set; }

        /// <summary>The new operator directory (ChangeConfiguration); the batch keeps a copy.</summary>
        public OperatorDirectory Operators { get; set; }

        /// <summary>
        /// The electronic signature the request carried, as the protocol layer checked it; null when unsigned (an action
        /// the device takes in-process). Copied into the request's event and so into its record entry.
        /// </summary>
        public OperatorSignature Signature { get; set; }

        /// <summary>
        /// Accepted, or the refusal a check above the batch layer decided (<see cref="RefuseAbove"/>): the batch layer records
        /// the request as refused with this code instead of judging it.
        /// </summary>
        public BatchResultCode RefusedAbove { get; private set; }

        /// <summary>The refusing check's code (the protocol's error code), with <see cref="RefusedAbove"/>.</summary>
        public string RefusalCause { get; private set; }

        /// <summary>The refusal's message, with <see cref="RefusedAbove"/>.</summary>
        public string RefusalMessage { get; private set; }

        /// <summary>
        /// Marks the request refused by a check above the batch layer (the protocol's role and replay checks, the controller's
        /// autotune preconditions), so that it reaches the record by the same route as every other operator action: the batch
        /// layer's ActionRefused event.
        /// </summary>
        /// <param name="code">The nearest batch result code.</param>
        /// <param name="cause">The refusing check's code (recorded as the entry's target).</param>
        /// <param name="message">What the operator is told.</param>
        public void RefuseAbove(BatchResultCode code, string cause, string message)
        {
            RefusedAbove = code;
            RefusalCause = cause;
            RefusalMessage = message;
        }

        /// <summary>
        /// Marks the request refused for a bad signature (<see cref="RefuseAbove"/>): it also counts toward the operator's
        /// lockout (<see cref="OperatorLockout"/>).
        /// </summary>
        public void RefuseBadSignature(string cause, string message)
        {
            RefuseAbove(BatchResultCode.NotPermitted, cause, message);
            BadSignature = true;
        }

        /// <summary>True when refused for a bad signature (<see cref="RefuseBadSignature"/>).</summary>
        public bool BadSignature { get; private set; }

        /// <summary>Start a batch of <paramref name="recipe"/> with lot id <paramref name="batchId"/>.</summary>
        public static OperatorRequest Start(string operatorId, Recipe recipe, string batchId)
        {
            return new OperatorRequest(BatchAction.Start, operatorId) { Recipe = recipe, BatchId = batchId };
        }

        /// <summary>Hold the recipe.</summary>
        public static OperatorRequest Hold(string operatorId, string reason)
        {
            return new OperatorRequest(BatchAction.Hold, operatorId) { Reason = reason };
        }

        /// <summary>Resume a held recipe.</summary>
        public static OperatorRequest Resume(string operatorId)
        {
            return new OperatorRequest(BatchAction.Resume, operatorId);
        }

        /// <summary>Abort the batch.</summary>
        public static OperatorRequest Abort(string operatorId, string reason)
        {
            return new OperatorRequest(BatchAction.Abort, operatorId) { Reason = reason };
        }

        /// <summary>Release the unit after a Complete or Aborted batch.</summary>
        public static OperatorRequest Clear(string operatorId, string reason)
        {
            return new OperatorRequest(BatchAction.Clear, operatorId) { Reason = reason };
        }

        /// <summary>Confirm the end of a phase that waits for the operator.</summary>
        public static OperatorRequest ConfirmPhase(string operatorId, string text)
        {
            return new OperatorRequest(BatchAction.ConfirmPhase, operatorId) { Text = text };
        }

        /// <summary>Change one set point within the current phase's limits, until the phase ends.</summary>
        public static OperatorRequest ChangeSetPoint(string operatorId, BatchVariable variable, double value, string reason)
        {
            return new OperatorRequest(BatchAction.ChangeSetPoint, operatorId) { Variable = variable, Value = value, Reason = reason };
        }

        /// <summary>Acknowledge an alarm.</summary>
        public static OperatorRequest AcknowledgeAlarm(string operatorId, AlarmId alarmId)
        {
            return new OperatorRequest(BatchAction.AcknowledgeAlarm, operatorId) { AlarmId = alarmId };
        }

        /// <summary>Add a note.</summary>
        public static OperatorRequest Note(string operatorId, string text)
        {
            return new OperatorRequest(BatchAction.Note, operatorId) { Text = text };
        }

        /// <summary>Record a sample taken.</summary>
        public static OperatorRequest Sample(string operatorId, string text)
        {
            return new OperatorRequest(BatchAction.Sample, operatorId) { Text = text };
        }

        /// <summary>Lift the lockout of <paramref name="lockedOperatorId"/> (administrators).</summary>
        public static OperatorRequest UnlockOperator(string operatorId, string lockedOperatorId)
        {
            return new OperatorRequest(BatchAction.UnlockOperator, operatorId) { Text = lockedOperatorId };
        }

        /// <summary>Replace the operator directory.</summary>
        public static OperatorRequest ChangeConfiguration(string operatorId, OperatorDirectory operators, string reason)
        {
            return new OperatorRequest(BatchAction.ChangeConfiguration, operatorId) { Operators = operators, Reason = reason };
        }
    }
}
