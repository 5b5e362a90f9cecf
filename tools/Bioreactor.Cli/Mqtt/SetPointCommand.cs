using System;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Bioreactor.Cli.Mqtt;

/// <summary><c>setpoint &lt;variable&gt; &lt;value&gt;</c>: change a set point of the running batch, within the phase's operator limits.</summary>
internal static class SetPointCommand
{
    /// <summary>The variables, as the protocol names them, and the short names accepted here.</summary>
    internal static readonly (string Name, string Alias, string Unit)[] Variables =
    {
        ("temperatureCelsius", "temperature", "°C"),
        ("co2Percent", "co2", "%"),
        ("rockingRateRpm", "rate", "rpm"),
        ("rockingAmplitudeDegrees", "amplitude", "°"),
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("setpoint", "Change a set point of the running batch (within the phase's operator limits); a reason is required.");
        var variable = new Argument<string>("variable")
        {
            Description = "temperatureCelsius (temperature), co2Percent (co2), rockingRateRpm (rate) or rockingAmplitudeDegrees (amplitude)",
        };
        var value = new Argument<string>("value") { Description = "The new value in the variable's unit (°C, %, rpm, degrees); '.' as decimal point" };
        Option<string> reason = DeviceCommand.ReasonOption(required: true);
        command.Arguments.Add(variable);
        command.Arguments.Add(value);
        command.Options.Add(reason);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            string name = ResolveVariable(parse.GetValue(variable));
            string text = parse.GetValue(value);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
            {
                throw new CliException($"value '{text}' is not a number (use '.' as the decimal point)");
            }

            string why = DeviceCommand.Reason(console, parse.GetValue(reason), true, "setpoint " + name);
            ConnectionSettings settings = connection.Resolve(parse, console);
            var fields = new JsonObject { ["variable"] = name, ["value"] = number }.With("reason", why);
            return DeviceCommand.Send(console, settings, "setpoint", fields);
        }));
        return command;
    }

    private static string ResolveVariable(string given)
    {
        foreach (var v in Variables)
        {
            if (string.Equals(given, v.Name, StringComparison.Ordinal) || string.Equals(given, v.Alias, StringComparison.OrdinalIgnoreCase))
            {
                return v.Name;
            }
        }

        throw new CliException($"variable '{given}' is not one of temperatureCelsius, co2Percent, rockingRateRpm, rockingAmplitudeDegrees "
            + "(or temperature, co2, rate, amplitude)");
    }
}
