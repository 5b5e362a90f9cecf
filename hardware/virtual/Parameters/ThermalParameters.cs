namespace Bioreactor.Virtual
{
    /// <summary>
    /// Two lumped thermal masses: the heater plate and the liquid (plate → liquid → ambient, plate → ambient).
    /// The liquid's heat capacity comes from <see cref="BagParameters"/>. Both losses to ambient are multiplied by
    /// (1 + <see cref="RockingLossGainPerDegreePerSecond"/>·mean |platform speed|) and, with the lid open, by
    /// <see cref="LidOpenLossMultiplier"/>.
    /// </summary>
    /// <remarks>
    /// Sizing of the default rig (reasoned, see README): the plate must be able to hold ~40 °C against a 22 °C liquid,
    /// (G_pl + G_pa)·18 K ≈ 97 W ≤ 100 W; the steady duty at 37 °C is then ≈13 % static and ≈16 % rocking at
    /// 10 rpm/±6°; warm-up 22 → 37 °C of 1 L with the plate held at 40 °C takes ≈35 min.
    /// </remarks>
    public sealed class ThermalParameters
    {
        /// <summary>
        /// Electrical power of the heater plate when its SSR conducts, W. Default 100 W (reasoned: just above the ≈97 W
        /// the plate needs to stay at 40 °C over a 22 °C liquid, giving ≈13–18 % steady duty at 37 °C).
        /// </summary>
        public double HeaterPowerWatts { get; set; } = 100.0;

        /// <summary>
        /// Heat capacity of the heater plate, J/K. Default 1000 J/K: ≈1.1 kg of aluminium (a 300 × 250 × 5 mm plate) at
        /// aluminium's specific heat 0.90 kJ/(kg·K).
        /// </summary>
        public double PlateHeatCapacityJoulesPerKelvin { get; set; } = 1000.0;

        /// <summary>
        /// Conductance plate → liquid through the bag film, W/K. Default 5 W/K (reasoned: ≈0.05 m² of wetted contact ×
        /// ≈100 W/(m²·K) across the film and the medium's boundary layer).
        /// </summary>
        public double PlateToLiquidConductanceWattsPerKelvin { get; set; } = 5.0;

        /// <summary>
        /// Conductance plate → room, W/K. Default 0.4 W/K (reasoned: insulated underside; edges and the top outside the
        /// bag, ≈0.04 m² × ≈10 W/(m²·K) natural convection and radiation).
        /// </summary>
        public double PlateToAmbientConductanceWattsPerKelvin { get; set; } = 0.4;

        /// <summary>
        /// Conductance liquid → room, W/K, lid closed and platform still. Default 0.45 W/K (reasoned: ≈0.05 m² of bag top
        /// × ≈9 W/(m²·K) through the headspace, the bag film and the still air under the lid).
        /// </summary>
        public double LiquidToAmbientConductanceWattsPerKelvin { get; set; } = 0.45;

        /// <summary>
        /// Relative increase of both losses per °/s of mean absolute platform speed, 1/(°/s). Default 0.05 (reasoned: at
        /// 10 rpm and ±6°, mean |speed| = 4·6°·10/60 s = 4 °/s, forced convection raises the losses by ≈20 %).
        /// </summary>
        public double RockingLossGainPerDegreePerSecond { get; set; } = 0.05;

        /// <summary>
        /// Time constant of the mean |platform speed| that drives the rocking loss, s. Default 20 s (reasoned: the liquid
        /// wave and the air around the bag build up and die down over a few rocking cycles).
        /// </summary>
        public double RockingMixingTimeConstantSeconds { get; set; } = 20.0;

        /// <summary>
        /// Factor on both losses while the lid/door is open. Default 3 (reasoned: room air replaces the still, warm air
        /// under the lid, roughly tripling the convective loss of the bag and plate).
        /// </summary>
        public double LidOpenLossMultiplier { get; set; } = 3.0;

        /// <summary>Plate temperature at the start of the simulation, °C. Default 22 °C (at room temperature).</summary>
        public double InitialPlateCelsius { get; set; } = 22.0;

        /// <summary>Liquid temperature at the start of the simulation, °C. Default 22 °C (medium at room temperature).</summary>
        public double InitialLiquidCelsius { get; set; } = 22.0;

        internal void Validate(string prefix)
        {
            Check.RangeAbove(Check.Path(prefix, nameof(HeaterPowerWatts)), HeaterPowerWatts, 0.0, 10000.0, "W");
            Check.Range(Check.Path(prefix, nameof(PlateHeatCapacityJoulesPerKelvin)), PlateHeatCapacityJoulesPerKelvin, 1.0, 1.0e7, "J/K");
            Check.Range(
                Check.Path(prefix, nameof(PlateToLiquidConductanceWattsPerKelvin)),
                PlateToLiquidConductanceWattsPerKelvin,
                0.001,
                1.0e4,
                "W/K");
            Check.Range(
                Check.Path(prefix, nameof(PlateToAmbientConductanceWattsPerKelvin)),
                PlateToAmbientConductanceWattsPerKelvin,
                0.0,
                1.0e4,
                "W/K");
            Check.Range(
                Check.Path(prefix, nameof(LiquidToAmbientConductanceWattsPerKelvin)),
                LiquidToAmbientConductanceWattsPerKelvin,
                0.0,
                1.0e4,
                "W/K");
            Check.Range(
                Check.Path(prefix, nameof(RockingLossGainPerDegreePerSecond)),
                RockingLossGainPerDegreePerSecond,
                0.0,
                10.0,
                "1/(°/s)");
            Check.Range(
                Check.Path(prefix, nameof(RockingMixingTimeConstantSeconds)),
                RockingMixingTimeConstantSeconds,
                0.01,
                86400.0,
                "s");
            Check.Range(Check.Path(prefix, nameof(LidOpenLossMultiplier)), LidOpenLossMultiplier, 1.0, 100.0, "(factor)");
            Check.Range(Check.Path(prefix, nameof(InitialPlateCelsius)), InitialPlateCelsius, -20.0, 80.0, "°C");
            Check.Range(Check.Path(prefix, nameof(InitialLiquidCelsius)), InitialLiquidCelsius, -5.0, 80.0, "°C");
        }
    }
}
