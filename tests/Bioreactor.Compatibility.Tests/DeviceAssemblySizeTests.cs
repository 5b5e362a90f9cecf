using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Compatibility.Tests;

/// <summary>
/// The size guard: every assembly that goes to a board (the core's layers, the ESP32 library, the ESP32 application,
/// each device test assembly) stays within <see cref="DeviceAssemblySize.BudgetBytes"/> of strings and of bytecode in a
/// Debug build, estimated from its host compilation (see <see cref="DeviceAssemblySize.Estimate"/>).
/// </summary>
/// <remarks>
/// Calibration against the real toolchain (nanoframework/metadata-processor converting the same sources compiled
/// against nanoFramework's own mscorlib 1.17.11): see <see cref="Calibration"/>.
/// </remarks>
[TestClass]
public sealed class DeviceAssemblySizeTests
{
    /// <summary>
    /// How far the estimate is from the metadata processor's real tables, measured on 2026-12-07 by compiling every
    /// .nfproj against nanoFramework's own mscorlib 1.17.11, System.Math 1.5.116, TestFramework 3.0.80 and the
    /// application's pinned packages (Debug) and converting it with nanoframework/metadata-processor v3.0.100. The estimate
    /// was at or above the real figure for every assembly; real strings / bytecode in bytes, and the estimate's excess:
    /// Primitives 1,398 (+77 %) / 3,820 (+1 %); Safety 21,611 (+7 %) / 13,950 (+3 %); Control 23,335 (+8 %) / 24,449 (+1 %);
    /// Batch 11,276 (+18 %) / 15,859 (+3 %); Records 13,316 (+15 %) / 18,742 (+1 %); Protocol 4,998 (+21 %) / 9,669 (+3 %);
    /// Device 14,420 (+9 %) / 16,495 (+2 %); Esp32 11,747 (+20 %) / 11,063 (+3 %); the ESP32 application (estimated from
    /// its syntax) 6,658 (+23 %) / 8,007 (+11 %); device tests: Safety 21,476 (+19 %) / 19,684 (+10 %);
    /// Pid 16,331 (+13 %) / 23,501 (+2 %); Control 23,802 (+18 %) / 23,162 (+5 %); Batch 37,364 (+13 %) / 20,351 (+20 %);
    /// Records 19,879 (+36 %) / 15,269 (+15 %); Device 25,084 (+23 %) / 20,276 (+9 %); Esp32 16,621 (+28 %) / 12,335 (+13 %).
    /// Strings run high because the runtime's built-in names are not stored again; the test assemblies' bytecode runs high
    /// because MSTest's asserts stand in for nanoFramework.TestFramework's.
    /// </summary>
    public const string Calibration = "estimate at or above the metadata processor's figures (2026-12-07)";

    public TestContext TestContext { get; set; }

    public static IEnumerable<object[]> Projects =>
        DeviceProjects.All.Select(p => new object[] { Path.GetRelativePath(DeviceProjects.RepositoryRoot, p.ProjectPath) });

    [TestMethod]
    [DynamicData(nameof(Projects))]
    public void DeviceAssemblyIsWithinItsBudget(string project)
    {
        var size = Measure(DeviceProjects.Get(Path.Combine(DeviceProjects.RepositoryRoot, project)));
        TestContext.WriteLine(size.ToString());
        Assert.IsTrue(size.WithinBudget, project + " is over its budget: " + size);
    }

    [TestMethod]
    public void EveryBoardAssemblyIsMeasured()
    {
        var projects = DeviceProjects.All;
        var table = new StringBuilder("device assembly | strings B | bytecode B (Debug, estimated)").AppendLine();
        foreach (var project in projects)
        {
            var size = Measure(project);
            table.Append(project.DisplayName).Append(" | ").Append(size.StringBytes).Append(" | ").Append(size.BytecodeBytes).AppendLine();
        }

        TestContext.WriteLine(table.ToString());
        string[] names = projects.Select(p => p.DisplayName).ToArray();
        foreach (string expected in TestFiles.DeviceLibraries.Concat(new[] { "Bioreactor.Esp32.App" }))
        {
            CollectionAssert.Contains(names, expected, "the size guard did not find " + expected + ".nfproj");
        }

        Assert.AreEqual(7, projects.Count(p => p.AssemblyName == "NFUnitTest"), "device test assemblies found");
    }

    [TestMethod]
    public void TheGuardFailsAboveTheBudget()
    {
        // 60 KB of distinct literals: over the string budget, under the bytecode budget.
        var literals = new StringBuilder("public static class Big { public static string[] All() { return new string[] {");
        for (int i = 0; i < 1500; i++)
        {
            literals.Append("\"literal number ").Append(i).Append(" padded to forty bytes ......\",");
        }

        literals.Append("}; } }");
        var strings = DeviceAssemblySize.Estimate(TestAssemblies.Compile(literals.ToString()));
        Assert.IsTrue(strings.StringBytes > DeviceAssemblySize.BudgetBytes, "strings: " + strings);
        Assert.IsFalse(strings.WithinBudget, strings.ToString());

        // Long arithmetic bodies: over the bytecode budget.
        var code = new StringBuilder("public static class Long {");
        for (int m = 0; m < 40; m++)
        {
            code.Append("public static double M").Append(m).Append("(double x) { double y = x;");
            for (int i = 0; i < 200; i++)
            {
                code.Append("y = y * 1.0001 + x;");
            }

            code.Append("return y; }");
        }

        code.Append('}');
        var bytecode = DeviceAssemblySize.Estimate(TestAssemblies.Compile(code.ToString()));
        Assert.IsTrue(bytecode.BytecodeBytes > DeviceAssemblySize.BudgetBytes, "bytecode: " + bytecode);
        Assert.IsFalse(bytecode.WithinBudget, bytecode.ToString());
    }

    [TestMethod]
    public void TheEstimateCountsWhatTheMetadataProcessorStores()
    {
        // One type, one field, one method, one literal: their names and the literal are in the table, each once.
        var size = DeviceAssemblySize.Estimate(TestAssemblies.Compile(
            "namespace Tiny { public class Probe { public int Count; public string Name() { return \"probe\" + \"probe\"; } } }"));
        foreach (string expected in new[] { "Tiny", "Probe", "Count", "Name", "probe" })
        {
            Assert.IsTrue(size.StringBytes >= Encoding.UTF8.GetByteCount(expected) + 1, expected);
        }

        Assert.IsTrue(size.BytecodeBytes > 0 && size.BytecodeBytes < 64, "a one-line method is a few bytes: " + size);
    }

    /// <summary>
    /// A host-compilable project is compiled and measured; the ESP32 application (it needs the board's packages) is
    /// estimated from its syntax: its distinct identifiers and literals (a superset of the names the metadata processor
    /// keeps) and its statements and expressions times the bytecode per node measured on the core's own libraries in
    /// the same run.
    /// </summary>
    private static DeviceAssemblySize Measure(DeviceProject project)
    {
        if (project.HostCompilable)
        {
            using var image = new MemoryStream(DeviceProjects.Compile(project));
            return DeviceAssemblySize.Estimate(image) with { Assembly = project.DisplayName };
        }

        var (stringBytes, nodes) = DeviceProjects.SyntaxFigures(project.Sources);
        return new DeviceAssemblySize(project.DisplayName, stringBytes, (int)Math.Ceiling(nodes * BytecodePerCodeNode.Value));
    }

    private static readonly Lazy<double> BytecodePerCodeNode = new(() =>
    {
        var libraries = DeviceProjects.All.Where(p => p.HostCompilable && p.AssemblyName != "NFUnitTest").ToArray();
        double bytecode = libraries.Sum(p => DeviceAssemblySize.Estimate(new MemoryStream(DeviceProjects.Compile(p))).BytecodeBytes);
        double nodes = libraries.Sum(DeviceProjects.CountCodeNodes);
        return bytecode / nodes;
    });
}
