using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// An operator's password verifier in the operator directory: verifier = PBKDF2-HMAC-SHA256(password as UTF-8, salt,
    /// iterations, 32 bytes) (RFC 8018 section 5.2). The verifier is the operator's signing key: the client derives it from
    /// the typed password and MACs each command with it, the device checks the MAC with one HMAC. Whoever reads a verifier
    /// can therefore sign as that operator (though not learn the password): the directory is a device secret like the
    /// record key. Immutable; the properties return copies.
    /// </summary>
    /// <remarks>
    /// Text form (<see cref="Format"/>, <see cref="TryParse"/>), one spelling only:
    /// <code>
    ///   pbkdf2-sha256$&lt;iterations&gt;$&lt;salt: 32 lower-case hex digits&gt;$&lt;verifier: 64 lower-case hex digits&gt;
    /// </code>
    /// The iterations are decimal digits without sign or leading zero, 1,000 to 10,000,000. Provisioning uses
    /// <see cref="DefaultIterations"/>.
    /// </remarks>
    public sealed class OperatorCredential
    {
        /// <summary>The scheme name, the text form's first field.</summary>
        public const string Scheme = "pbkdf2-sha256";

        /// <summary>
        /// Iterations a provisioning tool uses: 600,000, the OWASP Password Storage Cheat Sheet's figure for
        /// PBKDF2-HMAC-SHA256. It is paid by the client once per signature (well under a second on a PC), never by the device.
        /// </summary>
        public const int DefaultIterations = 600000;

        /// <summary>Fewest iterations accepted (tests provision with this many to run fast).</summary>
        public const int MinimumIterations = 1000;

        /// <summary>Most iterations accepted: a bound on what a client must compute per signature.</summary>
        public const int MaximumIterations = 10000000;

        /// <summary>Salt length, bytes (128 bits, NIST SP 800-132 section 5.1 asks for at least 128 random bits).</summary>
        public const int SaltLength = 16;

        /// <summary>Verifier length, bytes: one HMAC-SHA256 output, the signing key's length.</summary>
        public const int VerifierLength = 32;

        /// <summary>The text form in words, for messages.</summary>
        public const string Rule = "pbkdf2-sha256$<iterations, 1000 to 10000000>$<salt, 32 lower-case hex digits>$<verifier, 64 lower-case hex digits>";

        private readonly int _iterations;
        private readonly byte[] _salt;
        private readonly byte[] _verifier;

        /// <summary>
        /// A credential from its parts (copied). Throws ArgumentOutOfRangeException for iterations outside
        /// <see cref="MinimumIterations"/> to <see cref="MaximumIterations"/> or a salt or verifier of another length.
        /// </summary>
        public OperatorCredential(int iterations, byte[] salt, byte[] verifier)
        {
            if (salt == null)
            {
                throw new ArgumentNullException("salt");
            }

            if (verifier == null)
            {
                throw new ArgumentNullException("verifier");
            }

            if (iterations < MinimumIterations || iterations > MaximumIterations)
            {
                throw new ArgumentOutOfRangeException("iterations", "iterations must be 1000 to 10000000");
            }

            if (salt.Length != SaltLength)
            {
                throw new ArgumentOutOfRangeException("salt", "the salt must be 16 bytes");
            }

            if (verifier.Length != VerifierLength)
            {
                throw new ArgumentOutOfRangeException("verifier", "the verifier must be 32 bytes");
            }

            _iterations = iterations;
            _salt = Copy(salt);
            _verifier = Copy(verifier);
        }

        /// <summary>The PBKDF2 iteration count.</summary>
        public int Iterations
        {
            get { return _iterations; }
        }

        /// <summary>The 16-byte salt (a copy).</summary>
        public byte[] Salt
        {
            get { return Copy(_salt); }
        }

        /// <summary>The 32-byte verifier, the operator's signing key (a copy).</summary>
        public byte[] Verifier
        {
            get { return Copy(_verifier); }
        }

        /// <summary>The text form (class remarks).</summary>
        public string Format()
        {
            return Scheme + "$" + InvariantNumber.FormatInteger(_iterations) + "$" + HexText.Format(_salt) + "$" + HexText.Format(_verifier);
        }

        /// <summary>Reads the text form; false (and null) for anything else.</summary>
        public static bool TryParse(string text, out OperatorCredential credential)
        {
            return Parse(text, out credential) == null;
        }

        /// <summary>
        /// Reads the text form. Returns null on success, else what is wrong in words (never the text itself: a verifier is
        /// a secret), and <paramref name="credential"/> is null.
        /// </summary>
        internal static string Parse(string text, out OperatorCredential credential)
        {
            credential = null;
            if (string.IsNullOrEmpty(text))
            {
                return "the credential is empty";
            }

            // The fields by '$' over a char array (String.IndexOf misplaces characters after a surrogate pair on nanoCLR).
            char[] chars = text.ToCharArray();
            int first = IndexOf(chars, 0);
            int second = first < 0 ? -1 : IndexOf(chars, first + 1);
            int third = second < 0 ? -1 : IndexOf(chars, second + 1);
            if (third < 0 || IndexOf(chars, third + 1) >= 0)
            {
                return "the credential must have four fields separated by '$'";
            }

            if (new string(chars, 0, first) != Scheme)
            {
                return "the credential's scheme must be " + Scheme;
            }

            int iterations = ParseIterations(chars, first + 1, second);
            if (iterations < 0)
            {
                return "the credential's iterations must be a whole number from 1000 to 10000000 (digits, no leading zero)";
            }

            byte[] salt = new byte[SaltLength];
            if (third - second - 1 != 2 * SaltLength || !HexText.TryParse(new string(chars, second + 1, third - second - 1), true, salt))
            {
                return "the credential's salt must be 32 lower-case hexadecimal digits (16 bytes)";
            }

            byte[] verifier = new byte[VerifierLength];
            if (chars.Length - third - 1 != 2 * VerifierLength || !HexText.TryParse(new string(chars, third + 1, chars.Length - third - 1), true, verifier))
            {
                return "the credential's verifier must be 64 lower-case hexadecimal digits (32 bytes)";
            }

            credential = new OperatorCredential(iterations, salt, verifier);
            return null;
        }

        private static int IndexOf(char[] chars, int start)
        {
            for (int i = start; i < chars.Length; i++)
            {
                if (chars[i] == '$')
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The iterations in chars[start, end), or −1 when not canonical decimal in range.</summary>
        private static int ParseIterations(char[] chars, int start, int end)
        {
            // At most 8 digits (10,000,000): no overflow, and a leading zero would give a second spelling.
            if (end - start < 1 || end - start > 8 || chars[start] == '0')
            {
                return -1;
            }

            int value = 0;
            for (int i = start; i < end; i++)
            {
                char c = chars[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                value = value * 10 + (c - '0');
            }

            return value < MinimumIterations || value > MaximumIterations ? -1 : value;
        }

        private static byte[] Copy(byte[] bytes)
        {
            byte[] copy = new byte[bytes.Length];
            Array.Copy(bytes, copy, bytes.Length);
            return copy;
        }
    }
}
