using System;
using System.Threading;
using Bioreactor.Esp32.Application;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// The ESP32's clock port: monotonic milliseconds from the native tick counter (unaffected by SNTP steps), UTC from the
    /// system clock that SNTP sets, and the synchronised flag the batch record needs: set once SNTP has been started and the
    /// clock reads a plausible date (<see cref="UtcPlausibility"/>), cleared if the clock is ever seen implausible again.
    /// </summary>
    internal sealed class Esp32Clock : IClock
    {
        // 1 = true, 0 = false; written by the communication thread, read by the control thread. Interlocked rather than
        // volatile: nanoFramework's mscorlib (1.17.11) has no IsVolatile modifier, so a volatile field does not compile there.
        private int _synchronized;
        private int _sntpStarted;

        /// <inheritdoc />
        // Environment.TickCount64: "milliseconds elapsed since the system started"
        // (nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/System/Environment.cs).
        public long MonotonicMilliseconds
        {
            get { return Environment.TickCount64; }
        }

        /// <inheritdoc />
        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }

        /// <inheritdoc />
        public bool IsUtcSynchronized
        {
            get { return Interlocked.CompareExchange(ref _synchronized, 0, 0) != 0; }
        }

        /// <summary>SNTP has been started (Sntp.Start / UpdateNow returned).</summary>
        public void NoteSntpStarted()
        {
            Interlocked.Exchange(ref _sntpStarted, 1);
        }

        /// <summary>
        /// Re-evaluates the flag; called by the communication thread once a second. The nanoFramework SNTP client exposes no
        /// "last synchronisation succeeded" status (nanoframework/nanoFramework.Networking.Sntp, Sntp.cs: Start, Stop,
        /// UpdateNow, IsStarted, Server1, Server2 only), so a plausible date after SNTP started stands for success: the
        /// ESP32 boots at its epoch, far outside the plausible range.
        /// </summary>
        public void Evaluate()
        {
            bool plausible = UtcPlausibility.IsPlausible(DateTime.UtcNow);
            bool started = Interlocked.CompareExchange(ref _sntpStarted, 0, 0) != 0;
            Interlocked.Exchange(ref _synchronized, started && plausible ? 1 : 0);
        }
    }
}
