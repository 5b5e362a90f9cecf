using System.IO;

namespace Bioreactor.Cli.Tests;

/// <summary>Runs the bioreactor command in-process and captures its output.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}--- error\n{Error}";
    }

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return new Result(exit, output.ToString(), error.ToString());
    }
}
