using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Bioreactor.FleetBench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

/// <summary>
/// The fleet benchmark's devices write their payloads with System.Text.Json, not the core's writer: each of them (birth,
/// state, telemetry, alarm event) has exactly the fields of docs/mqtt-protocol.md's example, in the same order and
/// nesting, with the same JSON types (null standing for any type, as the document allows for a missing value).
/// </summary>
[TestClass]
public sealed class FleetBenchPayloadTests
{
    private static string document;

    [ClassInitialize]
    public static void ReadDocument(TestContext context)
    {
        string directory = AppContext.BaseDirectory;
        while (directory != null && !File.Exists(Path.Combine(directory, "docs", "mqtt-protocol.md")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        Assert.IsNotNull(directory, "docs/mqtt-protocol.md not found above the test's directory");
        document = File.ReadAllText(Path.Combine(directory, "docs", "mqtt-protocol.md"));
    }

    [TestMethod]
    public void TheBirthHasTheDocumentedFields() =>
        AssertSameShape(Example("### Birth"), DevicePayloads.Birth(1, "br-07", "1.4.2", "LOT-2026-031", "Running", 1, 1772438400000, new string('a', 32), 3));

    [TestMethod]
    public void TheStateHasTheDocumentedFields() =>
        AssertSameShape(Example("### State (retained)"), DevicePayloads.State(2, 1772438401234, "LOT-2026-031", "t-cell-expansion-10d", 1, "Running", 1,
            "rocking-10rpm", 37, 5, 10, 6, new[] { new FleetAlarm("door_open", "unacknowledged_active", "low", 1772438399000) }));

    [TestMethod]
    public void TheTelemetryHasTheDocumentedFields() =>
        AssertSameShape(Example("### Telemetry"), DevicePayloads.Telemetry(40, 1772438410000, 36.998, 37, 0.3141, 37.412, 37.6, 5.004, 5, 0.021, 9.98, 5.97,
            10, 6, -3.12, false, 0, 0, "none", "LOT-2026-031", 1207, new string('a', 64)));

    [TestMethod]
    public void TheAlarmEventHasTheDocumentedFields() =>
        AssertSameShape(Example("### Events"), DevicePayloads.AlarmEvent(57, 12, 1772438500000, "liquid_over_temperature", "raised", "normal",
            "unacknowledged_active", "critical", 38.612, null, 4));

    [TestMethod]
    public void TheTelemetryRoundsAsTheDeviceDoes()
    {
        using JsonDocument telemetry = JsonDocument.Parse(DevicePayloads.Telemetry(1, 1, 36.99849, 37, 0.314149, 37.41249, 37.6, 5.00449, 5, 0.02104, 9.9849,
            5.9749, 10, 6, -3.1249, false, 0, 0, "none", null, 0, null));
        JsonElement root = telemetry.RootElement;
        Assert.AreEqual("36.998", root.GetProperty("temperature").GetProperty("measuredCelsius").GetRawText());
        Assert.AreEqual("0.3141", root.GetProperty("temperature").GetProperty("heaterDutyFraction").GetRawText());
        Assert.AreEqual("5.004", root.GetProperty("co2").GetProperty("measuredPercent").GetRawText());
        Assert.AreEqual("9.98", root.GetProperty("rocking").GetProperty("rateRpm").GetRawText());
    }

    // The first JSON object of the first ```json block after the heading.
    private static string Example(string heading)
    {
        int at = document.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.IsTrue(at >= 0, heading + " not in the document");
        int start = document.IndexOf("```json\n", at, StringComparison.Ordinal) + "```json\n".Length;
        int end = document.IndexOf("```", start, StringComparison.Ordinal);
        string block = document[start..end];
        int second = block.IndexOf("}\n{", StringComparison.Ordinal);
        return second < 0 ? block : block[..(second + 1)];
    }

    private static void AssertSameShape(string example, byte[] payload)
    {
        using JsonDocument expected = JsonDocument.Parse(example);
        using JsonDocument actual = JsonDocument.Parse(payload);
        List<string> expectedShape = Shape(expected.RootElement, string.Empty);
        List<string> actualShape = Shape(actual.RootElement, string.Empty);
        CollectionAssert.AreEqual(Names(expectedShape), Names(actualShape),
            $"fields differ:\nexpected {string.Join(", ", Names(expectedShape))}\nactual   {string.Join(", ", Names(actualShape))}");
        for (int index = 0; index < expectedShape.Count; index++)
        {
            string[] e = expectedShape[index].Split(' ');
            string[] a = actualShape[index].Split(' ');
            Assert.IsTrue(e[1] == a[1] || e[1] == "Null" || a[1] == "Null", $"{e[0]}: the document has {e[1]}, the payload {a[1]}");
        }
    }

    private static List<string> Names(List<string> shape) => shape.ConvertAll(s => s.Split(' ')[0]);

    // Every member as "path kind", in document order; an array's items as path[] (its first item's shape).
    private static List<string> Shape(JsonElement element, string path)
    {
        var shape = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty member in element.EnumerateObject())
                {
                    string name = path.Length == 0 ? member.Name : path + "." + member.Name;
                    shape.Add(name + " " + Kind(member.Value));
                    shape.AddRange(Shape(member.Value, name));
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    shape.AddRange(Shape(item, path + "[]"));
                    break;
                }

                break;
        }

        return shape;
    }

    private static string Kind(JsonElement element) => element.ValueKind is JsonValueKind.True or JsonValueKind.False ? "Boolean" : element.ValueKind.ToString();
}
