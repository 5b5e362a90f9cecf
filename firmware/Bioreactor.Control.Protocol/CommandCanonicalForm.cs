using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// The bytes an operator's signature covers (docs/mqtt-protocol.md, "Signed commands"): the device, its session, the
    /// command's name and every field of the command but the signature, so that a signature is bound to this one command
    /// on this one device in this one session (21 CFR 11.70) and a change of any byte breaks it. The device and every
    /// client build them with this class from the parsed command, so both sides agree by construction.
    /// </summary>
    /// <remarks>
    /// Form 1, UTF-8:
    /// <code>
    ///   bioreactor-command/1\n
    ///   device=&lt;n&gt;:&lt;device id&gt;\n
    ///   session=&lt;n&gt;:&lt;the device's session nonce&gt;\n
    ///   command=&lt;n&gt;:&lt;command name&gt;\n
    ///   &lt;field&gt;=&lt;n&gt;:&lt;value&gt;\n      every member but "signature", in ordinal order of the names
    /// </code>
    /// &lt;n&gt; is the value's length in UTF-8 bytes (decimal), so a value may hold any character, a line break included
    /// (a recipe's text), without ambiguity. A string's value is its decoded text (JSON escapes resolved); a number's is
    /// its token exactly as written. A member of another type (true, null, an object) has no canonical form: no command
    /// has one, and such a command is refused before its signature is checked.
    /// </remarks>
    public sealed class CommandCanonicalForm
    {
        /// <summary>The first line, naming the form.</summary>
        public const string FormName = "bioreactor-command/1";

        /// <summary>The member that carries the signature, the one member not covered.</summary>
        public const string SignatureField = "signature";

        private readonly byte[] _buffer;
        private readonly int[] _order = new int[64];
        private int _length;
        private bool _overflow;

        /// <summary>A builder whose canonical bytes may take up to <paramref name="capacityBytes"/> bytes.</summary>
        public CommandCanonicalForm(int capacityBytes)
        {
            _buffer = new byte[capacityBytes];
        }

        /// <summary>The canonical bytes of the last <see cref="Build"/> (the first <see cref="Length"/> bytes).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>The length of the last canonical bytes.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>
        /// Builds the canonical bytes of <paramref name="command"/> (a parsed command object) sent to
        /// <paramref name="commandName"/> of <paramref name="deviceId"/> in session <paramref name="session"/>. False when a
        /// member is neither a string nor a number, the object has more than 64 members, or the bytes exceed the capacity.
        /// </summary>
        public bool Build(string deviceId, string session, string commandName, JsonValue command)
        {
            _length = 0;
            _overflow = false;
            if (command == null || command.Kind != JsonKind.Object || command.Count > _order.Length)
            {
                return false;
            }

            AppendAscii(FormName);
            AppendByte((byte)'\n');
            AppendItem("device", deviceId);
            AppendItem("session", session);
            AppendItem("command", commandName);

            // Insertion sort of the member indexes by name (at most 64 members; commands have a dozen).
            int count = 0;
            for (int i = 0; i < command.Count; i++)
            {
                string name = command.GetName(i);
                if (name == SignatureField)
                {
                    continue;
                }

                int at = count;
                while (at > 0 && CompareOrdinal(command.GetName(_order[at - 1]), name) > 0)
                {
                    _order[at] = _order[at - 1];
                    at--;
                }

                _order[at] = i;
                count++;
            }

            for (int k = 0; k < count; k++)
            {
                JsonValue value = command.GetItem(_order[k]);
                string name = command.GetName(_order[k]);
                if (value.Kind == JsonKind.String)
                {
                    AppendItem(name, value.StringValue);
                }
                else if (value.Kind == JsonKind.Number)
                {
                    AppendItem(name, value.NumberText);
                }
                else
                {
                    return false;
                }
            }

            return !_overflow;
        }

        // UTF-16 code-unit order, the same as .NET's string.CompareOrdinal (the names the protocol allows are ASCII).
        private static int CompareOrdinal(string a, string b)
        {
            int n = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < n; i++)
            {
                if (a[i] != b[i])
                {
                    return a[i] - b[i];
                }
            }

            return a.Length - b.Length;
        }

        private void AppendItem(string name, string value)
        {
            AppendAscii(name);
            AppendByte((byte)'=');
            AppendAscii(InvariantNumber.FormatInteger(Utf8Text.GetByteCount(value)));
            AppendByte((byte)':');
            bool truncated;
            int room = _buffer.Length - _length;
            int written = Utf8Text.Encode(value, _buffer, _length, room, out truncated);
            _length += written;
            if (truncated)
            {
                _overflow = true;
            }

            AppendByte((byte)'\n');
        }

        // Names, the form's line and lengths: ASCII by the protocol's rules.
        private void AppendAscii(string text)
        {
            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                AppendByte((byte)(chars[i] & 0x7F));
            }
        }

        private void AppendByte(byte b)
        {
            if (_length == _buffer.Length)
            {
                _overflow = true;
                return;
            }

            _buffer[_length++] = b;
        }
    }
}
