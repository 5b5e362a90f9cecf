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
    /// <summary>
    /// The operator directory's printed names and credentials (OperatorCredential): the text form read and written back,
    /// the older forms still read (no credential), every malformed part refused with its line and without the secret in
    /// the message, and the credential's own form.
    /// </summary>
    [TestClass]
    public class OperatorCredentialTests
    {
        private const string Salt = "00112233445566778899aabbccddeeff";
        private const string Verifier = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        private const string OtherVerifier = "f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f";
        private const string Credential = "pbkdf2-sha256$1000$" + Salt + "$" + Verifier;
        private const string OtherCredential = "pbkdf2-sha256$600000$ffeeddccbbaa99887766554433221100$" + OtherVerifier;

        private const string Sample =
            "# operators of unit 3\n" +
            "[operators]\n" +
            "# id = role | printed name | credential\n" +
            "tech.a = technician | Alex Tech | " + Credential + "\n" +
            "qa.b=qa|B. Quality \u00e9\u00e8|" + OtherCredential + "\r\n" +
            "named = technician | Named Only\n" +
            "admin = administrator\n";

        private static ValidationResult Parse(string text, out OperatorDirectory directory)
        {
            return OperatorDirectory.Parse(text, out directory);
        }

        [TestMethod]
        public void ReadsRolesPrintedNamesAndCredentials()
        {
            ValidationResult result = Parse(Sample, out OperatorDirectory operators);

            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual(4, operators.Count);
            Assert.AreEqual("technician", BatchNames.RoleName(operators.GetRole("tech.a")));
            Assert.AreEqual("Alex Tech", operators.GetPrintedName("tech.a"));
            Assert.AreEqual("B. Quality \u00e9\u00e8", operators.GetPrintedName("qa.b"));
            Assert.AreEqual("Named Only", operators.GetPrintedName("named"));
            Assert.IsNull(operators.GetPrintedName("admin"), "the old form has no printed name");
            Assert.IsNull(operators.GetPrintedName("nobody"));
            Assert.IsNull(operators.GetPrintedName(null));

            OperatorCredential tech = operators.GetCredential("tech.a");
            Assert.IsNotNull(tech);
            Assert.AreEqual(1000, tech.Iterations);
            Assert.AreEqual(Salt, HexText.Format(tech.Salt));
            Assert.AreEqual(Verifier, HexText.Format(tech.Verifier));
            Assert.AreEqual(600000, operators.GetCredential("qa.b").Iterations);
            Assert.AreEqual(OtherVerifier, HexText.Format(operators.GetCredential("qa.b").Verifier));
            Assert.IsNull(operators.GetCredential("named"), "a printed name without a credential");
            Assert.IsNull(operators.GetCredential("admin"), "the old form: no credential, cannot sign");
            Assert.IsNull(operators.GetCredential("Tech.A"), "ids are exact");
        }

        [TestMethod]
        public void WriteIsCanonicalAndReadsBack()
        {
            Parse(Sample, out OperatorDirectory operators);

            string text = operators.Write();
            ValidationResult again = Parse(text, out OperatorDirectory copy);

            Assert.AreEqual("[operators]\n"
                + "tech.a = technician | Alex Tech | " + Credential + "\n"
                + "qa.b = qa | B. Quality \u00e9\u00e8 | " + OtherCredential + "\n"
                + "named = technician | Named Only\n"
                + "admin = administrator\n", text);
            Assert.IsTrue(again.IsValid, again.Text);
            Assert.AreEqual(text, copy.Write());
            Assert.AreEqual(Verifier, HexText.Format(copy.GetCredential("tech.a").Verifier));
        }

        [TestMethod]
        public void CloneKeepsNamesAndCredentials()
        {
            Parse(Sample, out OperatorDirectory operators);

            OperatorDirectory copy = operators.Clone();

            Assert.AreEqual(operators.Write(), copy.Write());
            Assert.AreEqual("Alex Tech", copy.GetPrintedName("tech.a"));
            Assert.AreEqual(Salt, HexText.Format(copy.GetCredential("tech.a").Salt));
            Assert.IsNull(copy.GetCredential("admin"));
            Assert.IsNull(copy.GetPrintedName("admin"));
        }

        [TestMethod]
        public void AddTakesANameAndAnOptionalCredential()
        {
            OperatorCredential credential;
            Assert.IsTrue(OperatorCredential.TryParse(Credential, out credential));
            var operators = new OperatorDirectory();
            operators.Add("t.one", OperatorRole.Technician, "Tee One", credential);
            operators.Add("q.two", OperatorRole.Qa, "Queue Two", null);
            operators.Add("admin", OperatorRole.Administrator);

            Assert.AreEqual("[operators]\nt.one = technician | Tee One | " + Credential + "\nq.two = qa | Queue Two\nadmin = administrator\n",
                operators.Write());
            Assert.AreEqual(1000, operators.GetCredential("t.one").Iterations);
            Assert.IsNull(operators.GetCredential("q.two"));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("   ")]
        [DataRow("a|b")]
        [DataRow(" leading")]
        [DataRow("trailing ")]
        [DataRow("tab\there")]
        [DataRow("*")]
        public void AddRefusesBadPrintedNames(string template)
        {
            string name = Expand(template);
            var operators = new OperatorDirectory();

            TestSupport.Throws(typeof(ArgumentException), () => operators.Add("t.one", OperatorRole.Technician, name, null), "'" + name + "'");
            TestSupport.Throws(typeof(ArgumentException), () => operators.Add("t.one", OperatorRole.Technician, null, null), "null name");
            Assert.AreEqual(0, operators.Count);
            Assert.IsFalse(OperatorDirectory.IsPrintedName(name));
        }

        [TestMethod]
        public void APrintedNameOf64CharactersIsAccepted()
        {
            string name = new string('N', 64);
            Assert.IsTrue(OperatorDirectory.IsPrintedName(name));
            Assert.IsTrue(OperatorDirectory.IsPrintedName("D\u00f6rte M\u00fcller-\u0141\u0105cka"));
        }

        /// <summary>
        /// The text with '~' replaced by the valid credential, '%' by the valid salt, '&amp;' by the valid verifier and '*' by
        /// a 65-character name: the data rows stay short (the device test assembly's string table has a budget).
        /// </summary>
        private static string Expand(string template)
        {
            char[] chars = template.ToCharArray();
            string text = string.Empty;
            int start = 0;
            for (int i = 0; i <= chars.Length; i++)
            {
                string part = i == chars.Length ? null : chars[i] == '~' ? Credential : chars[i] == '%' ? Salt : chars[i] == '&' ? Verifier
                    : chars[i] == '*' ? new string('x', 65) : null;
                if (i == chars.Length || part != null)
                {
                    text = text + new string(chars, start, i - start) + (part == null ? string.Empty : part);
                    start = i + 1;
                }
            }

            return text;
        }

        [TestMethod]
        [DataRow("pbkdf2-sha1$1000$%$&", "scheme must be pbkdf2-sha256")]
        [DataRow("PBKDF2-SHA256$1000$%$&", "scheme must be pbkdf2-sha256")]
        [DataRow("pbkdf2-sha256$1000$%", "four fields")]
        [DataRow("~$", "four fields")]
        [DataRow("pbkdf2-sha256", "four fields")]
        [DataRow("pbkdf2-sha256$999$%$&", "iterations")]
        [DataRow("pbkdf2-sha256$10000001$%$&", "iterations")]
        [DataRow("pbkdf2-sha256$01000$%$&", "iterations")]
        [DataRow("pbkdf2-sha256$+1000$%$&", "iterations")]
        [DataRow("pbkdf2-sha256$1e4$%$&", "iterations")]
        [DataRow("pbkdf2-sha256$$%$&", "iterations")]
        [DataRow("pbkdf2-sha256$99999999999$%$&", "iterations")]
        [DataRow("pbkdf2-sha256$1000$0011$&", "salt must be 32 lower-case")]
        [DataRow("pbkdf2-sha256$1000$%00$&", "salt must be 32 lower-case")]
        [DataRow("pbkdf2-sha256$1000$00112233445566778899AABBCCDDEEFF$&", "salt must be 32 lower-case")]
        [DataRow("pbkdf2-sha256$1000$0011223344556677889gaabbccddeeff$&", "salt must be 32 lower-case")]
        [DataRow("pbkdf2-sha256$1000$%$0001", "verifier must be 64 lower-case")]
        [DataRow("~20", "verifier must be 64 lower-case")]
        [DataRow("pbkdf2-sha256$1000$%$000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "verifier must be 64 lower-case")]
        [DataRow("pbkdf2-sha256$1000$%$000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1z", "verifier must be 64 lower-case")]
        [DataRow("pbkdf2-sha256$1000$%$0001020304050607 8090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "verifier must be 64 lower-case")]
        public void EveryMalformedCredentialIsRefusedWithItsLineAndWithoutTheSecret(string template, string fragment)
        {
            string credential = Expand(template);
            string text = "[operators]\nadmin = administrator\n\ntech.a = technician | Alex Tech | " + credential + "\n";

            ValidationResult result = Parse(text, out OperatorDirectory operators);

            Assert.IsFalse(result.IsValid, "'" + credential + "' was accepted");
            Assert.IsNull(operators);
            Assert.AreEqual(4, result.LineNumber, result.Text);
            Assert.AreEqual("tech.a", result.Field, result.Text);
            Assert.IsTrue(TestSupport.Contains(result.Message, "the credential of 'tech.a' is not valid"), result.Text);
            Assert.IsTrue(TestSupport.Contains(result.Message, fragment), result.Text);
            Assert.IsFalse(TestSupport.Contains(result.Message, "0405060708"), "the verifier is a secret: " + result.Text);
            Assert.IsFalse(OperatorCredential.TryParse(credential, out OperatorCredential parsed), credential);
            Assert.IsNull(parsed);
        }

        [TestMethod]
        [DataRow("tech.a = technician | Alex Tech | ~ | extra", "must be 'role', 'role | printed name' or")]
        [DataRow("tech.a = technician | | ~", "printed name of 'tech.a' must be 1 to 64")]
        [DataRow("tech.a = technician |    ", "printed name of 'tech.a' must be 1 to 64")]
        [DataRow("tech.a = technician | *", "printed name of 'tech.a' must be 1 to 64")]
        [DataRow("tech.a = technician | Bell\u0007 | ~", "printed name of 'tech.a' must be 1 to 64")]
        [DataRow("tech.a = technician | Alex Tech |", "the credential is empty")]
        [DataRow("tech.a = operator | Alex Tech | ~", "got 'operator'")]
        [DataRow("tech.a = | Alex Tech | ~", "got ''")]
        [DataRow("Admin = technician | Alex Tech | ~", "already listed on line 2 (ids are unique, ignoring case)")]
        [DataRow("ADMIN = administrator", "already listed on line 2 (ids are unique, ignoring case)")]
        public void MalformedEntriesAreRefusedWithTheirLine(string entry, string fragment)
        {
            string text = "[operators]\nadmin = administrator | Ad Min | " + Credential + "\n# next\n" + Expand(entry) + "\n";

            ValidationResult result = Parse(text, out OperatorDirectory operators);

            Assert.IsFalse(result.IsValid, "'" + entry + "' was accepted");
            Assert.IsNull(operators);
            Assert.AreEqual(4, result.LineNumber, result.Text);
            Assert.IsTrue(TestSupport.Contains(result.Message, fragment), result.Text);
            Assert.IsFalse(TestSupport.Contains(result.Message, Verifier), "the verifier is a secret: " + result.Text);
        }

        [TestMethod]
        public void TheOldFormStillReadsWithoutCredentials()
        {
            ValidationResult result = Parse("[operators]\na.smith = technician\nadmin = administrator\n", out OperatorDirectory operators);

            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual(2, operators.Count);
            Assert.IsNull(operators.GetCredential("a.smith"));
            Assert.IsNull(operators.GetPrintedName("a.smith"));
            Assert.AreEqual("[operators]\na.smith = technician\nadmin = administrator\n", operators.Write());
        }

        [TestMethod]
        public void TheCredentialFormatsAndParsesBack()
        {
            Assert.IsTrue(OperatorCredential.TryParse(Credential, out OperatorCredential credential));

            Assert.AreEqual(Credential, credential.Format());
            Assert.AreEqual(600000, OperatorCredential.DefaultIterations);
            Assert.IsTrue(OperatorCredential.TryParse("pbkdf2-sha256$10000000$" + Salt + "$" + Verifier, out credential), "the most iterations");
            Assert.AreEqual(10000000, credential.Iterations);
            Assert.IsFalse(OperatorCredential.TryParse(null, out credential));
            Assert.IsFalse(OperatorCredential.TryParse(string.Empty, out credential));
        }

        [TestMethod]
        public void TheCredentialCopiesItsBytes()
        {
            byte[] salt = new byte[16];
            byte[] verifier = new byte[32];
            var credential = new OperatorCredential(1000, salt, verifier);

            salt[0] = 1;
            verifier[0] = 1;
            credential.Verifier[1] = 1;

            Assert.AreEqual((byte)0, credential.Salt[0]);
            Assert.AreEqual((byte)0, credential.Verifier[0]);
            Assert.AreEqual((byte)0, credential.Verifier[1], "the property gives a copy");
        }

        [TestMethod]
        public void TheCredentialRefusesBadParts()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new OperatorCredential(999, new byte[16], new byte[32]), "999 iterations");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new OperatorCredential(10000001, new byte[16], new byte[32]), "too many");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new OperatorCredential(1000, new byte[15], new byte[32]), "short salt");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new OperatorCredential(1000, new byte[16], new byte[33]), "long verifier");
            TestSupport.Throws(typeof(ArgumentNullException), () => new OperatorCredential(1000, null, new byte[32]), "null salt");
            TestSupport.Throws(typeof(ArgumentNullException), () => new OperatorCredential(1000, new byte[16], null), "null verifier");
        }
    }
}
