using System;
using System.CommandLine;
using System.Text.Json.Nodes;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// What the commands that act on a device share: the <c>--reason</c> option, reason prompts, and sending one command and
/// reporting the device's answer (exit code 0 accepted, 1 refused, 2 usage or connection, 3 no answer).
/// </summary>
internal static class DeviceCommand
{
    /// <summary>Longest reason or text the device accepts, characters (docs/mqtt-protocol.md: 1–200 on one line).</summary>
    public const int MaximumTextLength = 200;

    /// <summary>The --reason option; <paramref name="required"/> says whether the device requires one for this command.</summary>
    public static Option<string> ReasonOption(bool required) => new("--reason")
    {
        Description = required
            ? "Why (required by the device; asked for at a terminal when not given): 1-200 characters on one line"
            : "Why (optional): 1-200 characters on one line",
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
                if (reason != null && !IsText(reason))
                {
                    console.Error.WriteLine($"a reason is 1-{MaximumTextLength} characters on one line");
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
    /// <exception cref="CliException">Longer than 200 characters, or with a control character (a line break, a tab).</exception>
    public static void CheckText(string text, string option)
    {
        if (text != null && !IsText(text))
        {
            throw new CliException($"{option}: 1-{MaximumTextLength} characters on one line without control characters");
        }
    }

    /// <summary>Connects, sends one command to the device and reports its answer; returns the exit code.</summary>
    public static int Send(CliConsole console, ConnectionSettings settings, string command, JsonObject fields)
    {
        settings.RequireIdentity();
        using DeviceConnection connection = DeviceConnection.Open(settings);
        string device = connection.ResolveDevice();
        DeviceResponse response = connection.Send(device, command, fields);
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

    private static bool IsText(string text)
    {
        if (text.Length == 0 || text.Length > MaximumTextLength)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
