using System;
using System.Collections.Generic;
using System.IO;
using PdfSharp.Fonts;

namespace Bioreactor.Station.Review;

/// <summary>
/// The PDF report's font: a free sans-serif face the machine already has, found by file name in the usual font folders,
/// regular and bold. PDFsharp's Core build draws text only with fonts a resolver hands it: its platform resolver finds
/// some on Windows and on some Linux distributions (docs.pdfsharp.net, "Font resolving", 6.2) and throws when it finds
/// none, and the Segoe WP faces in the package are for demonstrations only (its "Sample font resolvers" page); a fresh
/// Debian with only the .NET SDK has no font at all. This resolver says plainly which file it uses, or that none was
/// found and which Debian package provides one (fonts-dejavu-core; .ci/run installs it). No font is part of the repository.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    /// <summary>The family name the report asks for; the resolver maps it to the file found.</summary>
    public const string Family = "Station Report Sans";

    /// <summary>The Debian package a machine without fonts needs for the report.</summary>
    public const string DebianPackage = "fonts-dejavu-core";

    private const string RegularFace = "station-report-regular";
    private const string BoldFace = "station-report-bold";

    // Free faces first (DejaVu Sans: fonts-dejavu-core, Liberation Sans: fonts-liberation), then the systems' own.
    private static readonly (string Regular, string Bold)[] Candidates =
    {
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
        ("arial.ttf", "arialbd.ttf"),
        ("Arial.ttf", "Arial Bold.ttf"),
    };

    private static readonly object Gate = new();
    private static ReportFonts installed;

    private readonly byte[] regular;
    private readonly byte[] bold;

    private ReportFonts(string regularPath, string boldPath)
    {
        RegularPath = regularPath;
        BoldPath = boldPath;
        regular = File.ReadAllBytes(regularPath);
        bold = boldPath == null ? null : File.ReadAllBytes(boldPath);
    }

    /// <summary>The regular face's file.</summary>
    public string RegularPath { get; }

    /// <summary>The bold face's file, or null (bold is then simulated).</summary>
    public string BoldPath { get; }

    /// <summary>The folders searched, in order (with their subfolders).</summary>
    public static IReadOnlyList<string> Folders
    {
        get
        {
            var folders = new List<string>();
            string own = Environment.GetEnvironmentVariable("BIOREACTOR_STATION_FONTS");
            if (!string.IsNullOrEmpty(own))
            {
                folders.Add(own);
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            folders.Add("/usr/share/fonts");
            folders.Add("/usr/local/share/fonts");
            if (!string.IsNullOrEmpty(home))
            {
                folders.Add(Path.Combine(home, ".local", "share", "fonts"));
                folders.Add(Path.Combine(home, ".fonts"));
            }

            string windows = Environment.GetFolderPath(Environment.SpecialFolder.Fonts);
            if (!string.IsNullOrEmpty(windows))
            {
                folders.Add(windows);
            }

            folders.Add("/Library/Fonts");
            folders.Add("/System/Library/Fonts/Supplemental");
            return folders;
        }
    }

    /// <summary>The file the report's text uses, or why there is none: for the station's start-up line and its README.</summary>
    public static string Describe() => Describe(Folders);

    /// <summary>As <see cref="Describe()"/>, searching <paramref name="folders"/>.</summary>
    internal static string Describe(IReadOnlyList<string> folders)
    {
        ReportFonts fonts = Find(folders);
        return fonts == null
            ? "PDF report: no font found (DejaVu Sans, Liberation Sans or Arial in " + string.Join(", ", folders)
              + "): the PDF batch report cannot be produced; on Debian install " + DebianPackage
              + ", or point BIOREACTOR_STATION_FONTS at a folder with DejaVuSans.ttf"
            : "PDF report font: " + fonts.RegularPath;
    }

    /// <summary>Finds a face and makes it PDFsharp's font resolver (once per process).</summary>
    /// <exception cref="InvalidOperationException">No font was found (the message names the package to install), or
    /// another font resolver was set in this process first.</exception>
    public static void Install()
    {
        lock (Gate)
        {
            if (installed != null)
            {
                return;
            }

            ReportFonts fonts = Find() ?? throw new InvalidOperationException(Describe());
            if (GlobalFontSettings.FontResolver != null && GlobalFontSettings.FontResolver is not ReportFonts)
            {
                throw new InvalidOperationException("another PDFsharp font resolver is set in this process: the report's font cannot be installed");
            }

            GlobalFontSettings.FontResolver ??= fonts;
            installed = (ReportFonts)GlobalFontSettings.FontResolver;
        }
    }

    /// <summary>The first face found, or null.</summary>
    public static ReportFonts Find() => Find(Folders);

    /// <summary>The first face found in <paramref name="folders"/>, or null.</summary>
    internal static ReportFonts Find(IReadOnlyList<string> folders)
    {
        foreach ((string regularName, string boldName) in Candidates)
        {
            foreach (string folder in folders)
            {
                string regularPath = Search(folder, regularName);
                if (regularPath != null)
                {
                    return new ReportFonts(regularPath, Search(Path.GetDirectoryName(regularPath), boldName) ?? Search(folder, boldName));
                }
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return bold
            ? (this.bold != null ? new FontResolverInfo(BoldFace, false, italic) : new FontResolverInfo(RegularFace, true, italic))
            : new FontResolverInfo(RegularFace, false, italic);
    }

    /// <inheritdoc/>
    public byte[] GetFont(string faceName) => faceName == BoldFace && bold != null ? bold : regular;

    private static string Search(string folder, string fileName)
    {
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return null;
        }

        try
        {
            foreach (string path in Directory.EnumerateFiles(folder, fileName, new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseSensitive, IgnoreInaccessible = true }))
            {
                return path;
            }
        }
        catch (IOException)
        {
            // A folder that vanished or cannot be read holds nothing for us.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
