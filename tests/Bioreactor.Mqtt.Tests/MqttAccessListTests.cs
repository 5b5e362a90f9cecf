using System;
using System.Collections.Generic;
using System.IO;
using Bioreactor.Host.Infrastructure.Mqtt;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>The access-list reader and matcher on the repository's acl file and on mosquitto's syntax corners.</summary>
    [TestClass]
    public sealed class MqttAccessListTests
    {
        private static readonly MqttAccessList Plant = MqttAccessList.Load(Path.Combine(AppContext.BaseDirectory, "mosquitto", "acl"));

        /// <summary>
        /// Who may publish where under the repository's acl: user, topic, allowed. Also run against both live brokers
        /// (<see cref="BrokerContractTests"/>), so the embedded broker is shown to refuse what mosquitto refuses.
        /// </summary>
        public static IEnumerable<object[]> PlantPublishCases => new[]
        {
            new object[] { "br-01", "bioreactor/br-01/state", true },
            new object[] { "br-01", "bioreactor/br-01/response/qa1-tool", true },
            new object[] { "br-01", "bioreactor/br-02/state", false },
            new object[] { "br-01", "bioreactor/br-02/cmd/start", false },
            new object[] { "br-01", "other/br-01/state", false },
            new object[] { "technician1", "bioreactor/br-01/cmd/start", true },
            new object[] { "technician1", "bioreactor/br-01/cmd/abort", true },
            new object[] { "technician1", "bioreactor/br-01/state", false },
            new object[] { "qa1", "bioreactor/br-01/cmd/status", true },
            new object[] { "qa1", "bioreactor/br-01/cmd/records", true },
            new object[] { "qa1", "bioreactor/br-01/cmd/record", true },
            new object[] { "qa1", "bioreactor/br-01/cmd/start", false },
            new object[] { "qa1", "bioreactor/br-01/cmd/ack", false },
            new object[] { "qa1", "bioreactor/br-01/cmd/note", true },
            new object[] { "qa1", "bioreactor/br-01/cmd/clear", true },
            new object[] { "qa1", "bioreactor/br-01/cmd/hold", false },
            new object[] { "qa1", "bioreactor/br-01/cmd/setpoint", false },
            new object[] { "admin1", "bioreactor/br-01/cmd/start", true },
            new object[] { "qa1", "bioreactor/br-01/state", false },
        };

        [TestMethod]
        [DynamicData(nameof(PlantPublishCases))]
        public void PlantAcl_Publish(string user, string topic, bool allowed)
        {
            Assert.AreEqual(allowed, Plant.MayPublish(user, user, topic), $"{user} → {topic}");
        }

        [TestMethod]
        [DataRow("br-01", "bioreactor/br-01/cmd/#", true)]
        [DataRow("br-01", "bioreactor/br-01/cmd/start", true)]
        [DataRow("br-01", "bioreactor/br-01/#", false)]
        [DataRow("br-01", "bioreactor/+/cmd/#", false)]
        [DataRow("br-01", "bioreactor/br-02/cmd/#", false)]
        [DataRow("technician1", "bioreactor/#", true)]
        [DataRow("technician1", "bioreactor/+/availability", true)]
        [DataRow("technician1", "#", false)]
        [DataRow("technician1", "$SYS/#", false)]
        [DataRow("qa1", "bioreactor/br-01/response/qa1-tool", true)]
        [DataRow("qa1", "+/br-01/state", false)]
        public void PlantAcl_Subscribe(string user, string filter, bool allowed)
        {
            Assert.AreEqual(allowed, Plant.MaySubscribe(user, user, filter), $"{user} ⊇ {filter}");
        }

        [TestMethod]
        public void PatternSubstitution_RefusesNamesThatWouldWiden()
        {
            // A user called "+" or "a/b" must not get the pattern's tree for every device.
            Assert.IsFalse(Plant.MayPublish("+", "+", "bioreactor/br-01/state"));
            Assert.IsFalse(Plant.MayPublish("br-01/x", "c", "bioreactor/br-01/x/state"));
            Assert.IsFalse(Plant.MayPublish(null, "br-01", "bioreactor/br-01/state"), "anonymous clients get no pattern with %u");
        }

        [TestMethod]
        public void Syntax_AnonymousSection_ClientIdPattern_DefaultAccess_Deny()
        {
            MqttAccessList list = MqttAccessList.Parse(
                "# comment\n" +
                "topic read public/#\n" +
                "pattern devices/%c/#\n" +
                "user alice\n" +
                "topic readwrite lab/#\n" +
                "topic deny lab/secret\n" +
                "topic write spaced topic name\n");

            Assert.AreEqual(5, list.RuleCount);
            Assert.IsTrue(list.MayRead(null, "x", "public/news"), "a topic before any user line is for anonymous clients");
            Assert.IsFalse(list.MayRead("alice", "x", "public/news"), "... and only for them");
            Assert.IsTrue(list.MayPublish("alice", "dev7", "devices/dev7/state"), "no access word: readwrite; %c = client id");
            Assert.IsTrue(list.MayRead("alice", "dev7", "devices/dev7/state"));
            Assert.IsTrue(list.MayPublish("alice", "a", "lab/bench"));
            Assert.IsFalse(list.MayPublish("alice", "a", "lab/secret"), "deny wins over a broader grant");
            Assert.IsFalse(list.MaySubscribe("alice", "a", "lab/#"), "a filter overlapping a deny is refused");
            Assert.IsTrue(list.MaySubscribe("alice", "a", "lab/bench/+"));
            Assert.IsTrue(list.MayPublish("alice", "a", "spaced topic name"));
            Assert.IsFalse(list.MayRead("alice", "a", "spaced topic name"));
        }

        [TestMethod]
        public void Syntax_Errors_NameTheLine()
        {
            FormatException unknown = Assert.ThrowsExactly<FormatException>(() => MqttAccessList.Parse("user a\ntopic read x\ngroup b\n"));
            StringAssert.Contains(unknown.Message, "line 3");
            StringAssert.Contains(unknown.Message, "'group'");
            FormatException noTopic = Assert.ThrowsExactly<FormatException>(() => MqttAccessList.Parse("pattern write\n"));
            StringAssert.Contains(noTopic.Message, "line 1");
            Assert.ThrowsExactly<FormatException>(() => MqttAccessList.Parse("user\n"));
        }
    }
}
