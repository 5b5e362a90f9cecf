namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// Seeded xorshift64 generator (Marsaglia, "Xorshift RNGs", J Stat Softw 8(14), 2003, shift triple 13/7/17), so
    /// the device and the host draw identical sequences.
    /// </summary>
    public sealed class TestRandom
    {
        private ulong _state;

        /// <summary>Creates the generator; seed 0 is replaced by a fixed non-zero value.</summary>
        public TestRandom(ulong seed)
        {
            _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;
        }

        /// <summary>A uniform value in [0, 1).</summary>
        public double NextUniform()
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (long)(_state >> 11) * (1.0 / 9007199254740992.0);
        }

        /// <summary>An approximately normal value with mean 0 and the given standard deviation (sum of 12 uniforms).</summary>
        public double NextGaussian(double standardDeviation)
        {
            double sum = 0.0;
            for (int i = 0; i < 12; i++)
            {
                sum += NextUniform();
            }

            return (sum - 6.0) * standardDeviation;
        }

        /// <summary>A uniform value in [−amplitude, amplitude).</summary>
        public double NextSymmetric(double amplitude)
        {
            return (2.0 * NextUniform() - 1.0) * amplitude;
        }
    }
}
