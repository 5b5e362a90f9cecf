using System;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// CO2 in the well-mixed headspace (mole fraction C, volume V) and in the medium (expressed as the headspace fraction
    /// it would be in equilibrium with, C_l):
    /// <code>
    ///   V·dC/dt = Q_a·C_a + u·Q_c − (Q_a + u·Q_c)·C + (Q_leak + Q_door)·(C_a − C) − k·(C − C_l)
    ///   dC_l/dt = kLa·(C − C_l),   k = kLa·Ost·V_l
    /// </code>
    /// Inflows: aeration air (Q_a, fraction C_a) and pure CO2 while the valve is open (u = 1, Q_c); the exhaust leaves at
    /// the total inflow with the headspace fraction (constant volume and pressure); leaks and an open lid exchange
    /// headspace gas with room air at equal in and out flows; k is the gas-volume flow into the medium per unit
    /// fraction difference. Each step is exact for the headspace with C_l held (a first-order linear equation), then
    /// C_l relaxes exactly towards the new C; the split is accurate because kLa·h ≪ 1.
    /// </summary>
    internal sealed class GasModel
    {
        private readonly double headspaceLitres;
        private readonly double airFlowLitresPerSecond;
        private readonly double co2FlowLitresPerSecond;
        private readonly double leakLitresPerSecond;
        private readonly double doorLitresPerSecond;
        private readonly double transferRatePerSecond;
        private readonly double dissolutionLitresPerSecond;
        private readonly double ambientFraction;

        // e^{−Q_total·h/V} for the 8 combinations (valve open, door open, air on), prepared for one step length.
        private readonly double[] decay = new double[8];
        private readonly double[] totalFlow = new double[8];
        private double liquidRelaxation;

        public GasModel(PlantParameters p)
        {
            headspaceLitres = p.Bag.HeadspaceLitres;
            airFlowLitresPerSecond = p.Gas.AirFlowLitresPerMinute / 60.0;
            co2FlowLitresPerSecond = p.Gas.Co2InjectionFlowLitresPerMinute / 60.0;
            leakLitresPerSecond = p.Gas.LeakExchangeLitresPerMinute / 60.0;
            doorLitresPerSecond = p.Gas.DoorOpenExchangeLitresPerMinute / 60.0;
            transferRatePerSecond = p.Gas.Co2TransferRatePerHour / 3600.0;
            dissolutionLitresPerSecond = transferRatePerSecond * p.Gas.Co2OstwaldCoefficient * p.Bag.LiquidVolumeLitres;
            ambientFraction = p.Ambient.AmbientCo2Percent / 100.0;
            HeadspaceFraction = p.Gas.InitialCo2Percent / 100.0;
            LiquidEquilibriumFraction = HeadspaceFraction;
            for (int i = 0; i < 8; i++)
            {
                bool valveOpen = (i & 1) != 0;
                bool doorOpen = (i & 2) != 0;
                bool airOn = (i & 4) != 0;
                totalFlow[i] = (airOn ? airFlowLitresPerSecond : 0.0) + (valveOpen ? co2FlowLitresPerSecond : 0.0)
                    + leakLitresPerSecond + (doorOpen ? doorLitresPerSecond : 0.0) + dissolutionLitresPerSecond;
            }
        }

        /// <summary>Headspace CO2 mole fraction (0–1).</summary>
        public double HeadspaceFraction { get; private set; }

        /// <summary>Dissolved CO2 expressed as the headspace fraction it is in equilibrium with (0–1).</summary>
        public double LiquidEquilibriumFraction { get; private set; }

        /// <summary>Prepares the exponential factors for steps of <paramref name="dtSeconds"/>.</summary>
        public void Prepare(double dtSeconds)
        {
            for (int i = 0; i < 8; i++)
            {
                decay[i] = Math.Exp(-totalFlow[i] * dtSeconds / headspaceLitres);
            }

            liquidRelaxation = 1.0 - Math.Exp(-transferRatePerSecond * dtSeconds);
        }

        /// <summary>Advances the headspace and the medium by the prepared step.</summary>
        public void Step(bool valveOpen, bool doorOpen, bool airOn)
        {
            int index = (valveOpen ? 1 : 0) | (doorOpen ? 2 : 0) | (airOn ? 4 : 0);
            double air = airOn ? airFlowLitresPerSecond : 0.0;
            double co2In = valveOpen ? co2FlowLitresPerSecond : 0.0;
            double exchange = leakLitresPerSecond + (doorOpen ? doorLitresPerSecond : 0.0);
            double source = ((air + exchange) * ambientFraction) + co2In + (dissolutionLitresPerSecond * LiquidEquilibriumFraction);
            if (totalFlow[index] > 0.0)
            {
                double target = source / totalFlow[index];
                HeadspaceFraction = target + ((HeadspaceFraction - target) * decay[index]);
            }

            LiquidEquilibriumFraction += (HeadspaceFraction - LiquidEquilibriumFraction) * liquidRelaxation;
        }
    }
}
