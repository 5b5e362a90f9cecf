using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// Computes <see cref="PidTunings"/> (ISA standard form) from an ultimate gain and period by a named
    /// <see cref="TuningRule"/>. The constants are those of the cited sources (see <see cref="TuningRule"/>).
    /// </summary>
    public static class TuningRules
    {
        // Ziegler & Nichols, Trans. ASME 64 (1942) 759–768, ultimate-sensitivity method.
        private const double ZieglerNicholsPiGainFactor = 0.45;
        private const double ZieglerNicholsPiIntegralDivisor = 1.2;
        private const double ZieglerNicholsPidGainFactor = 0.6;
        private const double ZieglerNicholsPidIntegralDivisor = 2.0;
        private const double ZieglerNicholsPidDerivativeDivisor = 8.0;

        // Tyreus & Luyben, Ind. Eng. Chem. Res. 31 (1992) 2625–2628 (PI); Luyben & Luyben,
        // "Essentials of Process Control" (1997) (PID).
        private const double TyreusLuybenPiGainDivisor = 3.2;
        private const double TyreusLuybenPidGainDivisor = 2.2;
        private const double TyreusLuybenIntegralFactor = 2.2;
        private const double TyreusLuybenDerivativeDivisor = 6.3;

        /// <summary>
        /// The tunings of <paramref name="rule"/> for ultimate gain Ku (output units per measurement unit) and ultimate
        /// period Tu (seconds). Td = 0 for the PI rules.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Ku or Tu not finite and &gt; 0, or an unknown rule.</exception>
        public static PidTunings Compute(TuningRule rule, double ultimateGain, double ultimatePeriodSeconds)
        {
            var tunings = new PidTunings(0.0, 0.0, 0.0);
            ComputeInto(rule, ultimateGain, ultimatePeriodSeconds, tunings);
            return tunings;
        }

        // As the public Compute, into an instance not handed out yet (PidTunings remarks): the autotune's, in the tick.
        internal static void ComputeInto(TuningRule rule, double ultimateGain, double ultimatePeriodSeconds, PidTunings into)
        {
            if (!IsFinitePositive(ultimateGain))
            {
                throw new ArgumentOutOfRangeException("ultimateGain", "ultimateGain must be finite and > 0");
            }

            if (!IsFinitePositive(ultimatePeriodSeconds))
            {
                throw new ArgumentOutOfRangeException("ultimatePeriodSeconds", "ultimatePeriodSeconds must be finite and > 0");
            }

            switch (rule)
            {
                case TuningRule.ZieglerNicholsPi:
                    into.Assign(
                        ZieglerNicholsPiGainFactor * ultimateGain,
                        ultimatePeriodSeconds / ZieglerNicholsPiIntegralDivisor,
                        0.0);
                    break;
                case TuningRule.ZieglerNicholsPid:
                    into.Assign(
                        ZieglerNicholsPidGainFactor * ultimateGain,
                        ultimatePeriodSeconds / ZieglerNicholsPidIntegralDivisor,
                        ultimatePeriodSeconds / ZieglerNicholsPidDerivativeDivisor);
                    break;
                case TuningRule.TyreusLuybenPi:
                    into.Assign(
                        ultimateGain / TyreusLuybenPiGainDivisor,
                        TyreusLuybenIntegralFactor * ultimatePeriodSeconds,
                        0.0);
                    break;
                case TuningRule.TyreusLuybenPid:
                    into.Assign(
                        ultimateGain / TyreusLuybenPidGainDivisor,
                        TyreusLuybenIntegralFactor * ultimatePeriodSeconds,
                        ultimatePeriodSeconds / TyreusLuybenDerivativeDivisor);
                    break;
                default:
                    throw new ArgumentOutOfRangeException("rule",
                        "rule must be ZieglerNicholsPi, ZieglerNicholsPid, TyreusLuybenPi or TyreusLuybenPid");
            }
        }

        /// <summary>The rule's name and source, as a constant English string (for records and the protocol).</summary>
        public static string Describe(TuningRule rule)
        {
            switch (rule)
            {
                case TuningRule.ZieglerNicholsPi:
                    return "Ziegler-Nichols PI (Ziegler & Nichols, Trans. ASME 64, 1942): Kc = 0.45 Ku, Ti = Tu/1.2";
                case TuningRule.ZieglerNicholsPid:
                    return "Ziegler-Nichols PID (Ziegler & Nichols, Trans. ASME 64, 1942): Kc = 0.6 Ku, Ti = Tu/2, Td = Tu/8";
                case TuningRule.TyreusLuybenPi:
                    return "Tyreus-Luyben PI (Tyreus & Luyben, Ind. Eng. Chem. Res. 31, 1992): Kc = Ku/3.2, Ti = 2.2 Tu";
                case TuningRule.TyreusLuybenPid:
                    return "Tyreus-Luyben PID (Luyben & Luyben, Essentials of Process Control, 1997): "
                        + "Kc = Ku/2.2, Ti = 2.2 Tu, Td = Tu/6.3";
                default:
                    return "Unknown tuning rule";
            }
        }

        private static bool IsFinitePositive(double value)
        {
            return !double.IsNaN(value) && !double.IsInfinity(value) && value > 0.0;
        }
    }
}
