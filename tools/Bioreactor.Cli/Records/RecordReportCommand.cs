using System.CommandLine;
using System.IO;

namespace Bioreactor.Cli.Records;

/// <summary>
/// <c>record report &lt;file&gt; --out report.html</c>: a self-contained HTML batch report. With a key option the report
/// states the verification result; without one it says the record was not verified.
/// </summary>
internal static class RecordReportCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("report", "Write a self-contained, printable HTML batch report (plots embedded); give the key to include the verification result (exit code 1 when it fails).");
        Argument<string> file = RecordCommand.FileArgument();
        command.Arguments.Add(file);
        var output = new Option<string>("--out") { Description = "The HTML file to write", Required = true, HelpName = "report.html" };
        command.Options.Add(output);
        RecordKeyOptions keys = RecordKeyOptions.AddTo(command, file);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            BatchRecord record = BatchRecord.Load(parse.GetValue(file));
            RecordCheck check = keys.IsGiven(parse) ? RecordCheck.Run(record, keys.Resolve(parse, record.Header?.DeviceId), -1) : null;
            string path = parse.GetValue(output);
            string directory = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, HtmlReport.Render(record, new BatchAnalysis(record), check), new System.Text.UTF8Encoding(false));
            console.Output.WriteLine("wrote " + Path.GetFullPath(path));
            console.Output.WriteLine("verification: " + (check == null ? "not verified (no key given)" : check.Summary));
            // Written either way; a record that fails verification still exits 1 so that scripts notice.
            return check != null && !check.Passed ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }
}
