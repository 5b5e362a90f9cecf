using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using Bioreactor.Host.Infrastructure.Mqtt;

namespace Bioreactor.Cli.Mqtt;

/// <summary>
/// The connection options every MQTT command shares: broker, credentials, TLS, protocol, operator, the signing password's
/// file descriptor, device and the response timeout. Each value comes from the first of: the command-line option, its environment variable, the config
/// file (<c>--config</c>, else <c>BIOREACTOR_CONFIG</c>, else <see cref="DefaultConfigPath"/>), the default.
/// </summary>
internal sealed class ConnectionOptions
{
    /// <summary>Names of one setting: its option, environment variable and config-file key.</summary>
    internal sealed record Setting(string Option, string Variable, string Key, string Description);

    internal static readonly Setting BrokerSetting = new("--broker", "BIOREACTOR_BROKER", "broker", "Broker address host:port (default 127.0.0.1:1883; 8883 with --tls)");
    internal static readonly Setting UsernameSetting = new("--username", "BIOREACTOR_USERNAME", "username", "User name at the broker");
    internal static readonly Setting PasswordSetting = new("--password", "BIOREACTOR_MQTT_PASSWORD", "password", "Password at the broker (prefer the environment variable or a private config file: a command line is visible to other users)");
    internal static readonly Setting TlsSetting = new("--tls", "BIOREACTOR_TLS", "tls", "Connect over TLS");
    internal static readonly Setting CaFileSetting = new("--ca-file", "BIOREACTOR_CA_FILE", "ca-file", "PEM file of the certificate authority that signed the broker's certificate (default: the system's trust store)");
    internal static readonly Setting ProtocolSetting = new("--mqtt-3.1.1", "BIOREACTOR_MQTT_VERSION", "mqtt-version", "Speak MQTT 3.1.1 instead of 5.0 (the response topic then travels in the payload's replyTo)");
    internal static readonly Setting OperatorSetting = new("--operator", "BIOREACTOR_OPERATOR", "operator", "Your operator id in the device's operator directory");
    internal static readonly Setting DeviceSetting = new("--device", "BIOREACTOR_DEVICE", "device", "Device id (default: the only device on the broker)");
    internal static readonly Setting TimeoutSetting = new("--timeout", "BIOREACTOR_TIMEOUT", "timeout", "Seconds to wait for each answer of the device (default 10; the broker connection gets at least 5)");
    internal static readonly Setting ConfigSetting = new("--config", "BIOREACTOR_CONFIG", null, "Config file of key = value lines (default ~/.config/bioreactor/cli.conf)");

    /// <summary>Every setting, in the README's order.</summary>
    internal static readonly Setting[] All =
    {
        BrokerSetting, UsernameSetting, PasswordSetting, TlsSetting, CaFileSetting, ProtocolSetting, OperatorSetting,
        DeviceSetting, TimeoutSetting, ConfigSetting,
    };

    /// <summary>Default seconds to wait for the broker and each answer.</summary>
    internal const double DefaultTimeoutSeconds = 10;

    /// <summary>Shortest wait for the broker's CONNACK and acknowledgements, whatever --timeout says, seconds.</summary>
    internal const double MinimumBrokerSeconds = 5;

    private readonly Option<string> broker = StringOption(BrokerSetting, "host:port");
    private readonly Option<string> username = StringOption(UsernameSetting, "name");
    private readonly Option<string> password = StringOption(PasswordSetting, "password");
    private readonly Option<bool> tls = new(TlsSetting.Option) { Description = TlsSetting.Description };
    private readonly Option<string> caFile = StringOption(CaFileSetting, "path");
    private readonly Option<bool> mqtt311 = new(ProtocolSetting.Option) { Description = ProtocolSetting.Description };
    private readonly Option<string> operatorId = StringOption(OperatorSetting, "id");
    private readonly Option<int?> passwordFd = PasswordInput.FileDescriptorOption();
    private readonly Option<string> device = StringOption(DeviceSetting, "id");
    private readonly Option<string> timeout = StringOption(TimeoutSetting, "seconds");
    private readonly Option<string> config = StringOption(ConfigSetting, "path");

    private ConnectionOptions()
    {
    }

    /// <summary>The config file used when neither --config nor BIOREACTOR_CONFIG names one: bioreactor/cli.conf in the user's config folder.</summary>
    public static string DefaultConfigPath()
    {
        string folder = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
        return string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, "bioreactor", "cli.conf");
    }

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static ConnectionOptions AddTo(Command command)
    {
        var options = new ConnectionOptions();
        foreach (Option option in new Option[]
                 {
                     options.broker, options.username, options.password, options.tls, options.caFile, options.mqtt311, options.operatorId,
                     options.passwordFd, options.device, options.timeout, options.config,
                 })
        {
            command.Options.Add(option);
        }

        return options;
    }

    /// <summary>Resolves every setting (option, environment, config file, default) and checks them.</summary>
    /// <exception cref="CliException">A value is malformed or the config file cannot be read.</exception>
    public ConnectionSettings Resolve(ParseResult parse, CliConsole console)
    {
        string configPath = Given(parse, config) ?? console.Environment(ConfigSetting.Variable);
        bool configNamed = configPath != null;
        configPath ??= console.DefaultConfigPath;
        Dictionary<string, string> file = ConfigFile.Read(configPath, mustExist: configNamed);

        string Pick(Option<string> option, Setting setting) =>
            Given(parse, option) ?? Blank(console.Environment(setting.Variable)) ?? (file.TryGetValue(setting.Key, out string v) ? v : null);

        bool? PickFlag(Option<bool> option, Setting setting, Func<string, bool> parseValue)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                return parse.GetValue(option);
            }

            string text = Blank(console.Environment(setting.Variable)) ?? (file.TryGetValue(setting.Key, out string v) ? v : null);
            return text == null ? null : parseValue(text);
        }

        var brokerOptions = new MqttBrokerOptions();
        bool useTls = PickFlag(tls, TlsSetting, text => ParseBoolean(text, TlsSetting)) ?? false;
        string endpoint = Pick(broker, BrokerSetting) ?? "127.0.0.1";
        try
        {
            brokerOptions.SetEndpoint(endpoint);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        if (useTls && !HasPort(endpoint))
        {
            brokerOptions.Port = MqttBrokerOptions.DefaultTlsPort;
        }

        brokerOptions.UseTls = useTls;
        brokerOptions.Username = Pick(username, UsernameSetting);
        brokerOptions.Password = Pick(password, PasswordSetting);
        brokerOptions.CaCertificateFile = Pick(caFile, CaFileSetting);
        if (brokerOptions.CaCertificateFile != null && !File.Exists(brokerOptions.CaCertificateFile))
        {
            throw new CliException("CA file not found: " + brokerOptions.CaCertificateFile);
        }

        bool v311 = PickFlag(mqtt311, ProtocolSetting, ParseProtocol) ?? false;
        brokerOptions.ProtocolLevel = v311 ? MqttProtocolLevel.V311 : MqttProtocolLevel.V500;

        string timeoutText = Pick(timeout, TimeoutSetting);
        double seconds = DefaultTimeoutSeconds;
        if (timeoutText != null && (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || seconds < 0.1 || seconds > 300))
        {
            throw new CliException($"timeout '{timeoutText}' is not a number of seconds from 0.1 to 300");
        }

        // The broker gets at least MinimumBrokerSeconds: a short answer timeout must not fail a connect on a busy machine.
        brokerOptions.ConnectTimeout = TimeSpan.FromSeconds(Math.Max(seconds, MinimumBrokerSeconds));
        brokerOptions.OperationTimeout = TimeSpan.FromSeconds(Math.Max(seconds, MinimumBrokerSeconds));
        try
        {
            brokerOptions.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        int? fd = parse.GetValue(passwordFd);
        if (fd is < 0)
        {
            throw new CliException("--password-fd must be an open file descriptor number (0 or more)");
        }

        return new ConnectionSettings(brokerOptions, Pick(operatorId, OperatorSetting), Pick(device, DeviceSetting),
            TimeSpan.FromSeconds(seconds), File.Exists(configPath ?? string.Empty) ? configPath : null, fd);
    }

    private static Option<string> StringOption(Setting setting, string helpName) => new(setting.Option)
    {
        Description = setting.Description + (setting.Variable != null ? "; env " + setting.Variable : string.Empty),
        HelpName = helpName,
    };

    private static string Given(ParseResult parse, Option<string> option) => parse.GetResult(option) is { Implicit: false } ? Blank(parse.GetValue(option)) : null;

    private static string Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool HasPort(string endpoint)
    {
        string text = endpoint.Trim();
        int close = text.LastIndexOf(']');
        return text.IndexOf(':', close + 1) >= 0;
    }

    private static bool ParseBoolean(string text, Setting setting)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true":
            case "yes":
            case "on":
            case "1":
                return true;
            case "false":
            case "no":
            case "off":
            case "0":
                return false;
            default:
                throw new CliException($"{setting.Variable} / '{setting.Key}' is '{text}': use true or false");
        }
    }

    private static bool ParseProtocol(string text)
    {
        switch (text.Trim())
        {
            case "3.1.1":
                return true;
            case "5":
            case "5.0":
                return false;
            default:
                throw new CliException($"{ProtocolSetting.Variable} / '{ProtocolSetting.Key}' is '{text}': use 5 or 3.1.1");
        }
    }
}

/// <summary>Resolved connection settings of one command run.</summary>
internal sealed record ConnectionSettings(MqttBrokerOptions Broker, string Operator, string Device, TimeSpan Timeout, string ConfigFile,
    int? PasswordFd)
{
    /// <summary>host:port of the broker.</summary>
    public string Endpoint => Broker.Host + ":" + Broker.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Throws unless an operator id is known.</summary>
    /// <exception cref="CliException">It is missing; the message says where to give it.</exception>
    public void RequireIdentity()
    {
        if (Operator == null)
        {
            throw new CliException("no operator id: give --operator, set BIOREACTOR_OPERATOR, or put 'operator = <id>' in the config file");
        }
    }
}

/// <summary>
/// The config file: one <c>key = value</c> per line, <c>#</c> starts a comment line, blank lines ignored, keys as in
/// <see cref="ConnectionOptions.All"/>. Values are taken verbatim after trimming (no quotes, no escapes).
/// </summary>
internal static class ConfigFile
{
    /// <summary>Reads the file's settings; an absent file gives none unless <paramref name="mustExist"/>.</summary>
    /// <exception cref="CliException">The file is missing (when named), unreadable, or has a line that is not a known key = value.</exception>
    public static Dictionary<string, string> Read(string path, bool mustExist)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            if (mustExist)
            {
                throw new CliException("config file not found: " + path);
            }

            return values;
        }

        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new CliException($"{path} line {i + 1}: expected 'key = value'");
            }

            string key = line.Substring(0, equals).Trim();
            string value = line.Substring(equals + 1).Trim();
            if (Array.Find(ConnectionOptions.All, s => s.Key == key) == null)
            {
                throw new CliException($"{path} line {i + 1}: unknown key '{key}'; the keys are broker, username, password, tls, ca-file, mqtt-version, operator, device, timeout");
            }

            if (value.Length == 0)
            {
                throw new CliException($"{path} line {i + 1}: '{key}' has no value");
            }

            values[key] = value;
        }

        if (values.ContainsKey(ConnectionOptions.PasswordSetting.Key) && !OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            throw new CliException($"{path} holds a password and other users may read it: chmod 600 {path}");
        }

        return values;
    }
}
