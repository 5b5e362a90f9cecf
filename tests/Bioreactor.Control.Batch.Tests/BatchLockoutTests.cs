#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// Consecutive bad signatures lock an operator out (21 CFR 11.300(d)): counted per operator, reset by a good signature,
    /// lifted only by an administrator's UnlockOperator; each step is a batch event for the record.
    /// </summary>
    [TestClass]
    public class BatchLockoutTests
    {
        private static BatchResult BadSignature(BatchController batch, string operatorId, long now)
        {
            OperatorRequest request = OperatorRequest.Note(operatorId, "guess");
            request.RefuseBadSignature("bad_signature", "the signature does not match");
            return batch.Execute(request, now);
        }

        private static OperatorRequest Signed(OperatorRequest request)
        {
            request.Signature = new OperatorSignature(SignatureMeaning.Performed, "A Person", 1765100000000, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
            return request;
        }

        [TestMethod]
        public void TheLimitOfBadSignaturesLocksOutAndEmitsOneLockoutEvent()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 1000);
            BatchFixture.Drain(batch);
            for (int i = 1; i <= 3; i++)
            {
                BatchResult r = BadSignature(batch, BatchFixture.Tech, 1000 + i);
                Assert.AreEqual((int)BatchResultCode.NotPermitted, (int)r.Code);
                Assert.AreEqual(i == 3, batch.Lockout.IsLocked(BatchFixture.Tech), "locked at the third");
            }

            BatchEvent[] events = BatchFixture.Drain(batch);
            int lockouts = 0;
            for (int i = 0; i < events.Length; i++)
            {
                if (events[i].Kind == BatchEventKind.OperatorLockedOut)
                {
                    lockouts++;
                    Assert.AreEqual(BatchFixture.Tech, events[i].OperatorId);
                    Assert.AreEqual(3.0, events[i].NewValue);
                }
            }

            Assert.AreEqual(1, lockouts);
            Assert.AreEqual(1, batch.Lockout.LockedCount);

            // Locked: a good signature is refused too; a fourth bad one raises no second lockout.
            BatchResult hold = batch.Execute(Signed(OperatorRequest.Hold(BatchFixture.Tech, "sampling")), 2000);
            Assert.AreEqual((int)BatchResultCode.LockedOut, (int)hold.Code);
            BadSignature(batch, BatchFixture.Tech, 2001);
            events = BatchFixture.Drain(batch);
            for (int i = 0; i < events.Length; i++)
            {
                Assert.IsFalse(events[i].Kind == BatchEventKind.OperatorLockedOut, "one lockout event only");
            }
        }

        [TestMethod]
        public void AGoodSignatureResetsTheCountAndUnknownIdsAreNotCounted()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 1000);
            BadSignature(batch, BatchFixture.Tech, 1001);
            BadSignature(batch, BatchFixture.Tech, 1002);
            Assert.IsTrue(batch.Execute(Signed(OperatorRequest.Note(BatchFixture.Tech, "fine")), 1003).IsAccepted);
            Assert.AreEqual(0, batch.Lockout.FailuresOf(BatchFixture.Tech));
            BadSignature(batch, BatchFixture.Tech, 1004);
            BadSignature(batch, BatchFixture.Tech, 1005);
            Assert.IsFalse(batch.Lockout.IsLocked(BatchFixture.Tech));

            for (int i = 0; i < 5; i++)
            {
                BadSignature(batch, "nobody.here", 1010 + i);
            }

            Assert.AreEqual(0, batch.Lockout.LockedCount, "nobody to lock");
        }

        [TestMethod]
        public void OnlyAnAdministratorUnlocksAndOnlyALockedOperator()
        {
            BatchController batch = BatchFixture.Started(BatchFixture.TimedRecipe(), 1000);
            for (int i = 0; i < 3; i++)
            {
                BadSignature(batch, BatchFixture.Qa, 1001 + i);
            }

            Assert.AreEqual((int)BatchResultCode.NotPermitted,
                (int)batch.Execute(Signed(OperatorRequest.UnlockOperator(BatchFixture.Tech, BatchFixture.Qa)), 1010).Code, "a technician may not");
            Assert.AreEqual((int)BatchResultCode.LockedOut,
                (int)batch.Execute(Signed(OperatorRequest.UnlockOperator(BatchFixture.Admin, BatchFixture.Tech)), 1011).Code, "not locked");
            BatchResult unlock = batch.Execute(Signed(OperatorRequest.UnlockOperator(BatchFixture.Admin, BatchFixture.Qa)), 1012);
            Assert.IsTrue(unlock.IsAccepted, unlock.Message);
            Assert.IsFalse(batch.Lockout.IsLocked(BatchFixture.Qa));
            Assert.AreEqual(0, batch.Lockout.FailuresOf(BatchFixture.Qa), "the count starts again");
            Assert.IsTrue(batch.Execute(Signed(OperatorRequest.Note(BatchFixture.Qa, "reviewed")), 1013).IsAccepted);
        }

        [TestMethod]
        public void TheLimitIsASetting()
        {
            var settings = new BatchSettings();
            settings.SignatureFailureLimit = 0;
            TestSupport.Throws(typeof(System.ArgumentOutOfRangeException), () => settings.Validate(), "0");
            settings.SignatureFailureLimit = 11;
            TestSupport.Throws(typeof(System.ArgumentOutOfRangeException), () => settings.Validate(), "11");
            settings.SignatureFailureLimit = 1;
            var batch = new BatchController(settings, BatchFixture.Operators());
            BadSignature(batch, BatchFixture.Tech, 1000);
            Assert.IsTrue(batch.Lockout.IsLocked(BatchFixture.Tech), "one is enough at a limit of 1");
        }
    }
}
