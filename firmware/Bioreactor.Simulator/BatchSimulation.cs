using Bioreactor.Control.Device;
using System;
using System.IO;
using System.Reflection;
using System.Text;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Virtual;
using Bioreactor.Host.Infrastructure.Records;

namespace Bioreactor.Simulator;

/// <summary>
/// The device composed as on the board (<see cref="BioreactorDevice"/>: the firmware's control, batch and GMP record, and its
/// MQTT link when there is one) on the virtual bioreactor, with its records in a host directory. Each step the plant steps,
/// then the device ticks and its record service runs.
/// </summary>
/// <remarks>
/// <para>Plant state is not persisted across process restarts. The plant starts warm, at the recipe's first temperature
/// and CO2 (the batch assumes a bag filled with pre-warmed, pre-gassed medium), and a restarted process starts it there
/// again: a killed process models a short power cut, not a bag that cooled down.</para>
/// <para>Time across process restarts: the virtual clock's UTC continues from the record's last entry plus the wall time
/// since the record file was last written times the speed (times 1 at 'max'), so the record's outage is the wall-clock
/// gap as seen at the simulated speed.</para>
/// <para>A power-cut fault (<c>--fault power-cut@…</c>) stops the firmware in-process; when power returns, a new firmware
/// is composed on the same record directory and resumes the batch, as a rebooted board would.</para>
/// </remarks>
public sealed class BatchSimulation : IDisposable
{
    /// <summary>The simulator's device id, written in record headers.</summary>
    public const string DeviceId = "sim-device-1";

    /// <summary>The firmware version written in record headers.</summary>
    public const string FirmwareVersion = "sim-0.1.0";

    /// <summary>
    /// The default simulator operator directory: one operator of each role, with printed names and credentials for the
    /// public demonstration passwords of <see cref="SimulatorOperators"/>.
    /// </summary>
    public const string DefaultOperators = SimulatorOperators.DirectoryText;

    /// <summary>The resource name of the shipped recipe embedded in the simulator.</summary>
    public const string ShippedRecipeResource = "t-cell-expansion-10d.recipe";

    private readonly BioreactorControllerSettings settings = new();
    private readonly OperatorDirectory operators;
    private FileRecordStorage storage;
    private HostHmacSha256Authenticator authenticator;
    private readonly SimulatorMqtt mqtt;
    private bool wasPowered = true;

    /// <summary>Composes the board and the firmware; call <see cref="StartUp"/> next.</summary>
    /// <param name="mqtt">The MQTT side (the firmware's device link is attached to it at every composition), or null for none.</param>
    public BatchSimulation(PlantParameters plant, int seed, string recordDirectory, Recipe recipe, DateTime startUtc, SimulatorMqtt mqtt = null)
    {
        this.mqtt = mqtt;
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(recipe);
        RecordDirectory = Path.GetFullPath(recordDirectory);
        ValidationResult parsed = OperatorDirectory.Parse(DefaultOperators, out operators);
        if (!parsed.IsValid)
        {
            throw new InvalidOperationException(parsed.Text);
        }

        plant.Thermal.InitialLiquidCelsius = recipe.Phases[0].TemperatureCelsius;
        plant.Thermal.InitialPlateCelsius = recipe.Phases[0].TemperatureCelsius;
        plant.Gas.InitialCo2Percent = recipe.Phases[0].Co2Percent;
        Board = new VirtualBioreactor(plant, seed, startUtc);
        Device = Compose();
    }

    /// <summary>The virtual board.</summary>
    public VirtualBioreactor Board { get; }

    /// <summary>The device now running (a new one after each in-process power cut).</summary>
    public BioreactorDevice Device { get; private set; }

    /// <summary>The firmware now running (the device's).</summary>
    public BioreactorFirmware Firmware => Device.Firmware;

    /// <summary>Where the records are.</summary>
    public string RecordDirectory { get; }

    /// <summary>In-process restarts after power-cut faults.</summary>
    public int Restarts { get; private set; }

    /// <summary>Called after every in-process restart (the resume is done).</summary>
    public Action<BatchSimulation> Restarted { get; set; }

    /// <summary>
    /// The simulator's record key: derived from the device id by SHA-256, so anyone can verify simulator records.
    /// Obviously not secret: a real device's key is provisioned into it at manufacture and never committed anywhere.
    /// </summary>
    public static byte[] SimulatorKey() =>
        SimulatorRecordKey.Derive(DeviceId);

    /// <summary>The simulated device's MQTT link settings: its id and firmware version, the protocol's default periods.</summary>
    public static MqttLinkSettings LinkSettings() => new() { DeviceId = DeviceId, FirmwareVersion = FirmwareVersion };

    /// <summary>The shipped 10-day T-cell expansion recipe (embedded copy of recipes/t-cell-expansion-10d.recipe).</summary>
    public static Recipe LoadShippedRecipe()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ShippedRecipeResource)
            ?? throw new InvalidOperationException("the shipped recipe is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        ValidationResult result = RecipeText.Parse(reader.ReadToEnd(), out Recipe recipe);
        if (!result.IsValid)
        {
            throw new InvalidOperationException("shipped recipe: " + result.Text);
        }

        return recipe;
    }

    /// <summary>
    /// A copy of <paramref name="recipe"/> whose timed phases are scaled so they add up to <paramref name="durationSeconds"/>
    /// (each at least 1 s); phases ending on a confirmation stay so.
    /// </summary>
    public static Recipe ScaleToDuration(Recipe recipe, double durationSeconds)
    {
        Recipe copy = recipe.Clone();
        long total = 0;
        foreach (RecipePhase phase in copy.Phases)
        {
            if (phase.EndCondition == PhaseEndCondition.Duration)
            {
                total += phase.DurationSeconds;
            }
        }

        if (total <= 0)
        {
            return copy;
        }

        double factor = durationSeconds / total;
        foreach (RecipePhase phase in copy.Phases)
        {
            if (phase.EndCondition == PhaseEndCondition.Duration)
            {
                phase.DurationSeconds = Math.Max(1, (long)Math.Round(phase.DurationSeconds * factor));
            }
        }

        ValidationResult valid = copy.Validate();
        if (!valid.IsValid)
        {
            throw new ArgumentException("the scaled recipe is invalid: " + valid.Text);
        }

        return copy;
    }

    /// <summary>
    /// Reads the unclosed record in <paramref name="recordDirectory"/>, if any: its batch id and last entry's UTC, and the
    /// wall time its file was last written. Null when there is none.
    /// </summary>
    public static (string BatchId, DateTime LastEntryUtc, DateTime FileWrittenUtc)? FindUnclosedRecord(string recordDirectory)
    {
        if (!Directory.Exists(recordDirectory))
        {
            return null;
        }

        using var files = new FileRecordStorage(recordDirectory, false);
        using var mac = new HostHmacSha256Authenticator(SimulatorKey());
        foreach (string name in files.ListRecords())
        {
            RecordRecoveryResult scan = RecordRecovery.Scan(files, mac, name);
            if (scan.Found && !scan.IsClosed && scan.CanResume)
            {
                return (name, RecordTime.FromUnixMilliseconds(scan.LastEntryUtcUnixMilliseconds),
                    File.GetLastWriteTimeUtc(files.PathOf(name)));
            }
        }

        return null;
    }

    /// <summary>
    /// The first free batch id <c>sim-&lt;seed&gt;-NNN</c> in the record directory: runs with the same seed differ only in
    /// this number, so their records are otherwise identical.
    /// </summary>
    public static string NextBatchId(string recordDirectory, int seed)
    {
        using var files = new FileRecordStorage(recordDirectory, false);
        for (int number = 1; ; number++)
        {
            string id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"sim-{seed}-{number:D3}");
            if (!files.Exists(id))
            {
                return id;
            }
        }
    }

    /// <summary>Figures gathered on the true plant values.</summary>
    public RunStatistics Statistics { get; } = new();

    /// <summary>Resumes an unclosed record (true) or leaves the unit idle.</summary>
    public bool StartUp() => Device.StartUp();

    /// <summary>Advances plant and firmware by one control tick.</summary>
    public void Step()
    {
        Board.Step(settings.TickSeconds);
        if (!Board.IsPowered)
        {
            if (wasPowered)
            {
                wasPowered = false;
                mqtt?.PowerLost();
                CloseStorage();
            }

            Statistics.Sample(Board, Firmware.Controller, settings.TickSeconds, controlling: false, double.NaN);
            return;
        }

        if (!wasPowered)
        {
            wasPowered = true;
            Restarts++;
            Board.RestartBoardClock();
            Device = Compose();
            Device.StartUp();
            Restarted?.Invoke(this);
        }

        // The rocking loop steps its reference a tick ahead: the value it holds now is the reference for this instant.
        double referenceAngleDegrees = Firmware.Controller.Rocking.ReferenceAngleDegrees;

        // One thread for the device's control and record work, in this order every step (the board runs them on two
        // threads): the record, and so the power-cut test's "durable" lines, are then the same for a seed on every run and
        // every machine (docs/architecture.md rule 7), and the queue between them never fills.
        Device.Tick();
        Device.ServiceRecord();
        Statistics.Sample(Board, Firmware.Controller, settings.TickSeconds, controlling: true, referenceAngleDegrees);
    }

    /// <inheritdoc/>
    public void Dispose() => CloseStorage();

    private void CloseStorage()
    {
        storage?.Dispose();
        authenticator?.Dispose();
        storage = null;
        authenticator = null;
    }

    private BioreactorDevice Compose()
    {
        // Flushed to the operating system, not fsynced: the simulator's power cuts are process kills, which such a
        // flush survives, and an fsync per entry would make a 10-day batch take minutes. The ESP32 flushes to the card.
        storage = new FileRecordStorage(RecordDirectory, false);
        authenticator = new HostHmacSha256Authenticator(SimulatorKey());
        var ports = new BioreactorPorts(Board.LiquidProbe, Board.PlateProbe, Board.Co2Sensor, Board.AngleSensor,
            Board.Heater, Board.Co2Valve, Board.Rocker, Board.Door, Board.Clock)
            .FitActuatorFeedback(Board.HeaterCurrentMonitor, Board.HeaterSupplyRelay, Board.Co2FlowSensor, Board.Co2ShutOffValve);
        var firmware = new BioreactorFirmware(ports, settings, operators.Clone(), storage, authenticator, DeviceId, FirmwareVersion);
        // Without MQTT the link still checks the signed commands of the simulated technician, on a transport never connected.
        MqttLink link = mqtt?.Attach(firmware, storage, Board.Clock);
        if (link == null)
        {
            MqttLinkSettings offline = LinkSettings();
            offline.SessionNonce = SimulatorMqtt.NewSessionNonce();
            link = new MqttLink(firmware, new OfflineTransport(), storage, Board.Clock, offline, 0x5EED0000u);
        }

        return new BioreactorDevice(firmware, link);
    }
}
