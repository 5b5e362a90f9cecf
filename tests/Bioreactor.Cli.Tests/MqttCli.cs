using System;
using System.Collections.Generic;
using System.IO;

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

    /// <summary>Runs a command with --broker and the technician's identity given as options.</summary>
    public static CliRunner.Result AsTechnician(string broker, params string[] args) =>
        Run(null, null, null, With(args, "--broker", broker, "--operator", Technician, "--role", "technician", "--timeout", "5"));

    /// <summary>Runs a command with --broker and QA's identity given as options.</summary>
    public static CliRunner.Result AsQa(string broker, params string[] args) =>
        Run(null, null, null, With(args, "--broker", broker, "--operator", Qa, "--role", "qa", "--timeout", "5"));

    public static string[] With(string[] args, params string[] more)
    {
        var all = new List<string>(args);
        all.AddRange(more);
        return all.ToArray();
    }
}
