using System.Text.Json;

namespace Bioreactor.Station.Fleet;

/// <summary>
/// A member of a device's JSON message read leniently: null when the message is not an object, lacks the member or has
/// it of another type (docs/mqtt-protocol.md: a value the device does not have is <c>null</c>).
/// </summary>
internal static class JsonFields
{
    /// <summary>The member's string, or null.</summary>
    public static string Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>The member's number, or null.</summary>
    public static double? Number(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : null;

    /// <summary>The member's boolean, or null.</summary>
    public static bool? Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;
}
