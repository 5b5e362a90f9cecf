#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Ports;
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// The operator's signature in operator action entries (record format 2): written and read back with and without a
    /// signature, the largest entry within one frame, and a format 1 record (its bytes built here with the old encoding,
    /// independently of the writer) still verifying and decoding as unsigned.
    /// </summary>
    [TestClass]
    public class RecordSignatureTests
    {
        private const string Mac = "3f1c0a9e5b7d2486c1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8";

        [TestMethod]
        public void ASignedAndAnUnsignedActionReadBackAsWritten()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            Assert.AreEqual(2, RecordHeader.CurrentFormatVersion, "format 2 carries signatures");
            Assert.IsTrue(writer.AppendOperatorAction("qa.lee", "Clear", null, "released for review", "Complete", "Idle",
                OperatorActionOutcome.Done, 0, 2, 51, 4, "Lee Quality \u00e9", 1767600000123L, Mac), "signed");
            Assert.IsTrue(writer.AppendOperatorAction("op.jdoe", "Resume", null, null, null, null,
                OperatorActionOutcome.Done, 0, 1, 52, 0, null, 0, null), "unsigned");

            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            Assert.IsTrue(reader.Next(frame));
            Assert.AreEqual(2, RecordHeader.Decode(frame).FormatVersion, "header");

            Assert.IsTrue(reader.Next(frame));
            OperatorActionEntry signed = OperatorActionEntry.Decode(frame);
            Assert.IsNotNull(signed);
            Assert.AreEqual("qa.lee", signed.OperatorId);
            Assert.AreEqual("Clear", signed.Action);
            Assert.AreEqual("released for review", signed.Reason);
            Assert.AreEqual(2, signed.Role);
            Assert.AreEqual(51L, signed.BatchEventSequence);
            Assert.AreEqual(4, signed.Meaning, "released");
            Assert.AreEqual("Lee Quality \u00e9", signed.SignerName);
            Assert.AreEqual(1767600000123L, signed.SignedAtMilliseconds);
            Assert.AreEqual(Mac, signed.SignatureMac);
            Assert.IsFalse(frame.IsTextTruncated);

            Assert.IsTrue(reader.Next(frame));
            OperatorActionEntry unsigned = OperatorActionEntry.Decode(frame);
            Assert.IsNotNull(unsigned);
            Assert.AreEqual("op.jdoe", unsigned.OperatorId);
            Assert.AreEqual("Resume", unsigned.Action);
            Assert.AreEqual(52L, unsigned.BatchEventSequence);
            Assert.AreEqual(0, unsigned.Meaning, "none");
            Assert.AreEqual(string.Empty, unsigned.SignerName);
            Assert.AreEqual(0L, unsigned.SignedAtMilliseconds);
            Assert.AreEqual(string.Empty, unsigned.SignatureMac);
            Assert.IsFalse(reader.Next(frame));

            RecordVerification verification = RecordTestSupport.Verify(storage.GetBytes(RecordTestSupport.BatchId), 2);
            Assert.AreEqual("intact: 3 entries verified, open", verification.Describe());
        }

        [TestMethod]
        public void TheLargestOperatorActionFitsInOneFrame()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            string id = new string('i', RecordFormat.MaxIdentifierBytes);
            string value = new string('v', RecordFormat.MaxValueBytes);
            string reason = new string('r', RecordFormat.MaxReasonBytes);
            string name = new string('n', RecordFormat.MaxIdentifierBytes);
            Assert.IsTrue(writer.AppendOperatorAction(id, id, id, reason, value, value, OperatorActionOutcome.Rejected, int.MaxValue, 255,
                long.MaxValue, 255, name, long.MaxValue, Mac), "every field at its bound");

            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            Assert.IsTrue(reader.Next(frame));
            Assert.IsTrue(reader.Next(frame));
            Assert.IsFalse(frame.IsTextTruncated, "nothing cut: every field fits its bound and the payload fits the frame");
            // 1 + 4 + 1 + 8 + 3 × (2 + 64) + (2 + 256) + 2 × (2 + 128) + 1 + (2 + 64) + 8 + (2 + 64) = 871 payload bytes.
            Assert.AreEqual(871 + RecordFormat.Overhead, frame.Length, "frame length");
            Assert.IsTrue(frame.Length <= RecordFormat.MaxFrameLength, "within the largest frame");
            OperatorActionEntry entry = OperatorActionEntry.Decode(frame);
            Assert.AreEqual(name, entry.SignerName);
            Assert.AreEqual(Mac, entry.SignatureMac);
            Assert.AreEqual(255, entry.Meaning);
            Assert.AreEqual(long.MaxValue, entry.SignedAtMilliseconds);
        }

        [TestMethod]
        public void AFormat1RecordStillVerifiesAndItsActionsDecodeUnsigned()
        {
            // Bytes as firmware of record format 1 wrote them: a header saying version 1, and an operator action whose
            // payload ends after the new value (no signature fields), each MAC chained over the one before.
            IMessageAuthenticator authenticator = RecordTestSupport.Authenticator();
            byte[] previousMac = new byte[RecordFormat.MacLength];
            var payload = new OldPayload();
            payload.U8(1);
            payload.U8(RecordHeader.HmacSha256Algorithm);
            payload.U32(10000);
            payload.U32(0);
            for (int i = 0; i < Sha256.HashLength; i++)
            {
                payload.U8(i);
            }

            payload.Text("BR-0007");
            payload.Text("1.3.0");
            payload.Text(RecordTestSupport.BatchId);
            payload.Text("CAR-T expansion");
            payload.Text("3");
            payload.Text("op.jdoe");
            payload.Text("k1");
            byte[] header = OldFrame(authenticator, previousMac, 0, RecordEntryType.Header, payload);

            payload = new OldPayload();
            payload.U8((int)OperatorActionOutcome.Done);
            payload.I32(0);
            payload.U8(1);
            payload.I64(7);
            payload.Text("op.jdoe");
            payload.Text("Hold");
            payload.Text("");
            payload.Text("sampling");
            payload.Text("Running");
            payload.Text("Held");
            byte[] action = OldFrame(authenticator, previousMac, 1, RecordEntryType.OperatorAction, payload);

            byte[] record = new byte[header.Length + action.Length];
            System.Array.Copy(header, 0, record, 0, header.Length);
            System.Array.Copy(action, 0, record, header.Length, action.Length);

            RecordVerification verification = RecordTestSupport.Verify(record, 1);
            Assert.AreEqual("intact: 2 entries verified, open", verification.Describe());

            var storage = new MemoryRecordStorage();
            storage.SetBytes(RecordTestSupport.BatchId, record);
            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            Assert.IsTrue(reader.Next(frame));
            RecordHeader decodedHeader = RecordHeader.Decode(frame);
            Assert.IsNotNull(decodedHeader);
            Assert.AreEqual(1, decodedHeader.FormatVersion);
            Assert.AreEqual("1.3.0", decodedHeader.FirmwareVersion);
            Assert.IsTrue(reader.Next(frame));
            OperatorActionEntry entry = OperatorActionEntry.Decode(frame);
            Assert.IsNotNull(entry, "the shorter format 1 entry decodes");
            Assert.AreEqual("op.jdoe", entry.OperatorId);
            Assert.AreEqual("Hold", entry.Action);
            Assert.AreEqual("sampling", entry.Reason);
            Assert.AreEqual("Held", entry.NewValue);
            Assert.AreEqual(7L, entry.BatchEventSequence);
            Assert.AreEqual(0, entry.Meaning, "SignatureMeaning.None: unsigned");
            Assert.AreEqual(string.Empty, entry.SignerName);
            Assert.AreEqual(0L, entry.SignedAtMilliseconds);
            Assert.AreEqual(string.Empty, entry.SignatureMac);

            // Firmware of format 2 continues the batch after an update: its signed entries chain on the format 1 ones, and
            // each entry decodes in its own form.
            storage.Close();
            RecordRecoveryResult scan = RecordRecovery.Scan(storage, authenticator, RecordTestSupport.BatchId);
            Assert.IsTrue(scan.CanResume, scan.Reason);
            var writer = new BatchRecordWriter(storage, authenticator, new ManualClock());
            Assert.IsTrue(writer.Resume(scan), "resumed");
            Assert.IsTrue(writer.AppendOperatorAction("op.jdoe", "Resume", null, null, "Held", "Running",
                OperatorActionOutcome.Done, 0, 1, 8, 1, "Jane Doe", 1767600100000L, Mac));
            byte[] continued = storage.GetBytes(RecordTestSupport.BatchId);
            verification = RecordTestSupport.Verify(continued, -1);
            Assert.IsTrue(verification.IsIntact, verification.Describe());
            Assert.AreEqual(2L, verification.CountOf(RecordEntryType.OperatorAction));
            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            reader = new RecordReader(storage);
            int actions = 0;
            while (reader.Next(frame))
            {
                if (frame.Type == RecordEntryType.OperatorAction)
                {
                    OperatorActionEntry read = OperatorActionEntry.Decode(frame);
                    Assert.IsNotNull(read);
                    Assert.AreEqual(actions == 0 ? 0 : 1, read.Meaning, "entry " + frame.Sequence);
                    Assert.AreEqual(actions == 0 ? string.Empty : "Jane Doe", read.SignerName);
                    actions++;
                }
            }

            Assert.AreEqual(2, actions);
        }

        [TestMethod]
        public void AnEntryCutInsideItsSignatureDoesNotDecode()
        {
            BatchRecordWriter writer = RecordTestSupport.Begin(out MemoryRecordStorage storage, out ManualClock clock);
            Assert.IsTrue(writer.AppendOperatorAction("op.jdoe", "Hold", null, "sampling", "Running", "Held",
                OperatorActionOutcome.Done, 0, 1, 7, 1, "Jane Doe", 1767600000000L, Mac));
            Assert.IsTrue(storage.Open(RecordTestSupport.BatchId));
            var reader = new RecordReader(storage);
            var frame = new RecordFrame();
            Assert.IsTrue(reader.Next(frame));
            Assert.IsTrue(reader.Next(frame));

            // Only the meaning byte of the signature fields left: neither the old form nor the new one.
            int withoutSignature = frame.PayloadLength - (1 + 2 + 8 + 8 + 2 + 64);
            var cut = new RecordFrame();
            byte[] copy = new byte[frame.Length];
            System.Array.Copy(frame.Buffer, frame.FrameOffset, copy, 0, frame.Length);
            int cutLength = RecordFormat.Overhead + withoutSignature + 1;
            LittleEndian.WriteUInt16(copy, RecordFormat.LengthOffset, cutLength);
            LittleEndian.WriteUInt16(copy, RecordFormat.LengthComplementOffset, ~cutLength & 0xFFFF);
            cut.Parse(copy, 0, cutLength, 0);
            Assert.AreEqual(withoutSignature + 1, cut.PayloadLength);
            Assert.IsNull(OperatorActionEntry.Decode(cut));
        }

        // Frames a format 1 payload: sync, length, its complement, sequence, type, flags (UTC synchronised), UTC and
        // monotonic ms, payload, then the MAC over the previous MAC and the frame, which becomes the previous MAC.
        private static byte[] OldFrame(IMessageAuthenticator authenticator, byte[] previousMac, long sequence, RecordEntryType type,
            OldPayload payload)
        {
            int length = RecordFormat.Overhead + payload.Length;
            byte[] work = new byte[RecordFormat.MacLength + length];
            System.Array.Copy(previousMac, 0, work, 0, RecordFormat.MacLength);
            int f = RecordFormat.MacLength;
            work[f] = RecordFormat.Sync0;
            work[f + 1] = RecordFormat.Sync1;
            LittleEndian.WriteUInt16(work, f + RecordFormat.LengthOffset, length);
            LittleEndian.WriteUInt16(work, f + RecordFormat.LengthComplementOffset, ~length & 0xFFFF);
            LittleEndian.WriteUInt32(work, f + RecordFormat.SequenceOffset, sequence);
            work[f + RecordFormat.TypeOffset] = (byte)type;
            work[f + RecordFormat.FlagsOffset] = RecordFormat.FlagUtcSynchronized;
            LittleEndian.WriteInt64(work, f + RecordFormat.UtcOffset, 1767600000000L + sequence * 1000);
            LittleEndian.WriteInt64(work, f + RecordFormat.MonotonicOffset, sequence * 1000);
            System.Array.Copy(payload.Bytes, 0, work, f + RecordFormat.HeaderLength, payload.Length);
            authenticator.ComputeMac(work, 0, length, work, f + length - RecordFormat.MacLength);
            byte[] frame = new byte[length];
            System.Array.Copy(work, f, frame, 0, length);
            System.Array.Copy(frame, length - RecordFormat.MacLength, previousMac, 0, RecordFormat.MacLength);
            return frame;
        }

        // A payload in the record's field encoding (little-endian numbers, texts as u16 length + bytes; ASCII only here).
        private sealed class OldPayload
        {
            public readonly byte[] Bytes = new byte[RecordFormat.MaxPayloadLength];
            public int Length;

            public void U8(int value)
            {
                Bytes[Length++] = (byte)value;
            }

            public void I32(int value)
            {
                LittleEndian.WriteInt32(Bytes, Length, value);
                Length += 4;
            }

            public void U32(long value)
            {
                LittleEndian.WriteUInt32(Bytes, Length, value);
                Length += 4;
            }

            public void I64(long value)
            {
                LittleEndian.WriteInt64(Bytes, Length, value);
                Length += 8;
            }

            public void Text(string text)
            {
                char[] chars = text.ToCharArray();
                LittleEndian.WriteUInt16(Bytes, Length, chars.Length);
                Length += 2;
                for (int i = 0; i < chars.Length; i++)
                {
                    Bytes[Length++] = (byte)chars[i];
                }
            }
        }
    }
}
