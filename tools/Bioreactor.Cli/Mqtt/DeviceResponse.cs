using System.Globalization;
using System.Text.Json;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// A device's answer to a command (docs/mqtt-protocol.md, "Commands"): <c>ok</c> true with the command's result, or false
/// with <c>error.code</c> and <c>error.message</c> exactly as the device stated them.
/// </summary>
internal sealed record DeviceResponse(string Device, JsonElement Root, string Text)
{
    /// <summary>Whether the device accepted the command.</summary>
    public bool Ok => Root.TryGetProperty("ok", out JsonElement ok) && ok.ValueKind == JsonValueKind.True;

    /// <summary>The command name the device echoed.</summary>
    public string Command => StringOf(Root, "command");

    /// <summary>The device's error code (e.g. <c>wrong_state</c>), or null when accepted.</summary>
    public string ErrorCode => Root.TryGetProperty("error", out JsonElement e) ? StringOf(e, "code") : null;

    /// <summary>The device's error message, or null when accepted.</summary>
    public string ErrorMessage => Root.TryGetProperty("error", out JsonElement e) ? StringOf(e, "message") : null;

    /// <summary>A string member, or null.</summary>
    public static string StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>An integer member, or null.</summary>
    public static long? IntegerOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetInt64(out long n)
            ? n
            : null;

    /// <summary>A number member, or null (also when the device sent null: a value it does not have).</summary>
    public static double? NumberOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : null;

    /// <summary>
    /// Writes a batch command's outcome: accepted to the output (the device's message, the batch state and event), refused to
    /// the error stream as "&lt;device&gt; refused &lt;command&gt;: &lt;code&gt;: &lt;message&gt;". Returns the exit code.
    /// </summary>
    public int Report(CliConsole console)
    {
        var c = CultureInfo.InvariantCulture;
        if (Ok)
        {
            string message = StringOf(Root, "message");
            string state = StringOf(Root, "state");
            long? batchEvent = IntegerOf(Root, "batchEvent");
            string details = state == null ? string.Empty
                : string.Create(c, $" (batch state {state}{(batchEvent is > 0 ? ", batch event " + batchEvent.Value.ToString(c) : string.Empty)})");
            console.Output.WriteLine($"{Device}: {Command} accepted: {message}{details}");
            return ExitCodes.Success;
        }

        ReportRefusal(console);
        return ExitCodes.Failure;
    }

    /// <summary>Writes the refusal as the device stated it.</summary>
    public void ReportRefusal(CliConsole console)
    {
        var c = CultureInfo.InvariantCulture;
        string extra = string.Empty;
        if (Root.TryGetProperty("error", out JsonElement error))
        {
            string result = StringOf(error, "batchResult");
            long? batchEvent = IntegerOf(error, "batchEvent");
            if (result != null)
            {
                extra = string.Create(c, $" (batch result {result}{(batchEvent is > 0 ? ", batch event " + batchEvent.Value.ToString(c) : string.Empty)})");
            }
        }

        console.Error.WriteLine($"{Device} refused {Command ?? "the command"}: {ErrorCode}: {ErrorMessage}{extra}");
    }
}
