using Bioreactor.Control.Batch;
using Bioreactor.Control.Primitives;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using Bioreactor.Control.Safety;
using System;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// Reads and checks a command's fields (record thread): required and optional strings, texts, integers, and the batch
    /// request each batch command's own fields make. A field refused is answered at once (missing_field, wrong_type,
    /// invalid_value, out_of_range, invalid_recipe) and the reader returns false or null.
    /// </summary>
    internal sealed class CommandFields
    {
        private static readonly string[] VariableNames = { "temperatureCelsius", "co2Percent", "rockingRateRpm", "rockingAmplitudeDegrees" };

        private readonly CommandResponse _response;

        public CommandFields(CommandResponse response)
        {
            _response = response;
        }

        /// <summary>The batch request of a command from its fields, or null when a field is refused (answered here).</summary>
        public OperatorRequest BuildRequest(BatchAction action, string commandName, JsonValue root, string operatorId, string reason)
        {
            switch (action)
            {
                case BatchAction.Start:
                    return BuildStart(root, operatorId);
                case BatchAction.Hold:
                case BatchAction.Abort:
                case BatchAction.Clear:
                    if (reason == null)
                    {
                        _response.Refuse(ProtocolError.MissingField, "'" + commandName + "' needs a reason (" + TextRules.TextRule + ")");
                        return null;
                    }

                    return new OperatorRequest(action, operatorId);
                case BatchAction.ConfirmPhase:
                    {
                        string text;
                        return OptionalText(root, "text", out text) ? OperatorRequest.ConfirmPhase(operatorId, text) : null;
                    }

                case BatchAction.ChangeSetPoint:
                    return BuildSetPoint(root, operatorId, reason);
                case BatchAction.AcknowledgeAlarm:
                    {
                        string code;
                        if (!RequireString(root, "alarm", out code))
                        {
                            return null;
                        }

                        int alarm = AlarmIndex(code);
                        if (alarm < 0)
                        {
                            _response.Refuse(ProtocolError.InvalidValue, "alarm '" + Shorten(code) + "' is not an alarm code of this device (AlarmCatalog)");
                            return null;
                        }

                        return OperatorRequest.AcknowledgeAlarm(operatorId, (AlarmId)alarm);
                    }

                case BatchAction.Note:
                    {
                        string text;
                        if (!OptionalText(root, "text", out text))
                        {
                            return null;
                        }

                        if (text == null)
                        {
                            _response.Refuse(ProtocolError.MissingField, "'note' needs a text (" + TextRules.TextRule + ")");
                            return null;
                        }

                        return OperatorRequest.Note(operatorId, text);
                    }

                case BatchAction.UnlockOperator:
                    {
                        string locked;
                        if (!RequireString(root, "lockedOperator", out locked))
                        {
                            return null;
                        }

                        if (!TextRules.IsIdentifier(locked))
                        {
                            _response.Refuse(ProtocolError.InvalidValue, "lockedOperator must be " + TextRules.IdentifierRule);
                            return null;
                        }

                        return OperatorRequest.UnlockOperator(operatorId, locked);
                    }

                default:
                    return new OperatorRequest(action, operatorId);
            }
        }

        private OperatorRequest BuildStart(JsonValue root, string operatorId)
        {
            string batchId;
            string recipeText;
            if (!RequireString(root, "batchId", out batchId) || !RequireString(root, "recipe", out recipeText))
            {
                return null;
            }

            if (!RecordHeader.IsValidBatchId(batchId))
            {
                _response.Refuse(ProtocolError.InvalidValue, "batchId must be " + TextRules.IdentifierRule);
                return null;
            }

            Recipe recipe;
            ValidationResult parsed = RecipeText.Parse(recipeText, out recipe);
            if (!parsed.IsValid)
            {
                _response.Refuse(ProtocolError.InvalidRecipe, "the recipe is invalid: " + parsed.Text);
                return null;
            }

            return OperatorRequest.Start(operatorId, recipe, batchId);
        }

        private OperatorRequest BuildSetPoint(JsonValue root, string operatorId, string reason)
        {
            string variableName;
            if (!RequireString(root, "variable", out variableName))
            {
                return null;
            }

            int variable = IndexOf(VariableNames, variableName);
            if (variable < 0)
            {
                _response.Refuse(ProtocolError.InvalidValue, "variable must be temperatureCelsius, co2Percent, rockingRateRpm or "
                    + "rockingAmplitudeDegrees");
                return null;
            }

            JsonValue value = root.Get("value");
            if (value == null)
            {
                _response.Refuse(ProtocolError.MissingField, "'setpoint' needs a value (a number in the variable's unit)");
                return null;
            }

            if (value.Kind != JsonKind.Number)
            {
                _response.Refuse(ProtocolError.WrongType, "value must be a number, got " + JsonValue.KindName(value.Kind));
                return null;
            }

            // The reader refuses NaN and infinities; checked again here because the batch layer's limits compare the value
            // (on nanoCLR NaN > maximum is true).
            if (!Finite.Is(value.NumberValue))
            {
                _response.Refuse(ProtocolError.InvalidValue, "value must be a finite number, got " + InvariantNumber.Format(value.NumberValue, 3));
                return null;
            }

            if (reason == null)
            {
                _response.Refuse(ProtocolError.MissingField, "'setpoint' needs a reason (" + TextRules.TextRule + ")");
                return null;
            }

            return OperatorRequest.ChangeSetPoint(operatorId, (BatchVariable)(variable + 1), value.NumberValue, reason);
        }

        public bool RequireString(JsonValue root, string name, out string value)
        {
            value = null;
            JsonValue v = root.Get(name);
            if (v == null)
            {
                _response.Refuse(ProtocolError.MissingField, "'" + name + "' is required");
                return false;
            }

            if (v.Kind != JsonKind.String)
            {
                _response.Refuse(ProtocolError.WrongType, "'" + name + "' must be a string, got " + JsonValue.KindName(v.Kind));
                return false;
            }

            value = v.StringValue;
            return true;
        }

        public bool OptionalText(JsonValue root, string name, out string value)
        {
            value = null;
            JsonValue v = root.Get(name);
            if (v == null)
            {
                return true;
            }

            if (v.Kind != JsonKind.String)
            {
                _response.Refuse(ProtocolError.WrongType, "'" + name + "' must be a string, got " + JsonValue.KindName(v.Kind));
                return false;
            }

            if (!TextRules.IsText(v.StringValue, false) || IsBlank(v.StringValue))
            {
                _response.Refuse(ProtocolError.InvalidValue, "'" + name + "' must be " + TextRules.TextRule + " and not blank");
                return false;
            }

            value = v.StringValue;
            return true;
        }

        public bool RequireInteger(JsonValue root, string name, bool required, long minimum, long maximum, ref long value)
        {
            JsonValue v = root.Get(name);
            if (v == null)
            {
                if (required)
                {
                    _response.Refuse(ProtocolError.MissingField, "'" + name + "' is required");
                    return false;
                }

                return true;
            }

            // NaN first (the reader never makes one, but on nanoCLR NaN > maximum is true and NaN < minimum false).
            if (v.Kind != JsonKind.Number || double.IsNaN(v.NumberValue) || Math.Floor(v.NumberValue) != v.NumberValue)
            {
                _response.Refuse(ProtocolError.WrongType, "'" + name + "' must be an integer");
                return false;
            }

            if (v.NumberValue < minimum || v.NumberValue > maximum)
            {
                _response.Refuse(ProtocolError.OutOfRange, "'" + name + "' must be " + InvariantNumber.FormatInteger(minimum) + " to "
                    + InvariantNumber.FormatInteger(maximum));
                return false;
            }

            value = (long)v.NumberValue;
            return true;
        }

        private static bool IsBlank(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != ' ')
                {
                    return false;
                }
            }

            return true;
        }

        private static int IndexOf(string[] names, string name)
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int AlarmIndex(string code)
        {
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                if (AlarmCatalog.Code((AlarmId)i) == code)
                {
                    return i;
                }
            }

            return -1;
        }

        public static string Shorten(string text)
        {
            if (text == null)
            {
                return string.Empty;
            }

            return text.Length <= 40 ? text : text.Substring(0, 40) + "...";
        }
    }
}
