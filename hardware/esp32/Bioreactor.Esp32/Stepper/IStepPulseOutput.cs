namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// The thin hardware side of the rocking motor driver (TMC2209 in STEP/DIR mode), implemented by the device glue
    /// with a GPIO for ENN and DIR and a PwmChannel (50 % duty) on STEP. Every call returns at once.
    /// </summary>
    public interface IStepPulseOutput
    {
        /// <summary>Enables (ENN low) or disables (ENN high: motor outputs off) the driver.</summary>
        void SetDriverEnabled(bool enabled);

        /// <summary>Sets the DIR pin; only called while the steps are stopped.</summary>
        void SetDirection(bool pinHigh);

        /// <summary>Starts the step PWM at this frequency, or retunes it if it runs (50 % duty), Hz &gt; 0.</summary>
        void SetStepFrequency(int frequencyHertz);

        /// <summary>Stops the step PWM (STEP stays low).</summary>
        void StopSteps();
    }
}
