using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bioreactor.Cli.Mqtt;
using Bioreactor.Control.Ports;
using Bioreactor.Host.Infrastructure.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// The connection options and their failures, without a device: option over environment over config file; the config
/// file's errors named by line; a broker nobody listens on exits 2 with the address; a missing reason exits 2 before any
/// connection; the device is the only one announced, else --device is asked for; a device that does not answer exits 3.
/// </summary>
[TestClass]
public class MqttConnectionTests
{
    [TestMethod]
    public void AnOptionBeatsTheEnvironmentWhichBeatsTheConfigFile()
    {
        string folder = SimulatedRecord.NewFolder("config");
        string config = Path.Combine(folder, "cli.conf");
        File.WriteAllText(config, "# plant broker\nbroker = file-host:1111\noperator = file.op\nmqtt-version = 3.1.1\ndevice = br-file\ntimeout = 7\n");
        var environment = new Dictionary<string, string> { ["BIOREACTOR_BROKER"] = "env-host:2222", ["BIOREACTOR_OPERATOR"] = "env.op" };

        ConnectionSettings settings = Resolve(environment, config, "--broker", "opt-host:3333", "--device", "br-opt");

        Assert.AreEqual("opt-host:3333", settings.Endpoint, "option over environment and file");
        Assert.AreEqual("env.op", settings.Operator, "environment over file");
        Assert.AreEqual("br-opt", settings.Device);
        Assert.AreEqual(MqttProtocolLevel.V311, settings.Broker.ProtocolLevel, "mqtt-version from the file");
        Assert.AreEqual(TimeSpan.FromSeconds(7), settings.Timeout);

        settings = Resolve(environment, config);
        Assert.AreEqual("env-host:2222", settings.Endpoint, "environment over file");
        settings = Resolve(null, config);
        Assert.AreEqual("file-host:1111", settings.Endpoint, "the file");
        settings = Resolve(null, null);
        Assert.AreEqual("127.0.0.1:1883", settings.Endpoint, "the default");
        Assert.IsNull(settings.Operator);
        Assert.AreEqual(MqttProtocolLevel.V500, settings.Broker.ProtocolLevel);
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void TlsDefaultsToPort8883AndThePasswordComesFromTheEnvironment()
    {
        var environment = new Dictionary<string, string> { ["BIOREACTOR_MQTT_PASSWORD"] = "fake-secret", ["BIOREACTOR_TLS"] = "true" };
        ConnectionSettings settings = Resolve(environment, null, "--broker", "broker.plant.example", "--username", "technician1");
        Assert.IsTrue(settings.Broker.UseTls);
        Assert.AreEqual(8883, settings.Broker.Port);
        Assert.AreEqual("fake-secret", settings.Broker.Password);
        Assert.AreEqual("technician1", settings.Broker.Username);

        settings = Resolve(environment, null, "--broker", "broker.plant.example:9883", "--username", "technician1");
        Assert.AreEqual(9883, settings.Broker.Port, "an explicit port stays");
    }

    [TestMethod]
    [DataRow("broker 127.0.0.1\n", "line 1: expected 'key = value'")]
    [DataRow("# ok\nbrokr = 127.0.0.1\n", "line 2: unknown key 'brokr'")]
    [DataRow("role = qa\n", "line 1: unknown key 'role'")]
    [DataRow("timeout = soon\n", "timeout 'soon' is not a number of seconds")]
    [DataRow("broker = host:99999\n", "port '99999' is not a number from 1 to 65535")]
    public void ABadConfigFileIsNamedWithItsLine(string text, string expected)
    {
        string folder = SimulatedRecord.NewFolder("badconfig");
        string config = Path.Combine(folder, "cli.conf");
        File.WriteAllText(config, text);

        CliRunner.Result result = MqttCli.Run(null, null, null, "status", "--config", config);

        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, expected, result.ToString());
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ABrokerNobodyListensOnExits2WithItsAddress()
    {
        int port = FreePort();

        CliRunner.Result result = MqttCli.AsTechnician("127.0.0.1:" + port, "status");

        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, $"error: cannot connect to the MQTT broker at 127.0.0.1:{port}: ", result.ToString());
        StringAssert.Contains(result.Error, "Check --broker", result.ToString());
    }

    [TestMethod]
    public void AMissingReasonExits2BeforeAnyConnection()
    {
        CliRunner.Result result = MqttCli.AsTechnician("127.0.0.1:" + FreePort(), "batch", "abort");
        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "batch abort needs a reason: give --reason", result.ToString());
        Assert.IsFalse(result.Error.Contains("cannot connect", StringComparison.Ordinal), "no connection was tried");

        result = MqttCli.AsTechnician("127.0.0.1:" + FreePort(), "setpoint", "rate", "12");
        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "needs a reason", result.ToString());

        result = MqttCli.Run(null, null, null, "batch", "hold", "--reason", "x", "--broker", "127.0.0.1:" + FreePort());
        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "no operator id: give --operator", result.ToString());
    }

    [TestMethod]
    public void TheDeviceIsTheOnlyOneAnnouncedElseDeviceIsAskedFor()
    {
        using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 });
        broker.Start();
        string endpoint = "127.0.0.1:" + broker.Port;

        CliRunner.Result result = MqttCli.AsTechnician(endpoint, "batch", "hold", "--reason", "sampling");
        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, $"no device seen on {endpoint}", result.ToString());

        using var fake = new MqttNetTransport(new MqttBrokerOptions { Host = "127.0.0.1", Port = broker.Port });
        Assert.IsTrue(fake.Connect("fake-devices", null, null, MqttQualityOfService.AtMostOnce, false), fake.LastError);
        foreach (string id in new[] { "br-02", "br-01" })
        {
            byte[] online = Encoding.UTF8.GetBytes("online");
            Assert.IsTrue(fake.Publish($"bioreactor/{id}/availability", online, online.Length, MqttQualityOfService.AtLeastOnce, true, null, null), fake.LastError);
        }

        result = MqttCli.AsTechnician(endpoint, "batch", "hold", "--reason", "sampling");
        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, $"2 devices on {endpoint} (br-01, br-02): give --device <id>", result.ToString());

        // Nobody answers for br-01: exit 3, the command id named (the first request, for the operator's signing parameters).
        result = MqttCli.Run(null, null, null, "batch", "hold", "--reason", "sampling", "--device", "br-01", "--broker", endpoint,
            "--operator", MqttCli.Technician, "--timeout", "0.5");
        Assert.AreEqual(ExitCodes.Timeout, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "device br-01 did not answer 'signer' within 0.5 s (command id cli-", result.ToString());
    }

    private static ConnectionSettings Resolve(IDictionary<string, string> environment, string config, params string[] args)
    {
        var console = new CliConsole(TextWriter.Null, TextWriter.Null, false,
            name => environment != null && environment.TryGetValue(name, out string value) ? value : null, config);
        var command = new RootCommand();
        ConnectionOptions options = ConnectionOptions.AddTo(command);
        ParseResult parse = command.Parse(args);
        Assert.AreEqual(0, parse.Errors.Count, string.Join("; ", parse.Errors));
        return options.Resolve(parse, console);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
