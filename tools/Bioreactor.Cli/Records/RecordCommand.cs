using System.CommandLine;

namespace Bioreactor.Cli.Records;

/// <summary>
/// The <c>record</c> command group: commands on a batch record file (taken from the device's SD card, the simulator's
/// records folder, or pulled over MQTT). One file per subcommand; the MQTT subcommands (list, pull) join here.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(CliConsole console)
    {
        var record = new Command("record", "Work on batch record files: verify, export, plot, report.");
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
