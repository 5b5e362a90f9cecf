namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// How long an actuator was on since a check last took the figures. The safety layer's outputs switch every control
    /// tick (time proportioning) while its thermal and gas checks run at the process rate, so those checks' watches take
    /// the on-time fraction and whether the actuator was on at all, not the output at one instant (sampling a 1 s heater
    /// window every 200 ms would alias). Allocates nothing.
    /// </summary>
    public sealed class ActuatorOnTime
    {
        private long _spanMilliseconds;
        private long _onMilliseconds;
        private bool _onAtAll;

        /// <summary>Adds an interval of <paramref name="milliseconds"/> during which the output was <paramref name="on"/>.</summary>
        public void Add(bool on, long milliseconds)
        {
            if (milliseconds <= 0)
            {
                return;
            }

            _spanMilliseconds += milliseconds;
            if (on)
            {
                _onMilliseconds += milliseconds;
                _onAtAll = true;
            }
        }

        /// <summary>
        /// The fraction of the time since the last take that the output was on (0–1), and whether it was on at all; with no
        /// time added since, the output now stands for both. Starts the next interval.
        /// </summary>
        public double Take(bool outputNow, out bool onAtAll)
        {
            bool empty = _spanMilliseconds == 0;
            onAtAll = empty ? outputNow : _onAtAll;
            double fraction = empty ? (outputNow ? 1.0 : 0.0) : (double)_onMilliseconds / _spanMilliseconds;
            _spanMilliseconds = 0;
            _onMilliseconds = 0;
            _onAtAll = false;
            return fraction;
        }
    }
}
