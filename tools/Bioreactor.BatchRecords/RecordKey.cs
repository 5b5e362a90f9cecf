using System;
using System.Text;
using Bioreactor.Host.Infrastructure.Records;

namespace Bioreactor.BatchRecords;

/// <summary>A record key and where it came from (a file, a hex text, the simulator's derivation).</summary>
public sealed record RecordKey(byte[] Bytes, string Source)
{
    /// <summary>
    /// A key written as hexadecimal text (whitespace and a 0x prefix ignored), as key files and options give it; null with
    /// <paramref name="problem"/> ("is not hexadecimal …", "gives a key of N bytes …") when it is not one.
    /// </summary>
    public static byte[] FromHexText(string text, out string problem)
    {
        var digits = new StringBuilder();
        foreach (char c in text ?? string.Empty)
        {
            if (!char.IsWhiteSpace(c))
            {
                digits.Append(c);
            }
        }

        string hex = digits.ToString();
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex.Substring(2);
        }

        byte[] key;
        try
        {
            key = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            problem = "is not hexadecimal text with an even number of digits";
            return null;
        }

        if (key.Length < HostHmacSha256Authenticator.MinimumKeyLength)
        {
            problem = $"gives a key of {key.Length} bytes; a record key has at least {HostHmacSha256Authenticator.MinimumKeyLength}";
            return null;
        }

        problem = null;
        return key;
    }
}
