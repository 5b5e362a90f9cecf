using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bioreactor.Host.Infrastructure.Signing;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// Signs commands as the operator at the keyboard (docs/mqtt-protocol.md, "Signed commands"): asks the device for the
/// operator's salt, iteration count and its session (the <c>signer</c> command), asks the person for their password
/// (without echo at a terminal, or one line from <c>--password-fd</c> for scripts; never from the command line or the
/// environment), derives the key with the host's PBKDF2, and adds the signature with the core's canonical form and the
/// host's HMAC-SHA256. The password is read once per run and the key kept in memory only.
/// </summary>
internal sealed class OperatorSigner
{
    private readonly CliConsole console;
    private readonly ConnectionSettings settings;
    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);
    private readonly OperatorSigning signing = new();
    private string password;

    public OperatorSigner(CliConsole console, ConnectionSettings settings)
    {
        this.console = console;
        this.settings = settings;
    }

    /// <summary>
    /// The signed payload of <paramref name="payload"/> (id, fields and replyTo set) for <paramref name="command"/> of
    /// <paramref name="device"/>: operator, meaning and signedAt added, then the signature.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="command">The command's name.</param>
    /// <param name="payload">The command (id, its fields, replyTo); operator, meaning and signedAt are added to it.</param>
    /// <param name="meaning">The signature's meaning.</param>
    /// <param name="signer">The device's signer answer for this operator (salt, iterations, session).</param>
    /// <exception cref="CliException">The answer is unusable, or no password can be read.</exception>
    public byte[] Sign(string device, string command, JsonObject payload, string meaning, JsonElement signer)
    {
        string session = Member(signer, "session");
        string salt = Member(signer, "salt");
        if (!signer.TryGetProperty("iterations", out JsonElement iterationsElement) || !iterationsElement.TryGetInt32(out int iterations)
            || iterations < 1 || Member(signer, "algorithm") != "pbkdf2-sha256")
        {
            throw new CliException($"device {device} answered 'signer' without a usable pbkdf2-sha256 iteration count");
        }

        byte[] key = Key(device, salt, iterations, signer);
        try
        {
            return signing.Sign(device, session, command, payload, settings.Operator, meaning, key);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"the command cannot be signed: {e.Message}");
        }
    }

    private byte[] Key(string device, string saltHex, int iterations, JsonElement signer)
    {
        string cacheKey = saltHex + "$" + iterations.ToString(CultureInfo.InvariantCulture);
        if (keys.TryGetValue(cacheKey, out byte[] key))
        {
            return key;
        }

        byte[] salt;
        try
        {
            salt = Convert.FromHexString(saltHex);
        }
        catch (FormatException)
        {
            throw new CliException($"device {device} answered 'signer' with a salt that is not hex");
        }

        password ??= ReadPassword(device, signer);
        key = OperatorSigning.DeriveKey(password, salt, iterations);
        keys[cacheKey] = key;
        return key;
    }

    private string ReadPassword(string device, JsonElement signer)
    {
        string name = signer.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? " (" + n.GetString() + ")" : string.Empty;
        string entered = PasswordInput.Read(console, settings.PasswordFd, $"Signing password of {settings.Operator}{name} for {device}", confirm: false);
        if (string.IsNullOrEmpty(entered))
        {
            throw new CliException("no password entered: nothing was sent");
        }

        return entered;
    }

    private static string Member(JsonElement answer, string name) =>
        answer.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CliException($"the device's 'signer' answer has no '{name}'");
}
