using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using System;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The link's session with the broker (docs/mqtt-protocol.md): the connection and its backoff, the announcement on every
    /// connect (availability, birth, state), and the outgoing queues (responses, events) and timers (state, telemetry),
    /// drained by the communication thread's <see cref="Service"/>.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   Offline ──attempt due──► Connect(will: availability "offline", retained) ──fail──► Offline, next attempt after
    ///      ▲                          │ ok                                                  a full-jitter backoff draw
    ///      │                          ▼
    ///      │                   Subscribe cmd/# ─► availability "online" (retained) ─► birth ─► state (retained)
    ///      │                          │
    ///      └──connection lost─── Online: responses, then events (in order), state when changed, telemetry when due
    /// </code>
    /// <para>Every message published carries "seq", one counter per link incremented per publish attempt, so a listener sees
    /// a gap when a message may have been lost. Events also carry "event", their own number, so a gap there means events were
    /// dropped from the full queue (counted in the state's eventsDropped). Telemetry is never queued: the record keeps the
    /// samples.</para>
    /// <para>The queues and the snapshot are guarded by one private lock, never held across a transport call and never held
    /// while the device lock is taken (the observer's calls come with the device lock held and take this one inside it).</para>
    /// <para>Its size (about 640 lines) is the state machine, both outgoing queues and the snapshot sharing one lock and
    /// one publish buffer; split apart they would share that lock across classes.</para>
    /// </remarks>
    internal sealed class LinkSession
    {
        private readonly object _sync = new object();
        private readonly IMqttTransport _transport;
        private readonly IClock _clock;
        private readonly LinkPayloads _payloads;
        private readonly ReconnectBackoff _backoff;
        private readonly int _telemetryPeriodMilliseconds;
        private readonly int _stateMinimumIntervalMilliseconds;

        private readonly string _availabilityTopic;
        private readonly string _birthTopic;
        private readonly string _stateTopic;
        private readonly string _telemetryTopic;
        private readonly string _eventTopic;
        private readonly string _commandFilter;
        private readonly string _clientId;
        private readonly byte[] _onlinePayload;
        private readonly byte[] _offlinePayload;

        private readonly JsonWriter _publishWriter = new JsonWriter();
        private readonly byte[] _publishBuffer;

        // Responses (record thread → communication thread), under _sync.
        private readonly string[] _responseTopic;
        private readonly byte[][] _responseBody;
        private readonly byte[][] _responseCorrelation;
        private int _responseStart;
        private int _responseCount;

        // Events (observer, under the device lock, or record thread → communication thread), under _sync; preallocated slots
        // filled in place.
        private readonly LinkEvent[] _events;
        private int _eventStart;
        private int _eventCount;
        private long _eventNumber;
        private long _eventsDropped;

        // When each alarm last changed state (observer, under the device lock; copied into the snapshot by Capture).
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
        /// Builds the session's topics, buffers and queues (settings validated by the caller); <paramref name="publishBufferLength"/>
        /// bytes hold the largest payload (a record chunk's response plus the sequence number).
        /// </summary>
        public LinkSession(IMqttTransport transport, IClock clock, MqttLinkSettings settings, uint jitterSeed, int publishBufferLength)
        {
            _transport = transport;
            _clock = clock;
            _telemetryPeriodMilliseconds = settings.TelemetryPeriodMilliseconds;
            _stateMinimumIntervalMilliseconds = settings.StateMinimumIntervalMilliseconds;
            _payloads = new LinkPayloads(settings.DeviceId, settings.FirmwareVersion, settings.SessionNonce,
                RecordTime.ToUnixMilliseconds(clock.UtcNow));

            _availabilityTopic = TopicNames.Of(settings.DeviceId, TopicNames.Availability);
            _birthTopic = TopicNames.Of(settings.DeviceId, TopicNames.Birth);
            _stateTopic = TopicNames.Of(settings.DeviceId, TopicNames.State);
            _telemetryTopic = TopicNames.Of(settings.DeviceId, TopicNames.Telemetry);
            _eventTopic = TopicNames.Of(settings.DeviceId, TopicNames.Event);
            _commandFilter = TopicNames.Command(settings.DeviceId, "#");
            _clientId = "bioreactor-" + settings.DeviceId;
            _onlinePayload = Utf8Text.GetBytes("online");
            _offlinePayload = Utf8Text.GetBytes("offline");

            _backoff = new ReconnectBackoff(settings.ReconnectMinimumMilliseconds, settings.ReconnectMaximumMilliseconds, jitterSeed);
            _publishBuffer = new byte[publishBufferLength];
            _responseTopic = StringSlots.Empty(settings.ResponseQueueCapacity);
            _responseBody = new byte[settings.ResponseQueueCapacity][];
            _responseCorrelation = new byte[settings.ResponseQueueCapacity][];
            _events = new LinkEvent[settings.EventQueueCapacity];
            for (int i = 0; i < _events.Length; i++)
            {
                _events[i] = new LinkEvent();
            }
        }

        // ---------------------------------------------------------------- counters

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

        public long ResponsesDropped { get; private set; }

        public long EventsPublished { get; private set; }

        public long MessagesPublished { get; private set; }

        public long PublishFailures { get; private set; }

        public long TelemetryPublished { get; private set; }

        public long StatePublished { get; private set; }

        public long ConnectAttempts { get; private set; }

        public long Connects { get; private set; }

        public long ConnectionLosses { get; private set; }

        /// <summary>Connected and announced: availability, birth and state published.</summary>
        public bool IsOnline
        {
            get { return _online && !_announce; }
        }

        public long NextConnectAttemptMilliseconds
        {
            get { return _nextAttemptMilliseconds; }
        }

        public long Sequence
        {
            get { return _sequence; }
        }

        // ---------------------------------------------------------------- fed by the observer and the record thread

        /// <summary>The firmware refreshed its status (observer, under the device lock): copies it; marks the state dirty when its part changed.</summary>
        public void Capture(DeviceStatus status)
        {
            lock (_sync)
            {
                LinkSnapshot s = _payloads.Snapshot;
                bool changed = !s.Valid || !s.Status.SameStateAs(status);
                s.Valid = true;
                s.Status.CopyFrom(status);
                if (s.EventsDropped != _eventsDropped)
                {
                    s.EventsDropped = _eventsDropped;
                    changed = true;
                }

                for (int i = 0; i < AlarmCatalog.Count; i++)
                {
                    s.AlarmSinceUtc[i] = _alarmSinceUtc[i];
                }

                if (changed)
                {
                    _stateDirty = true;
                }
            }
        }

        /// <summary>
        /// The record thread took the record's chain head (observer, without the device lock): copies it into the snapshot,
        /// for the telemetry's <c>record</c>. Allocates nothing.
        /// </summary>
        public void CaptureRecordHead(string batchId, long sequence, byte[] mac, bool closed)
        {
            lock (_sync)
            {
                _payloads.Snapshot.RecordHead.Set(batchId, sequence, mac, closed);
            }
        }

        /// <summary>Queues an alarm transition (observer, under the device lock): copies its fields (the firmware reuses the object).</summary>
        public void QueueAlarm(AlarmTransition transition, AlarmPriority priority, string operatorId)
        {
            long utc = RecordTime.ToUnixMilliseconds(_clock.UtcNow);
            if (AlarmCatalog.IsDefined(transition.Id))
            {
                _alarmSinceUtc[(int)transition.Id] = utc;
            }

            lock (_sync)
            {
                LinkEvent e = NextEvent(LinkEvent.KindAlarm, utc);
                e.Alarm.CopyFrom(transition);
                e.Priority = priority;
                e.OperatorId = operatorId;
            }
        }

        /// <summary>Queues a batch event (observer, under the device lock): copies its fields (the firmware reuses the object).</summary>
        public void QueueBatchEvent(BatchEvent batchEvent, string batchId)
        {
            long utc = RecordTime.ToUnixMilliseconds(_clock.UtcNow);
            lock (_sync)
            {
                LinkEvent e = NextEvent(LinkEvent.KindBatch, utc);
                e.Batch.CopyFrom(batchEvent);
                e.OperatorId = batchEvent.OperatorId;
                e.Role = batchEvent.Role;
                e.Reason = batchEvent.Reason;
                e.BatchId = batchId;
            }
        }

        /// <summary>The batch state of the last status copied (a command's answer: its state after the command).</summary>
        public BatchState CapturedState
        {
            get
            {
                lock (_sync)
                {
                    return _payloads.Snapshot.Status.State;
                }
            }
        }

        /// <summary>The status answer's members (record thread): state and telemetry from the snapshot, and the link's figures.</summary>
        public void WriteStatusAnswer(JsonWriter w, string deviceId, string firmwareVersion, long commandsReceived, long commandsAccepted,
            long commandsRefused)
        {
            lock (_sync)
            {
                w.Name("device");
                w.String(deviceId);
                w.Name("firmware");
                w.String(firmwareVersion);
                w.Name("session");
                w.String(_payloads.SessionNonce);
                w.Name("state");
                w.BeginObject();
                _payloads.WriteState(w, 0, true);
                w.EndObject();
                w.Name("telemetry");
                w.BeginObject();
                _payloads.WriteTelemetryMembers(w);
                w.EndObject();
                w.Name("link");
                w.BeginObject();
                w.Name("commandsReceived");
                w.Integer(commandsReceived);
                w.Name("commandsAccepted");
                w.Integer(commandsAccepted);
                w.Name("commandsRefused");
                w.Integer(commandsRefused);
                w.Name("eventsDropped");
                w.Integer(_eventsDropped);
                w.Name("eventsPending");
                w.Integer(_eventCount);
                w.Name("connects");
                w.Integer(Connects);
                w.EndObject();
            }
        }

        public void EnqueueResponse(string topic, byte[] body, byte[] correlation)
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
                if (!_payloads.Snapshot.Valid)
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
                stateDue = _stateDirty && _payloads.Snapshot.Valid;
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
                    _publishWriter.Reset(_publishBuffer, 0, _publishBuffer.Length);
                    LinkPayloads.WriteEvent(_publishWriter, _events[_eventStart], _sequence);
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
                _publishWriter.Reset(_publishBuffer, 0, _publishBuffer.Length);
                _payloads.WriteBirth(_publishWriter, _sequence, Connects);
            }

            return Send(_birthTopic, _publishBuffer, _publishWriter.Length, MqttQualityOfService.AtLeastOnce, false, null, null);
        }

        private bool PublishState(long now)
        {
            lock (_sync)
            {
                _sequence++;
                _publishWriter.Reset(_publishBuffer, 0, _publishBuffer.Length);
                _payloads.WriteState(_publishWriter, _sequence, false);
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
                if (!_payloads.Snapshot.Valid)
                {
                    return true;
                }

                _sequence++;
                _publishWriter.Reset(_publishBuffer, 0, _publishBuffer.Length);
                _payloads.WriteTelemetry(_publishWriter, _sequence);
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
    }
}
