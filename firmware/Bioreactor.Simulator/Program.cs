using Bioreactor.Control.Device;
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using Bioreactor.Control;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Safety;
using Bioreactor.Virtual;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Host.Infrastructure.Records;
using Spectre.Console;

namespace Bioreactor.Simulator;

/// <summary>
/// The simulator's command line: <c>run</c> (the default) runs the firmware (control, batch, GMP record) on the virtual
/// bioreactor through the shipped T-cell expansion recipe as a batch, scaled to --duration, resuming an unclosed record
/// after a restart; <c>bench</c> runs the control-performance scenarios.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var plantOption = new Option<string>("--plant") { Description = "Plant file (JSON) describing the rig; default: the built-in default rig (hardware/virtual/rigs/default-rig.json)" };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the plant's noise and drift", DefaultValueFactory = _ => 1 };
        var durationOption = new Option<string>("--duration") { Description = "Simulated time to run, e.g. 14d, 36h, 90m, 600s", DefaultValueFactory = _ => "10d" };
        var speedOption = new Option<string>("--speed") { Description = "Multiple of real time (e.g. 3600), or 'max'", DefaultValueFactory = _ => "max" };
        var faultOption = new Option<string[]>("--fault")
        {
            Description = "Fault to inject, repeatable: kind[:target]@start[+duration], e.g. door-open@2h+30s, probe-open:liquid@3d, power-cut@4d+10m",
            AllowMultipleArgumentsPerToken = false,
        };
        var plainOption = new Option<bool>("--plain") { Description = "No live view: print progress lines and events (automatic when the output is redirected)" };
        var durableLinesOption = new Option<bool>("--durable-lines")
        {
            Description = "Machine-readable: print 'durable N' whenever the record's entries up to sequence N are flushed (for power-cut tests)",
        };
        var recordDirOption = new Option<string>("--record-dir") { Description = "Directory of the batch records (default: ./records); an unclosed record there is resumed" };
        var startUtcOption = new Option<string>("--start-utc")
        {
            Description = "Simulated UTC at which a new batch starts (ISO 8601); fixed by default so that the same seed gives the same record",
            DefaultValueFactory = _ => "2026-01-05T08:00:00Z",
        };
        var brokerOption = new Option<string>("--broker") { Description = "An external MQTT broker, host:port (default: the simulator's embedded broker)" };
        var brokerPortOption = new Option<int>("--broker-port") { Description = "Port of the embedded broker (0: a free one)", DefaultValueFactory = _ => 1883 };
        var brokerUsersOption = new Option<string>("--broker-users")
        {
            Description = "Users file of the embedded broker (mosquitto's password_file, made with mosquitto_passwd): anonymous clients are refused; " +
                          "the device logs in as --mqtt-username (default: its device id) with --mqtt-password",
        };
        var brokerAclOption = new Option<string>("--broker-acl") { Description = "Access list of the embedded broker (mosquitto's acl_file syntax, e.g. tools/mosquitto/acl)" };
        var brokerListenOption = new Option<string>("--broker-listen")
        {
            Description = "Address the embedded broker listens on (default 127.0.0.1; any other, e.g. 0.0.0.0, only with --broker-users)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var mqttUserOption = new Option<string>("--mqtt-username") { Description = "The device's user name at the broker (default with --broker-users: the device id, as the shipped mosquitto ACL expects)" };
        var mqttPasswordOption = new Option<string>("--mqtt-password") { Description = "The device's password at the broker (default: the BIOREACTOR_MQTT_PASSWORD environment variable)" };
        var mqttTlsOption = new Option<bool>("--mqtt-tls") { Description = "TLS to the external broker" };
        var mqttCaOption = new Option<string>("--mqtt-ca") { Description = "CA certificate file (PEM) the broker's certificate must chain to" };
        var mqtt311Option = new Option<bool>("--mqtt-3.1.1") { Description = "Speak MQTT 3.1.1 instead of 5.0 (correlation then travels in the payload only)" };
        var noMqttOption = new Option<bool>("--no-mqtt") { Description = "No MQTT at all: console and record only" };
        var serveOption = new Option<bool>("--serve") { Description = "After the batch, stay online as an idle device answering commands until Ctrl+C" };
        var idleOption = new Option<bool>("--idle") { Description = "Start no batch: the device waits for commands over MQTT (implies --serve)" };
        var noStationOption = new Option<bool>("--no-station") { Description = "Do not start the plant station (the web HMI) beside the simulated device" };
        var stationPortOption = new Option<int>("--station-port")
        {
            Description = "Port of the plant station's pages on 127.0.0.1 (0, or a port in use: a free one)",
            DefaultValueFactory = _ => SimulatorStation.DefaultPort,
        };
        var operatorOption = new Option<string>("--operator") { Description = "Operator who starts and attends the batch, tech.sim or admin.sim (QA, qa.sim, releases it; their public demonstration passwords are <id>-demo-password, never for a board)", DefaultValueFactory = _ => "tech.sim" };
        operatorOption.AcceptOnlyFromAmong(SimulatorOperators.TechnicianId, SimulatorOperators.AdministratorId);

        var root = new RootCommand("The bioreactor firmware's control core on a virtual rocking bioreactor.");
        foreach (Option option in new Option[] { plantOption, seedOption, durationOption, speedOption, faultOption, plainOption, durableLinesOption, recordDirOption, startUtcOption, operatorOption,
                     brokerOption, brokerPortOption, brokerUsersOption, brokerAclOption, brokerListenOption, mqttUserOption, mqttPasswordOption, mqttTlsOption, mqttCaOption, mqtt311Option, noMqttOption, serveOption, idleOption, noStationOption, stationPortOption })
        {
            root.Options.Add(option);
        }

        root.SetAction(parse =>
        {
            try
            {
                PlantParameters plant = LoadPlant(parse.GetValue(plantOption));
                double duration = SimulationOptions.ParseDurationSeconds(parse.GetValue(durationOption));
                double speed = SimulationOptions.ParseSpeed(parse.GetValue(speedOption));
                var faults = new List<Fault>();
                foreach (string spec in parse.GetValue(faultOption) ?? Array.Empty<string>())
                {
                    faults.Add(Fault.Parse(spec));
                }

                string recordDirectory = parse.GetValue(recordDirOption);
                if (string.IsNullOrEmpty(recordDirectory))
                {
                    recordDirectory = System.IO.Path.Combine(Environment.CurrentDirectory, "records");
                }

                bool live = !parse.GetValue(plainOption) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
                DateTime startUtc = SimulationOptions.ParseUtc(parse.GetValue(startUtcOption));
                MqttBrokerOptions external = null;
                EmbeddedBrokerOptions embedded = null;
                string broker = parse.GetValue(brokerOption);
                string password = parse.GetValue(mqttPasswordOption) ?? Environment.GetEnvironmentVariable("BIOREACTOR_MQTT_PASSWORD");
                var protocolLevel = parse.GetValue(mqtt311Option) ? MqttProtocolLevel.V311 : MqttProtocolLevel.V500;
                if (!string.IsNullOrEmpty(broker))
                {
                    foreach (Option embeddedOnly in new Option[] { brokerUsersOption, brokerAclOption, brokerListenOption, brokerPortOption })
                    {
                        if (parse.GetResult(embeddedOnly) is { Implicit: false })
                        {
                            throw new ArgumentException($"{embeddedOnly.Name} configures the embedded broker; with --broker (an external one) it has no effect: leave it out.");
                        }
                    }

                    external = new MqttBrokerOptions
                    {
                        Username = parse.GetValue(mqttUserOption),
                        Password = password,
                        UseTls = parse.GetValue(mqttTlsOption),
                        CaCertificateFile = parse.GetValue(mqttCaOption),
                        ProtocolLevel = protocolLevel,
                    };
                    external.SetEndpoint(broker);
                    external.Validate();
                }
                else if (!parse.GetValue(noMqttOption))
                {
                    embedded = EmbeddedBrokerFromOptions(parse.GetValue(brokerListenOption), parse.GetValue(brokerPortOption),
                        parse.GetValue(brokerUsersOption), parse.GetValue(brokerAclOption));
                    external = DeviceLogin(embedded, parse.GetValue(mqttUserOption), password, protocolLevel);
                }

                var run = new RunOptions(parse.GetValue(seedOption), duration, speed, recordDirectory, parse.GetValue(operatorOption), live, startUtc,
                    !parse.GetValue(noMqttOption), external, embedded, parse.GetValue(serveOption) || parse.GetValue(idleOption),
                    parse.GetValue(idleOption), parse.GetValue(durableLinesOption),
                    !parse.GetValue(noStationOption) && !parse.GetValue(noMqttOption) && string.IsNullOrEmpty(broker) && embedded?.PasswordFile == null && embedded?.AccessList == null,
                    parse.GetValue(stationPortOption));
                return RunBatch(plant, faults, run);
            }
            catch (Exception e) when (e is FormatException or PlantParametersException or ArgumentException or System.IO.IOException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        });

        root.Subcommands.Add(BenchCommand.Create(plantOption, seedOption));
        return root.Parse(args).Invoke();
    }

    /// <summary>The embedded broker's options from the command line: address, port, users file and access list.</summary>
    /// <exception cref="ArgumentException">The address is not an IP address, or an open broker would leave loopback.</exception>
    /// <exception cref="FormatException">The users file or access list is invalid (the message names the file and line).</exception>
    /// <exception cref="System.IO.IOException">A file cannot be read.</exception>
    public static EmbeddedBrokerOptions EmbeddedBrokerFromOptions(string listen, int port, string usersFile, string aclFile)
    {
        if (!System.Net.IPAddress.TryParse(listen ?? string.Empty, out System.Net.IPAddress address))
        {
            throw new ArgumentException($"--broker-listen '{listen}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1).");
        }

        var options = new EmbeddedBrokerOptions
        {
            BindAddress = address,
            Port = port,
            PasswordFile = string.IsNullOrEmpty(usersFile) ? null : MqttPasswordFile.Load(usersFile),
            AccessList = string.IsNullOrEmpty(aclFile) ? null : MqttAccessList.Load(aclFile),
            PortOptionHint = "--broker-port <port>",
            UsersOptionHint = "--broker-users <file>",
        };
        options.Validate();
        return options;
    }

    /// <summary>
    /// How the simulated device logs in at its own embedded broker: its user name (default the device id, which the
    /// shipped access list's patterns expect) and, when the broker has a users file, the password that file must accept.
    /// </summary>
    /// <exception cref="ArgumentException">The broker has a users file and the device's user or password is missing or wrong.</exception>
    public static MqttBrokerOptions DeviceLogin(EmbeddedBrokerOptions embedded, string username, string password, MqttProtocolLevel protocolLevel)
    {
        string user = string.IsNullOrEmpty(username) ? BatchSimulation.DeviceId : username;
        MqttPasswordFile users = embedded.PasswordFile;
        if (users != null)
        {
            if (!users.Contains(user))
            {
                throw new ArgumentException(
                    $"The embedded broker's users file {users.Source} has no user '{user}', as which the simulated device logs in: add it " +
                    $"(mosquitto_passwd {users.Source} {user}) or name another with --mqtt-username.");
            }

            if (string.IsNullOrEmpty(password))
            {
                throw new ArgumentException(
                    $"The embedded broker has a users file ({users.Source}): give the password of '{user}', as which the simulated device logs in, " +
                    "with --mqtt-password or the BIOREACTOR_MQTT_PASSWORD environment variable.");
            }

            if (!users.Verify(user, password))
            {
                throw new ArgumentException($"The password given for '{user}' does not match its line in {users.Source}.");
            }
        }

        // Without a users file nothing checks the user name (as mosquitto with allow_anonymous and no password_file); the
        // device still names itself so that an access list's %u patterns apply to it.
        return new MqttBrokerOptions { Username = user, Password = users == null ? null : password, ProtocolLevel = protocolLevel };
    }

    // The station reads the embedded broker (open, on loopback) as an ordinary client of its own.
    private static MqttBrokerOptions StationBroker(SimulatorMqtt mqtt)
    {
        var broker = new MqttBrokerOptions();
        broker.SetEndpoint(mqtt.BrokerEndpoint);
        return broker;
    }

    private static PlantParameters LoadPlant(string path) =>
        string.IsNullOrEmpty(path) ? PlantParameters.CreateDefault() : PlantParameters.Load(path);

    /// <summary>What the default command was asked to do.</summary>
    private sealed record RunOptions(int Seed, double DurationSeconds, double Speed, string RecordDirectory, string OperatorId, bool Live,
        DateTime StartUtc, bool Mqtt, MqttBrokerOptions Broker, EmbeddedBrokerOptions EmbeddedBroker, bool Serve, bool Idle, bool DurableLines,
        bool Station, int StationPort);

    private static int RunBatch(PlantParameters plant, List<Fault> faults, RunOptions o)
    {
        double speed = o.Speed;
        Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), o.DurationSeconds);
        // UTC across process restarts: the record's last entry plus the wall time since its file was written, times the
        // speed (times 1 at 'max'); a new batch starts at the wall clock's UTC (see BatchSimulation).
        DateTime startUtc = o.StartUtc;
        var unclosed = BatchSimulation.FindUnclosedRecord(o.RecordDirectory);
        if (unclosed is { } found)
        {
            TimeSpan wallGap = DateTime.UtcNow - found.FileWrittenUtc;
            if (wallGap < TimeSpan.Zero)
            {
                wallGap = TimeSpan.Zero;
            }

            startUtc = found.LastEntryUtc + TimeSpan.FromTicks((long)(wallGap.Ticks * (speed > 0 ? speed : 1)));
        }

        using SimulatorMqtt mqtt = o.Mqtt ? new SimulatorMqtt(o.EmbeddedBroker, o.Broker, BatchSimulation.LinkSettings(), Console.Error.WriteLine) : null;
        using var sim = new BatchSimulation(plant, o.Seed, o.RecordDirectory, recipe, startUtc, mqtt);
        foreach (Fault fault in faults)
        {
            sim.Board.AddFault(fault);
        }

        Console.WriteLine($"records in {sim.RecordDirectory}");
        if (mqtt != null)
        {
            Console.WriteLine($"mqtt: {(mqtt.IsEmbedded ? "embedded broker" : "broker")} at {mqtt.BrokerEndpoint}; device {BatchSimulation.DeviceId} "
                + $"publishes under bioreactor/{BatchSimulation.DeviceId}/ (protocol: docs/mqtt-protocol.md)");
        }

        using SimulatorStation station = mqtt != null && o.Station
            ? SimulatorStation.Start(sim.RecordDirectory, StationBroker(mqtt), o.OperatorId, o.StationPort)
            : null;
        if (station != null)
        {
            Console.WriteLine($"station: {station.Address} (every visitor is signed in as {o.OperatorId}, for the demonstration only; "
                + "--no-station leaves it out)");
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        // The simulator's own batch is attended by a simulated technician, also after a restart (a power cut, in-process or
        // a killed process): they acknowledge the power interruption, confirm the harvest and QA releases the batch. A
        // batch started over MQTT (--idle) is the user's to attend.
        bool ownBatch = !o.Idle;
        var people = new SimulatedTechnician(sim);
        void AttendRestart()
        {
            Console.WriteLine(ResumeLine(sim.Firmware));
            if (ownBatch && sim.Firmware.Controller.Alarms.GetState(AlarmId.PowerInterrupted) == AlarmState.UnacknowledgedActive)
            {
                Report(people.Act(o.OperatorId, "ack", new JsonObject { ["alarm"] = AlarmCatalog.Code(AlarmId.PowerInterrupted) }),
                    "acknowledge power interruption", o.OperatorId);
            }
        }

        sim.Restarted = _ => AttendRestart();
        if (sim.StartUp())
        {
            AttendRestart();
        }
        else if (!o.Idle)
        {
            string batchId = BatchSimulation.NextBatchId(sim.RecordDirectory, o.Seed);
            string refused = people.Act(o.OperatorId, "start", new JsonObject { ["batchId"] = batchId, ["recipe"] = RecipeText.Write(recipe) });
            if (refused != null)
            {
                Console.Error.WriteLine("error: the batch was not started: the device refused it (" + refused + ")");
                return 2;
            }

            Console.WriteLine($"started batch {batchId}: recipe {recipe.Name} v{recipe.Version} scaled to {SimulationOptions.FormatElapsed(o.DurationSeconds)}, "
                + $"{recipe.PhaseCount} phases, operator {o.OperatorId}; seed {o.Seed}; {faults.Count} fault(s) scheduled");
        }
        else
        {
            Console.WriteLine($"device idle: waiting for commands on bioreactor/{BatchSimulation.DeviceId}/cmd/<name>; Ctrl+C stops");
        }

        var wall = Stopwatch.StartNew();
        // Advance in chunks of simulated time small enough for pacing at low speeds and frequent progress lines.
        double tickSeconds = new BioreactorControllerSettings().TickSeconds;
        long ticksPerChunk = 0;
        double paceFromSeconds = 0; // simulated and wall time at which the current pace was set
        TimeSpan paceFromWall = TimeSpan.Zero;
        void Pace(double newSpeed)
        {
            speed = newSpeed;
            double chunkSeconds = speed == 0 ? 600 : Math.Clamp(speed * 0.1, tickSeconds, 600);
            ticksPerChunk = Math.Max(1, (long)Math.Round(chunkSeconds / tickSeconds));
            paceFromSeconds = sim.Board.ElapsedSeconds;
            paceFromWall = wall.Elapsed;
        }

        Pace(speed);
        double reportEverySeconds = Math.Max(3600, o.DurationSeconds / 20);
        double nextReportSeconds = reportEverySeconds;
        long lastPrintedDurable = -1;

        void AdvanceChunk()
        {
            for (long i = 0; i < ticksPerChunk; i++)
            {
                sim.Step();
            }

            if (speed > 0)
            {
                double aheadSeconds = (sim.Board.ElapsedSeconds - paceFromSeconds) / speed - (wall.Elapsed - paceFromWall).TotalSeconds;
                if (aheadSeconds > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(aheadSeconds));
                }
            }
        }

        // The simulator's own batch runs to its end, whatever phase a restart found it in; a batch started over MQTT (or
        // none) runs until Ctrl+C.
        bool Running() => !cancel.IsCancellationRequested && !(ownBatch && AtEnd(sim.Firmware.Batch));

        if (o.Live)
        {
            var lastRefresh = TimeSpan.Zero;
            AnsiConsole.Live(LiveView(sim, o.DurationSeconds, wall)).AutoClear(false).Start(context =>
            {
                while (Running())
                {
                    AdvanceChunk();
                    if (wall.Elapsed - lastRefresh >= TimeSpan.FromMilliseconds(200))
                    {
                        lastRefresh = wall.Elapsed;
                        context.UpdateTarget(LiveView(sim, o.DurationSeconds, wall));
                        context.Refresh();
                    }
                }

                context.UpdateTarget(LiveView(sim, o.DurationSeconds, wall));
            });
        }
        else
        {
            while (Running())
            {
                AdvanceChunk();

                // Machine-readable: every entry up to this sequence number is flushed (durable) in the record.
                long durable = sim.Firmware.Record.LastDurableSequence;
                if (o.DurableLines && durable != lastPrintedDurable)
                {
                    lastPrintedDurable = durable;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"durable {durable}"));
                }

                double batchSeconds = sim.Firmware.Batch.BatchElapsedMilliseconds / 1000.0;
                if (batchSeconds >= nextReportSeconds)
                {
                    nextReportSeconds = batchSeconds + reportEverySeconds;
                    Console.WriteLine(ProgressLine(sim));
                }
            }
        }

        BioreactorFirmware firmware = sim.Firmware;
        string finishedBatchId = firmware.Batch.BatchId;
        if (ownBatch && firmware.Batch.AwaitingConfirmation)
        {
            Report(people.Act(o.OperatorId, "confirm", new JsonObject { ["text"] = "cells harvested" }), "confirm harvest", o.OperatorId);
        }

        if (ownBatch && firmware.Batch.State == BatchState.Complete)
        {
            Report(people.Act(SimulatorOperators.QaId, "clear", new JsonObject { ["reason"] = "simulated batch reviewed" }), "release",
                SimulatorOperators.QaId);
        }

        Console.WriteLine(ProgressLine(sim));
        if (o.DurableLines)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"durable {firmware.Record.LastDurableSequence}"));
        }
        string name = firmware.Record.RecordName;
        using (var files = new FileRecordStorage(sim.RecordDirectory, false))
        using (var mac = new HostHmacSha256Authenticator(BatchSimulation.SimulatorKey()))
        {
            if (name != null && files.Open(name))
            {
                RecordVerification verification = RecordVerifier.Verify(files, mac, firmware.Record.LastDurableSequence, null);
                Console.WriteLine($"record {files.PathOf(name)}: {files.Length} bytes, {verification.VerifiedEntries} entries, "
                    + $"{(firmware.Record.IsClosed ? "closed" : "open")}; verification: {verification.Describe()}");
                files.Close();
            }
        }

        AnsiConsole.Write(ConsoleView.Summary(sim.Statistics, sim.Board.ElapsedSeconds, wall.Elapsed.TotalSeconds, sim.Restarts, null));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch {finishedBatchId} {BatchNames.StateName(firmware.Batch.State)}; {sim.Board.ElapsedSeconds / Math.Max(wall.Elapsed.TotalSeconds, 1e-9):F0}x real time"));

        if (mqtt != null && (o.Serve || station != null) && !cancel.IsCancellationRequested)
        {
            Console.WriteLine(station != null
                ? $"serving as an idle device on {mqtt.BrokerEndpoint}; the batch stays on the station at {station.Address} for review; Ctrl+C stops"
                : $"serving as an idle device on {mqtt.BrokerEndpoint} (records can be listed and fetched); Ctrl+C stops");

            // An idle device has nothing to hurry: after a batch run at 'max' it goes on in real time.
            Pace(speed == 0 ? 1 : speed);
            while (!cancel.IsCancellationRequested)
            {
                AdvanceChunk();
            }
        }

        if (mqtt != null)
        {
            MqttLink link = mqtt.Link;
            bool drained = mqtt.Drain(TimeSpan.FromSeconds(3));
            string undelivered = drained ? "" : "; the broker was not reachable at the end: queued events were not delivered";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mqtt: {link?.MessagesPublished ?? 0} messages published ({link?.TelemetryPublished ?? 0} telemetry, {link?.EventsPublished ?? 0} events), {link?.CommandsAccepted ?? 0} commands accepted, {link?.CommandsRefused ?? 0} refused, {link?.EventsDropped ?? 0} events dropped{undelivered}"));
        }

        return 0;
    }

    private static Spectre.Console.Rendering.IRenderable LiveView(BatchSimulation sim, double durationSeconds, Stopwatch wall)
    {
        BatchController batch = sim.Firmware.Batch;
        string phase = batch.PhaseIndex >= 0 ? batch.CurrentPhase.Name : "-";
        string step = $"batch {batch.BatchId}: {BatchNames.StateName(batch.State)}, phase {phase}; record at {sim.Firmware.Record.LastDurableSequence}";
        double ratio = sim.Board.ElapsedSeconds / Math.Max(wall.Elapsed.TotalSeconds, 1e-9);
        return ConsoleView.Live(sim.Firmware.Controller, sim.Board, batch.BatchElapsedMilliseconds / 1000.0, durationSeconds, ratio, step);
    }

    private static bool AtEnd(BatchController batch) =>
        batch.State == BatchState.Complete || batch.State == BatchState.Aborted || batch.State == BatchState.Idle || batch.AwaitingConfirmation;

    private static void Report(string refused, string what, string signer)
    {
        Console.WriteLine(what + " (signed by " + signer + "): " + (refused == null ? "accepted" : "refused: " + refused));
    }

    private static string ResumeLine(BioreactorFirmware firmware)
    {
        BatchController batch = firmware.Batch;
        string phase = batch.PhaseIndex >= 0 ? batch.CurrentPhase.Name : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"resumed batch {batch.BatchId} in phase {batch.PhaseIndex} ({phase}, {BatchNames.StateName(batch.State)}) after "
            + $"{SimulationOptions.FormatElapsed(firmware.PoweredOffMilliseconds / 1000.0)} powered off; record continues at {firmware.Record.NextSequence}");
    }

    private static string ProgressLine(BatchSimulation sim)
    {
        BioreactorFirmware f = sim.Firmware;
        var c = f.Controller;
        var b = sim.Board;
        string phase = f.Batch.PhaseIndex >= 0 ? f.Batch.CurrentPhase.Name : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{SimulationOptions.FormatElapsed(f.Batch.BatchElapsedMilliseconds / 1000.0)}  {BatchNames.StateName(f.Batch.State)} {phase}"
            + $"  liquid {b.TrueLiquidCelsius:F2} °C (SP {c.Temperature.LiquidSetPointCelsius:F1})"
            + $"  CO2 {b.TrueCo2Percent:F2} % (SP {c.Co2.SetPointPercent:F1})  angle {b.TrueAngleDegrees:F1}°"
            + $"  alarms active {c.Alarms.CountActive()}  record seq {f.Record.LastDurableSequence}");
    }
}
