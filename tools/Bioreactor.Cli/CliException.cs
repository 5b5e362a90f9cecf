using System;

namespace Bioreactor.Cli;

/// <summary>
/// A problem with the arguments, the files or the broker connection a command was given: reported as "error: …", exit
/// code 2.
/// </summary>
internal class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The device did not answer in time: reported as "error: …", exit code 3.</summary>
internal sealed class CliTimeoutException : CliException
{
    public CliTimeoutException(string message)
        : base(message)
    {
    }
}
