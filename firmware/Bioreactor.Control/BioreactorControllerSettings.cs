using System;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control
{
    /// <summary>Everything the controller is configured with: the tick, each loop's settings and the safety layer's.</summary>
    public sealed class BioreactorControllerSettings
    {
        /// <summary>
        /// The control tick in seconds. 0.02 s = 50 Hz, the rocking loop's minimum rate; the thermal and gas steps run at
        /// the process rate (<see cref="ProcessEveryTicks"/>) and the heater's and valve's time-proportioning outputs every tick.
        /// </summary>
        public double TickSeconds = 0.02;

        /// <summary>
        /// The process rate as a divisor of the tick: the thermal step (probes, temperature loop, safety's thermal checks)
        /// and the gas step (CO2) each run every this many ticks, the gas step half a period after the thermal one. 10 at
        /// 0.02 s = 5 Hz: the temperature PIDs run every 1 s and 5 s and the CO2 PID every 1 s on probes sampled at
        /// 4 Hz (the MAX31865 RTDs) and 2 Hz (the SprintIR as the ESP32 polls it), so 200 ms loses nothing, while the interpreter's cost of the
        /// thermal and gas checks falls tenfold. 1 runs everything every tick.
        /// </summary>
        public int ProcessEveryTicks = 10;

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

            if (ProcessEveryTicks < 1 || ProcessEveryTicks > 50 || ProcessEveryTicks * TickSeconds > 1.0)
            {
                throw new ArgumentOutOfRangeException("ProcessEveryTicks", "ProcessEveryTicks must be in [1, 50] with ProcessEveryTicks * TickSeconds at most 1 s");
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
