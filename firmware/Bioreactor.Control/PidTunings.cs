using Bioreactor.Control.Primitives;

namespace Bioreactor.Control
{
    /// <summary>
    /// PID tunings in the ISA standard (ideal, non-interacting) form
    /// u = Kc·(e + (1/Ti)·∫e dt + Td·de/dt), the form tuning rules such as Ziegler–Nichols and
    /// Tyreus–Luyben are published in (Åström &amp; Hägglund, "Advanced PID Control", 2006, §3.2).
    /// </summary>
    /// <remarks>
    /// An immutable class, not a struct: on nanoCLR every load of a value type copies it onto the heap (docs/architecture.md
    /// rule 3), and immutability lets a controller, a loop and its settings share one instance safely. New tunings are a
    /// new instance, made when the tunings change, never per control update. One exception inside this assembly: the
    /// temperature autotune makes its result instances when a run starts (an operator's request) and fills them
    /// (<see cref="Assign"/>) when a relay stage finds them, in the control tick, which must not allocate; it hands an
    /// instance out only once filled and never changes it after.
    /// </remarks>
    public sealed class PidTunings
    {
        private double _proportionalGain;
        private double _integralTimeSeconds;
        private double _derivativeTimeSeconds;

        /// <summary>Creates tunings from Kc, Ti (seconds, 0 = no integral) and Td (seconds, 0 = no derivative).</summary>
        public PidTunings(double proportionalGain, double integralTimeSeconds, double derivativeTimeSeconds)
        {
            Assign(proportionalGain, integralTimeSeconds, derivativeTimeSeconds);
        }

        /// <summary>Controller gain Kc, in output units per measurement unit.</summary>
        public double ProportionalGain
        {
            get { return _proportionalGain; }
        }

        /// <summary>Integral (reset) time Ti in seconds; 0 turns integral action off.</summary>
        public double IntegralTimeSeconds
        {
            get { return _integralTimeSeconds; }
        }

        /// <summary>Derivative time Td in seconds; 0 turns derivative action off.</summary>
        public double DerivativeTimeSeconds
        {
            get { return _derivativeTimeSeconds; }
        }

        /// <summary>True when the values are finite, the gain positive and the times not negative.</summary>
        public bool IsValid
        {
            get
            {
                return Finite.Is(_proportionalGain) && _proportionalGain > 0
                    && Finite.Is(_integralTimeSeconds) && _integralTimeSeconds >= 0
                    && Finite.Is(_derivativeTimeSeconds) && _derivativeTimeSeconds >= 0;
            }
        }

        // Fills an instance not handed out yet (see the remarks).
        internal void Assign(double proportionalGain, double integralTimeSeconds, double derivativeTimeSeconds)
        {
            _proportionalGain = proportionalGain;
            _integralTimeSeconds = integralTimeSeconds;
            _derivativeTimeSeconds = derivativeTimeSeconds;
        }
    }
}
