using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// The board's clock in simulated time. The simulation advances it (<see cref="VirtualBioreactor.Step"/>); it never
    /// reads the host's clock. <see cref="MonotonicMilliseconds"/> counts from the board's start (or from the last
    /// <see cref="VirtualBioreactor.RestartBoardClock"/>, for a simulator modelling a reboot); <see cref="UtcNow"/> is the
    /// configured start plus the elapsed simulated time, which a reboot does not reset.
    /// </summary>
    public sealed class VirtualClock : IClock
    {
        private readonly DateTime startUtc;
        private long elapsedMicroseconds;
        private long monotonicOriginMicroseconds;

        /// <summary>Creates a clock starting at <paramref name="startUtc"/> (converted to UTC).</summary>
        public VirtualClock(DateTime startUtc, bool isUtcSynchronized)
        {
            this.startUtc = startUtc.Kind == DateTimeKind.Utc ? startUtc : DateTime.SpecifyKind(startUtc.ToUniversalTime(), DateTimeKind.Utc);
            IsUtcSynchronized = isUtcSynchronized;
        }

        /// <summary>Milliseconds since the board started; never goes backwards between restarts.</summary>
        public long MonotonicMilliseconds => (elapsedMicroseconds - monotonicOriginMicroseconds) / 1000L;

        /// <summary>The configured start plus the elapsed simulated time.</summary>
        public DateTime UtcNow => startUtc.AddTicks(elapsedMicroseconds * 10L);

        /// <summary>True when UTC is to be treated as synchronised to a trusted source (settable by the simulator).</summary>
        public bool IsUtcSynchronized { get; set; }

        /// <summary>Simulated time since the clock was created, µs (not reset by a restart).</summary>
        public long ElapsedMicroseconds => elapsedMicroseconds;

        internal void Advance(long microseconds)
        {
            elapsedMicroseconds += microseconds;
        }

        internal void RestartMonotonic()
        {
            monotonicOriginMicroseconds = elapsedMicroseconds;
        }
    }
}
