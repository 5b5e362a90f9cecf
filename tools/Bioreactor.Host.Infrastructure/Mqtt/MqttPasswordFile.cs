using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Bioreactor.Host.Infrastructure.Mqtt
{
    /// <summary>
    /// User names and password hashes in mosquitto's <c>password_file</c> format (mosquitto.conf(5), "password_file";
    /// written by <c>mosquitto_passwd</c>), so the embedded broker logs clients in from the same file as the plant's
    /// mosquitto. One user a line, <c>#</c> starts a comment:
    /// <code>
    /// user:$7$&lt;iterations&gt;$&lt;salt, base64&gt;$&lt;hash, base64&gt;   PBKDF2-HMAC-SHA512 (mosquitto 2.0's default, 101 iterations)
    /// user:$6$&lt;salt, base64&gt;$&lt;hash, base64&gt;                 SHA-512 of the password's bytes followed by the salt (mosquitto 1.6 and earlier)
    /// </code>
    /// The salt is 12 bytes and the hash 64 (SHA-512's size), as mosquitto 2.0.11 writes and reads them:
    /// <c>apps/mosquitto_passwd/mosquitto_passwd.c</c> (output_new_password: <c>"%s:$%d$%d$%s$%s\n"</c>),
    /// <c>src/password_mosq.c</c> (pw__hash: <c>PKCS5_PBKDF2_HMAC</c> with SHA-512, or <c>EVP_Digest</c> of password then salt),
    /// <c>src/password_mosq.h</c> (SALT_LEN 12, PW_DEFAULT_ITERATIONS 101) and <c>src/security_default.c</c>
    /// (pwfile__parse, unpwd__decode_passwords) in eclipse/mosquitto.
    /// </summary>
    /// <remarks>
    /// Stricter than mosquitto in one way: mosquitto drops a line it cannot decode with an error in its log and starts
    /// anyway; this reader refuses the whole file and names the line, so a plain-text password (a file not yet hashed with
    /// <c>mosquitto_passwd -U</c>) is noticed at once instead of locking that user out.
    /// </remarks>
    public sealed class MqttPasswordFile
    {
        /// <summary>Salt length, bytes (mosquitto's SALT_LEN).</summary>
        public const int SaltBytes = 12;

        /// <summary>Hash length, bytes (SHA-512).</summary>
        public const int HashBytes = 64;

        private readonly Dictionary<string, Entry> users;

        private MqttPasswordFile(Dictionary<string, Entry> users, string source)
        {
            this.users = users;
            Source = source;
        }

        /// <summary>Number of users.</summary>
        public int UserCount => users.Count;

        /// <summary>The file this was loaded from; null when parsed from text.</summary>
        public string Source { get; }

        /// <summary>True when <paramref name="user"/> has a line.</summary>
        public bool Contains(string user) => user != null && users.ContainsKey(user);

        /// <summary>Parses the file's text; errors name the line.</summary>
        /// <param name="text">The file's text.</param>
        /// <param name="source">Where it came from, for messages; may be null.</param>
        /// <exception cref="FormatException">A line is not a user name, a colon and a <c>$6$</c> or <c>$7$</c> hash.</exception>
        public static MqttPasswordFile Parse(string text, string source = null)
        {
            ArgumentNullException.ThrowIfNull(text);
            var users = new Dictionary<string, Entry>(StringComparer.Ordinal);
            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            for (int index = 0; index < lines.Length; index++)
            {
                string line = lines[index];

                // As mosquitto's pwfile__parse: '#' in the first column is a comment, a line without ':' is ignored.
                if (line.Length == 0 || line[0] == '#' || line.IndexOf(':') < 0)
                {
                    continue;
                }

                int colon = line.IndexOf(':');
                string user = line.Substring(0, colon).Trim();
                string hash = line.Substring(colon + 1).Trim();
                string where = $"Password file {(source == null ? string.Empty : "'" + source + "' ")}line {index + 1}";
                if (user.Length == 0)
                {
                    throw new FormatException($"{where}: no user name before the ':'.");
                }

                if (users.ContainsKey(user))
                {
                    throw new FormatException($"{where}: user '{user}' is listed twice.");
                }

                users.Add(user, ParseHash(hash, user, where));
            }

            return new MqttPasswordFile(users, source);
        }

        /// <summary>Reads and parses a password file.</summary>
        /// <exception cref="FormatException">The file's text is invalid (see <see cref="Parse"/>).</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public static MqttPasswordFile Load(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            return Parse(File.ReadAllText(path), path);
        }

        /// <summary>
        /// True when <paramref name="user"/> has a line and <paramref name="password"/> (the bytes the client sent) hashes to
        /// its hash; false for an unknown user or a missing password. The comparison takes the same time wherever the hashes differ.
        /// </summary>
        public bool Verify(string user, byte[] password)
        {
            if (user == null || password == null || !users.TryGetValue(user, out Entry entry))
            {
                return false;
            }

            byte[] computed = entry.Iterations > 0
                ? Rfc2898DeriveBytes.Pbkdf2(password, entry.Salt, entry.Iterations, HashAlgorithmName.SHA512, HashBytes)
                : Sha512(password, entry.Salt);
            return CryptographicOperations.FixedTimeEquals(computed, entry.Hash);
        }

        /// <summary>True when <paramref name="user"/> has a line and <paramref name="password"/> (UTF-8) matches it.</summary>
        public bool Verify(string user, string password)
        {
            return password != null && Verify(user, Encoding.UTF8.GetBytes(password));
        }

        private static byte[] Sha512(byte[] password, byte[] salt)
        {
            byte[] input = new byte[password.Length + salt.Length];
            Buffer.BlockCopy(password, 0, input, 0, password.Length);
            Buffer.BlockCopy(salt, 0, input, password.Length, salt.Length);
            return SHA512.HashData(input);
        }

        private static Entry ParseHash(string hash, string user, string where)
        {
            string hint = $"{where}: user '{user}' has no mosquitto password hash ($7$<iterations>$<salt>$<hash> or $6$<salt>$<hash>)";
            string[] parts = hash.Split('$');

            // "$7$101$salt$hash" splits into "", "7", "101", "salt", "hash"; "$6$salt$hash" into "", "6", "salt", "hash".
            if (parts.Length < 4 || parts[0].Length != 0)
            {
                throw new FormatException(hint + "; a file of user:password lines is hashed in place with 'mosquitto_passwd -U <file>'.");
            }

            int iterations;
            int saltIndex;
            if (parts[1] == "7" && parts.Length == 5)
            {
                if (!int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iterations) || iterations < 1)
                {
                    throw new FormatException($"{where}: user '{user}' has an invalid iteration count '{parts[2]}' (a whole number, at least 1).");
                }

                saltIndex = 3;
            }
            else if (parts[1] == "6" && parts.Length == 4)
            {
                iterations = 0;
                saltIndex = 2;
            }
            else
            {
                throw new FormatException($"{where}: user '{user}' has an unknown hash type '${parts[1]}$' (mosquitto knows $6$ and $7$).");
            }

            byte[] salt = Base64(parts[saltIndex], SaltBytes, "salt", user, where);
            byte[] expected = Base64(parts[saltIndex + 1], HashBytes, "hash", user, where);
            return new Entry(iterations, salt, expected);
        }

        private static byte[] Base64(string text, int length, string what, string user, string where)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new FormatException($"{where}: user '{user}' has a {what} that is not base64.");
            }

            if (bytes.Length != length)
            {
                throw new FormatException($"{where}: user '{user}' has a {what} of {bytes.Length} bytes; mosquitto's is {length}.");
            }

            return bytes;
        }

        /// <summary>One user's hash: iterations 0 for <c>$6$</c> (plain salted SHA-512).</summary>
        private sealed class Entry
        {
            public Entry(int iterations, byte[] salt, byte[] hash)
            {
                Iterations = iterations;
                Salt = salt;
                Hash = hash;
            }

            public int Iterations { get; }

            public byte[] Salt { get; }

            public byte[] Hash { get; }
        }
    }
}
