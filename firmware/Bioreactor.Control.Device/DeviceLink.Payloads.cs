using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Control;

namespace Bioreactor.Control.Device
{
    /// <summary>The status snapshot and the device-to-broker payloads (birth, state, telemetry, events).</summary>
    public sealed partial class DeviceLink
    {
        // Decimals per unit: 0.001 °C and 0.001 % (10× the 0.1 display resolution of commercial incubators, docs/architecture.md),
        // duties to 1e-4, rocking to 0.01 rpm / 0.01°.
        private const int TemperatureDecimals = 3;
        private const int PercentDecimals = 3;
        private const int DutyDecimals = 4;
        private const int RockingDecimals = 2;

        // The values published, copied on the control thread (Capture) and read on the communication thread, under _sync.
        private sealed class Snapshot
        {
            public bool Valid;
            public long UtcMilliseconds;
            public bool UtcSynchronized;
            public double LiquidCelsius;
            public SensorStatus LiquidStatus;
            public double PlateCelsius;
            public SensorStatus PlateStatus;
            public double Co2Percent;
            public SensorStatus Co2Status;
            public double AngleDegrees;
            public SensorStatus AngleStatus;
            public double LiquidSetPointCelsius;
            public double PlateSetPointCelsius;
            public double HeaterDutyFraction;
            public double Co2SetPointPercent;
            public double ValveDutyFraction;
            public double RockingRateRpm;
            public double RockingAmplitudeDegrees;
            public double RockingSetRateRpm;
            public double RockingSetAmplitudeDegrees;
            public bool DoorOpen;
            public bool HeaterSupplyFitted;
            public bool HeaterSupplyClosed;
            public bool Co2ShutOffFitted;
            public bool Co2ShutOffOpen;
            public int ActiveAlarms;
            public int UnacknowledgedAlarms;
            public AlarmPriority HighestPriority;

            // State part: a change of any of these republishes the retained state.
            public string BatchId;
            public string RecipeName;
            public int RecipeVersion;
            public BatchState State;
            public int PhaseIndex;
            public string PhaseName;
            public bool AwaitingConfirmation;
            public double TargetTemperatureCelsius;
            public double TargetCo2Percent;
            public double TargetRateRpm;
            public double TargetAmplitudeDegrees;
            public bool AutotuneActive;
            public bool RecordOpen;
            public long EventsDropped;
            public readonly AlarmState[] AlarmStates = new AlarmState[AlarmCatalog.Count];
            public readonly AlarmPriority[] AlarmPriorities = new AlarmPriority[AlarmCatalog.Count];
            public readonly long[] AlarmSinceUtc = new long[AlarmCatalog.Count];
        }

        // Control thread: copies the firmware's status into the snapshot; marks the state dirty when its part changed.
        private void Capture()
        {
            BioreactorController c = _firmware.Controller;
            BatchController b = _firmware.Batch;
            AlarmManager alarms = c.Alarms;
            long utc = RecordTime.ToUnixMilliseconds(_clock.UtcNow);
            lock (_sync)
            {
                Snapshot s = _snapshot;
                bool changed = !s.Valid;
                s.Valid = true;
                s.UtcMilliseconds = utc;
                s.UtcSynchronized = _clock.IsUtcSynchronized;
                s.LiquidCelsius = c.LiquidReading.Value;
                s.LiquidStatus = c.LiquidReading.Status;
                s.PlateCelsius = c.PlateReading.Value;
                s.PlateStatus = c.PlateReading.Status;
                s.Co2Percent = c.Co2Reading.Value;
                s.Co2Status = c.Co2Reading.Status;
                s.AngleDegrees = c.AngleReading.Value;
                s.AngleStatus = c.AngleReading.Status;
                s.LiquidSetPointCelsius = c.TemperatureControlEnabled ? c.Temperature.LiquidSetPointCelsius : double.NaN;
                s.PlateSetPointCelsius = c.TemperatureControlEnabled ? c.Temperature.PlateSetPointCelsius : double.NaN;
                s.HeaterDutyFraction = c.HeaterDutyFraction;
                s.Co2SetPointPercent = c.Co2ControlEnabled ? c.Co2.SetPointPercent : double.NaN;
                s.ValveDutyFraction = c.ValveDutyFraction;
                s.RockingRateRpm = c.HasRockingEstimate ? c.Rocking.MeasuredRateRpm : double.NaN;
                s.RockingAmplitudeDegrees = c.HasRockingEstimate ? c.Rocking.MeasuredAmplitudeDegrees : double.NaN;
                s.RockingSetRateRpm = c.RockingEnabled ? b.RockingRateRpm : double.NaN;
                s.RockingSetAmplitudeDegrees = c.RockingEnabled ? b.RockingAmplitudeDegrees : double.NaN;
                s.DoorOpen = c.DoorOpen;
                s.HeaterSupplyFitted = c.HeaterSupplyFitted;
                s.HeaterSupplyClosed = c.Safety.HeaterSupplyOutput;
                s.Co2ShutOffFitted = c.Co2ShutOffFitted;
                s.Co2ShutOffOpen = c.Safety.Co2ShutOffOutput;
                s.ActiveAlarms = alarms.CountActive();
                s.UnacknowledgedAlarms = alarms.CountUnacknowledged();
                s.HighestPriority = alarms.HighestActivePriority;

                Recipe recipe = b.Recipe;
                RecipePhase phase = b.CurrentPhase;
                changed |= !SameString(s.BatchId, b.BatchId);
                s.BatchId = b.BatchId;
                string recipeName = recipe == null ? null : recipe.Name;
                changed |= !SameString(s.RecipeName, recipeName);
                s.RecipeName = recipeName;
                changed |= Update(ref s.RecipeVersion, recipe == null ? 0 : recipe.Version);
                if (s.State != b.State)
                {
                    s.State = b.State;
                    changed = true;
                }

                changed |= Update(ref s.PhaseIndex, b.PhaseIndex);
                string phaseName = phase == null ? null : phase.Name;
                changed |= !SameString(s.PhaseName, phaseName);
                s.PhaseName = phaseName;
                changed |= Update(ref s.AwaitingConfirmation, b.AwaitingConfirmation);
                changed |= Update(ref s.TargetTemperatureCelsius, b.GetTarget(BatchVariable.TemperatureCelsius));
                changed |= Update(ref s.TargetCo2Percent, b.GetTarget(BatchVariable.Co2Percent));
                changed |= Update(ref s.TargetRateRpm, b.GetTarget(BatchVariable.RockingRateRpm));
                changed |= Update(ref s.TargetAmplitudeDegrees, b.GetTarget(BatchVariable.RockingAmplitudeDegrees));
                changed |= Update(ref s.AutotuneActive, c.TemperatureAutotune.IsActive);
                changed |= Update(ref s.RecordOpen, _firmware.Record.IsOpen);
                if (s.EventsDropped != _eventsDropped)
                {
                    s.EventsDropped = _eventsDropped;
                    changed = true;
                }

                for (int i = 0; i < AlarmCatalog.Count; i++)
                {
                    AlarmState state = alarms.GetState((AlarmId)i);
                    if (s.AlarmStates[i] != state)
                    {
                        s.AlarmStates[i] = state;
                        changed = true;
                    }

                    s.AlarmPriorities[i] = alarms.GetDefinition((AlarmId)i).Priority;
                    s.AlarmSinceUtc[i] = _alarmSinceUtc[i];
                }

                if (changed)
                {
                    _stateDirty = true;
                }
            }
        }

        private static bool Update(ref int field, int value)
        {
            if (field == value)
            {
                return false;
            }

            field = value;
            return true;
        }

        private static bool Update(ref bool field, bool value)
        {
            if (field == value)
            {
                return false;
            }

            field = value;
            return true;
        }

        private static bool Update(ref double field, double value)
        {
            if (field == value || (double.IsNaN(field) && double.IsNaN(value)))
            {
                return false;
            }

            field = value;
            return true;
        }

        private static bool SameString(string a, string b)
        {
            return (object)a == (object)b || a == b;
        }

        // ---------------------------------------------------------------- payloads (caller holds _sync)

        private void WriteBirth(JsonWriter w, long sequence)
        {
            Snapshot s = _snapshot;
            w.Reset(_publishBuffer, 0, _publishBuffer.Length);
            w.BeginObject();
            w.Name("seq");
            w.Integer(sequence);
            w.Name("device");
            w.String(_deviceId);
            w.Name("firmware");
            w.String(_firmwareVersion);
            w.Name("protocol");
            w.Integer(ProtocolVersion);
            w.Name("batch");
            w.String(s.BatchId);
            w.Name("state");
            w.String(s.Valid ? BatchNames.StateName(s.State) : null);
            w.Name("phase");
            w.Integer(s.Valid ? s.PhaseIndex : -1);
            w.Name("bootUtc");
            w.Integer(_bootUtcMilliseconds);
            w.Name("connects");
            w.Integer(Connects);
            w.EndObject();
        }

        private void WriteState(JsonWriter w, long sequence, bool embedded)
        {
            if (!embedded)
            {
                w.Reset(_publishBuffer, 0, _publishBuffer.Length);
                w.BeginObject();
                w.Name("seq");
                w.Integer(sequence);
            }

            Snapshot s = _snapshot;
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
                if (s.AlarmSinceUtc[i] > 0)
                {
                    w.Integer(s.AlarmSinceUtc[i]);
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
            w.Integer(s.EventsDropped);
            if (!embedded)
            {
                w.EndObject();
            }
        }

        private void WriteTelemetry(JsonWriter w, long sequence)
        {
            w.Reset(_publishBuffer, 0, _publishBuffer.Length);
            w.BeginObject();
            w.Name("seq");
            w.Integer(sequence);
            WriteTelemetryMembers(w);
            w.EndObject();
        }

        private void WriteTelemetryMembers(JsonWriter w)
        {
            Snapshot s = _snapshot;
            w.Name("utc");
            w.Integer(s.UtcMilliseconds);
            w.Name("utcSynchronized");
            w.Boolean(s.UtcSynchronized);
            w.Name("temperature");
            w.BeginObject();
            w.Name("measuredCelsius");
            w.Number(Measured(s.LiquidCelsius, s.LiquidStatus), TemperatureDecimals);
            w.Name("status");
            w.String(ProtocolNames.SensorStatusName(s.LiquidStatus));
            w.Name("setPointCelsius");
            w.Number(s.LiquidSetPointCelsius, TemperatureDecimals);
            w.Name("heaterDutyFraction");
            w.Number(s.HeaterDutyFraction, DutyDecimals);
            w.EndObject();
            w.Name("plate");
            w.BeginObject();
            w.Name("measuredCelsius");
            w.Number(Measured(s.PlateCelsius, s.PlateStatus), TemperatureDecimals);
            w.Name("status");
            w.String(ProtocolNames.SensorStatusName(s.PlateStatus));
            w.Name("setPointCelsius");
            w.Number(s.PlateSetPointCelsius, TemperatureDecimals);
            w.EndObject();
            w.Name("co2");
            w.BeginObject();
            w.Name("measuredPercent");
            w.Number(Measured(s.Co2Percent, s.Co2Status), PercentDecimals);
            w.Name("status");
            w.String(ProtocolNames.SensorStatusName(s.Co2Status));
            w.Name("setPointPercent");
            w.Number(s.Co2SetPointPercent, PercentDecimals);
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
        private static double Measured(double value, SensorStatus status)
        {
            return status == SensorStatus.Ok ? value : double.NaN;
        }

        private void WriteEvent(JsonWriter w, ref LinkEvent e, long sequence)
        {
            w.Reset(_publishBuffer, 0, _publishBuffer.Length);
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
                case EventAlarm:
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
                case EventRefusal:
                    w.String("action");
                    w.Name("action");
                    w.String(e.Command);
                    w.Name("operator");
                    w.String(e.OperatorId);
                    w.Name("role");
                    w.String(BatchNames.RoleName(e.Role));
                    w.Name("outcome");
                    w.String("refused");
                    w.Name("error");
                    w.String(ProtocolNames.ErrorCode(e.Error));
                    w.Name("reason");
                    w.String(e.Reason);
                    break;
                default:
                    WriteBatchEvent(w, ref e);
                    break;
            }

            w.EndObject();
        }

        private static void WriteBatchEvent(JsonWriter w, ref LinkEvent e)
        {
            BatchEvent b = e.Batch;
            switch (b.Kind)
            {
                case BatchEventKind.StateChanged:
                    w.String("state");
                    w.Name("batch");
                    w.String(e.BatchId);
                    w.Name("from");
                    w.String(BatchNames.StateName(b.FromState));
                    w.Name("to");
                    w.String(BatchNames.StateName(b.ToState));
                    w.Name("phase");
                    w.Integer(b.PhaseIndex);
                    w.Name("operator");
                    w.String(b.OperatorId);
                    break;
                case BatchEventKind.PhaseStarted:
                    w.String("phase");
                    w.Name("batch");
                    w.String(e.BatchId);
                    w.Name("phase");
                    w.Integer(b.PhaseIndex);
                    w.Name("name");
                    w.String(b.Text);
                    w.Name("plannedSeconds");
                    w.Integer(b.DurationMilliseconds / 1000);
                    w.Name("operator");
                    w.String(b.OperatorId);
                    break;
                case BatchEventKind.PowerRestored:
                    w.String("restored");
                    w.Name("outageMilliseconds");
                    w.Integer(b.DurationMilliseconds);
                    w.Name("phase");
                    w.Integer(b.PhaseIndex);
                    w.Name("timerPolicy");
                    w.String(BatchNames.PowerLossTimerName(b.PowerLossTimer));
                    break;
                default:
                    w.String("action");
                    w.Name("action");
                    w.String(BatchNames.ActionName(b.Action));
                    w.Name("operator");
                    w.String(b.OperatorId);
                    w.Name("role");
                    w.String(BatchNames.RoleName(b.Role));
                    w.Name("outcome");
                    w.String(b.Kind == BatchEventKind.ActionAccepted ? "accepted" : "refused");
                    w.Name("result");
                    w.String(BatchNames.ResultName(b.Result));
                    w.Name("reason");
                    w.String(b.Reason);
                    w.Name("text");
                    w.String(b.Action == BatchAction.ChangeConfiguration ? null : b.Text);
                    if (b.Action == BatchAction.ChangeSetPoint)
                    {
                        w.Name("variable");
                        w.String(BatchNames.VariableName(b.Variable));
                        w.Name("oldValue");
                        w.Number(b.OldValue, 6);
                        w.Name("newValue");
                        w.Number(b.NewValue, 6);
                    }
                    else if (b.Action == BatchAction.AcknowledgeAlarm)
                    {
                        w.Name("alarm");
                        w.String(AlarmCatalog.Code(b.AlarmId));
                    }

                    break;
            }

            w.Name("batchEvent");
            w.Integer(b.Sequence);
        }
    }
}
