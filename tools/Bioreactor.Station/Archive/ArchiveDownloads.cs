using System;
using System.IO;
using System.IO.Compression;
using Bioreactor.BatchRecords;
using Bioreactor.Station.Review;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bioreactor.Station.Archive;

/// <summary>
/// What QA takes away from the archive, for a signed-in person only: the PDF batch report, the CSV export the client
/// writes (samples, events, alarms, audit trail; one zip), and the raw record exactly as the device wrote it.
/// </summary>
public static class ArchiveDownloads
{
    /// <summary>Maps the three downloads under <c>/archive/&lt;device&gt;/&lt;batch&gt;/</c>.</summary>
    public static void MapArchiveDownloads(this WebApplication app)
    {
        app.MapGet("/archive/{device}/{batch}/report.pdf", (string device, string batch, ReviewCache reviews) =>
        {
            (ArchivedRecord record, BatchReview review) = reviews.Get(device, batch);
            if (record == null)
            {
                return Results.NotFound();
            }

            try
            {
                return Results.File(PdfBatchReport.Render(review), "application/pdf", $"{batch}-report.pdf");
            }
            catch (InvalidOperationException e)
            {
                // No font on this machine (the message names the package to install): say so rather than fail blankly.
                return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The PDF report cannot be made here");
            }
        });
        app.MapGet("/archive/{device}/{batch}/export.zip", (string device, string batch, RecordArchive archive) =>
        {
            byte[] bytes = archive.Bytes(device, batch);
            return bytes == null ? Results.NotFound() : Results.File(CsvZip(batch, bytes), "application/zip", $"{batch}-csv.zip");
        });
        app.MapGet("/archive/{device}/{batch}/record", (string device, string batch, RecordArchive archive) =>
        {
            byte[] bytes = archive.Bytes(device, batch);
            return bytes == null ? Results.NotFound() : Results.File(bytes, "application/octet-stream", batch + ".bxr");
        });
    }

    // The client's CSV export (four files) of the record, zipped.
    private static byte[] CsvZip(string batch, byte[] bytes)
    {
        string folder = Directory.CreateTempSubdirectory("station-csv-").FullName;
        try
        {
            CsvExport.Write(BatchRecord.FromBytes(batch, bytes), folder);
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (string file in Directory.GetFiles(folder))
                {
                    archive.CreateEntryFromFile(file, Path.GetFileName(file));
                }
            }

            return zip.ToArray();
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
