using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Simulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// The simulator's embedded-broker options (--broker-users, --broker-acl, --broker-listen): the shipped access list and
    /// a mosquitto password file in the simulator process itself, watched by a standard client.
    /// </summary>
    [TestClass]
    public sealed class SimulatorBrokerOptionsTests
    {
        private static readonly string Acl = Path.Combine(AppContext.BaseDirectory, "mosquitto", "acl");
        private static readonly string Simulator = Path.Combine(AppContext.BaseDirectory, "bioreactor-sim.dll");

        [TestMethod]
        public void Simulator_WithAUsersFileAndTheShippedAcl_SaysSoFirst_LetsTheTechnicianWatch_RefusesAnonymous()
        {
            string directory = Directory.CreateTempSubdirectory("bioreactor-sim-broker-").FullName;
            Process simulator = null;
            var errors = new List<string>();
            var output = new List<string>();
            try
            {
                string passwd = Path.Combine(directory, "passwd");
                string madeBy = PasswordFiles.Write(passwd, new Dictionary<string, string>
                {
                    ["sim-device-1"] = TestUsers.PasswordOf("sim-device-1"),
                    [TestUsers.Technician] = TestUsers.PasswordOf(TestUsers.Technician),
                });

                simulator = Start(errors, output,
                    "--idle", "--plain", "--record-dir", Path.Combine(directory, "records"), "--broker-port", "0",
                    "--broker-users", passwd, "--broker-acl", Acl, "--mqtt-password", TestUsers.PasswordOf("sim-device-1"));
                Assert.IsTrue(SpinWait.SpinUntil(() => Count(output, "device idle") > 0 || simulator.HasExited, TimeSpan.FromSeconds(60)), Describe(errors, output));
                Assert.IsFalse(simulator.HasExited, Describe(errors, output));

                string first = First(errors);
                Match mode = Regex.Match(first, @"^embedded MQTT broker on 127\.0\.0\.1:(\d+): users from (.+) \(2\), anonymous clients refused; access list (.+) \((\d+) rules\)$");
                Assert.IsTrue(mode.Success, $"first line: {first}; {madeBy}");
                Assert.AreEqual(passwd, mode.Groups[2].Value);
                Assert.AreEqual(Acl, mode.Groups[3].Value);
                string port = mode.Groups[1].Value;

                ClientRun watch = StandardClients.RunMosquittoSub(
                    new[] { "-h", "127.0.0.1", "-p", port, "-u", TestUsers.Technician, "-P", TestUsers.PasswordOf(TestUsers.Technician), "-t", "bioreactor/#", "-v", "-C", "1", "-W", "15" },
                    null,
                    TimeSpan.FromSeconds(20));
                Assert.AreEqual(0, watch.ExitCode, watch + Environment.NewLine + Describe(errors, output));
                StringAssert.StartsWith(watch.Output, "bioreactor/sim-device-1/", watch.ToString());

                ClientRun anonymous = StandardClients.RunMosquittoSub(
                    new[] { "-h", "127.0.0.1", "-p", port, "-t", "bioreactor/#", "-v", "-C", "1", "-W", "5" }, null, TimeSpan.FromSeconds(10));
                Assert.AreNotEqual(0, anonymous.ExitCode, anonymous.ToString());
                Assert.AreEqual(string.Empty, anonymous.Output, anonymous.ToString());
            }
            finally
            {
                if (simulator != null)
                {
                    if (!simulator.HasExited)
                    {
                        simulator.Kill(entireProcessTree: true);
                    }

                    simulator.WaitForExit();
                    simulator.Dispose();
                }

                Directory.Delete(directory, recursive: true);
            }
        }

        [TestMethod]
        public void Simulator_OpenBrokerOffLoopback_IsRefusedWithTheOptionThatAllowsIt()
        {
            var errors = new List<string>();
            var output = new List<string>();
            using Process simulator = Start(errors, output, "--idle", "--broker-listen", "0.0.0.0", "--broker-port", "0");
            Assert.IsTrue(simulator.WaitForExit(60000), Describe(errors, output));
            simulator.WaitForExit();
            Assert.AreEqual(2, simulator.ExitCode, Describe(errors, output));
            string message = string.Join(Environment.NewLine, errors);
            StringAssert.Contains(message, "loopback only");
            StringAssert.Contains(message, "--broker-users <file>");
        }

        [TestMethod]
        public void DeviceLogin_WithAUsersFile_NeedsTheDevicesRightPassword()
        {
            MqttPasswordFile users = MqttPasswordFile.Parse(PasswordFiles.HashLine("sim-device-1", "fake-device-password", new byte[12], 101) + "\n", "passwd");
            var embedded = new EmbeddedBrokerOptions { Port = 0, PasswordFile = users };

            MqttBrokerOptions login = Program.DeviceLogin(embedded, null, "fake-device-password", MqttProtocolLevel.V311);
            Assert.AreEqual("sim-device-1", login.Username, "the device id by default, as the shipped acl's patterns expect");
            Assert.AreEqual("fake-device-password", login.Password);
            Assert.AreEqual(MqttProtocolLevel.V311, login.ProtocolLevel);

            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Program.DeviceLogin(embedded, null, null, MqttProtocolLevel.V500)).Message, "--mqtt-password");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Program.DeviceLogin(embedded, null, "wrong", MqttProtocolLevel.V500)).Message, "does not match");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Program.DeviceLogin(embedded, "br-9", "x", MqttProtocolLevel.V500)).Message, "mosquitto_passwd passwd br-9");

            // Without a users file nothing checks it: the device names itself (for the acl's %u) and sends no password.
            MqttBrokerOptions open = Program.DeviceLogin(new EmbeddedBrokerOptions(), null, "ignored", MqttProtocolLevel.V500);
            Assert.AreEqual("sim-device-1", open.Username);
            Assert.IsNull(open.Password);
        }

        [TestMethod]
        public void EmbeddedBrokerFromOptions_ReadsBothFiles_AndNamesABadAddress()
        {
            EmbeddedBrokerOptions options = Program.EmbeddedBrokerFromOptions("127.0.0.1", 0, null, Acl);
            Assert.AreEqual(IPAddress.Loopback, options.BindAddress);
            Assert.AreEqual(Acl, options.AccessList.Source);
            Assert.IsNull(options.PasswordFile);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Program.EmbeddedBrokerFromOptions("localhost", 0, null, null)).Message, "not an IP address");
        }

        private static Process Start(List<string> errors, List<string> output, params string[] arguments)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Simulator);
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = info };
            process.ErrorDataReceived += (_, e) => Add(errors, e.Data);
            process.OutputDataReceived += (_, e) => Add(output, e.Data);
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            return process;
        }

        private static void Add(List<string> lines, string line)
        {
            if (line != null)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }

        private static int Count(List<string> lines, string text)
        {
            lock (lines)
            {
                return lines.FindAll(line => line.Contains(text, StringComparison.Ordinal)).Count;
            }
        }

        private static string First(List<string> lines)
        {
            lock (lines)
            {
                return lines.Count == 0 ? "(none)" : lines[0];
            }
        }

        private static string Describe(List<string> errors, List<string> output)
        {
            lock (errors)
            {
                lock (output)
                {
                    return "stderr: " + string.Join(" | ", errors) + Environment.NewLine + "stdout: " + string.Join(" | ", output);
                }
            }
        }
    }
}
