using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control
{
    /// <summary>Configuration of <see cref="RockingLoop"/>, read once by its constructor.</summary>
    public sealed class RockingLoopSettings
    {
        /// <summary>
        /// Angle PID tunings: Kc in (degrees per second) per degree of error, Ti and Td in seconds. Default Kc 8 /s,
        /// Ti 1.5 s, no derivative. The platform is speed-commanded, so from speed command to angle the plant is an
        /// integrator with the drive's lag; the feed-forward supplies the reference speed and the PI only corrects
        /// lag, load and offset. With the loop gain Kc/s the crossover is near Kc rad/s, and a lag plus delay of
        /// L seconds costs Kc·L rad of phase there: Kc = 8 with a 20 ms drive, a 50 ms sensor and a 20 ms sample
        /// (L ≈ 0.09 s) keeps about 45° of phase margin. Ti of about ten times 1/Kc removes a steady speed offset
        /// within a rocking cycle and costs 5° of phase. Measured at 10 rpm / 6°: 0.03° RMS error on the test platform
        /// (20 ms drive lag, 5 % speed error, 50 ms sensor lag, 0.05° noise) and 0.02° on the virtual bioreactor's
        /// default rig.
        /// </summary>
        public PidTunings AngleTunings = new PidTunings(8.0, 1.5, 0.0);

        /// <summary>
        /// Response time of the angle sensor (first-order time constant), seconds; 0 for none. Default 0.05 s, an IMU
        /// tilt output behind a fusion filter of about 3 Hz bandwidth. The loop compares the reading with the
        /// reference passed through the same lag, so the platform itself, not its late reading, follows the reference:
        /// at 10 rpm / 6° an uncompensated 50 ms lag alone puts the platform about 0.2° RMS ahead.
        /// </summary>
        public double AngleSensorLagSeconds = 0.05;

        /// <summary>
        /// Fastest speed command, degrees per second (the drive's limit). Default 60: above the fastest reference
        /// speed, 12° at 40 rpm = 12·2π·40/60 ≈ 50.3°/s.
        /// </summary>
        public double MaximumSpeedDegreesPerSecond = 60.0;

        /// <summary>
        /// Lowest plausible angle reading, degrees. Default −15: the largest commanded amplitude (12°) plus a margin
        /// for tracking error and the platform's end stops.
        /// </summary>
        public double MinimumAngleDegrees = -15.0;

        /// <summary>Highest plausible angle reading, degrees; default +15 (see <see cref="MinimumAngleDegrees"/>).</summary>
        public double MaximumAngleDegrees = 15.0;

        /// <summary>
        /// Oldest angle sample accepted, milliseconds. Default 100: five periods of the 50 Hz loop, so one or two
        /// missed conversions are tolerated but a silent sensor is caught within 0.1 s.
        /// </summary>
        public long MaximumSampleAgeMilliseconds = 100;

        /// <summary>
        /// Fastest plausible angle change, degrees per second. Default 150: three times the fastest reference speed
        /// (50.3°/s, see <see cref="MaximumSpeedDegreesPerSecond"/>).
        /// </summary>
        public double MaximumAngleRateDegreesPerSecond = 150.0;

        /// <summary>Angle change always allowed between two samples (noise, quantisation), degrees. Default 0.5.</summary>
        public double AngleRateAllowanceDegrees = 0.5;

        /// <summary>
        /// Reference motion, degrees, over which a bit-identical angle reading counts as a stuck sensor
        /// (<see cref="SensorCheck.Frozen"/>). Default 1: sixteen steps of the coarsest common tilt output (a BNO055's
        /// Euler angles in 1/16°), and caught within about 0.6 s anywhere in a 10 rpm / 6° cycle.
        /// </summary>
        public double FrozenMotionDegrees = 1.0;

        /// <summary>
        /// How long the angle check must keep failing before the loop stops and disables the drive, seconds. Default
        /// 0.1 (five 50 Hz samples): a single lost conversion does not stop a batch's rocking, and the stop still
        /// comes far inside the 2 s required of every fault reaction. Meanwhile the loop commands the feed-forward
        /// alone (no feedback on bad data).
        /// </summary>
        public double FaultConfirmationSeconds = 0.1;

        /// <summary>
        /// Longest tick expected, seconds. Default 0.02 (the loop must run at ≥ 50 Hz); longer ticks are counted in
        /// <see cref="RockingLoop.LateTickCount"/>.
        /// </summary>
        public double MaximumTickSeconds = 0.02;

        /// <summary>
        /// Hysteresis of the zero-crossing detector that measures the rocking period and amplitude, degrees. Default
        /// 0.5: several times the angle sensor's noise, well below the smallest published amplitude (4°).
        /// </summary>
        public double ZeroCrossingHysteresisDegrees = 0.5;

        /// <summary>Slew limits of the reference trajectory.</summary>
        public RockingTrajectorySettings Trajectory = new RockingTrajectorySettings();

        /// <summary>Throws ArgumentException / ArgumentOutOfRangeException naming the first invalid value.</summary>
        public void Validate()
        {
            if (AngleTunings == null || !AngleTunings.IsValid)
            {
                throw new ArgumentException("AngleTunings need a finite gain > 0 and finite times >= 0 s", "AngleTunings");
            }

            if (!Finite.Is(MaximumSpeedDegreesPerSecond) || MaximumSpeedDegreesPerSecond <= 0.0)
            {
                throw new ArgumentOutOfRangeException("MaximumSpeedDegreesPerSecond", "MaximumSpeedDegreesPerSecond must be finite and > 0");
            }

            if (!Finite.Is(MinimumAngleDegrees) || MinimumAngleDegrees > -RockingTrajectory.MaximumAmplitudeDegrees)
            {
                throw new ArgumentOutOfRangeException("MinimumAngleDegrees", "MinimumAngleDegrees must be finite and <= -12");
            }

            if (!Finite.Is(MaximumAngleDegrees) || MaximumAngleDegrees < RockingTrajectory.MaximumAmplitudeDegrees)
            {
                throw new ArgumentOutOfRangeException("MaximumAngleDegrees", "MaximumAngleDegrees must be finite and >= 12");
            }

            if (!Finite.Is(AngleSensorLagSeconds) || AngleSensorLagSeconds < 0.0 || AngleSensorLagSeconds > 1.0)
            {
                throw new ArgumentOutOfRangeException("AngleSensorLagSeconds", "AngleSensorLagSeconds must be in [0, 1] s");
            }

            if (MaximumSampleAgeMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("MaximumSampleAgeMilliseconds", "MaximumSampleAgeMilliseconds must be > 0");
            }

            if (double.IsNaN(MaximumAngleRateDegreesPerSecond))
            {
                throw new ArgumentOutOfRangeException("MaximumAngleRateDegreesPerSecond", Finite.NotANumber("MaximumAngleRateDegreesPerSecond"));
            }

            if (!(MaximumAngleRateDegreesPerSecond > 0.0))
            {
                throw new ArgumentOutOfRangeException("MaximumAngleRateDegreesPerSecond",
                    "MaximumAngleRateDegreesPerSecond must be > 0 (PositiveInfinity turns the test off)");
            }

            if (!Finite.Is(AngleRateAllowanceDegrees) || AngleRateAllowanceDegrees < 0.0)
            {
                throw new ArgumentOutOfRangeException("AngleRateAllowanceDegrees", "AngleRateAllowanceDegrees must be finite and >= 0");
            }

            if (!Finite.Is(FrozenMotionDegrees) || FrozenMotionDegrees <= 0.0)
            {
                throw new ArgumentOutOfRangeException("FrozenMotionDegrees", "FrozenMotionDegrees must be finite and > 0");
            }

            if (!Finite.Is(FaultConfirmationSeconds) || FaultConfirmationSeconds < 0.0 || FaultConfirmationSeconds > 1.0)
            {
                throw new ArgumentOutOfRangeException("FaultConfirmationSeconds",
                    "FaultConfirmationSeconds must be in [0, 1] s (faults must stop the platform well within 2 s)");
            }

            if (!Finite.Is(MaximumTickSeconds) || MaximumTickSeconds <= 0.0 || MaximumTickSeconds > 0.02)
            {
                throw new ArgumentOutOfRangeException("MaximumTickSeconds", "MaximumTickSeconds must be in (0, 0.02] s (>= 50 Hz)");
            }

            if (!Finite.Is(ZeroCrossingHysteresisDegrees) || ZeroCrossingHysteresisDegrees <= 0.0)
            {
                throw new ArgumentOutOfRangeException("ZeroCrossingHysteresisDegrees", "ZeroCrossingHysteresisDegrees must be finite and > 0");
            }

            if (Trajectory == null)
            {
                throw new ArgumentNullException("Trajectory");
            }

            Trajectory.Validate();
        }
    }
}
