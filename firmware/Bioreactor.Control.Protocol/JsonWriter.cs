using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// Writes compact JSON (RFC 8259) as UTF-8 into a caller-owned byte buffer, for the protocol's payloads. Numbers and
    /// strings without characters to escape are written without allocating, so periodic telemetry produces no garbage.
    /// Numbers are formatted invariantly (the device and the host write the same bytes); NaN and infinities, which JSON
    /// cannot carry, are written as <c>null</c>.
    /// </summary>
    /// <remarks>
    /// The writer places commas itself: call <see cref="Name"/> before each member's value inside an object, and the value
    /// methods in arrays. When the buffer is too small the writer stops writing and sets <see cref="Overflowed"/> (it never
    /// throws for a full buffer); the caller checks it before sending. Nesting is limited to <see cref="MaximumDepth"/>.
    /// Not thread-safe.
    /// </remarks>
    public sealed class JsonWriter
    {
        /// <summary>Deepest nesting of objects and arrays the writer tracks.</summary>
        public const int MaximumDepth = 16;

        private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        private const string HexDigits = "0123456789abcdef";

        // Powers of ten used by the fixed-point formatting (10^0 .. 10^6 decimals).
        private static readonly long[] Scales = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

        private readonly bool[] _hasMember = new bool[MaximumDepth + 1];
        private readonly byte[] _digits = new byte[24];
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _end;
        private int _depth;
        private bool _afterName;

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
            WriteQuoted(name);
            PutByte((byte)':');
            _afterName = true;
        }

        /// <summary>Writes a string value (null writes <c>null</c>).</summary>
        public void String(string value)
        {
            BeforeValue();
            if (value == null)
            {
                PutAscii("null");
                return;
            }

            WriteQuoted(value);
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
                PutAscii("null");
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
            PutAscii(value ? "true" : "false");
        }

        /// <summary>Writes <c>null</c>.</summary>
        public void Null()
        {
            BeforeValue();
            PutAscii("null");
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
                PutByte((byte)Base64Alphabet[(triple >> 18) & 0x3F]);
                PutByte((byte)Base64Alphabet[(triple >> 12) & 0x3F]);
                PutByte((byte)Base64Alphabet[(triple >> 6) & 0x3F]);
                PutByte((byte)Base64Alphabet[triple & 0x3F]);
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

                PutByte((byte)Base64Alphabet[(triple >> 18) & 0x3F]);
                PutByte((byte)Base64Alphabet[(triple >> 12) & 0x3F]);
                PutByte(left == 2 ? (byte)Base64Alphabet[(triple >> 6) & 0x3F] : (byte)'=');
                PutByte((byte)'=');
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

        private void WriteQuoted(string text)
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

        // Writes text[from..to) as UTF-8 (Utf8Text's rules: lone surrogates become U+FFFD). A run without non-ASCII
        // characters is copied byte by byte; a non-ASCII run that is the whole string is encoded in place; only a
        // non-ASCII run between escapes is cut out of the string (operator text, not the periodic path).
        private void PutRun(string text, int from, int to, bool ascii)
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

            string run = from == 0 && to == text.Length ? text : text.Substring(from, to - from);
            bool truncated;
            int written = Utf8Text.Encode(run, _buffer, _position, _end - _position, out truncated);
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
                    PutByte((byte)HexDigits[(c >> 4) & 0xF]);
                    PutByte((byte)HexDigits[c & 0xF]);
                    return;
            }
        }

        private void PutInteger(long value)
        {
            if (value == long.MinValue)
            {
                PutAscii("-9223372036854775808");
                return;
            }

            if (value < 0)
            {
                PutByte((byte)'-');
                value = -value;
            }

            int count = 0;
            do
            {
                _digits[count++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value > 0);

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

        private void PutAscii(string text)
        {
            if (_position + text.Length > _end)
            {
                Overflowed = true;
                return;
            }

            for (int i = 0; i < text.Length; i++)
            {
                _buffer[_position++] = (byte)text[i];
            }
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
