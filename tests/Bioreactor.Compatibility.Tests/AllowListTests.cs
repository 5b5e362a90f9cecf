using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Compatibility.Tests;

/// <summary>The allow-list file is well formed, cited, and consistent with the banned-API list.</summary>
[TestClass]
public sealed class AllowListTests
{
    [TestMethod]
    public void EveryLineIsACitedEntryAndNoneIsRepeated()
    {
        // Load throws FormatException naming every malformed, uncited or duplicate line.
        var list = AllowList.Load(TestFiles.AllowListPath);

        Assert.IsTrue(list.Entries.Count > 50, "the allow-list has only " + list.Entries.Count + " entries");
        Assert.AreEqual(list.Entries.Count, list.Entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var entry in list.Entries.Where(e => !e.HostOnly))
        {
            StringAssert.StartsWith(entry.Citation, "nanoframework/", "line " + entry.Line);
        }
    }

    [TestMethod]
    public void EveryMemberEntryHasItsTypeAllowed()
    {
        var list = TestFiles.AllowList;
        var missing = new List<string>();
        foreach (var entry in list.Entries.Where(e => !e.Id.StartsWith("T:", StringComparison.Ordinal)))
        {
            string type = "T:" + DeclaringType(entry.Id);
            if (!list.Allows(type))
            {
                missing.Add($"line {entry.Line}: {entry.Id} needs {type}");
            }
        }

        Assert.AreEqual(0, missing.Count, string.Join(Environment.NewLine, missing));
    }

    [TestMethod]
    [DataRow("M:System.Math.Abs(System.Double)", "no citation")]
    [DataRow("M:System.Math.Abs(System.Double)    # somewhere on the internet", "citation must be")]
    [DataRow("Math.Abs    # nanoframework/System.Math nanoFramework.System.Math/Math.cs", "not a documentation ID")]
    [DataRow("HOST-ONLY T:System.Foo    # why", "needs its reason")]
    [DataRow("T:System.Object    # nanoframework/CoreLibrary nanoFramework.CoreLibrary/System/Object.cs\nT:System.Object    # nanoframework/CoreLibrary nanoFramework.CoreLibrary/System/Object.cs", "duplicate entry")]
    public void BadLinesAreRejected(string content, string expectedError)
    {
        string path = Path.Combine(Path.GetTempPath(), "allowlist-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, "# header\n" + content + "\n");
        try
        {
            var error = Assert.ThrowsExactly<FormatException>(() => AllowList.Load(path));
            StringAssert.Contains(error.Message, expectedError);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void NoAllowedEntryIsBannedForTheCore()
    {
        // BannedSymbols.txt gives early compile errors; an allow-list entry that it bans would be dead or
        // contradictory (for example double.ToString(string) exists on nanoFramework but is culture-sensitive on
        // the host).
        var banned = File.ReadAllLines(TestFiles.BannedSymbolsPath)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(';')[0].Trim())
            .ToList();
        var conflicts = new List<string>();
        foreach (var entry in TestFiles.AllowList.Entries)
        {
            foreach (string ban in banned)
            {
                if (IsBannedBy(entry.Id, ban))
                {
                    conflicts.Add($"line {entry.Line}: {entry.Id} is banned by {ban}");
                }
            }
        }

        Assert.AreEqual(0, conflicts.Count, string.Join(Environment.NewLine, conflicts));
    }

    private static bool IsBannedBy(string id, string ban)
    {
        string type = id.StartsWith("T:", StringComparison.Ordinal) ? id.Substring(2) : DeclaringType(id);
        switch (ban[0])
        {
            case 'N':
                string ns = ban.Substring(2);
                return type.StartsWith(ns + ".", StringComparison.Ordinal) && !type.Substring(ns.Length + 1).Contains('.');
            case 'T':
                string bannedType = ban.Substring(2);
                return type == bannedType || type.StartsWith(bannedType + ".", StringComparison.Ordinal) ||
                       type.StartsWith(bannedType + "`", StringComparison.Ordinal);
            default:
                // A member ID bans that member; a property ID (or a property written as M:) bans its accessors.
                if (id == ban)
                {
                    return true;
                }

                string member = ban.Substring(2);
                int dot = member.LastIndexOf('.');
                if (member.Contains('(') || dot < 0)
                {
                    return false;
                }

                string owner = member.Substring(0, dot);
                string name = member.Substring(dot + 1);
                return id == "M:" + owner + ".get_" + name || id == "M:" + owner + ".set_" + name;
        }
    }

    /// <summary>The declaring type of a member ID: M:System.Math.Abs(System.Double) gives System.Math.</summary>
    internal static string DeclaringType(string memberId)
    {
        string body = memberId.Substring(2);
        int paren = body.IndexOf('(');
        if (paren >= 0)
        {
            body = body.Substring(0, paren);
        }

        int tilde = body.IndexOf('~');
        if (tilde >= 0)
        {
            body = body.Substring(0, tilde);
        }

        return body.Substring(0, body.LastIndexOf('.'));
    }
}
