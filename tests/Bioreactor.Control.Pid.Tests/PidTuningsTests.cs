#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class PidTuningsTests
    {
        [TestMethod]
        public void RejectsNonPositiveGainAndNegativeTimes()
        {
            Assert.IsTrue(new PidTunings(1.0, 10.0, 0.0).IsValid);
            Assert.IsFalse(new PidTunings(0.0, 10.0, 0.0).IsValid);
            Assert.IsFalse(new PidTunings(1.0, -1.0, 0.0).IsValid);
            Assert.IsFalse(new PidTunings(1.0, 1.0, double.NaN).IsValid);
            Assert.IsFalse(new PidTunings(double.PositiveInfinity, 1.0, 0.0).IsValid);
        }
    }
}
