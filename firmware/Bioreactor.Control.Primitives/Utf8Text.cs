namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// UTF-8 (RFC 3629) for the record's text fields, written here so the bytes are identical on the device and the host and
    /// a bounded field can be filled without allocating. Unpaired surrogates encode as U+FFFD; malformed input decodes as
    /// U+FFFD per maximal invalid subpart, as .NET's UTF8Encoding does; a string longer than its field is cut at a
    /// code-point boundary and the caller is told.
    /// </summary>
    public static class Utf8Text
    {
        private const char Replacement = '\uFFFD';

        /// <summary>Number of UTF-8 bytes of <paramref name="text"/> (0 for null).</summary>
        public static int GetByteCount(string text)
        {
            if (text == null)
            {
                return 0;
            }

            int count = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int units;
                count += CodePointBytes(text, i, out units);
                i += units - 1;
            }

            return count;
        }

        /// <summary>
        /// Encodes <paramref name="text"/> into <paramref name="buffer"/> at <paramref name="offset"/>, at most
        /// <paramref name="maxBytes"/> bytes, never splitting a code point.
        /// </summary>
        /// <returns>The number of bytes written; <paramref name="truncated"/> says whether characters were left out.</returns>
        public static int Encode(string text, byte[] buffer, int offset, int maxBytes, out bool truncated)
        {
            truncated = false;
            if (text == null)
            {
                return 0;
            }

            int written = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int units;
                int bytes = CodePointBytes(text, i, out units);
                if (written + bytes > maxBytes)
                {
                    truncated = true;
                    return written;
                }

                int codePoint = CodePoint(text, i, units);
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

        /// <summary>Encodes <paramref name="text"/> into a new array of exactly its UTF-8 length.</summary>
        public static byte[] GetBytes(string text)
        {
            byte[] bytes = new byte[GetByteCount(text)];
            bool truncated;
            Encode(text, bytes, 0, bytes.Length, out truncated);
            return bytes;
        }

        /// <summary>Decodes UTF-8 bytes into a string (allocates: use off the periodic path).</summary>
        public static string Decode(byte[] bytes, int offset, int count)
        {
            // A UTF-8 text never has more UTF-16 chars than bytes (4 bytes make at most 2 chars).
            char[] chars = new char[count];
            int n = 0;
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
                    chars[n++] = '\uFFFD';
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
                    chars[n++] = '\uFFFD';
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

            return new string(chars, 0, n);
        }

        // Bytes of the code point starting at text[index]; units = UTF-16 units it occupies (2 for a surrogate pair).
        private static int CodePointBytes(string text, int index, out int units)
        {
            char c = text[index];
            units = 1;
            if (c < 0x80)
            {
                return 1;
            }

            if (c < 0x800)
            {
                return 2;
            }

            if (c >= 0xD800 && c <= 0xDBFF && index + 1 < text.Length && text[index + 1] >= 0xDC00 && text[index + 1] <= 0xDFFF)
            {
                units = 2;
                return 4;
            }

            return 3;
        }

        private static int CodePoint(string text, int index, int units)
        {
            char c = text[index];
            if (units == 2)
            {
                return 0x10000 + ((c - 0xD800) << 10) + (text[index + 1] - 0xDC00);
            }

            if (c >= 0xD800 && c <= 0xDFFF)
            {
                return Replacement;
            }

            return c;
        }
    }
}
