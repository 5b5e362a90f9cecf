using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Bioreactor.Control.Batch;

namespace Bioreactor.Cli.Operators;

/// <summary>
/// A file holding the operator directory: a board's configuration file (its [operators] section among the others) or a
/// file of the section alone. Edited as lines, so every other line and comment stays as it was, and the section is checked
/// with the core's own parser (OperatorDirectory.Parse), the one the device runs.
/// </summary>
internal sealed class OperatorFile
{
    /// <summary>The comment a new section starts with.</summary>
    public const string FormComment = "# id = role | printed name | credential";

    private readonly List<string> lines;
    private readonly string newLine;

    private OperatorFile(string path, bool exists, List<string> lines, string newLine)
    {
        Path = path;
        Exists = exists;
        this.lines = lines;
        this.newLine = newLine;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>False when the file does not exist yet (it is created on <see cref="Save"/>).</summary>
    public bool Exists { get; }

    /// <summary>Reads the file; a missing file reads as empty when <paramref name="mayBeMissing"/>.</summary>
    public static OperatorFile Load(string path, bool mayBeMissing)
    {
        if (!File.Exists(path))
        {
            if (!mayBeMissing)
            {
                throw new CliException("'" + path + "' does not exist");
            }

            return new OperatorFile(path, false, new List<string>(), "\n");
        }

        string text = File.ReadAllText(path, new UTF8Encoding(false, true));
        string newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = new List<string>(text.Split('\n'));
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        for (int i = 0; i < lines.Count; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        return new OperatorFile(path, true, lines, newLine);
    }

    /// <summary>
    /// The directory in the file's [operators] section, checked by the core's parser; null when the file has no such
    /// section. Throws <see cref="CliException"/> naming the file's line for a section the device would refuse.
    /// </summary>
    public OperatorDirectory ReadDirectory()
    {
        FindSection(out int header, out int end);
        if (header < 0)
        {
            return null;
        }

        ValidationResult result = OperatorDirectory.Parse(SectionText(header, end), out OperatorDirectory directory);
        if (!result.IsValid)
        {
            throw new CliException(Problem(result, header));
        }

        return directory;
    }

    /// <summary>
    /// Adds an entry line (the text form of one operator) at the end of the [operators] section, or in a new section at the
    /// end of the file, then checks the section again with the core's parser. Throws <see cref="CliException"/> when the
    /// result would not be a valid directory (the file is not changed: nothing is written until <see cref="Save"/>).
    /// </summary>
    public OperatorDirectory Add(string entryLine)
    {
        FindSection(out int header, out int end);
        if (header < 0)
        {
            if (lines.Count > 0 && lines[^1].Trim().Length > 0)
            {
                lines.Add(string.Empty);
            }

            lines.Add("[" + OperatorDirectory.Section + "]");
            lines.Add(FormComment);
            lines.Add(entryLine);
        }
        else
        {
            // After the section's last entry; in a section of comments only, after its last comment.
            int after = header;
            int lastEntry = -1;
            for (int i = header + 1; i < end; i++)
            {
                string trimmed = lines[i].Trim(' ', '\t');
                if (trimmed.Length > 0)
                {
                    after = i;
                    if (trimmed[0] != '#')
                    {
                        lastEntry = i;
                    }
                }
            }

            lines.Insert((lastEntry >= 0 ? lastEntry : after) + 1, entryLine);
        }

        FindSection(out header, out end);
        ValidationResult result = OperatorDirectory.Parse(SectionText(header, end), out OperatorDirectory directory);
        if (!result.IsValid)
        {
            if (result.LineNumber == 0)
            {
                // The only rule about the whole directory rather than a line: it lists an administrator.
                throw new CliException("the directory would list no administrator (the device refuses such a directory, so that its "
                    + "configuration can always be changed again): add an administrator first (--role administrator); nothing was changed");
            }

            throw new CliException(Problem(result, header) + "; nothing was changed");
        }

        return directory;
    }

    /// <summary>
    /// Writes the file through a temporary file beside it and a rename, so a failure leaves the old file whole. A new file
    /// is readable and writable by its owner only (it holds signing keys); an existing file keeps its permissions.
    /// </summary>
    public void Save()
    {
        string full = System.IO.Path.GetFullPath(Path);
        string directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = full + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        foreach (string line in lines)
        {
            text.Append(line).Append(newLine);
        }

        try
        {
            File.WriteAllText(temporary, text.ToString(), new UTF8Encoding(false));
            if (!OperatingSystem.IsWindows())
            {
                UnixFileMode mode = Exists ? File.GetUnixFileMode(full) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
                File.SetUnixFileMode(temporary, mode);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private void FindSection(out int header, out int end)
    {
        header = -1;
        end = lines.Count;
        for (int i = 0; i < lines.Count; i++)
        {
            string name = SectionName(lines[i]);
            if (name == null)
            {
                continue;
            }

            if (header >= 0)
            {
                if (name == OperatorDirectory.Section)
                {
                    throw new CliException(Path + " line " + (i + 1).ToString(CultureInfo.InvariantCulture)
                        + ": a second [operators] section (the file has one)");
                }

                if (end == lines.Count)
                {
                    end = i;
                }
            }
            else if (name == OperatorDirectory.Section)
            {
                header = i;
            }
        }
    }

    /// <summary>The section's lines from its header on, so the parser's line k is the file's line header + k.</summary>
    private string SectionText(int header, int end)
    {
        var text = new StringBuilder();
        for (int i = header; i < end; i++)
        {
            text.Append(lines[i]).Append('\n');
        }

        return text.ToString();
    }

    private string Problem(ValidationResult result, int header)
    {
        string where = result.LineNumber > 0
            ? Path + " line " + (header + result.LineNumber).ToString(CultureInfo.InvariantCulture)
            : Path;
        return where + ": " + result.Message;
    }

    /// <summary>The name of a "[name]" line as the core's ConfigReader reads it (blanks around trimmed), or null.</summary>
    private static string SectionName(string line)
    {
        string trimmed = line.Trim(' ', '\t', '\r');
        if (trimmed.Length < 2 || trimmed[0] != '[' || trimmed[^1] != ']')
        {
            return null;
        }

        return trimmed[1..^1].Trim(' ', '\t');
    }
}
