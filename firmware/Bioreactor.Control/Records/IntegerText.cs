namespace Bioreactor.Control.Records
{
    /// <summary>Decimal text of an integer, culture-free (Int32.ToString is left out of the core: culture-sensitive on the host).</summary>
    public static class IntegerText
    {
        /// <summary>The decimal digits of <paramref name="value"/>, with a leading '-' when negative.</summary>
        public static string Format(long value)
        {
            if (value == 0)
            {
                return "0";
            }

            char[] digits = new char[20];
            int n = digits.Length;
            bool negative = value < 0;
            // Work on the negative side so long.MinValue does not overflow.
            long rest = negative ? value : -value;
            while (rest != 0)
            {
                long quotient = rest / 10;
                digits[--n] = (char)('0' + (int)(quotient * 10 - rest));
                rest = quotient;
            }

            if (negative)
            {
                return "-" + new string(digits, n, digits.Length - n);
            }

            return new string(digits, n, digits.Length - n);
        }
    }
}
