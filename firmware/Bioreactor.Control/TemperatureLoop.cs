using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control
{
    /// <summary>What the temperature loop is doing.</summary>
    public enum TemperatureLoopMode
    {
        /// <summary>Cascade: the liquid PID sets the plate set point, the plate PID drives the heater.</summary>
        Normal = 0,

        /// <summary>
        /// The liquid probe failed: the plate is held at the liquid set point plus the plate offset averaged over the
        /// last minutes of settled operation (the second circuit takes over).
        /// </summary>
        PlateOnlyFallback = 1,

        /// <summary>The plate probe failed (with or without the liquid probe): heater off.</summary>
        HeaterOff = 2,
    }

    /// <summary>
    /// Cascade temperature control of the bag: the outer PID on the liquid temperature sets the heater plate's set
    /// point, bounded by the plate limit; the inner PID on the plate temperature sets the heater duty, which a
    /// time-proportioning output turns into on/off for the solid-state relay. Validates both probes and falls back to
    /// a defined safe output on a fault.
    /// </summary>
    /// <remarks>
    /// <para><b>Structure.</b> plate set point = liquid set point + outer PID output, the output bounded to
    /// [plate minimum − liquid set point, plate limit − liquid set point]. Heat reaches the liquid only from the plate,
    /// so at steady state the plate sits a little above the liquid (the offset that covers the bag's losses to the
    /// room); adding the liquid set point as a feed-forward leaves the outer PID only that small offset to hold, and it
    /// is what the fallback holds. The plate limit bounds the inner set point, so the fastest admissible warm-up is the
    /// plate held at its limit, which the saturated outer loop does.</para>
    /// <para><b>No overshoot.</b> The outer PID acts with P on the measurement (Beauregard, "Introducing Proportional
    /// On Measurement", 2017) and conditional integration (the PID's anti-windup). While the output is held at the
    /// plate limit its integrated state stays at the limit; it leaves the limit when the liquid's warming rate times Ti
    /// exceeds the remaining error (u' = Kc·(e/Ti − dT/dt) &lt; 0), i.e. when the liquid will arrive within about Ti
    /// seconds, and then falls towards the loss offset from above, so the plate is eased off its limit rather than
    /// dropped from it. Measured over the plant variants below: P on the error settles as fast (1.02–1.17 × against
    /// 1.05–1.30 × the fastest warm-up) but drives the plate 0.08–0.28 °C above its limit during the warm-up; P on the
    /// measurement kept it within 0.06 °C.</para>
    /// <para><b>Periods.</b> The inner PID runs every <see cref="TemperatureLoopSettings.InnerPeriodSeconds"/> (1 s),
    /// the outer every <see cref="TemperatureLoopSettings.OuterPeriodSeconds"/> (5 s), the time proportioning every
    /// tick. A cascade needs its inner loop clearly faster than the outer one (3–5 times at least; Seborg, Edgar,
    /// Mellichamp, "Process Dynamics and Control", chapter on cascade control); here the plate answers in about a
    /// minute and the 1 L of liquid in about a quarter of an hour, and each PID samples its loop 10–20 times per
    /// closed-loop time constant (Åström &amp; Wittenmark, "Computer-Controlled Systems", on choosing the sampling
    /// period).</para>
    /// <para><b>Tunings (defaults).</b> Inner: the plate is a first-order lag (one to a few minutes, 15–20 °C per unit
    /// of duty for a 100–150 W heater under an aluminium tray); SIMC (Skogestad, J Process Control 13 (2003) 291)
    /// with τc ≈ 10 s gives Kc ≈ 0.4 /°C, Ti ≈ 60 s. Outer: the liquid follows the plate with a time constant of 10–15
    /// min (1 L through the bag film); Kc = 6 makes the closed outer loop about seven times faster than the liquid
    /// alone and still several times slower than the inner loop; Ti = 150 s (about a quarter of the liquid's time
    /// constant) sets when a warm-up leaves the limit (above). Chosen by simulation over plants with half to twice the
    /// nominal liquid mass, coupling, losses and heater power, with probe lag and noise: settling within ±0.1 °C in
    /// 1.05–1.3 × the fastest warm-up with at most 0.07 °C overshoot. Autotune replaces both.</para>
    /// <para><b>Safe outputs</b> (the caller raises the alarm from <see cref="Mode"/> and the checks):</para>
    /// <list type="bullet">
    /// <item>Plate probe faulted (alone or with the liquid probe): heater off. Without the plate probe the plate limit
    /// cannot be enforced, and heating blind on the liquid alone could cook the cells at the bag film before the liquid
    /// probe noticed; the independent hardware cut-out is the last resort, not a control. A 1 L bag cools over hours,
    /// so the alarm has time to be answered.</item>
    /// <item>Liquid probe faulted: plate-only fallback, the "second circuit takes over" behaviour of commercial
    /// incubators (Thermo BB 15): the plate is held at the liquid set point plus the plate's offset averaged over the
    /// last <see cref="TemperatureLoopSettings.FallbackAveragingSeconds"/> of settled operation (an offset learnt while
    /// the liquid was within the settled band; 0 before any, so the liquid then ends slightly below its set point,
    /// never above), bounded by the plate limit. The culture stays warm while the alarm is answered.</item>
    /// </list>
    /// <para>Both return to Normal by themselves when the probes read well again (heating again endangers no one; the
    /// alarm stays with the caller). A PID is held (not updated) while its loop is out of action and resumes with one
    /// period as its time step, keeping what its integral had learnt.</para>
    /// <code>
    ///                 liquid check fails                         plate check fails
    ///   Normal ──────────────────────────► PlateOnlyFallback ───────────────────────► HeaterOff
    ///     ▲  ▲   liquid check Ok again            │                                      │
    ///     │  └────────────────────────────────────┘                                      │
    ///     │                   plate check Ok again (to PlateOnlyFallback if the liquid is still faulted)
    ///     └──────────────────────────────────────────────────────────────────────────────┘
    ///   Normal ──plate check fails──► HeaterOff as well.
    /// </code>
    /// <para>Allocation-free after construction. Not thread safe.</para>
    /// </remarks>
    public sealed class TemperatureLoop
    {
        private readonly PidController _outer;
        private readonly PidController _inner;
        private readonly TimeProportioningOutput _heater;
        private readonly SensorValidator _liquidValidator;
        private readonly SensorValidator _plateValidator;
        private readonly double _plateLimitCelsius;
        private readonly double _plateMinimumSetPointCelsius;
        private readonly double _outerPeriodSeconds;
        private readonly double _innerPeriodSeconds;
        private readonly double _fallbackAveragingSeconds;
        private readonly double _fallbackSettledBandCelsius;

        private double _liquidSetPointCelsius;
        private TemperatureLoopMode _mode;
        private SensorCheck _liquidCheck;
        private SensorCheck _plateCheck;
        private double _sinceOuterSeconds;
        private double _sinceInnerSeconds;
        private bool _runOuterNow;
        private bool _runInnerNow;
        private double _plateSetPointCelsius;
        private double _heaterDutyFraction;
        private bool _heaterOn;
        private double _fallbackOffsetCelsius;

        /// <summary>Creates the loop with the heater off.</summary>
        /// <exception cref="ArgumentException">A setting is invalid (see <see cref="TemperatureLoopSettings.Validate"/>).</exception>
        public TemperatureLoop(TemperatureLoopSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            settings.Validate();
            _liquidSetPointCelsius = settings.LiquidSetPointCelsius;
            _plateLimitCelsius = settings.PlateLimitCelsius;
            _plateMinimumSetPointCelsius = settings.PlateMinimumSetPointCelsius;
            _outerPeriodSeconds = settings.OuterPeriodSeconds;
            _innerPeriodSeconds = settings.InnerPeriodSeconds;
            _fallbackAveragingSeconds = settings.FallbackAveragingSeconds;
            _fallbackSettledBandCelsius = settings.FallbackSettledBandCelsius;

            _outer = new PidController(settings.OuterTunings,
                _plateMinimumSetPointCelsius - _liquidSetPointCelsius, _plateLimitCelsius - _liquidSetPointCelsius);
            _outer.ProportionalMode = settings.OuterProportionalMode;
            _inner = settings.CreateInnerPid();
            _heater = settings.CreateHeaterOutput();
            _liquidValidator = settings.CreateLiquidValidator();
            _plateValidator = settings.CreatePlateValidator();

            _mode = TemperatureLoopMode.HeaterOff;
            _liquidCheck = SensorCheck.Stale;
            _plateCheck = SensorCheck.Stale;
            _runOuterNow = true;
            _runInnerNow = true;
            _plateSetPointCelsius = _liquidSetPointCelsius;
        }

        /// <summary>
        /// The liquid set point, °C: above the plate minimum, at most the plate limit. A change moves the outer PID's
        /// output bounds with it.
        /// </summary>
        public double LiquidSetPointCelsius
        {
            get { return _liquidSetPointCelsius; }
            set
            {
                ValidateLiquidSetPoint(value, _plateMinimumSetPointCelsius, _plateLimitCelsius, "LiquidSetPointCelsius");
                _liquidSetPointCelsius = value;
                _outer.SetOutputLimits(_plateMinimumSetPointCelsius - value, _plateLimitCelsius - value);
            }
        }

        /// <summary>The highest plate set point, °C.</summary>
        public double PlateLimitCelsius
        {
            get { return _plateLimitCelsius; }
        }

        /// <summary>Outer (liquid) PID tunings; changing them is bumpless.</summary>
        public PidTunings OuterTunings
        {
            get { return _outer.Tunings; }
            set { _outer.Tunings = value; }
        }

        /// <summary>Inner (plate) PID tunings; changing them is bumpless.</summary>
        public PidTunings InnerTunings
        {
            get { return _inner.Tunings; }
            set { _inner.Tunings = value; }
        }

        /// <summary>What the loop did at the last update (HeaterOff before the first).</summary>
        public TemperatureLoopMode Mode
        {
            get { return _mode; }
        }

        /// <summary>The liquid probe's verdict at the last update.</summary>
        public SensorCheck LiquidCheck
        {
            get { return _liquidCheck; }
        }

        /// <summary>The plate probe's verdict at the last update.</summary>
        public SensorCheck PlateCheck
        {
            get { return _plateCheck; }
        }

        /// <summary>The liquid probe driver's own status at the last update.</summary>
        public SensorStatus LiquidDriverStatus
        {
            get { return _liquidValidator.LastDriverStatus; }
        }

        /// <summary>The plate probe driver's own status at the last update.</summary>
        public SensorStatus PlateDriverStatus
        {
            get { return _plateValidator.LastDriverStatus; }
        }

        /// <summary>The last good liquid reading, °C.</summary>
        public double LiquidCelsius
        {
            get { return _liquidValidator.LastGoodValue; }
        }

        /// <summary>The last good plate reading, °C.</summary>
        public double PlateCelsius
        {
            get { return _plateValidator.LastGoodValue; }
        }

        /// <summary>The plate set point in force, °C (from the outer PID, or the fallback).</summary>
        public double PlateSetPointCelsius
        {
            get { return _plateSetPointCelsius; }
        }

        /// <summary>
        /// The plate's offset above the liquid set point that the fallback holds, °C: the average over settled operation
        /// (0 until the liquid has been within the settled band).
        /// </summary>
        public double FallbackOffsetCelsius
        {
            get { return _fallbackOffsetCelsius; }
        }

        /// <summary>The heater duty requested of the time-proportioning output, 0–1.</summary>
        public double HeaterDutyFraction
        {
            get { return _heaterDutyFraction; }
        }

        /// <summary>True when the heater is to be on during the next tick.</summary>
        public bool HeaterOn
        {
            get { return _heaterOn; }
        }

        /// <summary>The outer PID's proportional term, °C of plate offset.</summary>
        public double OuterProportionalTerm
        {
            get { return _outer.ProportionalTerm; }
        }

        /// <summary>The outer PID's integral term, °C of plate offset.</summary>
        public double OuterIntegralTerm
        {
            get { return _outer.IntegralTerm; }
        }

        /// <summary>The outer PID's derivative term, °C of plate offset.</summary>
        public double OuterDerivativeTerm
        {
            get { return _outer.DerivativeTerm; }
        }

        /// <summary>The inner PID's proportional term, duty fraction.</summary>
        public double InnerProportionalTerm
        {
            get { return _inner.ProportionalTerm; }
        }

        /// <summary>The inner PID's integral term, duty fraction.</summary>
        public double InnerIntegralTerm
        {
            get { return _inner.IntegralTerm; }
        }

        /// <summary>The inner PID's derivative term, duty fraction.</summary>
        public double InnerDerivativeTerm
        {
            get { return _inner.DerivativeTerm; }
        }

        /// <summary>
        /// <see cref="Regulate"/> then <see cref="DriveHeater"/> with the same <paramref name="dtSeconds"/>: the whole loop at
        /// one rate. Returns true when the heater is to be on during the next <paramref name="dtSeconds"/>. Allocates nothing.
        /// </summary>
        /// <param name="liquid">The liquid probe's latest reading, °C.</param>
        /// <param name="plate">The plate probe's latest reading, °C.</param>
        /// <param name="nowMilliseconds">The monotonic clock now (for the samples' age).</param>
        /// <param name="dtSeconds">Time until the next update, finite and &gt; 0.</param>
        public bool Update(SensorReading liquid, SensorReading plate, long nowMilliseconds, double dtSeconds)
        {
            Regulate(liquid, plate, nowMilliseconds, dtSeconds);
            return DriveHeater(dtSeconds);
        }

        /// <summary>
        /// The heater's time proportioning: switches the heater for the next <paramref name="dtSeconds"/> by the duty the
        /// last <see cref="Regulate"/> set. The controller calls it every control tick (the heater's window is 1 s with
        /// a 20 ms minimum on-time, so it needs the full tick rate) and <see cref="Regulate"/> only at the process rate.
        /// Allocates nothing.
        /// </summary>
        /// <param name="dtSeconds">Time until the next call, finite and &gt; 0.</param>
        /// <returns>True when the heater is to be on.</returns>
        public bool DriveHeater(double dtSeconds)
        {
            _heaterOn = _heater.Update(_heaterDutyFraction, dtSeconds);
            return _heaterOn;
        }

        /// <summary>
        /// The regulating step: validates both probes and runs the PIDs when their periods are due, setting the heater duty
        /// that <see cref="DriveHeater"/> applies. <paramref name="dtSeconds"/> is the time since the previous
        /// <see cref="Regulate"/> (the controller calls it at the process rate, every 200 ms by default; the PIDs' own periods,
        /// 1 s and 5 s, are multiples of it). Allocates nothing.
        /// </summary>
        /// <param name="liquid">The liquid probe's latest reading, °C.</param>
        /// <param name="plate">The plate probe's latest reading, °C.</param>
        /// <param name="nowMilliseconds">The monotonic clock now (for the samples' age).</param>
        /// <param name="dtSeconds">Time since the previous regulating step, finite and &gt; 0.</param>
        public void Regulate(SensorReading liquid, SensorReading plate, long nowMilliseconds, double dtSeconds)
        {
            if (double.IsNaN(dtSeconds) || !(dtSeconds > 0.0) || double.IsInfinity(dtSeconds))
            {
                throw Finite.TimeStepRefused(dtSeconds);
            }

            _liquidCheck = _liquidValidator.Check(liquid, nowMilliseconds);
            _plateCheck = _plateValidator.Check(plate, nowMilliseconds);

            if (_plateCheck != SensorCheck.Ok)
            {
                _mode = TemperatureLoopMode.HeaterOff;
                _heaterDutyFraction = 0.0;
                _heater.ForceOff();
                _runOuterNow = true;
                _runInnerNow = true;
                return;
            }

            if (_liquidCheck != SensorCheck.Ok)
            {
                _mode = TemperatureLoopMode.PlateOnlyFallback;
                _plateSetPointCelsius = Clamp(_liquidSetPointCelsius + _fallbackOffsetCelsius,
                    _plateMinimumSetPointCelsius, _plateLimitCelsius);
                _runOuterNow = true;
            }
            else
            {
                _mode = TemperatureLoopMode.Normal;
                _sinceOuterSeconds += dtSeconds;
                if (_runOuterNow || _sinceOuterSeconds >= _outerPeriodSeconds - 1e-9)
                {
                    double outerDtSeconds = _runOuterNow ? _outerPeriodSeconds : _sinceOuterSeconds;
                    double offset = _outer.Update(_liquidSetPointCelsius, liquid.Value, outerDtSeconds);
                    _plateSetPointCelsius = _liquidSetPointCelsius + offset;
                    if (Math.Abs(liquid.Value - _liquidSetPointCelsius) <= _fallbackSettledBandCelsius)
                    {
                        double weight = 1.0 - Math.Exp(-outerDtSeconds / _fallbackAveragingSeconds);
                        _fallbackOffsetCelsius += weight * (offset - _fallbackOffsetCelsius);
                    }

                    _sinceOuterSeconds = 0.0;
                    _runOuterNow = false;
                }
            }

            _sinceInnerSeconds += dtSeconds;
            if (_runInnerNow || _sinceInnerSeconds >= _innerPeriodSeconds - 1e-9)
            {
                double innerDtSeconds = _runInnerNow ? _innerPeriodSeconds : _sinceInnerSeconds;
                _heaterDutyFraction = _inner.Update(_plateSetPointCelsius, plate.Value, innerDtSeconds);
                _sinceInnerSeconds = 0.0;
                _runInnerNow = false;
            }
        }

        internal static void ValidateLiquidSetPoint(double value, double plateMinimumCelsius, double plateLimitCelsius, string name)
        {
            if (double.IsNaN(value) || value <= plateMinimumCelsius || value > plateLimitCelsius)
            {
                throw new ArgumentOutOfRangeException(name, name + " must be above the plate minimum set point and at most the plate limit");
            }
        }

        private static double Clamp(double value, double minimum, double maximum)
        {
            return value > maximum ? maximum : value < minimum ? minimum : value;
        }
    }
}
