using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control
{
    /// <summary>Configuration of <see cref="TemperatureLoop"/>, read once by its constructor.</summary>
    public sealed class TemperatureLoopSettings
    {
        /// <summary>Initial liquid set point, °C. Default 37 (T-cell expansion).</summary>
        public double LiquidSetPointCelsius = 37.0;

        /// <summary>
        /// Highest plate set point, °C: the bag film touching the plate is near the plate's temperature, so this bounds
        /// what the cells next to it see. Default 40 °C, the top of the fever range that T cells tolerate (Evans,
        /// Repasky &amp; Fisher, "Fever and the thermal regulation of immunity", Nat Rev Immunol 15 (2015) 335); the
        /// independent over-temperature cut-out sits above it.
        /// </summary>
        public double PlateLimitCelsius = 40.0;

        /// <summary>
        /// Lowest plate set point, °C. Default 20: below any room, i.e. "heater off" (the plate cannot cool), so the
        /// outer loop has full authority to let a too-warm liquid cool.
        /// </summary>
        public double PlateMinimumSetPointCelsius = 20.0;

        /// <summary>
        /// Outer (liquid) PID: its output is the plate's offset above the liquid set point, °C per °C; Ti, Td in s.
        /// Default Kc 6, Ti 150 s, no derivative (see <see cref="TemperatureLoop"/> for the reasoning).
        /// </summary>
        public PidTunings OuterTunings = new PidTunings(6.0, 150.0, 0.0);

        /// <summary>
        /// Inner (plate) PID: heater duty fraction per °C; Ti, Td in s. Default Kc 0.4 /°C, Ti 60 s, no derivative
        /// (see <see cref="TemperatureLoop"/>).
        /// </summary>
        public PidTunings InnerTunings = new PidTunings(0.4, 60.0, 0.0);

        /// <summary>
        /// What the outer PID's proportional term acts on. Default on the measurement: a warm-up then leaves the plate
        /// limit when the liquid's warming rate says it will arrive (see <see cref="TemperatureLoop"/>).
        /// </summary>
        public ProportionalMode OuterProportionalMode = ProportionalMode.OnMeasurement;

        /// <summary>How often the outer (liquid) PID runs, seconds. Default 5.</summary>
        public double OuterPeriodSeconds = 5.0;

        /// <summary>How often the inner (plate) PID runs, seconds. Default 1.</summary>
        public double InnerPeriodSeconds = 1.0;

        /// <summary>
        /// Heater time-proportioning window, seconds. Default 1: 50 mains cycles for a zero-crossing solid-state relay,
        /// and a plate ripple of a few hundredths of a degree.
        /// </summary>
        public double HeaterWindowSeconds = 1.0;

        /// <summary>Shortest heater pulse, seconds. Default 0.02: one mains cycle at 50 Hz (a zero-crossing SSR switches per half cycle).</summary>
        public double HeaterMinimumOnSeconds = 0.02;

        /// <summary>Shortest heater gap, seconds. Default 0.02 (as the pulse).</summary>
        public double HeaterMinimumOffSeconds = 0.02;

        /// <summary>Lowest plausible probe reading (both probes), °C. Default 0: a cell-culture room never freezes.</summary>
        public double ProbeMinimumCelsius = 0.0;

        /// <summary>
        /// Highest plausible probe reading (both probes), °C. Default 60: far above the plate limit, below where an
        /// open PT100 element reads.
        /// </summary>
        public double ProbeMaximumCelsius = 60.0;

        /// <summary>
        /// Oldest probe sample accepted, milliseconds. Default 1500: the board samples the probes at ≥ 1 Hz, so one
        /// late sample passes, and a silent probe reaches its safe state within 2 s.
        /// </summary>
        public long ProbeMaximumSampleAgeMilliseconds = 1500;

        /// <summary>
        /// Fastest plausible liquid change, °C per second. Default 0.5: a 1 L bag warms at well under 0.05 °C/s at full
        /// heater power; ten times that margin.
        /// </summary>
        public double LiquidMaximumRateCelsiusPerSecond = 0.5;

        /// <summary>Fastest plausible plate change, °C per second. Default 2: ten times a heater plate's fastest warming.</summary>
        public double PlateMaximumRateCelsiusPerSecond = 2.0;

        /// <summary>
        /// Change always allowed between two probe samples, °C. Default 0.2: noise and a few codes of a PT100 on a
        /// MAX31865 (about 0.03 °C per code).
        /// </summary>
        public double ProbeRateAllowanceCelsius = 0.2;

        /// <summary>
        /// Frozen-value window of both probes, seconds: a reading bit-identical for longer is a stuck probe
        /// (<see cref="SensorCheck.Frozen"/>). 0 (default) turns the test off: a MAX31865 resolves 0.03125 °C, and a
        /// probe whose noise is below that at a very stable 37 °C may repeat a code for long stretches, so only a
        /// long window (minutes) is safe without knowing the probe's noise; see <see cref="SensorValidator"/>.
        /// </summary>
        public double ProbeFrozenWindowSeconds = 0.0;

        /// <summary>
        /// Time constant of the average of the plate's offset above the liquid set point that the plate-only fallback
        /// holds, seconds. Default 600 (ten minutes: long against the probe noise and a door opening's disturbance,
        /// short against the ambient's daily drift).
        /// </summary>
        public double FallbackAveragingSeconds = 600.0;

        /// <summary>
        /// The liquid must be within this band of its set point for the plate's offset to enter the fallback average,
        /// °C. Default 0.5: a warm-up's plate-at-limit phase is kept out of it.
        /// </summary>
        public double FallbackSettledBandCelsius = 0.5;

        /// <summary>Throws ArgumentException / ArgumentOutOfRangeException naming the first invalid value.</summary>
        public void Validate()
        {
            if (!Finite.Is(PlateLimitCelsius) || PlateLimitCelsius < 20.0 || PlateLimitCelsius > 45.0)
            {
                throw new ArgumentOutOfRangeException("PlateLimitCelsius", "PlateLimitCelsius must be in [20, 45] °C");
            }

            if (!Finite.Is(PlateMinimumSetPointCelsius) || PlateMinimumSetPointCelsius < 0.0 || PlateMinimumSetPointCelsius >= PlateLimitCelsius)
            {
                throw new ArgumentOutOfRangeException("PlateMinimumSetPointCelsius",
                    "PlateMinimumSetPointCelsius must be in [0, PlateLimitCelsius) °C");
            }

            TemperatureLoop.ValidateLiquidSetPoint(LiquidSetPointCelsius, PlateMinimumSetPointCelsius, PlateLimitCelsius,
                "LiquidSetPointCelsius");
            if (OuterTunings == null || !OuterTunings.IsValid)
            {
                throw new ArgumentException("OuterTunings need a finite gain > 0 and finite times >= 0 s", "OuterTunings");
            }

            if (InnerTunings == null || !InnerTunings.IsValid)
            {
                throw new ArgumentException("InnerTunings need a finite gain > 0 and finite times >= 0 s", "InnerTunings");
            }

            if (OuterProportionalMode != ProportionalMode.OnError && OuterProportionalMode != ProportionalMode.OnMeasurement)
            {
                throw new ArgumentOutOfRangeException("OuterProportionalMode", "OuterProportionalMode must be OnError or OnMeasurement");
            }

            if (!Finite.Is(InnerPeriodSeconds) || InnerPeriodSeconds < 0.05 || InnerPeriodSeconds > 10.0)
            {
                throw new ArgumentOutOfRangeException("InnerPeriodSeconds", "InnerPeriodSeconds must be in [0.05, 10] s");
            }

            if (!Finite.Is(OuterPeriodSeconds) || OuterPeriodSeconds < InnerPeriodSeconds || OuterPeriodSeconds > 60.0)
            {
                throw new ArgumentOutOfRangeException("OuterPeriodSeconds", "OuterPeriodSeconds must be in [InnerPeriodSeconds, 60] s");
            }

            if (!Finite.Is(HeaterWindowSeconds) || HeaterWindowSeconds < 0.1 || HeaterWindowSeconds > 60.0)
            {
                throw new ArgumentOutOfRangeException("HeaterWindowSeconds", "HeaterWindowSeconds must be in [0.1, 60] s");
            }

            if (!Finite.Is(HeaterMinimumOnSeconds) || HeaterMinimumOnSeconds < 0.0 || HeaterMinimumOnSeconds >= HeaterWindowSeconds)
            {
                throw new ArgumentOutOfRangeException("HeaterMinimumOnSeconds", "HeaterMinimumOnSeconds must be in [0, HeaterWindowSeconds)");
            }

            if (!Finite.Is(HeaterMinimumOffSeconds) || HeaterMinimumOffSeconds < 0.0 || HeaterMinimumOffSeconds >= HeaterWindowSeconds)
            {
                throw new ArgumentOutOfRangeException("HeaterMinimumOffSeconds", "HeaterMinimumOffSeconds must be in [0, HeaterWindowSeconds)");
            }

            if (!Finite.Is(ProbeMinimumCelsius))
            {
                throw new ArgumentOutOfRangeException("ProbeMinimumCelsius", "ProbeMinimumCelsius must be finite and below ProbeMaximumCelsius");
            }

            if (!Finite.Is(ProbeMaximumCelsius) || !(ProbeMaximumCelsius > ProbeMinimumCelsius) || ProbeMaximumCelsius < PlateLimitCelsius)
            {
                throw new ArgumentOutOfRangeException("ProbeMaximumCelsius",
                    "ProbeMaximumCelsius must be finite, above ProbeMinimumCelsius and at least PlateLimitCelsius");
            }

            if (ProbeMaximumSampleAgeMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("ProbeMaximumSampleAgeMilliseconds", "ProbeMaximumSampleAgeMilliseconds must be > 0");
            }

            if (double.IsNaN(LiquidMaximumRateCelsiusPerSecond))
            {
                throw new ArgumentOutOfRangeException("LiquidMaximumRateCelsiusPerSecond", Finite.NotANumber("LiquidMaximumRateCelsiusPerSecond"));
            }

            if (!(LiquidMaximumRateCelsiusPerSecond > 0.0))
            {
                throw new ArgumentOutOfRangeException("LiquidMaximumRateCelsiusPerSecond",
                    "LiquidMaximumRateCelsiusPerSecond must be > 0 (PositiveInfinity turns the test off)");
            }

            if (double.IsNaN(PlateMaximumRateCelsiusPerSecond))
            {
                throw new ArgumentOutOfRangeException("PlateMaximumRateCelsiusPerSecond", Finite.NotANumber("PlateMaximumRateCelsiusPerSecond"));
            }

            if (!(PlateMaximumRateCelsiusPerSecond > 0.0))
            {
                throw new ArgumentOutOfRangeException("PlateMaximumRateCelsiusPerSecond",
                    "PlateMaximumRateCelsiusPerSecond must be > 0 (PositiveInfinity turns the test off)");
            }

            if (!Finite.Is(ProbeRateAllowanceCelsius) || ProbeRateAllowanceCelsius < 0.0)
            {
                throw new ArgumentOutOfRangeException("ProbeRateAllowanceCelsius", "ProbeRateAllowanceCelsius must be finite and >= 0");
            }

            if (!Finite.Is(ProbeFrozenWindowSeconds) || ProbeFrozenWindowSeconds < 0.0)
            {
                throw new ArgumentOutOfRangeException("ProbeFrozenWindowSeconds", "ProbeFrozenWindowSeconds must be finite and >= 0 (0 = off)");
            }

            if (!Finite.Is(FallbackAveragingSeconds) || FallbackAveragingSeconds <= 0.0)
            {
                throw new ArgumentOutOfRangeException("FallbackAveragingSeconds", "FallbackAveragingSeconds must be finite and > 0");
            }

            if (!Finite.Is(FallbackSettledBandCelsius) || FallbackSettledBandCelsius <= 0.0)
            {
                throw new ArgumentOutOfRangeException("FallbackSettledBandCelsius", "FallbackSettledBandCelsius must be finite and > 0");
            }
        }

        // The loop's parts, built in one place: the cascade and its autotune each hold their own instances (the autotune's
        // must not disturb the state the cascade resumes from after the relays), configured alike.

        /// <summary>The liquid probe's validator as the loop configures it.</summary>
        internal SensorValidator CreateLiquidValidator()
        {
            return CreateProbeValidator(LiquidMaximumRateCelsiusPerSecond);
        }

        /// <summary>The plate probe's validator as the loop configures it.</summary>
        internal SensorValidator CreatePlateValidator()
        {
            return CreateProbeValidator(PlateMaximumRateCelsiusPerSecond);
        }

        /// <summary>The plate loop's PID (output: heater duty 0–1).</summary>
        internal PidController CreateInnerPid()
        {
            return new PidController(InnerTunings, 0.0, 1.0);
        }

        /// <summary>The heater's time proportioning.</summary>
        internal TimeProportioningOutput CreateHeaterOutput()
        {
            return new TimeProportioningOutput(HeaterWindowSeconds, HeaterMinimumOnSeconds, HeaterMinimumOffSeconds, double.PositiveInfinity);
        }

        private SensorValidator CreateProbeValidator(double maximumRateCelsiusPerSecond)
        {
            var validator = new SensorValidator(ProbeMinimumCelsius, ProbeMaximumCelsius, ProbeMaximumSampleAgeMilliseconds,
                maximumRateCelsiusPerSecond);
            validator.RateAllowance = ProbeRateAllowanceCelsius;
            validator.FrozenWindowSeconds = ProbeFrozenWindowSeconds;
            return validator;
        }
    }
}
