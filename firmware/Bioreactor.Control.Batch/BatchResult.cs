namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// The answer to an operator request or a restore: a code (<see cref="BatchResultCode.Accepted"/> or why not) and an
    /// English message for the operator. Refusals are results, never exceptions.
    /// </summary>
    /// <remarks>
    /// An immutable class, not a struct (on nanoCLR every load of a value type copies it onto the heap: docs/architecture.md
    /// rule 3). Results answer operator requests and restores, never the periodic update, so making one is allowed to
    /// allocate.
    /// </remarks>
    public sealed class BatchResult
    {
        private readonly BatchResultCode _code;
        private readonly string _message;
        private readonly long _eventSequence;

        /// <summary>A result with its code, message and the sequence number of the event that recorded it.</summary>
        public BatchResult(BatchResultCode code, string message, long eventSequence)
        {
            _code = code;
            _message = message;
            _eventSequence = eventSequence;
        }

        /// <summary>Accepted, or why the request was refused.</summary>
        public BatchResultCode Code
        {
            get { return _code; }
        }

        /// <summary>What happened or why not, in English (names the rule and the allowed values).</summary>
        public string Message
        {
            get { return _message; }
        }

        /// <summary>Sequence number of the <see cref="BatchEvent"/> that recorded the request (0 if none).</summary>
        public long EventSequence
        {
            get { return _eventSequence; }
        }

        /// <summary>True when the request was carried out.</summary>
        public bool IsAccepted
        {
            get { return _code == BatchResultCode.Accepted; }
        }
    }
}
