using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Batch;

namespace Bioreactor.Esp32.Application
{
    /// <summary>
    /// A board's own settings, read from a text file stored on the device (not compiled in): device id, Wi-Fi, MQTT broker,
    /// TLS, SNTP, the record key and the operator directory. Parsed with the recipe files' strict line format
    /// (<see cref="ConfigReader"/>); the first problem is reported with its line, and secrets never appear in a message.
    /// </summary>
    /// <remarks>
    /// Text form (sections in any order, each at most once; keys not listed are refused, so a typo cannot pass silently):
    /// <code>
    ///   [device]     id = bioreactor-01                   identifier rule (TextRules)
    ///                signatureFailureLimit = 3            optional: consecutive bad signatures that lock an operator out
    ///                                                     (1–10, default 3; BatchSettings.SignatureFailureLimit)
    ///   [wifi]       ssid = ...                           1–32 characters (IEEE 802.11 SSID: at most 32 octets)
    ///                password = ...                       empty (open network) or 8–63 printable ASCII (WPA2 passphrase, IEEE 802.11i)
    ///   [broker]     host = ...                           1–253 characters, no blanks (RFC 1035 host name length)
    ///                port = 8883                          1–65535; default 8883 with TLS, 1883 without (IANA MQTT ports)
    ///                tls = true                           true | false (default true)
    ///                username = ... / password = ...      optional
    ///                caCertificate = D:\config\ca.pem     required when tls = true: a file holding the broker's CA (PEM)
    ///   [time]       server = pool.ntp.org                optional SNTP server (default 0.pool.ntp.org)
    ///   [record]     key = 64 hex digits                  the batch record's HMAC key (16–64 bytes, as hex), or
    ///                keyFile = D:\config\record.key       a file holding the hex key (exactly one of key / keyFile)
    ///   [operators]  a.smith = technician | Alex Smith | pbkdf2-sha256$600000$&lt;salt hex&gt;$&lt;verifier hex&gt;
    ///                                                     the operator directory (OperatorDirectory: id = role | printed name |
    ///                                                     credential), at least one administrator; the credentials are the
    ///                                                     operators' signing keys, so this file is a device secret
    /// </code>
    /// </remarks>
    public sealed class DeviceConfiguration
    {
        /// <summary>Default MQTT port over TLS (IANA service name "secure-mqtt").</summary>
        public const int DefaultTlsPort = 8883;

        /// <summary>Default MQTT port without TLS (IANA service name "mqtt").</summary>
        public const int DefaultPlainPort = 1883;

        /// <summary>Default SNTP server, the one nanoFramework's Sntp client uses itself.</summary>
        public const string DefaultTimeServer = "0.pool.ntp.org";

        /// <summary>Shortest record key, bytes (HmacSha256Authenticator.MinimumKeyLength).</summary>
        public const int MinimumKeyBytes = 16;

        /// <summary>Longest record key, bytes: one SHA-256 block (FIPS 198-1: longer keys are hashed first anyway).</summary>
        public const int MaximumKeyBytes = 64;

        private const int MaximumSsidLength = 32;
        private const int MaximumHostLength = 253;
        private const int MaximumPathLength = 200;

        private DeviceConfiguration()
        {
        }

        /// <summary>The device id (topics, record headers).</summary>
        public string DeviceId { get; private set; }

        /// <summary>The Wi-Fi network name.</summary>
        public string WifiSsid { get; private set; }

        /// <summary>The Wi-Fi passphrase (empty for an open network).</summary>
        public string WifiPassword { get; private set; }

        /// <summary>The MQTT broker's host name or address.</summary>
        public string BrokerHost { get; private set; }

        /// <summary>The MQTT broker's port.</summary>
        public int BrokerPort { get; private set; }

        /// <summary>True for MQTT over TLS.</summary>
        public bool BrokerTls { get; private set; }

        /// <summary>The broker user name, or null.</summary>
        public string BrokerUsername { get; private set; }

        /// <summary>The broker password, or null.</summary>
        public string BrokerPassword { get; private set; }

        /// <summary>Path of the broker's CA certificate (PEM), or null without TLS.</summary>
        public string CaCertificatePath { get; private set; }

        /// <summary>Consecutive bad signatures that lock an operator out (default 3).</summary>
        public int SignatureFailureLimit { get; private set; }

        /// <summary>The SNTP server.</summary>
        public string TimeServer { get; private set; }

        /// <summary>The record key, when given inline (else null and <see cref="RecordKeyPath"/> is set).</summary>
        public byte[] RecordKey { get; private set; }

        /// <summary>Path of a file holding the record key as hex, or null.</summary>
        public string RecordKeyPath { get; private set; }

        /// <summary>The operators and their roles.</summary>
        public OperatorDirectory Operators { get; private set; }

        /// <summary>
        /// Reads the text form. On success <paramref name="configuration"/> is set; otherwise it is null and the result
        /// names the line, the key and the rule (never the value of a secret).
        /// </summary>
        public static ValidationResult Parse(string text, out DeviceConfiguration configuration)
        {
            configuration = null;
            var built = new DeviceConfiguration();
            built.BrokerTls = true;
            built.BrokerPort = -1;
            built.TimeServer = DefaultTimeServer;
            built.SignatureFailureLimit = new BatchSettings().SignatureFailureLimit;
            string[] seen = new string[8];
            int seenCount = 0;
            string section = null;
            int operatorsLine = 0;
            string[] operatorLines = new string[OperatorDirectory.MaximumOperators + 1];
            int[] operatorLineNumbers = new int[OperatorDirectory.MaximumOperators + 1];
            int operatorCount = 0;
            int tlsLine = 0;
            var reader = new ConfigReader(text);
            while (reader.Next())
            {
                int line = reader.LineNumber;
                if (reader.Kind == ConfigLineKind.Malformed)
                {
                    return new ValidationResult(null, "expected 'key = value', a '[section]' line or a '#' comment", line);
                }

                if (reader.Kind == ConfigLineKind.Section)
                {
                    section = reader.Section;
                    if (!IsKnownSection(section))
                    {
                        return new ValidationResult(null, "unknown section '[" + section + "]'; the sections are [device], [wifi], [broker], [time], [record], [operators]", line);
                    }

                    for (int i = 0; i < seenCount; i++)
                    {
                        if (seen[i] == section)
                        {
                            return new ValidationResult(null, "section '[" + section + "]' appears twice", line);
                        }
                    }

                    seen[seenCount++] = section;
                    if (section == OperatorDirectory.Section)
                    {
                        operatorsLine = line;
                    }

                    continue;
                }

                if (section == null)
                {
                    return new ValidationResult(reader.Key, "settings must follow a '[section]' line", line);
                }

                if (section == OperatorDirectory.Section)
                {
                    if (operatorCount == OperatorDirectory.MaximumOperators)
                    {
                        return new ValidationResult(reader.Key, "the directory holds at most 64 operators", line);
                    }

                    operatorLines[operatorCount] = reader.Key + " = " + reader.Value + "\n";
                    operatorLineNumbers[operatorCount] = line;
                    operatorCount++;
                    continue;
                }

                string field = section + "." + reader.Key;
                ValidationResult problem = built.Apply(section, reader.Key, reader.Value, field);
                if (problem != null)
                {
                    return problem.AtLine(line);
                }

                if (field == "broker.tls")
                {
                    tlsLine = line;
                }
            }

            ValidationResult missing = built.CheckComplete(tlsLine);
            if (missing != null)
            {
                return missing;
            }

            if (operatorsLine == 0)
            {
                return new ValidationResult("operators", "the [operators] section is required (at least one administrator)", 0);
            }

            // The directory's own parser checks ids, roles, duplicates and the administrator; its line k+1 is entry k here.
            string[] parts = new string[operatorCount + 1];
            parts[0] = "[" + OperatorDirectory.Section + "]\n";
            for (int i = 0; i < operatorCount; i++)
            {
                parts[i + 1] = operatorLines[i];
            }

            OperatorDirectory operators;
            ValidationResult directory = OperatorDirectory.Parse(string.Concat(parts), out operators);
            if (!directory.IsValid)
            {
                int entry = directory.LineNumber - 2;
                int at = entry >= 0 && entry < operatorCount ? operatorLineNumbers[entry] : operatorsLine;
                return directory.AtLine(at);
            }

            built.Operators = operators;
            configuration = built;
            return ValidationResult.Valid;
        }

        /// <summary>
        /// Decodes a record key written as hexadecimal (upper or lower case, surrounding blanks and line ends ignored),
        /// 16–64 bytes. Returns null when the text is not such a key.
        /// </summary>
        public static byte[] ParseHexKey(string text)
        {
            if (text == null)
            {
                return null;
            }

            int first = 0;
            int last = text.Length;
            while (first < last && IsBlank(text[first]))
            {
                first++;
            }

            while (last > first && IsBlank(text[last - 1]))
            {
                last--;
            }

            int digits = last - first;
            if (digits % 2 != 0 || digits < 2 * MinimumKeyBytes || digits > 2 * MaximumKeyBytes)
            {
                return null;
            }

            byte[] key = new byte[digits / 2];
            return HexText.TryParse(text, first, false, key) ? key : null;
        }

        private ValidationResult Apply(string section, string key, string value, string field)
        {
            switch (field)
            {
                case "device.id":
                    if (!TextRules.IsIdentifier(value))
                    {
                        return new ValidationResult(field, "device.id must be " + TextRules.IdentifierRule, 0);
                    }

                    if (Seen(ref _deviceIdSet))
                    {
                        return Twice(field);
                    }

                    DeviceId = value;
                    return null;
                case "device.signatureFailureLimit":
                    long limit;
                    if (!InvariantNumber.TryParseInteger(value, out limit) || limit < 1 || limit > 10)
                    {
                        return new ValidationResult(field, "device.signatureFailureLimit must be an integer from 1 to 10", 0);
                    }

                    if (Seen(ref _signatureLimitSet))
                    {
                        return Twice(field);
                    }

                    SignatureFailureLimit = (int)limit;
                    return null;
                case "wifi.ssid":
                    if (value.Length == 0 || value.Length > MaximumSsidLength || !TextRules.IsText(value, false))
                    {
                        return new ValidationResult(field, "wifi.ssid must be 1 to 32 characters without control characters", 0);
                    }

                    if (Seen(ref _ssidSet))
                    {
                        return Twice(field);
                    }

                    WifiSsid = value;
                    return null;
                case "wifi.password":
                    if (value.Length != 0 && (value.Length < 8 || value.Length > 63 || !IsPrintableAscii(value)))
                    {
                        return new ValidationResult(field, "wifi.password must be empty (open network) or 8 to 63 printable ASCII characters", 0);
                    }

                    if (Seen(ref _wifiPasswordSet))
                    {
                        return Twice(field);
                    }

                    WifiPassword = value;
                    return null;
                case "broker.host":
                    if (value.Length == 0 || value.Length > MaximumHostLength || !IsHostText(value))
                    {
                        return new ValidationResult(field, "broker.host must be 1 to 253 characters of a host name or IP address (no blanks)", 0);
                    }

                    if (Seen(ref _hostSet))
                    {
                        return Twice(field);
                    }

                    BrokerHost = value;
                    return null;
                case "broker.port":
                    long port;
                    if (!InvariantNumber.TryParseInteger(value, out port) || port < 1 || port > 65535)
                    {
                        return new ValidationResult(field, "broker.port must be an integer from 1 to 65535", 0);
                    }

                    if (Seen(ref _portSet))
                    {
                        return Twice(field);
                    }

                    BrokerPort = (int)port;
                    return null;
                case "broker.tls":
                    if (value != "true" && value != "false")
                    {
                        return new ValidationResult(field, "broker.tls must be true or false", 0);
                    }

                    if (Seen(ref _tlsSet))
                    {
                        return Twice(field);
                    }

                    BrokerTls = value == "true";
                    return null;
                case "broker.username":
                    if (!TextRules.IsText(value, false))
                    {
                        return new ValidationResult(field, "broker.username must be " + TextRules.TextRule, 0);
                    }

                    if (Seen(ref _usernameSet))
                    {
                        return Twice(field);
                    }

                    BrokerUsername = value;
                    return null;
                case "broker.password":
                    if (!TextRules.IsText(value, false))
                    {
                        return new ValidationResult(field, "broker.password must be 1 to 200 characters without control characters", 0);
                    }

                    if (Seen(ref _brokerPasswordSet))
                    {
                        return Twice(field);
                    }

                    BrokerPassword = value;
                    return null;
                case "broker.caCertificate":
                    if (!IsPath(value))
                    {
                        return new ValidationResult(field, "broker.caCertificate must be a file path (1 to 200 characters, no control characters)", 0);
                    }

                    if (Seen(ref _caSet))
                    {
                        return Twice(field);
                    }

                    CaCertificatePath = value;
                    return null;
                case "time.server":
                    if (value.Length == 0 || value.Length > MaximumHostLength || !IsHostText(value))
                    {
                        return new ValidationResult(field, "time.server must be a host name or IP address (no blanks)", 0);
                    }

                    if (Seen(ref _timeSet))
                    {
                        return Twice(field);
                    }

                    TimeServer = value;
                    return null;
                case "record.key":
                    byte[] parsed = ParseHexKey(value);
                    if (parsed == null)
                    {
                        // The value is a secret: the message states the rule only.
                        return new ValidationResult(field, "record.key must be 32 to 128 hexadecimal digits (16 to 64 bytes)", 0);
                    }

                    if (Seen(ref _keySet))
                    {
                        return Twice(field);
                    }

                    RecordKey = parsed;
                    return null;
                case "record.keyFile":
                    if (!IsPath(value))
                    {
                        return new ValidationResult(field, "record.keyFile must be a file path (1 to 200 characters, no control characters)", 0);
                    }

                    if (Seen(ref _keyFileSet))
                    {
                        return Twice(field);
                    }

                    RecordKeyPath = value;
                    return null;
                default:
                    return new ValidationResult(field, "unknown setting '" + key + "' in [" + section + "]", 0);
            }
        }

        private bool _deviceIdSet;
        private bool _signatureLimitSet;
        private bool _ssidSet;
        private bool _wifiPasswordSet;
        private bool _hostSet;
        private bool _portSet;
        private bool _tlsSet;
        private bool _usernameSet;
        private bool _brokerPasswordSet;
        private bool _caSet;
        private bool _timeSet;
        private bool _keySet;
        private bool _keyFileSet;

        private static bool Seen(ref bool seen)
        {
            bool before = seen;
            seen = true;
            return before;
        }

        private static ValidationResult Twice(string field)
        {
            return new ValidationResult(field, field + " is given twice", 0);
        }

        private ValidationResult CheckComplete(int tlsLine)
        {
            if (!_deviceIdSet)
            {
                return new ValidationResult("device.id", "device.id is required ([device] section)", 0);
            }

            if (!_ssidSet)
            {
                return new ValidationResult("wifi.ssid", "wifi.ssid is required ([wifi] section)", 0);
            }

            if (!_wifiPasswordSet)
            {
                WifiPassword = string.Empty;
            }

            if (!_hostSet)
            {
                return new ValidationResult("broker.host", "broker.host is required ([broker] section)", 0);
            }

            if (!_portSet)
            {
                BrokerPort = BrokerTls ? DefaultTlsPort : DefaultPlainPort;
            }

            if (BrokerTls && !_caSet)
            {
                return new ValidationResult("broker.caCertificate", "broker.caCertificate is required when broker.tls is true (the broker's CA, PEM)", tlsLine);
            }

            if (_usernameSet != _brokerPasswordSet && _brokerPasswordSet)
            {
                return new ValidationResult("broker.username", "broker.password needs broker.username", 0);
            }

            if (_keySet == _keyFileSet)
            {
                return new ValidationResult("record.key", "give exactly one of record.key and record.keyFile ([record] section)", 0);
            }

            return null;
        }

        private static bool IsKnownSection(string section)
        {
            return section == "device" || section == "wifi" || section == "broker" || section == "time" || section == "record"
                || section == OperatorDirectory.Section;
        }

        private static bool IsPrintableAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < ' ' || text[i] > '~')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsHostText(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':'
                    || c == '[' || c == ']' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsPath(string text)
        {
            return text.Length > 0 && text.Length <= MaximumPathLength && TextRules.IsText(text, false);
        }

        private static bool IsBlank(char c)
        {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }
    }
}
