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
    /// The device's MQTT interface (docs/mqtt-protocol.md): availability with a will, a birth message on every connect,
    /// retained state, periodic telemetry, events in order from a bounded queue, and commands answered on a response topic,
    /// checked against the device's operator directory. The same bytes on the ESP32 and the simulator: the link formats
    /// every payload; the board's <see cref="IMqttTransport"/> only moves them.
    /// </summary>
    /// <remarks>
    /// <para>Threads (see <see cref="BioreactorDevice"/>). The record thread runs the commands received
    /// (BioreactorDevice.ServiceRecord calls <see cref="RunCommands"/>: parsing, authority, the firmware's state changes under
    /// the device lock, record listing and fetching from storage, responses). The firmware's observer (<see cref="Observer"/>,
    /// which BioreactorDevice installs) queues events and copies the status snapshot, under the device lock, on the control
    /// thread (tick) or the record thread (command). The communication thread calls <see cref="Service"/> (it may block in
    /// Connect and Publish) and formats every payload. The transport's receive thread calls <see cref="OnMessage"/>, which
    /// only queues. The queues and the snapshot are guarded by one private lock, never held across a transport call and
    /// never held while the device lock is taken.</para>
    /// <para>Connection (Service):</para>
    /// <code>
    ///   Offline ──attempt due──► Connect(will: availability "offline", retained) ──fail──► Offline, next attempt after
    ///      ▲                          │ ok                                                  a full-jitter backoff draw
    ///      │                          ▼
    ///      │                   Subscribe cmd/# ─► availability "online" (retained) ─► birth ─► state (retained)
    ///      │                          │
    ///      └──connection lost─── Online: responses, then events (in order), state when changed, telemetry when due
    /// </code>
    /// <para>Every message the link publishes carries "seq", one counter per link incremented per publish attempt, so a
    /// listener sees a gap when a message may have been lost. Events also carry "event", their own number, so a gap there
    /// means events were dropped from the full queue (counted in the state's eventsDropped). Telemetry is never queued: the
    /// record keeps the samples. Commands are never retained (docs/architecture.md: Tasmota's ghost switching).</para>
    /// <para>Allocation: the observer, RunCommands and Service allocate nothing when no command came (numbers and constant
    /// strings are written into preallocated buffers, events into preallocated slots); a command and its response allocate.</para>
    /// </remarks>
    public sealed partial class DeviceLink : IMqttReceiver
    {
        /// <summary>The protocol version announced in the birth message.</summary>
        public const int ProtocolVersion = 1;

        /// <summary>Root of every topic: bioreactor/&lt;device id&gt;/.</summary>
        public const string TopicRoot = "bioreactor/";

        /// <summary>Longest response topic accepted, characters.</summary>
        public const int MaximumReplyTopicLength = 128;

        private const int FlagNormal = 0;
        private const int FlagTooLarge = 1;
        private const int FlagBusy = 2;

        private const int EventAlarm = 0;
        private const int EventBatch = 1;
        private const int EventRefusal = 2;

        private readonly object _sync = new object();
        private readonly BioreactorFirmware _firmware;
        private readonly IMqttTransport _transport;
        private readonly IRecordStorage _storage;
        private readonly IClock _clock;
        private readonly string _deviceId;
        private readonly string _firmwareVersion;
        private readonly int _telemetryPeriodMilliseconds;
        private readonly int _stateMinimumIntervalMilliseconds;
        private readonly int _maximumCommandBytes;
        private readonly int _commandQueueCapacity;
        private readonly int _maximumChunkEntries;

        private readonly string _availabilityTopic;
        private readonly string _birthTopic;
        private readonly string _stateTopic;
        private readonly string _telemetryTopic;
        private readonly string _eventTopic;
        private readonly string _commandFilter;
        private readonly string _commandPrefix;
        private readonly string _responsePrefix;
        private readonly string _defaultResponseTopic;
        private readonly string _clientId;
        private readonly byte[] _onlinePayload;
        private readonly byte[] _offlinePayload;

        private readonly ReconnectBackoff _backoff;
        private readonly JsonReader _reader;
        private readonly JsonWriter _commandWriter = new JsonWriter(0); // command responses: off the periodic path, no char cache
        private readonly byte[] _responseScratch;
        private readonly JsonWriter _publishWriter = new JsonWriter();
        private readonly byte[] _publishBuffer;
        private readonly RecordChunkReader _chunks;
        private readonly Snapshot _snapshot = new Snapshot();
        private readonly long _bootUtcMilliseconds;

        // Inbox (receive thread → record thread), under _sync. The string slots never hold null (on nanoCLR a null element
        // of a string[] compares non-null when read back): no response topic is kept as "" (MQTT topics are never empty),
        // and a slot taken is cleared with "".
        private readonly string[] _inTopic;
        private readonly byte[][] _inPayload;
        private readonly string[] _inResponseTopic;
        private readonly byte[][] _inCorrelation;
        private readonly int[] _inFlag;
        private readonly int[] _inLength;
        private int _inStart;
        private int _inCount;

        // Responses (record thread → communication thread), under _sync.
        private readonly string[] _responseTopic;
        private readonly byte[][] _responseBody;
        private readonly byte[][] _responseCorrelation;
        private int _responseStart;
        private int _responseCount;

        // Events (observer, under the device lock → communication thread), under _sync; preallocated slots filled in place.
        private readonly LinkEvent[] _events;
        private int _eventStart;
        private int _eventCount;
        private long _eventNumber;

        // Replay window (record thread): the last _recentCount ids (at most _recentIds.Length), the next written at
        // _recentNext. Only the slots in use are read: on nanoCLR a never-written slot of a new string[] compared with a
        // string can crash the interpreter (and a null element compares non-null), so the window also starts filled with "".
        private readonly string[] _recentIds;
        private int _recentNext;
        private int _recentCount;

        // Alarm bookkeeping from the observer (under the device lock).
        private readonly long[] _alarmSinceUtc = new long[AlarmCatalog.Count];

        // Communication thread.
        private bool _online;
        private bool _announce;
        private long _nextAttemptMilliseconds;
        private long _nextTelemetryMilliseconds;
        private long _lastStateMilliseconds;
        private bool _stateDirty;
        private long _sequence;

        /// <summary>
        /// Builds the link of <paramref name="firmware"/>; <see cref="BioreactorDevice"/> makes it the firmware's observer (compose
        /// the device before BioreactorDevice.StartUp to hear the resume's events). Allocates its buffers, event slots and
        /// topics here, and becomes the transport's receiver (<see cref="IMqttTransport.SetReceiver"/>).
        /// </summary>
        /// <param name="firmware">The firmware the commands act on.</param>
        /// <param name="transport">The board's MQTT client.</param>
        /// <param name="storage">The record storage (for listing and fetching records).</param>
        /// <param name="clock">The board's clock.</param>
        /// <param name="settings">Validated here.</param>
        /// <param name="jitterSeed">Seed of the backoff's jitter (use something device-specific, e.g. a hash of the MAC address).</param>
        public DeviceLink(BioreactorFirmware firmware, IMqttTransport transport, IRecordStorage storage, IClock clock,
            DeviceLinkSettings settings, uint jitterSeed)
        {
            if (firmware == null)
            {
                throw new ArgumentNullException("firmware");
            }

            if (transport == null)
            {
                throw new ArgumentNullException("transport");
            }

            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            settings.Validate();
            _firmware = firmware;
            _transport = transport;
            _storage = storage;
            _clock = clock;
            _deviceId = settings.DeviceId;
            _firmwareVersion = settings.FirmwareVersion;
            _telemetryPeriodMilliseconds = settings.TelemetryPeriodMilliseconds;
            _stateMinimumIntervalMilliseconds = settings.StateMinimumIntervalMilliseconds;
            _maximumCommandBytes = settings.MaximumCommandBytes;
            _commandQueueCapacity = settings.CommandQueueCapacity;
            _maximumChunkEntries = settings.RecordChunkMaximumEntries;

            string prefix = TopicRoot + _deviceId + "/";
            _availabilityTopic = prefix + "availability";
            _birthTopic = prefix + "birth";
            _stateTopic = prefix + "state";
            _telemetryTopic = prefix + "telemetry";
            _eventTopic = prefix + "event";
            _commandPrefix = prefix + "cmd/";
            _commandFilter = _commandPrefix + "#";
            _defaultResponseTopic = prefix + "response";
            _responsePrefix = _defaultResponseTopic + "/";
            _clientId = "bioreactor-" + _deviceId;
            _onlinePayload = Utf8Text.GetBytes("online");
            _offlinePayload = Utf8Text.GetBytes("offline");

            _backoff = new ReconnectBackoff(settings.ReconnectMinimumMilliseconds, settings.ReconnectMaximumMilliseconds, jitterSeed);
            _reader = new JsonReader(settings.MaximumCommandBytes, 8, 64);
            int chunkJson = JsonWriter.Base64Length(settings.RecordChunkMaximumBytes) + 3 * settings.RecordChunkMaximumEntries + 1024;
            _responseScratch = new byte[chunkJson > 8192 ? chunkJson : 8192];
            _publishBuffer = new byte[_responseScratch.Length + 64];
            _chunks = new RecordChunkReader(storage, settings.RecordChunkMaximumEntries, settings.RecordChunkMaximumBytes);

            int inbox = 2 * settings.CommandQueueCapacity;
            _inTopic = EmptyStrings(inbox);
            _inPayload = new byte[inbox][];
            _inResponseTopic = EmptyStrings(inbox);
            _inCorrelation = new byte[inbox][];
            _inFlag = new int[inbox];
            _inLength = new int[inbox];
            _responseTopic = EmptyStrings(settings.ResponseQueueCapacity);
            _responseBody = new byte[settings.ResponseQueueCapacity][];
            _responseCorrelation = new byte[settings.ResponseQueueCapacity][];
            _events = new LinkEvent[settings.EventQueueCapacity];
            for (int i = 0; i < _events.Length; i++)
            {
                _events[i] = new LinkEvent();
            }

            _recentIds = EmptyStrings(settings.ReplayWindow);
            _bootUtcMilliseconds = RecordTime.ToUnixMilliseconds(clock.UtcNow);

            Observer = new FirmwareObserver(this);
            transport.SetReceiver(this);
        }

        // A string array with every slot written (""): see the inbox and replay window fields.
        private static string[] EmptyStrings(int length)
        {
            var strings = new string[length];
            for (int i = 0; i < length; i++)
            {
                strings[i] = string.Empty;
            }

            return strings;
        }

        // ---------------------------------------------------------------- counters

        /// <summary>The firmware the commands act on.</summary>
        internal BioreactorFirmware Firmware
        {
            get { return _firmware; }
        }

        /// <summary>The firmware observer that feeds this link (events, status); BioreactorDevice installs it.</summary>
        internal IFirmwareObserver Observer { get; private set; }

        /// <summary>The device id (topic tree bioreactor/&lt;id&gt;/).</summary>
        public string DeviceId
        {
            get { return _deviceId; }
        }

        /// <summary>Commands received (every message on cmd/#).</summary>
        public long CommandsReceived { get; private set; }

        /// <summary>Commands carried out.</summary>
        public long CommandsAccepted { get; private set; }

        /// <summary>Commands refused (by the link or the batch), each answered with an error.</summary>
        public long CommandsRefused { get; private set; }

        /// <summary>Refusals the link decided and wrote into the open record (role mismatch, not permitted, wrong state, replay).</summary>
        public long RefusalsRecorded { get; private set; }

        /// <summary>Commands dropped without an answer because even the busy queue was full.</summary>
        public long CommandsDiscarded { get; private set; }

        /// <summary>Commands whose processing threw inside the device (answered, counted; a bug when not 0).</summary>
        public long InternalErrors { get; private set; }

        /// <summary>The error of the last refused command (None when the last command was accepted).</summary>
        public ProtocolError LastError { get; private set; }

        /// <summary>Events dropped because the queue was full (oldest first).</summary>
        public long EventsDropped
        {
            get
            {
                lock (_sync)
                {
                    return _eventsDropped;
                }
            }
        }

        /// <summary>Events waiting to be published.</summary>
        public int PendingEventCount
        {
            get
            {
                lock (_sync)
                {
                    return _eventCount;
                }
            }
        }

        /// <summary>Responses waiting to be published.</summary>
        public int PendingResponseCount
        {
            get
            {
                lock (_sync)
                {
                    return _responseCount;
                }
            }
        }

        /// <summary>Responses dropped because their queue was full.</summary>
        public long ResponsesDropped { get; private set; }

        /// <summary>Events published.</summary>
        public long EventsPublished { get; private set; }

        /// <summary>Messages handed to the transport successfully.</summary>
        public long MessagesPublished { get; private set; }

        /// <summary>Publish calls the transport refused.</summary>
        public long PublishFailures { get; private set; }

        /// <summary>Telemetry messages published.</summary>
        public long TelemetryPublished { get; private set; }

        /// <summary>State messages published.</summary>
        public long StatePublished { get; private set; }

        /// <summary>Connect calls made.</summary>
        public long ConnectAttempts { get; private set; }

        /// <summary>Successful connects (sessions started).</summary>
        public long Connects { get; private set; }

        /// <summary>Sessions lost (the transport said it was no longer connected).</summary>
        public long ConnectionLosses { get; private set; }

        /// <summary>
        /// True while a session is up and announced: its availability, birth and state published, so a client subscribing
        /// now finds the retained availability.
        /// </summary>
        public bool IsOnline
        {
            get { return _online && !_announce; }
        }

        /// <summary>Monotonic ms at or after which Service makes the next connect attempt (while offline).</summary>
        public long NextConnectAttemptMilliseconds
        {
            get { return _nextAttemptMilliseconds; }
        }

        /// <summary>The sequence number of the last message published (or attempted).</summary>
        public long Sequence
        {
            get { return _sequence; }
        }

        private long _eventsDropped;

        // ---------------------------------------------------------------- receive thread

        /// <summary>
        /// Queues a message from the transport (receive thread). Never blocks on the network and never throws; the command
        /// runs at the record thread's next <see cref="RunCommands"/>. Payloads over the size limit are dropped here and
        /// answered too_large; when the queue is full the command is answered busy.
        /// </summary>
        public void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
        {
            lock (_sync)
            {
                CommandsReceived++;
                if (_inCount == _inTopic.Length)
                {
                    CommandsDiscarded++;
                    return;
                }

                int length = payload == null ? 0 : payload.Length;
                int flag = FlagNormal;
                if (length > _maximumCommandBytes)
                {
                    flag = FlagTooLarge;
                }
                else if (_inCount >= _commandQueueCapacity)
                {
                    flag = FlagBusy;
                }

                int index = (_inStart + _inCount) % _inTopic.Length;
                _inTopic[index] = topic == null ? string.Empty : topic;
                _inPayload[index] = flag == FlagNormal ? payload : null;
                _inResponseTopic[index] = responseTopic == null ? string.Empty : responseTopic;
                _inCorrelation[index] = correlationData;
                _inFlag[index] = flag;
                _inLength[index] = length;
                _inCount++;
            }
        }

        /// <summary>The transport lost its session (receive thread): Service reconnects.</summary>
        public void OnConnectionLost()
        {
        }

        /// <summary>
        /// Communication thread, at an orderly shutdown or reboot: publishes availability "offline" (retained) and ends the
        /// session cleanly, so listeners see the device go away at once rather than when the broker gives up on it. Call it
        /// instead of Service, after the last Service call. Harmless when offline.
        /// </summary>
        public void GoOffline()
        {
            if (_transport.IsConnected)
            {
                Publish(_availabilityTopic, _offlinePayload, _offlinePayload.Length, MqttQualityOfService.AtLeastOnce, true, null, null);
                _transport.Disconnect();
            }

            _online = false;
        }

        // ---------------------------------------------------------------- record thread

        /// <summary>
        /// Record thread (BioreactorDevice.ServiceRecord): runs the commands received since the last call, in order. State
        /// changes go through the firmware, which takes the device lock for them only. Allocates nothing when no command came.
        /// </summary>
        internal void RunCommands()
        {
            string topic;
            byte[] payload;
            string responseTopic;
            byte[] correlation;
            int flag;
            int length;
            while (TakeCommand(out topic, out payload, out responseTopic, out correlation, out flag, out length))
            {
                try
                {
                    RunCommand(topic, payload, responseTopic, correlation, flag, length);
                }
                catch (Exception e)
                {
                    // A fault in a command path must never stop control or recording; the command is answered and counted.
                    InternalErrors++;
                    Refuse(ProtocolError.InvalidValue, "the command failed inside the device: " + e.Message);
                }
            }
        }

        private bool TakeCommand(out string topic, out byte[] payload, out string responseTopic, out byte[] correlation, out int flag,
            out int length)
        {
            lock (_sync)
            {
                if (_inCount == 0)
                {
                    topic = null;
                    payload = null;
                    responseTopic = null;
                    correlation = null;
                    flag = 0;
                    length = 0;
                    return false;
                }

                int i = _inStart;
                topic = _inTopic[i];
                payload = _inPayload[i];
                responseTopic = _inResponseTopic[i].Length == 0 ? null : _inResponseTopic[i];
                correlation = _inCorrelation[i];
                flag = _inFlag[i];
                length = _inLength[i];
                _inTopic[i] = string.Empty;
                _inPayload[i] = null;
                _inResponseTopic[i] = string.Empty;
                _inCorrelation[i] = null;
                _inStart = (_inStart + 1) % _inTopic.Length;
                _inCount--;
                return true;
            }
        }

        private void EnqueueResponse(string topic, byte[] body, byte[] correlation)
        {
            lock (_sync)
            {
                if (_responseCount == _responseBody.Length)
                {
                    _responseStart = (_responseStart + 1) % _responseBody.Length;
                    _responseCount--;
                    ResponsesDropped++;
                }

                int index = (_responseStart + _responseCount) % _responseBody.Length;
                _responseTopic[index] = topic;
                _responseBody[index] = body;
                _responseCorrelation[index] = correlation;
                _responseCount++;
            }
        }

        // The next event slot, numbered; the oldest is dropped and counted when the queue is full. Caller holds _sync.
        private LinkEvent NextEvent(int kind, long utcMilliseconds)
        {
            if (_eventCount == _events.Length)
            {
                _eventStart = (_eventStart + 1) % _events.Length;
                _eventCount--;
                _eventsDropped++;
            }

            LinkEvent e = _events[(_eventStart + _eventCount) % _events.Length];
            e.Clear();
            _eventNumber++;
            e.Number = _eventNumber;
            e.Kind = kind;
            e.UtcMilliseconds = utcMilliseconds;
            _eventCount++;
            return e;
        }

        // Observer, under the device lock: copies the transition's fields (the firmware reuses the value).
        private void OnAlarmTransition(AlarmTransition transition)
        {
            long utc = RecordTime.ToUnixMilliseconds(_clock.UtcNow);
            AlarmPriority priority = AlarmPriority.None;
            string operatorId = null;
            if (AlarmCatalog.IsDefined(transition.Id))
            {
                priority = _firmware.Controller.Alarms.GetDefinition(transition.Id).Priority;
                _alarmSinceUtc[(int)transition.Id] = utc;
                if (transition.Kind == AlarmTransitionKind.Acknowledged && transition.OperatorReference > 0
                    && transition.OperatorReference <= _firmware.Batch.Operators.Count)
                {
                    operatorId = _firmware.Batch.Operators.GetOperatorId(transition.OperatorReference - 1);
                }
            }

            lock (_sync)
            {
                LinkEvent e = NextEvent(EventAlarm, utc);
                e.Alarm.CopyFrom(transition);
                e.Priority = priority;
                e.OperatorId = operatorId;
            }
        }

        // Observer, under the device lock: copies the event's fields (the firmware reuses the value).
        private void OnBatchEvent(BatchEvent batchEvent)
        {
            long utc = RecordTime.ToUnixMilliseconds(_clock.UtcNow);
            string batchId = batchEvent.Kind == BatchEventKind.PhaseStarted || batchEvent.Kind == BatchEventKind.StateChanged
                ? _firmware.Batch.BatchId : null;
            lock (_sync)
            {
                LinkEvent e = NextEvent(EventBatch, utc);
                e.Batch.CopyFrom(batchEvent);
                e.OperatorId = batchEvent.OperatorId;
                e.Role = batchEvent.Role;
                e.Reason = batchEvent.Reason;
                e.BatchId = batchId;
            }
        }

        // A refusal the link decided and recorded (record thread).
        private void QueueRefusal(string operatorId, OperatorRole role, string actionName, string reason, ProtocolError error)
        {
            long utc = RecordTime.ToUnixMilliseconds(_clock.UtcNow);
            lock (_sync)
            {
                LinkEvent e = NextEvent(EventRefusal, utc);
                e.OperatorId = operatorId;
                e.Role = role;
                e.Command = actionName;
                e.Reason = reason;
                e.Error = error;
            }
        }

        // ---------------------------------------------------------------- communication thread

        /// <summary>
        /// Communication thread: connects when offline and the backoff has elapsed (on connect: subscribe to cmd/#, then
        /// availability online, birth and state), then publishes queued responses and events in order, the state when it
        /// changed and the telemetry when due. May block in the transport; allocates nothing in steady state.
        /// </summary>
        public void Service()
        {
            long now = _clock.MonotonicMilliseconds;
            lock (_sync)
            {
                // Nothing to announce before the firmware's first status: a birth and a retained state made from an empty
                // snapshot would tell late subscribers the device is idle at 0 °C, dated 1970.
                if (!_snapshot.Valid)
                {
                    return;
                }
            }

            if (!_transport.IsConnected)
            {
                if (_online)
                {
                    _online = false;
                    ConnectionLosses++;
                    _nextAttemptMilliseconds = now + _backoff.NextDelayMilliseconds();
                }

                if (now < _nextAttemptMilliseconds)
                {
                    return;
                }

                ConnectAttempts++;
                if (!_transport.Connect(_clientId, _availabilityTopic, _offlinePayload, MqttQualityOfService.AtLeastOnce, true))
                {
                    _nextAttemptMilliseconds = now + _backoff.NextDelayMilliseconds();
                    return;
                }

                if (!_transport.Subscribe(_commandFilter, MqttQualityOfService.AtLeastOnce))
                {
                    _transport.Disconnect();
                    _nextAttemptMilliseconds = now + _backoff.NextDelayMilliseconds();
                    return;
                }

                _backoff.Reset();
                _online = true;
                _announce = true;
                Connects++;
            }
            else if (!_online)
            {
                // Connected by someone else's call (or a transport that connects by itself): announce as after a connect.
                _online = true;
                _announce = true;
                Connects++;
            }

            if (_announce)
            {
                if (!Send(_availabilityTopic, _onlinePayload, _onlinePayload.Length, MqttQualityOfService.AtLeastOnce, true, null, null))
                {
                    return;
                }

                if (!PublishBirth() || !PublishState(now))
                {
                    return;
                }

                _announce = false;
            }

            if (!PublishResponses() || !PublishEvents())
            {
                return;
            }

            bool stateDue;
            lock (_sync)
            {
                stateDue = _stateDirty && _snapshot.Valid;
            }

            if (stateDue && now - _lastStateMilliseconds >= _stateMinimumIntervalMilliseconds)
            {
                if (!PublishState(now))
                {
                    return;
                }
            }

            if (now >= _nextTelemetryMilliseconds)
            {
                if (PublishTelemetry())
                {
                    _nextTelemetryMilliseconds = _nextTelemetryMilliseconds + _telemetryPeriodMilliseconds > now
                        ? _nextTelemetryMilliseconds + _telemetryPeriodMilliseconds
                        : now + _telemetryPeriodMilliseconds;
                }
            }
        }

        private bool PublishResponses()
        {
            while (true)
            {
                string topic;
                byte[] body;
                byte[] correlation;
                lock (_sync)
                {
                    if (_responseCount == 0)
                    {
                        return true;
                    }

                    topic = _responseTopic[_responseStart];
                    body = _responseBody[_responseStart];
                    correlation = _responseCorrelation[_responseStart];
                }

                // The body is a complete object {"id":…}; the sequence number goes first: {"seq":N,"id":…}.
                _sequence++;
                JsonWriter w = _publishWriter;
                w.Reset(_publishBuffer, 0, _publishBuffer.Length);
                w.BeginObject();
                w.Name("seq");
                w.Integer(_sequence);
                int count = w.Length;
                _publishBuffer[count++] = (byte)',';
                Array.Copy(body, 1, _publishBuffer, count, body.Length - 1);
                count += body.Length - 1;
                if (!Publish(topic, _publishBuffer, count, MqttQualityOfService.AtLeastOnce, false, null, correlation))
                {
                    return false;
                }

                lock (_sync)
                {
                    if (_responseCount > 0 && _responseBody[_responseStart] == body)
                    {
                        _responseBody[_responseStart] = null;
                        _responseCorrelation[_responseStart] = null;
                        _responseTopic[_responseStart] = string.Empty;
                        _responseStart = (_responseStart + 1) % _responseBody.Length;
                        _responseCount--;
                    }
                }
            }
        }

        private bool PublishEvents()
        {
            while (true)
            {
                long number;
                lock (_sync)
                {
                    if (_eventCount == 0)
                    {
                        return true;
                    }

                    _sequence++;
                    number = _events[_eventStart].Number;
                    WriteEvent(_publishWriter, _events[_eventStart], _sequence);
                }

                if (!Send(_eventTopic, _publishBuffer, _publishWriter.Length, MqttQualityOfService.AtLeastOnce, false, null, null))
                {
                    return false;
                }

                EventsPublished++;
                lock (_sync)
                {
                    if (_eventCount > 0 && _events[_eventStart].Number == number)
                    {
                        _events[_eventStart].Clear();
                        _eventStart = (_eventStart + 1) % _events.Length;
                        _eventCount--;
                    }
                }
            }
        }

        private bool PublishBirth()
        {
            lock (_sync)
            {
                _sequence++;
                WriteBirth(_publishWriter, _sequence);
            }

            return Send(_birthTopic, _publishBuffer, _publishWriter.Length, MqttQualityOfService.AtLeastOnce, false, null, null);
        }

        private bool PublishState(long now)
        {
            lock (_sync)
            {
                _sequence++;
                WriteState(_publishWriter, _sequence, false);
                _stateDirty = false;
            }

            if (!Send(_stateTopic, _publishBuffer, _publishWriter.Length, MqttQualityOfService.AtLeastOnce, true, null, null))
            {
                lock (_sync)
                {
                    _stateDirty = true;
                }

                return false;
            }

            _lastStateMilliseconds = now;
            StatePublished++;
            return true;
        }

        private bool PublishTelemetry()
        {
            lock (_sync)
            {
                if (!_snapshot.Valid)
                {
                    return true;
                }

                _sequence++;
                WriteTelemetry(_publishWriter, _sequence);
            }

            if (!Send(_telemetryTopic, _publishBuffer, _publishWriter.Length, MqttQualityOfService.AtMostOnce, false, null, null))
            {
                return false;
            }

            TelemetryPublished++;
            return true;
        }

        private bool Send(string topic, byte[] payload, int count, MqttQualityOfService quality, bool retain, string responseTopic,
            byte[] correlation)
        {
            if (_publishWriter.Overflowed && payload == _publishBuffer)
            {
                // Cannot happen with the sizes the constructor chose; never send a cut document.
                PublishFailures++;
                return true;
            }

            return Publish(topic, payload, count, quality, retain, responseTopic, correlation);
        }

        private bool Publish(string topic, byte[] payload, int count, MqttQualityOfService quality, bool retain, string responseTopic,
            byte[] correlation)
        {
            bool ok;
            try
            {
                ok = _transport.Publish(topic, payload, count, quality, retain, responseTopic, correlation);
            }
            catch (Exception)
            {
                // The port promises results, not exceptions; a transport that throws anyway is treated as a failed publish.
                ok = false;
            }

            if (ok)
            {
                MessagesPublished++;
            }
            else
            {
                PublishFailures++;
            }

            return ok;
        }

        // ---------------------------------------------------------------- types

        private sealed class FirmwareObserver : IFirmwareObserver
        {
            private readonly DeviceLink _link;

            public FirmwareObserver(DeviceLink link)
            {
                _link = link;
            }

            public void OnAlarmTransition(AlarmTransition transition)
            {
                _link.OnAlarmTransition(transition);
            }

            public void OnBatchEvent(BatchEvent batchEvent)
            {
                _link.OnBatchEvent(batchEvent);
            }

            public void OnStatus(DeviceStatus status)
            {
                _link.Capture(status);
            }
        }

        // One queued event: an alarm transition, a batch event, or a refusal the link recorded. A preallocated slot of the
        // event ring, filled in place under _sync (a class: on nanoCLR every load of a struct copies it onto the heap).
        private sealed class LinkEvent
        {
            public int Kind;
            public long Number;
            public long UtcMilliseconds;

            // Alarm transition (copied with AlarmTransition.CopyFrom; the firmware reuses its object) and its priority.
            public readonly AlarmTransition Alarm = new AlarmTransition();
            public AlarmPriority Priority;

            // Batch event (copied with BatchEvent.CopyFrom) and the batch it belongs to.
            public readonly BatchEvent Batch = new BatchEvent();
            public string BatchId;

            // Every kind: who (the acknowledging operator, the event's or the refusal's), and the refusal's fields.
            public string OperatorId;
            public OperatorRole Role;
            public string Reason;
            public string Command;
            public ProtocolError Error;

            // Forgets the strings the slot held.
            public void Clear()
            {
                Batch.Clear();
                BatchId = null;
                OperatorId = null;
                Reason = null;
                Command = null;
            }
        }
    }
}
