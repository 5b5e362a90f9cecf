using System.CommandLine;

namespace Bioreactor.Simulator;

/// <summary>The <c>bench</c> subcommand: control-performance scenarios against two baselines.</summary>
public static class BenchCommand
{
    /// <summary>Creates the subcommand.</summary>
    public static Command Create(Option<string> plantOption, Option<int> seedOption)
    {
        var command = new Command("bench", "Runs the control-performance scenarios and prints their figures.");
        command.SetAction(_ =>
        {
            System.Console.Error.WriteLine("error: the scenario report is not built yet");
            return 3;
        });
        return command;
    }
}
