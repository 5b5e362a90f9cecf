#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// NaN into the recipe limits, the device trips, the batch settings and the set-point command is refused by an
    /// explicit NaN test. On nanoCLR NaN &gt;= x is true (an unordered comparison evaluates as "greater"), so a range
    /// test alone would pass or misname it there; the messages checked here come only from the NaN tests.
    /// </summary>
    [TestClass]
    public class BatchNotANumberTests
    {
        private const double NaN = double.NaN;
        private const int NumericFields = 17;

        private static readonly string[] FieldKeys =
        {
            RecipeKeys.TemperatureCelsius, RecipeKeys.TemperatureRamp, RecipeKeys.TemperatureAlarmBand,
            RecipeKeys.TemperatureMinimumCelsius, RecipeKeys.TemperatureMaximumCelsius,
            RecipeKeys.Co2Percent, RecipeKeys.Co2Ramp, RecipeKeys.Co2AlarmBand, RecipeKeys.Co2MinimumPercent, RecipeKeys.Co2MaximumPercent,
            RecipeKeys.RockingRate, RecipeKeys.RockingRamp, RecipeKeys.RockingRateMinimum, RecipeKeys.RockingRateMaximum,
            RecipeKeys.RockingAmplitude, RecipeKeys.RockingAmplitudeMinimum, RecipeKeys.RockingAmplitudeMaximum,
        };

        private static void SetField(RecipePhase p, int field, double value)
        {
            switch (field)
            {
                case 0: p.TemperatureCelsius = value; break;
                case 1: p.TemperatureRampCelsiusPerMinute = value; break;
                case 2: p.TemperatureAlarmBandKelvin = value; break;
                case 3: p.TemperatureMinimumCelsius = value; break;
                case 4: p.TemperatureMaximumCelsius = value; break;
                case 5: p.Co2Percent = value; break;
                case 6: p.Co2RampPercentPerMinute = value; break;
                case 7: p.Co2AlarmBandPercent = value; break;
                case 8: p.Co2MinimumPercent = value; break;
                case 9: p.Co2MaximumPercent = value; break;
                case 10: p.RockingRateRpm = value; break;
                case 11: p.RockingRampRpmPerMinute = value; break;
                case 12: p.RockingRateMinimumRpm = value; break;
                case 13: p.RockingRateMaximumRpm = value; break;
                case 14: p.RockingAmplitudeDegrees = value; break;
                case 15: p.RockingAmplitudeMinimumDegrees = value; break;
                default: p.RockingAmplitudeMaximumDegrees = value; break;
            }
        }

        [TestMethod]
        public void RecipeValidationRefusesNaNInEveryNumericFieldByTheNaNCheck()
        {
            Assert.AreEqual(NumericFields, FieldKeys.Length);
            for (int field = 0; field < NumericFields; field++)
            {
                Recipe recipe = BatchFixture.TimedRecipe();
                Assert.IsTrue(recipe.Validate().IsValid, "the fixture is valid");
                SetField(recipe.Phases[1], field, NaN);

                ValidationResult result = recipe.Validate();

                string key = "phases[1]." + FieldKeys[field];
                Assert.IsFalse(result.IsValid, key + " NaN was accepted");
                Assert.AreEqual(key, result.Field, key);
                Assert.IsTrue(TestSupport.Contains(result.Message, "got NaN (not a number)"), key + ": " + result.Message);
            }
        }

        [TestMethod]
        public void RecipeFileRefusesANaNLiteral()
        {
            // InvariantNumber.TryParse never yields NaN: the word is not a number in the recipe grammar.
            string text = "recipeFormat = 1\nname = nan\nversion = 1\n[phase]\nname = only\nendCondition = duration\nduration = 1h\n"
                + "temperatureCelsius = NaN\ntemperatureRampCelsiusPerMinute = 0.5\ntemperatureAlarmBandKelvin = 1\n"
                + "temperatureMinimumCelsius = 36.5\ntemperatureMaximumCelsius = 37.5\nco2Percent = 5\nco2RampPercentPerMinute = 0.5\n"
                + "co2AlarmBandPercent = 1\nco2MinimumPercent = 4.5\nco2MaximumPercent = 5.5\nrockingRateRpm = 0\n"
                + "rockingRampRpmPerMinute = 1\nrockingRateMinimumRpm = 0\nrockingRateMaximumRpm = 0\nrockingAmplitudeDegrees = 0\n"
                + "rockingAmplitudeMinimumDegrees = 0\nrockingAmplitudeMaximumDegrees = 0\npowerLossTimer = pause\n";

            ValidationResult result = RecipeText.Parse(text, out Recipe recipe);

            Assert.IsFalse(result.IsValid, "NaN accepted");
            Assert.IsNull(recipe);
            Assert.AreEqual("phases[0].temperatureCelsius", result.Field);
            Assert.AreEqual(8, result.LineNumber);
            Assert.IsTrue(TestSupport.Contains(result.Message, "must be a number"), result.Message);
        }

        [TestMethod]
        public void DeviceTripsThatAreNotANumberAreAProblem()
        {
            Recipe recipe = BatchFixture.TimedRecipe();
            Assert.IsTrue(recipe.CheckAgainstDevice(38.0, 8.0).IsValid, "real trips");

            ValidationResult liquid = recipe.CheckAgainstDevice(NaN, 8.0);
            ValidationResult co2 = recipe.CheckAgainstDevice(38.0, NaN);

            Assert.IsFalse(liquid.IsValid, "liquid trip NaN");
            Assert.IsTrue(TestSupport.Contains(liquid.Message, "liquid over-temperature trip is not a number (NaN)"), liquid.Message);
            Assert.IsFalse(co2.IsValid, "CO2 trip NaN");
            Assert.IsTrue(TestSupport.Contains(co2.Message, "CO2 over-dose trip is not a number (NaN)"), co2.Message);
        }

        [TestMethod]
        public void BatchSettingsRefuseNaNTripsByTheNaNCheck()
        {
            var settings = new BatchSettings();
            settings.LiquidTripCelsius = NaN;
            TestSupport.ThrowsNaming(typeof(ArgumentOutOfRangeException), () => settings.Validate(), "NaN", "liquid trip NaN");
            settings = new BatchSettings();
            settings.Co2TripPercent = NaN;
            TestSupport.ThrowsNaming(typeof(ArgumentOutOfRangeException), () => settings.Validate(), "NaN", "CO2 trip NaN");
            settings = new BatchSettings();
            settings.LiquidTripCelsius = NaN;
            TestSupport.ThrowsNaming(typeof(ArgumentOutOfRangeException), () => new BatchController(settings, BatchFixture.Operators()), "NaN",
                "the controller validates its settings");
        }

        [TestMethod]
        public void SetPointCommandRefusesNaNByTheNaNCheck()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            BatchVariable[] variables =
            {
                BatchVariable.TemperatureCelsius, BatchVariable.Co2Percent, BatchVariable.RockingRateRpm, BatchVariable.RockingAmplitudeDegrees,
            };

            for (int i = 0; i < variables.Length; i++)
            {
                double before = batch.GetTarget(variables[i]);
                BatchResult result = batch.Execute(OperatorRequest.ChangeSetPoint(BatchFixture.Tech, variables[i], NaN, "probe check"), now);

                string name = BatchNames.VariableName(variables[i]);
                Assert.AreEqual("InvalidValue", BatchNames.ResultName(result.Code), name);
                Assert.IsTrue(TestSupport.Contains(result.Message, name + " is not a number (NaN)"), result.Message);
                Assert.IsTrue(batch.GetTarget(variables[i]) == before, name + " target unchanged");
            }

            Assert.AreEqual("Running", BatchFixture.State(batch));
        }
    }
}
