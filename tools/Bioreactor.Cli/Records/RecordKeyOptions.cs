using System;
using System.CommandLine;
using System.IO;
using System.Text;
using Bioreactor.Host.Infrastructure.Records;

namespace Bioreactor.Cli.Records;

/// <summary>
/// The three ways to give the device's record key: <c>--key-hex</c>, <c>--key-file</c> (hex text) or
/// <c>--simulator-key [device-id]</c> (the simulator's published, not secret, key). At most one may be given.
/// </summary>
internal sealed class RecordKeyOptions
{
    /// <summary>
    /// Text the simulator hashes with its device id to make its record key (the one derivation:
    /// Host.Infrastructure's SimulatorRecordKey, which the simulator writes with). A test checks both agree.
    /// </summary>
    internal const string SimulatorKeyPrefix = SimulatorRecordKey.Prefix;

    private RecordKeyOptions()
    {
        KeyHex = new Option<string>("--key-hex")
        {
            Description = "The device's record key as hexadecimal (at least 16 bytes). Prefer --key-file: a command line is visible to other users",
            HelpName = "hex",
        };
        KeyFile = new Option<string>("--key-file")
        {
            Description = "File holding the device's record key as hexadecimal text (whitespace ignored)",
            HelpName = "path",
        };
        SimulatorKey = new Option<string>("--simulator-key")
        {
            Description = "Use the simulator's published key for a device id (default: the record header's device id). Put the record file before this option",
            HelpName = "device-id",
            Arity = ArgumentArity.ZeroOrOne,
        };
    }

    public Option<string> KeyHex { get; }

    public Option<string> KeyFile { get; }

    public Option<string> SimulatorKey { get; }

    /// <summary>Creates the options and adds them to <paramref name="command"/>, whose record file argument is <paramref name="file"/>.</summary>
    public static RecordKeyOptions AddTo(Command command, Argument<string> file)
    {
        var options = new RecordKeyOptions();
        command.Options.Add(options.KeyHex);
        command.Options.Add(options.KeyFile);
        command.Options.Add(options.SimulatorKey);
        command.Validators.Add(result =>
        {
            int given = (result.GetResult(options.KeyHex) != null ? 1 : 0) + (result.GetResult(options.KeyFile) != null ? 1 : 0)
                + (result.GetResult(options.SimulatorKey) != null ? 1 : 0);
            if (given > 1)
            {
                result.AddError("give only one of --key-hex, --key-file and --simulator-key");
            }

            // "--simulator-key <file>" takes the file as the device id: say so instead of only "argument missing".
            string deviceId = result.GetResult(options.SimulatorKey) != null ? result.GetValue(options.SimulatorKey) : null;
            if (!string.IsNullOrEmpty(deviceId) && File.Exists(deviceId) && (result.GetResult(file)?.Tokens.Count ?? 0) == 0)
            {
                result.AddError("'" + deviceId + "' was read as the device id of --simulator-key: put the record file before --simulator-key");
            }
        });
        return options;
    }

    /// <summary>Whether any key option was given.</summary>
    public bool IsGiven(ParseResult parse) =>
        parse.GetResult(KeyHex) != null || parse.GetResult(KeyFile) != null || parse.GetResult(SimulatorKey) != null;

    /// <summary>The key the options give, and a description of where it came from (never the key itself).</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="headerDeviceId">The record header's device id (for --simulator-key without a value); may be null.</param>
    /// <exception cref="CliException">No key, or a malformed one.</exception>
    public RecordKey Resolve(ParseResult parse, string headerDeviceId)
    {
        if (parse.GetResult(KeyHex) != null)
        {
            return new RecordKey(ParseHex(parse.GetValue(KeyHex), "--key-hex"), "key given with --key-hex");
        }

        if (parse.GetResult(KeyFile) != null)
        {
            string path = parse.GetValue(KeyFile);
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                throw new CliException("key file not found: " + path);
            }

            return new RecordKey(ParseHex(File.ReadAllText(path), "the key file"), "key from file " + System.IO.Path.GetFileName(path));
        }

        if (parse.GetResult(SimulatorKey) != null)
        {
            string deviceId = parse.GetValue(SimulatorKey);
            if (string.IsNullOrWhiteSpace(deviceId))
            {
                deviceId = headerDeviceId;
            }

            if (string.IsNullOrWhiteSpace(deviceId))
            {
                throw new CliException("--simulator-key needs a device id: the record has no readable header");
            }

            return new RecordKey(DeriveSimulatorKey(deviceId), "the simulator's published key for device " + deviceId);
        }

        throw new CliException("give the device's record key: --key-hex, --key-file or --simulator-key");
    }

    /// <summary>The simulator's record key for a device id (see <see cref="SimulatorKeyPrefix"/>).</summary>
    public static byte[] DeriveSimulatorKey(string deviceId) => SimulatorRecordKey.Derive(deviceId);

    /// <summary>Hexadecimal text to bytes (<see cref="RecordKey.FromHexText"/>), or an error naming <paramref name="what"/>.</summary>
    internal static byte[] ParseHex(string text, string what) =>
        RecordKey.FromHexText(text, out string problem) ?? throw new CliException(what + " " + problem);
}
