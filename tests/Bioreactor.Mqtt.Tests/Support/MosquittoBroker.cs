using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// A real mosquitto on a free loopback port, configured from the repository's tools/mosquitto/mosquitto.conf and acl:
    /// the listener, password_file and acl_file lines are pointed at a temporary directory, everything else is used as
    /// written. Passwords are hashed by mosquitto_passwd -U. A missing mosquitto is an error, not a skip: CI installs it.
    /// </summary>
    internal sealed class MosquittoBroker : ITestBroker
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
        private static readonly string[] SearchDirectories = { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/sbin" };

        private readonly string mosquittoPath;
        private readonly string directory;
        private readonly string configPath;
        private readonly StringBuilder output = new StringBuilder();
        private Process process;

        /// <summary>Starts mosquitto; with <paramref name="tls"/>, also the configuration's TLS listener on <see cref="TlsPort"/>.</summary>
        public MosquittoBroker(TlsFiles tls = null)
        {
            mosquittoPath = Find("mosquitto", null);
            string passwdPath = Find("mosquitto_passwd", Path.GetDirectoryName(mosquittoPath));
            Port = FreePort.Next();
            TlsPort = tls == null ? 0 : FreePort.Next();
            directory = Directory.CreateTempSubdirectory("bioreactor-mosquitto-").FullName;
            try
            {
                string source = Path.Combine(AppContext.BaseDirectory, "mosquitto");
                string aclPath = Path.Combine(directory, "acl");
                File.Copy(Path.Combine(source, "acl"), aclPath);
                string passwordPath = Path.Combine(directory, "passwd");
                WritePasswordFile(passwdPath, passwordPath);
                configPath = Path.Combine(directory, "mosquitto.conf");
                File.WriteAllText(configPath, Configure(File.ReadAllText(Path.Combine(source, "mosquitto.conf")), Port, passwordPath, aclPath, TlsPort, tls));
                Start();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string Name => "mosquitto";

        public int Port { get; }

        /// <summary>The TLS listener's port; 0 without TLS.</summary>
        public int TlsPort { get; }

        public string Log
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public void Start()
        {
            if (process != null)
            {
                return;
            }

            var startInfo = new ProcessStartInfo(mosquittoPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(configPath);
            var started = new Process { StartInfo = startInfo };
            started.ErrorDataReceived += (_, line) => Append(line.Data);
            started.OutputDataReceived += (_, line) => Append(line.Data);
            started.Start();
            started.BeginErrorReadLine();
            started.BeginOutputReadLine();
            process = started;

            // Ready when the listener accepts a TCP connection (polled: mosquitto has no readiness signal).
            DateTime deadline = DateTime.UtcNow + StartTimeout;
            while (true)
            {
                if (started.HasExited)
                {
                    started.WaitForExit();
                    process = null;
                    throw new InvalidOperationException(
                        $"mosquitto exited at start with code {started.ExitCode}; its log:{Environment.NewLine}{Log}");
                }

                if (Accepts())
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Stop();
                    throw new TimeoutException($"mosquitto did not accept connections on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s; its log:{Environment.NewLine}{Log}");
                }

                Thread.Sleep(20);
            }
        }

        public void Stop()
        {
            Process running = process;
            if (running == null)
            {
                return;
            }

            process = null;
            try
            {
                // SIGKILL: the broker vanishes as in a crash; the kernel closes every client socket.
                running.Kill();
                running.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
            finally
            {
                running.Dispose();
            }
        }

        public void Dispose()
        {
            Stop();
            try
            {
                Directory.Delete(directory, true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
        }

        /// <summary>
        /// The repository's configuration with the listener port and the two file paths replaced; with TLS, the commented
        /// TLS example is switched on (its listener moved to loopback and its placeholder paths replaced).
        /// </summary>
        private static string Configure(string template, int port, string passwordPath, string aclPath, int tlsPort, TlsFiles tls)
        {
            var lines = new List<string>();
            var replaced = new HashSet<string>();
            foreach (string line in template.Replace("\r\n", "\n").Split('\n'))
            {
                string trimmed = line.Trim();
                if (trimmed.StartsWith("listener ", StringComparison.Ordinal))
                {
                    string[] words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length != 3 || words[2] != "127.0.0.1")
                    {
                        throw new InvalidOperationException($"tools/mosquitto/mosquitto.conf: the active listener must be on loopback ('listener <port> 127.0.0.1'), found '{trimmed}'.");
                    }

                    lines.Add($"listener {port} 127.0.0.1");
                    replaced.Add("listener");
                }
                else if (trimmed.StartsWith("password_file ", StringComparison.Ordinal))
                {
                    lines.Add("password_file " + passwordPath);
                    replaced.Add("password_file");
                }
                else if (trimmed.StartsWith("acl_file ", StringComparison.Ordinal))
                {
                    lines.Add("acl_file " + aclPath);
                    replaced.Add("acl_file");
                }
                else if (tls != null && trimmed.StartsWith("#listener ", StringComparison.Ordinal))
                {
                    lines.Add($"listener {tlsPort} 127.0.0.1");
                    replaced.Add("#listener");
                }
                else if (tls != null && trimmed.StartsWith("#cafile ", StringComparison.Ordinal))
                {
                    lines.Add("cafile " + tls.CaCertificatePath);
                    replaced.Add("#cafile");
                }
                else if (tls != null && trimmed.StartsWith("#certfile ", StringComparison.Ordinal))
                {
                    lines.Add("certfile " + tls.CertificatePath);
                    replaced.Add("#certfile");
                }
                else if (tls != null && trimmed.StartsWith("#keyfile ", StringComparison.Ordinal))
                {
                    lines.Add("keyfile " + tls.KeyPath);
                    replaced.Add("#keyfile");
                }
                else if (tls != null && (trimmed.StartsWith("#tls_version ", StringComparison.Ordinal) || trimmed.StartsWith("#require_certificate ", StringComparison.Ordinal)))
                {
                    lines.Add(trimmed.Substring(1));
                }
                else
                {
                    lines.Add(line);
                }
            }

            if (tls != null)
            {
                foreach (string required in new[] { "#listener", "#cafile", "#certfile", "#keyfile" })
                {
                    if (!replaced.Contains(required))
                    {
                        throw new InvalidOperationException($"tools/mosquitto/mosquitto.conf has no commented TLS example line '{required} ...'.");
                    }
                }
            }

            foreach (string required in new[] { "listener", "password_file", "acl_file" })
            {
                if (!replaced.Contains(required))
                {
                    throw new InvalidOperationException($"tools/mosquitto/mosquitto.conf has no active '{required}' line.");
                }
            }

            lines.Add("log_dest stderr");

            // Started as root, mosquitto 2 switches to the "mosquitto" account, which cannot read a private temporary
            // directory; the test broker keeps the test runner's account instead.
            if (Environment.IsPrivilegedProcess)
            {
                lines.Add("user root");
            }

            return string.Join("\n", lines) + "\n";
        }

        private static void WritePasswordFile(string passwdPath, string passwordPath)
        {
            var plain = new StringBuilder();
            foreach (KeyValuePair<string, string> user in TestUsers.All())
            {
                plain.Append(user.Key).Append(':').Append(user.Value).Append('\n');
            }

            File.WriteAllText(passwordPath, plain.ToString());
            var startInfo = new ProcessStartInfo(passwdPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            startInfo.ArgumentList.Add("-U");
            startInfo.ArgumentList.Add(passwordPath);
            using Process hashing = Process.Start(startInfo);
            string errors = hashing.StandardError.ReadToEnd() + hashing.StandardOutput.ReadToEnd();
            if (!hashing.WaitForExit(10000) || hashing.ExitCode != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd -U failed: {errors}");
            }
        }

        private static string Find(string program, string preferredDirectory)
        {
            var candidates = new List<string>();
            if (preferredDirectory != null)
            {
                candidates.Add(preferredDirectory);
            }

            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
            candidates.AddRange(SearchDirectories);
            foreach (string candidate in candidates)
            {
                string path = Path.Combine(candidate, program);
                if (File.Exists(path))
                {
                    return path;
                }
            }

            throw new InvalidOperationException(
                $"{program} was not found (searched PATH and {string.Join(", ", SearchDirectories)}). The MQTT integration tests need " +
                "a real mosquitto: install it (Debian/Ubuntu: sudo apt-get install mosquitto; .ci/run does this) and run the tests again.");
        }

        private void Append(string line)
        {
            if (line == null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        private bool Accepts()
        {
            using var probe = new TcpClient();
            try
            {
                probe.Connect(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
