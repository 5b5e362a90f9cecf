using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
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
using Bioreactor.Virtual;

namespace Bioreactor.FleetBench;

/// <summary>What the record fetch measured.</summary>
internal sealed record ArchiveFetchResult(string Record, long Entries, int Chunks, long RecordBytes, long JsonBytes, double Seconds, string Verification,
    double SimulatedMinutes, double WriteSeconds)
{
    public double EntriesPerSecond => Entries / Seconds;

    public double RecordKilobytesPerSecond => RecordBytes / 1024.0 / Seconds;

    public double JsonKilobytesPerSecond => JsonBytes / 1024.0 / Seconds;
}

/// <summary>
/// Record transfer throughput with the protocol's <c>record</c> command (docs/mqtt-protocol.md, "Record retrieval") from
/// ONE real simulated device: the simulator's firmware on the virtual board (<see cref="BatchSimulation"/>) with its MQTT
/// link (<see cref="SimulatorMqtt"/>) on the benchmark's mosquitto. The device runs a batch of the shipped recipe, scaled
/// to the simulated length asked for, as fast as it can to write the record; then, ticking at its real pace (one 20 ms
/// tick per 20 ms, as on the board: a command waits for the record thread's next turn), it answers a chunked fetch loop
/// of this class's own (the default chunk limits, each chunk resumed at the previous <c>next.offset</c>, every frame
/// verified on arrival with the core's <see cref="RecordVerifier"/>). The station's own archive fetcher is not measured
/// here (not on this branch yet).
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

            using var control = new ControlThread(sim);
            if (!SpinWait.SpinUntil(() => mqtt.Link != null && mqtt.Link.IsOnline, TimeSpan.FromSeconds(15)))
            {
                throw new InvalidOperationException("the archive device did not come online");
            }

            using var client = new FetchClient(broker);
            using var key = new HostHmacSha256Authenticator(BatchSimulation.SimulatorKey());
            var verifier = new RecordVerifier(key);
            long sequence = 0;
            long offset = -1;
            long entries = 0;
            long recordBytes = 0;
            long jsonBytes = 0;
            int chunks = 0;
            bool done = false;
            var wall = Stopwatch.StartNew();
            while (!done)
            {
                string id = "fb-" + chunks.ToString(CultureInfo.InvariantCulture);
                string request = "{\"id\":\"" + id + "\",\"record\":\"" + batchId + "\",\"fromSequence\":" + sequence.ToString(CultureInfo.InvariantCulture)
                    + (offset >= 0 ? ",\"offset\":" + offset.ToString(CultureInfo.InvariantCulture) : string.Empty) + "}";
                byte[] response = client.Request("record", Encoding.UTF8.GetBytes(request), id)
                    ?? throw new InvalidOperationException($"no answer to chunk {chunks}: {client.LastError}");
                jsonBytes += response.Length;
                using JsonDocument document = JsonDocument.Parse(response);
                JsonElement root = document.RootElement;
                if (!root.GetProperty("ok").GetBoolean())
                {
                    throw new InvalidOperationException($"chunk {chunks} refused: {Encoding.UTF8.GetString(response)}");
                }

                foreach (JsonElement entry in root.GetProperty("entries").EnumerateArray())
                {
                    byte[] frame = entry.GetBytesFromBase64();
                    verifier.Push(frame, 0, frame.Length);
                    recordBytes += frame.Length;
                    entries++;
                }

                sequence = root.GetProperty("next").GetProperty("sequence").GetInt64();
                offset = root.GetProperty("next").GetProperty("offset").GetInt64();
                done = root.GetProperty("end").GetBoolean();
                chunks++;
            }

            double seconds = wall.Elapsed.TotalSeconds;
            RecordVerification verification = verifier.Finish(sequence - 1);
            return new ArchiveFetchResult(batchId, entries, chunks, recordBytes, jsonBytes, seconds, verification.Describe(), simulatedMinutes, writeSeconds);
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

    /// <summary>The device's control and record work on one thread, one 20 ms tick per 20 ms of wall time (as on the board).</summary>
    private sealed class ControlThread : IDisposable
    {
        private readonly Thread thread;
        private volatile bool stopping;

        public ControlThread(BatchSimulation sim)
        {
            double tickMilliseconds = new BioreactorControllerSettings().TickSeconds * 1000;
            thread = new Thread(() =>
            {
                var wall = Stopwatch.StartNew();
                long ticks = 0;
                while (!stopping)
                {
                    sim.Step();
                    ticks++;
                    double ahead = ticks * tickMilliseconds - wall.Elapsed.TotalMilliseconds;
                    if (ahead > 0)
                    {
                        Thread.Sleep(TimeSpan.FromMilliseconds(ahead));
                    }
                }
            })
            { IsBackground = true, Name = "archive-device-control" };
            thread.Start();
        }

        public void Dispose()
        {
            stopping = true;
            thread.Join();
        }
    }

    /// <summary>Sends one command at a time and waits for its answer on its own response topic.</summary>
    private sealed class FetchClient : IMqttReceiver, IDisposable
    {
        private readonly MqttNetTransport transport;
        private readonly string responseTopic = TopicNames.ResponseTo(DeviceId, "fleetbench");
        private readonly object gate = new();
        private byte[] wanted;
        private byte[] answer;

        public FetchClient(MqttBrokerOptions options)
        {
            transport = new MqttNetTransport(options);
            transport.SetReceiver(this);
            if (!transport.Connect("fleetbench-archive", null, null, MqttQualityOfService.AtMostOnce, false)
                || !transport.Subscribe(responseTopic, MqttQualityOfService.AtLeastOnce))
            {
                throw new InvalidOperationException("the fetch client could not connect: " + transport.LastError);
            }
        }

        public string LastError => transport.LastError;

        public byte[] Request(string command, byte[] payload, string id)
        {
            lock (gate)
            {
                wanted = Encoding.UTF8.GetBytes("\"id\":\"" + id + "\"");
                answer = null;
            }

            if (!transport.Publish(TopicNames.Command(DeviceId, command), payload, payload.Length, MqttQualityOfService.AtLeastOnce, false, responseTopic, null))
            {
                return null;
            }

            lock (gate)
            {
                DateTime deadline = DateTime.UtcNow + ChunkTimeout;
                while (answer == null)
                {
                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        return null;
                    }

                    Monitor.Wait(gate, left);
                }

                return answer;
            }
        }

        public void OnMessage(string topic, byte[] payload, string responseTopic, byte[] correlationData)
        {
            lock (gate)
            {
                if (wanted != null && payload.AsSpan().IndexOf(wanted) >= 0)
                {
                    answer = payload;
                    wanted = null;
                    Monitor.PulseAll(gate);
                }
            }
        }

        public void OnConnectionLost()
        {
        }

        public void Dispose() => transport.Dispose();
    }
}
