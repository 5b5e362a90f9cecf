using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Device;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Host.Infrastructure.Records;
using Bioreactor.Simulator;
using Bioreactor.Station.Archive;
using Bioreactor.Station.Mqtt;
using Bioreactor.Virtual;

namespace Bioreactor.FleetBench;

/// <summary>What the record fetch measured.</summary>
internal sealed record ArchiveFetchResult(string Record, long Entries, int Chunks, long RecordBytes, double Seconds, string Verification,
    double SimulatedMinutes, double WriteSeconds)
{
    public double EntriesPerSecond => Entries / Seconds;

    public double RecordKilobytesPerSecond => RecordBytes / 1024.0 / Seconds;
}

/// <summary>
/// Record transfer throughput with the protocol's <c>record</c> command (docs/mqtt-protocol.md, "Record retrieval") from
/// ONE real simulated device: the simulator's firmware on the virtual board (<see cref="BatchSimulation"/>) with its MQTT
/// link (<see cref="SimulatorMqtt"/>) on the benchmark's mosquitto. The device runs a batch of the shipped recipe, scaled
/// to the simulated length asked for, as fast as it can to write the record; then, ticking at its real pace (one 20 ms
/// tick per 20 ms, as on the board: a command waits for the record thread's next turn), it answers the station's own
/// archive fetcher (<see cref="RecordFetcher"/> over <see cref="DeviceRequests"/>: the default chunk limits, each chunk
/// resumed at the previous <c>next.offset</c>, every frame verified on arrival, the record stored in a throw-away SQLite
/// archive and verified again there).
/// </summary>
internal static class ArchiveFetch
{
    private const string DeviceId = "fb-archive";
    private static readonly TimeSpan ChunkTimeout = TimeSpan.FromSeconds(10);

    public static ArchiveFetchResult Run(int brokerPort, double simulatedMinutes, Action<string> progress)
    {
        string directory = Directory.CreateTempSubdirectory("fleetbench-archive-").FullName;
        try
        {
            var broker = new MqttBrokerOptions { Host = "127.0.0.1", Port = brokerPort };
            var settings = new MqttLinkSettings { DeviceId = DeviceId, FirmwareVersion = BatchSimulation.FirmwareVersion };
            using var mqtt = new SimulatorMqtt(broker, 0, settings, _ => { });
            Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), simulatedMinutes * 60);
            using var sim = new BatchSimulation(PlantParameters.CreateDefault(), 11, directory, recipe, new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), mqtt);
            sim.StartUp();
            const string batchId = "LOT-FB-ARCHIVE";
            BatchResult started = sim.Firmware.Execute(OperatorRequest.Start("tech.sim", recipe, batchId));
            if (!started.IsAccepted)
            {
                throw new InvalidOperationException("the archive device refused the batch: " + started.Message);
            }

            // Write the record: the batch's simulated length as fast as the machine allows.
            var writing = Stopwatch.StartNew();
            double end = sim.Board.ElapsedSeconds + simulatedMinutes * 60;
            while (sim.Board.ElapsedSeconds < end)
            {
                sim.Step();
            }

            double writeSeconds = writing.Elapsed.TotalSeconds;
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"archive device: {simulatedMinutes:F0} simulated minutes of batch written in {writeSeconds:F1} s; fetching its record at the board's pace"));

            using var control = new ControlThread(sim, realTime: true);
            if (!SpinWait.SpinUntil(() => mqtt.Link != null && mqtt.Link.IsOnline, TimeSpan.FromSeconds(15)))
            {
                throw new InvalidOperationException("the archive device did not come online");
            }

            // The station's archive, as the station composes it, on a throw-away SQLite file.
            var keyring = new RecordKeyring(null, simulatorKeys: true);
            var archive = new RecordArchive(StationDatabase.Open(null, directory), keyring);
            using var requests = new DeviceRequests(broker);
            var fetcher = new RecordFetcher(requests, archive, keyring);
            var chunks = new ChunkCounter();
            var wall = Stopwatch.StartNew();
            FetchResult fetched = fetcher.FetchAsync(DeviceId, batchId, chunks).GetAwaiter().GetResult();
            double seconds = wall.Elapsed.TotalSeconds;
            ArchivedRecord record = fetched.Record
                ?? throw new InvalidOperationException("the station's fetcher archived nothing: " + fetched.Error);
            return new ArchiveFetchResult(batchId, record.Entries, chunks.Count, fetched.BytesFetched, seconds,
                record.VerificationName + (record.IsGood ? string.Empty : ": " + record.Finding), simulatedMinutes, writeSeconds);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Counts the fetcher's progress reports: one per chunk, made on the fetching thread.</summary>
    private sealed class ChunkCounter : IProgress<FetchProgress>
    {
        public int Count { get; private set; }

        public void Report(FetchProgress value) => Count++;
    }
}
