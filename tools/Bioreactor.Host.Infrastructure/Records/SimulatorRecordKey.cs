using System.Security.Cryptography;
using System.Text;

namespace Bioreactor.Host.Infrastructure.Records
{
    /// <summary>
    /// The simulator's published record key: SHA-256 of <see cref="Prefix"/> and the device id (UTF-8), so anyone can
    /// verify a simulator's records. Obviously not secret: a real device's key is provisioned into it at manufacture and
    /// never derived. One derivation for the simulator that writes with it and the client and station that verify with it.
    /// </summary>
    public static class SimulatorRecordKey
    {
        /// <summary>Text hashed before the device id.</summary>
        public const string Prefix = "bioreactor simulator record key, not secret: ";

        /// <summary>The simulator's record key for <paramref name="deviceId"/> (32 bytes).</summary>
        public static byte[] Derive(string deviceId) => SHA256.HashData(Encoding.UTF8.GetBytes(Prefix + deviceId));
    }
}
