using System;
using System.IO;

namespace Bioreactor.Compatibility.Tests;

/// <summary>Files copied next to the test assembly by the project.</summary>
internal static class TestFiles
{
    /// <summary>
    /// The host builds of every library that goes to a board, bottom layer first (built and copied by the
    /// ProjectReferences): the portable core's layers and the ESP32 board's library.
    /// </summary>
    public static readonly string[] DeviceLibraries =
    {
        "Bioreactor.Control.Primitives",
        "Bioreactor.Control.Safety",
        "Bioreactor.Control",
        "Bioreactor.Control.Batch",
        "Bioreactor.Control.Records",
        "Bioreactor.Control.Protocol",
        "Bioreactor.Control.Device",
        "Bioreactor.Esp32",
    };

    /// <summary>The compiled host build of one device library.</summary>
    public static string DeviceLibrary(string name) => Path.Combine(AppContext.BaseDirectory, name + ".dll");

    public static string AllowListPath => Path.Combine(AppContext.BaseDirectory, "nanoframework-allowlist.txt");

    public static string BannedSymbolsPath => Path.Combine(AppContext.BaseDirectory, "BannedSymbols.txt");

    private static readonly Lazy<AllowList> LoadedAllowList = new(() => AllowList.Load(AllowListPath));

    public static AllowList AllowList => LoadedAllowList.Value;
}
