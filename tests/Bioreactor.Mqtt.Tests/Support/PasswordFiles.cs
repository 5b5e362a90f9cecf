using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// Password files in mosquitto's password_file format for the brokers the tests start: hashed by the real
    /// <c>mosquitto_passwd -U</c> when it is installed, otherwise by <see cref="HashLine"/>, a writer following the format
    /// mosquitto 2.0 documents and writes (<see cref="Bioreactor.Host.Infrastructure.Mqtt.MqttPasswordFile"/>). Which one
    /// made a file is in <see cref="MadeBy"/>, so a test can say so.
    /// </summary>
    internal static class PasswordFiles
    {
        private static readonly string[] SearchDirectories = { "/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin" };

        /// <summary>mosquitto_passwd's path, or null when it is not installed.</summary>
        public static string MosquittoPasswd()
        {
            return FindProgram("mosquitto_passwd");
        }

        /// <summary>A program's path: the usual directories first, then PATH; null when absent.</summary>
        public static string FindProgram(string program)
        {
            var candidates = new List<string>(SearchDirectories);
            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
            foreach (string directory in candidates)
            {
                string path = Path.Combine(directory, program);
                if (File.Exists(path))
                {
                    return path;
                }
            }

            return null;
        }

        /// <summary>Writes <paramref name="users"/> (name → password) to <paramref name="path"/> as a hashed password file; returns who hashed it.</summary>
        public static string Write(string path, IDictionary<string, string> users)
        {
            string passwd = MosquittoPasswd();
            var text = new StringBuilder();
            foreach (KeyValuePair<string, string> user in users)
            {
                text.Append(passwd == null ? HashLine(user.Key, user.Value, RandomNumberGenerator.GetBytes(12), 101) : user.Key + ":" + user.Value).Append('\n');
            }

            File.WriteAllText(path, text.ToString());
            if (passwd == null)
            {
                return MadeBy(null);
            }

            var startInfo = new ProcessStartInfo(passwd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            startInfo.ArgumentList.Add("-U");
            startInfo.ArgumentList.Add(path);
            using Process hashing = Process.Start(startInfo);
            string errors = hashing.StandardError.ReadToEnd() + hashing.StandardOutput.ReadToEnd();
            if (!hashing.WaitForExit(10000) || hashing.ExitCode != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd -U failed: {errors}");
            }

            return MadeBy(passwd);
        }

        /// <summary>Describes who hashed a file: the real tool or the test's own writer.</summary>
        public static string MadeBy(string passwd) => passwd == null ? "the test's writer (mosquitto_passwd is not installed)" : passwd + " -U";

        /// <summary>
        /// One line as mosquitto_passwd 2.0 writes it: <c>user:$7$iterations$base64(salt)$base64(PBKDF2-HMAC-SHA512(password,
        /// salt, iterations, 64 bytes))</c> (mosquitto's apps/mosquitto_passwd/mosquitto_passwd.c, src/password_mosq.c).
        /// </summary>
        public static string HashLine(string user, string password, byte[] salt, int iterations)
        {
            byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, 64);
            return $"{user}:$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
        }
    }
}
