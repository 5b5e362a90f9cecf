using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// Generates the rocking platform's reference angle θ_ref(t) = A·sin φ + offset and its speed dθ_ref/dt (the
    /// feed-forward for <see cref="RockingLoop"/>), for a commanded rate (rpm, one rpm = one full back-and-forth
    /// cycle per minute) and amplitude (degrees either side of level). Arithmetic only: the caller passes dt.
    /// </summary>
    /// <remarks>
    /// <para>φ' = 2π·rate/60. The rate, the amplitude A and a re-alignment offset are each slewed by a second-order
    /// limiter (limited speed and acceleration, <see cref="RockingTrajectorySettings"/>), and φ is integrated, so a
    /// command change never steps the angle or its speed: dθ/dt = A'·sin φ + A·φ'·cos φ + offset', with A', A,
    /// φ', offset' all continuous.</para>
    /// <para>Static (rate 0 or amplitude 0) means level: A slews to 0 while the rate is kept, so the platform rocks
    /// ever smaller and comes to rest at 0°; then the rate slews to 0 and φ is set back to 0 (invisible, A being 0).
    /// Leaving static grows the rate and A together from 0, so the motion starts at level with zero speed.</para>
    /// <para>Limits from DOMAIN knowledge of rocker bioreactors: they stay below about 40 rpm and 12° (published
    /// Xuri W5/W25 and WAVE runs use 6–15 rpm at 4–8°; J Biol Eng 2021, doi 10.1186/s13036-021-00264-7).</para>
    /// <code>
    ///   Command(rpm &gt; 0, A &gt; 0)                    Command(0, _) or Command(_, 0)
    ///   static/level ──────────────► rocking ──────────────────────────► levelling (A → 0, rate kept)
    ///        ▲  (rate and A ramp up)     ▲                                     │ A = 0
    ///        │                           └──── Command(rpm &gt; 0, A &gt; 0) ───────┤
    ///        └──────────────────────────── rate → 0, φ := 0 ◄──────────────────┘
    ///   Stop(): rate and all slew speeds to 0 at once (the angle holds); the next Step ramps up again.
    ///   Realign(angle): the offset takes up angle − θ_ref, then slews back to 0.
    /// </code>
    /// <para>Allocation-free after construction. Not thread safe.</para>
    /// </remarks>
    public sealed class RockingTrajectory
    {
        /// <summary>Highest rate accepted, rpm: rocker bioreactors stay below about 40 rpm (see class remarks).</summary>
        public const double MaximumRateRpm = 40.0;

        /// <summary>Highest amplitude accepted, degrees: rocker bioreactors stay below about 12° (see class remarks).</summary>
        public const double MaximumAmplitudeDegrees = 12.0;

        private const double TwoPi = 2.0 * Math.PI;

        private readonly SmoothRamp _rate;
        private readonly SmoothRamp _amplitude;
        private readonly SmoothRamp _offset;
        private double _commandedRateRpm;
        private double _commandedAmplitudeDegrees;
        private double _phaseRadians;
        private double _angleDegrees;
        private double _velocityDegreesPerSecond;

        /// <summary>Creates a trajectory at level, static, with the given slew limits (validated).</summary>
        public RockingTrajectory(RockingTrajectorySettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            settings.Validate();
            _rate = new SmoothRamp(settings.MaximumRateChangeRpmPerSecond, settings.MaximumRateAccelerationRpmPerSecondSquared, true);
            _amplitude = new SmoothRamp(settings.MaximumAmplitudeChangeDegreesPerSecond,
                settings.MaximumAmplitudeAccelerationDegreesPerSecondSquared, true);
            _offset = new SmoothRamp(settings.MaximumOffsetChangeDegreesPerSecond,
                settings.MaximumOffsetAccelerationDegreesPerSecondSquared, false);
            Reset();
        }

        /// <summary>The reference angle θ_ref after the last step, degrees.</summary>
        public double AngleDegrees
        {
            get { return _angleDegrees; }
        }

        /// <summary>dθ_ref/dt after the last step, degrees per second: the speed feed-forward.</summary>
        public double VelocityDegreesPerSecond
        {
            get { return _velocityDegreesPerSecond; }
        }

        /// <summary>The present (slewed) rate, rpm.</summary>
        public double RateRpm
        {
            get { return _rate.Value; }
        }

        /// <summary>The present (slewed) amplitude A, degrees.</summary>
        public double AmplitudeDegrees
        {
            get { return _amplitude.Value; }
        }

        /// <summary>The present phase φ, radians in [0, 2π).</summary>
        public double PhaseRadians
        {
            get { return _phaseRadians; }
        }

        /// <summary>The present re-alignment offset, degrees (0 except after <see cref="Realign"/>).</summary>
        public double OffsetDegrees
        {
            get { return _offset.Value; }
        }

        /// <summary>The commanded rate, rpm.</summary>
        public double CommandedRateRpm
        {
            get { return _commandedRateRpm; }
        }

        /// <summary>The commanded amplitude, degrees.</summary>
        public double CommandedAmplitudeDegrees
        {
            get { return _commandedAmplitudeDegrees; }
        }

        /// <summary>True when static is commanded (rate or amplitude 0).</summary>
        public bool IsStaticCommanded
        {
            get { return _commandedRateRpm == 0.0 || _commandedAmplitudeDegrees == 0.0; }
        }

        /// <summary>True when the reference has reached the command: the slews are done and no offset is left.</summary>
        public bool IsSettled
        {
            get
            {
                bool isStatic = IsStaticCommanded;
                double rateTarget = isStatic ? 0.0 : _commandedRateRpm;
                double amplitudeTarget = isStatic ? 0.0 : _commandedAmplitudeDegrees;
                return _rate.IsAt(rateTarget) && _amplitude.IsAt(amplitudeTarget) && _offset.IsAt(0.0);
            }
        }

        /// <summary>
        /// Sets the rate and amplitude to move to (smoothly, from the next <see cref="Step"/>). Rate 0 or amplitude 0
        /// means static: level and still.
        /// </summary>
        /// <param name="rateRpm">0 to <see cref="MaximumRateRpm"/>.</param>
        /// <param name="amplitudeDegrees">0 to <see cref="MaximumAmplitudeDegrees"/>.</param>
        public void Command(double rateRpm, double amplitudeDegrees)
        {
            if (double.IsNaN(rateRpm) || rateRpm < 0.0 || rateRpm > MaximumRateRpm)
            {
                throw new ArgumentOutOfRangeException("rateRpm", "rateRpm must be in [0, 40] rpm");
            }

            if (double.IsNaN(amplitudeDegrees) || amplitudeDegrees < 0.0 || amplitudeDegrees > MaximumAmplitudeDegrees)
            {
                throw new ArgumentOutOfRangeException("amplitudeDegrees", "amplitudeDegrees must be in [0, 12] degrees");
            }

            _commandedRateRpm = rateRpm;
            _commandedAmplitudeDegrees = amplitudeDegrees;
        }

        /// <summary>Advances the reference by <paramref name="dtSeconds"/> (finite, &gt; 0). Allocates nothing.</summary>
        public void Step(double dtSeconds)
        {
            if (double.IsNaN(dtSeconds) || !(dtSeconds > 0.0) || double.IsInfinity(dtSeconds))
            {
                throw Finite.TimeStepRefused(dtSeconds);
            }

            double amplitudeTarget;
            double rateTarget;
            if (!IsStaticCommanded)
            {
                amplitudeTarget = _commandedAmplitudeDegrees;
                rateTarget = _commandedRateRpm;
            }
            else
            {
                amplitudeTarget = 0.0;

                // Levelling: keep the present rate (the platform rocks ever smaller) until A is 0, then stop.
                rateTarget = _amplitude.IsAt(0.0) ? 0.0 : _rate.Value;
            }

            double previousRateRpm = _rate.Value;
            _rate.Step(rateTarget, dtSeconds);
            _amplitude.Step(amplitudeTarget, dtSeconds);
            _offset.Step(0.0, dtSeconds);

            // Trapezoidal integration of φ' = 2π·rate/60: exact while the rate is constant.
            _phaseRadians += TwoPi / 60.0 * 0.5 * (previousRateRpm + _rate.Value) * dtSeconds;
            if (_phaseRadians >= TwoPi || _phaseRadians < 0.0)
            {
                _phaseRadians -= TwoPi * Math.Floor(_phaseRadians / TwoPi);
            }

            if (_amplitude.IsAt(0.0) && _rate.IsAt(0.0))
            {
                // Static and level: restart the next motion from φ = 0 (θ = 0, zero speed). Invisible since A = 0.
                _phaseRadians = 0.0;
            }

            Compute();
        }

        /// <summary>
        /// Stops the reference at once where it is: the rate and every slew speed become 0, the angle holds. The next
        /// <see cref="Step"/> ramps the rate up again from 0 (smoothly) towards the command.
        /// </summary>
        public void Stop()
        {
            _rate.Value = 0.0;
            _rate.Velocity = 0.0;
            _amplitude.Velocity = 0.0;
            _offset.Velocity = 0.0;
            Compute();
        }

        /// <summary>
        /// Shifts the reference so that it equals <paramref name="angleDegrees"/> now (for example the platform's
        /// measured angle after a stop), the shift then returning smoothly to 0. The speed is unchanged.
        /// </summary>
        public void Realign(double angleDegrees)
        {
            if (double.IsNaN(angleDegrees) || double.IsInfinity(angleDegrees))
            {
                throw new ArgumentException("angleDegrees must be a finite number", "angleDegrees");
            }

            _offset.Value += angleDegrees - _angleDegrees;
            Compute();
        }

        /// <summary>Returns to level and static at once (command 0 rpm, 0°), no offset.</summary>
        public void Reset()
        {
            _commandedRateRpm = 0.0;
            _commandedAmplitudeDegrees = 0.0;
            _rate.Value = 0.0;
            _rate.Velocity = 0.0;
            _amplitude.Value = 0.0;
            _amplitude.Velocity = 0.0;
            _offset.Value = 0.0;
            _offset.Velocity = 0.0;
            _phaseRadians = 0.0;
            Compute();
        }

        private void Compute()
        {
            // Static (no amplitude, none coming): the sine terms are products with 0, so the reference is the offset
            // alone; skipping the sine and cosine saves the tick two library calls for the same values.
            if (_amplitude.Value == 0.0 && _amplitude.Velocity == 0.0)
            {
                _angleDegrees = _offset.Value;
                _velocityDegreesPerSecond = _offset.Velocity;
                return;
            }

            double sine = Math.Sin(_phaseRadians);
            double cosine = Math.Cos(_phaseRadians);
            double phaseRateRadiansPerSecond = TwoPi / 60.0 * _rate.Value;
            _angleDegrees = _amplitude.Value * sine + _offset.Value;
            _velocityDegreesPerSecond = _amplitude.Velocity * sine
                + _amplitude.Value * phaseRateRadiansPerSecond * cosine
                + _offset.Velocity;
        }

        /// <summary>
        /// Moves a value to a target with limited speed and acceleration and no overshoot: the speed aims at the
        /// largest from which the value can still stop at the target with the limited deceleration (the braking curve
        /// v² = 2·a·distance, written for the discrete step), capped at the maximum speed, and changes by at most
        /// a·dt per step; the value follows the mean speed of the step (exact for a speed that changes linearly).
        /// Landing on or passing the target at a speed below 2·a·dt snaps to it with zero speed; passing it faster
        /// (the target moved late) brakes and comes back. A non-negative ramp (a rate, an amplitude) is kept ≥ 0.
        /// </summary>
        private sealed class SmoothRamp
        {
            private readonly double _maximumSpeed;
            private readonly double _maximumAcceleration;
            private readonly bool _nonNegative;

            public double Value;
            public double Velocity;

            public SmoothRamp(double maximumSpeed, double maximumAcceleration, bool nonNegative)
            {
                _maximumSpeed = maximumSpeed;
                _maximumAcceleration = maximumAcceleration;
                _nonNegative = nonNegative;
            }

            public bool IsAt(double target)
            {
                return Value == target && Velocity == 0.0;
            }

            public void Step(double target, double dtSeconds)
            {
                double error = target - Value;
                if (error == 0.0 && Velocity == 0.0)
                {
                    return;
                }

                double direction = error >= 0.0 ? 1.0 : -1.0;
                double maximumChange = _maximumAcceleration * dtSeconds;

                // Braking curve of the discrete motion: the speed v after this step must still stop (at a per second
                // squared) in what remains after the step, v² = 2a·(|e| − (v_now + v)·dt/2).
                double remaining = Math.Abs(error) - 0.5 * Velocity * direction * dtSeconds;
                double braking = remaining > 0.0
                    ? 0.5 * (-maximumChange + Math.Sqrt(maximumChange * maximumChange + 8.0 * _maximumAcceleration * remaining))
                    : 0.0;
                double desired = direction * Math.Min(_maximumSpeed, braking);
                double change = desired - Velocity;
                if (change > maximumChange)
                {
                    change = maximumChange;
                }
                else if (change < -maximumChange)
                {
                    change = -maximumChange;
                }

                double newVelocity = Velocity + change;
                double newValue = Value + 0.5 * (Velocity + newVelocity) * dtSeconds;
                double newError = target - newValue;
                bool passed = (error > 0.0 && newError <= 0.0) || (error < 0.0 && newError >= 0.0)
                    || Math.Abs(newError) <= 1e-12;
                if (passed && Math.Abs(newVelocity) <= 2.0 * maximumChange)
                {
                    // Landed: snap. (Passing at speed, after a late change of target, brakes and comes back instead.)
                    Value = target;
                    Velocity = 0.0;
                    return;
                }

                if (_nonNegative && newValue < 0.0)
                {
                    newValue = 0.0;
                    if (newVelocity < 0.0)
                    {
                        newVelocity = 0.0;
                    }
                }

                Value = newValue;
                Velocity = newVelocity;
            }
        }
    }
}
