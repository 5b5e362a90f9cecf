using System.CommandLine;

namespace Bioreactor.Cli.Records;

/// <summary>
/// The <c>record</c> command group: list and pull records from a device over MQTT, and the commands on a record file (taken
/// from the device's SD card, the simulator's records folder, or pulled). One file per subcommand.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(CliConsole console)
    {
        var record = new Command("record", "Batch records: list and pull them from a device over MQTT; verify, export, plot and report a record file.");
        record.Subcommands.Add(RecordListCommand.Create(console));
        record.Subcommands.Add(RecordPullCommand.Create(console));
        record.Subcommands.Add(RecordVerifyCommand.Create(console));
        record.Subcommands.Add(RecordExportCommand.Create(console));
        record.Subcommands.Add(RecordPlotCommand.Create(console));
        record.Subcommands.Add(RecordReportCommand.Create(console));
        return record;
    }

    /// <summary>The record file argument every subcommand takes.</summary>
    public static Argument<string> FileArgument() => new("file")
    {
        Description = "The batch record file (<batch id>.bxr)",
    };
}
