#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class RecipeValidationTests
    {
        [TestMethod]
        public void TheFixtureRecipesAreValid()
        {
            Assert.IsTrue(BatchFixture.TimedRecipe().Validate().IsValid, BatchFixture.TimedRecipe().Validate().Text);
            Assert.IsTrue(BatchFixture.ConfirmRecipe().Validate().IsValid, BatchFixture.ConfirmRecipe().Validate().Text);
            Assert.AreEqual("valid", ValidationResult.Valid.Text);
        }

        [TestMethod]
        [DataRow(0, "name", "name must be 1 to 32 characters of A-Z, a-z, 0-9, '.', '_', '-'")]
        [DataRow(1, "version", "version must be 1 to 999999, got 0")]
        [DataRow(2, "phases", "phases must number 1 to 32, got 0")]
        [DataRow(3, "phases[1].temperatureCelsius", "phases[1].temperatureCelsius must be 30 to 39 °C, got 41")]
        [DataRow(4, "phases[0].temperatureAlarmBandKelvin", "phases[0].temperatureAlarmBandKelvin must be 0.1 to 10 K, got 0.05")]
        [DataRow(5, "phases[0].co2Percent", "phases[0].co2Percent must be 0 to 20 %, got 25")]
        [DataRow(6, "phases[1].rockingRateRpm", "phases[1].rockingRateRpm must be 0 to 40 rpm, got 45")]
        [DataRow(7, "phases[1].rockingAmplitudeDegrees", "phases[1].rockingAmplitudeDegrees must be 0 to 12 degrees, got 15")]
        [DataRow(8, "phases[0].rockingAmplitudeDegrees",
            "phases[0].rockingAmplitudeDegrees must be 0 when rockingRateRpm is 0 (static) and above 0 when it is above 0; got 0 rpm and 6 degrees")]
        [DataRow(9, "phases[0].temperatureCelsius",
            "phases[0].temperatureCelsius (37.8 °C) must be within its operator limits temperatureMinimumCelsius to temperatureMaximumCelsius (36.5 to 37.5 °C)")]
        [DataRow(10, "phases[0].temperatureMinimumCelsius",
            "phases[0].temperatureMinimumCelsius (37.6 °C) must not be above temperatureMaximumCelsius (37.5 °C)")]
        [DataRow(11, "phases[1].name", "phases[1].name 'Static' is already used by phases[0].name (names are unique, ignoring case)")]
        [DataRow(12, "phases[0].duration", "phases[0].duration must be 1 s to 30 d when endCondition is duration, got 0 s")]
        [DataRow(13, "phases[0].duration", "phases[0].duration must be left out (0) when endCondition is operatorConfirms, got 60 s")]
        [DataRow(14, "phases[0].temperatureCelsius", "phases[0].temperatureCelsius must have at most 3 digits after the point, got 37.0005")]
        [DataRow(15, "phases[0].temperatureRampCelsiusPerMinute", "phases[0].temperatureRampCelsiusPerMinute must be 0.01 to 10 °C/min, got 0")]
        [DataRow(16, "phases[0].temperatureCelsius", "phases[0].temperatureCelsius must be 30 to 39 °C, got NaN (not a number)")]
        [DataRow(17, "phases[0].co2AlarmBandPercent", "phases[0].co2AlarmBandPercent must be 0.1 to 5 %, got 6")]
        [DataRow(18, "description", "description must be 0 to 200 characters on one line, no control characters, no leading or trailing blanks")]
        [DataRow(19, "phases[1].rockingRampRpmPerMinute", "phases[1].rockingRampRpmPerMinute must be 0.1 to 120 rpm/min, got 200")]
        [DataRow(20, "phases", "phases must number 1 to 32, got 33")]
        [DataRow(21, "phases[1]", "phases[1] is missing")]
        [DataRow(22, "phases[1].co2MinimumPercent", "phases[1].co2MinimumPercent (7 %) must not be above co2MaximumPercent (6.5 %)")]
        [DataRow(23, "phases[1].rockingRateMaximumRpm", "phases[1].rockingRateMaximumRpm must be 0 to 40 rpm, got 41")]
        [DataRow(24, "phases[0].duration", "phases[0].duration must be 1 s to 30 d when endCondition is duration, got 2592001 s")]
        [DataRow(25, "phases[0].endCondition", "phases[0].endCondition must be duration or operatorConfirms")]
        [DataRow(26, "phases[0].powerLossTimer", "phases[0].powerLossTimer must be pause, continue or restart")]
        [DataRow(27, "version", "version must be 1 to 999999, got 1000000")]
        [DataRow(28, "phases[1].name", "phases[1].name must be 1 to 32 characters of A-Z, a-z, 0-9, '.', '_', '-'")]
        public void ProblemsNameTheFieldAndTheAllowedRange(int problem, string field, string message)
        {
            Recipe recipe = BatchFixture.TimedRecipe();
            Break(recipe, problem);

            ValidationResult result = recipe.Validate();

            Assert.IsFalse(result.IsValid, "problem " + problem + " was accepted");
            Assert.AreEqual(field, result.Field, "problem " + problem);
            Assert.AreEqual(message, result.Message, "problem " + problem);
            Assert.AreEqual(0, result.LineNumber, "not from a file");
        }

        [TestMethod]
        public void BoundaryValuesAreAccepted()
        {
            Recipe recipe = BatchFixture.TimedRecipe();
            RecipePhase p = recipe.Phases[1];
            p.TemperatureMinimumCelsius = 30;
            p.TemperatureMaximumCelsius = 39;
            p.TemperatureCelsius = 39;
            p.TemperatureAlarmBandKelvin = 10;
            p.TemperatureRampCelsiusPerMinute = 0.01;
            p.Co2MinimumPercent = 0;
            p.Co2Percent = 0;
            p.Co2MaximumPercent = 20;
            p.Co2AlarmBandPercent = 0.1;
            p.RockingRateMaximumRpm = 40;
            p.RockingRateRpm = 40;
            p.RockingAmplitudeMaximumDegrees = 12;
            p.RockingAmplitudeDegrees = 12;
            p.RockingRampRpmPerMinute = 120;
            p.DurationSeconds = 30 * 86400;
            recipe.Version = 999999;
            recipe.Description = new string('d', 200);

            ValidationResult result = recipe.Validate();

            Assert.IsTrue(result.IsValid, result.Text);
        }

        [TestMethod]
        public void DeviceCheckRefusesLimitsAtTheTrips()
        {
            Recipe recipe = BatchFixture.TimedRecipe();

            ValidationResult fits = recipe.CheckAgainstDevice(38.0, 8.0);
            ValidationResult hot = recipe.CheckAgainstDevice(37.5, 8.0);
            ValidationResult gas = recipe.CheckAgainstDevice(38.0, 6.5);

            Assert.IsTrue(fits.IsValid, fits.Text);
            Assert.AreEqual("phases[0].temperatureMaximumCelsius", hot.Field);
            Assert.AreEqual("phases[1].co2MaximumPercent", gas.Field);
            Assert.AreEqual("phases[1].co2MaximumPercent (6.5 %) must be below the device's CO2 over-dose trip (6.5 %)", gas.Message);
        }

        [TestMethod]
        public void CloneIsDeep()
        {
            Recipe recipe = BatchFixture.TimedRecipe();

            Recipe copy = recipe.Clone();
            copy.Phases[0].TemperatureCelsius = 36.9;
            copy.Name = "other";

            Assert.AreEqual(37.0, recipe.Phases[0].TemperatureCelsius);
            Assert.AreEqual("timed", recipe.Name);
            Assert.IsFalse(object.ReferenceEquals(recipe.Phases, copy.Phases));
        }

        private static void Break(Recipe recipe, int problem)
        {
            RecipePhase first = recipe.Phases[0];
            RecipePhase second = recipe.Phases[1];
            switch (problem)
            {
                case 0: recipe.Name = string.Empty; break;
                case 1: recipe.Version = 0; break;
                case 2: recipe.Phases = new RecipePhase[0]; break;
                case 3: second.TemperatureCelsius = 41; break;
                case 4: first.TemperatureAlarmBandKelvin = 0.05; break;
                case 5: first.Co2Percent = 25; break;
                case 6: second.RockingRateRpm = 45; break;
                case 7: second.RockingAmplitudeDegrees = 15; break;
                case 8:
                    first.RockingAmplitudeMaximumDegrees = 8;
                    first.RockingAmplitudeDegrees = 6;
                    break;
                case 9: first.TemperatureCelsius = 37.8; break;
                case 10: first.TemperatureMinimumCelsius = 37.6; break;
                case 11: second.Name = "Static"; break;
                case 12: first.DurationSeconds = 0; break;
                case 13: first.EndCondition = PhaseEndCondition.OperatorConfirms; break;
                case 14: first.TemperatureCelsius = 37.0005; break;
                case 15: first.TemperatureRampCelsiusPerMinute = 0; break;
                case 16: first.TemperatureCelsius = double.NaN; break;
                case 17: first.Co2AlarmBandPercent = 6; break;
                case 18: recipe.Description = "two\nlines"; break;
                case 19: second.RockingRampRpmPerMinute = 200; break;
                case 20:
                    var many = new RecipePhase[33];
                    for (int i = 0; i < many.Length; i++)
                    {
                        many[i] = new RecipePhase("p" + InvariantNumber.FormatInteger(i), 60);
                    }

                    recipe.Phases = many;
                    break;
                case 21: recipe.Phases[1] = null; break;
                case 22: second.Co2MinimumPercent = 7; break;
                case 23: second.RockingRateMaximumRpm = 41; break;
                case 24: first.DurationSeconds = 30 * 86400 + 1; break;
                case 25: first.EndCondition = (PhaseEndCondition)7; break;
                case 26: first.PowerLossTimer = (PowerLossTimer)9; break;
                case 27: recipe.Version = 1000000; break;
                case 28: second.Name = "rocking phase"; break;
            }
        }
    }
}
