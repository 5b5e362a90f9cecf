using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// Writes compact JSON (RFC 8259) as UTF-8 into a caller-owned byte buffer, for the protocol's payloads. Numbers, and
    /// strings the writer has met before, are written without allocating, so periodic telemetry produces no garbage.
    /// Numbers are formatted invariantly (the device and the host write the same bytes); NaN and infinities, which JSON
    /// cannot carry, are written as <c>null</c>.
    /// </summary>
    /// <remarks>
    /// The writer places commas itself: call <see cref="Name"/> before each member's value inside an object, and the value
    /// methods in arrays. When the buffer is too small the writer stops writing and sets <see cref="Overflowed"/> (it never
    /// throws for a full buffer); the caller checks it before sending. Nesting is limited to <see cref="MaximumDepth"/>.
    /// Not thread-safe.
    /// <para>Text is encoded from its UTF-16 units in a char array, never through String's indexer (on nanoCLR
    /// <c>s[i]</c> at the low half of a surrogate pair returns the high half). The char arrays of names and values come
    /// from a <see cref="TextCharsCache"/> of <see cref="CachedStrings"/> strings: the protocol's member and status
    /// names and the batch's identifiers are converted once, so the periodic path allocates nothing after its first
    /// message; longer or one-off texts (operators' reasons, messages) are converted on every call.</para>
    /// </remarks>
    public sealed class JsonWriter
    {
        /// <summary>Deepest nesting of objects and arrays the writer tracks.</summary>
        public const int MaximumDepth = 16;

        /// <summary>Distinct strings whose chars a writer made with the default constructor keeps (see the remarks).</summary>
        public const int CachedStrings = 192;

        private static readonly byte[] NullBytes = { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };
        private static readonly byte[] TrueBytes = { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        private static readonly byte[] FalseBytes = { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };

        // Powers of ten used by the fixed-point formatting (10^0 .. 10^6 decimals).
        private static readonly long[] Scales = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

        private readonly bool[] _hasMember = new bool[MaximumDepth + 1];
        private readonly byte[] _digits = new byte[24];
        private static readonly char[] NoChars = new char[0];
        private readonly TextCharsCache _text;
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _end;
        private int _depth;
        private bool _afterName;

        /// <summary>A writer keeping the chars of up to <see cref="CachedStrings"/> strings: for a periodic path.</summary>
        public JsonWriter()
            : this(CachedStrings)
        {
        }

        /// <summary>
        /// A writer keeping the chars of up to <paramref name="cachedStrings"/> strings (0 to 4096); 0 keeps none and converts
        /// every string it writes (for a writer off the periodic path: the table costs memory, about 25 bytes a slot on
        /// nanoCLR).
        /// </summary>
        public JsonWriter(int cachedStrings)
        {
            if (cachedStrings < 0 || cachedStrings > 4096)
            {
                throw new ArgumentOutOfRangeException("cachedStrings", "cachedStrings must be 0 to 4096");
            }

            _text = cachedStrings == 0 ? null : new TextCharsCache(cachedStrings);
        }

        /// <summary>Starts writing at <paramref name="offset"/> of <paramref name="buffer"/>, at most <paramref name="count"/> bytes.</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must lie inside the buffer");
            }

            _buffer = buffer;
            _start = offset;
            _position = offset;
            _end = offset + count;
            _depth = 0;
            _afterName = false;
            _hasMember[0] = false;
            Overflowed = false;
        }

        /// <summary>Bytes written since <see cref="Reset"/>.</summary>
        public int Length
        {
            get { return _position - _start; }
        }

        /// <summary>True when something did not fit (or the nesting was deeper than <see cref="MaximumDepth"/>): the output is incomplete.</summary>
        public bool Overflowed { get; private set; }

        /// <summary>The buffer being written.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Opens an object.</summary>
        public void BeginObject()
        {
            BeforeValue();
            PutByte((byte)'{');
            Push();
        }

        /// <summary>Closes the innermost object.</summary>
        public void EndObject()
        {
            Pop();
            PutByte((byte)'}');
        }

        /// <summary>Opens an array.</summary>
        public void BeginArray()
        {
            BeforeValue();
            PutByte((byte)'[');
            Push();
        }

        /// <summary>Closes the innermost array.</summary>
        public void EndArray()
        {
            Pop();
            PutByte((byte)']');
        }

        /// <summary>Writes a member name inside an object; the member's value follows.</summary>
        public void Name(string name)
        {
            BeforeValue();
            WriteQuoted(Chars(name));
            PutByte((byte)':');
            _afterName = true;
        }

        /// <summary>Writes a string value (null writes <c>null</c>).</summary>
        public void String(string value)
        {
            BeforeValue();
            if (value == null)
            {
                PutBytes(NullBytes);
                return;
            }

            WriteQuoted(Chars(value));
        }

        /// <summary>Writes an integer value.</summary>
        public void Integer(long value)
        {
            BeforeValue();
            PutInteger(value);
        }

        /// <summary>
        /// Writes a number with at most <paramref name="maximumDecimals"/> (0–6) digits after the point, rounded half away
        /// from zero, trailing zeros removed (the rule of <see cref="Bioreactor.Control.Primitives.InvariantNumber.Format"/>, so
        /// both give the same digits). NaN and infinities are written as <c>null</c>; magnitudes of 10^15 or more in
        /// exponent form with 15 significant digits.
        /// </summary>
        public void Number(double value, int maximumDecimals)
        {
            BeforeValue();
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                PutBytes(NullBytes);
                return;
            }

            if (maximumDecimals < 0)
            {
                maximumDecimals = 0;
            }
            else if (maximumDecimals > 6)
            {
                maximumDecimals = 6;
            }

            if (value >= 1e15 || value <= -1e15)
            {
                PutExponent(value);
                return;
            }

            bool negative = value < 0;
            double magnitude = negative ? -value : value;

            // Keep magnitude × 10^decimals inside a long (2^63 ≈ 9.2e18): fewer decimals for large magnitudes, which a
            // double cannot resolve anyway (15–17 significant digits, IEEE 754 binary64).
            while (maximumDecimals > 0 && magnitude * Scales[maximumDecimals] >= 9e18)
            {
                maximumDecimals--;
            }

            long scale = Scales[maximumDecimals];
            long scaled = (long)Math.Floor(magnitude * scale + 0.5);
            long integerPart = scaled / scale;
            long fraction = scaled % scale;
            int decimals = maximumDecimals;
            while (decimals > 0 && fraction % 10 == 0)
            {
                fraction /= 10;
                decimals--;
            }

            if (negative && scaled != 0)
            {
                PutByte((byte)'-');
            }

            PutInteger(integerPart);
            if (decimals > 0)
            {
                PutByte((byte)'.');
                int count = 0;
                for (int k = 0; k < decimals; k++)
                {
                    _digits[count++] = (byte)('0' + (int)(fraction % 10));
                    fraction /= 10;
                }

                while (count > 0)
                {
                    PutByte(_digits[--count]);
                }
            }
        }

        /// <summary>Writes true or false.</summary>
        public void Boolean(bool value)
        {
            BeforeValue();
            PutBytes(value ? TrueBytes : FalseBytes);
        }

        /// <summary>Writes <c>null</c>.</summary>
        public void Null()
        {
            BeforeValue();
            PutBytes(NullBytes);
        }

        /// <summary>Writes bytes as a base64 string value (RFC 4648 §4, with padding).</summary>
        public void Base64(byte[] data, int offset, int count)
        {
            BeforeValue();
            PutByte((byte)'"');
            int end = offset + count;
            int i = offset;
            while (i + 3 <= end)
            {
                int triple = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
                PutByte(Base64Digit(triple >> 18));
                PutByte(Base64Digit(triple >> 12));
                PutByte(Base64Digit(triple >> 6));
                PutByte(Base64Digit(triple));
                i += 3;
            }

            int left = end - i;
            if (left > 0)
            {
                int triple = data[i] << 16;
                if (left == 2)
                {
                    triple |= data[i + 1] << 8;
                }

                PutByte(Base64Digit(triple >> 18));
                PutByte(Base64Digit(triple >> 12));
                PutByte(left == 2 ? Base64Digit(triple >> 6) : (byte)'=');
                PutByte((byte)'=');
            }

            PutByte((byte)'"');
        }

        /// <summary>
        /// Writes bytes as a string value of lower-case hexadecimal digits, two per byte (HexText's spelling: a MAC as the
        /// protocol carries it); allocates nothing.
        /// </summary>
        public void Hex(byte[] data, int offset, int count)
        {
            BeforeValue();
            PutByte((byte)'"');
            for (int i = offset; i < offset + count; i++)
            {
                PutByte(HexDigit(data[i] >> 4));
                PutByte(HexDigit(data[i]));
            }

            PutByte((byte)'"');
        }

        /// <summary>Copies bytes that already are JSON text (a value written by another writer), as one value.</summary>
        public void Raw(byte[] json, int offset, int count)
        {
            BeforeValue();
            if (_position + count > _end)
            {
                Overflowed = true;
                return;
            }

            Array.Copy(json, offset, _buffer, _position, count);
            _position += count;
        }

        /// <summary>Number of base64 characters of <paramref name="byteCount"/> bytes (with padding).</summary>
        public static int Base64Length(int byteCount)
        {
            return (byteCount + 2) / 3 * 4;
        }

        private void Push()
        {
            if (_depth >= MaximumDepth)
            {
                Overflowed = true;
                return;
            }

            _depth++;
            _hasMember[_depth] = false;
        }

        private void Pop()
        {
            if (_depth > 0)
            {
                _depth--;
            }

            _afterName = false;
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }

            if (_hasMember[_depth])
            {
                PutByte((byte)',');
            }

            _hasMember[_depth] = true;
        }

        // The UTF-16 units of a string (none for null), from the cache when there is one.
        private char[] Chars(string text)
        {
            if (_text != null)
            {
                return _text.Get(text);
            }

            return text == null ? NoChars : text.ToCharArray();
        }

        private void WriteQuoted(char[] text)
        {
            PutByte((byte)'"');
            int runStart = 0;
            bool ascii = true;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"' || c == '\\' || c < ' ')
                {
                    PutRun(text, runStart, i, ascii);
                    PutEscape(c);
                    runStart = i + 1;
                    ascii = true;
                }
                else if (c >= 0x80)
                {
                    ascii = false;
                }
            }

            PutRun(text, runStart, text.Length, ascii);
            PutByte((byte)'"');
        }

        // Writes text[from..to) as UTF-8 (Utf8Text's rules: lone surrogates become U+FFFD); a run without non-ASCII
        // characters is copied unit by unit. Allocates nothing. (A surrogate pair never straddles an escape: escapes are
        // ASCII.)
        private void PutRun(char[] text, int from, int to, bool ascii)
        {
            if (to <= from)
            {
                return;
            }

            if (ascii)
            {
                if (_position + (to - from) > _end)
                {
                    Overflowed = true;
                    return;
                }

                for (int i = from; i < to; i++)
                {
                    _buffer[_position++] = (byte)text[i];
                }

                return;
            }

            bool truncated;
            int written = Utf8Text.Encode(text, from, to - from, _buffer, _position, _end - _position, out truncated);
            _position += written;
            if (truncated)
            {
                Overflowed = true;
            }
        }

        private void PutEscape(char c)
        {
            PutByte((byte)'\\');
            switch (c)
            {
                case '"':
                    PutByte((byte)'"');
                    return;
                case '\\':
                    PutByte((byte)'\\');
                    return;
                case '\n':
                    PutByte((byte)'n');
                    return;
                case '\r':
                    PutByte((byte)'r');
                    return;
                case '\t':
                    PutByte((byte)'t');
                    return;
                default:
                    PutByte((byte)'u');
                    PutByte((byte)'0');
                    PutByte((byte)'0');
                    PutByte(HexDigit(c >> 4));
                    PutByte(HexDigit(c));
                    return;
            }
        }

        private void PutInteger(long value)
        {
            // long.MinValue has no positive counterpart: its digits are taken from the negative value.
            bool negative = value < 0;
            if (negative)
            {
                PutByte((byte)'-');
            }

            int count = 0;
            do
            {
                int digit = (int)(value % 10);
                _digits[count++] = (byte)('0' + (negative ? -digit : digit));
                value /= 10;
            }
            while (value != 0);

            while (count > 0)
            {
                PutByte(_digits[--count]);
            }
        }

        // d.dddddddddddddde±x for |value| ≥ 1e15: 15 significant digits (the precision a double keeps, IEEE 754 §5.12.2).
        private void PutExponent(double value)
        {
            if (value < 0)
            {
                PutByte((byte)'-');
                value = -value;
            }

            int exponent = (int)Math.Floor(Math.Log10(value));
            double mantissa = value / Math.Pow(10.0, exponent);
            long digits = (long)Math.Floor(mantissa * 1e14 + 0.5);
            if (digits >= 1000000000000000L)
            {
                digits /= 10;
                exponent++;
            }

            int count = 0;
            for (int k = 0; k < 15; k++)
            {
                _digits[count++] = (byte)('0' + (int)(digits % 10));
                digits /= 10;
            }

            PutByte(_digits[--count]);
            PutByte((byte)'.');
            while (count > 0)
            {
                PutByte(_digits[--count]);
            }

            PutByte((byte)'e');
            PutByte((byte)'+');
            PutInteger(exponent);
        }

        private void PutBytes(byte[] bytes)
        {
            if (_position + bytes.Length > _end)
            {
                Overflowed = true;
                return;
            }

            for (int i = 0; i < bytes.Length; i++)
            {
                _buffer[_position++] = bytes[i];
            }
        }

        // The base64 digit of the low 6 bits of value (RFC 4648 §4, table 1).
        private static byte Base64Digit(int value)
        {
            int v = value & 0x3F;
            if (v < 26)
            {
                return (byte)('A' + v);
            }

            if (v < 52)
            {
                return (byte)('a' + v - 26);
            }

            if (v < 62)
            {
                return (byte)('0' + v - 52);
            }

            return v == 62 ? (byte)'+' : (byte)'/';
        }

        // The lower-case hexadecimal digit of the low 4 bits of value.
        private static byte HexDigit(int value)
        {
            int v = value & 0xF;
            return v < 10 ? (byte)('0' + v) : (byte)('a' + v - 10);
        }

        private void PutByte(byte b)
        {
            if (_position >= _end)
            {
                Overflowed = true;
                return;
            }

            _buffer[_position++] = b;
        }
    }
}
