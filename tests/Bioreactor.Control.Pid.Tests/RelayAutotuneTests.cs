#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// Relay autotune on first-order-plus-dead-time plants whose ultimate gain and period are known analytically
    /// (ωu·L + atan(ωu·T) = π, Ku = √(1 + (ωu·T)²)/K, Tu = 2π/ωu), and its configuration, aborts and tuning rules.
    /// The plant is a bag heater: 0.5 °C per % of output, ambient 22 °C, set point 37 °C, so a bias of 30 % holds the
    /// set point; the relay swings ±20 % (0–100 % limits); one update per second, as on the device.
    /// </summary>
    [TestClass]
    public class RelayAutotuneTests
    {
        private const double HeaterGain = 0.5;
        private const double SetPointCelsius = 37.0;
        private const double AmbientCelsius = 22.0;
        private const double BiasPercent = 30.0;
        private const double AmplitudePercent = 20.0;
        private const double StepSeconds = 1.0;

        /// <summary>Exact peak of an ideal-relay oscillation on an FOPDT plant: K·d·(1 − e^(−L/T)).</summary>
        private static double IdealRelayPeak(double gain, double timeConstantSeconds, double deadTimeSeconds)
        {
            return Math.Abs(gain) * AmplitudePercent * (1.0 - Math.Exp(-deadTimeSeconds / timeConstantSeconds));
        }

        private static RelayAutotune NewHeaterAutotune(double hysteresis, double safetyBand, double timeoutSeconds)
        {
            return new RelayAutotune(SetPointCelsius, BiasPercent, AmplitudePercent, 0.0, 100.0, hysteresis, safetyBand,
                timeoutSeconds);
        }

        /// <summary>Starts the autotune and closes the loop until it stops running or maxSteps pass; returns the steps.</summary>
        private static int Run(RelayAutotune autotune, FopdtPlant plant, int maxSteps, NoiseSource noise, double noiseScale)
        {
            autotune.Start();
            int steps = 0;
            while (autotune.State == AutotuneState.Running && steps < maxSteps)
            {
                double measurement = plant.Measurement;
                if (noise != null)
                {
                    measurement += noiseScale * noise.NextApproximatelyNormal();
                }

                double output = autotune.Update(measurement, true, StepSeconds);
                plant.Step(output);
                steps++;
            }

            return steps;
        }

        private static void AssertWithinTenPercentOfAnalytic(RelayAutotune autotune, double gain, double timeConstantSeconds,
            double deadTimeSeconds, string what)
        {
            Assert.IsTrue(autotune.State == AutotuneState.Succeeded, what + ": run did not succeed: " + autotune.FailureMessage);
            double ultimateGain = FopdtPlant.UltimateGain(gain, timeConstantSeconds, deadTimeSeconds);
            double ultimatePeriodSeconds = FopdtPlant.UltimatePeriodSeconds(timeConstantSeconds, deadTimeSeconds);
            TestSupport.AreNear(ultimateGain, autotune.UltimateGain, 0.10 * ultimateGain, what + " Ku");
            TestSupport.AreNear(ultimatePeriodSeconds, autotune.UltimatePeriodSeconds, 0.10 * ultimatePeriodSeconds, what + " Tu");
        }

        // L/T from 0.05 (bag temperature, lag-dominant) through 0.1–0.5 (CO2 headspace) to 1, 2 and 10 (dead-time heavy).
        [TestMethod]
        [DataRow(1800.0, 90.0)]
        [DataRow(1200.0, 120.0)]
        [DataRow(600.0, 120.0)]
        [DataRow(300.0, 150.0)]
        [DataRow(200.0, 200.0)]
        [DataRow(100.0, 200.0)]
        [DataRow(30.0, 300.0)]
        public void UltimateGainAndPeriodWithinTenPercentOfAnalytic(double timeConstantSeconds, double deadTimeSeconds)
        {
            double peak = IdealRelayPeak(HeaterGain, timeConstantSeconds, deadTimeSeconds);
            RelayAutotune autotune = NewHeaterAutotune(0.03 * peak, 2.0 * HeaterGain * AmplitudePercent,
                40.0 * (timeConstantSeconds + deadTimeSeconds));
            FopdtPlant plant = new FopdtPlant(HeaterGain, timeConstantSeconds, deadTimeSeconds, StepSeconds, AmbientCelsius,
                BiasPercent);

            Run(autotune, plant, 200000, null, 0.0);

            AssertWithinTenPercentOfAnalytic(autotune, HeaterGain, timeConstantSeconds, deadTimeSeconds, "noise-free");
            Assert.AreEqual(RelayAutotune.DefaultRequiredCycles, autotune.CyclesMeasured);
        }

        // Noise σ = 1 % of the oscillation peak (bounded at 3σ), hysteresis 4σ so noise alone cannot switch the relay.
        [TestMethod]
        [DataRow(1800.0, 90.0, 11u)]
        [DataRow(1200.0, 120.0, 12u)]
        [DataRow(600.0, 120.0, 13u)]
        [DataRow(300.0, 150.0, 14u)]
        [DataRow(200.0, 200.0, 15u)]
        [DataRow(100.0, 200.0, 16u)]
        [DataRow(30.0, 300.0, 17u)]
        public void UltimateGainAndPeriodWithinTenPercentWithNoise(double timeConstantSeconds, double deadTimeSeconds, uint seed)
        {
            double peak = IdealRelayPeak(HeaterGain, timeConstantSeconds, deadTimeSeconds);
            double sigma = 0.01 * peak;
            RelayAutotune autotune = NewHeaterAutotune(4.0 * sigma, 2.0 * HeaterGain * AmplitudePercent,
                40.0 * (timeConstantSeconds + deadTimeSeconds));
            FopdtPlant plant = new FopdtPlant(HeaterGain, timeConstantSeconds, deadTimeSeconds, StepSeconds, AmbientCelsius,
                BiasPercent);

            Run(autotune, plant, 200000, new NoiseSource(seed), sigma);

            AssertWithinTenPercentOfAnalytic(autotune, HeaterGain, timeConstantSeconds, deadTimeSeconds,
                "noisy, seed " + seed.ToString());
        }

        [TestMethod]
        public void DirectActionOnACoolingPlantFindsThePositiveUltimateGain()
        {
            // A cooler: output up, temperature down (K = −0.5 °C/%); 52 °C with no cooling, 30 % holds 37 °C.
            const double gain = -0.5;
            const double timeConstantSeconds = 900.0;
            const double deadTimeSeconds = 90.0;
            double peak = IdealRelayPeak(gain, timeConstantSeconds, deadTimeSeconds);
            RelayAutotune autotune = NewHeaterAutotune(0.03 * peak, 20.0, 40000.0);
            autotune.Action = ControllerAction.Direct;
            FopdtPlant plant = new FopdtPlant(gain, timeConstantSeconds, deadTimeSeconds, StepSeconds, 52.0, BiasPercent);

            Run(autotune, plant, 200000, null, 0.0);

            AssertWithinTenPercentOfAnalytic(autotune, gain, timeConstantSeconds, deadTimeSeconds, "direct action");
            Assert.IsTrue(autotune.UltimateGain > 0.0);
        }

        [TestMethod]
        public void OutputStaysWithinBiasPlusMinusAmplitudeAndTheLimits()
        {
            // Bias 90 % with d = 20 %: the relay is bounded to 90 ± 10 % so it stays inside 0–100 % and symmetric.
            const double bias = 90.0;
            const double timeConstantSeconds = 1200.0;
            const double deadTimeSeconds = 120.0;
            RelayAutotune autotune = new RelayAutotune(SetPointCelsius, bias, AmplitudePercent, 0.0, 100.0, 0.02, 20.0, 40000.0);
            FopdtPlant plant = new FopdtPlant(HeaterGain, timeConstantSeconds, deadTimeSeconds, StepSeconds,
                SetPointCelsius - HeaterGain * bias, bias);

            autotune.Start();
            double lowest = double.PositiveInfinity;
            double highest = double.NegativeInfinity;
            int steps = 0;
            while (autotune.State == AutotuneState.Running && steps < 200000)
            {
                double output = autotune.Update(plant.Measurement, true, StepSeconds);
                Assert.IsTrue(output == bias + 10.0 || output == bias - 10.0 || autotune.State != AutotuneState.Running,
                    "relay output must be bias ± bounded amplitude");
                lowest = Math.Min(lowest, output);
                highest = Math.Max(highest, output);
                plant.Step(output);
                steps++;
            }

            TestSupport.AreNear(10.0, autotune.RelayAmplitude, 1e-12, "bounded relay amplitude");
            TestSupport.AtMost(100.0, highest, "highest output");
            TestSupport.AtLeast(0.0, lowest, "lowest output");
            TestSupport.AtMost(bias + AmplitudePercent, highest, "highest output against bias + d");
            TestSupport.AtLeast(bias - AmplitudePercent, lowest, "lowest output against bias − d");
            TestSupport.AreNear(100.0, highest, 1e-12, "high relay level");
            TestSupport.AreNear(80.0, lowest, 1e-12, "low relay level");
            // Ku computed with the bounded amplitude matches the plant.
            AssertWithinTenPercentOfAnalytic(autotune, HeaterGain, timeConstantSeconds, deadTimeSeconds, "bounded relay");
        }

        [TestMethod]
        public void RejectsFewerThanThreeCyclesAndOtherBadConfiguration()
        {
            RelayAutotune autotune = NewHeaterAutotune(0.02, 5.0, 3600.0);
            // The default asks for more than the minimum.
            Assert.AreEqual(RelayAutotune.DefaultRequiredCycles, autotune.RequiredCycles);
            Assert.IsTrue(autotune.RequiredCycles > RelayAutotune.MinimumRequiredCycles);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => autotune.RequiredCycles = 2, "2 cycles");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => autotune.RequiredCycles = 0, "0 cycles");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => autotune.RequiredCycles = RelayAutotune.MaximumRequiredCycles + 1, "too many cycles");
            autotune.RequiredCycles = RelayAutotune.MinimumRequiredCycles;
            Assert.AreEqual(3, autotune.RequiredCycles);

            // Bias on a limit: the bounded amplitude would be 0.
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new RelayAutotune(37.0, 100.0, 20.0, 0.0, 100.0, 0.02, 5.0, 3600.0), "bias at maximum");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new RelayAutotune(37.0, 30.0, 0.0, 0.0, 100.0, 0.02, 5.0, 3600.0), "zero amplitude");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new RelayAutotune(37.0, 30.0, 20.0, 100.0, 0.0, 0.02, 5.0, 3600.0), "limits reversed");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new RelayAutotune(37.0, 30.0, 20.0, 0.0, 100.0, -0.01, 5.0, 3600.0), "negative hysteresis");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new RelayAutotune(37.0, 30.0, 20.0, 0.0, 100.0, 0.5, 0.5, 3600.0), "band not above hysteresis");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new RelayAutotune(37.0, 30.0, 20.0, 0.0, 100.0, 0.02, 5.0, 0.0), "zero timeout");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => new RelayAutotune(double.NaN, 30.0, 20.0, 0.0, 100.0, 0.02, 5.0, 3600.0), "NaN set point");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => autotune.FailSafeOutput = 101.0, "fail-safe above max");
        }

        [TestMethod]
        public void MoreRequiredCyclesMeasureMoreCycles()
        {
            RelayAutotune autotune = NewHeaterAutotune(0.02, 20.0, 40000.0);
            autotune.RequiredCycles = 8;
            FopdtPlant plant = new FopdtPlant(HeaterGain, 1200.0, 120.0, StepSeconds, AmbientCelsius, BiasPercent);

            Run(autotune, plant, 200000, null, 0.0);

            Assert.IsTrue(autotune.State == AutotuneState.Succeeded);
            Assert.AreEqual(8, autotune.CyclesMeasured);
        }

        [TestMethod]
        public void TimesOutWhenTheActuatorDoesNotActOnTheProcess()
        {
            // A heater that is not connected: gain 0, the temperature never moves, the relay never switches.
            RelayAutotune autotune = NewHeaterAutotune(0.02, 5.0, 3600.0);
            FopdtPlant plant = new FopdtPlant(0.0, 1200.0, 120.0, StepSeconds, SetPointCelsius - 0.1, BiasPercent);

            int steps = Run(autotune, plant, 200000, null, 0.0);

            Assert.IsTrue(autotune.State == AutotuneState.Failed);
            Assert.IsTrue(autotune.Failure == AutotuneFailure.Timeout);
            Assert.AreEqual(3601, steps);
            Assert.AreEqual(AutotuneFailures.Describe(AutotuneFailure.Timeout), autotune.FailureMessage);
            Assert.IsTrue(autotune.FailureMessage.IndexOf("timed out") >= 0);
            TestSupport.AreNear(0.0, autotune.Output, 0.0, "fail-safe output (output minimum)");
            TestSupport.AreNear(0.0, autotune.UltimateGain, 0.0, "no Ku after a failure");
        }

        [TestMethod]
        public void TimesOutWhenTheRequiredCyclesTakeLongerThanTheLimit()
        {
            // Tu ≈ 470 s here; six cycles do not fit in 1500 s.
            RelayAutotune autotune = NewHeaterAutotune(0.02, 20.0, 1500.0);
            FopdtPlant plant = new FopdtPlant(HeaterGain, 1200.0, 120.0, StepSeconds, AmbientCelsius, BiasPercent);

            Run(autotune, plant, 200000, null, 0.0);

            Assert.IsTrue(autotune.Failure == AutotuneFailure.Timeout);
            Assert.IsTrue(autotune.CyclesMeasured >= 1);
            Assert.IsTrue(autotune.CyclesMeasured < RelayAutotune.DefaultRequiredCycles);
            TestSupport.AreNear(1501.0, autotune.ElapsedSeconds, 1e-9, "elapsed at timeout");
        }

        [TestMethod]
        public void AbortsWhenTheProcessLeavesTheSafetyBand()
        {
            // A ten times stronger heater than expected: the oscillation is about 18 °C, far beyond the 1 °C band.
            RelayAutotune autotune = NewHeaterAutotune(0.02, 1.0, 40000.0);
            FopdtPlant plant = new FopdtPlant(5.0, 600.0, 120.0, StepSeconds, SetPointCelsius - 5.0 * BiasPercent, BiasPercent);

            double lastMeasurement = 0.0;
            autotune.Start();
            int steps = 0;
            while (autotune.State == AutotuneState.Running && steps < 200000)
            {
                lastMeasurement = plant.Measurement;
                plant.Step(autotune.Update(lastMeasurement, true, StepSeconds));
                steps++;
            }

            Assert.IsTrue(autotune.Failure == AutotuneFailure.LeftSafetyBand);
            Assert.IsTrue(autotune.FailureMessage.IndexOf("safety band") >= 0);
            TestSupport.AtLeast(1.0, Math.Abs(lastMeasurement - SetPointCelsius), "deviation that aborted");
            TestSupport.AtMost(1.0 + 5.0 * AmplitudePercent * StepSeconds / 600.0, Math.Abs(lastMeasurement - SetPointCelsius),
                "aborted on the first sample outside the band");
            TestSupport.AreNear(0.0, autotune.Output, 0.0, "fail-safe output");
        }

        [TestMethod]
        public void AbortsWhenALoadDisturbancePushesTheProcessOutOfTheBand()
        {
            RelayAutotune autotune = NewHeaterAutotune(0.02, 2.0, 40000.0);
            FopdtPlant plant = new FopdtPlant(HeaterGain, 1200.0, 120.0, StepSeconds, AmbientCelsius, BiasPercent);

            autotune.Start();
            int steps = 0;
            while (autotune.State == AutotuneState.Running && steps < 200000)
            {
                double output = autotune.Update(plant.Measurement, true, StepSeconds);
                // From 1000 s on, an extra 40 % of heat (e.g. a warm object on the platen).
                plant.Step(steps >= 1000 ? output + 40.0 : output);
                steps++;
            }

            Assert.IsTrue(autotune.Failure == AutotuneFailure.LeftSafetyBand);
            TestSupport.AtLeast(1000.0, steps, "abort came after the disturbance");
        }

        [TestMethod]
        public void AbortsOnASensorFault()
        {
            RelayAutotune autotune = NewHeaterAutotune(0.02, 20.0, 40000.0);
            autotune.FailSafeOutput = 5.0;
            FopdtPlant plant = new FopdtPlant(HeaterGain, 1200.0, 120.0, StepSeconds, AmbientCelsius, BiasPercent);
            autotune.Start();
            for (int i = 0; i < 1000; i++)
            {
                plant.Step(autotune.Update(plant.Measurement, true, StepSeconds));
            }

            Assert.IsTrue(autotune.State == AutotuneState.Running);
            double output = autotune.Update(plant.Measurement, false, StepSeconds);

            Assert.IsTrue(autotune.Failure == AutotuneFailure.SensorFault);
            TestSupport.AreNear(5.0, output, 0.0, "fail-safe output returned at once");
            TestSupport.AreNear(5.0, autotune.Update(SetPointCelsius, true, StepSeconds), 0.0, "and kept");
            Assert.IsTrue(autotune.FailureMessage.IndexOf("sensor") >= 0);

            RelayAutotune second = NewHeaterAutotune(0.02, 20.0, 40000.0);
            second.Start();
            second.Update(SetPointCelsius, true, StepSeconds);
            second.Update(double.NaN, true, StepSeconds);
            Assert.IsTrue(second.Failure == AutotuneFailure.SensorFault);
        }

        [TestMethod]
        public void FailsWhenTheOscillationIsNotLargerThanTheHysteresis()
        {
            // Almost no dead time: the measurement turns round just past ±ε, so its fundamental (≈ 8/π² of the peak for a
            // triangle) is below ε and √(a² − ε²) is undefined.
            RelayAutotune autotune = NewHeaterAutotune(2.0, 10.0, 40000.0);
            FopdtPlant plant = new FopdtPlant(HeaterGain, 100.0, 1.0, StepSeconds, AmbientCelsius, BiasPercent);

            Run(autotune, plant, 200000, null, 0.0);

            Assert.IsTrue(autotune.Failure == AutotuneFailure.AmplitudeBelowHysteresis);
            TestSupport.AtMost(2.0, autotune.OscillationAmplitude, "fundamental amplitude");
            TestSupport.AtLeast(2.0 * 2.0, autotune.PeakToPeakAmplitude, "peak-to-peak spans the hysteresis band");
        }

        [TestMethod]
        public void StateMachineTransitions()
        {
            RelayAutotune autotune = NewHeaterAutotune(0.02, 20.0, 40000.0);
            Assert.IsTrue(autotune.State == AutotuneState.Idle);
            TestSupport.AreNear(BiasPercent, autotune.Update(30.0, true, StepSeconds), 0.0, "idle output is the bias");
            Assert.IsTrue(autotune.State == AutotuneState.Idle);
            TestSupport.Throws(typeof(InvalidOperationException), () => autotune.ComputeTunings(TuningRule.TyreusLuybenPi),
                "tunings before success");

            autotune.Start();
            Assert.IsTrue(autotune.State == AutotuneState.Running);
            TestSupport.Throws(typeof(InvalidOperationException), () => autotune.Start(), "start twice");
            TestSupport.Throws(typeof(InvalidOperationException), () => autotune.RequiredCycles = 4, "cycles while running");
            TestSupport.Throws(typeof(InvalidOperationException), () => autotune.Reset(), "reset while running");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => autotune.Update(37.0, true, 0.0), "dt = 0");

            // Below the set point a heater's relay starts high.
            TestSupport.AreNear(BiasPercent + AmplitudePercent, autotune.Update(36.9, true, StepSeconds), 0.0, "relay high");
            autotune.Cancel();
            Assert.IsTrue(autotune.State == AutotuneState.Failed);
            Assert.IsTrue(autotune.Failure == AutotuneFailure.Cancelled);
            TestSupport.AreNear(0.0, autotune.Update(36.9, true, StepSeconds), 0.0, "cancelled output is the fail-safe one");

            autotune.Reset();
            Assert.IsTrue(autotune.State == AutotuneState.Idle);
            Assert.IsTrue(autotune.Failure == AutotuneFailure.None);
            FopdtPlant plant = new FopdtPlant(HeaterGain, 1200.0, 120.0, StepSeconds, AmbientCelsius, BiasPercent);
            Run(autotune, plant, 200000, null, 0.0);
            Assert.IsTrue(autotune.State == AutotuneState.Succeeded);
            TestSupport.AreNear(BiasPercent, autotune.Output, 0.0, "output after success is the bias");
            autotune.Cancel();
            Assert.IsTrue(autotune.State == AutotuneState.Succeeded, "Cancel after success changes nothing");
        }

        [TestMethod]
        public void EveryFailureHasItsOwnMessage()
        {
            AutotuneFailure[] failures =
            {
                AutotuneFailure.None, AutotuneFailure.Timeout, AutotuneFailure.LeftSafetyBand, AutotuneFailure.SensorFault,
                AutotuneFailure.Cancelled, AutotuneFailure.AmplitudeBelowHysteresis,
            };
            string unknown = AutotuneFailures.Describe((AutotuneFailure)99);
            for (int i = 0; i < failures.Length; i++)
            {
                string message = AutotuneFailures.Describe(failures[i]);
                Assert.IsTrue(message.Length > 10);
                Assert.AreNotEqual(unknown, message);
                for (int j = 0; j < i; j++)
                {
                    Assert.AreNotEqual(AutotuneFailures.Describe(failures[j]), message);
                }
            }
        }

        [TestMethod]
        public void TuningRulesGiveThePublishedSettings()
        {
            const double ku = 10.0;
            const double tu = 100.0;

            PidTunings zieglerNicholsPid = TuningRules.Compute(TuningRule.ZieglerNicholsPid, ku, tu);
            TestSupport.AreNear(6.0, zieglerNicholsPid.ProportionalGain, 1e-12, "ZN PID Kc");
            TestSupport.AreNear(50.0, zieglerNicholsPid.IntegralTimeSeconds, 1e-12, "ZN PID Ti");
            TestSupport.AreNear(12.5, zieglerNicholsPid.DerivativeTimeSeconds, 1e-12, "ZN PID Td");

            PidTunings zieglerNicholsPi = TuningRules.Compute(TuningRule.ZieglerNicholsPi, ku, tu);
            TestSupport.AreNear(4.5, zieglerNicholsPi.ProportionalGain, 1e-12, "ZN PI Kc");
            TestSupport.AreNear(100.0 / 1.2, zieglerNicholsPi.IntegralTimeSeconds, 1e-12, "ZN PI Ti");
            TestSupport.AreNear(0.0, zieglerNicholsPi.DerivativeTimeSeconds, 0.0, "ZN PI Td");

            PidTunings tyreusLuybenPi = TuningRules.Compute(TuningRule.TyreusLuybenPi, ku, tu);
            TestSupport.AreNear(3.125, tyreusLuybenPi.ProportionalGain, 1e-12, "TL PI Kc");
            TestSupport.AreNear(220.0, tyreusLuybenPi.IntegralTimeSeconds, 1e-12, "TL PI Ti");
            TestSupport.AreNear(0.0, tyreusLuybenPi.DerivativeTimeSeconds, 0.0, "TL PI Td");

            PidTunings tyreusLuybenPid = TuningRules.Compute(TuningRule.TyreusLuybenPid, ku, tu);
            TestSupport.AreNear(10.0 / 2.2, tyreusLuybenPid.ProportionalGain, 1e-12, "TL PID Kc");
            TestSupport.AreNear(220.0, tyreusLuybenPid.IntegralTimeSeconds, 1e-12, "TL PID Ti");
            TestSupport.AreNear(100.0 / 6.3, tyreusLuybenPid.DerivativeTimeSeconds, 1e-12, "TL PID Td");

            Assert.IsTrue(tyreusLuybenPid.IsValid && tyreusLuybenPi.IsValid && zieglerNicholsPid.IsValid);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => TuningRules.Compute(TuningRule.ZieglerNicholsPid, 0.0, tu),
                "Ku = 0");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException),
                () => TuningRules.Compute(TuningRule.ZieglerNicholsPid, ku, double.NaN), "Tu NaN");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => TuningRules.Compute((TuningRule)42, ku, tu),
                "unknown rule");
            Assert.IsTrue(TuningRules.Describe(TuningRule.TyreusLuybenPid).IndexOf("Luyben") >= 0);
            Assert.IsTrue(TuningRules.Describe(TuningRule.ZieglerNicholsPid).IndexOf("1942") >= 0);
        }

        [TestMethod]
        public void ComputeTuningsUsesTheMeasuredUltimateGainAndPeriod()
        {
            RelayAutotune autotune = NewHeaterAutotune(0.02, 20.0, 40000.0);
            FopdtPlant plant = new FopdtPlant(HeaterGain, 1200.0, 120.0, StepSeconds, AmbientCelsius, BiasPercent);
            Run(autotune, plant, 200000, null, 0.0);

            PidTunings tunings = autotune.ComputeTunings(TuningRule.TyreusLuybenPid);
            TestSupport.AreNear(autotune.UltimateGain / 2.2, tunings.ProportionalGain, 1e-12, "Kc");
            TestSupport.AreNear(2.2 * autotune.UltimatePeriodSeconds, tunings.IntegralTimeSeconds, 1e-9, "Ti");
            TestSupport.AreNear(autotune.UltimatePeriodSeconds / 6.3, tunings.DerivativeTimeSeconds, 1e-9, "Td");
        }

        [TestMethod]
        public void MedianOfOddAndEvenCounts()
        {
            double[] scratch = new double[8];
            double[] odd = { 5.0, 1.0, 4.0, 2.0, 3.0 };
            TestSupport.AreNear(3.0, RelayAutotune.Median(odd, 5, scratch), 0.0, "odd count");
            double[] even = { 4.0, 1.0, 3.0, 2.0 };
            TestSupport.AreNear(2.5, RelayAutotune.Median(even, 4, scratch), 0.0, "even count");
            TestSupport.AreNear(4.0, RelayAutotune.Median(even, 1, scratch), 0.0, "single value");
            TestSupport.AreNear(2.5, RelayAutotune.Median(even, 2, scratch), 0.0, "first two of four");
            double[] withOutlier = { 10.0, 10.5, 1000.0, 9.5 };
            TestSupport.AreNear(10.25, RelayAutotune.Median(withOutlier, 4, scratch), 0.0, "outlier ignored");
            TestSupport.AreNear(1.0, odd[1], 0.0, "values left unsorted");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => RelayAutotune.Median(odd, 0, scratch), "count 0");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => RelayAutotune.Median(odd, 6, scratch), "count > length");
        }

        [TestMethod]
        public void ADisturbedCycleDoesNotMoveTheMedianResults()
        {
            const double timeConstantSeconds = 1200.0;
            const double deadTimeSeconds = 120.0;
            double hysteresis = 0.03 * IdealRelayPeak(HeaterGain, timeConstantSeconds, deadTimeSeconds);

            RelayAutotune clean = NewHeaterAutotune(hysteresis, 20.0, 40000.0);
            Run(clean, new FopdtPlant(HeaterGain, timeConstantSeconds, deadTimeSeconds, StepSeconds, AmbientCelsius, BiasPercent),
                200000, null, 0.0);

            RelayAutotune disturbed = NewHeaterAutotune(hysteresis, 20.0, 40000.0);
            FopdtPlant plant = new FopdtPlant(HeaterGain, timeConstantSeconds, deadTimeSeconds, StepSeconds, AmbientCelsius,
                BiasPercent);
            disturbed.Start();
            int steps = 0;
            int pulseStart = -1;
            while (disturbed.State == AutotuneState.Running && steps < 200000)
            {
                double output = disturbed.Update(plant.Measurement, true, StepSeconds);
                if (pulseStart < 0 && disturbed.CyclesMeasured == 2)
                {
                    pulseStart = steps;
                }

                // Third measured cycle, 100 s in: 60 s of 40 % extra heat (a warm object set on the platen).
                bool inPulse = pulseStart >= 0 && steps >= pulseStart + 100 && steps < pulseStart + 160;
                plant.Step(inPulse ? output + 40.0 : output);
                steps++;
            }

            Assert.IsTrue(clean.State == AutotuneState.Succeeded);
            Assert.IsTrue(disturbed.State == AutotuneState.Succeeded);
            Assert.AreEqual(5, disturbed.CyclesMeasured);
            // The disturbed cycle is clearly off, enough to move a mean ...
            double cleanPeriod = clean.UltimatePeriodSeconds;
            double cleanAmplitude = clean.OscillationAmplitude;
            TestSupport.AtLeast(0.10 * cleanPeriod, Math.Abs(disturbed.GetCyclePeriodSeconds(2) - cleanPeriod), "disturbed period");
            TestSupport.AtLeast(0.10 * cleanAmplitude, Math.Abs(disturbed.GetCycleAmplitude(2) - cleanAmplitude),
                "disturbed amplitude");
            double meanPeriod = 0.0;
            for (int i = 0; i < disturbed.CyclesMeasured; i++)
            {
                meanPeriod += disturbed.GetCyclePeriodSeconds(i) / disturbed.CyclesMeasured;
            }

            TestSupport.AtLeast(0.02 * cleanPeriod, Math.Abs(meanPeriod - cleanPeriod), "mean period would be off");
            // ... but the medians are those of the clean run.
            TestSupport.AreNear(cleanPeriod, disturbed.UltimatePeriodSeconds, 0.005 * cleanPeriod, "Tu");
            TestSupport.AreNear(clean.UltimateGain, disturbed.UltimateGain, 0.005 * clean.UltimateGain, "Ku");
        }

        /// <summary>Deterministic xorshift32 noise (Marsaglia, "Xorshift RNGs", J. Stat. Softw. 8(14), 2003).</summary>
        private sealed class NoiseSource
        {
            private uint _state;

            public NoiseSource(uint seed)
            {
                _state = seed == 0 ? 2463534242u : seed;
            }

            /// <summary>Uniform in [−1, 1).</summary>
            public double NextUniform()
            {
                _state ^= _state << 13;
                _state ^= _state >> 17;
                _state ^= _state << 5;
                return (_state >> 8) * (2.0 / 16777216.0) - 1.0;
            }

            /// <summary>Sum of three uniforms: mean 0, σ = 1, bounded to ±3.</summary>
            public double NextApproximatelyNormal()
            {
                return NextUniform() + NextUniform() + NextUniform();
            }
        }
    }
}
