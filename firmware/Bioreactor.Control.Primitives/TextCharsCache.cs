namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// The UTF-16 units of the strings an encoder writes again and again (protocol member names, status names, the
    /// batch's identifiers), taken once with String.ToCharArray and kept, so that an encoder on the periodic path neither
    /// walks a string with its indexer nor allocates after the first time it meets a string.
    /// </summary>
    /// <remarks>
    /// <para>Why: on nanoCLR <c>s[i]</c> at the low half of a surrogate pair returns the HIGH half, so text is encoded
    /// from <c>ToCharArray()</c> (right on nanoCLR), and ToCharArray allocates.</para>
    /// <para>Looked up by content (the string's hash, then String equality), not by reference: on nanoCLR every
    /// <c>ldstr</c> makes a new string object, so a lookup by reference would never hit there. A fixed open-addressing
    /// table with linear probing; every key slot is written (with "") when the table is made and a separate flag marks the
    /// slots in use, because a null element of a string array is not reliable on nanoCLR. Strings longer than
    /// <see cref="MaximumLength"/>, and new strings once <see cref="Capacity"/> are held, are converted on every call
    /// (ToCharArray: allocates); such strings belong to commands and events, not to the periodic path.</para>
    /// <para>The arrays returned are shared: read them, never write them. Not thread-safe.</para>
    /// </remarks>
    public sealed class TextCharsCache
    {
        /// <summary>Longest string kept, UTF-16 units (identifiers and protocol names are far shorter).</summary>
        public const int MaximumLength = 64;

        private static readonly char[] NoChars = new char[0];

        private readonly string[] _keys;
        private readonly char[][] _values;
        private readonly bool[] _used;
        private readonly int _mask;
        private readonly int _capacity;
        private int _count;

        /// <summary>Creates a cache holding at most <paramref name="capacity"/> strings (1 to 4096).</summary>
        public TextCharsCache(int capacity)
        {
            if (capacity < 1 || capacity > 4096)
            {
                throw new System.ArgumentOutOfRangeException("capacity", "capacity must be 1 to 4096");
            }

            // A power of two at least 4/3 of the capacity keeps the probe sequences short.
            int size = 4;
            while (size * 3 < capacity * 4)
            {
                size *= 2;
            }

            _keys = StringSlots.Empty(size);
            _values = new char[size][];
            _used = new bool[size];
            for (int i = 0; i < size; i++)
            {
                _values[i] = NoChars;
            }

            _mask = size - 1;
            _capacity = capacity;
        }

        /// <summary>Most strings kept.</summary>
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <summary>Strings kept so far.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>
        /// The UTF-16 units of <paramref name="text"/> (an empty array for null or ""): the kept array when the string was
        /// met before, else a new one (kept when there is room and the string is short enough). Never write to it.
        /// </summary>
        public char[] Get(string text)
        {
            if (text == null || text.Length == 0)
            {
                return NoChars;
            }

            if (text.Length > MaximumLength)
            {
                return text.ToCharArray();
            }

            // Object.GetHashCode dispatches to String's content hash (a CRC of the text on nanoCLR).
            int slot = ((object)text).GetHashCode() & _mask;
            while (_used[slot])
            {
                if (_keys[slot] == text)
                {
                    return _values[slot];
                }

                slot = (slot + 1) & _mask;
            }

            char[] chars = text.ToCharArray();
            if (_count < _capacity)
            {
                _keys[slot] = text;
                _values[slot] = chars;
                _used[slot] = true;
                _count++;
            }

            return chars;
        }
    }
}
