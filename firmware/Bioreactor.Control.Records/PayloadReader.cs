using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Reads a payload written by <see cref="PayloadBuilder"/>. Reading past the end sets <see cref="Failed"/> and returns
    /// zeros, so a decoder checks once at the end instead of after every field.
    /// </summary>
    internal sealed class PayloadReader
    {
        private readonly byte[] _buffer;
        private readonly int _end;
        private int _position;

        public PayloadReader(RecordFrame frame)
        {
            _buffer = frame.Buffer;
            _position = frame.PayloadOffset;
            _end = frame.PayloadOffset + frame.PayloadLength;
        }

        /// <summary>A field ran past the end of the payload.</summary>
        public bool Failed { get; private set; }

        /// <summary>
        /// Whether every byte of the payload has been read: fields appended to an entry type by a later format version are
        /// read only when bytes remain (an entry written before them ends here).
        /// </summary>
        public bool AtEnd
        {
            get { return _position >= _end; }
        }

        private bool Take(int count)
        {
            if (Failed || _position + count > _end)
            {
                Failed = true;
                return false;
            }

            return true;
        }

        public int UInt8()
        {
            if (!Take(1))
            {
                return 0;
            }

            return _buffer[_position++];
        }

        public int UInt16()
        {
            if (!Take(2))
            {
                return 0;
            }

            int value = LittleEndian.ReadUInt16(_buffer, _position);
            _position += 2;
            return value;
        }

        public int Int32()
        {
            if (!Take(4))
            {
                return 0;
            }

            int value = LittleEndian.ReadInt32(_buffer, _position);
            _position += 4;
            return value;
        }

        public long UInt32()
        {
            if (!Take(4))
            {
                return 0;
            }

            long value = LittleEndian.ReadUInt32(_buffer, _position);
            _position += 4;
            return value;
        }

        public long Int64()
        {
            if (!Take(8))
            {
                return 0;
            }

            long value = LittleEndian.ReadInt64(_buffer, _position);
            _position += 8;
            return value;
        }

        public double Double()
        {
            if (!Take(8))
            {
                return 0;
            }

            double value = LittleEndian.ReadDouble(_buffer, _position);
            _position += 8;
            return value;
        }

        public byte[] Bytes(int count)
        {
            byte[] value = new byte[count];
            if (!Take(count))
            {
                return value;
            }

            for (int i = 0; i < count; i++)
            {
                value[i] = _buffer[_position + i];
            }

            _position += count;
            return value;
        }

        public string Text()
        {
            int count = UInt16();
            if (!Take(count))
            {
                return string.Empty;
            }

            string value = Utf8Text.Decode(_buffer, _position, count);
            _position += count;
            return value;
        }
    }
}
