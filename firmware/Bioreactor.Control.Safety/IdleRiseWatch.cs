using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Watches for a measurement that keeps rising while its actuator is commanded off: a heater relay welded on
    /// (the plate warms with the heater off), a CO2 valve stuck open (CO2 rises with the valve closed). After the
    /// actuator has been off for a settle time (heat or gas already delivered still arrives), a reference follows
    /// the value down at once and up only at the allowed drift rate; a value that gets above the reference by the
    /// rise threshold is rising on its own. Allocation-free.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   Driven ---commanded off---> Settling ---settle time over---> Watching (reference = value)
    ///     ^                            |                                |  reference = min(reference + drift·dt, value)
    ///     +------commanded on----------+--------------------------------+  Rising = value − reference ≥ rise
    /// </code>
    /// </remarks>
    public sealed class IdleRiseWatch
    {
        private readonly long _settleMilliseconds;
        private readonly double _rise;
        private readonly double _driftPerMillisecond;
        private bool _idle;
        private long _idleSinceMilliseconds;
        private bool _haveReference;
        private double _reference;
        private long _lastMilliseconds;

        /// <summary>Creates a watch.</summary>
        /// <param name="settleMilliseconds">Off time before watching starts, ≥ 0.</param>
        /// <param name="rise">Rise above the reference that counts as rising on its own, in the value's unit, &gt; 0.</param>
        /// <param name="allowedDriftPerMinute">Slow rise that is not a fault (ambient, metabolism), per minute, ≥ 0.</param>
        public IdleRiseWatch(long settleMilliseconds, double rise, double allowedDriftPerMinute)
        {
            if (settleMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("settleMilliseconds", "settleMilliseconds must be at least 0");
            }

            if (!Finite.Is(rise) || !(rise > 0))
            {
                throw new ArgumentOutOfRangeException("rise", "rise must be finite and above 0");
            }

            if (!Finite.Is(allowedDriftPerMinute) || !(allowedDriftPerMinute >= 0))
            {
                throw new ArgumentOutOfRangeException("allowedDriftPerMinute", "allowedDriftPerMinute must be finite and at least 0");
            }

            _settleMilliseconds = settleMilliseconds;
            _rise = rise;
            _driftPerMillisecond = allowedDriftPerMinute / 60000.0;
        }

        /// <summary>True while the value is above the reference by the rise threshold.</summary>
        public bool Rising { get; private set; }

        /// <summary>How far the value is above the reference (0 while not watching).</summary>
        public double RiseAboveReference { get; private set; }

        /// <summary>
        /// Advances the watch. <paramref name="wasDriven"/> is the actuator's real state since the previous update.
        /// </summary>
        public void Update(bool wasDriven, double value, bool valueValid, long nowMilliseconds)
        {
            if (wasDriven)
            {
                _idle = false;
                _haveReference = false;
                Rising = false;
                RiseAboveReference = 0;
                return;
            }

            if (!_idle)
            {
                _idle = true;
                _idleSinceMilliseconds = nowMilliseconds;
                _haveReference = false;
            }

            if (!valueValid || !Finite.Is(value) || nowMilliseconds - _idleSinceMilliseconds < _settleMilliseconds)
            {
                Rising = false;
                RiseAboveReference = 0;
                return;
            }

            if (!_haveReference)
            {
                _haveReference = true;
                _reference = value;
                _lastMilliseconds = nowMilliseconds;
            }

            long dt = nowMilliseconds - _lastMilliseconds;
            if (dt < 0)
            {
                dt = 0;
            }

            _lastMilliseconds = nowMilliseconds;
            _reference = Math.Min(_reference + _driftPerMillisecond * dt, value);
            RiseAboveReference = value - _reference;
            Rising = RiseAboveReference >= _rise;
        }

        /// <summary>Starts over (as if the actuator had just been switched off).</summary>
        public void Reset()
        {
            _idle = false;
            _haveReference = false;
            Rising = false;
            RiseAboveReference = 0;
        }
    }
}
