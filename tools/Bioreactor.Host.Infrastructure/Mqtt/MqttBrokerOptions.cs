using System;
using System.Globalization;

namespace Bioreactor.Host.Infrastructure.Mqtt
{
    /// <summary>MQTT protocol revision a client speaks.</summary>
    public enum MqttProtocolLevel
    {
        /// <summary>MQTT 5.0 (OASIS Standard, March 2019): response topic and correlation data as properties.</summary>
        V500 = 0,

        /// <summary>MQTT 3.1.1 (OASIS Standard, October 2014): no properties; request/response ids travel in the payload.</summary>
        V311 = 1,
    }

    /// <summary>
    /// Where and how <see cref="MqttNetTransport"/> reaches a broker: address, credentials, TLS, protocol and timing. The
    /// board's configuration, not the protocol's (the protocol only decides client id, will and messages).
    /// </summary>
    public sealed class MqttBrokerOptions
    {
        /// <summary>IANA-registered MQTT port without TLS (MQTT 5.0 §4.8; IANA service name "mqtt").</summary>
        public const int DefaultPort = 1883;

        /// <summary>IANA-registered MQTT port over TLS (IANA service name "secure-mqtt").</summary>
        public const int DefaultTlsPort = 8883;

        /// <summary>Broker host name or IP address; default the loopback address.</summary>
        public string Host { get; set; } = "127.0.0.1";

        /// <summary>Broker TCP port (1–65535); default <see cref="DefaultPort"/>.</summary>
        public int Port { get; set; } = DefaultPort;

        /// <summary>User name sent in CONNECT; null for none (anonymous).</summary>
        public string Username { get; set; }

        /// <summary>Password sent in CONNECT (UTF-8); null for none. Needs <see cref="Username"/>.</summary>
        public string Password { get; set; }

        /// <summary>True: the connection runs over TLS (1.2 or 1.3, as the operating system negotiates).</summary>
        public bool UseTls { get; set; }

        /// <summary>
        /// PEM file with the certificate authority (or authorities) that signed the broker's certificate; null trusts the
        /// operating system's store. With a file, the broker's chain must end at one of these certificates and its name must
        /// match <see cref="Host"/>. Revocation is not checked (a private plant CA rarely publishes revocation lists).
        /// </summary>
        public string CaCertificateFile { get; set; }

        /// <summary>
        /// Client certificate for brokers that require one (mosquitto <c>require_certificate true</c>): a PEM certificate
        /// with <see cref="ClientKeyFile"/>, or a PKCS#12 (.pfx/.p12) file with <see cref="ClientCertificatePassword"/>; null
        /// for none.
        /// </summary>
        public string ClientCertificateFile { get; set; }

        /// <summary>PEM private key of a PEM <see cref="ClientCertificateFile"/>; null when the certificate file is PKCS#12.</summary>
        public string ClientKeyFile { get; set; }

        /// <summary>Password of a PKCS#12 <see cref="ClientCertificateFile"/>; null when it has none.</summary>
        public string ClientCertificatePassword { get; set; }

        /// <summary>
        /// FOR TESTS ONLY: accept any broker certificate (self-signed, expired, wrong name). Anyone on the path can then read
        /// and forge every message; never set it for a real batch.
        /// </summary>
        public bool AllowUntrustedCertificates { get; set; }

        /// <summary>Protocol revision; default <see cref="MqttProtocolLevel.V500"/>.</summary>
        public MqttProtocolLevel ProtocolLevel { get; set; } = MqttProtocolLevel.V500;

        /// <summary>Longest wait for the TCP/TLS connection and the broker's CONNACK (0.1–300 s); default 10 s.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Longest wait for a SUBSCRIBE or QoS 1/2 PUBLISH acknowledgement and for a clean DISCONNECT (0.1–300 s); default 10 s.
        /// </summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Keep-alive interval sent in CONNECT (1–65535 s, MQTT 5.0 §3.1.2.10); default 30 s. The client pings when idle, and a
        /// broker drops a client silent for 1.5 times this (publishing its will), so it bounds how long a dead device looks
        /// online.
        /// </summary>
        public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Parses <c>host:port</c>, <c>host</c> (port <see cref="DefaultPort"/>) or <c>[ipv6]:port</c> into
        /// <see cref="Host"/> and <see cref="Port"/>.
        /// </summary>
        /// <exception cref="ArgumentException">The text is empty, the port is not a number in 1–65535, or brackets are unbalanced.</exception>
        public void SetEndpoint(string hostAndPort)
        {
            if (string.IsNullOrWhiteSpace(hostAndPort))
            {
                throw new ArgumentException("Broker address is empty: expected host:port, e.g. 127.0.0.1:1883.", nameof(hostAndPort));
            }

            string text = hostAndPort.Trim();
            string host;
            string portText = null;
            if (text.StartsWith('['))
            {
                int close = text.IndexOf(']');
                if (close < 0)
                {
                    throw new ArgumentException($"Broker address '{text}': '[' without ']' (IPv6 form is [address]:port).", nameof(hostAndPort));
                }

                host = text.Substring(1, close - 1);
                string rest = text.Substring(close + 1);
                if (rest.Length > 0)
                {
                    if (rest[0] != ':')
                    {
                        throw new ArgumentException($"Broker address '{text}': expected ':port' after ']'.", nameof(hostAndPort));
                    }

                    portText = rest.Substring(1);
                }
            }
            else
            {
                int colon = text.LastIndexOf(':');
                if (colon >= 0 && text.IndexOf(':') != colon)
                {
                    throw new ArgumentException($"Broker address '{text}': write IPv6 addresses in brackets, e.g. [::1]:1883.", nameof(hostAndPort));
                }

                host = colon >= 0 ? text.Substring(0, colon) : text;
                portText = colon >= 0 ? text.Substring(colon + 1) : null;
            }

            if (host.Length == 0)
            {
                throw new ArgumentException($"Broker address '{text}': the host is empty.", nameof(hostAndPort));
            }

            int port = DefaultPort;
            if (portText != null &&
                (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
            {
                throw new ArgumentException($"Broker address '{text}': port '{portText}' is not a number from 1 to 65535.", nameof(hostAndPort));
            }

            Host = host;
            Port = port;
        }

        /// <summary>Checks every field; throws naming the first bad one and its allowed values.</summary>
        /// <exception cref="ArgumentException">A field is missing, out of range or inconsistent.</exception>
        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(Host))
            {
                throw new ArgumentException("Host is empty: give the broker's host name or IP address.", nameof(Host));
            }

            if (Port < 1 || Port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 1 to 65535.");
            }

            if (Password != null && Username == null)
            {
                throw new ArgumentException("Password is set without Username (MQTT 3.1.1 §3.1.2.9 needs a user name with a password).", nameof(Password));
            }

            if (ProtocolLevel != MqttProtocolLevel.V500 && ProtocolLevel != MqttProtocolLevel.V311)
            {
                throw new ArgumentOutOfRangeException(nameof(ProtocolLevel), ProtocolLevel, "ProtocolLevel must be V500 or V311.");
            }

            CheckSeconds(nameof(ConnectTimeout), ConnectTimeout, 0.1, 300);
            CheckSeconds(nameof(OperationTimeout), OperationTimeout, 0.1, 300);
            CheckSeconds(nameof(KeepAlive), KeepAlive, 1, ushort.MaxValue);

            if (!UseTls && (CaCertificateFile != null || ClientCertificateFile != null || AllowUntrustedCertificates))
            {
                throw new ArgumentException(
                    "CaCertificateFile, ClientCertificateFile and AllowUntrustedCertificates need UseTls = true.", nameof(UseTls));
            }

            if (ClientKeyFile != null && ClientCertificateFile == null)
            {
                throw new ArgumentException("ClientKeyFile is set without ClientCertificateFile.", nameof(ClientKeyFile));
            }
        }

        private static void CheckSeconds(string name, TimeSpan value, double minimumSeconds, double maximumSeconds)
        {
            if (value.TotalSeconds < minimumSeconds || value.TotalSeconds > maximumSeconds)
            {
                throw new ArgumentOutOfRangeException(
                    name,
                    value,
                    string.Format(CultureInfo.InvariantCulture, "{0} must be {1} to {2} seconds.", name, minimumSeconds, maximumSeconds));
            }
        }
    }
}
