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

        // Gaussian deviates are made ahead in batches (the same sequence, pair by pair, as one at a time): the polar
        // method's chain of logarithm, division and square root then overlaps across pairs instead of stalling each
        // sensor conversion (the speed run converts about three samples a tick). Uniform draws after the first
        // Gaussian would come from further on in the stream than unbatched, so they are refused (see NextUInt64).
        private const int GaussianBatch = 64;
        private readonly double[] gaussians = new double[GaussianBatch];
        private readonly double[] squaredRadii = new double[GaussianBatch / 2];
        private int nextGaussian = GaussianBatch;
        private bool gaussiansDrawn;

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

        /// <summary>Next 64 random bits (uniform draws only before the first Gaussian one: see the batch above).</summary>
        /// <exception cref="InvalidOperationException">A Gaussian deviate was already drawn from this stream.</exception>
        public ulong NextUInt64()
        {
            if (gaussiansDrawn)
            {
                throw new InvalidOperationException("uniform draws must come before the first Gaussian draw of a stream");
            }

            return Draw();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ulong Draw()
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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private double DrawDouble()
        {
            // The same value as NextDouble's: 53 bits fit a long exactly, whose conversion is one instruction (an
            // unsigned one takes a longer sequence on x64).
            return (long)(Draw() >> 11) * (1.0 / 9007199254740992.0);
        }

        /// <summary>A standard normal deviate (mean 0, standard deviation 1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double NextGaussian()
        {
            if (nextGaussian == GaussianBatch)
            {
                FillGaussians();
            }

            return gaussians[nextGaussian++];
        }

        // The next batch, each pair by the polar method: u·factor first, then v·factor (the order one at a time gives).
        // First every pair's accepted (u, v) and s, then every factor: the second loop has no rejection branch, so the
        // logarithms, divisions and square roots of successive pairs overlap.
        private void FillGaussians()
        {
            gaussiansDrawn = true;
            double[] batch = gaussians;
            double[] radii = squaredRadii;
            for (int i = 0; i < GaussianBatch; i += 2)
            {
                double u;
                double v;
                double s;
                do
                {
                    u = (2.0 * DrawDouble()) - 1.0;
                    v = (2.0 * DrawDouble()) - 1.0;
                    s = (u * u) + (v * v);
                }
                while (s >= 1.0 || s == 0.0);

                batch[i] = u;
                batch[i + 1] = v;
                radii[i >> 1] = s;
            }

            for (int i = 0; i < GaussianBatch; i += 2)
            {
                double s = radii[i >> 1];
                double factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
                batch[i] *= factor;
                batch[i + 1] *= factor;
            }

            nextGaussian = 0;
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
