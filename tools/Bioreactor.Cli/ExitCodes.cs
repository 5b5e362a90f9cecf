namespace Bioreactor.Cli;

/// <summary>The process exit codes of every command (scripts test them).</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>record verify</c>: the record is intact.</summary>
    public const int Success = 0;

    /// <summary>The command ran and the answer is negative: the record failed verification.</summary>
    public const int Failure = 1;

    /// <summary>The command could not run: bad arguments, an unreadable input or an unwritable output.</summary>
    public const int UsageOrIo = 2;
}
