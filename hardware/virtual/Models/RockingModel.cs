using System;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// The rocking platform as a rigid body on a pivot:
    /// <code>
    ///   J·dω/dt = T_motor + m·g·r·sin θ − b·ω − T_c·sign(ω),   dθ/dt = ω,   J = J_platform + m·r²
    /// </code>
    /// The liquid's gravity torque grows with the angle and pulls the platform further down. The drive is a speed loop:
    /// unless torque-limited it makes ω follow the (speed-limited) command as a first-order response of time constant
    /// τ_m (stepped exactly: ω' = ω_cmd + (ω − ω_cmd)·e^(−h/τ_m)), supplying whatever torque that needs, load included;
    /// when the needed torque exceeds the motor's limit the motor gives its limit and the platform accelerates at what
    /// that torque allows. A disabled drive gives no torque (friction and load act alone); a stalled one is jammed.
    /// Integration: semi-implicit (symplectic) Euler — speed first, then angle with the new speed — with viscous and
    /// dry friction implicit (the platform sticks when dry friction can stop it within the substep). The gravity torque
    /// is the only explicit term; substeps keep h·√(m·g·r/J) ≤ 0.2 and h ≤ 20 ms. End stops clamp the angle and stop
    /// motion into them.
    /// </summary>
    internal sealed class RockingModel
    {
        /// <summary>Largest integration substep, s.</summary>
        public const double MaxSubstepSeconds = 0.02;

        private const double StandardGravityMetresPerSecondSquared = 9.80665; // CGPM 1901 standard gravity
        private const double RadiansPerDegree = Math.PI / 180.0;

        private readonly double inertia;
        private readonly double gravityTorqueAmplitude;
        private readonly double viscous;
        private readonly double coulomb;
        private readonly double maxSpeedRadiansPerSecond;
        private readonly double maxTorque;
        private readonly double speedLoopTimeConstant;
        private readonly double endStopRadians;

        private readonly double maxStableSubstepSeconds;

        private double angleRadians;
        private double speedRadiansPerSecond;

        // Prepared for one step length.
        private double preparedDtSeconds = -1.0;
        private int substeps;
        private double h;
        private double speedLoopDecay;
        private double viscousDenominator;
        private double hOverInertiaOverDenominator;
        private double frictionDelta;

        public RockingModel(PlantParameters p)
        {
            double liquidMass = p.Bag.LiquidMassKilograms;
            double arm = p.Rocking.LiquidLeverArmMetres;
            inertia = p.Rocking.PlatformInertiaKilogramSquareMetres + (liquidMass * arm * arm);
            gravityTorqueAmplitude = liquidMass * StandardGravityMetresPerSecondSquared * arm;
            viscous = p.Rocking.ViscousFrictionNewtonMetreSecondsPerRadian;
            coulomb = p.Rocking.CoulombFrictionNewtonMetres;
            maxSpeedRadiansPerSecond = p.Rocking.MotorMaxSpeedDegreesPerSecond * RadiansPerDegree;
            maxTorque = p.Rocking.MotorMaxTorqueNewtonMetres;
            speedLoopTimeConstant = p.Rocking.MotorSpeedLoopTimeConstantSeconds;
            endStopRadians = p.Rocking.EndStopDegrees * RadiansPerDegree;
            angleRadians = p.Rocking.InitialAngleDegrees * RadiansPerDegree;

            // Explicit gravity term: keep h·ω_n ≤ 0.2 with ω_n = √(m·g·r/J), the load's "inverted pendulum" rate.
            double naturalRate = Math.Sqrt(gravityTorqueAmplitude / inertia);
            maxStableSubstepSeconds = naturalRate > 0.0 ? Math.Min(MaxSubstepSeconds, 0.2 / naturalRate) : MaxSubstepSeconds;
        }

        /// <summary>Total moment of inertia about the pivot, kg·m².</summary>
        public double InertiaKilogramSquareMetres => inertia;

        /// <summary>True platform angle, °.</summary>
        public double AngleDegrees => angleRadians / RadiansPerDegree;

        /// <summary>True platform angular speed, °/s.</summary>
        public double SpeedDegreesPerSecond => speedRadiansPerSecond / RadiansPerDegree;

        /// <summary>Motor torque in the last substep, N·m.</summary>
        public double MotorTorqueNewtonMetres { get; private set; }

        /// <summary>True when the motor was at its torque limit in the last substep.</summary>
        public bool IsTorqueLimited { get; private set; }

        /// <summary>
        /// Advances the platform by <paramref name="dtSeconds"/>.
        /// </summary>
        /// <param name="dtSeconds">Step, s.</param>
        /// <param name="driving">True when the drive is powered and enabled.</param>
        /// <param name="commandDegreesPerSecond">Commanded speed (already finite).</param>
        /// <param name="stalled">True when the mechanism is jammed.</param>
        public void Step(double dtSeconds, bool driving, double commandDegreesPerSecond, bool stalled)
        {
            if (stalled)
            {
                speedRadiansPerSecond = 0.0;
                MotorTorqueNewtonMetres = driving ? maxTorque * Math.Sign(commandDegreesPerSecond) : 0.0;
                IsTorqueLimited = driving && commandDegreesPerSecond != 0.0;
                return;
            }

            if (dtSeconds != preparedDtSeconds)
            {
                Prepare(dtSeconds);
            }

            double command = Math.Clamp(commandDegreesPerSecond * RadiansPerDegree, -maxSpeedRadiansPerSecond, maxSpeedRadiansPerSecond);
            for (int i = 0; i < substeps; i++)
            {
                Substep(driving, command);
            }
        }

        private void Prepare(double dtSeconds)
        {
            preparedDtSeconds = dtSeconds;
            substeps = Math.Max(1, (int)Math.Ceiling((dtSeconds / maxStableSubstepSeconds) - 1e-9));
            h = dtSeconds / substeps;
            speedLoopDecay = Math.Exp(-h / speedLoopTimeConstant);
            viscousDenominator = 1.0 + (h * viscous / inertia);
            hOverInertiaOverDenominator = h / inertia / viscousDenominator;
            frictionDelta = coulomb * hOverInertiaOverDenominator;
        }

        private void Substep(bool driving, double command)
        {
            double omega = speedRadiansPerSecond;
            double loadTorque = gravityTorqueAmplitude * Math.Sin(angleRadians);
            double motorTorque = 0.0;
            bool limited = false;
            bool tracked = false;

            if (driving)
            {
                // Speed loop (exact first order), and the torque it needs:
                // J·(ω' − ω)/h + b·ω' + T_c·sign(ω') − load.
                double desired = command + ((omega - command) * speedLoopDecay);
                double friction;
                if (desired != 0.0)
                {
                    friction = coulomb * Math.Sign(desired);
                }
                else
                {
                    // Holding still: dry friction absorbs up to T_c of the load.
                    friction = Math.Abs(loadTorque) <= coulomb ? loadTorque : coulomb * Math.Sign(loadTorque);
                }

                double needed = (inertia * (desired - omega) / h) + (viscous * desired) + friction - loadTorque;
                if (Math.Abs(needed) <= maxTorque)
                {
                    motorTorque = needed;
                    omega = desired;
                    tracked = true;
                }
                else
                {
                    motorTorque = maxTorque * Math.Sign(needed);
                    limited = true;
                }
            }

            if (!tracked)
            {
                // Free dynamics under the applied torque; viscous and dry friction implicit.
                double free = (omega / viscousDenominator) + ((motorTorque + loadTorque) * hOverInertiaOverDenominator);
                if (Math.Abs(free) <= frictionDelta)
                {
                    omega = 0.0;
                }
                else
                {
                    omega = free - (frictionDelta * Math.Sign(free));
                }
            }

            double angle = angleRadians + (h * omega);
            if (angle > endStopRadians)
            {
                angle = endStopRadians;
                if (omega > 0.0)
                {
                    omega = 0.0;
                }
            }
            else if (angle < -endStopRadians)
            {
                angle = -endStopRadians;
                if (omega < 0.0)
                {
                    omega = 0.0;
                }
            }

            angleRadians = angle;
            speedRadiansPerSecond = omega;
            MotorTorqueNewtonMetres = motorTorque;
            IsTorqueLimited = limited;
        }
    }
}
