using System;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.Application
{
    /// <summary>
    /// Which parts the acquisition thread reads when: each part at its own period, on absolute deadlines (a late read
    /// does not shift the later ones; a read more than one period late is skipped to the next deadline rather than
    /// repeated in a burst). The thread calls <see cref="RunDue"/> and sleeps for what it returns. Each part is given the
    /// clock's time when its own read starts (a read before it may have blocked for tens of milliseconds). A part that throws
    /// does not stop the others: the exception is counted and the part is read again at its next deadline.
    /// </summary>
    public sealed class AcquisitionSchedule
    {
        private readonly IClock _clock;
        private readonly IPolledPart[] _parts;
        private readonly long[] _periods;
        private readonly long[] _deadlines;
        private int _count;

        /// <summary>Creates an empty schedule for at most <paramref name="capacity"/> parts.</summary>
        public AcquisitionSchedule(int capacity, IClock clock)
        {
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (capacity < 1 || capacity > 64)
            {
                throw new ArgumentOutOfRangeException("capacity", "capacity must be 1 to 64");
            }

            _clock = clock;
            _parts = new IPolledPart[capacity];
            _periods = new long[capacity];
            _deadlines = new long[capacity];
        }

        /// <summary>Exceptions thrown by parts' Poll (a part should publish its faults instead).</summary>
        public int PollFailures { get; private set; }

        /// <summary>Adds a part read every <paramref name="periodMilliseconds"/>, first at <paramref name="firstMilliseconds"/>.</summary>
        public void Add(IPolledPart part, long periodMilliseconds, long firstMilliseconds)
        {
            if (part == null)
            {
                throw new ArgumentNullException("part");
            }

            if (periodMilliseconds < 1 || periodMilliseconds > 60000)
            {
                throw new ArgumentOutOfRangeException("periodMilliseconds", "periodMilliseconds must be 1 to 60000");
            }

            if (_count == _parts.Length)
            {
                throw new InvalidOperationException("the schedule is full");
            }

            _parts[_count] = part;
            _periods[_count] = periodMilliseconds;
            _deadlines[_count] = firstMilliseconds;
            _count++;
        }

        /// <summary>
        /// Reads every part whose deadline has come, then returns the milliseconds until the next deadline (at least 1).
        /// </summary>
        public long RunDue()
        {
            long next = long.MaxValue;
            for (int i = 0; i < _count; i++)
            {
                long nowMilliseconds = _clock.MonotonicMilliseconds;
                if (nowMilliseconds >= _deadlines[i])
                {
                    try
                    {
                        _parts[i].Poll(nowMilliseconds);
                    }
                    catch (Exception)
                    {
                        PollFailures++;
                    }

                    _deadlines[i] += _periods[i];
                    if (_deadlines[i] <= nowMilliseconds)
                    {
                        // More than a period late: resume on the next deadline after now, no catch-up burst.
                        long missed = (nowMilliseconds - _deadlines[i]) / _periods[i] + 1;
                        _deadlines[i] += missed * _periods[i];
                    }
                }

                if (_deadlines[i] < next)
                {
                    next = _deadlines[i];
                }
            }

            if (_count == 0)
            {
                return 1000;
            }

            long wait = next - _clock.MonotonicMilliseconds;
            return wait < 1 ? 1 : wait;
        }
    }
}
