using System;
using System.Security.Cryptography;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Host.Infrastructure.Tests
{
    /// <summary>The core's managed SHA-256 and HMAC-SHA256 give the same bytes as the host's System.Security.Cryptography.</summary>
    [TestClass]
    public sealed class RecordHostCryptoTests
    {
        [TestMethod]
        public void ManagedHmacEqualsHostHmacOnRandomKeysAndMessages()
        {
            var random = new Random(20260302);
            for (int trial = 0; trial < 300; trial++)
            {
                byte[] key = new byte[16 + random.Next(200)];
                random.NextBytes(key);
                byte[] data = new byte[random.Next(1200)];
                random.NextBytes(data);
                int offset = data.Length == 0 ? 0 : random.Next(data.Length);
                int count = data.Length - offset;

                byte[] managed = new byte[32];
                byte[] host = new byte[32];
                new HmacSha256Authenticator(key).ComputeMac(data, offset, count, managed, 0);
                new HostHmacSha256Authenticator(key).ComputeMac(data, offset, count, host, 0);
                CollectionAssert.AreEqual(host, managed, $"seed 20260302 trial {trial}: key {key.Length} B, message {count} B");
            }
        }

        [TestMethod]
        public void ManagedSha256EqualsHostSha256()
        {
            var random = new Random(7);
            for (int length = 0; length < 600; length += 1 + length / 8)
            {
                byte[] data = new byte[length];
                random.NextBytes(data);
                byte[] managed = new byte[32];
                Sha256.Hash(data, 0, data.Length, managed, 0);
                CollectionAssert.AreEqual(SHA256.HashData(data), managed, $"length {length}");
            }
        }

        [TestMethod]
        public void ManagedSha256OfAMillionAIsTheFipsExample()
        {
            byte[] data = new byte[1_000_000];
            Array.Fill(data, (byte)'a');
            byte[] hash = new byte[32];
            Sha256.Hash(data, 0, data.Length, hash, 0);
            Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(hash));
        }

        [TestMethod]
        public void HostAuthenticatorRejectsShortKeys()
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new HostHmacSha256Authenticator(new byte[15]));
        }
    }
}
