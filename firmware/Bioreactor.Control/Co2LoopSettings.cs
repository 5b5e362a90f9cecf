using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control
{
    /// <summary>Configuration of <see cref="Co2Loop"/>, read once by its constructor.</summary>
    public sealed class Co2LoopSettings
    {
        /// <summary>Initial CO2 set point, % v/v. Default 5 % (bicarbonate-buffered medium at pH 7.2–7.5).</summary>
        public double SetPointPercent = 5.0;

        /// <summary>
        /// PID tunings, Kc in valve duty fraction per % CO2, Ti and Td in seconds. Default Kc 0.5 /%, Ti 460 s, no
        /// derivative, from lambda (IMC) tuning of a first-order process, Kc = τ/(K·(λ + θ)), Ti = τ (Rivera, Morari &amp;
        /// Skogestad, "Internal model control. 4. PID controller design", Ind Eng Chem Process Des Dev 25 (1986) 252):
        /// a 1 L headspace flushed by about 0.13 L/min of aeration and CO2 gives τ ≈ 460 s; a valve that would bring
        /// it to about 19 % when always open gives K ≈ 19 % per unit duty; with the probe's lag compensated the
        /// remaining delay is θ ≈ 17 s (compensation filter 10 s, half a valve window of 10 s, one or two seconds of
        /// sampling); λ = 30 s gives Kc ≈ 0.5. The default window is now 4 s (see ValveWindowSeconds): θ shrinks by 3 s,
        /// so the same tunings are slightly more conservative (bench: CO2 within ±0.1 % 100 % of 24 h either way).
        /// </summary>
        public PidTunings Tunings = new PidTunings(0.5, 460.0, 0.0);

        /// <summary>
        /// The PID integrates only while |set point − estimated CO2| is within this band, % v/v; PositiveInfinity
        /// integrates always. Default 1 %. A door opening empties the headspace in seconds, and an integral that grows
        /// during the minutes of recovery can only be unwound by overshooting; integrating near the set point alone
        /// ("conditional integration", Åström &amp; Hägglund, "Advanced PID Control", 2006, §3.5) keeps the learnt
        /// duty and loses the windup. The band must satisfy Kc × band &gt; the duty that holds the set point (0.5 with
        /// the defaults, against about 0.22 on the virtual bioreactor's default rig), or P alone settles outside the
        /// band and the loop never integrates.
        /// </summary>
        public double IntegralBandPercent = 1.0;

        /// <summary>
        /// Recovery after a hold, % v/v (0–20): when the loop resumes after a door opening or a probe fault with the
        /// estimated CO2 further below the set point than <see cref="IntegralBandPercent"/>, the valve doses at the most
        /// it can deliver until the estimate is within this of the set point, then the PID resumes from the integral it
        /// held (the duty that held the set point before the hold). 0 turns it off: the PID alone recovers, its
        /// proportional term tapering the dose from 1.5 % below the set point on (Kc 0.5 /%: the λ = 30 s approach of its
        /// tuning), which after a 30 s door opening made the recovery a third slower than the valve open throughout.
        /// Default 0.5: the estimate lags the gas by the compensation filter's 10 s (<see cref="LagCompensationFilterSeconds"/>),
        /// and at full dose near 5 % the headspace of the virtual bioreactor's default rig rises about 0.03 %/s, so the
        /// estimate reads about 0.3 % low: handing over 0.5 % below the set point hands over with the gas near the lower
        /// edge of a ±0.2 % band, and the PID's remaining proportional dose (0.25 of duty at 0.5 %) brings it in without
        /// overshoot (bench: 0.06 % above 5 % at most; back within ±0.2 % 1.08 × the bound after the door closes).
        /// </summary>
        public double RecoveryHandoverPercent = 0.5;

        /// <summary>
        /// The probe's response time (first-order time constant, T63), seconds; 0 turns the compensation off. Default
        /// 60 s: a diffusion-sampled NDIR probe of the Vaisala GMP251 class behind its filter. The PID works on the
        /// reading with this lag inverted (<see cref="Co2Loop.EstimatedPercent"/>): a probe a minute behind the gas
        /// otherwise lets a door-opening recovery dose for a minute after the gas has reached the set point.
        /// </summary>
        public double ProbeLagSeconds = 60.0;

        /// <summary>
        /// Time constant of the noise filter under the lag compensation, seconds (&gt; 0). Default 10: the compensation
        /// amplifies the probe's noise by ProbeLagSeconds / this (6× with the defaults: 0.02 % of NDIR noise becomes
        /// 0.12 % on the estimate, 0.06 of duty through Kc, which the headspace's minutes-long time constant smooths
        /// out), and the estimate lags the gas by this instead of by the probe's lag.
        /// </summary>
        public double LagCompensationFilterSeconds = 10.0;

        /// <summary>
        /// Shortest time between PID runs, seconds; the PID runs only on a new probe sample (a repeated sample would give
        /// the derivative and the compensation a false zero slope). Default 1: NDIR probes give a new value every 1–2 s.
        /// </summary>
        public double ControlPeriodSeconds = 1.0;

        /// <summary>
        /// Time-proportioning window of the valve, seconds. Default 4: a valve stuck open can hide behind a commanded
        /// opening (the flow check, SafetySettings.Co2FlowWhileClosed*, sees it only once the valve is commanded closed),
        /// so the pulse length bounds the detection time: at the default rig's ≈22–30 % steady duty a pulse lasts
        /// 0.9–1.2 s, and with the 200 ms confirmation a stuck valve is caught well within the product's 2 s (a 6 s
        /// window left 1.96 s on the bench). The cost is valve wear: one pulse per 4 s is 21 600 cycles a day, ≈300 000 in
        /// a 14-day batch, so the valve's rated cycle life sets its replacement interval (a few batches for a
        /// million-cycle valve; hardware/esp32/README.md names the valve and its service interval). The smaller dose per pulse keeps the ripple further under the ±0.1 % band.
        /// </summary>
        public double ValveWindowSeconds = 4.0;

        /// <summary>Shortest valve opening, seconds. Default 0.1: several times a small solenoid valve's 10–30 ms response.</summary>
        public double ValveMinimumOpenSeconds = 0.1;

        /// <summary>Shortest valve closure, seconds. Default 0.1 (as the opening).</summary>
        public double ValveMinimumClosedSeconds = 0.1;

        /// <summary>
        /// Longest continuous opening, seconds. Default 15: a dose of about 0.6 % CO2 on the virtual bioreactor's
        /// default rig (0.025 L/min into a 1 L headspace) before the valve must close and the gas mix, and below the
        /// safety layer's own 30 s valve limit so that limit only ever sees a stuck command.
        /// </summary>
        public double ValveMaximumOpenSeconds = 15.0;

        /// <summary>
        /// Closure forced after the longest opening, seconds. Default 0.5: long enough for the safety layer's flow check
        /// to see gas still flowing through a valve commanded closed (its confirmation is 200 ms, SafetySettings.
        /// Co2FlowWhileClosedConfirmMilliseconds), so a valve that sticks open during a long recovery opening is caught
        /// at the next closure; short enough that the valve still delivers 15/15.5 ≈ 97 % duty when a door-opening
        /// recovery asks for all of it. A 2 s closure (88 %) made the door recovery on the virtual bioreactor's default rig
        /// 12 s slower than the valve open throughout allows (simulator bench, "door · CO2 recovery / bound").
        /// </summary>
        public double ValveForcedClosedSeconds = 0.5;

        /// <summary>Lowest plausible reading, % v/v. Default −0.5: an NDIR zero offset in fresh air (0.04 %).</summary>
        public double MinimumPercent = -0.5;

        /// <summary>Highest plausible reading, % v/v. Default 20: the full scale of a 0–20 % NDIR probe.</summary>
        public double MaximumPercent = 20.0;

        /// <summary>
        /// Oldest sample accepted, milliseconds. Default 2500: NDIR probes of the GMP251 class update every 1–2 s, so a
        /// 2 s sample period plus half a period of slack; a silent probe closes the valve at most 0.5 s after its next
        /// sample was due.
        /// </summary>
        public long MaximumSampleAgeMilliseconds = 2500;

        /// <summary>
        /// Fastest plausible change, % per second. Default 2: a door opening empties the chamber with a time constant
        /// of tens of seconds (5 % → under 0.5 %/s), full injection adds well under 1 %/s.
        /// </summary>
        public double MaximumRatePercentPerSecond = 2.0;

        /// <summary>Change always allowed between two samples (noise), %. Default 0.3.</summary>
        public double RateAllowancePercent = 0.3;

        /// <summary>
        /// Frozen-value window, seconds: a reading bit-identical for longer is a stuck probe
        /// (<see cref="SensorCheck.Frozen"/>). 0 (default) turns the test off, since a probe's resolution and noise
        /// decide how long a healthy reading can repeat; see <see cref="SensorValidator"/>.
        /// </summary>
        public double FrozenWindowSeconds = 0.0;

        /// <summary>Throws ArgumentException / ArgumentOutOfRangeException naming the first invalid value.</summary>
        public void Validate()
        {
            if (!Finite.Is(SetPointPercent) || SetPointPercent < 0.0 || SetPointPercent > 20.0)
            {
                throw new ArgumentOutOfRangeException("SetPointPercent", "SetPointPercent must be in [0, 20] %");
            }

            if (Tunings == null || !Tunings.IsValid)
            {
                throw new ArgumentException("Tunings need a finite gain > 0 and finite times >= 0 s", "Tunings");
            }

            if (double.IsNaN(IntegralBandPercent) || IntegralBandPercent <= 0.0)
            {
                throw new ArgumentOutOfRangeException("IntegralBandPercent", "IntegralBandPercent must be > 0 (PositiveInfinity = always integrate)");
            }

            RequireRange(RecoveryHandoverPercent, 0.0, 20.0, "RecoveryHandoverPercent", "[0, 20] %");
            RequireRange(ProbeLagSeconds, 0.0, 600.0, "ProbeLagSeconds", "[0, 600] s");
            RequireRange(LagCompensationFilterSeconds, 0.1, 600.0, "LagCompensationFilterSeconds", "[0.1, 600] s");
            RequireRange(ControlPeriodSeconds, 0.01, 60.0, "ControlPeriodSeconds", "[0.01, 60] s");
            RequireRange(ValveWindowSeconds, 0.1, 600.0, "ValveWindowSeconds", "[0.1, 600] s");
            if (!Finite.Is(ValveMinimumOpenSeconds) || ValveMinimumOpenSeconds < 0.0 || ValveMinimumOpenSeconds >= ValveWindowSeconds)
            {
                throw new ArgumentOutOfRangeException("ValveMinimumOpenSeconds", "ValveMinimumOpenSeconds must be in [0, ValveWindowSeconds)");
            }

            if (!Finite.Is(ValveMinimumClosedSeconds) || ValveMinimumClosedSeconds <= 0.0 || ValveMinimumClosedSeconds >= ValveWindowSeconds)
            {
                throw new ArgumentOutOfRangeException("ValveMinimumClosedSeconds", "ValveMinimumClosedSeconds must be in (0, ValveWindowSeconds)");
            }

            if (!Finite.Is(ValveMaximumOpenSeconds) || ValveMaximumOpenSeconds <= 0.0 || ValveMaximumOpenSeconds < ValveMinimumOpenSeconds)
            {
                throw new ArgumentOutOfRangeException("ValveMaximumOpenSeconds",
                    "ValveMaximumOpenSeconds must be finite, > 0 and >= ValveMinimumOpenSeconds (the valve is always time-limited)");
            }

            if (!Finite.Is(ValveForcedClosedSeconds) || ValveForcedClosedSeconds < ValveMinimumClosedSeconds)
            {
                throw new ArgumentOutOfRangeException("ValveForcedClosedSeconds", "ValveForcedClosedSeconds must be finite and >= ValveMinimumClosedSeconds");
            }

            if (!Finite.Is(MinimumPercent))
            {
                throw new ArgumentOutOfRangeException("MinimumPercent", "MinimumPercent must be finite and below MaximumPercent");
            }

            if (!Finite.Is(MaximumPercent) || !(MaximumPercent > MinimumPercent))
            {
                throw new ArgumentOutOfRangeException("MaximumPercent", "MaximumPercent must be finite and above MinimumPercent");
            }

            if (MaximumSampleAgeMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("MaximumSampleAgeMilliseconds", "MaximumSampleAgeMilliseconds must be > 0");
            }

            if (double.IsNaN(MaximumRatePercentPerSecond))
            {
                throw new ArgumentOutOfRangeException("MaximumRatePercentPerSecond", Finite.NotANumber("MaximumRatePercentPerSecond"));
            }

            if (!(MaximumRatePercentPerSecond > 0.0))
            {
                throw new ArgumentOutOfRangeException("MaximumRatePercentPerSecond",
                    "MaximumRatePercentPerSecond must be > 0 (PositiveInfinity turns the test off)");
            }

            if (!Finite.Is(RateAllowancePercent) || RateAllowancePercent < 0.0)
            {
                throw new ArgumentOutOfRangeException("RateAllowancePercent", "RateAllowancePercent must be finite and >= 0");
            }

            if (!Finite.Is(FrozenWindowSeconds) || FrozenWindowSeconds < 0.0)
            {
                throw new ArgumentOutOfRangeException("FrozenWindowSeconds", "FrozenWindowSeconds must be finite and >= 0 (0 = off)");
            }
        }

        private static void RequireRange(double value, double minimum, double maximum, string name, string rangeText)
        {
            if (!Finite.Is(value) || value < minimum || value > maximum)
            {
                throw new ArgumentOutOfRangeException(name, name + " must be in " + rangeText);
            }
        }
    }
}
