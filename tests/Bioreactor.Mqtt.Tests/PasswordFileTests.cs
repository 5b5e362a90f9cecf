using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Bioreactor.Host.Infrastructure.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>The mosquitto password-file reader: lines the real mosquitto_passwd wrote, files it hashes now, and the format's corners.</summary>
    [TestClass]
    public sealed class PasswordFileTests
    {
        /// <summary>
        /// Written by mosquitto_passwd 2.0.11 (Debian 12, <c>mosquitto_passwd -b FILE fact-user fake-password-fact</c>), kept as a
        /// fact so the reader is checked against the real tool's output also where mosquitto_passwd is not installed.
        /// </summary>
        public const string MosquittoPbkdf2Line =
            "fact-user:$7$101$mKX395zZ+hU2gNR9$4cq8QoswU6DYUM7si2isobBscza0AUaFryQt5j2rS+eZXq8zBoCsb7Gf1KWH0PE1RJsxkdQb/sfKPS/JIr23vg==";

        /// <summary>mosquitto_passwd 2.0.11, <c>-I 1000 -b FILE fact-1000 fake-password-1000</c>: another iteration count.</summary>
        public const string MosquittoPbkdf2Line1000 =
            "fact-1000:$7$1000$KzxQVVJyhd8Dt/nu$y18wyiAKFdvDkb5t3JEuA3ITZF2pzCzCh81jlxzXa16wtAyUc60l7B/Xb11UkmbQysrLl4NklwvgzraMfUuAzQ==";

        /// <summary>mosquitto_passwd 2.0.11, <c>-H sha512 -b FILE fact-sha512 fake-password-sha512</c>: the pre-2.0 salted SHA-512.</summary>
        public const string MosquittoSha512Line =
            "fact-sha512:$6$Ss/BhAly/hgG7JZu$KX/cNEzmzYAojfyAE7vvTib7jWKafTxrVMvvv7N2l1pWjN2HWXVrRJuAge5+U40ZVkIiWyfFoozs+aiIvR57WA==";

        [TestMethod]
        public void LinesWrittenByMosquittoPasswd_AcceptTheirPassword_RefuseOthers()
        {
            MqttPasswordFile file = MqttPasswordFile.Parse(
                "# made by mosquitto_passwd\n" + MosquittoPbkdf2Line + "\n" + MosquittoPbkdf2Line1000 + "\r\n" + MosquittoSha512Line + "\nno colon ignored, as by mosquitto\n",
                "passwd");

            Assert.AreEqual(3, file.UserCount);
            Assert.AreEqual("passwd", file.Source);
            Assert.IsTrue(file.Verify("fact-user", "fake-password-fact"));
            Assert.IsTrue(file.Verify("fact-1000", "fake-password-1000"));
            Assert.IsTrue(file.Verify("fact-sha512", "fake-password-sha512"));
            Assert.IsFalse(file.Verify("fact-user", "fake-password-fact "), "one byte more");
            Assert.IsFalse(file.Verify("fact-user", "fake-password-1000"), "another user's password");
            Assert.IsFalse(file.Verify("fact-sha512", "fake-password-fact"));
            Assert.IsFalse(file.Verify("fact-user", (string)null), "no password");
            Assert.IsFalse(file.Verify("fact-user", string.Empty));
            Assert.IsFalse(file.Verify(null, "fake-password-fact"), "anonymous");
            Assert.IsFalse(file.Verify("Fact-User", "fake-password-fact"), "user names are case-sensitive");
        }

        [TestMethod]
        public void AFileHashedNow_ByMosquittoPasswdOrTheDocumentedFormat_Verifies()
        {
            string directory = Directory.CreateTempSubdirectory("bioreactor-passwd-").FullName;
            try
            {
                string path = Path.Combine(directory, "passwd");
                var users = new Dictionary<string, string> { ["technician1"] = "fake-pw-1", ["qa1"] = "fake-pw-ü-2" };
                string madeBy = PasswordFiles.Write(path, users);

                MqttPasswordFile file = MqttPasswordFile.Load(path);
                Assert.AreEqual(2, file.UserCount, madeBy);
                Assert.IsTrue(file.Verify("technician1", "fake-pw-1"), madeBy);
                Assert.IsTrue(file.Verify("qa1", "fake-pw-ü-2"), "UTF-8 passwords: " + madeBy);
                Assert.IsFalse(file.Verify("technician1", "fake-pw-2"), madeBy);
                StringAssert.StartsWith(File.ReadAllText(path), "technician1:$7$101$", madeBy);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        [TestMethod]
        public void TheTestsWriter_MatchesMosquittoPasswdByteForByte()
        {
            // The fallback writer, given the salt of the fact line, reproduces mosquitto_passwd's line exactly.
            string salt = MosquittoPbkdf2Line.Split('$')[3];
            Assert.AreEqual(MosquittoPbkdf2Line, PasswordFiles.HashLine("fact-user", "fake-password-fact", Convert.FromBase64String(salt), 101));
        }

        [TestMethod]
        [DataRow("technician1:fake-plain-password", "mosquitto_passwd -U")]
        [DataRow("technician1:$5$abc$def", "unknown hash type '$5$'")]
        [DataRow("technician1:$7$0$mKX395zZ+hU2gNR9$4cq8QoswU6DYUM7si2isobBscza0AUaFryQt5j2rS+eZXq8zBoCsb7Gf1KWH0PE1RJsxkdQb/sfKPS/JIr23vg==", "iteration count '0'")]
        [DataRow("technician1:$7$101$bWtYMzk1$4cq8QoswU6DYUM7si2isobBscza0AUaFryQt5j2rS+eZXq8zBoCsb7Gf1KWH0PE1RJsxkdQb/sfKPS/JIr23vg==", "salt of 6 bytes")]
        [DataRow("technician1:$6$Ss/BhAly/hgG7JZu$not*base64", "not base64")]
        [DataRow("technician1:", "mosquitto_passwd -U")]
        [DataRow(":$6$Ss/BhAly/hgG7JZu$KX/cNEzmzYAojfyAE7vvTib7jWKafTxrVMvvv7N2l1pWjN2HWXVrRJuAge5+U40ZVkIiWyfFoozs+aiIvR57WA==", "no user name")]
        public void InvalidLines_AreRefused_NamingFileAndLine(string line, string reason)
        {
            FormatException error = Assert.ThrowsExactly<FormatException>(() => MqttPasswordFile.Parse("# users\n" + line + "\n", "passwd"));
            StringAssert.Contains(error.Message, "'passwd' line 2");
            StringAssert.Contains(error.Message, reason);
        }

        [TestMethod]
        public void AUserListedTwice_IsRefused()
        {
            FormatException error = Assert.ThrowsExactly<FormatException>(() => MqttPasswordFile.Parse(MosquittoPbkdf2Line + "\n" + MosquittoPbkdf2Line + "\n"));
            StringAssert.Contains(error.Message, "line 2");
            StringAssert.Contains(error.Message, "listed twice");
        }

        [TestMethod]
        public void Sha512Line_IsTheHashOfPasswordThenSalt()
        {
            // Documents the $6$ rule with .NET's SHA-512 directly: hash = SHA-512(password bytes ‖ salt).
            string[] parts = MosquittoSha512Line.Split('$');
            byte[] salt = Convert.FromBase64String(parts[2]);
            byte[] password = System.Text.Encoding.UTF8.GetBytes("fake-password-sha512");
            byte[] input = new byte[password.Length + salt.Length];
            password.CopyTo(input, 0);
            salt.CopyTo(input, password.Length);
            Assert.AreEqual(parts[3], Convert.ToBase64String(SHA512.HashData(input)));
        }
    }
}
