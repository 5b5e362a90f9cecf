using Bioreactor.Control.Batch;
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// Verifies an operator's signature on a command (record thread; docs/mqtt-protocol.md, "Signed commands"): one
    /// HMAC-SHA256 over the command's canonical bytes (<see cref="CommandCanonicalForm"/>) under the operator's key, the
    /// PBKDF2 verifier of the device's directory (the iterated derivation is the signer's), and the freshness of its time
    /// (strictly after the operator's last signature accepted in this session; the session nonce, also covered, makes
    /// every signature of an earlier start void).
    /// </summary>
    internal sealed class SignatureCheck
    {
        /// <summary>Characters of a session nonce (128 bits in hex).</summary>
        public const int SessionNonceLength = 32;

        private readonly string _deviceId;
        private readonly string _session;
        private readonly CommandCanonicalForm _canonical;
        private readonly byte[] _mac = new byte[Sha256.HashLength];
        private readonly byte[] _given = new byte[Sha256.HashLength];

        // The last signedAt accepted per operator in this session (the directory's ids; at most as many as it holds).
        private readonly string[] _ids = StringSlots.Empty(OperatorDirectory.MaximumOperators);
        private readonly long[] _lastSignedAt = new long[OperatorDirectory.MaximumOperators];
        private int _count;

        public SignatureCheck(string deviceId, string session, int maximumCommandBytes)
        {
            _deviceId = deviceId;
            _session = session;

            // Canonical bytes are at most the payload's bytes plus the framing of every member (name, length, separators).
            _canonical = new CommandCanonicalForm(maximumCommandBytes + 1024);
        }

        /// <summary>
        /// Null when <paramref name="signature"/> is the operator's MAC of this command; otherwise why not. Allocates the
        /// operator's HMAC state (a command is rare; the record thread's, not the control tick's).
        /// </summary>
        public string Verify(string commandName, JsonValue command, string signature, OperatorCredential credential)
        {
            if (credential == null)
            {
                return "the operator has no signing credential in this device's directory (provision one)";
            }

            if (!HexText.TryParse(signature, true, _given))
            {
                return "signature must be 64 lowercase hex characters (HMAC-SHA256)";
            }

            if (!_canonical.Build(_deviceId, _session, commandName, command))
            {
                return "the command has no canonical form (a member neither string nor number, or too large)";
            }

            // SHA-256 compressions (FIPS 180-4 §5.1.1): the key's inner and outer pad blocks, ceil((n + 9) / 64) for the n
            // canonical bytes, one for the outer hash of the inner digest: 7 for a hold, 52 for a start with a 10-day recipe.
            var hmac = new HmacSha256Authenticator(credential.Verifier);
            hmac.ComputeMac(_canonical.Buffer, 0, _canonical.Length, _mac, 0);

            // Compared in full whatever differs first (no early exit: the time of a refusal tells nothing about the MAC).
            int difference = 0;
            for (int i = 0; i < _mac.Length; i++)
            {
                difference |= _given[i] ^ _mac[i];
            }

            return difference == 0 ? null : "the signature does not match this command under the operator's key (wrong password, "
                + "or the command was changed after signing)";
        }

        /// <summary>The last signedAt accepted from the operator in this session; -1 when none.</summary>
        public long LastSignedAt(string operatorId)
        {
            int i = IndexOf(operatorId);
            return i < 0 ? -1 : _lastSignedAt[i];
        }

        /// <summary>Remembers the operator's accepted signedAt.</summary>
        public void Accept(string operatorId, long signedAt)
        {
            int i = IndexOf(operatorId);
            if (i < 0)
            {
                if (_count == _ids.Length)
                {
                    // More signers than a directory holds (a directory was replaced): forget the oldest.
                    for (int k = 1; k < _count; k++)
                    {
                        _ids[k - 1] = _ids[k];
                        _lastSignedAt[k - 1] = _lastSignedAt[k];
                    }

                    _count--;
                }

                i = _count++;
                _ids[i] = operatorId;
            }

            _lastSignedAt[i] = signedAt;
        }

        private int IndexOf(string operatorId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_ids[i] == operatorId)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
