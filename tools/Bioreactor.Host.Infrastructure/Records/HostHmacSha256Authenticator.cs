using System;
using System.Security.Cryptography;
using Bioreactor.Control.Ports;

namespace Bioreactor.Host.Infrastructure.Records
{
    /// <summary>
    /// The record's HMAC-SHA256 on the host, through System.Security.Cryptography's one-shot span API
    /// (<see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>), which allocates nothing per
    /// call. Gives the same bytes as the core's managed <c>HmacSha256Authenticator</c> and the ESP32's nanoFramework HMACSHA256.
    /// </summary>
    public sealed class HostHmacSha256Authenticator : IMessageAuthenticator, IDisposable
    {
        /// <summary>Shortest key accepted, bytes (the core's minimum: 128 bits).</summary>
        public const int MinimumKeyLength = 16;

        private readonly byte[] key;

        /// <summary>Creates the authenticator with a copy of the device key.</summary>
        public HostHmacSha256Authenticator(byte[] key)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (key.Length < MinimumKeyLength)
            {
                throw new ArgumentOutOfRangeException(nameof(key), "key must be at least 16 bytes (128 bits)");
            }

            this.key = (byte[])key.Clone();
        }

        /// <inheritdoc/>
        public void ComputeMac(byte[] data, int offset, int count, byte[] mac, int macOffset)
        {
            HMACSHA256.HashData(key, new ReadOnlySpan<byte>(data, offset, count), new Span<byte>(mac, macOffset, HMACSHA256.HashSizeInBytes));
        }

        /// <summary>Clears the key copy.</summary>
        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
