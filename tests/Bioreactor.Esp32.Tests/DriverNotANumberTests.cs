#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Esp32.Drivers;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// NaN into the ESP32 drivers' conversions and configuration is refused, or handled as documented. On nanoCLR NaN
    /// &gt;= x is true, so a range test written as <c>!(x &gt;= a &amp;&amp; x &lt;= b)</c> only refuses NaN by accident there;
    /// the refusals checked here come from the explicit NaN tests (the message names "NaN", or "finite" for Finite.Is).
    /// </summary>
    [TestClass]
    public class DriverNotANumberTests
    {
        private static readonly Type Range = typeof(ArgumentOutOfRangeException);
        private const double NaN = double.NaN;

        [TestMethod]
        public void CurrentAndFlowConversionsRefuseNaNByTheNaNCheck()
        {
            TestSupport.ThrowsNaming(Range, () => new Ina219CurrentMonitor(NaN), "NaN", "INA219 shunt NaN");
            TestSupport.ThrowsNaming(Range, () => new HafFlowSensor(NaN, 0.7), "NaN", "HAF full scale NaN");
            TestSupport.ThrowsNaming(Range, () => new HafFlowSensor(50.0, NaN), "NaN", "HAF gas factor NaN");
        }

        [TestMethod]
        public void RtdConversionRefusesNaNConfigurationAndClassesANaNReading()
        {
            TestSupport.ThrowsNaming(Range, () => new Max31865Probe(430.0, NaN, 4, true, -50.0, 150.0), "100", "nominal NaN");
            TestSupport.ThrowsNaming(Range, () => new Max31865Probe(NaN, 100.0, 4, true, -50.0, 150.0), "finite", "reference NaN");
            TestSupport.ThrowsNaming(Range, () => new Max31865Probe(430.0, 100.0, 4, true, NaN, 150.0), "finite", "low fault NaN");
            TestSupport.ThrowsNaming(Range, () => new Max31865Probe(430.0, 100.0, 4, true, -50.0, NaN), "finite", "high fault NaN");

            // Documented: a NaN temperature from the binding is out of range, never a plausible reading.
            var probe = new Max31865Probe(430.0, 100.0, 4, true, -50.0, 150.0);
            Assert.AreEqual((int)Bioreactor.Control.Ports.SensorStatus.OutOfRange, (int)ConvertedSamples.Of(probe, NaN, 0, 1).Status, "temperature NaN");
        }

        [TestMethod]
        public void SwitchProbeAndStepperRefuseOrIgnoreNaN()
        {
            TestSupport.ThrowsNaming(Range, () => new DebouncedDoorSwitch(NaN, true), "stableSeconds", "debounce NaN");
            TestSupport.Throws(Range, () => new GssCo2Probe(NaN, 500, 2000), "CO2 full scale NaN");
            var mechanics = new StepperMechanics();
            mechanics.GearRatio = NaN;
            TestSupport.ThrowsNaming(Range, () => mechanics.Validate(), "finite", "gear ratio NaN");
            mechanics = new StepperMechanics();
            mechanics.MaximumAccelerationDegreesPerSecondSquared = NaN;
            TestSupport.ThrowsNaming(Range, () => mechanics.Validate(), "finite", "acceleration NaN");

            // Documented: a NaN command stops the drive and is counted; a NaN dt counts as 0.
            var planner = new StepRatePlanner(new StepperMechanics());
            planner.Update(NaN, 0.02);
            Assert.AreEqual(1, planner.InvalidCommandCount);
            Assert.IsFalse(planner.IsRunning, "no steps on a NaN command");
            planner.Update(10.0, NaN);
            Assert.IsFalse(planner.IsRunning, "no acceleration over a NaN time step");

            var door = new DebouncedDoorSwitch(0.05, true);
            door.Update(false, NaN);
            door.Update(false, NaN);
            Assert.IsTrue(door.IsOpen, "a NaN dt does not count toward the debounce (open until a level held)");
        }
    }
}
