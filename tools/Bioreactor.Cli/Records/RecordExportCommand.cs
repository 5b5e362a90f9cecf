using System.CommandLine;
using System.Globalization;
using System.IO;

namespace Bioreactor.Cli.Records;

/// <summary><c>record export &lt;file&gt; --csv &lt;folder&gt;</c>: samples, events, alarms and audit trail as CSV files.</summary>
internal static class RecordExportCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("export", "Export a record's samples, events, alarms and audit trail as CSV files (columns in the tool's README).");
        Argument<string> file = RecordCommand.FileArgument();
        command.Arguments.Add(file);
        var csv = new Option<string>("--csv") { Description = "Folder to write samples.csv, events.csv, alarms.csv and audit.csv into (created if missing)", Required = true, HelpName = "folder" };
        command.Options.Add(csv);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            BatchRecord record = BatchRecord.Load(parse.GetValue(file));
            string folder = parse.GetValue(csv);
            CsvExport.Counts counts = CsvExport.Write(record, folder);
            console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {Path.GetFullPath(folder)}: {CsvExport.SamplesFile} {counts.Samples} rows, {CsvExport.EventsFile} {counts.Events}, {CsvExport.AlarmsFile} {counts.Alarms}, {CsvExport.AuditFile} {counts.Audit}"));
            if (record.Undecodable.Count > 0 || record.SkippedBytes > 0)
            {
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warning: {record.Undecodable.Count} entries did not decode and {record.SkippedBytes} damaged bytes were skipped; run 'record verify'"));
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
