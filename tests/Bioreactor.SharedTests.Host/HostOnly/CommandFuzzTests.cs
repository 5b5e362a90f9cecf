using System;
using System.Diagnostics;
using System.Text;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Safety;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Control.Tests.HostOnly
{
    /// <summary>
    /// Bad input hurts nothing: 120 000 generated and mutated payloads (seeded) through the command path
    /// (MqttLink.OnMessage, BioreactorDevice.ServiceRecord, MqttLink.Service) of a running batch. Every payload is one
    /// that must fail (operators that are not in the directory and cannot become one within the mutations' edit distance,
    /// malformed documents, wrong types, unknown commands and fields). Asserted: no exception escapes, no command is accepted
    /// or throws inside the link, and the batch state, set points, record length and alarm states are exactly as before.
    /// </summary>
    [TestClass]
    public sealed class CommandFuzzTests
    {
        private const int Seed = 5150;
        private const int Payloads = 120000;

        private static readonly string[] Commands =
        {
            "start", "hold", "resume", "abort", "clear", "confirm", "setpoint", "ack", "note", "autotune-start", "autotune-stop",
            "status", "records", "record", "shutdown", "", "hold/extra", "HOLD",
        };

        // Operator ids at least 4 edits away from every directory id (tech.a, qa.b, admin): mutations make at most 3.
        private static readonly string[] Strangers = { "zzzzzzzz", "mallory.x9", "q9q9q9q9q9", "unknown-operator" };

        private static readonly string[] Roles = { "technician", "qa", "administrator", "boss", "", "TECHNICIAN" };

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
            long recordLength = f.Storage.RecordLength("LOT-FUZZ");
            AlarmState[] alarms = Alarms(f);
            long acceptedBefore = f.Link.CommandsAccepted;
            int phase = f.Firmware.Batch.PhaseIndex;

            var random = new Random(Seed);
            var timer = Stopwatch.StartNew();
            int sent = 0;
            for (int i = 0; i < Payloads; i++)
            {
                byte[] payload = Generate(random);
                string topic = LinkFixture.Prefix + "cmd/" + Commands[random.Next(Commands.Length)];
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
            Assert.AreEqual(recordLength, f.Storage.RecordLength("LOT-FUZZ"), "record length: nothing recorded");
            CollectionAssert.AreEqual(alarms, Alarms(f), "alarm states");
            Assert.AreEqual(0L, f.Link.RefusalsRecorded, "no refusal of an identified operator");
            Assert.IsTrue(f.Link.CommandsRefused + f.Link.CommandsDiscarded >= Payloads, "every payload was refused or dropped as excess");
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

        private static byte[] Generate(Random random)
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

                    return Mutate(Template(random), random);
                case 2:
                case 3:
                    return Mutate(Template(random), random);
                default:
                    return Template(random);
            }
        }

        // A plausible command by someone the device does not know, with fields of random types.
        private static byte[] Template(Random random)
        {
            var sb = new StringBuilder("{");
            sb.Append("\"id\":").Append(Value(random, "\"c-" + random.Next(1000000) + "\""));
            sb.Append(",\"operator\":").Append(random.Next(8) == 0 ? Value(random, "1") : "\"" + Strangers[random.Next(Strangers.Length)] + "\"");
            sb.Append(",\"role\":").Append(Value(random, "\"" + Roles[random.Next(Roles.Length)] + "\""));
            string[] fields = { "reason", "text", "variable", "value", "alarm", "batchId", "recipe", "record", "fromSequence", "maxEntries",
                "offset", "replyTo", "extra" };
            int n = random.Next(0, 5);
            for (int i = 0; i < n; i++)
            {
                string field = fields[random.Next(fields.Length)];
                if (sb.ToString().Contains("\"" + field + "\""))
                {
                    continue;
                }

                sb.Append(",\"").Append(field).Append("\":").Append(Value(random, FieldValue(field, random)));
            }

            sb.Append('}');
            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        private static string FieldValue(string field, Random random)
        {
            switch (field)
            {
                case "variable": return "\"temperatureCelsius\"";
                case "value": return (30 + random.NextDouble() * 20).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                case "alarm": return "\"door_open\"";
                case "batchId": return "\"LOT-" + random.Next(100) + "\"";
                case "recipe": return "\"name = x\\nversion = 1\"";
                case "record": return "\"LOT-FUZZ\"";
                case "fromSequence":
                case "maxEntries":
                case "offset": return random.Next(-5, 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case "replyTo": return "\"bioreactor/dev-1/response/fuzz\"";
                default: return "\"" + RandomText(random, 30).Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            }
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
