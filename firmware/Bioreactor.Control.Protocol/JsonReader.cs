using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// A strict, bounded JSON (RFC 8259) reader for command payloads. It accepts exactly one value (objects, arrays,
    /// strings, numbers, true, false, null) surrounded by optional JSON whitespace, and refuses, naming the first problem
    /// and its byte position: anything RFC 8259 does not allow (comments, trailing commas, single quotes, leading zeros,
    /// a byte-order mark, control characters in strings, bad escapes), invalid UTF-8 (RFC 3629: overlong forms, encoded
    /// surrogates, values above U+10FFFF, cut sequences), \u escapes that leave a lone surrogate, numbers outside the
    /// double range, duplicate member names, trailing data, and documents beyond its limits (bytes, nesting depth, items
    /// per object or array).
    /// </summary>
    /// <remarks>
    /// <para><b>Size.</b> About 870 lines for one recursive-descent pass over one cursor: objects, arrays and literals,
    /// numbers (a correctly rounded path and a 19-digit fallback, about 160 lines) and strings with their UTF-8 and
    /// escape validation (about 230 lines) all share the position, the limits and the error report, and every refusal
    /// names its rule and byte position, which is where most of the length goes. A command parser on the device has
    /// no other JSON library to lean on.</para>
    /// <para>Numbers: within <see cref="InvariantNumber"/>'s grammar (no exponent, at most 15 significant digits) the value is the
    /// correctly rounded double (InvariantNumber.TryParse); otherwise the first 19 significant digits are scaled by a power
    /// of ten, which may differ from the correctly rounded double in the last bit. A value whose magnitude exceeds
    /// double.MaxValue is refused; one below the smallest double becomes 0. Allocates (strings, values): command path only.
    /// Not thread-safe.</para>
    /// </remarks>
    public sealed class JsonReader
    {
        private const int MaximumExponent = 100000;

        private readonly int _maximumDepth;
        private readonly int _maximumBytes;
        private readonly int _maximumItems;
        private static readonly byte[] TrueBytes = { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        private static readonly byte[] FalseBytes = { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };
        private static readonly byte[] NullBytes = { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };

        private char[] _chars = new char[64];
        private byte[] _data;
        private int _position;
        private int _start;
        private int _end;

        /// <summary>A reader with its limits.</summary>
        /// <param name="maximumBytes">Largest document, bytes (1 or more).</param>
        /// <param name="maximumDepth">Deepest nesting of objects and arrays (1 to 64).</param>
        /// <param name="maximumItems">Most members of one object or items of one array (1 or more).</param>
        public JsonReader(int maximumBytes, int maximumDepth, int maximumItems)
        {
            if (maximumBytes < 1)
            {
                throw new ArgumentOutOfRangeException("maximumBytes", "maximumBytes must be 1 or more");
            }

            if (maximumDepth < 1 || maximumDepth > 64)
            {
                throw new ArgumentOutOfRangeException("maximumDepth", "maximumDepth must be 1 to 64");
            }

            if (maximumItems < 1)
            {
                throw new ArgumentOutOfRangeException("maximumItems", "maximumItems must be 1 or more");
            }

            _maximumBytes = maximumBytes;
            _maximumDepth = maximumDepth;
            _maximumItems = maximumItems;
        }

        /// <summary>Why the last <see cref="Parse"/> failed (null after a success).</summary>
        public string Error { get; private set; }

        /// <summary>Byte position (from the document's first byte) of the problem of the last failed <see cref="Parse"/>.</summary>
        public int ErrorPosition { get; private set; }

        /// <summary>Reads a whole document; null when it is not acceptable (see <see cref="Error"/>).</summary>
        public JsonValue Parse(byte[] data, int offset, int count)
        {
            Error = null;
            ErrorPosition = 0;
            if (data == null)
            {
                Fail("no payload", 0);
                return null;
            }

            if (offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must lie inside data");
            }

            if (count > _maximumBytes)
            {
                Fail("the document has " + InvariantNumber.FormatInteger(count) + " bytes, more than the limit of "
                    + InvariantNumber.FormatInteger(_maximumBytes), 0);
                return null;
            }

            _data = data;
            _start = offset;
            _position = offset;
            _end = offset + count;
            JsonValue value = null;
            try
            {
                SkipWhitespace();
                value = ReadValue(0);
                if (value != null)
                {
                    SkipWhitespace();
                    if (_position < _end)
                    {
                        Fail("unexpected data after the document: " + Describe(_position), _position);
                        value = null;
                    }
                }
            }
            finally
            {
                _data = null;
            }

            return Error == null ? value : null;
        }

        private JsonValue ReadValue(int depth)
        {
            if (_position >= _end)
            {
                return Fail("the document ends where a value was expected", _position);
            }

            byte b = _data[_position];
            switch (b)
            {
                case (byte)'{':
                    return ReadObject(depth + 1);
                case (byte)'[':
                    return ReadArray(depth + 1);
                case (byte)'"':
                    {
                        string text = ReadString();
                        if (text == null)
                        {
                            return null;
                        }

                        var value = new JsonValue(JsonKind.String);
                        value.StringValue = text;
                        return value;
                    }

                case (byte)'t':
                    return ReadLiteral(TrueBytes, JsonKind.Boolean, true);
                case (byte)'f':
                    return ReadLiteral(FalseBytes, JsonKind.Boolean, false);
                case (byte)'n':
                    return ReadLiteral(NullBytes, JsonKind.Null, false);
                default:
                    if (b == (byte)'-' || (b >= (byte)'0' && b <= (byte)'9'))
                    {
                        return ReadNumber();
                    }

                    return Fail("expected a value, found " + Describe(_position), _position);
            }
        }

        private JsonValue ReadObject(int depth)
        {
            if (depth > _maximumDepth)
            {
                return Fail("nesting deeper than " + InvariantNumber.FormatInteger(_maximumDepth) + " levels", _position);
            }

            _position++;
            var names = new string[4];
            var items = new JsonValue[4];
            int count = 0;
            SkipWhitespace();
            if (_position < _end && _data[_position] == (byte)'}')
            {
                _position++;
                return Build(JsonKind.Object, names, items, 0);
            }

            while (true)
            {
                SkipWhitespace();
                if (_position >= _end || _data[_position] != (byte)'"')
                {
                    return Fail(_position >= _end ? "the document ends inside an object" : "expected a member name in double quotes, found "
                        + Describe(_position), _position);
                }

                int namePosition = _position;
                string name = ReadString();
                if (name == null)
                {
                    return null;
                }

                for (int i = 0; i < count; i++)
                {
                    if (names[i] == name)
                    {
                        return Fail("duplicate member name \"" + Shorten(name) + "\"", namePosition);
                    }
                }

                if (count >= _maximumItems)
                {
                    return Fail("an object has more than " + InvariantNumber.FormatInteger(_maximumItems) + " members", namePosition);
                }

                SkipWhitespace();
                if (_position >= _end || _data[_position] != (byte)':')
                {
                    return Fail("expected ':' after a member name, found " + Describe(_position), _position);
                }

                _position++;
                SkipWhitespace();
                JsonValue value = ReadValue(depth);
                if (value == null)
                {
                    return null;
                }

                if (count == names.Length)
                {
                    names = GrowNames(names);
                    items = GrowItems(items);
                }

                names[count] = name;
                items[count] = value;
                count++;
                SkipWhitespace();
                if (_position >= _end)
                {
                    return Fail("the document ends inside an object", _position);
                }

                byte b = _data[_position++];
                if (b == (byte)'}')
                {
                    return Build(JsonKind.Object, names, items, count);
                }

                if (b != (byte)',')
                {
                    return Fail("expected ',' or '}' in an object, found " + Describe(_position - 1), _position - 1);
                }
            }
        }

        private JsonValue ReadArray(int depth)
        {
            if (depth > _maximumDepth)
            {
                return Fail("nesting deeper than " + InvariantNumber.FormatInteger(_maximumDepth) + " levels", _position);
            }

            _position++;
            var items = new JsonValue[4];
            int count = 0;
            SkipWhitespace();
            if (_position < _end && _data[_position] == (byte)']')
            {
                _position++;
                return Build(JsonKind.Array, null, items, 0);
            }

            while (true)
            {
                SkipWhitespace();
                if (count >= _maximumItems)
                {
                    return Fail("an array has more than " + InvariantNumber.FormatInteger(_maximumItems) + " items", _position);
                }

                JsonValue value = ReadValue(depth);
                if (value == null)
                {
                    return null;
                }

                if (count == items.Length)
                {
                    items = GrowItems(items);
                }

                items[count++] = value;
                SkipWhitespace();
                if (_position >= _end)
                {
                    return Fail("the document ends inside an array", _position);
                }

                byte b = _data[_position++];
                if (b == (byte)']')
                {
                    return Build(JsonKind.Array, null, items, count);
                }

                if (b != (byte)',')
                {
                    return Fail("expected ',' or ']' in an array, found " + Describe(_position - 1), _position - 1);
                }
            }
        }

        private JsonValue ReadLiteral(byte[] literal, JsonKind kind, bool booleanValue)
        {
            for (int i = 0; i < literal.Length; i++)
            {
                if (_position + i >= _end || _data[_position + i] != literal[i])
                {
                    return Fail("expected a value, found " + Describe(_position), _position);
                }
            }

            _position += literal.Length;
            var value = new JsonValue(kind);
            value.BooleanValue = booleanValue;
            return value;
        }

        // RFC 8259 §6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        private JsonValue ReadNumber()
        {
            int begin = _position;
            bool negative = false;
            if (_data[_position] == (byte)'-')
            {
                negative = true;
                _position++;
            }

            long mantissa = 0;
            int kept = 0;
            int scale = 0;
            int integerDigits = 0;
            bool seenNonZero = false;
            bool dropped = false;
            while (_position < _end && IsDigit(_data[_position]))
            {
                if (integerDigits == 1 && _data[begin + (negative ? 1 : 0)] == (byte)'0')
                {
                    return Fail("a number has a leading zero", begin);
                }

                Accumulate(_data[_position], ref mantissa, ref kept, ref scale, ref seenNonZero, ref dropped, false);
                integerDigits++;
                _position++;
            }

            if (integerDigits == 0)
            {
                return Fail("a '-' is not followed by a digit", begin);
            }

            int fractionDigits = 0;
            if (_position < _end && _data[_position] == (byte)'.')
            {
                _position++;
                while (_position < _end && IsDigit(_data[_position]))
                {
                    Accumulate(_data[_position], ref mantissa, ref kept, ref scale, ref seenNonZero, ref dropped, true);
                    fractionDigits++;
                    _position++;
                }

                if (fractionDigits == 0)
                {
                    return Fail("a decimal point is not followed by a digit", begin);
                }
            }

            bool hasExponent = false;
            int exponent = 0;
            if (_position < _end && (_data[_position] == (byte)'e' || _data[_position] == (byte)'E'))
            {
                hasExponent = true;
                _position++;
                bool exponentNegative = false;
                if (_position < _end && (_data[_position] == (byte)'+' || _data[_position] == (byte)'-'))
                {
                    exponentNegative = _data[_position] == (byte)'-';
                    _position++;
                }

                int exponentDigits = 0;
                while (_position < _end && IsDigit(_data[_position]))
                {
                    if (exponent < MaximumExponent)
                    {
                        exponent = exponent * 10 + (_data[_position] - '0');
                    }

                    exponentDigits++;
                    _position++;
                }

                if (exponentDigits == 0)
                {
                    return Fail("an exponent has no digits", begin);
                }

                if (exponentNegative)
                {
                    exponent = -exponent;
                }
            }

            double value;
            if (!hasExponent && !dropped && kept <= InvariantNumber.MaximumSignificantDigits && fractionDigits <= 22)
            {
                // Exact: InvariantNumber's fast path (Clinger 1990) gives the correctly rounded double.
                InvariantNumber.TryParse(Ascii(begin, _position - begin), out value);
            }
            else
            {
                int power = exponent + scale;
                double magnitude = mantissa;
                if (mantissa == 0)
                {
                    magnitude = 0.0;
                }
                else if (power >= 0)
                {
                    magnitude = power > 400 ? double.PositiveInfinity : magnitude * Math.Pow(10.0, power);
                }
                else if (power >= -300)
                {
                    magnitude /= Math.Pow(10.0, -power);
                }
                else
                {
                    magnitude = power < -400 ? 0.0 : magnitude / 1e300 / Math.Pow(10.0, -power - 300);
                }

                value = negative ? -magnitude : magnitude;
            }

            if (double.IsInfinity(value) || double.IsNaN(value))
            {
                return Fail("the number " + Shorten(Ascii(begin, _position - begin)) + " is outside the double range (about ±1.8e308)", begin);
            }

            var number = new JsonValue(JsonKind.Number);
            number.NumberValue = value;
            number.IsIntegerLiteral = fractionDigits == 0 && !hasExponent;
            number.NumberText = Ascii(begin, _position - begin);
            return number;
        }

        // Keeps the first 19 significant digits in the mantissa (below 10^19 < 2^63); scale counts the powers of ten
        // the kept digits stand for: +1 per dropped integer digit, -1 per kept fraction digit.
        private static void Accumulate(byte digit, ref long mantissa, ref int kept, ref int scale, ref bool seenNonZero, ref bool dropped,
            bool fraction)
        {
            if (digit != (byte)'0')
            {
                seenNonZero = true;
            }

            if (!seenNonZero)
            {
                if (fraction)
                {
                    scale--;
                }

                return;
            }

            if (kept < 19)
            {
                mantissa = mantissa * 10 + (digit - '0');
                kept++;
                if (fraction)
                {
                    scale--;
                }
            }
            else
            {
                dropped = true;
                if (!fraction)
                {
                    scale++;
                }
            }
        }

        private string ReadString()
        {
            int quote = _position;
            _position++;
            int length = 0;
            int runStart = _position;
            while (true)
            {
                if (_position >= _end)
                {
                    Fail("a string is not closed", quote);
                    return null;
                }

                byte b = _data[_position];
                if (b == (byte)'"')
                {
                    length = AppendRun(runStart, _position, length);
                    _position++;
                    return new string(_chars, 0, length);
                }

                if (b < 0x20)
                {
                    Fail("a control character (byte " + InvariantNumber.FormatInteger(b) + ") must be escaped in a string", _position);
                    return null;
                }

                if (b == (byte)'\\')
                {
                    length = AppendRun(runStart, _position, length);
                    if (!ReadEscape(ref length))
                    {
                        return null;
                    }

                    runStart = _position;
                    continue;
                }

                if (b < 0x80)
                {
                    _position++;
                    continue;
                }

                int sequence = Utf8SequenceLength(_position);
                if (sequence == 0)
                {
                    Fail("invalid UTF-8 at byte " + InvariantNumber.FormatInteger(_position - _start), _position);
                    return null;
                }

                _position += sequence;
            }
        }

        // Length of the well-formed UTF-8 sequence at position (RFC 3629 §4, Table 3-7 of Unicode), 0 when ill-formed.
        private int Utf8SequenceLength(int position)
        {
            int b0 = _data[position];
            int length;
            int low = 0x80;
            int high = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF)
            {
                length = 2;
            }
            else if (b0 >= 0xE0 && b0 <= 0xEF)
            {
                length = 3;
                if (b0 == 0xE0)
                {
                    low = 0xA0;
                }
                else if (b0 == 0xED)
                {
                    high = 0x9F;
                }
            }
            else if (b0 >= 0xF0 && b0 <= 0xF4)
            {
                length = 4;
                if (b0 == 0xF0)
                {
                    low = 0x90;
                }
                else if (b0 == 0xF4)
                {
                    high = 0x8F;
                }
            }
            else
            {
                return 0;
            }

            if (position + length > _end)
            {
                return 0;
            }

            int b1 = _data[position + 1];
            if (b1 < low || b1 > high)
            {
                return 0;
            }

            for (int i = 2; i < length; i++)
            {
                if ((_data[position + i] & 0xC0) != 0x80)
                {
                    return 0;
                }
            }

            return length;
        }

        private bool ReadEscape(ref int length)
        {
            int at = _position;
            if (_position + 1 >= _end)
            {
                Fail("a string is not closed", at);
                return false;
            }

            byte e = _data[_position + 1];
            _position += 2;
            char c;
            switch (e)
            {
                case (byte)'"': c = '"'; break;
                case (byte)'\\': c = '\\'; break;
                case (byte)'/': c = '/'; break;
                case (byte)'b': c = '\b'; break;
                case (byte)'f': c = '\f'; break;
                case (byte)'n': c = '\n'; break;
                case (byte)'r': c = '\r'; break;
                case (byte)'t': c = '\t'; break;
                case (byte)'u':
                    {
                        int unit = ReadHex4();
                        if (unit < 0)
                        {
                            Fail("\\u must be followed by 4 hexadecimal digits", at);
                            return false;
                        }

                        if (unit >= 0xDC00 && unit <= 0xDFFF)
                        {
                            Fail("a \\u escape is a lone low surrogate", at);
                            return false;
                        }

                        if (unit >= 0xD800 && unit <= 0xDBFF)
                        {
                            int low = -1;
                            if (_position + 1 < _end && _data[_position] == (byte)'\\' && _data[_position + 1] == (byte)'u')
                            {
                                _position += 2;
                                low = ReadHex4();
                            }

                            if (low < 0xDC00 || low > 0xDFFF)
                            {
                                Fail("a \\u escape is a lone high surrogate", at);
                                return false;
                            }

                            Append((char)unit, ref length);
                            c = (char)low;
                            break;
                        }

                        c = (char)unit;
                        break;
                    }

                default:
                    Fail("invalid escape '\\" + Printable(e) + "' in a string", at);
                    return false;
            }

            Append(c, ref length);
            return true;
        }

        private int ReadHex4()
        {
            if (_position + 4 > _end)
            {
                return -1;
            }

            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                int b = _data[_position + i];
                int digit;
                if (b >= '0' && b <= '9')
                {
                    digit = b - '0';
                }
                else if (b >= 'a' && b <= 'f')
                {
                    digit = b - 'a' + 10;
                }
                else if (b >= 'A' && b <= 'F')
                {
                    digit = b - 'A' + 10;
                }
                else
                {
                    return -1;
                }

                value = (value << 4) | digit;
            }

            _position += 4;
            return value;
        }

        // Decodes the validated UTF-8 bytes [from, to) with the record layer's decoder straight into the char buffer (never
        // through a string and its indexer, which returns the high surrogate at the low half of a pair on nanoCLR).
        private int AppendRun(int from, int to, int length)
        {
            if (to <= from)
            {
                return length;
            }

            bool ascii = true;
            for (int i = from; i < to; i++)
            {
                if (_data[i] >= 0x80)
                {
                    ascii = false;
                    break;
                }
            }

            if (ascii)
            {
                Ensure(length + (to - from));
                for (int i = from; i < to; i++)
                {
                    _chars[length++] = (char)_data[i];
                }

                return length;
            }

            // A UTF-8 text never has more UTF-16 units than bytes.
            Ensure(length + (to - from));
            return length + Utf8Text.Decode(_data, from, to - from, _chars, length);
        }

        private void Append(char c, ref int length)
        {
            Ensure(length + 1);
            _chars[length++] = c;
        }

        private void Ensure(int size)
        {
            if (size <= _chars.Length)
            {
                return;
            }

            int grown = _chars.Length * 2;
            if (grown < size)
            {
                grown = size;
            }

            var chars = new char[grown];
            Array.Copy(_chars, chars, _chars.Length);
            _chars = chars;
        }

        private void SkipWhitespace()
        {
            while (_position < _end)
            {
                byte b = _data[_position];
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\n' && b != (byte)'\r')
                {
                    return;
                }

                _position++;
            }
        }

        private JsonValue Fail(string message, int position)
        {
            if (Error == null)
            {
                Error = message + " (byte " + InvariantNumber.FormatInteger(position - _start) + ")";
                ErrorPosition = position - _start;
            }

            return null;
        }

        private string Describe(int position)
        {
            if (position >= _end)
            {
                return "the end of the document";
            }

            return "'" + Printable(_data[position]) + "'";
        }

        private string Ascii(int from, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)_data[from + i];
            }

            return new string(chars);
        }

        private static string Printable(byte b)
        {
            if (b >= 0x20 && b < 0x7F)
            {
                return new string((char)b, 1);
            }

            return "byte " + InvariantNumber.FormatInteger(b);
        }

        private static string Shorten(string text)
        {
            return text.Length <= 32 ? text : text.Substring(0, 32) + "...";
        }

        private static bool IsDigit(byte b)
        {
            return b >= (byte)'0' && b <= (byte)'9';
        }

        private static JsonValue Build(JsonKind kind, string[] names, JsonValue[] items, int count)
        {
            var value = new JsonValue(kind);
            value.Names = names;
            value.Items = items;
            value.Count = count;
            return value;
        }

        private static string[] GrowNames(string[] names)
        {
            var grown = new string[names.Length * 2];
            Array.Copy(names, grown, names.Length);
            return grown;
        }

        private static JsonValue[] GrowItems(JsonValue[] items)
        {
            var grown = new JsonValue[items.Length * 2];
            Array.Copy(items, grown, items.Length);
            return grown;
        }
    }
}
