using System;

namespace Bioreactor.Control.Records
{
    /// <summary>UTC as milliseconds since 1970-01-01 (the record's time base), from and to DateTime, without allocating.</summary>
    public static class RecordTime
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1);

        /// <summary>Milliseconds from 1970-01-01T00:00:00Z to <paramref name="utc"/>.</summary>
        public static long ToUnixMilliseconds(DateTime utc)
        {
            return (utc - Epoch).Ticks / TimeSpan.TicksPerMillisecond;
        }

        /// <summary>The DateTime of a record time stamp.</summary>
        public static DateTime FromUnixMilliseconds(long unixMilliseconds)
        {
            return Epoch.AddTicks(unixMilliseconds * TimeSpan.TicksPerMillisecond);
        }
    }
}
