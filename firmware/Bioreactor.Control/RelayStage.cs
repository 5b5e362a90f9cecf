namespace Bioreactor.Control
{
    /// <summary>What one <see cref="RelayStage.Step"/> did.</summary>
    internal enum RelayStep
    {
        /// <summary>The averaging period is not full yet: the stage's output is unchanged.</summary>
        Averaging = 0,

        /// <summary>A relay update ran: <see cref="RelayStage.Output"/> is the relay's new level, −1 or +1.</summary>
        Switched = 1,

        /// <summary>The relay measured its cycles: the ultimate gain and period are read (or its failure is set).</summary>
        Finished = 2,

        /// <summary>The relay failed: <see cref="RelayStage.Failure"/> says why.</summary>
        Failed = 3,
    }

    /// <summary>
    /// One stage of the <see cref="TemperatureAutotune"/>: a <see cref="RelayAutotune"/> run normalised (set point 0,
    /// measurement (PV − centre)/ε, hysteresis 1, output 0 ± 1), fed with the measurement averaged over the PID period
    /// the stage tunes, and the stage's results in the stage's own units: the real output is bias ± amplitude·output and
    /// Ku = Ku_normalised·amplitude/ε. Normalising lets the centre, the hysteresis and the amplitude be chosen at run time
    /// without allocating a relay on the periodic path. Allocation-free after construction.
    /// </summary>
    internal sealed class RelayStage
    {
        // Averaging periods are sums of tick dts: a period counts as full within this tolerance of its length.
        private const double PeriodToleranceSeconds = 1e-9;

        // The relay's normalised frame (see the class summary).
        private const double NormalisedSetPoint = 0.0;
        private const double NormalisedBias = 0.0;
        private const double NormalisedAmplitude = 1.0;
        private const double NormalisedOutputMinimum = -1.0;
        private const double NormalisedOutputMaximum = 1.0;
        private const double NormalisedHysteresis = 1.0;

        // A huge band for the relay, whose own safety band is not used: the autotune checks absolute limits itself.
        private const double UnusedRelaySafetyBand = 1.0e6;

        private readonly RelayAutotune _relay;
        private readonly double _averagingSeconds;
        private double _averageSum;
        private double _averageSeconds;

        /// <summary>A stage averaging over <paramref name="averagingSeconds"/> (the tuned PID's period).</summary>
        internal RelayStage(double averagingSeconds, double timeoutSeconds, int requiredCycles)
        {
            _averagingSeconds = averagingSeconds;
            _relay = new RelayAutotune(setPoint: NormalisedSetPoint, outputBias: NormalisedBias,
                relayAmplitude: NormalisedAmplitude, outputMinimum: NormalisedOutputMinimum,
                outputMaximum: NormalisedOutputMaximum, hysteresis: NormalisedHysteresis, safetyBand: UnusedRelaySafetyBand,
                timeoutSeconds: timeoutSeconds);
            _relay.RequiredCycles = requiredCycles;
            _relay.FailSafeOutput = NormalisedBias;
        }

        /// <summary>Hysteresis ε in the measurement's units (°C).</summary>
        internal double Hysteresis;

        /// <summary>Relay amplitude d in the output's units (duty fraction, or °C of plate set point).</summary>
        internal double Amplitude;

        /// <summary>Seconds the stage ran.</summary>
        internal double Seconds;

        /// <summary>Ultimate gain in the stage's units; 0 until found.</summary>
        internal double UltimateGain;

        /// <summary>Ultimate period, s; 0 until found.</summary>
        internal double UltimatePeriodSeconds;

        /// <summary>The first-harmonic oscillation amplitude of the measurement, °C; 0 until the relay finished.</summary>
        internal double OscillationCelsius;

        /// <summary>The relay's level after the last <see cref="RelayStep.Switched"/> step, −1 or +1.</summary>
        internal double Output;

        /// <summary>Why the relay failed (after <see cref="RelayStep.Failed"/>).</summary>
        internal AutotuneFailure Failure
        {
            get { return _relay.Failure; }
        }

        /// <summary>The relay's oscillation amplitude over its hysteresis (a/ε): the margin the autotune checks.</summary>
        internal double AmplitudeToHysteresis
        {
            get { return _relay.OscillationAmplitude; }
        }

        /// <summary>Forgets a previous run's results (cancelling a running relay first).</summary>
        internal void Clear()
        {
            Cancel();
            _relay.Reset();
            Hysteresis = 0.0;
            Amplitude = 0.0;
            Seconds = 0.0;
            UltimateGain = 0.0;
            UltimatePeriodSeconds = 0.0;
            OscillationCelsius = 0.0;
        }

        /// <summary>Starts the relay with an empty averaging window.</summary>
        internal void Begin()
        {
            _averageSum = 0.0;
            _averageSeconds = 0.0;
            _relay.Start();
        }

        /// <summary>Cancels a running relay.</summary>
        internal void Cancel()
        {
            if (_relay.State == AutotuneState.Running)
            {
                _relay.Cancel();
            }
        }

        /// <summary>
        /// Adds <paramref name="measurementCelsius"/> for <paramref name="dtSeconds"/>; once the averaging period is full, runs
        /// the relay on the average's offset from <paramref name="centreCelsius"/>. On <see cref="RelayStep.Finished"/> the
        /// oscillation and, when the relay succeeded, the ultimate gain and period are set.
        /// </summary>
        internal RelayStep Step(double measurementCelsius, double centreCelsius, double dtSeconds)
        {
            Seconds += dtSeconds;
            _averageSum += measurementCelsius * dtSeconds;
            _averageSeconds += dtSeconds;
            if (_averageSeconds < _averagingSeconds - PeriodToleranceSeconds)
            {
                return RelayStep.Averaging;
            }

            double average = _averageSum / _averageSeconds;
            Output = _relay.Update((average - centreCelsius) / Hysteresis, true, _averageSeconds);
            _averageSum = 0.0;
            _averageSeconds = 0.0;
            if (_relay.State == AutotuneState.Failed)
            {
                return RelayStep.Failed;
            }

            if (_relay.State != AutotuneState.Succeeded)
            {
                return RelayStep.Switched;
            }

            OscillationCelsius = _relay.OscillationAmplitude * Hysteresis;
            return RelayStep.Finished;
        }

        /// <summary>Reads the ultimate gain (in the stage's units) and period off the finished relay.</summary>
        internal void ReadUltimate()
        {
            UltimateGain = _relay.UltimateGain * Amplitude / Hysteresis;
            UltimatePeriodSeconds = _relay.UltimatePeriodSeconds;
        }
    }
}
