using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// <c>watch</c>: a live table of one device (--device) or every device, redrawn from the retained availability and
/// state, the telemetry and the events as they arrive: batch, state, phase, each loop's measured value, set point and
/// output, alarms, connection, and the last events. At a terminal the table is redrawn in place until Ctrl+C; otherwise
/// (redirected output, scripts, tests) it is printed once per refresh. --once, --count and --duration end it.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("watch", "Live view of one device (--device) or every device: batch, phase, state, loops, alarms, connection, events. Ctrl+C ends it.");
        var interval = new Option<double>("--interval") { Description = "Seconds between redraws (0.1-60)", DefaultValueFactory = _ => 1, HelpName = "seconds" };
        var count = new Option<int>("--count") { Description = "End after this many redraws", HelpName = "n" };
        var once = new Option<bool>("--once") { Description = "Draw once (after the retained state and a status answer arrived) and end; same as --count 1" };
        var duration = new Option<string>("--duration") { Description = "End after this long, e.g. 30s, 5m, 2h (a number alone is seconds)", HelpName = "time" };
        command.Options.Add(interval);
        command.Options.Add(count);
        command.Options.Add(once);
        command.Options.Add(duration);
        ConnectionOptions connection = ConnectionOptions.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(console, () =>
        {
            double seconds = parse.GetValue(interval);
            if (seconds < 0.1 || seconds > 60)
            {
                throw new CliException("--interval must be 0.1 to 60 seconds");
            }

            int redraws = parse.GetValue(once) ? 1 : parse.GetValue(count);
            if (redraws < 0)
            {
                throw new CliException("--count must be at least 1");
            }

            TimeSpan? limit = parse.GetValue(duration) is { } text ? ParseDuration(text) : null;
            ConnectionSettings settings = connection.Resolve(parse, console);
            return Watch(console, settings, TimeSpan.FromSeconds(seconds), redraws, limit);
        }));
        return command;
    }

    /// <summary>Parses 30, 30s, 5m, 2h or 1d.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        string t = text.Trim();
        double factor = 1;
        if (t.Length > 0 && char.IsLetter(t[^1]))
        {
            factor = char.ToLowerInvariant(t[^1]) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                _ => double.NaN,
            };
            t = t[..^1];
        }

        if (double.IsNaN(factor) || !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value <= 0 || !double.IsFinite(value * factor))
        {
            throw new CliException($"duration '{text}' is not a positive time such as 30s, 5m, 2h");
        }

        return TimeSpan.FromSeconds(value * factor);
    }

    private static int Watch(CliConsole console, ConnectionSettings settings, TimeSpan interval, int redraws, TimeSpan? limit)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        if (console.Interactive)
        {
            Console.CancelKeyPress += onCancel;
        }

        try
        {
            using DeviceConnection link = DeviceConnection.Open(settings);
            var board = new DeviceBoard(settings.Device);
            link.Received = board.Apply;
            link.Listen(settings.Device);
            link.AwaitRetained();

            // One status answer per online device (unsigned) fills the loops at once instead of after a telemetry period.
            Task[] asks = board.Devices().ConvertAll(device => Task.Run(() => AskStatus(link, board, device))).ToArray();

            Task.WaitAll(asks, settings.Timeout);
            var wall = Stopwatch.StartNew();
            int drawn = 0;
            string Footer() => $"{settings.Endpoint}: {board.MessageCount} messages; {DateTime.UtcNow:HH:mm:ss} UTC" +
                               (link.ConnectionLost ? "; CONNECTION LOST" : string.Empty) + (console.Interactive ? "; Ctrl+C ends" : string.Empty);
            bool Done() => cancel.IsCancellationRequested || (redraws > 0 && drawn >= redraws) || (limit is { } l && wall.Elapsed >= l);
            void Pause()
            {
                TimeSpan wait = interval;
                if (limit is { } l && l - wall.Elapsed < wait)
                {
                    wait = l - wall.Elapsed;
                }

                if (wait > TimeSpan.Zero)
                {
                    cancel.Token.WaitHandle.WaitOne(wait);
                }
            }

            // Draws, then waits for the interval, until done (redraws, time limit or Ctrl+C).
            void DrawUntilDone(Action draw)
            {
                while (true)
                {
                    draw();
                    drawn++;
                    if (Done())
                    {
                        break;
                    }

                    Pause();
                    if (cancel.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }

            if (console.Interactive && console.PromptAnswer == null)
            {
                console.Ansi.Live(board.Render(Footer())).AutoClear(false).Start(context => DrawUntilDone(() =>
                {
                    context.UpdateTarget(board.Render(Footer()));
                    context.Refresh();
                }));
            }
            else
            {
                DrawUntilDone(() => console.Ansi.Write(board.Render(Footer())));
            }

            return link.ConnectionLost ? ExitCodes.UsageOrIo : ExitCodes.Success;
        }
        finally
        {
            if (console.Interactive)
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }

    private static void AskStatus(DeviceConnection link, DeviceBoard board, string device)
    {
        if (board.Read(device, v => v.Availability) == "offline")
        {
            return;
        }

        try
        {
            DeviceResponse response = link.Send(device, "status", new JsonObject());
            if (response.Ok)
            {
                board.Apply(response);
            }
        }
        catch (CliException)
        {
            // The live messages fill the view anyway; a missing answer only delays the loops' first values.
        }
    }
}
