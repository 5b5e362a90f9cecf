using System;
using System.CommandLine;
using System.IO;
using Bioreactor.Cli.Mqtt;
using Bioreactor.Cli.Operators;
using Bioreactor.Cli.Records;

namespace Bioreactor.Cli;

/// <summary>
/// The <c>bioreactor</c> command. Each command group lives in its own file and is added to the root here:
/// <c>record</c> (Records/RecordCommand.cs: list and pull over MQTT, verify, export, plot, report on files), and the groups
/// that talk to devices over MQTT (Mqtt/: status, watch, batch, setpoint, alarm, note), which share the connection options
/// of Mqtt/ConnectionOptions.cs, and <c>operators</c> (Operators/: add and list on an operator directory file).
/// </summary>
public static class Program
{
    /// <summary>Runs the command line with the console's writers (prompts, live views and progress bars when at a terminal).</summary>
    public static int Main(string[] args)
    {
        bool interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var console = new CliConsole(Console.Out, Console.Error, interactive, Environment.GetEnvironmentVariable, ConnectionOptions.DefaultConfigPath());
        return Run(args, console);
    }

    /// <summary>
    /// Runs the command line, writing to <paramref name="output"/> and <paramref name="error"/>, without prompts (a reason
    /// the device requires must be given as an option). Returns the exit code (<see cref="ExitCodes"/>).
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, new CliConsole(output ?? TextWriter.Null, error ?? TextWriter.Null));

    /// <summary>Runs the command line on a given console (tests give their own environment, config file and prompt answers).</summary>
    internal static int Run(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
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
        var root = new RootCommand("Client for the rocking-bag bioreactor: watch and command devices over MQTT, pull their batch records, "
            + "and verify, export, plot and report records.");
        root.Subcommands.Add(StatusCommand.Create(console));
        root.Subcommands.Add(WatchCommand.Create(console));
        root.Subcommands.Add(BatchCommand.Create(console));
        root.Subcommands.Add(SetPointCommand.Create(console));
        root.Subcommands.Add(AlarmCommand.Create(console));
        root.Subcommands.Add(NoteCommand.Create(console));
        root.Subcommands.Add(UnlockCommand.Create(console));
        root.Subcommands.Add(RecordCommand.Create(console));
        root.Subcommands.Add(OperatorsCommand.Create(console));
        return root;
    }
}
