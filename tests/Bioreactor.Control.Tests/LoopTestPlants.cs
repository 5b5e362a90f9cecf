using System;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// A loop test's rig: the monotonic clock and the run to a time, around the rig's own <see cref="Tick"/> (one
    /// control tick: the loop's update, the plant's step, the clock advanced). Returns what the loop switched on.
    /// </summary>
    public abstract class LoopTestRig
    {
        /// <summary>The rig's monotonic clock, ms.</summary>
        public long NowMilliseconds;

        /// <summary>The clock in seconds.</summary>
        public double Seconds
        {
            get { return NowMilliseconds / 1000.0; }
        }

        /// <summary>One control tick; true when the loop's output is on for it.</summary>
        public abstract bool Tick();

        /// <summary>Ticks until the clock reaches <paramref name="seconds"/>.</summary>
        public void RunUntil(double seconds)
        {
            while (Seconds < seconds)
            {
                Tick();
            }
        }
    }

    /// <summary>
    /// Two thermal masses, a heater plate and the bag's liquid, with conductances between them and to the room:
    /// Cp·dTp/dt = P·u − Gpl·(Tp − Tl) − m·Gpa·(Tp − Ta), Cl·dTl/dt = Gpl·(Tp − Tl) − m·Gla·(Tl − Ta), m the loss
    /// multiplier (3 with the lid open). Stepped exactly for inputs held over the step (x ← x∞ + e^(A·dt)·(x − x∞));
    /// each probe is a first-order lag behind its mass. Defaults: 1 L of medium (4180 J/K) on a 1.1 kg aluminium plate
    /// (1000 J/K) with a 100 W heater, 5 W/K through the bag film, 0.4 W/K and 0.45 W/K to the room; probes 15 s
    /// (liquid) and 3 s (plate).
    /// </summary>
    public sealed class ThermalTestPlant
    {
        /// <summary>Plate heat capacity, J/K.</summary>
        public double PlateCapacityJoulesPerKelvin = 1000.0;

        /// <summary>Liquid heat capacity, J/K.</summary>
        public double LiquidCapacityJoulesPerKelvin = 4180.0;

        /// <summary>Plate-to-liquid conductance, W/K.</summary>
        public double PlateLiquidWattsPerKelvin = 5.0;

        /// <summary>Plate-to-room conductance, W/K.</summary>
        public double PlateAmbientWattsPerKelvin = 0.4;

        /// <summary>Liquid-to-room conductance, W/K.</summary>
        public double LiquidAmbientWattsPerKelvin = 0.45;

        /// <summary>Factor on both losses to the room (3 models an open lid).</summary>
        public double LossMultiplier = 1.0;

        /// <summary>Heater power when on, W.</summary>
        public double HeaterWatts = 100.0;

        /// <summary>Liquid probe time constant, seconds.</summary>
        public double LiquidProbeLagSeconds = 15.0;

        /// <summary>Plate probe time constant, seconds.</summary>
        public double PlateProbeLagSeconds = 3.0;

        /// <summary>Room temperature, °C (change it between steps for drift).</summary>
        public double AmbientCelsius;

        /// <summary>Plate temperature, °C.</summary>
        public double PlateCelsius;

        /// <summary>Liquid temperature, °C.</summary>
        public double LiquidCelsius;

        /// <summary>What the liquid probe's element sees, °C.</summary>
        public double LiquidProbeCelsius;

        /// <summary>What the plate probe's element sees, °C.</summary>
        public double PlateProbeCelsius;

        /// <summary>Creates the plant with everything at the room temperature.</summary>
        public ThermalTestPlant(double ambientCelsius)
        {
            AmbientCelsius = ambientCelsius;
            PlateCelsius = ambientCelsius;
            LiquidCelsius = ambientCelsius;
            LiquidProbeCelsius = ambientCelsius;
            PlateProbeCelsius = ambientCelsius;
        }

        /// <summary>Holds the heater on (1) or off (0), or a fraction, for dtSeconds.</summary>
        public void Step(double heaterFraction, double dtSeconds)
        {
            double plateAmbient = LossMultiplier * PlateAmbientWattsPerKelvin;
            double liquidAmbient = LossMultiplier * LiquidAmbientWattsPerKelvin;
            double a11 = -(PlateLiquidWattsPerKelvin + plateAmbient) / PlateCapacityJoulesPerKelvin;
            double a12 = PlateLiquidWattsPerKelvin / PlateCapacityJoulesPerKelvin;
            double a21 = PlateLiquidWattsPerKelvin / LiquidCapacityJoulesPerKelvin;
            double a22 = -(PlateLiquidWattsPerKelvin + liquidAmbient) / LiquidCapacityJoulesPerKelvin;
            double b1 = (HeaterWatts * heaterFraction + plateAmbient * AmbientCelsius) / PlateCapacityJoulesPerKelvin;
            double b2 = liquidAmbient * AmbientCelsius / LiquidCapacityJoulesPerKelvin;

            // Steady state x∞ = −A⁻¹·b.
            double determinant = a11 * a22 - a12 * a21;
            double plateSteady = -(a22 * b1 - a12 * b2) / determinant;
            double liquidSteady = -(-a21 * b1 + a11 * b2) / determinant;

            // e^(A·t) for a 2×2 matrix with distinct real eigenvalues (Sylvester's formula).
            double halfTrace = 0.5 * (a11 + a22);
            double root = Math.Sqrt(halfTrace * halfTrace - determinant);
            double lambda1 = halfTrace + root;
            double lambda2 = halfTrace - root;
            double e1 = Math.Exp(lambda1 * dtSeconds);
            double e2 = Math.Exp(lambda2 * dtSeconds);
            double c1 = (e1 - e2) / (lambda1 - lambda2);
            double c0 = (lambda1 * e2 - lambda2 * e1) / (lambda1 - lambda2);

            double plateDeviation = PlateCelsius - plateSteady;
            double liquidDeviation = LiquidCelsius - liquidSteady;
            PlateCelsius = plateSteady + (c1 * a11 + c0) * plateDeviation + c1 * a12 * liquidDeviation;
            LiquidCelsius = liquidSteady + c1 * a21 * plateDeviation + (c1 * a22 + c0) * liquidDeviation;

            LiquidProbeCelsius = LiquidCelsius + (LiquidProbeCelsius - LiquidCelsius) * Math.Exp(-dtSeconds / LiquidProbeLagSeconds);
            PlateProbeCelsius = PlateCelsius + (PlateProbeCelsius - PlateCelsius) * Math.Exp(-dtSeconds / PlateProbeLagSeconds);
        }

        /// <summary>
        /// The fastest admissible warm-up: seconds for the liquid to go from <paramref name="fromCelsius"/> to
        /// <paramref name="toCelsius"/> with the plate held at <paramref name="plateLimitCelsius"/> from the start
        /// (first order, τ = Cl/(Gpl + m·Gla)).
        /// </summary>
        public double FastestWarmUpSeconds(double fromCelsius, double toCelsius, double plateLimitCelsius)
        {
            double liquidAmbient = LossMultiplier * LiquidAmbientWattsPerKelvin;
            double asymptote = (PlateLiquidWattsPerKelvin * plateLimitCelsius + liquidAmbient * AmbientCelsius)
                / (PlateLiquidWattsPerKelvin + liquidAmbient);
            double timeConstant = LiquidCapacityJoulesPerKelvin / (PlateLiquidWattsPerKelvin + liquidAmbient);
            return timeConstant * Math.Log((asymptote - fromCelsius) / (asymptote - toCelsius));
        }

        /// <summary>
        /// A MAX31865-like reading of <paramref name="celsius"/>: Gaussian noise, quantised to 0.03125 °C (MAX31865
        /// datasheet: 15-bit ADC, nominal resolution 0.03125 °C).
        /// </summary>
        public static double Convert(double celsius, TestRandom random, double noiseCelsius)
        {
            double noisy = celsius + random.NextGaussian(noiseCelsius);
            return Math.Floor(noisy / 0.03125 + 0.5) * 0.03125;
        }
    }

    /// <summary>
    /// A bag headspace's CO2, flushed by aeration and fed by the valve: dC/dt = (C∞(u) − C)/τ with
    /// C∞(u) = Ca + (Cfull − Ca)·u, and a probe that follows with its own first-order lag. Each lag is stepped
    /// exactly for the step. Defaults: a 1 L headspace with 0.13 L/min of gas through it (τ = 460 s), a valve that
    /// would bring it to 19 % if always open, room air 0.04 %, a 60 s NDIR probe; an open door flushes it with
    /// room air in 12 s (5 L/min through 1 L).
    /// </summary>
    public sealed class Co2TestPlant
    {
        /// <summary>Flush time constant with the door closed, seconds.</summary>
        public double FlushTimeConstantSeconds = 460.0;

        /// <summary>Flush time constant with the door open, seconds.</summary>
        public double DoorOpenTimeConstantSeconds = 12.0;

        /// <summary>The CO2 the headspace would reach with the valve always open, % v/v.</summary>
        public double FullValvePercent = 19.0;

        /// <summary>The room's CO2, % v/v.</summary>
        public double AmbientPercent = 0.04;

        /// <summary>Probe time constant, seconds.</summary>
        public double ProbeTimeConstantSeconds = 60.0;

        /// <summary>True while the door is open.</summary>
        public bool DoorOpen;

        /// <summary>Headspace CO2, % v/v.</summary>
        public double ChamberPercent;

        /// <summary>What the probe's element sees, % v/v.</summary>
        public double ProbePercent;

        /// <summary>Creates the headspace and the probe at the given CO2.</summary>
        public Co2TestPlant(double initialPercent)
        {
            ChamberPercent = initialPercent;
            ProbePercent = initialPercent;
        }

        /// <summary>Holds the valve open (1) or closed (0) for dtSeconds.</summary>
        public void Step(double valveFraction, double dtSeconds)
        {
            double steady = DoorOpen ? AmbientPercent : AmbientPercent + (FullValvePercent - AmbientPercent) * valveFraction;
            double timeConstant = DoorOpen ? DoorOpenTimeConstantSeconds : FlushTimeConstantSeconds;
            ChamberPercent = steady + (ChamberPercent - steady) * Math.Exp(-dtSeconds / timeConstant);
            ProbePercent = ChamberPercent + (ProbePercent - ChamberPercent) * Math.Exp(-dtSeconds / ProbeTimeConstantSeconds);
        }
    }

    /// <summary>
    /// A speed-commanded rocking platform: the drive's speed follows the command with a first-order lag and a gain
    /// error (a pulley's tolerance: the platform turns a few percent faster or slower than commanded); a disabled
    /// drive stops it where it is. The angle sensor is a first-order lag behind the platform. Stepped exactly.
    /// Defaults: 20 ms drive lag, +5 % speed error, 50 ms sensor lag.
    /// </summary>
    public sealed class RockerTestPlatform
    {
        /// <summary>Drive speed lag, seconds.</summary>
        public double DriveLagSeconds = 0.02;

        /// <summary>Relative speed error of the drive (0.05 = 5 % faster than commanded).</summary>
        public double SpeedGainError = 0.05;

        /// <summary>Angle sensor lag, seconds.</summary>
        public double SensorLagSeconds = 0.05;

        /// <summary>Platform angle, degrees.</summary>
        public double AngleDegrees;

        /// <summary>What the angle sensor's element sees, degrees.</summary>
        public double SensedAngleDegrees;

        /// <summary>Drive speed, degrees per second.</summary>
        public double SpeedDegreesPerSecond;

        /// <summary>Holds the speed command for dtSeconds; a disabled drive stops the platform.</summary>
        public void Step(double commandDegreesPerSecond, bool enabled, double dtSeconds)
        {
            if (!enabled)
            {
                SpeedDegreesPerSecond = 0.0;
            }
            else
            {
                double target = commandDegreesPerSecond * (1.0 + SpeedGainError);
                double decay = Math.Exp(-dtSeconds / DriveLagSeconds);
                double deviation = SpeedDegreesPerSecond - target;
                AngleDegrees += target * dtSeconds + deviation * DriveLagSeconds * (1.0 - decay);
                SpeedDegreesPerSecond = target + deviation * decay;
            }

            SensedAngleDegrees = AngleDegrees + (SensedAngleDegrees - AngleDegrees) * Math.Exp(-dtSeconds / SensorLagSeconds);
        }
    }
}
