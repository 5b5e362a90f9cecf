using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Bioreactor.Host.Infrastructure.Mqtt
{
    /// <summary>Settings of an <see cref="EmbeddedBroker"/>.</summary>
    public sealed class EmbeddedBrokerOptions
    {
        /// <summary>
        /// Address to listen on; default the IPv4 loopback, so nothing off this machine can connect. Without a
        /// <see cref="PasswordFile"/> the broker is open to every client that reaches it, so it must be a loopback address;
        /// with one, any address (e.g. <see cref="IPAddress.Any"/> for every IPv4 interface).
        /// </summary>
        public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

        /// <summary>
        /// TCP port (0–65535); default 1883. 0 lets the operating system choose a free port at the first start (see
        /// <see cref="EmbeddedBroker.Port"/>); later starts reuse it.
        /// </summary>
        public int Port { get; set; } = MqttBrokerOptions.DefaultPort;

        /// <summary>
        /// Users and their password hashes in mosquitto's password_file format (the plant's file, made with
        /// <c>mosquitto_passwd</c>); null lets every client in without checking (anonymous allowed; loopback only). With a
        /// file, a CONNECT without a listed user name and its password is refused (BadUserNameOrPassword), anonymous ones too.
        /// </summary>
        public MqttPasswordFile PasswordFile { get; set; }

        /// <summary>Topic access list (mosquitto syntax, e.g. the plant's <c>acl</c> file); null allows every topic to everyone.</summary>
        public MqttAccessList AccessList { get; set; }

        /// <summary>How the owner's command line changes the port, named in the port-in-use message; default "--broker-port &lt;port&gt;".</summary>
        public string PortOptionHint { get; set; } = "--broker-port <port>";

        /// <summary>How the owner's command line gives a users file, named when an open broker is asked to leave loopback.</summary>
        public string UsersOptionHint { get; set; } = "a users file";

        /// <summary>Checks every field; throws naming the bad one and its allowed values.</summary>
        /// <exception cref="ArgumentException">A field is missing or out of range.</exception>
        public void Validate()
        {
            if (BindAddress == null)
            {
                throw new ArgumentException("BindAddress is null: give an address, e.g. IPAddress.Loopback.", nameof(BindAddress));
            }

            if (BindAddress.AddressFamily != AddressFamily.InterNetwork && BindAddress.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw new ArgumentException("BindAddress must be an IPv4 or IPv6 address.", nameof(BindAddress));
            }

            if (PasswordFile == null && !IPAddress.IsLoopback(BindAddress))
            {
                throw new ArgumentException(
                    $"The embedded MQTT broker without users is open to anyone who reaches it, so it listens on loopback only (127.0.0.1 or ::1), not {BindAddress}. " +
                    $"Give {UsersOptionHint} (mosquitto's password_file format, made with mosquitto_passwd) to listen on {BindAddress}.",
                    nameof(BindAddress));
            }

            if (Port < 0 || Port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (any free port) to 65535.");
            }
        }
    }

    /// <summary>The embedded broker's port is taken (or not allowed); the message says how to choose another.</summary>
    public sealed class BrokerPortUnavailableException : IOException
    {
        /// <summary>Creates the exception.</summary>
        public BrokerPortUnavailableException(IPAddress address, int port, string message, Exception innerException)
            : base(message, innerException)
        {
            Address = address;
            Port = port;
        }

        /// <summary>The address the broker tried to listen on.</summary>
        public IPAddress Address { get; }

        /// <summary>The port the broker tried to listen on.</summary>
        public int Port { get; }
    }

    /// <summary>
    /// An MQTT broker inside the simulator process (MQTTnet.Server 5), so the simulator's default run needs nothing else
    /// installed. Two modes, named in its first log line (<see cref="Describe"/>): open (no users file; anonymous clients,
    /// loopback only) or closed (users from a mosquitto password file, any listen address). Either may add a topic access
    /// list; users and access list use the plant's mosquitto files and rules (<see cref="MqttPasswordFile"/>,
    /// <see cref="MqttAccessList"/>). Standard clients connect as to mosquitto: an MQTT 3.1.1 client without a client id
    /// and with a clean session, or an MQTT 5.0 client without one, is given one (<c>auto-</c> and a random GUID,
    /// like mosquitto's auto_id_prefix). Retained messages and wills work as in any broker; nothing is persisted (like
    /// mosquitto with <c>persistence false</c>): a stopped broker forgets its retained messages.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   Stopped ──Start──▶ Running ──Stop──▶ Stopped      (Start on a taken port throws BrokerPortUnavailableException)
    /// </code>
    /// Refusals (bad credentials, unauthorised publish or subscribe) are counted and logged through the callback given to
    /// the constructor; refused publishes are dropped (MQTT 5 clients get reason code NotAuthorized in their PUBACK).
    /// </remarks>
    public sealed class EmbeddedBroker : IDisposable
    {
        private static readonly TimeSpan StartStopTimeout = TimeSpan.FromSeconds(10);

        private readonly EmbeddedBrokerOptions options;
        private readonly Action<string> log;
        private readonly object stateLock = new object();
        private MqttServer server;
        private int port;
        private int connectedClients;
        private long messagesReceived;
        private long messagesRefused;
        private long subscriptionsRefused;
        private long connectionsRefused;

        /// <summary>Creates a stopped broker.</summary>
        /// <param name="options">Address, port, password file and access list; validated and copied here.</param>
        /// <param name="log">Receives one line per start/stop and per refusal; called from MQTTnet's threads; null for none.</param>
        /// <exception cref="ArgumentException">An option is invalid.</exception>
        public EmbeddedBroker(EmbeddedBrokerOptions options, Action<string> log = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            this.options = new EmbeddedBrokerOptions
            {
                BindAddress = options.BindAddress,
                Port = options.Port,
                PasswordFile = options.PasswordFile,
                AccessList = options.AccessList,
                PortOptionHint = options.PortOptionHint,
                UsersOptionHint = options.UsersOptionHint,
            };
            this.log = log;
            port = options.Port;
        }

        /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
        public bool IsRunning
        {
            get
            {
                lock (stateLock)
                {
                    return server != null;
                }
            }
        }

        /// <summary>The listening port (the chosen one when the options asked for 0 and the broker has started).</summary>
        public int Port => Volatile.Read(ref port);

        /// <summary>Clients connected now.</summary>
        public int ConnectedClients => Volatile.Read(ref connectedClients);

        /// <summary>Publishes accepted from clients (wills included) since construction.</summary>
        public long MessagesReceived => Interlocked.Read(ref messagesReceived);

        /// <summary>Publishes refused by the access list since construction.</summary>
        public long MessagesRefused => Interlocked.Read(ref messagesRefused);

        /// <summary>Subscriptions refused by the access list since construction.</summary>
        public long SubscriptionsRefused => Interlocked.Read(ref subscriptionsRefused);

        /// <summary>Connections refused for their credentials since construction.</summary>
        public long ConnectionsRefused => Interlocked.Read(ref connectionsRefused);

        /// <summary>Starts listening (again after <see cref="Stop"/>, on the same port, with no retained messages). Harmless when running.</summary>
        /// <exception cref="BrokerPortUnavailableException">The port is in use or not allowed; the message suggests what to do.</exception>
        public void Start()
        {
            lock (stateLock)
            {
                if (server != null)
                {
                    return;
                }

                var serverOptions = new MqttServerOptionsBuilder()
                    .WithDefaultEndpoint()
                    .WithDefaultEndpointPort(options.Port)
                    .Build();

                // One address family only: MQTTnet otherwise also listens on every IPv6 interface.
                bool v4 = options.BindAddress.AddressFamily == AddressFamily.InterNetwork;
                serverOptions.DefaultEndpointOptions.BoundInterNetworkAddress = v4 ? options.BindAddress : IPAddress.None;
                serverOptions.DefaultEndpointOptions.BoundInterNetworkV6Address = v4 ? IPAddress.None : options.BindAddress;

                MqttServer created = new MqttServerFactory().CreateMqttServer(
                    serverOptions, new IMqttServerAdapter[] { new ClientIdAssigningServerAdapter(AssignClientId) });
                created.ValidatingConnectionAsync += OnValidatingConnection;
                created.ClientConnectedAsync += OnClientConnected;
                created.ClientDisconnectedAsync += OnClientDisconnected;
                created.InterceptingPublishAsync += OnInterceptingPublish;
                created.InterceptingSubscriptionAsync += OnInterceptingSubscription;
                Volatile.Write(ref connectedClients, 0);
                try
                {
                    Wait(() => created.StartAsync());
                }
                catch (Exception exception)
                {
                    created.Dispose();
                    SocketException socketError = FindSocketException(exception);
                    string endpoint = Endpoint(options.Port);
                    if (socketError != null &&
                        (socketError.SocketErrorCode == SocketError.AddressAlreadyInUse || socketError.SocketErrorCode == SocketError.AccessDenied))
                    {
                        string why = socketError.SocketErrorCode == SocketError.AddressAlreadyInUse
                            ? "the port is already in use (another MQTT broker such as mosquitto, or another simulator?)"
                            : "the operating system does not allow this program to use the port";
                        throw new BrokerPortUnavailableException(
                            options.BindAddress,
                            options.Port,
                            $"The embedded MQTT broker cannot listen on {endpoint}: {why}. Choose another port with {options.PortOptionHint}, " +
                            "or stop the program that holds it.",
                            exception);
                    }

                    throw new IOException($"The embedded MQTT broker could not start on {endpoint}: {exception.Message}", exception);
                }

                // A port chosen by the operating system is kept, so a restart listens where the clients look.
                options.Port = serverOptions.DefaultEndpointOptions.Port;
                Volatile.Write(ref port, options.Port);
                server = created;
                Log(Describe(), prefixed: false);
            }
        }

        /// <summary>
        /// One line saying where the broker listens and who may connect, e.g. "embedded MQTT broker on 127.0.0.1:1883: open to
        /// anyone on this machine (loopback only, no users file)" or "embedded MQTT broker on 0.0.0.0:1883: users from
        /// passwd (3), anonymous clients refused; access list acl (14 rules)". The broker logs it first when it starts.
        /// </summary>
        public string Describe()
        {
            MqttPasswordFile users = options.PasswordFile;
            MqttAccessList access = options.AccessList;
            string who = users == null
                ? "open to anyone on this machine (loopback only, no users file)"
                : $"users from {users.Source ?? "the given password table"} ({users.UserCount}), anonymous clients refused";
            string topics = access == null
                ? (users == null ? string.Empty : "; no access list (every user may use every topic)")
                : $"; access list {access.Source ?? "given as text"} ({access.RuleCount} rules)";
            return $"embedded MQTT broker on {Endpoint(Port)}: {who}{topics}";
        }

        /// <summary>Disconnects every client (MQTT 5 clients are told the server is shutting down) and stops listening.</summary>
        public void Stop()
        {
            lock (stateLock)
            {
                MqttServer running = server;
                if (running == null)
                {
                    return;
                }

                server = null;
                try
                {
                    MqttServerStopOptions stopOptions = new MqttServerStopOptionsBuilder()
                        .WithDefaultClientDisconnectOptions(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.ServerShuttingDown })
                        .Build();
                    Wait(() => running.StopAsync(stopOptions));
                }
                catch (Exception exception)
                {
                    Log($"embedded broker stop: {exception.GetType().Name}: {exception.Message}");
                }
                finally
                {
                    running.Dispose();
                }

                Volatile.Write(ref connectedClients, 0);
                Log($"embedded broker on {Endpoint(Port)} stopped");
            }
        }

        /// <summary>Stops the broker.</summary>
        public void Dispose()
        {
            Stop();
        }

        private Task OnValidatingConnection(ValidatingConnectionEventArgs eventArgs)
        {
            // An MQTT 5.0 client may leave its id empty and let the broker choose one (MQTT 5.0 §3.1.3.1: Assigned Client
            // Identifier in the CONNACK), as mosquitto_sub -V mqttv5 does without -i; MQTTnet takes this id for 5.0 only.
            // A 3.1.1 client's empty id was already filled in by ClientIdAssigningServerAdapter (clean sessions only).
            if (string.IsNullOrEmpty(eventArgs.ClientId))
            {
                eventArgs.AssignedClientIdentifier = AssignClientId();
            }

            MqttPasswordFile users = options.PasswordFile;
            if (users == null)
            {
                return Task.CompletedTask;
            }

            // As mosquitto with allow_anonymous false: no user name, an unknown one or a wrong password is refused.
            if (!users.Verify(eventArgs.UserName, eventArgs.RawPassword))
            {
                eventArgs.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                Interlocked.Increment(ref connectionsRefused);
                string who = eventArgs.UserName == null ? "no user name" : $"user '{eventArgs.UserName}'";
                Log($"connection of '{eventArgs.ClientId}' refused: bad user name or password ({who})");
            }

            return Task.CompletedTask;
        }

        /// <summary>A new client id for a client that sent none: mosquitto's default auto_id_prefix "auto-" and a random GUID.</summary>
        private static string AssignClientId()
        {
            return "auto-" + Guid.NewGuid().ToString("D", System.Globalization.CultureInfo.InvariantCulture).ToUpperInvariant();
        }

        private Task OnClientConnected(ClientConnectedEventArgs eventArgs)
        {
            Interlocked.Increment(ref connectedClients);
            return Task.CompletedTask;
        }

        private Task OnClientDisconnected(ClientDisconnectedEventArgs eventArgs)
        {
            if (Interlocked.Decrement(ref connectedClients) < 0)
            {
                Volatile.Write(ref connectedClients, 0);
            }

            return Task.CompletedTask;
        }

        private Task OnInterceptingPublish(InterceptingPublishEventArgs eventArgs)
        {
            string topic = eventArgs.ApplicationMessage?.Topic;
            if (options.AccessList != null && !options.AccessList.MayPublish(eventArgs.UserName, eventArgs.ClientId, topic))
            {
                eventArgs.ProcessPublish = false;
                eventArgs.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
                Interlocked.Increment(ref messagesRefused);
                Log($"publish by '{eventArgs.ClientId}' (user '{eventArgs.UserName}') to '{topic}' refused by the access list");
                return Task.CompletedTask;
            }

            Interlocked.Increment(ref messagesReceived);
            return Task.CompletedTask;
        }

        private Task OnInterceptingSubscription(InterceptingSubscriptionEventArgs eventArgs)
        {
            string filter = eventArgs.TopicFilter?.Topic;
            if (options.AccessList != null && !options.AccessList.MaySubscribe(eventArgs.UserName, eventArgs.ClientId, filter))
            {
                eventArgs.ProcessSubscription = false;
                eventArgs.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                Interlocked.Increment(ref subscriptionsRefused);
                Log($"subscription of '{eventArgs.ClientId}' (user '{eventArgs.UserName}') to '{filter}' refused by the access list");
            }

            return Task.CompletedTask;
        }

        private string Endpoint(int endpointPort)
        {
            return options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6
                ? $"[{options.BindAddress}]:{endpointPort}"
                : $"{options.BindAddress}:{endpointPort}";
        }

        private static void Wait(Func<Task> operation)
        {
            // On the thread pool, so no caller's synchronisation context is captured; the timeout guards a stuck shutdown.
            Task running = Task.Run(operation);
            if (!running.Wait(StartStopTimeout))
            {
                throw new TimeoutException($"no completion within {StartStopTimeout.TotalSeconds:0} s");
            }

            running.GetAwaiter().GetResult();
        }

        private static SocketException FindSocketException(Exception exception)
        {
            for (Exception current = exception; current != null; current = current.InnerException)
            {
                if (current is SocketException socketException)
                {
                    return socketException;
                }

                if (current is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
                {
                    SocketException inner = FindSocketException(aggregate.InnerExceptions[0]);
                    if (inner != null)
                    {
                        return inner;
                    }
                }
            }

            return null;
        }

        private void Log(string message, bool prefixed = true)
        {
            try
            {
                log?.Invoke(prefixed ? "broker: " + message : message);
            }
            catch (Exception)
            {
                // A failing log sink must not break the broker.
            }
        }
    }
}
