namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// English names of the batch layer's enums, for messages, records and the protocol (nanoFramework's
    /// enum ToString prints the number). Unknown values give "Unknown".
    /// </summary>
    public static class BatchNames
    {
        /// <summary>The state's ISA-88 name.</summary>
        public static string StateName(BatchState state)
        {
            switch (state)
            {
                case BatchState.Idle: return "Idle";
                case BatchState.Running: return "Running";
                case BatchState.Holding: return "Holding";
                case BatchState.Held: return "Held";
                case BatchState.Restarting: return "Restarting";
                case BatchState.Complete: return "Complete";
                case BatchState.Aborting: return "Aborting";
                case BatchState.Aborted: return "Aborted";
                default: return "Unknown";
            }
        }

        /// <summary>The action's name.</summary>
        public static string ActionName(BatchAction action)
        {
            switch (action)
            {
                case BatchAction.Start: return "Start";
                case BatchAction.Hold: return "Hold";
                case BatchAction.Resume: return "Resume";
                case BatchAction.Abort: return "Abort";
                case BatchAction.Clear: return "Clear";
                case BatchAction.ConfirmPhase: return "ConfirmPhase";
                case BatchAction.ChangeSetPoint: return "ChangeSetPoint";
                case BatchAction.AcknowledgeAlarm: return "AcknowledgeAlarm";
                case BatchAction.Note: return "Note";
                case BatchAction.Sample: return "Sample";
                case BatchAction.ChangeConfiguration: return "ChangeConfiguration";
                case BatchAction.AutotuneStart: return "AutotuneStart";
                case BatchAction.AutotuneStop: return "AutotuneStop";
                case BatchAction.UnlockOperator: return "UnlockOperator";
                default: return "Unknown";
            }
        }

        /// <summary>The result code's name.</summary>
        public static string ResultName(BatchResultCode code)
        {
            switch (code)
            {
                case BatchResultCode.Accepted: return "Accepted";
                case BatchResultCode.WrongState: return "WrongState";
                case BatchResultCode.UnknownOperator: return "UnknownOperator";
                case BatchResultCode.InvalidOperatorId: return "InvalidOperatorId";
                case BatchResultCode.NotPermitted: return "NotPermitted";
                case BatchResultCode.ReasonRequired: return "ReasonRequired";
                case BatchResultCode.InvalidReason: return "InvalidReason";
                case BatchResultCode.TextRequired: return "TextRequired";
                case BatchResultCode.InvalidText: return "InvalidText";
                case BatchResultCode.InvalidRecipe: return "InvalidRecipe";
                case BatchResultCode.RecipeExceedsDevice: return "RecipeExceedsDevice";
                case BatchResultCode.InvalidBatchId: return "InvalidBatchId";
                case BatchResultCode.InvalidVariable: return "InvalidVariable";
                case BatchResultCode.InvalidValue: return "InvalidValue";
                case BatchResultCode.OutsideLimits: return "OutsideLimits";
                case BatchResultCode.NotAwaitingConfirmation: return "NotAwaitingConfirmation";
                case BatchResultCode.InvalidRequest: return "InvalidRequest";
                case BatchResultCode.InvalidSnapshot: return "InvalidSnapshot";
                case BatchResultCode.RecipeMismatch: return "RecipeMismatch";
                case BatchResultCode.LockedOut: return "LockedOut";
                default: return "Unknown";
            }
        }

        /// <summary>The variable's name, as in recipe files (temperatureCelsius, co2Percent, ...).</summary>
        public static string VariableName(BatchVariable variable)
        {
            switch (variable)
            {
                case BatchVariable.None: return "none";
                case BatchVariable.TemperatureCelsius: return "temperatureCelsius";
                case BatchVariable.Co2Percent: return "co2Percent";
                case BatchVariable.RockingRateRpm: return "rockingRateRpm";
                case BatchVariable.RockingAmplitudeDegrees: return "rockingAmplitudeDegrees";
                default: return "Unknown";
            }
        }

        /// <summary>The event kind's name.</summary>
        public static string EventKindName(BatchEventKind kind)
        {
            switch (kind)
            {
                case BatchEventKind.StateChanged: return "StateChanged";
                case BatchEventKind.PhaseStarted: return "PhaseStarted";
                case BatchEventKind.ActionAccepted: return "ActionAccepted";
                case BatchEventKind.ActionRefused: return "ActionRefused";
                case BatchEventKind.PowerRestored: return "PowerRestored";
                case BatchEventKind.OperatorLockedOut: return "OperatorLockedOut";
                default: return "Unknown";
            }
        }

        /// <summary>The role's name, as in operator files (technician, qa, administrator; none).</summary>
        public static string RoleName(OperatorRole role)
        {
            switch (role)
            {
                case OperatorRole.None: return "none";
                case OperatorRole.Technician: return "technician";
                case OperatorRole.Qa: return "qa";
                case OperatorRole.Administrator: return "administrator";
                default: return "Unknown";
            }
        }

        /// <summary>The signature meaning's name, as in signed commands and records (performed, reviewed, approved, released; none).</summary>
        public static string MeaningName(SignatureMeaning meaning)
        {
            switch (meaning)
            {
                case SignatureMeaning.None: return "none";
                case SignatureMeaning.Performed: return "performed";
                case SignatureMeaning.Reviewed: return "reviewed";
                case SignatureMeaning.Approved: return "approved";
                case SignatureMeaning.Released: return "released";
                default: return "Unknown";
            }
        }

        /// <summary>The end condition's name, as in recipe files (duration, operatorConfirms).</summary>
        public static string EndConditionName(PhaseEndCondition condition)
        {
            switch (condition)
            {
                case PhaseEndCondition.Duration: return "duration";
                case PhaseEndCondition.OperatorConfirms: return "operatorConfirms";
                default: return "Unknown";
            }
        }

        /// <summary>The power-loss timer policy's name, as in recipe files (pause, continue, restart).</summary>
        public static string PowerLossTimerName(PowerLossTimer policy)
        {
            switch (policy)
            {
                case PowerLossTimer.PauseTimer: return "pause";
                case PowerLossTimer.ContinueTimer: return "continue";
                case PowerLossTimer.RestartTimer: return "restart";
                default: return "Unknown";
            }
        }

        /// <summary>Reads a role name of an operator file (exact, lower case); false for anything else.</summary>
        public static bool TryParseRole(string text, out OperatorRole role)
        {
            role = OperatorRole.None;
            if (text == "technician")
            {
                role = OperatorRole.Technician;
            }
            else if (text == "qa")
            {
                role = OperatorRole.Qa;
            }
            else if (text == "administrator")
            {
                role = OperatorRole.Administrator;
            }

            return role != OperatorRole.None;
        }

        /// <summary>
        /// Reads a signature meaning of a signed command (exact, lower case: performed, reviewed, approved, released); false
        /// for anything else, "none" included (a signature always means something).
        /// </summary>
        public static bool TryParseMeaning(string text, out SignatureMeaning meaning)
        {
            meaning = SignatureMeaning.None;
            if (text == "performed")
            {
                meaning = SignatureMeaning.Performed;
            }
            else if (text == "reviewed")
            {
                meaning = SignatureMeaning.Reviewed;
            }
            else if (text == "approved")
            {
                meaning = SignatureMeaning.Approved;
            }
            else if (text == "released")
            {
                meaning = SignatureMeaning.Released;
            }

            return meaning != SignatureMeaning.None;
        }

        /// <summary>Reads an end condition name of a recipe file (exact); false for anything else.</summary>
        public static bool TryParseEndCondition(string text, out PhaseEndCondition condition)
        {
            condition = PhaseEndCondition.Duration;
            if (text == "duration")
            {
                return true;
            }

            if (text == "operatorConfirms")
            {
                condition = PhaseEndCondition.OperatorConfirms;
                return true;
            }

            return false;
        }

        /// <summary>Reads a power-loss timer policy name of a recipe file (exact); false for anything else.</summary>
        public static bool TryParsePowerLossTimer(string text, out PowerLossTimer policy)
        {
            policy = PowerLossTimer.PauseTimer;
            if (text == "pause")
            {
                return true;
            }

            if (text == "continue")
            {
                policy = PowerLossTimer.ContinueTimer;
                return true;
            }

            if (text == "restart")
            {
                policy = PowerLossTimer.RestartTimer;
                return true;
            }

            return false;
        }
    }
}
