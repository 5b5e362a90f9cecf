using System.CommandLine;

namespace Bioreactor.Cli.Records;

/// <summary><c>record plot &lt;file&gt; --out &lt;folder&gt;</c>: PNG trends of temperature, CO2 and rocking.</summary>
internal static class RecordPlotCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("plot", "Plot a record's temperature, CO2 and rocking trends as PNG files, with alarm periods and phase starts marked.");
        Argument<string> file = RecordCommand.FileArgument();
        command.Arguments.Add(file);
        var output = new Option<string>("--out") { Description = "Folder to write temperature.png, co2.png and rocking.png into (created if missing)", Required = true, HelpName = "folder" };
        command.Options.Add(output);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            BatchRecord record = BatchRecord.Load(parse.GetValue(file));
            foreach (string path in TrendPlotter.Write(new BatchAnalysis(record), parse.GetValue(output)))
            {
                console.Output.WriteLine("wrote " + System.IO.Path.GetFullPath(path));
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
