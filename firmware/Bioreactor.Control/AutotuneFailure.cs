namespace Bioreactor.Control
{
    /// <summary>Why a <see cref="RelayAutotune"/> run failed; <see cref="AutotuneFailures.Describe"/> gives the message.</summary>
    public enum AutotuneFailure
    {
        /// <summary>No failure (the run is idle, running or succeeded).</summary>
        None = 0,

        /// <summary>The required cycles were not measured within the timeout.</summary>
        Timeout = 1,

        /// <summary>The measurement left the safety band around the set point.</summary>
        LeftSafetyBand = 2,

        /// <summary>The measurement was flagged invalid, or was not a finite number.</summary>
        SensorFault = 3,

        /// <summary>The run was cancelled by <see cref="RelayAutotune.Cancel"/>.</summary>
        Cancelled = 4,

        /// <summary>
        /// The measured oscillation amplitude did not exceed the hysteresis, so the hysteresis-corrected ultimate gain
        /// 4d/(π·√(a² − ε²)) is undefined.
        /// </summary>
        AmplitudeBelowHysteresis = 5,
    }

    /// <summary>English messages for <see cref="AutotuneFailure"/> (an explicit switch: enum names are not available on the device).</summary>
    public static class AutotuneFailures
    {
        /// <summary>A clear, constant English sentence for <paramref name="failure"/>; never null, allocates nothing.</summary>
        public static string Describe(AutotuneFailure failure)
        {
            switch (failure)
            {
                case AutotuneFailure.None:
                    return "No failure.";
                case AutotuneFailure.Timeout:
                    return "Autotune timed out: the required oscillation cycles were not measured within the time limit. "
                        + "Check that the actuator acts on the process, or allow more time.";
                case AutotuneFailure.LeftSafetyBand:
                    return "Autotune aborted: the measurement left the safety band around the set point. "
                        + "Reduce the relay amplitude or check the process.";
                case AutotuneFailure.SensorFault:
                    return "Autotune aborted: the sensor reported a fault or an invalid reading.";
                case AutotuneFailure.Cancelled:
                    return "Autotune cancelled by request.";
                case AutotuneFailure.AmplitudeBelowHysteresis:
                    return "Autotune failed: the oscillation was not larger than the hysteresis, so the ultimate gain "
                        + "cannot be computed. Reduce the hysteresis or raise the relay amplitude.";
                default:
                    return "Autotune failed for an unknown reason.";
            }
        }
    }
}
