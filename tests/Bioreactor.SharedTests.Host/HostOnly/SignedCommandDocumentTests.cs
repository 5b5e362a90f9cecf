using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Control.Tests.HostOnly
{
    /// <summary>
    /// The protocol document's worked example of a signed command (docs/mqtt-protocol.md, "Signed commands"), checked byte
    /// for byte: the key from the password with the host's PBKDF2, the canonical bytes with the core's builder, the
    /// signature with the host's HMAC and with the core's signer.
    /// </summary>
    [TestClass]
    public sealed class SignedCommandDocumentTests
    {
        [TestMethod]
        public void TheWorkedExampleIsWhatTheCoreAndTheHostLibrariesCompute()
        {
            string document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "mqtt-protocol.md"));
            int at = document.IndexOf("**Worked example**", StringComparison.Ordinal);
            Assert.IsTrue(at > 0, "the worked example is in the document");
            string example = document.Substring(at);

            string password = Match(example, @"password is `([^`]+)`");
            byte[] salt = Convert.FromHexString(Match(example, @"salt\s+`([0-9a-f]{32})`"));
            int iterations = int.Parse(Match(example, @"([0-9 ]+) iterations").Replace(" ", string.Empty));
            string documentedKey = Match(example, @"so the key is\s+`([0-9a-f]{64})`");
            string device = Match(example, @"Device `([^`]+)`");
            string session = Match(example, @"session\s+`([0-9a-f]{32})`");
            string command = Match(example, @"command `([^`]+)`:");
            string payload = Match(example, "```json\n(\\{[^\n]+\\})\n```");
            string canonicalText = Match(example, "```text\n(.*?)```");
            int canonicalLength = int.Parse(Match(example, @"canonical bytes \(([0-9]+) bytes"));
            string documentedSignature = Match(example, @"The signature is `([0-9a-f]{64})`");

            byte[] key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
            Assert.AreEqual(documentedKey, Convert.ToHexString(key).ToLowerInvariant(), "the key");

            byte[] payloadBytes = Encoding.UTF8.GetBytes(payload);
            var reader = new JsonReader(payloadBytes.Length, 8, 64);
            JsonValue root = reader.Parse(payloadBytes, 0, payloadBytes.Length);
            Assert.IsNotNull(root, reader.Error);
            var canonical = new CommandCanonicalForm(4096);
            Assert.IsTrue(canonical.Build(device, session, command, root));
            byte[] built = canonical.Buffer.AsSpan(0, canonical.Length).ToArray();
            CollectionAssert.AreEqual(Encoding.UTF8.GetBytes(canonicalText), built, "the canonical bytes, byte for byte");
            Assert.AreEqual(canonicalLength, built.Length, "the length the document states");

            string signature = Convert.ToHexString(HMACSHA256.HashData(key, built)).ToLowerInvariant();
            Assert.AreEqual(documentedSignature, signature, "the signature (the host's HMAC)");

            byte[] signed = CommandSigner.Sign(device, session, command, payloadBytes, new HmacSha256Authenticator(key));
            string sent = Match(example, "and the command sent:\n\n```json\n(.*?)\n```").Replace("\n ", string.Empty);
            Assert.AreEqual(sent, Encoding.UTF8.GetString(signed), "the command sent (the core's signer)");
        }

        private static string Match(string text, string pattern)
        {
            System.Text.RegularExpressions.Match m = Regex.Match(text, pattern, RegexOptions.Singleline);
            Assert.IsTrue(m.Success, "the document has " + pattern);
            return m.Groups[1].Value;
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Bioreactor.sln")))
            {
                directory = directory.Parent;
            }

            Assert.IsNotNull(directory, "the repository root (Bioreactor.sln) above the test's folder");
            return directory.FullName;
        }
    }
}
