namespace Bioreactor.Control.Ports
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104, FIPS 198-1) keyed with the device's record key, which stays inside the implementation (or,
    /// as PBKDF2's pseudorandom function in Records.Pbkdf2, with a password: Records.HmacSha256Authenticator.ForPassword). The
    /// host implements it with System.Security.Cryptography; the core carries an allocation-free managed one
    /// (Records.HmacSha256Authenticator), which the ESP32 application uses today (on nanoCLR it costs about 0.73 million
    /// interpreter instructions per SHA-256 block, measured with callgrind; nanoFramework.System.Security.Cryptography's
    /// native HMACSHA256 is the faster alternative, not yet wired). Implementations need not be thread-safe: give each
    /// user (record writer, verifier) its own instance.
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
