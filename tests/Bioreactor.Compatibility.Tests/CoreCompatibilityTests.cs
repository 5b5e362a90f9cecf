using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Compatibility.Tests;

/// <summary>The real check: the core's host build uses nothing nanoFramework 1.x cannot run.</summary>
[TestClass]
public sealed class CoreCompatibilityTests
{
    public TestContext TestContext { get; set; }

    [TestMethod]
    public void CoreHostBuildUsesOnlyWhatNanoFrameworkRuns()
    {
        Assert.IsTrue(File.Exists(TestFiles.CoreAssembly), "the core's host build was not copied next to the tests: " + TestFiles.CoreAssembly);

        var report = NanoFrameworkCompatibilityGuard.Inspect(TestFiles.CoreAssembly, TestFiles.AllowList);

        if (report.Violations.Count > 0)
        {
            Assert.Fail(
                $"Bioreactor.Control.dll uses {report.Violations.Count} thing(s) nanoFramework 1.x cannot run " +
                "(fix the core; add an allow-list entry only after finding the member in nanoFramework's source):" +
                Environment.NewLine + string.Join(Environment.NewLine, report.Violations));
        }
    }

    [TestMethod]
    public void TheCheckIsNotVacuous()
    {
        // The guard must actually see the core's framework references: a core that throws argument exceptions and
        // tests doubles for NaN references at least these. If this fails, the guard is reading the wrong file or
        // has stopped walking the metadata.
        var report = NanoFrameworkCompatibilityGuard.Inspect(TestFiles.CoreAssembly, TestFiles.AllowList);
        TestContext.WriteLine("framework references of the core:" + Environment.NewLine + string.Join(Environment.NewLine, report.FrameworkReferences));

        foreach (string expected in new[]
                 {
                     "T:System.Object",
                     "M:System.Object.#ctor",
                     "T:System.Double",
                     "M:System.Double.IsNaN(System.Double)",
                     "M:System.ArgumentOutOfRangeException.#ctor(System.String,System.String)",
                 })
        {
            CollectionAssert.Contains(report.FrameworkReferences.ToList(), expected, "the guard did not see " + expected + " in the core");
        }
    }
}
