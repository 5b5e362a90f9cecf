using System;

namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// Little-endian reads and writes into byte arrays, independent of the machine's byte order and without the
    /// allocations of BitConverter.GetBytes. Every multi-byte number in a batch record and in the batch snapshot is
    /// written through these.
    /// </summary>
    public static class LittleEndian
    {
        /// <summary>Writes the low 16 bits of <paramref name="value"/>.</summary>
        public static void WriteUInt16(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        /// <summary>Reads an unsigned 16-bit number.</summary>
        public static int ReadUInt16(byte[] buffer, int offset)
        {
            return buffer[offset] | (buffer[offset + 1] << 8);
        }

        /// <summary>Writes a signed 32-bit number.</summary>
        public static void WriteInt32(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>Reads a signed 32-bit number.</summary>
        public static int ReadInt32(byte[] buffer, int offset)
        {
            return buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24);
        }

        /// <summary>Writes the low 32 bits of <paramref name="value"/> as an unsigned number.</summary>
        public static void WriteUInt32(byte[] buffer, int offset, long value)
        {
            WriteInt32(buffer, offset, (int)value);
        }

        /// <summary>Reads an unsigned 32-bit number.</summary>
        public static long ReadUInt32(byte[] buffer, int offset)
        {
            return ReadInt32(buffer, offset) & 0xFFFFFFFFL;
        }

        /// <summary>Writes a signed 64-bit number.</summary>
        public static void WriteInt64(byte[] buffer, int offset, long value)
        {
            WriteInt32(buffer, offset, (int)value);
            WriteInt32(buffer, offset + 4, (int)(value >> 32));
        }

        /// <summary>Reads a signed 64-bit number.</summary>
        public static long ReadInt64(byte[] buffer, int offset)
        {
            long low = ReadInt32(buffer, offset) & 0xFFFFFFFFL;
            long high = ReadInt32(buffer, offset + 4);
            return (high << 32) | low;
        }

        /// <summary>Writes an IEEE 754 double (NaN preserved).</summary>
        public static void WriteDouble(byte[] buffer, int offset, double value)
        {
            WriteInt64(buffer, offset, BitConverter.DoubleToInt64Bits(value));
        }

        /// <summary>Reads an IEEE 754 double.</summary>
        public static double ReadDouble(byte[] buffer, int offset)
        {
            return BitConverter.Int64BitsToDouble(ReadInt64(buffer, offset));
        }
    }
}
