using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Bioreactor.Control;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The device's status at one moment: every value the record's sample and the protocol's telemetry and state report,
    /// read once from the controller, the loops, the safety layer, the alarms and the batch, with the one copy of the rules
    /// for what is absent (NaN) while a loop is disabled or has no estimate yet.
    /// </summary>
    /// <remarks>
    /// <para>Filled by <see cref="BioreactorFirmware"/> under the device lock, not every tick: when a record sample is due,
    /// every <see cref="BioreactorFirmware.StatusPeriodMilliseconds"/>, and right after an alarm transition, a batch event or
    /// a command. The sample is taken from it (<see cref="FillSample"/>) and the link copies it (IFirmwareObserver.OnStatus)
    /// for telemetry and state. Read it only under the device lock or from such a copy.</para>
    /// <para>Absent values: set points while their loop is disabled; the rocking figures (measured rate, amplitude, RMS
    /// error) until the rocking loop has an estimate; the rocking set points while rocking is disabled. A measured value is
    /// kept whatever its sensor's status (the record stores both); the telemetry publishes it only when the status is Ok.</para>
    /// <para>Public fields, no properties: about sixty values, read and copied as a block (each property would cost two
    /// methods of the Device assembly's bytecode budget).</para>
    /// </remarks>
    public sealed class DeviceStatus
    {
        /// <summary>When the status was filled, UTC ms since 1970 (the clock's UTC).</summary>
        public long UtcMilliseconds;

        /// <summary>Whether the clock's UTC was synchronised then.</summary>
        public bool UtcSynchronized;

        /// <summary>Liquid (bag) temperature, °C, whatever its status.</summary>
        public double LiquidCelsius;

        /// <summary>Liquid probe status.</summary>
        public SensorStatus LiquidStatus;

        /// <summary>Liquid set point, °C (NaN while temperature control is disabled).</summary>
        public double LiquidSetPointCelsius;

        /// <summary>Heater plate temperature, °C.</summary>
        public double PlateCelsius;

        /// <summary>Plate probe status.</summary>
        public SensorStatus PlateStatus;

        /// <summary>Plate set point from the outer loop, °C (NaN while temperature control is disabled).</summary>
        public double PlateSetPointCelsius;

        /// <summary>Heater duty reported, 0–1 (0 while temperature control is disabled).</summary>
        public double HeaterDutyFraction;

        /// <summary>CO2, % v/v.</summary>
        public double Co2Percent;

        /// <summary>CO2 probe status.</summary>
        public SensorStatus Co2Status;

        /// <summary>CO2 set point, % (NaN while CO2 control is disabled).</summary>
        public double Co2SetPointPercent;

        /// <summary>Valve duty reported, 0–1 (0 while CO2 control is disabled).</summary>
        public double ValveDutyFraction;

        /// <summary>Measured rocking rate, rpm (NaN without an estimate).</summary>
        public double RockingRateRpm;

        /// <summary>Measured rocking amplitude, degrees (NaN without an estimate).</summary>
        public double RockingAmplitudeDegrees;

        /// <summary>Commanded rocking rate, rpm (NaN while rocking is disabled).</summary>
        public double RockingSetRateRpm;

        /// <summary>Commanded rocking amplitude, degrees (NaN while rocking is disabled).</summary>
        public double RockingSetAmplitudeDegrees;

        /// <summary>Platform angle, degrees.</summary>
        public double AngleDegrees;

        /// <summary>Angle sensor status.</summary>
        public SensorStatus AngleStatus;

        /// <summary>RMS tracking error of the last rocking cycle, degrees (NaN without an estimate).</summary>
        public double AngleErrorRmsDegrees;

        /// <summary>Drive speed command after safety, degrees per second.</summary>
        public double DriveSpeedDegreesPerSecond;

        /// <summary>The temperature loop's mode code.</summary>
        public int TemperatureMode;

        /// <summary>The CO2 loop's mode code.</summary>
        public int Co2Mode;

        /// <summary>The rocking loop's mode code.</summary>
        public int RockingMode;

        /// <summary>The door or lid is open.</summary>
        public bool DoorOpen;

        /// <summary>The heater output is energised (after safety).</summary>
        public bool HeaterOn;

        /// <summary>The CO2 valve output is open (after safety).</summary>
        public bool ValveOpen;

        /// <summary>The rocker drive is powered (after safety).</summary>
        public bool DriveEnabled;

        /// <summary>Temperature control is enabled.</summary>
        public bool TemperatureControlEnabled;

        /// <summary>CO2 control is enabled.</summary>
        public bool Co2ControlEnabled;

        /// <summary>Rocking is enabled.</summary>
        public bool RockingEnabled;

        /// <summary>The board has a heater supply relay.</summary>
        public bool HeaterSupplyFitted;

        /// <summary>The heater supply relay is closed (safety opens it on a latched trip).</summary>
        public bool HeaterSupplyClosed;

        /// <summary>The board has an upstream CO2 shut-off.</summary>
        public bool Co2ShutOffFitted;

        /// <summary>The upstream CO2 shut-off is open.</summary>
        public bool Co2ShutOffOpen;

        /// <summary>Active alarms.</summary>
        public int ActiveAlarms;

        /// <summary>Unacknowledged alarms.</summary>
        public int UnacknowledgedAlarms;

        /// <summary>Highest priority among the active alarms.</summary>
        public AlarmPriority HighestPriority;

        /// <summary>The batch id (null when none).</summary>
        public string BatchId;

        /// <summary>The recipe's name (null when none).</summary>
        public string RecipeName;

        /// <summary>The recipe's version (0 when none).</summary>
        public int RecipeVersion;

        /// <summary>The batch state.</summary>
        public BatchState State;

        /// <summary>The phase index, -1 when none.</summary>
        public int PhaseIndex;

        /// <summary>The phase's name (null when none).</summary>
        public string PhaseName;

        /// <summary>The phase waits for an operator's confirmation.</summary>
        public bool AwaitingConfirmation;

        /// <summary>The batch's temperature target, °C.</summary>
        public double TargetTemperatureCelsius;

        /// <summary>The batch's CO2 target, %.</summary>
        public double TargetCo2Percent;

        /// <summary>The batch's rocking rate target, rpm.</summary>
        public double TargetRateRpm;

        /// <summary>The batch's rocking amplitude target, degrees.</summary>
        public double TargetAmplitudeDegrees;

        /// <summary>A temperature autotune is active.</summary>
        public bool AutotuneActive;

        /// <summary>A batch record is open (as the control thread schedules it: entries handed to the record thread).</summary>
        public bool RecordOpen;

        /// <summary>Each alarm's state, by AlarmId.</summary>
        public readonly AlarmState[] AlarmStates = new AlarmState[AlarmCatalog.Count];

        /// <summary>Each alarm's priority, by AlarmId.</summary>
        public readonly AlarmPriority[] AlarmPriorities = new AlarmPriority[AlarmCatalog.Count];

        /// <summary>
        /// Reads everything from the controller and the batch (caller holds the device lock). Allocates nothing.
        /// </summary>
        internal void Fill(BioreactorController c, SafetySupervisor safety, BatchController b, bool recordOpen, IClock clock)
        {
            AlarmManager alarms = c.Alarms;
            UtcMilliseconds = RecordTime.ToUnixMilliseconds(clock.UtcNow);
            UtcSynchronized = clock.IsUtcSynchronized;
            TemperatureControlEnabled = c.TemperatureControlEnabled;
            Co2ControlEnabled = c.Co2ControlEnabled;
            RockingEnabled = c.RockingEnabled;
            bool estimate = c.HasRockingEstimate;
            LiquidCelsius = c.LiquidReading.Value;
            LiquidStatus = c.LiquidReading.Status;
            LiquidSetPointCelsius = TemperatureControlEnabled ? c.Temperature.LiquidSetPointCelsius : double.NaN;
            PlateCelsius = c.PlateReading.Value;
            PlateStatus = c.PlateReading.Status;
            PlateSetPointCelsius = TemperatureControlEnabled ? c.Temperature.PlateSetPointCelsius : double.NaN;
            HeaterDutyFraction = c.HeaterDutyFraction;
            Co2Percent = c.Co2Reading.Value;
            Co2Status = c.Co2Reading.Status;
            Co2SetPointPercent = Co2ControlEnabled ? c.Co2.SetPointPercent : double.NaN;
            ValveDutyFraction = c.ValveDutyFraction;
            RockingRateRpm = estimate ? c.Rocking.MeasuredRateRpm : double.NaN;
            RockingAmplitudeDegrees = estimate ? c.Rocking.MeasuredAmplitudeDegrees : double.NaN;
            RockingSetRateRpm = RockingEnabled ? b.RockingRateRpm : double.NaN;
            RockingSetAmplitudeDegrees = RockingEnabled ? b.RockingAmplitudeDegrees : double.NaN;
            AngleDegrees = c.AngleReading.Value;
            AngleStatus = c.AngleReading.Status;
            AngleErrorRmsDegrees = estimate ? c.Rocking.CycleRmsErrorDegrees : double.NaN;
            DriveSpeedDegreesPerSecond = safety.RockerSpeedOutputDegreesPerSecond;
            TemperatureMode = (int)c.Temperature.Mode;
            Co2Mode = (int)c.Co2.Mode;
            RockingMode = (int)c.Rocking.Mode;
            DoorOpen = c.DoorOpen;
            HeaterOn = safety.HeaterOutput;
            ValveOpen = safety.ValveOutput;
            DriveEnabled = safety.RockerEnabledOutput;
            HeaterSupplyFitted = c.HeaterSupplyFitted;
            HeaterSupplyClosed = safety.HeaterSupplyOutput;
            Co2ShutOffFitted = c.Co2ShutOffFitted;
            Co2ShutOffOpen = safety.Co2ShutOffOutput;
            ActiveAlarms = alarms.CountActive();
            UnacknowledgedAlarms = alarms.CountUnacknowledged();
            HighestPriority = alarms.HighestActivePriority;

            Recipe recipe = b.Recipe;
            RecipePhase phase = b.CurrentPhase;
            BatchId = b.BatchId;
            RecipeName = recipe == null ? null : recipe.Name;
            RecipeVersion = recipe == null ? 0 : recipe.Version;
            State = b.State;
            PhaseIndex = b.PhaseIndex;
            PhaseName = phase == null ? null : phase.Name;
            AwaitingConfirmation = b.AwaitingConfirmation;
            TargetTemperatureCelsius = b.GetTarget(BatchVariable.TemperatureCelsius);
            TargetCo2Percent = b.GetTarget(BatchVariable.Co2Percent);
            TargetRateRpm = b.GetTarget(BatchVariable.RockingRateRpm);
            TargetAmplitudeDegrees = b.GetTarget(BatchVariable.RockingAmplitudeDegrees);
            AutotuneActive = c.TemperatureAutotune.IsActive;
            RecordOpen = recordOpen;
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                AlarmStates[i] = alarms.GetState((AlarmId)i);
                AlarmPriorities[i] = alarms.GetDefinition((AlarmId)i).Priority;
            }
        }

        /// <summary>Writes the record's sample of this status into <paramref name="sample"/>; allocates nothing.</summary>
        public void FillSample(RecordSample sample)
        {
            sample.LiquidCelsius = LiquidCelsius;
            sample.LiquidStatus = LiquidStatus;
            sample.LiquidSetPointCelsius = LiquidSetPointCelsius;
            sample.PlateCelsius = PlateCelsius;
            sample.PlateStatus = PlateStatus;
            sample.PlateSetPointCelsius = PlateSetPointCelsius;
            sample.HeaterDutyFraction = HeaterDutyFraction;
            sample.Co2Percent = Co2Percent;
            sample.Co2Status = Co2Status;
            sample.Co2SetPointPercent = Co2SetPointPercent;
            sample.ValveDutyFraction = ValveDutyFraction;
            sample.RockingRateRpm = RockingRateRpm;
            sample.RockingRateSetPointRpm = RockingSetRateRpm;
            sample.RockingAmplitudeDegrees = RockingAmplitudeDegrees;
            sample.RockingAmplitudeSetPointDegrees = RockingSetAmplitudeDegrees;
            sample.AngleDegrees = AngleDegrees;
            sample.AngleStatus = AngleStatus;
            sample.AngleErrorRmsDegrees = AngleErrorRmsDegrees;
            sample.DriveSpeedDegreesPerSecond = DriveSpeedDegreesPerSecond;
            sample.TemperatureMode = TemperatureMode;
            sample.Co2Mode = Co2Mode;
            sample.RockingMode = RockingMode;
            int flags = 0;
            flags |= DoorOpen ? RecordSample.FlagDoorOpen : 0;
            flags |= HeaterOn ? RecordSample.FlagHeaterOn : 0;
            flags |= ValveOpen ? RecordSample.FlagValveOpen : 0;
            flags |= DriveEnabled ? RecordSample.FlagDriveEnabled : 0;
            flags |= TemperatureControlEnabled ? RecordSample.FlagTemperatureControl : 0;
            flags |= Co2ControlEnabled ? RecordSample.FlagCo2Control : 0;
            flags |= RockingEnabled ? RecordSample.FlagRocking : 0;
            flags |= UnacknowledgedAlarms > 0 ? RecordSample.FlagUnacknowledgedAlarm : 0;
            sample.Flags = flags;
            sample.HighestAlarmPriority = (int)HighestPriority;
            sample.ActiveAlarmCount = ActiveAlarms;
        }

        /// <summary>Copies every value of <paramref name="other"/>; allocates nothing.</summary>
        internal void CopyFrom(DeviceStatus other)
        {
            UtcMilliseconds = other.UtcMilliseconds;
            UtcSynchronized = other.UtcSynchronized;
            LiquidCelsius = other.LiquidCelsius;
            LiquidStatus = other.LiquidStatus;
            LiquidSetPointCelsius = other.LiquidSetPointCelsius;
            PlateCelsius = other.PlateCelsius;
            PlateStatus = other.PlateStatus;
            PlateSetPointCelsius = other.PlateSetPointCelsius;
            HeaterDutyFraction = other.HeaterDutyFraction;
            Co2Percent = other.Co2Percent;
            Co2Status = other.Co2Status;
            Co2SetPointPercent = other.Co2SetPointPercent;
            ValveDutyFraction = other.ValveDutyFraction;
            RockingRateRpm = other.RockingRateRpm;
            RockingAmplitudeDegrees = other.RockingAmplitudeDegrees;
            RockingSetRateRpm = other.RockingSetRateRpm;
            RockingSetAmplitudeDegrees = other.RockingSetAmplitudeDegrees;
            AngleDegrees = other.AngleDegrees;
            AngleStatus = other.AngleStatus;
            AngleErrorRmsDegrees = other.AngleErrorRmsDegrees;
            DriveSpeedDegreesPerSecond = other.DriveSpeedDegreesPerSecond;
            TemperatureMode = other.TemperatureMode;
            Co2Mode = other.Co2Mode;
            RockingMode = other.RockingMode;
            DoorOpen = other.DoorOpen;
            HeaterOn = other.HeaterOn;
            ValveOpen = other.ValveOpen;
            DriveEnabled = other.DriveEnabled;
            TemperatureControlEnabled = other.TemperatureControlEnabled;
            Co2ControlEnabled = other.Co2ControlEnabled;
            RockingEnabled = other.RockingEnabled;
            HeaterSupplyFitted = other.HeaterSupplyFitted;
            HeaterSupplyClosed = other.HeaterSupplyClosed;
            Co2ShutOffFitted = other.Co2ShutOffFitted;
            Co2ShutOffOpen = other.Co2ShutOffOpen;
            ActiveAlarms = other.ActiveAlarms;
            UnacknowledgedAlarms = other.UnacknowledgedAlarms;
            HighestPriority = other.HighestPriority;
            BatchId = other.BatchId;
            RecipeName = other.RecipeName;
            RecipeVersion = other.RecipeVersion;
            State = other.State;
            PhaseIndex = other.PhaseIndex;
            PhaseName = other.PhaseName;
            AwaitingConfirmation = other.AwaitingConfirmation;
            TargetTemperatureCelsius = other.TargetTemperatureCelsius;
            TargetCo2Percent = other.TargetCo2Percent;
            TargetRateRpm = other.TargetRateRpm;
            TargetAmplitudeDegrees = other.TargetAmplitudeDegrees;
            AutotuneActive = other.AutotuneActive;
            RecordOpen = other.RecordOpen;
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                AlarmStates[i] = other.AlarmStates[i];
                AlarmPriorities[i] = other.AlarmPriorities[i];
            }
        }

        /// <summary>
        /// Whether the state part (what the protocol's retained state carries: batch, recipe, phase, targets, autotune, record,
        /// alarm states) equals <paramref name="other"/>'s. Allocates nothing.
        /// </summary>
        internal bool SameStateAs(DeviceStatus other)
        {
            if (!SameString(BatchId, other.BatchId) || !SameString(RecipeName, other.RecipeName) || RecipeVersion != other.RecipeVersion
                || State != other.State || PhaseIndex != other.PhaseIndex || !SameString(PhaseName, other.PhaseName)
                || AwaitingConfirmation != other.AwaitingConfirmation
                || !SameNumber(TargetTemperatureCelsius, other.TargetTemperatureCelsius)
                || !SameNumber(TargetCo2Percent, other.TargetCo2Percent) || !SameNumber(TargetRateRpm, other.TargetRateRpm)
                || !SameNumber(TargetAmplitudeDegrees, other.TargetAmplitudeDegrees) || AutotuneActive != other.AutotuneActive
                || RecordOpen != other.RecordOpen)
            {
                return false;
            }

            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                if (AlarmStates[i] != other.AlarmStates[i])
                {
                    return false;
                }
            }

            return true;
        }

        // NaN equals NaN here (tested first: on nanoCLR an unordered comparison is not reliable).
        private static bool SameNumber(double a, double b)
        {
            bool nanA = double.IsNaN(a);
            bool nanB = double.IsNaN(b);
            return nanA || nanB ? nanA && nanB : a == b;
        }

        private static bool SameString(string a, string b)
        {
            return (object)a == (object)b || a == b;
        }
    }
}
