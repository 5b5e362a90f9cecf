using Bioreactor.Cli.Records;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Cli.Tests;

/// <summary>
/// Where a resumed <c>record pull</c> continues: after the last whole frame of what an interrupted pull left, whatever
/// follows it (part of a frame, nothing), with the next sequence number; a file of other bytes has no frame.
/// </summary>
[TestClass]
public class PartialRecordTests
{
    [TestMethod]
    [DataRow(10, 0)]
    [DataRow(10, 1)]
    [DataRow(10, 27)]
    [DataRow(57, 40)]
    public void AnInterruptedPullContinuesAfterItsLastWholeFrame(int wholeFrames, int partBytes)
    {
        var facts = new RecordFacts(SimulatedRecord.Record);
        long end = facts.Frames[wholeFrames].Position;
        byte[] bytes = new byte[end + partBytes];
        System.Array.Copy(SimulatedRecord.Record, bytes, bytes.Length);

        PartialRecord partial = PartialRecord.Inspect(bytes);

        Assert.AreEqual(wholeFrames, partial.Frames);
        Assert.AreEqual(end, partial.WholeLength);
        Assert.AreEqual(facts.Frames[wholeFrames].Sequence, partial.NextSequence);
        Assert.AreEqual((long)partBytes, partial.TrailingBytes);
        Assert.AreEqual(SimulatedRecord.BatchId, partial.Header.BatchId);
    }

    [TestMethod]
    public void OtherBytesHoldNoFrame()
    {
        PartialRecord partial = PartialRecord.Inspect(System.Text.Encoding.UTF8.GetBytes("sequence,utc\n1,2026-01-05T08:00:00.000Z\n"));
        Assert.AreEqual(0, partial.Frames);
        Assert.AreEqual(0L, partial.WholeLength);
        Assert.IsNull(partial.Header);
    }
}
