#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// The ring positions the alarm manager and the batch controller keep their events by: first in, first out; when full,
    /// the oldest slot is reused and the loss counted.
    /// </summary>
    [TestClass]
    public class RingIndexTests
    {
        [TestMethod]
        public void SlotsComeBackInOrderAroundTheRing()
        {
            var ring = new RingIndex(3);
            Assert.AreEqual(-1, ring.Take(), "empty");
            for (int round = 0; round < 4; round++)
            {
                int first = ring.Push();
                int second = ring.Push();
                Assert.AreEqual(2, ring.Count);
                Assert.AreEqual(first, ring.Take(), "oldest first, round " + round.ToString());
                Assert.AreEqual(second, ring.Take(), "then the next, round " + round.ToString());
                Assert.AreEqual(-1, ring.Take(), "empty again, round " + round.ToString());
            }

            Assert.AreEqual(0L, ring.OverflowCount);
        }

        [TestMethod]
        public void AFullRingReusesTheOldestSlotAndCountsTheLoss()
        {
            var ring = new RingIndex(3);
            int a = ring.Push();
            int b = ring.Push();
            int c = ring.Push();
            Assert.AreEqual(a, ring.Push(), "the fourth item takes the oldest's slot");
            Assert.AreEqual(1L, ring.OverflowCount);
            Assert.AreEqual(3, ring.Count, "still full");
            Assert.AreEqual(b, ring.Take(), "the oldest kept comes first");
            Assert.AreEqual(c, ring.Take());
            Assert.AreEqual(a, ring.Take(), "the newest last");
            Assert.AreEqual(-1, ring.Take());
        }
    }
}
