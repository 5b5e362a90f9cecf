using System;
using System.CommandLine;
using System.Text.Json.Nodes;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// What the commands that act on a device share: the <c>--reason</c> option, reason prompts, and sending one command and
/// reporting the device's answer (exit code 0 accepted, 1 refused, 2 usage or connection, 3 no answer).
/// </summary>
internal static class DeviceCommand
{
    /// <summary>The --reason option; <paramref name="required"/> says whether the device requires one for this command.</summary>
    public static Option<string> ReasonOption(bool required) => new("--reason")
    {
        Description = required
            ? "Why (required by the device; asked for at a terminal when not given): " + TextRules.TextRule
            : "Why (optional): " + TextRules.TextRule,
        HelpName = "text",
    };

    /// <summary>
    /// The reason to send: the one given; else, when the device requires one, asked for at a terminal or an error when no one
    /// can be asked; else null.
    /// </summary>
    /// <exception cref="CliException">Required and not given without a terminal, or not a valid text.</exception>
    public static string Reason(CliConsole console, string given, bool required, string what)
    {
        string reason = string.IsNullOrWhiteSpace(given) ? null : given;
        if (reason == null && required)
        {
            if (!console.Interactive)
            {
                throw new CliException($"{what} needs a reason: give --reason \"<text>\" (the device records it in the audit trail)");
            }

            while (reason == null)
            {
                string answer = console.Ask($"Reason for {what} (recorded in the audit trail):");
                reason = string.IsNullOrWhiteSpace(answer) ? null : answer.Trim();
                if (reason != null && !TextRules.IsText(reason, false))
                {
                    console.Error.WriteLine("a reason is " + TextRules.TextRule);
                    reason = null;
                }

                if (reason == null && console.PromptAnswer != null)
                {
                    throw new CliException($"{what} needs a reason");
                }
            }
        }

        CheckText(reason, "--reason");
        return reason;
    }

    /// <summary>Checks an operator text against the device's rule (so a bad one is refused before connecting).</summary>
    /// <exception cref="CliException">Not <see cref="TextRules.TextRule"/>.</exception>
    public static void CheckText(string text, string option)
    {
        if (text != null && !TextRules.IsText(text, false))
        {
            throw new CliException($"{option}: {TextRules.TextRule}");
        }
    }

    /// <summary>
    /// Connects, sends one command to the device, signed as the operator (docs/mqtt-protocol.md, "Signed commands"), and
    /// reports its answer; returns the exit code.
    /// </summary>
    public static int Send(CliConsole console, ConnectionSettings settings, string command, JsonObject fields, string meaning = null)
    {
        settings.RequireIdentity();
        using DeviceConnection connection = DeviceConnection.Open(settings);
        connection.Signer = new OperatorSigner(console, settings);
        string device = connection.ResolveDevice();
        DeviceResponse response = connection.Send(device, command, fields, meaning);
        return response.Report(console);
    }

    /// <summary>Adds a text member when it is not null.</summary>
    public static JsonObject With(this JsonObject fields, string name, string value)
    {
        if (value != null)
        {
            fields[name] = value;
        }

        return fields;
    }
}
