#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using System.Collections;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    /// <summary>Fixtures shared by the record tests: the key, headers, samples, frame surgery.</summary>
    public static class RecordTestSupport
    {
        /// <summary>The batch id of the fixtures' records.</summary>
        public const string BatchId = "B-2026-0042";

        /// <summary>The test device key (32 bytes, a fixed pattern).</summary>
        public static byte[] Key()
        {
            byte[] key = new byte[32];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(0x5A ^ (i * 29));
            }

            return key;
        }

        /// <summary>Another device's key (for forged entries).</summary>
        public static byte[] OtherKey()
        {
            byte[] key = Key();
            key[0] ^= 0x80;
            return key;
        }

        /// <summary>An authenticator with the test key.</summary>
        public static IMessageAuthenticator Authenticator()
        {
            return new HmacSha256Authenticator(Key());
        }

        /// <summary>A valid header for <see cref="BatchId"/> without recipe text.</summary>
        public static RecordHeader Header()
        {
            var header = new RecordHeader();
            header.DeviceId = "BR-0007";
            header.FirmwareVersion = "1.4.2";
            header.BatchId = BatchId;
            header.RecipeName = "CAR-T expansion";
            header.RecipeVersion = "3";
            header.OperatorId = "op.jdoe";
            header.KeyId = "k1";
            byte[] recipe = RecipeBytes(200);
            header.RecipeSha256 = new byte[Sha256.HashLength];
            Sha256.Hash(recipe, 0, recipe.Length, header.RecipeSha256, 0);
            return header;
        }

        /// <summary>Deterministic recipe-like text of <paramref name="length"/> ASCII bytes.</summary>
        public static byte[] RecipeBytes(int length)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)(i % 61 == 60 ? '\n' : 'a' + (i * 7) % 26);
            }

            return bytes;
        }

        /// <summary>A sample whose values depend on <paramref name="i"/>.</summary>
        public static RecordSample Sample(int i)
        {
            var s = new RecordSample();
            s.LiquidCelsius = 36.9 + 0.001 * i;
            s.LiquidSetPointCelsius = 37.0;
            s.PlateCelsius = 38.25 - 0.002 * i;
            s.PlateSetPointCelsius = 38.4;
            s.HeaterDutyFraction = 0.314159;
            s.Co2Percent = 4.987;
            s.Co2SetPointPercent = 5.0;
            s.ValveDutyFraction = 0.02;
            s.RockingRateRpm = 9.95;
            s.RockingRateSetPointRpm = 10.0;
            s.RockingAmplitudeDegrees = 5.9;
            s.RockingAmplitudeSetPointDegrees = 6.0;
            s.AngleDegrees = -2.5 + i;
            s.AngleErrorRmsDegrees = 0.12;
            s.DriveSpeedDegreesPerSecond = -12.345;
            s.LiquidStatus = SensorStatus.Ok;
            s.PlateStatus = SensorStatus.Ok;
            s.Co2Status = SensorStatus.NoResponse;
            s.AngleStatus = SensorStatus.Ok;
            s.TemperatureMode = 1;
            s.Co2Mode = 2;
            s.RockingMode = 3;
            s.Flags = RecordSample.FlagHeaterOn | RecordSample.FlagTemperatureControl | RecordSample.FlagRocking;
            s.HighestAlarmPriority = 2;
            s.ActiveAlarmCount = 1;
            return s;
        }

        /// <summary>A writer on <paramref name="storage"/> with the test key, its header written.</summary>
        public static BatchRecordWriter Begin(MemoryRecordStorage storage, ManualClock clock)
        {
            var writer = new BatchRecordWriter(storage, Authenticator(), clock);
            Assert.IsTrue(writer.Begin(Header()), "header durable");
            return writer;
        }

        /// <summary>A record begun (<see cref="Begin(MemoryRecordStorage, ManualClock)"/>) on a new memory storage and clock.</summary>
        public static BatchRecordWriter Begin(out MemoryRecordStorage storage, out ManualClock clock)
        {
            storage = new MemoryRecordStorage();
            clock = new ManualClock();
            return Begin(storage, clock);
        }

        /// <summary>Appends <paramref name="count"/> samples, 10 s apart, asserting each is durable.</summary>
        public static void AppendSamples(BatchRecordWriter writer, ManualClock clock, int count)
        {
            for (int i = 0; i < count; i++)
            {
                clock.Advance(10000);
                RecordSample sample = Sample(i);
                Assert.IsTrue(writer.AppendSample(sample), "sample durable");
            }
        }

        /// <summary>A record of a header and <paramref name="samples"/> samples (sequences 0 … samples).</summary>
        public static MemoryRecordStorage SampleRecord(int samples)
        {
            BatchRecordWriter writer = Begin(out MemoryRecordStorage storage, out ManualClock clock);
            AppendSamples(writer, clock, samples);
            return storage;
        }

        /// <summary>Verifies a record held in bytes with the test key.</summary>
        public static RecordVerification Verify(byte[] record, long announcedLastSequence)
        {
            var verifier = new RecordVerifier(Authenticator());
            verifier.Push(record, 0, record.Length);
            return verifier.Finish(announcedLastSequence);
        }

        /// <summary>Verifies a record fed in chunks of <paramref name="chunk"/> bytes.</summary>
        public static RecordVerification VerifyInChunks(byte[] record, int chunk, long announcedLastSequence)
        {
            var verifier = new RecordVerifier(Authenticator());
            for (int at = 0; at < record.Length; at += chunk)
            {
                int n = record.Length - at < chunk ? record.Length - at : chunk;
                verifier.Push(record, at, n);
            }

            return verifier.Finish(announcedLastSequence);
        }

        /// <summary>Start offsets of the frames of a well-formed record (walking the length fields), plus its length at the end.</summary>
        public static int[] FrameOffsets(byte[] record)
        {
            var offsets = new ArrayList();
            int at = 0;
            while (at < record.Length)
            {
                offsets.Add(at);
                int length = RecordFormat.ReadFrameLength(record, at, record.Length - at);
                Assert.IsTrue(length > 0, "well-formed record");
                at += length;
            }

            offsets.Add(at);
            int[] result = new int[offsets.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (int)offsets[i];
            }

            return result;
        }

        /// <summary>The record with frame <paramref name="index"/> removed.</summary>
        public static byte[] WithoutFrame(byte[] record, int index)
        {
            int[] o = FrameOffsets(record);
            return Splice(record, o[index], o[index + 1] - o[index], null);
        }

        /// <summary>The record with frames <paramref name="index"/> and <paramref name="index"/> + 1 swapped.</summary>
        public static byte[] WithFramesSwapped(byte[] record, int index)
        {
            int[] o = FrameOffsets(record);
            byte[] first = Slice(record, o[index], o[index + 1] - o[index]);
            byte[] second = Slice(record, o[index + 1], o[index + 2] - o[index + 1]);
            byte[] result = Slice(record, 0, record.Length);
            Array.Copy(second, 0, result, o[index], second.Length);
            Array.Copy(first, 0, result, o[index] + second.Length, first.Length);
            return result;
        }

        /// <summary>The record with <paramref name="frame"/> inserted before frame <paramref name="index"/>.</summary>
        public static byte[] WithFrameInserted(byte[] record, int index, byte[] frame)
        {
            int[] o = FrameOffsets(record);
            return Splice(record, o[index], 0, frame);
        }

        /// <summary>The bytes of frame <paramref name="index"/>.</summary>
        public static byte[] Frame(byte[] record, int index)
        {
            int[] o = FrameOffsets(record);
            return Slice(record, o[index], o[index + 1] - o[index]);
        }

        /// <summary>A copy of part of an array.</summary>
        public static byte[] Slice(byte[] bytes, int offset, int count)
        {
            byte[] result = new byte[count];
            Array.Copy(bytes, offset, result, 0, count);
            return result;
        }

        /// <summary>Replaces <paramref name="removeCount"/> bytes at <paramref name="at"/> with <paramref name="insert"/> (may be null).</summary>
        public static byte[] Splice(byte[] bytes, int at, int removeCount, byte[] insert)
        {
            int insertLength = insert == null ? 0 : insert.Length;
            byte[] result = new byte[bytes.Length - removeCount + insertLength];
            Array.Copy(bytes, 0, result, 0, at);
            if (insertLength > 0)
            {
                Array.Copy(insert, 0, result, at, insertLength);
            }

            Array.Copy(bytes, at + removeCount, result, at + insertLength, bytes.Length - at - removeCount);
            return result;
        }

        /// <summary>Lower-case hex of bytes.</summary>
        public static string Hex(byte[] bytes)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[2 * i + 1] = digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }

        /// <summary>Bytes of a hex string (no separators).</summary>
        public static byte[] FromHex(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }

            return bytes;
        }

        /// <summary>A finding's name, for assert messages.</summary>
        public static string Name(RecordFinding finding)
        {
            return RecordVerification.FindingName(finding);
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            return c - 'a' + 10;
        }
    }
}
