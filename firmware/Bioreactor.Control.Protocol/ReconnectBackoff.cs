using System;

namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// How long to wait before the next connection attempt: exponential backoff with "full jitter" (Marc Brooker,
    /// "Exponential Backoff and Jitter", AWS Architecture Blog, 2015): after the n-th failure in a row the delay is drawn
    /// uniformly from [0, min(maximum, minimum × 2^(n−1))]. Full jitter spreads the reconnects of many devices after a
    /// broker restart instead of letting them arrive in waves. Deterministic: the draws come from a seeded
    /// <see cref="XorShiftRandom"/>. <see cref="Reset"/> after a successful connect. Allocates nothing.
    /// </summary>
    public sealed class ReconnectBackoff
    {
        private readonly long _minimumMilliseconds;
        private readonly long _maximumMilliseconds;
        private readonly XorShiftRandom _random;

        /// <summary>A backoff between <paramref name="minimumMilliseconds"/> and <paramref name="maximumMilliseconds"/>.</summary>
        public ReconnectBackoff(long minimumMilliseconds, long maximumMilliseconds, uint seed)
        {
            if (minimumMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException("minimumMilliseconds", "minimumMilliseconds must be 1 or more");
            }

            if (maximumMilliseconds < minimumMilliseconds)
            {
                throw new ArgumentOutOfRangeException("maximumMilliseconds", "maximumMilliseconds must be at least minimumMilliseconds");
            }

            _minimumMilliseconds = minimumMilliseconds;
            _maximumMilliseconds = maximumMilliseconds;
            _random = new XorShiftRandom(seed);
        }

        /// <summary>Failures in a row since the last <see cref="Reset"/>.</summary>
        public int Failures { get; private set; }

        /// <summary>The upper bound of the delay after the next failure, ms.</summary>
        public long NextCeilingMilliseconds
        {
            get { return Ceiling(Failures + 1); }
        }

        /// <summary>Counts a failure and draws the delay before the next attempt, ms (0 to the ceiling).</summary>
        public long NextDelayMilliseconds()
        {
            Failures++;
            long ceiling = Ceiling(Failures);
            return (long)(_random.NextDouble() * (ceiling + 1));
        }

        /// <summary>A connect succeeded: the next failure starts from the minimum again.</summary>
        public void Reset()
        {
            Failures = 0;
        }

        private long Ceiling(int failures)
        {
            long ceiling = _minimumMilliseconds;
            for (int i = 1; i < failures && ceiling < _maximumMilliseconds; i++)
            {
                ceiling *= 2;
            }

            return ceiling < _maximumMilliseconds ? ceiling : _maximumMilliseconds;
        }
    }

    /// <summary>
    /// A tiny seeded generator: Marsaglia's xorshift32 (G. Marsaglia, "Xorshift RNGs", Journal of Statistical Software 8(14),
    /// 2003; shifts 13, 17, 5). Not for secrets; the same seed gives the same sequence on the device and the host.
    /// </summary>
    public sealed class XorShiftRandom
    {
        private uint _state;

        /// <summary>A generator from <paramref name="seed"/> (0 is replaced by a fixed non-zero value: xorshift stays at 0).</summary>
        public XorShiftRandom(uint seed)
        {
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        /// <summary>The next 32 random bits.</summary>
        public uint NextUInt32()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>A number in [0, 1).</summary>
        public double NextDouble()
        {
            return NextUInt32() / 4294967296.0;
        }
    }
}
