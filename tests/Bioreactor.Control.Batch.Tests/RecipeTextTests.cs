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
    public class RecipeTextTests
    {
        /// <summary>
        /// The shipped recipes/t-cell-expansion-10d.recipe, byte for byte ('\n' line ends): the device has no access to the
        /// repository, so the shared tests run on this copy and a host-only test checks that the file is still the same.
        /// </summary>
        internal const string ShippedRecipe =
            "# Default 10-day T-cell expansion on the rocking-bag bioreactor.\n" +
            "# Format: key = value, one [phase] per phase, run in order (see README.md in this folder).\n" +
            "# Every value and its source is listed in README.md.\n" +
            "\n" +
            "recipeFormat = 1\n" +
            "name = t-cell-expansion-10d\n" +
            "version = 1\n" +
            "description = Activated T cells: 3 d static, 2 d at 10 rpm / 6 deg, 5 d at 15 rpm / 6 deg, then held rocking until harvest is confirmed\n" +
            "\n" +
            "# Days 0-3: activation, static culture.\n" +
            "[phase]\n" +
            "name = activation-static\n" +
            "endCondition = duration\n" +
            "duration = 3d\n" +
            "temperatureCelsius = 37\n" +
            "temperatureRampCelsiusPerMinute = 0.5\n" +
            "temperatureAlarmBandKelvin = 1\n" +
            "temperatureMinimumCelsius = 36.5\n" +
            "temperatureMaximumCelsius = 37.5\n" +
            "co2Percent = 5\n" +
            "co2RampPercentPerMinute = 0.5\n" +
            "co2AlarmBandPercent = 1\n" +
            "co2MinimumPercent = 4.5\n" +
            "co2MaximumPercent = 5.5\n" +
            "rockingRateRpm = 0\n" +
            "rockingRampRpmPerMinute = 1\n" +
            "rockingRateMinimumRpm = 0\n" +
            "rockingRateMaximumRpm = 0\n" +
            "rockingAmplitudeDegrees = 0\n" +
            "rockingAmplitudeMinimumDegrees = 0\n" +
            "rockingAmplitudeMaximumDegrees = 0\n" +
            "powerLossTimer = continue\n" +
            "\n" +
            "# Days 3-5: rocking starts gently.\n" +
            "[phase]\n" +
            "name = expansion-10rpm\n" +
            "endCondition = duration\n" +
            "duration = 2d\n" +
            "temperatureCelsius = 37\n" +
            "temperatureRampCelsiusPerMinute = 0.5\n" +
            "temperatureAlarmBandKelvin = 1\n" +
            "temperatureMinimumCelsius = 36.5\n" +
            "temperatureMaximumCelsius = 37.5\n" +
            "co2Percent = 5\n" +
            "co2RampPercentPerMinute = 0.5\n" +
            "co2AlarmBandPercent = 1\n" +
            "co2MinimumPercent = 4.5\n" +
            "co2MaximumPercent = 5.5\n" +
            "rockingRateRpm = 10\n" +
            "rockingRampRpmPerMinute = 1\n" +
            "rockingRateMinimumRpm = 6\n" +
            "rockingRateMaximumRpm = 15\n" +
            "rockingAmplitudeDegrees = 6\n" +
            "rockingAmplitudeMinimumDegrees = 4\n" +
            "rockingAmplitudeMaximumDegrees = 8\n" +
            "powerLossTimer = pause\n" +
            "\n" +
            "# Days 5-10: faster rocking for the denser culture.\n" +
            "[phase]\n" +
            "name = expansion-15rpm\n" +
            "endCondition = duration\n" +
            "duration = 5d\n" +
            "temperatureCelsius = 37\n" +
            "temperatureRampCelsiusPerMinute = 0.5\n" +
            "temperatureAlarmBandKelvin = 1\n" +
            "temperatureMinimumCelsius = 36.5\n" +
            "temperatureMaximumCelsius = 37.5\n" +
            "co2Percent = 5\n" +
            "co2RampPercentPerMinute = 0.5\n" +
            "co2AlarmBandPercent = 1\n" +
            "co2MinimumPercent = 4.5\n" +
            "co2MaximumPercent = 5.5\n" +
            "rockingRateRpm = 15\n" +
            "rockingRampRpmPerMinute = 1\n" +
            "rockingRateMinimumRpm = 6\n" +
            "rockingRateMaximumRpm = 15\n" +
            "rockingAmplitudeDegrees = 6\n" +
            "rockingAmplitudeMinimumDegrees = 4\n" +
            "rockingAmplitudeMaximumDegrees = 8\n" +
            "powerLossTimer = pause\n" +
            "\n" +
            "# Day 10 on: conditions kept until the operator confirms the harvest has started.\n" +
            "[phase]\n" +
            "name = harvest\n" +
            "endCondition = operatorConfirms\n" +
            "temperatureCelsius = 37\n" +
            "temperatureRampCelsiusPerMinute = 0.5\n" +
            "temperatureAlarmBandKelvin = 1\n" +
            "temperatureMinimumCelsius = 36.5\n" +
            "temperatureMaximumCelsius = 37.5\n" +
            "co2Percent = 5\n" +
            "co2RampPercentPerMinute = 0.5\n" +
            "co2AlarmBandPercent = 1\n" +
            "co2MinimumPercent = 4.5\n" +
            "co2MaximumPercent = 5.5\n" +
            "rockingRateRpm = 15\n" +
            "rockingRampRpmPerMinute = 1\n" +
            "rockingRateMinimumRpm = 0\n" +
            "rockingRateMaximumRpm = 15\n" +
            "rockingAmplitudeDegrees = 6\n" +
            "rockingAmplitudeMinimumDegrees = 0\n" +
            "rockingAmplitudeMaximumDegrees = 8\n" +
            "powerLossTimer = continue\n";

        // A one-phase recipe, one key a line; the line numbers are used below.
        private static readonly string[] MiniLines =
        {
            "recipeFormat = 1",                        // 1
            "name = mini",                             // 2
            "version = 2",                             // 3
            "",                                        // 4
            "[phase]",                                 // 5
            "name = only",                             // 6
            "endCondition = duration",                 // 7
            "duration = 90min",                        // 8
            "temperatureCelsius = 37",                 // 9
            "temperatureRampCelsiusPerMinute = 0.5",   // 10
            "temperatureAlarmBandKelvin = 1",          // 11
            "temperatureMinimumCelsius = 36.5",        // 12
            "temperatureMaximumCelsius = 37.5",        // 13
            "co2Percent = 5",                          // 14
            "co2RampPercentPerMinute = 0.5",           // 15
            "co2AlarmBandPercent = 1",                 // 16
            "co2MinimumPercent = 4.5",                 // 17
            "co2MaximumPercent = 5.5",                 // 18
            "rockingRateRpm = 0",                      // 19
            "rockingRampRpmPerMinute = 1",             // 20
            "rockingRateMinimumRpm = 0",               // 21
            "rockingRateMaximumRpm = 0",               // 22
            "rockingAmplitudeDegrees = 0",             // 23
            "rockingAmplitudeMinimumDegrees = 0",      // 24
            "rockingAmplitudeMaximumDegrees = 0",      // 25
            "powerLossTimer = pause",                  // 26
        };

        private const string MiniCanonical =
            "recipeFormat = 1\n" +
            "name = mini\n" +
            "version = 2\n" +
            "description =\n" +
            "\n[phase]\n" +
            "name = only\n" +
            "endCondition = duration\n" +
            "duration = 90min\n" +
            "temperatureCelsius = 37\n" +
            "temperatureRampCelsiusPerMinute = 0.5\n" +
            "temperatureAlarmBandKelvin = 1\n" +
            "temperatureMinimumCelsius = 36.5\n" +
            "temperatureMaximumCelsius = 37.5\n" +
            "co2Percent = 5\n" +
            "co2RampPercentPerMinute = 0.5\n" +
            "co2AlarmBandPercent = 1\n" +
            "co2MinimumPercent = 4.5\n" +
            "co2MaximumPercent = 5.5\n" +
            "rockingRateRpm = 0\n" +
            "rockingRampRpmPerMinute = 1\n" +
            "rockingRateMinimumRpm = 0\n" +
            "rockingRateMaximumRpm = 0\n" +
            "rockingAmplitudeDegrees = 0\n" +
            "rockingAmplitudeMinimumDegrees = 0\n" +
            "rockingAmplitudeMaximumDegrees = 0\n" +
            "powerLossTimer = pause\n";

        [TestMethod]
        public void ShippedRecipeParsesAndValidates()
        {
            ValidationResult result = RecipeText.Parse(ShippedRecipe, out Recipe recipe);

            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual("t-cell-expansion-10d", recipe.Name);
            Assert.AreEqual(1, recipe.Version);
            Assert.AreEqual(4, recipe.PhaseCount);
            string[] names = { "activation-static", "expansion-10rpm", "expansion-15rpm", "harvest" };
            long[] days = { 3, 2, 5, 0 };
            double[] rates = { 0, 10, 15, 15 };
            double[] amplitudes = { 0, 6, 6, 6 };
            long totalSeconds = 0;
            for (int i = 0; i < 4; i++)
            {
                RecipePhase p = recipe.Phases[i];
                Assert.AreEqual(names[i], p.Name);
                Assert.AreEqual(days[i] * 86400, p.DurationSeconds, p.Name);
                Assert.AreEqual(rates[i], p.RockingRateRpm, p.Name);
                Assert.AreEqual(amplitudes[i], p.RockingAmplitudeDegrees, p.Name);
                Assert.AreEqual(37.0, p.TemperatureCelsius, p.Name);
                Assert.AreEqual(5.0, p.Co2Percent, p.Name);
                totalSeconds += p.DurationSeconds;
            }

            Assert.AreEqual(10L * 86400, totalSeconds, "ten timed days");
            Assert.AreEqual("operatorConfirms", BatchNames.EndConditionName(recipe.Phases[3].EndCondition));
            Assert.AreEqual("continue", BatchNames.PowerLossTimerName(recipe.Phases[0].PowerLossTimer));
            Assert.AreEqual("pause", BatchNames.PowerLossTimerName(recipe.Phases[1].PowerLossTimer));
            Assert.IsTrue(recipe.CheckAgainstDevice(38.0, 8.0).IsValid, "fits the default safety trips");
        }

        [TestMethod]
        public void ShippedRecipeRunsItsTenDaysAndWaitsForTheHarvest()
        {
            RecipeText.Parse(ShippedRecipe, out Recipe recipe);
            BatchController batch = BatchFixture.Started(recipe, 0);
            const long Minute = 60000;
            const long Day = 1440 * Minute;
            long[] checkTimes = { 3 * Day - Minute, 3 * Day, 3 * Day + 5 * Minute, 5 * Day, 5 * Day + 5 * Minute, 10 * Day - Minute, 10 * Day, 12 * Day };
            int[] phases = { 0, 1, 1, 2, 2, 2, 3, 3 };
            double[] rates = { 0, 0, 5, 10, 15, 15, 15, 15 };
            int check = 0;
            for (long t = Minute; t <= 12 * Day; t += Minute)
            {
                batch.Update(t);
                if (t == checkTimes[check])
                {
                    string when = "at " + InvariantNumber.FormatInteger(t / Minute) + " min";
                    Assert.AreEqual(phases[check], batch.PhaseIndex, when);
                    TestSupport.AreNear(rates[check], batch.RockingRateRpm, 1e-9, "rate " + when);
                    check++;
                    if (check == checkTimes.Length)
                    {
                        break;
                    }
                }
            }

            Assert.AreEqual(checkTimes.Length, check, "every check point was reached");
            Assert.IsTrue(batch.AwaitingConfirmation);
            Assert.AreEqual(6.0, batch.RockingAmplitudeDegrees);
            Assert.IsTrue(batch.Execute(OperatorRequest.ConfirmPhase(BatchFixture.Tech, "harvest started"), 12 * Day).IsAccepted);
            Assert.AreEqual("Complete", BatchFixture.State(batch));
            Assert.AreEqual(12 * Day, batch.BatchElapsedMilliseconds);
        }

        [TestMethod]
        public void CanonicalTextIsFixedAndReadsBackToTheSameRecipe()
        {
            Recipe mini = ParseValid(Join(MiniLines, "\n"));

            string canonical = RecipeText.Write(mini);
            Recipe again = ParseValid(canonical);

            Assert.AreEqual(MiniCanonical, canonical);
            Assert.AreEqual(canonical, RecipeText.Write(again));
            Recipe shipped = ParseValid(ShippedRecipe);
            string shippedCanonical = RecipeText.Write(shipped);
            Assert.AreEqual(shippedCanonical, RecipeText.Write(ParseValid(shippedCanonical)));
            Assert.AreEqual(shipped.GetFingerprint(), ParseValid(shippedCanonical).GetFingerprint());
        }

        [TestMethod]
        public void LayoutDoesNotChangeTheCanonicalBytes()
        {
            string[] lines = Copy(MiniLines);
            lines[8] = "  temperatureCelsius   =   37.000  ";
            lines[7] = "duration = 5400 s";
            lines[13] = "co2Percent = 05";
            lines[3] = "# a comment where the blank line was";
            // Swap two keys of the phase.
            string swap = lines[10];
            lines[10] = lines[11];
            lines[11] = swap;
            Recipe plain = ParseValid(Join(MiniLines, "\n"));
            Recipe laidOut = ParseValid("# header comment\r\n" + Join(lines, "\r\n") + "\r\n\r\n");

            CollectionAssert.AreEqual(plain.GetCanonicalBytes(), laidOut.GetCanonicalBytes());
            Assert.AreEqual(plain.GetFingerprint(), laidOut.GetFingerprint());
        }

        [TestMethod]
        public void AnyChangedValueChangesTheFingerprint()
        {
            Recipe plain = ParseValid(Join(MiniLines, "\n"));
            string[] variants = { "temperatureCelsius = 37.001", "version = 3", "powerLossTimer = restart", "duration = 91min" };
            int[] lineIndexes = { 8, 2, 25, 7 };
            for (int i = 0; i < variants.Length; i++)
            {
                string[] lines = Copy(MiniLines);
                lines[lineIndexes[i]] = variants[i];
                Recipe changed = ParseValid(Join(lines, "\n"));
                Assert.AreNotEqual(plain.GetFingerprint(), changed.GetFingerprint(), variants[i]);
            }
        }

        [TestMethod]
        [DataRow(0, 9, "phases[0].temperatureCelsius", "phases[0].temperatureCelsius must be a number")]
        [DataRow(1, 9, "phases[0].temperatureCelsius", "phases[0].temperatureCelsius must be 30 to 39 °C, got 45")]
        [DataRow(2, 9, "", "unknown key 'tempCelsius' in a [phase]; the keys there are: name, endCondition, duration")]
        [DataRow(3, 10, "phases[0].temperatureCelsius", "'temperatureCelsius' is given twice (first on line 9)")]
        [DataRow(4, 5, "phases[0].rockingRampRpmPerMinute", "phases[0] (the [phase] on line 5) has no 'rockingRampRpmPerMinute' line")]
        [DataRow(5, 5, "", "unknown section '[stage]'; the only section is [phase]")]
        [DataRow(6, 14, "", "expected 'key = value', a [phase] line or a '#' comment")]
        [DataRow(7, 1, "recipeFormat", "recipeFormat must be 1, got '2'")]
        [DataRow(8, 0, "recipeFormat", "the recipe has no 'recipeFormat' line (before the first [phase])")]
        [DataRow(9, 3, "version", "version must be a whole number 1 to 999999, got '1.5'")]
        [DataRow(10, 8, "phases[0].duration", "phases[0].duration must be a whole number with a unit s, min, h or d (e.g. 72h), got '90 minutes'")]
        [DataRow(11, 8, "phases[0].duration", "phases[0].duration must be left out when endCondition is operatorConfirms")]
        [DataRow(12, 7, "phases[0].endCondition", "phases[0].endCondition must be duration or operatorConfirms, got 'later'")]
        [DataRow(13, 26, "phases[0].powerLossTimer", "phases[0].powerLossTimer must be pause, continue or restart, got 'stop'")]
        [DataRow(14, 7, "phases[0].duration", "phases[0].duration is required when endCondition is duration")]
        [DataRow(15, 2, "name", "name must be 1 to 32 characters")]
        [DataRow(16, 4, "name", "'name' is given twice (first on line 2)")]
        [DataRow(17, 0, "phases", "the recipe has no [phase] section")]
        [DataRow(18, 23, "phases[0].rockingAmplitudeDegrees", "phases[0].rockingAmplitudeDegrees (6 degrees) must be within its operator limits")]
        [DataRow(19, 4, "", "unknown key 'colour' before the first [phase]; the keys there are: recipeFormat, name, version, description")]
        [DataRow(20, 8, "phases[0].duration", "phases[0].duration must be 1 s to 30 d when endCondition is duration, got 3110400 s")]
        public void ProblemsInAFileNameTheLineTheFieldAndTheRule(int variant, int line, string field, string fragment)
        {
            // field "" stands for none (null): a syntax error that no field explains.
            string[] lines = Copy(MiniLines);
            switch (variant)
            {
                case 0: lines[8] = "temperatureCelsius = 37,5"; break;
                case 1: lines[8] = "temperatureCelsius = 45"; break;
                case 2: lines[8] = "tempCelsius = 37"; break;
                case 3: lines = Insert(lines, 9, "temperatureCelsius = 37"); break;
                case 4: lines[19] = "# removed"; break;
                case 5: lines[4] = "[stage]"; break;
                case 6: lines[13] = "co2Percent 5"; break;
                case 7: lines[0] = "recipeFormat = 2"; break;
                case 8: lines[0] = "# no format"; break;
                case 9: lines[2] = "version = 1.5"; break;
                case 10: lines[7] = "duration = 90 minutes"; break;
                case 11: lines[6] = "endCondition = operatorConfirms"; break;
                case 12: lines[6] = "endCondition = later"; break;
                case 13: lines[25] = "powerLossTimer = stop"; break;
                case 14: lines[7] = "# no duration"; break;
                case 15: lines[1] = "name = mini recipe"; break;
                case 16: lines[3] = "name = again"; break;
                case 17: lines = new[] { lines[0], lines[1], lines[2] }; break;
                case 18: lines[22] = "rockingAmplitudeDegrees = 6"; break;
                case 19: lines[3] = "colour = blue"; break;
                case 20: lines[7] = "duration = 36d"; break;
            }

            ValidationResult result = RecipeText.Parse(Join(lines, "\n"), out Recipe recipe);

            string what = "variant " + InvariantNumber.FormatInteger(variant) + ": " + result.Text;
            Assert.IsFalse(result.IsValid, what);
            Assert.IsNull(recipe, what);
            Assert.AreEqual(line, result.LineNumber, what);
            Assert.AreEqual(field.Length == 0 ? null : field, result.Field, what);
            Assert.IsTrue(TestSupport.Contains(result.Message, fragment), what);
        }

        [TestMethod]
        public void ErrorTextStartsWithTheLine()
        {
            string[] lines = Copy(MiniLines);
            lines[8] = "temperatureCelsius = 45";

            ValidationResult result = RecipeText.Parse(Join(lines, "\n"), out Recipe recipe);

            Assert.AreEqual("line 9: phases[0].temperatureCelsius must be 30 to 39 °C, got 45", result.Text);
        }

        [TestMethod]
        public void EmptyOrNullTextIsRefused()
        {
            Assert.IsFalse(RecipeText.Parse(null, out Recipe none).IsValid);
            Assert.IsFalse(RecipeText.Parse(string.Empty, out Recipe empty).IsValid);
            Assert.IsFalse(RecipeText.Parse("# only a comment\n", out Recipe comment).IsValid);
        }

        [TestMethod]
        [DataRow("90s", 90L)]
        [DataRow("30min", 1800L)]
        [DataRow("72h", 259200L)]
        [DataRow("3d", 259200L)]
        [DataRow("3 d", 259200L)]
        [DataRow("0s", 0L)]
        public void DurationsAreWholeNumbersWithAUnit(string text, long seconds)
        {
            Assert.IsTrue(RecipeText.TryParseDuration(text, out long parsed), text);
            Assert.AreEqual(seconds, parsed, text);
        }

        [TestMethod]
        [DataRow("3")]
        [DataRow("3days")]
        [DataRow("1.5h")]
        [DataRow("-1h")]
        [DataRow("h")]
        [DataRow("")]
        [DataRow("1234567890s")]
        [DataRow("3D")]
        public void MalformedDurationsAreRefused(string text)
        {
            Assert.IsFalse(RecipeText.TryParseDuration(text, out long parsed), text);
        }

        [TestMethod]
        public void DurationsAreWrittenInTheLargestWholeUnit()
        {
            Assert.AreEqual("3d", RecipeText.FormatDuration(259200));
            Assert.AreEqual("2h", RecipeText.FormatDuration(7200));
            Assert.AreEqual("90min", RecipeText.FormatDuration(5400));
            Assert.AreEqual("90s", RecipeText.FormatDuration(90));
            Assert.AreEqual("25h", RecipeText.FormatDuration(90000));
        }

        [TestMethod]
        public void CanonicalBytesAreUtf8()
        {
            Recipe recipe = ParseValid(Join(MiniLines, "\n"));
            recipe.Description = "37 °C, µ, \ud83e\uddeb";

            string text = RecipeText.Write(recipe);
            byte[] bytes = recipe.GetCanonicalBytes();

            // '°' and 'µ' take two bytes each, the surrogate pair (U+1F9EB) four for its two chars.
            Assert.AreEqual(text.Length + 4, bytes.Length);
            int degree = IndexOf(bytes, 0xC2, 0xB0);
            Assert.IsTrue(degree > 0, "° as C2 B0");
            Assert.IsTrue(IndexOf(bytes, 0xC2, 0xB5) > degree, "µ as C2 B5");
            Assert.IsTrue(IndexOf(bytes, 0xF0, 0x9F) > degree, "U+1F9EB as F0 9F A7 AB");
            Assert.AreEqual((byte)'r', bytes[0]);
        }

        [TestMethod]
        public void CanonicalBytesReadBackToTheSameRecipe()
        {
            // The restart path: the record gives back the canonical bytes it stored; the batch is restored from them.
            Recipe recipe = ParseValid(ShippedRecipe);
            recipe.Description = "37 °C, µ, \ud83e\uddeb";
            byte[] bytes = recipe.GetCanonicalBytes();
            byte[] framed = new byte[bytes.Length + 6];
            Array.Copy(bytes, 0, framed, 3, bytes.Length);

            ValidationResult result = RecipeText.Parse(framed, 3, bytes.Length, out Recipe again);

            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual(recipe.Description, again.Description);
            Assert.AreEqual(recipe.GetFingerprint(), again.GetFingerprint());
            Assert.IsFalse(RecipeText.Parse(framed, 3, framed.Length, out Recipe outside).IsValid, "range outside the buffer");
        }

        [TestMethod]
        public void MalformedUtf8BecomesReplacementCharacters()
        {
            // In the description: an overlong '/' (C0 AF: two), a lone continuation byte (80: one) and a 3-byte sequence
            // cut short (E2 82: one), as .NET's UTF8Encoding replaces them; then a valid 'é' (C3 A9).
            byte[] malformed = { 0xC0, 0xAF, 0x80, 0xE2, 0x82, 0xC3, 0xA9 };
            string before = "recipeFormat = 1\nname = mini\nversion = 2\ndescription = x";
            string[] lines = Copy(MiniLines);
            string after = "\n" + Join(Copy(lines, 4), "\n");
            byte[] text = new byte[before.Length + malformed.Length + after.Length];
            Ascii(before, text, 0);
            Array.Copy(malformed, 0, text, before.Length, malformed.Length);
            Ascii(after, text, before.Length + malformed.Length);

            ValidationResult result = RecipeText.Parse(text, 0, text.Length, out Recipe recipe);

            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual("x\uFFFD\uFFFD\uFFFD\uFFFD\u00E9", recipe.Description);
        }

#if !NANOFRAMEWORK_1_0
        [TestMethod]
        public void ShippedFileIsTheTextTheSharedTestsRun()
        {
            string path = RepositoryFile("recipes/t-cell-expansion-10d.recipe");
            Assert.IsNotNull(path, "recipes/t-cell-expansion-10d.recipe not found above " + ThisFile());
            string file = System.IO.File.ReadAllText(path).Replace("\r\n", "\n");

            Assert.AreEqual(ShippedRecipe, file, "update RecipeTextTests.ShippedRecipe with the file (and the README's table)");
            Assert.IsTrue(RecipeText.Parse(file, out Recipe recipe).IsValid);
        }

        private static string RepositoryFile(string relative)
        {
            string[] starts = { System.IO.Path.GetDirectoryName(ThisFile()), System.IO.Directory.GetCurrentDirectory() };
            foreach (string start in starts)
            {
                for (string dir = start; dir != null; dir = System.IO.Path.GetDirectoryName(dir))
                {
                    string candidate = System.IO.Path.Combine(dir, relative);
                    if (System.IO.File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        {
            return path;
        }
#endif

        private static Recipe ParseValid(string text)
        {
            ValidationResult result = RecipeText.Parse(text, out Recipe recipe);
            Assert.IsTrue(result.IsValid, result.Text);
            return recipe;
        }

        private static string Join(string[] lines, string separator)
        {
            string text = string.Empty;
            for (int i = 0; i < lines.Length; i++)
            {
                text = i == 0 ? lines[i] : text + separator + lines[i];
            }

            return text;
        }

        private static string[] Copy(string[] lines)
        {
            var copy = new string[lines.Length];
            Array.Copy(lines, copy, lines.Length);
            return copy;
        }

        private static string[] Copy(string[] lines, int from)
        {
            var copy = new string[lines.Length - from];
            Array.Copy(lines, from, copy, 0, copy.Length);
            return copy;
        }

        private static void Ascii(string text, byte[] bytes, int offset)
        {
            for (int i = 0; i < text.Length; i++)
            {
                bytes[offset + i] = (byte)text[i];
            }
        }

        private static string[] Insert(string[] lines, int index, string line)
        {
            var result = new string[lines.Length + 1];
            for (int i = 0, j = 0; i < result.Length; i++)
            {
                result[i] = i == index ? line : lines[j++];
            }

            return result;
        }

        private static int IndexOf(byte[] bytes, int first, int second)
        {
            for (int i = 0; i + 1 < bytes.Length; i++)
            {
                if (bytes[i] == first && bytes[i + 1] == second)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
