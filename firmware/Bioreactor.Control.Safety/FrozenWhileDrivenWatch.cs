using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Catches a probe stuck on one value while its actuator drives the process hard: the heater heating the plate,
    /// the valve gassing the headspace. A repeating code on a quantised probe is normal at rest (a MAX31865 resolves
    /// 0.03125 °C, and a steady bag may sit on one code for seconds), so a frozen-value test alone needs a long
    /// window; a plate heated at half power or more cannot stay on one code for seconds, so this test can be short
    /// and still never trip on a healthy probe. A stuck plate probe that reads low is the dangerous case: the loop
    /// heats on, and the plate trip, which reads the same probe, never sees it. Allocation-free.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   each update: duty = first-order average of the actuator's on/off state, time constant = window
    ///   value changes (bit-for-bit) or is invalid ──► since = now, Frozen = false
    ///   Frozen = now − since ≥ window AND duty ≥ minimum duty; held until the value changes
    /// </code>
    /// </remarks>
    public sealed class FrozenWhileDrivenWatch
    {
        private readonly long _windowMilliseconds;
        private readonly double _minimumDutyFraction;
        private bool _running;
        private double _value;
        private long _sinceMilliseconds;
        private long _lastMilliseconds;
        private double _dutyFraction;

        /// <summary>Creates a watch; a window of 0 turns it off.</summary>
        /// <param name="windowMilliseconds">How long an unchanged reading under drive is tolerated, ≥ 0.</param>
        /// <param name="minimumDutyFraction">On-time fraction from which the reading must move, 0 &lt; x ≤ 1.</param>
        public FrozenWhileDrivenWatch(long windowMilliseconds, double minimumDutyFraction)
        {
            if (windowMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("windowMilliseconds", "windowMilliseconds must be 0 (off) or above");
            }

            if (double.IsNaN(minimumDutyFraction))
            {
                throw new ArgumentOutOfRangeException("minimumDutyFraction", Finite.NotANumber("minimumDutyFraction"));
            }

            if (!(minimumDutyFraction > 0 && minimumDutyFraction <= 1))
            {
                throw new ArgumentOutOfRangeException("minimumDutyFraction", "minimumDutyFraction must be above 0 and at most 1");
            }

            _windowMilliseconds = windowMilliseconds;
            _minimumDutyFraction = minimumDutyFraction;
        }

        /// <summary>True while the reading has stayed bit-identical for the window under drive.</summary>
        public bool Frozen { get; private set; }

        /// <summary>Advances the watch with the actuator's state since the previous update and the new reading.</summary>
        public void Update(bool wasDriven, double value, bool valueValid, long nowMilliseconds)
        {
            Update(wasDriven ? 1.0 : 0.0, value, valueValid, nowMilliseconds);
        }

        /// <summary>
        /// Advances the watch with the fraction of the time since the previous update the actuator was on (0–1: the
        /// safety layer runs this watch at the process rate while the actuator switches every control tick) and the new reading.
        /// </summary>
        public void Update(double drivenFraction, double value, bool valueValid, long nowMilliseconds)
        {
            if (_windowMilliseconds == 0 || !valueValid || !Finite.Is(value))
            {
                _running = false;
                Frozen = false;
                return;
            }

            // The recent duty, not the duty since the reading last moved: a probe that sticks while the heater idles
            // and is then driven hard (the loop reacting to the wrong reading) must be seen within a window of that.
            long dt = _running ? nowMilliseconds - _lastMilliseconds : 0;
            _lastMilliseconds = nowMilliseconds;
            if (dt > 0)
            {
                double gain = Math.Min(1.0, (double)dt / _windowMilliseconds);
                _dutyFraction += (drivenFraction - _dutyFraction) * gain;
            }

            if (!_running || value != _value)
            {
                _running = true;
                _value = value;
                _sinceMilliseconds = nowMilliseconds;
                Frozen = false;
                return;
            }

            // Once frozen, the verdict holds until the reading moves: the actuator the verdict switches off must not
            // clear it.
            Frozen = Frozen || (nowMilliseconds - _sinceMilliseconds >= _windowMilliseconds && _dutyFraction >= _minimumDutyFraction);
        }

        /// <summary>Forgets the reading and clears the verdict.</summary>
        public void Reset()
        {
            _running = false;
            _dutyFraction = 0;
            Frozen = false;
        }
    }
}
