using Bioreactor.Control.Ports;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// The protocol's lower-case tokens for enums (nanoFramework's enum ToString prints the number): error codes, alarm
    /// states, priorities and transitions, sensor statuses. Batch states, actions and roles use the batch layer's names
    /// (BatchNames), alarms their catalogue codes (AlarmCatalog.Code). Constant strings: formatting them allocates nothing.
    /// </summary>
    public static class ProtocolNames
    {
        /// <summary>The error code of a refusal, as in responses.</summary>
        public static string ErrorCode(ProtocolError error)
        {
            switch (error)
            {
                case ProtocolError.None: return "none";
                case ProtocolError.InvalidJson: return "invalid_json";
                case ProtocolError.TooLarge: return "too_large";
                case ProtocolError.WrongType: return "wrong_type";
                case ProtocolError.MissingField: return "missing_field";
                case ProtocolError.UnknownField: return "unknown_field";
                case ProtocolError.InvalidValue: return "invalid_value";
                case ProtocolError.UnknownCommand: return "unknown_command";
                case ProtocolError.OutOfRange: return "out_of_range";
                case ProtocolError.WrongState: return "wrong_state";
                case ProtocolError.UnknownOperator: return "unknown_operator";
                case ProtocolError.WrongMeaning: return "wrong_meaning";
                case ProtocolError.NotPermitted: return "not_permitted";
                case ProtocolError.Replay: return "replay";
                case ProtocolError.BadReplyTopic: return "bad_reply_topic";
                case ProtocolError.Busy: return "busy";
                case ProtocolError.NotFound: return "not_found";
                case ProtocolError.StorageError: return "storage_error";
                case ProtocolError.InvalidRecipe: return "invalid_recipe";
                case ProtocolError.BadSignature: return "bad_signature";
                case ProtocolError.LockedOut: return "locked_out";
                default: return "unknown";
            }
        }

        /// <summary>An alarm state (ISA-18.2) as a token.</summary>
        public static string AlarmStateName(AlarmState state)
        {
            switch (state)
            {
                case AlarmState.Normal: return "normal";
                case AlarmState.UnacknowledgedActive: return "unacknowledged_active";
                case AlarmState.AcknowledgedActive: return "acknowledged_active";
                case AlarmState.ReturnedToNormalUnacknowledged: return "returned_unacknowledged";
                case AlarmState.Shelved: return "shelved";
                case AlarmState.SuppressedByDesign: return "suppressed_by_design";
                case AlarmState.OutOfService: return "out_of_service";
                default: return "unknown";
            }
        }

        /// <summary>An alarm priority as a token.</summary>
        public static string PriorityName(AlarmPriority priority)
        {
            switch (priority)
            {
                case AlarmPriority.None: return "none";
                case AlarmPriority.Low: return "low";
                case AlarmPriority.Medium: return "medium";
                case AlarmPriority.High: return "high";
                case AlarmPriority.Critical: return "critical";
                default: return "unknown";
            }
        }

        /// <summary>An alarm transition kind as a token.</summary>
        public static string TransitionName(AlarmTransitionKind kind)
        {
            switch (kind)
            {
                case AlarmTransitionKind.Raised: return "raised";
                case AlarmTransitionKind.Cleared: return "cleared";
                case AlarmTransitionKind.Acknowledged: return "acknowledged";
                case AlarmTransitionKind.Reset: return "reset";
                default: return "unknown";
            }
        }

        /// <summary>A sensor status as a token.</summary>
        public static string SensorStatusName(SensorStatus status)
        {
            switch (status)
            {
                case SensorStatus.Ok: return "ok";
                case SensorStatus.NoResponse: return "no_response";
                case SensorStatus.OpenCircuit: return "open_circuit";
                case SensorStatus.ShortCircuit: return "short_circuit";
                case SensorStatus.OutOfRange: return "out_of_range";
                case SensorStatus.DeviceFault: return "device_fault";
                default: return "unknown";
            }
        }
    }
}
