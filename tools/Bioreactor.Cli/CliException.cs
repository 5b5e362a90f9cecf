using System;

namespace Bioreactor.Cli;

/// <summary>A problem with the arguments or the files a command was given: reported as "error: …", exit code 2.</summary>
internal sealed class CliException : Exception
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
