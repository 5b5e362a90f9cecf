using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Writes a payload into a frame buffer: fixed-size numbers little-endian, text as a u16 byte count then UTF-8 cut
    /// to its bound. Reused for every entry, so building a payload allocates nothing but the char array of a text field
    /// (<see cref="Text"/>: Utf8Text encodes from String.ToCharArray, never from the string's indexer, which returns the
    /// high surrogate at the low half of a pair on nanoCLR). The periodic entries (samples, alarm transitions) carry no
    /// text.
    /// </summary>
    internal sealed class PayloadBuilder
    {
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _limit;

        /// <summary>Whether a text field was cut to its bound since <see cref="Begin"/>.</summary>
        public bool Truncated { get; private set; }

        /// <summary>Bytes written since <see cref="Begin"/>.</summary>
        public int Length
        {
            get { return _position - _start; }
        }

        public void Begin(byte[] buffer, int start, int capacity)
        {
            _buffer = buffer;
            _start = start;
            _position = start;
            _limit = start + capacity;
            Truncated = false;
        }

        public void UInt8(int value)
        {
            _buffer[_position++] = (byte)value;
        }

        public void UInt16(int value)
        {
            LittleEndian.WriteUInt16(_buffer, _position, value);
            _position += 2;
        }

        public void Int32(int value)
        {
            LittleEndian.WriteInt32(_buffer, _position, value);
            _position += 4;
        }

        public void UInt32(long value)
        {
            LittleEndian.WriteUInt32(_buffer, _position, value);
            _position += 4;
        }

        public void Int64(long value)
        {
            LittleEndian.WriteInt64(_buffer, _position, value);
            _position += 8;
        }

        public void Double(double value)
        {
            LittleEndian.WriteDouble(_buffer, _position, value);
            _position += 8;
        }

        public void Bytes(byte[] source, int count)
        {
            Bytes(source, 0, count);
        }

        // Copies source[offset, +count), or writes zeros when source is null.
        public void Bytes(byte[] source, int offset, int count)
        {
            if (source == null)
            {
                System.Array.Clear(_buffer, _position, count);
            }
            else
            {
                System.Array.Copy(source, offset, _buffer, _position, count);
            }

            _position += count;
        }

        public void Text(string text, int maxBytes)
        {
            int room = _limit - _position - 2;
            if (maxBytes > room)
            {
                maxBytes = room;
            }

            bool cut;
            int count = Utf8Text.Encode(text, _buffer, _position + 2, maxBytes, out cut);
            LittleEndian.WriteUInt16(_buffer, _position, count);
            _position += 2 + count;
            if (cut)
            {
                Truncated = true;
            }
        }
    }
}
