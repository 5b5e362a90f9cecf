using System.Net;
using System.Net.Sockets;

namespace Bioreactor.Host.Infrastructure
{
    /// <summary>TCP ports on the loopback address for the host programs' own servers (the station's pages, a broker).</summary>
    public static class LoopbackPorts
    {
        /// <summary>A port the operating system reported free a moment ago.</summary>
        public static int Free()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>Whether <paramref name="port"/> can be listened on now.</summary>
        public static bool IsFree(int port)
        {
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
