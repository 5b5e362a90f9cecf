namespace Bioreactor.Control.Protocol
{
    /// <summary>The kind of a <see cref="JsonValue"/>.</summary>
    public enum JsonKind
    {
        /// <summary>null.</summary>
        Null = 0,

        /// <summary>true or false.</summary>
        Boolean = 1,

        /// <summary>A number (a finite double).</summary>
        Number = 2,

        /// <summary>A string.</summary>
        String = 3,

        /// <summary>An array.</summary>
        Array = 4,

        /// <summary>An object (member names unique).</summary>
        Object = 5,
    }

    /// <summary>
    /// One value of a document read by <see cref="JsonReader"/>: null, a boolean, a number, a string, an array or an
    /// object. Read-only after parsing. Command payloads are rare, so values are plain objects (allocated per command).
    /// </summary>
    public sealed class JsonValue
    {
        internal JsonValue(JsonKind kind)
        {
            Kind = kind;
        }

        /// <summary>What the value is.</summary>
        public JsonKind Kind { get; private set; }

        /// <summary>The boolean (Boolean).</summary>
        public bool BooleanValue { get; internal set; }

        /// <summary>The number (Number).</summary>
        public double NumberValue { get; internal set; }

        /// <summary>True when the number was written without a fraction or exponent (Number).</summary>
        public bool IsIntegerLiteral { get; internal set; }

        /// <summary>
        /// The number's token exactly as written in the document (Number), e.g. "37.50": a signature covers the bytes the
        /// signer wrote, not a re-formatting of the double (CommandCanonicalForm).
        /// </summary>
        public string NumberText { get; internal set; }

        /// <summary>The string (String).</summary>
        public string StringValue { get; internal set; }

        /// <summary>Number of array items or object members.</summary>
        public int Count { get; internal set; }

        internal string[] Names;
        internal JsonValue[] Items;

        /// <summary>The item at <paramref name="index"/> of an array, or the value of the member at <paramref name="index"/> of an object.</summary>
        /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, Count).</exception>
        public JsonValue GetItem(int index)
        {
            CheckIndex(index);
            return Items[index];
        }

        /// <summary>The name of the member at <paramref name="index"/> of an object.</summary>
        /// <exception cref="System.ArgumentOutOfRangeException">Not an object, or <paramref name="index"/> is not in [0, Count).</exception>
        public string GetName(int index)
        {
            // The reader's name array has spare slots that were never written (on nanoCLR such a slot is not a reliable
            // null): only the first Count are ever read.
            if (Kind != JsonKind.Object)
            {
                throw new System.ArgumentOutOfRangeException("index", "only an object's members have names");
            }

            CheckIndex(index);
            return Names[index];
        }

        private void CheckIndex(int index)
        {
            if (index < 0 || index >= Count)
            {
                throw new System.ArgumentOutOfRangeException("index", "index must be 0 to Count - 1");
            }
        }

        /// <summary>The member called <paramref name="name"/> of an object, or null (also when this is not an object).</summary>
        public JsonValue Get(string name)
        {
            if (Kind != JsonKind.Object)
            {
                return null;
            }

            for (int i = 0; i < Count; i++)
            {
                if (Names[i] == name)
                {
                    return Items[i];
                }
            }

            return null;
        }

        /// <summary>The JSON type name of a kind, for messages ("string", "number", ...).</summary>
        public static string KindName(JsonKind kind)
        {
            switch (kind)
            {
                case JsonKind.Null: return "null";
                case JsonKind.Boolean: return "boolean";
                case JsonKind.Number: return "number";
                case JsonKind.String: return "string";
                case JsonKind.Array: return "array";
                case JsonKind.Object: return "object";
                default: return "unknown";
            }
        }
    }
}
