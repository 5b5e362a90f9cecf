using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Control.Ports;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Bioreactor.Host.Infrastructure.Mqtt
{
    /// <summary>
    /// The host's MQTT client (simulator, client, benchmarks): <see cref="IMqttTransport"/> over MQTTnet 5. Each <see cref="Connect"/> builds a
    /// fresh MQTTnet client (so nothing of a dead session can leak into the next), and the blocking calls wait on MQTTnet's
    /// asynchronous API on the thread pool with the configured timeouts, so they cannot deadlock on a synchronisation
    /// context and never wait longer than the timeout (plus a short guard).
    /// </summary>
    /// <remarks>
    /// <code>
    ///             Connect ok                       broker closes / network fails / keep-alive expires
    ///   Idle ─────────────────▶ Connected ───────────────────────────────────────────▶ Lost (receiver.OnConnectionLost)
    ///    ▲  ◀── Connect fails       │  Disconnect (DISCONNECT sent: the broker drops the will)   │
    ///    │                          │  Abort (socket closed without DISCONNECT: the broker       │
    ///    └──────────────────────────┘         publishes the will; no OnConnectionLost)           │
    ///    └─────────────────────────────────────── Connect again ◀────────────────────────────────┘
    /// </code>
    /// Connect while a session is up ends that session cleanly first. Failures are results (false), never exceptions; their cause goes to the log callback given to the constructor and
    /// to <see cref="LastError"/>. Messages arrive on MQTTnet's delivery task, one at a time and in order; the receiver
    /// gets copies of payload and correlation data. Configuration errors (options, unreadable certificate files) throw
    /// from the constructor, since no retry can fix them.
    /// <para><b>Size.</b> About 700 lines, because a transport that promises results and never exceptions has to turn each of
    /// MQTTnet's failure paths (connect, subscribe, publish reason codes, timeouts, a session lost under a call, certificate
    /// checks) into a result and a logged cause in one place, under one connection lock.</para>
    /// </remarks>
    public sealed class MqttNetTransport : IMqttTransport, IDisposable
    {
        // Extra wait beyond a timeout handed to MQTTnet as a cancellation token, in case a library path ignores the token.
        private static readonly TimeSpan GuardTime = TimeSpan.FromSeconds(2);

        // MQTT 5.0 §2.4: reason codes below 0x80 mean success (0x10 "no matching subscribers" included).
        private const int FirstFailureReasonCode = 0x80;

        private readonly MqttBrokerOptions options;
        private readonly Action<string> log;
        private readonly MqttClientFactory factory = new MqttClientFactory();
        private readonly object connectionLock = new object();
        private readonly X509Certificate2Collection trustedAuthorities;
        private readonly X509Certificate2Collection clientCertificates;
        private volatile IMqttReceiver receiver;
        private volatile Session current;
        private volatile string lastError;
        private volatile string certificateProblem;
        private bool disposed;
        private long messagesReceived;
        private long messagesPublished;
        private long publishFailures;
        private long connectionsLost;

        /// <summary>Creates the transport; no connection is made until <see cref="Connect"/>.</summary>
        /// <param name="options">Broker address, credentials, TLS and timing; validated and copied here.</param>
        /// <param name="log">
        /// Receives one line per failure or connection change (connect refused, connection lost, publish refused, ...); called
        /// from the caller's and MQTTnet's threads; null for none.
        /// </param>
        /// <exception cref="ArgumentException">An option is invalid or a certificate file cannot be read.</exception>
        public MqttNetTransport(MqttBrokerOptions options, Action<string> log = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            this.options = Copy(options);
            this.log = log;
            if (this.options.UseTls)
            {
                trustedAuthorities = LoadAuthorities(this.options.CaCertificateFile);
                clientCertificates = LoadClientCertificate(this.options);
            }
        }

        /// <inheritdoc/>
        public bool IsConnected
        {
            get
            {
                Session session = current;
                return session != null && !session.IsEnded && session.Client.IsConnected;
            }
        }

        /// <summary>The cause of the last failure (connect, subscribe, publish, connection loss); null before any.</summary>
        public string LastError => lastError;

        /// <summary>Messages handed to the receiver since construction.</summary>
        public long MessagesReceived => Interlocked.Read(ref messagesReceived);

        /// <summary>Publishes accepted by the session (QoS 1/2: acknowledged by the broker) since construction.</summary>
        public long MessagesPublished => Interlocked.Read(ref messagesPublished);

        /// <summary>Publishes that returned false while a session was up (refused, timed out, connection failed).</summary>
        public long PublishFailures => Interlocked.Read(ref publishFailures);

        /// <summary>Sessions that ended without <see cref="Disconnect"/> or <see cref="Abort"/> (each one reported to the receiver).</summary>
        public long ConnectionsLost => Interlocked.Read(ref connectionsLost);

        /// <inheritdoc/>
        public void SetReceiver(IMqttReceiver receiver)
        {
            this.receiver = receiver;
        }

        /// <inheritdoc/>
        public bool Connect(string clientId, string willTopic, byte[] willPayload, MqttQualityOfService willQuality, bool willRetain)
        {
            lock (connectionLock)
            {
                if (disposed)
                {
                    return Fail("connect refused: the transport is disposed");
                }

                // A session still up is ended cleanly first; a dead one is only released.
                EndSession(sendDisconnect: true);

                MqttClientOptions clientOptions;
                try
                {
                    clientOptions = BuildClientOptions(clientId, willTopic, willPayload, willQuality, willRetain);
                }
                catch (Exception exception)
                {
                    return Fail($"connect as '{clientId}' not attempted: {Describe(exception)}");
                }

                certificateProblem = null;
                IMqttClient client = factory.CreateMqttClient();
                var session = new Session(client, options.ProtocolLevel);
                client.ApplicationMessageReceivedAsync += eventArgs => OnApplicationMessage(eventArgs);
                client.DisconnectedAsync += eventArgs => OnDisconnected(session, eventArgs);
                current = session;

                string where = $"{options.Host}:{options.Port} as '{clientId}'";
                try
                {
                    MqttClientConnectResult result = RunBlocking(token => client.ConnectAsync(clientOptions, token), options.ConnectTimeout);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        EndSession(sendDisconnect: false);
                        string reason = string.IsNullOrEmpty(result.ReasonString) ? string.Empty : $" ({result.ReasonString})";
                        return Fail($"connect to {where} refused by the broker: {result.ResultCode}{reason}");
                    }
                }
                catch (Exception exception)
                {
                    EndSession(sendDisconnect: false);
                    string certificate = certificateProblem == null ? string.Empty : $"; {certificateProblem}";
                    return Fail($"connect to {where} failed: {Describe(exception)}{certificate}");
                }

                Log($"connected to {where} (MQTT {(options.ProtocolLevel == MqttProtocolLevel.V500 ? "5.0" : "3.1.1")}{(options.UseTls ? ", TLS" : string.Empty)})");
                return true;
            }
        }

        /// <inheritdoc/>
        public void Disconnect()
        {
            lock (connectionLock)
            {
                EndSession(sendDisconnect: true);
            }
        }

        /// <summary>
        /// Drops the connection without a DISCONNECT packet, as a power cut or a pulled cable would: the broker publishes
        /// the will. The receiver is not told (the owner asked for it). Harmless when not connected.
        /// </summary>
        public void Abort()
        {
            lock (connectionLock)
            {
                EndSession(sendDisconnect: false);
            }
        }

        /// <inheritdoc/>
        public bool Subscribe(string topicFilter, MqttQualityOfService quality)
        {
            Session session = LiveSession();
            if (session == null)
            {
                return Fail($"subscribe to '{topicFilter}' not sent: not connected");
            }

            try
            {
                MqttClientSubscribeOptions subscribeOptions = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(topicFilter, ToLibrary(quality))
                    .Build();
                MqttClientSubscribeResult result = RunBlocking(token => session.Client.SubscribeAsync(subscribeOptions, token), options.OperationTimeout);
                if (result.Items.Count == 0)
                {
                    return Fail($"subscribe to '{topicFilter}': the broker answered with no result");
                }

                foreach (MqttClientSubscribeResultItem item in result.Items)
                {
                    if ((int)item.ResultCode >= FirstFailureReasonCode)
                    {
                        return Fail($"subscribe to '{topicFilter}' refused by the broker: {item.ResultCode}");
                    }
                }

                return true;
            }
            catch (Exception exception)
            {
                return Fail($"subscribe to '{topicFilter}' failed: {Describe(exception)}");
            }
        }

        /// <inheritdoc/>
        public bool Publish(string topic, byte[] payload, int count, MqttQualityOfService quality, bool retain, string responseTopic,
            byte[] correlationData)
        {
            if (count < 0 || count > (payload == null ? 0 : payload.Length))
            {
                return Fail($"publish to '{topic}' not sent: count {count} is outside the payload (0 to {(payload == null ? 0 : payload.Length)} bytes)");
            }

            Session session = LiveSession();
            if (session == null)
            {
                return Fail($"publish to '{topic}' not sent: not connected");
            }

            try
            {
                // Copied: after a timeout MQTTnet may still be sending while the caller reuses its buffer.
                byte[] body = new byte[count];
                if (count > 0)
                {
                    Buffer.BlockCopy(payload, 0, body, 0, count);
                }

                MqttApplicationMessageBuilder builder = new MqttApplicationMessageBuilder()
                    .WithTopic(topic)
                    .WithPayload(body)
                    .WithQualityOfServiceLevel(ToLibrary(quality))
                    .WithRetainFlag(retain);
                if (session.ProtocolLevel == MqttProtocolLevel.V500)
                {
                    if (responseTopic != null)
                    {
                        builder.WithResponseTopic(responseTopic);
                    }

                    if (correlationData != null)
                    {
                        builder.WithCorrelationData((byte[])correlationData.Clone());
                    }
                }

                MqttApplicationMessage message = builder.Build();
                MqttClientPublishResult result = RunBlocking(token => session.Client.PublishAsync(message, token), options.OperationTimeout);
                if ((int)result.ReasonCode >= FirstFailureReasonCode)
                {
                    Interlocked.Increment(ref publishFailures);
                    string reason = string.IsNullOrEmpty(result.ReasonString) ? string.Empty : $" ({result.ReasonString})";
                    return Fail($"publish to '{topic}' refused by the broker: {result.ReasonCode}{reason}");
                }

                Interlocked.Increment(ref messagesPublished);
                return true;
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref publishFailures);
                return Fail($"publish to '{topic}' failed: {Describe(exception)}");
            }
        }

        /// <summary>Ends the session cleanly (<see cref="Disconnect"/>) and refuses further connects.</summary>
        public void Dispose()
        {
            lock (connectionLock)
            {
                if (disposed)
                {
                    return;
                }

                EndSession(sendDisconnect: true);
                disposed = true;
            }
        }

        private Session LiveSession()
        {
            Session session = current;
            return session != null && !session.IsEnded && session.Client.IsConnected ? session : null;
        }

        // Caller holds connectionLock. Marks the session ended first, so MQTTnet's disconnected event that follows is not
        // mistaken for a lost connection.
        private void EndSession(bool sendDisconnect)
        {
            Session session = current;
            if (session == null)
            {
                return;
            }

            current = null;
            bool wasLive = session.TryEnd();
            try
            {
                if (sendDisconnect && wasLive && session.Client.IsConnected)
                {
                    MqttClientDisconnectOptions disconnectOptions = new MqttClientDisconnectOptionsBuilder()
                        .WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection)
                        .Build();
                    RunBlocking(
                        async token =>
                        {
                            await session.Client.DisconnectAsync(disconnectOptions, token).ConfigureAwait(false);
                            return true;
                        },
                        options.OperationTimeout);
                    Log($"disconnected from {options.Host}:{options.Port}");
                }
            }
            catch (Exception exception)
            {
                Fail($"clean disconnect failed (the broker will treat it as a lost connection): {Describe(exception)}");
            }
            finally
            {
                // Disposing closes the socket without DISCONNECT if one was not sent.
                session.Client.Dispose();
            }
        }

        private Task OnApplicationMessage(MqttApplicationMessageReceivedEventArgs eventArgs)
        {
            try
            {
                MqttApplicationMessage message = eventArgs.ApplicationMessage;

                // Copies: MQTTnet may reuse its buffers once this handler returns.
                byte[] payload = message.Payload.IsEmpty ? Array.Empty<byte>() : message.Payload.ToArray();
                string responseTopic = string.IsNullOrEmpty(message.ResponseTopic) ? null : message.ResponseTopic;
                byte[] correlationData = message.CorrelationData == null || message.CorrelationData.Length == 0
                    ? null
                    : (byte[])message.CorrelationData.Clone();
                Interlocked.Increment(ref messagesReceived);
                IMqttReceiver target = receiver;
                if (target != null)
                {
                    target.OnMessage(message.Topic, payload, responseTopic, correlationData);
                }
            }
            catch (Exception exception)
            {
                Fail($"message on '{eventArgs.ApplicationMessage?.Topic}' not delivered: the receiver threw {Describe(exception)}");
            }

            return Task.CompletedTask;
        }

        private Task OnDisconnected(Session session, MqttClientDisconnectedEventArgs eventArgs)
        {
            // Connect failures (never connected) are reported by Connect; our own Disconnect/Abort ended the session first.
            if (!eventArgs.ClientWasConnected || !session.TryEnd())
            {
                return Task.CompletedTask;
            }

            Interlocked.Increment(ref connectionsLost);
            string cause = eventArgs.Exception != null ? Describe(eventArgs.Exception) : eventArgs.Reason.ToString();
            if (!string.IsNullOrEmpty(eventArgs.ReasonString))
            {
                cause += $" ({eventArgs.ReasonString})";
            }

            Fail($"connection to {options.Host}:{options.Port} lost: {cause}");
            try
            {
                receiver?.OnConnectionLost();
            }
            catch (Exception exception)
            {
                Fail($"the receiver threw on connection loss: {Describe(exception)}");
            }

            return Task.CompletedTask;
        }

        private MqttClientOptions BuildClientOptions(string clientId, string willTopic, byte[] willPayload, MqttQualityOfService willQuality,
            bool willRetain)
        {
            MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
                .WithTcpServer(options.Host, options.Port)
                .WithClientId(clientId)
                .WithCleanSession(true)
                .WithProtocolVersion(options.ProtocolLevel == MqttProtocolLevel.V500 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311)
                .WithTimeout(options.OperationTimeout)
                .WithKeepAlivePeriod(options.KeepAlive);
            if (options.Username != null)
            {
                builder.WithCredentials(options.Username, options.Password);
            }

            if (willTopic != null)
            {
                builder.WithWillTopic(willTopic)
                    .WithWillPayload(willPayload == null ? Array.Empty<byte>() : (byte[])willPayload.Clone())
                    .WithWillQualityOfServiceLevel(ToLibrary(willQuality))
                    .WithWillRetain(willRetain);
            }

            if (options.UseTls)
            {
                MqttClientTlsOptionsBuilder tls = new MqttClientTlsOptionsBuilder()
                    .UseTls()
                    .WithTargetHost(options.Host)
                    .WithCertificateValidationHandler(ValidateBrokerCertificate);
                if (clientCertificates != null)
                {
                    tls.WithClientCertificates(clientCertificates);
                }

                builder.WithTlsOptions(tls.Build());
            }

            return builder.Build();
        }

        private bool ValidateBrokerCertificate(MqttClientCertificateValidationEventArgs eventArgs)
        {
            if (options.AllowUntrustedCertificates)
            {
                return true;
            }

            SslPolicyErrors errors = eventArgs.SslPolicyErrors;
            if (trustedAuthorities == null)
            {
                if (errors != SslPolicyErrors.None)
                {
                    certificateProblem = $"broker certificate refused: {errors}";
                }

                return errors == SslPolicyErrors.None;
            }

            // With a CA file, only the chain is judged against it; a missing certificate or a name mismatch still fails.
            if ((errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0 ||
                eventArgs.Certificate == null)
            {
                certificateProblem = $"broker certificate refused: {errors}";
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trustedAuthorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (eventArgs.Chain != null)
            {
                foreach (X509ChainElement element in eventArgs.Chain.ChainElements)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            X509Certificate2 leaf = eventArgs.Certificate as X509Certificate2
                ?? X509CertificateLoader.LoadCertificate(eventArgs.Certificate.GetRawCertData());
            if (chain.Build(leaf))
            {
                return true;
            }

            var problems = new List<string>();
            foreach (X509ChainStatus status in chain.ChainStatus)
            {
                problems.Add(status.Status.ToString());
            }

            certificateProblem = $"broker certificate '{leaf.Subject}' not trusted by {options.CaCertificateFile}: {string.Join(", ", problems)}";
            return false;
        }

        private static X509Certificate2Collection LoadAuthorities(string path)
        {
            if (path == null)
            {
                return null;
            }

            var authorities = new X509Certificate2Collection();
            try
            {
                authorities.ImportFromPemFile(path);
            }
            catch (Exception exception) when (exception is IOException || exception is CryptographicException || exception is UnauthorizedAccessException)
            {
                throw new ArgumentException($"CaCertificateFile '{path}' cannot be read as PEM certificates: {exception.Message}", nameof(path), exception);
            }

            if (authorities.Count == 0)
            {
                throw new ArgumentException($"CaCertificateFile '{path}' holds no PEM certificate.", nameof(path));
            }

            return authorities;
        }

        private static X509Certificate2Collection LoadClientCertificate(MqttBrokerOptions options)
        {
            string path = options.ClientCertificateFile;
            if (path == null)
            {
                return null;
            }

            try
            {
                X509Certificate2 certificate;
                if (options.ClientKeyFile != null)
                {
                    using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(path, options.ClientKeyFile);

                    // Round trip through PKCS#12: SslStream on Windows cannot use the ephemeral key of a PEM import.
                    certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
                }
                else
                {
                    certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassword);
                }

                if (!certificate.HasPrivateKey)
                {
                    throw new ArgumentException($"ClientCertificateFile '{path}' has no private key.", nameof(options));
                }

                return new X509Certificate2Collection(certificate);
            }
            catch (Exception exception) when (exception is IOException || exception is CryptographicException || exception is UnauthorizedAccessException)
            {
                throw new ArgumentException(
                    $"ClientCertificateFile '{path}' cannot be read (PEM with ClientKeyFile, or PKCS#12 with ClientCertificatePassword): {exception.Message}",
                    nameof(options),
                    exception);
            }
        }

        // Waits for an MQTTnet operation on the thread pool (no synchronisation context can be captured) with a cancellation
        // token that fires at the timeout.
        private static T RunBlocking<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout)
        {
            var cancellation = new CancellationTokenSource(timeout);
            Task<T> task = Task.Run(() => operation(cancellation.Token));
            bool finished;
            try
            {
                finished = task.Wait(timeout + GuardTime);
            }
            catch (AggregateException)
            {
                finished = true;
            }

            if (!finished)
            {
                cancellation.Cancel();
                task.ContinueWith(
                    (abandoned, state) =>
                    {
                        _ = abandoned.Exception;
                        ((CancellationTokenSource)state).Dispose();
                    },
                    cancellation,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.###} s");
            }

            // MQTTnet may report its cancellation as "connection closed"; the timeout is the real cause then.
            bool timedOut = cancellation.IsCancellationRequested;
            cancellation.Dispose();
            if (timedOut && !task.IsCompletedSuccessfully)
            {
                throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.###} s", task.Exception?.GetBaseException());
            }

            return task.GetAwaiter().GetResult();
        }

        private static MqttQualityOfServiceLevel ToLibrary(MqttQualityOfService quality)
        {
            switch (quality)
            {
                case MqttQualityOfService.AtMostOnce:
                    return MqttQualityOfServiceLevel.AtMostOnce;
                case MqttQualityOfService.AtLeastOnce:
                    return MqttQualityOfServiceLevel.AtLeastOnce;
                case MqttQualityOfService.ExactlyOnce:
                    return MqttQualityOfServiceLevel.ExactlyOnce;
                default:
                    throw new ArgumentOutOfRangeException(nameof(quality), quality, "QoS must be 0, 1 or 2.");
            }
        }

        private static string Describe(Exception exception)
        {
            if (exception is AggregateException aggregate)
            {
                exception = aggregate.GetBaseException();
            }

            if (exception is OperationCanceledException)
            {
                return "timed out";
            }

            if (exception is TimeoutException)
            {
                return "timed out: " + exception.Message;
            }

            string text = $"{exception.GetType().Name}: {exception.Message}";
            Exception inner = exception.InnerException;
            if (inner != null && inner.Message != exception.Message)
            {
                text += $" ({inner.GetType().Name}: {inner.Message})";
            }

            return text;
        }

        private static MqttBrokerOptions Copy(MqttBrokerOptions source)
        {
            return new MqttBrokerOptions
            {
                Host = source.Host,
                Port = source.Port,
                Username = source.Username,
                Password = source.Password,
                UseTls = source.UseTls,
                CaCertificateFile = source.CaCertificateFile,
                ClientCertificateFile = source.ClientCertificateFile,
                ClientKeyFile = source.ClientKeyFile,
                ClientCertificatePassword = source.ClientCertificatePassword,
                AllowUntrustedCertificates = source.AllowUntrustedCertificates,
                ProtocolLevel = source.ProtocolLevel,
                ConnectTimeout = source.ConnectTimeout,
                OperationTimeout = source.OperationTimeout,
                KeepAlive = source.KeepAlive,
            };
        }

        private bool Fail(string message)
        {
            lastError = message;
            Log(message);
            return false;
        }

        private void Log(string message)
        {
            try
            {
                log?.Invoke("mqtt: " + message);
            }
            catch (Exception)
            {
                // A failing log sink must not turn a result into an exception.
            }
        }

        /// <summary>One MQTTnet client and whether its session has ended (by us or by loss), decided exactly once.</summary>
        private sealed class Session
        {
            private int ended;

            public Session(IMqttClient client, MqttProtocolLevel protocolLevel)
            {
                Client = client;
                ProtocolLevel = protocolLevel;
            }

            public IMqttClient Client { get; }

            public MqttProtocolLevel ProtocolLevel { get; }

            public bool IsEnded => Volatile.Read(ref ended) != 0;

            /// <summary>True for the one caller that ends the session.</summary>
            public bool TryEnd() => Interlocked.Exchange(ref ended, 1) == 0;
        }
    }
}
