using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Safety
{
    /// <summary>Safety's own verdict on a raw sensor reading.</summary>
    public enum SensorVerdict
    {
        /// <summary>Usable: driver status Ok, finite, plausible, fresh.</summary>
        Ok = 0,

        /// <summary>The driver reported a fault (no response, open or short circuit, out of range, device fault).</summary>
        DriverFault = 1,

        /// <summary>The value is NaN or infinite although the driver said Ok.</summary>
        NotFinite = 2,

        /// <summary>The value is outside what the process can physically reach.</summary>
        Implausible = 3,

        /// <summary>The sample is older than the staleness limit (or stamped in the future by more than it).</summary>
        Stale = 4,

        /// <summary>The value has not changed by a single bit for longer than the frozen limit (a stuck driver).</summary>
        Frozen = 5,
    }

    /// <summary>
    /// Checks one sensor's raw readings for safety, without the control layer's validator: driver status, a finite
    /// value, a plausible range, the sample's age and, optionally, a value frozen bit-for-bit (real converters
    /// always show some noise, so an exactly repeated value over a long time means a driver returning a cached
    /// sample). Stale data are errors, not values (Pioreactor practice). Allocation-free.
    /// </summary>
    public sealed class SensorGuard
    {
        private readonly double _minimumPlausible;
        private readonly double _maximumPlausible;
        private readonly long _staleMilliseconds;
        private readonly long _frozenMilliseconds;
        private bool _haveValue;
        private double _lastValue;
        private long _lastChangeMilliseconds;

        /// <summary>Creates a guard.</summary>
        /// <param name="minimumPlausible">Lowest plausible value, in the sensor's unit.</param>
        /// <param name="maximumPlausible">Highest plausible value, above <paramref name="minimumPlausible"/>.</param>
        /// <param name="staleMilliseconds">Oldest acceptable sample age, &gt; 0.</param>
        /// <param name="frozenMilliseconds">How long an unchanged value is accepted; 0 turns the check off.</param>
        public SensorGuard(double minimumPlausible, double maximumPlausible, long staleMilliseconds, long frozenMilliseconds)
        {
            if (!Finite.Is(minimumPlausible) || !Finite.Is(maximumPlausible) || !(minimumPlausible < maximumPlausible))
            {
                throw new ArgumentOutOfRangeException("minimumPlausible", "minimumPlausible must be finite and below maximumPlausible");
            }

            if (staleMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("staleMilliseconds", "staleMilliseconds must be above 0");
            }

            if (frozenMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("frozenMilliseconds", "frozenMilliseconds must be 0 (off) or above");
            }

            _minimumPlausible = minimumPlausible;
            _maximumPlausible = maximumPlausible;
            _staleMilliseconds = staleMilliseconds;
            _frozenMilliseconds = frozenMilliseconds;
            LastVerdict = SensorVerdict.Stale;
        }

        /// <summary>The verdict of the last <see cref="Check"/> (Stale before the first).</summary>
        public SensorVerdict LastVerdict { get; private set; }

        /// <summary>Judges a reading taken at <paramref name="nowMilliseconds"/>.</summary>
        public SensorVerdict Check(SensorReading reading, long nowMilliseconds)
        {
            LastVerdict = Judge(reading, nowMilliseconds);
            return LastVerdict;
        }

        /// <summary>Forgets the frozen-value history.</summary>
        public void Reset()
        {
            _haveValue = false;
            LastVerdict = SensorVerdict.Stale;
        }

        private SensorVerdict Judge(SensorReading reading, long nowMilliseconds)
        {
            if (reading.Status != SensorStatus.Ok)
            {
                return SensorVerdict.DriverFault;
            }

            double value = reading.Value;
            if (!Finite.Is(value))
            {
                return SensorVerdict.NotFinite;
            }

            if (value < _minimumPlausible || value > _maximumPlausible)
            {
                return SensorVerdict.Implausible;
            }

            long ageMilliseconds = nowMilliseconds - reading.SampleMilliseconds;
            if (ageMilliseconds > _staleMilliseconds || ageMilliseconds < -_staleMilliseconds)
            {
                return SensorVerdict.Stale;
            }

            if (!_haveValue || value != _lastValue)
            {
                _haveValue = true;
                _lastValue = value;
                _lastChangeMilliseconds = nowMilliseconds;
                return SensorVerdict.Ok;
            }

            if (_frozenMilliseconds > 0 && nowMilliseconds - _lastChangeMilliseconds >= _frozenMilliseconds)
            {
                return SensorVerdict.Frozen;
            }

            return SensorVerdict.Ok;
        }
    }
}
