using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using System;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The device's MQTT interface (docs/mqtt-protocol.md): availability with a will, a birth message on every connect,
    /// retained state, periodic telemetry, events in order from a bounded queue, and commands answered on a response topic,
    /// checked against the device's operator directory. The same bytes on the ESP32 and the simulator: the link formats
    /// every payload; the board's <see cref="IMqttTransport"/> only moves them.
    /// </summary>
    /// <remarks>
    /// <para>Its parts, by responsibility:</para>
    /// <code>
    ///   transport's receive thread ─► CommandInbox ─► CommandProcessor (record thread: parse, check, run; the table of
    ///                                                  commands is LinkCommand, record answers RecordFetch)
    ///                                                       │ responses, recorded refusals
    ///   firmware's observer (device lock) ─ events, status ─►  LinkSession (communication thread: connection, backoff,
    ///                                                          announcement, queues; payloads written by LinkPayloads)
    /// </code>
    /// <para>Threads (see <see cref="BioreactorDevice"/>): the record thread calls <see cref="RunCommands"/>, the
    /// communication thread <see cref="Service"/> (it may block in Connect and Publish), the transport's receive thread
    /// <see cref="OnMessage"/>, which only queues. The firmware's observer (<see cref="Observer"/>, which BioreactorDevice
    /// installs) queues events and copies the status snapshot, under the device lock, on the control thread (tick) or the
    /// record thread (command), and copies the record's chain head on the record thread after it has written the record. Commands are never retained (docs/architecture.md: Tasmota's ghost switching).</para>
    /// <para>Allocation: the observer, RunCommands and Service allocate nothing when no command came (numbers and constant
    /// strings are written into preallocated buffers, events into preallocated slots); a command and its response allocate.</para>
    /// </remarks>
    public sealed class MqttLink : IMqttReceiver
    {
        /// <summary>The protocol version announced in the birth message.</summary>
        public const int ProtocolVersion = 1;

        /// <summary>Root of every topic: bioreactor/&lt;device id&gt;/.</summary>
        public const string TopicRoot = TopicNames.Root;

        /// <summary>Longest response topic accepted, characters.</summary>
        public const int MaximumReplyTopicLength = 128;

        private readonly BioreactorFirmware _firmware;
        private readonly string _deviceId;
        private readonly string _sessionNonce;
        private readonly LinkSession _session;
        private readonly CommandInbox _inbox;
        private readonly CommandProcessor _commands;

        /// <summary>
        /// Builds the link of <paramref name="firmware"/>; <see cref="BioreactorDevice"/> makes it the firmware's observer (compose
        /// the device before BioreactorDevice.StartUp to hear the resume's events). Allocates its buffers, event slots and
        /// topics here, and becomes the transport's receiver (<see cref="IMqttTransport.SetReceiver"/>).
        /// </summary>
        /// <param name="firmware">The firmware the commands act on.</param>
        /// <param name="transport">The board's MQTT client.</param>
        /// <param name="storage">The record storage, read only (listing and fetching records).</param>
        /// <param name="clock">The board's clock.</param>
        /// <param name="settings">Validated here.</param>
        /// <param name="jitterSeed">Seed of the backoff's jitter (use something device-specific, e.g. a hash of the MAC address).</param>
        public MqttLink(BioreactorFirmware firmware, IMqttTransport transport, IRecordReader storage, IClock clock,
            MqttLinkSettings settings, uint jitterSeed)
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
            _deviceId = settings.DeviceId;

            // One response buffer fits the largest answer, a record chunk (base64 frames plus the members around them); the
            // publish buffer adds the sequence number put in front of it.
            int chunkJson = JsonWriter.Base64Length(settings.RecordChunkMaximumBytes) + 3 * settings.RecordChunkMaximumEntries + 1024;
            int responseBufferLength = chunkJson > 8192 ? chunkJson : 8192;
            _sessionNonce = settings.SessionNonce;
            _session = new LinkSession(transport, clock, settings, jitterSeed, responseBufferLength + 64);
            _inbox = new CommandInbox(settings.CommandQueueCapacity, settings.MaximumCommandBytes);
            _commands = new CommandProcessor(firmware, _session, _inbox, storage, settings, responseBufferLength);

            Observer = new FirmwareObserver(this);
            transport.SetReceiver(this);
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

        /// <summary>This start's session nonce, which every signed command covers (MqttLinkSettings.SessionNonce).</summary>
        public string SessionNonce
        {
            get { return _sessionNonce; }
        }

        /// <summary>Commands received (every message on cmd/#).</summary>
        public long CommandsReceived
        {
            get { return _inbox.Received; }
        }

        /// <summary>Commands carried out.</summary>
        public long CommandsAccepted
        {
            get { return _commands.Accepted; }
        }

        /// <summary>Commands refused (by the link or the batch), each answered with an error.</summary>
        public long CommandsRefused
        {
            get { return _commands.Refused; }
        }

        /// <summary>Refusals the link decided (unknown operator, bad signature, wrong meaning, replay) that went into the open record.</summary>
        public long RefusalsRecorded
        {
            get { return _commands.RefusalsRecorded; }
        }

        /// <summary>Commands dropped without an answer because even the busy queue was full.</summary>
        public long CommandsDiscarded
        {
            get { return _inbox.Discarded; }
        }

        /// <summary>Commands whose processing threw inside the device (answered, counted; a bug when not 0).</summary>
        public long InternalErrors
        {
            get { return _commands.InternalErrors; }
        }

        /// <summary>The error of the last refused command (None when the last command was accepted).</summary>
        public ProtocolError LastError
        {
            get { return _commands.LastError; }
        }

        /// <summary>Events dropped because the queue was full (oldest first).</summary>
        public long EventsDropped
        {
            get { return _session.EventsDropped; }
        }

        /// <summary>Events waiting to be published.</summary>
        public int PendingEventCount
        {
            get { return _session.PendingEventCount; }
        }

        /// <summary>Responses waiting to be published.</summary>
        public int PendingResponseCount
        {
            get { return _session.PendingResponseCount; }
        }

        /// <summary>Responses dropped because their queue was full.</summary>
        public long ResponsesDropped
        {
            get { return _session.ResponsesDropped; }
        }

        /// <summary>Events published.</summary>
        public long EventsPublished
        {
            get { return _session.EventsPublished; }
        }

        /// <summary>Messages handed to the transport successfully.</summary>
        public long MessagesPublished
        {
            get { return _session.MessagesPublished; }
        }

        /// <summary>Publish calls the transport refused.</summary>
        public long PublishFailures
        {
            get { return _session.PublishFailures; }
        }

        /// <summary>Telemetry messages published.</summary>
        public long TelemetryPublished
        {
            get { return _session.TelemetryPublished; }
        }

        /// <summary>State messages published.</summary>
        public long StatePublished
        {
            get { return _session.StatePublished; }
        }

        /// <summary>Connect calls made.</summary>
        public long ConnectAttempts
        {
            get { return _session.ConnectAttempts; }
        }

        /// <summary>Successful connects (sessions started).</summary>
        public long Connects
        {
            get { return _session.Connects; }
        }

        /// <summary>Sessions lost (the transport said it was no longer connected).</summary>
        public long ConnectionLosses
        {
            get { return _session.ConnectionLosses; }
        }

        /// <summary>
        /// True while a session is up and announced: its availability, birth and state published, so a client subscribing
        /// now finds the retained availability.
        /// </summary>
        public bool IsOnline
        {
            get { return _session.IsOnline; }
        }

        /// <summary>Monotonic ms at or after which Service makes the next connect attempt (while offline).</summary>
        public long NextConnectAttemptMilliseconds
        {
            get { return _session.NextConnectAttemptMilliseconds; }
        }

        /// <summary>The sequence number of the last message published (or attempted).</summary>
        public long Sequence
        {
            get { return _session.Sequence; }
        }

        // ---------------------------------------------------------------- threads

        /// <summary>
        /// Queues a message from the transport (receive thread). Never blocks on the network and never throws; the command
        /// runs at the record thread's next <see cref="RunCommands"/>. Payloads over the size limit are dropped here and
        /// answered too_large; when the queue is full the command is answered busy.
        /// </summary>
        public void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
        {
            _inbox.Add(topic, payload, responseTopic, correlationData);
        }

        /// <summary>The transport lost its session (receive thread): Service reconnects.</summary>
        public void OnConnectionLost()
        {
        }

        /// <summary>
        /// Record thread (BioreactorDevice.ServiceRecord): runs the commands received since the last call, in order.
        /// Allocates nothing when no command came.
        /// </summary>
        internal void RunCommands()
        {
            _commands.RunAll();
        }

        /// <summary>
        /// Communication thread: connects when offline and the backoff has elapsed, announces, then publishes queued
        /// responses and events in order, the state when it changed and the telemetry when due (<see cref="LinkSession"/>).
        /// May block in the transport; allocates nothing in steady state.
        /// </summary>
        public void Service()
        {
            _session.Service();
        }

        /// <summary>
        /// Communication thread, at an orderly shutdown or reboot: publishes availability "offline" (retained) and ends the
        /// session cleanly, so listeners see the device go away at once rather than when the broker gives up on it. Call it
        /// instead of Service, after the last Service call. Harmless when offline.
        /// </summary>
        public void GoOffline()
        {
            _session.GoOffline();
        }

        // The firmware's observer: runs under the device lock (control thread at a tick, record thread after a command), so it
        // reads the firmware's directory and alarm definitions directly and hands the session plain values.
        private sealed class FirmwareObserver : IFirmwareObserver
        {
            private readonly MqttLink _link;

            public FirmwareObserver(MqttLink link)
            {
                _link = link;
            }

            public void OnAlarmTransition(AlarmTransition transition)
            {
                BioreactorFirmware firmware = _link._firmware;
                AlarmPriority priority = AlarmPriority.None;
                string operatorId = null;
                if (AlarmCatalog.IsDefined(transition.Id))
                {
                    priority = firmware.Controller.Alarms.GetDefinition(transition.Id).Priority;
                    if (transition.Kind == AlarmTransitionKind.Acknowledged && transition.OperatorReference > 0
                        && transition.OperatorReference <= firmware.Batch.Operators.Count)
                    {
                        operatorId = firmware.Batch.Operators.GetOperatorId(transition.OperatorReference - 1);
                    }
                }

                _link._session.QueueAlarm(transition, priority, operatorId);
            }

            public void OnBatchEvent(BatchEvent batchEvent)
            {
                string batchId = batchEvent.Kind == BatchEventKind.PhaseStarted || batchEvent.Kind == BatchEventKind.StateChanged
                    ? _link._firmware.Batch.BatchId : null;
                _link._session.QueueBatchEvent(batchEvent, batchId);
            }

            public void OnStatus(DeviceStatus status)
            {
                _link._session.Capture(status);
            }

            // Record thread, without the device lock (IFirmwareObserver.OnRecordHead).
            public void OnRecordHead(string batchId, long sequence, byte[] mac, bool closed)
            {
                _link._session.CaptureRecordHead(batchId, sequence, mac, closed);
            }
        }
    }
}
