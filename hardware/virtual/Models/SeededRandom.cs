using System;
using System.Runtime.CompilerServices;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// A small deterministic generator: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
    /// generators", 2018) seeded through SplitMix64, with Gaussian deviates by Marsaglia's polar method. Each model
    /// owns its own stream (seed, stream number), so a sensor read or a new fault never shifts another model's noise.
    /// Allocation-free after construction.
    /// </summary>
    internal sealed class SeededRandom
    {
        private ulong s0;
        private ulong s1;
        private ulong s2;
        private ulong s3;
        private double spareGaussian;
        private bool hasSpare;

        /// <summary>Creates the stream number <paramref name="stream"/> of the seed <paramref name="seed"/>.</summary>
        public SeededRandom(int seed, int stream)
        {
            // SplitMix64 expands (seed, stream) into the 256-bit state; the constants are those of SplitMix64
            // (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
            ulong x = unchecked(((ulong)(uint)seed << 32) ^ (ulong)(uint)stream ^ 0x5DEECE66DUL);
            s0 = SplitMix(ref x);
            s1 = SplitMix(ref x);
            s2 = SplitMix(ref x);
            s3 = SplitMix(ref x);
        }

        /// <summary>Next 64 random bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong NextUInt64()
        {
            ulong result = RotateLeft(s1 * 5UL, 7) * 9UL;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = RotateLeft(s3, 45);
            return result;
        }

        /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double NextDouble()
        {
            return (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);
        }

        /// <summary>A standard normal deviate (mean 0, standard deviation 1).</summary>
        public double NextGaussian()
        {
            if (hasSpare)
            {
                hasSpare = false;
                return spareGaussian;
            }

            double u;
            double v;
            double s;
            do
            {
                u = (2.0 * NextDouble()) - 1.0;
                v = (2.0 * NextDouble()) - 1.0;
                s = (u * u) + (v * v);
            }
            while (s >= 1.0 || s == 0.0);

            double factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
            spareGaussian = v * factor;
            hasSpare = true;
            return u * factor;
        }

        private static ulong SplitMix(ref ulong x)
        {
            unchecked
            {
                x += 0x9E3779B97F4A7C15UL;
                ulong z = x;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        private static ulong RotateLeft(ulong x, int k)
        {
            return (x << k) | (x >> (64 - k));
        }
    }
}
