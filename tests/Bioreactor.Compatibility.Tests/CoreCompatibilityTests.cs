using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Compatibility.Tests;

/// <summary>The real check: the host build of every device library uses nothing nanoFramework 1.x cannot run.</summary>
[TestClass]
public sealed class CoreCompatibilityTests
{
    public TestContext TestContext { get; set; }

    [TestMethod]
    [DataRow("Bioreactor.Control.Primitives")]
    [DataRow("Bioreactor.Control.Safety")]
    [DataRow("Bioreactor.Control")]
    [DataRow("Bioreactor.Control.Batch")]
    [DataRow("Bioreactor.Control.Records")]
    [DataRow("Bioreactor.Control.Protocol")]
    [DataRow("Bioreactor.Control.Device")]
    [DataRow("Bioreactor.Esp32")]
    public void DeviceLibraryUsesOnlyWhatNanoFrameworkRuns(string library)
    {
        string path = TestFiles.DeviceLibrary(library);
        Assert.IsTrue(File.Exists(path), "the library's host build was not copied next to the tests: " + path);

        var report = NanoFrameworkCompatibilityGuard.Inspect(path, TestFiles.AllowList);

        if (report.Violations.Count > 0)
        {
            Assert.Fail(
                $"{library}.dll uses {report.Violations.Count} thing(s) nanoFramework 1.x cannot run " +
                "(fix the code; add an allow-list entry only after finding the member in nanoFramework's source):" +
                Environment.NewLine + string.Join(Environment.NewLine, report.Violations));
        }
    }

    [TestMethod]
    public void EveryDeviceLibraryIsChecked()
    {
        var rows = typeof(CoreCompatibilityTests).GetMethod(nameof(DeviceLibraryUsesOnlyWhatNanoFrameworkRuns))!
            .GetCustomAttributes(typeof(DataRowAttribute), false).Cast<DataRowAttribute>()
            .Select(row => (string)row.Data[0]!).ToArray();
        CollectionAssert.AreEquivalent(TestFiles.DeviceLibraries, rows, "one data row per device library");
    }

    [TestMethod]
    public void EveryTextEncoderTypeOfTheGuardExists()
    {
        // The StringIndexerEncoding rule names the encoders; a renamed or moved encoder would silently escape it.
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (string library in TestFiles.DeviceLibraries)
        {
            using var stream = File.OpenRead(TestFiles.DeviceLibrary(library));
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            foreach (var handle in reader.TypeDefinitions)
            {
                defined.Add(MetadataNames.TypeName(reader, handle));
            }
        }

        foreach (string encoder in NanoFrameworkCompatibilityGuard.TextEncoderTypes)
        {
            Assert.IsTrue(defined.Contains(encoder), "the guard's text encoder " + encoder + " is not defined in any device library");
        }
    }

    [TestMethod]
    public void TheCheckIsNotVacuous()
    {
        // The guard must actually see the core's framework references: a core that throws argument exceptions and
        // tests doubles for NaN references at least these. If this fails, the guard is reading the wrong file or
        // has stopped walking the metadata.
        var report = NanoFrameworkCompatibilityGuard.Inspect(TestFiles.DeviceLibrary("Bioreactor.Control"), TestFiles.AllowList);
        TestContext.WriteLine("framework references of the loops:" + Environment.NewLine + string.Join(Environment.NewLine, report.FrameworkReferences));

        foreach (string expected in new[]
                 {
                     "T:System.Object",
                     "M:System.Object.#ctor",
                     "T:System.Double",
                     "M:System.Double.IsNaN(System.Double)",
                     "M:System.ArgumentOutOfRangeException.#ctor(System.String,System.String)",
                 })
        {
            CollectionAssert.Contains(report.FrameworkReferences.ToList(), expected, "the guard did not see " + expected + " in the loops");
        }

        Assert.IsFalse(report.FrameworkReferences.Any(id => id.Contains("Bioreactor.", StringComparison.Ordinal)),
            "references between the project's own libraries are not framework references");
    }
}
