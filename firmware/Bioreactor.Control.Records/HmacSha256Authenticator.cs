using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104; FIPS 198-1 section 4) on the core's <see cref="Sha256"/>: portable, allocation-free after
    /// construction, checked against the RFC 4231 test vectors and against the host's System.Security.Cryptography. The
    /// states after the key's inner and outer pad blocks are kept, so a MAC costs the message's blocks plus one. Boards may
    /// use the platform's HMACSHA256 behind <see cref="IMessageAuthenticator"/> instead; both give the same bytes.
    /// </summary>
    public sealed class HmacSha256Authenticator : IMessageAuthenticator
    {
        /// <summary>
        /// Shortest key accepted, bytes: 128 bits. NIST SP 800-107 Rev. 1 section 5.3.4 makes an HMAC key's security
        /// strength at most its length; 128 bits exceeds the 112-bit minimum of NIST SP 800-131A.
        /// </summary>
        public const int MinimumKeyLength = 16;

        private readonly Sha256 _sha = new Sha256();
        private readonly uint[] _innerState = new uint[8];
        private readonly uint[] _outerState = new uint[8];
        private readonly byte[] _innerHash = new byte[Sha256.HashLength];
        private readonly object _lock = new object();

        /// <summary>Creates the authenticator; the key is copied into the pad states and not kept.</summary>
        /// <param name="key">The device's record key, at least <see cref="MinimumKeyLength"/> bytes.</param>
        public HmacSha256Authenticator(byte[] key)
            : this(key, MinimumKeyLength)
        {
        }

        private HmacSha256Authenticator(byte[] key, int minimumKeyLength)
        {
            if (key == null)
            {
                throw new ArgumentNullException("key");
            }

            if (key.Length < minimumKeyLength)
            {
                throw new ArgumentOutOfRangeException("key", "key must be at least 16 bytes (128 bits)");
            }

            // FIPS 198-1 section 4 steps 1-3: K0 is the key, hashed first when longer than the block, zero-padded to 64 bytes.
            byte[] k0 = new byte[Sha256.BlockLength];
            if (key.Length > Sha256.BlockLength)
            {
                Sha256.Hash(key, 0, key.Length, k0, 0);
            }
            else
            {
                Array.Copy(key, k0, key.Length);
            }

            byte[] pad = new byte[Sha256.BlockLength];
            for (int i = 0; i < pad.Length; i++)
            {
                pad[i] = (byte)(k0[i] ^ 0x36);
            }

            _sha.Reset();
            _sha.Update(pad, 0, pad.Length);
            _sha.SaveState(_innerState);

            for (int i = 0; i < pad.Length; i++)
            {
                pad[i] = (byte)(k0[i] ^ 0x5c);
            }

            _sha.Reset();
            _sha.Update(pad, 0, pad.Length);
            _sha.SaveState(_outerState);

            Array.Clear(k0, 0, k0.Length);
            Array.Clear(pad, 0, pad.Length);
            _sha.Reset();
        }

        /// <summary>
        /// Creates the authenticator as PBKDF2's pseudorandom function (<see cref="Pbkdf2"/>), keyed with a password's
        /// bytes: any length, empty included (RFC 8018 section 5.2 takes the password as the PRF's key as it is, and a
        /// password's strength is in its iterated derivation, not in its length). Not for record or signing keys: those
        /// take the constructor, which keeps <see cref="MinimumKeyLength"/>. The password is copied into the pad states
        /// and not kept.
        /// </summary>
        /// <param name="password">The password's bytes (UTF-8 of the typed text), any length.</param>
        public static HmacSha256Authenticator ForPassword(byte[] password)
        {
            return new HmacSha256Authenticator(password, 0);
        }

        /// <summary>Writes the 32-byte HMAC of the range into <paramref name="mac"/>; allocates nothing.</summary>
        public void ComputeMac(byte[] data, int offset, int count, byte[] mac, int macOffset)
        {
            if (mac == null)
            {
                throw new ArgumentNullException("mac");
            }

            if (macOffset < 0 || macOffset + Sha256.HashLength > mac.Length)
            {
                throw new ArgumentOutOfRangeException("macOffset", "mac needs 32 bytes at macOffset");
            }

            lock (_lock)
            {
                _sha.LoadState(_innerState, Sha256.BlockLength);
                _sha.Update(data, offset, count);
                _sha.Finish(_innerHash, 0);
                _sha.LoadState(_outerState, Sha256.BlockLength);
                _sha.Update(_innerHash, 0, _innerHash.Length);
                _sha.Finish(mac, macOffset);
            }
        }
    }
}
