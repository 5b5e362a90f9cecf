#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    /// <summary>The core's invariant number parser and formatter (recipe and configuration files, messages).</summary>
    [TestClass]
    public class RecipeNumberTests
    {
        [TestMethod]
        public void ParsesDecimalsToTheNearestDouble()
        {
            // Each literal is the C# compiler's correctly rounded double for the same digits.
            string[] texts = { "37", "0.5", "-0.5", "+2", "36.6", "0.1", "0.3", "0.001", "4.35", "0000.25", "123456789012345", "0.000000000000000000001" };
            double[] values = { 37.0, 0.5, -0.5, 2.0, 36.6, 0.1, 0.3, 0.001, 4.35, 0.25, 123456789012345.0, 1e-21 };
            for (int i = 0; i < texts.Length; i++)
            {
                Assert.IsTrue(InvariantNumber.TryParse(texts[i], out double value), texts[i]);
                Assert.AreEqual(values[i], value, texts[i]);
            }
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("37,5")]
        [DataRow("3.7e1")]
        [DataRow(".5")]
        [DataRow("5.")]
        [DataRow("-")]
        [DataRow("+-1")]
        [DataRow("1 2")]
        [DataRow(" 1")]
        [DataRow("1 ")]
        [DataRow("1,000")]
        [DataRow("NaN")]
        [DataRow("Infinity")]
        [DataRow("0x10")]
        [DataRow("1234567890123456")]
        [DataRow("1.234567890123456")]
        [DataRow("0.00000000000000000000001")]
        public void RefusesWhatTheGrammarDoesNotAllow(string text)
        {
            Assert.IsFalse(InvariantNumber.TryParse(text, out double value), "'" + text + "'");
        }

        [TestMethod]
        public void RefusesNull()
        {
            Assert.IsFalse(InvariantNumber.TryParse(null, out double value));
            Assert.IsFalse(InvariantNumber.TryParseInteger(null, out long integer));
        }

        [TestMethod]
        public void ParsesIntegers()
        {
            Assert.IsTrue(InvariantNumber.TryParseInteger("999999", out long a));
            Assert.AreEqual(999999L, a);
            Assert.IsTrue(InvariantNumber.TryParseInteger("-12", out long b));
            Assert.AreEqual(-12L, b);
            Assert.IsFalse(InvariantNumber.TryParseInteger("1.0", out long c));
            Assert.IsFalse(InvariantNumber.TryParseInteger("+1", out long d));
            Assert.IsFalse(InvariantNumber.TryParseInteger("1234567890123456789", out long e), "19 digits");
            Assert.IsFalse(InvariantNumber.TryParseInteger("-", out long f));
        }

        [TestMethod]
        public void FormatsShortestWithUpToTheGivenDecimals()
        {
            Assert.AreEqual("37", InvariantNumber.Format(37.0, 3));
            Assert.AreEqual("36.5", InvariantNumber.Format(36.5, 3));
            Assert.AreEqual("0.25", InvariantNumber.Format(0.25, 3));
            Assert.AreEqual("-0.5", InvariantNumber.Format(-0.5, 3));
            Assert.AreEqual("0.001", InvariantNumber.Format(0.0005, 3), "half away from zero");
            Assert.AreEqual("-0.001", InvariantNumber.Format(-0.0005, 3));
            Assert.AreEqual("0", InvariantNumber.Format(-0.0001, 3), "no negative zero");
            Assert.AreEqual("0", InvariantNumber.Format(-0.0, 3));
            Assert.AreEqual("37.3", InvariantNumber.Format(37.25, 1), "exactly representable half");
            Assert.AreEqual("2592000", InvariantNumber.Format(2592000.0, 3));
            Assert.AreEqual("0.333333", InvariantNumber.Format(1.0 / 3.0, 6));
            Assert.AreEqual("NaN", InvariantNumber.Format(double.NaN, 3));
            Assert.AreEqual("Infinity", InvariantNumber.Format(double.PositiveInfinity, 3));
            Assert.AreEqual("-Infinity", InvariantNumber.Format(double.NegativeInfinity, 3));
            Assert.AreEqual(">1e15", InvariantNumber.Format(1e15, 3));
            Assert.AreEqual("<-1e15", InvariantNumber.Format(-2e20, 3));
            Assert.AreEqual("200000000000000", InvariantNumber.Format(2e14, 6), "fewer decimals rather than a long overflow");
            Assert.AreEqual("-123456789012.5", InvariantNumber.Format(-123456789012.5, 6));
        }

        [TestMethod]
        public void FormatsIntegers()
        {
            Assert.AreEqual("0", InvariantNumber.FormatInteger(0));
            Assert.AreEqual("-12", InvariantNumber.FormatInteger(-12));
            Assert.AreEqual("864000", InvariantNumber.FormatInteger(864000));
            Assert.AreEqual("9223372036854775807", InvariantNumber.FormatInteger(long.MaxValue));
            Assert.AreEqual("-9223372036854775808", InvariantNumber.FormatInteger(long.MinValue));
        }

        [TestMethod]
        public void EveryThreeDecimalValueOfTheRecipeRangesFormatsAndReadsBackExactly()
        {
            // -40.000 to 40.000 in steps of 0.001: the grid recipe values live on (every 11th on the device, for time).
#if NANOFRAMEWORK_1_0
            const int Step = 11;
#else
            const int Step = 1;
#endif
            for (int thousandths = -40000; thousandths <= 40000; thousandths += Step)
            {
                string text = DecimalText(thousandths);
                Assert.IsTrue(InvariantNumber.TryParse(text, out double value), text);
                string formatted = InvariantNumber.Format(value, 3);
                Assert.IsTrue(InvariantNumber.TryParse(formatted, out double again), formatted);
                if (again != value)
                {
                    Assert.AreEqual(text, formatted, "round trip of " + text);
                }
            }
        }

#if !NANOFRAMEWORK_1_0
        [TestMethod]
        public void AgreesWithTheHostsInvariantParserOnSeededRandomNumbers()
        {
            ulong state = 0x9E3779B97F4A7C15UL; // xorshift64 seed
            for (int i = 0; i < 20000; i++)
            {
                string text = RandomNumberText(ref state);
                Assert.IsTrue(InvariantNumber.TryParse(text, out double ours), text + " (seed step " + i + ")");
                double host = double.Parse(text, System.Globalization.NumberStyles.AllowLeadingSign
                    | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture);
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(host), BitConverter.DoubleToInt64Bits(ours), text);
            }
        }

        [TestMethod]
        public void FormatsAsTheHostsInvariantFormatterOnTheRecipeGrid()
        {
            for (int thousandths = -40000; thousandths <= 40000; thousandths += 7)
            {
                double value = thousandths / 1000.0;
                string host = value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
                Assert.AreEqual(host == "-0" ? "0" : host, InvariantNumber.Format(value, 3));
            }
        }

        private static string RandomNumberText(ref ulong state)
        {
            int integerDigits = 1 + (int)(Next(ref state) % 9);
            int fractionDigits = (int)(Next(ref state) % 7);
            var chars = new System.Text.StringBuilder();
            ulong signPick = Next(ref state) % 4;
            if (signPick == 0)
            {
                chars.Append('-');
            }
            else if (signPick == 1)
            {
                chars.Append('+');
            }

            for (int d = 0; d < integerDigits; d++)
            {
                chars.Append((char)('0' + (int)(Next(ref state) % 10)));
            }

            if (fractionDigits > 0)
            {
                chars.Append('.');
                for (int d = 0; d < fractionDigits; d++)
                {
                    chars.Append((char)('0' + (int)(Next(ref state) % 10)));
                }
            }

            return chars.ToString();
        }

        private static ulong Next(ref ulong state)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        }
#endif

        private static string DecimalText(int thousandths)
        {
            string sign = thousandths < 0 ? "-" : string.Empty;
            int magnitude = thousandths < 0 ? -thousandths : thousandths;
            string fraction = InvariantNumber.FormatInteger(magnitude % 1000);
            while (fraction.Length < 3)
            {
                fraction = "0" + fraction;
            }

            return sign + InvariantNumber.FormatInteger(magnitude / 1000) + "." + fraction;
        }
    }
}
