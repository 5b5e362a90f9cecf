using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bioreactor.Cli.Mqtt;
using Spectre.Console;

namespace Bioreactor.Cli.Records;

/// <summary><c>record list</c>: the records on a device, their lengths and which one is being written.</summary>
internal static class RecordListCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("list", "List the batch records on a device (over MQTT): name, length, open or closed.");
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            ConnectionSettings settings = connection.Resolve(parse, console);
            using DeviceConnection link = DeviceConnection.Open(settings);
            string device = link.ResolveDevice();
            DeviceResponse response = link.Send(device, "records", new JsonObject());
            if (!response.Ok)
            {
                response.ReportRefusal(console);
                return ExitCodes.Failure;
            }

            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("record");
            table.AddColumn(new TableColumn("bytes").RightAligned());
            table.AddColumn("state");
            int count = 0;
            if (response.Root.TryGetProperty("records", out JsonElement records) && records.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement record in records.EnumerateArray())
                {
                    bool open = record.TryGetProperty("open", out JsonElement o) && o.ValueKind == JsonValueKind.True;
                    table.AddRow(
                        new Text(DeviceResponse.StringOf(record, "name") ?? "?"),
                        new Text(DeviceResponse.IntegerOf(record, "length")?.ToString(CultureInfo.InvariantCulture) ?? "?"),
                        new Text(open ? "open (being written)" : "closed"));
                    count++;
                }
            }

            console.Output.WriteLine($"records on {device}: {count.ToString(CultureInfo.InvariantCulture)}");
            if (count > 0)
            {
                console.Ansi.Write(table);
            }

            if (response.Root.TryGetProperty("truncated", out JsonElement truncated) && truncated.ValueKind == JsonValueKind.True)
            {
                console.Output.WriteLine("(the list is cut short: the device's answer has room for no more)");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
