#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class PidControllerTests
    {
        private const double Exact = 1e-9;

        // ---- set-point steps: derivative on measurement, P on error / on measurement ----

        [TestMethod]
        public void SetPointStepKicksOnlyByProportionalOnErrorAndNotByDerivative()
        {
            var controller = new PidController(new PidTunings(2.0, 100.0, 10.0), -100.0, 100.0);
            controller.Update(20.0, 20.0, 1.0);
            double before = controller.Update(20.0, 20.0, 1.0);

            double after = controller.Update(25.0, 20.0, 1.0);

            // Derivative on error would add Kc·Td/(Tf + dt)·Δe = 2·10/(1 + 1)·5 = 50 here.
            TestSupport.AreNear(0.0, controller.DerivativeTerm, Exact, "D on a set-point step");
            TestSupport.AreNear(2.0 * 5.0, after - before, Exact, "output jump = Kc·Δe");
        }

        [TestMethod]
        public void SetPointStepDoesNotMoveOutputWithProportionalOnMeasurement()
        {
            var controller = new PidController(new PidTunings(2.0, 100.0, 10.0), -100.0, 100.0);
            controller.ProportionalMode = ProportionalMode.OnMeasurement;
            controller.Update(20.0, 20.0, 1.0);
            double before = controller.Update(20.0, 20.0, 1.0);

            double atStep = controller.Update(25.0, 20.0, 1.0);
            double next = controller.Update(25.0, 20.0, 1.0);

            TestSupport.AreNear(before, atStep, Exact, "output on the set-point step");
            TestSupport.AreNear(0.0, controller.ProportionalTerm, Exact, "P with a constant measurement");
            // Then the integral acts: Kc·e·dt/Ti = 2·5·1/100 per second.
            TestSupport.AreNear(0.1, next - atStep, Exact, "integral action after the step");
        }

        [TestMethod]
        public void ProportionalOnMeasurementReachesSetPointWithoutOvershootOnAClosedLoop()
        {
            double overshootOnError = RunTwoLagStep(ProportionalMode.OnError, 6000, out double finalOnError);
            double overshootOnMeasurement = RunTwoLagStep(ProportionalMode.OnMeasurement, 6000, out double finalOnMeasurement);

            TestSupport.AreNear(37.0, finalOnMeasurement, 0.01, "P on measurement: PV after 6000 s");
            TestSupport.AtMost(0.01, overshootOnMeasurement, "P on measurement: overshoot (K)");
            TestSupport.AtLeast(0.05, overshootOnError, "P on error overshoots the same loop (K)");
            TestSupport.AreNear(37.0, finalOnError, 0.01, "P on error: PV after 6000 s");
        }

        // ---- derivative filter ----

        [TestMethod]
        public void DerivativeOfMeasurementStepIsFirstOrderFiltered()
        {
            // Td = 8 s, N = 4 → Tf = 2 s; dt = 1 s: gain Kc·Td/(Tf + dt) = 2·8/3, decay Tf/(Tf + dt) = 2/3.
            var controller = new PidController(new PidTunings(2.0, 0.0, 8.0), -100.0, 100.0);
            controller.DerivativeFilterRatio = 4.0;
            controller.Update(10.0, 10.0, 1.0);
            TestSupport.AreNear(0.0, controller.DerivativeTerm, Exact, "no D on the first update");

            controller.Update(10.0, 11.0, 1.0);
            double expected = -2.0 * 8.0 / 3.0;
            TestSupport.AreNear(expected, controller.DerivativeTerm, Exact, "D at the measurement step");
            for (int step = 0; step < 3; step++)
            {
                controller.Update(10.0, 11.0, 1.0);
                expected *= 2.0 / 3.0;
                TestSupport.AreNear(expected, controller.DerivativeTerm, Exact, "D decaying by Tf/(Tf + dt)");
            }

            TestSupport.AreNear(-2.0 * 1.0 + expected, controller.Output, Exact, "output = P + D");
        }

        [TestMethod]
        public void UnfilteredDerivativeIsABackwardDifference()
        {
            var controller = new PidController(new PidTunings(2.0, 0.0, 8.0), -100.0, 100.0);
            controller.DerivativeFilterRatio = double.PositiveInfinity;
            controller.Update(10.0, 10.0, 1.0);
            controller.Update(10.0, 10.5, 1.0);
            TestSupport.AreNear(-2.0 * 8.0 * 0.5, controller.DerivativeTerm, Exact, "D = −Kc·Td·ΔPV/dt");
            controller.Update(10.0, 10.5, 1.0);
            TestSupport.AreNear(0.0, controller.DerivativeTerm, Exact, "D after the step");
        }

        [TestMethod]
        public void IntegralAndDerivativeAreOffWhenTheirTimesAreZero()
        {
            var controller = new PidController(new PidTunings(2.0, 0.0, 0.0), -100.0, 100.0);
            for (int step = 0; step < 10; step++)
            {
                controller.Update(10.0, 8.0 + step * 0.1, 1.0);
            }

            TestSupport.AreNear(0.0, controller.IntegralTerm, Exact, "I with Ti = 0");
            TestSupport.AreNear(0.0, controller.DerivativeTerm, Exact, "D with Td = 0");
            TestSupport.AreNear(2.0 * (10.0 - 8.9), controller.Output, Exact, "output = P");
        }

        // ---- anti-windup ----

        [TestMethod]
        public void AntiWindupRecoversQuicklyAfterLongSaturation()
        {
            int recoveryWith = RunUnreachableThenReachable(true, out double pvBelowAfterWith);
            int recoveryWithout = RunUnreachableThenReachable(false, out double pvBelowAfterWithout);

            // Measured: 1163 s with anti-windup, 6716 s without.
            TestSupport.AtMost(1500.0, recoveryWith, "recovery into 37 ± 0.2 °C with anti-windup (s)");
            TestSupport.AtLeast(5000.0, recoveryWithout, "recovery into 37 ± 0.2 °C without anti-windup (s)");
            TestSupport.AtMost(120.0, pvBelowAfterWith, "time until PV < 37.5 °C with anti-windup (s)");
            TestSupport.AtLeast(5000.0, pvBelowAfterWithout, "time until PV < 37.5 °C without anti-windup (s)");
        }

        [TestMethod]
        public void AntiWindupRemovesStartUpOvershootOfASaturatedHeater()
        {
            double overshootWith = RunStartUp(true);
            double overshootWithout = RunStartUp(false);

            // Measured: 0.00 K with anti-windup, 1.39 K without.
            TestSupport.AtMost(0.05, overshootWith, "overshoot with anti-windup (K)");
            TestSupport.AtLeast(1.0, overshootWithout, "overshoot without anti-windup (K)");
        }

        [TestMethod]
        public void IntegralDoesNotWindUpWhileTheRateLimitHolds()
        {
            var controller = new PidController(new PidTunings(1.0, 1.0, 0.0), 0.0, 100.0);
            controller.OutputRateLimitPerSecond = 1.0;
            controller.Update(0.0, 0.0, 1.0);
            for (int step = 0; step < 20; step++)
            {
                controller.Update(50.0, 0.0, 1.0);
            }

            Assert.IsTrue(controller.Saturation == PidSaturation.RisingRate, "held by the rising rate limit");
            Assert.IsTrue(controller.IsSaturatedHigh, "saturated high");
            TestSupport.AreNear(20.0, controller.Output, Exact, "output after 20 s at 1 /s");
            TestSupport.AreNear(0.0, controller.IntegralTerm, Exact, "integral while rate-limited");

            var baseline = new PidController(new PidTunings(1.0, 1.0, 0.0), 0.0, 100.0);
            baseline.OutputRateLimitPerSecond = 1.0;
            baseline.AntiWindupEnabled = false;
            baseline.Update(0.0, 0.0, 1.0);
            for (int step = 0; step < 20; step++)
            {
                baseline.Update(50.0, 0.0, 1.0);
            }

            TestSupport.AreNear(1000.0, baseline.IntegralTerm, Exact, "integral without anti-windup: 20·Kc·e·dt/Ti");
        }

        [TestMethod]
        public void IntegralStaysWithinOutputLimitsWhileDerivativeHoldsTheOutputBack()
        {
            // PV rising at 2 /s toward SP: D ≈ −Kc·Td·2 = −100 keeps P + I + D inside the limits, so conditional
            // integration alone would let I climb to about 100 + PV; the integral bound stops it at the maximum.
            var controller = new PidController(new PidTunings(1.0, 1.0, 50.0), 0.0, 100.0);
            double highestIntegral = 0.0;
            for (int second = 0; second <= 45; second++)
            {
                controller.Update(100.0, 2.0 * second, 1.0);
                highestIntegral = Math.Max(highestIntegral, controller.IntegralTerm);
            }

            TestSupport.AreNear(100.0, highestIntegral, Exact, "highest integral term");
            Assert.IsFalse(controller.IsSaturatedHigh, "output inside the limits while I is bounded");
        }

        // ---- bumpless transfer and tuning changes ----

        [TestMethod]
        public void ManualToAutomaticIsBumpless()
        {
            var controller = new PidController(new PidTunings(4.0, 50.0, 20.0), 0.0, 100.0);
            for (int step = 0; step < 30; step++)
            {
                controller.Update(37.0, 30.0, 1.0);
            }

            controller.SetManual(40.0);
            Assert.IsFalse(controller.IsAutomatic, "manual after SetManual");
            double lastManual = 0.0;
            for (int step = 0; step < 5; step++)
            {
                lastManual = controller.Update(37.0, 30.0, 1.0);
            }

            TestSupport.AreNear(40.0, lastManual, Exact, "manual output");
            controller.SetAutomatic();
            Assert.IsTrue(controller.IsAutomatic, "automatic after SetAutomatic");
            double firstAutomatic = controller.Update(37.0, 30.0, 1.0);

            TestSupport.AreNear(lastManual, firstAutomatic, Exact, "first automatic output");
            // Without tracking the controller would have gone on from its own output, 28 + 30·0.56 = 44.8.
            double second = controller.Update(37.0, 30.0, 1.0);
            TestSupport.AreNear(40.0 + 4.0 * 7.0 / 50.0, second, Exact, "then the integral acts from the manual output");
        }

        [TestMethod]
        public void ManualToAutomaticIsBumplessWithProportionalOnMeasurementAndRamp()
        {
            var controller = new PidController(new PidTunings(4.0, 50.0, 20.0), 0.0, 100.0);
            controller.ProportionalMode = ProportionalMode.OnMeasurement;
            controller.SetPointRampPerSecond = 0.01;
            controller.SetManual(25.0);
            double lastManual = 0.0;
            for (int step = 0; step < 10; step++)
            {
                lastManual = controller.Update(37.0, 30.0, 1.0);
            }

            TestSupport.AreNear(30.0, controller.WorkingSetPoint, Exact, "working set point tracks PV in manual");
            controller.SetAutomatic();
            double firstAutomatic = controller.Update(37.0, 30.0, 1.0);

            TestSupport.AreNear(lastManual, firstAutomatic, Exact, "first automatic output");
            TestSupport.AreNear(30.01, controller.WorkingSetPoint, Exact, "working set point ramps from PV");
        }

        [TestMethod]
        public void ManualOutputIsClampedAndFlagged()
        {
            var controller = new PidController(new PidTunings(1.0, 10.0, 0.0), 0.0, 100.0);
            controller.SetManual(150.0);
            TestSupport.AreNear(100.0, controller.Update(37.0, 36.0, 1.0), Exact, "manual above maximum");
            Assert.IsTrue(controller.Saturation == PidSaturation.Maximum, "flagged at maximum");
            controller.ManualOutput = 30.0;
            TestSupport.AreNear(30.0, controller.Update(37.0, 36.0, 1.0), Exact, "new manual value");
            Assert.IsTrue(controller.Saturation == PidSaturation.None, "not saturated");
        }

        [TestMethod]
        public void TuningChangeWhileRunningIsBumpless()
        {
            PidTunings oldTunings = new PidTunings(5.0, 120.0, 15.0);
            var changed = new PidController(oldTunings, 0.0, 100.0);
            var unchanged = new PidController(oldTunings, 0.0, 100.0);
            var plant = new FirstOrderPlant(0.5, 200.0, 20.0, 20.0);
            double measurement = 20.0;
            for (int step = 0; step < 60; step++)
            {
                double output = changed.Update(30.0, measurement, 1.0);
                unchanged.Update(30.0, measurement, 1.0);
                measurement = plant.Step(output, 1.0);
            }

            // The last update before the change sees the PV that the next one will see again.
            changed.Update(30.0, measurement, 1.0);
            unchanged.Update(30.0, measurement, 1.0);

            double lastOutput = changed.Output;
            var newTunings = new PidTunings(10.0, 60.0, 15.0);
            double error = 30.0 - measurement;
            // Without compensation the next output would move by (Kc_new − Kc_old)·e; make sure that is a real bump.
            TestSupport.AtLeast(1.0, Math.Abs((newTunings.ProportionalGain - oldTunings.ProportionalGain) * error),
                "size of the bump the compensation removes");

            changed.Tunings = newTunings;
            TestSupport.AreNear(lastOutput, changed.Output, Exact, "output right after the change");
            double afterChange = changed.Update(30.0, measurement, 1.0);
            double withoutChange = unchanged.Update(30.0, measurement, 1.0);

            TestSupport.AreNear(withoutChange, afterChange, Exact, "next output with the same PV and SP");
            TestSupport.AreNear(10.0 * (30.0 - measurement), changed.ProportionalTerm, Exact, "new Kc in force");
            TestSupport.AreNear(afterChange, changed.ProportionalTerm + changed.IntegralTerm - 10.0 * (30.0 - measurement) * 1.0 / 60.0
                + changed.DerivativeTerm, Exact, "output = P + I + D (I already advanced by Kc·e·dt/Ti)");
        }

        [TestMethod]
        public void ActionAndProportionalModeChangesAreBumpless()
        {
            var changed = new PidController(new PidTunings(3.0, 30.0, 0.0), -100.0, 100.0);
            var reference = new PidController(new PidTunings(3.0, 30.0, 0.0), -100.0, 100.0);
            for (int step = 0; step < 5; step++)
            {
                changed.Update(10.0, 8.0, 1.0);
                reference.Update(10.0, 8.0, 1.0);
            }

            changed.ProportionalMode = ProportionalMode.OnMeasurement;
            TestSupport.AreNear(reference.Update(10.0, 8.0, 1.0), changed.Update(10.0, 8.0, 1.0), Exact, "after P-on-measurement");
            changed.ProportionalMode = ProportionalMode.OnError;
            TestSupport.AreNear(reference.Update(10.0, 8.0, 1.0), changed.Update(10.0, 8.0, 1.0), Exact, "after P-on-error");

            double before = changed.Output;
            changed.Action = ControllerAction.Direct;
            double after = changed.Update(10.0, 8.0, 1.0);
            // P flips from +6 to −6; the output moves only by the previous update's integral step Kc·e·dt/Ti = 3·2/30.
            TestSupport.AreNear(-6.0, changed.ProportionalTerm, Exact, "P with direct action");
            TestSupport.AreNear(before + 3.0 * 2.0 / 30.0, after, Exact, "after action change");
            double next = changed.Update(10.0, 8.0, 1.0);
            TestSupport.AreNear(after - 3.0 * 2.0 / 30.0, next, Exact, "then the integral falls with direct action");
        }

        // ---- set-point ramp and output rate limit ----

        [TestMethod]
        public void WorkingSetPointRampsAtTheConfiguredRate()
        {
            var controller = new PidController(new PidTunings(1.0, 100.0, 0.0), 0.0, 100.0);
            controller.SetPointRampPerSecond = 0.5;
            controller.Update(37.0, 20.0, 2.0);
            TestSupport.AreNear(20.0, controller.WorkingSetPoint, Exact, "starts at the measurement");
            for (int step = 1; step <= 10; step++)
            {
                controller.Update(37.0, 20.0, 2.0);
                TestSupport.AreNear(20.0 + step * 1.0, controller.WorkingSetPoint, Exact, "0.5 /s for 2 s per step");
            }

            for (int step = 0; step < 20; step++)
            {
                controller.Update(37.0, 20.0, 2.0);
            }

            TestSupport.AreNear(37.0, controller.WorkingSetPoint, Exact, "stops at the set point");
            controller.Update(36.2, 20.0, 2.0);
            TestSupport.AreNear(36.2, controller.WorkingSetPoint, Exact, "small step taken at once");
            controller.Update(30.0, 20.0, 2.0);
            TestSupport.AreNear(35.2, controller.WorkingSetPoint, Exact, "ramps down too");
        }

        [TestMethod]
        public void WithoutRampTheWorkingSetPointIsTheSetPoint()
        {
            var controller = new PidController(new PidTunings(1.0, 100.0, 0.0), 0.0, 100.0);
            controller.Update(37.0, 20.0, 1.0);
            TestSupport.AreNear(37.0, controller.WorkingSetPoint, Exact, "first update");
            controller.Update(10.0, 20.0, 1.0);
            TestSupport.AreNear(10.0, controller.WorkingSetPoint, Exact, "after a step");
        }

        [TestMethod]
        public void OutputRateLimitBoundsConsecutiveOutputs()
        {
            var controller = new PidController(new PidTunings(8.0, 20.0, 5.0), 0.0, 100.0);
            controller.OutputRateLimitPerSecond = 2.0;
            var plant = new FirstOrderPlant(0.5, 50.0, 20.0, 20.0);
            double measurement = 20.0;
            double previous = controller.Update(20.0, measurement, 0.5);
            bool rateHeld = false;
            double largestChange = 0.0;
            for (int step = 0; step < 400; step++)
            {
                double setPoint = step < 200 ? 40.0 : 25.0;
                double output = controller.Update(setPoint, measurement, 0.5);
                largestChange = Math.Max(largestChange, Math.Abs(output - previous));
                rateHeld |= controller.Saturation == PidSaturation.RisingRate;
                previous = output;
                measurement = plant.Step(output, 0.5);
            }

            TestSupport.AtMost(1.0 + Exact, largestChange, "largest change per 0.5 s step at 2 /s");
            TestSupport.AtLeast(1.0 - Exact, largestChange, "the limit was reached");
            Assert.IsTrue(rateHeld, "the rising rate limit held at least once");
        }

        [TestMethod]
        public void OutputRateLimitIsNotAppliedToTheFirstUpdate()
        {
            var controller = new PidController(new PidTunings(2.0, 0.0, 0.0), 0.0, 100.0);
            controller.OutputRateLimitPerSecond = 1.0;
            TestSupport.AreNear(20.0, controller.Update(30.0, 20.0, 1.0), Exact, "first output");
            TestSupport.AreNear(19.0, controller.Update(0.0, 20.0, 1.0), Exact, "second output: 1 below the first");
            Assert.IsTrue(controller.Saturation == PidSaturation.FallingRate, "held by the falling rate limit");
            Assert.IsTrue(controller.IsSaturatedLow, "saturated low");
        }

        // ---- action, saturation, reset, initialisation, validation ----

        [TestMethod]
        public void ReverseAndDirectActionHaveOppositeSigns()
        {
            var reverse = new PidController(new PidTunings(2.0, 10.0, 4.0), -100.0, 100.0);
            var direct = new PidController(new PidTunings(2.0, 10.0, 4.0), -100.0, 100.0);
            direct.Action = ControllerAction.Direct;
            Assert.IsTrue(reverse.Action == ControllerAction.Reverse, "default action");

            reverse.Update(10.0, 12.0, 1.0);
            direct.Update(10.0, 12.0, 1.0);
            TestSupport.AreNear(-4.0, reverse.Output, Exact, "reverse: PV above SP lowers the output");
            TestSupport.AreNear(4.0, direct.Output, Exact, "direct: PV above SP raises the output");

            reverse.Update(10.0, 13.0, 1.0);
            direct.Update(10.0, 13.0, 1.0);
            TestSupport.AreNear(-reverse.DerivativeTerm, direct.DerivativeTerm, Exact, "D signs");
            TestSupport.AtMost(-1.0, reverse.DerivativeTerm, "reverse D on a rising PV");
            TestSupport.AreNear(-reverse.IntegralTerm, direct.IntegralTerm, Exact, "I signs");
            TestSupport.AreNear(-reverse.Output, direct.Output, Exact, "outputs mirror");
        }

        [TestMethod]
        public void SaturationFlagsFollowTheLimits()
        {
            var controller = new PidController(new PidTunings(10.0, 0.0, 0.0), 0.0, 100.0);
            TestSupport.AreNear(100.0, controller.Update(50.0, 20.0, 1.0), Exact, "clamped at maximum");
            Assert.IsTrue(controller.IsSaturatedHigh, "high");
            Assert.IsFalse(controller.IsSaturatedLow, "not low");
            Assert.IsTrue(controller.Saturation == PidSaturation.Maximum, "at maximum");

            TestSupport.AreNear(0.0, controller.Update(10.0, 20.0, 1.0), Exact, "clamped at minimum");
            Assert.IsTrue(controller.IsSaturatedLow, "low");
            Assert.IsFalse(controller.IsSaturatedHigh, "not high");
            Assert.IsTrue(controller.Saturation == PidSaturation.Minimum, "at minimum");

            TestSupport.AreNear(50.0, controller.Update(25.0, 20.0, 1.0), Exact, "inside the limits");
            Assert.IsFalse(controller.IsSaturatedLow, "cleared low");
            Assert.IsFalse(controller.IsSaturatedHigh, "cleared high");
            Assert.IsTrue(controller.Saturation == PidSaturation.None, "none");
        }

        [TestMethod]
        public void SetOutputLimitsClampsOutputAndIntegral()
        {
            var controller = new PidController(new PidTunings(1.0, 10.0, 0.0), 0.0, 100.0);
            controller.SetManual(80.0);
            controller.Update(37.0, 37.0, 1.0);
            controller.SetAutomatic();
            controller.SetOutputLimits(0.0, 50.0);
            TestSupport.AreNear(50.0, controller.Output, Exact, "output clamped");
            TestSupport.AreNear(50.0, controller.IntegralTerm, Exact, "integral clamped");
            TestSupport.AreNear(50.0, controller.Update(37.0, 37.0, 1.0), Exact, "next output");
            TestSupport.AreNear(50.0, controller.OutputMaximum, Exact, "new maximum");
        }

        [TestMethod]
        public void ResetClearsTermsHistoryAndSaturation()
        {
            var controller = new PidController(new PidTunings(10.0, 20.0, 5.0), 0.0, 100.0);
            for (int step = 0; step < 10; step++)
            {
                controller.Update(40.0, 38.0 + step * 0.1, 1.0);
            }

            controller.Update(60.0, 39.0, 1.0);
            Assert.IsTrue(controller.IsSaturatedHigh, "saturated before reset");
            TestSupport.AtLeast(5.0, controller.IntegralTerm, "integral before reset");
            TestSupport.AtMost(-1.0, controller.DerivativeTerm, "derivative before reset");
            controller.Reset();
            TestSupport.AreNear(0.0, controller.ProportionalTerm, 0.0, "P");
            TestSupport.AreNear(0.0, controller.IntegralTerm, 0.0, "I");
            TestSupport.AreNear(0.0, controller.DerivativeTerm, 0.0, "D");
            TestSupport.AreNear(0.0, controller.Output, 0.0, "output");
            Assert.IsTrue(controller.Saturation == PidSaturation.None, "saturation cleared");

            // The next update matches a new controller: no derivative from the old measurement, no old integral.
            var fresh = new PidController(new PidTunings(10.0, 20.0, 5.0), 0.0, 100.0);
            TestSupport.AreNear(fresh.Update(30.0, 28.0, 1.0), controller.Update(30.0, 28.0, 1.0), Exact, "first update");
            TestSupport.AreNear(fresh.Update(30.0, 28.5, 1.0), controller.Update(30.0, 28.5, 1.0), Exact, "second update");
        }

        [TestMethod]
        public void InitializeStartsFromTheActuatorsPresentOutput()
        {
            var controller = new PidController(new PidTunings(4.0, 40.0, 10.0), 0.0, 100.0);
            controller.Update(37.0, 20.0, 1.0);
            controller.Initialize(35.0);
            double first = controller.Update(37.0, 36.0, 1.0);
            TestSupport.AreNear(35.0, first, Exact, "first output after Initialize");
            double second = controller.Update(37.0, 36.0, 1.0);
            TestSupport.AreNear(35.0 + 4.0 * 1.0 / 40.0, second, Exact, "then integral action from there");
        }

        [TestMethod]
        public void InvalidArgumentsThrow()
        {
            PidTunings good = new PidTunings(1.0, 10.0, 1.0);
            TestSupport.Throws(typeof(ArgumentException), () => new PidController(new PidTunings(0.0, 10.0, 1.0), 0.0, 1.0), "zero gain");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new PidController(good, 1.0, 1.0), "min = max");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new PidController(good, 2.0, 1.0), "min > max");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new PidController(good, double.NaN, 1.0), "NaN min");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new PidController(good, 0.0, double.PositiveInfinity), "infinite max");

            var controller = new PidController(good, 0.0, 100.0);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.Update(1.0, 1.0, 0.0), "dt = 0");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.Update(1.0, 1.0, -1.0), "dt < 0");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.Update(1.0, 1.0, double.NaN), "dt NaN");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.Update(1.0, 1.0, double.PositiveInfinity), "dt infinite");
            TestSupport.Throws(typeof(ArgumentException), () => controller.Update(1.0, double.NaN, 1.0), "NaN measurement");
            TestSupport.Throws(typeof(ArgumentException), () => controller.Update(double.NaN, 1.0, 1.0), "NaN set point");
            TestSupport.Throws(typeof(ArgumentException), () => controller.Update(1.0, double.NegativeInfinity, 1.0), "infinite measurement");
            TestSupport.Throws(typeof(ArgumentException), () => controller.Tunings = new PidTunings(1.0, -1.0, 0.0), "negative Ti");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.DerivativeFilterRatio = 0.5, "N < 1");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.DerivativeFilterRatio = double.NaN, "N NaN");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.SetPointRampPerSecond = 0.0, "ramp 0");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.OutputRateLimitPerSecond = -1.0, "rate < 0");
            TestSupport.Throws(typeof(ArgumentException), () => controller.SetManual(double.NaN), "NaN manual output");
            TestSupport.Throws(typeof(ArgumentException), () => controller.Initialize(double.PositiveInfinity), "infinite initial output");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => controller.SetOutputLimits(5.0, 5.0), "limits equal");

            // A rejected update leaves the state untouched.
            TestSupport.AreNear(0.0, controller.Output, 0.0, "output after rejected calls");
            Assert.IsTrue(controller.IsAutomatic, "still automatic");
        }

        // ---- closed loop ----

        [TestMethod]
        public void ClosedLoopOnTwoLagPlantSettlesWithSmallOvershoot()
        {
            // Heater plate (0.5 K/%, τ = 60 s) warming a bag (τ = 600 s) from 20 °C to 37 °C. SIMC tuning for
            // k = 0.5, τ1 = 600 s, τ2 = 60 s, τc = 120 s (Skogestad, J. Process Control 13 (2003) 291–309):
            // series Kc = 10, Ti = 480 s, Td = 60 s, converted to the standard form Kc(1 + Td/Ti), Ti + Td,
            // Ti·Td/(Ti + Td) (Åström & Hägglund 2006, chapter 3).
            var controller = new PidController(new PidTunings(11.25, 540.0, 53.33), 0.0, 100.0);
            var heater = new FirstOrderPlant(0.5, 60.0, 20.0, 20.0);
            var bag = new FirstOrderPlant(1.0, 600.0, 0.0, 20.0);
            double measurement = 20.0;
            double highest = measurement;
            int lastOutsideBandSeconds = 0;
            for (int second = 1; second <= 3000; second++)
            {
                double output = controller.Update(37.0, measurement, 1.0);
                measurement = bag.Step(heater.Step(output, 1.0), 1.0);
                highest = Math.Max(highest, measurement);
                if (Math.Abs(measurement - 37.0) > 0.1)
                {
                    lastOutsideBandSeconds = second;
                }
            }

            // Measured: overshoot 0.09 K, inside ±0.1 K from 628 s on.
            TestSupport.AtMost(0.15, highest - 37.0, "overshoot (K)");
            TestSupport.AtMost(800.0, lastOutsideBandSeconds, "settling into 37 ± 0.1 °C (s)");
            TestSupport.AreNear(37.0, measurement, 0.005, "PV at 3000 s");
        }

        // ---- fixtures ----

        // The two-lag plant of the closed-loop test, stepped from 20 °C to 37 °C; returns the overshoot (K).
        private static double RunTwoLagStep(ProportionalMode mode, int seconds, out double finalMeasurement)
        {
            var controller = new PidController(new PidTunings(11.25, 540.0, 53.33), 0.0, 100.0);
            controller.ProportionalMode = mode;
            var heater = new FirstOrderPlant(0.5, 60.0, 20.0, 20.0);
            var bag = new FirstOrderPlant(1.0, 600.0, 0.0, 20.0);
            double measurement = 20.0;
            double highest = measurement;
            for (int second = 0; second < seconds; second++)
            {
                double output = controller.Update(37.0, measurement, 1.0);
                measurement = bag.Step(heater.Step(output, 1.0), 1.0);
                highest = Math.Max(highest, measurement);
            }

            finalMeasurement = measurement;
            return highest - 37.0;
        }

        // A heater (0.2 K/%, τ = 300 s, 20 °C ambient: at most 40 °C) asked for 45 °C for 3000 s, then 37 °C.
        // PI with IMC-style tuning Kc = τ/(k·λ), λ = 150 s, Ti = τ. Returns the seconds after the change until PV
        // stays within 37 ± 0.2 °C, and (out) until PV first falls below 37.5 °C.
        private static int RunUnreachableThenReachable(bool antiWindup, out double secondsUntilBelow)
        {
            var controller = new PidController(new PidTunings(10.0, 300.0, 0.0), 0.0, 100.0);
            controller.AntiWindupEnabled = antiWindup;
            var plant = new FirstOrderPlant(0.2, 300.0, 20.0, 20.0);
            double measurement = 20.0;
            for (int second = 0; second < 3000; second++)
            {
                measurement = plant.Step(controller.Update(45.0, measurement, 1.0), 1.0);
            }

            Assert.IsTrue(controller.IsSaturatedHigh, "saturated while the set point is unreachable");
            int lastOutside = 0;
            secondsUntilBelow = double.PositiveInfinity;
            for (int second = 1; second <= 9000; second++)
            {
                measurement = plant.Step(controller.Update(37.0, measurement, 1.0), 1.0);
                if (Math.Abs(measurement - 37.0) > 0.2)
                {
                    lastOutside = second;
                }

                if (measurement < 37.5 && double.IsPositiveInfinity(secondsUntilBelow))
                {
                    secondsUntilBelow = second;
                }
            }

            return lastOutside;
        }

        // The same heater started cold with SP 37 °C; the output saturates at first. Returns the overshoot (K).
        private static double RunStartUp(bool antiWindup)
        {
            var controller = new PidController(new PidTunings(10.0, 300.0, 0.0), 0.0, 100.0);
            controller.AntiWindupEnabled = antiWindup;
            var plant = new FirstOrderPlant(0.2, 300.0, 20.0, 20.0);
            double measurement = 20.0;
            double highest = measurement;
            for (int second = 0; second < 4000; second++)
            {
                measurement = plant.Step(controller.Update(37.0, measurement, 1.0), 1.0);
                highest = Math.Max(highest, measurement);
            }

            return highest - 37.0;
        }
    }
}
