namespace Bioreactor.Control.Primitives
{
    /// <summary>What a line of a configuration text is.</summary>
    public enum ConfigLineKind
    {
        /// <summary>"[name]".</summary>
        Section = 0,

        /// <summary>"key = value".</summary>
        KeyValue = 1,

        /// <summary>Anything else that is not blank or a comment.</summary>
        Malformed = 2,
    }

    /// <summary>
    /// Reads the line-based text format shared by recipe files and the operator directory: "key = value" lines,
    /// "[section]" lines, blank lines and lines whose first non-blank character is '#' (comments). Whitespace around
    /// keys, values and section names is removed; '\n' and "\r\n" line ends are both accepted. There are no inline
    /// comments, escapes or continuation lines: a value is the rest of its line. Trimming is done here (space, tab,
    /// CR) rather than with String.Trim, whose set of whitespace characters is not the same on nanoFramework. The text is
    /// scanned as a char array taken once: on nanoCLR, String.IndexOf returns −1 for a character that follows a surrogate
    /// pair (a non-BMP character such as an emoji in a description), and the string indexer returns the high half at a
    /// low half; values are cut out with new string(char[], start, length), which is right on both runtimes.
    /// </summary>
    public sealed class ConfigReader
    {
        private readonly char[] _text;
        private int _position;

        /// <summary>Reads <paramref name="text"/> (null reads as empty).</summary>
        public ConfigReader(string text)
        {
            _text = string.IsNullOrEmpty(text) ? new char[0] : text.ToCharArray();
        }

        /// <summary>1-based number of the current line.</summary>
        public int LineNumber { get; private set; }

        /// <summary>What the current line is.</summary>
        public ConfigLineKind Kind { get; private set; }

        /// <summary>The section name without brackets (Section lines).</summary>
        public string Section { get; private set; }

        /// <summary>The key (KeyValue lines).</summary>
        public string Key { get; private set; }

        /// <summary>The value, possibly empty (KeyValue lines).</summary>
        public string Value { get; private set; }

        /// <summary>Moves to the next line that is not blank or a comment; false at the end of the text.</summary>
        public bool Next()
        {
            while (_position <= _text.Length)
            {
                if (_position == _text.Length)
                {
                    // A text ending in '\n' has no further line; one not ending in it has been read in full already.
                    _position++;
                    return false;
                }

                int end = IndexOf('\n', _position, _text.Length);
                if (end < 0)
                {
                    end = _text.Length;
                }

                int start = _position;
                _position = end + 1;
                LineNumber++;
                int first = SkipBlank(start, end);
                int last = TrimEnd(first, end);
                if (first == last || _text[first] == '#')
                {
                    continue;
                }

                Section = null;
                Key = null;
                Value = null;
                if (_text[first] == '[')
                {
                    if (_text[last - 1] != ']' || last - first < 2)
                    {
                        Kind = ConfigLineKind.Malformed;
                        return true;
                    }

                    Kind = ConfigLineKind.Section;
                    Section = Slice(first + 1, last - 1);
                    return true;
                }

                int equals = IndexOf('=', first, last);
                if (equals < 0)
                {
                    Kind = ConfigLineKind.Malformed;
                    return true;
                }

                Kind = ConfigLineKind.KeyValue;
                Key = Slice(first, equals);
                Value = Slice(equals + 1, last);
                return true;
            }

            return false;
        }

        private string Slice(int start, int end)
        {
            int first = SkipBlank(start, end);
            int last = TrimEnd(first, end);
            return first == last ? string.Empty : new string(_text, first, last - first);
        }

        /// <summary>Index of <paramref name="c"/> in [start, end), or −1.</summary>
        private int IndexOf(char c, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (_text[i] == c)
                {
                    return i;
                }
            }

            return -1;
        }

        private int SkipBlank(int start, int end)
        {
            while (start < end && IsBlank(_text[start]))
            {
                start++;
            }

            return start;
        }

        private int TrimEnd(int start, int end)
        {
            while (end > start && IsBlank(_text[end - 1]))
            {
                end--;
            }

            return end;
        }

        private static bool IsBlank(char c)
        {
            return c == ' ' || c == '\t' || c == '\r';
        }
    }
}
