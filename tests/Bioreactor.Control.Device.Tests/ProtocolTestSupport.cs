#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Device;
using Bioreactor.Control.Primitives;
using System;
using System.Collections;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Tests
{
    /// <summary>A device (firmware and link on the fake transport) on the tiny fake board, and helpers to drive it.</summary>
    public sealed class LinkFixture
    {
        /// <summary>The device id of the fixture.</summary>
        public const string DeviceId = "dev-1";

        /// <summary>bioreactor/dev-1/.</summary>
        public const string Prefix = "bioreactor/dev-1/";

        /// <summary>The default response topic of a test client.</summary>
        public const string ReplyTopic = "bioreactor/dev-1/response/client-1";

        /// <summary>The fixture's session nonce.</summary>
        public const string Session = "0123456789abcdef5e55101100000001";

        // The signers' time: a fixed start, one ms later per signature.
        private long _signedAt = 1765100000000;

        private const long TickMilliseconds = 20;
        private int _nextId;

        /// <summary>A fixture with default link settings.</summary>
        public LinkFixture()
            : this(null)
        {
        }

        /// <summary>A fixture with <paramref name="settings"/> (DeviceId and FirmwareVersion are filled in when null).</summary>
        public LinkFixture(MqttLinkSettings settings)
        {
            Clock = new ManualClock();
            Storage = new MemoryRecordStorage();
            Liquid = new FixedSensor(Clock, 37.0);
            var outputs = new FakeOutputs();
            Outputs = outputs;
            Firmware = ComposeFirmware(Storage, new HmacSha256Authenticator(RecordTestSupport.Key()), Clock, Liquid, outputs);
            Transport = new FakeMqttTransport();
            Settings = settings == null ? new MqttLinkSettings() : settings;
            if (Settings.DeviceId == null)
            {
                Settings.DeviceId = DeviceId;
            }

            if (Settings.FirmwareVersion == null)
            {
                Settings.FirmwareVersion = "1.2.3";
            }

            if (Settings.SessionNonce == null)
            {
                Settings.SessionNonce = Session;
            }

            Link = new MqttLink(Firmware, Transport, Storage, Clock, Settings, 12345);
            Device = new BioreactorDevice(Firmware, Link);
            Device.StartUp();
        }

        /// <summary>The clock.</summary>
        public ManualClock Clock { get; private set; }

        /// <summary>The record storage.</summary>
        public MemoryRecordStorage Storage { get; private set; }

        /// <summary>The liquid probe (set its value to raise alarms).</summary>
        public FixedSensor Liquid { get; private set; }

        /// <summary>Outputs and door.</summary>
        public FakeOutputs Outputs { get; private set; }

        /// <summary>The firmware.</summary>
        public BioreactorFirmware Firmware { get; private set; }

        /// <summary>The transport.</summary>
        public FakeMqttTransport Transport { get; private set; }

        /// <summary>The link's settings.</summary>
        public MqttLinkSettings Settings { get; private set; }

        /// <summary>The link.</summary>
        public MqttLink Link { get; private set; }

        /// <summary>The device composed of both.</summary>
        public BioreactorDevice Device { get; private set; }

        /// <summary>
        /// The test firmware: <paramref name="liquid"/> as the liquid probe, the plate at 37.2 °C, CO2 at 5 %, the platform
        /// level, <paramref name="outputs"/> as every output and the door, <see cref="Operators"/>, "test-device" 1.0.0.
        /// </summary>
        public static BioreactorFirmware ComposeFirmware(IRecordStorage storage, IMessageAuthenticator authenticator, ManualClock clock,
            ISensor liquid, FakeOutputs outputs)
        {
            var ports = new BioreactorPorts(liquid, new FixedSensor(clock, 37.2), new FixedSensor(clock, 5.0),
                new FixedSensor(clock, 0.0), outputs, outputs, outputs, outputs, clock);
            return new BioreactorFirmware(ports, new BioreactorControllerSettings(), Operators(), storage, authenticator,
                "test-device", "1.0.0");
        }

        /// <summary>A JSON writer over a fresh buffer of <paramref name="size"/> bytes.</summary>
        public static JsonWriter NewWriter(int size)
        {
            var w = new JsonWriter();
            w.Reset(new byte[size], 0, size);
            return w;
        }

        /// <summary>
        /// tech.a technician, qa.b qa, admin administrator, each with a credential whose key is <see cref="KeyOf"/>; and
        /// nokey.c, a technician without a credential.
        /// </summary>
        public static OperatorDirectory Operators()
        {
            var directory = new OperatorDirectory();
            directory.Add("tech.a", OperatorRole.Technician, "Alex Tech", Credential("tech.a"));
            directory.Add("qa.b", OperatorRole.Qa, "Blair Quality", Credential("qa.b"));
            directory.Add("admin", OperatorRole.Administrator, "Ada Admin", Credential("admin"));
            directory.Add("nokey.c", OperatorRole.Technician, "Casey Nokey", null);
            return directory;
        }

        /// <summary>A test operator's signing key (32 bytes made from the id; a real key is PBKDF2 of a password).</summary>
        public static byte[] KeyOf(string operatorId)
        {
            byte[] key = new byte[32];
            char[] chars = operatorId.ToCharArray();
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(chars[i % chars.Length] + 7 * i);
            }

            return key;
        }

        private static OperatorCredential Credential(string operatorId)
        {
            byte[] salt = new byte[16];
            for (int i = 0; i < salt.Length; i++)
            {
                salt[i] = (byte)(0xA0 + i);
            }

            return new OperatorCredential(1000, salt, KeyOf(operatorId));
        }

        /// <summary>A fresh signedAt (later than every one before in this fixture).</summary>
        public long NextSignedAt()
        {
            _signedAt++;
            return _signedAt;
        }

        /// <summary>
        /// A command signed by <paramref name="operatorId"/> with the usual meaning and a fresh id and time;
        /// <paramref name="members"/> are the command's other members (single quotes, may be empty).
        /// </summary>
        public byte[] Signed(string name, string operatorId, string members)
        {
            return Signed(name, operatorId, CommandSigner.UsualMeaning(name), NextSignedAt(), members, KeyOf(operatorId));
        }

        /// <summary>A command signed with every part given: meaning, signer's time and key.</summary>
        public byte[] Signed(string name, string operatorId, string meaning, long signedAt, string members, byte[] key)
        {
            return SignedCommand(name, NextId(), operatorId, meaning, signedAt, members, key);
        }

        /// <summary>A command with id <paramref name="id"/> signed for this fixture's device and session.</summary>
        public static byte[] SignedCommand(string name, string id, string operatorId, string meaning, long signedAt, string members, byte[] key)
        {
            string json = "{'id':'" + id + "','operator':'" + operatorId + "','meaning':'" + meaning + "','signedAt':"
                + InvariantNumber.FormatInteger(signedAt) + (members.Length > 0 ? "," + members : string.Empty) + "}";
            return SignPayload(name, J(json), key);
        }

        /// <summary>A command with id <paramref name="id"/> signed by <paramref name="operatorId"/> with the usual meaning.</summary>
        public static byte[] SignedCommand(string name, string id, string operatorId, long signedAt, string members)
        {
            return SignedCommand(name, id, operatorId, CommandSigner.UsualMeaning(name), signedAt, members, KeyOf(operatorId));
        }

        /// <summary>Adds the signature under <paramref name="key"/> to an unsigned command of this fixture's device.</summary>
        public static byte[] SignPayload(string name, byte[] payload, byte[] key)
        {
            return CommandSigner.Sign(DeviceId, Session, name, payload, new HmacSha256Authenticator(key));
        }

        /// <summary>A recipe of two timed static phases (<paramref name="minutes"/> each) and a confirmed one, as text.</summary>
        public static string RecipeText(int minutes)
        {
            var first = new RecipePhase("warm-up", minutes * 60);
            var second = new RecipePhase("hold-37", minutes * 60);
            var third = new RecipePhase("harvest", 0);
            third.EndCondition = PhaseEndCondition.OperatorConfirms;
            var recipe = new Recipe("link-test", 2, "protocol test recipe", new RecipePhase[] { first, second, third });
            return Bioreactor.Control.Batch.RecipeText.Write(recipe);
        }

        /// <summary>One control tick, then the record thread's and the communication thread's calls.</summary>
        public void Step()
        {
            Clock.Advance(TickMilliseconds);
            Device.Tick();
            Device.ServiceRecord();
            Link.Service();
        }

        /// <summary>Steps for <paramref name="milliseconds"/>.</summary>
        public void Run(long milliseconds)
        {
            for (long t = 0; t < milliseconds; t += TickMilliseconds)
            {
                Step();
            }
        }

        /// <summary>A fresh command id.</summary>
        public string NextId()
        {
            _nextId++;
            return "c-" + _nextId.ToString();
        }

        /// <summary>JSON from text written with single quotes.</summary>
        public static byte[] J(string singleQuoted)
        {
            char[] chars = singleQuoted.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '\'')
                {
                    chars[i] = '"';
                }
            }

            return Utf8Text.GetBytes(new string(chars));
        }

        /// <summary>Sends a raw payload on cmd/<paramref name="name"/> (MQTT 5 response topic = the test client's), steps once, returns the response.</summary>
        public FakeMessage SendRaw(string name, byte[] payload)
        {
            int before = Transport.Published.Count;
            Transport.Deliver(Prefix + "cmd/" + name, payload, ReplyTopic, new byte[] { 1, 2, 3 });
            Step();
            return ResponseSince(before);
        }

        /// <summary>Sends a command signed by <paramref name="operatorId"/> with extra members (single quotes, may be empty).</summary>
        public JsonValue Send(string name, string operatorId, string extraMembers)
        {
            FakeMessage response = SendRaw(name, Signed(name, operatorId, extraMembers));
            Assert.IsNotNull(response, "a response to " + name);
            return response.Json();
        }

        /// <summary>Sends a read-only (unsigned) command with extra members (single quotes, may be empty).</summary>
        public JsonValue Query(string name, string extraMembers)
        {
            string json = "{'id':'" + NextId() + "'" + (extraMembers.Length > 0 ? "," + extraMembers : string.Empty) + "}";
            FakeMessage response = SendRaw(name, J(json));
            Assert.IsNotNull(response, "a response to " + name);
            return response.Json();
        }

        /// <summary>The payload of a start command signed by tech.a for <paramref name="batchId"/>.</summary>
        public byte[] StartPayload(string batchId, int minutes)
        {
            var w = new JsonWriter();
            byte[] buffer = new byte[16384];
            w.Reset(buffer, 0, buffer.Length);
            w.BeginObject();
            w.Name("id");
            w.String(NextId());
            w.Name("operator");
            w.String("tech.a");
            w.Name("meaning");
            w.String("performed");
            w.Name("signedAt");
            w.Integer(NextSignedAt());
            w.Name("batchId");
            w.String(batchId);
            w.Name("recipe");
            w.String(RecipeText(minutes));
            w.EndObject();
            byte[] payload = new byte[w.Length];
            Array.Copy(buffer, payload, payload.Length);
            return SignPayload("start", payload, KeyOf("tech.a"));
        }

        /// <summary>Starts a batch through the protocol (asserts it was accepted).</summary>
        public JsonValue Start(string batchId, int minutes)
        {
            FakeMessage message = SendRaw("start", StartPayload(batchId, minutes));
            Assert.IsNotNull(message, "a response to start");
            JsonValue response = message.Json();
            Assert.IsTrue(response.Get("ok").BooleanValue, "start accepted: " + ErrorMessage(response));
            return response;
        }

        /// <summary>Delivers a command without waiting for a response (the broker may be away), then steps once.</summary>
        public void Deliver(string name, byte[] payload)
        {
            Transport.Deliver(Prefix + "cmd/" + name, payload, ReplyTopic, null);
            Step();
        }

        /// <summary>Steps until the link is online (at most <paramref name="milliseconds"/>); true when it is.</summary>
        public bool RunUntilOnline(long milliseconds)
        {
            for (long t = 0; t < milliseconds && !Link.IsOnline; t += TickMilliseconds)
            {
                Step();
            }

            return Link.IsOnline;
        }

        /// <summary>The first response published since <paramref name="index"/> messages.</summary>
        public FakeMessage ResponseSince(int index)
        {
            for (int i = index; i < Transport.Published.Count; i++)
            {
                var m = (FakeMessage)Transport.Published[i];
                if (m.Topic.Length >= (Prefix + "response").Length && m.Topic.Substring(0, (Prefix + "response").Length) == Prefix + "response")
                {
                    return m;
                }
            }

            return null;
        }

        /// <summary>The error code of a response, or null when it was accepted.</summary>
        public static string ErrorCode(JsonValue response)
        {
            JsonValue error = response.Get("error");
            return error == null ? null : error.Get("code").StringValue;
        }

        /// <summary>The error message of a response ("" when accepted).</summary>
        public static string ErrorMessage(JsonValue response)
        {
            JsonValue error = response.Get("error");
            return error == null ? string.Empty : error.Get("message").StringValue;
        }

        /// <summary>Number of OperatorAction entries in the open record.</summary>
        public long OperatorActions()
        {
            return Firmware.Record.CountOf(RecordEntryType.OperatorAction);
        }
    }
}
