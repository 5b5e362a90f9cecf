using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// The signer's half of a signed command (docs/mqtt-protocol.md, "Signed commands"): adds the "signature" member to a
    /// command's JSON, the MAC of its canonical bytes (<see cref="CommandCanonicalForm"/>) under the operator's key. Used by
    /// every client (the command-line tool, the simulated technician, the tests), so that they and the device read one
    /// definition of the canonical form.
    /// </summary>
    public static class CommandSigner
    {
        /// <summary>
        /// The meaning a command is signed with unless its signer chooses another it allows (docs/mqtt-protocol.md,
        /// "Commands"): "released" for clear (QA's disposition of the batch), "approved" for unlock, "performed" for the others.
        /// </summary>
        public static string UsualMeaning(string commandName)
        {
            return commandName == "clear" ? "released" : commandName == "unlock" ? "approved" : "performed";
        }

        /// <summary>
        /// The signed payload: <paramref name="unsignedPayload"/> (a JSON object ending in its closing brace, with operator,
        /// meaning and signedAt, without a signature) with the signature member added last.
        /// </summary>
        /// <param name="deviceId">The device the command is for.</param>
        /// <param name="session">The device's session nonce (its birth message, status or signer answer).</param>
        /// <param name="commandName">The command (the topic's last level).</param>
        /// <param name="unsignedPayload">The command's JSON (UTF-8).</param>
        /// <param name="operatorKey">HMAC-SHA256 keyed with the operator's PBKDF2 key.</param>
        /// <exception cref="ArgumentException">The payload is not a JSON object, already signed, or has no canonical form.</exception>
        public static byte[] Sign(string deviceId, string session, string commandName, byte[] unsignedPayload, IMessageAuthenticator operatorKey)
        {
            if (unsignedPayload == null || unsignedPayload.Length < 2 || unsignedPayload[unsignedPayload.Length - 1] != (byte)'}')
            {
                throw new ArgumentException("the payload must be a JSON object ending in '}'", "unsignedPayload");
            }

            var reader = new JsonReader(unsignedPayload.Length, 8, 64);
            JsonValue root = reader.Parse(unsignedPayload, 0, unsignedPayload.Length);
            if (root == null || root.Kind != JsonKind.Object || root.Get(CommandCanonicalForm.SignatureField) != null)
            {
                throw new ArgumentException("the payload must be an unsigned JSON object", "unsignedPayload");
            }

            var canonical = new CommandCanonicalForm(unsignedPayload.Length + 1024);
            if (!canonical.Build(deviceId, session, commandName, root))
            {
                throw new ArgumentException("the command has no canonical form (a member neither string nor number)", "unsignedPayload");
            }

            byte[] mac = new byte[32];
            operatorKey.ComputeMac(canonical.Buffer, 0, canonical.Length, mac, 0);

            // An empty object takes the member without a separating comma.
            string separator = root.Count == 0 ? string.Empty : ",";
            byte[] tail = Utf8Text.GetBytes(separator + "\"" + CommandCanonicalForm.SignatureField + "\":\"" + HexText.Format(mac) + "\"}");
            byte[] signed = new byte[unsignedPayload.Length - 1 + tail.Length];
            Array.Copy(unsignedPayload, signed, unsignedPayload.Length - 1);
            Array.Copy(tail, 0, signed, unsignedPayload.Length - 1, tail.Length);
            return signed;
        }
    }
}
