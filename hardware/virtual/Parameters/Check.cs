using System.Globalization;

namespace Bioreactor.Virtual
{
    /// <summary>Range checks for plant parameters; every message names the JSON field and the allowed range.</summary>
    internal static class Check
    {
        /// <summary>Requires <paramref name="value"/> to be finite and within [min, max] (both inclusive).</summary>
        public static void Range(string field, double value, double min, double max, string unit)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value < min || value > max)
            {
                throw new PlantParametersException(
                    field,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "{0} = {1} is out of range: allowed {2} to {3} {4}.",
                        field,
                        value,
                        min,
                        max,
                        unit));
            }
        }

        /// <summary>Requires <paramref name="value"/> to be finite, above <paramref name="exclusiveMin"/> and at most max.</summary>
        public static void RangeAbove(string field, double value, double exclusiveMin, double max, string unit)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= exclusiveMin || value > max)
            {
                throw new PlantParametersException(
                    field,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "{0} = {1} is out of range: allowed above {2} up to {3} {4}.",
                        field,
                        value,
                        exclusiveMin,
                        max,
                        unit));
            }
        }

        /// <summary>Requires a section object to be present.</summary>
        public static void Present(string field, object section)
        {
            if (section == null)
            {
                throw new PlantParametersException(field, field + " is missing: the section is required.");
            }
        }

        /// <summary>Joins a section prefix and a field name into a dotted JSON path.</summary>
        public static string Path(string prefix, string name)
        {
            return prefix.Length == 0 ? name : prefix + "." + name;
        }
    }
}
