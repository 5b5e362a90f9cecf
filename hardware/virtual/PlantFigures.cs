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

        /// <summary>Headspace time constant V/Q with the valve closed or open, lid closed, air flowing, dissolution left out, s.</summary>
        public static double HeadspaceTimeConstantSeconds(PlantParameters p, bool valveOpen)
        {
            double flow = p.Gas.AirFlowLitresPerMinute + p.Gas.LeakExchangeLitresPerMinute
                + (valveOpen ? p.Gas.Co2InjectionFlowLitresPerMinute : 0.0);
            return 60.0 * p.Bag.HeadspaceLitres / flow;
        }
    }
}
