using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// Every parameter of the virtual bioreactor, grouped by model, each named with its unit. The defaults describe the
    /// documented rig (a 2 L bag holding 1 L of medium on a heated rocking platform in a room at 22 °C); a user models
    /// their own rig with a plant file (JSON, the same field names), see hardware/virtual/README.md.
    /// </summary>
    public sealed class PlantParameters
    {
        private static readonly JsonSerializerOptions WriteOptions = new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        private static readonly JsonSerializerOptions ReadOptions = new JsonSerializerOptions
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };

        private static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        /// <summary>Free text describing the rig (shown by tools; not used by the models).</summary>
        public string Description { get; set; } =
            "Default rig: a 2 L bag holding 1 L of medium on a heated rocking platform in a room at 22 °C.";

        /// <summary>The room.</summary>
        public AmbientParameters Ambient { get; set; } = new AmbientParameters();

        /// <summary>The bag and the medium.</summary>
        public BagParameters Bag { get; set; } = new BagParameters();

        /// <summary>Heater plate and liquid thermal masses.</summary>
        public ThermalParameters Thermal { get; set; } = new ThermalParameters();

        /// <summary>Headspace gas exchange and CO2 injection.</summary>
        public GasParameters Gas { get; set; } = new GasParameters();

        /// <summary>Platform mechanics and drive.</summary>
        public RockingParameters Rocking { get; set; } = new RockingParameters();

        /// <summary>Sensor models.</summary>
        public SensorParameters Sensors { get; set; } = new SensorParameters();

        /// <summary>Actuator feedback (heater current, CO2 flow) and the second shut-offs (supply relay, upstream valve).</summary>
        public FeedbackParameters Feedback { get; set; } = new FeedbackParameters();

        /// <summary>Returns the documented default rig.</summary>
        public static PlantParameters CreateDefault()
        {
            return new PlantParameters();
        }

        /// <summary>
        /// Reads a plant file. Every field must be present (no silent defaults), unknown fields are an error (typos are
        /// caught), comments and trailing commas are allowed; the result is validated.
        /// </summary>
        /// <exception cref="PlantParametersException">A field is missing, unknown, of the wrong kind or out of range.</exception>
        public static PlantParameters Load(string path)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            string json = File.ReadAllText(path, Encoding.UTF8);
            try
            {
                return FromJson(json);
            }
            catch (PlantParametersException e)
            {
                throw new PlantParametersException(e.Field, path + ": " + e.Message, e);
            }
        }

        /// <summary>Parses plant-file text with the rules of <see cref="Load"/>.</summary>
        /// <exception cref="PlantParametersException">A field is missing, unknown, of the wrong kind or out of range.</exception>
        public static PlantParameters FromJson(string json)
        {
            if (json == null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, DocumentOptions);
            }
            catch (JsonException e)
            {
                throw new PlantParametersException(string.Empty, "The plant file is not valid JSON: " + e.Message, e);
            }

            using (document)
            {
                CheckObject(document.RootElement, typeof(PlantParameters), string.Empty);
            }

            PlantParameters parameters;
            try
            {
                parameters = JsonSerializer.Deserialize<PlantParameters>(json, ReadOptions);
            }
            catch (JsonException e)
            {
                string field = e.Path == null ? string.Empty : e.Path.TrimStart('$').TrimStart('.');
                throw new PlantParametersException(field, "The plant file field '" + field + "' could not be read: " + e.Message, e);
            }

            parameters.Validate();
            return parameters;
        }

        /// <summary>Writes these parameters as plant-file JSON (indented, fields in declaration order, "\n" line ends).</summary>
        public string ToJson()
        {
            return JsonSerializer.Serialize(this, WriteOptions).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        }

        /// <summary>Writes these parameters to a plant file.</summary>
        public void Save(string path)
        {
            File.WriteAllText(path, ToJson(), new UTF8Encoding(false));
        }

        /// <summary>Returns a deep copy (through the JSON form).</summary>
        public PlantParameters Clone()
        {
            return JsonSerializer.Deserialize<PlantParameters>(JsonSerializer.Serialize(this, WriteOptions), ReadOptions);
        }

        /// <summary>
        /// Checks every value against its allowed range.
        /// </summary>
        /// <exception cref="PlantParametersException">The first offending field, named by its JSON path, with the allowed range.</exception>
        public void Validate()
        {
            if (Description == null)
            {
                throw new PlantParametersException(nameof(Description), "Description is missing: give a text (it may be empty).");
            }

            Check.Present(nameof(Ambient), Ambient);
            Ambient.Validate(nameof(Ambient));
            Check.Present(nameof(Bag), Bag);
            Bag.Validate(nameof(Bag));
            Check.Present(nameof(Thermal), Thermal);
            Thermal.Validate(nameof(Thermal));
            Check.Present(nameof(Gas), Gas);
            Gas.Validate(nameof(Gas));
            Check.Present(nameof(Rocking), Rocking);
            Rocking.Validate(nameof(Rocking));
            Check.Present(nameof(Sensors), Sensors);
            Sensors.Validate(nameof(Sensors));
            Check.Present(nameof(Feedback), Feedback);
            Feedback.Validate(nameof(Feedback));
        }

        /// <summary>Every leaf field of the plant file as a dotted JSON path, in file order.</summary>
        public static IReadOnlyList<string> FieldPaths()
        {
            var paths = new List<string>();
            CollectPaths(typeof(PlantParameters), string.Empty, paths);
            return paths;
        }

        private static void CollectPaths(Type type, string prefix, List<string> paths)
        {
            foreach (PropertyInfo property in SerialisedProperties(type))
            {
                string path = Check.Path(prefix, property.Name);
                if (IsSection(property.PropertyType))
                {
                    CollectPaths(property.PropertyType, path, paths);
                }
                else
                {
                    paths.Add(path);
                }
            }
        }

        private static IEnumerable<PropertyInfo> SerialisedProperties(Type type)
        {
            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetSetMethod() != null && property.GetCustomAttribute<JsonIgnoreAttribute>() == null)
                {
                    yield return property;
                }
            }
        }

        private static bool IsSection(Type type)
        {
            return type.IsClass && type != typeof(string);
        }

        // Walks the JSON against the parameter classes so that a missing, unknown or mistyped field is reported with its
        // full dotted path (the serializer alone would fill a missing field with its default).
        private static void CheckObject(JsonElement element, Type type, string prefix)
        {
            string where = prefix.Length == 0 ? "The plant file" : prefix;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new PlantParametersException(prefix, where + " must be a JSON object.");
            }

            var known = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
            foreach (PropertyInfo property in SerialisedProperties(type))
            {
                known.Add(property.Name, property);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty member in element.EnumerateObject())
            {
                string path = Check.Path(prefix, member.Name);
                if (!known.TryGetValue(member.Name, out PropertyInfo property))
                {
                    throw new PlantParametersException(path, "Unknown field '" + path + "'" + Suggestion(member.Name, known.Keys) + ".");
                }

                if (!seen.Add(member.Name))
                {
                    throw new PlantParametersException(path, "Field '" + path + "' appears twice.");
                }

                CheckValue(member.Value, property.PropertyType, path);
            }

            foreach (string name in known.Keys)
            {
                if (!seen.Contains(name))
                {
                    string path = Check.Path(prefix, name);
                    throw new PlantParametersException(path, "Missing field '" + path + "': every parameter must be given.");
                }
            }
        }

        private static void CheckValue(JsonElement value, Type type, string path)
        {
            if (IsSection(type))
            {
                CheckObject(value, type, path);
            }
            else if (type == typeof(double))
            {
                if (value.ValueKind != JsonValueKind.Number)
                {
                    throw new PlantParametersException(path, "Field '" + path + "' must be a number.");
                }
            }
            else if (type == typeof(bool))
            {
                if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
                {
                    throw new PlantParametersException(path, "Field '" + path + "' must be true or false.");
                }
            }
            else if (type == typeof(string))
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw new PlantParametersException(path, "Field '" + path + "' must be a string.");
                }
            }
        }

        private static string Suggestion(string name, IEnumerable<string> candidates)
        {
            string best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in candidates)
            {
                int distance = EditDistance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = candidate;
                }
            }

            if (best != null && bestDistance <= Math.Max(2, name.Length / 4))
            {
                return " (did you mean '" + best + "'?)";
            }

            var all = new StringBuilder(" (known fields: ");
            bool first = true;
            foreach (string candidate in candidates)
            {
                all.Append(first ? string.Empty : ", ").Append(candidate);
                first = false;
            }

            return all.Append(')').ToString();
        }

        private static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
                }

                int[] swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
