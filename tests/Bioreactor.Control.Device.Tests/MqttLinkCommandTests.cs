#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Device;
using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class MqttLinkCommandTests
    {
        private const string Prefix = LinkFixture.Prefix;

        private static OperatorActionEntry LastOperatorAction(LinkFixture f)
        {
            var reader = new RecordReader(f.Storage);
            var frame = new RecordFrame();
            OperatorActionEntry last = null;
            while (reader.Next(frame))
            {
                if (frame.Type == RecordEntryType.OperatorAction)
                {
                    last = OperatorActionEntry.Decode(frame);
                }
            }

            return last;
        }

        // text with the first occurrence of what replaced (String.Replace is not in nanoFramework's mscorlib).
        private static string ReplaceFirst(string text, string what, string with)
        {
            string changed = null;
            for (int i = 0; changed == null && i + what.Length <= text.Length; i++)
            {
                if (text.Substring(i, what.Length) == what)
                {
                    changed = text.Substring(0, i) + with + text.Substring(i + what.Length);
                }
            }

            Assert.IsNotNull(changed, "'" + what + "' is in the command");
            return changed;
        }

        private static ConfigurationChangeEntry LastConfigurationChange(LinkFixture f)
        {
            var reader = new RecordReader(f.Storage);
            var frame = new RecordFrame();
            ConfigurationChangeEntry last = null;
            while (reader.Next(frame))
            {
                if (frame.Type == RecordEntryType.ConfigurationChange)
                {
                    last = ConfigurationChangeEntry.Decode(frame);
                }
            }

            return last;
        }

        // Record entries other than the periodic samples and batch snapshots the ticks write.
        private static long NonPeriodicEntries(LinkFixture f)
        {
            if (!f.Firmware.Record.IsOpen)
            {
                return -1;
            }

            return f.Firmware.Record.NextSequence - f.Firmware.Record.CountOf(RecordEntryType.Sample)
                - f.Firmware.Record.CountOf(RecordEntryType.BatchSnapshot);
        }

        private static LinkFixture Running()
        {
            var f = new LinkFixture();
            f.Start("LOT-1", 10);
            f.Run(200);
            return f;
        }

        // A refusal that must change nothing: state, record length and the batch's set point targets.
        private static void AssertRefusedWithoutChange(LinkFixture f, string name, byte[] payload, string expectedCode)
        {
            BatchState state = f.Firmware.Batch.State;
            long entries = NonPeriodicEntries(f);
            double target = f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius);
            long refused = f.Link.CommandsRefused;
            FakeMessage message = f.SendRaw(name, payload);
            Assert.IsNotNull(message, "answered: " + expectedCode);
            JsonValue response = message.Json();
            Assert.IsFalse(response.Get("ok").BooleanValue, expectedCode);
            Assert.AreEqual(expectedCode, LinkFixture.ErrorCode(response), LinkFixture.ErrorMessage(response));
            TestSupport.AtLeast(10, LinkFixture.ErrorMessage(response).Length, "a message naming the problem");
            Assert.AreEqual(refused + 1, f.Link.CommandsRefused, "counted");
            Assert.AreEqual((int)state, (int)f.Firmware.Batch.State, "state unchanged");
            Assert.AreEqual(entries, NonPeriodicEntries(f), "nothing recorded (samples and snapshots aside)");
            Assert.IsTrue(target == f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius)
                || (double.IsNaN(target) && double.IsNaN(f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius))), "set point unchanged");
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, message.CorrelationData, "correlation data echoed");
        }

        [TestMethod]
        public void MalformedCommandsAreAnsweredWithTheirCodeAndChangeNothing()
        {
            LinkFixture f = Running();
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x1','operator':'tech.a'"), "invalid_json");
            AssertRefusedWithoutChange(f, "hold", new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D }, "invalid_json");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("[1,2]"), "wrong_type");
            // Signature members present but not yet checked: the fields are validated first.
            const string Signed = "'meaning':'performed','signedAt':1,'signature':'00'";
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':7,'operator':'tech.a'," + Signed + ",'reason':'r'}"), "wrong_type");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'operator':'tech.a'," + Signed + ",'reason':'r'}"), "missing_field");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x2','operator':'tech.a'," + Signed + "}"), "missing_field");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x2b','operator':'tech.a','reason':'r'}"), "missing_field");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x3','operator':'tech.a'," + Signed + ",'reason':'r','force':true}"),
                "unknown_field");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x3b','operator':'tech.a','role':'technician'," + Signed + ",'reason':'r'}"),
                "unknown_field");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x4','operator':'tech a'," + Signed + ",'reason':'r'}"), "invalid_value");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x5','operator':'tech.a','meaning':'boss','signedAt':1,'signature':'00','reason':'r'}"),
                "invalid_value");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x5b','operator':'tech.a','meaning':'performed','signedAt':-1,'signature':'00','reason':'r'}"),
                "out_of_range");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x 6','operator':'tech.a'," + Signed + ",'reason':'r'}"), "invalid_value");
            AssertRefusedWithoutChange(f, "hold", LinkFixture.J("{'id':'x7','operator':'tech.a'," + Signed + ",'reason':'line\\nbreak'}"),
                "invalid_value");
            AssertRefusedWithoutChange(f, "shutdown", LinkFixture.J("{'id':'x8','operator':'tech.a'," + Signed + "}"), "unknown_command");
            AssertRefusedWithoutChange(f, "ack", LinkFixture.J("{'id':'x9','operator':'tech.a'," + Signed + ",'alarm':'no_such_alarm'}"),
                "invalid_value");
            AssertRefusedWithoutChange(f, "setpoint", LinkFixture.J("{'id':'x10','operator':'tech.a'," + Signed
                + ",'variable':'temperatureCelsius','value':'37','reason':'r'}"), "wrong_type");
            AssertRefusedWithoutChange(f, "status", LinkFixture.J("{'id':'x10b','operator':'qa.b'}"), "unknown_field");
            AssertRefusedWithoutChange(f, "record", LinkFixture.J("{'id':'x11','record':'LOT-1','fromSequence':0,'maxEntries':0}"),
                "out_of_range");
            AssertRefusedWithoutChange(f, "record", LinkFixture.J("{'id':'x12','record':'LOT-1','fromSequence':1.5}"),
                "wrong_type");
            AssertRefusedWithoutChange(f, "start", LinkFixture.J("{'id':'x13','operator':'tech.a'," + Signed + ",'batchId':'LOT-2','recipe':'name = x'}"),
                "invalid_recipe");
            AssertRefusedWithoutChange(f, "record", LinkFixture.J("{'id':'x15','record':'NO-SUCH','fromSequence':0}"),
                "not_found");
            Assert.AreEqual((int)ProtocolError.NotFound, (int)f.Link.LastError);
        }

        [TestMethod]
        public void OversizedPayloadsAreRefusedBeforeParsing()
        {
            var settings = new MqttLinkSettings();
            settings.MaximumCommandBytes = 2048;
            var f = new LinkFixture(settings);
            f.Start("LOT-BIG", 10);
            byte[] big = new byte[2049];
            for (int i = 0; i < big.Length; i++)
            {
                big[i] = (byte)' ';
            }

            big[0] = (byte)'{';
            big[big.Length - 1] = (byte)'}';
            AssertRefusedWithoutChange(f, "note", big, "too_large");
        }

        [TestMethod]
        public void ResponsesGoToTheMqtt5ResponseTopicOrReplyToAndBadOnesAreRefused()
        {
            LinkFixture f = Running();
            int before = f.Transport.Published.Count;
            f.Transport.Deliver(Prefix + "cmd/status", LinkFixture.J("{'id':'s1'}"), null, null);
            f.Step();
            FakeMessage m = f.ResponseSince(before);
            Assert.AreEqual(Prefix + "response", m.Topic, "no response topic: the default");

            before = f.Transport.Published.Count;
            f.Transport.Deliver(Prefix + "cmd/status", LinkFixture.J("{'id':'s2','replyTo':'bioreactor/dev-1/response/qa-tool'}"),
                null, null);
            f.Step();
            m = f.ResponseSince(before);
            Assert.AreEqual(Prefix + "response/qa-tool", m.Topic, "3.1.1 clients: replyTo");
            Assert.AreEqual("s2", m.Json().Get("id").StringValue, "the id is echoed");
            Assert.IsTrue(m.Json().Get("ok").BooleanValue);

            before = f.Transport.Published.Count;
            f.Transport.Deliver(Prefix + "cmd/status", LinkFixture.J("{'id':'s3'}"), "other/device/topic", new byte[] { 9 });
            f.Step();
            m = f.ResponseSince(before);
            Assert.AreEqual(Prefix + "response", m.Topic, "a foreign response topic is not used");
            Assert.AreEqual("bad_reply_topic", LinkFixture.ErrorCode(m.Json()));
            CollectionAssert.AreEqual(new byte[] { 9 }, m.CorrelationData);

            before = f.Transport.Published.Count;
            f.Transport.Deliver(Prefix + "cmd/status", LinkFixture.J("{'id':'s4','replyTo':'bioreactor/dev-1/response/#'}"),
                null, null);
            f.Step();
            m = f.ResponseSince(before);
            Assert.AreEqual(Prefix + "response", m.Topic, "a wildcard replyTo is not used");
            Assert.AreEqual("bad_reply_topic", LinkFixture.ErrorCode(m.Json()));

            before = f.Transport.Published.Count;
            f.Transport.Deliver(Prefix + "cmd/status", LinkFixture.J("{'id':'s5','replyTo':'bioreactor/dev-1/response/x'}"),
                Prefix + "response/mqtt5", null);
            f.Step();
            Assert.AreEqual(Prefix + "response/mqtt5", f.ResponseSince(before).Topic, "the MQTT 5 property wins over replyTo");
        }

        [TestMethod]
        public void BusyWhenMoreCommandsWaitThanTheQueueHolds()
        {
            var settings = new MqttLinkSettings();
            settings.CommandQueueCapacity = 2;
            var f = new LinkFixture(settings);
            f.Step();
            for (int i = 0; i < 5; i++)
            {
                f.Transport.Deliver(Prefix + "cmd/status", LinkFixture.J("{'id':'b" + i.ToString() + "'}"),
                    LinkFixture.ReplyTopic, null);
            }

            f.Step();
            FakeMessage[] responses = f.Transport.On(LinkFixture.ReplyTopic);
            Assert.AreEqual(4, responses.Length, "two run, two answered busy, the fifth dropped");
            Assert.IsTrue(responses[0].Json().Get("ok").BooleanValue);
            Assert.IsTrue(responses[1].Json().Get("ok").BooleanValue);
            Assert.AreEqual("busy", LinkFixture.ErrorCode(responses[2].Json()));
            Assert.AreEqual("busy", LinkFixture.ErrorCode(responses[3].Json()));
            Assert.AreEqual(1L, f.Link.CommandsDiscarded);
        }

        // A signed command refused and entered in the audit trail with its error code as the entry's target; nothing else changes.
        private static OperatorActionEntry AssertRefusedAndAudited(LinkFixture f, string name, byte[] payload, string expectedCode)
        {
            long actions = f.OperatorActions();
            BatchState state = f.Firmware.Batch.State;
            double target = f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius);
            JsonValue r = f.SendRaw(name, payload).Json();
            Assert.AreEqual(expectedCode, LinkFixture.ErrorCode(r), LinkFixture.ErrorMessage(r));
            Assert.AreEqual((int)state, (int)f.Firmware.Batch.State, "state unchanged");
            Assert.IsTrue(target == f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius), "set point unchanged");
            Assert.AreEqual(actions + 1, f.OperatorActions(), "one audit entry");
            OperatorActionEntry entry = LastOperatorAction(f);
            Assert.AreEqual((int)OperatorActionOutcome.Rejected, (int)entry.Outcome);
            if (expectedCode == "bad_signature" || expectedCode == "unknown_operator" || expectedCode == "wrong_meaning" || expectedCode == "replay")
            {
                Assert.AreEqual(expectedCode, entry.Target, "the link's refusal names its check");
            }
            else
            {
                Assert.AreEqual(r.Get("error").Get("batchResult").StringValue, BatchNames.ResultName((BatchResultCode)entry.ResultCode),
                    "the batch layer's refusal carries its result");
            }

            return entry;
        }

        [TestMethod]
        public void AWrongPasswordIsRefusedAndAudited()
        {
            LinkFixture f = Running();
            byte[] wrongKey = LinkFixture.KeyOf("someone.else");
            OperatorActionEntry entry = AssertRefusedAndAudited(f, "hold",
                f.Signed("hold", "tech.a", "performed", f.NextSignedAt(), "'reason':'check'", wrongKey), "bad_signature");
            Assert.AreEqual("tech.a", entry.OperatorId, "the claimed id is recorded");
            Assert.AreEqual("Hold", entry.Action);
            Assert.AreEqual("check", entry.Reason);
            Assert.AreEqual((int)OperatorRole.Technician, entry.Role, "the directory's role");
            Assert.AreEqual(1L, f.Link.RefusalsRecorded);
        }

        [TestMethod]
        public void ImpersonationIsRefused()
        {
            // A technician types QA's id into a note and signs with their own key: the device checks QA's key.
            LinkFixture f = Running();
            OperatorActionEntry entry = AssertRefusedAndAudited(f, "note",
                f.Signed("note", "qa.b", "reviewed", f.NextSignedAt(), "'text':'QA reviewed the culture at day 3: acceptable'",
                    LinkFixture.KeyOf("tech.a")), "bad_signature");
            Assert.AreEqual("qa.b", entry.OperatorId);
            Assert.AreEqual(0L, f.Firmware.Record.CountOf(RecordEntryType.Note), "no note entered");
        }

        [TestMethod]
        public void ACommandChangedInAnyByteIsRefused()
        {
            LinkFixture f = Running();
            byte[] signed = f.Signed("setpoint", "tech.a", "'variable':'temperatureCelsius','value':37.1,'reason':'trim'");
            string text = Utf8Text.Decode(signed, 0, signed.Length);

            // The value as written, a field, the device and the session are all covered.
            AssertRefusedAndAudited(f, "setpoint", Utf8Text.GetBytes(ReplaceFirst(text, "37.1", "37.10")), "bad_signature");
            AssertRefusedAndAudited(f, "setpoint", Utf8Text.GetBytes(ReplaceFirst(text, "trim", "trin")), "bad_signature");

            // (Other signers below, so that tech.a stays under the lockout's three bad signatures.)
            byte[] otherSession = CommandSigner.Sign(LinkFixture.DeviceId, "ffffffffffffffffffffffffffffffff", "hold",
                LinkFixture.J("{'id':'s-1','operator':'admin','meaning':'performed','signedAt':" + InvariantNumber.FormatInteger(f.NextSignedAt())
                + ",'reason':'r'}"), new HmacSha256Authenticator(LinkFixture.KeyOf("admin")));
            AssertRefusedAndAudited(f, "hold", otherSession, "bad_signature");
            byte[] otherDevice = CommandSigner.Sign("dev-2", LinkFixture.Session, "hold",
                LinkFixture.J("{'id':'s-2','operator':'admin','meaning':'performed','signedAt':" + InvariantNumber.FormatInteger(f.NextSignedAt())
                + ",'reason':'r'}"), new HmacSha256Authenticator(LinkFixture.KeyOf("admin")));
            AssertRefusedAndAudited(f, "hold", otherDevice, "bad_signature");

            // Signed as a hold, sent as an abort.
            AssertRefusedAndAudited(f, "abort", f.Signed("hold", "qa.b", "'reason':'r'"), "bad_signature");

            // The untouched command is accepted.
            JsonValue r = f.SendRaw("setpoint", signed).Json();
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            TestSupport.AreNear(37.1, f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius), 1e-9, "applied");
        }

        [TestMethod]
        public void UnknownOperatorsAndOperatorsWithoutACredentialAreRefusedAndAudited()
        {
            LinkFixture f = Running();
            OperatorActionEntry entry = AssertRefusedAndAudited(f, "hold",
                f.Signed("hold", "mallory", "performed", f.NextSignedAt(), "'reason':'x'", LinkFixture.KeyOf("mallory")), "unknown_operator");
            Assert.AreEqual("mallory", entry.OperatorId, "the unknown id is recorded");
            Assert.AreEqual((int)OperatorRole.None, entry.Role);
            AssertRefusedAndAudited(f, "hold", f.Signed("hold", "nokey.c", "'reason':'x'"), "bad_signature");
        }

        [TestMethod]
        public void ThreeBadSignaturesLockTheOperatorOutUntilAnAdministratorUnlocks()
        {
            LinkFixture f = Running();
            byte[] wrongKey = LinkFixture.KeyOf("guess");
            for (int i = 0; i < 3; i++)
            {
                Assert.IsFalse(f.Firmware.Batch.Lockout.IsLocked("tech.a"), "not locked before the third");
                AssertRefusedAndAudited(f, "note", f.Signed("note", "tech.a", "performed", f.NextSignedAt(), "'text':'guess'", wrongKey), "bad_signature");
            }

            Assert.IsTrue(f.Firmware.Batch.Lockout.IsLocked("tech.a"));
            f.Run(400);
            Assert.IsTrue(f.Firmware.Controller.Alarms.IsActive(AlarmId.OperatorLockedOut), "alarm raised");
            ConfigurationChangeEntry lockout = LastConfigurationChange(f);
            Assert.AreEqual("signature-check", lockout.Who);
            Assert.AreEqual("operator tech.a", lockout.Parameter);

            // Locked out: even the right password is refused, and recorded.
            AssertRefusedAndAudited(f, "hold", f.Signed("hold", "tech.a", "'reason':'sampling'"), "locked_out");

            // Only an administrator unlocks, with the meaning approved.
            JsonValue r = f.Send("unlock", "qa.b", "'lockedOperator':'tech.a'");
            Assert.AreEqual("not_permitted", LinkFixture.ErrorCode(r));
            r = f.Send("unlock", "admin", "'lockedOperator':'tech.a','reason':'identity confirmed by phone'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            OperatorActionEntry unlock = LastOperatorAction(f);
            Assert.AreEqual("admin", unlock.OperatorId);
            Assert.AreEqual("UnlockOperator", unlock.Action);
            Assert.AreEqual("tech.a", unlock.Target);
            r = f.Send("unlock", "admin", "'lockedOperator':'tech.a'");
            Assert.AreEqual("locked_out", LinkFixture.ErrorCode(r), "not locked any more");

            f.Run(400);
            Assert.IsFalse(f.Firmware.Controller.Alarms.IsConditionPresent(AlarmId.OperatorLockedOut), "condition gone");
            r = f.Send("hold", "tech.a", "'reason':'sampling'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
        }

        [TestMethod]
        public void AGoodSignatureResetsTheCountOfBadOnes()
        {
            LinkFixture f = Running();
            byte[] wrongKey = LinkFixture.KeyOf("guess");
            for (int round = 0; round < 3; round++)
            {
                for (int i = 0; i < 2; i++)
                {
                    AssertRefusedAndAudited(f, "note", f.Signed("note", "tech.a", "performed", f.NextSignedAt(), "'text':'x'", wrongKey), "bad_signature");
                }

                JsonValue r = f.Send("note", "tech.a", "'text':'typed it right'");
                Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            }

            Assert.IsFalse(f.Firmware.Batch.Lockout.IsLocked("tech.a"));
        }

        [TestMethod]
        public void TheMeaningMustBeTheCommandsAndAReleaseNeedsQa()
        {
            var f = new LinkFixture();
            f.Start("LOT-MEANING", 1);
            Assert.IsTrue(f.Send("abort", "tech.a", "'reason':'test'").Get("ok").BooleanValue);
            f.Run(2000);
            Assert.AreEqual((int)BatchState.Aborted, (int)f.Firmware.Batch.State);

            AssertRefusedAndAudited(f, "clear", f.Signed("clear", "qa.b", "performed", f.NextSignedAt(), "'reason':'reviewed'",
                LinkFixture.KeyOf("qa.b")), "wrong_meaning");
            AssertRefusedAndAudited(f, "clear", f.Signed("clear", "tech.a", "'reason':'reviewed'"), "not_permitted");
            AssertRefusedAndAudited(f, "note", f.Signed("note", "qa.b", "released", f.NextSignedAt(), "'text':'x'", LinkFixture.KeyOf("qa.b")),
                "wrong_meaning");

            byte[] release = f.Signed("clear", "qa.b", "'reason':'batch rejected after review'");
            JsonValue r = f.SendRaw("clear", release).Json();
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            Assert.AreEqual((int)BatchState.Idle, (int)f.Firmware.Batch.State);

            // The record's entry carries the signature: who, printed name, meaning, the signer's time and the MAC sent.
            Assert.IsTrue(f.Storage.Open("LOT-MEANING"), "the closed record");
            OperatorActionEntry entry = LastOperatorAction(f);
            Assert.AreEqual("Clear", entry.Action);
            Assert.AreEqual((int)OperatorActionOutcome.Done, (int)entry.Outcome);
            Assert.AreEqual("qa.b", entry.OperatorId);
            Assert.AreEqual("Blair Quality", entry.SignerName);
            Assert.AreEqual((int)SignatureMeaning.Released, entry.Meaning);
            JsonValue sent = new JsonReader(release.Length, 8, 64).Parse(release, 0, release.Length);
            Assert.AreEqual(sent.Get("signature").StringValue, entry.SignatureMac);
            TestSupport.AreNear(sent.Get("signedAt").NumberValue, entry.SignedAtMilliseconds, 0.0, "signedAt");
        }

        [TestMethod]
        public void TheSignerAnswerGivesWhatAClientNeedsToSign()
        {
            var f = new LinkFixture();
            JsonValue r = f.Query("signer", "'operator':'qa.b'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            Assert.AreEqual("qa.b", r.Get("operator").StringValue);
            Assert.AreEqual("Blair Quality", r.Get("name").StringValue);
            Assert.AreEqual("qa", r.Get("role").StringValue);
            Assert.AreEqual(LinkFixture.Session, r.Get("session").StringValue);
            Assert.AreEqual("pbkdf2-sha256", r.Get("algorithm").StringValue);
            Assert.AreEqual("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", r.Get("salt").StringValue);
            TestSupport.AreNear(1000, r.Get("iterations").NumberValue, 0.0, "iterations");
            Assert.IsFalse(r.Get("locked").BooleanValue);
            Assert.AreEqual("unknown_operator", LinkFixture.ErrorCode(f.Query("signer", "'operator':'mallory'")));
            Assert.AreEqual("not_found", LinkFixture.ErrorCode(f.Query("signer", "'operator':'nokey.c'")));
        }

        [TestMethod]
        public void NotPermittedIsRefusedAndAuditedForBatchActionsAndAutotune()
        {
            LinkFixture f = Running();
            long actions = f.OperatorActions();
            JsonValue r = f.Send("hold", "qa.b", "'reason':'review'");
            Assert.AreEqual("not_permitted", LinkFixture.ErrorCode(r));
            Assert.AreEqual("NotPermitted", r.Get("error").Get("batchResult").StringValue);
            Assert.AreEqual(actions + 1, f.OperatorActions(), "the batch layer recorded it");
            Assert.AreEqual((int)OperatorActionOutcome.Rejected, (int)LastOperatorAction(f).Outcome);

            r = f.Send("autotune-start", "qa.b", string.Empty);
            Assert.AreEqual("not_permitted", LinkFixture.ErrorCode(r));
            Assert.AreEqual(actions + 2, f.OperatorActions(), "the link recorded it");
            Assert.AreEqual("not_permitted", LastOperatorAction(f).Target);
            Assert.IsFalse(f.Firmware.Controller.TemperatureAutotune.IsActive);
        }

        [TestMethod]
        public void WrongStateIsRefusedAndAudited()
        {
            LinkFixture f = Running();
            long actions = f.OperatorActions();
            JsonValue r = f.Send("resume", "tech.a", string.Empty);
            Assert.AreEqual("wrong_state", LinkFixture.ErrorCode(r));
            Assert.AreEqual(actions + 1, f.OperatorActions());
            Assert.AreEqual((int)BatchState.Running, (int)f.Firmware.Batch.State);

            r = f.Send("autotune-stop", "tech.a", string.Empty);
            Assert.AreEqual("wrong_state", LinkFixture.ErrorCode(r), "no autotune is active");
            Assert.AreEqual(actions + 2, f.OperatorActions());
            Assert.AreEqual("wrong_state", LastOperatorAction(f).Target);
        }

        [TestMethod]
        public void OutOfRangeSetPointIsRefusedAndAudited()
        {
            LinkFixture f = Running();
            long actions = f.OperatorActions();
            JsonValue r = f.Send("setpoint", "tech.a", "'variable':'temperatureCelsius','value':41.5,'reason':'test'");
            Assert.AreEqual("out_of_range", LinkFixture.ErrorCode(r));
            Assert.AreEqual(actions + 1, f.OperatorActions());
            TestSupport.AreNear(37.0, f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius), 0.0, "unchanged");
        }

        [TestMethod]
        public void ReplaysAreRefusedAndBatchReplaysAudited()
        {
            LinkFixture f = Running();
            byte[] note = f.Signed("note", "tech.a", "'text':'cells look fine'");
            JsonValue first = f.SendRaw("note", note).Json();
            Assert.IsTrue(first.Get("ok").BooleanValue, LinkFixture.ErrorMessage(first));
            long actions = f.OperatorActions();
            long notes = f.Firmware.Record.CountOf(RecordEntryType.OperatorAction);
            JsonValue again = f.SendRaw("note", note).Json();
            Assert.AreEqual("replay", LinkFixture.ErrorCode(again));
            Assert.AreEqual(actions + 1, f.OperatorActions(), "the replay is audited");
            Assert.AreEqual("replay", LastOperatorAction(f).Target);
            TestSupport.AtLeast(notes, f.Firmware.Record.CountOf(RecordEntryType.OperatorAction), "no second note");

            // A new id with a signer's time not after the last one accepted: a replay of a signature, refused and audited.
            long signedAt = f.NextSignedAt();
            Assert.IsTrue(f.SendRaw("note", f.Signed("note", "tech.a", "performed", signedAt, "'text':'a'", LinkFixture.KeyOf("tech.a")))
                .Json().Get("ok").BooleanValue);
            AssertRefusedAndAudited(f, "note", f.Signed("note", "tech.a", "performed", signedAt, "'text':'a'", LinkFixture.KeyOf("tech.a")), "replay");

            // A replay of a read-only command is refused without an audit entry.
            byte[] status = LinkFixture.J("{'id':'dup-2'}");
            Assert.IsTrue(f.SendRaw("status", status).Json().Get("ok").BooleanValue);
            AssertRefusedWithoutChange(f, "status", status, "replay");

            // The window holds the last ReplayWindow ids: after 64 others the first is forgotten.
            for (int i = 0; i < MqttLinkSettingsDefaults.ReplayWindow; i++)
            {
                f.Query("status", string.Empty);
            }

            Assert.IsTrue(f.SendRaw("status", status).Json().Get("ok").BooleanValue, "dup-2 left the window");
        }

        [TestMethod]
        public void OperatorCommandsRunTheBatchThroughTheFirmware()
        {
            var f = new LinkFixture();
            JsonValue start = f.Start("LOT-RUN", 1);
            Assert.AreEqual("Running", start.Get("state").StringValue);
            Assert.IsTrue(f.Firmware.Record.IsOpen, "start opened the record");

            JsonValue r = f.Send("setpoint", "tech.a", "'variable':'temperatureCelsius','value':37,'reason':'confirm'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            r = f.Send("hold", "tech.a", "'reason':'sampling'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            f.Run(100);
            Assert.AreEqual((int)BatchState.Held, (int)f.Firmware.Batch.State);
            r = f.Send("resume", "tech.a", string.Empty);
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            f.Run(100);
            Assert.AreEqual((int)BatchState.Running, (int)f.Firmware.Batch.State);
            r = f.Send("note", "qa.b", "'text':'reviewed'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));

            f.Liquid.Value = 45.0;
            f.Run(2000);
            f.Liquid.Value = 37.0;
            f.Run(2000);
            Assert.IsTrue(f.Firmware.Controller.Alarms.IsUnacknowledged(AlarmId.LiquidOverTemperature), "tripped");
            r = f.Send("ack", "tech.a", "'alarm':'liquid_over_temperature'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            Assert.IsFalse(f.Firmware.Controller.Alarms.IsUnacknowledged(AlarmId.LiquidOverTemperature), "acknowledged");

            f.Run(125000);
            Assert.IsTrue(f.Firmware.Batch.AwaitingConfirmation, "the third phase waits for a confirmation");
            r = f.Send("confirm", "tech.a", "'text':'harvested'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            Assert.AreEqual((int)BatchState.Complete, (int)f.Firmware.Batch.State);
            r = f.Send("clear", "qa.b", "'reason':'released'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            Assert.AreEqual((int)BatchState.Idle, (int)f.Firmware.Batch.State);
            Assert.IsFalse(f.Firmware.Record.IsOpen, "clear closed the record");

            FakeMessage[] events = f.Transport.On(Prefix + "event");
            bool sawHold = false;
            bool sawPhase = false;
            for (int i = 0; i < events.Length; i++)
            {
                JsonValue e = events[i].Json();
                string kind = e.Get("kind").StringValue;
                if (kind == "action" && e.Get("action").StringValue == "Hold" && e.Get("outcome").StringValue == "accepted")
                {
                    sawHold = e.Get("operator").StringValue == "tech.a" && e.Get("reason").StringValue == "sampling";
                }

                if (kind == "phase" && e.Get("name").StringValue == "harvest")
                {
                    sawPhase = true;
                }
            }

            Assert.IsTrue(sawHold, "the hold is an action event with who and why");
            Assert.IsTrue(sawPhase, "phase changes are events");
        }

        [TestMethod]
        public void AutotuneStartsAndStopsAndIsRecorded()
        {
            LinkFixture f = Running();
            long actions = f.OperatorActions();
            JsonValue r = f.Send("autotune-start", "tech.a", "'reason':'new bag type'");
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            Assert.IsTrue(f.Firmware.Controller.TemperatureAutotune.IsActive);
            Assert.AreEqual(actions + 1, f.OperatorActions(), "recorded as done");
            Assert.AreEqual((int)OperatorActionOutcome.Done, (int)LastOperatorAction(f).Outcome);
            Assert.AreEqual("AutotuneStart", LastOperatorAction(f).Action);
            r = f.Send("autotune-stop", "admin", string.Empty);
            Assert.IsTrue(r.Get("ok").BooleanValue, LinkFixture.ErrorMessage(r));
            Assert.IsFalse(f.Firmware.Controller.TemperatureAutotune.IsActive);
        }

        [TestMethod]
        public void StatusAndRecordsAnswerQa()
        {
            LinkFixture f = Running();
            JsonValue status = f.Query("status", string.Empty);
            Assert.IsTrue(status.Get("ok").BooleanValue, LinkFixture.ErrorMessage(status));
            Assert.AreEqual("Running", status.Get("state").Get("state").StringValue);
            TestSupport.AreNear(37.0, status.Get("telemetry").Get("temperature").Get("measuredCelsius").NumberValue, 1e-9, "telemetry");
            Assert.AreEqual("dev-1", status.Get("device").StringValue);

            JsonValue records = f.Query("records", string.Empty);
            Assert.IsTrue(records.Get("ok").BooleanValue, LinkFixture.ErrorMessage(records));
            Assert.AreEqual(1, records.Get("records").Count);
            JsonValue first = records.Get("records").GetItem(0);
            Assert.AreEqual("LOT-1", first.Get("name").StringValue);
            Assert.IsTrue(first.Get("open").BooleanValue);
            TestSupport.AreNear(f.Storage.RecordLength("LOT-1"), first.Get("length").NumberValue, 0.0, "length");
        }

        [TestMethod]
        public void MalformedAndUnsignedCommandsAreCountedNotRecorded()
        {
            LinkFixture f = Running();
            long entries = NonPeriodicEntries(f);
            long refused = f.Link.CommandsRefused;
            f.SendRaw("hold", LinkFixture.J("not json"));
            f.SendRaw("nothing", LinkFixture.J("{'id':'u1','operator':'x'}"));
            f.SendRaw("hold", LinkFixture.J("{'id':'u2','operator':'mallory','reason':'x'}"));
            Assert.AreEqual(refused + 3, f.Link.CommandsRefused);
            Assert.AreEqual(entries, NonPeriodicEntries(f), "nothing recorded");
            Assert.AreEqual(0L, f.Link.RefusalsRecorded);
        }
    }

    /// <summary>The documented defaults the tests rely on.</summary>
    public static class MqttLinkSettingsDefaults
    {
        /// <summary>The replay window of the default settings.</summary>
        public const int ReplayWindow = 64;
    }
}
