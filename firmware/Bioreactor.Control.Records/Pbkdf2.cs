using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// PBKDF2 (RFC 8018 section 5.2) with HMAC-SHA256 as the pseudorandom function: the derivation of an operator's
    /// signing key (the verifier of the operator directory) from a password, a salt and an iteration count. The client
    /// derives when an operator signs, the provisioning command when it writes a directory entry; the device never does
    /// (it holds the derived key), so this runs on the host and in the device tests, which check it against RFC 7914
    /// section 11's vectors and the host's Rfc2898DeriveBytes. Cost: two SHA-256 blocks per iteration per 32 bytes of
    /// output (the HMAC's pad states are computed once).
    /// </summary>
    public static class Pbkdf2
    {
        /// <summary>Bytes of output per PRF block (hLen): the HMAC-SHA256 length.</summary>
        public const int BlockLength = Sha256.HashLength;

        /// <summary>
        /// Fills <paramref name="output"/> with PBKDF2(P, S, c, dkLen = output.Length). The password P is the key of
        /// <paramref name="prf"/>: HMAC-SHA256 keyed with the password's bytes, for example
        /// <see cref="HmacSha256Authenticator.ForPassword"/> or the host's HMACSHA256 behind the port.
        /// </summary>
        /// <param name="prf">HMAC-SHA256 keyed with the password.</param>
        /// <param name="salt">The salt S (any length, empty allowed by the RFC).</param>
        /// <param name="iterations">The iteration count c, at least 1.</param>
        /// <param name="output">Receives the derived key; its length is dkLen (at least 1 byte).</param>
        public static void DeriveKey(IMessageAuthenticator prf, byte[] salt, int iterations, byte[] output)
        {
            if (prf == null)
            {
                throw new ArgumentNullException("prf");
            }

            if (salt == null)
            {
                throw new ArgumentNullException("salt");
            }

            if (output == null)
            {
                throw new ArgumentNullException("output");
            }

            if (iterations < 1)
            {
                throw new ArgumentOutOfRangeException("iterations", "iterations must be at least 1");
            }

            if (output.Length == 0)
            {
                throw new ArgumentOutOfRangeException("output", "output must hold at least 1 byte");
            }

            // RFC 8018 section 5.2 step 2: l = CEIL(dkLen / hLen) blocks; an int length stays far below (2^32 - 1) * hLen.
            int blocks = (output.Length + BlockLength - 1) / BlockLength;
            byte[] saltAndIndex = new byte[salt.Length + 4];
            Array.Copy(salt, saltAndIndex, salt.Length);
            byte[] previous = new byte[BlockLength];
            byte[] next = new byte[BlockLength];
            byte[] sum = new byte[BlockLength];
            for (int block = 1; block <= blocks; block++)
            {
                // Step 3: U_1 = PRF(P, S || INT(i)), INT(i) the block index as four bytes, most significant first.
                saltAndIndex[salt.Length] = (byte)(block >> 24);
                saltAndIndex[salt.Length + 1] = (byte)(block >> 16);
                saltAndIndex[salt.Length + 2] = (byte)(block >> 8);
                saltAndIndex[salt.Length + 3] = (byte)block;
                prf.ComputeMac(saltAndIndex, 0, saltAndIndex.Length, previous, 0);
                Array.Copy(previous, sum, BlockLength);
                for (int j = 2; j <= iterations; j++)
                {
                    // U_j = PRF(P, U_{j-1}); T_i = U_1 xor ... xor U_c. Two buffers: the port does not promise that its
                    // input and output may be the same array.
                    prf.ComputeMac(previous, 0, BlockLength, next, 0);
                    for (int k = 0; k < BlockLength; k++)
                    {
                        sum[k] ^= next[k];
                    }

                    byte[] swap = previous;
                    previous = next;
                    next = swap;
                }

                // Step 4: DK = T_1 || T_2 || ... || T_l<0..r-1>.
                int at = (block - 1) * BlockLength;
                int take = output.Length - at < BlockLength ? output.Length - at : BlockLength;
                Array.Copy(sum, 0, output, at, take);
            }

            Array.Clear(previous, 0, BlockLength);
            Array.Clear(next, 0, BlockLength);
            Array.Clear(sum, 0, BlockLength);
        }
    }
}
