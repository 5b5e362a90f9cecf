#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Device;
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// The protocol layer on what the nanoCLR interpreter gets wrong: String's indexer returns the HIGH surrogate at the
    /// low half of a pair (the JSON writer and reader must go through char arrays; exact bytes are checked), a never-written
    /// slot of a string[] is not a reliable null (the replay window before it is full, a command without a response topic),
    /// and NaN compares "greater" (the set-point command).
    /// </summary>
    [TestClass]
    public class ProtocolNanoClrTests
    {
        private const string Prefix = LinkFixture.Prefix;

        // U+1F9EA TEST TUBE and U+1D11E MUSICAL SYMBOL G CLEF: one surrogate pair each.
        private const string TestTube = "\uD83E\uDDEA";
        private const string Clef = "\uD834\uDD1E";

        private static string WrittenHex(JsonWriter w)
        {
            Assert.IsFalse(w.Overflowed, "fits");
            return RecordTestSupport.Hex(RecordTestSupport.Slice(w.Buffer, 0, w.Length));
        }

        // ---- the writer ----

        [TestMethod]
        public void WriterEncodesSurrogatePairsExactly()
        {
            JsonWriter w = LinkFixture.NewWriter(64);
            w.String(TestTube);
            Assert.AreEqual("22" + "f09fa7aa" + "22", WrittenHex(w));

            w = LinkFixture.NewWriter(64);
            w.BeginObject();
            w.Name(Clef);
            w.String("a\"" + TestTube + "\n" + Clef);
            w.EndObject();
            // {"𝄞":"a\"🧪\n𝄞"}
            Assert.AreEqual("7b" + "22f09d849e22" + "3a" + "22" + "61" + "5c22" + "f09fa7aa" + "5c6e" + "f09d849e" + "22" + "7d", WrittenHex(w));
        }

        [TestMethod]
        public void WriterGivesTheSameBytesTheSecondTimeAndForLongText()
        {
            // The second write of a string comes from the writer's char cache; a long text is converted each time.
            string longText = new string('x', TextCharsCache.MaximumLength + 10) + TestTube;
            for (int round = 0; round < 2; round++)
            {
                JsonWriter w = LinkFixture.NewWriter(256);
                w.BeginArray();
                w.String(Clef);
                w.String(longText);
                w.EndArray();
                string hex = WrittenHex(w);
                Assert.AreEqual("5b22f09d849e222c22", hex.Substring(0, 18), "round " + round);
                Assert.AreEqual("78f09fa7aa225d", hex.Substring(hex.Length - 14), "round " + round);
                // [ "𝄞" , "x…x🧪" ]: 1 + 6 + 1 + (1 + 74 + 4 + 1) + 1 bytes.
                Assert.AreEqual(1 + 6 + 1 + 1 + TextCharsCache.MaximumLength + 10 + 4 + 1 + 1, w.Length, "round " + round);
            }
        }

        [TestMethod]
        public void AWriterWithoutACacheWritesTheSameBytes()
        {
            var w = new JsonWriter(0);
            w.Reset(new byte[64], 0, 64);
            w.BeginObject();
            w.Name(Clef);
            w.String(TestTube);
            w.EndObject();
            Assert.AreEqual("7b" + "22f09d849e22" + "3a" + "22f09fa7aa22" + "7d", WrittenHex(w));
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new JsonWriter(-1), "a negative cache size");
        }

        [TestMethod]
        public void WriterNeverSplitsAPairWhenTheBufferIsFull()
        {
            JsonWriter w = LinkFixture.NewWriter(4);
            w.String(TestTube);
            Assert.IsTrue(w.Overflowed, "a quote and four bytes do not fit in four");
            // The pair is left out whole (the writer goes on with what fits and flags the output as incomplete).
            Assert.AreEqual("2222", RecordTestSupport.Hex(RecordTestSupport.Slice(w.Buffer, 0, w.Length)), "no half pair");
        }

        [TestMethod]
        public void WriterWritesLiteralsBase64AndEscapesAsBefore()
        {
            JsonWriter w = LinkFixture.NewWriter(128);
            w.BeginArray();
            w.Boolean(true);
            w.Boolean(false);
            w.Null();
            w.String(null);
            w.Number(double.NaN, 3);
            w.Integer(long.MinValue);
            w.Base64(new byte[] { 0xFB, 0xFF, 0x00, 0x3E }, 0, 4);
            w.String("\u0001\u001f");
            w.EndArray();
            byte[] bytes = RecordTestSupport.Slice(w.Buffer, 0, w.Length);
            Assert.AreEqual("[true,false,null,null,null,-9223372036854775808,\"+/8APg==\",\"\\u0001\\u001f\"]",
                Utf8Text.Decode(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void TextCharsCacheKeepsContentNotReferences()
        {
            var cache = new TextCharsCache(2);
            string a = "status";
            string b = new string("status".ToCharArray());
            char[] first = cache.Get(a);
            Assert.IsTrue(object.ReferenceEquals(first, cache.Get(b)), "an equal string made elsewhere finds the kept chars");
            Assert.AreEqual(1, cache.Count);
            cache.Get(TestTube);
            char[] third = cache.Get("third");
            Assert.AreEqual(2, cache.Count, "full at its capacity");
            Assert.AreEqual("third", new string(third), "still converted when full");
            Assert.AreEqual(0, cache.Get(null).Length);
            Assert.AreEqual(0, cache.Get(string.Empty).Length);
            char[] pair = cache.Get(TestTube);
            Assert.AreEqual(2, pair.Length);
            Assert.AreEqual(0xD83E, (int)pair[0]);
            Assert.AreEqual(0xDDEA, (int)pair[1]);
        }

        // ---- the reader ----

        [TestMethod]
        public void ReaderDecodesSurrogatePairsExactly()
        {
            var reader = new JsonReader(1024, 8, 64);
            byte[] raw = RecordTestSupport.FromHex("22" + "f09fa7aa" + "20" + "5c6e" + "f09d849e" + "22");
            JsonValue value = reader.Parse(raw, 0, raw.Length);
            Assert.IsNotNull(value, reader.Error);
            char[] chars = value.StringValue.ToCharArray();
            Assert.AreEqual(6, chars.Length);
            Assert.AreEqual(0xD83E, (int)chars[0]);
            Assert.AreEqual(0xDDEA, (int)chars[1]);
            Assert.AreEqual((int)' ', (int)chars[2]);
            Assert.AreEqual((int)'\n', (int)chars[3]);
            Assert.AreEqual(0xD834, (int)chars[4]);
            Assert.AreEqual(0xDD1E, (int)chars[5]);

            byte[] escaped = Utf8Text.GetBytes("\"\\ud83e\\uddea\"");
            JsonValue fromEscape = reader.Parse(escaped, 0, escaped.Length);
            Assert.IsNotNull(fromEscape, reader.Error);
            Assert.AreEqual(TestTube, fromEscape.StringValue);
        }

        [TestMethod]
        public void ReaderRoundTripsWhatTheWriterWrote()
        {
            JsonWriter w = LinkFixture.NewWriter(128);
            w.BeginObject();
            w.Name("t");
            w.String(TestTube + "\t" + Clef + "\u00e9");
            w.EndObject();
            var reader = new JsonReader(1024, 8, 64);
            JsonValue value = reader.Parse(w.Buffer, 0, w.Length);
            Assert.IsNotNull(value, reader.Error);
            Assert.AreEqual(TestTube + "\t" + Clef + "\u00e9", value.Get("t").StringValue);
            Assert.AreEqual("t", value.GetName(0));
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => value.GetName(1), "no name past Count");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => value.GetItem(1), "no item past Count");
        }

        // ---- the link ----

        [TestMethod]
        public void TheReplayWindowWorksBeforeItIsFull()
        {
            var settings = new MqttLinkSettings();
            settings.ReplayWindow = 3;
            var f = new LinkFixture(settings);
            f.Step();

            Assert.IsTrue(Status(f, "id-a", true).Get("ok").BooleanValue, "a: first id, window empty");
            Assert.IsTrue(Status(f, "id-b", false).Get("ok").BooleanValue, "b: window holds one id");
            Assert.AreEqual("replay", LinkFixture.ErrorCode(Status(f, "id-a", true)), "a again, window not full");
            Assert.IsTrue(Status(f, "id-c", false).Get("ok").BooleanValue, "c fills the window");
            Assert.IsTrue(Status(f, "id-d", true).Get("ok").BooleanValue, "d pushes a out");
            Assert.IsTrue(Status(f, "id-a", false).Get("ok").BooleanValue, "a was forgotten");
            Assert.AreEqual("replay", LinkFixture.ErrorCode(Status(f, "id-d", true)), "d is still remembered");
            Assert.AreEqual(0L, f.Link.InternalErrors, "no command failed inside the device");
        }

        // A status command by qa.b, with or without the MQTT 5 response topic (without: the inbox keeps "" for it).
        private static JsonValue Status(LinkFixture f, string id, bool withResponseTopic)
        {
            int before = f.Transport.Published.Count;
            f.Transport.Deliver(Prefix + "cmd/status", LinkFixture.J("{'id':'" + id + "'}"),
                withResponseTopic ? LinkFixture.ReplyTopic : null, null);
            f.Step();
            FakeMessage m = f.ResponseSince(before);
            Assert.IsNotNull(m, "answered: " + id);
            Assert.AreEqual(withResponseTopic ? LinkFixture.ReplyTopic : Prefix + "response", m.Topic, "topic for " + id);
            return m.Json();
        }

        [TestMethod]
        public void TheSetPointCommandRefusesWhatIsNotAFiniteNumber()
        {
            var f = new LinkFixture();
            f.Start("LOT-NAN", 10);
            f.Run(200);
            double target = f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius);
            string[] values = { "NaN", "1e400", "-1e400", "'NaN'", "null" };
            string[] codes = { "invalid_json", "invalid_json", "invalid_json", "wrong_type", "wrong_type" };
            for (int i = 0; i < values.Length; i++)
            {
                int before = f.Transport.Published.Count;
                f.Transport.Deliver(Prefix + "cmd/setpoint", LinkFixture.J("{'id':'nan-" + i.ToString()
                    + "','operator':'tech.a','meaning':'performed','signedAt':1,'signature':'00','variable':'temperatureCelsius','value':"
                    + values[i] + ",'reason':'r'}"),
                    LinkFixture.ReplyTopic, null);
                f.Step();
                FakeMessage m = f.ResponseSince(before);
                Assert.IsNotNull(m, "answered: " + values[i]);
                Assert.AreEqual(codes[i], LinkFixture.ErrorCode(m.Json()), values[i] + ": " + LinkFixture.ErrorMessage(m.Json()));
                Assert.IsTrue(target == f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius), values[i] + ": set point unchanged");
            }

            JsonValue ok = f.Send("setpoint", "tech.a", "'variable':'temperatureCelsius','value':37.2,'reason':'r'");
            Assert.IsTrue(ok.Get("ok").BooleanValue, LinkFixture.ErrorMessage(ok));
            TestSupport.AreNear(37.2, f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius), 1e-9, "a finite value is taken");
        }
    }
}
