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
    /// new instance, made when the tunings change, never per control update.
    /// </remarks>
    public sealed class PidTunings
    {
        /// <summary>Controller gain Kc, in output units per measurement unit.</summary>
        public readonly double ProportionalGain;

        /// <summary>Integral (reset) time Ti in seconds; 0 turns integral action off.</summary>
        public readonly double IntegralTimeSeconds;

        /// <summary>Derivative time Td in seconds; 0 turns derivative action off.</summary>
        public readonly double DerivativeTimeSeconds;

        /// <summary>Creates tunings from Kc, Ti (seconds, 0 = no integral) and Td (seconds, 0 = no derivative).</summary>
        public PidTunings(double proportionalGain, double integralTimeSeconds, double derivativeTimeSeconds)
        {
            ProportionalGain = proportionalGain;
            IntegralTimeSeconds = integralTimeSeconds;
            DerivativeTimeSeconds = derivativeTimeSeconds;
        }

        /// <summary>True when the values are finite, the gain positive and the times not negative.</summary>
        public bool IsValid
        {
            get
            {
                return Finite.Is(ProportionalGain) && ProportionalGain > 0
                    && Finite.Is(IntegralTimeSeconds) && IntegralTimeSeconds >= 0
                    && Finite.Is(DerivativeTimeSeconds) && DerivativeTimeSeconds >= 0;
            }
        }
    }
}
