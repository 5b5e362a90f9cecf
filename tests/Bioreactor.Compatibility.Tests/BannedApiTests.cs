using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Compatibility.Tests;

/// <summary>
/// The early errors: the banned-API analyzer, fed the core's BannedSymbols.txt, reports RS0030 on each thing the
/// issue names (LINQ, generic collections, Task, decimal, Enum.ToString, culture-sensitive formatting).
/// </summary>
/// <remarks>
/// The analyzer sees symbols, not lowered code: it does not see the formatting behind an interpolated string,
/// the ValueTuple behind (a, b), the Nullable behind int? in a signature, or decimal literals, conversions and
/// arithmetic (built-in operators have no symbol). The compiled-assembly guard catches those (GuardFailureTests),
/// which is why both exist.
/// </remarks>
[TestClass]
public sealed class BannedApiTests
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> Analyzers = new(LoadAnalyzers);

    [TestMethod]
    [DataRow("LINQ", "using System.Linq; static class C { static bool M(int[] a) { return a.Any(); } }")]
    [DataRow("generic collection", "static class C { static int M() { return new System.Collections.Generic.List<int>().Count; } }")]
    [DataRow("Task", "static class C { static System.Threading.Tasks.Task M() { return System.Threading.Tasks.Task.CompletedTask; } }")]
    [DataRow("decimal member", "static class C { static decimal M(decimal x) { return decimal.Round(x); } }")]
    [DataRow("Enum.ToString", "enum E { A } static class C { static string M(E e) { return e.ToString(); } }")]
    [DataRow("double.ToString(format)", "static class C { static string M(double x) { return x.ToString(\"F1\"); } }")]
    [DataRow("string.Format", "static class C { static string M(double x) { return string.Format(\"{0:F1}\", x); } }")]
    [DataRow("Nullable member", "static class C { static int M(int? x) { return x.Value; } }")]
    [DataRow("Math.Round with digits", "static class C { static double M(double x) { return System.Math.Round(x, 2); } }")]
    [DataRow("clock", "static class C { static System.DateTime M() { return System.DateTime.UtcNow; } }")]
    [DataRow("tick count", "static class C { static long M() { return System.Environment.TickCount64; } }")]
    public void BannedApiIsAnError(string what, string source)
    {
        var diagnostics = Analyze(source);
        Assert.IsTrue(diagnostics.Any(d => d.Id == "RS0030"),
            what + " was not reported as a banned API; diagnostics: " + string.Join("; ", diagnostics));
    }

    [TestMethod]
    public void PlainCoreCodeIsNotReported()
    {
        var diagnostics = Analyze(
            "static class C { static double M(double x) { if (double.IsNaN(x)) { throw new System.ArgumentException(\"x must be a number\", \"x\"); } return System.Math.Min(System.Math.Abs(x), 1.0); } }");
        Assert.AreEqual(0, diagnostics.Count(d => d.Id.StartsWith("RS00", StringComparison.Ordinal)), string.Join("; ", diagnostics));
    }

    private static IReadOnlyList<Diagnostic> Analyze(string source)
    {
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = new[] { "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Linq.dll", "System.Collections.dll" }
            .Select(name => MetadataReference.CreateFromFile(Path.Combine(runtimeDirectory, name)));
        var compilation = CSharpCompilation.Create(
            "BannedSample",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9)) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var banned = new InMemoryAdditionalText("BannedSymbols.txt", File.ReadAllText(TestFiles.BannedSymbolsPath));
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(banned));
        var withAnalyzers = compilation.WithAnalyzers(Analyzers.Value, options);
        return withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "analyzers");
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (string path in Directory.GetFiles(folder, "*BannedApiAnalyzers.dll"))
        {
            foreach (var type in LoadableTypes(Assembly.LoadFrom(path)))
            {
                if (!type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) &&
                    type.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
                {
                    analyzers.Add((DiagnosticAnalyzer)Activator.CreateInstance(type)!);
                }
            }
        }

        Assert.IsTrue(analyzers.Count > 0, "no banned-API analyzer found in " + folder);
        return analyzers.ToImmutable();
    }

    /// <summary>The analyzer assemblies also hold code fixes that need Workspaces, which is not loaded here.</summary>
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            return exception.Types.Where(t => t is not null)!;
        }
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
