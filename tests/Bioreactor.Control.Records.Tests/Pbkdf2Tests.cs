#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2) on the managed HMAC: RFC 7914 section 11's first vector, and vectors
    /// with more than one iteration, a partial last block and an empty password whose expected bytes were computed
    /// independently with OpenSSL's PKCS5_PBKDF2_HMAC. Iteration counts stay small: on nanoCLR every iteration costs two
    /// SHA-256 blocks of interpreted code. The long vectors and the comparison with the host's Rfc2898DeriveBytes are in
    /// the host-only Pbkdf2HostTests.
    /// </summary>
    [TestClass]
    public class Pbkdf2Tests
    {
        private static string DeriveHex(string password, string salt, int iterations, int length)
        {
            byte[] output = new byte[length];
            Pbkdf2.DeriveKey(HmacSha256Authenticator.ForPassword(TestSupport.Ascii(password)), TestSupport.Ascii(salt), iterations, output);
            return RecordTestSupport.Hex(output);
        }

        [TestMethod]
        public void Rfc7914Section11FirstVector()
        {
            Assert.AreEqual(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
                DeriveHex("passwd", "salt", 1, 64));
        }

        [TestMethod]
        public void OneAndTwoIterations()
        {
            Assert.AreEqual("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b", DeriveHex("password", "salt", 1, 32));
            Assert.AreEqual("ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43", DeriveHex("password", "salt", 2, 32));
        }

        [TestMethod]
        public void EmptyPasswordAndAPartialSecondBlock()
        {
            Assert.AreEqual("5ddf839afa2d5fb4be56e1a0f48917617559bef61ec122bfca1c7f75ac8f401d060b470b70403497", DeriveHex(string.Empty, "salt", 3, 40));
        }

        [TestMethod]
        public void AShortOutputIsThePrefixOfALongerOne()
        {
            string full = DeriveHex("passwd", "salt", 1, 64);
            Assert.AreEqual(full.Substring(0, 2), DeriveHex("passwd", "salt", 1, 1));
            Assert.AreEqual(full.Substring(0, 66), DeriveHex("passwd", "salt", 1, 33));
        }

        [TestMethod]
        public void RefusesMissingArgumentsNoIterationsAndNoOutput()
        {
            HmacSha256Authenticator prf = HmacSha256Authenticator.ForPassword(TestSupport.Ascii("pw"));
            byte[] salt = new byte[16];
            TestSupport.Throws(typeof(ArgumentNullException), () => Pbkdf2.DeriveKey(null, salt, 1, new byte[32]), "null prf");
            TestSupport.Throws(typeof(ArgumentNullException), () => Pbkdf2.DeriveKey(prf, null, 1, new byte[32]), "null salt");
            TestSupport.Throws(typeof(ArgumentNullException), () => Pbkdf2.DeriveKey(prf, salt, 1, null), "null output");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => Pbkdf2.DeriveKey(prf, salt, 0, new byte[32]), "0 iterations");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => Pbkdf2.DeriveKey(prf, salt, 1, new byte[0]), "no output");
        }

        [TestMethod]
        public void PasswordKeysMayBeShortButRecordKeysMayNot()
        {
            byte[] data = TestSupport.Ascii("Hi There");
            byte[] mac = new byte[32];
            HmacSha256Authenticator.ForPassword(new byte[0]).ComputeMac(data, 0, data.Length, mac, 0);
            HmacSha256Authenticator.ForPassword(new byte[1]).ComputeMac(data, 0, data.Length, mac, 0);
            // RFC 4231 test case 2: the 4-byte key "Jefe", below the record keys' minimum but a valid PRF key.
            byte[] what = TestSupport.Ascii("what do ya want for nothing?");
            HmacSha256Authenticator.ForPassword(TestSupport.Ascii("Jefe")).ComputeMac(what, 0, what.Length, mac, 0);
            Assert.AreEqual("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", RecordTestSupport.Hex(mac));
            TestSupport.Throws(typeof(ArgumentNullException), () => HmacSha256Authenticator.ForPassword(null), "null password");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new HmacSha256Authenticator(TestSupport.Ascii("Jefe")), "record key of 4 bytes");
        }
    }
}
