using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Microbenchmarks;

/// <summary>
/// What a signed command costs (docs/mqtt-protocol.md, "Signed commands"). The device's share, as its signature check
/// does it on the record thread: parse the command, build its canonical bytes, key an HMAC-SHA256 with the operator's
/// key and compute the MAC (the core's portable SHA-256, as on the ESP32). The signer's share: PBKDF2-HMAC-SHA256 of the
/// password at the provisioning default of 600 000 iterations (the host's library), once per person and session.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private const string Device = "br-07";
    private const string Session = "3f9a0c1e5b7d29486a0b1c2d3e4f5061";
    private byte[] key;
    private byte[] salt;
    private byte[] hold;
    private byte[] start;
    private JsonReader reader;
    private CommandCanonicalForm canonical;
    private readonly byte[] mac = new byte[32];

    [GlobalSetup]
    public void Setup()
    {
        salt = Convert.FromHexString("6a1d2c3b4e5f60718293a4b5c6d7e8f9");
        key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("example-only password 1"), salt, 1000, HashAlgorithmName.SHA256, 32);
        hold = CommandSigner.Sign(Device, Session, "hold", Encoding.UTF8.GetBytes(
            "{\"id\":\"t1-0001\",\"operator\":\"tech.a\",\"meaning\":\"performed\",\"signedAt\":1765112400000,\"reason\":\"sampling for cell count\"}"),
            new HmacSha256Authenticator(key));
        string recipe = File.ReadAllText(Path.Combine(RepositoryRoot(), "recipes", "t-cell-expansion-10d.recipe"));
        start = CommandSigner.Sign(Device, Session, "start", Encoding.UTF8.GetBytes(
            "{\"id\":\"t1-0002\",\"operator\":\"tech.a\",\"meaning\":\"performed\",\"signedAt\":1765112400001,\"batchId\":\"LOT-1\",\"recipe\":"
            + System.Text.Json.JsonSerializer.Serialize(recipe) + "}"), new HmacSha256Authenticator(key));
        reader = new JsonReader(16384, 8, 64);
        canonical = new CommandCanonicalForm(16384 + 1024);
    }

    [Benchmark(Description = "device: verify a signed hold (parse, canonical bytes, one HMAC)")]
    public byte VerifyHold() => Verify("hold", hold);

    [Benchmark(Description = "device: verify a signed start with the 10-day recipe")]
    public byte VerifyStart() => Verify("start", start);

    [Benchmark(Description = "signer: PBKDF2-HMAC-SHA256, 600 000 iterations")]
    public byte DeriveKey() => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("example-only password 1"), salt, 600000, HashAlgorithmName.SHA256, 32)[0];

    /// <summary>The SHA-256 compressions the device's verification of the start command takes (printed by the bench's caller).</summary>
    public int StartBlocks => (canonical.Length + 9 + 63) / 64 + 3;

    private byte Verify(string command, byte[] payload)
    {
        JsonValue root = reader.Parse(payload, 0, payload.Length);
        canonical.Build(Device, Session, command, root);
        new HmacSha256Authenticator(key).ComputeMac(canonical.Buffer, 0, canonical.Length, mac, 0);
        return mac[0];
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Bioreactor.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
