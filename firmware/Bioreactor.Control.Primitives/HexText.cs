namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// Bytes as hexadecimal text (base 16, RFC 4648 section 8), two digits per byte, most significant digit first: the
    /// record key of a board's configuration, the operator credentials' salts and verifiers. Written here once: digit by
    /// digit, so the text is the same on both runtimes and no format string or culture is involved.
    /// </summary>
    public static class HexText
    {
        private const string LowerDigits = "0123456789abcdef";

        /// <summary>The value of a hexadecimal digit (0-9, a-f, and A-F unless <paramref name="lowerCaseOnly"/>), or −1.</summary>
        public static int DigitValue(char c, bool lowerCaseOnly)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (!lowerCaseOnly && c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        /// <summary>The bytes as lower-case hexadecimal digits, two per byte ("" for none).</summary>
        public static string Format(byte[] bytes)
        {
            return bytes == null ? string.Empty : Format(bytes, 0, bytes.Length);
        }

        /// <summary>The byte range as lower-case hexadecimal digits, two per byte.</summary>
        public static string Format(byte[] bytes, int offset, int count)
        {
            char[] digits = new char[2 * count];
            for (int i = 0; i < count; i++)
            {
                int b = bytes[offset + i];
                digits[2 * i] = LowerDigits[b >> 4];
                digits[2 * i + 1] = LowerDigits[b & 0x0F];
            }

            return new string(digits);
        }

        /// <summary>
        /// Decodes exactly <paramref name="output"/>.Length bytes from a text of exactly twice as many digits. False (and
        /// <paramref name="output"/> partly written) for another length or a character that is not a digit; upper-case
        /// digits are refused when <paramref name="lowerCaseOnly"/> (a canonical form has one spelling).
        /// </summary>
        public static bool TryParse(string text, bool lowerCaseOnly, byte[] output)
        {
            if (text == null || output == null || text.Length != 2 * output.Length)
            {
                return false;
            }

            return TryParse(text, 0, lowerCaseOnly, output);
        }

        /// <summary>
        /// Decodes <paramref name="output"/>.Length bytes from the 2 × Length digits at <paramref name="offset"/> of the
        /// text (the text may go on after them). False for a text too short or a character that is not a digit.
        /// </summary>
        public static bool TryParse(string text, int offset, bool lowerCaseOnly, byte[] output)
        {
            if (text == null || output == null || offset < 0 || offset + 2 * output.Length > text.Length)
            {
                return false;
            }

            for (int i = 0; i < output.Length; i++)
            {
                int high = DigitValue(text[offset + 2 * i], lowerCaseOnly);
                int low = DigitValue(text[offset + 2 * i + 1], lowerCaseOnly);
                if (high < 0 || low < 0)
                {
                    return false;
                }

                output[i] = (byte)((high << 4) | low);
            }

            return true;
        }
    }
}
