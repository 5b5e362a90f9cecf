using System.CommandLine;

namespace Bioreactor.Cli.Operators;

/// <summary>
/// The <c>operators</c> command group: provisioning the device's operator directory file (the [operators] section of a
/// board's configuration file, or a file of that section alone). One file per subcommand.
/// </summary>
internal static class OperatorsCommand
{
    public static Command Create(CliConsole console)
    {
        var operators = new Command("operators", "The device's operator directory file: add an operator with a password-derived credential, list the operators.");
        operators.Subcommands.Add(OperatorsAddCommand.Create(console));
        operators.Subcommands.Add(OperatorsListCommand.Create(console));
        return operators;
    }

    /// <summary>The directory file option both subcommands take.</summary>
    public static Option<string> FileOption(string description) => new("--file")
    {
        Description = description,
        Required = true,
        HelpName = "file",
    };
}
