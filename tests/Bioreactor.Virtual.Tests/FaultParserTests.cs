using System;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class FaultParserTests
    {
        [TestMethod]
        [DataRow("door-open@3600+30", FaultKind.DoorOpen, FaultTarget.None, 3600.0, 30.0)]
        [DataRow("probe-open:liquid@7200", FaultKind.ProbeOpen, FaultTarget.LiquidProbe, 7200.0, 0.0)]
        [DataRow("valve-stuck-open@100+60", FaultKind.ValveStuckOpen, FaultTarget.None, 100.0, 60.0)]
        [DataRow("power-cut@5000+600", FaultKind.PowerCut, FaultTarget.None, 5000.0, 600.0)]
        [DataRow("sensor-stale:co2@2h+30s", FaultKind.SensorStale, FaultTarget.Co2Sensor, 7200.0, 30.0)]
        [DataRow("sensor-stuck:angle@1.5m+1d", FaultKind.SensorStuck, FaultTarget.AngleSensor, 90.0, 86400.0)]
        [DataRow(" Probe-Short:PLATE @ 10min + 2.5 ", FaultKind.ProbeShort, FaultTarget.PlateProbe, 600.0, 2.5)]
        [DataRow("heater-failed-off@0", FaultKind.HeaterFailedOff, FaultTarget.None, 0.0, 0.0)]
        [DataRow("heater-failed-on@1", FaultKind.HeaterFailedOn, FaultTarget.None, 1.0, 0.0)]
        [DataRow("valve-stuck-closed@2", FaultKind.ValveStuckClosed, FaultTarget.None, 2.0, 0.0)]
        [DataRow("motor-stall@3+4", FaultKind.MotorStall, FaultTarget.None, 3.0, 4.0)]
        public void GoodSpecs_Parse(string spec, FaultKind kind, FaultTarget target, double start, double duration)
        {
            Fault fault = Fault.Parse(spec);

            Assert.AreEqual(kind, fault.Kind);
            Assert.AreEqual(target, fault.Target);
            Assert.AreEqual(start, fault.StartSeconds, 1e-9);
            Assert.AreEqual(duration, fault.DurationSeconds, 1e-9);
            Assert.AreEqual(duration == 0.0, fault.IsUntilEnd);
            Assert.AreEqual(fault.ToString(), Fault.Parse(fault.ToString()).ToString(), "text form round-trips");
        }

        [TestMethod]
        [DataRow("door-opn@10", "unknown fault kind 'door-opn'", "door-open")]
        [DataRow("door-open", "missing '@start'", "door-open@3600+30")]
        [DataRow("probe-open@10", "needs an RTD probe target", ":liquid")]
        [DataRow("probe-open:co2@10", "needs an RTD probe target", ":plate")]
        [DataRow("sensor-stuck@10", "needs a target", ":angle")]
        [DataRow("door-open:liquid@10", "takes no target", "remove ':liquid'")]
        [DataRow("sensor-stale:foo@10", "unknown target 'foo'", "liquid, plate, co2, angle")]
        [DataRow("door-open@abc", "the start 'abc' is not a time", "2h")]
        [DataRow("door-open@10+", "the duration '' is not a time", "seconds")]
        [DataRow("door-open@-5", "the start '-5' is not a time", "seconds")]
        [DataRow("door-open@10+xh", "the duration 'xh' is not a time", "seconds")]
        public void BadSpecs_AreRejectedWithAClearMessage(string spec, string problem, string hint)
        {
            FormatException error = Assert.ThrowsExactly<FormatException>(() => Fault.Parse(spec));

            StringAssert.Contains(error.Message, "Fault '" + spec + "'");
            StringAssert.Contains(error.Message, problem);
            StringAssert.Contains(error.Message, hint);
        }

        [TestMethod]
        public void Schedule_ParsesAListAndRoundTrips()
        {
            FaultSchedule schedule = FaultSchedule.Parse("door-open@3600+30, probe-open:liquid@7200;valve-stuck-open@100+60 power-cut@5000+600");

            Assert.AreEqual(4, schedule.Count);
            Assert.AreEqual(FaultKind.PowerCut, schedule[3].Kind);
            Assert.AreEqual("door-open@3600+30,probe-open:liquid@7200,valve-stuck-open@100+60,power-cut@5000+600", schedule.ToString());
            Assert.AreEqual(schedule.ToString(), FaultSchedule.Parse(schedule.ToString()).ToString());
        }

        [TestMethod]
        public void Schedule_NamesTheBadSpecInAList()
        {
            FormatException error = Assert.ThrowsExactly<FormatException>(() => FaultSchedule.Parse("door-open@1+2, valve-stuck@5"));

            StringAssert.Contains(error.Message, "'valve-stuck@5'");
            StringAssert.Contains(error.Message, "valve-stuck-open");
        }

        [TestMethod]
        public void Constructor_RejectsBadTimesAndTargets()
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Fault(FaultKind.DoorOpen, -1.0, 0.0));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Fault(FaultKind.DoorOpen, 1.0, double.NaN));
            Assert.ThrowsExactly<ArgumentException>(() => new Fault(FaultKind.ProbeOpen, FaultTarget.AngleSensor, 1.0, 0.0));
            Assert.IsTrue(new Fault(FaultKind.DoorOpen, 1.0, double.PositiveInfinity).IsUntilEnd);
        }
    }
}
