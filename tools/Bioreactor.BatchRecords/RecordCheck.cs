using System.Globalization;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;

namespace Bioreactor.BatchRecords;

/// <summary>
/// The verification of a record file with the device key: the core's <see cref="RecordVerifier"/> over the file's
/// bytes with the host HMAC-SHA256, and the first broken entry named from the file's frames.
/// </summary>
public sealed class RecordCheck
{
    private RecordCheck(RecordVerification result, string keySource, EntryInfo brokenEntry)
    {
        Result = result;
        KeySource = keySource;
        BrokenEntry = brokenEntry;
    }

    /// <summary>The verifier's result.</summary>
    public RecordVerification Result { get; }

    /// <summary>Where the key came from.</summary>
    public string KeySource { get; }

    /// <summary>The frame at the finding's byte position, or null (truncation, a torn tail, no frame starts there).</summary>
    public EntryInfo BrokenEntry { get; }

    /// <summary>Whether the record is intact.</summary>
    public bool Passed => Result.IsIntact;

    /// <summary>Verifies <paramref name="record"/> with <paramref name="key"/>.</summary>
    /// <param name="record">The decoded record file.</param>
    /// <param name="key">The device key.</param>
    /// <param name="announcedLastSequence">The last sequence the device announced as durable, or -1.</param>
    public static RecordCheck Run(BatchRecord record, RecordKey key, long announcedLastSequence)
    {
        using var mac = new HostHmacSha256Authenticator(key.Bytes);
        RecordVerification result = RecordVerifier.Verify(record.OpenReader(), mac, announcedLastSequence, null);
        EntryInfo broken = null;
        if (!result.IsIntact && result.FindingPosition >= 0)
        {
            broken = record.Entries.Find(e => e.Position == result.FindingPosition);
        }

        return new RecordCheck(result, key.Source, broken);
    }

    /// <summary>"PASS" or "FAIL" and the verifier's one-line description.</summary>
    public string Summary => (Passed ? "PASS: " : "FAIL: ") + Result.Describe();

    /// <summary>The first broken entry in words, or null when the record is intact.</summary>
    public string BrokenEntryText
    {
        get
        {
            if (Passed)
            {
                return null;
            }

            RecordVerification r = Result;
            string name = RecordVerification.FindingName(r.Finding);
            string what = Explain(r.Finding);
            switch (r.Finding)
            {
                case RecordFinding.Truncated:
                    return string.Create(CultureInfo.InvariantCulture,
                        $"entries from sequence {r.FindingSequence} on are missing at the end (byte {r.FindingPosition}): {name}, {what}");
                case RecordFinding.TornTail:
                    return string.Create(CultureInfo.InvariantCulture,
                        $"sequence {r.FindingSequence}: {r.TornBytes} bytes of an incomplete entry at byte {r.FindingPosition}: {name}, {what}");
            }

            string found = BrokenEntry == null
                ? "no readable frame there"
                : string.Create(CultureInfo.InvariantCulture, $"type {BrokenEntry.TypeName}, the frame there claims sequence {BrokenEntry.Sequence}");
            return string.Create(CultureInfo.InvariantCulture,
                $"sequence {r.FindingSequence} at byte {r.FindingPosition} ({found}): {name}, {what}");
        }
    }

    /// <summary>What a finding means, for people.</summary>
    public static string Explain(RecordFinding finding) => finding switch
    {
        RecordFinding.None => "every entry authenticates in order",
        RecordFinding.Modified => "the entry's bytes were changed after it was written (its MAC does not verify)",
        RecordFinding.Removed => "entries are missing before the next authentic one (a sequence gap no StorageLoss entry explains)",
        RecordFinding.Inserted => "an entry that is not part of the chain stands where the expected one should be",
        RecordFinding.Reordered => "an authentic entry stands before the one that should precede it",
        RecordFinding.Truncated => "whole entries are missing at the end",
        RecordFinding.TornTail => "the record ends inside an entry (a write torn by a power cut, cut at the next start-up)",
        _ => "unknown finding",
    };
}
