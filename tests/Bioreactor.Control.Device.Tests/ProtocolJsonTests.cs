#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class ProtocolJsonTests
    {
        private static string Write(JsonWriter w)
        {
            Assert.IsFalse(w.Overflowed, "no overflow");
            return Utf8Text.Decode(w.Buffer, 0, w.Length);
        }

        private static string Number(double value, int decimals)
        {
            JsonWriter w = LinkFixture.NewWriter(64);
            w.Number(value, decimals);
            return Write(w);
        }

        private static JsonValue Parse(string text, out string error)
        {
            var reader = new JsonReader(4096, 8, 64);
            byte[] bytes = Utf8Text.GetBytes(text);
            JsonValue value = reader.Parse(bytes, 0, bytes.Length);
            error = reader.Error;
            return value;
        }

        private static string ErrorOf(byte[] bytes)
        {
            var reader = new JsonReader(4096, 8, 64);
            JsonValue value = reader.Parse(bytes, 0, bytes.Length);
            Assert.IsNull(value, "refused");
            Assert.IsNotNull(reader.Error, "a message");
            return reader.Error;
        }

        private static bool Contains(string text, string part)
        {
            for (int i = 0; i + part.Length <= text.Length; i++)
            {
                if (text.Substring(i, part.Length) == part)
                {
                    return true;
                }
            }

            return false;
        }

        [TestMethod]
        public void WriterPlacesCommasAndEscapes()
        {
            JsonWriter w = LinkFixture.NewWriter(256);
            w.BeginObject();
            w.Name("a");
            w.Integer(-12);
            w.Name("b");
            w.BeginArray();
            w.Boolean(true);
            w.Null();
            w.String("q\"\\\n\t\u0001é€😀");
            w.EndArray();
            w.Name("c");
            w.BeginObject();
            w.EndObject();
            w.EndObject();
            Assert.AreEqual("{\"a\":-12,\"b\":[true,null,\"q\\\"\\\\\\n\\t\\u0001é€😀\"],\"c\":{}}", Write(w));
        }

        [TestMethod]
        [DataRow(37.0, 3, "37")]
        [DataRow(37.25, 3, "37.25")]
        [DataRow(-0.5, 2, "-0.5")]
        [DataRow(0.0004, 3, "0")]
        [DataRow(-0.0004, 3, "0")]
        [DataRow(1.23456789, 6, "1.234568")]
        [DataRow(5.0049, 2, "5")]
        [DataRow(123456789012.5, 1, "123456789012.5")]
        public void NumbersAreInvariantAndRounded(double value, int decimals, string expected)
        {
            Assert.AreEqual(expected, Number(value, decimals));
            Assert.AreEqual(InvariantNumber.Format(value, decimals) == "-0" ? "0" : InvariantNumber.Format(value, decimals), Number(value, decimals),
                "the same digits as InvariantNumber.Format");
        }

        [TestMethod]
        public void NonFiniteNumbersAreNullAndHugeOnesUseAnExponent()
        {
            Assert.AreEqual("null", Number(double.NaN, 3));
            Assert.AreEqual("null", Number(double.PositiveInfinity, 3));
            Assert.AreEqual("1.00000000000000e+20", Number(1e20, 3));
            Assert.AreEqual("-2.50000000000000e+15", Number(-2.5e15, 3));
        }

        [TestMethod]
        public void Base64MatchesRfc4648Vectors()
        {
            // RFC 4648 §10 test vectors.
            string[] inputs = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
            string[] outputs = { "\"\"", "\"Zg==\"", "\"Zm8=\"", "\"Zm9v\"", "\"Zm9vYg==\"", "\"Zm9vYmE=\"", "\"Zm9vYmFy\"" };
            for (int i = 0; i < inputs.Length; i++)
            {
                JsonWriter w = LinkFixture.NewWriter(64);
                byte[] data = Utf8Text.GetBytes(inputs[i]);
                w.Base64(data, 0, data.Length);
                Assert.AreEqual(outputs[i], Write(w), inputs[i]);
                Assert.AreEqual(outputs[i].Length - 2, JsonWriter.Base64Length(data.Length));
            }
        }

        [TestMethod]
        public void HexIsHexTextsSpellingAndStopsAtAFullBuffer()
        {
            byte[] data = { 0x00, 0x01, 0x7F, 0x80, 0xAB, 0xCD, 0xEF, 0xFF };
            JsonWriter w = LinkFixture.NewWriter(64);
            w.BeginArray();
            w.Hex(data, 0, data.Length);
            w.Hex(data, 2, 3);
            w.Hex(data, 0, 0);
            w.EndArray();
            Assert.AreEqual("[\"" + HexText.Format(data) + "\",\"7f80ab\",\"\"]", Write(w));
            Assert.AreEqual("[\"00017f80abcdefff\",\"7f80ab\",\"\"]", Write(w));

            JsonWriter small = LinkFixture.NewWriter(10);
            small.Hex(data, 0, data.Length);
            Assert.IsTrue(small.Overflowed, "18 characters do not fit 10 bytes");
        }

        [TestMethod]
        public void WriterReportsOverflowInsteadOfThrowing()
        {
            JsonWriter w = LinkFixture.NewWriter(8);
            w.BeginObject();
            w.Name("long-name");
            w.Integer(1);
            w.EndObject();
            Assert.IsTrue(w.Overflowed);
            TestSupport.AtMost(8, w.Length, "never past the buffer");
        }

        [TestMethod]
        public void ReaderReadsEveryKind()
        {
            string error;
            JsonValue v = Parse(" {\"s\":\"a\\u00e9\\ud83d\\ude00\\n\",\"n\":-12.5e1,\"i\":42,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,[2],{}]} ", out error);
            Assert.IsNotNull(v, error);
            Assert.AreEqual(7, v.Count);
            Assert.AreEqual("aé😀\n", v.Get("s").StringValue);
            TestSupport.AreNear(-125.0, v.Get("n").NumberValue, 0.0, "exponent");
            Assert.IsFalse(v.Get("n").IsIntegerLiteral);
            Assert.IsTrue(v.Get("i").IsIntegerLiteral);
            Assert.IsTrue(v.Get("t").BooleanValue);
            Assert.IsFalse(v.Get("f").BooleanValue);
            Assert.AreEqual((int)JsonKind.Null, (int)v.Get("z").Kind);
            Assert.AreEqual(3, v.Get("a").Count);
            Assert.AreEqual((int)JsonKind.Object, (int)v.Get("a").GetItem(2).Kind);
            Assert.IsNull(v.Get("missing"));
        }

        [TestMethod]
        public void ReaderNumbersAreExactWithinTheInvariantGrammar()
        {
            string error;
            JsonValue v = Parse("[0.1,37.5,-0.0001,123456789012345,1e2,2.5E-3,0.000000000000000000001]", out error);
            Assert.IsNotNull(v, error);
            Assert.IsTrue(v.GetItem(0).NumberValue == 0.1, "0.1 exactly the double 0.1");
            Assert.IsTrue(v.GetItem(1).NumberValue == 37.5);
            Assert.IsTrue(v.GetItem(2).NumberValue == -0.0001);
            Assert.IsTrue(v.GetItem(3).NumberValue == 123456789012345.0);
            Assert.IsTrue(v.GetItem(4).NumberValue == 100.0);
            Assert.IsTrue(v.GetItem(5).NumberValue == 0.0025);
            Assert.IsTrue(v.GetItem(6).NumberValue == 1e-21);
        }

        [TestMethod]
        [DataRow("", "ends where a value")]
        [DataRow("{", "ends inside an object")]
        [DataRow("{\"a\":1,}", "member name")]
        [DataRow("[1,]", "expected a value")]
        [DataRow("{\"a\":1}x", "after the document")]
        [DataRow("{\"a\":1,\"a\":2}", "duplicate member name \"a\"")]
        [DataRow("[01]", "leading zero")]
        [DataRow("[1.]", "decimal point")]
        [DataRow("[1e]", "exponent")]
        [DataRow("[-]", "'-' is not followed")]
        [DataRow("[1e400]", "outside the double range")]
        [DataRow("[-1e309]", "outside the double range")]
        [DataRow("[\"\\ud800\"]", "lone high surrogate")]
        [DataRow("[\"\\udc00x\"]", "lone low surrogate")]
        [DataRow("[\"\\ud800\\u0041\"]", "lone high surrogate")]
        [DataRow("[\"\\x\"]", "invalid escape")]
        [DataRow("[\"\\u12\"]", "4 hexadecimal digits")]
        [DataRow("[\"a\tb\"]", "control character")]
        [DataRow("[\"abc", "not closed")]
        [DataRow("{'a':1}", "member name in double quotes")]
        [DataRow("[tru]", "expected a value")]
        [DataRow("[NaN]", "expected a value")]
        [DataRow("/*c*/1", "expected a value")]
        [DataRow("[[[[[[[[[1]]]]]]]]]", "nesting deeper than 8")]
        public void ReaderRefusesNamingTheProblem(string text, string expected)
        {
            string message = ErrorOf(Utf8Text.GetBytes(text));
            Assert.IsTrue(Contains(message, expected), "'" + message + "' names '" + expected + "'");
            Assert.IsTrue(Contains(message, "(byte "), "the message gives the position");
        }

        [TestMethod]
        public void ReaderRefusesInvalidUtf8()
        {
            byte[][] cases =
            {
                new byte[] { 0x22, 0xC3, 0x22 },             // cut sequence
                new byte[] { 0x22, 0xC0, 0xAF, 0x22 },       // overlong '/'
                new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 }, // encoded surrogate U+D800
                new byte[] { 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22 }, // above U+10FFFF
                new byte[] { 0x22, 0xFF, 0x22 },
                new byte[] { 0x22, 0x80, 0x22 },             // lone continuation byte
            };
            for (int i = 0; i < cases.Length; i++)
            {
                Assert.IsTrue(Contains(ErrorOf(cases[i]), "invalid UTF-8"), "case " + i.ToString());
            }

            Assert.IsTrue(Contains(ErrorOf(new byte[] { 0xEF, 0xBB, 0xBF, 0x31 }), "expected a value"), "a byte-order mark is refused");
            string error;
            JsonValue ok = Parse("\"\u00e9\u20ac\U0001F600\"", out error);
            Assert.IsNotNull(ok, error);
            Assert.AreEqual("\u00e9\u20ac\U0001F600", ok.StringValue);
        }

        [TestMethod]
        public void ReaderLimitsSizeDepthAndItems()
        {
            var reader = new JsonReader(10, 2, 3);
            byte[] big = Utf8Text.GetBytes("[1,2,3,4,5,6]");
            Assert.IsNull(reader.Parse(big, 0, big.Length));
            Assert.IsTrue(Contains(reader.Error, "more than the limit of 10"), reader.Error);
            byte[] items = Utf8Text.GetBytes("[1,2,3,4]");
            Assert.IsNull(reader.Parse(items, 0, items.Length));
            Assert.IsTrue(Contains(reader.Error, "more than 3 items"), reader.Error);
            byte[] deep = Utf8Text.GetBytes("[[[1]]]");
            Assert.IsNull(reader.Parse(deep, 0, deep.Length));
            Assert.IsTrue(Contains(reader.Error, "deeper than 2"), reader.Error);
            byte[] fine = Utf8Text.GetBytes("[[1,2]]");
            Assert.IsNotNull(reader.Parse(fine, 0, fine.Length), reader.Error);
        }

        [TestMethod]
        public void WrittenDocumentsReadBack()
        {
            JsonWriter w = LinkFixture.NewWriter(512);
            w.BeginObject();
            w.Name("t");
            w.Number(37.123, 3);
            w.Name("s");
            w.String("line\nwith \"quotes\" and \u0007 bell");
            w.Name("b");
            byte[] data = { 0, 1, 2, 253, 254, 255 };
            w.Base64(data, 0, data.Length);
            w.EndObject();
            var reader = new JsonReader(512, 8, 64);
            JsonValue v = reader.Parse(w.Buffer, 0, w.Length);
            Assert.IsNotNull(v, reader.Error);
            Assert.IsTrue(v.Get("t").NumberValue == 37.123);
            Assert.AreEqual("line\nwith \"quotes\" and \u0007 bell", v.Get("s").StringValue);
            Assert.AreEqual("AAEC/f7/", v.Get("b").StringValue);
        }
    }
}
