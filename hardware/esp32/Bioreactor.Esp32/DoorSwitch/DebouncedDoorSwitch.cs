using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The lid reed switch as the core's <see cref="IDoorSwitch"/>: the raw pin level, sampled by the caller on its
    /// periodic tick, becomes the debounced state once it has held for <see cref="StableSeconds"/>. Until the first
    /// stable level the lid counts as open (the safe assumption: CO2 dosing pauses). Wiring: the reed switch closes
    /// to GND with the lid shut, a pull-up makes an open lid or a broken wire read high. Allocation-free; time only
    /// from the caller's dt. (nanoFramework's GpioPin.DebounceTimeout filters only the ValueChanged event, not Read.)
    /// </summary>
    public sealed class DebouncedDoorSwitch : IDoorSwitch
    {
        private readonly double _stableSeconds;
        private readonly bool _openLevelHigh;

        private bool _isOpen = true;
        private bool _candidateLevel;
        private bool _hasCandidate;
        private double _candidateSeconds;

        /// <summary>Creates the switch, open until a level has been stable.</summary>
        /// <param name="stableSeconds">How long a level must hold to count, s; finite, in [0, 5].</param>
        /// <param name="openLevelHigh">True when a high pin means the lid is open (pull-up, switch to GND).</param>
        public DebouncedDoorSwitch(double stableSeconds, bool openLevelHigh)
        {
            if (!Finite.Is(stableSeconds) || stableSeconds < 0.0 || stableSeconds > 5.0)
            {
                throw new ArgumentOutOfRangeException("stableSeconds", "stableSeconds must be in [0, 5] s");
            }

            _stableSeconds = stableSeconds;
            _openLevelHigh = openLevelHigh;
        }

        /// <summary>How long a level must hold before it counts, s.</summary>
        public double StableSeconds
        {
            get { return _stableSeconds; }
        }

        /// <summary>True while the lid is (debounced) open.</summary>
        public bool IsOpen
        {
            get { return _isOpen; }
        }

        /// <summary>Debounced state changes since construction.</summary>
        public int ChangeCount { get; private set; }

        /// <summary>Feeds one sample of the pin.</summary>
        /// <param name="pinHigh">The raw pin level.</param>
        /// <param name="dtSeconds">Time since the previous sample, s (a negative or non-finite dt counts as 0).</param>
        public void Update(bool pinHigh, double dtSeconds)
        {
            double dt = Finite.Is(dtSeconds) && dtSeconds > 0.0 ? dtSeconds : 0.0;
            if (!_hasCandidate || pinHigh != _candidateLevel)
            {
                _hasCandidate = true;
                _candidateLevel = pinHigh;
                _candidateSeconds = 0.0;
            }
            else
            {
                _candidateSeconds += dt;
            }

            if (_candidateSeconds >= _stableSeconds)
            {
                bool open = pinHigh == _openLevelHigh;
                if (open != _isOpen)
                {
                    _isOpen = open;
                    ChangeCount++;
                }
            }
        }
    }
}
