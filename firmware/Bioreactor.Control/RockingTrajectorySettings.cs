using System;

namespace Bioreactor.Control
{
    /// <summary>
    /// How fast <see cref="RockingTrajectory"/> may change the rocking rate, the amplitude and a re-alignment offset.
    /// Each is slewed with a limited speed and a limited acceleration, so the reference angle and its speed are
    /// continuous. Read once by the trajectory's constructor.
    /// </summary>
    /// <remarks>
    /// The defaults change a 10 rpm / 6° motion over about 6 s (one rocking cycle at 10 rpm) or more: a step in the
    /// motion of a liquid-filled bag excites a travelling wave that splashes against the bag's end and foams; a change
    /// spread over a cycle or more does not. They are design choices, not published figures; a platform whose drive
    /// is weaker than the rocking itself requires would need lower values.
    /// </remarks>
    public sealed class RockingTrajectorySettings
    {
        /// <summary>Fastest change of the rocking rate, rpm per second; default 2.</summary>
        public double MaximumRateChangeRpmPerSecond = 2.0;

        /// <summary>Fastest change of the rate-of-change of the rocking rate, rpm per second squared; default 2.</summary>
        public double MaximumRateAccelerationRpmPerSecondSquared = 2.0;

        /// <summary>Fastest change of the amplitude, degrees per second; default 1.</summary>
        public double MaximumAmplitudeChangeDegreesPerSecond = 1.0;

        /// <summary>Fastest change of the amplitude's rate of change, degrees per second squared; default 1.</summary>
        public double MaximumAmplitudeAccelerationDegreesPerSecondSquared = 1.0;

        /// <summary>
        /// Fastest return of a re-alignment offset (after a stop) to zero, degrees per second; default 2 (a 12° offset
        /// is taken back in about 7 s).
        /// </summary>
        public double MaximumOffsetChangeDegreesPerSecond = 2.0;

        /// <summary>Fastest change of the re-alignment offset's speed, degrees per second squared; default 2.</summary>
        public double MaximumOffsetAccelerationDegreesPerSecondSquared = 2.0;

        /// <summary>Throws when a value is not finite and &gt; 0, naming it.</summary>
        public void Validate()
        {
            RequirePositive(MaximumRateChangeRpmPerSecond, "MaximumRateChangeRpmPerSecond");
            RequirePositive(MaximumRateAccelerationRpmPerSecondSquared, "MaximumRateAccelerationRpmPerSecondSquared");
            RequirePositive(MaximumAmplitudeChangeDegreesPerSecond, "MaximumAmplitudeChangeDegreesPerSecond");
            RequirePositive(MaximumAmplitudeAccelerationDegreesPerSecondSquared, "MaximumAmplitudeAccelerationDegreesPerSecondSquared");
            RequirePositive(MaximumOffsetChangeDegreesPerSecond, "MaximumOffsetChangeDegreesPerSecond");
            RequirePositive(MaximumOffsetAccelerationDegreesPerSecondSquared, "MaximumOffsetAccelerationDegreesPerSecondSquared");
        }

        private static void RequirePositive(double value, string name)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0.0)
            {
                throw new ArgumentOutOfRangeException(name, name + " must be finite and > 0");
            }
        }
    }
}
