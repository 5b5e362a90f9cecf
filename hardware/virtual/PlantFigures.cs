using System;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// Closed-form figures of a rig, from the same equations the models integrate (README, "Model equations"): steady
    /// temperatures and heater duty, steady CO2 and valve duty, the headspace time constant and warm-up times. Used to
    /// size a rig, to document it, and by the tests as the analytic reference.
    /// </summary>
    public static class PlantFigures
    {
        /// <summary>Mean |platform speed| of rocking between ±<paramref name="amplitudeDegrees"/> at a rate, °/s: 4·A·rpm/60.</summary>
        public static double MeanAbsoluteSpeedDegreesPerSecond(double rocksPerMinute, double amplitudeDegrees)
        {
            return 4.0 * amplitudeDegrees * rocksPerMinute / 60.0;
        }

        /// <summary>Factor on the thermal losses: (1 + gain·mean |speed|)·(lid open ? multiplier : 1).</summary>
        public static double HeatLossMultiplier(PlantParameters p, double meanAbsoluteSpeedDegreesPerSecond, bool lidOpen)
        {
            double factor = 1.0 + (p.Thermal.RockingLossGainPerDegreePerSecond * meanAbsoluteSpeedDegreesPerSecond);
            return lidOpen ? factor * p.Thermal.LidOpenLossMultiplier : factor;
        }

        /// <summary>Steady plate and liquid temperatures with the heater at a mean duty (0–1), °C.</summary>
        public static void SteadyTemperatures(
            PlantParameters p,
            double heaterDuty,
            double lossMultiplier,
            double ambientCelsius,
            out double plateCelsius,
            out double liquidCelsius)
        {
            double gpl = p.Thermal.PlateToLiquidConductanceWattsPerKelvin;
            double gpa = lossMultiplier * p.Thermal.PlateToAmbientConductanceWattsPerKelvin;
            double gla = lossMultiplier * p.Thermal.LiquidToAmbientConductanceWattsPerKelvin;
            double heat = heaterDuty * p.Thermal.HeaterPowerWatts;
            double a = gpl + gpa;
            double d = gpl + gla;
            double det = (a * d) - (gpl * gpl);
            plateCelsius = (((heat + (gpa * ambientCelsius)) * d) + (gpl * gla * ambientCelsius)) / det;
            liquidCelsius = ((a * gla * ambientCelsius) + (gpl * (heat + (gpa * ambientCelsius)))) / det;
        }

        /// <summary>Mean heater duty (0–1; above 1 = impossible) holding the liquid at a temperature; also the plate temperature then.</summary>
        public static double SteadyHeaterDuty(
            PlantParameters p,
            double liquidCelsius,
            double lossMultiplier,
            double ambientCelsius,
            out double plateCelsius)
        {
            double liquidLoss = lossMultiplier * p.Thermal.LiquidToAmbientConductanceWattsPerKelvin * (liquidCelsius - ambientCelsius);
            plateCelsius = liquidCelsius + (liquidLoss / p.Thermal.PlateToLiquidConductanceWattsPerKelvin);
            double plateLoss = lossMultiplier * p.Thermal.PlateToAmbientConductanceWattsPerKelvin * (plateCelsius - ambientCelsius);
            return (liquidLoss + plateLoss) / p.Thermal.HeaterPowerWatts;
        }

        /// <summary>
        /// Liquid warm-up time with the plate held at <paramref name="plateCelsius"/> from the start, s (first order:
        /// τ = C_l/(G_pl + m·G_la)); +∞ when the target is not reachable.
        /// </summary>
        public static double WarmUpSecondsPlateHeld(
            PlantParameters p,
            double plateCelsius,
            double fromLiquidCelsius,
            double toLiquidCelsius,
            double lossMultiplier,
            double ambientCelsius)
        {
            double gpl = p.Thermal.PlateToLiquidConductanceWattsPerKelvin;
            double gla = lossMultiplier * p.Thermal.LiquidToAmbientConductanceWattsPerKelvin;
            double final = ((gpl * plateCelsius) + (gla * ambientCelsius)) / (gpl + gla);
            if (toLiquidCelsius >= final)
            {
                return double.PositiveInfinity;
            }

            double tau = p.Bag.LiquidHeatCapacityJoulesPerKelvin / (gpl + gla);
            return tau * Math.Log((final - fromLiquidCelsius) / (final - toLiquidCelsius));
        }

        /// <summary>
        /// Liquid warm-up time with the full model: heater on whenever the plate is below
        /// <paramref name="plateLimitCelsius"/> (checked every 0.1 s), from the rig's initial temperatures, platform
        /// still, lid closed, room at its mean temperature, s; +∞ when not reached within 24 h.
        /// </summary>
        public static double WarmUpSeconds(PlantParameters p, double plateLimitCelsius, double toLiquidCelsius)
        {
            const double Dt = 0.1;
            var model = new ThermalModel(p);
            model.Prepare(Dt, 1.0, p.Ambient.AmbientCelsius);
            for (int i = 1; i <= 864000; i++)
            {
                model.Step(model.PlateCelsius < plateLimitCelsius);
                if (model.LiquidCelsius >= toLiquidCelsius)
                {
                    return i * Dt;
                }
            }

            return double.PositiveInfinity;
        }

        /// <summary>Steady headspace CO2 with the valve open a mean fraction of the time (0–1), lid closed, air flowing, %.</summary>
        public static double SteadyCo2Percent(PlantParameters p, double valveDuty)
        {
            double ambient = p.Ambient.AmbientCo2Percent / 100.0;
            double exchange = p.Gas.AirFlowLitresPerMinute + p.Gas.LeakExchangeLitresPerMinute;
            double co2 = valveDuty * p.Gas.Co2InjectionFlowLitresPerMinute;
            return 100.0 * ((exchange * ambient) + co2) / (exchange + co2);
        }

        /// <summary>Mean valve duty (0–1; above 1 = impossible) holding the headspace at a CO2 level, lid closed, air flowing.</summary>
        public static double SteadyValveDuty(PlantParameters p, double co2Percent)
        {
            double c = co2Percent / 100.0;
            double ambient = p.Ambient.AmbientCo2Percent / 100.0;
            double exchange = p.Gas.AirFlowLitresPerMinute + p.Gas.LeakExchangeLitresPerMinute;
            return exchange * (c - ambient) / (p.Gas.Co2InjectionFlowLitresPerMinute * (1.0 - c));
        }

        /// <summary>
        /// Fastest CO2 recovery: the time for the headspace to rise from <paramref name="headspacePercent"/> to
        /// <paramref name="toPercent"/> with the valve open without a break, lid closed, aeration as configured, the medium
        /// starting at <paramref name="dissolvedPercent"/> (as the headspace fraction it is in equilibrium with), s; 0 when
        /// already there, +∞ when the valve fully open cannot reach it. The bound a door-opening recovery is measured
        /// against, as <see cref="WarmUpSecondsPlateHeld"/> is for the warm-up: no controller can dose faster than the
        /// valve open all the time.
        /// </summary>
        /// <remarks>
        /// The gas model's equations (<see cref="GasModel"/>) with u = 1 and the door closed are linear in x = (C, C_l):
        /// <code>
        ///   V·dC/dt = S − Q·C + k·C_l,   dC_l/dt = kLa·(C − C_l)
        ///   S = (Q_a + Q_leak)·C_a + Q_c,   Q = Q_a + Q_c + Q_leak + k,   k = kLa·Ost·V_l
        /// </code>
        /// so x(t) = x* + e^{A·t}·(x(0) − x*) with x* = (S/(Q − k), S/(Q − k)), e^{A·t} in closed form from A's two real
        /// eigenvalues (A's off-diagonal terms are both ≥ 0); the first crossing of the target is found by scanning the
        /// closed-form C(t) in steps of a fiftieth of the faster time constant, then bisecting.
        /// </remarks>
        public static double Co2RecoverySecondsValveOpen(PlantParameters p, double headspacePercent, double dissolvedPercent, double toPercent)
        {
            double target = toPercent / 100.0;
            double c0 = headspacePercent / 100.0;
            double l0 = dissolvedPercent / 100.0;
            if (c0 >= target)
            {
                return 0.0;
            }

            double v = p.Bag.HeadspaceLitres;
            double air = p.Gas.AirFlowLitresPerMinute / 60.0;
            double co2 = p.Gas.Co2InjectionFlowLitresPerMinute / 60.0;
            double leak = p.Gas.LeakExchangeLitresPerMinute / 60.0;
            double kla = p.Gas.Co2TransferRatePerHour / 3600.0;
            double k = kla * p.Gas.Co2OstwaldCoefficient * p.Bag.LiquidVolumeLitres;
            double source = ((air + leak) * (p.Ambient.AmbientCo2Percent / 100.0)) + co2;
            double outflow = air + co2 + leak;
            double equilibrium = source / outflow;

            // A = [[a, b], [c, d]]; y = x − x* decays as e^{A·t}·y(0). With kLa = 0 the medium is cut off (b = c = 0) and
            // its value does not matter: C relaxes to the same equilibrium with rate Q/V alone.
            double a = -(outflow + k) / v;
            double b = k / v;
            double c = kla;
            double d = -kla;
            double y1 = c0 - equilibrium;
            double y2 = kla > 0.0 ? l0 - equilibrium : 0.0;
            double half = 0.5 * (a + d);
            double root = Math.Sqrt((0.25 * (a - d) * (a - d)) + (b * c));
            double l1 = half + root;
            double l2 = half - root;
            Func<double, double> headspace = t =>
            {
                if (root > 1e-12 * Math.Abs(half))
                {
                    double e1 = Math.Exp(l1 * t);
                    double e2 = Math.Exp(l2 * t);
                    // e^{At} = (e^{λ1 t}(A − λ2 I) − e^{λ2 t}(A − λ1 I)) / (λ1 − λ2), first row applied to y.
                    double row1 = ((e1 * (a - l2)) - (e2 * (a - l1))) / (l1 - l2);
                    double row2 = b * (e1 - e2) / (l1 - l2);
                    return equilibrium + (row1 * y1) + (row2 * y2);
                }

                // Repeated eigenvalue: e^{At} = e^{λt}·(I + (A − λI)·t).
                double e = Math.Exp(half * t);
                return equilibrium + (e * (((1.0 + ((a - half) * t)) * y1) + (b * t * y2)));
            };

            if (!(target < equilibrium))
            {
                return double.PositiveInfinity;
            }

            // The faster mode sets the scan step; the slower one the horizon (50 of its time constants).
            double fast = Math.Max(Math.Abs(l1), Math.Abs(l2));
            double slow = Math.Min(Math.Abs(l1), Math.Abs(l2));
            double step = 1.0 / (50.0 * fast);
            double horizon = 50.0 / (slow > 0.0 ? slow : fast);
            double low = 0.0;
            for (double high = step; low < horizon; high += step)
            {
                if (headspace(high) >= target)
                {
                    for (int i = 0; i < 60; i++)
                    {
                        double mid = 0.5 * (low + high);
                        if (headspace(mid) >= target)
                        {
                            high = mid;
                        }
                        else
                        {
                            low = mid;
                        }
                    }

                    return 0.5 * (low + high);
                }

                low = high;
            }

            return double.PositiveInfinity;
        }

        /// <summary>Headspace time constant V/Q with the valve closed or open, lid closed, air flowing, dissolution left out, s.</summary>
        public static double HeadspaceTimeConstantSeconds(PlantParameters p, bool valveOpen)
        {
            double flow = p.Gas.AirFlowLitresPerMinute + p.Gas.LeakExchangeLitresPerMinute
                + (valveOpen ? p.Gas.Co2InjectionFlowLitresPerMinute : 0.0);
            return 60.0 * p.Bag.HeadspaceLitres / flow;
        }
    }
}
