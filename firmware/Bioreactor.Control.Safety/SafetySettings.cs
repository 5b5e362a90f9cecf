using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Thresholds of the safety layer. Defaults suit a 37 °C / 5 % CO2 T-cell culture on a heated rocking platform;
    /// each default's reason is given beside it. The supervisor validates and copies the settings when it is built
    /// or reconfigured, so changing this object afterwards has no effect until <see cref="SafetySupervisor.Configure"/>.
    /// Alarm priorities, on-delays and deadbands are in the alarm definitions (<see cref="AlarmCatalog"/>).
    /// </summary>
    public sealed class SafetySettings
    {
        // ---- Temperature ----

        /// <summary>
        /// Plate over-temperature trip, °C (30–60). Default 42: above the temperature loop's own plate limit, so the
        /// trip acts only when that limit has failed; low enough that a bag lying on the plate is not harmed quickly.
        /// </summary>
        public double PlateTripCelsius { get; set; } = 42.0;

        /// <summary>
        /// Liquid over-temperature trip, °C (30–45). Default 38: about 1 °C above the highest set point, as commercial
        /// incubators set their independent over-temperature protection (Shel Lab; Binder class 3.1, DIN 12880).
        /// </summary>
        public double LiquidTripCelsius { get; set; } = 38.0;

        /// <summary>Lowest plausible probe reading, °C (−50–100). Default 0: the bag is never frozen on a running device.</summary>
        public double TemperatureMinimumPlausibleCelsius { get; set; } = 0.0;

        /// <summary>
        /// Highest plausible probe reading, °C (−50–200, above the trips). Default 70: far above both trips (a real
        /// value there would have tripped long before); beyond it the probe, not the process, is wrong.
        /// </summary>
        public double TemperatureMaximumPlausibleCelsius { get; set; } = 70.0;

        /// <summary>
        /// Oldest acceptable temperature sample, ms (100–60 000). Default 1000: an RTD converter (MAX31865: one
        /// conversion in under 70 ms) refreshes many times a second, and the product must react within 2 s.
        /// </summary>
        public long TemperatureStaleMilliseconds { get; set; } = 1000;

        /// <summary>
        /// Time a temperature reading may stay bit-for-bit identical before it counts as frozen, ms (0 = off, else
        /// 1000–86 400 000). Default off: a quantised converter at a very stable temperature can legitimately repeat;
        /// enable it (e.g. 600 000) when the probe's noise is known to exceed its resolution.
        /// </summary>
        public long TemperatureFrozenMilliseconds { get; set; } = 0;

        /// <summary>
        /// Time the plate reading may stay bit-for-bit identical while the heater is on for at least
        /// <see cref="FrozenWhileDrivenMinimumDutyFraction"/> of it, ms (0 = off, else 1000–86 400 000). Default 10 000:
        /// a heater of the default rig's 100 W into a 1000 J/K plate warms it about 0.1 K/s at full power, so 10 s at
        /// half power is about 0.5 K, 16 codes of a MAX31865 (0.03125 °C per code); a stuck plate probe that reads low
        /// would otherwise let the loop heat on under a plate trip that reads the same probe (see
        /// <see cref="FrozenWhileDrivenWatch"/>).
        /// </summary>
        public long PlateFrozenWhileHeatingMilliseconds { get; set; } = 10000;

        /// <summary>
        /// Heater watch window, ms (10 000–3 600 000). Default 120 000: in a window where the heater was on ≥ the
        /// minimum duty the plate must warm by the minimum rise (Marlin's watch uses 60 s / 2 °C for a printer bed;
        /// a plate carrying a litre of liquid warms more slowly, hence longer and smaller).
        /// </summary>
        public long HeaterWatchWindowMilliseconds { get; set; } = 120000;

        /// <summary>Heater duty from which a rise is expected, fraction (0.1–1). Default 0.8: the loop is heating hard.</summary>
        public double HeaterWatchMinimumDutyFraction { get; set; } = 0.8;

        /// <summary>Smallest plate rise over a hard-heating window, K (0.05–20). Default 0.5 K: 5× the 0.1 °C resolution.</summary>
        public double HeaterWatchMinimumRiseKelvin { get; set; } = 0.5;

        /// <summary>
        /// The heater watch fails only while the plate is less than this above the liquid, K (0–20). Default 1.5: a
        /// working heater loaded by a cold bag stays well above the liquid although the plate does not warm; a dead
        /// heater lets the plate fall to the liquid's temperature.
        /// </summary>
        public double HeaterWatchPlateAboveLiquidKelvin { get; set; } = 1.5;

        /// <summary>
        /// Heater-off time before the stuck-on watch starts, ms (0–600 000). Default 10 000: heat stored in the
        /// element reaches the plate probe within seconds after switch-off; 10 s leaves a margin.
        /// </summary>
        public long HeaterStuckOnSettleMilliseconds { get; set; } = 10000;

        /// <summary>Plate rise with the heater off that means stuck on, K (0.05–20). Default 0.5 K (5× resolution).</summary>
        public double HeaterStuckOnRiseKelvin { get; set; } = 0.5;

        /// <summary>Slow plate warming with the heater off that is not a fault (room warming), K/min (0–10). Default 0.05.</summary>
        public double HeaterStuckOnDriftKelvinPerMinute { get; set; } = 0.05;

        /// <summary>
        /// Liquid hotter than the plate by more than this while heating means a probe is wrong, K (0.2–20). Default 2:
        /// the plate heats the liquid, so while heating the plate is the warmer of the two (Klipper/Marlin practice:
        /// detect a probe that has fallen off its part).
        /// </summary>
        public double LiquidAbovePlateMarginKelvin { get; set; } = 2.0;

        /// <summary>Averaged heater duty above which the plate must be the warmer probe, fraction (0.05–1). Default 0.5.</summary>
        public double DisagreementHeatingDutyFraction { get; set; } = 0.5;

        /// <summary>
        /// Time constant of the averaged heater duty, ms (1000–3 600 000). Default 60 000: after a long heater-off
        /// period, a minute of heating lets the plate pass the liquid before the disagreement check applies.
        /// </summary>
        public long HeatingDutyTimeConstantMilliseconds { get; set; } = 60000;

        /// <summary>
        /// Largest plausible |plate − liquid|, K (1–100). Default 30: the plate cannot exceed its 42 °C trip and
        /// pre-warmed medium is not colder than about 12 °C.
        /// </summary>
        public double MaximumProbeDifferenceKelvin { get; set; } = 30.0;

        /// <summary>
        /// Liquid temperature deviation alarm band around the set point, K (0.1–10: Binder's configurable range).
        /// Default 1 K, Binder's recommended minimum.
        /// </summary>
        public double TemperatureDeviationBandKelvin { get; set; } = 1.0;

        // ---- CO2 ----

        /// <summary>
        /// CO2 over-dose trip, % v/v (1–25). Default 8: with bicarbonate buffer, pH = pKa + log10([HCO3−]/(0.03·pCO2))
        /// (Henderson–Hasselbalch), so 5 → 8 % lowers pH by log10(8/5) = 0.2, from 7.4 to the 7.2 bottom of the window.
        /// </summary>
        public double Co2TripPercent { get; set; } = 8.0;

        /// <summary>Lowest plausible CO2 reading, % (−5–0). Default −0.5: a zero offset, not a negative gas content.</summary>
        public double Co2MinimumPlausiblePercent { get; set; } = -0.5;

        /// <summary>Highest plausible CO2 reading, % (above the trip, ≤ 100). Default 25: a 0–20 % NDIR probe plus margin.</summary>
        public double Co2MaximumPlausiblePercent { get; set; } = 25.0;

        /// <summary>
        /// Oldest acceptable CO2 sample, ms (100–60 000). Default 1500: assumes the board refreshes the CO2 reading at
        /// least once a second; raise it for a slower probe (detection then takes longer).
        /// </summary>
        public long Co2StaleMilliseconds { get; set; } = 1500;

        /// <summary>Time a CO2 reading may stay bit-for-bit identical, ms (0 = off, else 1000–86 400 000). Default off.</summary>
        public long Co2FrozenMilliseconds { get; set; } = 0;

        /// <summary>
        /// Time the CO2 reading may stay bit-for-bit identical while the valve is open for at least
        /// <see cref="FrozenWhileDrivenMinimumDutyFraction"/> of it, ms (0 = off, else 1000–86 400 000). Default 20 000:
        /// pure CO2 at the valve's flow raises a 1 L headspace by well over 0.1 % in 20 s, more than the probe's
        /// 0.01 % resolution even through its 60 s response.
        /// </summary>
        public long Co2FrozenWhileInjectingMilliseconds { get; set; } = 20000;

        /// <summary>Actuator on-time fraction from which a reading must move (0.1–1). Default 0.5.</summary>
        public double FrozenWhileDrivenMinimumDutyFraction { get; set; } = 0.5;

        /// <summary>
        /// Adaptive frozen-reading watch on the liquid, plate and CO2 probes (<see cref="AdaptiveFrozenWatch"/>): a reading is
        /// frozen when its run of bit-identical values lasts longer than this many times the longest healthy run
        /// learned from the probe itself (0 = off, else 1–100). Default 3: a run-length well above any the probe has
        /// shown; for a noisy probe runs are short and nearly geometric in length, so tripling the longest run seen
        /// over hours is far in the tail, while a real stuck probe is caught within a few of its normal runs.
        /// </summary>
        public double AdaptiveFrozenFactor { get; set; } = 3.0;

        /// <summary>
        /// Shortest adaptive frozen threshold, ms (1000–3 600 000). Default 10 000: ten samples of a 1 Hz probe (the
        /// slowest refresh the stale limits assume), so a probe whose every reading differs still needs several
        /// identical samples in a row before it trips.
        /// </summary>
        public long AdaptiveFrozenFloorMilliseconds { get; set; } = 10000;

        /// <summary>
        /// Longest run the adaptive watch learns, ms (at least the floor, ≤ 86 400 000). Default 1 800 000 (30 min):
        /// bounds the threshold at factor × 30 min (90 min by default), so a very quiet probe still gets a frozen
        /// check, and a probe that truly stuck while learning cannot teach itself an unbounded threshold.
        /// </summary>
        public long AdaptiveFrozenCapMilliseconds { get; set; } = 1800000;

        /// <summary>
        /// Valid-reading time before the adaptive watch arms, ms (0–86 400 000). Default 1 800 000 (30 min): the
        /// liquid temperature settles in well under that at rest, and the noise seen in 30 min at 1 Hz or faster is
        /// thousands of runs; short enough that the watch is armed after a 1 h warm-up.
        /// </summary>
        public long AdaptiveFrozenLearningMilliseconds { get; set; } = 1800000;

        /// <summary>
        /// Time constant with which the learned longest run is forgotten, ms (60 000–2 592 000 000). Default
        /// 86 400 000 (24 h): one unusually long run (a quiet night) raises the threshold for about a day, then the
        /// threshold follows the probe's current behaviour (a probe ageing or a rig change).
        /// </summary>
        public long AdaptiveFrozenForgetMilliseconds { get; set; } = 86400000;

        /// <summary>
        /// Longest continuous valve opening, ms (100–600 000). Default 30 000: well above any pulse of a
        /// time-proportioned CO2 valve (periods of seconds), so only a stuck command reaches it.
        /// </summary>
        public long ValveMaximumOpenMilliseconds { get; set; } = 30000;

        /// <summary>How long the valve is held closed after it was open too long, ms (1000–3 600 000). Default 60 000.</summary>
        public long ValveLockoutMilliseconds { get; set; } = 60000;

        /// <summary>
        /// Valve-closed time before the stuck-open watch starts, ms (0–600 000). Default 15 000: gas already injected
        /// reaches and mixes at the probe in seconds; 15 s leaves a margin.
        /// </summary>
        public long ValveStuckOpenSettleMilliseconds { get; set; } = 15000;

        /// <summary>CO2 rise with the valve closed that means stuck open, % (0.05–10). Default 0.3: 3× the 0.1 % resolution.</summary>
        public double ValveStuckOpenRisePercent { get; set; } = 0.3;

        /// <summary>Slow CO2 rise with the valve closed that is not a fault (cell respiration), %/min (0–10). Default 0.05.</summary>
        public double ValveStuckOpenDriftPercentPerMinute { get; set; } = 0.05;

        /// <summary>
        /// CO2 watch window, ms (10 000–3 600 000). Default 180 000 (see <see cref="DrivenRiseWatch"/>): an NDIR probe of
        /// the 0–20 % class answers with a time constant of up to a minute, so after a door opening the reading keeps
        /// falling for a minute or more while the valve already injects hard; three time constants let a real rise show.
        /// </summary>
        public long Co2WatchWindowMilliseconds { get; set; } = 180000;

        /// <summary>Valve duty from which a CO2 rise is expected, fraction (0.1–1). Default 0.5: the loop is injecting hard.</summary>
        public double Co2WatchMinimumDutyFraction { get; set; } = 0.5;

        /// <summary>Smallest CO2 rise over a hard-injecting window, % (0.05–10). Default 0.2: 2× the 0.1 % resolution.</summary>
        public double Co2WatchMinimumRisePercent { get; set; } = 0.2;

        /// <summary>CO2 deviation alarm band around the set point, % (0.1–5). Default 1.</summary>
        public double Co2DeviationBandPercent { get; set; } = 1.0;

        // ---- Rocking ----

        /// <summary>Lowest plausible platform angle, degrees (−90–0). Default −30: rockers stay within ±12°; more is a sensor error.</summary>
        public double AngleMinimumPlausibleDegrees { get; set; } = -30.0;

        /// <summary>Highest plausible platform angle, degrees (0–90). Default 30.</summary>
        public double AngleMaximumPlausibleDegrees { get; set; } = 30.0;

        /// <summary>Oldest acceptable angle sample, ms (50–60 000). Default 1000 (an IMU or encoder refreshes at ≥ 10 Hz).</summary>
        public long AngleStaleMilliseconds { get; set; } = 1000;

        /// <summary>
        /// Largest rocker speed passed on, degrees per second (1–360); larger commands are clipped. Default 60: rockers stay
        /// below ~40 rpm and 12°, whose sinusoidal peak speed is 2π·(40/60)·12 ≈ 50 °/s.
        /// </summary>
        public double RockerMaximumSpeedDegreesPerSecond { get; set; } = 60.0;

        /// <summary>Stall detector averaging time constant, ms (50–10 000). Default 500 (verdict ≈ 0.6 s after a stall).</summary>
        public long StallAveragingMilliseconds { get; set; } = 500;

        /// <summary>Averaged commanded speed from which a stall is judged, °/s (0.05–60). Default 0.5 (6 rpm at 4° averages ≈ 1.6 °/s).</summary>
        public double StallMinimumSpeedDegreesPerSecond { get; set; } = 0.5;

        /// <summary>Measured/commanded speed ratio below which the platform is stalled (0.05–0.95). Default 0.3.</summary>
        public double StallTravelFraction { get; set; } = 0.3;

        /// <summary>Smallest angle change counted as motion, degrees (0–5). Default 0.2: above the noise of an IMU angle at rest.</summary>
        public double StallHysteresisDegrees { get; set; } = 0.2;

        // ---- Door ----

        /// <summary>
        /// Time the door must stay closed before CO2 injection and rocking resume, ms (0–600 000). Default 5000: the lid
        /// is seated and the switch has stopped bouncing, and a door reopened at once does not restart the motor in
        /// between; negligible against the 5 min CO2 recovery of commercial incubators (Shel Lab SCO6AD).
        /// </summary>
        public long DoorSettleMilliseconds { get; set; } = 5000;

        // ---- Actuator feedback (optional hardware: heater current monitor and supply relay, CO2 flow sensor and upstream
        // shut-off valve; see ActuatorFeedbackWatch. Used only where the board fits them.) ----

        /// <summary>
        /// Heater current above which the element counts as conducting, A (0.05–100). Default 1.0: a quarter of the
        /// 4.2 A the 24 V, 100 W element draws (so a heater with half its tracks open still counts as on), and a thousand
        /// times the INA219's 1 mA resolution with the board's 10 mΩ shunt (10 µV shunt-register LSB, INA219 data sheet).
        /// </summary>
        public double HeaterCurrentThresholdAmperes { get; set; } = 1.0;

        /// <summary>
        /// Heater commanded on without current for this much accumulated on-time means failed off, ms (20–10 000).
        /// Default 100, as for current while off: a DC MOSFET conducts within microseconds and the INA219 converts in
        /// 0.53 ms (12-bit, data sheet), so 100 ms is five 20 ms samples in a row without a glitch explaining them. On-time
        /// adds up across heater windows (reset by any on-sample with current). The worst case, a failure just after an
        /// on-pulse of duty d in the 1 s window W (TemperatureLoopSettings.HeaterWindowSeconds), is seen after W − d + c
        /// when d ≥ c and after 2W + c − 2d when c/2 ≤ d &lt; c (plus a tick or two): with c = 100 ms the product's 2 s holds
        /// from about 7 % duty up (tested at 8 %), and at the default rig's 11–16 % steady duty it is about 1 s. With 200 ms it was 2.2 s − 2d,
        /// over 2 s below 10 % and within 0.1 s of it at 12 % (the bench's heater-failed-off case missed 2 s by 80 ms
        /// with another noise seed).
        /// </summary>
        public long HeaterNoCurrentConfirmMilliseconds { get; set; } = 100;

        /// <summary>
        /// Heater commanded off with current for this much accumulated off-time means failed on, ms (20–10 000). Default
        /// 100: five 20 ms samples; the MOSFET stops conducting within microseconds of its gate going low (a zero-cross
        /// AC SSR within a half cycle, 10 ms at 50 Hz), so current seen for 100 ms after an off command is a switch that
        /// no longer obeys. The supply relay is then opened at once.
        /// </summary>
        public long HeaterCurrentWhileOffConfirmMilliseconds { get; set; } = 100;

        /// <summary>
        /// Time after the supply relay is commanded closed before a missing current counts, ms (0–10 000). Default 100:
        /// ten times a small power relay's operate time (≤ 10 ms for the Omron G5LE class) plus contact bounce.
        /// </summary>
        public long HeaterSupplySettleMilliseconds { get; set; } = 100;

        /// <summary>
        /// Oldest acceptable heater-current sample, ms (50–60 000). Default 500: the board reads the monitor every
        /// control tick (20 ms); older means the I2C read has failed for 25 ticks.
        /// </summary>
        public long HeaterCurrentStaleMilliseconds { get; set; } = 500;

        /// <summary>
        /// CO2 flow above which gas counts as flowing, standard cm³/min of CO2 (0.1–10 000). Default 5: a fifth of the
        /// default rig's 25 sccm injection flow and a tenth of the ±50 sccm sensor's full scale, far above its zero
        /// error (Honeywell HAF ±50 sccm data sheet: total error band a fraction of a percent of full scale near zero).
        /// </summary>
        public double Co2FlowThresholdSccm { get; set; } = 5.0;

        /// <summary>
        /// Valve commanded open without flow for this much accumulated open-time means stuck closed (or the supply empty),
        /// ms (20–10 000). Default 300: a direct-acting solenoid opens in 10–20 ms and the short line to the flow sensor
        /// fills within a few tens of ms (the sensor itself answers within 1 ms, HAF data sheet); open-time adds up across
        /// pulses (reset by any open-sample with flow), so the loop's 0.1 s minimum pulses still reach it.
        /// </summary>
        public long Co2NoFlowConfirmMilliseconds { get; set; } = 300;

        /// <summary>
        /// Valve commanded closed with flow for this much accumulated closed-time means stuck open, ms (20–10 000).
        /// Default 200: the solenoid closes within tens of ms (slowed a little by its flyback diode) and the gas between
        /// the valve and the sensor drains in well under 100 ms; flow after 200 ms is a valve that does not close. The
        /// upstream shut-off is then closed at once.
        /// </summary>
        public long Co2FlowWhileClosedConfirmMilliseconds { get; set; } = 200;

        /// <summary>
        /// Time after the upstream shut-off is commanded open before a missing flow counts, ms (0–10 000). Default 200:
        /// the shut-off opens within tens of ms and re-pressurises the short line up to the dosing valve.
        /// </summary>
        public long Co2ShutOffSettleMilliseconds { get; set; } = 200;

        /// <summary>Oldest acceptable CO2 flow sample, ms (50–60 000). Default 500 (read every control tick, see the heater current).</summary>
        public long Co2FlowStaleMilliseconds { get; set; } = 500;

        /// <summary>Returns a copy.</summary>
        public SafetySettings Clone()
        {
            return (SafetySettings)MemberwiseClone();
        }

        /// <summary>Throws ArgumentOutOfRangeException naming the first setting outside its range.</summary>
        public void Validate()
        {
            Range(PlateTripCelsius, 30, 60, "PlateTripCelsius", "PlateTripCelsius must be 30 to 60 °C");
            Range(LiquidTripCelsius, 30, 45, "LiquidTripCelsius", "LiquidTripCelsius must be 30 to 45 °C");
            Range(TemperatureMinimumPlausibleCelsius, -50, 100, "TemperatureMinimumPlausibleCelsius", "TemperatureMinimumPlausibleCelsius must be -50 to 100 °C");
            Range(TemperatureMaximumPlausibleCelsius, -50, 200, "TemperatureMaximumPlausibleCelsius", "TemperatureMaximumPlausibleCelsius must be -50 to 200 °C");
            if (!(TemperatureMaximumPlausibleCelsius > PlateTripCelsius && TemperatureMaximumPlausibleCelsius > LiquidTripCelsius
                && TemperatureMinimumPlausibleCelsius < LiquidTripCelsius - 10))
            {
                throw new ArgumentOutOfRangeException("TemperatureMaximumPlausibleCelsius",
                    "the plausible temperature range must contain both trips (maximum above them, minimum at least 10 K below the liquid trip)");
            }

            Range(TemperatureStaleMilliseconds, 100, 60000, "TemperatureStaleMilliseconds", "TemperatureStaleMilliseconds must be 100 to 60000");
            Frozen(TemperatureFrozenMilliseconds, "TemperatureFrozenMilliseconds", "TemperatureFrozenMilliseconds must be 0 (off) or 1000 to 86400000");
            Range(HeaterWatchWindowMilliseconds, 10000, 3600000, "HeaterWatchWindowMilliseconds", "HeaterWatchWindowMilliseconds must be 10000 to 3600000");
            Range(HeaterWatchMinimumDutyFraction, 0.1, 1, "HeaterWatchMinimumDutyFraction", "HeaterWatchMinimumDutyFraction must be 0.1 to 1");
            Range(HeaterWatchMinimumRiseKelvin, 0.05, 20, "HeaterWatchMinimumRiseKelvin", "HeaterWatchMinimumRiseKelvin must be 0.05 to 20 K");
            Range(HeaterWatchPlateAboveLiquidKelvin, 0, 20, "HeaterWatchPlateAboveLiquidKelvin", "HeaterWatchPlateAboveLiquidKelvin must be 0 to 20 K");
            Range(HeaterStuckOnSettleMilliseconds, 0, 600000, "HeaterStuckOnSettleMilliseconds", "HeaterStuckOnSettleMilliseconds must be 0 to 600000");
            Range(HeaterStuckOnRiseKelvin, 0.05, 20, "HeaterStuckOnRiseKelvin", "HeaterStuckOnRiseKelvin must be 0.05 to 20 K");
            Range(HeaterStuckOnDriftKelvinPerMinute, 0, 10, "HeaterStuckOnDriftKelvinPerMinute", "HeaterStuckOnDriftKelvinPerMinute must be 0 to 10 K/min");
            Range(LiquidAbovePlateMarginKelvin, 0.2, 20, "LiquidAbovePlateMarginKelvin", "LiquidAbovePlateMarginKelvin must be 0.2 to 20 K");
            Range(DisagreementHeatingDutyFraction, 0.05, 1, "DisagreementHeatingDutyFraction", "DisagreementHeatingDutyFraction must be 0.05 to 1");
            Range(HeatingDutyTimeConstantMilliseconds, 1000, 3600000, "HeatingDutyTimeConstantMilliseconds", "HeatingDutyTimeConstantMilliseconds must be 1000 to 3600000");
            Range(MaximumProbeDifferenceKelvin, 1, 100, "MaximumProbeDifferenceKelvin", "MaximumProbeDifferenceKelvin must be 1 to 100 K");
            Range(TemperatureDeviationBandKelvin, 0.1, 10, "TemperatureDeviationBandKelvin", "TemperatureDeviationBandKelvin must be 0.1 to 10 K");

            Range(Co2TripPercent, 1, 25, "Co2TripPercent", "Co2TripPercent must be 1 to 25 %");
            Range(Co2MinimumPlausiblePercent, -5, 0, "Co2MinimumPlausiblePercent", "Co2MinimumPlausiblePercent must be -5 to 0 %");
            Range(Co2MaximumPlausiblePercent, 1, 100, "Co2MaximumPlausiblePercent", "Co2MaximumPlausiblePercent must be 1 to 100 %");
            if (!(Co2MaximumPlausiblePercent > Co2TripPercent))
            {
                throw new ArgumentOutOfRangeException("Co2MaximumPlausiblePercent", "Co2MaximumPlausiblePercent must be above Co2TripPercent");
            }

            Range(Co2StaleMilliseconds, 100, 60000, "Co2StaleMilliseconds", "Co2StaleMilliseconds must be 100 to 60000");
            Frozen(Co2FrozenMilliseconds, "Co2FrozenMilliseconds", "Co2FrozenMilliseconds must be 0 (off) or 1000 to 86400000");
            Frozen(PlateFrozenWhileHeatingMilliseconds, "PlateFrozenWhileHeatingMilliseconds", "PlateFrozenWhileHeatingMilliseconds must be 0 (off) or 1000 to 86400000");
            Frozen(Co2FrozenWhileInjectingMilliseconds, "Co2FrozenWhileInjectingMilliseconds", "Co2FrozenWhileInjectingMilliseconds must be 0 (off) or 1000 to 86400000");
            Range(FrozenWhileDrivenMinimumDutyFraction, 0.1, 1, "FrozenWhileDrivenMinimumDutyFraction", "FrozenWhileDrivenMinimumDutyFraction must be 0.1 to 1");
            if (double.IsNaN(AdaptiveFrozenFactor) || AdaptiveFrozenFactor != 0)
            {
                Range(AdaptiveFrozenFactor, 1, 100, "AdaptiveFrozenFactor", "AdaptiveFrozenFactor must be 0 (off) or 1 to 100");
            }

            Range(AdaptiveFrozenFloorMilliseconds, 1000, 3600000, "AdaptiveFrozenFloorMilliseconds", "AdaptiveFrozenFloorMilliseconds must be 1000 to 3600000");
            Range(AdaptiveFrozenCapMilliseconds, AdaptiveFrozenFloorMilliseconds, 86400000, "AdaptiveFrozenCapMilliseconds",
                "AdaptiveFrozenCapMilliseconds must be AdaptiveFrozenFloorMilliseconds to 86400000");
            Range(AdaptiveFrozenLearningMilliseconds, 0, 86400000, "AdaptiveFrozenLearningMilliseconds", "AdaptiveFrozenLearningMilliseconds must be 0 to 86400000");
            Range(AdaptiveFrozenForgetMilliseconds, 60000, 2592000000, "AdaptiveFrozenForgetMilliseconds", "AdaptiveFrozenForgetMilliseconds must be 60000 to 2592000000");
            Range(ValveMaximumOpenMilliseconds, 100, 600000, "ValveMaximumOpenMilliseconds", "ValveMaximumOpenMilliseconds must be 100 to 600000");
            Range(ValveLockoutMilliseconds, 1000, 3600000, "ValveLockoutMilliseconds", "ValveLockoutMilliseconds must be 1000 to 3600000");
            Range(ValveStuckOpenSettleMilliseconds, 0, 600000, "ValveStuckOpenSettleMilliseconds", "ValveStuckOpenSettleMilliseconds must be 0 to 600000");
            Range(ValveStuckOpenRisePercent, 0.05, 10, "ValveStuckOpenRisePercent", "ValveStuckOpenRisePercent must be 0.05 to 10 %");
            Range(ValveStuckOpenDriftPercentPerMinute, 0, 10, "ValveStuckOpenDriftPercentPerMinute", "ValveStuckOpenDriftPercentPerMinute must be 0 to 10 %/min");
            Range(Co2WatchWindowMilliseconds, 10000, 3600000, "Co2WatchWindowMilliseconds", "Co2WatchWindowMilliseconds must be 10000 to 3600000");
            Range(Co2WatchMinimumDutyFraction, 0.1, 1, "Co2WatchMinimumDutyFraction", "Co2WatchMinimumDutyFraction must be 0.1 to 1");
            Range(Co2WatchMinimumRisePercent, 0.05, 10, "Co2WatchMinimumRisePercent", "Co2WatchMinimumRisePercent must be 0.05 to 10 %");
            Range(Co2DeviationBandPercent, 0.1, 5, "Co2DeviationBandPercent", "Co2DeviationBandPercent must be 0.1 to 5 %");

            Range(AngleMinimumPlausibleDegrees, -90, 0, "AngleMinimumPlausibleDegrees", "AngleMinimumPlausibleDegrees must be -90 to 0 degrees");
            Range(AngleMaximumPlausibleDegrees, 0, 90, "AngleMaximumPlausibleDegrees", "AngleMaximumPlausibleDegrees must be 0 to 90 degrees");
            if (!(AngleMaximumPlausibleDegrees > AngleMinimumPlausibleDegrees))
            {
                throw new ArgumentOutOfRangeException("AngleMaximumPlausibleDegrees", "AngleMaximumPlausibleDegrees must be above AngleMinimumPlausibleDegrees");
            }

            Range(AngleStaleMilliseconds, 50, 60000, "AngleStaleMilliseconds", "AngleStaleMilliseconds must be 50 to 60000");
            Range(RockerMaximumSpeedDegreesPerSecond, 1, 360, "RockerMaximumSpeedDegreesPerSecond", "RockerMaximumSpeedDegreesPerSecond must be 1 to 360");
            Range(StallAveragingMilliseconds, 50, 10000, "StallAveragingMilliseconds", "StallAveragingMilliseconds must be 50 to 10000");
            Range(StallMinimumSpeedDegreesPerSecond, 0.05, 60, "StallMinimumSpeedDegreesPerSecond", "StallMinimumSpeedDegreesPerSecond must be 0.05 to 60");
            Range(StallTravelFraction, 0.05, 0.95, "StallTravelFraction", "StallTravelFraction must be 0.05 to 0.95");
            Range(StallHysteresisDegrees, 0, 5, "StallHysteresisDegrees", "StallHysteresisDegrees must be 0 to 5 degrees");

            Range(DoorSettleMilliseconds, 0, 600000, "DoorSettleMilliseconds", "DoorSettleMilliseconds must be 0 to 600000");

            Range(HeaterCurrentThresholdAmperes, 0.05, 100, "HeaterCurrentThresholdAmperes", "HeaterCurrentThresholdAmperes must be 0.05 to 100 A");
            Range(HeaterNoCurrentConfirmMilliseconds, 20, 10000, "HeaterNoCurrentConfirmMilliseconds", "HeaterNoCurrentConfirmMilliseconds must be 20 to 10000");
            Range(HeaterCurrentWhileOffConfirmMilliseconds, 20, 10000, "HeaterCurrentWhileOffConfirmMilliseconds", "HeaterCurrentWhileOffConfirmMilliseconds must be 20 to 10000");
            Range(HeaterSupplySettleMilliseconds, 0, 10000, "HeaterSupplySettleMilliseconds", "HeaterSupplySettleMilliseconds must be 0 to 10000");
            Range(HeaterCurrentStaleMilliseconds, 50, 60000, "HeaterCurrentStaleMilliseconds", "HeaterCurrentStaleMilliseconds must be 50 to 60000");
            Range(Co2FlowThresholdSccm, 0.1, 10000, "Co2FlowThresholdSccm", "Co2FlowThresholdSccm must be 0.1 to 10000 sccm");
            Range(Co2NoFlowConfirmMilliseconds, 20, 10000, "Co2NoFlowConfirmMilliseconds", "Co2NoFlowConfirmMilliseconds must be 20 to 10000");
            Range(Co2FlowWhileClosedConfirmMilliseconds, 20, 10000, "Co2FlowWhileClosedConfirmMilliseconds", "Co2FlowWhileClosedConfirmMilliseconds must be 20 to 10000");
            Range(Co2ShutOffSettleMilliseconds, 0, 10000, "Co2ShutOffSettleMilliseconds", "Co2ShutOffSettleMilliseconds must be 0 to 10000");
            Range(Co2FlowStaleMilliseconds, 50, 60000, "Co2FlowStaleMilliseconds", "Co2FlowStaleMilliseconds must be 50 to 60000");
        }

        private static void Range(double value, double minimum, double maximum, string name, string message)
        {
            // NaN first: on nanoCLR NaN >= minimum is true.
            if (double.IsNaN(value))
            {
                throw new ArgumentOutOfRangeException(name, Finite.NotANumber(name) + "; " + message);
            }

            if (!(value >= minimum && value <= maximum))
            {
                throw new ArgumentOutOfRangeException(name, message);
            }
        }

        private static void Range(long value, long minimum, long maximum, string name, string message)
        {
            if (value < minimum || value > maximum)
            {
                throw new ArgumentOutOfRangeException(name, message);
            }
        }

        private static void Frozen(long value, string name, string message)
        {
            if (value != 0 && (value < 1000 || value > 86400000))
            {
                throw new ArgumentOutOfRangeException(name, message);
            }
        }
    }
}
