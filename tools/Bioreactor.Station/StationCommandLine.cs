using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Station.Accounts;
using Bioreactor.Station.Archive;
using Microsoft.AspNetCore.Builder;

namespace Bioreactor.Station;

/// <summary>
/// The station's command line: run the station (the default), or manage its sign-in accounts (<c>accounts add</c>,
/// <c>accounts list</c>, <c>accounts disable</c>). Exit codes: 0 done, 2 bad arguments or an unusable file or database.
/// </summary>
public static class StationCommandLine
{
    /// <summary>The environment variable that may hold the broker password (a command line is visible to other users).</summary>
    public const string BrokerPasswordVariable = "BIOREACTOR_MQTT_PASSWORD";

    private static readonly Option<string> Listen = new("--listen") { Description = "Address the pages are served on", DefaultValueFactory = _ => "http://127.0.0.1:5080", HelpName = "url" };
    private static readonly Option<string> Broker = new("--broker") { Description = "The plant broker, host[:port]", DefaultValueFactory = _ => "127.0.0.1", HelpName = "host:port" };
    private static readonly Option<string> Username = new("--mqtt-username") { Description = "The station's broker user name" };
    private static readonly Option<string> Password = new("--mqtt-password") { Description = $"The station's broker password (prefer {BrokerPasswordVariable})" };
    private static readonly Option<bool> Tls = new("--mqtt-tls") { Description = "Connect to the broker over TLS (port 8883 unless given)" };
    private static readonly Option<string> CaFile = new("--mqtt-ca") { Description = "PEM file of the CA that signed the broker's certificate", HelpName = "path" };
    private static readonly Option<string> Database = new("--database") { Description = "The archive's database: a PostgreSQL connection string (Host=…) or an SQLite one (Data Source=…); default station.db in --data-dir", HelpName = "connection string" };
    private static readonly Option<string> DataDirectory = new("--data-dir") { Description = "Where the default SQLite archive is kept", DefaultValueFactory = _ => "station", HelpName = "path" };
    private static readonly Option<string> RecordKeys = new("--record-keys") { Description = "Directory of record keys, one <device-id>.key (hex) per device", HelpName = "path" };
    private static readonly Option<bool> SimulatorKeys = new("--simulator-keys") { Description = "Accept the simulator's published record keys (never on a plant)" };
    private static readonly Option<int> IdleMinutes = new("--idle-timeout") { Description = "Minutes without input after which a session ends", DefaultValueFactory = _ => 15, HelpName = "minutes" };

    /// <summary>Runs the command line; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("The plant station: a web HMI for technicians and QA over the bioreactors' MQTT protocol, and the batch-record archive.");
        foreach (Option option in new Option[] { Listen, Broker, Username, Password, Tls, CaFile, Database, DataDirectory, RecordKeys, SimulatorKeys, IdleMinutes })
        {
            root.Options.Add(option);
        }

        root.SetAction(parse =>
        {
            StationOptions options = OptionsFrom(parse);
            using WebApplication app = StationProgram.Build(options);
            Console.WriteLine(Review.ReportFonts.Describe());
            app.Run();
            return 0;
        });
        root.Subcommands.Add(AccountsCommand());
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine("error: " + error.Message);
            }

            return 2;
        }

        try
        {
            return result.Invoke();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    /// <summary>The station's options from a parsed command line.</summary>
    public static StationOptions OptionsFrom(ParseResult parse)
    {
        var broker = new MqttBrokerOptions();
        string endpoint = parse.GetValue(Broker);
        broker.SetEndpoint(endpoint);
        broker.UseTls = parse.GetValue(Tls);
        if (broker.UseTls && !endpoint.Contains(':', StringComparison.Ordinal))
        {
            broker.Port = MqttBrokerOptions.DefaultTlsPort;
        }

        broker.Username = parse.GetValue(Username);
        broker.Password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable(BrokerPasswordVariable);
        broker.CaCertificateFile = parse.GetValue(CaFile);
        int idle = parse.GetValue(IdleMinutes);
        if (idle is < 1 or > 24 * 60)
        {
            throw new ArgumentException($"--idle-timeout {idle}: give 1 to 1440 minutes");
        }

        return new StationOptions
        {
            ListenUrl = parse.GetValue(Listen),
            Broker = broker,
            Database = parse.GetValue(Database),
            DataDirectory = parse.GetValue(DataDirectory),
            RecordKeyDirectory = parse.GetValue(RecordKeys),
            SimulatorKeys = parse.GetValue(SimulatorKeys),
            IdleTimeout = TimeSpan.FromMinutes(idle),
        };
    }

    private static Command AccountsCommand()
    {
        var accounts = new Command("accounts", "The station's sign-in accounts (its own; the devices' signing keys are in their operator directories)");
        var id = new Argument<string>("id") { Description = "The account id: the person's operator id on the devices" };
        var name = new Option<string>("--name") { Description = "The person's printed name", Required = true };
        var role = new Option<string>("--role") { Description = "technician, qa, administrator or viewer", Required = true };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input instead of asking twice" };
        var add = new Command("add", "Add an account (the password is asked twice without echo)") { id, name, role, stdin, Database, DataDirectory };
        add.SetAction(parse =>
        {
            string roleWord = parse.GetValue(role);
            if (!StationAuthentication.Roles.Contains(roleWord))
            {
                throw new ArgumentException($"role '{roleWord}': give one of {string.Join(", ", StationAuthentication.Roles)}");
            }

            string password = parse.GetValue(stdin) ? Console.In.ReadLine() : AskTwice();
            Store(parse).Add(parse.GetValue(id), parse.GetValue(name), roleWord, password);
            Console.Out.WriteLine($"account {parse.GetValue(id)} ({roleWord}) added");
            return 0;
        });
        var list = new Command("list", "List the accounts (never a password)") { Database, DataDirectory };
        list.SetAction(parse =>
        {
            foreach (Account account in Store(parse).List())
            {
                Console.Out.WriteLine($"{account.Id}\t{account.Role}\t{account.DisplayName}{(account.Disabled ? "\tdisabled" : string.Empty)}");
            }

            return 0;
        });
        var disableId = new Argument<string>("id") { Description = "The account to disable" };
        var disable = new Command("disable", "Disable an account (kept, so the record of who did what stays readable)") { disableId, Database, DataDirectory };
        disable.SetAction(parse =>
        {
            Store(parse).Disable(parse.GetValue(disableId));
            return 0;
        });
        accounts.Subcommands.Add(add);
        accounts.Subcommands.Add(list);
        accounts.Subcommands.Add(disable);
        return accounts;
    }

    private static AccountStore Store(ParseResult parse) =>
        new(StationDatabase.Open(parse.GetValue(Database), parse.GetValue(DataDirectory)));

    private static string AskTwice()
    {
        if (Console.IsInputRedirected)
        {
            throw new ArgumentException("no terminal to ask the password at: give --password-stdin");
        }

        string first = ReadHidden("password: ");
        string second = ReadHidden("again: ");
        if (first != second)
        {
            throw new ArgumentException("the passwords differ: nothing was changed");
        }

        return first;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new System.Text.StringBuilder();
        for (ConsoleKeyInfo key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
