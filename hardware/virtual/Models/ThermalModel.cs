using System;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// Heater plate and liquid as two lumped thermal masses:
    /// <code>
    ///   C_p·dT_p/dt = P·u − G_pl·(T_p − T_l) − m·G_pa·(T_p − T_a)
    ///   C_l·dT_l/dt =       G_pl·(T_p − T_l) − m·G_la·(T_l − T_a)
    /// </code>
    /// u ∈ {0, 1} is the heater SSR, m the loss multiplier (rocking, lid). With u, m and T_a held over a step the system is
    /// linear with constant coefficients, so the step is exact: x(t+h) = x* + e^{A·h}·(x(t) − x*), with the steady state
    /// x* and the 2×2 matrix exponential in closed form. Stable and exact for any h.
    /// </summary>
    internal sealed class ThermalModel
    {
        private readonly double plateCapacity;
        private readonly double liquidCapacity;
        private readonly double plateToLiquid;
        private readonly double plateToAmbient;
        private readonly double liquidToAmbient;
        private readonly double heaterPower;

        // Propagator e^{A·h} and the steady states for heater off (x0) and the heater's contribution (xp), for the
        // coefficients last prepared.
        private double m11;
        private double m12;
        private double m21;
        private double m22;
        private double plateSteadyOff;
        private double liquidSteadyOff;
        private double plateSteadyHeaterRise;
        private double liquidSteadyHeaterRise;

        public ThermalModel(PlantParameters p)
        {
            plateCapacity = p.Thermal.PlateHeatCapacityJoulesPerKelvin;
            liquidCapacity = p.Bag.LiquidHeatCapacityJoulesPerKelvin;
            plateToLiquid = p.Thermal.PlateToLiquidConductanceWattsPerKelvin;
            plateToAmbient = p.Thermal.PlateToAmbientConductanceWattsPerKelvin;
            liquidToAmbient = p.Thermal.LiquidToAmbientConductanceWattsPerKelvin;
            heaterPower = p.Thermal.HeaterPowerWatts;
            PlateCelsius = p.Thermal.InitialPlateCelsius;
            LiquidCelsius = p.Thermal.InitialLiquidCelsius;
        }

        /// <summary>True plate temperature, °C.</summary>
        public double PlateCelsius { get; private set; }

        /// <summary>True liquid temperature, °C.</summary>
        public double LiquidCelsius { get; private set; }

        /// <summary>
        /// Computes the propagator and steady states for a step of <paramref name="dtSeconds"/> with the loss multiplier
        /// and ambient temperature given (they change slowly: once per simulated second, or when the lid moves).
        /// </summary>
        public void Prepare(double dtSeconds, double lossMultiplier, double ambientCelsius)
        {
            double a = plateToLiquid + (lossMultiplier * plateToAmbient);
            double d = plateToLiquid + (lossMultiplier * liquidToAmbient);
            double b = plateToLiquid;
            double det = (a * d) - (b * b);

            // Steady state with heater off: both masses at ambient unless there is no loss path at all.
            double gpa = lossMultiplier * plateToAmbient;
            double gla = lossMultiplier * liquidToAmbient;
            if (det > 0.0)
            {
                plateSteadyOff = ((gpa * ambientCelsius * d) + (b * gla * ambientCelsius)) / det;
                liquidSteadyOff = ((a * gla * ambientCelsius) + (b * gpa * ambientCelsius)) / det;
                plateSteadyHeaterRise = heaterPower * d / det;
                liquidSteadyHeaterRise = heaterPower * b / det;
            }
            else
            {
                // No loss path (validated conductances allow 0): the steady state does not exist; integrate the
                // heat input explicitly around the current state instead (see Step).
                plateSteadyOff = ambientCelsius;
                liquidSteadyOff = ambientCelsius;
                plateSteadyHeaterRise = double.NaN;
                liquidSteadyHeaterRise = double.NaN;
            }

            // A = [[-a/Cp, b/Cp], [b/Cl, -d/Cl]]; e^{A h} = (E1+E2)/2·I + (E1−E2)/(2s)·(A − tr/2·I).
            double a11 = -a / plateCapacity;
            double a12 = b / plateCapacity;
            double a21 = b / liquidCapacity;
            double a22 = -d / liquidCapacity;
            double halfTrace = 0.5 * (a11 + a22);
            double halfDifference = 0.5 * (a11 - a22);
            double s = Math.Sqrt((halfDifference * halfDifference) + (a12 * a21));
            double e1 = Math.Exp((halfTrace + s) * dtSeconds);
            double e2 = Math.Exp((halfTrace - s) * dtSeconds);
            double sum = 0.5 * (e1 + e2);
            double sinhTerm = s > 0.0 ? 0.5 * (e1 - e2) / s : dtSeconds * Math.Exp(halfTrace * dtSeconds);
            m11 = sum + (sinhTerm * (a11 - halfTrace));
            m12 = sinhTerm * a12;
            m21 = sinhTerm * a21;
            m22 = sum + (sinhTerm * (a22 - halfTrace));
            PreparedDtSeconds = dtSeconds;
        }

        /// <summary>The step length the propagator was prepared for.</summary>
        public double PreparedDtSeconds { get; private set; }

        /// <summary>Advances both temperatures by the prepared step with the heater on or off.</summary>
        public void Step(bool heaterOn)
        {
            double plateTarget = plateSteadyOff;
            double liquidTarget = liquidSteadyOff;
            if (heaterOn)
            {
                if (double.IsNaN(plateSteadyHeaterRise))
                {
                    // No loss path: add the heater's energy to the plate, then let the masses exchange exactly.
                    PlateCelsius += heaterPower * PreparedDtSeconds / plateCapacity;
                }
                else
                {
                    plateTarget += plateSteadyHeaterRise;
                    liquidTarget += liquidSteadyHeaterRise;
                }
            }

            double ep = PlateCelsius - plateTarget;
            double el = LiquidCelsius - liquidTarget;
            PlateCelsius = plateTarget + (m11 * ep) + (m12 * el);
            LiquidCelsius = liquidTarget + (m21 * ep) + (m22 * el);
        }
    }
}
