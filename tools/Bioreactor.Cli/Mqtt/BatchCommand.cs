using System.CommandLine;
using System.IO;
using System.Text.Json.Nodes;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// <c>batch start|hold|resume|abort|clear|confirm</c>: the ISA-88 batch commands sent to a device. The device checks the
/// operator's role, the batch state and the reason, and answers; refusals are shown as it stated them.
/// </summary>
internal static class BatchCommand
{
    public static Command Create(CliConsole console)
    {
        var batch = new Command("batch", "Start, hold, resume, abort, clear (release) or confirm the batch on a device.");
        batch.Subcommands.Add(Start(console));
        batch.Subcommands.Add(Simple(console, "hold", "Hold the running batch: the recipe waits, set points and rocking are kept.", reasonRequired: true));
        batch.Subcommands.Add(Simple(console, "resume", "Resume a held batch.", reasonRequired: false));
        batch.Subcommands.Add(Simple(console, "abort", "Abort the batch (cannot be undone).", reasonRequired: true));
        batch.Subcommands.Add(Simple(console, "clear", "Release a complete or aborted batch after review (QA): closes its record; the reason is the disposition.", reasonRequired: true));
        batch.Subcommands.Add(Confirm(console));
        return batch;
    }

    private static Command Start(CliConsole console)
    {
        var command = new Command("start", "Start a batch with a recipe file; the batch id names its record.");
        var recipe = new Option<string>("--recipe") { Description = "The recipe file (recipes/*.recipe format)", Required = true, HelpName = "file" };
        var batchId = new Option<string>("--batch-id") { Description = "The batch id (1-32 characters of A-Z a-z 0-9 . _ -); the record's name", Required = true, HelpName = "id" };
        Option<string> reason = DeviceCommand.ReasonOption(required: false);
        command.Options.Add(recipe);
        command.Options.Add(batchId);
        command.Options.Add(reason);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string path = parse.GetValue(recipe);
            if (!File.Exists(path))
            {
                throw new CliException("recipe file not found: " + path);
            }

            string text = File.ReadAllText(path);
            string why = DeviceCommand.Reason(console, parse.GetValue(reason), false, "start");
            ConnectionSettings settings = connection.Resolve(parse, console);
            var fields = new JsonObject { ["batchId"] = parse.GetValue(batchId), ["recipe"] = text }.With("reason", why);
            return DeviceCommand.Send(console, settings, "start", fields);
        }));
        return command;
    }

    private static Command Simple(CliConsole console, string name, string description, bool reasonRequired)
    {
        var command = new Command(name, description);
        Option<string> reason = DeviceCommand.ReasonOption(reasonRequired);
        command.Options.Add(reason);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string why = DeviceCommand.Reason(console, parse.GetValue(reason), reasonRequired, "batch " + name);
            ConnectionSettings settings = connection.Resolve(parse, console);
            return DeviceCommand.Send(console, settings, name, new JsonObject().With("reason", why));
        }));
        return command;
    }

    private static Command Confirm(CliConsole console)
    {
        var command = new Command("confirm", "Confirm the phase that waits for an operator (e.g. the harvest), ending it.");
        var text = new Option<string>("--text") { Description = "What was confirmed (recorded), 1-200 characters on one line", HelpName = "text" };
        Option<string> reason = DeviceCommand.ReasonOption(required: false);
        command.Options.Add(text);
        command.Options.Add(reason);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string what = parse.GetValue(text);
            DeviceCommand.CheckText(what, "--text");
            string why = DeviceCommand.Reason(console, parse.GetValue(reason), false, "batch confirm");
            ConnectionSettings settings = connection.Resolve(parse, console);
            return DeviceCommand.Send(console, settings, "confirm", new JsonObject().With("text", what).With("reason", why));
        }));
        return command;
    }
}
