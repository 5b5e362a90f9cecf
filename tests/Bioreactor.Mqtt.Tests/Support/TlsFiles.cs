using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// A throw-away certificate authority and a broker certificate for 127.0.0.1 signed by it, written as PEM files into a
    /// directory (valid from yesterday to tomorrow; ECDSA P-256).
    /// </summary>
    internal sealed class TlsFiles
    {
        private TlsFiles(string directory, string name)
        {
            CaCertificatePath = Path.Combine(directory, name + "-ca.crt");
            CertificatePath = Path.Combine(directory, name + "-broker.crt");
            KeyPath = Path.Combine(directory, name + "-broker.key");
        }

        public string CaCertificatePath { get; }

        public string CertificatePath { get; }

        public string KeyPath { get; }

        public static TlsFiles Create(string directory, string name)
        {
            var files = new TlsFiles(directory, name);
            DateTimeOffset now = DateTimeOffset.UtcNow;

            using ECDsa authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var authorityRequest = new CertificateRequest($"CN=Bioreactor test CA {name}", authorityKey, HashAlgorithmName.SHA256);
            authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
            using X509Certificate2 authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

            using ECDsa brokerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var brokerRequest = new CertificateRequest("CN=127.0.0.1", brokerKey, HashAlgorithmName.SHA256);
            brokerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            brokerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            brokerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            brokerRequest.CertificateExtensions.Add(names.Build());
            brokerRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            using X509Certificate2 broker = brokerRequest.Create(authority, now.AddDays(-1), now.AddDays(1), serial);

            File.WriteAllText(files.CaCertificatePath, authority.ExportCertificatePem() + "\n");
            File.WriteAllText(files.CertificatePath, broker.ExportCertificatePem() + "\n");
            File.WriteAllText(files.KeyPath, brokerKey.ExportPkcs8PrivateKeyPem() + "\n");
            return files;
        }
    }
}
