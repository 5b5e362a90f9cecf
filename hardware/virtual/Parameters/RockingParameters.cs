namespace Bioreactor.Virtual
{
    /// <summary>
    /// The rocking platform: a rigid body on a pivot carrying the liquid (mass from <see cref="BagParameters"/>),
    /// driven by a speed-controlled motor (stepper or servo drive) with a torque and a speed limit.
    /// </summary>
    public sealed class RockingParameters
    {
        /// <summary>
        /// Moment of inertia of the empty platform (plate, heater, bag holder) about the pivot, kg·m². Default 0.02
        /// (reasoned: a 1.1 kg, 0.3 m plate gives m·L²/12 ≈ 0.008 kg·m², plus the frame and the holder).
        /// </summary>
        public double PlatformInertiaKilogramSquareMetres { get; set; } = 0.02;

        /// <summary>
        /// Distance from the pivot to the liquid's centre of mass, m: the liquid adds m·r² of inertia and a gravity
        /// torque m·g·r·sin θ that pulls the tilted platform further down. Default 0.05 m (reasoned: 1 L spread in a
        /// 2 L bag a few centimetres above the pivot, shifting towards the low side).
        /// </summary>
        public double LiquidLeverArmMetres { get; set; } = 0.05;

        /// <summary>Viscous friction of the pivot and drive train, N·m·s/rad. Default 0.02 (reasoned: bearings and belt).</summary>
        public double ViscousFrictionNewtonMetreSecondsPerRadian { get; set; } = 0.02;

        /// <summary>
        /// Coulomb (dry) friction of the drive train, N·m: it holds an unpowered platform still while the load torque
        /// is smaller. Default 0.2 N·m (reasoned: above the liquid's largest load, 1 kg·9.81·0.05 m·sin 15° ≈ 0.13 N·m,
        /// so the platform stays where it stopped, as the rocker drive port expects).
        /// </summary>
        public double CoulombFrictionNewtonMetres { get; set; } = 0.2;

        /// <summary>
        /// Highest platform speed the drive delivers, °/s (commands beyond it are clamped). Default 60 °/s (reasoned:
        /// a 40 rpm, ±12° sinusoid, the upper end of rocker practice, peaks at 50 °/s).
        /// </summary>
        public double MotorMaxSpeedDegreesPerSecond { get; set; } = 60.0;

        /// <summary>
        /// Largest torque the motor delivers at the platform, N·m. Default 1.5 N·m (reasoned: a NEMA-17 stepper, ≈0.4 N·m,
        /// through a 1:5 reduction, derated for speed).
        /// </summary>
        public double MotorMaxTorqueNewtonMetres { get; set; } = 1.5;

        /// <summary>
        /// Time constant of the drive's speed loop when it is not torque-limited, s. Default 0.02 s (reasoned: a stepper
        /// follows within a few steps; a servo loop settles within tens of milliseconds).
        /// </summary>
        public double MotorSpeedLoopTimeConstantSeconds { get; set; } = 0.02;

        /// <summary>Mechanical end stops at ±this angle, °. Default 15° (reasoned: beyond rocker practice's 12° maximum).</summary>
        public double EndStopDegrees { get; set; } = 15.0;

        /// <summary>Platform angle at the start of the simulation, °. Default 0 (level).</summary>
        public double InitialAngleDegrees { get; set; }

        internal void Validate(string prefix)
        {
            Check.Range(
                Check.Path(prefix, nameof(PlatformInertiaKilogramSquareMetres)),
                PlatformInertiaKilogramSquareMetres,
                1.0e-5,
                100.0,
                "kg·m²");
            Check.Range(Check.Path(prefix, nameof(LiquidLeverArmMetres)), LiquidLeverArmMetres, 0.0, 1.0, "m");
            Check.Range(
                Check.Path(prefix, nameof(ViscousFrictionNewtonMetreSecondsPerRadian)),
                ViscousFrictionNewtonMetreSecondsPerRadian,
                0.0,
                100.0,
                "N·m·s/rad");
            Check.Range(Check.Path(prefix, nameof(CoulombFrictionNewtonMetres)), CoulombFrictionNewtonMetres, 0.0, 100.0, "N·m");
            Check.Range(Check.Path(prefix, nameof(MotorMaxSpeedDegreesPerSecond)), MotorMaxSpeedDegreesPerSecond, 1.0, 3600.0, "°/s");
            Check.Range(Check.Path(prefix, nameof(MotorMaxTorqueNewtonMetres)), MotorMaxTorqueNewtonMetres, 0.001, 1000.0, "N·m");
            Check.Range(
                Check.Path(prefix, nameof(MotorSpeedLoopTimeConstantSeconds)),
                MotorSpeedLoopTimeConstantSeconds,
                0.001,
                10.0,
                "s");
            Check.Range(Check.Path(prefix, nameof(EndStopDegrees)), EndStopDegrees, 1.0, 60.0, "°");
            Check.Range(Check.Path(prefix, nameof(InitialAngleDegrees)), InitialAngleDegrees, -EndStopDegrees, EndStopDegrees, "° (within ±EndStopDegrees)");
        }
    }
}
