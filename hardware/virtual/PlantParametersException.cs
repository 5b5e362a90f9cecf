using System;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// A plant file or a <see cref="PlantParameters"/> object is unusable: a field is missing, unknown, of the wrong
    /// kind or out of its allowed range. <see cref="Field"/> names the field as it is spelled in the JSON file
    /// (dotted path, e.g. <c>Thermal.HeaterPowerWatts</c>); the message also says what is allowed.
    /// </summary>
    public sealed class PlantParametersException : ArgumentException
    {
        /// <summary>Creates the exception for one field.</summary>
        public PlantParametersException(string field, string message)
            : base(message)
        {
            Field = field;
        }

        /// <summary>Creates the exception for one field, wrapping the parser's error.</summary>
        public PlantParametersException(string field, string message, Exception inner)
            : base(message, inner)
        {
            Field = field;
        }

        /// <summary>The dotted JSON path of the offending field ("" when the whole file is unreadable).</summary>
        public string Field { get; }
    }
}
