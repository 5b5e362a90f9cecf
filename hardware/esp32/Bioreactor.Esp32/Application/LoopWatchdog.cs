namespace Bioreactor.Esp32.Application
{
    /// <summary>
    /// The software supervisor's rule (the ESP32 firmware has no managed hardware watchdog): a loop that has not completed
    /// a tick for more than <c>allowedMissedPeriods</c> of its period is stalled. The loop calls <see cref="NoteTick"/>
    /// after each tick; the supervisor thread calls <see cref="Check"/>. The verdict latches once raised (outputs stay in
    /// their safe state until the board restarts or <see cref="Clear"/> is called after an operator's inspection), and
    /// <see cref="Check"/> answers true exactly once per stall, so the board logs it once. Thread-safe for one writer and
    /// one reader (lock on a private object); allocation-free.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   Armed ──no tick for &gt; N periods──► Stalled (latched; Check returns true once) ──Clear()──► Armed
    /// </code>
    /// </remarks>
    public sealed class LoopWatchdog
    {
        private readonly object _lock = new object();
        private readonly long _limitMilliseconds;
        private long _lastTickMilliseconds;
        private bool _stalled;
        private bool _reported;

        /// <summary>Creates the watchdog; the first deadline runs from <paramref name="nowMilliseconds"/>.</summary>
        /// <param name="periodMilliseconds">The loop's period, &gt; 0.</param>
        /// <param name="allowedMissedPeriods">Periods without a tick that are tolerated, 1–1000.</param>
        /// <param name="nowMilliseconds">The monotonic time now.</param>
        public LoopWatchdog(long periodMilliseconds, int allowedMissedPeriods, long nowMilliseconds)
        {
            if (periodMilliseconds <= 0)
            {
                throw new System.ArgumentOutOfRangeException("periodMilliseconds", "periodMilliseconds must be above 0");
            }

            if (allowedMissedPeriods < 1 || allowedMissedPeriods > 1000)
            {
                throw new System.ArgumentOutOfRangeException("allowedMissedPeriods", "allowedMissedPeriods must be 1 to 1000");
            }

            _limitMilliseconds = periodMilliseconds * allowedMissedPeriods;
            _lastTickMilliseconds = nowMilliseconds;
        }

        /// <summary>The stall limit, ms.</summary>
        public long LimitMilliseconds
        {
            get { return _limitMilliseconds; }
        }

        /// <summary>True once a stall has been detected (latched).</summary>
        public bool IsStalled
        {
            get
            {
                lock (_lock)
                {
                    return _stalled;
                }
            }
        }

        /// <summary>Milliseconds between the last tick and the detection (0 before a stall).</summary>
        public long StalledForMilliseconds { get; private set; }

        /// <summary>The loop completed a tick at <paramref name="nowMilliseconds"/>.</summary>
        public void NoteTick(long nowMilliseconds)
        {
            lock (_lock)
            {
                _lastTickMilliseconds = nowMilliseconds;
            }
        }

        /// <summary>
        /// Evaluates the rule at <paramref name="nowMilliseconds"/>; true when a stall is detected and not yet reported
        /// (the caller then puts the outputs in their safe state and logs).
        /// </summary>
        public bool Check(long nowMilliseconds)
        {
            lock (_lock)
            {
                long silence = nowMilliseconds - _lastTickMilliseconds;
                if (!_stalled && silence > _limitMilliseconds)
                {
                    _stalled = true;
                    StalledForMilliseconds = silence;
                }

                if (_stalled && !_reported)
                {
                    _reported = true;
                    return true;
                }

                return false;
            }
        }

        /// <summary>Re-arms after a stall; the next deadline runs from <paramref name="nowMilliseconds"/>.</summary>
        public void Clear(long nowMilliseconds)
        {
            lock (_lock)
            {
                _stalled = false;
                _reported = false;
                StalledForMilliseconds = 0;
                _lastTickMilliseconds = nowMilliseconds;
            }
        }
    }
}
