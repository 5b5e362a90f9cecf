using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Control
{
    /// <summary>The verdict of <see cref="SensorValidator.Check"/> on one reading, the first failed test in this order.</summary>
    public enum SensorCheck
    {
        /// <summary>The reading passed every test; its value may be used.</summary>
        Ok = 0,

        /// <summary>The driver's own status is not Ok (see <see cref="SensorValidator.LastDriverStatus"/>).</summary>
        DriverFault = 1,

        /// <summary>The value is below the valid range, or is not a number (NaN).</summary>
        BelowRange = 2,

        /// <summary>The value is above the valid range.</summary>
        AboveRange = 3,

        /// <summary>The sample is older than allowed, time-stamped ahead of the clock, or older than one already accepted.</summary>
        Stale = 4,

        /// <summary>The value moved away from the last good value faster than the process can.</summary>
        RateOfChange = 5,

        /// <summary>The value has been exactly identical for longer than the frozen-value window.</summary>
        Frozen = 6,
    }

    /// <summary>
    /// Decides whether a sensor reading may be used by a control loop: the driver's status, the sample's age, the
    /// valid range, the rate of change from the last good value, and optionally a frozen (stuck) value. Keeps the
    /// last good value. The tests are those Marlin and Klipper apply to heater thermistors ("a sensor that reads
    /// impossibly") and Pioreactor's rule that a stale reading is an error, not a value.
    /// </summary>
    /// <remarks>
    /// <para>Order of the tests (the first failure is reported): driver status → age → range → rate → frozen.</para>
    /// <para>Rate of change: |value − last good value| &gt; maximum rate × (sample time − last good sample time)
    /// + <see cref="RateAllowance"/>. The allowance (in the sensor's unit) keeps quantisation and noise between two
    /// close samples from tripping the test; the time base grows while readings are rejected, so a real step
    /// (a replaced probe) is accepted again after |step| / maximum rate seconds.</para>
    /// <para>Frozen value (off by default, <see cref="FrozenWindowSeconds"/> = 0): exactly identical values for
    /// longer than the window. It is slow to detect by nature: a quantised probe in a well-controlled process
    /// legitimately returns the same code for long stretches (a PT100 on a MAX31865 resolves about 0.03 °C, less than
    /// the noise of a stable 37 °C bath), so the window must be many minutes long to avoid false alarms, and a stuck
    /// probe that happens to read the right value is caught only after that window. Enable it only for a probe
    /// whose noise spans several codes at steady state.</para>
    /// <para>Samples are told apart by their time stamps: the same sample read again (same time stamp and value) is
    /// judged again for age but does not count as a new value for the rate and frozen tests.</para>
    /// <para>Allocation-free. Not thread safe.</para>
    /// </remarks>
    public sealed class SensorValidator
    {
        private readonly double _minimumValue;
        private readonly double _maximumValue;
        private readonly long _maximumAgeMilliseconds;
        private readonly double _maximumRatePerSecond;
        private double _rateAllowance;
        private double _frozenWindowSeconds;

        private SensorCheck _lastCheck;
        private SensorStatus _lastDriverStatus;
        private bool _hasGoodValue;
        private double _lastGoodValue;
        private long _lastGoodSampleMilliseconds;
        private double _frozenValue;
        private long _frozenSinceMilliseconds;

        /// <summary>Creates a validator; the frozen-value test is off and the rate allowance 0.</summary>
        /// <param name="minimumValue">Lowest valid value (finite).</param>
        /// <param name="maximumValue">Highest valid value (finite, above the minimum).</param>
        /// <param name="maximumAgeMilliseconds">Oldest sample accepted, milliseconds, &gt; 0.</param>
        /// <param name="maximumRatePerSecond">Fastest plausible change, units per second, &gt; 0; PositiveInfinity turns the test off.</param>
        public SensorValidator(double minimumValue, double maximumValue, long maximumAgeMilliseconds, double maximumRatePerSecond)
        {
            if (!Finite.Is(minimumValue))
            {
                throw new ArgumentOutOfRangeException("minimumValue", "minimumValue must be finite and below maximumValue");
            }

            if (!Finite.Is(maximumValue) || !(maximumValue > minimumValue))
            {
                throw new ArgumentOutOfRangeException("maximumValue", "maximumValue must be finite and above minimumValue");
            }

            if (maximumAgeMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("maximumAgeMilliseconds", "maximumAgeMilliseconds must be > 0");
            }

            if (double.IsNaN(maximumRatePerSecond))
            {
                throw new ArgumentOutOfRangeException("maximumRatePerSecond", Finite.NotANumber("maximumRatePerSecond"));
            }

            if (!(maximumRatePerSecond > 0.0))
            {
                throw new ArgumentOutOfRangeException("maximumRatePerSecond",
                    "maximumRatePerSecond must be > 0 (PositiveInfinity turns the rate test off)");
            }

            _minimumValue = minimumValue;
            _maximumValue = maximumValue;
            _maximumAgeMilliseconds = maximumAgeMilliseconds;
            _maximumRatePerSecond = maximumRatePerSecond;
            Reset();
        }

        /// <summary>Lowest valid value.</summary>
        public double MinimumValue
        {
            get { return _minimumValue; }
        }

        /// <summary>Highest valid value.</summary>
        public double MaximumValue
        {
            get { return _maximumValue; }
        }

        /// <summary>Oldest sample accepted, milliseconds.</summary>
        public long MaximumAgeMilliseconds
        {
            get { return _maximumAgeMilliseconds; }
        }

        /// <summary>Fastest plausible change, units per second (PositiveInfinity: test off).</summary>
        public double MaximumRatePerSecond
        {
            get { return _maximumRatePerSecond; }
        }

        /// <summary>
        /// Change always allowed between two samples on top of rate × time, in the sensor's unit (noise and
        /// quantisation); finite, ≥ 0; default 0.
        /// </summary>
        public double RateAllowance
        {
            get { return _rateAllowance; }
            set
            {
                if (!Finite.Is(value) || value < 0.0)
                {
                    throw new ArgumentOutOfRangeException("RateAllowance", "RateAllowance must be finite and >= 0");
                }

                _rateAllowance = value;
            }
        }

        /// <summary>
        /// Frozen-value window, seconds: identical values for longer than this are <see cref="SensorCheck.Frozen"/>.
        /// 0 (default) turns the test off; otherwise finite and &gt; 0. See the class remarks for why it is slow.
        /// </summary>
        public double FrozenWindowSeconds
        {
            get { return _frozenWindowSeconds; }
            set
            {
                if (!Finite.Is(value) || value < 0.0)
                {
                    throw new ArgumentOutOfRangeException("FrozenWindowSeconds", "FrozenWindowSeconds must be finite and >= 0 (0 = off)");
                }

                _frozenWindowSeconds = value;
            }
        }

        /// <summary>The verdict of the last <see cref="Check"/> (<see cref="SensorCheck.Stale"/> before the first).</summary>
        public SensorCheck LastCheck
        {
            get { return _lastCheck; }
        }

        /// <summary>The driver status of the last reading checked, kept for the alarm text and the record.</summary>
        public SensorStatus LastDriverStatus
        {
            get { return _lastDriverStatus; }
        }

        /// <summary>True once a reading has passed every test.</summary>
        public bool HasGoodValue
        {
            get { return _hasGoodValue; }
        }

        /// <summary>The value of the last reading that passed every test (meaningless while <see cref="HasGoodValue"/> is false).</summary>
        public double LastGoodValue
        {
            get { return _lastGoodValue; }
        }

        /// <summary>The sample time of the last good reading, monotonic milliseconds.</summary>
        public long LastGoodSampleMilliseconds
        {
            get { return _lastGoodSampleMilliseconds; }
        }

        /// <summary>True when the last check failed.</summary>
        public bool IsFaulted
        {
            get { return _lastCheck != SensorCheck.Ok; }
        }

        /// <summary>Forgets the last good value and the frozen-value history; the configuration is kept.</summary>
        public void Reset()
        {
            _lastCheck = SensorCheck.Stale;
            _lastDriverStatus = SensorStatus.Ok;
            _hasGoodValue = false;
            _lastGoodValue = 0.0;
            _lastGoodSampleMilliseconds = 0;
            _frozenValue = 0.0;
            _frozenSinceMilliseconds = 0;
        }

        /// <summary>Judges one reading at monotonic time <paramref name="nowMilliseconds"/>. Allocates nothing.</summary>
        /// <returns>The first failed test, or <see cref="SensorCheck.Ok"/>; also kept in <see cref="LastCheck"/>.</returns>
        public SensorCheck Check(SensorReading reading, long nowMilliseconds)
        {
            _lastDriverStatus = reading.Status;
            _lastCheck = Evaluate(reading, nowMilliseconds);
            return _lastCheck;
        }

        /// <summary>English text for a check result, for alarms and the batch record.</summary>
        public static string Describe(SensorCheck check)
        {
            switch (check)
            {
                case SensorCheck.Ok:
                    return "reading valid";
                case SensorCheck.DriverFault:
                    return "sensor driver reports a fault";
                case SensorCheck.BelowRange:
                    return "reading below the valid range";
                case SensorCheck.AboveRange:
                    return "reading above the valid range";
                case SensorCheck.Stale:
                    return "no fresh reading";
                case SensorCheck.RateOfChange:
                    return "reading changed faster than the process can";
                case SensorCheck.Frozen:
                    return "reading unchanged for too long (stuck sensor)";
                default:
                    return "unknown sensor check";
            }
        }

        private SensorCheck Evaluate(SensorReading reading, long nowMilliseconds)
        {
            if (reading.Status != SensorStatus.Ok)
            {
                return SensorCheck.DriverFault;
            }

            long ageMilliseconds = nowMilliseconds - reading.SampleMilliseconds;
            if (ageMilliseconds > _maximumAgeMilliseconds || ageMilliseconds < 0)
            {
                return SensorCheck.Stale;
            }

            // NaN is tested on its own: on nanoCLR NaN >= minimum is true and NaN <= maximum false, so the range tests
            // alone would call it AboveRange there (BelowRange on the desktop CLR).
            double value = reading.Value;
            if (double.IsNaN(value))
            {
                return SensorCheck.BelowRange;
            }

            if (!(value >= _minimumValue))
            {
                return SensorCheck.BelowRange;
            }

            if (!(value <= _maximumValue))
            {
                return SensorCheck.AboveRange;
            }

            if (_hasGoodValue)
            {
                long sinceGoodMilliseconds = reading.SampleMilliseconds - _lastGoodSampleMilliseconds;
                if (sinceGoodMilliseconds < 0)
                {
                    // Older than a sample already accepted: out of order.
                    return SensorCheck.Stale;
                }

                if (sinceGoodMilliseconds == 0 && value == _lastGoodValue)
                {
                    // The same sample again: fresh enough, nothing new to judge.
                    return SensorCheck.Ok;
                }

                double allowedChange = _rateAllowance;
                if (!double.IsPositiveInfinity(_maximumRatePerSecond))
                {
                    allowedChange += _maximumRatePerSecond * (sinceGoodMilliseconds / 1000.0);
                    if (Math.Abs(value - _lastGoodValue) > allowedChange)
                    {
                        return SensorCheck.RateOfChange;
                    }
                }
            }

            // The run of identical values is tracked even while the test is off, so enabling it later is sound.
            if (_hasGoodValue && value == _frozenValue)
            {
                double frozenSeconds = (reading.SampleMilliseconds - _frozenSinceMilliseconds) / 1000.0;
                if (_frozenWindowSeconds > 0.0 && frozenSeconds > _frozenWindowSeconds)
                {
                    return SensorCheck.Frozen;
                }
            }
            else
            {
                _frozenValue = value;
                _frozenSinceMilliseconds = reading.SampleMilliseconds;
            }

            _hasGoodValue = true;
            _lastGoodValue = value;
            _lastGoodSampleMilliseconds = reading.SampleMilliseconds;
            return SensorCheck.Ok;
        }
    }
}
