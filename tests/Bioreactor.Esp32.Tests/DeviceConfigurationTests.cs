#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Batch;
using Bioreactor.Esp32.Application;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class DeviceConfigurationTests
    {
        // Obviously fake values; the key is the RFC 4231 test case 2 style pattern, not a real device key.
        private const string Valid =
            "# device configuration\n"
            + "[device]\n"
            + "id = bioreactor-01\n"
            + "[wifi]\n"
            + "ssid = Example Lab\n"
            + "password = not-a-real-passphrase\n"
            + "[broker]\n"
            + "host = broker.example.invalid\n"
            + "tls = true\n"
            + "username = bioreactor-01\n"
            + "password = example-password\n"
            + "caCertificate = I:\\ca.pem\n"
            + "[record]\n"
            + "key = 000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F\n"
            + "[operators]\n"
            + "a.smith = technician\n"
            + "admin = administrator\n";

        /// <summary>The text with the first occurrence of <paramref name="from"/> replaced (String.Replace is host-only).</summary>
        private static string Swap(string text, string from, string to)
        {
            for (int i = 0; i + from.Length <= text.Length; i++)
            {
                if (text.Substring(i, from.Length) == from)
                {
                    return text.Substring(0, i) + to + text.Substring(i + from.Length);
                }
            }

            // Not found: return a text no test expects, so the test's own assertions fail and name the fixture.
            return "fixture text not found: " + from;
        }

        private static ValidationResult ParseWith(string text)
        {
            DeviceConfiguration configuration;
            return DeviceConfiguration.Parse(text, out configuration);
        }

        [TestMethod]
        public void A_complete_file_is_read_with_defaults_applied()
        {
            DeviceConfiguration c;
            ValidationResult result = DeviceConfiguration.Parse(Valid, out c);
            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual("bioreactor-01", c.DeviceId);
            Assert.AreEqual("Example Lab", c.WifiSsid);
            Assert.AreEqual("broker.example.invalid", c.BrokerHost);
            Assert.AreEqual(8883, c.BrokerPort);
            Assert.IsTrue(c.BrokerTls);
            Assert.AreEqual("I:\\ca.pem", c.CaCertificatePath);
            Assert.AreEqual("0.pool.ntp.org", c.TimeServer);
            Assert.AreEqual(32, c.RecordKey.Length);
            Assert.AreEqual((byte)0x1F, c.RecordKey[31]);
            Assert.IsNull(c.RecordKeyPath);
            Assert.AreEqual(2, c.Operators.Count);
            Assert.IsTrue(c.Operators.GetRole("admin") == OperatorRole.Administrator);
        }

        [TestMethod]
        public void The_signature_failure_limit_defaults_to_3_and_is_checked()
        {
            DeviceConfiguration c;
            Assert.IsTrue(DeviceConfiguration.Parse(Valid, out c).IsValid);
            Assert.AreEqual(3, c.SignatureFailureLimit);
            Assert.IsTrue(DeviceConfiguration.Parse(Swap(Valid, "id = bioreactor-01\n", "id = bioreactor-01\nsignatureFailureLimit = 5\n"), out c).IsValid);
            Assert.AreEqual(5, c.SignatureFailureLimit);
            ValidationResult result = ParseWith(Swap(Valid, "id = bioreactor-01\n", "id = bioreactor-01\nsignatureFailureLimit = 0\n"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("device.signatureFailureLimit", result.Field);
        }

        [TestMethod]
        public void Without_tls_the_port_defaults_to_1883_and_no_certificate_is_needed()
        {
            string text = Swap(Swap(Valid, "tls = true\n", "tls = false\n"), "caCertificate = I:\\ca.pem\n", "");
            DeviceConfiguration c;
            ValidationResult result = DeviceConfiguration.Parse(text, out c);
            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual(1883, c.BrokerPort);
            Assert.IsFalse(c.BrokerTls);
        }

        [TestMethod]
        public void Tls_without_a_ca_certificate_is_refused()
        {
            ValidationResult result = ParseWith(Swap(Valid, "caCertificate = I:\\ca.pem\n", ""));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("broker.caCertificate", result.Field);
            Assert.AreEqual(9, result.LineNumber);
        }

        [TestMethod]
        public void A_bad_port_names_its_line_and_range()
        {
            ValidationResult result = ParseWith(Swap(Valid, "tls = true\n", "tls = true\nport = 70000\n"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("broker.port", result.Field);
            Assert.AreEqual(10, result.LineNumber);
            Assert.IsTrue(TestSupport.Contains(result.Message, "1 to 65535"), result.Message);
        }

        [TestMethod]
        public void An_unknown_key_is_refused_not_ignored()
        {
            ValidationResult result = ParseWith(Swap(Valid, "[wifi]\n", "[wifi]\nsid = typo\n"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("wifi.sid", result.Field);
            Assert.AreEqual(5, result.LineNumber);
        }

        [TestMethod]
        public void A_bad_key_is_refused_without_echoing_it()
        {
            ValidationResult result = ParseWith(Swap(Valid, "key = 000102", "key = zz0102"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("record.key", result.Field);
            Assert.IsTrue(!TestSupport.Contains(result.Message, "zz0102"), "the secret must not appear in the message");
        }

        [TestMethod]
        public void Key_and_key_file_together_are_refused()
        {
            ValidationResult result = ParseWith(Swap(Valid, "[record]\n", "[record]\nkeyFile = I:\\record.key\n"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("record.key", result.Field);
        }

        [TestMethod]
        public void A_short_wifi_passphrase_is_refused()
        {
            ValidationResult result = ParseWith(Swap(Valid, "password = not-a-real-passphrase", "password = short"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("wifi.password", result.Field);
        }

        [TestMethod]
        public void A_setting_given_twice_is_refused()
        {
            ValidationResult result = ParseWith(Swap(Valid, "id = bioreactor-01\n", "id = bioreactor-01\nid = bioreactor-02\n"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("device.id", result.Field);
            Assert.AreEqual(4, result.LineNumber);
        }

        [TestMethod]
        public void An_operator_problem_is_reported_on_its_own_line()
        {
            ValidationResult result = ParseWith(Swap(Valid, "a.smith = technician", "a.smith = janitor"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual(16, result.LineNumber);
        }

        [TestMethod]
        public void Operators_with_printed_names_and_credentials_are_read()
        {
            ValidationResult result;
            DeviceConfiguration c;
            result = DeviceConfiguration.Parse(Swap(Valid, "a.smith = technician",
                "a.smith = technician | Alex Smith | pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), out c);
            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual("Alex Smith", c.Operators.GetPrintedName("a.smith"));
            Assert.AreEqual(1000, c.Operators.GetCredential("a.smith").Iterations);
            Assert.IsNull(c.Operators.GetCredential("admin"), "the old form: no credential");
        }

        [TestMethod]
        public void A_malformed_credential_is_reported_on_its_own_line_without_echoing_it()
        {
            ValidationResult result = ParseWith(Swap(Valid, "a.smith = technician",
                "a.smith = technician | Alex Smith | pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"));
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual(16, result.LineNumber);
            Assert.IsTrue(TestSupport.Contains(result.Message, "verifier"), result.Message);
            Assert.IsTrue(!TestSupport.Contains(result.Message, "0405060708"), "the secret must not appear in the message");
        }

        [TestMethod]
        public void Operators_without_an_administrator_are_refused()
        {
            ValidationResult result = ParseWith(Swap(Valid, "admin = administrator\n", ""));
            Assert.IsFalse(result.IsValid);
            Assert.IsTrue(TestSupport.Contains(result.Message, "administrator"), result.Message);
        }

        [TestMethod]
        public void An_empty_file_is_refused()
        {
            ValidationResult result = ParseWith("");
            Assert.IsFalse(result.IsValid);
            Assert.AreEqual("device.id", result.Field);
        }

        [TestMethod]
        public void Hex_keys_decode_and_reject_odd_short_or_non_hex_text()
        {
            byte[] key = DeviceConfiguration.ParseHexKey("  00FFa0B1c2d3e4f5060708090a0b0c0d\r\n");
            Assert.IsNotNull(key);
            Assert.AreEqual(16, key.Length);
            Assert.AreEqual((byte)0xFF, key[1]);
            Assert.AreEqual((byte)0xA0, key[2]);
            Assert.IsNull(DeviceConfiguration.ParseHexKey("00FF"));
            Assert.IsNull(DeviceConfiguration.ParseHexKey("00FFa0B1c2d3e4f5060708090a0b0c0"));
            Assert.IsNull(DeviceConfiguration.ParseHexKey("g0FFa0B1c2d3e4f5060708090a0b0c0d"));
            Assert.IsNull(DeviceConfiguration.ParseHexKey(null));
        }

#if !NANOFRAMEWORK_1_0
        [TestMethod]
        public void The_documented_example_file_is_valid()
        {
            string path = null;
            for (string dir = System.IO.Path.GetDirectoryName(ThisFile()); dir != null && path == null; dir = System.IO.Path.GetDirectoryName(dir))
            {
                string candidate = System.IO.Path.Combine(dir, "hardware", "esp32", "device-config.example.txt");
                if (System.IO.File.Exists(candidate))
                {
                    path = candidate;
                }
            }

            Assert.IsNotNull(path, "hardware/esp32/device-config.example.txt not found");
            string text = System.IO.File.ReadAllText(path).Replace("\r\n", "\n");
            DeviceConfiguration c;
            ValidationResult result = DeviceConfiguration.Parse(text, out c);
            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual("D:\\config\\record.key", c.RecordKeyPath);
            Assert.AreEqual(3, c.Operators.Count);
            Assert.AreEqual("Example QA", c.Operators.GetPrintedName("example.qa"));
            // The comment's fake passwords are the ones the example credentials were derived from.
            string[] ids = { "example.technician", "example.qa", "example.admin" };
            string[] passwords = { "example-technician-password", "example-qa-password", "example-admin-password" };
            for (int i = 0; i < ids.Length; i++)
            {
                OperatorCredential credential = c.Operators.GetCredential(ids[i]);
                Assert.IsNotNull(credential, ids[i]);
                Assert.AreEqual(OperatorCredential.DefaultIterations, credential.Iterations);
                Assert.IsTrue(text.Contains(passwords[i]), "the comment names " + passwords[i]);
                byte[] expected = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(System.Text.Encoding.UTF8.GetBytes(passwords[i]),
                    credential.Salt, credential.Iterations, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
                CollectionAssert.AreEqual(expected, credential.Verifier, ids[i]);
            }
        }

        private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        {
            return path;
        }
#endif
    }
}
