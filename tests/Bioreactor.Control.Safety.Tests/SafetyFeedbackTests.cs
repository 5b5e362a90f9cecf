#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Ports;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// A heater and a CO2 valve with feedback behind the supervisor: the current and flow each tick follow what the last
    /// tick's outputs did, through the second switches, with faults to inject.
    /// </summary>
    internal sealed class FeedbackRig
    {
        public const double ElementAmperes = 100.0 / 24.0;
        public const double InjectionSccm = 25.0;
        public readonly SafetyRig Rig;
        public bool HeaterFailedOn;
        public bool HeaterFailedOff;
        public bool ValveStuckOpen;
        public bool ValveStuckClosed;
        public SensorStatus CurrentStatus = SensorStatus.Ok;
        public long Tick;

        /// <summary>Ticks of heater on-time in each 50-tick (1 s) window: 10 is 20 % duty.</summary>
        public int HeaterOnTicks = 10;

        public FeedbackRig(bool fitted)
        {
            Rig = new SafetyRig();
            Rig.Inputs.HeaterCurrentFitted = fitted;
            Rig.Inputs.HeaterSupplyFitted = fitted;
            Rig.Inputs.Co2FlowFitted = fitted;
            Rig.Inputs.Co2ShutOffFitted = fitted;
        }

        public SafetySupervisor Safety
        {
            get { return Rig.Safety; }
        }

        /// <summary>
        /// One 20 ms tick: the heater time-proportioned at <see cref="HeaterOnTicks"/> of a 1 s window (20 % unless set),
        /// the valve at 25 % of 4 s (the defaults' windows).
        /// </summary>
        public void Step()
        {
            Tick++;
            SafetySupervisor s = Rig.Safety;
            bool conducting = s.HeaterSupplyOutput && !HeaterFailedOff && (s.HeaterOutput || HeaterFailedOn);
            bool flowing = s.Co2ShutOffOutput && !ValveStuckClosed && (s.ValveOutput || ValveStuckOpen);
            long now = Rig.NowMilliseconds + 20;
            Rig.Inputs.HeaterCurrent.Set(conducting ? ElementAmperes : 0.002, CurrentStatus, now);
            Rig.Inputs.Co2Flow.Set(flowing ? InjectionSccm : 0.1, SensorStatus.Ok, now);
            Rig.Inputs.HeaterRequested = Tick % 50 < HeaterOnTicks;
            Rig.Inputs.ValveRequested = Tick % 200 < 50;
            Rig.Step(20);
        }

        public void Run(long milliseconds)
        {
            for (long t = 0; t < milliseconds; t += 20)
            {
                Step();
            }
        }

        /// <summary>Ticks until <paramref name="done"/> holds; the time in ms, or −1.</summary>
        public long Until(AlarmId alarm, long limitMilliseconds)
        {
            for (long t = 20; t <= limitMilliseconds; t += 20)
            {
                Step();
                if (Rig.Alarms.IsActive(alarm))
                {
                    return t;
                }
            }

            return -1;
        }
    }

    [TestClass]
    public class SafetyFeedbackTests
    {
        [TestMethod]
        public void HealthyActuatorsRaiseNothingOverTenMinutes()
        {
            var f = new FeedbackRig(true);
            f.Run(600000);
            Assert.AreEqual(0, f.Rig.Alarms.CountActive(), "no alarm with obeying actuators");
            Assert.IsTrue(f.Safety.HeaterSupplyOutput, "relay closed");
            Assert.IsTrue(f.Safety.Co2ShutOffOutput, "shut-off open");
        }

        [TestMethod]
        public void HeaterFailedOnOpensTheSupplyRelayWithinTwoSecondsAndStaysOpenUntilResetAndHealthy()
        {
            var f = new FeedbackRig(true);
            f.Run(60000);
            f.HeaterFailedOn = true;
            long t = f.Until(AlarmId.HeaterFailedOn, 5000);
            TestSupport.AtLeast(0, t, "heater_failed_on raised");
            TestSupport.AtMost(2000, t, "heater_failed_on within 2 s (ms)");
            Assert.IsFalse(f.Safety.HeaterSupplyOutput, "relay opened in the tick of the alarm");
            Assert.IsFalse(f.Safety.HeaterOutput, "heater held off");
            Assert.IsTrue(f.Rig.Has(f.Safety.HeaterInhibits, SafetyInhibit.HeaterFeedback));

            f.Run(10000);
            Assert.IsFalse(f.Safety.HeaterSupplyOutput, "latched: stays open");
            f.Rig.Alarms.Acknowledge(AlarmId.HeaterFailedOn, f.Rig.NowMilliseconds, 1);
            f.Step();
            Assert.IsTrue(f.Safety.HeaterSupplyOutput, "acknowledged, no current with the relay open: relay closes (proof test)");
            long again = f.Until(AlarmId.HeaterFailedOn, 2000);
            TestSupport.AtLeast(0, again, "still welded: trips again");
            Assert.IsFalse(f.Safety.HeaterSupplyOutput);

            f.HeaterFailedOn = false; // switch replaced
            f.Run(200);
            f.Rig.Alarms.Acknowledge(AlarmId.HeaterFailedOn, f.Rig.NowMilliseconds, 1);
            f.Run(60000);
            Assert.IsFalse(f.Rig.Alarms.IsActive(AlarmId.HeaterFailedOn), "healthy after the repair");
            Assert.IsTrue(f.Safety.HeaterSupplyOutput);
        }

        [TestMethod]
        public void HeaterFailedOffIsSeenWithinTwoSecondsAtLowDutyEvenWhenItFailsJustAfterAPulse()
        {
            // 8 % duty (80 ms a 1 s window), failing right after an on-pulse: the worst case. The default 100 ms of
            // on-time takes this pulse-less second and two pulses (SafetySettings.HeaterNoCurrentConfirmMilliseconds).
            var f = new FeedbackRig(true);
            f.HeaterOnTicks = 4;
            f.Run(60000);
            while (f.Tick % 50 != 4)
            {
                f.Step();
            }

            f.HeaterFailedOff = true;
            long t = f.Until(AlarmId.HeaterFailedOff, 5000);
            TestSupport.AtLeast(1000, t, "not before the next pulse (ms)");
            TestSupport.AtMost(2000, t, "heater_failed_off within 2 s at 8 % duty (ms)");
            Assert.IsFalse(f.Safety.HeaterSupplyOutput, "supply relay opened");
        }

        [TestMethod]
        public void HeaterFailedOffTripsWithinTwoSecondsWithTheHeaterOffAndTheRelayOpen()
        {
            var f = new FeedbackRig(true);
            f.Run(60000);
            f.HeaterFailedOff = true;
            long t = f.Until(AlarmId.HeaterFailedOff, 5000);
            TestSupport.AtLeast(0, t, "heater_failed_off raised");
            TestSupport.AtMost(2000, t, "heater_failed_off within 2 s at 20 % duty (ms)");
            Assert.IsFalse(f.Safety.HeaterOutput);
            Assert.IsFalse(f.Safety.HeaterSupplyOutput);

            f.HeaterFailedOff = false;
            f.Run(1000);
            Assert.IsTrue(f.Rig.Alarms.IsActive(AlarmId.HeaterFailedOff), "latched until acknowledged");
            f.Rig.Alarms.Acknowledge(AlarmId.HeaterFailedOff, f.Rig.NowMilliseconds, 1);
            f.Run(60000);
            Assert.IsFalse(f.Rig.Alarms.IsActive(AlarmId.HeaterFailedOff), "repaired element passes the re-test");
            Assert.IsTrue(f.Safety.HeaterSupplyOutput);
        }

        [TestMethod]
        public void ValveStuckOpenClosesTheUpstreamShutOffWithinTwoSeconds()
        {
            var f = new FeedbackRig(true);
            f.Run(60000);
            f.ValveStuckOpen = true;
            long t = f.Until(AlarmId.Co2FlowWhileClosed, 15000);
            TestSupport.AtLeast(0, t, "co2_flow_valve_closed raised");
            TestSupport.AtMost(2000, t, "within 2 s of the valve's closing at most (ms)");
            Assert.IsFalse(f.Safety.Co2ShutOffOutput, "shut-off closed");
            Assert.IsFalse(f.Safety.ValveOutput, "dosing valve held closed");
            Assert.IsTrue(f.Safety.HeaterSupplyOutput, "the heater is not concerned");
        }

        [TestMethod]
        public void ValveStuckClosedIsAnAlarmOnly()
        {
            var f = new FeedbackRig(true);
            f.Run(60000);
            f.ValveStuckClosed = true;
            long t = f.Until(AlarmId.Co2NoFlowWhileOpen, 15000);
            TestSupport.AtLeast(0, t, "co2_no_flow_valve_open raised");
            TestSupport.AtMost(2000, t, "within 2 s (the fault starts at a window's opening) (ms)");
            Assert.IsTrue(f.Safety.Co2ShutOffOutput, "shut-off stays open");
            Assert.IsTrue(f.Safety.ValvePermitted, "the valve stays permitted");
        }

        [TestMethod]
        public void AFaultyCurrentMonitorRaisesItsAlarmAndSuspendsTheCheckWithoutTripping()
        {
            var f = new FeedbackRig(true);
            f.Run(10000);
            f.CurrentStatus = SensorStatus.NoResponse;
            f.HeaterFailedOff = true;
            f.Run(3000);
            Assert.IsTrue(f.Rig.Alarms.IsActive(AlarmId.HeaterCurrentSensorFault));
            Assert.IsFalse(f.Rig.Alarms.IsActive(AlarmId.HeaterFailedOff), "no verdict without a valid reading");
            Assert.IsTrue(f.Safety.HeaterSupplyOutput, "no trip on a monitor fault");
        }

        [TestMethod]
        public void OverTemperatureTripAlsoOpensTheSupplyRelay()
        {
            var f = new FeedbackRig(true);
            f.Run(1000);
            f.Rig.PlateCelsius = 43.0;
            f.Run(1000);
            Assert.IsTrue(f.Rig.Alarms.IsActive(AlarmId.PlateOverTemperature));
            Assert.IsFalse(f.Safety.HeaterSupplyOutput, "second switch opened by the trip");
        }

        [TestMethod]
        public void WithoutFeedbackNothingChanges()
        {
            var f = new FeedbackRig(false);
            f.HeaterFailedOn = true;
            f.ValveStuckOpen = true;
            f.Run(20000);
            Assert.IsFalse(f.Safety.HeaterSupplyOutput, "no relay fitted: never energised");
            Assert.IsFalse(f.Rig.Alarms.IsActive(AlarmId.HeaterFailedOn));
            Assert.IsFalse(f.Rig.Alarms.IsActive(AlarmId.Co2FlowWhileClosed));
            Assert.AreEqual(0, f.Rig.Alarms.CountActive(), "the feedback inputs are ignored");
        }

        [TestMethod]
        public void WatchAddsShortPulsesAcrossWindows()
        {
            var w = new ActuatorFeedbackWatch(200, 100);
            for (int window = 0; window < 2; window++)
            {
                for (int i = 0; i < 8; i++)
                {
                    w.Update(true, true, false, true, 20); // 160 ms on without current
                }

                for (int i = 0; i < 42; i++)
                {
                    w.Update(false, true, false, true, 20);
                }

                if (window == 0)
                {
                    Assert.IsFalse(w.FailedOff, "160 ms < 200 ms");
                }
            }

            Assert.IsTrue(w.FailedOff, "320 ms over two pulses");
            w.Update(true, true, true, true, 20);
            Assert.IsFalse(w.FailedOff, "an on-sample with current clears it");

            w.Update(true, false, false, true, 1000);
            Assert.IsFalse(w.FailedOff, "supply not settled: no verdict");
            w.Update(false, true, true, true, 60);
            Assert.IsFalse(w.FailedOn);
            w.Update(false, true, true, true, 60);
            Assert.IsTrue(w.FailedOn, "120 ms of current while off");
            w.Update(false, true, true, false, 20);
            Assert.IsFalse(w.FailedOn, "an invalid sample forgets");
        }

        [TestMethod]
        public void FeedbackSettingsAreValidated()
        {
            var s = new SafetySettings();
            s.HeaterNoCurrentConfirmMilliseconds = 10;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "confirmation below 20 ms");
            s = new SafetySettings();
            s.Co2FlowThresholdSccm = 0.0;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "flow threshold 0");
            s = new SafetySettings();
            s.HeaterCurrentThresholdAmperes = double.NaN;
            TestSupport.Throws(typeof(ArgumentOutOfRangeException), () => s.Validate(), "threshold NaN");
        }
    }
}
