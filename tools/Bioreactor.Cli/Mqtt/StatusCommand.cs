using System.Collections.Generic;
using System.CommandLine;
using System.Text.Json.Nodes;
using System.Threading;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// <c>status</c>: one look at one device (--device) or every device on the broker: connection, batch, state, phase, each
/// loop's measured value, set point and output, alarms, record and link counters. With an operator id and role it asks each
/// online device (the <c>status</c> command, so telemetry is current); without, it shows the retained state only.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("status", "Show one device's (--device) or every device's connection, batch, state, phase, loops and alarms.");
        var json = new Option<bool>("--json") { Description = "Print each device's status answer as the device sent it (one JSON object per line)" };
        command.Options.Add(json);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            ConnectionSettings settings = connection.Resolve(parse, console);
            using DeviceConnection link = DeviceConnection.Open(settings);
            var board = new DeviceBoard(settings.Device);
            link.Received = board.Apply;
            link.Listen(settings.Device);
            link.AwaitRetained();
            List<string> devices = board.Devices();
            if (devices.Count == 0)
            {
                throw new CliException($"no device seen on {settings.Endpoint} (no retained bioreactor/<id>/availability or state): check the broker, or give --device <id>");
            }

            int exit = ExitCodes.Success;
            var unanswered = new List<string>();
            foreach (string device in devices)
            {
                string availability = board.Read(device, v => v.Availability);
                if (availability == "offline")
                {
                    continue;
                }

                try
                {
                    DeviceResponse response = link.Send(device, "status", new JsonObject());
                    if (!response.Ok)
                    {
                        response.ReportRefusal(console);
                        exit = ExitCodes.Failure;
                        continue;
                    }

                    board.Apply(response);
                    if (parse.GetValue(json))
                    {
                        console.Output.WriteLine(response.Text);
                    }
                }
                catch (CliTimeoutException e)
                {
                    if (devices.Count == 1)
                    {
                        throw;
                    }

                    console.Error.WriteLine("error: " + e.Message);
                    unanswered.Add(device);
                }
            }

            if (!parse.GetValue(json))
            {
                bool first = true;
                foreach (string device in devices)
                {
                    if (!first)
                    {
                        console.Output.WriteLine();
                    }

                    first = false;
                    board.Read(device, v =>
                    {
                        v.WriteDetails(console.Output);
                        return 0;
                    });
                }
            }

            return unanswered.Count > 0 && exit == ExitCodes.Success ? ExitCodes.Timeout : exit;
        }));
        return command;
    }
}
