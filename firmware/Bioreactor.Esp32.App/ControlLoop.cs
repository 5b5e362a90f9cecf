using Bioreactor.Control.Device;
using System;
using System.Threading;
using Bioreactor.Control;
using Bioreactor.Esp32.Application;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// The control thread: runs <see cref="BioreactorDevice.Tick"/> every period (the device's whole control-thread work: no
    /// storage, no MAC, no payload formatting; the record thread, <see cref="RecordLoop"/>, does those), scheduled on the
    /// native millisecond tick counter (absolute deadlines, so sleeping errors do not accumulate; missed deadlines are
    /// skipped, not caught up). Each tick's start lateness and duration go to a <see cref="TickTiming"/>;
    /// every <see cref="ReportPeriodMilliseconds"/> the window is handed to the supervisor thread for logging (two
    /// pre-allocated windows swapped under a lock: the control thread never formats or allocates for it).
    /// </summary>
    internal sealed class ControlLoop
    {
        /// <summary>How often the timing window is handed over for logging, ms.</summary>
        public const long ReportPeriodMilliseconds = 60000;

        private readonly BioreactorDevice _device;
        private readonly LoopWatchdog _watchdog;
        private readonly long _periodMilliseconds;
        private readonly object _windowLock = new object();
        private TickTiming _active;
        private TickTiming _finished;
        private bool _finishedReady;
        private Thread _thread;

        public ControlLoop(BioreactorDevice device, LoopWatchdog watchdog, long periodMilliseconds)
        {
            _device = device;
            _watchdog = watchdog;
            _periodMilliseconds = periodMilliseconds;
            _active = new TickTiming(periodMilliseconds);
            _finished = new TickTiming(periodMilliseconds);
        }

        /// <summary>Exceptions a tick threw (the loop carries on; safety has already acted inside the core).</summary>
        public long TickExceptions { get; private set; }

        /// <summary>Starts the thread at the highest priority (System.Threading.Thread, ThreadPriority in nanoFramework's mscorlib).</summary>
        public void Start()
        {
            _thread = new Thread(Run);
            _thread.Priority = ThreadPriority.Highest;
            _thread.Start();
        }

        /// <summary>
        /// The summary line of the last finished window, or null when none is waiting; the window is then cleared.
        /// Supervisor thread.
        /// </summary>
        public string TakeTimingReport()
        {
            lock (_windowLock)
            {
                if (!_finishedReady)
                {
                    return null;
                }

                string line = "control timing (ms) over " + InvariantPeriod() + ": " + _finished.Summary();
                _finished.Reset();
                _finishedReady = false;
                return line;
            }
        }

        private string InvariantPeriod()
        {
            return (ReportPeriodMilliseconds / 1000).ToString() + " s, period " + _periodMilliseconds.ToString();
        }

        private void Run()
        {
            long next = Environment.TickCount64 + _periodMilliseconds;
            long windowEnd = next + ReportPeriodMilliseconds;
            while (true)
            {
                long now = Environment.TickCount64;
                if (now < next)
                {
                    Thread.Sleep((int)(next - now));
                }

                long start = Environment.TickCount64;
                try
                {
                    _device.Tick();
                }
                catch (Exception)
                {
                    // The controller catches a loop's exception itself; this is the last line of defence.
                    TickExceptions++;
                }

                long end = Environment.TickCount64;
                _watchdog.NoteTick(end);
                _active.Add(next, start, end);

                next += _periodMilliseconds;
                if (end >= next)
                {
                    // Overran: skip the missed deadlines and keep the phase.
                    long missed = (end - next) / _periodMilliseconds + 1;
                    next += missed * _periodMilliseconds;
                }

                if (end >= windowEnd)
                {
                    windowEnd = end + ReportPeriodMilliseconds;
                    lock (_windowLock)
                    {
                        if (!_finishedReady)
                        {
                            TickTiming swap = _finished;
                            _finished = _active;
                            _active = swap;
                            _finishedReady = true;
                        }
                    }
                }
            }
        }
    }
}
