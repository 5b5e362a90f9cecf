namespace Bioreactor.Control
{
    /// <summary>Where a <see cref="TemperatureAutotune"/> run is (the state machine is drawn in its class comment).</summary>
    public enum TemperatureAutotunePhase
    {
        /// <summary>Never started: the cascade controls.</summary>
        Idle = 0,

        /// <summary>The cascade controls while the procedure waits for settled operation and averages it.</summary>
        Settling = 1,

        /// <summary>Stage 1: a relay on the heater duty, measured on the plate.</summary>
        InnerRelay = 2,

        /// <summary>Stage 2: a relay on the plate set point, measured on the liquid, the plate loop closed with the new inner tunings.</summary>
        OuterRelay = 3,

        /// <summary>Both stages measured; the tunings found are applied to the cascade, which controls again.</summary>
        Succeeded = 4,

        /// <summary>Aborted (see <see cref="TemperatureAutotune.Failure"/>); the cascade controls with its previous tunings.</summary>
        Failed = 5,
    }

    /// <summary>Why a <see cref="TemperatureAutotune"/> run failed; <see cref="TemperatureAutotuneFailures.Describe"/> gives the message.</summary>
    public enum TemperatureAutotuneFailure
    {
        /// <summary>No failure.</summary>
        None = 0,

        /// <summary>Cancelled by the operator.</summary>
        Cancelled = 1,

        /// <summary>A relay did not measure its cycles within its time limit.</summary>
        Timeout = 2,

        /// <summary>The liquid did not stay near its set point long enough before the time limit (precondition).</summary>
        NotSettled = 3,

        /// <summary>A probe reading failed validation.</summary>
        SensorFault = 4,

        /// <summary>The liquid left the safety band around its set point.</summary>
        LiquidLeftSafetyBand = 5,

        /// <summary>The plate passed the plate limit, or left its band during the inner relay.</summary>
        PlateSafetyLimit = 6,

        /// <summary>The door or lid was opened (the heat losses change, so the measurement would be wrong).</summary>
        DoorOpened = 7,

        /// <summary>The safety layer held the heater off (an interlock), so the relay no longer acts.</summary>
        HeaterInhibited = 8,

        /// <summary>The liquid set point was changed during the run.</summary>
        SetPointChanged = 9,

        /// <summary>Temperature control was disabled during the run.</summary>
        ControlDisabled = 10,

        /// <summary>The procedure's own code failed (an exception): the composition aborted it.</summary>
        ControlFault = 11,

        /// <summary>No room for a useful relay amplitude (heater duty near 0 or 1, or the plate too near its limit).</summary>
        NoRelayHeadroom = 12,

        /// <summary>A probe is too noisy for a hysteresis that keeps the oscillation well inside the safety band.</summary>
        MeasurementTooNoisy = 13,

        /// <summary>An oscillation was not clearly larger than the hysteresis, so its ultimate gain is not trustworthy.</summary>
        OscillationTooSmall = 14,

        /// <summary>The outer loop's ultimate period is not clearly longer than the inner one's (no cascade separation).</summary>
        ImplausibleResult = 15,
    }

    /// <summary>English messages for <see cref="TemperatureAutotuneFailure"/> (explicit switch: enum names are not on the device).</summary>
    public static class TemperatureAutotuneFailures
    {
        /// <summary>A constant English sentence for <paramref name="failure"/>; never null, allocates nothing.</summary>
        public static string Describe(TemperatureAutotuneFailure failure)
        {
            switch (failure)
            {
                case TemperatureAutotuneFailure.None:
                    return "No failure.";
                case TemperatureAutotuneFailure.Cancelled:
                    return "Temperature autotune cancelled by request; the previous tunings are kept.";
                case TemperatureAutotuneFailure.Timeout:
                    return "Temperature autotune timed out: a relay did not complete its oscillation cycles in time.";
                case TemperatureAutotuneFailure.NotSettled:
                    return "Temperature autotune not started: the liquid did not settle near its set point in time.";
                case TemperatureAutotuneFailure.SensorFault:
                    return "Temperature autotune aborted: a temperature probe reported a fault or an implausible reading.";
                case TemperatureAutotuneFailure.LiquidLeftSafetyBand:
                    return "Temperature autotune aborted: the liquid left its safety band around the set point.";
                case TemperatureAutotuneFailure.PlateSafetyLimit:
                    return "Temperature autotune aborted: the heater plate reached its limit or left its band.";
                case TemperatureAutotuneFailure.DoorOpened:
                    return "Temperature autotune aborted: the door was opened. Keep it closed during the autotune.";
                case TemperatureAutotuneFailure.HeaterInhibited:
                    return "Temperature autotune aborted: the safety layer held the heater off.";
                case TemperatureAutotuneFailure.SetPointChanged:
                    return "Temperature autotune aborted: the temperature set point was changed.";
                case TemperatureAutotuneFailure.ControlDisabled:
                    return "Temperature autotune aborted: temperature control was disabled.";
                case TemperatureAutotuneFailure.ControlFault:
                    return "Temperature autotune aborted by an internal fault; normal control resumed.";
                case TemperatureAutotuneFailure.NoRelayHeadroom:
                    return "Temperature autotune not possible here: the heater duty or the plate is too close to its limit "
                        + "for a relay test.";
                case TemperatureAutotuneFailure.MeasurementTooNoisy:
                    return "Temperature autotune not possible: a temperature probe is too noisy.";
                case TemperatureAutotuneFailure.OscillationTooSmall:
                    return "Temperature autotune failed: the oscillation was not clearly larger than the hysteresis.";
                case TemperatureAutotuneFailure.ImplausibleResult:
                    return "Temperature autotune result rejected: the liquid loop is not clearly slower than the plate loop.";
                default:
                    return "Temperature autotune failed for an unknown reason.";
            }
        }
    }
}
