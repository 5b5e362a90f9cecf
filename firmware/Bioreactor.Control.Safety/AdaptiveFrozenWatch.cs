using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Catches a probe stuck on one plausible value (fresh timestamps, status Ok) by learning how long the probe's own
    /// runs of bit-identical consecutive readings last while it is healthy. A fixed frozen-value window cannot be
    /// chosen in advance: a quantised probe (MAX31865: 0.03125 °C per code; NDIR: 0.01 %) at a very stable value may
    /// legitimately repeat a code, and how long depends on the probe's noise, which is only known on the rig. This
    /// watch remembers the longest healthy run (capped, slowly forgotten) and calls the reading frozen when the
    /// current run lasts longer than max(floor, factor × learned longest run). It arms only after a learning period of
    /// valid readings. Allocation-free.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   invalid / non-finite reading ──► run forgotten, Frozen = false (learning time is kept)
    ///
    ///   LEARNING ──(valid reading time ≥ learning period AND ≥ MinimumLearnedRuns healthy runs ended)──► ARMED
    ///     reading changes bit-for-bit: the finished run (now − run start) is a healthy run (unless it ended a
    ///       Frozen verdict, or began before the first reading): learned ← learned · exp(−(now − last end) / forget
    ///       time constant); learned ← max(learned, min(run, cap)); run start ← now
    ///   ARMED: Frozen = now − run start &gt; max(floor, factor · learned); held until the reading changes
    /// </code>
    /// Forgetting is applied only when a run ends, so the threshold is fixed while a run is in progress: a quiet probe
    /// does not lower its threshold under a run it is living through, and a stuck one cannot raise it.
    /// </remarks>
    public sealed class AdaptiveFrozenWatch
    {
        /// <summary>
        /// Healthy runs that must have ended before the watch arms. 20: the longest of 20 runs of a geometric-like
        /// run length is already past its 95th percentile (1 − 0.95^20 ≈ 0.64 chance that one run exceeds it, so the
        /// longest is typically beyond it), and the factor adds the rest of the margin. A reading that has never
        /// changed (a probe stuck from power-on, or an exact simulated one) teaches nothing, so the watch stays off.
        /// </summary>
        public const int MinimumLearnedRuns = 20;

        private readonly long _floorMilliseconds;
        private readonly double _factor;
        private readonly long _capMilliseconds;
        private readonly long _learningMilliseconds;
        private readonly double _forgetTimeConstantMilliseconds;

        private bool _running;
        private double _value;
        private long _runStartMilliseconds;
        private bool _haveLast;
        private long _lastMilliseconds;
        private long _learnedMilliseconds;
        private double _learnedExactMilliseconds;
        private bool _firstRun;
        private long _lastForgetMilliseconds;
        private long _learningElapsedMilliseconds;
        private int _learnedRuns;

        /// <summary>Creates a watch; a factor of 0 turns it off.</summary>
        /// <param name="floorMilliseconds">Shortest threshold, ms, ≥ 1.</param>
        /// <param name="factor">Threshold as a multiple of the learned longest run, 0 (off) or 1–100.</param>
        /// <param name="capMilliseconds">Longest run that is learned, ms, ≥ floor.</param>
        /// <param name="learningMilliseconds">Valid-reading time before the watch arms, ms, ≥ 0.</param>
        /// <param name="forgetTimeConstantMilliseconds">Time constant of forgetting the learned run, ms, ≥ 1.</param>
        public AdaptiveFrozenWatch(long floorMilliseconds, double factor, long capMilliseconds, long learningMilliseconds,
            long forgetTimeConstantMilliseconds)
        {
            if (floorMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException("floorMilliseconds", "floorMilliseconds must be 1 or above");
            }

            if (double.IsNaN(factor))
            {
                throw new ArgumentOutOfRangeException("factor", Finite.NotANumber("factor"));
            }

            if (!(factor == 0 || (factor >= 1 && factor <= 100)))
            {
                throw new ArgumentOutOfRangeException("factor", "factor must be 0 (off) or 1 to 100");
            }

            if (capMilliseconds < floorMilliseconds)
            {
                throw new ArgumentOutOfRangeException("capMilliseconds", "capMilliseconds must be at least floorMilliseconds");
            }

            if (learningMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("learningMilliseconds", "learningMilliseconds must be 0 or above");
            }

            if (forgetTimeConstantMilliseconds < 1)
            {
                throw new ArgumentOutOfRangeException("forgetTimeConstantMilliseconds", "forgetTimeConstantMilliseconds must be 1 or above");
            }

            _floorMilliseconds = floorMilliseconds;
            _factor = factor;
            _capMilliseconds = capMilliseconds;
            _learningMilliseconds = learningMilliseconds;
            _forgetTimeConstantMilliseconds = forgetTimeConstantMilliseconds;
            _firstRun = true;
        }

        /// <summary>True while the current run of identical readings exceeds the learned threshold.</summary>
        public bool Frozen { get; private set; }

        /// <summary>True once the learning period has passed (the watch can trip).</summary>
        public bool Armed { get; private set; }

        /// <summary>The learned longest healthy run, ms (after forgetting).</summary>
        public long LearnedRunMilliseconds
        {
            get { return _learnedMilliseconds; }
        }

        /// <summary>The current threshold, ms: max(floor, factor × learned longest run).</summary>
        public long ThresholdMilliseconds
        {
            get
            {
                double t = _factor * _learnedExactMilliseconds;
                return t > _floorMilliseconds ? (long)t : _floorMilliseconds;
            }
        }

        /// <summary>Advances the watch with the new reading; an invalid one forgets the run in progress.</summary>
        public void Update(double value, bool valueValid, long nowMilliseconds)
        {
            if (_factor == 0)
            {
                Frozen = false;
                return;
            }

            long dt = _haveLast ? nowMilliseconds - _lastMilliseconds : 0;
            if (dt < 0)
            {
                dt = 0;
            }

            if (!_haveLast)
            {
                _lastForgetMilliseconds = nowMilliseconds;
            }

            _haveLast = true;
            _lastMilliseconds = nowMilliseconds;

            if (!valueValid || !Finite.Is(value))
            {
                // The run in progress is not a healthy one; the next valid reading starts afresh (and its first run is
                // partial, so it is not learned either).
                _running = false;
                _firstRun = true;
                Frozen = false;
                return;
            }

            if (_running && dt > 0)
            {
                _learningElapsedMilliseconds += dt;
                if (!Armed && _learningElapsedMilliseconds >= _learningMilliseconds && _learnedRuns >= MinimumLearnedRuns)
                {
                    Armed = true;
                }

            }

            if (!_running)
            {
                Start(value, nowMilliseconds);
                return;
            }

            long run = nowMilliseconds - _runStartMilliseconds;
            if (value != _value)
            {
                // The first run after a (re)start began before we saw it, and a run that ended a Frozen verdict is not
                // evidence of health: neither is learned.
                if (!_firstRun && !Frozen)
                {
                    Learn(run, nowMilliseconds);
                }

                Start(value, nowMilliseconds);
                return;
            }

            Frozen = Frozen || (Armed && run > ThresholdMilliseconds);
        }

        /// <summary>Forgets everything learned and clears the verdict (a new probe, a new configuration).</summary>
        public void Reset()
        {
            _running = false;
            _haveLast = false;
            _firstRun = true;
            _learnedExactMilliseconds = 0;
            _learnedMilliseconds = 0;
            _learningElapsedMilliseconds = 0;
            _learnedRuns = 0;
            Armed = false;
            Frozen = false;
        }

        private void Learn(long runMilliseconds, long nowMilliseconds)
        {
            // Forgetting is applied when a run ends, so the threshold stays fixed while a run is in progress (a stuck
            // probe cannot lower or raise its own threshold).
            long sinceForget = nowMilliseconds - _lastForgetMilliseconds;
            _lastForgetMilliseconds = nowMilliseconds;
            if (sinceForget > 0)
            {
                _learnedExactMilliseconds *= Math.Exp(-sinceForget / _forgetTimeConstantMilliseconds);
            }

            if (_learnedRuns < MinimumLearnedRuns)
            {
                _learnedRuns++;
            }

            double run = runMilliseconds < _capMilliseconds ? runMilliseconds : _capMilliseconds;
            if (run > _learnedExactMilliseconds)
            {
                _learnedExactMilliseconds = run;
            }

            _learnedMilliseconds = (long)_learnedExactMilliseconds;
        }

        private void Start(double value, long nowMilliseconds)
        {
            if (_running)
            {
                _firstRun = false;
            }

            _running = true;
            _value = value;
            _runStartMilliseconds = nowMilliseconds;
            Frozen = false;
        }
    }
}
