using System;
using System.Net;
using System.Net.Sockets;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>A broker a test class runs against: started on a free loopback port with the repository's access list.</summary>
    internal interface ITestBroker : IDisposable
    {
        string Name { get; }

        int Port { get; }

        /// <summary>Starts (again) on <see cref="Port"/>; returns when the broker accepts connections.</summary>
        void Start();

        /// <summary>Stops the broker; its clients' connections end.</summary>
        void Stop();

        /// <summary>The broker's own log, for failure messages.</summary>
        string Log { get; }
    }

    internal static class FreePort
    {
        /// <summary>A TCP port on loopback that was free a moment ago (the operating system's choice).</summary>
        public static int Next()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
