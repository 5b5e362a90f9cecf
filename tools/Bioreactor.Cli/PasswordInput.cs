using System;
using System.IO;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Bioreactor.Cli;

/// <summary>
/// Reads an operator's password: at a terminal without echo (Console.ReadKey with the key intercepted), or for scripts one
/// line from a file descriptor the caller opened (<c>--password-fd N</c>, e.g. <c>3&lt;password-file</c> or a pipe). Never
/// from the command line or the environment: both are visible to other users of the machine (the process list,
/// /proc/&lt;pid&gt;/environ) and end up in shell histories and CI logs.
/// </summary>
internal static class PasswordInput
{
    /// <summary>Longest password accepted, UTF-8 bytes: a bound on what is read, far above any typed password.</summary>
    public const int MaximumBytes = 1024;

    /// <summary>The option every command that needs a password takes.</summary>
    public static System.CommandLine.Option<int?> FileDescriptorOption() => new("--password-fd")
    {
        Description = "Read the password from this open file descriptor (one line) instead of asking at the terminal; for scripts "
            + "(e.g. --password-fd 3 3<password-file). Never give a password on the command line or in the environment",
        HelpName = "N",
    };

    /// <summary>
    /// The password: from <paramref name="fileDescriptor"/> when given, else asked at the terminal (twice when
    /// <paramref name="confirm"/>; a mismatch is refused). Throws <see cref="CliException"/> when there is neither a
    /// descriptor nor a terminal, or the two entries differ.
    /// </summary>
    public static string Read(CliConsole console, int? fileDescriptor, string prompt, bool confirm)
    {
        if (fileDescriptor.HasValue)
        {
            return ReadLine(fileDescriptor.Value);
        }

        if (!console.Interactive)
        {
            throw new CliException("no terminal to ask the password at: give --password-fd N with the password on one line of file descriptor N");
        }

        string first = Ask(console, prompt + ": ");
        if (confirm)
        {
            string second = Ask(console, "again, to confirm: ");
            if (!string.Equals(first, second, StringComparison.Ordinal))
            {
                throw new CliException("the two passwords differ; nothing was changed");
            }
        }

        return first;
    }

    /// <summary>
    /// Reads one line from an open file descriptor, a byte at a time so nothing after the line is consumed (it may be the
    /// process's standard input); the line end (LF or CR LF) is removed; the bytes must be UTF-8.
    /// </summary>
    public static string ReadLine(int fileDescriptor)
    {
        if (fileDescriptor < 0)
        {
            throw new CliException("--password-fd must be an open file descriptor number (0 or more)");
        }

        var bytes = new MemoryStream();
        try
        {
            // The descriptor stays the caller's: the handle does not own it and disposing the stream does not close it.
            using var handle = new SafeFileHandle((IntPtr)fileDescriptor, ownsHandle: false);
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            int b;
            while ((b = stream.ReadByte()) >= 0 && b != '\n')
            {
                if (bytes.Length == MaximumBytes)
                {
                    throw new CliException("the password on file descriptor " + fileDescriptor + " is longer than " + MaximumBytes + " bytes");
                }

                bytes.WriteByte((byte)b);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException("cannot read the password from file descriptor " + fileDescriptor + ": " + e.Message, e);
        }

        byte[] line = bytes.ToArray();
        int length = line.Length > 0 && line[^1] == '\r' ? line.Length - 1 : line.Length;
        try
        {
            return new UTF8Encoding(false, true).GetString(line, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw new CliException("the password on file descriptor " + fileDescriptor + " is not UTF-8 text");
        }
        finally
        {
            Array.Clear(line);
        }
    }

    /// <summary>
    /// Reads a line of keys without echoing them: Enter ends it, Backspace removes the last character, other control keys
    /// are ignored. Separate from the console so the editing can be tested with scripted keys.
    /// </summary>
    public static string ReadHidden(Func<ConsoleKeyInfo> readKey)
    {
        var text = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = readKey();
            if (key.Key == ConsoleKey.Enter || key.KeyChar == '\n' || key.KeyChar == '\r')
            {
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace || key.KeyChar == '\b')
            {
                if (text.Length > 0)
                {
                    // A surrogate pair is one character typed: remove both halves.
                    int remove = text.Length > 1 && char.IsLowSurrogate(text[^1]) && char.IsHighSurrogate(text[^2]) ? 2 : 1;
                    text.Length -= remove;
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar) && key.KeyChar != '\0')
            {
                text.Append(key.KeyChar);
            }
        }
    }

    private static string Ask(CliConsole console, string question)
    {
        if (console.PromptAnswer != null)
        {
            // Tests answer prompts themselves (CliConsole.PromptAnswer).
            console.Output.Write(question);
            console.Output.WriteLine();
            return console.PromptAnswer(question);
        }

        console.Output.Write(question);
        console.Output.Flush();
        string answer = ReadHidden(() => Console.ReadKey(intercept: true));
        console.Output.WriteLine();
        return answer;
    }
}
