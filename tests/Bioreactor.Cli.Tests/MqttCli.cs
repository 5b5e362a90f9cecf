using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Pipes;
using System.Text;
using Bioreactor.Simulator;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// Runs the bioreactor command in-process against a broker, with an environment and config file of the test's own (never
/// the machine's), optionally as if at a terminal with scripted prompt answers.
/// </summary>
internal static class MqttCli
{
    public const string Technician = "tech.sim";
    public const string Qa = "qa.sim";

    /// <summary>Runs <paramref name="args"/> with the given environment variables (none by default).</summary>
    public static CliRunner.Result Run(IDictionary<string, string> environment, string configFile, Func<string, string> promptAnswer, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, interactive: promptAnswer != null,
            name => environment != null && environment.TryGetValue(name, out string value) ? value : null, configFile)
        {
            PromptAnswer = promptAnswer,
        };
        int exit = Program.Run(args, console);
        return new CliRunner.Result(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs a command with --broker and the technician's identity, signing with the simulator's demonstration password.</summary>
    public static CliRunner.Result AsTechnician(string broker, params string[] args) => AsOperator(broker, Technician, args);

    /// <summary>Runs a command with --broker and QA's identity, signing with the simulator's demonstration password.</summary>
    public static CliRunner.Result AsQa(string broker, params string[] args) => AsOperator(broker, Qa, args);

    /// <summary>
    /// Runs a command as <paramref name="operatorId"/> with <paramref name="password"/> (default: the simulator's demonstration
    /// password of that operator) on a pipe given as --password-fd, as a script would.
    /// </summary>
    public static CliRunner.Result AsOperator(string broker, string operatorId, string[] args, string password = null)
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        byte[] line = Encoding.UTF8.GetBytes((password ?? SimulatorOperators.PasswordOf(operatorId)) + "\n");
        pipe.Write(line, 0, line.Length);
        pipe.Flush();
        string descriptor = pipe.ClientSafePipeHandle.DangerousGetHandle().ToInt32().ToString(CultureInfo.InvariantCulture);
        return Run(null, null, null, With(args, "--broker", broker, "--operator", operatorId, "--password-fd", descriptor, "--timeout", "5"));
    }

    /// <summary>A prompt answerer for a terminal: the simulator's password of <paramref name="operatorId"/> when asked for one, else <paramref name="other"/>.</summary>
    public static Func<string, string> Terminal(string operatorId, Func<string, string> other) =>
        question => question.StartsWith("Signing password", StringComparison.Ordinal) ? SimulatorOperators.PasswordOf(operatorId) : other(question);

    public static string[] With(string[] args, params string[] more)
    {
        var all = new List<string>(args);
        all.AddRange(more);
        return all.ToArray();
    }
}
