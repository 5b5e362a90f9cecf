using System;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using Bioreactor.Control.Ports;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// The core's <see cref="IMqttTransport"/> on nanoFramework.M2Mqtt (MQTT 5, TLS 1.2 with the broker's CA). A new
    /// MqttClient is made for every connection (the library has no reconnect: the protocol's backoff decides when to call
    /// <see cref="Connect"/> again after <see cref="IMqttReceiver.OnConnectionLost"/>). Library exceptions become false
    /// results. Called from the communication thread only; received messages arrive on M2Mqtt's dispatch thread.
    /// </summary>
    /// <remarks>
    /// API used (nanoframework/nanoFramework.m2mqtt, M2Mqtt/MqttClient.cs): constructor (string brokerHostName, int
    /// brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol);
    /// ProtocolVersion = MqttProtocolVersion.Version_5; Connect(clientId, username, password, willRetain, willQosLevel,
    /// willFlag, willTopic, string willMessage, cleanSession, ushort keepAlivePeriod) returning MqttReasonCode (Success);
    /// Subscribe(string[], MqttQoSLevel[]) returning the message id; Publish(topic, byte[] message, string contentType,
    /// ArrayList userProperties, MqttQoSLevel, bool retain) returning the message id and throwing MqttClientException when
    /// the in-flight queue is full; events MqttMsgPublishReceived (MqttMsgPublishEventArgs: Topic, Message) and
    /// ConnectionClosed (object, EventArgs); Disconnect(); Close(). MqttClient and MqttProtocolVersion (Version_5) are in the
    /// nanoFramework.M2Mqtt assembly; MqttQoSLevel, MqttReasonCode, MqttMsgPublishEventArgs (namespace
    /// nanoFramework.M2Mqtt.Messages), MqttSslProtocols (None, SSLv3, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3; namespace
    /// nanoFramework.M2Mqtt) and IMqttClient, whose delegate types the events use, are in nanoFramework.M2Mqtt.Core
    /// (nanoFramework.M2Mqtt.Core/nanoFramework.M2Mqtt.Core.nfproj), which the project references as well.
    /// Limits of that API, as read: the public Publish cannot set MQTT 5 Response Topic or Correlation Data (MqttMsgPublish
    /// has the properties, but Publish composes the message itself), and the received-message event is raised with topic,
    /// payload, dup, QoS and retain only, so both properties are reported as null here: the protocol falls back to the
    /// payload's "replyTo" and always echoes the payload's "id". Subscribe returns before the SUBACK, so a refused
    /// subscription is not seen here (the grant arrives in the MqttMsgSubscribed event, whose argument type was not read).
    /// </remarks>
    internal sealed class M2MqttTransport : IMqttTransport
    {
        /// <summary>Keep-alive, s: MQTT 5 §3.1.2.10; 60 s lets the broker drop a dead device within 90 s (1.5 × keep-alive).</summary>
        private const ushort KeepAliveSeconds = 60;

        private readonly string _host;
        private readonly int _port;
        private readonly bool _tls;
        private readonly byte[] _caCertificate;
        private readonly string _username;
        private readonly string _password;
        private readonly object _lock = new object();
        private MqttClient _client;
        private IMqttReceiver _receiver;
        // 1 while a disconnection is ours (Disconnect, or a client replaced by Connect), so ConnectionClosed is not reported
        // as a lost session; written under _lock, read by the library's thread in OnConnectionClosed without it (the
        // library may raise the event while Disconnect holds _lock). Interlocked rather than volatile: nanoFramework's
        // mscorlib (1.17.11) has no IsVolatile modifier, so a volatile field does not compile there.
        private int _disconnecting;

        /// <summary>Creates the transport; <paramref name="caCertificatePem"/> is the broker's CA (PEM bytes) or null without TLS.</summary>
        public M2MqttTransport(string host, int port, bool tls, byte[] caCertificatePem, string username, string password)
        {
            _host = host;
            _port = port;
            _tls = tls;
            _caCertificate = caCertificatePem;
            _username = username;
            _password = password;
        }

        /// <summary>Why the last Connect failed (for the log), or null.</summary>
        public string LastFailure { get; private set; }

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <inheritdoc />
        public void SetReceiver(IMqttReceiver receiver)
        {
            _receiver = receiver;
        }

        /// <inheritdoc />
        public bool Connect(string clientId, string willTopic, byte[] willPayload, MqttQualityOfService willQuality, bool willRetain)
        {
            lock (_lock)
            {
                DropClient();
                MqttClient client = null;
                try
                {
                    // X509Certificate(byte[]), namespace System.Security.Cryptography.X509Certificates, assembly System.Net
                    // (nanoframework/System.Net, nanoFramework.System.Net/X509Certificates/X509Certificate.cs): DER or PEM.
                    // The byte[] constructor hands the array to the native parser as it is, while the string constructor
                    // appends a NUL "because this is parsing from a string" (same file): a PEM buffer is parsed as text and
                    // needs the terminator, so PEM bytes read from a file get one here.
                    X509Certificate ca = _tls ? new X509Certificate(TerminatedPem(_caCertificate)) : null;
                    client = new MqttClient(_host, _port, _tls, ca, null, _tls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                    client.ProtocolVersion = MqttProtocolVersion.Version_5;
                    client.MqttMsgPublishReceived += OnPublishReceived;
                    client.ConnectionClosed += OnConnectionClosed;

                    // The will is a string in this API; the protocol's will ("offline") is ASCII. UTF-8 decoding as the
                    // library itself does for topics: new string(Encoding.UTF8.GetChars(bytes)) (M2Mqtt/Messages/MqttMsgPublish.cs).
                    string will = willPayload == null ? string.Empty : new string(Encoding.UTF8.GetChars(willPayload));
                    Interlocked.Exchange(ref _disconnecting, 0);
                    MqttReasonCode code = client.Connect(clientId, _username, _password, willRetain, ToLevel(willQuality), willTopic != null,
                        willTopic, will, true, KeepAliveSeconds);
                    if (code != MqttReasonCode.Success)
                    {
                        LastFailure = "broker refused the connection, reason code " + ((int)code).ToString();
                        SafeClose(client);
                        return false;
                    }

                    _client = client;
                    LastFailure = null;
                    return true;
                }
                catch (Exception e)
                {
                    LastFailure = e.Message;
                    SafeClose(client);
                    return false;
                }
            }
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            lock (_lock)
            {
                Interlocked.Exchange(ref _disconnecting, 1);
                MqttClient client = _client;
                _client = null;
                if (client == null)
                {
                    return;
                }

                try
                {
                    if (client.IsConnected)
                    {
                        client.Disconnect();
                    }
                }
                catch (Exception)
                {
                    // Already gone: nothing to end.
                }

                SafeClose(client);
            }
        }

        /// <inheritdoc />
        public bool Subscribe(string topicFilter, MqttQualityOfService quality)
        {
            MqttClient client = _client;
            if (client == null)
            {
                return false;
            }

            try
            {
                client.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { ToLevel(quality) });
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int count, MqttQualityOfService quality, bool retain, string responseTopic,
            byte[] correlationData)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            try
            {
                // The library keeps the array until the message is sent, so it gets its own copy of exactly count bytes.
                byte[] message = new byte[count];
                Array.Copy(payload, message, count);
                client.Publish(topic, message, null, null, ToLevel(quality), retain);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            IMqttReceiver receiver = _receiver;
            if (receiver != null && sender == _client)
            {
                receiver.OnMessage(e.Topic, e.Message, null, null);
            }
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            IMqttReceiver receiver = _receiver;
            if (receiver != null && Interlocked.CompareExchange(ref _disconnecting, 0, 0) == 0 && sender == _client)
            {
                receiver.OnConnectionLost();
            }
        }

        private void DropClient()
        {
            MqttClient old = _client;
            _client = null;
            if (old != null)
            {
                Interlocked.Exchange(ref _disconnecting, 1);
                SafeClose(old);
            }
        }

        private static void SafeClose(MqttClient client)
        {
            if (client == null)
            {
                return;
            }

            try
            {
                client.Close();
            }
            catch (Exception)
            {
                // Close already swallows its own failures (M2Mqtt/MqttClient.cs); nothing more to do.
            }
        }

        /// <summary>A PEM certificate (starts with '-') with a terminating NUL byte; DER and already-terminated data unchanged.</summary>
        private static byte[] TerminatedPem(byte[] certificate)
        {
            if (certificate == null || certificate.Length == 0 || certificate[0] != (byte)'-'
                || certificate[certificate.Length - 1] == 0)
            {
                return certificate;
            }

            byte[] terminated = new byte[certificate.Length + 1];
            Array.Copy(certificate, terminated, certificate.Length);
            return terminated;
        }

        private static MqttQoSLevel ToLevel(MqttQualityOfService quality)
        {
            switch (quality)
            {
                case MqttQualityOfService.ExactlyOnce:
                    return MqttQoSLevel.ExactlyOnce;
                case MqttQualityOfService.AtLeastOnce:
                    return MqttQoSLevel.AtLeastOnce;
                default:
                    return MqttQoSLevel.AtMostOnce;
            }
        }
    }
}
