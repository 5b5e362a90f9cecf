namespace Bioreactor.Cli;

/// <summary>The process exit codes of every command (scripts test them; the README lists them).</summary>
public static class ExitCodes
{
    /// <summary>Done: the device accepted the command; for <c>record verify</c> and <c>record pull</c>: the record is intact.</summary>
    public const int Success = 0;

    /// <summary>
    /// The command ran and the answer is negative: the device refused the command (its error code and message are printed),
    /// or the record failed verification.
    /// </summary>
    public const int Failure = 1;

    /// <summary>
    /// The command could not run: bad arguments, a missing reason when no one can be asked, an unreadable input or an
    /// unwritable output, or no connection to the broker (refused, unreachable, bad credentials, TLS failure).
    /// </summary>
    public const int UsageOrIo = 2;

    /// <summary>Connected, but the device did not answer within the timeout (offline, busy, or the command was lost).</summary>
    public const int Timeout = 3;
}
