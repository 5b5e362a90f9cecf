using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Compatibility.Tests;

/// <summary>One nanoFramework project (.nfproj) of the repository, read as the device build reads it.</summary>
/// <param name="ProjectPath">The .nfproj file.</param>
/// <param name="AssemblyName">Its AssemblyName (NFUnitTest for every device test assembly).</param>
/// <param name="Sources">Every C# file it compiles: its own Compile items and those of the shared projects it imports.</param>
/// <param name="ProjectReferences">The .nfproj files it references.</param>
/// <param name="DevicePackages">Referenced nanoFramework assemblies that have no host equivalent (bus, Wi-Fi, MQTT…).</param>
public sealed record DeviceProject(
    string ProjectPath, string AssemblyName, IReadOnlyList<string> Sources, IReadOnlyList<string> ProjectReferences,
    IReadOnlyList<string> DevicePackages)
{
    /// <summary>A name that tells the device test assemblies apart (they are all called NFUnitTest).</summary>
    public string DisplayName => Path.GetFileNameWithoutExtension(ProjectPath);

    /// <summary>True when the host can compile it: it needs nothing but mscorlib, System.Math and the test framework.</summary>
    public bool HostCompilable => DevicePackages.Count == 0;
}

/// <summary>
/// Finds every .nfproj of the repository and compiles what it compiles with Roslyn, in a Debug build (the
/// configuration Visual Studio deploys), on the host: the shared test sources against MSTest instead of
/// nanoFramework.TestFramework, whose assert subset they keep to.
/// </summary>
public static class DeviceProjects
{
    /// <summary>Assemblies of nanoFramework packages that the host has an equivalent of (mscorlib, Math, the test framework).</summary>
    private static readonly string[] HostEquivalents = { "mscorlib", "System.Math", "nanoFramework.TestFramework", "nanoFramework.UnitTestLauncher" };

    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Images = new(StringComparer.Ordinal);

    private static readonly Lazy<IReadOnlyList<DeviceProject>> AllProjects = new(FindAll);

    /// <summary>The repository's root (the folder holding Bioreactor.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Bioreactor.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Bioreactor.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Every .nfproj under firmware/, hardware/ and tests/.</summary>
    public static IReadOnlyList<DeviceProject> All => AllProjects.Value;

    /// <summary>The project at <paramref name="projectPath"/>.</summary>
    public static DeviceProject Get(string projectPath) =>
        All.Single(p => string.Equals(p.ProjectPath, Path.GetFullPath(projectPath), StringComparison.Ordinal));

    private static IReadOnlyList<DeviceProject> FindAll()
    {
        var projects = new List<DeviceProject>();
        foreach (string top in new[] { "firmware", "hardware", "tests" })
        {
            foreach (string path in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, top), "*.nfproj", SearchOption.AllDirectories))
            {
                if (!path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    projects.Add(Read(path));
                }
            }
        }

        return projects.OrderBy(p => p.ProjectPath, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Reads a .nfproj: its assembly name, sources (own and imported shared projects) and references.</summary>
    public static DeviceProject Read(string projectPath)
    {
        projectPath = Path.GetFullPath(projectPath);
        string directory = Path.GetDirectoryName(projectPath)!;
        var project = XDocument.Load(projectPath);
        XNamespace msbuild = project.Root!.Name.Namespace;

        string assemblyName = project.Descendants(msbuild + "AssemblyName").Single().Value;
        var sources = new List<string>();
        foreach (var compile in project.Descendants(msbuild + "Compile"))
        {
            sources.AddRange(Expand(directory, compile, directory));
        }

        foreach (var import in project.Descendants(msbuild + "Import").Where(i => (string)i.Attribute("Label") == "Shared"))
        {
            string projitems = Resolve(directory, (string)import.Attribute("Project")!);
            var shared = XDocument.Load(projitems);
            string sharedDirectory = Path.GetDirectoryName(projitems)! + Path.DirectorySeparatorChar;
            foreach (var compile in shared.Descendants(shared.Root!.Name.Namespace + "Compile"))
            {
                sources.AddRange(Expand(sharedDirectory, compile, sharedDirectory));
            }
        }

        var references = project.Descendants(msbuild + "ProjectReference")
            .Select(r => Resolve(directory, (string)r.Attribute("Include")!)).ToArray();
        var devicePackages = project.Descendants(msbuild + "Reference")
            .Select(r => (string)r.Attribute("Include")!)
            .Where(name => !HostEquivalents.Contains(name, StringComparer.Ordinal)).ToArray();

        return new DeviceProject(projectPath, assemblyName, sources.Distinct(StringComparer.Ordinal).ToArray(), references, devicePackages);
    }

    /// <summary>The files of one Compile item: a file, or a "**\*.cs" glob with Exclude folders ("X\**").</summary>
    private static IEnumerable<string> Expand(string baseDirectory, XElement compile, string thisFileDirectory)
    {
        string include = Substitute((string)compile.Attribute("Include")!, thisFileDirectory);
        string exclude = Substitute((string)compile.Attribute("Exclude") ?? string.Empty, thisFileDirectory);
        if (!include.Contains('*', StringComparison.Ordinal))
        {
            string file = Resolve(baseDirectory, include);
            Assert.IsTrue(File.Exists(file), "a device project compiles a file that does not exist: " + file);
            return new[] { file };
        }

        Assert.IsTrue(include.EndsWith(@"**\*.cs", StringComparison.Ordinal), "only **\\*.cs globs are understood: " + include);
        string root = Resolve(baseDirectory, include.Substring(0, include.Length - @"**\*.cs".Length));
        var excluded = exclude.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => Resolve(baseDirectory, e.EndsWith(@"\**", StringComparison.Ordinal) ? e[..^3] : e) + Path.DirectorySeparatorChar)
            .ToArray();
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !excluded.Any(x => f.StartsWith(x, StringComparison.Ordinal)))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static string Substitute(string value, string thisFileDirectory) =>
        value.Replace("$(MSBuildThisFileDirectory)", thisFileDirectory.Replace(Path.DirectorySeparatorChar, '\\'), StringComparison.Ordinal);

    private static string Resolve(string baseDirectory, string windowsPath)
    {
        string path = windowsPath.Replace('\\', Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));
    }

    /// <summary>The Debug image of a host-compilable device project (its references compiled first); cached.</summary>
    public static byte[] Compile(DeviceProject project) =>
        Images.GetOrAdd(project.ProjectPath, _ => new Lazy<byte[]>(() => CompileNow(project))).Value;

    private static byte[] CompileNow(DeviceProject project)
    {
        Assert.IsTrue(project.HostCompilable, project.DisplayName + " needs device packages: " + string.Join(", ", project.DevicePackages));
        var references = new List<MetadataReference>(TestAssemblies.RuntimeReferences)
        {
            MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location),
        };
        foreach (string referenced in project.ProjectReferences)
        {
            references.Add(MetadataReference.CreateFromImage(Compile(Get(referenced))));
        }

        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp9);
        var trees = project.Sources.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, f)).ToArray();
        var compilation = CSharpCompilation.Create(
            project.AssemblyName,
            trees,
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Debug,
                nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.IsTrue(result.Success, project.DisplayName + " does not compile on the host:" + Environment.NewLine +
            string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        return image.ToArray();
    }

    /// <summary>Names, literals and statement-level syntax of sources the host cannot compile (the ESP32 application).</summary>
    public static (int StringBytes, int SyntaxNodes) SyntaxFigures(IEnumerable<string> sources)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        int nodes = 0;
        foreach (string file in sources)
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.CSharp9)).GetRoot();
            foreach (var token in root.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    strings.Add(token.ValueText);
                }
                else if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringTextToken))
                {
                    strings.Add(token.ValueText);
                }
            }

            nodes += CountCodeNodes(root);
        }

        return (strings.Sum(s => System.Text.Encoding.UTF8.GetByteCount(s) + 1), nodes);
    }

    /// <summary>Statements and expressions inside method, accessor and constructor bodies: what becomes bytecode.</summary>
    public static int CountCodeNodes(SyntaxNode root) =>
        root.DescendantNodes().Count(n => (n is StatementSyntax || n is ExpressionSyntax) && n.Ancestors().Any(a => a is BlockSyntax || a is ArrowExpressionClauseSyntax));

    /// <summary>The code nodes of a project's sources.</summary>
    public static int CountCodeNodes(DeviceProject project) =>
        project.Sources.Sum(f => CountCodeNodes(CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.CSharp9)).GetRoot()));
}
