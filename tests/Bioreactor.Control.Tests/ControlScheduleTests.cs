#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Ports;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Tests
{
    /// <summary>A sensor that counts its reads: the schedule's cost model seen from the ports.</summary>
    public sealed class CountingSensor : ISensor
    {
        private readonly IClock _clock;
        private readonly double _value;

        /// <summary>A sensor reading <paramref name="value"/>, sampled now.</summary>
        public CountingSensor(IClock clock, double value)
        {
            _clock = clock;
            _value = value;
        }

        /// <summary>Reads so far.</summary>
        public int Reads { get; private set; }

        /// <inheritdoc/>
        public void Read(SensorReading reading)
        {
            Reads++;
            reading.Set(_value, SensorStatus.Ok, _clock.MonotonicMilliseconds);
        }
    }

    /// <summary>Outputs and door of the counting board: count what they are asked.</summary>
    public sealed class CountingOutputs : ISwitchedOutput, IRockerDrive, IDoorSwitch
    {
        /// <summary>Set, SetSpeed and SetEnabled calls so far.</summary>
        public int Writes { get; private set; }

        /// <summary>Reads of the door so far.</summary>
        public int DoorReads { get; private set; }

        /// <inheritdoc/>
        public bool IsOpen
        {
            get
            {
                DoorReads++;
                return false;
            }
        }

        /// <inheritdoc/>
        public void Set(bool on)
        {
            Writes++;
        }

        /// <inheritdoc/>
        public void SetSpeed(double degreesPerSecond)
        {
            Writes++;
        }

        /// <inheritdoc/>
        public void SetEnabled(bool enabled)
        {
            Writes++;
        }
    }

    /// <summary>
    /// The control tick's cost model, as far as the host can see it (the interpreter's cost itself is measured on nanoCLR):
    /// what runs every 20 ms tick and what runs at the process rate. The rocking loop, the angle, the door, the feedback
    /// sensors and every output every tick; the liquid and plate probes with the temperature loop and safety's thermal
    /// checks every tenth tick; the CO2 probe with its loop and safety's gas checks every tenth tick, half a period later.
    /// </summary>
    [TestClass]
    public class ControlScheduleTests
    {
        private const int Ticks = 1000;

        private static BioreactorController Compose(ManualClock clock, CountingSensor liquid, CountingSensor plate, CountingSensor co2,
            CountingSensor angle, CountingOutputs outputs, CountingSensor current, CountingSensor flow)
        {
            var ports = new BioreactorPorts(liquid, plate, co2, angle, outputs, outputs, outputs, outputs, clock)
                .FitActuatorFeedback(current, outputs, flow, outputs);
            var controller = new BioreactorController(ports, new BioreactorControllerSettings(),
                new SafetySupervisor(new SafetySettings(), new AlarmManager(256)));
            controller.TemperatureControlEnabled = true;
            controller.Co2ControlEnabled = true;
            controller.RockingEnabled = true;
            controller.SetRocking(10.0, 6.0);
            return controller;
        }

        [TestMethod]
        public void ProbesAndProcessStepsRunAtFiveHertzAndEverythingElseEveryTick()
        {
            var clock = new ManualClock();
            var liquid = new CountingSensor(clock, 37.0);
            var plate = new CountingSensor(clock, 38.5);
            var co2 = new CountingSensor(clock, 5.0);
            var angle = new CountingSensor(clock, 0.0);
            var current = new CountingSensor(clock, 0.0);
            var flow = new CountingSensor(clock, 0.0);
            var outputs = new CountingOutputs();
            BioreactorController controller = Compose(clock, liquid, plate, co2, angle, outputs, current, flow);
            Assert.AreEqual(10, controller.ProcessEveryTicks);

            int bothInOneTick = 0;
            for (int i = 0; i < Ticks; i++)
            {
                clock.Advance(20);
                long thermal = controller.ThermalStepCount;
                long gas = controller.GasStepCount;
                controller.Tick();
                if (i > 0 && controller.ThermalStepCount > thermal && controller.GasStepCount > gas)
                {
                    bothInOneTick++;
                }
            }

            Assert.AreEqual(Ticks, (int)controller.TickCount);
            // The first tick runs both steps (nothing is permitted before a verdict); then each every tenth tick.
            Assert.AreEqual(Ticks / 10, (int)controller.ThermalStepCount, "thermal steps");
            Assert.AreEqual(Ticks / 10 + 1, (int)controller.GasStepCount, "gas steps");
            Assert.AreEqual(0, bothInOneTick, "the thermal and gas steps share no tick after the first");
            Assert.AreEqual(Ticks / 10, liquid.Reads, "liquid probe reads");
            Assert.AreEqual(Ticks / 10, plate.Reads, "plate probe reads");
            Assert.AreEqual(Ticks / 10 + 1, co2.Reads, "CO2 probe reads");
            Assert.AreEqual(Ticks, angle.Reads, "angle reads");
            Assert.AreEqual(Ticks, outputs.DoorReads, "door reads");
            Assert.AreEqual(Ticks, current.Reads, "heater current reads");
            Assert.AreEqual(Ticks, flow.Reads, "CO2 flow reads");
            // Supply relay, shut-off, heater, valve, drive enable and speed: six writes a tick.
            Assert.AreEqual(6 * Ticks, outputs.Writes, "output writes");
        }

        [TestMethod]
        public void EnablingTemperatureControlRunsTheThermalStepAtTheNextTick()
        {
            var clock = new ManualClock();
            var liquid = new CountingSensor(clock, 37.0);
            var outputs = new CountingOutputs();
            BioreactorController controller = Compose(clock, liquid, new CountingSensor(clock, 38.5), new CountingSensor(clock, 5.0),
                new CountingSensor(clock, 0.0), outputs, new CountingSensor(clock, 0.0), new CountingSensor(clock, 0.0));
            for (int i = 0; i < 3; i++)
            {
                clock.Advance(20);
                controller.Tick();
            }

            controller.TemperatureControlEnabled = false;
            clock.Advance(20);
            controller.Tick();
            long before = controller.ThermalStepCount;
            controller.TemperatureControlEnabled = true;
            clock.Advance(20);
            controller.Tick();
            Assert.AreEqual(before + 1, controller.ThermalStepCount, "the heater never runs on a duty older than the enabling");
        }

        [TestMethod]
        public void ATemperatureAutotuneRunsTheThermalStepEveryTick()
        {
            var clock = new ManualClock();
            var outputs = new CountingOutputs();
            BioreactorController controller = Compose(clock, new CountingSensor(clock, 37.0), new CountingSensor(clock, 38.5),
                new CountingSensor(clock, 5.0), new CountingSensor(clock, 0.0), outputs, new CountingSensor(clock, 0.0),
                new CountingSensor(clock, 0.0));
            clock.Advance(20);
            controller.Tick();
            Assert.IsTrue(controller.StartTemperatureAutotune(), "autotune starts");
            long before = controller.ThermalStepCount;
            for (int i = 0; i < 50; i++)
            {
                clock.Advance(20);
                controller.Tick();
            }

            Assert.IsTrue(controller.TemperatureAutotune.IsActive, "still settling");
            Assert.AreEqual(before + 50, controller.ThermalStepCount);
        }
    }
}
