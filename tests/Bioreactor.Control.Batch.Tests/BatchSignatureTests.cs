#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// The request's signature reaches its ActionAccepted or ActionRefused event on every path (refusals of the batch layer,
    /// refusals decided above it, a malformed operator id), never the automatic events; unsigned requests carry none; the
    /// meaning names read and write as in signed commands.
    /// </summary>
    [TestClass]
    public class BatchSignatureTests
    {
        private const string Mac = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

        private static OperatorRequest Signed(OperatorRequest request, SignatureMeaning meaning, long signedAt)
        {
            request.Signature = new OperatorSignature(meaning, "Terry Tech", signedAt, Mac);
            return request;
        }

        private static void AssertSigned(BatchEvent e, SignatureMeaning meaning, long signedAt, string what)
        {
            Assert.AreEqual(BatchNames.MeaningName(meaning), BatchNames.MeaningName(e.Meaning), what + ": meaning");
            Assert.AreEqual("Terry Tech", e.SignerName, what + ": signer");
            Assert.AreEqual(signedAt, e.SignedAtMilliseconds, what + ": signed at");
            Assert.AreEqual(Mac, e.SignatureMac, what + ": MAC");
        }

        private static void AssertUnsigned(BatchEvent e, string what)
        {
            Assert.AreEqual("none", BatchNames.MeaningName(e.Meaning), what + ": meaning");
            Assert.IsNull(e.SignerName, what + ": signer");
            Assert.AreEqual(0L, e.SignedAtMilliseconds, what + ": signed at");
            Assert.IsNull(e.SignatureMac, what + ": MAC");
        }

        [TestMethod]
        public void AnAcceptedActionCarriesItsSignatureAndTheAutomaticEventsNone()
        {
            BatchController batch = BatchFixture.NewController();

            BatchResult result = batch.Execute(Signed(OperatorRequest.Start(BatchFixture.Tech, BatchFixture.TimedRecipe(), "LOT-042"),
                SignatureMeaning.Performed, 1767600000000L), 1000);
            BatchEvent[] events = BatchFixture.Drain(batch);

            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.AreEqual(3, events.Length);
            Assert.AreEqual("ActionAccepted", BatchNames.EventKindName(events[0].Kind));
            AssertSigned(events[0], SignatureMeaning.Performed, 1767600000000L, "start");
            AssertUnsigned(events[1], "state change");
            AssertUnsigned(events[2], "phase start");
        }

        [TestMethod]
        public void EveryRefusalCarriesTheSignatureItWasAskedWith()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchFixture.Drain(batch);

            // Refused by the batch layer: the role may not, a wrong state, a malformed operator id.
            batch.Execute(Signed(OperatorRequest.Hold(BatchFixture.Qa, "QA may not hold"), SignatureMeaning.Performed, 11), now);
            batch.Execute(Signed(OperatorRequest.Clear(BatchFixture.Qa, "not finished"), SignatureMeaning.Released, 12), now);
            batch.Execute(Signed(OperatorRequest.Hold("no such\noperator", "why"), SignatureMeaning.Performed, 13), now);

            // Refused above the batch layer (the protocol's signature check).
            OperatorRequest forged = Signed(OperatorRequest.Note(BatchFixture.Tech, "QA reviewed: acceptable"), SignatureMeaning.Reviewed, 14);
            forged.RefuseAbove(BatchResultCode.NotPermitted, "bad_signature", "the signature does not verify");
            batch.Execute(forged, now);
            BatchEvent[] events = BatchFixture.Drain(batch);

            Assert.AreEqual(4, events.Length);
            Assert.AreEqual("NotPermitted", BatchNames.ResultName(events[0].Result));
            AssertSigned(events[0], SignatureMeaning.Performed, 11, "not permitted");
            Assert.AreEqual("WrongState", BatchNames.ResultName(events[1].Result));
            AssertSigned(events[1], SignatureMeaning.Released, 12, "wrong state");
            Assert.AreEqual("InvalidOperatorId", BatchNames.ResultName(events[2].Result));
            AssertSigned(events[2], SignatureMeaning.Performed, 13, "malformed operator id");
            Assert.AreEqual("ActionRefused", BatchNames.EventKindName(events[3].Kind));
            Assert.AreEqual("bad_signature", events[3].Cause);
            AssertSigned(events[3], SignatureMeaning.Reviewed, 14, "refused above");
        }

        [TestMethod]
        public void AnUnsignedRequestRecordsNoSignatureAndMalformedPartsAreLeftOut()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchFixture.Drain(batch);

            batch.Execute(OperatorRequest.Note(BatchFixture.Tech, "unsigned, in-process"), now);
            OperatorRequest odd = OperatorRequest.Note(BatchFixture.Tech, "odd signature");
            odd.Signature = new OperatorSignature(SignatureMeaning.Performed, "two\nlines", 15, "ABCDEF");
            batch.Execute(odd, now);
            BatchEvent[] events = BatchFixture.Drain(batch);

            Assert.AreEqual("ActionAccepted", BatchNames.EventKindName(events[0].Kind));
            AssertUnsigned(events[0], "unsigned note");
            Assert.AreEqual("performed", BatchNames.MeaningName(events[1].Meaning));
            Assert.AreEqual(15L, events[1].SignedAtMilliseconds);
            Assert.IsNull(events[1].SignerName, "a name with a line break is not copied into the record");
            Assert.IsNull(events[1].SignatureMac, "a MAC not of 64 lowercase hex characters is not copied into the record");
        }

        [TestMethod]
        public void CopyFromAndClearCoverTheSignature()
        {
            var source = new BatchEvent();
            source.Meaning = SignatureMeaning.Approved;
            source.SignerName = "Ada Admin";
            source.SignedAtMilliseconds = 42;
            source.SignatureMac = Mac;
            var copy = new BatchEvent();

            copy.CopyFrom(source);
            Assert.AreEqual("approved", BatchNames.MeaningName(copy.Meaning));
            Assert.AreEqual("Ada Admin", copy.SignerName);
            Assert.AreEqual(42L, copy.SignedAtMilliseconds);
            Assert.AreEqual(Mac, copy.SignatureMac);

            copy.Clear();
            Assert.AreEqual("none", BatchNames.MeaningName(copy.Meaning));
            Assert.IsNull(copy.SignerName);
            Assert.AreEqual(0L, copy.SignedAtMilliseconds);
            Assert.IsNull(copy.SignatureMac);
        }

        [TestMethod]
        public void MeaningNamesReadBackAndNoneIsNotAMeaning()
        {
            string[] names = { "performed", "reviewed", "approved", "released" };
            for (int i = 0; i < names.Length; i++)
            {
                SignatureMeaning meaning;
                Assert.IsTrue(BatchNames.TryParseMeaning(names[i], out meaning), names[i]);
                Assert.AreEqual(i + 1, (int)meaning, names[i]);
                Assert.AreEqual(names[i], BatchNames.MeaningName(meaning));
            }

            SignatureMeaning none;
            Assert.IsFalse(BatchNames.TryParseMeaning("none", out none), "a signature always means something");
            Assert.IsFalse(BatchNames.TryParseMeaning("Performed", out none), "exact, lower case");
            Assert.IsFalse(BatchNames.TryParseMeaning(null, out none));
            Assert.IsFalse(BatchNames.TryParseMeaning(string.Empty, out none));
            Assert.AreEqual("none", BatchNames.MeaningName(SignatureMeaning.None));
            Assert.AreEqual("Unknown", BatchNames.MeaningName((SignatureMeaning)9));
        }
    }
}
