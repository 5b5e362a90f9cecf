using System;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// SHA-256 after FIPS 180-4 (Secure Hash Standard, 2015), sections 4.1.2, 4.2.2, 5.1.1, 5.3.3 and 6.2, written in the
    /// core because nanoFramework's System.Security.Cryptography offers HMACSHA256, HMACSHA512 and Aes but no SHA-256.
    /// Used for the recipe hash in the record header, the digest of bytes cut from a torn tail, and the managed HMAC.
    /// Incremental and allocation-free after construction; not thread-safe.
    /// </summary>
    public sealed class Sha256
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashLength = 32;

        /// <summary>Block length in bytes.</summary>
        public const int BlockLength = 64;

        // FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static readonly uint[] RoundConstants =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] _state = new uint[8];
        private readonly uint[] _schedule = new uint[64];
        private readonly byte[] _block = new byte[BlockLength];
        private int _blockFill;
        private long _totalBytes;

        /// <summary>Creates a hasher ready for <see cref="Update"/>.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>Computes the SHA-256 of a byte range in one call (allocates a hasher).</summary>
        public static void Hash(byte[] data, int offset, int count, byte[] hash, int hashOffset)
        {
            var sha = new Sha256();
            sha.Update(data, offset, count);
            sha.Finish(hash, hashOffset);
        }

        /// <summary>Starts a new message.</summary>
        public void Reset()
        {
            // FIPS 180-4 section 5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
            _state[0] = 0x6a09e667;
            _state[1] = 0xbb67ae85;
            _state[2] = 0x3c6ef372;
            _state[3] = 0xa54ff53a;
            _state[4] = 0x510e527f;
            _state[5] = 0x9b05688c;
            _state[6] = 0x1f83d9ab;
            _state[7] = 0x5be0cd19;
            _blockFill = 0;
            _totalBytes = 0;
        }

        /// <summary>Adds bytes to the message.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must lie inside data");
            }

            _totalBytes += count;
            while (count > 0)
            {
                if (_blockFill == 0 && count >= BlockLength)
                {
                    Compress(data, offset);
                    offset += BlockLength;
                    count -= BlockLength;
                    continue;
                }

                int take = BlockLength - _blockFill;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, _block, _blockFill, take);
                _blockFill += take;
                offset += take;
                count -= take;
                if (_blockFill == BlockLength)
                {
                    Compress(_block, 0);
                    _blockFill = 0;
                }
            }
        }

        /// <summary>Pads the message (FIPS 180-4 section 5.1.1), writes the 32-byte digest and resets.</summary>
        public void Finish(byte[] hash, int hashOffset)
        {
            long bitLength = _totalBytes * 8;
            _block[_blockFill++] = 0x80;
            if (_blockFill > BlockLength - 8)
            {
                Array.Clear(_block, _blockFill, BlockLength - _blockFill);
                Compress(_block, 0);
                _blockFill = 0;
            }

            Array.Clear(_block, _blockFill, BlockLength - 8 - _blockFill);
            for (int i = 0; i < 8; i++)
            {
                _block[BlockLength - 1 - i] = (byte)(bitLength >> (8 * i));
            }

            Compress(_block, 0);
            for (int i = 0; i < 8; i++)
            {
                uint word = _state[i];
                hash[hashOffset + 4 * i] = (byte)(word >> 24);
                hash[hashOffset + 4 * i + 1] = (byte)(word >> 16);
                hash[hashOffset + 4 * i + 2] = (byte)(word >> 8);
                hash[hashOffset + 4 * i + 3] = (byte)word;
            }

            Reset();
        }

        // Copies the chaining state after whole blocks (the HMAC keeps the states after its padded key blocks).
        internal void SaveState(uint[] state)
        {
            Array.Copy(_state, state, 8);
        }

        internal void LoadState(uint[] state, long bytesAlreadyHashed)
        {
            Array.Copy(state, _state, 8);
            _blockFill = 0;
            _totalBytes = bytesAlreadyHashed;
        }

        private static uint RotateRight(uint x, int n)
        {
            return (x >> n) | (x << (32 - n));
        }

        // FIPS 180-4 section 6.2.2: one block of the SHA-256 computation.
        private void Compress(byte[] data, int offset)
        {
            uint[] w = _schedule;
            for (int t = 0; t < 16; t++)
            {
                int i = offset + 4 * t;
                w[t] = ((uint)data[i] << 24) | ((uint)data[i + 1] << 16) | ((uint)data[i + 2] << 8) | data[i + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                uint x = w[t - 15];
                uint y = w[t - 2];
                uint sigma0 = RotateRight(x, 7) ^ RotateRight(x, 18) ^ (x >> 3);
                uint sigma1 = RotateRight(y, 17) ^ RotateRight(y, 19) ^ (y >> 10);
                w[t] = unchecked(sigma1 + w[t - 7] + sigma0 + w[t - 16]);
            }

            uint a = _state[0];
            uint b = _state[1];
            uint c = _state[2];
            uint d = _state[3];
            uint e = _state[4];
            uint f = _state[5];
            uint g = _state[6];
            uint h = _state[7];
            for (int t = 0; t < 64; t++)
            {
                uint bigSigma1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
                uint choose = (e & f) ^ (~e & g);
                uint t1 = unchecked(h + bigSigma1 + choose + RoundConstants[t] + w[t]);
                uint bigSigma0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
                uint majority = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = unchecked(bigSigma0 + majority);
                h = g;
                g = f;
                f = e;
                e = unchecked(d + t1);
                d = c;
                c = b;
                b = a;
                a = unchecked(t1 + t2);
            }

            _state[0] = unchecked(_state[0] + a);
            _state[1] = unchecked(_state[1] + b);
            _state[2] = unchecked(_state[2] + c);
            _state[3] = unchecked(_state[3] + d);
            _state[4] = unchecked(_state[4] + e);
            _state[5] = unchecked(_state[5] + f);
            _state[6] = unchecked(_state[6] + g);
            _state[7] = unchecked(_state[7] + h);
        }
    }
}
