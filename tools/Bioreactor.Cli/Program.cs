using System;
using System.CommandLine;
using System.IO;
using Bioreactor.Cli.Records;

namespace Bioreactor.Cli;

/// <summary>
/// The <c>bioreactor</c> command. Each command group lives in its own file and is added to the root here:
/// <c>record</c> (Records/RecordCommand.cs) works on record files. The groups that talk to devices over MQTT
/// (status, watch, batch, alarm, note, and record list|pull) are added the same way, one file per group, sharing
/// connection options defined in one file of their own.
/// </summary>
public static class Program
{
    /// <summary>Runs the command line with the console's writers.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs the command line, writing to <paramref name="output"/> and <paramref name="error"/>. Returns the exit code:
    /// <see cref="ExitCodes.Success"/>, <see cref="ExitCodes.Failure"/> (e.g. a record that fails verification) or
    /// <see cref="ExitCodes.UsageOrIo"/> (bad arguments, unreadable or unwritable files).
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var console = new CliConsole(output ?? TextWriter.Null, error ?? TextWriter.Null);
        RootCommand root = CreateRootCommand(console);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError parseError in parse.Errors)
            {
                console.Error.WriteLine("error: " + parseError.Message);
            }

            console.Error.WriteLine("Run 'bioreactor --help' for usage.");
            return ExitCodes.UsageOrIo;
        }

        return parse.Invoke(new InvocationConfiguration { Output = console.Output, Error = console.Error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>The root command with every command group.</summary>
    internal static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("Client for the rocking-bag bioreactor: verify, export, plot and report batch records.");
        root.Subcommands.Add(RecordCommand.Create(console));
        return root;
    }
}
