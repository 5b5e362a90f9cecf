namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// Culture-free number parsing and formatting for recipe and configuration files, messages and canonical text.
    /// The host's double.Parse and ToString follow the machine's culture ("37,5" under de-DE) and nanoFramework's
    /// do not, so the core parses and formats numbers itself and both boards produce and accept the same bytes.
    /// </summary>
    /// <remarks>
    /// Grammar accepted by <see cref="TryParse"/>: an optional sign, one or more digits, optionally a '.' and one or
    /// more digits. No exponent, no grouping, no leading or trailing '.', no spaces; at most 15 significant digits
    /// and at most 22 digits after the point. Within these limits the result is exact: the digits form an integer
    /// below 10^15 &lt; 2^53 and 10^k for k ≤ 22 is a double exactly, so one IEEE division gives the correctly rounded
    /// value (Clinger, "How to read floating point numbers accurately", PLDI 1990, the fast path) — the same double
    /// as double.Parse(text, CultureInfo.InvariantCulture).
    /// </remarks>
    public static class InvariantNumber
    {
        /// <summary>Most significant digits <see cref="TryParse"/> accepts.</summary>
        public const int MaximumSignificantDigits = 15;

        // 10^0 .. 10^22: every one is exactly representable as a double (5^22 < 2^53).
        private static readonly double[] PowersOfTen =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        /// <summary>Parses a whole string as a decimal number (grammar in the class remarks); false if it does not fit.</summary>
        public static bool TryParse(string text, out double value)
        {
            value = 0.0;
            if (text == null || text.Length == 0)
            {
                return false;
            }

            int i = 0;
            bool negative = false;
            char first = text[0];
            if (first == '-' || first == '+')
            {
                negative = first == '-';
                i = 1;
            }

            long mantissa = 0;
            int significant = 0;
            int integerDigits = 0;
            while (i < text.Length && IsDigit(text[i]))
            {
                if (!Accumulate(text[i], ref mantissa, ref significant))
                {
                    return false;
                }

                integerDigits++;
                i++;
            }

            if (integerDigits == 0)
            {
                return false;
            }

            int fractionDigits = 0;
            if (i < text.Length && text[i] == '.')
            {
                i++;
                while (i < text.Length && IsDigit(text[i]))
                {
                    if (!Accumulate(text[i], ref mantissa, ref significant))
                    {
                        return false;
                    }

                    fractionDigits++;
                    i++;
                }

                if (fractionDigits == 0 || fractionDigits >= PowersOfTen.Length)
                {
                    return false;
                }
            }

            if (i != text.Length)
            {
                return false;
            }

            double magnitude = mantissa / PowersOfTen[fractionDigits];
            value = negative ? -magnitude : magnitude;
            return true;
        }

        /// <summary>Parses a whole string as an integer: an optional '-' and 1–18 digits; false otherwise.</summary>
        public static bool TryParseInteger(string text, out long value)
        {
            value = 0;
            if (text == null || text.Length == 0)
            {
                return false;
            }

            int i = text[0] == '-' ? 1 : 0;
            int digits = text.Length - i;
            if (digits < 1 || digits > 18)
            {
                return false;
            }

            long result = 0;
            for (; i < text.Length; i++)
            {
                if (!IsDigit(text[i]))
                {
                    return false;
                }

                result = result * 10 + (text[i] - '0');
            }

            value = text[0] == '-' ? -result : result;
            return true;
        }

        /// <summary>
        /// Formats a number with at most <paramref name="maximumDecimals"/> (0–6) digits after the point, rounded half
        /// away from zero, trailing zeros and a trailing point removed, '-' for negatives, no grouping: 37 → "37",
        /// 0.25 → "0.25", -0.5 → "-0.5". NaN → "NaN", infinities → "Infinity"/"-Infinity"; magnitudes of 10^15 or more
        /// → "&gt;1e15"/"&lt;-1e15" (for messages; no recipe value is that large). Allocates the string.
        /// </summary>
        public static string Format(double value, int maximumDecimals)
        {
            if (double.IsNaN(value))
            {
                return "NaN";
            }

            if (double.IsInfinity(value))
            {
                return value > 0 ? "Infinity" : "-Infinity";
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
                return value > 0 ? ">1e15" : "<-1e15";
            }

            long scale = 1;
            for (int k = 0; k < maximumDecimals; k++)
            {
                scale *= 10;
            }

            bool negative = value < 0;
            double magnitude = negative ? -value : value;

            // The scaled value must fit a long (9.22e18): a large value keeps fewer decimals (2e14 with 6 would need 2e20).
            while (maximumDecimals > 0 && magnitude * scale >= 9.0e18)
            {
                scale /= 10;
                maximumDecimals--;
            }

            long scaled = (long)System.Math.Floor(magnitude * scale + 0.5);
            long integerPart = scaled / scale;
            long fraction = scaled % scale;

            char[] buffer = new char[32];
            int end = buffer.Length;
            int position = end;
            int decimals = maximumDecimals;
            while (decimals > 0 && fraction % 10 == 0)
            {
                fraction /= 10;
                decimals--;
            }

            if (decimals > 0)
            {
                for (int k = 0; k < decimals; k++)
                {
                    buffer[--position] = (char)('0' + (int)(fraction % 10));
                    fraction /= 10;
                }

                buffer[--position] = '.';
            }

            position = WriteDigits(integerPart, buffer, position);
            if (negative && scaled != 0)
            {
                buffer[--position] = '-';
            }

            return new string(buffer, position, end - position);
        }

        /// <summary>Formats an integer in decimal without grouping ("-12", "0", "864000"). Allocates the string.</summary>
        public static string FormatInteger(long value)
        {
            if (value == long.MinValue)
            {
                return "-9223372036854775808";
            }

            char[] buffer = new char[20];
            bool negative = value < 0;
            int position = WriteDigits(negative ? -value : value, buffer, buffer.Length);
            if (negative)
            {
                buffer[--position] = '-';
            }

            return new string(buffer, position, buffer.Length - position);
        }

        private static int WriteDigits(long magnitude, char[] buffer, int position)
        {
            do
            {
                buffer[--position] = (char)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }
            while (magnitude > 0);

            return position;
        }

        private static bool IsDigit(char c)
        {
            return c >= '0' && c <= '9';
        }

        private static bool Accumulate(char digit, ref long mantissa, ref int significant)
        {
            if (mantissa != 0 || digit != '0')
            {
                significant++;
                if (significant > MaximumSignificantDigits)
                {
                    return false;
                }
            }

            mantissa = mantissa * 10 + (digit - '0');
            return true;
        }
    }
}
