namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// UTF-8 encoding and decoding (RFC 3629), written here so the canonical recipe bytes do not depend on a board's
    /// encoding classes. An unpaired surrogate is encoded as U+FFFD, and a malformed byte sequence decodes to U+FFFD,
    /// as .NET's UTF8Encoding does by default.
    /// </summary>
    internal static class Utf8
    {
        public static byte[] Encode(string text)
        {
            int count = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    count += 1;
                }
                else if (c < 0x800)
                {
                    count += 2;
                }
                else if (IsPair(text, i))
                {
                    count += 4;
                    i++;
                }
                else
                {
                    count += 3;
                }
            }

            byte[] bytes = new byte[count];
            int n = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (c < 0x80)
                {
                    bytes[n++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    bytes[n++] = (byte)(0xC0 | (c >> 6));
                    bytes[n++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (IsPair(text, i))
                {
                    int code = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    bytes[n++] = (byte)(0xF0 | (code >> 18));
                    bytes[n++] = (byte)(0x80 | ((code >> 12) & 0x3F));
                    bytes[n++] = (byte)(0x80 | ((code >> 6) & 0x3F));
                    bytes[n++] = (byte)(0x80 | (code & 0x3F));
                    i++;
                }
                else
                {
                    if (c >= 0xD800 && c <= 0xDFFF)
                    {
                        c = 0xFFFD;
                    }

                    bytes[n++] = (byte)(0xE0 | (c >> 12));
                    bytes[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    bytes[n++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            return bytes;
        }

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

        private static bool IsPair(string text, int i)
        {
            char c = text[i];
            return c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF;
        }
    }
}
