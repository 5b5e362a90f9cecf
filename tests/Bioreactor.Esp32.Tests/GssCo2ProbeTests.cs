#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class GssCo2ProbeTests
    {
        private static GssCo2Probe CreateProbe()
        {
            return new GssCo2Probe(20.0, 500, 3000);
        }

        private static void Send(GssCo2Probe probe, string text, long nowMilliseconds)
        {
            byte[] bytes = TestSupport.Ascii(text);
            probe.Receive(bytes, 0, bytes.Length, nowMilliseconds);
        }

        /// <summary>A probe past its handshake: polling mode acknowledged and multiplier 10 (the 20 % probe).</summary>
        private static GssCo2Probe ReadyProbe()
        {
            GssCo2Probe probe = CreateProbe();
            Send(probe, "K 00002\r\n", 10);
            Send(probe, ". 00010\r\n", 20);
            return probe;
        }

        [TestMethod]
        public void CommandsAreTheDataSheetStrings()
        {
            byte[] buffer = new byte[GssCo2Probe.MaximumCommandLength];
            int n = GssCo2Probe.FillCommand(Co2Command.SetPollingMode, buffer, 0);
            CollectionAssert.AreEqual(TestSupport.Ascii("K 2\r\n"), Slice(buffer, n), "polling mode");
            n = GssCo2Probe.FillCommand(Co2Command.ReadMultiplier, buffer, 0);
            CollectionAssert.AreEqual(TestSupport.Ascii(".\r\n"), Slice(buffer, n), "multiplier");
            n = GssCo2Probe.FillCommand(Co2Command.ReadFiltered, buffer, 0);
            CollectionAssert.AreEqual(TestSupport.Ascii("Z\r\n"), Slice(buffer, n), "filtered reading");
            Assert.AreEqual(0, GssCo2Probe.FillCommand(Co2Command.None, buffer, 0), "nothing");
        }

        private static byte[] Slice(byte[] buffer, int count)
        {
            byte[] slice = new byte[count];
            Array.Copy(buffer, slice, count);
            return slice;
        }

        [TestMethod]
        public void AFilteredReadingTimesTheMultiplierIsPpm()
        {
            GssCo2Probe probe = ReadyProbe();
            Assert.AreEqual(10, probe.Multiplier, "multiplier");
            // "Z 05000" × 10 = 50 000 ppm = 5.00 % CO2.
            Send(probe, "Z 05000\r\n", 1000);
            SensorReading reading = TestSupport.Sample(probe);
            Assert.AreEqual((int)SensorStatus.Ok, (int)reading.Status, "status");
            TestSupport.AreNear(5.0, reading.Value, 1e-12, "percent");
            Assert.AreEqual(1000L, reading.SampleMilliseconds, "sample time");
            TestSupport.AreNear(0.04, GssCo2Probe.PercentFromValue(400, 1), 1e-12, "400 ppm with multiplier 1");
        }

        [TestMethod]
        public void StreamedLinesWithALeadingSpaceAndTwoFieldsAreRead()
        {
            GssCo2Probe probe = ReadyProbe();
            Send(probe, " Z 04980 z 05012\r\n", 1100);
            TestSupport.AreNear(4.98, TestSupport.Sample(probe).Value, 1e-12, "filtered value published");
            Assert.AreEqual(5012, probe.LastUnfilteredValue, "unfiltered field");
            Assert.AreEqual(0, probe.RejectedLineCount, "nothing rejected");
        }

        [TestMethod]
        public void ALineSplitAcrossReadsIsStillOneLine()
        {
            GssCo2Probe probe = ReadyProbe();
            Send(probe, "Z 05", 1000);
            Assert.AreEqual(0L, TestSupport.Sample(probe).SampleMilliseconds, "nothing yet");
            Send(probe, "123\r", 1010);
            Send(probe, "\n", 1020);
            TestSupport.AreNear(5.123, TestSupport.Sample(probe).Value, 1e-12, "value");
            Assert.AreEqual(1020L, TestSupport.Sample(probe).SampleMilliseconds, "stamped when complete");
        }

        [TestMethod]
        public void GarbageAndTruncatedLinesAreRejectedAndTheParserResynchronises()
        {
            GssCo2Probe probe = ReadyProbe();
            Send(probe, "Z 05000\r\n", 1000);
            int rejectedBefore = probe.RejectedLineCount;

            // Garbage, a line cut by a reset, too few and too many digits, LF without CR, junk after the value,
            // a missing space, a non-digit: none may change the reading.
            string[] bad =
            {
                "\x01\xFE#%&\r\n", "Z 05\n", "Z 0500\r\n", "Z 050000\r\n", "Z 05000\n", "Z 05000x\r\n", "Z05000\r\n",
                "Z 05a00\r\n", "\r\n", "Z 05000 \r\n",
            };
            for (int i = 0; i < bad.Length; i++)
            {
                Send(probe, bad[i], 2000 + i);
                TestSupport.AreNear(5.0, TestSupport.Sample(probe).Value, 1e-12, "value after bad line " + i.ToString());
                Assert.AreEqual(1000L, TestSupport.Sample(probe).SampleMilliseconds, "time after bad line " + i.ToString());
            }

            Assert.AreEqual(rejectedBefore + bad.Length, probe.RejectedLineCount, "each bad line rejected once");

            // The next good line is read.
            Send(probe, "Z 05100\r\n", 3000);
            TestSupport.AreNear(5.1, TestSupport.Sample(probe).Value, 1e-12, "resynchronised");
        }

        [TestMethod]
        public void OverlongLinesAndTooManyFieldsAreRejected()
        {
            GssCo2Probe probe = ReadyProbe();
            // 60 leading spaces: well formed so far, but longer than any answer the probe sends.
            byte[] noise = new byte[60];
            for (int i = 0; i < noise.Length; i++)
            {
                noise[i] = (byte)' ';
            }

            probe.Receive(noise, 0, noise.Length, 500);
            Send(probe, "Z 00400\r\n", 500);
            Assert.AreEqual(1, probe.RejectedLineCount, "overlong line");
            Send(probe, "Z 00001 z 00002 Z 00003 z 00004 Z 00005\r\n", 550);
            Assert.AreEqual(2, probe.RejectedLineCount, "five fields");
            Assert.AreEqual(0L, TestSupport.Sample(probe).SampleMilliseconds, "neither published");
            Send(probe, "Z 00400\r\n", 600);
            TestSupport.AreNear(0.4, TestSupport.Sample(probe).Value, 1e-12, "read after them");
        }

        [TestMethod]
        public void ReadingsAboveTheRangeAreOutOfRange()
        {
            GssCo2Probe probe = ReadyProbe();
            Send(probe, "Z 20500\r\n", 1000);
            Assert.AreEqual((int)SensorStatus.OutOfRange, (int)TestSupport.Sample(probe).Status, "20.5 % on a 20 % probe");
            Send(probe, "Z 20000\r\n", 1100);
            Assert.AreEqual((int)SensorStatus.Ok, (int)TestSupport.Sample(probe).Status, "full scale itself");
        }

        [TestMethod]
        public void NoReadingIsPublishedBeforeTheMultiplierIsKnown()
        {
            GssCo2Probe probe = CreateProbe();
            Send(probe, "Z 05000 z 05000\r\n", 100);
            Assert.AreEqual((int)SensorStatus.NoResponse, (int)TestSupport.Sample(probe).Status, "unscaled");
            Assert.AreEqual(1, probe.AcceptedLineCount, "the line itself is well formed");
        }

        [TestMethod]
        public void AnImpossibleMultiplierIsRejected()
        {
            GssCo2Probe probe = CreateProbe();
            Send(probe, "K 00002\r\n", 10);
            Send(probe, ". 00007\r\n", 20);
            Assert.AreEqual(0, probe.Multiplier, "not taken");
            Assert.AreEqual((int)Co2ProbeState.ReadingMultiplier, (int)probe.State, "still asking");
        }

        [TestMethod]
        public void HandshakeSetsPollingModeThenReadsTheMultiplierThenPolls()
        {
            GssCo2Probe probe = CreateProbe();
            Assert.AreEqual((int)Co2Command.SetPollingMode, (int)probe.CommandDue(0), "first K 2");
            Assert.AreEqual((int)Co2Command.None, (int)probe.CommandDue(500), "waits for the answer");
            Assert.AreEqual((int)Co2Command.SetPollingMode, (int)probe.CommandDue(1000), "retries after 1 s");
            Send(probe, "K 00002\r\n", 1050);
            Assert.AreEqual(2, probe.Mode, "mode");
            Assert.AreEqual((int)Co2Command.ReadMultiplier, (int)probe.CommandDue(1060), "then the multiplier");
            Send(probe, ". 00010\r\n", 1100);
            Assert.AreEqual((int)Co2ProbeState.Polling, (int)probe.State, "polling");
            Assert.AreEqual((int)Co2Command.ReadFiltered, (int)probe.CommandDue(1110), "first poll at once");
            Assert.AreEqual((int)Co2Command.None, (int)probe.CommandDue(1500), "not before the period");
            Assert.AreEqual((int)Co2Command.ReadFiltered, (int)probe.CommandDue(1610), "every 500 ms");
        }

        [TestMethod]
        public void SilenceWhilePollingIsNoResponseAndRestartsTheHandshake()
        {
            GssCo2Probe probe = ReadyProbe();
            probe.CommandDue(30);
            Send(probe, "Z 05000\r\n", 100);
            long now = 100;
            while (now < 3200)
            {
                now += 100;
                probe.CommandDue(now);
            }

            Assert.AreEqual((int)SensorStatus.NoResponse, (int)TestSupport.Sample(probe).Status, "silent probe");
            Assert.AreEqual((int)Co2ProbeState.SettingPollingMode, (int)probe.State, "handshake again");
            // The multiplier is kept: after K 00002 the probe polls again at once.
            Send(probe, "K 00002\r\n", 3200);
            Assert.AreEqual((int)Co2ProbeState.Polling, (int)probe.State, "back to polling");
        }

        [TestMethod]
        public void AnUnrecognisedCommandAnswerIsCounted()
        {
            GssCo2Probe probe = ReadyProbe();
            Send(probe, "?\r\n", 50);
            Assert.AreEqual(1, probe.UnrecognisedCommandCount, "question mark");
            Assert.AreEqual(0, probe.RejectedLineCount, "not garbage");
        }

        [TestMethod]
        public void InvalidSetUpsAreRejected()
        {
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new GssCo2Probe(0.0, 500, 3000), "range 0");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new GssCo2Probe(20.0, 10, 3000), "poll too fast");
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => new GssCo2Probe(20.0, 500, 900), "timeout too short");
        }
    }
}
