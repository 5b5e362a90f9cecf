namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// UTF-8 (RFC 3629) for the record's text fields, written here so the bytes are identical on the device and the host and
    /// a bounded field can be filled from a char array without allocating. Unpaired surrogates encode as U+FFFD; malformed
    /// input decodes as U+FFFD per maximal invalid subpart, as .NET's UTF8Encoding does; a string longer than its field is
    /// cut at a code-point boundary and the caller is told.
    /// </summary>
    /// <remarks>
    /// The encoder reads UTF-16 units from a char array, never through String's indexer: on nanoCLR <c>s[i]</c> at the
    /// low half of a surrogate pair returns the HIGH half, so a string walked char by char encodes U+1F9EA as garbage
    /// there. The string overloads take <c>ToCharArray()</c> once (which allocates; ToCharArray and Length are right on
    /// nanoCLR); an encoder on a periodic path passes the chars itself (see <see cref="TextCharsCache"/>).
    /// </remarks>
    public static class Utf8Text
    {
        private const char Replacement = '\uFFFD';

        /// <summary>Number of UTF-8 bytes of <paramref name="text"/> (0 for null). Allocates (ToCharArray).</summary>
        public static int GetByteCount(string text)
        {
            if (text == null)
            {
                return 0;
            }

            char[] chars = text.ToCharArray();
            return GetByteCount(chars, 0, chars.Length);
        }

        /// <summary>Number of UTF-8 bytes of <paramref name="count"/> UTF-16 units of <paramref name="chars"/> from <paramref name="start"/>.</summary>
        public static int GetByteCount(char[] chars, int start, int count)
        {
            int bytes = 0;
            int end = start + count;
            for (int i = start; i < end; i++)
            {
                int units;
                bytes += CodePointBytes(chars, i, end, out units);
                i += units - 1;
            }

            return bytes;
        }

        /// <summary>
        /// Encodes <paramref name="text"/> into <paramref name="buffer"/> at <paramref name="offset"/>, at most
        /// <paramref name="maxBytes"/> bytes, never splitting a code point. Allocates (ToCharArray).
        /// </summary>
        /// <returns>The number of bytes written; <paramref name="truncated"/> says whether characters were left out.</returns>
        public static int Encode(string text, byte[] buffer, int offset, int maxBytes, out bool truncated)
        {
            truncated = false;
            if (text == null)
            {
                return 0;
            }

            char[] chars = text.ToCharArray();
            return Encode(chars, 0, chars.Length, buffer, offset, maxBytes, out truncated);
        }

        /// <summary>
        /// Encodes <paramref name="count"/> UTF-16 units of <paramref name="chars"/> from <paramref name="start"/> into
        /// <paramref name="buffer"/> at <paramref name="offset"/>, at most <paramref name="maxBytes"/> bytes, never
        /// splitting a code point (a surrogate pair cut by <paramref name="count"/> is an unpaired surrogate: U+FFFD).
        /// Allocates nothing.
        /// </summary>
        /// <returns>The number of bytes written; <paramref name="truncated"/> says whether characters were left out.</returns>
        public static int Encode(char[] chars, int start, int count, byte[] buffer, int offset, int maxBytes, out bool truncated)
        {
            truncated = false;
            int written = 0;
            int end = start + count;
            for (int i = start; i < end; i++)
            {
                int units;
                int bytes = CodePointBytes(chars, i, end, out units);
                if (written + bytes > maxBytes)
                {
                    truncated = true;
                    return written;
                }

                int codePoint = CodePoint(chars, i, units);
                int at = offset + written;
                if (bytes == 1)
                {
                    buffer[at] = (byte)codePoint;
                }
                else if (bytes == 2)
                {
                    buffer[at] = (byte)(0xC0 | (codePoint >> 6));
                    buffer[at + 1] = (byte)(0x80 | (codePoint & 0x3F));
                }
                else if (bytes == 3)
                {
                    buffer[at] = (byte)(0xE0 | (codePoint >> 12));
                    buffer[at + 1] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    buffer[at + 2] = (byte)(0x80 | (codePoint & 0x3F));
                }
                else
                {
                    buffer[at] = (byte)(0xF0 | (codePoint >> 18));
                    buffer[at + 1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                    buffer[at + 2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    buffer[at + 3] = (byte)(0x80 | (codePoint & 0x3F));
                }

                written += bytes;
                i += units - 1;
            }

            return written;
        }

        /// <summary>Encodes <paramref name="text"/> into a new array of exactly its UTF-8 length (empty for null). Allocates.</summary>
        public static byte[] GetBytes(string text)
        {
            if (text == null)
            {
                return new byte[0];
            }

            char[] chars = text.ToCharArray();
            byte[] bytes = new byte[GetByteCount(chars, 0, chars.Length)];
            bool truncated;
            Encode(chars, 0, chars.Length, bytes, 0, bytes.Length, out truncated);
            return bytes;
        }

        /// <summary>Decodes UTF-8 bytes into a string (allocates: use off the periodic path).</summary>
        public static string Decode(byte[] bytes, int offset, int count)
        {
            // A UTF-8 text never has more UTF-16 chars than bytes (4 bytes make at most 2 chars).
            char[] chars = new char[count];
            int n = Decode(bytes, offset, count, chars, 0);
            return new string(chars, 0, n);
        }

        /// <summary>
        /// Decodes UTF-8 bytes into <paramref name="destination"/> from <paramref name="destinationIndex"/>, which must
        /// have room for <paramref name="count"/> chars (a UTF-8 text never has more UTF-16 units than bytes). Allocates
        /// nothing.
        /// </summary>
        /// <returns>The number of chars written.</returns>
        public static int Decode(byte[] bytes, int offset, int count, char[] destination, int destinationIndex)
        {
            char[] chars = destination;
            int n = destinationIndex;
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                int b0 = bytes[i];
                int length;
                int code;
                if (b0 < 0x80)
                {
                    length = 1;
                    code = b0;
                }
                else if (b0 >= 0xC2 && b0 <= 0xDF)
                {
                    length = 2;
                    code = b0 & 0x1F;
                }
                else if (b0 >= 0xE0 && b0 <= 0xEF)
                {
                    length = 3;
                    code = b0 & 0x0F;
                }
                else if (b0 >= 0xF0 && b0 <= 0xF4)
                {
                    length = 4;
                    code = b0 & 0x07;
                }
                else
                {
                    chars[n++] = Replacement;
                    i++;
                    continue;
                }

                // Continuation bytes present so far; a sequence cut short is replaced as one U+FFFD (its valid prefix).
                int taken = 1;
                while (taken < length && i + taken < end && (bytes[i + taken] & 0xC0) == 0x80)
                {
                    code = (code << 6) | (bytes[i + taken] & 0x3F);
                    taken++;
                }

                bool valid = taken == length;

                // Overlong forms, surrogates and values above U+10FFFF are malformed.
                if (valid && ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF)))
                    || (length == 4 && (code < 0x10000 || code > 0x10FFFF))))
                {
                    valid = false;
                }

                if (!valid)
                {
                    chars[n++] = Replacement;
                    i += taken;
                    continue;
                }

                if (code >= 0x10000)
                {
                    code -= 0x10000;
                    chars[n++] = (char)(0xD800 + (code >> 10));
                    chars[n++] = (char)(0xDC00 + (code & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)code;
                }

                i += length;
            }

            return n - destinationIndex;
        }

        // Bytes of the code point starting at chars[index] (chars before end); units = UTF-16 units it occupies (2 for a
        // surrogate pair).
        private static int CodePointBytes(char[] chars, int index, int end, out int units)
        {
            char c = chars[index];
            units = 1;
            if (c < 0x80)
            {
                return 1;
            }

            if (c < 0x800)
            {
                return 2;
            }

            if (c >= 0xD800 && c <= 0xDBFF && index + 1 < end && chars[index + 1] >= 0xDC00 && chars[index + 1] <= 0xDFFF)
            {
                units = 2;
                return 4;
            }

            return 3;
        }

        private static int CodePoint(char[] chars, int index, int units)
        {
            char c = chars[index];
            if (units == 2)
            {
                return 0x10000 + ((c - 0xD800) << 10) + (chars[index + 1] - 0xDC00);
            }

            if (c >= 0xD800 && c <= 0xDFFF)
            {
                return Replacement;
            }

            return c;
        }
    }
}
