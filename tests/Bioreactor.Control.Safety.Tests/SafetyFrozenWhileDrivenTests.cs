#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class SafetyFrozenWhileDrivenTests
    {
        [TestMethod]
        public void PlateProbeStuckWhileHeatingCutsTheHeaterWithinTheWindow()
        {
            var rig = new SafetyRig(new SafetySettings());
            rig.PlateCelsius = 38.5;
            rig.Inputs.HeaterRequested = true;
            long cutAt = rig.MillisecondsUntilHeaterOff(20000, 100);

            Assert.IsTrue(cutAt > 0, "heater cut");
            TestSupport.AtLeast(10000, cutAt, "not before the 10 s window (ms)");
            TestSupport.AtMost(10200, cutAt, "within the window and a tick (ms)");
            Assert.IsTrue(rig.Safety.PlateVerdict == SensorVerdict.Frozen, "plate verdict frozen");

            // The verdict holds while the heater is off and the reading still does not move.
            rig.Step(60000);
            Assert.IsFalse(rig.Safety.HeaterOutput, "still off while the reading is stuck");
            Assert.IsTrue(rig.Alarms.IsActive(AlarmId.PlateProbeFault), "plate probe fault alarm");

            // The probe reads again: heating resumes.
            rig.PlateCelsius = 38.47;
            rig.Step(100);
            rig.Step(100);
            Assert.IsTrue(rig.Safety.HeaterOutput, "heater back once the reading moves");
        }

        [TestMethod]
        public void PlateProbeStuckWhileIdleIsCaughtOnceTheLoopHeatsHard()
        {
            // The probe sticks at a steady 20 % duty; the loop, seeing no warming, then heats flat out.
            var rig = new SafetyRig(new SafetySettings());
            rig.PlateCelsius = 38.5;
            for (int tick = 0; tick < 600; tick++)
            {
                rig.Inputs.HeaterRequested = tick % 10 < 2;
                rig.Step(100);
            }

            Assert.IsTrue(rig.Safety.PlateVerdict == SensorVerdict.Ok, "no verdict at low duty");
            rig.Inputs.HeaterRequested = true;
            long cutAt = rig.MillisecondsUntilHeaterOff(20000, 100);

            Assert.IsTrue(cutAt > 0, "heater cut");
            TestSupport.AtMost(10000, cutAt, "cut within one window of heating hard (ms)");
        }

        [TestMethod]
        public void FlatPlateReadingWithTheHeaterMostlyOffIsNoFault()
        {
            var rig = new SafetyRig(new SafetySettings());
            rig.PlateCelsius = 38.5;
            for (int tick = 0; tick < 3000; tick++)
            {
                // 20 % duty: a steady bag at 37 °C.
                rig.Inputs.HeaterRequested = tick % 10 < 2;
                rig.Step(100);
                Assert.IsTrue(rig.Safety.PlateVerdict == SensorVerdict.Ok, "plate verdict at tick " + tick.ToString());
            }
        }

        [TestMethod]
        public void Co2ProbeStuckWhileInjectingClosesTheValve()
        {
            var rig = new SafetyRig(new SafetySettings());
            rig.Co2Percent = 4.0;
            rig.Inputs.ValveRequested = true;
            long start = rig.NowMilliseconds;
            long closedAt = -1;
            for (int tick = 1; tick <= 400 && closedAt < 0; tick++)
            {
                // 8 s open, 2 s closed: below the valve's own time limit.
                rig.Inputs.ValveRequested = (tick / 10) % 10 < 8;
                rig.Step(100);
                if (rig.Safety.Co2Verdict == SensorVerdict.Frozen)
                {
                    closedAt = rig.NowMilliseconds - start;
                }
            }

            Assert.IsTrue(closedAt > 0, "stuck CO2 probe seen");
            // The window, plus the time the averaged duty of 8 s / 2 s pulses takes to pass one half from zero.
            TestSupport.AtLeast(20000, closedAt, "not before the 20 s window (ms)");
            TestSupport.AtMost(25000, closedAt, "within the window and the duty's averaging (ms)");
            rig.Inputs.ValveRequested = true;
            rig.Step(100);
            Assert.IsFalse(rig.Safety.ValveOutput, "valve closed on a stuck probe");
        }

        [TestMethod]
        public void WatchIsOffWithAZeroWindowAndRejectsBadArguments()
        {
            var watch = new FrozenWhileDrivenWatch(0, 0.5);
            for (long t = 0; t <= 100000; t += 100)
            {
                watch.Update(true, 38.5, true, t);
            }

            Assert.IsFalse(watch.Frozen, "off");
            TestSupport.Throws(typeof(System.ArgumentOutOfRangeException), () => new FrozenWhileDrivenWatch(-1, 0.5), "negative window");
            TestSupport.Throws(typeof(System.ArgumentOutOfRangeException), () => new FrozenWhileDrivenWatch(1000, 0.0), "zero duty");
        }
    }
}
