using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The rocking drive's mechanics and limits, read once by <see cref="StepRatePlanner"/>'s constructor. Defaults:
    /// a 1.8° NEMA 17 stepper, 16 microsteps (TMC2209 standalone with MS1 = MS2 = high, TMC2209 data sheet table
    /// "MS1/MS2 microstep setting") and a 30:1 self-locking worm gear on the platform's pivot.
    /// </summary>
    public sealed class StepperMechanics
    {
        /// <summary>Full steps per motor revolution; default 200 (1.8° step angle).</summary>
        public int FullStepsPerRevolution = 200;

        /// <summary>Microsteps per full step set on the driver; default 16.</summary>
        public int Microsteps = 16;

        /// <summary>Motor revolutions per platform revolution; default 30 (the worm gear's ratio).</summary>
        public double GearRatio = 30.0;

        /// <summary>
        /// Fastest step rate, Hz. Default 20 000: 75°/s of platform (20 000 / 266.7 steps per degree), above the core's
        /// 60°/s speed limit (RockingLoopSettings.MaximumSpeedDegreesPerSecond), i.e. 375 motor rpm, where a NEMA 17 at
        /// 24 V still has most of its torque.
        /// </summary>
        public int MaximumStepRateHertz = 20000;

        /// <summary>
        /// Slowest step rate the PWM generates, Hz; slower commands stop the steps. Default 20 (0.075°/s of platform,
        /// far below anything the rocking loop commands and above the ESP32 LEDC's lowest frequencies).
        /// </summary>
        public int MinimumStepRateHertz = 20;

        /// <summary>
        /// Largest change of the platform speed, degrees per second squared. Default 500: the fastest published rocking
        /// (12° at 40 rpm) needs 12·(2π·40/60)² ≈ 210°/s², so the limit never bends a valid reference, while a step in
        /// the command (a stop, a fault) is spread over ≥ 0.1 s instead of asking the motor for an instant change.
        /// </summary>
        public double MaximumAccelerationDegreesPerSecondSquared = 500.0;

        /// <summary>True when DIR high turns the platform towards positive angles (wiring dependent); default true.</summary>
        public bool DirectionPinHighIsPositive = true;

        /// <summary>Throws ArgumentOutOfRangeException naming the first invalid value.</summary>
        public void Validate()
        {
            if (FullStepsPerRevolution < 1 || FullStepsPerRevolution > 1000)
            {
                throw new ArgumentOutOfRangeException("FullStepsPerRevolution", "FullStepsPerRevolution must be in [1, 1000]");
            }

            if (Microsteps < 1 || Microsteps > 256)
            {
                throw new ArgumentOutOfRangeException("Microsteps", "Microsteps must be in [1, 256]");
            }

            if (!Finite.Is(GearRatio) || GearRatio <= 0.0 || GearRatio > 10000.0)
            {
                throw new ArgumentOutOfRangeException("GearRatio", "GearRatio must be finite and in (0, 10000]");
            }

            // 200 kHz: the ESP32 LEDC still has 400 clock counts per period at 80 MHz, plenty for a 50 % duty.
            if (MaximumStepRateHertz < 1 || MaximumStepRateHertz > 200000)
            {
                throw new ArgumentOutOfRangeException("MaximumStepRateHertz", "MaximumStepRateHertz must be in [1, 200000]");
            }

            if (MinimumStepRateHertz < 1 || MinimumStepRateHertz > MaximumStepRateHertz)
            {
                throw new ArgumentOutOfRangeException("MinimumStepRateHertz",
                    "MinimumStepRateHertz must be in [1, MaximumStepRateHertz]");
            }

            if (!Finite.Is(MaximumAccelerationDegreesPerSecondSquared) || MaximumAccelerationDegreesPerSecondSquared <= 0.0)
            {
                throw new ArgumentOutOfRangeException("MaximumAccelerationDegreesPerSecondSquared",
                    "MaximumAccelerationDegreesPerSecondSquared must be finite and > 0");
            }
        }
    }
}
