#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// The record's text and number encodings on what the nanoCLR interpreter gets wrong: String's indexer returns the
    /// HIGH surrogate at the low half of a pair (so text must be encoded from its char array), and NaN compares
    /// "greater" (so a NaN sample value must be caught by an explicit test). Exact bytes are checked.
    /// </summary>
    [TestClass]
    public class RecordNanoClrTests
    {
        // U+1F9EA TEST TUBE and U+1D11E MUSICAL SYMBOL G CLEF: one surrogate pair each.
        private const string TestTube = "\uD83E\uDDEA";
        private const string Clef = "\uD834\uDD1E";

        [TestMethod]
        public void Utf8TextEncodesSurrogatePairsExactly()
        {
            Assert.AreEqual("f09fa7aa", RecordTestSupport.Hex(Utf8Text.GetBytes(TestTube)));
            Assert.AreEqual("f09d849e", RecordTestSupport.Hex(Utf8Text.GetBytes(Clef)));
            Assert.AreEqual("41f09fa7aa20f09d849e42", RecordTestSupport.Hex(Utf8Text.GetBytes("A" + TestTube + " " + Clef + "B")));
            Assert.AreEqual(8, Utf8Text.GetByteCount(TestTube + Clef));

            char[] chars = ("x" + Clef + "y").ToCharArray();
            Assert.AreEqual(4, Utf8Text.GetByteCount(chars, 1, 2), "the pair alone, from a char array");
            byte[] buffer = new byte[8];
            bool truncated;
            int n = Utf8Text.Encode(chars, 1, 2, buffer, 2, 6, out truncated);
            Assert.AreEqual(4, n);
            Assert.IsFalse(truncated);
            Assert.AreEqual("0000f09d849e0000", RecordTestSupport.Hex(buffer));
        }

        [TestMethod]
        public void Utf8TextNeverSplitsAPair()
        {
            byte[] buffer = new byte[8];
            bool truncated;
            Assert.AreEqual(0, Utf8Text.Encode(TestTube, buffer, 0, 3, out truncated), "a pair needs 4 bytes");
            Assert.IsTrue(truncated);
            Assert.AreEqual(4, Utf8Text.Encode(TestTube + Clef, buffer, 0, 7, out truncated), "the second pair does not fit");
            Assert.IsTrue(truncated);
            Assert.AreEqual("f09fa7aa", RecordTestSupport.Hex(RecordTestSupport.Slice(buffer, 0, 4)));

            // A range that cuts a pair leaves an unpaired surrogate: U+FFFD, as for any lone surrogate.
            char[] chars = TestTube.ToCharArray();
            int n = Utf8Text.Encode(chars, 0, 1, buffer, 0, 8, out truncated);
            Assert.AreEqual("efbfbd", RecordTestSupport.Hex(RecordTestSupport.Slice(buffer, 0, n)));
            n = Utf8Text.Encode(chars, 1, 1, buffer, 0, 8, out truncated);
            Assert.AreEqual("efbfbd", RecordTestSupport.Hex(RecordTestSupport.Slice(buffer, 0, n)), "a lone low half");
        }

        [TestMethod]
        public void Utf8TextDecodesSurrogatePairsIntoACharArray()
        {
            byte[] bytes = RecordTestSupport.FromHex("41f09fa7aaf09d849e");
            char[] chars = new char[2 + bytes.Length];
            int n = Utf8Text.Decode(bytes, 0, bytes.Length, chars, 2);
            Assert.AreEqual(5, n);
            Assert.AreEqual((int)'A', (int)chars[2]);
            Assert.AreEqual(0xD83E, (int)chars[3]);
            Assert.AreEqual(0xDDEA, (int)chars[4]);
            Assert.AreEqual(0xD834, (int)chars[5]);
            Assert.AreEqual(0xDD1E, (int)chars[6]);
            Assert.AreEqual("A" + TestTube + Clef, Utf8Text.Decode(bytes, 0, bytes.Length));
        }

        [TestMethod]
        public void ANoteWithSurrogatePairsIsRecordedAsExactUtf8()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            clock.Advance(1000);
            Assert.IsTrue(writer.AppendNote("op.jdoe", TestTube + " sampled " + Clef), "note");

            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            NoteEntry note = null;
            byte[] payload = null;
            while (reader.Next(frame))
            {
                if (frame.Type == RecordEntryType.Note)
                {
                    note = NoteEntry.Decode(frame);
                    payload = RecordTestSupport.Slice(frame.Buffer, frame.PayloadOffset, frame.PayloadLength);
                }
            }

            Assert.IsNotNull(note, "the note was read back");
            Assert.AreEqual(TestTube + " sampled " + Clef, note.Text);
            // u16 7 "op.jdoe", then u16 17: F09FA7AA " sampled " F09D849E.
            Assert.AreEqual("07006f702e6a646f65" + "1100" + "f09fa7aa" + "2073616d706c656420" + "f09d849e", RecordTestSupport.Hex(payload));
        }

        [TestMethod]
        public void ANaNSampleValueIsRecordedAsNoValue()
        {
            Assert.AreEqual(RecordSample.NoValue, RecordSample.ToFixed(double.NaN, 1000.0), "NaN");
            Assert.AreEqual(RecordSample.NoValue, RecordSample.ToFixed(double.PositiveInfinity, 1000.0), "+infinity");
            Assert.AreEqual(RecordSample.NoValue, RecordSample.ToFixed(double.NegativeInfinity, 1000.0), "-infinity");
            Assert.AreEqual(RecordSample.NoValue, RecordSample.ToFixed(3e6, 1000.0), "beyond an i32");
            Assert.AreEqual(37125, RecordSample.ToFixed(37.125, 1000.0), "a value");
            Assert.IsTrue(double.IsNaN(RecordSample.FromFixed(RecordSample.NoValue, 1000.0)), "NoValue reads back as NaN");

            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            clock.Advance(10000);
            RecordSample sample = RecordTestSupport.Sample(1);
            sample.LiquidCelsius = double.NaN;
            sample.Co2Percent = double.NaN;
            Assert.IsTrue(writer.AppendSample(sample), "sample");

            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            bool found = false;
            while (reader.Next(frame))
            {
                RecordSample read;
                if (RecordSample.TryDecode(frame, out read))
                {
                    found = true;
                    Assert.IsTrue(double.IsNaN(read.LiquidCelsius), "liquid NaN kept as no value");
                    Assert.IsTrue(double.IsNaN(read.Co2Percent), "CO2 NaN kept as no value");
                    TestSupport.AreNear(sample.PlateCelsius, read.PlateCelsius, 0.0005, "plate as written");
                }
            }

            Assert.IsTrue(found, "the sample was read back");
        }
    }
}
