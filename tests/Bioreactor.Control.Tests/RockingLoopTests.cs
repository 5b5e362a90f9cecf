#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class RockingLoopTests
    {
        private const double TickSeconds = 0.02;
        private const long TickMilliseconds = 20;

        /// <summary>The loop at 50 Hz on the test platform; the angle sensor reads with 0.05° noise, 0.01° steps.</summary>
        private sealed class Rig
        {
            public readonly RockerTestPlatform Platform = new RockerTestPlatform();
            public readonly RockingLoop Loop = new RockingLoop(new RockingLoopSettings());
            public readonly TestRandom Random = new TestRandom(77);
            public long NowMilliseconds;
            public SensorStatus Status = SensorStatus.Ok;
            public bool Stale;
            public bool Stuck;
            public double LastCommand;
            public double LastFeedForward;
            public double LargestFeedForwardStep;
            private readonly SensorReading _reading = new SensorReading();

            public double Seconds
            {
                get { return NowMilliseconds / 1000.0; }
            }

            public double Tick()
            {
                if (!Stale)
                {
                    double value = Stuck ? _reading.Value
                        : Math.Floor((Platform.SensedAngleDegrees + Random.NextGaussian(0.05)) / 0.01 + 0.5) * 0.01;
                    _reading.Set(value, Status, NowMilliseconds);
                }

                double command = Loop.Update(_reading, NowMilliseconds, TickSeconds);
                double feedForward = Loop.FeedForwardDegreesPerSecond;
                LargestFeedForwardStep = Math.Max(LargestFeedForwardStep, Math.Abs(feedForward - LastFeedForward));
                LastCommand = command;
                LastFeedForward = feedForward;
                Platform.Step(command, Loop.DriveEnabled, TickSeconds);
                NowMilliseconds += TickMilliseconds;
                return command;
            }

            public void RunFor(double seconds)
            {
                double end = Seconds + seconds;
                while (Seconds < end)
                {
                    Tick();
                }
            }
        }

        [TestMethod]
        public void TracksTenRpmAtSixDegreesWithSmallErrorAndMeasuresRateAndAmplitude()
        {
            Rig rig = new Rig();
            rig.Loop.Command(10.0, 6.0);
            rig.RunFor(30.0);
            double squareSum = 0.0;
            int samples = 0;
            double maximum = -100.0;
            double minimum = 100.0;
            while (rig.Seconds < 90.0)
            {
                rig.Tick();

                // Platform (true angle) against the reference for the same instant.
                double error = rig.Loop.ReferenceAngleDegrees - rig.Platform.AngleDegrees;
                squareSum += error * error;
                samples++;
                maximum = Math.Max(maximum, rig.Platform.AngleDegrees);
                minimum = Math.Min(minimum, rig.Platform.AngleDegrees);
            }

            // Measured: 0.03° RMS, amplitude 6.02°, measured rate 9.99 rpm and amplitude 6.06° (noise widens the peaks).
            TestSupport.AtMost(0.1, Math.Sqrt(squareSum / samples), "RMS tracking error, °");
            TestSupport.AreNear(6.0, 0.5 * (maximum - minimum), 0.1, "platform amplitude, °");
            Assert.IsTrue(rig.Loop.HasCycleEstimate);
            TestSupport.AreNear(10.0, rig.Loop.MeasuredRateRpm, 0.1, "measured rate, rpm (±1 %)");
            TestSupport.AreNear(6.0, rig.Loop.MeasuredAmplitudeDegrees, 0.2, "measured amplitude, °");
            TestSupport.AtMost(0.15, rig.Loop.CycleRmsErrorDegrees, "reported RMS error, °");
            Assert.AreEqual(0, rig.Loop.LateTickCount);
            Assert.IsTrue(rig.Loop.Mode == RockingLoopMode.Running);
        }

        [TestMethod]
        public void WithoutFeedbackTheSameDriveWouldMissTheAmplitude()
        {
            // The control experiment for the test above: the feed-forward alone, on the drive that turns 5 % fast,
            // drifts off by the gain error. Proves the feedback is what holds the amplitude.
            RockingTrajectory trajectory = new RockingTrajectory(new RockingTrajectorySettings());
            RockerTestPlatform platform = new RockerTestPlatform();
            trajectory.Command(10.0, 6.0);
            double maximum = -100.0;
            double minimum = 100.0;
            for (int i = 0; i < 4500; i++)
            {
                double before = trajectory.AngleDegrees;
                trajectory.Step(TickSeconds);
                platform.Step((trajectory.AngleDegrees - before) / TickSeconds, true, TickSeconds);
                if (i > 1500)
                {
                    maximum = Math.Max(maximum, platform.AngleDegrees);
                    minimum = Math.Min(minimum, platform.AngleDegrees);
                }
            }

            // Measured: 6.30°.
            TestSupport.AtLeast(0.25, Math.Abs(0.5 * (maximum - minimum) - 6.0), "open-loop amplitude error, °");
        }

        [TestMethod]
        public void StaticCommandLevelsAndHoldsThePlatform()
        {
            Rig rig = new Rig();
            rig.Loop.Command(10.0, 6.0);
            rig.RunFor(40.0);
            rig.Loop.Command(0.0, 0.0);
            rig.RunFor(30.0);
            Assert.IsTrue(rig.Loop.Trajectory.IsSettled);
            double largest = 0.0;
            for (int i = 0; i < 500; i++)
            {
                rig.Tick();
                largest = Math.Max(largest, Math.Abs(rig.Platform.AngleDegrees));
            }

            TestSupport.AtMost(0.1, largest, "held level, °");
        }

        [TestMethod]
        public void AnAngleSensorFaultStopsAndDisablesTheDriveUntilClearedThenRestartsSmoothly()
        {
            Rig rig = new Rig();
            rig.Loop.Command(10.0, 6.0);
            rig.RunFor(31.0);
            rig.Status = SensorStatus.NoResponse;
            double faultAt = rig.Seconds;
            double safeAfter = -1.0;
            while (rig.Seconds < faultAt + 3.0)
            {
                rig.Tick();
                if (safeAfter < 0.0 && rig.Loop.Mode == RockingLoopMode.Faulted)
                {
                    safeAfter = rig.Seconds - faultAt;
                    Assert.AreEqual(0.0, rig.LastCommand);
                    Assert.IsFalse(rig.Loop.DriveEnabled);
                }
            }

            TestSupport.AtLeast(0.0, safeAfter, "faulted");
            TestSupport.AtMost(0.12, safeAfter, "fault confirmation, s");
            Assert.IsTrue(rig.Loop.AngleCheck == SensorCheck.DriverFault);
            Assert.IsTrue(rig.Loop.AngleDriverStatus == SensorStatus.NoResponse);

            // The sensor comes back: still latched until an operator clears the fault.
            rig.Status = SensorStatus.Ok;
            rig.RunFor(2.0);
            Assert.IsTrue(rig.Loop.Mode == RockingLoopMode.Faulted, "latched");
            Assert.IsFalse(rig.Loop.DriveEnabled);
            double stoppedAngle = rig.Platform.AngleDegrees;
            Assert.IsTrue(rig.Loop.ClearFault());
            rig.LargestFeedForwardStep = 0.0;
            rig.Tick();
            TestSupport.AreNear(stoppedAngle, rig.Loop.ReferenceAngleDegrees, 0.3, "re-aligned on the platform");
            TestSupport.AtMost(1.5, Math.Abs(rig.LastCommand), "first speed command after the restart, °/s");
            rig.RunFor(40.0);
            TestSupport.AtMost(0.5, rig.LargestFeedForwardStep, "largest reference-speed step after the restart, °/s");
            Assert.IsTrue(rig.Loop.Mode == RockingLoopMode.Running);
            TestSupport.AreNear(10.0, rig.Loop.MeasuredRateRpm, 0.1, "rocking again, rpm");
        }

        [TestMethod]
        public void ClearFaultRefusesWhileTheSensorIsStillBad()
        {
            Rig rig = new Rig();
            rig.Status = SensorStatus.DeviceFault;
            rig.RunFor(1.0);
            Assert.IsTrue(rig.Loop.Mode == RockingLoopMode.Faulted);
            Assert.IsFalse(rig.Loop.ClearFault());
            Assert.IsTrue(rig.Loop.Mode == RockingLoopMode.Faulted);
        }

        [TestMethod]
        public void AStaleOrStuckAngleIsCaughtWithinASecond()
        {
            Rig stale = new Rig();
            stale.Loop.Command(10.0, 6.0);
            stale.RunFor(31.0);
            stale.Stale = true;
            double start = stale.Seconds;
            while (stale.Loop.Mode != RockingLoopMode.Faulted && stale.Seconds < start + 5.0)
            {
                stale.Tick();
            }

            Assert.IsTrue(stale.Loop.AngleCheck == SensorCheck.Stale);
            TestSupport.AtMost(0.25, stale.Seconds - start, "stale caught after, s");

            Rig stuck = new Rig();
            stuck.Loop.Command(10.0, 6.0);
            stuck.RunFor(31.0);
            stuck.Stuck = true;
            start = stuck.Seconds;
            while (stuck.Loop.Mode != RockingLoopMode.Faulted && stuck.Seconds < start + 5.0)
            {
                stuck.Tick();
            }

            Assert.IsTrue(stuck.Loop.AngleCheck == SensorCheck.Frozen);
            TestSupport.AtMost(1.0, stuck.Seconds - start, "stuck caught after, s");
        }

        [TestMethod]
        public void AStillPlatformWithARepeatingReadingIsNotAStuckSensor()
        {
            Rig rig = new Rig();
            rig.Stuck = true;
            rig.RunFor(10.0);
            Assert.IsTrue(rig.Loop.Mode == RockingLoopMode.Running, "static and level: a repeating reading is fine");
        }

        [TestMethod]
        public void SuspendStopsAtOnceWhereItIsAndResumesSmoothly()
        {
            Rig rig = new Rig();
            rig.Loop.Command(10.0, 6.0);
            rig.RunFor(31.0);
            rig.Loop.Suspended = true;
            rig.Tick();
            Assert.AreEqual(0.0, rig.LastCommand, "speed 0 at the first suspended tick");
            Assert.IsTrue(rig.Loop.DriveEnabled, "drive powered: it holds the platform");
            Assert.IsTrue(rig.Loop.Mode == RockingLoopMode.Suspended);
            rig.RunFor(0.2);
            double heldAngle = rig.Platform.AngleDegrees;
            rig.RunFor(10.0);
            TestSupport.AreNear(heldAngle, rig.Platform.AngleDegrees, 1e-3, "no motion while suspended, °");

            rig.Loop.Suspended = false;
            rig.LargestFeedForwardStep = 0.0;
            rig.Tick();
            TestSupport.AtMost(1.5, Math.Abs(rig.LastCommand), "first speed command after resuming, °/s");
            rig.RunFor(40.0);
            TestSupport.AtMost(0.5, rig.LargestFeedForwardStep, "largest reference-speed step after resuming, °/s");
            Assert.IsTrue(rig.Loop.Mode == RockingLoopMode.Running);
            TestSupport.AreNear(6.0, rig.Loop.MeasuredAmplitudeDegrees, 0.2, "rocking again, °");
        }

        [TestMethod]
        public void TheSpeedCommandNeverExceedsTheDriveLimit()
        {
            RockingLoopSettings settings = new RockingLoopSettings();
            settings.MaximumSpeedDegreesPerSecond = 20.0;
            RockingLoop loop = new RockingLoop(settings);
            loop.Command(40.0, 12.0);
            RockerTestPlatform platform = new RockerTestPlatform();
            double largest = 0.0;
            long now = 0;
            for (int i = 0; i < 3000; i++)
            {
                double command = loop.Update(new SensorReading(platform.SensedAngleDegrees, SensorStatus.Ok, now), now, TickSeconds);
                largest = Math.Max(largest, Math.Abs(command));
                platform.Step(command, loop.DriveEnabled, TickSeconds);
                now += TickMilliseconds;
            }

            Assert.AreEqual(20.0, largest, "the clamp is reached and respected");
        }

        [TestMethod]
        public void TicksSlowerThanFiftyHertzAreCounted()
        {
            RockingLoop loop = new RockingLoop(new RockingLoopSettings());
            loop.Update(new SensorReading(0.0, SensorStatus.Ok, 0), 0, 0.02);
            loop.Update(new SensorReading(0.0, SensorStatus.Ok, 40), 40, 0.04);
            Assert.AreEqual(1, loop.LateTickCount);
        }

        [TestMethod]
        public void RejectsInvalidSettings()
        {
            RockingLoopSettings settings = new RockingLoopSettings();
            settings.MaximumTickSeconds = 0.05;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new RockingLoop(settings), "below 50 Hz");

            settings = new RockingLoopSettings();
            settings.MaximumAngleDegrees = 10.0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new RockingLoop(settings), "range below the amplitude limit");

            settings = new RockingLoopSettings();
            settings.FaultConfirmationSeconds = 3.0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new RockingLoop(settings), "confirmation beyond 1 s");

            settings = new RockingLoopSettings();
            settings.AngleTunings = new PidTunings(double.NaN, 1.0, 0.0);
            TestSupport.Throws(typeof(ArgumentException), () => new RockingLoop(settings), "NaN gain");

            RockingLoop loop = new RockingLoop(new RockingLoopSettings());
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => loop.Command(10.0, 13.0), "amplitude above 12°");
        }
    }
}
