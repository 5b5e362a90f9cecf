using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Compares what one actuator was commanded with what its feedback sensor saw (heater: current through the element;
    /// CO2 valve: gas flow downstream of it) and confirms a contradiction over accumulated time, so one odd sample
    /// never trips. Allocation-free; the caller passes the command applied since the last sample (the feedback read at a
    /// tick shows what the previous tick's output did).
    /// </summary>
    /// <remarks>
    /// Two independent accumulators, each counting only the samples that can tell:
    /// <code>
    ///   commanded ON, supply settled:  feedback on  → offTime := 0        (the actuator obeys)
    ///                                  feedback off → offTime += dt       (≥ failedOffConfirm → FailedOff)
    ///   commanded OFF:                 feedback off → onTime := 0
    ///                                  feedback on  → onTime += dt        (≥ failedOnConfirm  → FailedOn)
    ///   commanded ON, supply not settled (second switch open or just closed): no verdict, nothing changes
    ///   feedback invalid (sensor fault, stale): both reset, no verdict (the slower physical watches remain)
    /// </code>
    /// Pulses add up: a time-proportioned output that is on for 160 ms a second reaches a 200 ms confirmation in its
    /// second window. FailedOn stays set until an off-sample without feedback, so its latched alarm cannot reset while the
    /// fault is still seen (with the second switch open, no feedback means that switch works; closing it again after the
    /// reset is the proof test). FailedOff cannot be re-checked while the output is held off, so the supervisor consumes
    /// it (<see cref="ConsumeFailedOff"/>) once its latched alarm is raised; after the reset the next on-time checks again.
    /// </remarks>
    public sealed class ActuatorFeedbackWatch
    {
        private readonly long _failedOffConfirmMilliseconds;
        private readonly long _failedOnConfirmMilliseconds;
        private long _withoutFeedbackMilliseconds;
        private long _feedbackWhileOffMilliseconds;

        /// <summary>Creates a watch.</summary>
        /// <param name="failedOffConfirmMilliseconds">Accumulated commanded-on time without feedback that means failed off, &gt; 0.</param>
        /// <param name="failedOnConfirmMilliseconds">Accumulated commanded-off time with feedback that means failed on, &gt; 0.</param>
        public ActuatorFeedbackWatch(long failedOffConfirmMilliseconds, long failedOnConfirmMilliseconds)
        {
            if (failedOffConfirmMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("failedOffConfirmMilliseconds", "failedOffConfirmMilliseconds must be above 0");
            }

            if (failedOnConfirmMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("failedOnConfirmMilliseconds", "failedOnConfirmMilliseconds must be above 0");
            }

            _failedOffConfirmMilliseconds = failedOffConfirmMilliseconds;
            _failedOnConfirmMilliseconds = failedOnConfirmMilliseconds;
        }

        /// <summary>True once the actuator was commanded on without feedback for the confirmation time.</summary>
        public bool FailedOff
        {
            get { return _withoutFeedbackMilliseconds >= _failedOffConfirmMilliseconds; }
        }

        /// <summary>True once the actuator was commanded off with feedback for the confirmation time.</summary>
        public bool FailedOn
        {
            get { return _feedbackWhileOffMilliseconds >= _failedOnConfirmMilliseconds; }
        }

        /// <summary>Commanded-on time without feedback accumulated so far, ms.</summary>
        public long WithoutFeedbackMilliseconds
        {
            get { return _withoutFeedbackMilliseconds; }
        }

        /// <summary>Commanded-off time with feedback accumulated so far, ms.</summary>
        public long FeedbackWhileOffMilliseconds
        {
            get { return _feedbackWhileOffMilliseconds; }
        }

        /// <summary>Takes one sample.</summary>
        /// <param name="commandedOn">What the actuator was commanded over the interval the sample covers.</param>
        /// <param name="supplySettled">True when the actuator's second switch has been closed long enough for it to act.</param>
        /// <param name="feedbackOn">The feedback sensor sees the actuator acting (current above threshold, flow above threshold).</param>
        /// <param name="feedbackValid">The feedback sample is usable.</param>
        /// <param name="dtMilliseconds">Time the sample covers (since the last one), ms; negative counts as 0.</param>
        public void Update(bool commandedOn, bool supplySettled, bool feedbackOn, bool feedbackValid, long dtMilliseconds)
        {
            if (!feedbackValid)
            {
                Reset();
                return;
            }

            long dt = dtMilliseconds > 0 ? dtMilliseconds : 0;
            if (commandedOn)
            {
                if (feedbackOn)
                {
                    _withoutFeedbackMilliseconds = 0;
                }
                else if (supplySettled)
                {
                    _withoutFeedbackMilliseconds = Saturate(_withoutFeedbackMilliseconds, dt, _failedOffConfirmMilliseconds);
                }
            }
            else if (feedbackOn)
            {
                _feedbackWhileOffMilliseconds = Saturate(_feedbackWhileOffMilliseconds, dt, _failedOnConfirmMilliseconds);
            }
            else
            {
                _feedbackWhileOffMilliseconds = 0;
            }
        }

        /// <summary>Clears the failed-off verdict (its latched alarm now holds the output off).</summary>
        public void ConsumeFailedOff()
        {
            _withoutFeedbackMilliseconds = 0;
        }

        /// <summary>Forgets both accumulators (no verdict).</summary>
        public void Reset()
        {
            _withoutFeedbackMilliseconds = 0;
            _feedbackWhileOffMilliseconds = 0;
        }

        private static long Saturate(long value, long dt, long limit)
        {
            long sum = value + dt;
            return sum > limit ? limit : sum;
        }
    }
}
