using System;
using Bioreactor.Virtual;

namespace Bioreactor.Virtual.Tests
{
    /// <summary>Fixtures shared by the tests.</summary>
    internal static class Rig
    {
        /// <summary>
        /// The default rig without the second shut-offs (supply relay, upstream CO2 valve): the tests that drive the board's
        /// heater and valve directly exercise the plant, not the shut-offs (FeedbackTests cover those).
        /// </summary>
        public static PlantParameters Bare()
        {
            PlantParameters p = PlantParameters.CreateDefault();
            p.Feedback.SecondShutOffsFitted = false;
            return p;
        }

        /// <summary>The bare default rig with the room held still, so closed forms apply exactly.</summary>
        public static PlantParameters StillRoom()
        {
            PlantParameters p = Bare();
            p.Ambient.AmbientDriftAmplitudeKelvin = 0.0;
            p.Ambient.AmbientRandomWalkKelvinPerSqrtHour = 0.0;
            return p;
        }

        /// <summary>The still-room rig with ideal sensors (no noise, quantisation, offset or drift).</summary>
        public static PlantParameters IdealSensors()
        {
            PlantParameters p = StillRoom();
            foreach (RtdProbeParameters probe in new[] { p.Sensors.LiquidProbe, p.Sensors.PlateProbe })
            {
                probe.NoiseStandardDeviationKelvin = 0.0;
                probe.QuantisationKelvin = 0.0;
            }

            p.Sensors.Co2.NoiseStandardDeviationPercent = 0.0;
            p.Sensors.Co2.QuantisationPercent = 0.0;
            p.Sensors.Co2.DriftPercentOfReadingPerYear = 0.0;
            p.Sensors.Angle.NoiseStandardDeviationDegrees = 0.0;
            p.Sensors.Angle.QuantisationDegrees = 0.0;
            return p;
        }

        /// <summary>Runs <paramref name="seconds"/> of simulated time in steps of <paramref name="dtSeconds"/>.</summary>
        public static void Run(VirtualBioreactor bio, double seconds, double dtSeconds)
        {
            long steps = (long)Math.Round(seconds / dtSeconds);
            for (long i = 0; i < steps; i++)
            {
                bio.Step(dtSeconds);
            }
        }

        /// <summary>
        /// Runs with the heater and/or valve time-proportioned at a duty over a window (whole steps), returning the mean
        /// liquid, plate and CO2 values over the last <paramref name="averageSeconds"/>.
        /// </summary>
        public static void RunAtDuty(
            VirtualBioreactor bio,
            double heaterDuty,
            double valveDuty,
            double windowSeconds,
            double seconds,
            double averageSeconds,
            double dtSeconds,
            out double meanLiquid,
            out double meanPlate,
            out double meanCo2)
        {
            long steps = (long)Math.Round(seconds / dtSeconds);
            long windowSteps = (long)Math.Round(windowSeconds / dtSeconds);
            long averageFrom = steps - (long)Math.Round(averageSeconds / dtSeconds);
            double sumLiquid = 0.0;
            double sumPlate = 0.0;
            double sumCo2 = 0.0;
            long count = 0;
            for (long i = 0; i < steps; i++)
            {
                long inWindow = i % windowSteps;
                bio.Heater.Set(inWindow < Math.Round(heaterDuty * windowSteps));
                bio.Co2Valve.Set(inWindow < Math.Round(valveDuty * windowSteps));
                bio.Step(dtSeconds);
                if (i >= averageFrom)
                {
                    sumLiquid += bio.TrueLiquidCelsius;
                    sumPlate += bio.TruePlateCelsius;
                    sumCo2 += bio.TrueCo2Percent;
                    count++;
                }
            }

            meanLiquid = sumLiquid / count;
            meanPlate = sumPlate / count;
            meanCo2 = sumCo2 / count;
        }
    }
}
