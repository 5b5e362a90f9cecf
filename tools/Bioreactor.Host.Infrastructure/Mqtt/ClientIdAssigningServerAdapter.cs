using System;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

namespace Bioreactor.Host.Infrastructure.Mqtt
{
    /// <summary>
    /// MQTTnet's TCP listener with one change: an MQTT 3.1.1 CONNECT with a zero-byte client id and CleanSession=1 gets an
    /// identifier from the broker, as MQTT 3.1.1 §3.1.3.1 allows and mosquitto does (<c>mosquitto_sub</c> without <c>-i</c>).
    /// </summary>
    /// <remarks>
    /// Why here: MQTTnet.Server 5.2 (MqttClientSessionsManager.ValidateConnection) takes the ValidatingConnection event's
    /// AssignedClientIdentifier for MQTT 5.0 clients only and refuses every other empty id with "identifier rejected", and
    /// the event cannot change the id. The CONNECT packet is read through <see cref="IMqttChannelAdapter.ReceivePacketAsync"/>
    /// before that check, so the id is filled in there. What stays refused, as in mosquitto 2.0
    /// (src/handle_connect.c) and the specification: an empty id with CleanSession=0 in 3.1.1 (0x02, identifier rejected,
    /// [MQTT-3.1.3-8]; MQTTnet's decoder would close the connection without that CONNACK, so it is sent here) and any
    /// empty id in MQTT 3.1. MQTT 5.0 clients are left to the event (Assigned Client Identifier).
    /// </remarks>
    internal sealed class ClientIdAssigningServerAdapter : IMqttServerAdapter
    {
        private readonly MqttTcpServerAdapter tcp = new MqttTcpServerAdapter();
        private readonly Func<string> assign;

        /// <param name="assign">Makes a new unique client id.</param>
        public ClientIdAssigningServerAdapter(Func<string> assign)
        {
            this.assign = assign;
            tcp.ClientHandler = channel =>
            {
                Func<IMqttChannelAdapter, Task> handler = ClientHandler;
                return handler == null ? Task.CompletedTask : handler(new Channel(channel, this.assign));
            };
        }

        public Func<IMqttChannelAdapter, Task> ClientHandler { get; set; }

        public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger) => tcp.StartAsync(options, logger);

        public Task StopAsync() => tcp.StopAsync();

        public void Dispose() => tcp.Dispose();

        /// <summary>A client's connection, unchanged except for the first packet's empty 3.1.1 client id.</summary>
        private sealed class Channel : IMqttChannelAdapter
        {
            private readonly IMqttChannelAdapter inner;
            private readonly Func<string> assign;
            private int packets;

            public Channel(IMqttChannelAdapter inner, Func<string> assign)
            {
                this.inner = inner;
                this.assign = assign;
            }

            public long BytesReceived => inner.BytesReceived;

            public long BytesSent => inner.BytesSent;

            public X509Certificate2 ClientCertificate => inner.ClientCertificate;

            public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

            public EndPoint LocalEndPoint => inner.LocalEndPoint;

            public bool IsSecureConnection => inner.IsSecureConnection;

            public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

            public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

            public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

            public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
            {
                bool first = Interlocked.Increment(ref packets) == 1;
                MqttPacket packet;
                try
                {
                    packet = await inner.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (MqttProtocolViolationException violation) when (first && IsEmptyIdWithoutCleanSession(violation))
                {
                    // MQTTnet's 3.1.1 decoder refuses this CONNECT by closing the connection; the specification asks for
                    // a CONNACK with 0x02 first [MQTT-3.1.3-8], which mosquitto sends and clients report as "identifier rejected".
                    var refusal = new MqttConnAckPacket
                    {
                        ReturnCode = MqttConnectReturnCode.ConnectionRefusedIdentifierRejected,
                        ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid,
                    };
                    await inner.SendPacketAsync(refusal, cancellationToken).ConfigureAwait(false);
                    throw;
                }

                if (first &&
                    packet is MqttConnectPacket connect &&
                    string.IsNullOrEmpty(connect.ClientId) &&
                    connect.CleanSession &&
                    inner.PacketFormatterAdapter.ProtocolVersion == MqttProtocolVersion.V311)
                {
                    connect.ClientId = assign();
                }

                return packet;
            }

            /// <summary>
            /// True for MQTTnet 5.2's refusal of a 3.1.1 CONNECT with an empty id and CleanSession=0
            /// (MqttV3PacketFormatter.ValidateConnectPacket, which names the requirement [MQTT-3.1.3-7]).
            /// </summary>
            private bool IsEmptyIdWithoutCleanSession(MqttProtocolViolationException violation)
            {
                return inner.PacketFormatterAdapter.ProtocolVersion == MqttProtocolVersion.V311 &&
                       violation.Message.Contains("[MQTT-3.1.3-7]", StringComparison.Ordinal);
            }

            public void ResetStatistics() => inner.ResetStatistics();

            public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

            public void Dispose() => inner.Dispose();
        }
    }
}
