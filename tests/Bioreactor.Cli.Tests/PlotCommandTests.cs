using System;
using System.Buffers.Binary;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Cli.Tests;

/// <summary><c>record plot</c>: three PNG files with the PNG signature, the documented size and real content.</summary>
[TestClass]
public class PlotCommandTests
{
    private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    [TestMethod]
    public void TheThreeTrendsAreValidPngFiles()
    {
        string folder = SimulatedRecord.NewFolder("plot");
        string path = SimulatedRecord.CopyTo(folder);
        string plots = Path.Combine(folder, "plots");

        CliRunner.Result result = CliRunner.Run("record", "plot", path, "--out", plots);

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        foreach (string name in new[] { "temperature.png", "co2.png", "rocking.png" })
        {
            string file = Path.Combine(plots, name);
            Assert.IsTrue(File.Exists(file), file);
            byte[] png = File.ReadAllBytes(file);
            CollectionAssert.AreEqual(PngSignature, png[..8], name + ": PNG signature");
            // IHDR is the first chunk: width and height, big-endian, at bytes 16 and 20 (PNG specification, section 11.2.2).
            Assert.AreEqual("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4), name);
            Assert.AreEqual(1400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), name + " width");
            Assert.AreEqual(520, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), name + " height");
            // Curves, labels and shading compress far worse than an empty frame (about 10 KB at this size).
            Assert.IsTrue(png.Length > 30_000, name + ": " + png.Length + " bytes");
            StringAssert.Contains(result.Output, name);
        }

        Directory.Delete(folder, true);
    }
}
