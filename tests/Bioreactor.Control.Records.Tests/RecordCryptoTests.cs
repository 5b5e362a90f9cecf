#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class RecordCryptoTests
    {
        private static string Sha256Hex(byte[] data)
        {
            byte[] hash = new byte[32];
            Sha256.Hash(data, 0, data.Length, hash, 0);
            return RecordTestSupport.Hex(hash);
        }

        private static string HmacHex(byte[] key, byte[] data)
        {
            byte[] mac = new byte[32];
            new HmacSha256Authenticator(key).ComputeMac(data, 0, data.Length, mac, 0);
            return RecordTestSupport.Hex(mac);
        }

        private static byte[] Repeat(byte value, int count)
        {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                bytes[i] = value;
            }

            return bytes;
        }

        // ---- SHA-256: FIPS 180-2 appendix B examples ----

        [TestMethod]
        public void Sha256OfAbcIsTheFipsExample()
        {
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256Hex(TestSupport.Ascii("abc")));
        }

        [TestMethod]
        public void Sha256OfTwoBlockMessageIsTheFipsExample()
        {
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Sha256Hex(TestSupport.Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")));
        }

        [TestMethod]
        public void Sha256OfNothingIsTheKnownDigest()
        {
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256Hex(new byte[0]));
        }

        [TestMethod]
        public void Sha256FedInPiecesEqualsOneShot()
        {
            // Lengths around the 55/56/64-byte padding boundaries, fed in pieces that straddle block edges.
            int[] lengths = { 55, 56, 63, 64, 65, 119, 120, 200 };
            foreach (int length in lengths)
            {
                byte[] data = RecordTestSupport.RecipeBytes(length);
                string expected = Sha256Hex(data);
                var sha = new Sha256();
                int at = 0;
                int piece = 1;
                while (at < length)
                {
                    int n = length - at < piece ? length - at : piece;
                    sha.Update(data, at, n);
                    at += n;
                    piece = piece * 3 % 71 + 1;
                }

                byte[] hash = new byte[32];
                sha.Finish(hash, 0);
                Assert.AreEqual(expected, RecordTestSupport.Hex(hash), "length " + length);
            }
        }

        // ---- HMAC-SHA256: RFC 4231 test cases (case 2's 4-byte key is below the accepted minimum; case 5 is truncated) ----

        [TestMethod]
        public void HmacRfc4231Case1()
        {
            Assert.AreEqual("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                HmacHex(Repeat(0x0b, 20), TestSupport.Ascii("Hi There")));
        }

        [TestMethod]
        public void HmacRfc4231Case3()
        {
            Assert.AreEqual("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                HmacHex(Repeat(0xaa, 20), Repeat(0xdd, 50)));
        }

        [TestMethod]
        public void HmacRfc4231Case4()
        {
            byte[] key = new byte[25];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(i + 1);
            }

            Assert.AreEqual("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", HmacHex(key, Repeat(0xcd, 50)));
        }

        [TestMethod]
        public void HmacRfc4231Case6KeyLongerThanBlock()
        {
            Assert.AreEqual("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                HmacHex(Repeat(0xaa, 131), TestSupport.Ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
        }

        [TestMethod]
        public void HmacRfc4231Case7KeyAndDataLongerThanBlock()
        {
            Assert.AreEqual("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                HmacHex(Repeat(0xaa, 131), TestSupport.Ascii(
                    "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.")));
        }

        [TestMethod]
        public void HmacIsRepeatableAndWritesAtTheOffset()
        {
            var hmac = new HmacSha256Authenticator(RecordTestSupport.Key());
            byte[] data = RecordTestSupport.RecipeBytes(300);
            byte[] first = new byte[40];
            byte[] second = new byte[40];
            hmac.ComputeMac(data, 10, 200, first, 8);
            hmac.ComputeMac(data, 10, 200, second, 8);
            CollectionAssert.AreEqual(first, second);
            Assert.AreEqual((byte)0, first[0], "bytes before the offset untouched");
            Assert.AreEqual(HmacHex(RecordTestSupport.Key(), RecordTestSupport.Slice(data, 10, 200)),
                RecordTestSupport.Hex(RecordTestSupport.Slice(first, 8, 32)));
        }

        [TestMethod]
        public void HmacRejectsShortKey()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new HmacSha256Authenticator(new byte[15]), "15-byte key");
            TestSupport.Throws(typeof(ArgumentNullException), () => new HmacSha256Authenticator(null), "null key");
        }

        // ---- UTF-8 (RFC 3629) ----

        private static string Utf8Hex(string text)
        {
            byte[] buffer = new byte[64];
            bool truncated;
            int n = Utf8Text.Encode(text, buffer, 0, buffer.Length, out truncated);
            Assert.IsFalse(truncated, "not truncated");
            Assert.AreEqual(n, Utf8Text.GetByteCount(text), "byte count");
            return RecordTestSupport.Hex(RecordTestSupport.Slice(buffer, 0, n));
        }

        [TestMethod]
        public void Utf8EncodesOneToFourByteCharacters()
        {
            Assert.AreEqual("41", Utf8Hex("A"));
            Assert.AreEqual("c3a9", Utf8Hex("\u00e9"));
            Assert.AreEqual("e282ac", Utf8Hex("\u20ac"));
            Assert.AreEqual("f09f9880", Utf8Hex("\ud83d\ude00"));
            Assert.AreEqual("c2b0", Utf8Hex("\u00b0"));
        }

        [TestMethod]
        public void Utf8RoundTripsMixedText()
        {
            string text = "37.0 \u00b0C \u2192 37.5 \u00b0C, \u00e9t\u00e9 \ud83d\ude00 ok";
            byte[] buffer = new byte[64];
            bool truncated;
            int n = Utf8Text.Encode(text, buffer, 3, 61, out truncated);
            Assert.AreEqual(text, Utf8Text.Decode(buffer, 3, n));
        }

        [TestMethod]
        public void Utf8CutsAtCharacterBoundaryAndSaysSo()
        {
            byte[] buffer = new byte[8];
            bool truncated;
            int n = Utf8Text.Encode("a\u20acb", buffer, 0, 3, out truncated);
            Assert.AreEqual(1, n, "the 3-byte euro sign does not fit after 'a'");
            Assert.IsTrue(truncated);
            n = Utf8Text.Encode("a\u20acb", buffer, 0, 4, out truncated);
            Assert.AreEqual(4, n);
            Assert.IsTrue(truncated, "'b' left out");
        }

        [TestMethod]
        public void Utf8ReplacesUnpairedSurrogatesAndMalformedBytes()
        {
            Assert.AreEqual("41efbfbd42", Utf8Hex("A\ud800B"));
            byte[] malformed = { 0x41, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xE2, 0x82 };
            string decoded = Utf8Text.Decode(malformed, 0, malformed.Length);
            Assert.AreEqual('A', decoded[0]);
            for (int i = 1; i < decoded.Length; i++)
            {
                Assert.AreEqual('\ufffd', decoded[i], "replacement at " + i);
            }
        }

        [TestMethod]
        public void IntegerFormattingIsInvariant()
        {
            Assert.AreEqual("0", Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(0));
            Assert.AreEqual("-5", Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(-5));
            Assert.AreEqual("10000", Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(10000));
            Assert.AreEqual("1234567890123", Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(1234567890123));
            Assert.AreEqual("-9223372036854775808", Bioreactor.Control.Primitives.InvariantNumber.FormatInteger(long.MinValue));
        }
    }
}
