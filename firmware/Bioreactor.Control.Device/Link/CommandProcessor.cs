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
    /// Runs the commands received (record thread): parsing, validation, authority, replay, execution and the response; the
    /// firmware applies a command's state change under the device lock, nothing else here takes it. What each command is
    /// comes from the table (<see cref="LinkCommand"/>); record listing and fetching from <see cref="RecordFetch"/>.
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
    internal sealed class CommandProcessor
    {
        /// <summary>Longest command id, characters.</summary>
        public const int MaximumCommandIdLength = 64;

        private static readonly string[] VariableNames = { "temperatureCelsius", "co2Percent", "rockingRateRpm", "rockingAmplitudeDegrees" };

        private readonly BioreactorFirmware _firmware;
        private readonly LinkSession _session;
        private readonly CommandInbox _inbox;
        private readonly RecordFetch _records;
        private readonly string _deviceId;
        private readonly string _firmwareVersion;
        private readonly int _maximumCommandBytes;
        private readonly int _commandQueueCapacity;
        private readonly int _maximumChunkEntries;
        private readonly string _commandPrefix;
        private readonly string _responsePrefix;
        private readonly string _defaultResponseTopic;
        private readonly JsonReader _reader;
        private readonly JsonWriter _commandWriter = new JsonWriter(0); // command responses: off the periodic path, no char cache
        private readonly byte[] _responseScratch;

        // Replay window: the last _recentCount ids (at most _recentIds.Length), the next written at _recentNext. Only the
        // slots in use are read (StringSlots).
        private readonly string[] _recentIds;
        private int _recentNext;
        private int _recentCount;

        // The command being run.
        private string _commandId;
        private string _commandName;
        private LinkCommand _command;
        private string _replyTopic;
        private byte[] _correlation;

        public CommandProcessor(BioreactorFirmware firmware, LinkSession session, CommandInbox inbox, IRecordStorage storage,
            DeviceLinkSettings settings, int responseBufferLength)
        {
            _firmware = firmware;
            _session = session;
            _inbox = inbox;
            _deviceId = settings.DeviceId;
            _firmwareVersion = settings.FirmwareVersion;
            _maximumCommandBytes = settings.MaximumCommandBytes;
            _commandQueueCapacity = settings.CommandQueueCapacity;
            _maximumChunkEntries = settings.RecordChunkMaximumEntries;
            _commandPrefix = TopicNames.Command(settings.DeviceId, string.Empty);
            _defaultResponseTopic = TopicNames.Of(settings.DeviceId, TopicNames.Response);
            _responsePrefix = _defaultResponseTopic + "/";
            _reader = new JsonReader(settings.MaximumCommandBytes, 8, 64);
            _responseScratch = new byte[responseBufferLength];
            _records = new RecordFetch(storage, settings.RecordChunkMaximumEntries, settings.RecordChunkMaximumBytes);
            _recentIds = StringSlots.Empty(settings.ReplayWindow);
        }

        /// <summary>Commands carried out.</summary>
        public long Accepted { get; private set; }

        /// <summary>Commands refused (by the link or the batch), each answered with an error.</summary>
        public long Refused { get; private set; }

        /// <summary>Refusals the link decided and wrote into the open record (role mismatch, not permitted, wrong state, replay).</summary>
        public long RefusalsRecorded { get; private set; }

        /// <summary>Commands whose processing threw inside the device (answered, counted; a bug when not 0).</summary>
        public long InternalErrors { get; private set; }

        /// <summary>The error of the last refused command (None when the last command was accepted).</summary>
        public ProtocolError LastError { get; private set; }

        /// <summary>
        /// Runs the commands received since the last call, in order. State changes go through the firmware, which takes the
        /// device lock for them only. Allocates nothing when no command came.
        /// </summary>
        public void RunAll()
        {
            string topic;
            byte[] payload;
            string responseTopic;
            byte[] correlation;
            int flag;
            int length;
            while (_inbox.TryTake(out topic, out payload, out responseTopic, out correlation, out flag, out length))
            {
                try
                {
                    Run(topic, payload, responseTopic, correlation, flag, length);
                }
                catch (Exception e)
                {
                    // A fault in a command path must never stop control or recording; the command is answered and counted.
                    InternalErrors++;
                    Refuse(ProtocolError.InvalidValue, "the command failed inside the device: " + e.Message);
                }
            }
        }

        private void Run(string topic, byte[] payload, string responseTopic, byte[] correlation, int flag, int length)
        {
            _commandId = null;
            _commandName = CommandNameOf(topic);
            _command = LinkCommand.Find(_commandName);
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

            if (flag == CommandInbox.FlagTooLarge)
            {
                Refuse(ProtocolError.TooLarge, "the payload has " + InvariantNumber.FormatInteger(length) + " bytes; the limit is "
                    + InvariantNumber.FormatInteger(_maximumCommandBytes));
                return;
            }

            if (flag == CommandInbox.FlagBusy)
            {
                Refuse(ProtocolError.Busy, "more than " + InvariantNumber.FormatInteger(_commandQueueCapacity)
                    + " commands are waiting; send it again later");
                return;
            }

            if (!replyValid)
            {
                Refuse(ProtocolError.BadReplyTopic, "the response topic must lie under " + _responsePrefix + " (no wildcards, at most "
                    + InvariantNumber.FormatInteger(DeviceLink.MaximumReplyTopicLength) + " characters)");
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
                            + InvariantNumber.FormatInteger(DeviceLink.MaximumReplyTopicLength) + " characters)");
                        return;
                    }

                    _replyTopic = replyTo.StringValue;
                }
            }

            LinkCommand command = _command;
            if (command == null)
            {
                Refuse(ProtocolError.UnknownCommand, "unknown command '" + Shorten(_commandName) + "'; the commands are " + LinkCommand.NameList);
                return;
            }

            for (int i = 0; i < root.Count; i++)
            {
                string name = root.GetName(i);
                if (!command.HasField(name))
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
            if (command.ChangesState)
            {
                request = BuildRequest(command.Action, root, operatorId, reason);
                if (request == null)
                {
                    return;
                }

                request.Reason = reason;
            }
            else if (command.Runs == LinkCommand.RunsRecordFetch)
            {
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
            }

            // Identification and authority: the device's own directory decides who the sender is. It changes only through
            // the batch's ChangeConfiguration, i.e. on this thread: read here without the device lock.
            OperatorDirectory directory = _firmware.Batch.Operators;
            OperatorRole directoryRole = directory.GetRole(operatorId);
            if (directoryRole == OperatorRole.None)
            {
                Refuse(ProtocolError.UnknownOperator, "operator '" + operatorId + "' is not in this device's operator directory");
                return;
            }

            if (directoryRole != role)
            {
                RefuseRecorded(request, ProtocolError.RoleMismatch, BatchResultCode.NotPermitted,
                    "operator '" + operatorId + "' has the role " + BatchNames.RoleName(directoryRole) + " on this device, not "
                    + BatchNames.RoleName(role));
                return;
            }

            if (IsRecentId(id))
            {
                RefuseRecorded(request, ProtocolError.Replay, BatchResultCode.InvalidRequest,
                    "command id '" + id + "' was already used among the last " + InvariantNumber.FormatInteger(_recentIds.Length)
                    + " commands (a replay or a duplicate delivery)");
                return;
            }

            RememberId(id);
            switch (command.Runs)
            {
                case LinkCommand.RunsBatchRequest:
                    ExecuteBatch(request);
                    return;
                case LinkCommand.RunsStatus:
                    RespondStatus();
                    return;
                case LinkCommand.RunsRecordList:
                    RespondRecords();
                    return;
                default:
                    RespondChunk(recordName, fromSequence, offsetHint, (int)maxEntries);
                    return;
            }
        }

        // The batch request of a batch command from its fields, or null when a field is refused (answered here).
        private OperatorRequest BuildRequest(BatchAction action, JsonValue root, string operatorId, string reason)
        {
            switch (action)
            {
                case BatchAction.Start:
                    return BuildStart(root, operatorId);
                case BatchAction.Hold:
                case BatchAction.Abort:
                case BatchAction.Clear:
                    if (reason == null)
                    {
                        Refuse(ProtocolError.MissingField, "'" + _commandName + "' needs a reason (" + TextRules.TextRule + ")");
                        return null;
                    }

                    return new OperatorRequest(action, operatorId);
                case BatchAction.ConfirmPhase:
                    {
                        string text;
                        return OptionalText(root, "text", out text) ? OperatorRequest.ConfirmPhase(operatorId, text) : null;
                    }

                case BatchAction.ChangeSetPoint:
                    return BuildSetPoint(root, operatorId, reason);
                case BatchAction.AcknowledgeAlarm:
                    {
                        string code;
                        if (!RequireString(root, "alarm", out code))
                        {
                            return null;
                        }

                        int alarm = AlarmIndex(code);
                        if (alarm < 0)
                        {
                            Refuse(ProtocolError.InvalidValue, "alarm '" + Shorten(code) + "' is not an alarm code of this device (AlarmCatalog)");
                            return null;
                        }

                        return OperatorRequest.AcknowledgeAlarm(operatorId, (AlarmId)alarm);
                    }

                case BatchAction.Note:
                    {
                        string text;
                        if (!OptionalText(root, "text", out text))
                        {
                            return null;
                        }

                        if (text == null)
                        {
                            Refuse(ProtocolError.MissingField, "'note' needs a text (" + TextRules.TextRule + ")");
                            return null;
                        }

                        return OperatorRequest.Note(operatorId, text);
                    }

                default:
                    return new OperatorRequest(action, operatorId);
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

        private void RespondStatus()
        {
            // A fresh status (under the device lock; the observer copies it into the snapshot), formatted from the copy.
            _firmware.RefreshStatus();
            JsonWriter w = BeginResponse(true);
            _session.WriteStatusAnswer(w, _deviceId, _firmwareVersion, _inbox.Received, Accepted, Refused);
            Accepted++;
            LastError = ProtocolError.None;
            EndResponse();
        }

        private void RespondRecords()
        {
            _records.WriteList(BeginResponse(true), _responseScratch.Length - 256);
            Accepted++;
            LastError = ProtocolError.None;
            EndResponse();
        }

        private void RespondChunk(string recordName, long fromSequence, long offsetHint, int maxEntries)
        {
            if (!_records.ReadChunk(recordName, fromSequence, offsetHint, maxEntries))
            {
                if (_records.NotFound)
                {
                    Refuse(ProtocolError.NotFound, "no record '" + recordName + "' on this device (see the records command)");
                }
                else
                {
                    Refuse(ProtocolError.StorageError, "reading record '" + recordName + "' failed");
                }

                return;
            }

            _records.WriteChunk(BeginResponse(true), recordName, fromSequence);
            Accepted++;
            LastError = ProtocolError.None;
            EndResponse();
        }

        // ---------------------------------------------------------------- responses

        private void Accept(string message, long batchEvent)
        {
            Accepted++;
            LastError = ProtocolError.None;
            JsonWriter w = BeginResponse(true);
            w.Name("message");
            w.String(message);
            w.Name("batchEvent");
            w.Integer(batchEvent);
            w.Name("state");

            // The status the firmware refreshed right after the command (its state after the command).
            w.String(BatchNames.StateName(_session.CapturedState));

            EndResponse();
        }

        private void Refuse(ProtocolError error, string message)
        {
            BeginRefusal(error, message);
            EndRefusal();
        }

        // A refusal the link decided: a command that changes state or enters the record (request not null) goes to the
        // firmware refused, so the batch layer records it like every other operator action (the audit trail, the event
        // topic); a read-only one is only answered.
        private void RefuseRecorded(OperatorRequest request, ProtocolError error, BatchResultCode resultCode, string message)
        {
            if (request != null)
            {
                bool recorded = _firmware.Record.IsOpen;
                request.RefuseAbove(resultCode, ProtocolNames.ErrorCode(error), message);
                _firmware.Execute(request);
                if (recorded)
                {
                    RefusalsRecorded++;
                }
            }

            Refuse(error, message);
        }

        private void BeginRefusal(ProtocolError error, string message)
        {
            Refused++;
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
            w.String(_command != null ? _commandName : null);
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
            _session.EnqueueResponse(_replyTopic, body, _correlation);
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
            if (topic == null || topic.Length <= _responsePrefix.Length || topic.Length > DeviceLink.MaximumReplyTopicLength)
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
