namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// The character rules for what operators and recipe authors type: identifiers (operator ids, batch ids, recipe
    /// and phase names) and free text (reasons, notes, descriptions). Identifiers are plain ASCII so they are safe in
    /// file names, MQTT topics and records; free text is one line without control characters, so a record line or a
    /// protocol field cannot be split or forged by it.
    /// </summary>
    public static class TextRules
    {
        /// <summary>Longest identifier, characters.</summary>
        public const int MaximumIdentifierLength = 32;

        /// <summary>Longest free text (reason, note, sample, description), characters.</summary>
        public const int MaximumTextLength = 200;

        /// <summary>The identifier rule in words, for messages.</summary>
        public const string IdentifierRule = "1 to 32 characters of A-Z, a-z, 0-9, '.', '_', '-'";

        /// <summary>The text rule in words, for messages.</summary>
        public const string TextRule = "1 to 200 characters on one line, no control characters";

        /// <summary>True for 1–32 characters of A–Z, a–z, 0–9, '.', '_', '-'.</summary>
        public static bool IsIdentifier(string text)
        {
            if (string.IsNullOrEmpty(text) || text.Length > MaximumIdentifierLength)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True for 1–200 characters (0–200 when <paramref name="allowEmpty"/>) without control characters.</summary>
        public static bool IsText(string text, bool allowEmpty)
        {
            // string.IsNullOrEmpty rather than "text == null": a null read out of a string array is not equal to null in a
            // materialised comparison on nanoCLR (the Debug build's "if (text == null)"); mscorlib's own test is a branch.
            if (string.IsNullOrEmpty(text))
            {
                return allowEmpty;
            }

            if (text.Length > MaximumTextLength)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                // C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators all break a line.
                if (c < ' ' || (c >= '\u007F' && c <= '\u009F') || c == '\u2028' || c == '\u2029')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when two identifiers differ at most in the case of ASCII letters.</summary>
        public static bool EqualsIgnoringCase(string a, string b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (Lower(a[i]) != Lower(b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static char Lower(char c)
        {
            return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
    }
}
