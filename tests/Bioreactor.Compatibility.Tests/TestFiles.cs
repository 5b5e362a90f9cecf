using System;
using System.IO;

namespace Bioreactor.Compatibility.Tests;

/// <summary>Files copied next to the test assembly by the project.</summary>
internal static class TestFiles
{
    /// <summary>The compiled host build of the core (built and copied by the ProjectReference).</summary>
    public static string CoreAssembly => Path.Combine(AppContext.BaseDirectory, "Bioreactor.Control.dll");

    public static string AllowListPath => Path.Combine(AppContext.BaseDirectory, "nanoframework-allowlist.txt");

    public static string BannedSymbolsPath => Path.Combine(AppContext.BaseDirectory, "BannedSymbols.txt");

    private static readonly Lazy<AllowList> LoadedAllowList = new(() => AllowList.Load(AllowListPath));

    public static AllowList AllowList => LoadedAllowList.Value;
}
