using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Bioreactor.BatchRecords;
using Bioreactor.Station.Review;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Bioreactor.Station.Tests;

/// <summary>
/// The PDF batch report, read back with PdfPig: the batch id, the verification first, each exception (the excursion's
/// variable and duration, the alarm with who acknowledged it), each signature's meaning, the exceptions before the audit
/// trail and the trends, "page N of M" on every page and where it comes from; a broken record's report says so first;
/// a 10-day record's report (its size and time printed as a figure); the font the report uses, or a plain message.
/// </summary>
[TestClass]
public class PdfReportTests
{
    private static readonly DateTime Generated = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void ThePdfHoldsTheBatchItsExceptionsAndEverySignaturesMeaning()
    {
        BatchReview review = ReviewTests.Verified(ReviewRecords.Record);

        byte[] pdf = PdfBatchReport.Render(review, Generated);

        List<string> pages = Pages(pdf);
        string all = Squeeze(string.Concat(pages));
        StringAssert.StartsWith(Squeeze(pages[0]), Squeeze("Batch record review: " + ReviewRecords.BatchId + "VERIFICATION: INTACT"),
            "the verification right under the title");
        Contains(all, "t-cell-expansion-10d version 1");
        Contains(all, "sim-device-1");
        Contains(all, review.Summary);
        foreach (ReviewExcursion e in review.Excursions)
        {
            Contains(all, e.Variable + "4.8 to 5.2 %" + Time(e.StartUtc) + Time(e.EndUtc) + RecordNames.Duration(e.Duration)
                + RecordNames.Number(e.Extreme, 2) + " " + e.Unit);
        }

        ReviewAlarm door = review.Alarms.Single(a => a.Code == "door_open");
        Contains(all, "(door_open)");
        Contains(all, Time(door.AcknowledgedUtc.Value) + " by tech.sim (Sam Simulated-Tech), signed as performed");
        Contains(all, "(power_interrupted)");
        Contains(all, "Resume");
        Contains(all, "Hold refused: NotPermitted (QA may not hold)");
        Contains(all, RecordNames.Duration(review.PowerCuts[0].Outage.Value) + "PauseTimer");
        Contains(all, "Released" + "qa.sim (Quinn Simulated-QA), signed as released");

        // Every signature's meaning, in the actions table and the audit trail.
        foreach (ReviewAction a in review.Actions)
        {
            Contains(all, a.Signed ? a.Meaning + a.SignedAt : "UNSIGNED");
        }

        Contains(all, "performed by tech.sim (Sam Simulated-Tech)");
        Contains(all, "released by qa.sim (Quinn Simulated-QA)");
        Contains(all, "reviewed by", negate: true);

        // Exceptions first, then the actions, the audit trail and the trends.
        int exceptions = all.IndexOf(Squeeze("Exceptions (" + review.ExceptionCount + ")"), StringComparison.Ordinal);
        int actions = all.IndexOf(Squeeze("Operator actions and signatures"), StringComparison.Ordinal);
        int audit = all.IndexOf(Squeeze("Audit trail"), StringComparison.Ordinal);
        int trends = all.IndexOf(Squeeze("Liquid and plate temperature"), StringComparison.Ordinal);
        Assert.IsTrue(exceptions > 0 && exceptions < actions && actions < audit && audit < trends, $"{exceptions} {actions} {audit} {trends}");
        Contains(all, "CO2 (%)");
        Contains(all, "Rocking rate (rpm)");

        for (int i = 0; i < pages.Count; i++)
        {
            Contains(Squeeze(pages[i]), "page " + (i + 1) + " of " + pages.Count);
            Contains(Squeeze(pages[i]), "generated 2026-02-01T12:00:00.000Z · " + PdfBatchReport.Provenance);
        }
    }

    [TestMethod]
    public void ABrokenRecordsReportSaysSoFirst()
    {
        byte[] bytes = (byte[])ReviewRecords.Record.Clone();
        BatchRecord intact = BatchRecord.FromBytes("r", bytes);
        bytes[intact.Samples[10].Entry.Position + Control.Records.RecordFormat.HeaderLength + 4] ^= 0x40;
        BatchReview review = ReviewTests.Verified(bytes);

        List<string> pages = Pages(PdfBatchReport.Render(review, Generated));

        StringAssert.StartsWith(Squeeze(pages[0]), Squeeze("Batch record review: " + ReviewRecords.BatchId + "VERIFICATION: BROKEN"));
        Contains(Squeeze(pages[0]), review.Verification.Text);
        for (int i = 1; i < pages.Count; i++)
        {
            Contains(Squeeze(pages[i]), "verification BROKEN");
        }
    }

    [TestMethod]
    public void ATenDayRecordsReportIsDrawnWithEverySeriesReduced()
    {
        (byte[] bytes, TimeSpan written) = ReviewRecords.TenDayRecord;
        var watch = Stopwatch.StartNew();
        BatchReview review = ReviewTests.Verified(bytes);
        TimeSpan reviewed = watch.Elapsed;
        byte[] pdf = PdfBatchReport.Render(review, Generated);
        TimeSpan rendered = watch.Elapsed - reviewed;

        List<string> pages = Pages(pdf);
        Console.WriteLine($"10-day record: {bytes.Length / 1e6:0.0} MB, {review.Record.Samples.Count} samples (written in {written.TotalSeconds:0.0} s); "
            + $"review {reviewed.TotalMilliseconds:0} ms; PDF {pdf.Length / 1024.0:0} KiB, {pages.Count} pages, rendered in {rendered.TotalMilliseconds:0} ms");
        Assert.AreEqual(ReviewVerificationOutcome.Intact, review.Verification.Outcome);
        Assert.IsTrue(review.Record.Samples.Count > 80_000, "samples " + review.Record.Samples.Count);
        Contains(Squeeze(pages[0]), ReviewRecords.LongBatchId);
        Contains(Squeeze(pages[^1]), "page " + pages.Count + " of " + pages.Count);
        Assert.IsTrue(pdf.Length < 2_000_000, "each series reduced: " + pdf.Length + " bytes");
    }

    [TestMethod]
    public void DownsamplingKeepsEveryBucketsExtremesAndBreaksAtGaps()
    {
        var points = new List<(DateTime Utc, double Value)>();
        DateTime t0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 100_000; i++)
        {
            if (i >= 50_000 && i < 50_100)
            {
                continue; // 1,000 s without a sample
            }

            double value = i == 12_345 ? 99 : i == 77_777 ? -99 : Math.Sin(i / 1000.0);
            points.Add((t0.AddSeconds(i * 10), i == 30_000 ? double.NaN : value));
        }

        List<List<(DateTime Utc, double Value)>> segments = PdfBatchReport.Downsample(points, PdfBatchReport.MaximumPointsPerSeries, TimeSpan.FromSeconds(30));

        Assert.AreEqual(2, segments.Count, "one break at the gap (a single NaN is no break)");
        Assert.IsTrue(segments.Sum(s => s.Count) <= PdfBatchReport.MaximumPointsPerSeries + 2, "points " + segments.Sum(s => s.Count));
        Assert.IsTrue(segments[0].Any(p => p.Value == 99), "the maximum survives");
        Assert.IsTrue(segments[1].Any(p => p.Value == -99), "the minimum survives");
        Assert.IsTrue(segments[0][^1].Utc < t0.AddSeconds(50_000 * 10) && segments[1][0].Utc >= t0.AddSeconds(50_100 * 10), "the break is at the gap");
        foreach (List<(DateTime Utc, double Value)> segment in segments)
        {
            for (int i = 1; i < segment.Count; i++)
            {
                Assert.IsTrue(segment[i].Utc > segment[i - 1].Utc, "in time order");
            }
        }
    }

    [TestMethod]
    public void TheReportNamesItsFontOrThePackageToInstall()
    {
        string here = ReportFonts.Describe();
        Console.WriteLine(here);
        StringAssert.StartsWith(here, "PDF report font: ", "this machine has a font (CI installs " + ReportFonts.DebianPackage + ")");

        string empty = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bioreactor-review-nofonts-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            string none = ReportFonts.Describe(new[] { empty });
            StringAssert.StartsWith(none, "PDF report: no font found");
            StringAssert.Contains(none, "install fonts-dejavu-core");
            StringAssert.Contains(none, empty);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    private static List<string> Pages(byte[] pdf)
    {
        using PdfDocument document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => p.Text).ToList();
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    // Text as PdfPig gives it: table cells wrap at any width, so compare without white space.
    private static string Squeeze(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                b.Append(c);
            }
        }

        return b.ToString();
    }

    private static void Contains(string squeezed, string expected, bool negate = false)
    {
        bool found = squeezed.Contains(Squeeze(expected), StringComparison.Ordinal);
        Assert.AreEqual(!negate, found, (negate ? "unexpected in the PDF: " : "missing from the PDF: ") + expected);
    }
}
