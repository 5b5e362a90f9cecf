using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// Platinum resistance thermometer curve of IEC 60751 (Callendar–Van Dusen): R(t) = R0·(1 + A·t + B·t²) for
    /// t ≥ 0 °C and R0·(1 + A·t + B·t² + C·(t − 100)·t³) below 0 °C, with A = 3.9083e-3 /°C, B = −5.775e-7 /°C²,
    /// C = −4.183e-12 /°C⁴ (IEC 60751:2008, clause 4.2). Pure arithmetic, allocation-free.
    /// </summary>
    public static class PlatinumRtd
    {
        /// <summary>IEC 60751 coefficient A, 1/°C.</summary>
        public const double A = 3.9083e-3;

        /// <summary>IEC 60751 coefficient B, 1/°C².</summary>
        public const double B = -5.775e-7;

        /// <summary>IEC 60751 coefficient C (below 0 °C only), 1/°C⁴.</summary>
        public const double C = -4.183e-12;

        /// <summary>Nominal resistance of a PT100 at 0 °C, Ω.</summary>
        public const double Pt100Ohms = 100.0;

        /// <summary>Lowest temperature of the IEC 60751 curve, °C.</summary>
        public const double MinimumCelsius = -200.0;

        /// <summary>Highest temperature of the IEC 60751 curve, °C.</summary>
        public const double MaximumCelsius = 850.0;

        /// <summary>
        /// Newton iterations below 0 °C. The quadratic start is off by the C term, about 0.2 °C at −100 °C and 2.3 °C at
        /// −200 °C; Newton's error shrinks as e² · |f''| / (2·f') ≈ e² · 5e-4 here, so 2.3 °C → 3e-3 → 4e-9 → 1e-20:
        /// three iterations reach the double's resolution over the whole curve (checked by the round-trip test).
        /// </summary>
        private const int NewtonIterations = 3;

        /// <summary>Resistance of the element at a temperature, Ω (Callendar–Van Dusen); NaN when an argument is not finite.</summary>
        /// <param name="celsius">Temperature, °C.</param>
        /// <param name="nominalOhms">R0, the resistance at 0 °C (100 for a PT100).</param>
        public static double ResistanceOhms(double celsius, double nominalOhms)
        {
            // Explicit: the branch below compares t, and on nanoCLR NaN < 0 is false but NaN > 0 true.
            if (!Finite.Is(celsius) || !Finite.Is(nominalOhms))
            {
                return double.NaN;
            }

            double t = celsius;
            double ratio = 1.0 + A * t + B * t * t;
            if (t < 0.0)
            {
                ratio += C * (t - 100.0) * t * t * t;
            }

            return nominalOhms * ratio;
        }

        /// <summary>
        /// Temperature of the element from its resistance, °C: the exact inverse of the quadratic at and above R0
        /// (t = (−A + √(A² − 4B·(1 − R/R0))) / 2B), refined below R0 by Newton's method on the full equation with the
        /// C term. Returns NaN for a resistance that is not finite or is not positive.
        /// </summary>
        /// <param name="ohms">Measured resistance, Ω.</param>
        /// <param name="nominalOhms">R0, the resistance at 0 °C (100 for a PT100).</param>
        public static double TemperatureCelsius(double ohms, double nominalOhms)
        {
            if (!Finite.Is(ohms) || ohms <= 0.0 || !Finite.Is(nominalOhms) || nominalOhms <= 0.0)
            {
                return double.NaN;
            }

            double ratio = ohms / nominalOhms;
            double discriminant = A * A - 4.0 * B * (1.0 - ratio);
            if (discriminant < 0.0)
            {
                // Above the parabola's vertex (≈3384 °C, R ≈ 7.6·R0): far outside the curve, not a temperature.
                return double.NaN;
            }

            double t = (-A + Math.Sqrt(discriminant)) / (2.0 * B);
            if (ratio >= 1.0)
            {
                return t;
            }

            for (int i = 0; i < NewtonIterations; i++)
            {
                double f = 1.0 + A * t + B * t * t + C * (t - 100.0) * t * t * t - ratio;
                double slope = A + 2.0 * B * t + C * (4.0 * t * t * t - 300.0 * t * t);
                t -= f / slope;
            }

            return t;
        }
    }
}
