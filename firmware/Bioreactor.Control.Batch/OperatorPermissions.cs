namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// Who may do what (21 CFR 11.10(g) authority checks; EU GMP Annex 11 §12), and which actions need a reason
    /// (Annex 11 §9: changes and deletions of GMP data are documented with their reason).
    /// </summary>
    /// <remarks>
    /// <code>
    ///   action               technician   QA   administrator   reason required
    ///   Start                    yes       -        yes               -
    ///   Hold                     yes       -        yes              yes
    ///   Resume                   yes       -        yes               -
    ///   Abort                    yes       -        yes              yes
    ///   ConfirmPhase             yes       -        yes               -
    ///   ChangeSetPoint           yes       -        yes              yes
    ///   AcknowledgeAlarm         yes       -        yes               -
    ///   Note                     yes      yes       yes               -   (the note's text is required)
    ///   Sample                   yes       -        yes               -   (the sample's text is required)
    ///   Clear                     -       yes       yes              yes
    ///   ChangeConfiguration       -        -        yes              yes
    ///   AutotuneStart/Stop       yes       -        yes               -
    ///   UnlockOperator            -        -        yes               -   (the operator to unlock is required)
    /// </code>
    /// <para>Technicians run the process. QA reviews and does not run it: QA may add notes to any batch (review
    /// comments belong in the record) and is the one who releases the unit after a Complete or Aborted batch (Clear),
    /// so a finished or aborted batch is looked at by a second person before the unit can take the next one and a
    /// technician cannot quietly wipe an aborted batch and start again. Acknowledging alarms is the technician's job
    /// (the person at the device acts on them), not QA's. The administrator may do everything, including the
    /// configuration (the operator directory). Clear needs a reason because it is the batch's disposition.</para>
    /// </remarks>
    public static class OperatorPermissions
    {
        /// <summary>True when the role may perform the action (<see cref="OperatorRole.None"/> may do nothing).</summary>
        public static bool IsPermitted(OperatorRole role, BatchAction action)
        {
            switch (role)
            {
                case OperatorRole.Administrator:
                    return IsAction(action);
                case OperatorRole.Technician:
                    switch (action)
                    {
                        case BatchAction.Start:
                        case BatchAction.Hold:
                        case BatchAction.Resume:
                        case BatchAction.Abort:
                        case BatchAction.ConfirmPhase:
                        case BatchAction.ChangeSetPoint:
                        case BatchAction.AcknowledgeAlarm:
                        case BatchAction.Note:
                        case BatchAction.Sample:
                        case BatchAction.AutotuneStart:
                        case BatchAction.AutotuneStop:
                            return true;
                        default:
                            return false;
                    }

                case OperatorRole.Qa:
                    return action == BatchAction.Note || action == BatchAction.Clear;
                default:
                    return false;
            }
        }

        /// <summary>True for the actions GMP expects a reason for: Hold, Abort, ChangeSetPoint, Clear, ChangeConfiguration.</summary>
        public static bool RequiresReason(BatchAction action)
        {
            return action == BatchAction.Hold || action == BatchAction.Abort || action == BatchAction.ChangeSetPoint
                || action == BatchAction.Clear || action == BatchAction.ChangeConfiguration;
        }

        /// <summary>True for the actions whose text is their content: Note and Sample.</summary>
        public static bool RequiresText(BatchAction action)
        {
            return action == BatchAction.Note || action == BatchAction.Sample;
        }

        /// <summary>True for a defined <see cref="BatchAction"/>.</summary>
        public static bool IsAction(BatchAction action)
        {
            return (int)action >= (int)BatchAction.Start && (int)action <= (int)BatchAction.UnlockOperator;
        }
    }
}
