using Bioreactor.Control.Primitives;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Bioreactor.Control.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Control.Tests.HostOnly
{
    /// <summary>
    /// The core's JSON writer and reader against System.Text.Json (an independent implementation): everything the writer
    /// emits parses with JsonDocument to the same values, the reader reads what Utf8JsonWriter writes to the same values,
    /// and the reader refuses every input of a corpus (fixed and mutated) that JsonDocument refuses.
    /// </summary>
    [TestClass]
    public sealed class JsonSystemTextJsonTests
    {
        private const int Documents = 2000;

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void EverythingTheWriterEmitsParsesWithSystemTextJsonToTheSameValues()
        {
            var random = new Random(20261101);
            var buffer = new byte[1 << 16];
            var writer = new JsonWriter();
            var reader = new JsonReader(buffer.Length, 16, 10000);
            for (int d = 0; d < Documents; d++)
            {
                writer.Reset(buffer, 0, buffer.Length);
                object expected = WriteRandom(writer, random, 0);
                Assert.IsFalse(writer.Overflowed, "seed 20261101 document " + d);
                byte[] bytes = buffer.AsSpan(0, writer.Length).ToArray();
                using (JsonDocument document = JsonDocument.Parse(bytes))
                {
                    AssertSame(expected, document.RootElement, "document " + d + ": " + Encoding.UTF8.GetString(bytes));
                }

                JsonValue mine = reader.Parse(bytes, 0, bytes.Length);
                Assert.IsNotNull(mine, "the core reads its own output back: " + reader.Error);
                AssertSame(expected, mine, "document " + d);
            }
        }

        [TestMethod]
        public void TheReaderReadsWhatUtf8JsonWriterWrites()
        {
            var random = new Random(77);
            var reader = new JsonReader(1 << 20, 16, 10000);
            for (int d = 0; d < Documents; d++)
            {
                var stream = new MemoryStream();
                object expected;
                using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    expected = WriteRandomSystem(w, random, 0);
                }

                byte[] bytes = stream.ToArray();
                JsonValue value = reader.Parse(bytes, 0, bytes.Length);
                Assert.IsNotNull(value, "document " + d + ": " + reader.Error + " in " + Encoding.UTF8.GetString(bytes));
                AssertSame(expected, value, "document " + d);
            }
        }

        [TestMethod]
        public void TheReaderRefusesWhatSystemTextJsonRefuses()
        {
            var corpus = new List<byte[]>();
            string[] fixedCases =
            {
                "", " ", "{", "}", "[", "]", "{]", "[}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1,]", "[,1]",
                "{\"a\":1,}", "[1 2]", "01", "-01", "1.", ".1", "+1", "1e", "1e+", "--1", "0x10", "Infinity", "NaN", "-Infinity",
                "tru", "truee", "nul", "True", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"a\tb\"", "\"a\nb\"", "\"\u0001\"",
                "[1]]", "{}{}", "1 2", "/* c */ 1", "// c\n1", "[1,2,3", "{\"a\":[}", "\"\\", "[\"a\",]", "\u00a01", "\ufeff1",
            };
            foreach (string text in fixedCases)
            {
                corpus.Add(Encoding.UTF8.GetBytes(text));
            }

            corpus.Add(new byte[] { 0x22, 0xC3, 0x22 });
            corpus.Add(new byte[] { 0x22, 0xC0, 0xAF, 0x22 });
            corpus.Add(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 });
            corpus.Add(new byte[] { 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22 });
            corpus.Add(new byte[] { 0x22, 0xFF, 0x22 });
            corpus.Add(new byte[] { 0xFF });

            // Mutations of valid command documents.
            var random = new Random(4242);
            string[] seeds =
            {
                "{\"id\":\"c-1\",\"operator\":\"tech.a\",\"role\":\"technician\",\"reason\":\"sampling\"}",
                "{\"id\":\"c-2\",\"variable\":\"temperatureCelsius\",\"value\":37.25,\"list\":[1,2.5e-3,true,null,{\"x\":\"\\u00e9\"}]}",
            };
            for (int i = 0; i < 20000; i++)
            {
                corpus.Add(Mutate(Encoding.UTF8.GetBytes(seeds[i % seeds.Length]), random));
            }

            var reader = new JsonReader(1 << 16, 64, 10000);
            int refusedBySystem = 0;
            foreach (byte[] bytes in corpus)
            {
                bool systemRefuses = false;
                try
                {
                    using (JsonDocument.Parse(bytes))
                    {
                    }
                }
                catch (JsonException)
                {
                    systemRefuses = true;
                }

                if (systemRefuses)
                {
                    refusedBySystem++;
                    Assert.IsNull(reader.Parse(bytes, 0, bytes.Length), "System.Text.Json refuses, the core must too: "
                        + BitConverter.ToString(bytes));
                    Assert.IsNotNull(reader.Error);
                }
            }

            TestContext.WriteLine($"{corpus.Count} inputs, {refusedBySystem} refused by System.Text.Json and by the core");
            Assert.IsTrue(refusedBySystem > 5000, "the corpus exercises refusals");
        }

        [TestMethod]
        public void NumbersFormattedByTheWriterEqualInvariantFormatting()
        {
            var random = new Random(99);
            var buffer = new byte[64];
            var writer = new JsonWriter();
            for (int i = 0; i < 100000; i++)
            {
                double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 14));
                int decimals = random.Next(0, 7);
                writer.Reset(buffer, 0, buffer.Length);
                writer.Number(value, decimals);
                string mine = Encoding.ASCII.GetString(buffer, 0, writer.Length);
                double parsed = double.Parse(mine, CultureInfo.InvariantCulture);
                Assert.IsTrue(Math.Abs(parsed - value) <= 0.5 * Math.Pow(10, -decimals) * (1 + 1e-9) + Math.Abs(value) * 1e-15,
                    $"{value:R} with {decimals} decimals wrote {mine}");
                Assert.AreEqual(Bioreactor.Control.Primitives.InvariantNumber.Format(value, decimals), mine, "the core's two formatters agree");
            }
        }

        // ---------------------------------------------------------------- generators and comparison

        private static object WriteRandom(JsonWriter w, Random random, int depth)
        {
            int kind = random.Next(depth >= 5 ? 5 : 7);
            switch (kind)
            {
                case 0:
                    w.Null();
                    return null;
                case 1:
                    bool b = random.Next(2) == 0;
                    w.Boolean(b);
                    return b;
                case 2:
                    long integer = (long)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 18)));
                    w.Integer(integer);
                    return (double)integer;
                case 3:
                    double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-4, 20));
                    int decimals = random.Next(0, 7);
                    w.Number(value, decimals);
                    return Math.Abs(value) >= 1e15 ? value : Math.Round(value, decimals, MidpointRounding.AwayFromZero);
                case 4:
                    string text = RandomString(random);
                    w.String(text);
                    return Expected(text);
                case 5:
                    {
                        var list = new List<object>();
                        w.BeginArray();
                        int n = random.Next(0, 6);
                        for (int i = 0; i < n; i++)
                        {
                            list.Add(WriteRandom(w, random, depth + 1));
                        }

                        w.EndArray();
                        return list;
                    }

                default:
                    {
                        var map = new Dictionary<string, object>();
                        w.BeginObject();
                        int n = random.Next(0, 6);
                        for (int i = 0; i < n; i++)
                        {
                            string name = "k" + i + "_" + RandomString(random);
                            w.Name(name);
                            map[Expected(name)] = WriteRandom(w, random, depth + 1);
                        }

                        w.EndObject();
                        return map;
                    }
            }
        }

        private static object WriteRandomSystem(Utf8JsonWriter w, Random random, int depth)
        {
            int kind = random.Next(depth >= 5 ? 5 : 7);
            switch (kind)
            {
                case 0:
                    w.WriteNullValue();
                    return null;
                case 1:
                    bool b = random.Next(2) == 0;
                    w.WriteBooleanValue(b);
                    return b;
                case 2:
                    long integer = (long)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 18)));
                    w.WriteNumberValue(integer);
                    return (double)integer;
                case 3:
                    double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300));
                    w.WriteNumberValue(value);
                    return value;
                case 4:
                    string text = RandomString(random, false);
                    w.WriteStringValue(text);
                    return text;
                case 5:
                    {
                        var list = new List<object>();
                        w.WriteStartArray();
                        int n = random.Next(0, 6);
                        for (int i = 0; i < n; i++)
                        {
                            list.Add(WriteRandomSystem(w, random, depth + 1));
                        }

                        w.WriteEndArray();
                        return list;
                    }

                default:
                    {
                        var map = new Dictionary<string, object>();
                        w.WriteStartObject();
                        int n = random.Next(0, 6);
                        for (int i = 0; i < n; i++)
                        {
                            string name = "k" + i + "_" + RandomString(random, false);
                            w.WritePropertyName(name);
                            map[name] = WriteRandomSystem(w, random, depth + 1);
                        }

                        w.WriteEndObject();
                        return map;
                    }
            }
        }

        private static string RandomString(Random random, bool allowLoneSurrogates = true)
        {
            var sb = new StringBuilder();
            int n = random.Next(0, 12);
            for (int i = 0; i < n; i++)
            {
                switch (random.Next(8))
                {
                    case 0: sb.Append((char)random.Next(0, 0x20)); break;
                    case 1: sb.Append("\"\\/"[random.Next(3)]); break;
                    case 2: sb.Append((char)random.Next(0x80, 0x800)); break;
                    case 3: sb.Append((char)random.Next(0x800, 0xD800)); break;
                    case 4: sb.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000))); break;
                    case 5:
                        if (allowLoneSurrogates)
                        {
                            sb.Append((char)random.Next(0xD800, 0xE000));
                        }

                        break;
                    default: sb.Append((char)random.Next(0x20, 0x7F)); break;
                }
            }

            return sb.ToString();
        }

        // What a string reads back as: the writer encodes lone surrogates as U+FFFD (Utf8Text's rule).
        private static string Expected(string text)
        {
            return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
        }

        private static void AssertSame(object expected, JsonElement actual, string where)
        {
            switch (expected)
            {
                case null:
                    Assert.AreEqual(JsonValueKind.Null, actual.ValueKind, where);
                    break;
                case bool b:
                    Assert.AreEqual(b ? JsonValueKind.True : JsonValueKind.False, actual.ValueKind, where);
                    break;
                case double d:
                    Assert.AreEqual(JsonValueKind.Number, actual.ValueKind, where);
                    AssertNear(d, actual.GetDouble(), where);
                    break;
                case string s:
                    Assert.AreEqual(s, actual.GetString(), where);
                    break;
                case List<object> list:
                    Assert.AreEqual(list.Count, actual.GetArrayLength(), where);
                    int i = 0;
                    foreach (JsonElement item in actual.EnumerateArray())
                    {
                        AssertSame(list[i++], item, where);
                    }

                    break;
                case Dictionary<string, object> map:
                    int count = 0;
                    foreach (JsonProperty property in actual.EnumerateObject())
                    {
                        count++;
                        Assert.IsTrue(map.ContainsKey(property.Name), where);
                        AssertSame(map[property.Name], property.Value, where);
                    }

                    Assert.AreEqual(map.Count, count, where);
                    break;
            }
        }

        private static void AssertSame(object expected, JsonValue actual, string where)
        {
            switch (expected)
            {
                case null:
                    Assert.AreEqual(JsonKind.Null, actual.Kind, where);
                    break;
                case bool b:
                    Assert.AreEqual(JsonKind.Boolean, actual.Kind, where);
                    Assert.AreEqual(b, actual.BooleanValue, where);
                    break;
                case double d:
                    Assert.AreEqual(JsonKind.Number, actual.Kind, where);
                    AssertNear(d, actual.NumberValue, where);
                    break;
                case string s:
                    Assert.AreEqual(s, actual.StringValue, where);
                    break;
                case List<object> list:
                    Assert.AreEqual(JsonKind.Array, actual.Kind, where);
                    Assert.AreEqual(list.Count, actual.Count, where);
                    for (int i = 0; i < list.Count; i++)
                    {
                        AssertSame(list[i], actual.GetItem(i), where);
                    }

                    break;
                case Dictionary<string, object> map:
                    Assert.AreEqual(JsonKind.Object, actual.Kind, where);
                    Assert.AreEqual(map.Count, actual.Count, where);
                    foreach (KeyValuePair<string, object> pair in map)
                    {
                        JsonValue member = actual.Get(pair.Key);
                        Assert.IsNotNull(member, where + ": member " + pair.Key);
                        AssertSame(pair.Value, member, where);
                    }

                    break;
            }
        }

        // Within the writer's rounding (at most 6 decimals, 15 significant digits for exponent form) and the reader's last bit.
        private static void AssertNear(double expected, double actual, string where)
        {
            double tolerance = Math.Max(Math.Abs(expected) * 1e-14, 5e-7);
            Assert.IsTrue(Math.Abs(expected - actual) <= tolerance, $"{where}: expected {expected:R}, got {actual:R}");
        }

        private static byte[] Mutate(byte[] seed, Random random)
        {
            var bytes = new List<byte>(seed);
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
                switch (random.Next(5))
                {
                    case 0:
                        if (bytes.Count > 0)
                        {
                            bytes.RemoveAt(at);
                        }

                        break;
                    case 1:
                        const string Alphabet = "{}[],:\"\\0123456789.eE-+tfnul \t\n";
                        bytes.Insert(at, (byte)Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    case 2:
                        bytes.Insert(at, (byte)random.Next(256));
                        break;
                    case 3:
                        if (bytes.Count > 0)
                        {
                            bytes[at] = (byte)(bytes[at] ^ (1 << random.Next(8)));
                        }

                        break;
                    default:
                        if (bytes.Count > 0)
                        {
                            bytes.RemoveRange(at, bytes.Count - at);
                        }

                        break;
                }
            }

            return bytes.ToArray();
        }
    }
}
