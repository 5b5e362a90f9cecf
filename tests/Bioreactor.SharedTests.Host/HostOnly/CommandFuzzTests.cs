using System;
using System.Diagnostics;
using System.Text;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Control.Tests.HostOnly
{
    /// <summary>
    /// Bad input hurts nothing: 120 000 generated and mutated payloads (seeded) through the command path
    /// (MqttLink.OnMessage, BioreactorDevice.ServiceRecord, MqttLink.Service) of a running batch. Every payload is one
    /// that must fail: malformed documents, wrong types, unknown commands and fields, and signed commands whose signature
    /// cannot verify (random hex, or the MAC under a key no operator has, then mutated) in the name of the directory's
    /// operators and of strangers. Asserted: no exception escapes, no command is accepted or throws inside the link, the
    /// batch state, set points and alarm states are exactly as before, and the record grew only by refusals (Rejected
    /// operator actions) and lockouts, and still verifies.
    /// </summary>
    [TestClass]
    public sealed class CommandFuzzTests
    {
        private const int Seed = 5150;
        private const int Payloads = 120000;

        private static readonly string[] Commands =
        {
            "start", "hold", "resume", "abort", "clear", "confirm", "setpoint", "ack", "note", "autotune-start", "autotune-stop",
            "unlock", "status", "records", "record", "signer", "shutdown", "", "hold/extra", "HOLD",
        };

        // The directory's operators (their keys are not used here) and strangers.
        private static readonly string[] Operators = { "tech.a", "qa.b", "admin", "nokey.c", "zzzzzzzz", "mallory.x9", "unknown-operator" };

        private static readonly string[] Meanings = { "performed", "reviewed", "approved", "released", "", "PERFORMED", "authored" };

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void HundredThousandBadPayloadsChangeNothing()
        {
            var f = new LinkFixture();
            f.Start("LOT-FUZZ", 60);
            f.Run(2000);
            f.Transport.Published.Clear();

            BatchState state = f.Firmware.Batch.State;
            double[] targets = Targets(f);
            long lastSequenceBefore = LastSequence(f);
            AlarmState[] alarms = Alarms(f);
            long acceptedBefore = f.Link.CommandsAccepted;
            int phase = f.Firmware.Batch.PhaseIndex;

            var random = new Random(Seed);
            var timer = Stopwatch.StartNew();
            int sent = 0;
            for (int i = 0; i < Payloads; i++)
            {
                string command = Commands[random.Next(Commands.Length)];
                byte[] payload = Generate(random, command);
                string topic = LinkFixture.Prefix + "cmd/" + command;
                string responseTopic = random.Next(4) == 0 ? RandomText(random, 20) : LinkFixture.ReplyTopic;
                byte[] correlation = random.Next(3) == 0 ? null : new byte[] { (byte)i, (byte)(i >> 8) };
                f.Transport.Deliver(topic, payload, responseTopic, correlation);
                sent++;
                if (random.Next(3) == 0 || i == Payloads - 1)
                {
                    f.Device.ServiceRecord();
                    f.Link.Service();
                }

                if (f.Transport.Published.Count > 10000)
                {
                    f.Transport.Published.Clear();
                }
            }

            timer.Stop();
            TestContext.WriteLine($"fuzz seed {Seed}: {sent} payloads through OnMessage/ServiceRecord/Service in {timer.Elapsed.TotalSeconds:F1} s; "
                + $"received {f.Link.CommandsReceived}, refused {f.Link.CommandsRefused}, discarded {f.Link.CommandsDiscarded}, "
                + $"accepted {f.Link.CommandsAccepted - acceptedBefore}, internal errors {f.Link.InternalErrors}");

            Assert.AreEqual(Payloads, sent);
            Assert.AreEqual(0L, f.Link.InternalErrors, "no command threw inside the link (seed " + Seed + ")");
            Assert.AreEqual(acceptedBefore, f.Link.CommandsAccepted, "no bad payload was accepted (seed " + Seed + ")");
            Assert.AreEqual(state, f.Firmware.Batch.State, "batch state");
            Assert.AreEqual(phase, f.Firmware.Batch.PhaseIndex, "phase");
            CollectionAssert.AreEqual(targets, Targets(f), "set points");
            CollectionAssert.AreEqual(alarms, Alarms(f), "alarm states");
            Assert.IsTrue(f.Link.CommandsRefused + f.Link.CommandsDiscarded >= Payloads, "every payload was refused or dropped as excess");

            // Signed commands reached the signature check in numbers, and all the record gained is their refusals.
            TestContext.WriteLine($"refusals recorded {f.Link.RefusalsRecorded}; locked out: tech.a {f.Firmware.Batch.Lockout.IsLocked("tech.a")}, "
                + $"qa.b {f.Firmware.Batch.Lockout.IsLocked("qa.b")}, admin {f.Firmware.Batch.Lockout.IsLocked("admin")}");
            Assert.IsTrue(f.Link.RefusalsRecorded >= 1000, "signed payloads were checked and their refusals recorded: " + f.Link.RefusalsRecorded);
            var reader = new RecordReader(f.Storage);
            var frame = new RecordFrame();
            int added = 0;
            while (reader.Next(frame))
            {
                // The batch's snapshots after its events (its unchanged state, for a resume after a power cut) aside.
                if (frame.Sequence <= lastSequenceBefore || frame.Type == RecordEntryType.BatchSnapshot)
                {
                    continue;
                }

                added++;
                if (frame.Type == RecordEntryType.OperatorAction)
                {
                    Assert.AreEqual(OperatorActionOutcome.Rejected, OperatorActionEntry.Decode(frame).Outcome, "entry " + frame.Sequence);
                }
                else
                {
                    Assert.AreEqual(RecordEntryType.ConfigurationChange, frame.Type, "entry " + frame.Sequence + ": only refusals and lockouts");
                    Assert.AreEqual("signature-check", ConfigurationChangeEntry.Decode(frame).Who);
                }
            }

            Assert.AreEqual(f.Link.RefusalsRecorded, added - CountLockouts(f), "one entry per recorded refusal, besides the lockouts");
            RecordVerification verification = RecordVerifier.Verify(f.Storage, new HmacSha256Authenticator(RecordTestSupport.Key()), -1, null);
            Assert.IsTrue(verification.IsIntact, "the record still verifies: " + verification.Finding + " at " + verification.FindingSequence);
        }

        private static long LastSequence(LinkFixture f)
        {
            var reader = new RecordReader(f.Storage);
            var frame = new RecordFrame();
            long last = -1;
            while (reader.Next(frame))
            {
                last = frame.Sequence;
            }

            return last;
        }

        private static int CountLockouts(LinkFixture f)
        {
            int n = 0;
            foreach (string id in new[] { "tech.a", "qa.b", "admin", "nokey.c" })
            {
                n += f.Firmware.Batch.Lockout.IsLocked(id) ? 1 : 0;
            }

            return n;
        }

        private static double[] Targets(LinkFixture f)
        {
            return new[]
            {
                f.Firmware.Batch.GetTarget(BatchVariable.TemperatureCelsius), f.Firmware.Batch.GetTarget(BatchVariable.Co2Percent),
                f.Firmware.Batch.GetTarget(BatchVariable.RockingRateRpm), f.Firmware.Batch.GetTarget(BatchVariable.RockingAmplitudeDegrees),
            };
        }

        private static AlarmState[] Alarms(LinkFixture f)
        {
            var states = new AlarmState[AlarmCatalog.Count];
            for (int i = 0; i < states.Length; i++)
            {
                states[i] = f.Firmware.Controller.Alarms.GetState((AlarmId)i);
            }

            return states;
        }

        private static byte[] Generate(Random random, string command)
        {
            switch (random.Next(6))
            {
                case 0:
                    {
                        // Random bytes.
                        var bytes = new byte[random.Next(0, 200)];
                        random.NextBytes(bytes);
                        return bytes;
                    }

                case 1:
                    // Oversized.
                    if (random.Next(20) == 0)
                    {
                        var big = new byte[16385 + random.Next(1000)];
                        random.NextBytes(big);
                        return big;
                    }

                    return Mutate(Template(random, command), random);
                case 2:
                case 3:
                    return Mutate(Template(random, command), random);
                default:
                    return Template(random, command);
            }
        }

        // A plausible signed command whose signature cannot verify, with fields of random types.
        private static byte[] Template(Random random, string command)
        {
            var sb = new StringBuilder("{");
            sb.Append("\"id\":").Append(Value(random, "\"c-" + random.Next(1000000) + "\""));
            sb.Append(",\"operator\":").Append(Rarely(random, "\"" + Operators[random.Next(Operators.Length)] + "\""));
            sb.Append(",\"meaning\":").Append(Rarely(random, "\"" + Meanings[random.Next(Meanings.Length)] + "\""));
            sb.Append(",\"signedAt\":").Append(Rarely(random, (1765100000000L + random.Next(1000000)).ToString(System.Globalization.CultureInfo.InvariantCulture)));

            // Usually the command's own fields, so that many payloads get as far as the signature check.
            foreach (string own in OwnFields(command))
            {
                if (random.Next(8) != 0)
                {
                    sb.Append(",\"").Append(own).Append("\":").Append(Rarely(random, FieldValue(own, random)));
                }
            }

            string[] fields = { "reason", "text", "variable", "value", "alarm", "batchId", "recipe", "record", "fromSequence", "maxEntries",
                "offset", "replyTo", "lockedOperator", "role", "extra" };
            int n = random.Next(4) == 0 ? random.Next(1, 4) : 0;
            for (int i = 0; i < n; i++)
            {
                string field = fields[random.Next(fields.Length)];
                if (sb.ToString().Contains("\"" + field + "\""))
                {
                    continue;
                }

                sb.Append(",\"").Append(field).Append("\":").Append(Value(random, FieldValue(field, random)));
            }

            if (random.Next(2) == 0)
            {
                // Random hex, or nothing there, or another type.
                sb.Append(",\"signature\":").Append(Value(random, "\"" + RandomHex(random) + "\""));
                sb.Append('}');
                return Encoding.UTF8.GetBytes(sb.ToString());
            }

            // A real MAC of these bytes, under a key no operator of the directory has.
            sb.Append('}');
            byte[] unsigned = Encoding.UTF8.GetBytes(sb.ToString());
            try
            {
                return LinkFixture.SignPayload(Commands[random.Next(Commands.Length)], unsigned, LinkFixture.KeyOf("stranger"));
            }
            catch (ArgumentException)
            {
                return unsigned; // no canonical form (a member of another type): sent unsigned
            }
        }

        private static string JsonString(string text)
        {
            return System.Text.Json.JsonSerializer.Serialize(text);
        }

        private static string RandomHex(Random random)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            return Convert.ToHexString(bytes).ToLowerInvariant();
        }

        private static string FieldValue(string field, Random random)
        {
            switch (field)
            {
                case "variable": return "\"temperatureCelsius\"";
                case "value": return (30 + random.NextDouble() * 20).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                case "alarm": return "\"door_open\"";
                case "batchId": return "\"LOT-" + random.Next(100) + "\"";
                case "recipe": return random.Next(2) == 0 ? "\"name = x\\nversion = 1\"" : JsonString(LinkFixture.RecipeText(1));
                case "record": return "\"LOT-FUZZ\"";
                case "fromSequence":
                case "maxEntries":
                case "offset": return random.Next(-5, 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case "replyTo": return "\"bioreactor/dev-1/response/fuzz\"";
                case "lockedOperator": return "\"" + Operators[random.Next(Operators.Length)] + "\"";
                default: return "\"" + RandomText(random, 30).Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            }
        }

        private static string[] OwnFields(string command)
        {
            switch (command)
            {
                case "start": return new[] { "batchId", "recipe" };
                case "hold":
                case "abort":
                case "clear": return new[] { "reason" };
                case "confirm":
                case "note": return new[] { "text" };
                case "setpoint": return new[] { "variable", "value", "reason" };
                case "ack": return new[] { "alarm" };
                case "unlock": return new[] { "lockedOperator" };
                default: return new string[0];
            }
        }

        // The plausible value nine times in ten, otherwise one of another type.
        private static string Rarely(Random random, string plausible)
        {
            return random.Next(10) == 0 ? Value(random, plausible) : plausible;
        }

        // Usually the plausible value, sometimes one of another type.
        private static string Value(Random random, string plausible)
        {
            switch (random.Next(10))
            {
                case 0: return "null";
                case 1: return "true";
                case 2: return "[1,2]";
                case 3: return "{\"a\":1}";
                case 4: return "1e999";
                default: return plausible;
            }
        }

        private static string RandomText(Random random, int maximum)
        {
            var sb = new StringBuilder();
            int n = random.Next(0, maximum);
            for (int i = 0; i < n; i++)
            {
                sb.Append(random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : (char)random.Next(0x20, 0x7F));
            }

            return sb.ToString();
        }

        private static byte[] Mutate(byte[] seed, Random random)
        {
            var bytes = new System.Collections.Generic.List<byte>(seed);
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits && bytes.Count > 0; e++)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0:
                        bytes.RemoveAt(at);
                        break;
                    case 1:
                        bytes.Insert(at, (byte)random.Next(256));
                        break;
                    case 2:
                        bytes[at] = (byte)(bytes[at] ^ (1 << random.Next(8)));
                        break;
                    default:
                        bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 20))));
                        break;
                }
            }

            return bytes.ToArray();
        }
    }
}
