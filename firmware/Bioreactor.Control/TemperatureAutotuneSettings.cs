using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// Configuration of <see cref="TemperatureAutotune"/>, read once by its constructor. The defaults were chosen for
    /// the documented rig (1 L of medium on a 100 W plate) and checked by simulation on plants with heater power,
    /// thermal masses, heat losses and probe lags each ±30 % (see <see cref="TemperatureAutotune"/>).
    /// </summary>
    public sealed class TemperatureAutotuneSettings
    {
        // ---- Precondition: settled operation ----

        /// <summary>
        /// The liquid must stay within this band of its set point, °C, for <see cref="SettleSeconds"/> before the relays
        /// start. Default 0.2: twice the ±0.1 °C control band, so normal control noise passes and a warm-up does not.
        /// </summary>
        public double StartBandCelsius = 0.2;

        /// <summary>
        /// Settled time required before the relays start, s; over it the normal cascade's heater duty, plate offset and
        /// plate temperature are averaged (the relays' centres) and the probes' noise is measured (the hysteresis).
        /// Default 600: ten minutes, long against the probe noise, short against the room's drift.
        /// </summary>
        public double SettleSeconds = 600.0;

        /// <summary>
        /// Longest wait for settled operation, s. Default 7200: a warm-up from room temperature (about 40 minutes on the
        /// reference rig) fits, so the autotune may be started as the warm-up starts.
        /// </summary>
        public double SettleTimeoutSeconds = 7200.0;

        // ---- Safety ----

        /// <summary>
        /// Largest |liquid − set point| allowed while the relays drive the heater, °C; beyond it the run aborts and the
        /// cascade takes over. Default 0.5: half the default temperature deviation alarm band (1 K), so a commissioning run
        /// never raises a deviation alarm, and inside the 36.5–37.5 °C range of normal human body temperature, so a
        /// culture in the bag during the run is not stressed. The relays on the reference rig move the liquid by about a
        /// tenth of that (see <see cref="TemperatureAutotune"/>).
        /// </summary>
        public double LiquidSafetyBandCelsius = 0.5;

        /// <summary>
        /// Largest |plate − its centre| allowed during the inner relay, °C (the plate never passes the plate limit either).
        /// Default 1.5: several times the inner relay's oscillation; more means the heater no longer answers as measured.
        /// </summary>
        public double PlateSafetyBandCelsius = 1.5;

        /// <summary>
        /// The outer relay's high plate set point stays this far below the plate limit, °C, so the inner loop's
        /// overshoot on a relay step cannot reach the limit. Default 0.5.
        /// </summary>
        public double PlateLimitMarginCelsius = 0.5;

        // ---- Relays ----

        /// <summary>
        /// Requested inner relay amplitude, heater duty fraction (0.01–0.5); bounded to the averaged duty and to 1 − that
        /// duty so the relay stays symmetric. Default 0.3 (on the reference rig the steady duty, 0.13 static and 0.15 rocking, bounds it).
        /// </summary>
        public double InnerRelayAmplitudeFraction = 0.3;

        /// <summary>
        /// Smallest inner relay amplitude worth running, duty fraction. Default 0.03: below it the plate's oscillation is
        /// lost in the hysteresis (the heater duty at the set point is nearly 0 or 1).
        /// </summary>
        public double InnerMinimumRelayAmplitudeFraction = 0.03;

        /// <summary>
        /// Requested outer relay amplitude, °C of plate set point around the averaged plate offset (0.1–5); bounded by the
        /// plate limit less <see cref="PlateLimitMarginCelsius"/> and by the plate minimum set point. Default 1.5 (on the
        /// reference rig rocking at 10 rpm the plate limit bounds it to about 1 °C).
        /// </summary>
        public double OuterRelayAmplitudeCelsius = 1.5;

        /// <summary>
        /// Smallest outer relay amplitude worth running, °C. Default 0.3: below it the liquid's oscillation would be
        /// within the probe's resolution.
        /// </summary>
        public double OuterMinimumRelayAmplitudeCelsius = 0.3;

        /// <summary>
        /// Relay hysteresis = this multiple of the measured noise of the relay's (period-averaged) measurement. Default 4:
        /// "about 3–4σ" (see <see cref="RelayAutotune"/>; Åström &amp; Hägglund, "Automatic Tuning of PID Controllers",
        /// ISA 1988, set the hysteresis from a noise measurement made before the relay starts).
        /// </summary>
        public double HysteresisNoiseMultiple = 4.0;

        /// <summary>
        /// Smallest hysteresis, °C, both relays. Default 0.01 (a tenth of the ±0.1 °C control band); normally the noise
        /// measurement decides. It may be below one MAX31865 code (0.03125 °C, datasheet: 15-bit ADC): averaging a
        /// probe whose noise spans a code or more resolves finer than a code, and with a quieter probe the relay then
        /// switches on code edges, i.e. with a larger hysteresis than assumed, which lowers the Ku computed
        /// (conservative).
        /// </summary>
        public double MinimumHysteresisCelsius = 0.01;

        /// <summary>
        /// Largest hysteresis accepted, °C: a noisier probe fails the run (MeasurementTooNoisy). Default 0.15: beyond it
        /// the outer relay's liquid oscillation could no longer be kept well inside the safety band.
        /// </summary>
        public double MaximumHysteresisCelsius = 0.15;

        /// <summary>
        /// Cycles measured per relay after the discarded first one (3–20). Default 5 (<see cref="RelayAutotune.DefaultRequiredCycles"/>).
        /// </summary>
        public int RequiredCycles = RelayAutotune.DefaultRequiredCycles;

        /// <summary>
        /// Smallest accepted ratio of a relay's first-harmonic oscillation amplitude to its hysteresis. Default 1.2: close
        /// to 1, Ku = 4d/(π·√(a² − ε²)) divides by a small, uncertain number and would give an unsafe gain.
        /// </summary>
        public double MinimumAmplitudeToHysteresisRatio = 1.2;

        /// <summary>Longest inner relay, s. Default 1800 (the virtual reference rig needs about 2.5 minutes).</summary>
        public double InnerTimeoutSeconds = 1800.0;

        /// <summary>Longest outer relay, s. Default 7200 (the reference rig needs about half an hour).</summary>
        public double OuterTimeoutSeconds = 7200.0;

        // ---- Rules ----

        /// <summary>
        /// Rule for the inner (plate) PID. Default Tyreus–Luyben PI: during a warm-up the plate set point sits at the plate
        /// limit, and Ziegler–Nichols' quarter-amplitude decay carries the plate about twice as far past it (see
        /// <see cref="TemperatureAutotune"/>). No derivative: it would amplify the probe noise into the heater duty.
        /// </summary>
        public TuningRule InnerRule = TuningRule.TyreusLuybenPi;

        /// <summary>
        /// Rule for the outer (liquid) PID. Default Tyreus–Luyben PI: conservative, for a slow, lag-dominant thermal plant
        /// (Tyreus &amp; Luyben 1992).
        /// </summary>
        public TuningRule OuterRule = TuningRule.TyreusLuybenPi;

        /// <summary>
        /// The outer ultimate period must be at least this multiple of the inner one. Default 3: a cascade needs its inner
        /// loop 3–5 times faster than its outer loop (Seborg, Edgar &amp; Mellichamp, "Process Dynamics and Control",
        /// chapter on cascade control); otherwise the result is implausible for this structure and is not applied.
        /// </summary>
        public double MinimumPeriodRatio = 3.0;

        /// <summary>Throws ArgumentException / ArgumentOutOfRangeException naming the first invalid value.</summary>
        public void Validate()
        {
            Range(StartBandCelsius, 0.05, 2.0, "StartBandCelsius", "StartBandCelsius must be in [0.05, 2] °C");
            Range(SettleSeconds, 60.0, 7200.0, "SettleSeconds", "SettleSeconds must be in [60, 7200] s");
            Range(SettleTimeoutSeconds, SettleSeconds, 86400.0, "SettleTimeoutSeconds",
                "SettleTimeoutSeconds must be in [SettleSeconds, 86400] s");
            Range(LiquidSafetyBandCelsius, 0.1, 2.0, "LiquidSafetyBandCelsius", "LiquidSafetyBandCelsius must be in [0.1, 2] °C");
            Range(PlateSafetyBandCelsius, 0.2, 10.0, "PlateSafetyBandCelsius", "PlateSafetyBandCelsius must be in [0.2, 10] °C");
            Range(PlateLimitMarginCelsius, 0.0, 5.0, "PlateLimitMarginCelsius", "PlateLimitMarginCelsius must be in [0, 5] °C");
            Range(InnerRelayAmplitudeFraction, 0.01, 0.5, "InnerRelayAmplitudeFraction",
                "InnerRelayAmplitudeFraction must be in [0.01, 0.5]");
            Range(InnerMinimumRelayAmplitudeFraction, 0.001, InnerRelayAmplitudeFraction, "InnerMinimumRelayAmplitudeFraction",
                "InnerMinimumRelayAmplitudeFraction must be in [0.001, InnerRelayAmplitudeFraction]");
            Range(OuterRelayAmplitudeCelsius, 0.1, 5.0, "OuterRelayAmplitudeCelsius", "OuterRelayAmplitudeCelsius must be in [0.1, 5] °C");
            Range(OuterMinimumRelayAmplitudeCelsius, 0.01, OuterRelayAmplitudeCelsius, "OuterMinimumRelayAmplitudeCelsius",
                "OuterMinimumRelayAmplitudeCelsius must be in [0.01, OuterRelayAmplitudeCelsius] °C");
            Range(HysteresisNoiseMultiple, 1.0, 10.0, "HysteresisNoiseMultiple", "HysteresisNoiseMultiple must be in [1, 10]");
            Range(MinimumHysteresisCelsius, 0.001, 0.5, "MinimumHysteresisCelsius", "MinimumHysteresisCelsius must be in [0.001, 0.5] °C");
            Range(MaximumHysteresisCelsius, MinimumHysteresisCelsius, 0.5, "MaximumHysteresisCelsius",
                "MaximumHysteresisCelsius must be in [MinimumHysteresisCelsius, 0.5] °C");
            if (!(MaximumHysteresisCelsius < LiquidSafetyBandCelsius))
            {
                throw new ArgumentOutOfRangeException("MaximumHysteresisCelsius",
                    "MaximumHysteresisCelsius must be below LiquidSafetyBandCelsius");
            }

            if (RequiredCycles < RelayAutotune.MinimumRequiredCycles || RequiredCycles > RelayAutotune.MaximumRequiredCycles)
            {
                throw new ArgumentOutOfRangeException("RequiredCycles", "RequiredCycles must be in [3, 20]");
            }

            Range(MinimumAmplitudeToHysteresisRatio, 1.01, 10.0, "MinimumAmplitudeToHysteresisRatio",
                "MinimumAmplitudeToHysteresisRatio must be in [1.01, 10]");
            Range(InnerTimeoutSeconds, 60.0, 86400.0, "InnerTimeoutSeconds", "InnerTimeoutSeconds must be in [60, 86400] s");
            Range(OuterTimeoutSeconds, 60.0, 86400.0, "OuterTimeoutSeconds", "OuterTimeoutSeconds must be in [60, 86400] s");
            CheckRule(InnerRule, "InnerRule");
            CheckRule(OuterRule, "OuterRule");
            Range(MinimumPeriodRatio, 1.0, 20.0, "MinimumPeriodRatio", "MinimumPeriodRatio must be in [1, 20]");
        }

        private static void CheckRule(TuningRule rule, string name)
        {
            if (rule != TuningRule.ZieglerNicholsPi && rule != TuningRule.ZieglerNicholsPid
                && rule != TuningRule.TyreusLuybenPi && rule != TuningRule.TyreusLuybenPid)
            {
                throw new ArgumentOutOfRangeException(name,
                    name + " must be ZieglerNicholsPi, ZieglerNicholsPid, TyreusLuybenPi or TyreusLuybenPid");
            }
        }

        private static void Range(double value, double minimum, double maximum, string name, string message)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value < minimum || value > maximum)
            {
                throw new ArgumentOutOfRangeException(name, message);
            }
        }
    }
}
