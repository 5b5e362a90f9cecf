using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Detects a rocking platform that does not follow its drive: the speed the drive was commanded and the speed
    /// the angle sensor shows are both averaged (first-order, time constant τ); when the commanded average is above a
    /// minimum and the measured average falls below a fraction of it, the platform is stalled (motor stalled, belt
    /// slipping, platform blocked, or an angle sensor that stopped moving). The measured travel is counted with a
    /// hysteresis (the angle must move by at least the hysteresis before the move is counted) so sensor noise does
    /// not look like motion. It compares speeds, not a reference trajectory, so it needs nothing from the rocking
    /// loop but the command it sent. Allocation-free.
    /// </summary>
    /// <remarks>
    /// After a sudden stall the measured average decays as exp(−t/τ): with τ = 0.5 s and a fraction of 0.3 the
    /// verdict comes after τ·ln(1/0.3) ≈ 0.6 s.
    /// </remarks>
    public sealed class StallDetector
    {
        private readonly double _timeConstantMilliseconds;
        private readonly double _minimumSpeed;
        private readonly double _travelFraction;
        private readonly double _hysteresisDegrees;
        private bool _running;
        private double _anchorDegrees;
        private long _lastMilliseconds;

        /// <summary>Creates a detector.</summary>
        /// <param name="averagingMilliseconds">Time constant τ of both averages, &gt; 0.</param>
        /// <param name="minimumSpeedDegreesPerSecond">Commanded average speed from which a stall is judged, &gt; 0.</param>
        /// <param name="travelFraction">Measured/commanded ratio below which the platform is stalled, 0 &lt; x &lt; 1.</param>
        /// <param name="hysteresisDegrees">Smallest angle change counted as motion, ≥ 0.</param>
        public StallDetector(long averagingMilliseconds, double minimumSpeedDegreesPerSecond, double travelFraction, double hysteresisDegrees)
        {
            if (averagingMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("averagingMilliseconds", "averagingMilliseconds must be above 0");
            }

            if (!Finite.Is(minimumSpeedDegreesPerSecond) || !(minimumSpeedDegreesPerSecond > 0))
            {
                throw new ArgumentOutOfRangeException("minimumSpeedDegreesPerSecond", "minimumSpeedDegreesPerSecond must be finite and above 0");
            }

            if (double.IsNaN(travelFraction))
            {
                throw new ArgumentOutOfRangeException("travelFraction", Finite.NotANumber("travelFraction"));
            }

            if (!(travelFraction > 0 && travelFraction < 1))
            {
                throw new ArgumentOutOfRangeException("travelFraction", "travelFraction must be above 0 and below 1");
            }

            if (!Finite.Is(hysteresisDegrees) || !(hysteresisDegrees >= 0))
            {
                throw new ArgumentOutOfRangeException("hysteresisDegrees", "hysteresisDegrees must be finite and at least 0");
            }

            _timeConstantMilliseconds = averagingMilliseconds;
            _minimumSpeed = minimumSpeedDegreesPerSecond;
            _travelFraction = travelFraction;
            _hysteresisDegrees = hysteresisDegrees;
        }

        /// <summary>Average commanded speed magnitude, degrees per second.</summary>
        public double CommandedSpeedDegreesPerSecond { get; private set; }

        /// <summary>Average measured speed magnitude, degrees per second.</summary>
        public double MeasuredSpeedDegreesPerSecond { get; private set; }

        /// <summary>True while the platform does not follow the drive.</summary>
        public bool Stalled { get; private set; }

        /// <summary>
        /// Advances the detector. <paramref name="appliedSpeedDegreesPerSecond"/> is the speed the drive was really
        /// commanded since the previous update (0 when it was disabled).
        /// </summary>
        public void Update(double appliedSpeedDegreesPerSecond, double angleDegrees, bool angleValid, long nowMilliseconds)
        {
            if (!angleValid || !Finite.Is(angleDegrees))
            {
                Reset();
                return;
            }

            if (!_running)
            {
                _running = true;
                _anchorDegrees = angleDegrees;
                _lastMilliseconds = nowMilliseconds;
                return;
            }

            long dt = nowMilliseconds - _lastMilliseconds;
            if (dt <= 0)
            {
                return;
            }

            _lastMilliseconds = nowMilliseconds;
            double moved = Math.Abs(angleDegrees - _anchorDegrees);
            if (moved >= _hysteresisDegrees)
            {
                _anchorDegrees = angleDegrees;
            }
            else
            {
                moved = 0;
            }

            double commanded = Finite.Is(appliedSpeedDegreesPerSecond) ? Math.Abs(appliedSpeedDegreesPerSecond) : 0;
            double gain = Math.Min(1.0, dt / _timeConstantMilliseconds);
            CommandedSpeedDegreesPerSecond += (commanded - CommandedSpeedDegreesPerSecond) * gain;
            MeasuredSpeedDegreesPerSecond += (moved * 1000.0 / dt - MeasuredSpeedDegreesPerSecond) * gain;
            Stalled = CommandedSpeedDegreesPerSecond >= _minimumSpeed
                && MeasuredSpeedDegreesPerSecond < _travelFraction * CommandedSpeedDegreesPerSecond;
        }

        /// <summary>Forgets the averages and the verdict.</summary>
        public void Reset()
        {
            _running = false;
            CommandedSpeedDegreesPerSecond = 0;
            MeasuredSpeedDegreesPerSecond = 0;
            Stalled = false;
        }
    }
}
