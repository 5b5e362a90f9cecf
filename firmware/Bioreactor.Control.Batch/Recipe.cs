using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// A named, versioned process recipe: phases run in order, each with its set points, ramps, alarm bands, operator
    /// limits, end condition and power-loss timer policy (<see cref="RecipePhase"/>). Read from a recipe file with
    /// <see cref="RecipeText.Parse(string, out Recipe)"/>, or built in code.
    /// </summary>
    /// <remarks>
    /// <para><see cref="Validate"/> returns the first problem with the field named as in the file format
    /// ("phases[2].temperatureCelsius") and the allowed range; ranges and their sources are in <see cref="RecipeLimits"/>.
    /// Inconsistencies are refused too: no phases, duplicate phase names, a version below 1, a set point outside its
    /// own operator limits, a minimum above its maximum, rocking with one of rate and amplitude zero and the other not,
    /// a timed phase without a duration or a confirmed phase with one, values with more than three decimals.</para>
    /// <para>Identity for the record: <see cref="GetCanonicalBytes"/> is the UTF-8 of the canonical recipe text
    /// (<see cref="RecipeText.Write"/>: fixed key order, '\n' line ends, numbers in their shortest exact decimal form,
    /// durations in the largest whole unit). Two recipes with the same content give the same bytes however their files
    /// were laid out (comments, spacing, key order, "72h" or "3d"). The record layer hashes these bytes with its own
    /// hash port (SHA-256/HMAC) for the record header; <see cref="GetFingerprint"/> is a 64-bit FNV-1a of the same
    /// bytes that the batch snapshot uses to recognise its recipe after a power loss: a check against mix-ups, not a
    /// security measure.</para>
    /// </remarks>
    public sealed class Recipe
    {
        /// <summary>An empty recipe (name, version and phases must be set).</summary>
        public Recipe()
        {
            Description = string.Empty;
        }

        /// <summary>A recipe with its identity and phases (validated by <see cref="Validate"/>, not here).</summary>
        public Recipe(string name, int version, string description, RecipePhase[] phases)
        {
            Name = name;
            Version = version;
            Description = description == null ? string.Empty : description;
            Phases = phases;
        }

        /// <summary>Identifier of the recipe [name]: 1–32 characters of A–Z, a–z, 0–9, '.', '_', '-'.</summary>
        public string Name { get; set; }

        /// <summary>Version, 1–999999 [version]; a changed recipe gets a new version.</summary>
        public int Version { get; set; }

        /// <summary>One line of text, 0–200 characters [description].</summary>
        public string Description { get; set; }

        /// <summary>The phases, run in order (1–32).</summary>
        public RecipePhase[] Phases { get; set; }

        /// <summary>Number of phases (0 when <see cref="Phases"/> is null).</summary>
        public int PhaseCount
        {
            get { return Phases == null ? 0 : Phases.Length; }
        }

        /// <summary>A deep copy.</summary>
        public Recipe Clone()
        {
            RecipePhase[] phases = null;
            if (Phases != null)
            {
                phases = new RecipePhase[Phases.Length];
                for (int i = 0; i < phases.Length; i++)
                {
                    phases[i] = Phases[i] == null ? null : Phases[i].Clone();
                }
            }

            return new Recipe(Name, Version, Description, phases);
        }

        /// <summary>Checks every field and their consistency; returns the first problem or <see cref="ValidationResult.Valid"/>.</summary>
        public ValidationResult Validate()
        {
            if (!TextRules.IsIdentifier(Name))
            {
                return Problem(RecipeKeys.Name, RecipeKeys.Name + " must be " + TextRules.IdentifierRule);
            }

            if (Version < 1 || Version > RecipeLimits.MaximumVersion)
            {
                return Problem(RecipeKeys.Version, RecipeKeys.Version + " must be 1 to 999999, got "
                    + InvariantNumber.FormatInteger(Version));
            }

            if (!TextRules.IsText(Description, true) || HasOuterBlank(Description))
            {
                return Problem(RecipeKeys.Description, RecipeKeys.Description
                    + " must be 0 to 200 characters on one line, no control characters, no leading or trailing blanks");
            }

            if (Phases == null || Phases.Length < 1 || Phases.Length > RecipeLimits.MaximumPhases)
            {
                return Problem("phases", "phases must number 1 to 32, got " + InvariantNumber.FormatInteger(PhaseCount));
            }

            for (int i = 0; i < Phases.Length; i++)
            {
                string prefix = PhasePrefix(i);
                RecipePhase phase = Phases[i];
                if (phase == null)
                {
                    string field = "phases[" + InvariantNumber.FormatInteger(i) + "]";
                    return Problem(field, field + " is missing");
                }

                ValidationResult result = ValidatePhase(phase, prefix);
                if (result != null)
                {
                    return result;
                }

                for (int j = 0; j < i; j++)
                {
                    if (TextRules.EqualsIgnoringCase(Phases[j].Name, phase.Name))
                    {
                        return Problem(prefix + RecipeKeys.PhaseName, prefix + RecipeKeys.PhaseName + " '" + phase.Name
                            + "' is already used by " + PhasePrefix(j) + RecipeKeys.PhaseName + " (names are unique, ignoring case)");
                    }
                }
            }

            return ValidationResult.Valid;
        }

        /// <summary>
        /// Checks a (valid) recipe against a device's safety trips: every phase's highest operator temperature must be
        /// below the liquid over-temperature trip, and its highest CO2 below the CO2 over-dose trip, so no set point the
        /// recipe allows can trip the device's independent protection.
        /// </summary>
        public ValidationResult CheckAgainstDevice(double liquidTripCelsius, double co2TripPercent)
        {
            // NaN first: on nanoCLR x < NaN is false but x > NaN true; a trip that is not a number is a problem of its own.
            if (double.IsNaN(liquidTripCelsius))
            {
                return Problem(null, "the device's liquid over-temperature trip is not a number (NaN)");
            }

            if (double.IsNaN(co2TripPercent))
            {
                return Problem(null, "the device's CO2 over-dose trip is not a number (NaN)");
            }

            for (int i = 0; i < PhaseCount; i++)
            {
                RecipePhase phase = Phases[i];
                string prefix = PhasePrefix(i);
                if (!(phase.TemperatureMaximumCelsius < liquidTripCelsius))
                {
                    string field = prefix + RecipeKeys.TemperatureMaximumCelsius;
                    return Problem(field, field + " (" + Number(phase.TemperatureMaximumCelsius) + " °C) must be below the device's "
                        + "liquid over-temperature trip (" + Number(liquidTripCelsius) + " °C)");
                }

                if (!(phase.Co2MaximumPercent < co2TripPercent))
                {
                    string field = prefix + RecipeKeys.Co2MaximumPercent;
                    return Problem(field, field + " (" + Number(phase.Co2MaximumPercent) + " %) must be below the device's "
                        + "CO2 over-dose trip (" + Number(co2TripPercent) + " %)");
                }
            }

            return ValidationResult.Valid;
        }

        /// <summary>
        /// The UTF-8 bytes of the canonical recipe text (<see cref="RecipeText.Write"/>), for the record layer to hash.
        /// Defined for valid recipes. Allocates.
        /// </summary>
        public byte[] GetCanonicalBytes()
        {
            return Bioreactor.Control.Primitives.Utf8Text.GetBytes(RecipeText.Write(this));
        }

        /// <summary>64-bit FNV-1a of <see cref="GetCanonicalBytes"/> (not cryptographic; see the class remarks).</summary>
        public long GetFingerprint()
        {
            byte[] bytes = GetCanonicalBytes();
            ulong hash = 14695981039346656037UL; // FNV-1a 64-bit offset basis (Fowler, Noll, Vo; IETF draft-eastlake-fnv)
            for (int i = 0; i < bytes.Length; i++)
            {
                hash ^= bytes[i];
                hash *= 1099511628211UL; // FNV 64-bit prime
            }

            return (long)hash;
        }

        internal static string PhasePrefix(int index)
        {
            return "phases[" + InvariantNumber.FormatInteger(index) + "].";
        }

        private static ValidationResult ValidatePhase(RecipePhase p, string prefix)
        {
            ValidationResult r;
            if (!TextRules.IsIdentifier(p.Name))
            {
                return Problem(prefix + RecipeKeys.PhaseName, prefix + RecipeKeys.PhaseName + " must be " + TextRules.IdentifierRule);
            }

            if (p.EndCondition == PhaseEndCondition.Duration)
            {
                if (p.DurationSeconds < RecipeLimits.DurationMinimumSeconds || p.DurationSeconds > RecipeLimits.DurationMaximumSeconds)
                {
                    return Problem(prefix + RecipeKeys.Duration, prefix + RecipeKeys.Duration
                        + " must be 1 s to 30 d when endCondition is duration, got " + InvariantNumber.FormatInteger(p.DurationSeconds) + " s");
                }
            }
            else if (p.EndCondition == PhaseEndCondition.OperatorConfirms)
            {
                if (p.DurationSeconds != 0)
                {
                    return Problem(prefix + RecipeKeys.Duration, prefix + RecipeKeys.Duration
                        + " must be left out (0) when endCondition is operatorConfirms, got " + InvariantNumber.FormatInteger(p.DurationSeconds) + " s");
                }
            }
            else
            {
                return Problem(prefix + RecipeKeys.EndCondition, prefix + RecipeKeys.EndCondition + " must be duration or operatorConfirms");
            }

            // Temperature.
            if ((r = Range(p.TemperatureCelsius, RecipeLimits.TemperatureMinimumCelsius, RecipeLimits.TemperatureMaximumCelsius,
                prefix + RecipeKeys.TemperatureCelsius, "°C")) != null
                || (r = Range(p.TemperatureRampCelsiusPerMinute, RecipeLimits.TemperatureRampMinimumCelsiusPerMinute,
                    RecipeLimits.TemperatureRampMaximumCelsiusPerMinute, prefix + RecipeKeys.TemperatureRamp, "°C/min")) != null
                || (r = Range(p.TemperatureAlarmBandKelvin, RecipeLimits.TemperatureAlarmBandMinimumKelvin,
                    RecipeLimits.TemperatureAlarmBandMaximumKelvin, prefix + RecipeKeys.TemperatureAlarmBand, "K")) != null
                || (r = Limits(p.TemperatureCelsius, p.TemperatureMinimumCelsius, p.TemperatureMaximumCelsius,
                    RecipeLimits.TemperatureMinimumCelsius, RecipeLimits.TemperatureMaximumCelsius, prefix,
                    RecipeKeys.TemperatureCelsius, RecipeKeys.TemperatureMinimumCelsius, RecipeKeys.TemperatureMaximumCelsius, "°C")) != null)
            {
                return r;
            }

            // CO2.
            if ((r = Range(p.Co2Percent, RecipeLimits.Co2MinimumPercent, RecipeLimits.Co2MaximumPercent,
                prefix + RecipeKeys.Co2Percent, "%")) != null
                || (r = Range(p.Co2RampPercentPerMinute, RecipeLimits.Co2RampMinimumPercentPerMinute,
                    RecipeLimits.Co2RampMaximumPercentPerMinute, prefix + RecipeKeys.Co2Ramp, "%/min")) != null
                || (r = Range(p.Co2AlarmBandPercent, RecipeLimits.Co2AlarmBandMinimumPercent,
                    RecipeLimits.Co2AlarmBandMaximumPercent, prefix + RecipeKeys.Co2AlarmBand, "%")) != null
                || (r = Limits(p.Co2Percent, p.Co2MinimumPercent, p.Co2MaximumPercent,
                    RecipeLimits.Co2MinimumPercent, RecipeLimits.Co2MaximumPercent, prefix,
                    RecipeKeys.Co2Percent, RecipeKeys.Co2MinimumPercent, RecipeKeys.Co2MaximumPercent, "%")) != null)
            {
                return r;
            }

            // Rocking.
            if ((r = Range(p.RockingRateRpm, 0.0, RecipeLimits.RockingRateMaximumRpm, prefix + RecipeKeys.RockingRate, "rpm")) != null
                || (r = Range(p.RockingRampRpmPerMinute, RecipeLimits.RockingRampMinimumRpmPerMinute,
                    RecipeLimits.RockingRampMaximumRpmPerMinute, prefix + RecipeKeys.RockingRamp, "rpm/min")) != null
                || (r = Limits(p.RockingRateRpm, p.RockingRateMinimumRpm, p.RockingRateMaximumRpm,
                    0.0, RecipeLimits.RockingRateMaximumRpm, prefix,
                    RecipeKeys.RockingRate, RecipeKeys.RockingRateMinimum, RecipeKeys.RockingRateMaximum, "rpm")) != null
                || (r = Range(p.RockingAmplitudeDegrees, 0.0, RecipeLimits.RockingAmplitudeMaximumDegrees,
                    prefix + RecipeKeys.RockingAmplitude, "degrees")) != null
                || (r = Limits(p.RockingAmplitudeDegrees, p.RockingAmplitudeMinimumDegrees, p.RockingAmplitudeMaximumDegrees,
                    0.0, RecipeLimits.RockingAmplitudeMaximumDegrees, prefix,
                    RecipeKeys.RockingAmplitude, RecipeKeys.RockingAmplitudeMinimum, RecipeKeys.RockingAmplitudeMaximum, "degrees")) != null)
            {
                return r;
            }

            if ((p.RockingRateRpm == 0.0) != (p.RockingAmplitudeDegrees == 0.0))
            {
                string field = prefix + RecipeKeys.RockingAmplitude;
                return Problem(field, field + " must be 0 when " + RecipeKeys.RockingRate + " is 0 (static) and above 0 when it is above 0; got "
                    + Number(p.RockingRateRpm) + " rpm and " + Number(p.RockingAmplitudeDegrees) + " degrees");
            }

            if (p.PowerLossTimer != PowerLossTimer.PauseTimer && p.PowerLossTimer != PowerLossTimer.ContinueTimer
                && p.PowerLossTimer != PowerLossTimer.RestartTimer)
            {
                return Problem(prefix + RecipeKeys.PowerLossTimer, prefix + RecipeKeys.PowerLossTimer + " must be pause, continue or restart");
            }

            return null;
        }

        private static ValidationResult Limits(double setPoint, double minimum, double maximum, double lowest, double highest,
            string prefix, string setPointKey, string minimumKey, string maximumKey, string unit)
        {
            ValidationResult r;
            if ((r = Range(minimum, lowest, highest, prefix + minimumKey, unit)) != null
                || (r = Range(maximum, lowest, highest, prefix + maximumKey, unit)) != null)
            {
                return r;
            }

            if (minimum > maximum)
            {
                string field = prefix + minimumKey;
                return Problem(field, field + " (" + Number(minimum) + " " + unit + ") must not be above "
                    + maximumKey + " (" + Number(maximum) + " " + unit + ")");
            }

            if (setPoint < minimum || setPoint > maximum)
            {
                string field = prefix + setPointKey;
                return Problem(field, field + " (" + Number(setPoint) + " " + unit + ") must be within its operator limits "
                    + minimumKey + " to " + maximumKey + " (" + Number(minimum) + " to " + Number(maximum) + " " + unit + ")");
            }

            return null;
        }

        private static ValidationResult Range(double value, double minimum, double maximum, string field, string unit)
        {
            // NaN first: on nanoCLR NaN >= minimum is true.
            if (double.IsNaN(value))
            {
                return Problem(field, field + " must be " + Number(minimum) + " to " + Number(maximum) + " " + unit
                    + ", got NaN (not a number)");
            }

            if (!(value >= minimum && value <= maximum))
            {
                return Problem(field, field + " must be " + Number(minimum) + " to " + Number(maximum) + " " + unit
                    + ", got " + Number(value));
            }

            double scaled = value * 1000.0;
            if (Math.Abs(scaled - Math.Floor(scaled + 0.5)) > 1e-6)
            {
                return Problem(field, field + " must have at most 3 digits after the point, got " + InvariantNumber.Format(value, 6));
            }

            return null;
        }

        private static bool HasOuterBlank(string text)
        {
            if (text == null || text.Length == 0)
            {
                return false;
            }

            char first = text[0];
            char last = text[text.Length - 1];
            return first == ' ' || first == '\t' || last == ' ' || last == '\t';
        }

        private static string Number(double value)
        {
            return InvariantNumber.Format(value, RecipeLimits.DecimalPlaces);
        }

        private static ValidationResult Problem(string field, string message)
        {
            return new ValidationResult(field, message, 0);
        }
    }
}
