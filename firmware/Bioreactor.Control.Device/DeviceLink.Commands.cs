using Bioreactor.Control.Primitives;
using Bioreactor.Control.Protocol;
using Bioreactor.Control;
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// Commands: parsing, validation, authority, replay, execution and responses, all on the record thread; the firmware
    /// applies a command's state change under the device lock, nothing else here takes it.
    /// </summary>
    /// <remarks>
    /// Checks, in order; the first that fails answers with its code and nothing changes:
    /// <code>
    ///   too_large / busy (receive thread) → bad_reply_topic (MQTT 5 property) → invalid_json → wrong_type (not an object)
    ///   → id (missing_field / wrong_type / invalid_value) → replyTo (bad_reply_topic) → unknown_command → unknown_field
    ///   → operator, role, reason and the command's own fields (missing_field / wrong_type / invalid_value / out_of_range /
    ///   invalid_recipe) → unknown_operator → role_mismatch* → replay* → the command: the batch's own checks
    ///   (not_permitted*, wrong_state*, out_of_range*, …, recorded by the firmware), autotune (not_permitted*, wrong_state*),
    ///   record reads (not_found, storage_error)
    /// </code>
    /// * GMP-relevant refusals of an identified operator: they enter the audit trail (an OperatorAction entry, outcome
    /// Rejected, when a record is open) and the event topic. Replays of read-only commands are refused without a record.
    /// </remarks>
    public sealed partial class DeviceLink
    {
        /// <summary>Longest command id, characters.</summary>
        public const int MaximumCommandIdLength = 64;

        private const int CommandStart = 0;
        private const int CommandHold = 1;
        private const int CommandResume = 2;
        private const int CommandAbort = 3;
        private const int CommandClear = 4;
        private const int CommandConfirm = 5;
        private const int CommandSetPoint = 6;
        private const int CommandAck = 7;
        private const int CommandNote = 8;
        private const int CommandAutotuneStart = 9;
        private const int CommandAutotuneStop = 10;
        private const int CommandStatus = 11;
        private const int CommandRecords = 12;
        private const int CommandRecord = 13;

        private static readonly string[] CommandNames =
        {
            "start", "hold", "resume", "abort", "clear", "confirm", "setpoint", "ack", "note", "autotune-start", "autotune-stop",
            "status", "records", "record",
        };

        // The fields each command has besides the common ones (id, operator, role, reason, replyTo).
        private static readonly string[][] CommandFields =
        {
            new string[] { "batchId", "recipe" },
            new string[0],
            new string[0],
            new string[0],
            new string[0],
            new string[] { "text" },
            new string[] { "variable", "value" },
            new string[] { "alarm" },
            new string[] { "text" },
            new string[0],
            new string[0],
            new string[0],
            new string[0],
            new string[] { "record", "fromSequence", "maxEntries", "offset" },
        };

        private static readonly string[] CommonFields = { "id", "operator", "role", "reason", "replyTo" };

        private static readonly string[] VariableNames = { "temperatureCelsius", "co2Percent", "rockingRateRpm", "rockingAmplitudeDegrees" };

        // The command being run (record thread).
        private string _commandId;
        private string _commandName;
        private string _replyTopic;
        private byte[] _correlation;

        private void RunCommand(string topic, byte[] payload, string responseTopic, byte[] correlation, int flag, int length)
        {
            _commandId = null;
            _commandName = CommandNameOf(topic);
            _replyTopic = _defaultResponseTopic;
            _correlation = correlation;

            bool replyValid = true;
            if (responseTopic != null)
            {
                if (IsValidReplyTopic(responseTopic))
                {
                    _replyTopic = responseTopic;
                }
                else
                {
                    replyValid = false;
                }
            }

            if (flag == FlagTooLarge)
            {
                Refuse(ProtocolError.TooLarge, "the payload has " + InvariantNumber.FormatInteger(length) + " bytes; the limit is "
                    + InvariantNumber.FormatInteger(_maximumCommandBytes));
                return;
            }

            if (flag == FlagBusy)
            {
                Refuse(ProtocolError.Busy, "more than " + InvariantNumber.FormatInteger(_commandQueueCapacity)
                    + " commands are waiting; send it again later");
                return;
            }

            if (!replyValid)
            {
                Refuse(ProtocolError.BadReplyTopic, "the response topic must lie under " + _responsePrefix + " (no wildcards, at most "
                    + InvariantNumber.FormatInteger(MaximumReplyTopicLength) + " characters)");
                return;
            }

            JsonValue root = _reader.Parse(payload, 0, payload == null ? 0 : payload.Length);
            if (root == null)
            {
                Refuse(ProtocolError.InvalidJson, "the payload is not acceptable JSON: " + _reader.Error);
                return;
            }

            if (root.Kind != JsonKind.Object)
            {
                Refuse(ProtocolError.WrongType, "the payload must be a JSON object, got " + JsonValue.KindName(root.Kind));
                return;
            }

            string id;
            if (!RequireString(root, "id", out id))
            {
                return;
            }

            if (!IsCommandId(id))
            {
                Refuse(ProtocolError.InvalidValue, "id must be 1 to " + InvariantNumber.FormatInteger(MaximumCommandIdLength)
                    + " characters of A-Z, a-z, 0-9, '.', '_', '-', ':'");
                return;
            }

            _commandId = id;
            JsonValue replyTo = root.Get("replyTo");
            if (replyTo != null)
            {
                if (replyTo.Kind != JsonKind.String)
                {
                    Refuse(ProtocolError.WrongType, "replyTo must be a string, got " + JsonValue.KindName(replyTo.Kind));
                    return;
                }

                if (responseTopic == null)
                {
                    if (!IsValidReplyTopic(replyTo.StringValue))
                    {
                        Refuse(ProtocolError.BadReplyTopic, "replyTo must lie under " + _responsePrefix + " (no wildcards, at most "
                            + InvariantNumber.FormatInteger(MaximumReplyTopicLength) + " characters)");
                        return;
                    }

                    _replyTopic = replyTo.StringValue;
                }
            }

            int command = IndexOf(CommandNames, _commandName);
            if (command < 0)
            {
                Refuse(ProtocolError.UnknownCommand, "unknown command '" + Shorten(_commandName) + "'; the commands are start, hold, resume, "
                    + "abort, clear, confirm, setpoint, ack, note, autotune-start, autotune-stop, status, records, record");
                return;
            }

            for (int i = 0; i < root.Count; i++)
            {
                string name = root.GetName(i);
                if (IndexOf(CommonFields, name) < 0 && IndexOf(CommandFields[command], name) < 0)
                {
                    Refuse(ProtocolError.UnknownField, "command '" + _commandName + "' has no field '" + Shorten(name) + "'");
                    return;
                }
            }

            string operatorId;
            if (!RequireString(root, "operator", out operatorId))
            {
                return;
            }

            if (!TextRules.IsIdentifier(operatorId))
            {
                Refuse(ProtocolError.InvalidValue, "operator must be " + TextRules.IdentifierRule);
                return;
            }

            string roleName;
            if (!RequireString(root, "role", out roleName))
            {
                return;
            }

            OperatorRole role;
            if (!BatchNames.TryParseRole(roleName, out role))
            {
                Refuse(ProtocolError.InvalidValue, "role must be technician, qa or administrator");
                return;
            }

            string reason;
            if (!OptionalText(root, "reason", out reason))
            {
                return;
            }

            OperatorRequest request = null;
            long fromSequence = 0;
            long maxEntries = _maximumChunkEntries;
            long offsetHint = -1;
            string recordName = null;
            switch (command)
            {
                case CommandStart:
                    request = BuildStart(root, operatorId);
                    if (request == null)
                    {
                        return;
                    }

                    break;
                case CommandHold:
                case CommandAbort:
                case CommandClear:
                    if (reason == null)
                    {
                        Refuse(ProtocolError.MissingField, "'" + _commandName + "' needs a reason (" + TextRules.TextRule + ")");
                        return;
                    }

                    request = new OperatorRequest(command == CommandHold ? BatchAction.Hold : command == CommandAbort ? BatchAction.Abort
                        : BatchAction.Clear, operatorId);
                    break;
                case CommandResume:
                    request = new OperatorRequest(BatchAction.Resume, operatorId);
                    break;
                case CommandConfirm:
                    {
                        string text;
                        if (!OptionalText(root, "text", out text))
                        {
                            return;
                        }

                        request = OperatorRequest.ConfirmPhase(operatorId, text);
                        break;
                    }

                case CommandSetPoint:
                    request = BuildSetPoint(root, operatorId, reason);
                    if (request == null)
                    {
                        return;
                    }

                    break;
                case CommandAck:
                    {
                        string code;
                        if (!RequireString(root, "alarm", out code))
                        {
                            return;
                        }

                        int alarm = AlarmIndex(code);
                        if (alarm < 0)
                        {
                            Refuse(ProtocolError.InvalidValue, "alarm '" + Shorten(code) + "' is not an alarm code of this device (AlarmCatalog)");
                            return;
                        }

                        request = OperatorRequest.AcknowledgeAlarm(operatorId, (AlarmId)alarm);
                        break;
                    }

                case CommandNote:
                    {
                        string text;
                        if (!OptionalText(root, "text", out text))
                        {
                            return;
                        }

                        if (text == null)
                        {
                            Refuse(ProtocolError.MissingField, "'note' needs a text (" + TextRules.TextRule + ")");
                            return;
                        }

                        request = OperatorRequest.Note(operatorId, text);
                        break;
                    }

                case CommandRecord:
                    if (!RequireString(root, "record", out recordName))
                    {
                        return;
                    }

                    if (!RecordHeader.IsValidBatchId(recordName))
                    {
                        Refuse(ProtocolError.InvalidValue, "record must be a batch id (" + TextRules.IdentifierRule + ")");
                        return;
                    }

                    if (!RequireInteger(root, "fromSequence", true, 0, RecordFormat.MaxSequence, ref fromSequence)
                        || !RequireInteger(root, "maxEntries", false, 1, _maximumChunkEntries, ref maxEntries)
                        || !RequireInteger(root, "offset", false, 0, 9007199254740992L, ref offsetHint))
                    {
                        return;
                    }

                    break;
            }

            if (request != null)
            {
                request.Reason = reason;
            }

            // Identification and authority: the device's own directory decides who the sender is. It changes only through
            // the batch's ChangeConfiguration, i.e. on this thread: read here without the device lock.
            OperatorDirectory directory = _firmware.Batch.Operators;
            OperatorRole directoryRole = directory.GetRole(operatorId);
            string actionName = request != null ? BatchNames.ActionName(request.Action) : ActionNameOf(command);
            bool gmp = request != null || command == CommandAutotuneStart || command == CommandAutotuneStop;
            if (directoryRole == OperatorRole.None)
            {
                Refuse(ProtocolError.UnknownOperator, "operator '" + operatorId + "' is not in this device's operator directory");
                return;
            }

            if (directoryRole != role)
            {
                RefuseRecorded(gmp, operatorId, directoryRole, actionName, reason, ProtocolError.RoleMismatch, BatchResultCode.NotPermitted,
                    "operator '" + operatorId + "' has the role " + BatchNames.RoleName(directoryRole) + " on this device, not "
                    + BatchNames.RoleName(role));
                return;
            }

            if (IsRecentId(id))
            {
                RefuseRecorded(gmp, operatorId, directoryRole, actionName, reason, ProtocolError.Replay, BatchResultCode.InvalidRequest,
                    "command id '" + id + "' was already used among the last " + InvariantNumber.FormatInteger(_recentIds.Length)
                    + " commands (a replay or a duplicate delivery)");
                return;
            }

            RememberId(id);
            if (request != null)
            {
                ExecuteBatch(request);
                return;
            }

            switch (command)
            {
                case CommandAutotuneStart:
                case CommandAutotuneStop:
                    Autotune(command == CommandAutotuneStart, operatorId, directoryRole, actionName, reason);
                    return;
                case CommandStatus:
                    RespondStatus();
                    return;
                case CommandRecords:
                    RespondRecords();
                    return;
                default:
                    RespondChunk(recordName, fromSequence, offsetHint, (int)maxEntries);
                    return;
            }
        }

        private OperatorRequest BuildStart(JsonValue root, string operatorId)
        {
            string batchId;
            string recipeText;
            if (!RequireString(root, "batchId", out batchId) || !RequireString(root, "recipe", out recipeText))
            {
                return null;
            }

            if (!RecordHeader.IsValidBatchId(batchId))
            {
                RefuseInBuilder(ProtocolError.InvalidValue, "batchId must be " + TextRules.IdentifierRule);
                return null;
            }

            Recipe recipe;
            ValidationResult parsed = RecipeText.Parse(recipeText, out recipe);
            if (!parsed.IsValid)
            {
                RefuseInBuilder(ProtocolError.InvalidRecipe, "the recipe is invalid: " + parsed.Text);
                return null;
            }

            return OperatorRequest.Start(operatorId, recipe, batchId);
        }

        private OperatorRequest BuildSetPoint(JsonValue root, string operatorId, string reason)
        {
            string variableName;
            if (!RequireString(root, "variable", out variableName))
            {
                return null;
            }

            int variable = IndexOf(VariableNames, variableName);
            if (variable < 0)
            {
                RefuseInBuilder(ProtocolError.InvalidValue, "variable must be temperatureCelsius, co2Percent, rockingRateRpm or "
                    + "rockingAmplitudeDegrees");
                return null;
            }

            JsonValue value = root.Get("value");
            if (value == null)
            {
                RefuseInBuilder(ProtocolError.MissingField, "'setpoint' needs a value (a number in the variable's unit)");
                return null;
            }

            if (value.Kind != JsonKind.Number)
            {
                RefuseInBuilder(ProtocolError.WrongType, "value must be a number, got " + JsonValue.KindName(value.Kind));
                return null;
            }

            // The reader refuses NaN and infinities; checked again here because the batch layer's limits compare the value
            // (on nanoCLR NaN > maximum is true).
            if (!Finite.Is(value.NumberValue))
            {
                RefuseInBuilder(ProtocolError.InvalidValue, "value must be a finite number, got " + InvariantNumber.Format(value.NumberValue, 3));
                return null;
            }

            if (reason == null)
            {
                RefuseInBuilder(ProtocolError.MissingField, "'setpoint' needs a reason (" + TextRules.TextRule + ")");
                return null;
            }

            return OperatorRequest.ChangeSetPoint(operatorId, (BatchVariable)(variable + 1), value.NumberValue, reason);
        }

        private void RefuseInBuilder(ProtocolError error, string message)
        {
            Refuse(error, message);
        }

        // ---------------------------------------------------------------- execution

        private void ExecuteBatch(OperatorRequest request)
        {
            BatchResult result = _firmware.Execute(request);
            if (result.IsAccepted)
            {
                Accept(result.Message, result.EventSequence);
                return;
            }

            BeginRefusal(MapResult(result.Code), result.Message);
            _commandWriter.Name("batchResult");
            _commandWriter.String(BatchNames.ResultName(result.Code));
            _commandWriter.Name("batchEvent");
            _commandWriter.Integer(result.EventSequence);
            EndRefusal();
        }

        private void Autotune(bool start, string operatorId, OperatorRole role, string actionName, string reason)
        {
            // Tuning changes the controller: the roles that change set points may run it (OperatorPermissions: technician, administrator).
            if (!OperatorPermissions.IsPermitted(role, BatchAction.ChangeSetPoint))
            {
                RefuseRecorded(true, operatorId, role, actionName, reason, ProtocolError.NotPermitted, BatchResultCode.NotPermitted,
                    "the " + BatchNames.RoleName(role) + " role may not run an autotune (allowed for: technician, administrator)");
                return;
            }

            bool done = start ? _firmware.StartTemperatureAutotune() : _firmware.CancelTemperatureAutotune();
            if (!done)
            {
                RefuseRecorded(true, operatorId, role, actionName, reason, ProtocolError.WrongState, BatchResultCode.WrongState, start
                    ? "an autotune needs temperature control on (a batch running) and no autotune active"
                    : "no autotune is active");
                return;
            }

            _firmware.RecordAction(operatorId, role, actionName, "temperature", reason);
            Accept(start ? "temperature autotune started" : "temperature autotune cancelled; the previous tunings are in force", 0);
        }

        private void RespondStatus()
        {
            // A fresh status (under the device lock; the observer copies it into the snapshot), formatted from the copy.
            _firmware.RefreshStatus();
            JsonWriter w = BeginResponse(true);
            lock (_sync)
            {
                w.Name("device");
                w.String(_deviceId);
                w.Name("firmware");
                w.String(_firmwareVersion);
                w.Name("state");
                w.BeginObject();
                WriteState(w, 0, true);
                w.EndObject();
                w.Name("telemetry");
                w.BeginObject();
                WriteTelemetryMembers(w);
                w.EndObject();
                w.Name("link");
                w.BeginObject();
                w.Name("commandsReceived");
                w.Integer(CommandsReceived);
                w.Name("commandsAccepted");
                w.Integer(CommandsAccepted);
                w.Name("commandsRefused");
                w.Integer(CommandsRefused);
                w.Name("eventsDropped");
                w.Integer(_eventsDropped);
                w.Name("eventsPending");
                w.Integer(_eventCount);
                w.Name("connects");
                w.Integer(Connects);
                w.EndObject();
            }

            CommandsAccepted++;
            LastError = ProtocolError.None;
            EndResponse();
        }

        private void RespondRecords()
        {
            string[] names = _storage.ListRecords();
            string open = _storage.OpenRecordName;
            JsonWriter w = BeginResponse(true);
            w.Name("records");
            w.BeginArray();
            int listed = 0;
            for (int i = 0; i < names.Length; i++)
            {
                // Leave room for the closing members: a response never exceeds its buffer.
                if (w.Length > _responseScratch.Length - 256)
                {
                    break;
                }

                w.BeginObject();
                w.Name("name");
                w.String(names[i]);
                w.Name("length");
                w.Integer(_storage.RecordLength(names[i]));
                w.Name("open");
                w.Boolean(names[i] == open);
                w.EndObject();
                listed++;
            }

            w.EndArray();
            w.Name("count");
            w.Integer(listed);
            w.Name("truncated");
            w.Boolean(listed < names.Length);
            CommandsAccepted++;
            LastError = ProtocolError.None;
            EndResponse();
        }

        private void RespondChunk(string recordName, long fromSequence, long offsetHint, int maxEntries)
        {
            if (!_chunks.ReadChunk(recordName, fromSequence, offsetHint, maxEntries))
            {
                if (_chunks.Error == RecordStorageError.NotFound || _chunks.Error == RecordStorageError.InvalidArgument)
                {
                    Refuse(ProtocolError.NotFound, "no record '" + recordName + "' on this device (see the records command)");
                }
                else
                {
                    Refuse(ProtocolError.StorageError, "reading record '" + recordName + "' failed");
                }

                return;
            }

            RecordChunkReader c = _chunks;
            JsonWriter w = BeginResponse(true);
            w.Name("record");
            w.String(recordName);
            w.Name("length");
            w.Integer(c.RecordLength);
            w.Name("open");
            w.Boolean(recordName == _storage.OpenRecordName);
            w.Name("first");
            w.Integer(c.FirstSequence);
            w.Name("count");
            w.Integer(c.Count);
            w.Name("start");
            w.Integer(c.StartPosition);
            w.Name("searched");
            w.Boolean(c.Searched);
            w.Name("skippedBytes");
            w.Integer(c.SkippedBytes);
            w.Name("entries");
            w.BeginArray();
            for (int i = 0; i < c.Count; i++)
            {
                w.Base64(c.Buffer, c.FrameOffset(i), c.FrameLength(i));
            }

            w.EndArray();
            w.Name("next");
            w.BeginObject();
            w.Name("sequence");
            w.Integer(c.Count > 0 ? c.LastSequence + 1 : fromSequence);
            w.Name("offset");
            w.Integer(c.NextPosition);
            w.EndObject();
            w.Name("end");
            w.Boolean(c.Count == 0 || c.NextPosition >= c.RecordLength);
            CommandsAccepted++;
            LastError = ProtocolError.None;
            EndResponse();
        }

        // ---------------------------------------------------------------- responses

        private void Accept(string message, long batchEvent)
        {
            CommandsAccepted++;
            LastError = ProtocolError.None;
            JsonWriter w = BeginResponse(true);
            w.Name("message");
            w.String(message);
            w.Name("batchEvent");
            w.Integer(batchEvent);
            w.Name("state");
            lock (_sync)
            {
                // The status the firmware refreshed right after the command (its state after the command).
                w.String(BatchNames.StateName(_snapshot.Status.State));
            }

            EndResponse();
        }

        private void Refuse(ProtocolError error, string message)
        {
            BeginRefusal(error, message);
            EndRefusal();
        }

        private void RefuseRecorded(bool gmp, string operatorId, OperatorRole role, string actionName, string reason, ProtocolError error,
            BatchResultCode resultCode, string message)
        {
            if (gmp)
            {
                if (_firmware.RecordRefusal(operatorId, role, actionName, ProtocolNames.ErrorCode(error), reason, resultCode))
                {
                    RefusalsRecorded++;
                }

                QueueRefusal(operatorId, role, actionName, reason, error);
            }

            Refuse(error, message);
        }

        private void BeginRefusal(ProtocolError error, string message)
        {
            CommandsRefused++;
            LastError = error;
            JsonWriter w = BeginResponse(false);
            w.Name("error");
            w.BeginObject();
            w.Name("code");
            w.String(ProtocolNames.ErrorCode(error));
            w.Name("message");
            w.String(message);
        }

        private void EndRefusal()
        {
            _commandWriter.EndObject();
            EndResponse();
        }

        private JsonWriter BeginResponse(bool ok)
        {
            JsonWriter w = _commandWriter;
            w.Reset(_responseScratch, 0, _responseScratch.Length);
            w.BeginObject();
            w.Name("id");
            w.String(_commandId);
            w.Name("command");
            w.String(IndexOf(CommandNames, _commandName) >= 0 ? _commandName : null);
            w.Name("ok");
            w.Boolean(ok);
            return w;
        }

        private void EndResponse()
        {
            JsonWriter w = _commandWriter;
            w.EndObject();
            if (w.Overflowed)
            {
                // Only a pathological directory listing could get here; answer with a short error rather than a cut document.
                w.Reset(_responseScratch, 0, _responseScratch.Length);
                w.BeginObject();
                w.Name("id");
                w.String(_commandId);
                w.Name("ok");
                w.Boolean(false);
                w.Name("error");
                w.BeginObject();
                w.Name("code");
                w.String(ProtocolNames.ErrorCode(ProtocolError.StorageError));
                w.Name("message");
                w.String("the response does not fit the device's buffer");
                w.EndObject();
                w.EndObject();
            }

            byte[] body = new byte[w.Length];
            Array.Copy(_responseScratch, body, body.Length);
            EnqueueResponse(_replyTopic, body, _correlation);
        }

        // ---------------------------------------------------------------- field helpers

        private bool RequireString(JsonValue root, string name, out string value)
        {
            value = null;
            JsonValue v = root.Get(name);
            if (v == null)
            {
                Refuse(ProtocolError.MissingField, "'" + name + "' is required");
                return false;
            }

            if (v.Kind != JsonKind.String)
            {
                Refuse(ProtocolError.WrongType, "'" + name + "' must be a string, got " + JsonValue.KindName(v.Kind));
                return false;
            }

            value = v.StringValue;
            return true;
        }

        private bool OptionalText(JsonValue root, string name, out string value)
        {
            value = null;
            JsonValue v = root.Get(name);
            if (v == null)
            {
                return true;
            }

            if (v.Kind != JsonKind.String)
            {
                Refuse(ProtocolError.WrongType, "'" + name + "' must be a string, got " + JsonValue.KindName(v.Kind));
                return false;
            }

            if (!TextRules.IsText(v.StringValue, false) || IsBlank(v.StringValue))
            {
                Refuse(ProtocolError.InvalidValue, "'" + name + "' must be " + TextRules.TextRule + " and not blank");
                return false;
            }

            value = v.StringValue;
            return true;
        }

        private bool RequireInteger(JsonValue root, string name, bool required, long minimum, long maximum, ref long value)
        {
            JsonValue v = root.Get(name);
            if (v == null)
            {
                if (required)
                {
                    Refuse(ProtocolError.MissingField, "'" + name + "' is required");
                    return false;
                }

                return true;
            }

            // NaN first (the reader never makes one, but on nanoCLR NaN > maximum is true and NaN < minimum false).
            if (v.Kind != JsonKind.Number || double.IsNaN(v.NumberValue) || Math.Floor(v.NumberValue) != v.NumberValue)
            {
                Refuse(ProtocolError.WrongType, "'" + name + "' must be an integer");
                return false;
            }

            if (v.NumberValue < minimum || v.NumberValue > maximum)
            {
                Refuse(ProtocolError.OutOfRange, "'" + name + "' must be " + InvariantNumber.FormatInteger(minimum) + " to "
                    + InvariantNumber.FormatInteger(maximum));
                return false;
            }

            value = (long)v.NumberValue;
            return true;
        }

        private static bool IsBlank(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != ' ')
                {
                    return false;
                }
            }

            return true;
        }

        private static int IndexOf(string[] names, string name)
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int AlarmIndex(string code)
        {
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                if (AlarmCatalog.Code((AlarmId)i) == code)
                {
                    return i;
                }
            }

            return -1;
        }

        private static string ActionNameOf(int command)
        {
            switch (command)
            {
                case CommandAutotuneStart: return "AutotuneStart";
                case CommandAutotuneStop: return "AutotuneStop";
                case CommandStatus: return "Status";
                case CommandRecords: return "ListRecords";
                default: return "FetchRecord";
            }
        }

        private static ProtocolError MapResult(BatchResultCode code)
        {
            switch (code)
            {
                case BatchResultCode.WrongState:
                case BatchResultCode.NotAwaitingConfirmation:
                    return ProtocolError.WrongState;
                case BatchResultCode.UnknownOperator:
                case BatchResultCode.InvalidOperatorId:
                    return ProtocolError.UnknownOperator;
                case BatchResultCode.NotPermitted:
                    return ProtocolError.NotPermitted;
                case BatchResultCode.ReasonRequired:
                case BatchResultCode.TextRequired:
                    return ProtocolError.MissingField;
                case BatchResultCode.InvalidRecipe:
                case BatchResultCode.RecipeExceedsDevice:
                    return ProtocolError.InvalidRecipe;
                case BatchResultCode.InvalidVariable:
                case BatchResultCode.InvalidValue:
                case BatchResultCode.OutsideLimits:
                    return ProtocolError.OutOfRange;
                default:
                    return ProtocolError.InvalidValue;
            }
        }

        private string CommandNameOf(string topic)
        {
            if (topic == null || topic.Length <= _commandPrefix.Length)
            {
                return string.Empty;
            }

            for (int i = 0; i < _commandPrefix.Length; i++)
            {
                if (topic[i] != _commandPrefix[i])
                {
                    return string.Empty;
                }
            }

            return topic.Substring(_commandPrefix.Length);
        }

        private bool IsValidReplyTopic(string topic)
        {
            if (topic == null || topic.Length <= _responsePrefix.Length || topic.Length > MaximumReplyTopicLength)
            {
                return false;
            }

            for (int i = 0; i < _responsePrefix.Length; i++)
            {
                if (topic[i] != _responsePrefix[i])
                {
                    return false;
                }
            }

            for (int i = _responsePrefix.Length; i < topic.Length; i++)
            {
                char c = topic[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'
                    || (c == '/' && topic[i - 1] != '/' && i + 1 < topic.Length);
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsCommandId(string id)
        {
            if (id.Length == 0 || id.Length > MaximumCommandIdLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == ':';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        // Only the slots written so far are compared (see _recentIds).
        private bool IsRecentId(string id)
        {
            for (int i = 0; i < _recentCount; i++)
            {
                if (_recentIds[i] == id)
                {
                    return true;
                }
            }

            return false;
        }

        private void RememberId(string id)
        {
            _recentIds[_recentNext] = id;
            _recentNext = (_recentNext + 1) % _recentIds.Length;
            if (_recentCount < _recentIds.Length)
            {
                _recentCount++;
            }
        }

        private static string Shorten(string text)
        {
            if (text == null)
            {
                return string.Empty;
            }

            return text.Length <= 40 ? text : text.Substring(0, 40) + "...";
        }
    }
}
