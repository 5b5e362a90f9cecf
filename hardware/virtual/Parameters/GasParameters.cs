namespace Bioreactor.Virtual
{
    /// <summary>
    /// The well-mixed headspace of the bag (volume from <see cref="BagParameters"/>): aeration air in, pure CO2 in
    /// while the solenoid valve is open, exhaust out at the total inflow, a small exchange with room air through
    /// filters and ports, a large one while the lid/door is open, and a slow exchange with CO2 dissolved in the medium.
    /// </summary>
    public sealed class GasParameters
    {
        /// <summary>
        /// Aeration air into the headspace, L/min. Default 0.1 L/min (rocking-bag practice, WAVE/Xuri aeration
        /// 0.1–0.2 L/min; the low end suits a 2 L bag).
        /// </summary>
        public double AirFlowLitresPerMinute { get; set; } = 0.1;

        /// <summary>
        /// Pure CO2 flow while the solenoid valve is open (set on the regulator and needle valve), L/min. Default
        /// 0.025 L/min (reasoned: holds 5 % at ≈22 % valve duty, so the controller has authority both ways; fully open
        /// it would reach ≈20 %).
        /// </summary>
        public double Co2InjectionFlowLitresPerMinute { get; set; } = 0.025;

        /// <summary>
        /// Exchange with room air through the exhaust filter, ports and seams with the lid closed, L/min (flows in and
        /// out). Default 0.005 L/min (reasoned: small against the aeration flow).
        /// </summary>
        public double LeakExchangeLitresPerMinute { get; set; } = 0.005;

        /// <summary>
        /// Exchange with room air while the lid/door is open, L/min. Default 5 L/min (reasoned: flushes a 1 L headspace
        /// with a 12 s time constant, most of it gone within a 30 s opening).
        /// </summary>
        public double DoorOpenExchangeLitresPerMinute { get; set; } = 5.0;

        /// <summary>
        /// Volumetric gas–liquid transfer coefficient of CO2 into the medium (kLa), 1/h. 0 disables dissolution. Default
        /// 2 /h (reasoned: rocking bags reach a few per hour at gentle rocking).
        /// </summary>
        public double Co2TransferRatePerHour { get; set; } = 2.0;

        /// <summary>
        /// CO2 solubility as an Ostwald coefficient: litres of gas dissolved per litre of medium at equilibrium,
        /// L/L. Default 0.6 (reasoned from CO2's Bunsen coefficient in water, ≈0.57 at 37 °C).
        /// </summary>
        public double Co2OstwaldCoefficient { get; set; } = 0.6;

        /// <summary>Headspace CO2 at the start of the simulation (the medium starts in equilibrium with it), %. Default 0.04 % (room air).</summary>
        public double InitialCo2Percent { get; set; } = 0.04;

        /// <summary>
        /// True when the aeration pump runs from the rig's mains supply and stops during a power cut. Default true
        /// (reasoned: the pump is part of the rocker). The CO2 cylinder is pressurised and needs no power.
        /// </summary>
        public bool AirFlowStopsOnPowerCut { get; set; } = true;

        internal void Validate(string prefix)
        {
            Check.Range(Check.Path(prefix, nameof(AirFlowLitresPerMinute)), AirFlowLitresPerMinute, 0.0, 100.0, "L/min");
            Check.RangeAbove(
                Check.Path(prefix, nameof(Co2InjectionFlowLitresPerMinute)),
                Co2InjectionFlowLitresPerMinute,
                0.0,
                100.0,
                "L/min");
            Check.Range(Check.Path(prefix, nameof(LeakExchangeLitresPerMinute)), LeakExchangeLitresPerMinute, 0.0, 100.0, "L/min");
            Check.Range(
                Check.Path(prefix, nameof(DoorOpenExchangeLitresPerMinute)),
                DoorOpenExchangeLitresPerMinute,
                0.0,
                10000.0,
                "L/min");
            Check.Range(Check.Path(prefix, nameof(Co2TransferRatePerHour)), Co2TransferRatePerHour, 0.0, 10000.0, "1/h");
            Check.Range(Check.Path(prefix, nameof(Co2OstwaldCoefficient)), Co2OstwaldCoefficient, 0.0, 10.0, "L/L");
            Check.Range(Check.Path(prefix, nameof(InitialCo2Percent)), InitialCo2Percent, 0.0, 100.0, "%");
        }
    }
}
