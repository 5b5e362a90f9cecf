using System.Text.Json.Serialization;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// The culture bag and the medium in it. The liquid mass (thermal mass and rocking load) and the headspace
    /// volume (gas model) are derived from these, so changing the fill changes every model consistently.
    /// </summary>
    public sealed class BagParameters
    {
        /// <summary>Total inflated volume of the bag, L. Default 2 L: the documented rig.</summary>
        public double BagVolumeLitres { get; set; } = 2.0;

        /// <summary>Volume of medium in the bag, L. Default 1 L: the documented rig. Must be below the bag volume.</summary>
        public double LiquidVolumeLitres { get; set; } = 1.0;

        /// <summary>Density of the medium, kg/L. Default 1.00 (reasoned: culture media are dilute aqueous solutions, ≈1.00–1.01).</summary>
        public double LiquidDensityKilogramsPerLitre { get; set; } = 1.0;

        /// <summary>Specific heat of the medium, J/(kg·K). Default 4180: water, 4.18 kJ/(kg·K).</summary>
        public double LiquidSpecificHeatJoulesPerKilogramKelvin { get; set; } = 4180.0;

        /// <summary>Liquid mass, kg (derived: volume × density).</summary>
        [JsonIgnore]
        public double LiquidMassKilograms => LiquidVolumeLitres * LiquidDensityKilogramsPerLitre;

        /// <summary>Heat capacity of the liquid, J/K (derived: mass × specific heat).</summary>
        [JsonIgnore]
        public double LiquidHeatCapacityJoulesPerKelvin => LiquidMassKilograms * LiquidSpecificHeatJoulesPerKilogramKelvin;

        /// <summary>Gas headspace, L (derived: bag volume − liquid volume).</summary>
        [JsonIgnore]
        public double HeadspaceLitres => BagVolumeLitres - LiquidVolumeLitres;

        internal void Validate(string prefix)
        {
            Check.Range(Check.Path(prefix, nameof(BagVolumeLitres)), BagVolumeLitres, 0.05, 1000.0, "L");
            Check.Range(Check.Path(prefix, nameof(LiquidVolumeLitres)), LiquidVolumeLitres, 0.01, 1000.0, "L");
            Check.Range(Check.Path(prefix, nameof(LiquidDensityKilogramsPerLitre)), LiquidDensityKilogramsPerLitre, 0.5, 2.0, "kg/L");
            Check.Range(
                Check.Path(prefix, nameof(LiquidSpecificHeatJoulesPerKilogramKelvin)),
                LiquidSpecificHeatJoulesPerKilogramKelvin,
                1000.0,
                5000.0,
                "J/(kg·K)");

            // The headspace must hold a gas volume the CO2 model can work with (at least 2 % of the bag).
            double maxLiquid = BagVolumeLitres * 0.98;
            Check.Range(Check.Path(prefix, nameof(LiquidVolumeLitres)), LiquidVolumeLitres, 0.01, maxLiquid, "L (at most 98 % of BagVolumeLitres)");
        }
    }
}
