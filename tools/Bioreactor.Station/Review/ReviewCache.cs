using System;
using System.Collections.Generic;
using Bioreactor.Station.Archive;

namespace Bioreactor.Station.Review;

/// <summary>
/// The reviews of archived records, built once per archived copy (a 10-day record takes about a second to decode and
/// analyse) and kept for the few records people are looking at. A new copy (fetched again, closed, flagged) builds anew.
/// </summary>
public sealed class ReviewCache
{
    private const int Kept = 8;

    private readonly RecordArchive archive;
    private readonly LinkedList<(string Key, BatchReview Review)> recent = new();

    /// <summary>Creates the cache over the archive.</summary>
    public ReviewCache(RecordArchive archive)
    {
        this.archive = archive;
    }

    /// <summary>The archived record's index row and its review, or nulls when the archive has no such record.</summary>
    public (ArchivedRecord Record, BatchReview Review) Get(string device, string batch)
    {
        ArchivedRecord record = archive.Get(device, batch);
        if (record == null)
        {
            return (null, null);
        }

        string key = string.Join('\n', device, batch, record.FetchedUtc.Ticks, record.Length, record.Verification);
        lock (recent)
        {
            for (LinkedListNode<(string Key, BatchReview Review)> node = recent.First; node != null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    return (record, node.Value.Review);
                }
            }
        }

        BatchReview review = BatchReview.Create(batch, archive.Bytes(device, batch), VerificationOf(record));
        lock (recent)
        {
            recent.AddFirst((key, review));
            while (recent.Count > Kept)
            {
                recent.RemoveLast();
            }
        }

        return (record, review);
    }

    /// <summary>The archive's flag in the review's words: only an intact record is shown as good.</summary>
    public static ReviewVerification VerificationOf(ArchivedRecord record) => record.Verification switch
    {
        ArchiveVerification.Intact => ReviewVerification.Intact(record.Finding),
        ArchiveVerification.Broken => ReviewVerification.Broken(record.Finding),
        ArchiveVerification.Rewritten => ReviewVerification.Rewritten(record.RewrittenBy ?? record.Finding),
        _ => ReviewVerification.NotVerified(record.Finding),
    };
}
