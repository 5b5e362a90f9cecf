using System.IO;

namespace Bioreactor.Cli;

/// <summary>Where commands write: normal output and errors (the console, or writers a test supplies).</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }
}
