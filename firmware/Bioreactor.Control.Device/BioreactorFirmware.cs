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
    /// The firmware's composition of control, batch and record, the same on both boards: it owns the
    /// <see cref="BioreactorController"/>, the <see cref="BatchController"/> and the <see cref="BatchRecordWriter"/>, applies
    /// the batch's set points, decides everything the GMP record needs (samples, alarm transitions, batch events, batch
    /// snapshots) as it happens, and hands it to the record thread through a bounded queue. A board runs it through
    /// <see cref="BioreactorDevice"/>, which calls <see cref="Tick"/> on the control thread and <see cref="ServiceRecord"/> on the
    /// record thread.
    /// </summary>
    /// <remarks>
    /// <para><b>Size.</b> About 900 lines: it is the one place where the control thread (the tick's record schedule, the
    /// drains, the status) and the record thread (writing each entry kind) meet, and the device lock's rules below hold
    /// only if both sides can be read together; the protocol, the queue, the status and the fault causes are already
    /// their own classes.</para>
    /// <para>Life cycle:</para>
    /// <code>
    ///   construct ──StartUp()──► storage holds an unclosed record?
    ///       yes: Scan ─► writer.Resume ─► controller.NotePowerRestored ─► batch.RestoreState ─► BatchRestored entry
    ///       no:  Idle (no record open, loops disabled)
    ///   Idle ──Execute(Start) accepted──► new record (header: device, firmware, recipe text, operator) ─► Running …
    ///   Complete / Aborted ──Execute(Clear) accepted──► Closing entry, record closed ─► Idle
    /// </code>
    /// <para>Threads and the device lock. Every change of control or batch state happens under one lock, the device lock:
    /// <see cref="Tick"/> holds it for its whole duration (control thread); <see cref="Execute"/>, the autotune commands and
    /// the protocol's refusals hold it only while they change state and queue their entries (record thread). Inside it:
    /// no storage access, no MAC, no text formatting; a command's critical section is the batch's own checks, the drains
    /// and a status fill. The record thread writes the queue's entries outside it (<see cref="ServiceRecord"/>): it alone
    /// touches the writer and the storage, so fetching a record never races the writer. Lock order: the device lock, then
    /// the queue's or the link's own lock, never the other way round.</para>
    /// <para>One tick (control thread): at the process rate (the controller's ProcessEveryTicks, between its thermal and gas
    /// steps) and at the next tick after a command, batch.Update(now) and, while the batch drives the process, its set
    /// points go to the controller (only when they changed) with the three loops enabled, else the loops are disabled;
    /// controller.Tick(); at the same rate the storage-failure alarm is evaluated from what the record thread last handed
    /// back (storage failing, entries lost, entries dropped from a full queue and not yet declared); alarm transitions and batch events are drained and queued;
    /// the status is refreshed when a sample is due, every <see cref="StatusPeriodMilliseconds"/> and after a transition or
    /// an event; a sample is queued when due; a batch snapshot after batch events and every
    /// <see cref="SnapshotPeriodMilliseconds"/>. The tick keeps its own record schedule (open, next sample, next snapshot)
    /// and never reads the writer. It allocates nothing.</para>
    /// <para>Record order: entries reach the record in the order they were queued, which is the order the synchronous
    /// firmware wrote them in (a command's entries follow whatever the control thread queued before it). A frame's time
    /// stamp is when the record thread wrote it, normally within a tick or two of the event; an alarm transition carries
    /// its own event time in its payload.</para>
    /// <para>A full queue (<see cref="RecordQueueCapacity"/> slots: the record thread stalled by slow storage) never blocks the
    /// tick: the entry is dropped and counted (<see cref="RecordEntriesDropped"/>), the RecordStorageFailure alarm (latched)
    /// is raised while the drop is not yet declared, and the record thread declares the dropped entries in the record, at
    /// the place they were dropped, with a StorageLoss entry (BatchRecordWriter.DeclareDropped): the verifier accepts the
    /// gap only with it.</para>
    /// <para>Power-loss safety is the writer's: an entry is durable once the record thread has flushed it, and
    /// <see cref="BatchRecordWriter.LastDurableSequence"/> still says exactly which. An entry still in the queue at a power
    /// cut was never durable and was never announced.</para>
    /// <para>Snapshot period 60 s: the batch's outage is measured from its last snapshot (BatchController.WriteState), so
    /// the period bounds how much powered time a power cut may count as outage; the record's size budget (Records/README.md:
    /// one 228-byte snapshot a minute over 14 days) sets the lower end.</para>
    /// </remarks>
    public sealed class BioreactorFirmware
    {
        /// <summary>How often a batch snapshot is written while a record is open, ms (see remarks).</summary>
        public const long SnapshotPeriodMilliseconds = 60000;

        /// <summary>
        /// How often the status is refreshed without a cause, ms: the protocol's shortest telemetry period and its minimum
        /// interval between two retained states are 1 s (MqttLinkSettings), so a fresher status would never be published.
        /// </summary>
        public const long StatusPeriodMilliseconds = 1000;

        /// <summary>
        /// Slots of the record queue. In steady state the queue holds at most a tick's entries (a sample every 10 s, a
        /// snapshot a minute, the occasional alarm or event); 32 covers a command's burst (header, action, state and phase
        /// changes, snapshot) on top of an alarm burst while the record thread waits out one SD card write timeout
        /// (250 ms, about 12 ticks: SD Physical Layer Simplified Specification). About 0.5 KB each.
        /// </summary>
        public const int RecordQueueCapacity = 32;

        private const string AutomaticCause = "automatic";
        private const string OperatorCause = "operator";

        private readonly object _sync = new object();
        private readonly IClock _clock;
        private readonly IRecordStorage _storage;
        private readonly IMessageAuthenticator _authenticator;
        // The author and reason of the configuration changes an autotune makes (WriteTunings).
        private const string AutotuneAuthor = "temperature-autotune";
        private const string AutotuneReason = "the temperature autotune succeeded and wrote the tunings it found into the cascade";
        // The author of a lockout (the device's signature check, not a person) and its reason (21 CFR 11.300(d)).
        private const string SignatureCheckAuthor = "signature-check";
        private const string LockoutReason = "consecutive bad signatures: an attempt at unauthorised use until shown otherwise";

        private readonly string _deviceId;
        private readonly string _firmwareVersion;
        private readonly RecordQueue _queue = new RecordQueue(RecordQueueCapacity);
        private readonly DeviceStatus _status = new DeviceStatus();
        private readonly RecordSample _sample = new RecordSample();

        // The record's chain head as the record thread last took it (ServiceRecord); the record thread's alone.
        private readonly RecordHead _head = new RecordHead();

        // The drains' reused objects (the safety and batch layers fill them).
        private readonly AlarmTransition _transition = new AlarmTransition();
        private readonly BatchEvent _event = new BatchEvent();

        // Control thread's record schedule, under the device lock.
        private bool _recordOpen;
        private long _nextSampleDueMilliseconds;
        private int _samplePeriodMilliseconds = RecordHeader.DefaultSamplePeriodMilliseconds;
        private bool _snapshotPending;
        private long _nextSnapshotMilliseconds;
        private bool _statusFilled;
        private long _nextStatusMilliseconds;
        private bool _startingUp;

        private bool _loopsEnabled;
        private double _appliedTemperatureCelsius = double.NaN;
        private double _appliedCo2Percent = double.NaN;
        private double _appliedRateRpm = double.NaN;
        private double _appliedAmplitudeDegrees = double.NaN;
        private readonly int _processEveryTicks;
        private readonly int _batchPhase;
        private readonly int _statusPhase;
        private long _tickCount;
        private bool _batchStepDue = true;

        // An autotune an operator started runs, and its result is still to be handled (WatchAutotune).
        private bool _autotuneWatched;

        /// <summary>Composes the firmware on a board's ports, record storage and record key.</summary>
        /// <param name="ports">The board's hardware.</param>
        /// <param name="controllerSettings">Loops and safety settings.</param>
        /// <param name="operators">The operator directory (the batch keeps a copy).</param>
        /// <param name="storage">Where records live.</param>
        /// <param name="authenticator">HMAC-SHA256 with the device's record key.</param>
        /// <param name="deviceId">The device's id for record headers (identifier rule).</param>
        /// <param name="firmwareVersion">The firmware version for record headers (identifier rule).</param>
        public BioreactorFirmware(BioreactorPorts ports, BioreactorControllerSettings controllerSettings, OperatorDirectory operators,
            IRecordStorage storage, IMessageAuthenticator authenticator, string deviceId, string firmwareVersion)
        {
            if (ports == null)
            {
                throw new ArgumentNullException("ports");
            }

            if (controllerSettings == null)
            {
                throw new ArgumentNullException("controllerSettings");
            }

            if (operators == null)
            {
                throw new ArgumentNullException("operators");
            }

            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            if (authenticator == null)
            {
                throw new ArgumentNullException("authenticator");
            }

            if (!TextRules.IsIdentifier(deviceId))
            {
                throw new ArgumentException("deviceId must follow the identifier rule (TextRules.IdentifierRule)", "deviceId");
            }

            if (!TextRules.IsIdentifier(firmwareVersion))
            {
                throw new ArgumentException("firmwareVersion must follow the identifier rule (TextRules.IdentifierRule)", "firmwareVersion");
            }

            _clock = ports.Clock;
            _storage = storage;
            _authenticator = authenticator;
            _deviceId = deviceId;
            _firmwareVersion = firmwareVersion;
            // Safety beside control: the controller feeds it every tick; this layer sets its bands on it directly.
            Safety = new SafetySupervisor(controllerSettings.Safety, new AlarmManager(controllerSettings.AlarmTransitionCapacity));
            Controller = new BioreactorController(ports, controllerSettings, Safety);
            _processEveryTicks = Controller.ProcessEveryTicks;
            _batchPhase = _processEveryTicks / 4;
            _statusPhase = (_batchPhase + (_processEveryTicks + 1) / 2) % _processEveryTicks;
            var batchSettings = new BatchSettings();
            batchSettings.LiquidTripCelsius = controllerSettings.Safety.LiquidTripCelsius;
            batchSettings.Co2TripPercent = controllerSettings.Safety.Co2TripPercent;
            Batch = new BatchController(batchSettings, operators);
            Record = new BatchRecordWriter(storage, authenticator, ports.Clock);
        }

        /// <summary>The control core.</summary>
        public BioreactorController Controller { get; }

        /// <summary>The safety layer, beside the control core (which calls it every tick): its outputs, verdicts and bands.</summary>
        public SafetySupervisor Safety { get; }

        /// <summary>The batch (recipe, ISA-88 state, operator actions).</summary>
        public BatchController Batch { get; }

        /// <summary>The record writer of the batch in progress: the record thread's (read it there, or between ticks).</summary>
        public BatchRecordWriter Record { get; }

        /// <summary>True when <see cref="StartUp"/> resumed an unclosed record.</summary>
        public bool Resumed { get; private set; }

        /// <summary>The start-up scan of the resumed record (null when nothing was resumed).</summary>
        public RecordRecoveryResult ResumeScan { get; private set; }

        /// <summary>How long the device was off before the resume, ms (from the record's last entry's UTC; 0 when unknown).</summary>
        public long PoweredOffMilliseconds { get; private set; }

        /// <summary>The batch's answer to the restore (Accepted, or why the snapshot or recipe was refused; null when nothing was resumed).</summary>
        public BatchResult RestoreResult { get; private set; }

        /// <summary>Batch snapshots handed to the record since construction.</summary>
        public long SnapshotCount { get; private set; }

        /// <summary>
        /// The status last filled (see <see cref="DeviceStatus"/>): read it under the device lock's protection only, i.e. on
        /// the control thread between ticks' work or when no thread runs (tests, the simulator between steps).
        /// </summary>
        public DeviceStatus Status
        {
            get { return _status; }
        }

        /// <summary>Record entries dropped because the record queue was full (each declared in the record).</summary>
        public long RecordEntriesDropped
        {
            get { return _queue.DroppedTotal; }
        }

        /// <summary>Record entries waiting in the queue for the record thread.</summary>
        public int RecordEntriesQueued
        {
            get { return _queue.Count; }
        }

        /// <summary>
        /// The open record's chain head (last durable entry's sequence and MAC) as the record thread last took it, after
        /// writing the queue's entries: read it on the record thread (the records command) or when no thread runs.
        /// </summary>
        internal RecordHead RecordHead
        {
            get { return _head; }
        }

        /// <summary>Record entries whose writing threw (counted, skipped; a bug when not 0).</summary>
        public long RecordWriteErrors { get; private set; }

        /// <summary>
        /// Hears every alarm transition, batch event and status refresh, under the device lock (the protocol's events,
        /// telemetry and state); null for none. <see cref="BioreactorDevice"/> sets it to its link's, before
        /// <see cref="StartUp"/>, so the link hears the resume's events too.
        /// </summary>
        public IFirmwareObserver Observer { get; internal set; }

        /// <summary>Fills the status now and hands it to the observer (the protocol's status command). Record thread.</summary>
        internal void RefreshStatus()
        {
            lock (_sync)
            {
                RefreshStatus(_clock.MonotonicMilliseconds);
            }
        }

        /// <summary>
        /// Start-up: resumes the first unclosed, resumable record in storage (see the class remarks), or leaves the unit
        /// Idle, and writes what the resume produced before it returns. Call once, before the first <see cref="Tick"/> and
        /// before any thread starts. Allocates (scan, recipe).
        /// </summary>
        /// <returns>True when a batch was resumed.</returns>
        public bool StartUp()
        {
            _startingUp = true;
            try
            {
                string[] names = _storage.ListRecords();
                for (int i = 0; i < names.Length; i++)
                {
                    RecordRecoveryResult scan = RecordRecovery.Scan(_storage, _authenticator, names[i]);
                    if (!scan.Found || scan.IsClosed || !scan.CanResume)
                    {
                        continue;
                    }

                    Resume(scan);
                    return true;
                }

                return false;
            }
            finally
            {
                _startingUp = false;
            }
        }

        private void Resume(RecordRecoveryResult scan)
        {
            long now = _clock.MonotonicMilliseconds;
            long nowUtc = RecordTime.ToUnixMilliseconds(_clock.UtcNow);
            Record.Resume(scan);
            long offMilliseconds = nowUtc - scan.LastEntryUtcUnixMilliseconds;
            PoweredOffMilliseconds = offMilliseconds > 0 ? offMilliseconds : 0;
            Controller.NotePowerRestored(PoweredOffMilliseconds / 1000.0);
            ResumeScan = scan;
            Resumed = true;

            Recipe recipe = null;
            if (scan.RecipeText != null)
            {
                RecipeText.Parse(Utf8Text.Decode(scan.RecipeText, 0, scan.RecipeText.Length), out recipe);
            }

            if (scan.LastBatchSnapshot != null && recipe != null)
            {
                // The batch measures its outage from its snapshot (BatchController.RestoreState).
                long sinceSnapshot = nowUtc - scan.LastBatchSnapshotUtcUnixMilliseconds;
                RestoreResult = Batch.RestoreState(scan.LastBatchSnapshot, 0, recipe, now, sinceSnapshot > 0 ? sinceSnapshot : 0,
                    scan.LastBatchEventSequence);
            }
            else
            {
                RestoreResult = new BatchResult(BatchResultCode.InvalidSnapshot, "the record holds no batch snapshot or recipe", 0);
            }

            if (!RestoreResult.IsAccepted)
            {
                Record.AppendNote(_deviceId, "batch state not restored: " + RestoreResult.Message);
            }

            lock (_sync)
            {
                _recordOpen = Record.IsOpen;
                _samplePeriodMilliseconds = Record.SamplePeriodMilliseconds;
                _nextSampleDueMilliseconds = now;
                DrainAlarms(now);
                DrainBatchEvents(now);
                WriteSnapshot(now);
            }

            // Before the threads start: what the resume produced is written now (a full queue is drained, not dropped).
            ServiceRecord();
        }

        /// <summary>
        /// Carries out an operator request on the batch and records it (accepted or refused). Start opens the batch's new
        /// record; an accepted alarm acknowledge acknowledges it in the alarm manager; an accepted Clear closes the record.
        /// Record thread (or before the threads start): the state change happens under the device lock, then the record
        /// thread writes what it produced before this returns. Operator path: allocates.
        /// </summary>
        public BatchResult Execute(OperatorRequest request)
        {
            // A storage read: the record thread's, outside the device lock.
            if (request != null && request.Action == BatchAction.Start && request.BatchId != null && RecordHeader.IsValidBatchId(request.BatchId)
                && _storage.Exists(request.BatchId))
            {
                return new BatchResult(BatchResultCode.InvalidBatchId, "a record of batch " + request.BatchId + " exists already", 0);
            }

            BatchResult result;
            lock (_sync)
            {
                long now = _clock.MonotonicMilliseconds;
                BatchState before = Batch.State;
                string batchId = Batch.BatchId; // a Clear forgets it; the closing summary names it
                CheckAutotune(request);
                result = Batch.Execute(request, now);
                _batchStepDue = true;
                if (result.IsAccepted)
                {
                    switch (request.Action)
                    {
                        case BatchAction.Start:
                            BeginRecord(request, now);
                            break;
                        case BatchAction.AcknowledgeAlarm:
                            Controller.Acknowledge(request.AlarmId, Batch.Operators.GetReference(request.OperatorId));
                            break;
                        case BatchAction.AutotuneStart:
                            Controller.StartTemperatureAutotune();
                            _autotuneWatched = true;
                            break;
                        case BatchAction.AutotuneStop:
                            Controller.CancelTemperatureAutotune();
                            break;
                    }
                }

                DrainAlarms(now);
                DrainBatchEvents(now);
                if (result.IsAccepted && request.Action == BatchAction.Clear && _recordOpen)
                {
                    WriteSnapshot(now);
                    RecordQueueEntry e = Reserve(RecordQueue.KindClose, now);
                    if (e != null)
                    {
                        e.FromState = before;
                        e.Text = batchId;
                        e.OperatorId = request.OperatorId;
                        _queue.Commit();
                    }

                    _recordOpen = false;
                }
                else if (_recordOpen)
                {
                    WriteSnapshot(now);
                }

                RefreshStatus(now);
            }

            ServiceRecord();

            // Only the record thread queues a new record or a closing, and it has just written them: the writer now says
            // whether a record is open (a header or closing entry that failed leaves it as the writer has it).
            bool open = Record.IsOpen;
            lock (_sync)
            {
                _recordOpen = open;
            }

            return result;
        }

        // The autotune's gate (caller holds the device lock), decided here because the autotune is the controller's, which the
        // batch layer does not see: a role the batch's table (OperatorPermissions) does not permit, then the controller's
        // preconditions (temperature control on and none active to start; one active to stop). A refusal is marked on the
        // request with the protocol's code, and the batch layer records it like every other operator action.
        private void CheckAutotune(OperatorRequest request)
        {
            if (request == null || request.RefusedAbove != BatchResultCode.Accepted
                || (request.Action != BatchAction.AutotuneStart && request.Action != BatchAction.AutotuneStop))
            {
                return;
            }

            OperatorRole role = Batch.Operators.GetRole(request.OperatorId);
            if (role == OperatorRole.None)
            {
                return; // the batch layer refuses the unknown operator
            }

            if (!OperatorPermissions.IsPermitted(role, request.Action))
            {
                request.RefuseAbove(BatchResultCode.NotPermitted, ProtocolNames.ErrorCode(ProtocolError.NotPermitted), "the "
                    + BatchNames.RoleName(role) + " role may not run an autotune (allowed for: technician, administrator)");
            }
            else if (request.Action == BatchAction.AutotuneStart
                && (!Controller.TemperatureControlEnabled || Controller.TemperatureAutotune.IsActive))
            {
                request.RefuseAbove(BatchResultCode.WrongState, ProtocolNames.ErrorCode(ProtocolError.WrongState),
                    "an autotune needs temperature control on (a batch running) and no autotune active");
            }
            else if (request.Action == BatchAction.AutotuneStop && !Controller.TemperatureAutotune.IsActive)
            {
                request.RefuseAbove(BatchResultCode.WrongState, ProtocolNames.ErrorCode(ProtocolError.WrongState), "no autotune is active");
            }
        }

        // Queues the new record; the header (recipe text and all) is built on the record thread. Caller holds the device lock.
        private void BeginRecord(OperatorRequest request, long now)
        {
            RecordQueueEntry e = Reserve(RecordQueue.KindBegin, now);
            if (e != null)
            {
                e.Recipe = Batch.Recipe;
                e.Text = Batch.BatchId;
                e.OperatorId = request.OperatorId;
                _queue.Commit();
            }

            _recordOpen = true;
            _samplePeriodMilliseconds = RecordHeader.DefaultSamplePeriodMilliseconds;
            _nextSampleDueMilliseconds = now;
        }

        /// <summary>One firmware tick (see the class remarks): the control thread's whole work; allocates nothing.</summary>
        internal void Tick()
        {
            lock (_sync)
            {
                long now = _clock.MonotonicMilliseconds;
                // The batch's timers, its set points reaching the loops and the storage alarm run at the process rate (a phase
                // lasts hours; 200 ms is nothing to it), between the thermal and the gas step, and at the next tick after a
                // command or a start-up changed the batch.
                long phase = _tickCount % _processEveryTicks;
                bool batchStep = _batchStepDue || phase == _batchPhase;
                _tickCount++;
                if (batchStep)
                {
                    _batchStepDue = false;
                    Batch.Update(now);
                    ApplyBatch();
                }

                Controller.Tick();
                if (_autotuneWatched)
                {
                    WatchAutotune(now);
                }

                if (batchStep)
                {
                    bool failing;
                    long lost;
                    long undeclared;
                    _queue.ReadWriterState(out failing, out lost, out undeclared);
                    Controller.Alarms.Evaluate(AlarmId.RecordStorageFailure, _recordOpen && (failing || undeclared > 0),
                        lost + undeclared, now);
                    int locked = Batch.Lockout.LockedCount;
                    Controller.Alarms.Evaluate(AlarmId.OperatorLockedOut, locked > 0, locked, now);
                }

                bool happened = DrainAlarms(now);
                happened |= DrainBatchEvents(now);

                bool sampleDue = _recordOpen && now >= _nextSampleDueMilliseconds;
                // The periodic refresh waits for a tick without a thermal, gas or batch step (at most nine ticks), so the
                // longest ticks do not meet; a sample, a transition or an event refreshes at once.
                if (sampleDue || happened || !_statusFilled || (now >= _nextStatusMilliseconds && phase == _statusPhase))
                {
                    RefreshStatus(now);
                }

                if (sampleDue)
                {
                    QueueSample(now);
                }

                if (_recordOpen && (_snapshotPending || now >= _nextSnapshotMilliseconds))
                {
                    WriteSnapshot(now);
                }
            }
        }

        /// <summary>
        /// Record thread: writes every queued entry in order (MAC, append, flush), declares entries dropped from a full queue
        /// where they were dropped, hands the writer's storage state back to the control thread and the chain's head to the
        /// observer (<see cref="IFirmwareObserver.OnRecordHead"/>). Never holds the device lock. Allocates only for entries
        /// with text.
        /// </summary>
        /// <returns>How many entries were taken from the queue.</returns>
        internal int ServiceRecord()
        {
            int taken = 0;
            long declared = 0;
            RecordQueueEntry e;
            while ((e = _queue.Peek()) != null)
            {
                try
                {
                    WriteEntry(e);
                }
                catch (Exception)
                {
                    // A fault in one entry (a header refused by the writer) must not stop the record; counted, skipped.
                    RecordWriteErrors++;
                }

                e.Clear();
                _queue.Release();
                taken++;
                if (_queue.ReleasedDropped > 0)
                {
                    Record.DeclareDropped(_queue.ReleasedDropped, _queue.ReleasedDroppedSamples, _queue.ReleasedFirstDropMilliseconds,
                        _queue.ReleasedLastDropMilliseconds);
                    declared += _queue.ReleasedDropped;
                }
            }

            if (taken > 0 || _startingUp)
            {
                _queue.Publish(Record.StorageFailed, Record.LostEntryCount, declared);

                // The chain's head as the writer now has it (only durable entries move it), handed to the link here, on the
                // record thread, so the control tick neither reads the writer nor copies a MAC.
                _head.Take(Record);
                IFirmwareObserver observer = Observer;
                if (observer != null)
                {
                    observer.OnRecordHead(_head.BatchId, _head.Sequence, _head.Mac, _head.Closed);
                }
            }

            return taken;
        }

        // A slot for an entry of kind; during start-up a full queue is written out first (no thread runs yet). Caller holds
        // the device lock; null when the entry was dropped.
        private RecordQueueEntry Reserve(int kind, long now)
        {
            if (_startingUp && _queue.Count == _queue.Capacity)
            {
                ServiceRecord();
            }

            return _queue.TryReserve(kind, now);
        }

        private void RefreshStatus(long now)
        {
            _status.Fill(Controller, Safety, Batch, _recordOpen, _clock);
            _statusFilled = true;
            _nextStatusMilliseconds = now + StatusPeriodMilliseconds;
            IFirmwareObserver observer = Observer;
            if (observer != null)
            {
                observer.OnStatus(_status);
            }
        }

        private void QueueSample(long now)
        {
            // The record writer's schedule (BatchRecordWriter.AppendSample): one period on, or one period from now after a gap.
            _nextSampleDueMilliseconds += _samplePeriodMilliseconds;
            if (_nextSampleDueMilliseconds <= now)
            {
                _nextSampleDueMilliseconds = now + _samplePeriodMilliseconds;
            }

            RecordQueueEntry e = Reserve(RecordQueue.KindSample, now);
            if (e != null)
            {
                _status.FillSample(_sample);
                _sample.Encode(e.Payload, 0);
                e.PayloadLength = RecordSample.PayloadLength;
                _queue.Commit();
            }
        }

        private void ApplyBatch()
        {
            if (!Batch.ControlActive)
            {
                if (_loopsEnabled)
                {
                    Controller.TemperatureControlEnabled = false;
                    Controller.Co2ControlEnabled = false;
                    Controller.RockingEnabled = false;
                    Safety.SetDeviationBands(double.NaN, double.NaN);
                    _loopsEnabled = false;
                }

                return;
            }

            double temperature = Batch.TemperatureSetPointCelsius;
            if (temperature != _appliedTemperatureCelsius)
            {
                Controller.SetTemperatureSetPoint(temperature);
                _appliedTemperatureCelsius = temperature;
            }

            double co2 = Batch.Co2SetPointPercent;
            if (co2 != _appliedCo2Percent)
            {
                Controller.SetCo2SetPoint(co2);
                _appliedCo2Percent = co2;
            }

            // The phase's alarm bands replace the settings' defaults while it runs (the safety layer re-arms a changed band).
            Safety.SetDeviationBands(Batch.TemperatureAlarmBandKelvin, Batch.Co2AlarmBandPercent);

            double rate = Batch.RockingRateRpm;
            double amplitude = Batch.RockingAmplitudeDegrees;
            if (rate != _appliedRateRpm || amplitude != _appliedAmplitudeDegrees)
            {
                Controller.SetRocking(rate, amplitude);
                _appliedRateRpm = rate;
                _appliedAmplitudeDegrees = amplitude;
            }

            if (!_loopsEnabled)
            {
                Controller.TemperatureControlEnabled = true;
                Controller.Co2ControlEnabled = true;
                Controller.RockingEnabled = true;
                _loopsEnabled = true;
            }
        }

        // Caller holds the device lock. True when a transition was taken.
        private bool DrainAlarms(long now)
        {
            bool any = false;
            IFirmwareObserver observer = Observer;
            while (Controller.Alarms.TryTakeTransition(_transition))
            {
                any = true;
                RecordQueueEntry e = _recordOpen ? Reserve(RecordQueue.KindAlarm, now) : null;
                if (e != null)
                {
                    AlarmTransitionEntry.Encode(e.Payload, 0, _transition);
                    e.PayloadLength = AlarmTransitionEntry.PayloadLength;
                    _queue.Commit();
                    QueueFaultCause(now);
                }

                if (observer != null)
                {
                    observer.OnAlarmTransition(_transition);
                }
            }

            return any;
        }

        // Caller holds the device lock. A raised sensor or actuator fault alarm's cause follows its transition in the record.
        private void QueueFaultCause(long now)
        {
            SensorVerdict verdict;
            SensorStatus status;
            if (!FaultCause.Find(_transition, Controller, Safety, out verdict, out status))
            {
                return;
            }

            RecordQueueEntry e = Reserve(RecordQueue.KindFault, now);
            if (e != null)
            {
                e.FaultSource = _transition.Id;
                e.FaultVerdict = verdict;
                e.FaultStatus = status;
                _queue.Commit();
            }
        }

        // Caller holds the device lock. When the autotune an operator started has ended: if it succeeded, the tunings it wrote
        // into the cascade go into the record, before and after (a change of the batch's control parameters, 21 CFR 211.68
        // and Annex 11 §10: changes to a computerised system's settings are recorded). A cancel is the operator's own
        // recorded action; after a failure the previous tunings stay, so nothing changed.
        private void WatchAutotune(long now)
        {
            TemperatureAutotune autotune = Controller.TemperatureAutotune;
            if (autotune.IsActive)
            {
                return;
            }

            _autotuneWatched = false;
            RecordQueueEntry e = _recordOpen && autotune.Phase == TemperatureAutotunePhase.Succeeded
                ? Reserve(RecordQueue.KindTunings, now) : null;
            if (e != null)
            {
                e.OldInnerTunings = autotune.PreviousInnerTunings;
                e.OldOuterTunings = autotune.PreviousOuterTunings;
                e.NewInnerTunings = autotune.InnerTuningsFound;
                e.NewOuterTunings = autotune.OuterTuningsFound;
                _queue.Commit();
            }
        }

        // Caller holds the device lock. True when an event was taken.
        private bool DrainBatchEvents(long now)
        {
            bool any = false;
            IFirmwareObserver observer = Observer;
            while (Batch.TryTakeEvent(_event))
            {
                any = true;
                if (observer != null)
                {
                    observer.OnBatchEvent(_event);
                }

                _snapshotPending = true;
                RecordQueueEntry e = _recordOpen ? Reserve(RecordQueue.KindBatchEvent, now) : null;
                if (e != null)
                {
                    e.Event.CopyFrom(_event);
                    _queue.Commit();
                }
            }

            return any;
        }

        // Caller holds the device lock.
        private void WriteSnapshot(long now)
        {
            _snapshotPending = false;
            _nextSnapshotMilliseconds = now + SnapshotPeriodMilliseconds;
            if (!_recordOpen || Batch.State == BatchState.Idle)
            {
                return;
            }

            RecordQueueEntry e = Reserve(RecordQueue.KindSnapshot, now);
            if (e != null)
            {
                e.PayloadLength = Batch.WriteState(e.Payload, 0);
                _queue.Commit();
                SnapshotCount++;
            }
        }

        // ---------------------------------------------------------------- record thread

        private void WriteEntry(RecordQueueEntry e)
        {
            switch (e.Kind)
            {
                case RecordQueue.KindSample:
                    Record.AppendPayload(RecordEntryType.Sample, e.Payload, 0, e.PayloadLength);
                    break;
                case RecordQueue.KindAlarm:
                    Record.AppendPayload(RecordEntryType.AlarmTransition, e.Payload, 0, e.PayloadLength);
                    break;
                case RecordQueue.KindSnapshot:
                    Record.AppendPayload(RecordEntryType.BatchSnapshot, e.Payload, 0, e.PayloadLength);
                    break;
                case RecordQueue.KindBatchEvent:
                    WriteBatchEvent(e.Event);
                    break;
                case RecordQueue.KindBegin:
                    WriteHeader(e);
                    break;
                case RecordQueue.KindTunings:
                    WriteTunings("inner", e.OldInnerTunings, e.NewInnerTunings);
                    WriteTunings("outer", e.OldOuterTunings, e.NewOuterTunings);
                    break;
                case RecordQueue.KindFault:
                    Record.AppendFault((int)e.FaultSource, (int)e.FaultVerdict, FaultCause.Describe(e.FaultVerdict, e.FaultStatus));
                    break;
                case RecordQueue.KindClose:
                    Record.Close((int)e.FromState, "batch " + e.Text + " released from " + BatchNames.StateName(e.FromState) + " by "
                        + e.OperatorId);
                    break;
            }
        }

        // One configuration change per term of a cascade stage's tunings ("temperature.inner.proportionalGain", …), written by
        // the device's autotune, which an operator started (that operator's action is recorded with its batch event).
        private void WriteTunings(string stage, PidTunings before, PidTunings after)
        {
            string prefix = "temperature." + stage + ".";
            WriteTuning(prefix + "proportionalGain", before.ProportionalGain, after.ProportionalGain);
            WriteTuning(prefix + "integralTimeSeconds", before.IntegralTimeSeconds, after.IntegralTimeSeconds);
            WriteTuning(prefix + "derivativeTimeSeconds", before.DerivativeTimeSeconds, after.DerivativeTimeSeconds);
        }

        private void WriteTuning(string parameter, double before, double after)
        {
            Record.AppendConfigurationChange(AutotuneAuthor, parameter, InvariantNumber.Format(before, 6), InvariantNumber.Format(after, 6),
                AutotuneReason);
        }

        private void WriteHeader(RecordQueueEntry e)
        {
            Recipe recipe = e.Recipe;
            var header = new RecordHeader();
            header.DeviceId = _deviceId;
            header.FirmwareVersion = _firmwareVersion;
            header.BatchId = e.Text;
            header.RecipeName = recipe.Name;
            header.RecipeVersion = InvariantNumber.FormatInteger(recipe.Version);
            header.SetRecipe(recipe.GetCanonicalBytes());
            header.OperatorId = e.OperatorId;
            Record.Begin(header);
        }

        private void WriteBatchEvent(BatchEvent e)
        {
            string cause = e.OperatorId == null ? AutomaticCause : OperatorCause;
            switch (e.Kind)
            {
                case BatchEventKind.StateChanged:
                    Record.AppendStateChange((int)e.FromState, (int)e.ToState, e.PhaseIndex, e.OperatorId, cause, e.Sequence);
                    break;
                case BatchEventKind.PhaseStarted:
                    Record.AppendPhaseChange(e.PhaseIndex - 1, e.PhaseIndex, e.DurationMilliseconds, e.Text, e.OperatorId, cause,
                        e.Sequence);
                    break;
                case BatchEventKind.ActionAccepted:
                case BatchEventKind.ActionRefused:
                    WriteAction(e);
                    break;
                case BatchEventKind.OperatorLockedOut:
                    Record.AppendConfigurationChange(SignatureCheckAuthor, "operator " + e.OperatorId, "active",
                        "locked out after " + InvariantNumber.FormatInteger((long)e.NewValue) + " consecutive bad signatures", LockoutReason);
                    break;
                case BatchEventKind.PowerRestored:
                    Record.AppendBatchRestored(e.DurationMilliseconds, (int)e.PowerLossTimer, e.PhaseIndex,
                        SecondsToMilliseconds(e.OldValue), SecondsToMilliseconds(e.NewValue), e.Sequence);
                    break;
            }
        }

        private void WriteAction(BatchEvent e)
        {
            bool accepted = e.Kind == BatchEventKind.ActionAccepted;
            string target = e.Text;
            if (e.Cause != null)
            {
                // Refused above the batch layer: the entry names the check that refused it.
                target = e.Cause;
            }
            else if (e.Action == BatchAction.ChangeSetPoint)
            {
                target = BatchNames.VariableName(e.Variable);
            }
            else if (e.Action == BatchAction.AcknowledgeAlarm)
            {
                target = AlarmCatalog.Code(e.AlarmId);
            }

            string oldValue = double.IsNaN(e.OldValue) ? null : InvariantNumber.Format(e.OldValue, 6);
            string newValue = double.IsNaN(e.NewValue) ? null : InvariantNumber.Format(e.NewValue, 6);
            Record.AppendOperatorAction(e.OperatorId, BatchNames.ActionName(e.Action), target, e.Reason, oldValue, newValue,
                accepted ? OperatorActionOutcome.Done : OperatorActionOutcome.Rejected, accepted ? 0 : (int)e.Result, (int)e.Role,
                e.Sequence, (int)e.Meaning, e.SignerName, e.SignedAtMilliseconds, e.SignatureMac);

            // The action's target field holds 64 bytes; a note's or sample's whole text (up to 512 bytes) follows in a Note
            // entry, so the record keeps what the operator wrote.
            if (accepted && (e.Action == BatchAction.Note || e.Action == BatchAction.Sample) && e.Text != null)
            {
                Record.AppendNote(e.OperatorId, e.Text);
            }
        }

        private static long SecondsToMilliseconds(double seconds)
        {
            return double.IsNaN(seconds) ? 0 : (long)Math.Round(seconds * 1000.0);
        }
    }
}
