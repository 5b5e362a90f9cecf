using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// A PT100 RTD read by a MAX31865 (°C). An open element reads full scale (MAX31865 datasheet: "an open RTD element
    /// results in a full-scale reading", flagged by the RTD-high fault bit); a shorted element reads near zero (RTD-low
    /// bit). The values reported with those statuses are what a driver computes from the codes 32767 and 0.
    /// </summary>
    public sealed class VirtualRtdProbe : VirtualSensor
    {
        // Reasoned: the common MAX31865 PT100 breakout uses a 430 Ω reference resistor; the ADC code is the 15-bit ratio
        // R_rtd / R_ref (MAX31865 datasheet, "RTD Resistance Registers").
        private const double ReferenceOhms = 430.0;
        private const double NominalOhms = 100.0;

        private static readonly double FullScaleCelsius = Pt100.TemperatureCelsius(ReferenceOhms * 32767.0 / 32768.0 / NominalOhms);
        private static readonly double ZeroScaleCelsius = Pt100.TemperatureCelsius(0.0);

        internal VirtualRtdProbe(RtdProbeParameters p, SeededRandom random, double initialCelsius)
            : base(
                p.LagTimeConstantSeconds,
                p.NoiseStandardDeviationKelvin,
                p.QuantisationKelvin,
                p.OffsetKelvin,
                p.SamplePeriodSeconds,
                random,
                initialCelsius)
        {
        }

        internal override double OpenCircuitValue => FullScaleCelsius;

        internal override double ShortCircuitValue => ZeroScaleCelsius;

        internal override void Convert(double value, long nowMicroseconds, long nowMilliseconds, SensorReading into)
        {
            into.Set(Quantise(value), SensorStatus.Ok, nowMilliseconds);
        }
    }

    /// <summary>The Callendar–Van Dusen relation of a platinum RTD (IEC 60751 coefficients).</summary>
    internal static class Pt100
    {
        // IEC 60751: A = 3.9083e-3 /°C, B = −5.775e-7 /°C², C = −4.183e-12 /°C⁴ (C only below 0 °C).
        private const double A = 3.9083e-3;
        private const double B = -5.775e-7;
        private const double C = -4.183e-12;

        /// <summary>Temperature for a resistance ratio R/R0, by Newton's method on the Callendar–Van Dusen equation.</summary>
        public static double TemperatureCelsius(double ratio)
        {
            double t = (ratio - 1.0) / A;
            for (int i = 0; i < 50; i++)
            {
                double f;
                double slope;
                if (t >= 0.0)
                {
                    f = 1.0 + (A * t) + (B * t * t) - ratio;
                    slope = A + (2.0 * B * t);
                }
                else
                {
                    f = 1.0 + (A * t) + (B * t * t) + (C * (t - 100.0) * t * t * t) - ratio;
                    slope = A + (2.0 * B * t) + (C * ((4.0 * t * t * t) - (300.0 * t * t)));
                }

                double next = t - (f / slope);
                if (Math.Abs(next - t) < 1e-9)
                {
                    return next;
                }

                t = next;
            }

            return t;
        }
    }
}
