using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Control.Protocol;
using Bioreactor.Station.Mqtt;
using Microsoft.Extensions.Logging;

namespace Bioreactor.Station.Fleet;

/// <summary>
/// What the browser needs to sign one command (docs/mqtt-protocol.md, "Signed commands"): the device, its session, the
/// command, the signer's salt and iteration count from the device, and every member of the command but the signature.
/// </summary>
public sealed record SigningRequest(string Device, string Session, string Command, string Salt, int Iterations, JsonObject Members,
    string SignerName, string Meaning);

/// <summary>The device's answer to a command: accepted, or refused with its error code and message.</summary>
public sealed record CommandOutcome(bool Accepted, string ErrorCode, string Message)
{
    /// <summary>One line for the page.</summary>
    public override string ToString() => Accepted ? "accepted" + (string.IsNullOrEmpty(Message) ? string.Empty : ": " + Message) : $"refused: {ErrorCode}: {Message}";
}

/// <summary>
/// The station's side of a signed command: it asks the device for the signer's parameters and prepares the command's
/// members (id, operator, meaning, a signer's time that only rises), the browser signs them with the person's password
/// (wwwroot/station.js), and the station publishes the signed bytes unchanged and returns the device's answer. The
/// station never sees the password or the key, and cannot sign for anyone: the device verifies.
/// </summary>
public sealed class CommandDesk
{
    /// <summary>How long the device has to answer.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);

    private readonly DeviceRequests requests;
    private readonly FleetMonitor fleet;
    private readonly ILogger<CommandDesk> log;
    private readonly ConcurrentDictionary<string, long> lastSignedAt = new(StringComparer.Ordinal);

    /// <summary>Creates the desk over the station's request connection.</summary>
    public CommandDesk(DeviceRequests requests, FleetMonitor fleet, ILogger<CommandDesk> log)
    {
        this.requests = requests;
        this.fleet = fleet;
        this.log = log;
    }

    /// <summary>
    /// Asks the device who <paramref name="operatorId"/> is and prepares <paramref name="command"/> with
    /// <paramref name="fields"/> for signing; null with <paramref name="refusal"/> when the device knows no key for them.
    /// </summary>
    public async Task<(SigningRequest Request, CommandOutcome Refusal)> PrepareAsync(string device, string command, JsonObject fields,
        string operatorId, string meaning, CancellationToken cancel)
    {
        JsonElement signer = await requests.RequestAsync(device, "signer", new JsonObject { ["operator"] = operatorId }, AnswerTimeout, cancel)
            .ConfigureAwait(false);
        CommandOutcome refused = Outcome(signer);
        if (!refused.Accepted)
        {
            return (null, refused);
        }

        if (JsonFields.Text(signer, "algorithm") != "pbkdf2-sha256" || JsonFields.Text(signer, "salt") == null || JsonFields.Text(signer, "session") == null
            || !signer.TryGetProperty("iterations", out JsonElement iterations) || !iterations.TryGetInt32(out int count) || count < 1)
        {
            return (null, new CommandOutcome(false, "unusable_signer", $"device {device} answered 'signer' without usable PBKDF2 parameters"));
        }

        var members = new JsonObject { ["id"] = "station-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() };
        foreach (var field in fields)
        {
            members[field.Key] = field.Value?.DeepClone();
        }

        string signedMeaning = meaning ?? CommandSigner.UsualMeaning(command);
        members["operator"] = operatorId;
        members["meaning"] = signedMeaning;
        members["signedAt"] = NextSignedAt(device, operatorId);
        return (new SigningRequest(device, JsonFields.Text(signer, "session"), command, JsonFields.Text(signer, "salt"), count, members, JsonFields.Text(signer, "name") ?? operatorId,
            signedMeaning), null);
    }

    /// <summary>
    /// Publishes the browser's signed command text unchanged after checking it is the prepared command, member for member,
    /// with only a signature added, and returns the device's answer.
    /// </summary>
    public async Task<CommandOutcome> SendAsync(SigningRequest prepared, string signedJson, string account, CancellationToken cancel)
    {
        JsonObject signed;
        try
        {
            signed = JsonNode.Parse(signedJson) as JsonObject;
        }
        catch (JsonException)
        {
            signed = null;
        }

        if (signed == null || !signed.TryGetPropertyValue("signature", out JsonNode signature) || signature == null
            || Text(signed, "operator") != account || !IsPreparedPlusSignature(prepared.Members, signed))
        {
            return new CommandOutcome(false, "not_signed", "the page returned something other than the prepared command signed");
        }

        byte[] payload = Encoding.UTF8.GetBytes(signedJson);
        JsonElement answer = await requests.SendSignedAsync(prepared.Device, prepared.Command, payload, AnswerTimeout, cancel).ConfigureAwait(false);
        CommandOutcome outcome = Outcome(answer);
        log.LogInformation("{Account} {Command} on {Device}: {Outcome}", account, prepared.Command, prepared.Device, outcome);
        return outcome;
    }

    // The signed command must be the prepared one, member for member, with only the signature added.
    private static bool IsPreparedPlusSignature(JsonObject prepared, JsonObject signed)
    {
        if (signed.Count != prepared.Count + 1)
        {
            return false;
        }

        foreach (var member in prepared)
        {
            if (!signed.TryGetPropertyValue(member.Key, out JsonNode value) || !JsonNode.DeepEquals(member.Value, value))
            {
                return false;
            }
        }

        return true;
    }

    private long NextSignedAt(string device, string operatorId) =>
        lastSignedAt.AddOrUpdate(device + "/" + operatorId, _ => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            (_, last) => Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), last + 1));

    private static CommandOutcome Outcome(JsonElement answer)
    {
        bool ok = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("ok", out JsonElement o) && o.ValueKind == JsonValueKind.True;
        if (ok)
        {
            return new CommandOutcome(true, null, JsonFields.Text(answer, "message"));
        }

        JsonElement error = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out JsonElement e) ? e : default;
        return new CommandOutcome(false, JsonFields.Text(error, "code") ?? "unknown", JsonFields.Text(error, "message") ?? answer.ToString());
    }

    private static string Text(JsonObject element, string name) =>
        element.TryGetPropertyValue(name, out JsonNode v) && v is System.Text.Json.Nodes.JsonValue value && value.TryGetValue(out string text) ? text : null;
}
