using Bioreactor.BatchRecords;

namespace Bioreactor.Station.Review;

/// <summary>The four outcomes the archive gives a record (the review shows it first).</summary>
public enum ReviewVerificationOutcome
{
    /// <summary>Every entry authenticates in order with the device key, and the chain matches every head the station witnessed.</summary>
    Intact,

    /// <summary>The core's verifier found the chain broken (the finding says where and how).</summary>
    Broken,

    /// <summary>The record was not verified (no key for the device, or not yet checked).</summary>
    NotVerified,

    /// <summary>The record verifies, but disagrees with a chain head the device announced earlier: rewritten by a key holder.</summary>
    Rewritten,
}

/// <summary>
/// How a record's verification came out, as the caller (the archive) established it, with the finding in words: the
/// broken entry, the reason it was not verified, or the witnessed head the record disagrees with.
/// </summary>
public sealed record ReviewVerification(ReviewVerificationOutcome Outcome, string Detail)
{
    public static ReviewVerification Intact(string detail = "") => new(ReviewVerificationOutcome.Intact, detail ?? string.Empty);

    public static ReviewVerification Broken(string finding) => new(ReviewVerificationOutcome.Broken, finding ?? string.Empty);

    public static ReviewVerification NotVerified(string reason = "") => new(ReviewVerificationOutcome.NotVerified, reason ?? string.Empty);

    public static ReviewVerification Rewritten(string head) => new(ReviewVerificationOutcome.Rewritten, head ?? string.Empty);

    /// <summary>Intact or Broken from the library's check with the device key (no witnessed heads: the archive adds those).</summary>
    public static ReviewVerification From(RecordCheck check) =>
        check.Passed ? Intact(check.Result.Describe()) : Broken(check.BrokenEntryText ?? check.Summary);

    /// <summary>Whether the record may be shown as good: only an intact record.</summary>
    public bool IsIntact => Outcome == ReviewVerificationOutcome.Intact;

    /// <summary>The outcome in capitals, as the review and the PDF head it.</summary>
    public string Label => Outcome switch
    {
        ReviewVerificationOutcome.Intact => "INTACT",
        ReviewVerificationOutcome.Broken => "BROKEN",
        ReviewVerificationOutcome.NotVerified => "NOT VERIFIED",
        ReviewVerificationOutcome.Rewritten => "REWRITTEN",
        _ => "UNKNOWN",
    };

    /// <summary>What the outcome means for the reviewer, with the detail.</summary>
    public string Text
    {
        get
        {
            string meaning = Outcome switch
            {
                ReviewVerificationOutcome.Intact => "every entry authenticates in order",
                ReviewVerificationOutcome.Broken => "the record's chain is broken: do not rely on it",
                ReviewVerificationOutcome.NotVerified => "the record was not verified: its content is unproven",
                ReviewVerificationOutcome.Rewritten => "the record disagrees with a chain head the device announced: rewritten after the fact",
                _ => "unknown outcome",
            };
            return string.IsNullOrEmpty(Detail) ? Label + ": " + meaning : Label + ": " + meaning + " (" + Detail + ")";
        }
    }
}
