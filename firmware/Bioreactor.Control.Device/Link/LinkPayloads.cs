using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Control;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The device-to-broker payloads (docs/mqtt-protocol.md: birth, state, telemetry, events) written from the status
    /// snapshot. Each Write method fills a writer the caller has reset; the caller holds the session's lock, which guards
    /// the snapshot.
    /// </summary>
    internal sealed class LinkPayloads
    {
        // Decimals per unit: 0.001 °C and 0.001 % (10× the 0.1 display resolution of commercial incubators, docs/architecture.md),
        // duties to 1e-4, rocking to 0.01 rpm / 0.01°.
        private const int TemperatureDecimals = 3;
        private const int PercentDecimals = 3;
        private const int DutyDecimals = 4;
        private const int RockingDecimals = 2;

        private readonly string _deviceId;
        private readonly string _firmwareVersion;
        private readonly long _bootUtcMilliseconds;

        public LinkPayloads(string deviceId, string firmwareVersion, string sessionNonce, long bootUtcMilliseconds)
        {
            _deviceId = deviceId;
            _firmwareVersion = firmwareVersion;
            SessionNonce = sessionNonce;
            _bootUtcMilliseconds = bootUtcMilliseconds;
        }

        /// <summary>This start's session nonce (MqttLinkSettings.SessionNonce).</summary>
        public readonly string SessionNonce;

        /// <summary>
        /// The values published: the firmware's status as last copied (LinkSession.Capture, under the device lock, from the
        /// control or the record thread), the record's chain head (LinkSession.CaptureRecordHead, record thread) plus the
        /// link's own figures, read on the communication thread.
        /// </summary>
        public readonly LinkSnapshot Snapshot = new LinkSnapshot();

        public void WriteBirth(JsonWriter w, long sequence, long connects)
        {
            DeviceStatus s = Snapshot.Status;
            bool valid = Snapshot.Valid;
            w.BeginObject();
            w.Name("seq");
            w.Integer(sequence);
            w.Name("device");
            w.String(_deviceId);
            w.Name("firmware");
            w.String(_firmwareVersion);
            w.Name("protocol");
            w.Integer(MqttLink.ProtocolVersion);
            w.Name("batch");
            w.String(s.BatchId);
            w.Name("state");
            w.String(valid ? BatchNames.StateName(s.State) : null);
            w.Name("phase");
            w.Integer(valid ? s.PhaseIndex : -1);
            w.Name("bootUtc");
            w.Integer(_bootUtcMilliseconds);
            w.Name("session");
            w.String(SessionNonce);
            w.Name("connects");
            w.Integer(connects);
            w.EndObject();
        }

        /// <summary>The state document (embedded: its members only, inside the status answer).</summary>
        public void WriteState(JsonWriter w, long sequence, bool embedded)
        {
            if (!embedded)
            {
                w.BeginObject();
                w.Name("seq");
                w.Integer(sequence);
            }

            DeviceStatus s = Snapshot.Status;
            w.Name("utc");
            w.Integer(s.UtcMilliseconds);
            w.Name("utcSynchronized");
            w.Boolean(s.UtcSynchronized);
            w.Name("batch");
            w.String(s.BatchId);
            w.Name("recipe");
            if (s.RecipeName == null)
            {
                w.Null();
            }
            else
            {
                w.BeginObject();
                w.Name("name");
                w.String(s.RecipeName);
                w.Name("version");
                w.Integer(s.RecipeVersion);
                w.EndObject();
            }

            w.Name("state");
            w.String(BatchNames.StateName(s.State));
            w.Name("phase");
            w.Integer(s.PhaseIndex);
            w.Name("phaseName");
            w.String(s.PhaseName);
            w.Name("awaitingConfirmation");
            w.Boolean(s.AwaitingConfirmation);
            w.Name("setPoints");
            w.BeginObject();
            w.Name("temperatureCelsius");
            w.Number(s.TargetTemperatureCelsius, TemperatureDecimals);
            w.Name("co2Percent");
            w.Number(s.TargetCo2Percent, PercentDecimals);
            w.Name("rockingRateRpm");
            w.Number(s.TargetRateRpm, RockingDecimals);
            w.Name("rockingAmplitudeDegrees");
            w.Number(s.TargetAmplitudeDegrees, RockingDecimals);
            w.EndObject();
            w.Name("alarms");
            w.BeginArray();
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                if (s.AlarmStates[i] == AlarmState.Normal)
                {
                    continue;
                }

                w.BeginObject();
                w.Name("code");
                w.String(AlarmCatalog.Code((AlarmId)i));
                w.Name("state");
                w.String(ProtocolNames.AlarmStateName(s.AlarmStates[i]));
                w.Name("priority");
                w.String(ProtocolNames.PriorityName(s.AlarmPriorities[i]));
                w.Name("sinceUtc");
                if (Snapshot.AlarmSinceUtc[i] > 0)
                {
                    w.Integer(Snapshot.AlarmSinceUtc[i]);
                }
                else
                {
                    w.Null();
                }

                w.EndObject();
            }

            w.EndArray();
            w.Name("autotuneActive");
            w.Boolean(s.AutotuneActive);
            w.Name("recordOpen");
            w.Boolean(s.RecordOpen);
            w.Name("eventsDropped");
            w.Integer(Snapshot.EventsDropped);
            if (!embedded)
            {
                w.EndObject();
            }
        }

        public void WriteTelemetry(JsonWriter w, long sequence)
        {
            w.BeginObject();
            w.Name("seq");
            w.Integer(sequence);
            WriteTelemetryMembers(w);
            w.EndObject();
        }

        public void WriteTelemetryMembers(JsonWriter w)
        {
            DeviceStatus s = Snapshot.Status;
            w.Name("utc");
            w.Integer(s.UtcMilliseconds);
            w.Name("utcSynchronized");
            w.Boolean(s.UtcSynchronized);
            BeginLoop(w, "temperature", "measuredCelsius", s.LiquidCelsius, s.LiquidStatus, "setPointCelsius", s.LiquidSetPointCelsius,
                TemperatureDecimals);
            w.Name("heaterDutyFraction");
            w.Number(s.HeaterDutyFraction, DutyDecimals);
            w.EndObject();
            BeginLoop(w, "plate", "measuredCelsius", s.PlateCelsius, s.PlateStatus, "setPointCelsius", s.PlateSetPointCelsius,
                TemperatureDecimals);
            w.EndObject();
            BeginLoop(w, "co2", "measuredPercent", s.Co2Percent, s.Co2Status, "setPointPercent", s.Co2SetPointPercent, PercentDecimals);
            w.Name("valveDutyFraction");
            w.Number(s.ValveDutyFraction, DutyDecimals);
            w.EndObject();
            w.Name("rocking");
            w.BeginObject();
            w.Name("rateRpm");
            w.Number(s.RockingRateRpm, RockingDecimals);
            w.Name("amplitudeDegrees");
            w.Number(s.RockingAmplitudeDegrees, RockingDecimals);
            w.Name("setRateRpm");
            w.Number(s.RockingSetRateRpm, RockingDecimals);
            w.Name("setAmplitudeDegrees");
            w.Number(s.RockingSetAmplitudeDegrees, RockingDecimals);
            w.Name("angleDegrees");
            w.Number(Measured(s.AngleDegrees, s.AngleStatus), RockingDecimals);
            w.Name("angleStatus");
            w.String(ProtocolNames.SensorStatusName(s.AngleStatus));
            w.EndObject();
            w.Name("doorOpen");
            w.Boolean(s.DoorOpen);

            // The second shut-offs (null when the board has none): opened or closed by safety on a latched trip.
            w.Name("heaterSupplyClosed");
            FittedBoolean(w, s.HeaterSupplyFitted, s.HeaterSupplyClosed);
            w.Name("co2ShutOffOpen");
            FittedBoolean(w, s.Co2ShutOffFitted, s.Co2ShutOffOpen);
            w.Name("alarmsActive");
            w.Integer(s.ActiveAlarms);
            w.Name("alarmsUnacknowledged");
            w.Integer(s.UnacknowledgedAlarms);
            w.Name("highestPriority");
            w.String(ProtocolNames.PriorityName(s.HighestPriority));

            // The record's chain head, as the record thread last handed it over (not taken with the status above).
            w.Name("record");
            Snapshot.RecordHead.Write(w);
        }

        private static void FittedBoolean(JsonWriter w, bool fitted, bool value)
        {
            if (fitted)
            {
                w.Boolean(value);
            }
            else
            {
                w.Null();
            }
        }

        // A reading is meaningless unless its status is Ok (SensorReading.Value): publish null then.
        // Opens a loop's telemetry object with its measured value (null unless the probe reads), status and set point; the
        // caller adds the loop's output, if any, and closes it.
        private static void BeginLoop(JsonWriter w, string name, string measuredName, double measured, SensorStatus status,
            string setPointName, double setPoint, int decimals)
        {
            w.Name(name);
            w.BeginObject();
            w.Name(measuredName);
            w.Number(Measured(measured, status), decimals);
            w.Name("status");
            w.String(ProtocolNames.SensorStatusName(status));
            w.Name(setPointName);
            w.Number(setPoint, decimals);
        }

        private static double Measured(double value, SensorStatus status)
        {
            return status == SensorStatus.Ok ? value : double.NaN;
        }

        public static void WriteEvent(JsonWriter w, LinkEvent e, long sequence)
        {
            w.BeginObject();
            w.Name("seq");
            w.Integer(sequence);
            w.Name("event");
            w.Integer(e.Number);
            w.Name("utc");
            w.Integer(e.UtcMilliseconds);
            w.Name("kind");
            switch (e.Kind)
            {
                case LinkEvent.KindAlarm:
                    w.String("alarm");
                    w.Name("code");
                    w.String(AlarmCatalog.Code(e.Alarm.Id));
                    w.Name("transition");
                    w.String(ProtocolNames.TransitionName(e.Alarm.Kind));
                    w.Name("from");
                    w.String(ProtocolNames.AlarmStateName(e.Alarm.From));
                    w.Name("to");
                    w.String(ProtocolNames.AlarmStateName(e.Alarm.To));
                    w.Name("priority");
                    w.String(ProtocolNames.PriorityName(e.Priority));
                    w.Name("value");
                    w.Number(e.Alarm.Value, 3);
                    w.Name("operator");
                    w.String(e.OperatorId);
                    w.Name("alarmSequence");
                    w.Integer(e.Alarm.Sequence);
                    break;
                default:
                    WriteBatchEvent(w, e);
                    break;
            }

            w.EndObject();
        }

        private static void WriteBatchEvent(JsonWriter w, LinkEvent e)
        {
            switch (e.Batch.Kind)
            {
                case BatchEventKind.StateChanged:
                    w.String("state");
                    w.Name("batch");
                    w.String(e.BatchId);
                    w.Name("from");
                    w.String(BatchNames.StateName(e.Batch.FromState));
                    w.Name("to");
                    w.String(BatchNames.StateName(e.Batch.ToState));
                    w.Name("phase");
                    w.Integer(e.Batch.PhaseIndex);
                    w.Name("operator");
                    w.String(e.OperatorId);
                    break;
                case BatchEventKind.PhaseStarted:
                    w.String("phase");
                    w.Name("batch");
                    w.String(e.BatchId);
                    w.Name("phase");
                    w.Integer(e.Batch.PhaseIndex);
                    w.Name("name");
                    w.String(e.Batch.Text);
                    w.Name("plannedSeconds");
                    w.Integer(e.Batch.DurationMilliseconds / 1000);
                    w.Name("operator");
                    w.String(e.OperatorId);
                    break;
                case BatchEventKind.OperatorLockedOut:
                    w.String("lockout");
                    w.Name("operator");
                    w.String(e.OperatorId);
                    w.Name("role");
                    w.String(BatchNames.RoleName(e.Role));
                    w.Name("badSignatures");
                    w.Integer((long)e.Batch.NewValue);
                    break;
                case BatchEventKind.PowerRestored:
                    w.String("restored");
                    w.Name("outageMilliseconds");
                    w.Integer(e.Batch.DurationMilliseconds);
                    w.Name("phase");
                    w.Integer(e.Batch.PhaseIndex);
                    w.Name("timerPolicy");
                    w.String(BatchNames.PowerLossTimerName(e.Batch.PowerLossTimer));
                    break;
                default:
                    if (e.Batch.Cause != null)
                    {
                        // Refused by the link's own checks (role, replay) or the controller's autotune preconditions.
                        w.String("action");
                        w.Name("action");
                        w.String(BatchNames.ActionName(e.Batch.Action));
                        w.Name("operator");
                        w.String(e.OperatorId);
                        w.Name("role");
                        w.String(BatchNames.RoleName(e.Role));
                        w.Name("outcome");
                        w.String("refused");
                        w.Name("error");
                        w.String(e.Batch.Cause);
                        w.Name("reason");
                        w.String(e.Reason);
                        break;
                    }

                    w.String("action");
                    w.Name("action");
                    w.String(BatchNames.ActionName(e.Batch.Action));
                    w.Name("operator");
                    w.String(e.OperatorId);
                    w.Name("role");
                    w.String(BatchNames.RoleName(e.Role));
                    w.Name("outcome");
                    w.String(e.Batch.Kind == BatchEventKind.ActionAccepted ? "accepted" : "refused");
                    w.Name("result");
                    w.String(BatchNames.ResultName(e.Batch.Result));
                    w.Name("reason");
                    w.String(e.Reason);
                    w.Name("text");
                    w.String(e.Batch.Action == BatchAction.ChangeConfiguration ? null : e.Batch.Text);
                    w.Name("meaning");
                    w.String(e.Batch.Meaning == SignatureMeaning.None ? null : BatchNames.MeaningName(e.Batch.Meaning));
                    w.Name("signer");
                    w.String(e.Batch.Meaning == SignatureMeaning.None ? null : e.Batch.SignerName);
                    if (e.Batch.Action == BatchAction.ChangeSetPoint)
                    {
                        w.Name("variable");
                        w.String(BatchNames.VariableName(e.Batch.Variable));
                        w.Name("oldValue");
                        w.Number(e.Batch.OldValue, 6);
                        w.Name("newValue");
                        w.Number(e.Batch.NewValue, 6);
                    }
                    else if (e.Batch.Action == BatchAction.AcknowledgeAlarm)
                    {
                        w.Name("alarm");
                        w.String(AlarmCatalog.Code(e.Batch.AlarmId));
                    }

                    break;
            }

            w.Name("batchEvent");
            w.Integer(e.Batch.Sequence);
        }
    }

    /// <summary>The status snapshot the payloads are written from (guarded by the session's lock).</summary>
    internal sealed class LinkSnapshot
    {
        public bool Valid;
        public readonly DeviceStatus Status = new DeviceStatus();
        public long EventsDropped;
        public readonly long[] AlarmSinceUtc = new long[AlarmCatalog.Count];

        // The record's chain head (LinkSession.CaptureRecordHead, from the record thread).
        public readonly RecordHead RecordHead = new RecordHead();
    }
}
