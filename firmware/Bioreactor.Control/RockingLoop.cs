using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control
{
    /// <summary>What the rocking loop is doing.</summary>
    public enum RockingLoopMode
    {
        /// <summary>Tracking the reference trajectory (rocking, or holding level when static).</summary>
        Running = 0,

        /// <summary>Stopped where it was because <see cref="RockingLoop.Suspended"/> is set (door open); drive powered, speed 0.</summary>
        Suspended = 1,

        /// <summary>The angle sensor failed: speed 0 and drive disabled until <see cref="RockingLoop.ClearFault"/>.</summary>
        Faulted = 2,
    }

    /// <summary>
    /// Closes the rocking platform's angle loop: speed command = reference speed (feed-forward) + PID(θ_ref − θ),
    /// clamped to the drive's maximum speed, at ≥ 50 Hz (one <see cref="Update"/> per tick). Validates the angle
    /// sensor, stops on a fault, stops at once while suspended, and measures the rocking it achieves.
    /// </summary>
    /// <remarks>
    /// <para>Feedback. The reading is compared with the reference passed through the angle sensor's own lag
    /// (<see cref="RockingLoopSettings.AngleSensorLagSeconds"/>), so the platform itself follows the reference. Besides
    /// the <see cref="SensorValidator"/> tests, a reading that stays bit-identical while the reference moves by more
    /// than <see cref="RockingLoopSettings.FrozenMotionDegrees"/> is a stuck sensor
    /// (<see cref="SensorCheck.Frozen"/>); at rest a repeating reading is normal and is not judged.</para>
    /// <para>Safe states. Sensor fault (confirmed for <see cref="RockingLoopSettings.FaultConfirmationSeconds"/>):
    /// speed 0 and drive disabled, latched until <see cref="ClearFault"/>: restarting a machine by itself after a
    /// fault is an unexpected start-up (ISO 14118, prevention of unexpected start-up), so an operator acknowledges
    /// first. Door open (<see cref="Suspended"/>): a person's hands are near the platform, so the platform stops at
    /// once where it is, rather than moving them to level; the drive stays powered so the platform holds its angle and
    /// does not sag onto a hand. Stopping at once is a speed step of at most 50°/s on a platform that the drive
    /// decelerates within its own limits; levelling would mean seconds of motion next to the hand.</para>
    /// <para>Resuming (door closed, fault cleared, first update): the reference is re-aligned to the measured angle
    /// and the rate ramps up from 0 (<see cref="RockingTrajectory.Realign"/>), so the motion restarts smoothly from
    /// wherever the platform is.</para>
    /// <code>
    ///              Suspended = true                       check fails ≥ confirmation time
    ///   Running ─────────────────────► Suspended      Running / Suspended ───────────────────► Faulted
    ///      ▲  Suspended = false           │           (speed 0, drive on)      (speed 0, drive off, latched)
    ///      └──── (re-align, ramp up) ─────┘                                          │
    ///      ▲                                                                           │ ClearFault() with check Ok
    ///      └───────────────────────── (re-align, ramp up) ─────────────────────────────┘
    /// </code>
    /// <para>Allocation-free after construction. Not thread safe.</para>
    /// </remarks>
    public sealed class RockingLoop
    {
        private readonly RockingTrajectory _trajectory;
        private readonly PidController _pid;
        private readonly SensorValidator _validator;
        private readonly double _maximumSpeedDegreesPerSecond;
        private readonly double _faultConfirmationSeconds;
        private readonly double _maximumTickSeconds;
        private readonly double _hysteresisDegrees;
        private readonly double _sensorLagSeconds;
        private readonly double _frozenMotionDegrees;

        private RockingLoopMode _mode;
        private bool _suspended;
        private bool _needsRealign;
        private double _faultSeconds;
        private SensorCheck _check;
        private bool _driveEnabled;
        private double _speedCommandDegreesPerSecond;
        private double _measuredAngleDegrees;
        private double _trackingErrorDegrees;
        private double _feedForwardDegreesPerSecond;
        private double _sensedReferenceDegrees;
        private double _lagFactorDtSeconds;
        private double _lagFactor;
        private double _referenceMotionDegrees;
        private double _unchangedMotionDegrees;
        private bool _hasMotionSample;
        private double _motionValueDegrees;
        private long _motionSampleMilliseconds;
        private int _lateTickCount;

        // Cycle measurement (upward zero crossings of the measured angle).
        private bool _hasPreviousAngle;
        private double _previousAngleDegrees;
        private bool _armed;
        private bool _hasCrossing;
        private double _sinceCrossingSeconds;
        private double _cycleMaximumDegrees;
        private double _cycleMinimumDegrees;
        private double _cycleErrorSquareSum;
        private int _cycleSamples;
        private bool _hasCycleEstimate;
        private double _measuredPeriodSeconds;
        private double _measuredAmplitudeDegrees;
        private double _cycleRmsErrorDegrees;

        /// <summary>Creates the loop, static and level, in <see cref="RockingLoopMode.Running"/>.</summary>
        /// <exception cref="ArgumentException">A setting is invalid (see <see cref="RockingLoopSettings.Validate"/>).</exception>
        public RockingLoop(RockingLoopSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            settings.Validate();
            _trajectory = new RockingTrajectory(settings.Trajectory);
            _maximumSpeedDegreesPerSecond = settings.MaximumSpeedDegreesPerSecond;
            _pid = new PidController(settings.AngleTunings, -_maximumSpeedDegreesPerSecond, _maximumSpeedDegreesPerSecond);
            _validator = new SensorValidator(settings.MinimumAngleDegrees, settings.MaximumAngleDegrees,
                settings.MaximumSampleAgeMilliseconds, settings.MaximumAngleRateDegreesPerSecond);
            _validator.RateAllowance = settings.AngleRateAllowanceDegrees;
            _faultConfirmationSeconds = settings.FaultConfirmationSeconds;
            _maximumTickSeconds = settings.MaximumTickSeconds;
            _hysteresisDegrees = settings.ZeroCrossingHysteresisDegrees;
            _sensorLagSeconds = settings.AngleSensorLagSeconds;
            _frozenMotionDegrees = settings.FrozenMotionDegrees;
            _lagFactor = 1.0;
            _mode = RockingLoopMode.Running;
            _needsRealign = true;
            _check = SensorCheck.Stale;
            _driveEnabled = true;
            ResetCycleMeasurement();
        }

        /// <summary>The reference generator (read its rate, amplitude and phase for reports).</summary>
        public RockingTrajectory Trajectory
        {
            get { return _trajectory; }
        }

        /// <summary>
        /// Door open: while true the platform is stopped where it is (speed 0, drive powered); clearing it resumes
        /// smoothly. The safety layer decides when.
        /// </summary>
        public bool Suspended
        {
            get { return _suspended; }
            set { _suspended = value; }
        }

        /// <summary>What the loop is doing.</summary>
        public RockingLoopMode Mode
        {
            get { return _mode; }
        }

        /// <summary>True when the drive is to be powered (false only in <see cref="RockingLoopMode.Faulted"/>).</summary>
        public bool DriveEnabled
        {
            get { return _driveEnabled; }
        }

        /// <summary>The speed command of the last update, degrees per second.</summary>
        public double SpeedCommandDegreesPerSecond
        {
            get { return _speedCommandDegreesPerSecond; }
        }

        /// <summary>The angle sensor's verdict at the last update.</summary>
        public SensorCheck AngleCheck
        {
            get { return _check; }
        }

        /// <summary>The angle driver's own status at the last update.</summary>
        public SensorStatus AngleDriverStatus
        {
            get { return _validator.LastDriverStatus; }
        }

        /// <summary>The last good measured angle, degrees.</summary>
        public double MeasuredAngleDegrees
        {
            get { return _measuredAngleDegrees; }
        }

        /// <summary>The reference angle θ_ref after the last update (the reference for the next tick's measurement), degrees.</summary>
        public double ReferenceAngleDegrees
        {
            get { return _trajectory.AngleDegrees; }
        }

        /// <summary>The feed-forward speed of the last update (the reference's mean speed over the tick), degrees per second.</summary>
        public double FeedForwardDegreesPerSecond
        {
            get { return _feedForwardDegreesPerSecond; }
        }

        /// <summary>
        /// Reference (through the sensor's lag) − measured angle at the last update that had a good angle while running,
        /// degrees.
        /// </summary>
        public double TrackingErrorDegrees
        {
            get { return _trackingErrorDegrees; }
        }

        /// <summary>The PID's proportional term, degrees per second.</summary>
        public double ProportionalTerm
        {
            get { return _pid.ProportionalTerm; }
        }

        /// <summary>The PID's integral term, degrees per second.</summary>
        public double IntegralTerm
        {
            get { return _pid.IntegralTerm; }
        }

        /// <summary>The PID's derivative term, degrees per second.</summary>
        public double DerivativeTerm
        {
            get { return _pid.DerivativeTerm; }
        }

        /// <summary>True when a full rocking cycle was measured recently (within two periods).</summary>
        public bool HasCycleEstimate
        {
            get { return _hasCycleEstimate; }
        }

        /// <summary>Rocking rate measured over the last full cycle, rpm (0 without an estimate).</summary>
        public double MeasuredRateRpm
        {
            get { return _hasCycleEstimate ? 60.0 / _measuredPeriodSeconds : 0.0; }
        }

        /// <summary>Half the peak-to-peak measured angle over the last full cycle, degrees (0 without an estimate).</summary>
        public double MeasuredAmplitudeDegrees
        {
            get { return _hasCycleEstimate ? _measuredAmplitudeDegrees : 0.0; }
        }

        /// <summary>RMS tracking error over the last full cycle, degrees (0 without an estimate).</summary>
        public double CycleRmsErrorDegrees
        {
            get { return _hasCycleEstimate ? _cycleRmsErrorDegrees : 0.0; }
        }

        /// <summary>Updates whose dt exceeded <see cref="RockingLoopSettings.MaximumTickSeconds"/> (the loop ran below 50 Hz).</summary>
        public int LateTickCount
        {
            get { return _lateTickCount; }
        }

        /// <summary>Sets the rocking to move to, smoothly; rate 0 or amplitude 0 means static and level.</summary>
        /// <param name="rateRpm">0 to 40 rpm.</param>
        /// <param name="amplitudeDegrees">0 to 12 degrees.</param>
        public void Command(double rateRpm, double amplitudeDegrees)
        {
            _trajectory.Command(rateRpm, amplitudeDegrees);
        }

        /// <summary>
        /// Leaves <see cref="RockingLoopMode.Faulted"/> when the angle check of the last update was Ok (an operator
        /// acknowledged the alarm). Returns true when the loop is no longer faulted.
        /// </summary>
        public bool ClearFault()
        {
            if (_mode != RockingLoopMode.Faulted)
            {
                return true;
            }

            if (_check != SensorCheck.Ok && _check != SensorCheck.Frozen)
            {
                return false;
            }

            // A frozen reading cannot be told from a still platform: let the motion test judge it again.
            _unchangedMotionDegrees = 0.0;
            _check = SensorCheck.Ok;
            _mode = RockingLoopMode.Running;
            _driveEnabled = true;
            _faultSeconds = 0.0;
            _needsRealign = true;
            return true;
        }

        /// <summary>
        /// One control tick: validates the angle, advances the reference and returns the speed command (degrees per
        /// second) for the drive; apply <see cref="DriveEnabled"/> too. Allocates nothing.
        /// </summary>
        /// <param name="angle">The angle sensor's latest reading, degrees.</param>
        /// <param name="nowMilliseconds">The monotonic clock now (for the sample's age).</param>
        /// <param name="dtSeconds">Time since the last update, finite and &gt; 0 (≤ 0.02 s for 50 Hz).</param>
        public double Update(SensorReading angle, long nowMilliseconds, double dtSeconds)
        {
            if (double.IsNaN(dtSeconds) || !(dtSeconds > 0.0) || double.IsInfinity(dtSeconds))
            {
                throw Finite.TimeStepRefused(dtSeconds);
            }

            if (dtSeconds > _maximumTickSeconds + 1e-9)
            {
                _lateTickCount++;
            }

            _check = _validator.Check(angle, nowMilliseconds);
            if (_check == SensorCheck.Ok)
            {
                _check = CheckMotion(angle);
            }

            _referenceMotionDegrees = 0.0;
            if (_mode == RockingLoopMode.Faulted)
            {
                return Hold(false);
            }

            if (_check != SensorCheck.Ok)
            {
                _faultSeconds += dtSeconds;
                if (_faultSeconds >= _faultConfirmationSeconds - 1e-9)
                {
                    _mode = RockingLoopMode.Faulted;
                    _trajectory.Stop();
                    _needsRealign = true;
                    ResetCycleMeasurement();
                    return Hold(false);
                }

                if (_suspended)
                {
                    return Hold(true);
                }

                // Not yet confirmed: no feedback on bad data, the reference's speed alone.
                double before = _trajectory.AngleDegrees;
                _trajectory.Step(dtSeconds);
                _feedForwardDegreesPerSecond = (_trajectory.AngleDegrees - before) / dtSeconds;
                _referenceMotionDegrees = Math.Abs(_trajectory.AngleDegrees - before);
                return Drive(_feedForwardDegreesPerSecond);
            }

            _faultSeconds = 0.0;
            _measuredAngleDegrees = angle.Value;

            if (_suspended)
            {
                if (_mode != RockingLoopMode.Suspended)
                {
                    _mode = RockingLoopMode.Suspended;
                    _trajectory.Stop();
                    _needsRealign = true;
                    ResetCycleMeasurement();
                }

                return Hold(true);
            }

            _mode = RockingLoopMode.Running;
            if (_needsRealign)
            {
                _trajectory.Realign(_measuredAngleDegrees);
                _sensedReferenceDegrees = _measuredAngleDegrees;
                _pid.Reset();
                _needsRealign = false;
            }

            // The error is taken against the reference at the measurement's time, passed through the angle sensor's
            // own lag so that the platform (not the lagging reading) follows the reference; the feed-forward is the
            // reference's mean speed over the coming tick, so an ideal drive lands exactly on the next reference angle.
            double reference = _trajectory.AngleDegrees;
            _trajectory.Step(dtSeconds);
            double feedForward = (_trajectory.AngleDegrees - reference) / dtSeconds;
            _feedForwardDegreesPerSecond = feedForward;
            _referenceMotionDegrees = Math.Abs(_trajectory.AngleDegrees - reference);
            _sensedReferenceDegrees += (reference - _sensedReferenceDegrees) * LagFactor(dtSeconds);

            // The PID's limits leave room for the feed-forward, so its anti-windup acts at the drive's real limit.
            _pid.SetOutputLimits(-_maximumSpeedDegreesPerSecond - feedForward, _maximumSpeedDegreesPerSecond - feedForward);
            double correction = _pid.Update(_sensedReferenceDegrees, _measuredAngleDegrees, dtSeconds);
            _trackingErrorDegrees = _sensedReferenceDegrees - _measuredAngleDegrees;
            MeasureCycle(_measuredAngleDegrees, dtSeconds);
            return Drive(feedForward + correction);
        }

        private double Drive(double speedDegreesPerSecond)
        {
            double speed = speedDegreesPerSecond;
            if (speed > _maximumSpeedDegreesPerSecond)
            {
                speed = _maximumSpeedDegreesPerSecond;
            }
            else if (speed < -_maximumSpeedDegreesPerSecond)
            {
                speed = -_maximumSpeedDegreesPerSecond;
            }

            _driveEnabled = true;
            _speedCommandDegreesPerSecond = speed;
            return speed;
        }

        private double Hold(bool driveEnabled)
        {
            _feedForwardDegreesPerSecond = 0.0;
            _driveEnabled = driveEnabled;
            _speedCommandDegreesPerSecond = 0.0;
            return 0.0;
        }

        // Stuck-sensor test: the reference (and so the platform) moved by more than the limit while the reading stayed
        // bit-identical over fresh samples. A moving platform always changes a real reading (noise, at worst the
        // resolution: 1/16° for a BNO055's Euler output); a platform at rest may legitimately repeat a value, so the
        // test only counts commanded motion.
        private SensorCheck CheckMotion(SensorReading angle)
        {
            if (!_hasMotionSample || angle.SampleMilliseconds != _motionSampleMilliseconds)
            {
                if (_hasMotionSample && angle.Value == _motionValueDegrees)
                {
                    _unchangedMotionDegrees += _referenceMotionDegrees;
                }
                else
                {
                    _unchangedMotionDegrees = 0.0;
                }

                _hasMotionSample = true;
                _motionValueDegrees = angle.Value;
                _motionSampleMilliseconds = angle.SampleMilliseconds;
            }
            else
            {
                _unchangedMotionDegrees += _referenceMotionDegrees;
            }

            return _unchangedMotionDegrees > _frozenMotionDegrees ? SensorCheck.Frozen : SensorCheck.Ok;
        }

        // 1 − e^(−dt/τ) of the sensor lag, cached for the last dt (ticks are usually equal).
        private double LagFactor(double dtSeconds)
        {
            if (_sensorLagSeconds <= 0.0)
            {
                return 1.0;
            }

            if (dtSeconds != _lagFactorDtSeconds)
            {
                _lagFactorDtSeconds = dtSeconds;
                _lagFactor = 1.0 - Math.Exp(-dtSeconds / _sensorLagSeconds);
            }

            return _lagFactor;
        }

        private void MeasureCycle(double angleDegrees, double dtSeconds)
        {
            _sinceCrossingSeconds += dtSeconds;
            if (angleDegrees < -_hysteresisDegrees)
            {
                _armed = true;
            }

            if (_hasPreviousAngle && _armed && _previousAngleDegrees < 0.0 && angleDegrees >= 0.0)
            {
                // Linear interpolation of the crossing instant within the tick.
                double fraction = -_previousAngleDegrees / (angleDegrees - _previousAngleDegrees);
                double afterCrossingSeconds = (1.0 - fraction) * dtSeconds;
                if (_hasCrossing)
                {
                    _measuredPeriodSeconds = _sinceCrossingSeconds - afterCrossingSeconds;
                    _measuredAmplitudeDegrees = 0.5 * (_cycleMaximumDegrees - _cycleMinimumDegrees);
                    _cycleRmsErrorDegrees = _cycleSamples > 0 ? Math.Sqrt(_cycleErrorSquareSum / _cycleSamples) : 0.0;
                    _hasCycleEstimate = _measuredPeriodSeconds > 0.0;
                }

                _hasCrossing = true;
                _armed = false;
                _sinceCrossingSeconds = afterCrossingSeconds;
                _cycleMaximumDegrees = angleDegrees;
                _cycleMinimumDegrees = angleDegrees;
                _cycleErrorSquareSum = 0.0;
                _cycleSamples = 0;
            }

            if (angleDegrees > _cycleMaximumDegrees)
            {
                _cycleMaximumDegrees = angleDegrees;
            }

            if (angleDegrees < _cycleMinimumDegrees)
            {
                _cycleMinimumDegrees = angleDegrees;
            }

            _cycleErrorSquareSum += _trackingErrorDegrees * _trackingErrorDegrees;
            _cycleSamples++;
            _previousAngleDegrees = angleDegrees;
            _hasPreviousAngle = true;

            if (_hasCycleEstimate && _sinceCrossingSeconds > 2.0 * _measuredPeriodSeconds)
            {
                // No crossing for two periods: the platform stopped rocking (static, or stalled).
                _hasCycleEstimate = false;
            }
        }

        private void ResetCycleMeasurement()
        {
            _hasPreviousAngle = false;
            _armed = false;
            _hasCrossing = false;
            _sinceCrossingSeconds = 0.0;
            _cycleMaximumDegrees = 0.0;
            _cycleMinimumDegrees = 0.0;
            _cycleErrorSquareSum = 0.0;
            _cycleSamples = 0;
            _hasCycleEstimate = false;
        }
    }
}
