using Bioreactor.Control.Device;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Tests;
using Bioreactor.Mqtt.Tests;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Host.Infrastructure.Records;

namespace Bioreactor.Microbenchmarks;

/// <summary>
/// The MQTT interface's performance figures (issue: command round-trip latency p50/p99 on loopback, and record retrieval
/// throughput for a 14-day record), measured end to end: the simulated device as the simulator composes it
/// (BatchSimulation + SimulatorMqtt: the firmware, MqttLink, MqttNetTransport and its communication thread) on one
/// side of a broker, a QA client (MqttNetTransport) on the other. Figures are printed, not asserted.
/// </summary>
/// <remarks>
/// <para>Brokers: a mosquitto started on a free loopback port with the repository's configuration and access list (the
/// integration tests' fixture), or an external one with <c>--broker host:port</c>; and the simulator's embedded broker
/// with the same users and access list, for comparison.</para>
/// <para>The device's control thread runs either as on the board, one 20 ms tick per 20 ms of wall time
/// (<c>realtime</c>: a command waits for the next tick), or as fast as it can (<c>max</c>: what the link, the transport
/// and the broker cost; the communication thread still services the link every 5 ms, as the simulator does).</para>
/// </remarks>
public static class MqttBenchmark
{
    private const string DeviceId = "sim-bench";
    private const string RecordName = "B-BENCH-14D";
    private const int DefaultCommands = 1000;
    private const int WarmUpCommands = 50;

    /// <summary>Runs the MQTT benchmark; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var options = new Options();
        for (int index = 0; index < args.Length; index++)
        {
            string value = index + 1 < args.Length ? args[index + 1] : null;
            switch (args[index])
            {
                case "--broker": options.Broker = value; index++; break;
                case "--device-user": options.DeviceUser = value; index++; break;
                case "--device-password": options.DevicePassword = value; index++; break;
                case "--client-user": options.ClientUser = value; index++; break;
                case "--client-password": options.ClientPassword = value; index++; break;
                case "--commands": options.Commands = int.Parse(value, CultureInfo.InvariantCulture); index++; break;
                case "--days": options.Days = int.Parse(value, CultureInfo.InvariantCulture); index++; break;
                case "--pace": options.Paces = value == "both" ? new[] { "realtime", "max" } : new[] { value }; index++; break;
                case "--no-embedded": options.Embedded = false; break;
                case "--help":
                case "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[index]}'{Environment.NewLine}{Usage}");
                    return 2;
            }
        }

        string directory = Directory.CreateTempSubdirectory("bioreactor-bench-").FullName;
        try
        {
            var timer = Stopwatch.StartNew();
            (long length, long entries) = WriteRecord(directory, options.Days);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Days}-day record: {length / 1e6:F1} MB, {entries} entries, written in {timer.Elapsed.TotalSeconds:F1} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; loopback"));

            var targets = new List<(string Name, Func<(MqttBrokerOptions Device, MqttBrokerOptions Client, IDisposable Owner)> Start)>();
            if (options.Broker != null)
            {
                targets.Add(("external " + options.Broker, () => External(options)));
            }
            else
            {
                targets.Add(("mosquitto", StartMosquitto));
            }

            if (options.Embedded)
            {
                targets.Add(("embedded", StartEmbedded));
            }

            foreach (var target in targets)
            {
                foreach (string pace in options.Paces)
                {
                    (MqttBrokerOptions deviceOptions, MqttBrokerOptions clientOptions, IDisposable owner) started;
                    try
                    {
                        started = target.Start();
                    }
                    catch (InvalidOperationException exception)
                    {
                        Console.WriteLine($"{target.Name}: not measured: {exception.Message}");
                        break;
                    }

                    using (started.owner)
                    {
                        Measure(target.Name, pace, directory, started.deviceOptions, started.clientOptions, options, length);
                    }
                }
            }

            return 0;
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

    private const string Usage =
        "usage: dotnet run -c Release --project tools/Bioreactor.Microbenchmarks -- mqtt [--pace realtime|max|both] [--commands N] [--days N]\n" +
        "       [--broker host:port [--device-user U --device-password P] [--client-user U --client-password P]] [--no-embedded]\n" +
        "Without --broker a mosquitto is started on a free loopback port with tools/mosquitto's configuration and access list.";

    private static void Measure(string brokerName, string pace, string directory, MqttBrokerOptions deviceOptions, MqttBrokerOptions clientOptions,
        Options options, long recordLength)
    {
        var settings = new MqttLinkSettings { DeviceId = DeviceId, FirmwareVersion = BatchSimulation.FirmwareVersion };
        using var mqtt = new SimulatorMqtt(deviceOptions, 0, settings, line => { });
        using var sim = new BatchSimulation(PlantParameters.CreateDefault(), 1, directory, BatchSimulation.LoadShippedRecipe(),
            new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), mqtt);
        sim.StartUp();
        using var control = new ControlThread(sim, pace == "realtime");
        using var client = new ResponseClient(clientOptions);
        if (!SpinWait.SpinUntil(() => mqtt.Link != null && mqtt.Link.IsOnline, TimeSpan.FromSeconds(10)))
        {
            Console.WriteLine($"{brokerName} ({pace}): the device did not come online");
            return;
        }

        // Command round trip: publish status, wait for its response (response topic property, QoS 1 both ways).
        var latencies = new List<double>(options.Commands);
        for (int index = 0; index < WarmUpCommands + options.Commands; index++)
        {
            string id = "s-" + index.ToString(CultureInfo.InvariantCulture);
            byte[] request = Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\"}");
            long started = Stopwatch.GetTimestamp();
            byte[] response = client.Request("status", request, id);
            double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response == null)
            {
                Console.WriteLine($"{brokerName} ({pace}): no response to {id}: {client.LastError}");
                return;
            }

            if (index >= WarmUpCommands)
            {
                latencies.Add(milliseconds);
            }
        }

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{brokerName,-10} control {pace,-8} status round trip over {latencies.Count} commands: p50 {Percentile(latencies, 0.50):F2} ms, " +
            $"p99 {Percentile(latencies, 0.99):F2} ms, min {latencies[0]:F2} ms, max {latencies[^1]:F2} ms"));

        // Whole-record fetch at the default chunk limits, each chunk resumed at the previous next.offset and verified on
        // arrival with the core's RecordVerifier and the simulator's key.
        using var key = new HostHmacSha256Authenticator(BatchSimulation.SimulatorKey());
        var verifier = new RecordVerifier(key);
        long sequence = 0;
        long offset = -1;
        long entries = 0;
        long payloadBytes = 0;
        int chunks = 0;
        bool end = false;
        var wall = Stopwatch.StartNew();
        while (!end)
        {
            string id = "f-" + chunks.ToString(CultureInfo.InvariantCulture);
            string request = "{\"id\":\"" + id + "\",\"record\":\"" + RecordName + "\",\"fromSequence\":"
                + sequence.ToString(CultureInfo.InvariantCulture)
                + (offset >= 0 ? ",\"offset\":" + offset.ToString(CultureInfo.InvariantCulture) : string.Empty) + "}";
            byte[] response = client.Request("record", Encoding.UTF8.GetBytes(request), id);
            if (response == null)
            {
                Console.WriteLine($"{brokerName} ({pace}): no response to chunk {chunks}: {client.LastError}");
                return;
            }

            payloadBytes += response.Length;
            using JsonDocument document = JsonDocument.Parse(response);
            JsonElement root = document.RootElement;
            if (!root.GetProperty("ok").GetBoolean())
            {
                Console.WriteLine($"{brokerName} ({pace}): chunk {chunks} refused: {Encoding.UTF8.GetString(response)}");
                return;
            }

            foreach (JsonElement entry in root.GetProperty("entries").EnumerateArray())
            {
                byte[] frame = entry.GetBytesFromBase64();
                verifier.Push(frame, 0, frame.Length);
                entries++;
            }

            sequence = root.GetProperty("next").GetProperty("sequence").GetInt64();
            offset = root.GetProperty("next").GetProperty("offset").GetInt64();
            end = root.GetProperty("end").GetBoolean();
            chunks++;
        }

        double seconds = wall.Elapsed.TotalSeconds;
        RecordVerification verification = verifier.Finish(sequence - 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{brokerName,-10} control {pace,-8} record fetch: {entries} entries in {chunks} chunks in {seconds:F1} s: {entries / seconds:F0} entries/s, " +
            $"{recordLength / seconds / 1e6:F2} MB/s of record ({payloadBytes / seconds / 1e6:F2} MB/s of JSON); {verification.Describe()}"));
    }

    private static double Percentile(List<double> sorted, double fraction)
    {
        // Nearest rank (the smallest value with at least this fraction of the values at or below it).
        int rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static (MqttBrokerOptions, MqttBrokerOptions, IDisposable) StartMosquitto()
    {
        var broker = new MosquittoBroker();
        return (Credentials(broker.Port, DeviceId), Credentials(broker.Port, TestUsers.Qa), broker);
    }

    private static (MqttBrokerOptions, MqttBrokerOptions, IDisposable) StartEmbedded()
    {
        var broker = new EmbeddedTestBroker();
        return (Credentials(broker.Port, DeviceId), Credentials(broker.Port, TestUsers.Qa), broker);
    }

    private static (MqttBrokerOptions, MqttBrokerOptions, IDisposable) External(Options options)
    {
        var device = new MqttBrokerOptions { Username = options.DeviceUser, Password = options.DevicePassword };
        device.SetEndpoint(options.Broker);
        var client = new MqttBrokerOptions { Username = options.ClientUser, Password = options.ClientPassword };
        client.SetEndpoint(options.Broker);
        return (device, client, new Nothing());
    }

    private static MqttBrokerOptions Credentials(int port, string user) =>
        new() { Host = "127.0.0.1", Port = port, Username = user, Password = TestUsers.PasswordOf(user) };

    /// <summary>A closed record of <paramref name="days"/> days as the device writes it (a sample every 10 s, a batch
    /// snapshot every minute: the record format's 14-day fixture), signed with the simulator's key.</summary>
    private static (long Length, long Entries) WriteRecord(string directory, int days)
    {
        var clock = new ManualClock { UtcNow = new DateTime(2026, 2, 16, 8, 0, 0, DateTimeKind.Utc) };
        using var storage = new FileRecordStorage(directory, false);
        using var authenticator = new HostHmacSha256Authenticator(BatchSimulation.SimulatorKey());
        var writer = new BatchRecordWriter(storage, authenticator, clock);
        var header = new RecordHeader
        {
            DeviceId = DeviceId,
            FirmwareVersion = BatchSimulation.FirmwareVersion,
            BatchId = RecordName,
            RecipeName = "t-cell-expansion-14d",
            RecipeVersion = "1",
            OperatorId = "tech.sim",
            KeyId = "simulator",
        };
        header.SetRecipe(Encoding.UTF8.GetBytes("name = t-cell-expansion-14d\nversion = 1\n"));
        if (!writer.Begin(header))
        {
            throw new IOException("the benchmark record could not be created");
        }

        byte[] snapshot = new byte[168];
        var sample = new RecordSample { LiquidCelsius = 37.0, LiquidSetPointCelsius = 37.0, Co2Percent = 5.0, Co2SetPointPercent = 5.0 };
        int samples = days * 24 * 360;
        for (int index = 0; index < samples; index++)
        {
            clock.Advance(10_000);
            sample.AngleDegrees = (index % 13) - 6;
            writer.AppendSample(sample);
            if (index % 6 == 5)
            {
                writer.AppendBatchSnapshot(snapshot, 0, snapshot.Length);
            }
        }

        writer.Close(5, "complete");
        return (storage.RecordLength(RecordName), writer.LastDurableSequence + 1);
    }

    private sealed class Options
    {
        public string Broker;
        public string DeviceUser;
        public string DevicePassword;
        public string ClientUser;
        public string ClientPassword;
        public int Commands = DefaultCommands;
        public int Days = 14;
        public string[] Paces = { "realtime", "max" };
        public bool Embedded = true;
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }

    /// <summary>A client that sends one command at a time and waits for its response on its own response topic.</summary>
    private sealed class ResponseClient : IMqttReceiver, IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
        private readonly MqttNetTransport transport;
        private readonly string responseTopic = TopicNames.ResponseTo(DeviceId, "bench");
        private readonly object gate = new();
        private byte[] wanted;
        private byte[] answer;

        public ResponseClient(MqttBrokerOptions options)
        {
            transport = new MqttNetTransport(options);
            transport.SetReceiver(this);
            if (!transport.Connect("bench-client", null, null, MqttQualityOfService.AtMostOnce, false)
                || !transport.Subscribe(responseTopic, MqttQualityOfService.AtLeastOnce))
            {
                throw new InvalidOperationException("the benchmark client could not connect: " + transport.LastError);
            }
        }

        public string LastError => transport.LastError;

        /// <summary>Sends <paramref name="payload"/> to cmd/<paramref name="command"/>; the response with id <paramref name="id"/>, or null.</summary>
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
                DateTime deadline = DateTime.UtcNow + Timeout;
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
