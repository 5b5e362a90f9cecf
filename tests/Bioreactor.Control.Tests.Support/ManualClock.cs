using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Tests
{
    /// <summary>A clock the record tests set and advance by hand (UTC and monotonic time move together).</summary>
    public sealed class ManualClock : IClock
    {
        /// <summary>Creates a clock at monotonic 0, UTC 2026-03-02T08:00:00Z, synchronised.</summary>
        public ManualClock()
        {
            UtcNow = new DateTime(2026, 3, 2, 8, 0, 0);
            IsUtcSynchronized = true;
        }

        /// <inheritdoc/>
        public long MonotonicMilliseconds { get; set; }

        /// <inheritdoc/>
        public DateTime UtcNow { get; set; }

        /// <inheritdoc/>
        public bool IsUtcSynchronized { get; set; }

        /// <summary>Advances both clocks.</summary>
        public void Advance(long milliseconds)
        {
            MonotonicMilliseconds += milliseconds;
            UtcNow = UtcNow.AddTicks(milliseconds * TimeSpan.TicksPerMillisecond);
        }

        /// <summary>A reboot after <paramref name="offMilliseconds"/> off: UTC moves on, the monotonic clock restarts at 0.</summary>
        public void Reboot(long offMilliseconds)
        {
            UtcNow = UtcNow.AddTicks(offMilliseconds * TimeSpan.TicksPerMillisecond);
            MonotonicMilliseconds = 0;
        }
    }
}
