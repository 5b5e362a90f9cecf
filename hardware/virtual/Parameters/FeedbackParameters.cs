namespace Bioreactor.Virtual
{
    /// <summary>
    /// Actuator feedback and the second shut-offs (hardware/esp32 README): a heater supply relay in series with the
    /// heater's MOSFET, an INA219 current monitor on a shunt in the heater's 24 V supply, an upstream normally-closed CO2
    /// shut-off valve in series before the dosing valve, and a thermal mass-flow sensor between the dosing valve and the
    /// bag. The heater conducts only while its MOSFET conducts (or has failed short) and the relay is closed; CO2 flows
    /// only while the dosing valve passes gas (or is stuck open) and the shut-off is open.
    /// </summary>
    public sealed class FeedbackParameters
    {
        /// <summary>
        /// True when the supply relay and the upstream shut-off are fitted. Default true (the product's board). False models
        /// a rig without them: the heater's MOSFET and the dosing valve act alone and the two ports have no effect.
        /// </summary>
        public bool SecondShutOffsFitted { get; set; } = true;

        /// <summary>
        /// Heater supply voltage, V. Default 24 V (the board's SELV supply, Mean Well LRS-150-24); the element current is
        /// then Thermal.HeaterPowerWatts / this = 4.17 A for the default 100 W.
        /// </summary>
        public double HeaterSupplyVolts { get; set; } = 24.0;

        /// <summary>
        /// Time from energising the relay coil to closed contacts, s. Default 0.010 s (Omron G5LE data sheet: operate time
        /// 10 ms maximum).
        /// </summary>
        public double SupplyRelayOperateSeconds { get; set; } = 0.010;

        /// <summary>Time from de-energising the relay coil to open contacts, s. Default 0.005 s (Omron G5LE: release time 5 ms maximum).</summary>
        public double SupplyRelayReleaseSeconds { get; set; } = 0.005;

        /// <summary>
        /// Time the upstream shut-off valve takes to open or close, s. Default 0.020 s (reasoned: a small direct-acting
        /// solenoid valve of the Bürkert 6011 class switches in 10–20 ms).
        /// </summary>
        public double ShutOffValveSwitchSeconds { get; set; } = 0.020;

        /// <summary>
        /// Standard deviation of the current reading's noise, A. Default 0.003 A (reasoned: a few LSBs of the INA219's
        /// 10 µV shunt LSB over a 10 mΩ shunt, PWM-free DC load).
        /// </summary>
        public double CurrentNoiseStandardDeviationAmperes { get; set; } = 0.003;

        /// <summary>Current reading resolution, A; 0 = none. Default 0.001 A: INA219 shunt LSB 10 µV / 10 mΩ.</summary>
        public double CurrentQuantisationAmperes { get; set; } = 0.001;

        /// <summary>Interval between current readings, s. Default 0.02 s (reasoned: read every 20 ms control tick; one conversion takes 0.53 ms).</summary>
        public double CurrentSamplePeriodSeconds { get; set; } = 0.02;

        /// <summary>
        /// Response time of the flow sensor, s. Default 0.001 s (Honeywell HAF data sheet: response time 1 ms).
        /// </summary>
        public double FlowResponseSeconds { get; set; } = 0.001;

        /// <summary>
        /// Standard deviation of the flow reading's noise, sccm of CO2. Default 0.2 sccm (reasoned: a few tenths of a
        /// percent of the ±50 sccm full scale, the HAF's accuracy class near zero).
        /// </summary>
        public double FlowNoiseStandardDeviationSccm { get; set; } = 0.2;

        /// <summary>
        /// Flow reading resolution, sccm of CO2; 0 = none. Default 0.01 sccm (HAF ±50 sccm: 100 sccm over 0.8 × 16384
        /// codes = 0.0076 sccm of air, ≈ 0.011 sccm of CO2 at its 0.7 gas factor).
        /// </summary>
        public double FlowQuantisationSccm { get; set; } = 0.01;

        /// <summary>Interval between flow readings, s. Default 0.02 s (reasoned: read every 20 ms control tick).</summary>
        public double FlowSamplePeriodSeconds { get; set; } = 0.02;

        internal void Validate(string prefix)
        {
            Check.RangeAbove(Check.Path(prefix, nameof(HeaterSupplyVolts)), HeaterSupplyVolts, 0.0, 1000.0, "V");
            Check.Range(Check.Path(prefix, nameof(SupplyRelayOperateSeconds)), SupplyRelayOperateSeconds, 0.0, 1.0, "s");
            Check.Range(Check.Path(prefix, nameof(SupplyRelayReleaseSeconds)), SupplyRelayReleaseSeconds, 0.0, 1.0, "s");
            Check.Range(Check.Path(prefix, nameof(ShutOffValveSwitchSeconds)), ShutOffValveSwitchSeconds, 0.0, 1.0, "s");
            Check.Range(
                Check.Path(prefix, nameof(CurrentNoiseStandardDeviationAmperes)),
                CurrentNoiseStandardDeviationAmperes,
                0.0,
                10.0,
                "A");
            Check.Range(Check.Path(prefix, nameof(CurrentQuantisationAmperes)), CurrentQuantisationAmperes, 0.0, 10.0, "A");
            Check.Range(Check.Path(prefix, nameof(CurrentSamplePeriodSeconds)), CurrentSamplePeriodSeconds, 0.001, 60.0, "s");
            Check.Range(Check.Path(prefix, nameof(FlowResponseSeconds)), FlowResponseSeconds, 0.0, 60.0, "s");
            Check.Range(Check.Path(prefix, nameof(FlowNoiseStandardDeviationSccm)), FlowNoiseStandardDeviationSccm, 0.0, 1000.0, "sccm");
            Check.Range(Check.Path(prefix, nameof(FlowQuantisationSccm)), FlowQuantisationSccm, 0.0, 100.0, "sccm");
            Check.Range(Check.Path(prefix, nameof(FlowSamplePeriodSeconds)), FlowSamplePeriodSeconds, 0.001, 60.0, "s");
        }
    }
}
