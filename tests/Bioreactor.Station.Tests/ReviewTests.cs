using System;
using System.Collections.Generic;
using System.Linq;
using Bioreactor.BatchRecords;
using Bioreactor.Control.Records;
using Bioreactor.Station.Review;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

/// <summary>
/// The QA review of a real simulated record (<see cref="ReviewRecords"/>): every exception with its time, duration and
/// extreme, who acknowledged the alarm with the signature's meaning, the unsigned action, the refusal, the power cut and
/// its recovery, the release; a record with a flipped byte reviewed as broken; gaps where samples were cut out.
/// </summary>
[TestClass]
public class ReviewTests
{
    private static readonly DateTime Start = ReviewRecords.StartUtc;

    internal static BatchReview Verified(byte[] bytes)
    {
        BatchRecord record = BatchRecord.FromBytes(ReviewRecords.BatchId, bytes);
        RecordCheck check = RecordCheck.Run(record, new RecordKey(ReviewRecords.Key, "simulator"), -1);
        return BatchReview.Create(record, ReviewVerification.From(check));
    }

    [TestMethod]
    public void TheReviewListsEachExceptionWithItsTimesDurationAndExtreme()
    {
        BatchReview review = Verified(ReviewRecords.Record);

        Assert.AreEqual(ReviewVerificationOutcome.Intact, review.Verification.Outcome, review.Verification.Text);
        ReviewIdentity id = review.Identity;
        Assert.AreEqual(ReviewRecords.BatchId, id.BatchId);
        Assert.AreEqual("sim-device-1", id.DeviceId);
        Assert.AreEqual("t-cell-expansion-10d", id.RecipeName);
        Assert.AreEqual("Complete", id.FinalState);
        Assert.IsTrue(id.Closed);
        Assert.AreEqual(Start, id.StartUtc);
        Assert.AreEqual((ReviewRecords.Qa, ReviewRecords.QaName, "released"), (id.ReleasedBy, id.ReleasedByName, id.ReleaseMeaning));

        // The door was open from 300 s to 360 s: CO2 left its band then, for at least the door's minute, and fell far.
        ReviewExcursion door = review.Excursions.Single(e => e.Variable == "CO2" && e.StartUtc <= Start.AddSeconds(ReviewRecords.DoorOpenAtSeconds + 10)
            && e.EndUtc >= Start.AddSeconds(ReviewRecords.DoorOpenAtSeconds + 60));
        Assert.IsTrue(door.Duration >= TimeSpan.FromSeconds(60), "duration " + door.Duration);
        Assert.AreEqual(door.EndUtc - door.StartUtc + TimeSpan.FromSeconds(10), door.Duration, "first to last sample plus one period");
        Assert.IsTrue(door.Extreme < 4.0, "extreme " + door.Extreme);
        Assert.AreEqual((4.8, 5.2), (door.BandMinimum, door.BandMaximum));
        Assert.IsTrue(door.Samples >= 6, "samples " + door.Samples);
        foreach (ReviewExcursion e in review.Excursions)
        {
            Assert.IsTrue(e.Extreme < e.BandMinimum || e.Extreme > e.BandMaximum, "extreme outside the band: " + e);
        }

        // The door alarm: raised when the door opened, acknowledged by the technician (signed, performed), cleared.
        ReviewAlarm alarm = review.Alarms.Single(a => a.Code == "door_open");
        AssertNear(Start.AddSeconds(ReviewRecords.DoorOpenAtSeconds), alarm.RaisedUtc, 2);
        Assert.AreEqual(ReviewRecords.Technician, alarm.AcknowledgedBy);
        Assert.AreEqual(ReviewRecords.TechnicianName, alarm.AcknowledgedByName);
        Assert.AreEqual("performed", alarm.AcknowledgeMeaning);
        Assert.AreEqual(Start.AddSeconds(330), alarm.AcknowledgedUtc);
        Assert.IsNotNull(alarm.ClearedUtc);
        Assert.IsTrue(alarm.ClearedUtc >= Start.AddSeconds(360), "cleared " + alarm.ClearedUtc);
        Assert.IsFalse(string.IsNullOrEmpty(alarm.Priority));
        Assert.IsTrue(review.Alarms.Any(a => a.Code == "power_interrupted"), "the power cut's alarm");

        // Operator actions with their signatures; the unsigned resume flagged; the refused hold a refusal.
        Assert.AreEqual(7, review.Actions.Count, string.Join("\n", review.Actions));
        ReviewAction release = review.Actions.Single(a => a.Action == "Clear");
        Assert.AreEqual((ReviewRecords.Qa, ReviewRecords.QaName, "Qa", "released", "accepted", ReviewRecords.ReleaseReason),
            (release.OperatorId, release.SignerName, release.Role, release.Meaning, release.Outcome, release.Reason));
        Assert.IsTrue(release.Signed);
        StringAssert.StartsWith(release.SignedAt, "2026-01-05T08:");
        ReviewAction unsigned = review.UnsignedActions.Single();
        Assert.AreEqual(("Resume", ReviewRecords.Technician, false, "accepted"), (unsigned.Action, unsigned.OperatorId, unsigned.Signed, unsigned.Outcome));
        ReviewIncident refusal = review.Incidents.Single();
        Assert.AreEqual((ReviewIncidentKind.Refusal, ReviewRecords.Qa), (refusal.Kind, refusal.Who));
        StringAssert.Contains(refusal.Text, "NotPermitted");
        ReviewAction refused = review.Actions.Single(a => a.Outcome == "refused");
        Assert.AreEqual(("Hold", "performed"), (refused.Action, refused.Meaning));

        // The power cut: 180 s off (at most 10 s more: the last entry before it is up to a sample period earlier), the
        // phase timer's policy, and no gap: the outage explains the missing samples.
        ReviewPowerCut cut = review.PowerCuts.Single();
        Assert.IsNotNull(cut.Outage);
        Assert.IsTrue(cut.Outage >= TimeSpan.FromSeconds(ReviewRecords.PowerCutSeconds) && cut.Outage <= TimeSpan.FromSeconds(ReviewRecords.PowerCutSeconds + 10),
            "outage " + cut.Outage);
        AssertNear(Start.AddSeconds(ReviewRecords.PowerCutAtSeconds + ReviewRecords.PowerCutSeconds), cut.RestoredUtc, 2);
        Assert.IsTrue(cut.LastEntryBeforeUtc <= Start.AddSeconds(ReviewRecords.PowerCutAtSeconds), "last entry " + cut.LastEntryBeforeUtc);
        Assert.AreEqual("PauseTimer", cut.TimerPolicy);
        Assert.AreEqual(0, review.Gaps.Count, string.Join("\n", review.Gaps));
        Assert.AreEqual(0, review.StorageLosses.Count);

        // Every list in time order; the count and the summary.
        AssertOrdered(review.Excursions.Select(e => e.StartUtc));
        AssertOrdered(review.Alarms.Select(a => a.RaisedUtc));
        AssertOrdered(review.Actions.Select(a => a.Utc));
        AssertOrdered(review.Incidents.Select(a => a.Utc));
        Assert.AreEqual(review.Excursions.Count + review.Alarms.Count + 1 + 1 + 1, review.ExceptionCount);
        StringAssert.StartsWith(review.Summary, ReviewRecords.BatchId + ": INTACT; " + review.ExceptionCount + " exceptions: ");
        StringAssert.Contains(review.Summary, "1 unsigned action, 1 refusal, 1 power cut");
        Assert.AreEqual(review.Record.OperatorActions.Count + review.Record.Recoveries.Count + review.Record.Faults.Count
            + review.Record.Notes.Count + review.Record.ConfigurationChanges.Count + review.Record.StorageLosses.Count, review.AuditTrail.Count);
    }

    [TestMethod]
    public void ARecordWithAFlippedByteIsReviewedAsBroken()
    {
        byte[] bytes = (byte[])ReviewRecords.Record.Clone();
        BatchRecord intact = BatchRecord.FromBytes("r", bytes);
        EntryInfo sample = intact.Samples[intact.Samples.Count / 2].Entry;
        bytes[sample.Position + RecordFormat.HeaderLength + 4] ^= 0x01;

        BatchReview review = Verified(bytes);

        Assert.AreEqual(ReviewVerificationOutcome.Broken, review.Verification.Outcome);
        Assert.IsFalse(review.Verification.IsIntact);
        StringAssert.Contains(review.Verification.Detail, "sequence " + sample.Sequence);
        StringAssert.StartsWith(review.Verification.Text, "BROKEN: ");
        StringAssert.StartsWith(review.Summary, ReviewRecords.BatchId + ": BROKEN; ");
        Assert.AreEqual(Verified(ReviewRecords.Record).ExceptionCount + 1, review.ExceptionCount, "the broken chain counts as an exception");
    }

    [TestMethod]
    public void SamplesCutOutOfARecordAreAGapAndTheChainIsBroken()
    {
        // Cut every entry between the sample at 35 min and the one at 40 min (after the power cut's outage).
        BatchRecord record = BatchRecord.FromBytes("r", ReviewRecords.Record);
        Recorded<RecordSample> from = record.Samples.First(s => s.Entry.Utc >= Start.AddMinutes(35));
        Recorded<RecordSample> to = record.Samples.First(s => s.Entry.Utc >= Start.AddMinutes(40));
        byte[] bytes = ReviewRecords.Record.Take((int)from.Entry.Position).Concat(ReviewRecords.Record.Skip((int)to.Entry.Position)).ToArray();

        BatchReview review = Verified(bytes);

        Assert.AreEqual(ReviewVerificationOutcome.Broken, review.Verification.Outcome, review.Verification.Text);
        ReviewGap gap = review.Gaps.Single();
        Assert.AreEqual(from.Entry.Utc.AddSeconds(-10), gap.StartUtc, "from the last sample before the cut");
        Assert.AreEqual(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10), gap.Duration);
        Assert.AreEqual(30, gap.MissingSamples);
        Assert.AreEqual(1, review.PowerCuts.Count, "the power cut stays a power cut, not a gap");
    }

    [TestMethod]
    public void AGapAroundAnOutageKeepsOnlyTheUnexplainedPart()
    {
        // The samples from 15 min to the outage (20 min) cut: the gap is what the outage does not explain.
        BatchRecord record = BatchRecord.FromBytes("r", ReviewRecords.Record);
        Recorded<RecordSample> from = record.Samples.First(s => s.Entry.Utc >= Start.AddMinutes(15));
        ReviewPowerCut cut = Verified(ReviewRecords.Record).PowerCuts.Single();
        Recorded<RecordSample> last = record.Samples.Last(s => s.Entry.Utc <= cut.LastEntryBeforeUtc);
        EntryInfo afterLast = record.Entries[record.Entries.IndexOf(last.Entry) + 1];
        byte[] bytes = ReviewRecords.Record.Take((int)from.Entry.Position).Concat(ReviewRecords.Record.Skip((int)afterLast.Position)).ToArray();

        BatchReview review = Verified(bytes);

        ReviewGap gap = review.Gaps.Single();
        Assert.AreEqual(from.Entry.Utc.AddSeconds(-10), gap.StartUtc);
        Assert.AreEqual(cut.LastEntryBeforeUtc - gap.StartUtc, gap.Duration, "up to the last entry before the cut");
    }

    [TestMethod]
    public void ALockoutAndTheBadSignaturesBeforeItAreIncidents()
    {
        BatchReview review = Verified(ReviewRecords.LockoutRecord);

        List<ReviewIncident> refusals = review.Incidents.Where(i => i.Kind == ReviewIncidentKind.Refusal).ToList();
        List<ReviewIncident> lockouts = review.Incidents.Where(i => i.Kind == ReviewIncidentKind.Lockout).ToList();
        Assert.AreEqual(3, refusals.Count, string.Join("\n", review.Incidents));
        Assert.IsTrue(refusals.All(r => r.Who == ReviewRecords.Technician && r.Text.StartsWith("Note ", StringComparison.Ordinal) && r.Text.Contains("refused: NotPermitted", StringComparison.Ordinal)), string.Join("\n", refusals));
        ReviewIncident refusedAsLocked = lockouts.Single(l => l.Who == ReviewRecords.Technician);
        StringAssert.Contains(refusedAsLocked.Text, "Hold refused: LockedOut");
        Assert.IsTrue(review.Alarms.Any(a => a.Code == "operator_locked_out"), "the lockout alarm");
        Assert.IsTrue(lockouts.Any(l => l.Who == "device" && l.Text.Contains("operator_locked_out", StringComparison.Ordinal)), string.Join("\n", lockouts));
        Assert.IsTrue(review.Actions.Any(a => a.Action == "UnlockOperator" && a.Accepted && a.Meaning == "performed"), "the unlock, signed");
        StringAssert.Contains(review.Summary, "3 refusals, 2 lockouts");
    }

    [TestMethod]
    public void TheFourOutcomesSayWhatTheyMean()
    {
        byte[] bytes = ReviewRecords.Record;
        BatchReview notVerified = BatchReview.Create("r", bytes, ReviewVerification.NotVerified("no key for device sim-device-1"));
        BatchReview rewritten = BatchReview.Create("r", bytes, ReviewVerification.Rewritten("sequence 120, MAC 0a1b…"));

        Assert.AreEqual("NOT VERIFIED: the record was not verified: its content is unproven (no key for device sim-device-1)", notVerified.Verification.Text);
        StringAssert.StartsWith(rewritten.Verification.Text, "REWRITTEN: ");
        StringAssert.Contains(rewritten.Verification.Text, "sequence 120");
        StringAssert.Contains(rewritten.Summary, ": REWRITTEN; ");
        Assert.AreEqual("INTACT", ReviewVerification.Intact().Label);
        Assert.ThrowsExactly<RecordFileException>(() => BatchReview.Create("empty", new byte[100], ReviewVerification.NotVerified()));
    }

    private static void AssertNear(DateTime expected, DateTime actual, double seconds) =>
        Assert.IsTrue(Math.Abs((actual - expected).TotalSeconds) <= seconds, "expected about " + expected.ToString("O") + ", was " + actual.ToString("O"));

    private static void AssertOrdered(IEnumerable<DateTime> times)
    {
        DateTime previous = DateTime.MinValue;
        foreach (DateTime t in times)
        {
            Assert.IsTrue(t >= previous, "in time order");
            previous = t;
        }
    }
}
