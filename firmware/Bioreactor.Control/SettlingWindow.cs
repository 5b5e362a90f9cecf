using Bioreactor.Control.Ports;

namespace Bioreactor.Control
{
    /// <summary>
    /// The <see cref="TemperatureAutotune"/>'s settled window: while the cascade holds the liquid near its set point it
    /// averages the heater duty, the plate offset and the plate (the relays' centres) and measures both probes' noise
    /// (the relays' hysteresis). Leaving the band restarts it (<see cref="Reset"/>). Allocation-free after construction.
    /// </summary>
    internal sealed class SettlingWindow
    {
        // The window's length is a sum of tick dts: it counts as full within this tolerance.
        private const double PeriodToleranceSeconds = 1e-9;

        private readonly double _settleSeconds;
        private readonly ProbeNoiseMeter _liquidNoise = new ProbeNoiseMeter();
        private readonly ProbeNoiseMeter _plateNoise = new ProbeNoiseMeter();
        private double _settledSeconds;
        private double _sumDutySeconds;
        private double _sumOffsetSeconds;
        private double _sumPlateSeconds;

        /// <summary>A window that is full after <paramref name="settleSeconds"/> of settled operation.</summary>
        internal SettlingWindow(double settleSeconds)
        {
            _settleSeconds = settleSeconds;
        }

        /// <summary>Mean heater duty over the window, 0–1.</summary>
        internal double MeanDutyFraction
        {
            get { return _sumDutySeconds / _settledSeconds; }
        }

        /// <summary>Mean plate set point above the liquid set point over the window, °C.</summary>
        internal double MeanPlateOffsetCelsius
        {
            get { return _sumOffsetSeconds / _settledSeconds; }
        }

        /// <summary>Mean plate reading over the window, °C.</summary>
        internal double MeanPlateCelsius
        {
            get { return _sumPlateSeconds / _settledSeconds; }
        }

        /// <summary>The liquid probe's raw noise over the window, °C.</summary>
        internal double LiquidNoiseCelsius
        {
            get { return _liquidNoise.StandardDeviation(); }
        }

        /// <summary>The plate probe's raw noise over the window, °C.</summary>
        internal double PlateNoiseCelsius
        {
            get { return _plateNoise.StandardDeviation(); }
        }

        /// <summary>New liquid samples per second over the window.</summary>
        internal double LiquidSamplesPerSecond
        {
            get { return _liquidNoise.SamplesPerSecond(_settledSeconds); }
        }

        /// <summary>New plate samples per second over the window.</summary>
        internal double PlateSamplesPerSecond
        {
            get { return _plateNoise.SamplesPerSecond(_settledSeconds); }
        }

        /// <summary>Empties the window.</summary>
        internal void Reset()
        {
            _settledSeconds = 0.0;
            _sumDutySeconds = 0.0;
            _sumOffsetSeconds = 0.0;
            _sumPlateSeconds = 0.0;
            _liquidNoise.Clear();
            _plateNoise.Clear();
        }

        /// <summary>Adds <paramref name="dtSeconds"/> of settled operation; true once the window is full.</summary>
        internal bool Add(double dutyFraction, double plateOffsetCelsius, SensorReading liquid, SensorReading plate, double dtSeconds)
        {
            _settledSeconds += dtSeconds;
            _sumDutySeconds += dutyFraction * dtSeconds;
            _sumOffsetSeconds += plateOffsetCelsius * dtSeconds;
            _sumPlateSeconds += plate.Value * dtSeconds;
            _liquidNoise.Add(liquid.Value, liquid.SampleMilliseconds);
            _plateNoise.Add(plate.Value, plate.SampleMilliseconds);
            return _settledSeconds >= _settleSeconds - PeriodToleranceSeconds;
        }
    }
}
