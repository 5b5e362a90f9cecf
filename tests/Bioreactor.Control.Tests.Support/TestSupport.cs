#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// The two asserts the device and host test frameworks spell differently: a tolerance comparison
    /// (nanoFramework's third AreEqual parameter is the message) and an expected exception (MSTest's forms are
    /// generic, nanoFramework's are not). Everything else uses the shared Assert subset directly.
    /// </summary>
    public static class TestSupport
    {
        /// <summary>
        /// Reads <paramref name="sensor"/> into a new reading: tests keep and compare samples, where the control tick reads
        /// into objects of its own that change every tick.
        /// </summary>
        public static SensorReading Sample(ISensor sensor)
        {
            var reading = new SensorReading();
            sensor.Read(reading);
            return reading;
        }

        /// <summary>Asserts |expected − actual| ≤ tolerance, naming the values in the failure.</summary>
        public static void AreNear(double expected, double actual, double tolerance, string what)
        {
            bool near = Math.Abs(expected - actual) <= tolerance;
            Assert.IsTrue(near, what + ": expected " + expected.ToString("F6") + " ± " + tolerance.ToString("F6")
                + ", got " + actual.ToString("F6"));
        }

        /// <summary>Asserts value ≤ limit, naming the values in the failure.</summary>
        public static void AtMost(double limit, double value, string what)
        {
            Assert.IsTrue(value <= limit, what + ": expected at most " + limit.ToString("F6") + ", got " + value.ToString("F6"));
        }

        /// <summary>Asserts value ≥ limit, naming the values in the failure.</summary>
        public static void AtLeast(double limit, double value, string what)
        {
            Assert.IsTrue(value >= limit, what + ": expected at least " + limit.ToString("F6") + ", got " + value.ToString("F6"));
        }

        /// <summary>Asserts that <paramref name="action"/> throws exactly <paramref name="exceptionType"/>.</summary>
        public static void Throws(Type exceptionType, Action action, string what)
        {
            Type thrown = null;
            try
            {
                action();
            }
            catch (Exception exception)
            {
                thrown = exception.GetType();
            }

            Assert.IsTrue(thrown != null, what + ": expected " + exceptionType.Name + ", nothing was thrown");
            Assert.IsTrue(thrown == exceptionType, what + ": expected " + exceptionType.Name + ", got " + thrown.Name);
        }

        /// <summary>
        /// Asserts that <paramref name="action"/> throws exactly <paramref name="exceptionType"/> with a message containing
        /// <paramref name="fragment"/>: which check refused the value (e.g. "NaN" for the explicit NaN test, which nanoCLR
        /// needs because an unordered comparison evaluates as "greater" there).
        /// </summary>
        public static void ThrowsNaming(Type exceptionType, Action action, string fragment, string what)
        {
            Exception thrown = null;
            try
            {
                action();
            }
            catch (Exception exception)
            {
                thrown = exception;
            }

            Assert.IsTrue(thrown != null, what + ": expected " + exceptionType.Name + ", nothing was thrown");
            Assert.IsTrue(thrown.GetType() == exceptionType, what + ": expected " + exceptionType.Name + ", got " + thrown.GetType().Name);
            Assert.IsTrue(Contains(thrown.Message, fragment), what + ": the message should name '" + fragment + "': " + thrown.Message);
        }

        /// <summary>True when <paramref name="fragment"/> occurs in <paramref name="text"/> (ordinal).</summary>
        public static bool Contains(string text, string fragment)
        {
            if (text == null)
            {
                return false;
            }

            for (int i = 0; i + fragment.Length <= text.Length; i++)
            {
                if (text.Substring(i, fragment.Length) == fragment)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>ASCII bytes of a string.</summary>
        public static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
