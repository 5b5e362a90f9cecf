using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bioreactor.Compatibility.Tests;

/// <summary>Compiles small C# 9 sources in memory against the running runtime's assemblies.</summary>
internal static class TestAssemblies
{
    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    /// <summary>The running runtime's assemblies, as compilation references.</summary>
    public static MetadataReference[] RuntimeReferences => References.Value;

    /// <summary>
    /// The compiled image of <paramref name="source"/>; throws on compile errors. Unsafe code is allowed only when the
    /// source uses it, because /unsafe makes the compiler add security attributes of its own.
    /// </summary>
    public static MemoryStream Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Bioreactor.Compatibility.Sample",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9)) },
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: source.Contains("unsafe", StringComparison.Ordinal),
                nullableContextOptions: NullableContextOptions.Disable));
        var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException(
                "the sample does not compile:" + Environment.NewLine +
                string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        image.Position = 0;
        return image;
    }

    private static MetadataReference[] LoadReferences()
    {
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = new List<MetadataReference>();
        foreach (string path in Directory.GetFiles(runtimeDirectory, "*.dll"))
        {
            using (var stream = File.OpenRead(path))
            using (var pe = new PEReader(stream))
            {
                if (!pe.HasMetadata)
                {
                    continue;
                }
            }

            references.Add(MetadataReference.CreateFromFile(path));
        }

        return references.ToArray();
    }
}
