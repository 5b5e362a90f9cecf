using System;

namespace Bioreactor.Control.Ports
{
    /// <summary>
    /// Time for the core. Control uses only the monotonic counter (wall-clock steps from SNTP must never distort a
    /// time step); records also carry UTC with a flag saying whether it was synchronised to a trusted source.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since the board started; never goes backwards.</summary>
        long MonotonicMilliseconds { get; }

        /// <summary>The board's best idea of UTC.</summary>
        DateTime UtcNow { get; }

        /// <summary>True when <see cref="UtcNow"/> has been synchronised to a trusted time source.</summary>
        bool IsUtcSynchronized { get; }
    }
}
