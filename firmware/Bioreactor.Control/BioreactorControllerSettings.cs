using System;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control
{
    /// <summary>Everything the controller is configured with: the tick, each loop's settings and the safety layer's.</summary>
    public sealed class BioreactorControllerSettings
    {
        /// <summary>
        /// The control tick in seconds. 0.02 s = 50 Hz, the rocking loop's minimum rate; the slower loops run their
        /// PIDs on their own periods inside it and their time-proportioning outputs every tick.
        /// </summary>
        public double TickSeconds = 0.02;

        /// <summary>The temperature cascade.</summary>
        public TemperatureLoopSettings Temperature = new TemperatureLoopSettings();

        /// <summary>The temperature cascade's autotune procedure.</summary>
        public TemperatureAutotuneSettings TemperatureAutotune = new TemperatureAutotuneSettings();

        /// <summary>The CO2 loop.</summary>
        public Co2LoopSettings Co2 = new Co2LoopSettings();

        /// <summary>The rocking loop.</summary>
        public RockingLoopSettings Rocking = new RockingLoopSettings();

        /// <summary>The safety layer's thresholds.</summary>
        public SafetySettings Safety = new SafetySettings();

        /// <summary>
        /// How many alarm transitions wait for the record layer between two drains. At 50 Hz and a drain every tick,
        /// 256 covers every alarm in the catalogue changing state several times in one tick.
        /// </summary>
        public int AlarmTransitionCapacity = 256;

        /// <summary>Throws an exception naming the first invalid setting.</summary>
        public void Validate()
        {
            if (Temperature == null || TemperatureAutotune == null || Co2 == null || Rocking == null || Safety == null)
            {
                throw new ArgumentException("every loop's settings and the safety settings are required");
            }

            if (double.IsNaN(TickSeconds) || TickSeconds <= 0 || TickSeconds > Rocking.MaximumTickSeconds)
            {
                throw new ArgumentOutOfRangeException("TickSeconds", "TickSeconds must be in (0, Rocking.MaximumTickSeconds] (the rocking loop's rate)");
            }

            if (AlarmTransitionCapacity < 4 || AlarmTransitionCapacity > 4096)
            {
                throw new ArgumentOutOfRangeException("AlarmTransitionCapacity", "must be in [4, 4096]");
            }

            Temperature.Validate();
            TemperatureAutotune.Validate();
            Co2.Validate();
            Rocking.Validate();
            Safety.Validate();
        }
    }
}
