using System;
using Bioreactor.Esp32.Application;
using Bioreactor.Control.Ports;

namespace Bioreactor.Firmware
{
    /// <summary>
    /// The ESP32's clock port: monotonic milliseconds from the native tick counter (unaffected by SNTP steps), UTC from the
    /// system clock that SNTP sets, and the synchronised flag the batch record needs: set once SNTP has been started and the
    /// clock reads a plausible date (<see cref="UtcPlausibility"/>), cleared if the clock is ever seen implausible again.
    /// </summary>
    internal sealed class DeviceClock : IClock
    {
        private volatile bool _synchronized;
        private volatile bool _sntpStarted;

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
            get { return _synchronized; }
        }

        /// <summary>SNTP has been started (Sntp.Start / UpdateNow returned).</summary>
        public void NoteSntpStarted()
        {
            _sntpStarted = true;
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
            _synchronized = _sntpStarted && plausible;
        }
    }
}
