#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Esp32.Drivers;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class DebouncedDoorSwitchTests
    {
        private const double Tick = 0.01;

        [TestMethod]
        public void TheLidCountsAsOpenUntilAClosedLevelHasHeld()
        {
            DebouncedDoorSwitch door = new DebouncedDoorSwitch(0.05, true);
            Assert.IsTrue(door.IsOpen, "open before any sample");
            for (int i = 0; i < 5; i++)
            {
                door.Update(false, Tick);
                Assert.IsTrue(door.IsOpen, "still open after " + (i + 1).ToString() + " samples");
            }

            door.Update(false, Tick);
            Assert.IsFalse(door.IsOpen, "closed after 50 ms low");
        }

        [TestMethod]
        public void BounceShorterThanTheStableTimeIsIgnored()
        {
            DebouncedDoorSwitch door = new DebouncedDoorSwitch(0.05, true);
            for (int i = 0; i < 10; i++)
            {
                door.Update(false, Tick);
            }

            int changes = door.ChangeCount;
            // A reed contact chattering when the lid is knocked: high for 10–30 ms at a time.
            bool[] chatter = { true, false, true, true, false, true, true, true, false, false };
            for (int i = 0; i < chatter.Length; i++)
            {
                door.Update(chatter[i], Tick);
                Assert.IsFalse(door.IsOpen, "chatter sample " + i.ToString());
            }

            Assert.AreEqual(changes, door.ChangeCount, "no change from chatter");
        }

        [TestMethod]
        public void AnOpenedLidIsReportedAfterTheStableTime()
        {
            DebouncedDoorSwitch door = new DebouncedDoorSwitch(0.05, true);
            for (int i = 0; i < 10; i++)
            {
                door.Update(false, Tick);
            }

            for (int i = 0; i < 6; i++)
            {
                door.Update(true, Tick);
            }

            Assert.IsTrue(door.IsOpen, "open");
            Assert.AreEqual(2, door.ChangeCount, "closed then open");
        }

        [TestMethod]
        public void AnActiveLowSwitchIsSupported()
        {
            DebouncedDoorSwitch door = new DebouncedDoorSwitch(0.0, false);
            door.Update(true, Tick);
            Assert.IsFalse(door.IsOpen, "high = closed");
            door.Update(false, Tick);
            Assert.IsTrue(door.IsOpen, "low = open");
        }

        [TestMethod]
        public void InvalidStableTimesAreRejected()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new DebouncedDoorSwitch(-0.1, true), "negative");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new DebouncedDoorSwitch(double.NaN, true), "NaN");
        }
    }
}
