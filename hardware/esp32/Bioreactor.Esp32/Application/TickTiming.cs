using Bioreactor.Control.Batch;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Esp32.Application
{
    /// <summary>
    /// Timing of a fixed-period loop, measured by the board with its monotonic counter: for each tick the start lateness
    /// (jitter: actual start − scheduled start) and the duration (end − start), with minimum, maximum and mean, and the
    /// count of overruns (a tick that lasted longer than the period). Allocation-free on <see cref="Add"/>; the board
    /// formats <see cref="Summary"/> off the periodic path and calls <see cref="Reset"/> to start a new window.
    /// </summary>
    public sealed class TickTiming
    {
        private readonly long _periodTicks;

        /// <summary>Creates the statistics for a loop of <paramref name="periodTicks"/> counter units (e.g. ms, or 100 ns ticks).</summary>
        public TickTiming(long periodTicks)
        {
            if (periodTicks <= 0)
            {
                throw new System.ArgumentOutOfRangeException("periodTicks", "periodTicks must be above 0");
            }

            _periodTicks = periodTicks;
            Reset();
        }

        /// <summary>Ticks measured since the last <see cref="Reset"/>.</summary>
        public long Count { get; private set; }

        /// <summary>Ticks that lasted longer than the period.</summary>
        public long Overruns { get; private set; }

        /// <summary>Smallest start lateness (0 when none measured).</summary>
        public long MinimumJitter { get; private set; }

        /// <summary>Largest start lateness.</summary>
        public long MaximumJitter { get; private set; }

        /// <summary>Smallest tick duration.</summary>
        public long MinimumDuration { get; private set; }

        /// <summary>Largest tick duration.</summary>
        public long MaximumDuration { get; private set; }

        /// <summary>Sum of start latenesses (for the mean).</summary>
        public long JitterSum { get; private set; }

        /// <summary>Sum of durations (for the mean).</summary>
        public long DurationSum { get; private set; }

        /// <summary>Mean start lateness, counter units (0 when none measured).</summary>
        public double MeanJitter
        {
            get { return Count == 0 ? 0 : (double)JitterSum / Count; }
        }

        /// <summary>Mean duration, counter units (0 when none measured).</summary>
        public double MeanDuration
        {
            get { return Count == 0 ? 0 : (double)DurationSum / Count; }
        }

        /// <summary>
        /// Adds one tick: it was due at <paramref name="scheduledStart"/>, started at <paramref name="actualStart"/> and ended at
        /// <paramref name="end"/> (same counter). A start before its schedule counts as lateness 0. Allocates nothing.
        /// </summary>
        public void Add(long scheduledStart, long actualStart, long end)
        {
            long jitter = actualStart - scheduledStart;
            if (jitter < 0)
            {
                jitter = 0;
            }

            long duration = end - actualStart;
            if (duration < 0)
            {
                duration = 0;
            }

            if (Count == 0)
            {
                MinimumJitter = jitter;
                MaximumJitter = jitter;
                MinimumDuration = duration;
                MaximumDuration = duration;
            }
            else
            {
                if (jitter < MinimumJitter)
                {
                    MinimumJitter = jitter;
                }

                if (jitter > MaximumJitter)
                {
                    MaximumJitter = jitter;
                }

                if (duration < MinimumDuration)
                {
                    MinimumDuration = duration;
                }

                if (duration > MaximumDuration)
                {
                    MaximumDuration = duration;
                }
            }

            JitterSum += jitter;
            DurationSum += duration;
            if (duration > _periodTicks)
            {
                Overruns++;
            }

            Count++;
        }

        /// <summary>Starts a new window.</summary>
        public void Reset()
        {
            Count = 0;
            Overruns = 0;
            MinimumJitter = 0;
            MaximumJitter = 0;
            MinimumDuration = 0;
            MaximumDuration = 0;
            JitterSum = 0;
            DurationSum = 0;
        }

        /// <summary>
        /// One log line, invariant formatting: "ticks N, jitter min/mean/max a/b/c, duration min/mean/max d/e/f, overruns k"
        /// with means to 2 decimals, in counter units. Allocates.
        /// </summary>
        public string Summary()
        {
            return "ticks " + InvariantNumber.FormatInteger(Count)
                + ", jitter min/mean/max " + InvariantNumber.FormatInteger(MinimumJitter) + "/" + InvariantNumber.Format(MeanJitter, 2) + "/"
                + InvariantNumber.FormatInteger(MaximumJitter)
                + ", duration min/mean/max " + InvariantNumber.FormatInteger(MinimumDuration) + "/" + InvariantNumber.Format(MeanDuration, 2) + "/"
                + InvariantNumber.FormatInteger(MaximumDuration)
                + ", overruns " + InvariantNumber.FormatInteger(Overruns);
        }
    }
}
