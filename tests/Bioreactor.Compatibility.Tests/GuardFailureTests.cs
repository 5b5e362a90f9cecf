using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Compatibility.Tests;

/// <summary>Proof that the guard can fail: assemblies that break each rule are reported, naming the offender.</summary>
[TestClass]
public sealed class GuardFailureTests
{
    /// <summary>Breaks every rule at once.</summary>
    private const string EverythingWrong = @"
using System;
using System.Collections.Generic;

namespace Bad
{
    public enum Colour { Red, Green }

    public class Box<T>
    {
        public T Value;
    }

    public interface IShape
    {
        double Area() { return 0.0; }
    }

    public static unsafe class Tools
    {
        public static T Echo<T>(T value) { return value; }

        public static int CountList()
        {
            var list = new List<int>();
            list.Add(1);
            return list.Count;
        }

        public static Type DictionaryType() { return typeof(Dictionary<,>); }

        public static double Grid()
        {
            var grid = new double[2, 3];
            grid[1, 2] = 4.0;
            return grid[1, 2];
        }

        public static int ThroughPointer(int value)
        {
            int* pointer = &value;
            return *pointer;
        }

        public static void Print() { Console.WriteLine(""hello""); }

        public static double RoundTo(double value) { return Math.Round(value, 2); }

        public static string Name(Colour colour) { return colour.ToString(); }

        public static string Formatted(Colour colour) { return colour.ToString(""G""); }

        public static double Money(double value) { decimal m = (decimal)value; return (double)(m * 2m); }

        public static volatile bool Stopping;

        public static void Ascii(string text, byte[] bytes) { bytes[0] = (byte)text[0]; }
    }
}";

    /// <summary>Uses only what nanoFramework has; the guard must report nothing (so that each sample below fails for its own reason).</summary>
    private const string Clean = @"
using System;

namespace Good
{
    public sealed class Limiter
    {
        private readonly double _maximum;
        private double[][] _history = new double[2][];

        public Limiter(double maximum)
        {
            if (double.IsNaN(maximum) || maximum <= 0.0)
            {
                throw new ArgumentOutOfRangeException(""maximum"", ""maximum must be > 0"");
            }

            _maximum = maximum;
        }

        public double Apply(double value)
        {
            return Math.Min(Math.Abs(value), _maximum) + Math.Round(value) * 0.0 + Math.Clamp(value, 0.0, 1.0) * 0.0;
        }

        // String.get_Chars outside the text encoders, to test ASCII (right on nanoCLR too): allowed.
        public static bool IsDigits(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return text.Length > 0;
        }

        // Bytes from a char array: how text is encoded.
        public static int Encode(string text, byte[] bytes)
        {
            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                bytes[i] = (byte)chars[i];
            }

            return chars.Length;
        }
    }

    public sealed class Notifier
    {
        private readonly object _gate = new object();
        private int _count;

        public event EventHandler Changed;

        public void Raise()
        {
            lock (_gate)
            {
                _count++;
            }

            EventHandler handler = Changed;
            if (handler != null)
            {
                handler(this, EventArgs.Empty);
            }
        }
    }
}";

    /// <summary>
    /// Also proves the two host-compiler artefacts are tolerated where the compiler puts them: lock (Monitor.Enter
    /// with a lockTaken flag) and a field-like event (Interlocked.CompareExchange&lt;EventHandler&gt; in its accessors).
    /// </summary>
    [TestMethod]
    public void CleanSampleHasNoViolations()
    {
        using var image = TestAssemblies.Compile(Clean);
        var violations = NanoFrameworkCompatibilityGuard.Check(image, TestFiles.AllowList);
        Assert.AreEqual(0, violations.Count, string.Join(Environment.NewLine, violations));
    }

    [TestMethod]
    public void AnAssemblyBreakingEveryRuleHasEachBreachReported()
    {
        using var image = TestAssemblies.Compile(EverythingWrong);
        var violations = NanoFrameworkCompatibilityGuard.Check(image, TestFiles.AllowList);
        string all = string.Join(Environment.NewLine, violations);

        AssertReported(violations, CompatibilityRule.Generic, "Bad.Box", "defines the generic type Bad.Box`1", all);
        AssertReported(violations, CompatibilityRule.Generic, "Bad.Tools.Echo", "defines the generic method Bad.Tools.Echo``1", all);
        AssertReported(violations, CompatibilityRule.Generic, "Bad.Tools.CountList", "System.Collections.Generic.List`1<System.Int32>", all);
        AssertReported(violations, CompatibilityRule.Generic, "Bad.Tools.DictionaryType", "System.Collections.Generic.Dictionary`2", all);
        AssertReported(violations, CompatibilityRule.MultidimensionalArray, "Bad.Tools.Grid", "System.Double[,]", all);
        AssertReported(violations, CompatibilityRule.Pointer, "Bad.Tools.ThroughPointer", "System.Int32*", all);
        AssertReported(violations, CompatibilityRule.FrameworkApi, "Bad.Tools.Print", "T:System.Console,", all);
        AssertReported(violations, CompatibilityRule.FrameworkApi, "Bad.Tools.Print", "M:System.Console.WriteLine(System.String)", all);
        AssertReported(violations, CompatibilityRule.FrameworkApi, "Bad.Tools.RoundTo", "M:System.Math.Round(System.Double,System.Int32)", all);
        AssertReported(violations, CompatibilityRule.FrameworkApi, "Bad.Tools.Name", "M:System.Enum.ToString on Bad.Colour", all);
        AssertReported(violations, CompatibilityRule.FrameworkApi, "Bad.Tools.Formatted", "M:System.Enum.ToString(System.String)", all);
        AssertReported(violations, CompatibilityRule.FrameworkApi, "Bad.Tools.Money", "T:System.Decimal", all);
        AssertReported(violations, CompatibilityRule.Unsupported, "Bad.IShape.Area", "interface member with a body", all);
        AssertReported(violations, CompatibilityRule.VolatileField, "Bad.Tools.Stopping", "volatile field Bad.Tools.Stopping", all);
        AssertReported(violations, CompatibilityRule.StringIndexerEncoding, "Bad.Tools.Ascii", "makes a byte straight from String.get_Chars", all);
    }

    [TestMethod]
    [DataRow("generic type definition", CompatibilityRule.Generic, "Sample.Box",
        "namespace Sample { public class Box<T> { } }",
        "defines the generic type Sample.Box`1")]
    [DataRow("generic method definition", CompatibilityRule.Generic, "Sample.C.Same",
        "namespace Sample { public static class C { public static bool Same<T>(T a, T b) { return object.Equals(a, b); } } }",
        "defines the generic method Sample.C.Same``1")]
    [DataRow("generic instantiation in a body only", CompatibilityRule.Generic, "Sample.C.M",
        "namespace Sample { public static class C { public static int M() { return new System.Collections.Generic.List<int>().Count; } } }",
        "instantiates the generic type System.Collections.Generic.List`1<System.Int32>")]
    [DataRow("generic method instantiation", CompatibilityRule.Generic, "Sample.C.M",
        "namespace Sample { public static class C { public static int[] M() { return System.Array.Empty<int>(); } } }",
        "instantiates the generic method System.Array.Empty<System.Int32>")]
    [DataRow("generic field type", CompatibilityRule.Generic, "Sample.C.Items",
        "namespace Sample { public class C { public System.Collections.Generic.Dictionary<string, double> Items; } }",
        "System.Collections.Generic.Dictionary`2<System.String, System.Double>")]
    [DataRow("open generic reference", CompatibilityRule.Generic, "Sample.C.M",
        "namespace Sample { public static class C { public static System.Type M() { return typeof(System.Collections.Generic.Dictionary<,>); } } }",
        "references the generic type System.Collections.Generic.Dictionary`2")]
    [DataRow("nullable value type", CompatibilityRule.Generic, "Sample.C.M",
        "namespace Sample { public static class C { public static bool M(int? value) { return value.HasValue; } } }",
        "System.Nullable`1<System.Int32>")]
    [DataRow("generic local only", CompatibilityRule.Generic, "Sample.C.M",
        "namespace Sample { public static class C { public static void M() { System.Collections.Generic.List<double> unused = null; } } }",
        "System.Collections.Generic.List`1<System.Double> (local variable)")]
    [DataRow("multidimensional array", CompatibilityRule.MultidimensionalArray, "Sample.C.M",
        "namespace Sample { public static class C { public static double M() { var g = new double[2, 2]; return g[0, 1]; } } }",
        "System.Double[,]")]
    [DataRow("multidimensional array field", CompatibilityRule.MultidimensionalArray, "Sample.C.Grid",
        "namespace Sample { public class C { public int[,,] Grid; } }",
        "System.Int32[,,]")]
    [DataRow("pointer", CompatibilityRule.Pointer, "Sample.C.M",
        "namespace Sample { public static unsafe class C { public static int M(int* p) { return *p; } } }",
        "System.Int32*")]
    [DataRow("function pointer", CompatibilityRule.Pointer, "Sample.C.M",
        "namespace Sample { public static unsafe class C { public static void M(delegate*<int, void> f) { f(1); } } }",
        "function pointer")]
    [DataRow("stackalloc", CompatibilityRule.Pointer, "Sample.C.M",
        "namespace Sample { public static unsafe class C { public static byte M() { byte* b = stackalloc byte[4]; return b[0]; } } }",
        "localloc")]
    [DataRow("fixed statement", CompatibilityRule.Pointer, "Sample.C.M",
        "namespace Sample { public static unsafe class C { public static int M(int[] a) { fixed (int* p = a) { return *p; } } } }",
        "pins a local")]
    [DataRow("framework type missing on nanoFramework", CompatibilityRule.FrameworkApi, "Sample.C.M",
        "namespace Sample { public static class C { public static void M() { System.Console.WriteLine(1); } } }",
        "M:System.Console.WriteLine(System.Int32)")]
    [DataRow("overload missing on nanoFramework", CompatibilityRule.FrameworkApi, "Sample.C.M",
        "namespace Sample { public static class C { public static double M(double x) { return System.Math.Round(x, 2); } } }",
        "M:System.Math.Round(System.Double,System.Int32)")]
    [DataRow("integer Clamp missing on nanoFramework", CompatibilityRule.FrameworkApi, "Sample.C.M",
        "namespace Sample { public static class C { public static int M(int x) { return System.Math.Clamp(x, 0, 10); } } }",
        "M:System.Math.Clamp(System.Int32,System.Int32,System.Int32)")]
    [DataRow("decimal", CompatibilityRule.FrameworkApi, "Sample.C.Money",
        "namespace Sample { public class C { public decimal Money; } }",
        "T:System.Decimal")]
    [DataRow("enum ToString", CompatibilityRule.FrameworkApi, "Sample.C.M",
        "namespace Sample { public enum E { A } public static class C { public static string M(E e) { return e.ToString(); } } }",
        "M:System.Enum.ToString on Sample.E")]
    [DataRow("framework member used only in an attribute", CompatibilityRule.FrameworkApi, "Sample.C",
        "namespace Sample { [System.ComponentModel.Description(\"x\")] public class C { } }",
        "M:System.ComponentModel.DescriptionAttribute.#ctor(System.String)")]
    [DataRow("generic CompareExchange outside an event accessor", CompatibilityRule.Generic, "Sample.C.M",
        "namespace Sample { public static class C { public static object M(ref object o) { return System.Threading.Interlocked.CompareExchange<object>(ref o, null, null); } } }",
        "instantiates the generic method System.Threading.Interlocked.CompareExchange<System.Object>")]
    [DataRow("TimeSpan from double seconds", CompatibilityRule.FrameworkApi, "Sample.C.M",
        "namespace Sample { public static class C { public static System.TimeSpan M() { return System.TimeSpan.FromSeconds(1.5); } } }",
        "M:System.TimeSpan.FromSeconds(System.Double)")]
    [DataRow("interpolated number, culture-sensitive (invisible to the banned-API analyzer)", CompatibilityRule.FrameworkApi, "Sample.C.M",
        "namespace Sample { public static class C { public static string M(double x) { return $\"{x:F1}\"; } } }",
        "T:System.Runtime.CompilerServices.DefaultInterpolatedStringHandler")]
    [DataRow("decimal arithmetic (invisible to the banned-API analyzer)", CompatibilityRule.FrameworkApi, "Sample.C.M",
        "namespace Sample { public static class C { public static double M(double x) { decimal m = (decimal)x; return (double)(m * 2m); } } }",
        "T:System.Decimal")]
    [DataRow("tuple (invisible to the banned-API analyzer)", CompatibilityRule.Generic, "Sample.C.M",
        "namespace Sample { public static class C { public static (int, double) M() { return (1, 2.0); } } }",
        "System.ValueTuple`2<System.Int32, System.Double>")]
    [DataRow("ref struct", CompatibilityRule.Pointer, "Sample.R",
        "namespace Sample { public ref struct R { public int X; } }",
        "defines the ref struct Sample.R")]
    [DataRow("default interface method", CompatibilityRule.Unsupported, "Sample.I.M",
        "namespace Sample { public interface I { int M() { return 1; } } }",
        "interface member with a body")]
    [DataRow("varargs", CompatibilityRule.Unsupported, "Sample.C.M",
        "namespace Sample { public static class C { public static void M(__arglist) { } } }",
        "variable argument list")]
    [DataRow("a struct of the project's own", CompatibilityRule.ValueType, "Sample.Reading",
        "namespace Sample { public struct Reading { public double Value; } public enum Kind { A, B } }",
        "defines the value type Sample.Reading")]
    [DataRow("volatile field", CompatibilityRule.VolatileField, "Sample.C.Flag",
        "namespace Sample { public class C { public volatile bool Flag; } }",
        "volatile field Sample.C.Flag does not compile against nanoFramework's mscorlib 1.17.11 (no IsVolatile): use lock or Interlocked")]
    [DataRow("static volatile reference field", CompatibilityRule.VolatileField, "Sample.C.Last",
        "namespace Sample { public static class C { private static volatile string Last; public static string M() { return Last; } } }",
        "volatile field Sample.C.Last")]
    [DataRow("string indexer in a text encoder, even only to test for ASCII", CompatibilityRule.StringIndexerEncoding,
        "Bioreactor.Control.Protocol.JsonWriter.CountNonAscii",
        "namespace Bioreactor.Control.Protocol { public sealed class JsonWriter { public int CountNonAscii(string s) { int n = 0; "
        + "for (int i = 0; i < s.Length; i++) { if (s[i] >= 0x80) { n++; } } return n; } } }",
        "calls String.get_Chars (s[i]) inside the text encoder Bioreactor.Control.Protocol.JsonWriter")]
    [DataRow("string indexer in a type nested in a text encoder", CompatibilityRule.StringIndexerEncoding,
        "Bioreactor.Control.Primitives.Utf8Text.Walker.First",
        "namespace Bioreactor.Control.Primitives { public static class Utf8Text { private static class Walker { "
        + "public static int First(string s) { return s[0]; } } } }",
        "inside the text encoder Bioreactor.Control.Primitives.Utf8Text")]
    [DataRow("String.IndexOf in a text decoder", CompatibilityRule.StringIndexerEncoding,
        "Bioreactor.Control.Primitives.ConfigReader.LineEnd",
        "namespace Bioreactor.Control.Primitives { public sealed class ConfigReader { "
        + "public int LineEnd(string s, int from) { return s.IndexOf('\\n', from); } } }",
        "calls String.IndexOf inside the text encoder Bioreactor.Control.Primitives.ConfigReader")]
    [DataRow("a byte made from s[i] outside the encoders", CompatibilityRule.StringIndexerEncoding, "Sample.C.M",
        "namespace Sample { public static class C { public static void M(string s, byte[] b) { "
        + "for (int i = 0; i < s.Length; i++) { b[i] = (byte)s[i]; } } } }",
        "makes a byte straight from String.get_Chars ((byte)s[i]")]
    [DataRow("a byte made from s[i] in a checked context", CompatibilityRule.StringIndexerEncoding, "Sample.C.M",
        "namespace Sample { public static class C { public static byte M(string s) { return checked((byte)s[0]); } } }",
        "makes a byte straight from String.get_Chars")]
    public void EachRuleIsReportedOnItsOwn(string what, CompatibilityRule rule, string location, string source, string expected)
    {
        using var image = TestAssemblies.Compile(source);
        var violations = NanoFrameworkCompatibilityGuard.Check(image, TestFiles.AllowList);
        AssertReported(violations, rule, location, expected, what + ":" + Environment.NewLine + string.Join(Environment.NewLine, violations));
    }

    [TestMethod]
    public void AFrameworkMemberIsRejectedWhenOnlyItsTypeIsAllowed()
    {
        // The allow-list is per member and per signature: allowing T:System.Math does not allow every Math member.
        using var image = TestAssemblies.Compile(
            "namespace Sample { public static class C { public static double M(double x) { return System.Math.Abs(x); } } }");
        var typeOnly = AllowList.FromIds(new[] { "T:System.Object", "T:System.Double", "T:System.Math", "M:System.Object.#ctor" });
        var violations = NanoFrameworkCompatibilityGuard.Check(image, typeOnly);
        AssertReported(violations, CompatibilityRule.FrameworkApi, "Sample.C.M", "M:System.Math.Abs(System.Double)", string.Join(Environment.NewLine, violations));
    }

    private static void AssertReported(IReadOnlyList<CompatibilityViolation> violations, CompatibilityRule rule, string location, string fragment, string all)
    {
        bool found = violations.Any(v => v.Rule == rule &&
                                         v.Location.StartsWith(location, StringComparison.Ordinal) &&
                                         v.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.IsTrue(found, $"expected [{rule}] at {location} containing '{fragment}'; got:{Environment.NewLine}{all}");
    }
}
