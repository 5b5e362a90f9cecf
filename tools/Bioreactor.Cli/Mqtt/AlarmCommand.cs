using System.CommandLine;
using System.Text.Json.Nodes;

namespace Bioreactor.Cli.Mqtt;

/// <summary><c>alarm ack &lt;code&gt;</c>: acknowledge an alarm by its code (e.g. door_open); the device records who did.</summary>
internal static class AlarmCommand
{
    public static Command Create(CliConsole console)
    {
        var alarm = new Command("alarm", "Work with a device's alarms.");
        var ack = new Command("ack", "Acknowledge an alarm (ISA-18.2): the device records the operator and the time.");
        var code = new Argument<string>("code") { Description = "The alarm's code, as status and watch show it (e.g. door_open, liquid_over_temperature)" };
        Option<string> reason = DeviceCommand.ReasonOption(required: false);
        ack.Arguments.Add(code);
        ack.Options.Add(reason);
        ConnectionOptions connection = ConnectionOptions.AddTo(ack);
        ack.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string why = DeviceCommand.Reason(console, parse.GetValue(reason), false, "alarm ack");
            ConnectionSettings settings = connection.Resolve(parse, console);
            return DeviceCommand.Send(console, settings, "ack", new JsonObject { ["alarm"] = parse.GetValue(code) }.With("reason", why));
        }));
        alarm.Subcommands.Add(ack);
        return alarm;
    }
}
