using Bioreactor.Control.Primitives;
using System.Collections;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// Reads and writes recipe files: a small line-based "key = value" format with one [phase] section per phase,
    /// parsed by the core itself.
    /// </summary>
    /// <remarks>
    /// <para>Why not JSON: the device has no System.Text.Json, and nanoFramework.Json maps text onto objects by
    /// reflection, silently leaving out keys it does not know and defaulting the ones it does not find. A recipe must
    /// be strict (a misspelt key is an error, not a default), must report the line of a mistake, and must parse the
    /// same numbers on both boards; a key = value reader is about a hundred lines and does all three.</para>
    /// <code>
    ///   # comment lines start with '#'; blank lines are ignored; no inline comments
    ///   recipeFormat = 1                       required, must be 1
    ///   name = t-cell-expansion-10d            identifier: 1-32 of A-Z a-z 0-9 . _ -
    ///   version = 1                            1-999999
    ///   description = one line of text         optional, 0-200 characters
    ///
    ///   [phase]                                one section per phase, in run order
    ///   name = activation-static               identifier, unique in the recipe
    ///   endCondition = duration                duration | operatorConfirms
    ///   duration = 3d                          whole number + s, min, h or d; only (and required) for duration
    ///   temperatureCelsius = 37                every other key below is required in every phase
    ///   ...                                    (see RecipePhase and RecipeKeys.PhaseOrder)
    ///   powerLossTimer = continue              pause | continue | restart
    /// </code>
    /// <para>Numbers: an optional '-', digits, optionally '.' and digits (<see cref="InvariantNumber.TryParse"/>); at most
    /// three decimals. Unknown keys, unknown sections, keys given twice, missing keys and malformed lines are errors
    /// naming the line. Keys and values are case-sensitive.</para>
    /// </remarks>
    public static class RecipeText
    {
        /// <summary>The format version this reader and writer implement (the recipeFormat line).</summary>
        public const string FormatVersion = "1";

        /// <summary>
        /// Reads a recipe file and validates it. On success <paramref name="recipe"/> is the recipe and the result is
        /// valid; otherwise <paramref name="recipe"/> is null and the result names the line, the field and the rule.
        /// </summary>
        public static ValidationResult Parse(string text, out Recipe recipe)
        {
            recipe = null;
            var top = new Fields(RecipeKeys.TopOrder.Length, 0);
            var phases = new ArrayList();
            Fields current = null;
            var reader = new ConfigReader(text);
            while (reader.Next())
            {
                int line = reader.LineNumber;
                if (reader.Kind == ConfigLineKind.Section)
                {
                    if (reader.Section != RecipeKeys.PhaseSection)
                    {
                        return new ValidationResult(null, "unknown section '[" + reader.Section + "]'; the only section is [phase]", line);
                    }

                    if (phases.Count == RecipeLimits.MaximumPhases)
                    {
                        return new ValidationResult("phases", "a recipe has at most 32 phases", line);
                    }

                    current = new Fields(RecipeKeys.PhaseOrder.Length, line);
                    phases.Add(current);
                    continue;
                }

                if (reader.Kind == ConfigLineKind.Malformed)
                {
                    return new ValidationResult(null, "expected 'key = value', a [phase] line or a '#' comment", line);
                }

                string[] keys = current == null ? RecipeKeys.TopOrder : RecipeKeys.PhaseOrder;
                int index = RecipeKeys.IndexOf(keys, reader.Key);
                if (index < 0)
                {
                    string where = current == null ? "before the first [phase]" : "in a [phase]";
                    return new ValidationResult(null, "unknown key '" + reader.Key + "' " + where + "; the keys there are: "
                        + List(keys), line);
                }

                Fields target = current == null ? top : current;
                if (target.Given[index])
                {
                    return new ValidationResult(FieldName(current == null ? -1 : phases.Count - 1, keys[index]),
                        "'" + reader.Key + "' is given twice (first on line " + InvariantNumber.FormatInteger(target.Lines[index]) + ")", line);
                }

                target.Values[index] = reader.Value;
                target.Lines[index] = line;
                target.Given[index] = true;
            }

            ValidationResult problem = Build(top, phases, out Recipe built);
            if (problem != null)
            {
                return problem;
            }

            ValidationResult validation = built.Validate();
            if (!validation.IsValid)
            {
                return validation.AtLine(LineOf(validation.Field, top, phases));
            }

            recipe = built;
            return ValidationResult.Valid;
        }

        /// <summary>
        /// Reads a recipe from UTF-8 bytes, e.g. the canonical bytes a batch record carries
        /// (<see cref="Recipe.GetCanonicalBytes"/>), and validates it as <see cref="Parse(string, out Recipe)"/> does.
        /// </summary>
        public static ValidationResult Parse(byte[] utf8, int offset, int count, out Recipe recipe)
        {
            recipe = null;
            if (utf8 == null || offset < 0 || count < 0 || offset > utf8.Length - count)
            {
                return new ValidationResult(null, "the recipe bytes are missing or the range is outside the buffer", 0);
            }

            return Parse(Bioreactor.Control.Primitives.Utf8Text.Decode(utf8, offset, count), out recipe);
        }

        /// <summary>
        /// The canonical text of a recipe: keys in <see cref="RecipeKeys"/> order, one space around '=', '\n' line ends,
        /// a blank line before each [phase], numbers in their shortest form with at most three decimals, durations in the
        /// largest whole unit, no comments. Parsing it gives back an equal recipe. Allocates.
        /// </summary>
        public static string Write(Recipe recipe)
        {
            var parts = new ArrayList();
            Line(parts, RecipeKeys.Format, FormatVersion);
            Line(parts, RecipeKeys.Name, recipe.Name);
            Line(parts, RecipeKeys.Version, InvariantNumber.FormatInteger(recipe.Version));
            Line(parts, RecipeKeys.Description, recipe.Description);
            for (int i = 0; i < recipe.PhaseCount; i++)
            {
                RecipePhase p = recipe.Phases[i];
                parts.Add("\n[" + RecipeKeys.PhaseSection + "]\n");
                Line(parts, RecipeKeys.PhaseName, p.Name);
                Line(parts, RecipeKeys.EndCondition, BatchNames.EndConditionName(p.EndCondition));
                if (p.EndCondition == PhaseEndCondition.Duration)
                {
                    Line(parts, RecipeKeys.Duration, FormatDuration(p.DurationSeconds));
                }

                Number(parts, RecipeKeys.TemperatureCelsius, p.TemperatureCelsius);
                Number(parts, RecipeKeys.TemperatureRamp, p.TemperatureRampCelsiusPerMinute);
                Number(parts, RecipeKeys.TemperatureAlarmBand, p.TemperatureAlarmBandKelvin);
                Number(parts, RecipeKeys.TemperatureMinimumCelsius, p.TemperatureMinimumCelsius);
                Number(parts, RecipeKeys.TemperatureMaximumCelsius, p.TemperatureMaximumCelsius);
                Number(parts, RecipeKeys.Co2Percent, p.Co2Percent);
                Number(parts, RecipeKeys.Co2Ramp, p.Co2RampPercentPerMinute);
                Number(parts, RecipeKeys.Co2AlarmBand, p.Co2AlarmBandPercent);
                Number(parts, RecipeKeys.Co2MinimumPercent, p.Co2MinimumPercent);
                Number(parts, RecipeKeys.Co2MaximumPercent, p.Co2MaximumPercent);
                Number(parts, RecipeKeys.RockingRate, p.RockingRateRpm);
                Number(parts, RecipeKeys.RockingRamp, p.RockingRampRpmPerMinute);
                Number(parts, RecipeKeys.RockingRateMinimum, p.RockingRateMinimumRpm);
                Number(parts, RecipeKeys.RockingRateMaximum, p.RockingRateMaximumRpm);
                Number(parts, RecipeKeys.RockingAmplitude, p.RockingAmplitudeDegrees);
                Number(parts, RecipeKeys.RockingAmplitudeMinimum, p.RockingAmplitudeMinimumDegrees);
                Number(parts, RecipeKeys.RockingAmplitudeMaximum, p.RockingAmplitudeMaximumDegrees);
                Line(parts, RecipeKeys.PowerLossTimer, BatchNames.PowerLossTimerName(p.PowerLossTimer));
            }

            var array = new string[parts.Count];
            parts.CopyTo(array);
            return string.Concat(array);
        }

        /// <summary>A duration in the largest whole unit: 259200 → "3d", 7200 → "2h", 90 → "90s", 1800 → "30min".</summary>
        public static string FormatDuration(long seconds)
        {
            if (seconds > 0 && seconds % 86400 == 0)
            {
                return InvariantNumber.FormatInteger(seconds / 86400) + "d";
            }

            if (seconds > 0 && seconds % 3600 == 0)
            {
                return InvariantNumber.FormatInteger(seconds / 3600) + "h";
            }

            if (seconds > 0 && seconds % 60 == 0)
            {
                return InvariantNumber.FormatInteger(seconds / 60) + "min";
            }

            return InvariantNumber.FormatInteger(seconds) + "s";
        }

        /// <summary>Reads a duration: 1–9 digits, optional spaces, and a unit s, min, h or d ("72h", "3 d"); false otherwise.</summary>
        public static bool TryParseDuration(string text, out long seconds)
        {
            seconds = 0;
            if (text == null)
            {
                return false;
            }

            char[] chars = text.ToCharArray();
            int i = 0;
            long value = 0;
            while (i < chars.Length && chars[i] >= '0' && chars[i] <= '9')
            {
                value = value * 10 + (chars[i] - '0');
                i++;
            }

            if (i == 0 || i > 9)
            {
                return false;
            }

            while (i < chars.Length && chars[i] == ' ')
            {
                i++;
            }

            string unit = text.Substring(i);
            long factor;
            if (unit == "s")
            {
                factor = 1;
            }
            else if (unit == "min")
            {
                factor = 60;
            }
            else if (unit == "h")
            {
                factor = 3600;
            }
            else if (unit == "d")
            {
                factor = 86400;
            }
            else
            {
                return false;
            }

            seconds = value * factor;
            return true;
        }

        private static ValidationResult Build(Fields top, ArrayList phases, out Recipe recipe)
        {
            recipe = null;
            for (int k = 0; k < RecipeKeys.TopOrder.Length; k++)
            {
                string key = RecipeKeys.TopOrder[k];
                if (!top.Given[k] && key != RecipeKeys.Description)
                {
                    return new ValidationResult(key, "the recipe has no '" + key + "' line (before the first [phase])", 0);
                }
            }

            int formatIndex = RecipeKeys.IndexOf(RecipeKeys.TopOrder, RecipeKeys.Format);
            if (top.Values[formatIndex] != FormatVersion)
            {
                return new ValidationResult(RecipeKeys.Format, RecipeKeys.Format + " must be " + FormatVersion + ", got '"
                    + top.Values[formatIndex] + "'", top.Lines[formatIndex]);
            }

            int versionIndex = RecipeKeys.IndexOf(RecipeKeys.TopOrder, RecipeKeys.Version);
            if (!InvariantNumber.TryParseInteger(top.Values[versionIndex], out long version)
                || version < 1 || version > RecipeLimits.MaximumVersion)
            {
                return new ValidationResult(RecipeKeys.Version, RecipeKeys.Version + " must be a whole number 1 to 999999, got '"
                    + top.Values[versionIndex] + "'", top.Lines[versionIndex]);
            }

            if (phases.Count == 0)
            {
                return new ValidationResult("phases", "the recipe has no [phase] section (phases must number 1 to 32)", 0);
            }

            var built = new RecipePhase[phases.Count];
            for (int i = 0; i < phases.Count; i++)
            {
                ValidationResult problem = BuildPhase((Fields)phases[i], i, out built[i]);
                if (problem != null)
                {
                    return problem;
                }
            }

            string description = top.Values[RecipeKeys.IndexOf(RecipeKeys.TopOrder, RecipeKeys.Description)];
            recipe = new Recipe(top.Values[RecipeKeys.IndexOf(RecipeKeys.TopOrder, RecipeKeys.Name)], (int)version,
                description, built);
            return null;
        }

        private static ValidationResult BuildPhase(Fields f, int index, out RecipePhase phase)
        {
            phase = new RecipePhase();
            string[] keys = RecipeKeys.PhaseOrder;
            int durationIndex = RecipeKeys.IndexOf(keys, RecipeKeys.Duration);
            for (int k = 0; k < keys.Length; k++)
            {
                if (!f.Given[k] && k != durationIndex)
                {
                    return new ValidationResult(FieldName(index, keys[k]), "phases[" + InvariantNumber.FormatInteger(index)
                        + "] (the [phase] on line " + InvariantNumber.FormatInteger(f.SectionLine) + ") has no '" + keys[k] + "' line",
                        f.SectionLine);
                }
            }

            phase.Name = f.Values[RecipeKeys.IndexOf(keys, RecipeKeys.PhaseName)];
            int endIndex = RecipeKeys.IndexOf(keys, RecipeKeys.EndCondition);
            if (!BatchNames.TryParseEndCondition(f.Values[endIndex], out PhaseEndCondition end))
            {
                return new ValidationResult(FieldName(index, RecipeKeys.EndCondition), FieldName(index, RecipeKeys.EndCondition)
                    + " must be duration or operatorConfirms, got '" + f.Values[endIndex] + "'", f.Lines[endIndex]);
            }

            phase.EndCondition = end;
            if (end == PhaseEndCondition.Duration)
            {
                if (!f.Given[durationIndex])
                {
                    return new ValidationResult(FieldName(index, RecipeKeys.Duration), FieldName(index, RecipeKeys.Duration)
                        + " is required when endCondition is duration", f.Lines[endIndex]);
                }

                if (!TryParseDuration(f.Values[durationIndex], out long seconds))
                {
                    return new ValidationResult(FieldName(index, RecipeKeys.Duration), FieldName(index, RecipeKeys.Duration)
                        + " must be a whole number with a unit s, min, h or d (e.g. 72h), got '" + f.Values[durationIndex] + "'",
                        f.Lines[durationIndex]);
                }

                phase.DurationSeconds = seconds;
            }
            else if (f.Given[durationIndex])
            {
                return new ValidationResult(FieldName(index, RecipeKeys.Duration), FieldName(index, RecipeKeys.Duration)
                    + " must be left out when endCondition is operatorConfirms", f.Lines[durationIndex]);
            }

            int policyIndex = RecipeKeys.IndexOf(keys, RecipeKeys.PowerLossTimer);
            if (!BatchNames.TryParsePowerLossTimer(f.Values[policyIndex], out PowerLossTimer policy))
            {
                return new ValidationResult(FieldName(index, RecipeKeys.PowerLossTimer), FieldName(index, RecipeKeys.PowerLossTimer)
                    + " must be pause, continue or restart, got '" + f.Values[policyIndex] + "'", f.Lines[policyIndex]);
            }

            phase.PowerLossTimer = policy;

            double[] numbers = new double[keys.Length];
            int first = RecipeKeys.IndexOf(keys, RecipeKeys.TemperatureCelsius);
            for (int k = first; k < policyIndex; k++)
            {
                if (!InvariantNumber.TryParse(f.Values[k], out numbers[k]))
                {
                    return new ValidationResult(FieldName(index, keys[k]), FieldName(index, keys[k]) + " must be a number (digits, "
                        + "optionally '.' and up to 3 decimals, optionally a leading '-'; no exponent or grouping), got '"
                        + f.Values[k] + "'", f.Lines[k]);
                }
            }

            phase.TemperatureCelsius = numbers[first];
            phase.TemperatureRampCelsiusPerMinute = numbers[first + 1];
            phase.TemperatureAlarmBandKelvin = numbers[first + 2];
            phase.TemperatureMinimumCelsius = numbers[first + 3];
            phase.TemperatureMaximumCelsius = numbers[first + 4];
            phase.Co2Percent = numbers[first + 5];
            phase.Co2RampPercentPerMinute = numbers[first + 6];
            phase.Co2AlarmBandPercent = numbers[first + 7];
            phase.Co2MinimumPercent = numbers[first + 8];
            phase.Co2MaximumPercent = numbers[first + 9];
            phase.RockingRateRpm = numbers[first + 10];
            phase.RockingRampRpmPerMinute = numbers[first + 11];
            phase.RockingRateMinimumRpm = numbers[first + 12];
            phase.RockingRateMaximumRpm = numbers[first + 13];
            phase.RockingAmplitudeDegrees = numbers[first + 14];
            phase.RockingAmplitudeMinimumDegrees = numbers[first + 15];
            phase.RockingAmplitudeMaximumDegrees = numbers[first + 16];
            return null;
        }

        // The line of the file a validation field came from: "name" → its line; "phases[2].co2Percent" → that key's line
        // in the third [phase]; "phases[2]" → the [phase] line; 0 when unknown.
        private static int LineOf(string field, Fields top, ArrayList phases)
        {
            if (field == null)
            {
                return 0;
            }

            int topIndex = RecipeKeys.IndexOf(RecipeKeys.TopOrder, field);
            if (topIndex >= 0)
            {
                return top.Lines[topIndex];
            }

            const string prefix = "phases[";
            if (field.Length <= prefix.Length || field.Substring(0, prefix.Length) != prefix)
            {
                return 0;
            }

            int close = -1;
            char[] chars = field.ToCharArray();
            for (int i = prefix.Length; i < chars.Length && close < 0; i++)
            {
                close = chars[i] == ']' ? i : -1;
            }

            if (close < 0 || !InvariantNumber.TryParseInteger(field.Substring(prefix.Length, close - prefix.Length), out long index)
                || index < 0 || index >= phases.Count)
            {
                return 0;
            }

            var f = (Fields)phases[(int)index];
            if (close + 2 > field.Length)
            {
                return f.SectionLine;
            }

            int key = RecipeKeys.IndexOf(RecipeKeys.PhaseOrder, field.Substring(close + 2));
            return key >= 0 && f.Lines[key] > 0 ? f.Lines[key] : f.SectionLine;
        }

        private static string FieldName(int phaseIndex, string key)
        {
            return phaseIndex < 0 ? key : Recipe.PhasePrefix(phaseIndex) + key;
        }

        private static string List(string[] keys)
        {
            string[] parts = new string[keys.Length * 2 - 1];
            for (int i = 0; i < keys.Length; i++)
            {
                parts[i * 2] = keys[i];
                if (i > 0)
                {
                    parts[i * 2 - 1] = ", ";
                }
            }

            return string.Concat(parts);
        }

        private static void Line(ArrayList parts, string key, string value)
        {
            parts.Add(value == null || value.Length == 0 ? key + " =\n" : key + " = " + value + "\n");
        }

        private static void Number(ArrayList parts, string key, double value)
        {
            Line(parts, key, InvariantNumber.Format(value, RecipeLimits.DecimalPlaces));
        }

        // The raw values of one part of the file (the top or one [phase]), whether each key was given and the lines they
        // were on. Every value slot holds a string from the start ("" until given) and Given says which keys were read:
        // on nanoCLR a never-written slot of a new string[] is not a reliable null (it can compare non-null, or crash the
        // interpreter when compared with a string), so null is never used as the "not given" marker.
        private sealed class Fields
        {
            public Fields(int count, int sectionLine)
            {
                Values = StringSlots.Empty(count);

                Given = new bool[count];
                Lines = new int[count];
                SectionLine = sectionLine;
            }

            public readonly string[] Values;
            public readonly bool[] Given;
            public readonly int[] Lines;
            public readonly int SectionLine;
        }
    }
}
