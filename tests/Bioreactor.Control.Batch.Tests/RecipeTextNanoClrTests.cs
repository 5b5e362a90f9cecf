#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    /// <summary>
    /// What broke the recipe reader on the nanoCLR interpreter: a never-written slot of a new string[] used as "key not
    /// given yet" (it can compare non-null there, so every key looked "given twice", or crash strcmp), null text reaching
    /// the text rules, and text encoded through String's indexer (which returns the high surrogate at the low half of a
    /// pair there). Null and empty texts get a clear rejection, never an exception.
    /// </summary>
    [TestClass]
    public class RecipeTextNanoClrTests
    {
        private const string Phase =
            "[phase]\nname = only\nendCondition = duration\nduration = 90min\ntemperatureCelsius = 37\n"
            + "temperatureRampCelsiusPerMinute = 0.5\ntemperatureAlarmBandKelvin = 1\ntemperatureMinimumCelsius = 36.5\n"
            + "temperatureMaximumCelsius = 37.5\nco2Percent = 5\nco2RampPercentPerMinute = 0.5\nco2AlarmBandPercent = 1\n"
            + "co2MinimumPercent = 4.5\nco2MaximumPercent = 5.5\nrockingRateRpm = 0\nrockingRampRpmPerMinute = 1\n"
            + "rockingRateMinimumRpm = 0\nrockingRateMaximumRpm = 0\nrockingAmplitudeDegrees = 0\n"
            + "rockingAmplitudeMinimumDegrees = 0\nrockingAmplitudeMaximumDegrees = 0\npowerLossTimer = pause\n";

        private const string Head = "recipeFormat = 1\nname = mini\nversion = 2\n";

        // U+1F9EA TEST TUBE (a surrogate pair) and U+1D11E MUSICAL SYMBOL G CLEF (another), written as escapes.
        private const string TestTube = "\uD83E\uDDEA";
        private const string Clef = "\uD834\uDD1E";

        // ---- null and empty text ----

        [TestMethod]
        public void TextRulesTakeNullAndEmptyWithoutThrowing()
        {
            Assert.IsFalse(TextRules.IsIdentifier(null), "null identifier");
            Assert.IsFalse(TextRules.IsIdentifier(string.Empty), "empty identifier");
            Assert.IsFalse(TextRules.IsText(null, false), "null text, required");
            Assert.IsTrue(TextRules.IsText(null, true), "null text, optional (documented: counts as empty)");
            Assert.IsFalse(TextRules.IsText(string.Empty, false), "empty text, required");
            Assert.IsTrue(TextRules.IsText(string.Empty, true), "empty text, optional");
            Assert.IsFalse(TextRules.EqualsIgnoringCase(null, null), "null ids");
            Assert.IsFalse(TextRules.EqualsIgnoringCase(null, "a"), "null and an id");
            Assert.IsFalse(TextRules.EqualsIgnoringCase("a", null), "an id and null");
            Assert.IsTrue(TextRules.EqualsIgnoringCase(string.Empty, string.Empty), "two empty strings");
            Assert.IsTrue(TextRules.IsText(TestTube + " " + Clef, false), "surrogate pairs are text");
        }

        [TestMethod]
        public void TheParserRefusesNullAndEmptyTextClearly()
        {
            string[] texts = { null, string.Empty, "\n\n", "# only a comment\n" };
            for (int i = 0; i < texts.Length; i++)
            {
                ValidationResult result = RecipeText.Parse(texts[i], out Recipe recipe);
                Assert.IsFalse(result.IsValid, "text " + i);
                Assert.IsNull(recipe, "text " + i);
                Assert.AreEqual(RecipeKeys.Format, result.Field, "text " + i);
                Assert.IsTrue(TestSupport.Contains(result.Message, "no 'recipeFormat' line"), result.Message);
            }

            ValidationResult bytes = RecipeText.Parse(null, 0, 0, out Recipe none);
            Assert.IsFalse(bytes.IsValid, "null bytes");
            Assert.IsNull(none);
            Assert.IsTrue(RecipeText.Parse(new byte[0], 0, 0, out none).Message.Length > 0, "empty bytes: a message");
        }

        [TestMethod]
        public void OperatorDirectoryRefusesNullAndEmptyTextClearly()
        {
            string[] texts = { null, string.Empty, "[operators]\n" };
            for (int i = 0; i < texts.Length; i++)
            {
                ValidationResult result = OperatorDirectory.Parse(texts[i], out OperatorDirectory directory);
                Assert.IsFalse(result.IsValid, "text " + i);
                Assert.IsNull(directory, "text " + i);
                Assert.IsTrue(TestSupport.Contains(result.Message, "at least one administrator"), result.Message);
            }
        }

        // ---- the "given" bookkeeping ----

        [TestMethod]
        public void EveryKeyGivenOnceIsNoDuplicate()
        {
            // On nanoCLR the old null test on never-written slots called every key of this file "given twice".
            ValidationResult result = RecipeText.Parse(Head + "description = d\n" + Phase, out Recipe recipe);
            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual("d", recipe.Description);
        }

        [TestMethod]
        public void AKeyGivenTwiceIsRefusedEvenWhenItsFirstValueIsEmpty()
        {
            ValidationResult top = RecipeText.Parse(Head + "description =\ndescription = again\n" + Phase, out Recipe recipe);
            Assert.IsFalse(top.IsValid, "description twice");
            Assert.IsNull(recipe);
            Assert.AreEqual(5, top.LineNumber);
            Assert.IsTrue(TestSupport.Contains(top.Message, "'description' is given twice (first on line 4)"), top.Message);

            ValidationResult phase = RecipeText.Parse(Head + Phase + "co2Percent = 5\n", out recipe);
            Assert.IsFalse(phase.IsValid, "co2Percent twice");
            Assert.AreEqual("phases[0].co2Percent", phase.Field);
            Assert.IsTrue(TestSupport.Contains(phase.Message, "given twice"), phase.Message);
        }

        [TestMethod]
        public void AMissingDescriptionReadsAsEmptyAndAnEmptyValueIsGivenNotMissing()
        {
            ValidationResult result = RecipeText.Parse(Head + Phase, out Recipe recipe);
            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual(string.Empty, recipe.Description, "no description line: empty");

            // "name =" is a given (empty) name, refused by the identifier rule, not reported as a missing line.
            ValidationResult empty = RecipeText.Parse("recipeFormat = 1\nname =\nversion = 2\n" + Phase, out recipe);
            Assert.IsFalse(empty.IsValid, "empty name");
            Assert.AreEqual(RecipeKeys.Name, empty.Field);
            Assert.AreEqual(2, empty.LineNumber);
            Assert.IsFalse(TestSupport.Contains(empty.Message, "has no"), empty.Message);

            ValidationResult missing = RecipeText.Parse("recipeFormat = 1\nversion = 2\n" + Phase, out recipe);
            Assert.IsFalse(missing.IsValid, "no name line");
            Assert.IsTrue(TestSupport.Contains(missing.Message, "no 'name' line"), missing.Message);
        }

        // ---- surrogate pairs in the canonical bytes ----

        [TestMethod]
        public void CanonicalBytesEncodeSurrogatePairsExactly()
        {
            ValidationResult parsed = RecipeText.Parse(Head + Phase, out Recipe recipe);
            Assert.IsTrue(parsed.IsValid, parsed.Text);
            recipe.Description = TestTube + " " + Clef;

            byte[] bytes = recipe.GetCanonicalBytes();

            byte[] expected =
            {
                (byte)'d', (byte)'e', (byte)'s', (byte)'c', (byte)'r', (byte)'i', (byte)'p', (byte)'t', (byte)'i', (byte)'o', (byte)'n',
                (byte)' ', (byte)'=', (byte)' ',
                0xF0, 0x9F, 0xA7, 0xAA, // U+1F9EA
                0x20,
                0xF0, 0x9D, 0x84, 0x9E, // U+1D11E
                0x0A,
            };
            int at = IndexOf(bytes, expected);
            Assert.IsTrue(at > 0, "the description line is 'description = ' F09FA7AA 20 F09D849E 0A");

            ValidationResult again = RecipeText.Parse(bytes, 0, bytes.Length, out Recipe read);
            Assert.IsTrue(again.IsValid, again.Text);
            Assert.AreEqual(recipe.Description, read.Description);
            Assert.AreEqual(recipe.GetFingerprint(), read.GetFingerprint());
        }

        private static int IndexOf(byte[] bytes, byte[] part)
        {
            for (int i = 0; i + part.Length <= bytes.Length; i++)
            {
                bool match = true;
                for (int k = 0; k < part.Length && match; k++)
                {
                    match = bytes[i + k] == part[k];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
