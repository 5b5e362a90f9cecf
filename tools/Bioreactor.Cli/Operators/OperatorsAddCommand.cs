using System;
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bioreactor.Host.Infrastructure.Signing;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Cli.Operators;

/// <summary>
/// <c>operators add --file F --id ID --name "Printed Name" --role R [--iterations N] [--password-fd N]</c>: derives the
/// operator's credential from a password typed twice (or read from a file descriptor) and adds the operator to the
/// directory file. The credential is PBKDF2-HMAC-SHA256 with a random 16-byte salt (OperatorCredential); the password itself
/// is not stored anywhere.
/// </summary>
internal static class OperatorsAddCommand
{
    /// <summary>
    /// Fewest characters of a password. A password is attacked offline once a directory file leaks, at the iteration count's
    /// cost per guess; NIST SP 800-63B section 5.1.1.2 asks for at least 8 characters, and 12 keeps a passphrase of a few
    /// words comfortably above it.
    /// </summary>
    public const int MinimumPasswordCharacters = 12;

    public static Command Create(CliConsole console)
    {
        var command = new Command("add", "Add an operator to a directory file: the password is asked twice without echo (or read from --password-fd), "
            + "and only its PBKDF2 verifier is written.");
        Option<string> file = OperatorsCommand.FileOption("The operator directory file: a board's configuration file or a file with only the [operators] "
            + "section (created when missing, readable by its owner only)");
        var id = new Option<string>("--id") { Description = "The operator id: " + TextRules.IdentifierRule, Required = true, HelpName = "id" };
        var name = new Option<string>("--name")
        {
            Description = "The printed name signatures show (" + OperatorDirectory.PrintedNameRule + ")",
            Required = true,
            HelpName = "printed name",
        };
        var role = new Option<string>("--role") { Description = "technician, qa or administrator", Required = true, HelpName = "role" };
        role.AcceptOnlyFromAmong("technician", "qa", "administrator");
        var iterations = new Option<int>("--iterations")
        {
            Description = "PBKDF2 iterations (" + OperatorCredential.MinimumIterations.ToString(CultureInfo.InvariantCulture) + " to "
                + OperatorCredential.MaximumIterations.ToString(CultureInfo.InvariantCulture) + "; default "
                + OperatorCredential.DefaultIterations.ToString(CultureInfo.InvariantCulture) + ", OWASP's figure for PBKDF2-HMAC-SHA256)",
            DefaultValueFactory = _ => OperatorCredential.DefaultIterations,
            HelpName = "N",
        };
        Option<int?> passwordFd = PasswordInput.FileDescriptorOption();
        command.Options.Add(file);
        command.Options.Add(id);
        command.Options.Add(name);
        command.Options.Add(role);
        command.Options.Add(iterations);
        command.Options.Add(passwordFd);
        command.SetAction(parse => CommandRunner.Run(console, () => Add(console, parse.GetValue(file), parse.GetValue(id), parse.GetValue(name),
            parse.GetValue(role), parse.GetValue(iterations), parse.GetValue(passwordFd))));
        return command;
    }

    private static int Add(CliConsole console, string path, string id, string printedName, string roleName, int iterations, int? passwordFd)
    {
        // Everything that can be refused without the password is checked before it is asked for.
        if (!TextRules.IsIdentifier(id))
        {
            throw new CliException("--id '" + id + "' is not an operator id: " + TextRules.IdentifierRule);
        }

        if (!OperatorDirectory.IsPrintedName(printedName))
        {
            throw new CliException("--name must be " + OperatorDirectory.PrintedNameRule);
        }

        if (!BatchNames.TryParseRole(roleName, out OperatorRole role))
        {
            throw new CliException("--role must be technician, qa or administrator");
        }

        if (iterations < OperatorCredential.MinimumIterations || iterations > OperatorCredential.MaximumIterations)
        {
            throw new CliException("--iterations must be " + OperatorCredential.MinimumIterations.ToString(CultureInfo.InvariantCulture) + " to "
                + OperatorCredential.MaximumIterations.ToString(CultureInfo.InvariantCulture));
        }

        OperatorFile file = OperatorFile.Load(path, mayBeMissing: true);
        OperatorDirectory existing = file.ReadDirectory();
        if (existing != null)
        {
            for (int i = 0; i < existing.Count; i++)
            {
                if (TextRules.EqualsIgnoringCase(existing.GetOperatorId(i), id))
                {
                    throw new CliException("operator '" + existing.GetOperatorId(i) + "' is already in " + path
                        + " (ids are unique, ignoring case); to change a password, remove their line and add them again");
                }
            }
        }

        if (role != OperatorRole.Administrator && (existing == null || existing.AdministratorCount == 0))
        {
            throw new CliException("the directory would list no administrator (the device refuses such a directory, so that its configuration "
                + "can always be changed again): add an administrator first (--role administrator)");
        }

        string password = PasswordInput.Read(console, passwordFd, "password for " + id, confirm: true);
        CheckPassword(password);
        byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
        byte[] salt = RandomNumberGenerator.GetBytes(OperatorCredential.SaltLength);
        byte[] verifier = OperatorSigning.DeriveKey(passwordBytes, salt, iterations);
        CryptographicOperations.ZeroMemory(passwordBytes);
        var credential = new OperatorCredential(iterations, salt, verifier);
        CryptographicOperations.ZeroMemory(verifier);

        // The entry line as the core writes it: the same text the device's parser reads.
        var entry = new OperatorDirectory();
        entry.Add(id, role, printedName, credential);
        string written = entry.Write();
        string line = written.Substring(written.IndexOf('\n', StringComparison.Ordinal) + 1).TrimEnd('\n');
        OperatorDirectory result = file.Add(line);
        file.Save();

        console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"added {id} ({BatchNames.RoleName(role)}, \"{printedName}\") to {path}: {OperatorCredential.Scheme}, {iterations} iterations, random 16-byte salt; "
            + $"the directory lists {result.Count} operator{(result.Count == 1 ? string.Empty : "s")}"));
        console.Output.WriteLine("the file holds the operators' signing keys: keep it as secret as the record key");
        return ExitCodes.Success;
    }

    private static void CheckPassword(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new CliException("the password is empty; it must be at least " + MinimumPasswordCharacters.ToString(CultureInfo.InvariantCulture)
                + " characters; nothing was changed");
        }

        int characters = 0;
        foreach (Rune unused in password.EnumerateRunes())
        {
            characters++;
        }

        if (characters < MinimumPasswordCharacters)
        {
            throw new CliException("the password is too short: it must be at least " + MinimumPasswordCharacters.ToString(CultureInfo.InvariantCulture)
                + " characters; nothing was changed");
        }

        if (Encoding.UTF8.GetByteCount(password) > PasswordInput.MaximumBytes)
        {
            throw new CliException("the password is longer than " + PasswordInput.MaximumBytes.ToString(CultureInfo.InvariantCulture)
                + " bytes; nothing was changed");
        }
    }
}
