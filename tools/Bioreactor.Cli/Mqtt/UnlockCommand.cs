using System.CommandLine;
using System.Text.Json.Nodes;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// <c>unlock &lt;operator&gt;</c>: lift an operator's lockout after consecutive bad signatures (administrators; signed
/// "approved"; docs/mqtt-protocol.md, "Signed commands").
/// </summary>
internal static class UnlockCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("unlock", "Lift an operator's lockout after consecutive bad signatures (administrators; recorded with your signature).");
        var locked = new Argument<string>("operator") { Description = "The operator id to unlock" };
        Option<string> reason = DeviceCommand.ReasonOption(required: false);
        command.Arguments.Add(locked);
        command.Options.Add(reason);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string id = parse.GetValue(locked);
            if (!TextRules.IsIdentifier(id))
            {
                throw new CliException("the operator id must be " + TextRules.IdentifierRule);
            }

            string why = DeviceCommand.Reason(console, parse.GetValue(reason), false, "unlock");
            ConnectionSettings settings = connection.Resolve(parse, console);
            return DeviceCommand.Send(console, settings, "unlock", new JsonObject { ["lockedOperator"] = id }.With("reason", why));
        }));
        return command;
    }
}
