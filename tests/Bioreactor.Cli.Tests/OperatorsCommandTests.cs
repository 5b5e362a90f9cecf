using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Pipes;
using System.Security.Cryptography;
using System.Text;
using Bioreactor.Control.Batch;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Microsoft.Win32.SafeHandles;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// <c>operators add</c> and <c>operators list</c>: the password read from a file descriptor (a pipe the test writes) or typed
/// twice at a (scripted) terminal; the credential written is PBKDF2-HMAC-SHA256 of the password with the salt and
/// iterations it names (checked with Rfc2898DeriveBytes); other lines and comments of the file kept; every refusal (a
/// mismatch, an empty or short password, an existing id, no administrator, bad arguments, no terminal) exits with 2 and
/// leaves the file as it was; the list never shows a verifier.
/// </summary>
[TestClass]
public class OperatorsCommandTests
{
    private const string Password = "a long enough password";

    /// <summary>
    /// Runs the command with <paramref name="password"/> (line end included or not) written to a pipe whose read end is
    /// given as --password-fd; the write end is closed first, so a text without a line end ends at the end of the pipe.
    /// </summary>
    private static CliRunner.Result RunWithPassword(string password, params string[] args)
    {
        SafePipeHandle readEnd;
        using (var pipe = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None))
        {
            pipe.Write(Encoding.UTF8.GetBytes(password));
            pipe.Flush();
            // Taken before the server is disposed: an exposed client handle stays open.
            readEnd = pipe.ClientSafePipeHandle;
        }

        using (readEnd)
        {
            int fd = (int)readEnd.DangerousGetHandle();
            return CliRunner.Run(MqttCli.With(args, "--password-fd", fd.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Runs the command as if at a terminal: each prompt answered by the next of <paramref name="answers"/>.</summary>
    private static CliRunner.Result RunAtTerminal(string[] answers, params string[] args)
    {
        var queue = new Queue<string>(answers);
        return MqttCli.Run(null, null, _ => queue.Dequeue(), args);
    }

    private static string[] Add(string file, string id, string name, string role) =>
        new[] { "operators", "add", "--file", file, "--id", id, "--name", name, "--role", role, "--iterations", "1000" };

    private static OperatorDirectory ReadDirectory(string file)
    {
        string text = File.ReadAllText(file);
        int at = text.IndexOf("[operators]", StringComparison.Ordinal);
        Assert.IsTrue(at >= 0, text);
        int next = text.IndexOf("\n[", at, StringComparison.Ordinal);
        ValidationResult parsed = OperatorDirectory.Parse(next < 0 ? text[at..] : text[at..(next + 1)], out OperatorDirectory directory);
        Assert.IsTrue(parsed.IsValid, parsed.Text + "\n" + text);
        return directory;
    }

    private static void AssertDerivedFrom(string password, OperatorCredential credential)
    {
        byte[] expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), credential.Salt, credential.Iterations, HashAlgorithmName.SHA256, 32);
        CollectionAssert.AreEqual(expected, credential.Verifier);
    }

    [TestMethod]
    public void AddCreatesTheFileWithACredentialDerivedFromThePassword()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");

        CliRunner.Result result = RunWithPassword(Password + "\n", "operators", "add", "--file", file, "--id", "a.admin", "--name", "Ann Admin",
            "--role", "administrator");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "added a.admin (administrator, \"Ann Admin\")", result.ToString());
        StringAssert.Contains(result.Output, "600000 iterations", result.ToString());
        string text = File.ReadAllText(file);
        StringAssert.StartsWith(text, "[operators]\n# id = role | printed name | credential\na.admin = administrator | Ann Admin | pbkdf2-sha256$600000$");
        OperatorDirectory directory = ReadDirectory(file);
        Assert.AreEqual("Ann Admin", directory.GetPrintedName("a.admin"));
        OperatorCredential credential = directory.GetCredential("a.admin");
        Assert.AreEqual(OperatorCredential.DefaultIterations, credential.Iterations);
        AssertDerivedFrom(Password, credential);
        Assert.IsFalse(result.Output.Contains(Convert.ToHexStringLower(credential.Verifier), StringComparison.Ordinal), "the verifier is never printed");
        Assert.IsFalse(result.Output.Contains(Password, StringComparison.Ordinal), "nor the password");
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file), "a new file is its owner's only");
        }

        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void EachAddHasItsOwnRandomSaltAndTheLineEndAndCarriageReturnAreNotPartOfThePassword()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");

        Assert.AreEqual(ExitCodes.Success, RunWithPassword(Password + "\r\nsecond line\n", Add(file, "admin", "Ad Min", "administrator")).ExitCode);
        Assert.AreEqual(ExitCodes.Success, RunWithPassword(Password, Add(file, "tech", "Tee Tech", "technician")).ExitCode, "no line end: to the end");

        OperatorDirectory directory = ReadDirectory(file);
        AssertDerivedFrom(Password, directory.GetCredential("admin"));
        AssertDerivedFrom(Password, directory.GetCredential("tech"));
        Assert.AreEqual(1000, directory.GetCredential("tech").Iterations);
        CollectionAssert.AreNotEqual(directory.GetCredential("admin").Salt, directory.GetCredential("tech").Salt);
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void AddKeepsEveryOtherLineOfABoardConfigurationFile()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "bioreactor.cfg");
        string before =
            "# device configuration\n"
            + "[device]\n"
            + "id = bioreactor-01\n"
            + "\n"
            + "[operators]\n"
            + "# the shift's operators\n"
            + "a.smith = technician\n"
            + "admin = administrator\n"
            + "\n"
            + "# the record key\n"
            + "[record]\n"
            + "keyFile = D:\\config\\record.key\n";
        File.WriteAllText(file, before);

        CliRunner.Result result = RunWithPassword(Password + "\n", Add(file, "qa.jones", "Jo Jones", "qa"));

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        string after = File.ReadAllText(file);
        string[] lines = after.Split('\n');
        Assert.AreEqual(before.Split('\n').Length + 1, lines.Length, after);
        StringAssert.StartsWith(after, "# device configuration\n[device]\nid = bioreactor-01\n\n[operators]\n# the shift's operators\na.smith = technician\nadmin = administrator\nqa.jones = qa | Jo Jones | pbkdf2-sha256$1000$");
        StringAssert.EndsWith(after, "\n\n# the record key\n[record]\nkeyFile = D:\\config\\record.key\n");
        OperatorDirectory directory = ReadDirectory(file);
        Assert.AreEqual(3, directory.Count);
        Assert.IsNull(directory.GetCredential("a.smith"), "the old-form entry is written as before");
        AssertDerivedFrom(Password, directory.GetCredential("qa.jones"));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void AddAppendsASectionToAFileWithoutOneAndKeepsItsLineEnds()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "bioreactor.cfg");
        File.WriteAllText(file, "[device]\r\nid = bioreactor-01\r\n");

        CliRunner.Result result = RunWithPassword(Password + "\n", Add(file, "admin", "Ad Min", "administrator"));

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        string after = File.ReadAllText(file);
        StringAssert.StartsWith(after, "[device]\r\nid = bioreactor-01\r\n\r\n[operators]\r\n# id = role | printed name | credential\r\nadmin = administrator | Ad Min | pbkdf2-sha256$1000$");
        StringAssert.EndsWith(after, "\r\n");
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ThePasswordTypedTwiceAtATerminalIsUsed()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");

        CliRunner.Result result = RunAtTerminal(new[] { "typed at the terminal", "typed at the terminal" }, Add(file, "admin", "Ad Min", "administrator"));

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "password for admin: ", result.ToString());
        StringAssert.Contains(result.Output, "again, to confirm: ", result.ToString());
        AssertDerivedFrom("typed at the terminal", ReadDirectory(file).GetCredential("admin"));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    [DataRow(new[] { "typed at the terminal", "typed at the terminaI" }, "the two passwords differ")]
    [DataRow(new[] { "", "" }, "the password is empty; it must be at least 12 characters")]
    [DataRow(new[] { "elevenchars", "elevenchars" }, "the password is too short: it must be at least 12 characters")]
    public void ABadPasswordAtTheTerminalChangesNothing(string[] answers, string message)
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");
        File.WriteAllText(file, "[operators]\nadmin = administrator\n");

        CliRunner.Result result = RunAtTerminal(answers, Add(file, "tech", "Tee Tech", "technician"));

        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, message, result.ToString());
        Assert.AreEqual("[operators]\nadmin = administrator\n", File.ReadAllText(file));
        Assert.AreEqual(1, Directory.GetFiles(folder).Length, "no temporary file left");
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ATwelveCharacterPasswordIsEnoughAndCharactersAreNotBytes()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");

        Assert.AreEqual(ExitCodes.Success, RunWithPassword("twelve chars\n", Add(file, "admin", "Ad Min", "administrator")).ExitCode);
        CliRunner.Result eleven = RunWithPassword("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n", Add(file, "tech", "Tee Tech", "technician"));

        Assert.AreEqual(ExitCodes.UsageOrIo, eleven.ExitCode, "11 characters in 22 bytes: " + eleven);
        AssertDerivedFrom("twelve chars", ReadDirectory(file).GetCredential("admin"));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    [DataRow("A.Smith", "Alex", "technician", "operator 'a.smith' is already in")]
    [DataRow("a.smith", "Alex", "technician", "operator 'a.smith' is already in")]
    [DataRow("bad id", "Alex", "technician", "is not an operator id")]
    [DataRow("tech", "Pipe | Name", "technician", "--name must be 1 to 64 characters")]
    [DataRow("tech", " ", "technician", "--name must be 1 to 64 characters")]
    [DataRow("tech", "Alex", "janitor", "janitor")]
    public void ABadOrExistingOperatorChangesNothing(string id, string name, string role, string message)
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");
        string before = "[operators]\na.smith = technician\nadmin = administrator\n";
        File.WriteAllText(file, before);

        CliRunner.Result result = RunWithPassword(Password + "\n", Add(file, id, name, role));

        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, message, result.ToString());
        Assert.AreEqual(before, File.ReadAllText(file));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    [DataRow("999")]
    [DataRow("10000001")]
    public void IterationsOutsideTheDirectorysRangeAreRefused(string iterations)
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");

        CliRunner.Result result = RunWithPassword(Password + "\n", "operators", "add", "--file", file, "--id", "admin", "--name", "Ad Min",
            "--role", "administrator", "--iterations", iterations);

        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "--iterations must be 1000 to 10000000", result.ToString());
        Assert.IsFalse(File.Exists(file));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void TheFirstOperatorOfANewDirectoryMustBeAnAdministrator()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");

        CliRunner.Result result = RunWithPassword(Password + "\n", Add(file, "tech", "Tee Tech", "technician"));

        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "add an administrator first", result.ToString());
        Assert.IsFalse(File.Exists(file));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void AnInvalidDirectoryIsReportedWithTheFilesLine()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "bioreactor.cfg");
        string before = "[device]\nid = x\n\n[operators]\nadmin = administrator\ntech = technician | Tee | pbkdf2-sha256$1000$00$00\n";
        File.WriteAllText(file, before);

        CliRunner.Result add = RunWithPassword(Password + "\n", Add(file, "qa", "Queue", "qa"));
        CliRunner.Result list = CliRunner.Run("operators", "list", "--file", file);

        Assert.AreEqual(ExitCodes.UsageOrIo, add.ExitCode, add.ToString());
        StringAssert.Contains(add.Error, file + " line 6: the credential of 'tech' is not valid", add.ToString());
        Assert.AreEqual(ExitCodes.UsageOrIo, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Error, file + " line 6:", list.ToString());
        Assert.AreEqual(before, File.ReadAllText(file));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void WithoutATerminalOrAFileDescriptorThePasswordIsNotAskedFor()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");

        CliRunner.Result result = CliRunner.Run(Add(file, "admin", "Ad Min", "administrator"));

        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "give --password-fd N", result.ToString());
        Assert.IsFalse(File.Exists(file));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ListShowsRolesNamesAndWhetherEachCanSignButNoSecret()
    {
        string folder = SimulatedRecord.NewFolder("operators");
        string file = Path.Combine(folder, "operators.cfg");
        File.WriteAllText(file, "[operators]\nold.style = technician\nadmin = administrator\n");
        Assert.AreEqual(ExitCodes.Success, RunWithPassword(Password + "\n", Add(file, "qa.jones", "Jo Jones", "qa")).ExitCode);
        OperatorCredential credential = ReadDirectory(file).GetCredential("qa.jones");

        CliRunner.Result result = CliRunner.Run("operators", "list", "--file", file);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "operators in " + file + ": 3", result.ToString());
        StringAssert.Matches(result.Output, new System.Text.RegularExpressions.Regex(@"old\.style\s+technician\s+-\s+none \(cannot sign\)"), result.ToString());
        StringAssert.Matches(result.Output, new System.Text.RegularExpressions.Regex(@"qa\.jones\s+qa\s+Jo Jones\s+yes \(pbkdf2-sha256, 1000 iterations\)"), result.ToString());
        Assert.IsFalse(result.Output.Contains(Convert.ToHexStringLower(credential.Verifier), StringComparison.Ordinal), result.ToString());
        Assert.IsFalse(result.Output.Contains(Convert.ToHexStringLower(credential.Salt), StringComparison.Ordinal), result.ToString());
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ListOfAMissingFileIsAnError()
    {
        CliRunner.Result result = CliRunner.Run("operators", "list", "--file", Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N")));

        Assert.AreEqual(ExitCodes.UsageOrIo, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "does not exist", result.ToString());
    }

    [TestMethod]
    public void HiddenTypingEndsAtEnterAndBackspaceRemovesACharacter()
    {
        var keys = new Queue<ConsoleKeyInfo>(new[]
        {
            Key('a'), Key('b'), new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false), Key('c'),
            new ConsoleKeyInfo('\0', ConsoleKey.LeftArrow, false, false, false), new ConsoleKeyInfo('\u263a', 0, false, false, false),
            new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false), Key('z'),
        });

        string typed = PasswordInput.ReadHidden(keys.Dequeue);

        Assert.AreEqual("ac\u263a", typed);
        Assert.AreEqual(1, keys.Count, "nothing read after Enter");
    }

    private static ConsoleKeyInfo Key(char c) => new(c, ConsoleKey.A, false, false, false);
}
