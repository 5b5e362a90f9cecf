using System;
using System.Security.Cryptography;
using System.Text;
using Bioreactor.Control.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Control.Tests.HostOnly
{
    /// <summary>
    /// The core's PBKDF2-HMAC-SHA256 against vectors too slow for nanoCLR (RFC 7914 section 11's 80,000 iterations) and
    /// against the host's Rfc2898DeriveBytes.Pbkdf2 (an independent implementation) over passwords from empty to longer
    /// than the HMAC block, non-ASCII passwords, empty to long salts, 1 to 5,000 iterations and outputs from 1 byte to
    /// several blocks.
    /// </summary>
    [TestClass]
    public sealed class Pbkdf2HostTests
    {
        private static byte[] Derive(byte[] password, byte[] salt, int iterations, int length)
        {
            byte[] output = new byte[length];
            Pbkdf2.DeriveKey(HmacSha256Authenticator.ForPassword(password), salt, iterations, output);
            return output;
        }

        private static string DeriveHex(string password, string salt, int iterations, int length) =>
            Convert.ToHexString(Derive(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), iterations, length)).ToLowerInvariant();

        [TestMethod]
        public void Rfc7914Section11SecondVector()
        {
            Assert.AreEqual(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
                DeriveHex("Password", "NaCl", 80000, 64));
        }

        [TestMethod]
        public void LongerVectors()
        {
            // Expected bytes computed independently with OpenSSL's PKCS5_PBKDF2_HMAC.
            Assert.AreEqual("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a", DeriveHex("password", "salt", 4096, 32));
            Assert.AreEqual("348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9",
                DeriveHex("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 40));
            Assert.AreEqual("89b69d0516f829893c696226650a8687", DeriveHex("pass\0word", "sa\0lt", 4096, 16));
        }

        [TestMethod]
        public void EqualsRfc2898DeriveBytesForManyPasswordsSaltsIterationsAndLengths()
        {
            string[] passwords =
            {
                string.Empty, "a", "tech.sim-demo-password", "correct horse battery staple",
                "pässwörd \u20ac \ud83d\ude00", new string('x', 63), new string('y', 64), new string('z', 65), new string('w', 200),
            };
            int[] saltLengths = { 0, 1, 16, 64, 100 };
            int[] iterations = { 1, 2, 3, 17, 1000, 5000 };
            int[] lengths = { 1, 16, 31, 32, 33, 64, 65, 100 };
            var random = new Random(20261207);
            int cases = 0;
            foreach (string text in passwords)
            {
                byte[] password = Encoding.UTF8.GetBytes(text);
                foreach (int saltLength in saltLengths)
                {
                    byte[] salt = new byte[saltLength];
                    random.NextBytes(salt);
                    // Every iteration count with a few lengths each keeps the run short; every length is reached.
                    foreach (int count in iterations)
                    {
                        int length = lengths[(cases++) % lengths.Length];
                        byte[] expected = Rfc2898DeriveBytes.Pbkdf2(password, salt, count, HashAlgorithmName.SHA256, length);
                        CollectionAssert.AreEqual(expected, Derive(password, salt, count, length),
                            $"password '{text}' ({password.Length} bytes), salt {saltLength} bytes, {count} iterations, {length} bytes");
                    }
                }
            }

            Assert.AreEqual(passwords.Length * saltLengths.Length * iterations.Length, cases);
        }

        [TestMethod]
        public void EqualsRfc2898DeriveBytesAtTheProvisioningParameters()
        {
            // The directory's form: 16-byte salt, 32-byte verifier; fewer iterations than provisioning's 600,000 (the
            // per-iteration step is the same).
            byte[] password = Encoding.UTF8.GetBytes("an operator's password");
            byte[] salt = new byte[16];
            new Random(7).NextBytes(salt);
            CollectionAssert.AreEqual(Rfc2898DeriveBytes.Pbkdf2(password, salt, 20000, HashAlgorithmName.SHA256, 32), Derive(password, salt, 20000, 32));
        }
    }
}
