using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bioreactor.Control.Protocol;
using Bioreactor.Host.Infrastructure.Records;

namespace Bioreactor.Host.Infrastructure.Signing
{
    /// <summary>
    /// A person signing commands on the host (docs/mqtt-protocol.md, "Signed commands"): the key derived from their
    /// password with the host's PBKDF2, signer times that only rise, and the signature the core's <see cref="CommandSigner"/>
    /// adds over the canonical form. Used by the technicians' client and the simulator's own technician and QA.
    /// </summary>
    public sealed class OperatorSigning
    {
        private long lastSignedAtMilliseconds;

        /// <summary>
        /// The operator's signing key, as the device's directory holds it: PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) of the password's
        /// UTF-8 bytes with the directory's salt and iteration count, 32 bytes.
        /// </summary>
        public static byte[] DeriveKey(byte[] passwordUtf8, byte[] salt, int iterations) =>
            Rfc2898DeriveBytes.Pbkdf2(passwordUtf8, salt, iterations, HashAlgorithmName.SHA256, 32);

        /// <summary>The operator's signing key from the password as typed (<see cref="DeriveKey(byte[], byte[], int)"/>).</summary>
        public static byte[] DeriveKey(string password, byte[] salt, int iterations) => DeriveKey(Encoding.UTF8.GetBytes(password), salt, iterations);

        /// <summary>
        /// The signed payload of <paramref name="payload"/> (its id and own fields): operator, meaning and a signer's time
        /// later than every one this instance gave before are added to it, then the signature under <paramref name="key"/>.
        /// </summary>
        /// <exception cref="ArgumentException">The command has no canonical form (a member neither string nor number).</exception>
        public byte[] Sign(string deviceId, string session, string command, JsonObject payload, string operatorId, string meaning, byte[] key)
        {
            lastSignedAtMilliseconds = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), lastSignedAtMilliseconds + 1);
            payload["operator"] = operatorId;
            payload["meaning"] = meaning;
            payload["signedAt"] = lastSignedAtMilliseconds;
            using var hmac = new HostHmacSha256Authenticator(key);
            return CommandSigner.Sign(deviceId, session, command, Encoding.UTF8.GetBytes(payload.ToJsonString()), hmac);
        }
    }
}
