using System;
using Bioreactor.Control.Ports;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class SensorTests
    {
        // Drives a sensor model with a constant true value in 10 ms steps from startSeconds and returns its reading then.
        private static SensorReading Drive(VirtualSensor sensor, double trueValue, double seconds, double startSeconds = 0.0)
        {
            const long StepMicroseconds = 10_000;
            sensor.Prepare(StepMicroseconds * 1e-6);
            long first = (long)Math.Round(startSeconds / (StepMicroseconds * 1e-6));
            long steps = (long)Math.Round(seconds / (StepMicroseconds * 1e-6));
            for (long i = first + 1; i <= first + steps; i++)
            {
                sensor.Advance(trueValue, i * StepMicroseconds, i * StepMicroseconds / 1000);
            }

            return sensor.Latest;
        }

        [TestMethod]
        public void RtdProbe_LagReachesSixtyThreePercentAtItsTimeConstant()
        {
            var p = new RtdProbeParameters
            {
                LagTimeConstantSeconds = 15.0,
                NoiseStandardDeviationKelvin = 0.0,
                QuantisationKelvin = 0.0,
                SamplePeriodSeconds = 0.01,
            };
            var probe = new VirtualRtdProbe(p, new SeededRandom(1, 1), 22.0);
            probe.Initialise(0, 0);

            SensorReading atTau = Drive(probe, 37.0, 15.0);

            Assert.AreEqual(22.0 + (15.0 * (1.0 - Math.Exp(-1.0))), atTau.Value, 1e-6, "reading after one time constant, °C");
            Assert.AreEqual(SensorStatus.Ok, atTau.Status);
            Assert.AreEqual(15000L, atTau.SampleMilliseconds, "sample time = now");
        }

        [TestMethod]
        public void RtdProbe_ReadingsAreQuantisedToTheMax31865Resolution()
        {
            PlantParameters p = Rig.StillRoom();
            var bio = new VirtualBioreactor(p, 3);
            bio.Heater.Set(true);
            int distinct = 0;
            double last = double.NaN;
            for (int i = 0; i < 60 * 50; i++)
            {
                bio.Step(0.02);
                double value = bio.PlateProbe.Latest.Value;
                double codes = value / 0.03125;
                Assert.AreEqual(Math.Round(codes), codes, 1e-9, "a whole number of 0.03125 °C steps: " + value);
                if (value != last)
                {
                    distinct++;
                    last = value;
                }
            }

            Assert.IsTrue(distinct > 20, "the rising plate steps through many codes: " + distinct);
        }

        [TestMethod]
        public void RtdProbe_NoiseHasTheConfiguredStandardDeviation()
        {
            var p = new RtdProbeParameters
            {
                LagTimeConstantSeconds = 0.0,
                NoiseStandardDeviationKelvin = 0.05,
                QuantisationKelvin = 0.0,
                SamplePeriodSeconds = 0.01,
            };
            var probe = new VirtualRtdProbe(p, new SeededRandom(11, 2), 37.0);
            probe.Initialise(0, 0);
            probe.Prepare(0.01);
            double sum = 0.0;
            double sumSquares = 0.0;
            const int N = 20000;
            for (int i = 1; i <= N; i++)
            {
                probe.Advance(37.0, i * 10_000L, i * 10L);
                double e = probe.Latest.Value - 37.0;
                sum += e;
                sumSquares += e * e;
            }

            double mean = sum / N;
            double sd = Math.Sqrt((sumSquares / N) - (mean * mean));
            Assert.AreEqual(0.05, sd, 0.05 * 0.03, "noise standard deviation, K");
            Assert.AreEqual(0.0, mean, 0.002, "noise mean, K");
        }

        [TestMethod]
        public void Sensors_SampleAtTheirPeriodWithTheClocksTimestamps()
        {
            var bio = new VirtualBioreactor(Rig.StillRoom(), 1);

            Rig.Run(bio, 0.98, 0.02);
            Assert.AreEqual(0L, bio.Co2Sensor.Latest.SampleMilliseconds, "CO2 sampled every 1 s: last at 0");
            Rig.Run(bio, 0.02, 0.02);
            Assert.AreEqual(1000L, bio.LiquidProbe.Latest.SampleMilliseconds, "RTD sampled at 1.0 s");
            Rig.Run(bio, 0.06, 0.02);
            Assert.AreEqual(1000L, bio.LiquidProbe.Latest.SampleMilliseconds, "next RTD sample due at 1.1 s");
            Assert.AreEqual(1060L, bio.AngleSensor.Latest.SampleMilliseconds, "angle sampled every step");
            Rig.Run(bio, 1.0, 0.02);
            Assert.AreEqual(2000L, bio.Co2Sensor.Latest.SampleMilliseconds, "CO2 sampled at 2 s");
        }

        [TestMethod]
        public void Ndir_RespondsWithItsT63()
        {
            var p = new Co2SensorParameters
            {
                ResponseTimeT63Seconds = 60.0,
                NoiseStandardDeviationPercent = 0.0,
                QuantisationPercent = 0.0,
                DriftPercentOfReadingPerYear = 0.0,
                SamplePeriodSeconds = 0.01,
            };
            var sensor = new VirtualCo2Sensor(p, new SeededRandom(1, 4), 0.0);
            sensor.Initialise(0, 0);

            SensorReading reading = Drive(sensor, 5.0, 60.0);

            Assert.AreEqual(5.0 * (1.0 - Math.Exp(-1.0)), reading.Value, 1e-6, "reading after T63, %");
        }

        [TestMethod]
        public void Ndir_ClampsAboveItsRangeWithOutOfRange()
        {
            var p = new Co2SensorParameters { ResponseTimeT63Seconds = 0.0, SamplePeriodSeconds = 0.01 };
            var sensor = new VirtualCo2Sensor(p, new SeededRandom(1, 4), 0.0);
            sensor.Initialise(0, 0);

            SensorReading above = Drive(sensor, 25.0, 0.1);
            Assert.AreEqual(SensorStatus.OutOfRange, above.Status);
            Assert.AreEqual(20.0, above.Value, "clamped at the top of the range");

            SensorReading inside = Drive(sensor, 5.0, 0.1, 0.1);
            Assert.AreEqual(SensorStatus.Ok, inside.Status);
            Assert.AreEqual(5.0, inside.Value, 0.1);
        }

        [TestMethod]
        public void Ndir_DriftsByItsRatePerYear()
        {
            var p = new Co2SensorParameters
            {
                ResponseTimeT63Seconds = 0.0,
                NoiseStandardDeviationPercent = 0.0,
                QuantisationPercent = 0.0,
                DriftPercentOfReadingPerYear = 10.0,
                SamplePeriodSeconds = 0.01,
            };
            var sensor = new VirtualCo2Sensor(p, new SeededRandom(5, 4), 5.0);
            sensor.Initialise(0, 0);
            sensor.Prepare(0.01);
            long halfYear = (long)(0.5 * 365.25 * 86400.0 * 1e6);

            sensor.Advance(5.0, halfYear, halfYear / 1000);

            Assert.AreEqual(5.0 * 0.05, Math.Abs(sensor.Latest.Value - 5.0), 1e-9, "half a year at 10 %/year of a 5 % reading");
        }

        [TestMethod]
        public void AngleSensor_LagsAndAddsNoise()
        {
            var p = new AngleSensorParameters { LagTimeConstantSeconds = 0.05, NoiseStandardDeviationDegrees = 0.0, QuantisationDegrees = 0.0, SamplePeriodSeconds = 0.01 };
            var sensor = new VirtualAngleSensor(p, new SeededRandom(1, 5), 0.0);
            sensor.Initialise(0, 0);
            Assert.AreEqual(6.0 * (1.0 - Math.Exp(-1.0)), Drive(sensor, 6.0, 0.05).Value, 1e-9, "lag, °");

            var noisy = new VirtualBioreactor(Rig.Bare(), 9);
            double sum = 0.0;
            double sumSquares = 0.0;
            for (int i = 0; i < 5000; i++)
            {
                noisy.Step(0.02);
                double v = noisy.AngleSensor.Latest.Value;
                sum += v;
                sumSquares += v * v;
            }

            double sd = Math.Sqrt((sumSquares / 5000) - ((sum / 5000) * (sum / 5000)));
            Assert.AreEqual(0.05, sd, 0.005, "angle noise with 0.01° quantisation, °");
        }

        [TestMethod]
        public void ReadingASensor_DoesNotChangeTheSimulation()
        {
            var reader = new VirtualBioreactor(Rig.Bare(), 4);
            var quiet = new VirtualBioreactor(Rig.Bare(), 4);
            var scratch = new SensorReading();
            for (int i = 0; i < 2000; i++)
            {
                for (int k = 0; k < 10; k++)
                {
                    reader.LiquidProbe.Read(scratch);
                    reader.AngleSensor.Read(scratch);
                }

                reader.Step(0.02);
                quiet.Step(0.02);
            }

            Assert.AreEqual(quiet.LiquidProbe.Latest.Value, reader.LiquidProbe.Latest.Value);
            Assert.AreEqual(quiet.AngleSensor.Latest.Value, reader.AngleSensor.Latest.Value);
        }
    }
}
