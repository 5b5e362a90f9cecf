namespace Bioreactor.Control.Ports
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104, FIPS 198-1) keyed with the device's record key, which stays inside the implementation. The
    /// host implements it with System.Security.Cryptography, the ESP32 with nanoFramework.System.Security.Cryptography's
    /// HMACSHA256, and the core carries an allocation-free managed one (Records.HmacSha256Authenticator). Implementations
    /// need not be thread-safe: give each user (record writer, verifier) its own instance.
    /// </summary>
    public interface IMessageAuthenticator
    {
        /// <summary>
        /// Writes the 32-byte HMAC-SHA256 of <paramref name="data"/>[<paramref name="offset"/>, +<paramref name="count"/>) into
        /// <paramref name="mac"/> at <paramref name="macOffset"/>. Should not allocate (it runs once per record entry).
        /// </summary>
        void ComputeMac(byte[] data, int offset, int count, byte[] mac, int macOffset);
    }
}
