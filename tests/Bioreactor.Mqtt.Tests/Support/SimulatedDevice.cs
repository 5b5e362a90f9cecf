using Bioreactor.Control.Device;
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Host.Infrastructure.Records;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// The real firmware on the virtual board, connected to a test broker as the simulator runs it: a
    /// <see cref="BatchSimulation"/> with a <see cref="SimulatorMqtt"/> pointed at the broker (the device's own user and
    /// password, the repository's access list), so MqttLink, MqttNetTransport and the communication thread are the
    /// simulator's. The test's thread is the device's control and record thread: only <see cref="RunUntil"/> and
    /// <see cref="RunFor"/> advance the board, tick the device and run its record service (commands run there), so firmware
    /// state may be read between them without a lock. Simulated time runs at most <see cref="MaximumSpeed"/> times the wall
    /// clock, so the communication thread (every few milliseconds of wall time) keeps up with the telemetry period and the
    /// reconnect backoff.
    /// </summary>
    internal sealed class SimulatedDevice : IDisposable
    {
        /// <summary>Operators of the simulator's directory (BatchSimulation.DefaultOperators).</summary>
        public const string Technician = "tech.sim";

        public const string Qa = "qa.sim";

        public const string Administrator = "admin.sim";

        /// <summary>The default recipe length: the shipped recipe's timed phases in two simulated minutes.</summary>
        public const double ShortRecipeSeconds = 120;

        /// <summary>The shipped recipe's own length (10 days): its first phase lasts longer than any test.</summary>
        public const double FullRecipeSeconds = 10 * 24 * 3600;

        /// <summary>Simulated seconds per wall second, at most.</summary>
        public const double MaximumSpeed = 600;

        // Ticks between two checks of a condition: 0.1 s of simulated time at the 20 ms control tick.
        private const int SliceTicks = 5;

        private static readonly DateTime StartUtc = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);

        private readonly ConcurrentQueue<string> log = new ConcurrentQueue<string>();
        private readonly string directory;

        /// <summary>Composes the device, connects its link to <paramref name="broker"/> and starts it up (idle, nothing to resume).</summary>
        /// <param name="broker">Where the device connects, as its own user.</param>
        /// <param name="deviceId">The link's device id: its topic tree and its user name at the broker.</param>
        /// <param name="recipeSeconds">The shipped recipe's timed phases are scaled to add up to this many simulated seconds.</param>
        /// <param name="seed">The virtual board's seed.</param>
        public SimulatedDevice(ITestBroker broker, string deviceId, double recipeSeconds = ShortRecipeSeconds, int seed = 7)
        {
            DeviceId = deviceId;
            directory = Directory.CreateTempSubdirectory("bioreactor-e2e-").FullName;
            var options = new MqttBrokerOptions
            {
                Host = "127.0.0.1",
                Port = broker.Port,
                Username = deviceId,
                Password = TestUsers.PasswordOf(deviceId),
                ConnectTimeout = TimeSpan.FromSeconds(3),
                OperationTimeout = TimeSpan.FromSeconds(5),
                KeepAlive = TimeSpan.FromSeconds(15),
            };
            var settings = new MqttLinkSettings { DeviceId = deviceId, FirmwareVersion = BatchSimulation.FirmwareVersion };
            Mqtt = new SimulatorMqtt(options, 0, settings, line => log.Enqueue(line));

            // The shipped recipe with its timed phases scaled; the harvest phase still waits for a confirmation.
            Recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), recipeSeconds);
            Simulation = new BatchSimulation(PlantParameters.CreateDefault(), seed, directory, Recipe, StartUtc, Mqtt);
            if (Simulation.StartUp())
            {
                throw new InvalidOperationException("a new record directory has nothing to resume");
            }
        }

        public string DeviceId { get; }

        public SimulatorMqtt Mqtt { get; }

        public BatchSimulation Simulation { get; }

        /// <summary>The shipped recipe, scaled short.</summary>
        public Recipe Recipe { get; }

        /// <summary>The recipe as the text a client sends in a start command.</summary>
        public string RecipeText => Bioreactor.Control.Batch.RecipeText.Write(Recipe);

        public BioreactorFirmware Firmware => Simulation.Firmware;

        public MqttLink Link => Mqtt.Link;

        public VirtualBioreactor Board => Simulation.Board;

        /// <summary>The board's UTC now, ms since 1970 (the protocol's utc).</summary>
        public long UtcMilliseconds => RecordTime.ToUnixMilliseconds(Board.Clock.UtcNow);

        /// <summary>The link's and transport's log lines, for failure messages.</summary>
        public string Log => string.Join(" | ", log);

        /// <summary>Starts a batch on the device itself, as the simulator's own run does (no MQTT involved).</summary>
        public void StartBatchLocally(string batchId)
        {
            BatchResult result = Firmware.Execute(OperatorRequest.Start(Technician, Recipe, batchId));
            if (!result.IsAccepted)
            {
                throw new InvalidOperationException("the local start was refused: " + result.Message);
            }
        }

        /// <summary>
        /// Ticks the device until <paramref name="condition"/> holds (checked every 0.1 simulated seconds) or
        /// <paramref name="timeout"/> of wall time has passed; true when it held.
        /// </summary>
        public bool RunUntil(Func<bool> condition, TimeSpan timeout)
        {
            var wall = Stopwatch.StartNew();
            double startSeconds = Board.ElapsedSeconds;
            while (!condition())
            {
                if (wall.Elapsed > timeout)
                {
                    return false;
                }

                for (int tick = 0; tick < SliceTicks; tick++)
                {
                    Simulation.Step();
                }

                double aheadSeconds = (Board.ElapsedSeconds - startSeconds) / MaximumSpeed - wall.Elapsed.TotalSeconds;
                if (aheadSeconds > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(aheadSeconds));
                }
            }

            return true;
        }

        /// <summary>Ticks the device for <paramref name="simulatedSeconds"/> of simulated time.</summary>
        public void RunFor(double simulatedSeconds)
        {
            double end = Board.ElapsedSeconds + simulatedSeconds;
            TimeSpan timeout = TimeSpan.FromSeconds(10 + 3 * simulatedSeconds / MaximumSpeed);
            if (!RunUntil(() => Board.ElapsedSeconds >= end, timeout))
            {
                throw new TimeoutException($"{simulatedSeconds} simulated seconds did not pass within {timeout.TotalSeconds:F0} s of wall time");
            }
        }

        /// <summary>
        /// Every entry of the open record, read from its file beside the writer and authenticated with the simulator's key,
        /// plus the verification's result.
        /// </summary>
        public List<RecordFrame> ReadRecord(out RecordVerification verification)
        {
            string name = Firmware.Record.RecordName;
            var frames = new FrameCollector();
            using var storage = new FileRecordStorage(directory, false);
            using var key = new HostHmacSha256Authenticator(BatchSimulation.SimulatorKey());
            var verifier = new RecordVerifier(key, frames);
            byte[] buffer = new byte[64 * 1024];
            long position = 0;
            while (true)
            {
                int read = storage.ReadRecord(name, position, buffer, 0, buffer.Length);
                if (read < 0)
                {
                    throw new IOException($"reading record {name} failed: {storage.LastError}");
                }

                if (read == 0)
                {
                    break;
                }

                verifier.Push(buffer, 0, read);
                position += read;
            }

            verification = verifier.Finish(Firmware.Record.LastDurableSequence);
            return frames.Frames;
        }

        /// <summary>The operator actions of the open record, in record order.</summary>
        public List<OperatorActionEntry> OperatorActions()
        {
            var actions = new List<OperatorActionEntry>();
            List<RecordFrame> frames = ReadRecord(out RecordVerification verification);
            foreach (RecordFrame frame in frames)
            {
                OperatorActionEntry action = OperatorActionEntry.Decode(frame);
                if (action != null)
                {
                    actions.Add(action);
                }
            }

            if (!verification.IsIntact)
            {
                throw new InvalidOperationException("the record does not verify: " + verification.Describe());
            }

            return actions;
        }

        public void Dispose()
        {
            Mqtt.Dispose();
            Simulation.Dispose();
            try
            {
                Directory.Delete(directory, true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
        }

        private sealed class FrameCollector : IRecordEntrySink
        {
            public List<RecordFrame> Frames { get; } = new List<RecordFrame>();

            public void OnEntry(RecordFrame frame)
            {
                // The frame's bytes are valid only during the call: keep a copy of them.
                byte[] bytes = new byte[frame.Length];
                Buffer.BlockCopy(frame.Buffer, frame.FrameOffset, bytes, 0, frame.Length);
                var copy = new RecordFrame();
                copy.Parse(bytes, 0, bytes.Length, frame.Position);
                Frames.Add(copy);
            }
        }
    }
}
