namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// Why a command was refused: the <c>error.code</c> of a response (docs/mqtt-protocol.md lists them with examples).
    /// Numbers are internal; the protocol carries the names of <see cref="ProtocolNames.ErrorCode"/>.
    /// </summary>
    public enum ProtocolError
    {
        /// <summary>No error.</summary>
        None = 0,

        /// <summary>The payload is not a JSON document the reader accepts.</summary>
        InvalidJson = 1,

        /// <summary>The payload exceeds the command size limit.</summary>
        TooLarge = 2,

        /// <summary>A field has the wrong JSON type, or the document is not an object.</summary>
        WrongType = 3,

        /// <summary>A required field is missing.</summary>
        MissingField = 4,

        /// <summary>A field the command does not have.</summary>
        UnknownField = 5,

        /// <summary>A field breaks its rule (identifier, text, allowed names).</summary>
        InvalidValue = 6,

        /// <summary>The command name is unknown.</summary>
        UnknownCommand = 7,

        /// <summary>A value is outside its allowed range (set-point limits of the phase, chunk sizes).</summary>
        OutOfRange = 8,

        /// <summary>The command is not allowed in the current state.</summary>
        WrongState = 9,

        /// <summary>The operator is not in the device's operator directory.</summary>
        UnknownOperator = 10,

        /// <summary>
        /// The signature's meaning is not one the command allows (a release is signed "released"; 21 CFR 11.50).
        /// (11 named a role mismatch before signed commands replaced the role field.)
        /// </summary>
        WrongMeaning = 11,

        /// <summary>The operator's role may not do this.</summary>
        NotPermitted = 12,

        /// <summary>The command id was seen among the last ReplayWindow commands.</summary>
        Replay = 13,

        /// <summary>The response topic is not under bioreactor/&lt;id&gt;/response/.</summary>
        BadReplyTopic = 14,

        /// <summary>Too many commands are waiting.</summary>
        Busy = 15,

        /// <summary>The record does not exist.</summary>
        NotFound = 16,

        /// <summary>The record storage failed.</summary>
        StorageError = 17,

        /// <summary>The recipe text does not parse or validate, or exceeds the device.</summary>
        InvalidRecipe = 18,

        /// <summary>The signature does not verify (wrong password, changed command, malformed, or no credential).</summary>
        BadSignature = 19,

        /// <summary>The operator is locked out after consecutive bad signatures until an administrator unlocks them.</summary>
        LockedOut = 20,
    }
}
