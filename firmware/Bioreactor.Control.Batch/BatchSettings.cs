using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Batch
{
    /// <summary>Configuration of <see cref="BatchController"/>, read once by its constructor.</summary>
    public sealed class BatchSettings
    {
        /// <summary>Undrained events the ring holds before the oldest is overwritten, 16–4096. Default 256.</summary>
        public int EventCapacity { get; set; } = 256;

        /// <summary>
        /// The device's liquid over-temperature trip, °C (30–45); a recipe whose operator limits reach it is refused at
        /// Start. Default 38, SafetySettings.LiquidTripCelsius's default: set it from the safety settings in force.
        /// </summary>
        public double LiquidTripCelsius { get; set; } = 38.0;

        /// <summary>
        /// The device's CO2 over-dose trip, % (1–25); a recipe whose operator limits reach it is refused at Start.
        /// Default 8, SafetySettings.Co2TripPercent's default: set it from the safety settings in force.
        /// </summary>
        public double Co2TripPercent { get; set; } = 8.0;

        /// <summary>
        /// Consecutive bad signatures that lock an operator out until an administrator unlocks them (1 to 10; default 3,
        /// the usual account-lockout threshold, e.g. NIST SP 800-53 AC-7's organisation-defined limit as commonly set).
        /// </summary>
        public int SignatureFailureLimit { get; set; } = 3;

        /// <summary>Throws ArgumentOutOfRangeException naming the first invalid value and its range.</summary>
        public void Validate()
        {
            if (EventCapacity < 16 || EventCapacity > 4096)
            {
                throw new ArgumentOutOfRangeException("EventCapacity", "EventCapacity must be 16 to 4096");
            }

            if (SignatureFailureLimit < 1 || SignatureFailureLimit > 10)
            {
                throw new ArgumentOutOfRangeException("SignatureFailureLimit", "SignatureFailureLimit must be 1 to 10");
            }

            // NaN first: on nanoCLR NaN >= 30 is true.
            if (double.IsNaN(LiquidTripCelsius))
            {
                throw new ArgumentOutOfRangeException("LiquidTripCelsius", Finite.NotANumber("LiquidTripCelsius"));
            }

            if (!(LiquidTripCelsius >= 30.0 && LiquidTripCelsius <= 45.0))
            {
                throw new ArgumentOutOfRangeException("LiquidTripCelsius", "LiquidTripCelsius must be 30 to 45 °C");
            }

            if (double.IsNaN(Co2TripPercent))
            {
                throw new ArgumentOutOfRangeException("Co2TripPercent", Finite.NotANumber("Co2TripPercent"));
            }

            if (!(Co2TripPercent >= 1.0 && Co2TripPercent <= 25.0))
            {
                throw new ArgumentOutOfRangeException("Co2TripPercent", "Co2TripPercent must be 1 to 25 %");
            }
        }
    }
}
