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
    /// the batch's set points, and writes everything the GMP record needs (samples, alarm transitions, batch events,
    /// batch snapshots) as it happens.
    /// </summary>
    /// <remarks>
    /// <para>Life cycle:</para>
    /// <code>
    ///   construct ──StartUp()──► storage holds an unclosed record?
    ///       yes: Scan ─► writer.Resume ─► controller.NotePowerRestored ─► batch.RestoreState ─► BatchRestored entry
    ///       no:  Idle (no record open, loops disabled)
    ///   Idle ──Execute(Start) accepted──► new record (header: device, firmware, recipe text, operator) ─► Running …
    ///   Complete / Aborted ──Execute(Clear) accepted──► Closing entry, record closed ─► Idle
    /// </code>
    /// <para>One <see cref="Tick"/>: batch.Update(now); while the batch drives the process its set points go to the
    /// controller (only when they changed) with the three loops enabled, else the loops are disabled; controller.Tick();
    /// the storage-failure alarm is evaluated from the writer; alarm transitions and batch events are appended; a sample
    /// when due; a batch snapshot after batch events and every <see cref="SnapshotPeriodMilliseconds"/>. The tick allocates
    /// nothing (automatic batch events carry constant strings; operator events are written by <see cref="Execute"/>).</para>
    /// <para>Snapshot period 60 s: the batch's outage is measured from its last snapshot (BatchController.WriteState), so
    /// the period bounds how much powered time a power cut may count as outage; the record's size budget (Records/README.md:
    /// one 228-byte snapshot a minute over 14 days) sets the lower end.</para>
    /// </remarks>
    public sealed class BioreactorFirmware
    {
        /// <summary>How often a batch snapshot is written while a record is open, ms (see remarks).</summary>
        public const long SnapshotPeriodMilliseconds = 60000;

        private const string AutomaticCause = "automatic";
        private const string OperatorCause = "operator";

        private readonly IClock _clock;
        private readonly IRecordStorage _storage;
        private readonly IMessageAuthenticator _authenticator;
        private readonly string _deviceId;
        private readonly string _firmwareVersion;
        private readonly byte[] _snapshot = new byte[BatchController.StateSizeBytes];
        private RecordSample _sample;
        private bool _snapshotPending;
        private long _nextSnapshotMilliseconds;
        private bool _loopsEnabled;
        private double _appliedTemperatureCelsius = double.NaN;
        private double _appliedCo2Percent = double.NaN;
        private double _appliedRateRpm = double.NaN;
        private double _appliedAmplitudeDegrees = double.NaN;

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
            Controller = new BioreactorController(ports, controllerSettings);
            var batchSettings = new BatchSettings();
            batchSettings.LiquidTripCelsius = controllerSettings.Safety.LiquidTripCelsius;
            batchSettings.Co2TripPercent = controllerSettings.Safety.Co2TripPercent;
            Batch = new BatchController(batchSettings, operators);
            Record = new BatchRecordWriter(storage, authenticator, ports.Clock);
        }

        /// <summary>The control core.</summary>
        public BioreactorController Controller { get; }

        /// <summary>The batch (recipe, ISA-88 state, operator actions).</summary>
        public BatchController Batch { get; }

        /// <summary>The record writer of the batch in progress.</summary>
        public BatchRecordWriter Record { get; }

        /// <summary>True when <see cref="StartUp"/> resumed an unclosed record.</summary>
        public bool Resumed { get; private set; }

        /// <summary>The start-up scan of the resumed record (null when nothing was resumed).</summary>
        public RecordRecoveryResult ResumeScan { get; private set; }

        /// <summary>How long the device was off before the resume, ms (from the record's last entry's UTC; 0 when unknown).</summary>
        public long PoweredOffMilliseconds { get; private set; }

        /// <summary>The batch's answer to the restore (Accepted, or why the snapshot or recipe was refused).</summary>
        public BatchResult RestoreResult { get; private set; }

        /// <summary>Record entries appended as batch snapshots since construction.</summary>
        public long SnapshotCount { get; private set; }

        /// <summary>
        /// Hears every alarm transition and batch event as the firmware records it (the protocol's events); null for none.
        /// Set it before <see cref="StartUp"/> to hear the resume's events too.
        /// </summary>
        public IFirmwareObserver Observer { get; set; }

        /// <summary>
        /// Records an operator request that a layer above the batch refused before it reached <see cref="Execute"/> (the
        /// protocol's authority and replay checks) as an OperatorAction entry with outcome Rejected, when a record is open.
        /// Operator path: allocates.
        /// </summary>
        /// <param name="operatorId">Who asked (an id of the operator directory).</param>
        /// <param name="role">The operator's role in the directory.</param>
        /// <param name="action">What was asked (the batch action's or the command's name).</param>
        /// <param name="target">The refusing layer's code for why (e.g. "role_mismatch").</param>
        /// <param name="reason">The operator's reason, if one was given.</param>
        /// <param name="resultCode">The nearest <see cref="BatchResultCode"/>.</param>
        /// <returns>True when the entry is durable; false when no record is open or the write failed.</returns>
        public bool RecordRefusal(string operatorId, OperatorRole role, string action, string target, string reason, BatchResultCode resultCode)
        {
            return Record.IsOpen && Record.AppendOperatorAction(operatorId, action, target, reason, null, null, OperatorActionOutcome.Rejected,
                (int)resultCode, (int)role, 0);
        }

        /// <summary>
        /// Records an operator action carried out outside the batch layer (the protocol's autotune start and stop) as an
        /// OperatorAction entry with outcome Done, when a record is open. Operator path: allocates.
        /// </summary>
        /// <returns>True when the entry is durable; false when no record is open or the write failed.</returns>
        public bool RecordAction(string operatorId, OperatorRole role, string action, string target, string reason)
        {
            return Record.IsOpen && Record.AppendOperatorAction(operatorId, action, target, reason, null, null, OperatorActionOutcome.Done,
                0, (int)role, 0);
        }

        /// <summary>
        /// Start-up: resumes the first unclosed, resumable record in storage (see the class remarks), or leaves the unit
        /// Idle. Call once, before the first <see cref="Tick"/>. Allocates (scan, recipe).
        /// </summary>
        /// <returns>True when a batch was resumed.</returns>
        public bool StartUp()
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

            DrainAlarms();
            DrainBatchEvents();
            WriteSnapshot(now);
        }

        /// <summary>
        /// Carries out an operator request on the batch and records it (accepted or refused). Start opens the batch's new
        /// record; an accepted alarm acknowledge acknowledges it in the alarm manager; an accepted Clear closes the record.
        /// Operator path: allocates.
        /// </summary>
        public BatchResult Execute(OperatorRequest request)
        {
            long now = _clock.MonotonicMilliseconds;
            if (request != null && request.Action == BatchAction.Start && request.BatchId != null && RecordHeader.IsValidBatchId(request.BatchId)
                && _storage.Exists(request.BatchId))
            {
                return new BatchResult(BatchResultCode.InvalidBatchId, "a record of batch " + request.BatchId + " exists already", 0);
            }

            BatchState before = Batch.State;
            string batchId = Batch.BatchId; // a Clear forgets it; the closing summary names it
            BatchResult result = Batch.Execute(request, now);
            if (result.IsAccepted)
            {
                switch (request.Action)
                {
                    case BatchAction.Start:
                        BeginRecord(request);
                        break;
                    case BatchAction.AcknowledgeAlarm:
                        Controller.Acknowledge(request.AlarmId, Batch.Operators.GetReference(request.OperatorId));
                        break;
                }
            }

            DrainAlarms();
            DrainBatchEvents();
            if (result.IsAccepted && request.Action == BatchAction.Clear && Record.IsOpen)
            {
                WriteSnapshot(now);
                Record.Close((int)before, "batch " + batchId + " released from " + BatchNames.StateName(before) + " by " + request.OperatorId);
            }
            else if (Record.IsOpen)
            {
                WriteSnapshot(now);
            }

            return result;
        }

        private void BeginRecord(OperatorRequest request)
        {
            Recipe recipe = Batch.Recipe;
            var header = new RecordHeader();
            header.DeviceId = _deviceId;
            header.FirmwareVersion = _firmwareVersion;
            header.BatchId = Batch.BatchId;
            header.RecipeName = recipe.Name;
            header.RecipeVersion = InvariantNumber.FormatInteger(recipe.Version);
            header.SetRecipe(recipe.GetCanonicalBytes());
            header.OperatorId = request.OperatorId;
            Record.Begin(header);
        }

        /// <summary>One firmware tick (see the class remarks). Call every controller tick; allocates nothing.</summary>
        public void Tick()
        {
            long now = _clock.MonotonicMilliseconds;
            Batch.Update(now);
            ApplyBatch();
            Controller.Tick();
            Controller.Alarms.Evaluate(AlarmId.RecordStorageFailure, Record.IsOpen && Record.StorageFailed, Record.LostEntryCount, now);
            DrainAlarms();
            DrainBatchEvents();

            if (Record.IsSampleDue(now))
            {
                FillSample();
                Record.AppendSample(ref _sample);
            }

            if (Record.IsOpen && (_snapshotPending || now >= _nextSnapshotMilliseconds))
            {
                WriteSnapshot(now);
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
                    Controller.Safety.SetDeviationBands(double.NaN, double.NaN);
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
            Controller.Safety.SetDeviationBands(Batch.TemperatureAlarmBandKelvin, Batch.Co2AlarmBandPercent);

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

        private void DrainAlarms()
        {
            AlarmTransition transition;
            IFirmwareObserver observer = Observer;
            while (Controller.Alarms.TryTakeTransition(out transition))
            {
                Record.AppendAlarmTransition(transition);
                if (observer != null)
                {
                    observer.OnAlarmTransition(transition);
                }
            }
        }

        private void DrainBatchEvents()
        {
            BatchEvent e;
            IFirmwareObserver observer = Observer;
            while (Batch.TryTakeEvent(out e))
            {
                if (observer != null)
                {
                    observer.OnBatchEvent(e);
                }

                _snapshotPending = true;
                string cause = e.OperatorId == null ? AutomaticCause : OperatorCause;
                switch (e.Kind)
                {
                    case BatchEventKind.StateChanged:
                        Record.AppendStateChange((int)e.FromState, (int)e.ToState, e.PhaseIndex, e.OperatorId, cause, e.Sequence);
                        break;
                    case BatchEventKind.PhaseStarted:
                        Record.AppendPhaseChange(e.PhaseIndex - 1, e.PhaseIndex, e.DurationMilliseconds, e.Text, e.OperatorId, cause, e.Sequence);
                        break;
                    case BatchEventKind.ActionAccepted:
                    case BatchEventKind.ActionRefused:
                        AppendAction(ref e);
                        break;
                    case BatchEventKind.PowerRestored:
                        Record.AppendBatchRestored(e.DurationMilliseconds, (int)e.PowerLossTimer, e.PhaseIndex,
                            SecondsToMilliseconds(e.OldValue), SecondsToMilliseconds(e.NewValue), e.Sequence);
                        break;
                }
            }
        }

        private void AppendAction(ref BatchEvent e)
        {
            bool accepted = e.Kind == BatchEventKind.ActionAccepted;
            string target = e.Text;
            if (e.Action == BatchAction.ChangeSetPoint)
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
                accepted ? OperatorActionOutcome.Done : OperatorActionOutcome.Rejected, accepted ? 0 : (int)e.Result, (int)e.Role, e.Sequence);

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

        private void WriteSnapshot(long now)
        {
            _snapshotPending = false;
            _nextSnapshotMilliseconds = now + SnapshotPeriodMilliseconds;
            if (!Record.IsOpen || Batch.State == BatchState.Idle)
            {
                return;
            }

            int count = Batch.WriteState(_snapshot, 0);
            Record.AppendBatchSnapshot(_snapshot, 0, count);
            SnapshotCount++;
        }

        private void FillSample()
        {
            BioreactorController c = Controller;
            _sample.LiquidCelsius = c.LiquidReading.Value;
            _sample.LiquidStatus = c.LiquidReading.Status;
            _sample.LiquidSetPointCelsius = c.TemperatureControlEnabled ? c.Temperature.LiquidSetPointCelsius : double.NaN;
            _sample.PlateCelsius = c.PlateReading.Value;
            _sample.PlateStatus = c.PlateReading.Status;
            _sample.PlateSetPointCelsius = c.TemperatureControlEnabled ? c.Temperature.PlateSetPointCelsius : double.NaN;
            _sample.HeaterDutyFraction = c.HeaterDutyFraction;
            _sample.Co2Percent = c.Co2Reading.Value;
            _sample.Co2Status = c.Co2Reading.Status;
            _sample.Co2SetPointPercent = c.Co2ControlEnabled ? c.Co2.SetPointPercent : double.NaN;
            _sample.ValveDutyFraction = c.ValveDutyFraction;
            _sample.RockingRateRpm = c.HasRockingEstimate ? c.Rocking.MeasuredRateRpm : double.NaN;
            _sample.RockingRateSetPointRpm = c.RockingEnabled ? Batch.RockingRateRpm : double.NaN;
            _sample.RockingAmplitudeDegrees = c.HasRockingEstimate ? c.Rocking.MeasuredAmplitudeDegrees : double.NaN;
            _sample.RockingAmplitudeSetPointDegrees = c.RockingEnabled ? Batch.RockingAmplitudeDegrees : double.NaN;
            _sample.AngleDegrees = c.AngleReading.Value;
            _sample.AngleStatus = c.AngleReading.Status;
            _sample.AngleErrorRmsDegrees = c.HasRockingEstimate ? c.Rocking.CycleRmsErrorDegrees : double.NaN;
            _sample.DriveSpeedDegreesPerSecond = c.Safety.RockerSpeedOutputDegreesPerSecond;
            _sample.TemperatureMode = (int)c.Temperature.Mode;
            _sample.Co2Mode = (int)c.Co2.Mode;
            _sample.RockingMode = (int)c.Rocking.Mode;
            int flags = 0;
            if (c.DoorOpen)
            {
                flags |= RecordSample.FlagDoorOpen;
            }

            if (c.Safety.HeaterOutput)
            {
                flags |= RecordSample.FlagHeaterOn;
            }

            if (c.Safety.ValveOutput)
            {
                flags |= RecordSample.FlagValveOpen;
            }

            if (c.Safety.RockerEnabledOutput)
            {
                flags |= RecordSample.FlagDriveEnabled;
            }

            if (c.TemperatureControlEnabled)
            {
                flags |= RecordSample.FlagTemperatureControl;
            }

            if (c.Co2ControlEnabled)
            {
                flags |= RecordSample.FlagCo2Control;
            }

            if (c.RockingEnabled)
            {
                flags |= RecordSample.FlagRocking;
            }

            if (c.Alarms.CountUnacknowledged() > 0)
            {
                flags |= RecordSample.FlagUnacknowledgedAlarm;
            }

            _sample.Flags = flags;
            _sample.HighestAlarmPriority = (int)c.Alarms.HighestActivePriority;
            _sample.ActiveAlarmCount = c.Alarms.CountActive();
        }
    }
}
