using System;

namespace Bioreactor.Esp32.Application
{
    /// <summary>
    /// Whether a board's UTC can be trusted for the batch record after a time synchronisation: the ESP32's clock starts at
    /// its epoch (1970 or the firmware's build date) after a reset, so a synchronisation is believed only when the clock
    /// reads a date from <see cref="EarliestPlausibleUtc"/> on (this firmware did not exist before) and not absurdly far ahead.
    /// </summary>
    public static class UtcPlausibility
    {
        /// <summary>Earliest believable UTC: 2026-01-01T00:00:00Z (before this firmware was written).</summary>
        public static readonly DateTime EarliestPlausibleUtc = new DateTime(2026, 1, 1, 0, 0, 0);

        /// <summary>Latest believable UTC: 2100-01-01T00:00:00Z (a reading beyond it is a corrupted clock).</summary>
        public static readonly DateTime LatestPlausibleUtc = new DateTime(2100, 1, 1, 0, 0, 0);

        /// <summary>True when <paramref name="utc"/> lies in [<see cref="EarliestPlausibleUtc"/>, <see cref="LatestPlausibleUtc"/>).</summary>
        public static bool IsPlausible(DateTime utc)
        {
            return utc.Ticks >= EarliestPlausibleUtc.Ticks && utc.Ticks < LatestPlausibleUtc.Ticks;
        }
    }
}
