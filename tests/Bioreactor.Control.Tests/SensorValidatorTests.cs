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
    public class SensorValidatorTests
    {
        // A liquid-probe validator: 0–60 °C, samples at most 1.5 s old, at most 0.5 °C/s plus 0.2 °C of noise.
        private static SensorValidator NewValidator()
        {
            SensorValidator validator = new SensorValidator(0.0, 60.0, 1500, 0.5);
            validator.RateAllowance = 0.2;
            return validator;
        }

        private static SensorReading Reading(double value, long sampleMilliseconds)
        {
            return new SensorReading(value, SensorStatus.Ok, sampleMilliseconds);
        }

        [TestMethod]
        public void AcceptsAPlausibleFreshReadingAndKeepsItAsTheLastGoodValue()
        {
            SensorValidator validator = NewValidator();
            Assert.IsFalse(validator.HasGoodValue);
            Assert.IsTrue(validator.Check(Reading(37.0, 1000), 1100) == SensorCheck.Ok);
            Assert.IsTrue(validator.HasGoodValue);
            TestSupport.AreNear(37.0, validator.LastGoodValue, 0.0, "last good value");
            Assert.AreEqual(1000L, validator.LastGoodSampleMilliseconds);
            Assert.IsFalse(validator.IsFaulted);
        }

        [TestMethod]
        public void DriverStatusOtherThanOkIsADriverFaultAndTheStatusIsKept()
        {
            SensorValidator validator = NewValidator();
            validator.Check(Reading(37.0, 0), 0);
            SensorCheck check = validator.Check(new SensorReading(37.0, SensorStatus.OpenCircuit, 100), 100);
            Assert.IsTrue(check == SensorCheck.DriverFault);
            Assert.IsTrue(validator.LastDriverStatus == SensorStatus.OpenCircuit);
            Assert.IsTrue(validator.IsFaulted);
            TestSupport.AreNear(37.0, validator.LastGoodValue, 0.0, "last good value survives the fault");
        }

        [TestMethod]
        public void ValuesOutsideTheRangeAreBelowOrAboveRange()
        {
            SensorValidator validator = NewValidator();
            Assert.IsTrue(validator.Check(Reading(-0.1, 0), 0) == SensorCheck.BelowRange);
            Assert.IsTrue(validator.Check(Reading(60.1, 0), 0) == SensorCheck.AboveRange);
            Assert.IsTrue(validator.Check(Reading(double.NaN, 0), 0) == SensorCheck.BelowRange);
            Assert.IsTrue(validator.Check(Reading(double.PositiveInfinity, 0), 0) == SensorCheck.AboveRange);
            Assert.IsFalse(validator.HasGoodValue, "no out-of-range value is kept");
            Assert.IsTrue(validator.Check(Reading(60.0, 0), 0) == SensorCheck.Ok, "the range is inclusive");
            TestSupport.AreNear(60.0, validator.LastGoodValue, 0.0, "last good value");
        }

        [TestMethod]
        public void ASampleOlderThanTheMaximumAgeOrFromTheFutureIsStale()
        {
            SensorValidator validator = NewValidator();
            Assert.IsTrue(validator.Check(Reading(37.0, 1000), 2500) == SensorCheck.Ok);
            Assert.IsTrue(validator.Check(Reading(37.0, 1000), 2501) == SensorCheck.Stale);
            Assert.IsTrue(validator.Check(Reading(37.0, 3000), 2999) == SensorCheck.Stale);
            Assert.IsTrue(validator.Check(Reading(37.0, 900), 1000) == SensorCheck.Stale, "older than the last good sample");
        }

        [TestMethod]
        public void AJumpFasterThanTheProcessCanMoveIsARateOfChangeFault()
        {
            SensorValidator validator = NewValidator();
            validator.Check(Reading(37.0, 0), 0);

            // One second later: 0.5 °C/s × 1 s + 0.2 °C allowance = 0.7 °C allowed.
            Assert.IsTrue(validator.Check(Reading(37.69, 1000), 1000) == SensorCheck.Ok);
            Assert.IsTrue(validator.Check(Reading(38.5, 2000), 2000) == SensorCheck.RateOfChange);
            TestSupport.AreNear(37.69, validator.LastGoodValue, 1e-12, "a rejected value is not kept");

            // The allowance grows with the time since the last good sample, so a real step is accepted again.
            Assert.IsTrue(validator.Check(Reading(38.5, 3000), 3000) == SensorCheck.Ok);
        }

        [TestMethod]
        public void TheSameSampleReadAgainIsNotJudgedAsAChange()
        {
            SensorValidator validator = NewValidator();
            validator.FrozenWindowSeconds = 1.0;
            validator.Check(Reading(37.0, 1000), 1000);
            for (long now = 1000; now <= 2500; now += 100)
            {
                Assert.IsTrue(validator.Check(Reading(37.0, 1000), now) == SensorCheck.Ok, "same sample at " + now.ToString());
            }
        }

        [TestMethod]
        public void FrozenDetectionIsOffByDefaultAndCatchesAStuckValueWhenOn()
        {
            SensorValidator off = NewValidator();
            SensorValidator on = NewValidator();
            on.FrozenWindowSeconds = 2.0;
            Assert.AreEqual(0.0, off.FrozenWindowSeconds);
            SensorCheck last = SensorCheck.Ok;
            long frozenAtMilliseconds = -1;
            for (long t = 0; t <= 5000; t += 100)
            {
                Assert.IsTrue(off.Check(Reading(37.0, t), t) == SensorCheck.Ok, "off: never frozen");
                last = on.Check(Reading(37.0, t), t);
                if (last == SensorCheck.Frozen && frozenAtMilliseconds < 0)
                {
                    frozenAtMilliseconds = t;
                }
            }

            Assert.IsTrue(last == SensorCheck.Frozen);
            Assert.AreEqual(2100L, frozenAtMilliseconds);

            // A changing value is never frozen.
            SensorValidator moving = NewValidator();
            moving.FrozenWindowSeconds = 2.0;
            for (long t = 0; t <= 5000; t += 100)
            {
                double value = 37.0 + ((t / 100) % 2 == 0 ? 0.0 : 0.03125);
                Assert.IsTrue(moving.Check(Reading(value, t), t) == SensorCheck.Ok, "moving at " + t.ToString());
            }
        }

        [TestMethod]
        public void ResetForgetsTheLastGoodValue()
        {
            SensorValidator validator = NewValidator();
            validator.Check(Reading(37.0, 0), 0);
            validator.Reset();
            Assert.IsFalse(validator.HasGoodValue);
            Assert.IsTrue(validator.LastCheck == SensorCheck.Stale);

            // No rate test without a previous good value.
            Assert.IsTrue(validator.Check(Reading(20.0, 100), 100) == SensorCheck.Ok);
        }

        [TestMethod]
        public void DescribeGivesEnglishTextForEveryCheck()
        {
            SensorCheck[] checks =
            {
                SensorCheck.Ok, SensorCheck.DriverFault, SensorCheck.BelowRange, SensorCheck.AboveRange,
                SensorCheck.Stale, SensorCheck.RateOfChange, SensorCheck.Frozen,
            };
            string[] texts = new string[checks.Length];
            for (int i = 0; i < checks.Length; i++)
            {
                texts[i] = SensorValidator.Describe(checks[i]);
                Assert.IsTrue(texts[i].Length > 5, "text for check " + i.ToString());
                Assert.IsTrue(texts[i] != SensorValidator.Describe((SensorCheck)99), "not the unknown text: " + i.ToString());
                for (int j = 0; j < i; j++)
                {
                    Assert.IsTrue(texts[i] != texts[j], "distinct texts " + i.ToString() + " and " + j.ToString());
                }
            }

            Assert.AreEqual("reading above the valid range", SensorValidator.Describe(SensorCheck.AboveRange));
        }

        [TestMethod]
        public void RejectsInvalidConfiguration()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new SensorValidator(10.0, 10.0, 1000, 1.0), "empty range");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new SensorValidator(double.NaN, 10.0, 1000, 1.0), "NaN minimum");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new SensorValidator(0.0, 10.0, 0, 1.0), "zero age");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new SensorValidator(0.0, 10.0, 1000, 0.0), "zero rate");
            SensorValidator validator = new SensorValidator(0.0, 10.0, 1000, double.PositiveInfinity);
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => validator.RateAllowance = -1.0, "negative allowance");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => validator.FrozenWindowSeconds = -1.0, "negative window");
        }
    }
}
