using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace Bioreactor.Compatibility.Tests;

/// <summary>
/// The framework types and members the core may use, read from nanoframework-allowlist.txt.
/// </summary>
/// <remarks>
/// Line format (see the file's header):
/// <code>
/// ENTRY    # owner/repository path/in/repository.cs
/// HOST-ONLY ENTRY    # reason the host compiler emits it and the device build does not need it
/// </code>
/// ENTRY is a documentation-comment ID: T:Namespace.Type, M:Namespace.Type.Method(ParamType,...),
/// M:Namespace.Type.#ctor, F:Namespace.Type.Field, P:Namespace.Type.Property. Nested types are joined with
/// '.', by-reference parameters end in '@', arrays in "[]". Comment lines start with '#'.
/// </remarks>
public sealed class AllowList
{
    private static readonly Regex EntryPattern = new(
        @"^[TMFP]:[A-Za-z_][A-Za-z0-9_.`#]*(\([A-Za-z0-9_.,@\[\]`]*\))?(~[A-Za-z0-9_.]+)?$",
        RegexOptions.CultureInvariant);

    private static readonly Regex CitationPattern = new(
        @"^nanoframework/[A-Za-z0-9_.\-]+ \S+\.cs( \(.+\))?$",
        RegexOptions.CultureInvariant);

    private static readonly Regex CitationSeparator = new(@"\s+#(\s+|$)", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, AllowListEntry> _entries = new(StringComparer.Ordinal);

    private AllowList()
    {
    }

    /// <summary>All entries, in file order.</summary>
    public IReadOnlyList<AllowListEntry> Entries => _list;

    private readonly List<AllowListEntry> _list = new();

    /// <summary>True when <paramref name="id"/> is allowed (a verified entry or an explicit host-only exception).</summary>
    public bool Allows(string id) => _entries.ContainsKey(id);

    /// <summary>The entry for <paramref name="id"/>, or null.</summary>
    public AllowListEntry Find(string id) => _entries.TryGetValue(id, out var entry) ? entry : null;

    /// <summary>Builds an allow-list from entries given in code (tests of the guard itself).</summary>
    public static AllowList FromIds(IEnumerable<string> ids)
    {
        var list = new AllowList();
        int line = 0;
        foreach (var id in ids)
        {
            line++;
            list.Add(new AllowListEntry(id, "test", false, line));
        }

        return list;
    }

    /// <summary>Reads and validates the allow-list file; throws <see cref="FormatException"/> listing every bad line.</summary>
    public static AllowList Load(string path)
    {
        var list = new AllowList();
        var errors = new List<string>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // The citation starts at the first '#' preceded by white space ("#ctor" inside an ID is not one).
            var separator = CitationSeparator.Match(line);
            if (!separator.Success)
            {
                errors.Add($"line {lineNumber}: no citation ('# owner/repository path') after the entry: {line}");
                continue;
            }

            string left = line.Substring(0, separator.Index).Trim();
            string citation = line.Substring(separator.Index + separator.Length).Trim();
            bool hostOnly = false;
            if (left.StartsWith("HOST-ONLY ", StringComparison.Ordinal))
            {
                hostOnly = true;
                left = left.Substring("HOST-ONLY ".Length).Trim();
            }

            if (!EntryPattern.IsMatch(left))
            {
                errors.Add($"line {lineNumber}: not a documentation ID (T:, M:, F:, P:): '{left}'");
                continue;
            }

            if (hostOnly)
            {
                if (citation.Length < 20)
                {
                    errors.Add($"line {lineNumber}: a HOST-ONLY exception needs its reason after '#': {line}");
                    continue;
                }
            }
            else if (!CitationPattern.IsMatch(citation))
            {
                errors.Add($"line {lineNumber}: citation must be 'nanoframework/<repository> <path>.cs': '{citation}'");
                continue;
            }

            if (list._entries.ContainsKey(left))
            {
                errors.Add($"line {lineNumber}: duplicate entry {left} (first on line {list._entries[left].Line})");
                continue;
            }

            list.Add(new AllowListEntry(left, citation, hostOnly, lineNumber));
        }

        if (errors.Count > 0)
        {
            throw new FormatException(path + " has bad lines:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return list;
    }

    private void Add(AllowListEntry entry)
    {
        _entries.Add(entry.Id, entry);
        _list.Add(entry);
    }
}

/// <summary>One line of the allow-list.</summary>
/// <param name="Id">Documentation-comment ID of the type or member.</param>
/// <param name="Citation">Where it exists in nanoFramework's source, or (host-only) why it is tolerated.</param>
/// <param name="HostOnly">An explicit exception for a host-compiler artefact, not a device API.</param>
/// <param name="Line">Line number in the file.</param>
public sealed record AllowListEntry(string Id, string Citation, bool HostOnly, int Line);
