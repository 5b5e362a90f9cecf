using System;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class SeededRandomTests
    {
        // The polar method one pair at a time on a twin stream's uniform draws: the sequence the batched generator
        // must reproduce exactly (the plant's noise, and so every bench figure, depends on it).
        [TestMethod]
        public void GaussianBatchesGiveThePolarMethodsSequenceOnePairAtATime()
        {
            var uniform = new SeededRandom(7, 3);
            var batched = new SeededRandom(7, 3);
            for (int pair = 0; pair < 500; pair++)
            {
                double u;
                double v;
                double s;
                do
                {
                    u = (2.0 * uniform.NextDouble()) - 1.0;
                    v = (2.0 * uniform.NextDouble()) - 1.0;
                    s = (u * u) + (v * v);
                }
                while (s >= 1.0 || s == 0.0);

                double factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
                Assert.AreEqual(u * factor, batched.NextGaussian(), 0.0, "pair " + pair + ", first");
                Assert.AreEqual(v * factor, batched.NextGaussian(), 0.0, "pair " + pair + ", second");
            }
        }

        [TestMethod]
        public void UniformDrawsAreAllowedBeforeTheFirstGaussianAndRefusedAfterIt()
        {
            var random = new SeededRandom(1, 4);
            random.NextDouble();
            random.NextGaussian();
            Assert.ThrowsExactly<InvalidOperationException>(() => random.NextDouble());
        }
    }
}
