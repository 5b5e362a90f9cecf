using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>What a test sees of a finished mosquitto_sub.</summary>
    internal sealed class ClientRun
    {
        public ClientRun(int exitCode, string output, string errors)
        {
            ExitCode = exitCode;
            Output = output;
            Errors = errors;
        }

        public int ExitCode { get; }

        public string Output { get; }

        public string Errors { get; }

        public override string ToString() => $"exit {ExitCode}; stdout: {Output}; stderr: {Errors}";
    }

    /// <summary>
    /// Clients that are not ours: the real <c>mosquitto_sub</c> (package mosquitto-clients), and a hand-built MQTT 3.1.1
    /// CONNECT for what mosquitto_sub refuses to send (an empty client id without a clean session).
    /// </summary>
    internal static class StandardClients
    {
        /// <summary>mosquitto_sub's path; a missing one fails the test and says what to install (no silent skip).</summary>
        public static string MosquittoSub()
        {
            string path = PasswordFiles.FindProgram("mosquitto_sub");
            if (path == null)
            {
                Assert.Fail("mosquitto_sub was not found (searched /usr/bin, /usr/local/bin, /usr/sbin and PATH). These tests check the broker " +
                            "with a standard client: install mosquitto-clients (Debian/Ubuntu: sudo apt-get install mosquitto-clients; .ci/run does this).");
            }

            return path;
        }

        /// <summary>
        /// Runs mosquitto_sub with <paramref name="arguments"/>, calling <paramref name="whileRunning"/> every 100 ms until it
        /// exits (at most <paramref name="timeout"/>, then it is killed).
        /// </summary>
        public static ClientRun RunMosquittoSub(IEnumerable<string> arguments, Action whileRunning, TimeSpan timeout)
        {
            var startInfo = new ProcessStartInfo(MosquittoSub()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(startInfo);
            var output = new StringBuilder();
            var errors = new StringBuilder();
            process.OutputDataReceived += (_, line) => { if (line.Data != null) { lock (output) { output.AppendLine(line.Data); } } };
            process.ErrorDataReceived += (_, line) => { if (line.Data != null) { lock (errors) { errors.AppendLine(line.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var wall = Stopwatch.StartNew();
            while (!process.WaitForExit(100))
            {
                if (wall.Elapsed > timeout)
                {
                    process.Kill();
                    process.WaitForExit();
                    break;
                }

                whileRunning?.Invoke();
            }

            process.WaitForExit();
            lock (output)
            {
                lock (errors)
                {
                    return new ClientRun(process.HasExited ? process.ExitCode : -1, output.ToString(), errors.ToString());
                }
            }
        }

        /// <summary>
        /// Sends an MQTT 3.1.1 CONNECT (MQTT 3.1.1 §3.1) with a zero-byte client id and the given clean-session flag, user
        /// name and password, and returns the CONNACK's return code (§3.2.2.3: 0 accepted, 2 identifier rejected, 4 bad
        /// user name or password, 5 not authorised); -1 when the broker closed the connection without a CONNACK.
        /// </summary>
        public static int ConnectWithEmptyClientId(int port, bool cleanSession, string user, string password)
        {
            var packet = new List<byte>();
            AddString(packet, "MQTT");
            packet.Add(4); // protocol level 4 = 3.1.1
            byte flags = (byte)(cleanSession ? 0x02 : 0x00);
            if (user != null)
            {
                flags |= 0x80;
            }

            if (password != null)
            {
                flags |= 0x40;
            }

            packet.Add(flags);
            packet.Add(0);
            packet.Add(30); // keep alive, s
            AddString(packet, string.Empty); // the client id: zero bytes
            if (user != null)
            {
                AddString(packet, user);
            }

            if (password != null)
            {
                AddString(packet, password);
            }

            Assert.IsTrue(packet.Count < 128, "one-byte remaining length");
            packet.Insert(0, (byte)packet.Count);
            packet.Insert(0, 0x10);

            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            using NetworkStream stream = client.GetStream();
            stream.ReadTimeout = 5000;
            stream.Write(packet.ToArray());
            byte[] connack = new byte[4];
            int read = 0;
            try
            {
                while (read < connack.Length)
                {
                    int got = stream.Read(connack, read, connack.Length - read);
                    if (got == 0)
                    {
                        return -1;
                    }

                    read += got;
                }
            }
            catch (IOException)
            {
                return -1;
            }

            Assert.AreEqual(0x20, connack[0], "CONNACK packet type");
            Assert.AreEqual(2, connack[1], "CONNACK remaining length");
            return connack[3];
        }

        private static void AddString(List<byte> packet, string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            packet.Add((byte)(bytes.Length >> 8));
            packet.Add((byte)bytes.Length);
            packet.AddRange(bytes);
        }
    }
}
