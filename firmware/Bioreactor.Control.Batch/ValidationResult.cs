using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// The outcome of checking a recipe or a configuration text: valid, or the first problem with the field it concerns
    /// (as written in the file, e.g. "phases[2].temperatureCelsius"), an English message naming the field and the
    /// allowed range, and the line of the file (0 when the object was not read from a file or the line is unknown).
    /// </summary>
    public sealed class ValidationResult
    {
        /// <summary>The result of a valid check (shared, immutable).</summary>
        public static readonly ValidationResult Valid = new ValidationResult(null, null, 0);

        /// <summary>A problem: the field (may be null for a syntax error), the message, the 1-based line or 0.</summary>
        public ValidationResult(string field, string message, int lineNumber)
        {
            Field = field;
            Message = message;
            LineNumber = lineNumber;
        }

        /// <summary>True when no problem was found.</summary>
        public bool IsValid
        {
            get { return Message == null; }
        }

        /// <summary>The field concerned, as named in the file format; null when valid or for a pure syntax error.</summary>
        public string Field { get; }

        /// <summary>What is wrong and what is allowed, in English; null when valid.</summary>
        public string Message { get; }

        /// <summary>The 1-based line of the file the problem is on; 0 when unknown or not from a file.</summary>
        public int LineNumber { get; }

        /// <summary>"line N: message", or the message alone when the line is unknown; "valid" when valid.</summary>
        public string Text
        {
            get
            {
                if (Message == null)
                {
                    return "valid";
                }

                return LineNumber > 0 ? "line " + InvariantNumber.FormatInteger(LineNumber) + ": " + Message : Message;
            }
        }

        /// <summary>The same problem, placed on a line of a file.</summary>
        public ValidationResult AtLine(int lineNumber)
        {
            return new ValidationResult(Field, Message, lineNumber);
        }
    }
}
