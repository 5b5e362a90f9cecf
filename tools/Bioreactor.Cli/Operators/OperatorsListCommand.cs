using System.CommandLine;
using System.Globalization;
using Bioreactor.Control.Batch;
using Spectre.Console;

namespace Bioreactor.Cli.Operators;

/// <summary>
/// <c>operators list --file F</c>: the operators of a directory file, their roles and printed names, and whether each has
/// a credential (and so can sign). Never prints a salt or verifier.
/// </summary>
internal static class OperatorsListCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("list", "List the operators of a directory file: id, role, printed name and whether they have a credential (never the verifier).");
        Option<string> file = OperatorsCommand.FileOption("The operator directory file (a board's configuration file or a file with only the [operators] section)");
        command.Options.Add(file);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string path = parse.GetValue(file);
            OperatorDirectory directory = OperatorFile.Load(path, mayBeMissing: false).ReadDirectory();
            if (directory == null)
            {
                throw new CliException(path + " has no [operators] section");
            }

            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("id");
            table.AddColumn("role");
            table.AddColumn("printed name");
            table.AddColumn("credential");
            for (int i = 0; i < directory.Count; i++)
            {
                string id = directory.GetOperatorId(i);
                OperatorCredential credential = directory.GetCredential(id);
                table.AddRow(
                    new Text(id),
                    new Text(BatchNames.RoleName(directory.GetRoleAt(i))),
                    new Text(directory.GetPrintedName(id) ?? "-"),
                    new Text(credential == null
                        ? "none (cannot sign)"
                        : "yes (" + OperatorCredential.Scheme + ", " + credential.Iterations.ToString(CultureInfo.InvariantCulture) + " iterations)"));
            }

            console.Output.WriteLine("operators in " + path + ": " + directory.Count.ToString(CultureInfo.InvariantCulture));
            console.Ansi.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }
}
