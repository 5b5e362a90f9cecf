using System;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// Room temperature: T_a(t) = T_mean + A·sin(2π·t/P) + w(t), where w is a seeded random walk with intensity σ
    /// (K/√h), reflected at ±L. Updated once per simulated second by the bioreactor (room temperature moves over
    /// minutes to hours, so a one-second update is exact enough and keeps the per-step cost low).
    /// </summary>
    internal sealed class AmbientModel
    {
        private readonly double meanCelsius;
        private readonly double amplitudeKelvin;
        private readonly double periodSeconds;
        private readonly double walkKelvinPerSqrtSecond;
        private readonly double walkLimitKelvin;
        private readonly SeededRandom random;
        private double walkKelvin;

        public AmbientModel(AmbientParameters p, SeededRandom random)
        {
            meanCelsius = p.AmbientCelsius;
            amplitudeKelvin = p.AmbientDriftAmplitudeKelvin;
            periodSeconds = p.AmbientDriftPeriodSeconds;
            walkKelvinPerSqrtSecond = p.AmbientRandomWalkKelvinPerSqrtHour / 60.0; // √3600 s = 60
            walkLimitKelvin = p.AmbientRandomWalkLimitKelvin;
            this.random = random;
            driftCelsius = meanCelsius;
        }

        private double driftCelsius;

        /// <summary>Room temperature, °C: the drifting room plus <see cref="StepKelvin"/>.</summary>
        public double Celsius => driftCelsius + StepKelvin;

        /// <summary>A step added to the room temperature (a disturbance a test or the bench applies), K.</summary>
        public double StepKelvin { get; set; }

        /// <summary>Moves the room to time <paramref name="timeSeconds"/>, <paramref name="intervalSeconds"/> after the last update.</summary>
        public void Update(double timeSeconds, double intervalSeconds)
        {
            if (walkKelvinPerSqrtSecond > 0.0 && walkLimitKelvin > 0.0)
            {
                walkKelvin += walkKelvinPerSqrtSecond * Math.Sqrt(intervalSeconds) * random.NextGaussian();
                if (walkKelvin > walkLimitKelvin)
                {
                    walkKelvin = (2.0 * walkLimitKelvin) - walkKelvin;
                }
                else if (walkKelvin < -walkLimitKelvin)
                {
                    walkKelvin = (-2.0 * walkLimitKelvin) - walkKelvin;
                }

                walkKelvin = Math.Clamp(walkKelvin, -walkLimitKelvin, walkLimitKelvin);
            }

            driftCelsius = meanCelsius + (amplitudeKelvin * Math.Sin(2.0 * Math.PI * timeSeconds / periodSeconds)) + walkKelvin;
        }
    }
}
