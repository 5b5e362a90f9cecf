using System.CommandLine;
using System.Text.Json.Nodes;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// <c>note &lt;text&gt;</c>: add a note to the batch record's audit trail (technicians and QA), signed as written
/// (performed) or as a review (reviewed) or an approval (approved) of what it says.
/// </summary>
internal static class NoteCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("note", "Add a note to the open batch record (an audit trail entry with your operator id).");
        var text = new Argument<string>("text") { Description = "The note, 1-200 characters on one line (quote it)" };
        Option<string> reason = DeviceCommand.ReasonOption(required: false);
        var meaning = new Option<string>("--meaning")
        {
            Description = "What your signature means: performed (you wrote it; default), reviewed or approved",
            HelpName = "meaning",
            DefaultValueFactory = _ => "performed",
        };
        meaning.AcceptOnlyFromAmong("performed", "reviewed", "approved");
        command.Arguments.Add(text);
        command.Options.Add(reason);
        command.Options.Add(meaning);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string note = parse.GetValue(text);
            DeviceCommand.CheckText(note, "the note");
            string why = DeviceCommand.Reason(console, parse.GetValue(reason), false, "note");
            ConnectionSettings settings = connection.Resolve(parse, console);
            return DeviceCommand.Send(console, settings, "note", new JsonObject { ["text"] = note }.With("reason", why), parse.GetValue(meaning));
        }));
        return command;
    }
}
