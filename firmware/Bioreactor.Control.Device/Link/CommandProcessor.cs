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
    ///   read-only (status, records, record, signer): their fields → replay → the answer (not_found, storage_error, …)
    ///   signed: operator, meaning, signedAt, signature, reason and the command's own fields (missing_field / wrong_type /
    ///   invalid_value / out_of_range / invalid_recipe) → unknown_operator* → bad_signature* (counts toward the lockout)
    ///   → wrong_meaning* → replay* (the id, or a signedAt not after the operator's last) → the batch layer: locked_out*,
    ///   not_permitted*, wrong_state*, out_of_range*, …; autotune (not_permitted*, wrong_state*)
    /// </code>
    /// * Refusals of a signed command: they enter the audit trail (an OperatorAction entry, outcome Rejected, when a record
    /// is open) and the event topic, the claimed operator id included when unknown or the signature bad.
    /// </remarks>
    internal sealed class CommandProcessor
    {
        /// <summary>Longest command id, characters.</summary>
        public const int MaximumCommandIdLength = 64;

        // Largest signedAt: 2^53 - 1 ms, the largest integer a JSON number carries exactly (RFC 8259 §6).
        private const long MaximumSignedAt = 9007199254740991L;

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
        private readonly CommandResponse _response;

        private readonly ReplayWindow _recentIds;
        private readonly CommandFields _fields;
        private readonly SignatureCheck _signatures;
        private readonly string _sessionNonce;

        // The command being run.
        private string _commandName;

        public CommandProcessor(BioreactorFirmware firmware, LinkSession session, CommandInbox inbox, IRecordReader storage,
            MqttLinkSettings settings, int responseBufferLength)
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
            _response = new CommandResponse(session, responseBufferLength);
            _records = new RecordFetch(storage, settings.RecordChunkMaximumEntries, settings.RecordChunkMaximumBytes);
            _recentIds = new ReplayWindow(settings.ReplayWindow);
            _fields = new CommandFields(_response);
            _sessionNonce = settings.SessionNonce;
            _signatures = new SignatureCheck(settings.DeviceId, settings.SessionNonce, settings.MaximumCommandBytes);
        }

        /// <summary>Commands carried out.</summary>
        public long Accepted
        {
            get { return _response.Accepted; }
        }

        /// <summary>Commands refused (by the link or the batch), each answered with an error.</summary>
        public long Refused
        {
            get { return _response.Refused; }
        }

        /// <summary>Refusals the link decided (unknown operator, bad signature, wrong meaning, replay) that went into the open record.</summary>
        public long RefusalsRecorded { get; private set; }

        /// <summary>Commands whose processing threw inside the device (answered, counted; a bug when not 0).</summary>
        public long InternalErrors { get; private set; }

        /// <summary>The error of the last refused command (None when the last command was accepted).</summary>
        public ProtocolError LastError
        {
            get { return _response.LastError; }
        }

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
                    _response.Refuse(ProtocolError.InvalidValue, "the command failed inside the device: " + e.Message);
                }
            }
        }

        private void Run(string topic, byte[] payload, string responseTopic, byte[] correlation, int flag, int length)
        {
            _commandName = CommandNameOf(topic);
            LinkCommand command = LinkCommand.Find(_commandName);
            _response.Start(command != null ? _commandName : null, _defaultResponseTopic, correlation);

            bool replyValid = true;
            if (responseTopic != null)
            {
                if (IsValidReplyTopic(responseTopic))
                {
                    _response.ReplyTopic = responseTopic;
                }
                else
                {
                    replyValid = false;
                }
            }

            if (flag == CommandInbox.FlagTooLarge)
            {
                _response.Refuse(ProtocolError.TooLarge, "the payload has " + InvariantNumber.FormatInteger(length) + " bytes; the limit is "
                    + InvariantNumber.FormatInteger(_maximumCommandBytes));
                return;
            }

            if (flag == CommandInbox.FlagBusy)
            {
                _response.Refuse(ProtocolError.Busy, "more than " + InvariantNumber.FormatInteger(_commandQueueCapacity)
                    + " commands are waiting; send it again later");
                return;
            }

            if (!replyValid)
            {
                _response.Refuse(ProtocolError.BadReplyTopic, "the response topic must lie under " + _responsePrefix + " (no wildcards, at most "
                    + InvariantNumber.FormatInteger(MqttLink.MaximumReplyTopicLength) + " characters)");
                return;
            }

            JsonValue root = _reader.Parse(payload, 0, payload == null ? 0 : payload.Length);
            if (root == null)
            {
                _response.Refuse(ProtocolError.InvalidJson, "the payload is not acceptable JSON: " + _reader.Error);
                return;
            }

            if (root.Kind != JsonKind.Object)
            {
                _response.Refuse(ProtocolError.WrongType, "the payload must be a JSON object, got " + JsonValue.KindName(root.Kind));
                return;
            }

            string id;
            if (!_fields.RequireString(root, "id", out id))
            {
                return;
            }

            if (!IsCommandId(id))
            {
                _response.Refuse(ProtocolError.InvalidValue, "id must be 1 to " + InvariantNumber.FormatInteger(MaximumCommandIdLength)
                    + " characters of A-Z, a-z, 0-9, '.', '_', '-', ':'");
                return;
            }

            _response.Id = id;
            JsonValue replyTo = root.Get("replyTo");
            if (replyTo != null)
            {
                if (replyTo.Kind != JsonKind.String)
                {
                    _response.Refuse(ProtocolError.WrongType, "replyTo must be a string, got " + JsonValue.KindName(replyTo.Kind));
                    return;
                }

                if (responseTopic == null)
                {
                    if (!IsValidReplyTopic(replyTo.StringValue))
                    {
                        _response.Refuse(ProtocolError.BadReplyTopic, "replyTo must lie under " + _responsePrefix + " (no wildcards, at most "
                            + InvariantNumber.FormatInteger(MqttLink.MaximumReplyTopicLength) + " characters)");
                        return;
                    }

                    _response.ReplyTopic = replyTo.StringValue;
                }
            }

            if (command == null)
            {
                _response.Refuse(ProtocolError.UnknownCommand, "unknown command '" + CommandFields.Shorten(_commandName) + "'; the commands are " + LinkCommand.NameList);
                return;
            }

            for (int i = 0; i < root.Count; i++)
            {
                string name = root.GetName(i);
                if (!command.HasField(name))
                {
                    _response.Refuse(ProtocolError.UnknownField, "command '" + _commandName + "' has no field '" + CommandFields.Shorten(name) + "'");
                    return;
                }
            }

            if (!command.ChangesState)
            {
                RunReadOnly(command, root, id);
                return;
            }

            string operatorId;
            string meaningName;
            SignatureMeaning meaning;
            long signedAt = 0;
            string signature;
            string reason;
            if (!_fields.RequireString(root, "operator", out operatorId))
            {
                return;
            }

            if (!TextRules.IsIdentifier(operatorId))
            {
                _response.Refuse(ProtocolError.InvalidValue, "operator must be " + TextRules.IdentifierRule);
                return;
            }

            if (!_fields.RequireString(root, "meaning", out meaningName))
            {
                return;
            }

            if (!BatchNames.TryParseMeaning(meaningName, out meaning))
            {
                _response.Refuse(ProtocolError.InvalidValue, "meaning must be performed, reviewed, approved or released");
                return;
            }

            if (!_fields.RequireInteger(root, "signedAt", true, 0, MaximumSignedAt, ref signedAt)
                || !_fields.RequireString(root, "signature", out signature)
                || !_fields.OptionalText(root, "reason", out reason))
            {
                return;
            }

            OperatorRequest request = _fields.BuildRequest(command.Action, _commandName, root, operatorId, reason);
            if (request == null)
            {
                return;
            }

            request.Reason = reason;

            // Identification and authentication: the device's own directory says who holds which key. It changes only
            // through the batch's ChangeConfiguration, i.e. on this thread: read here without the device lock.
            OperatorDirectory directory = _firmware.Batch.Operators;
            if (directory.GetRole(operatorId) == OperatorRole.None)
            {
                RefuseRecorded(request, ProtocolError.UnknownOperator, BatchResultCode.UnknownOperator,
                    "operator '" + operatorId + "' is not in this device's operator directory");
                return;
            }

            string problem = _signatures.Verify(_commandName, root, signature, directory.GetCredential(operatorId));
            if (problem != null)
            {
                request.RefuseBadSignature(ProtocolNames.ErrorCode(ProtocolError.BadSignature), problem);
                RefuseRecorded(request, ProtocolError.BadSignature, BatchResultCode.NotPermitted, problem);
                return;
            }

            // Signed by the operator: the refusals below and the batch layer's show whose signature and its meaning.
            request.Signature = new OperatorSignature(meaning, directory.GetPrintedName(operatorId), signedAt, signature);
            if (!command.Allows(meaning))
            {
                RefuseRecorded(request, ProtocolError.WrongMeaning, BatchResultCode.NotPermitted, "'" + _commandName
                    + "' is signed with the meaning " + command.MeaningList + ", not " + meaningName);
                return;
            }

            if (_recentIds.Contains(id))
            {
                RefuseRecorded(request, ProtocolError.Replay, BatchResultCode.InvalidRequest, ReplayMessage(id));
                return;
            }

            long last = _signatures.LastSignedAt(operatorId);
            if (signedAt <= last)
            {
                RefuseRecorded(request, ProtocolError.Replay, BatchResultCode.InvalidRequest, "signedAt "
                    + InvariantNumber.FormatInteger(signedAt) + " is not after " + InvariantNumber.FormatInteger(last)
                    + ", the last signature accepted from '" + operatorId + "' since the device started (a replay, or sign again)");
                return;
            }

            _recentIds.Add(id);
            _signatures.Accept(operatorId, signedAt);
            ExecuteBatch(request);
        }

        // The unsigned commands: status, record list and fetch, signer. Their replays are refused without a record.
        private void RunReadOnly(LinkCommand command, JsonValue root, string id)
        {
            long fromSequence = 0;
            long maxEntries = _maximumChunkEntries;
            long offsetHint = -1;
            string recordName = null;
            string operatorId = null;
            if (command.Runs == LinkCommand.RunsRecordFetch)
            {
                if (!_fields.RequireString(root, "record", out recordName))
                {
                    return;
                }

                if (!RecordHeader.IsValidBatchId(recordName))
                {
                    _response.Refuse(ProtocolError.InvalidValue, "record must be a batch id (" + TextRules.IdentifierRule + ")");
                    return;
                }

                if (!_fields.RequireInteger(root, "fromSequence", true, 0, RecordFormat.MaxSequence, ref fromSequence)
                    || !_fields.RequireInteger(root, "maxEntries", false, 1, _maximumChunkEntries, ref maxEntries)
                    || !_fields.RequireInteger(root, "offset", false, 0, 9007199254740992L, ref offsetHint))
                {
                    return;
                }
            }
            else if (command.Runs == LinkCommand.RunsSigner)
            {
                if (!_fields.RequireString(root, "operator", out operatorId))
                {
                    return;
                }

                if (!TextRules.IsIdentifier(operatorId))
                {
                    _response.Refuse(ProtocolError.InvalidValue, "operator must be " + TextRules.IdentifierRule);
                    return;
                }
            }

            if (_recentIds.Contains(id))
            {
                _response.Refuse(ProtocolError.Replay, ReplayMessage(id));
                return;
            }

            _recentIds.Add(id);
            switch (command.Runs)
            {
                case LinkCommand.RunsStatus:
                    RespondStatus();
                    return;
                case LinkCommand.RunsRecordList:
                    RespondRecords();
                    return;
                case LinkCommand.RunsSigner:
                    RespondSigner(operatorId);
                    return;
                default:
                    RespondChunk(recordName, fromSequence, offsetHint, (int)maxEntries);
                    return;
            }
        }

        private string ReplayMessage(string id)
        {
            return "command id '" + id + "' was already used among the last " + InvariantNumber.FormatInteger(_recentIds.Capacity)
                + " commands (a replay or a duplicate delivery)";
        }

        // ---------------------------------------------------------------- execution

        private void ExecuteBatch(OperatorRequest request)
        {
            BatchResult result = _firmware.Execute(request);
            if (result.IsAccepted)
            {
                _response.Accept(result.Message, result.EventSequence, _session.CapturedState);
                return;
            }

            JsonWriter w = _response.BeginRefusal(MapResult(result.Code), result.Message);
            w.Name("batchResult");
            w.String(BatchNames.ResultName(result.Code));
            w.Name("batchEvent");
            w.Integer(result.EventSequence);
            _response.EndRefusal();
        }

        private void RespondStatus()
        {
            // A fresh status (under the device lock; the observer copies it into the snapshot), formatted from the copy.
            _firmware.RefreshStatus();
            long accepted = _response.Accepted;
            long refused = _response.Refused;
            JsonWriter w = _response.BeginAccepted();
            _session.WriteStatusAnswer(w, _deviceId, _firmwareVersion, _inbox.Received, accepted, refused);
            _response.End();
        }

        private void RespondSigner(string operatorId)
        {
            OperatorDirectory directory = _firmware.Batch.Operators;
            OperatorRole role = directory.GetRole(operatorId);
            if (role == OperatorRole.None)
            {
                _response.Refuse(ProtocolError.UnknownOperator, "operator '" + operatorId + "' is not in this device's operator directory");
                return;
            }

            OperatorCredential credential = directory.GetCredential(operatorId);
            if (credential == null)
            {
                _response.Refuse(ProtocolError.NotFound, "operator '" + operatorId + "' has no signing credential on this device (provision one)");
                return;
            }

            JsonWriter w = _response.BeginAccepted();
            w.Name("operator");
            w.String(operatorId);
            w.Name("name");
            w.String(directory.GetPrintedName(operatorId));
            w.Name("role");
            w.String(BatchNames.RoleName(role));
            w.Name("session");
            w.String(_sessionNonce);
            w.Name("algorithm");
            w.String(OperatorCredential.Scheme);
            w.Name("salt");
            w.String(HexText.Format(credential.Salt));
            w.Name("iterations");
            w.Integer(credential.Iterations);
            w.Name("locked");
            w.Boolean(_firmware.Batch.Lockout.IsLocked(operatorId));
            _response.End();
        }

        private void RespondRecords()
        {
            _records.WriteList(_response.BeginAccepted(), _response.Room, _firmware.RecordHead);
            _response.End();
        }

        private void RespondChunk(string recordName, long fromSequence, long offsetHint, int maxEntries)
        {
            if (!_records.ReadChunk(recordName, fromSequence, offsetHint, maxEntries))
            {
                if (_records.NotFound)
                {
                    _response.Refuse(ProtocolError.NotFound, "no record '" + recordName + "' on this device (see the records command)");
                }
                else
                {
                    _response.Refuse(ProtocolError.StorageError, "reading record '" + recordName + "' failed");
                }

                return;
            }

            _records.WriteChunk(_response.BeginAccepted(), recordName, fromSequence);
            _response.End();
        }

        // ---------------------------------------------------------------- refusals

        // A refusal the link decided on a signed command: it goes to the firmware refused, so the batch layer records it like
        // every other operator action (the audit trail, the event topic; a bad signature also counts toward the lockout).
        private void RefuseRecorded(OperatorRequest request, ProtocolError error, BatchResultCode resultCode, string message)
        {
            bool recorded = _firmware.Record.IsOpen;
            if (!request.BadSignature)
            {
                request.RefuseAbove(resultCode, ProtocolNames.ErrorCode(error), message);
            }

            _firmware.Execute(request);
            if (recorded)
            {
                RefusalsRecorded++;
            }

            _response.Refuse(error, message);
        }

        // ---------------------------------------------------------------- field helpers

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
                case BatchResultCode.LockedOut:
                    return ProtocolError.LockedOut;
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
            if (topic == null || topic.Length <= _responsePrefix.Length || topic.Length > MqttLink.MaximumReplyTopicLength)
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

    }
}
