namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// One alarm event, as the record layer stores it: which alarm, what happened, the state before and after,
    /// when (monotonic milliseconds), the process value at that moment and who acknowledged it. A struct kept in
    /// <see cref="AlarmManager"/>'s preallocated ring, so producing events allocates nothing.
    /// </summary>
    public struct AlarmTransition
    {
        /// <summary>Number of this event since the manager was created, starting at 1; a gap means events were lost.</summary>
        public long Sequence;

        /// <summary>The alarm.</summary>
        public AlarmId Id;

        /// <summary>What happened.</summary>
        public AlarmTransitionKind Kind;

        /// <summary>State before the event.</summary>
        public AlarmState From;

        /// <summary>
        /// State after the event. Equal to <see cref="From"/> when a latched alarm's condition clears or returns
        /// while the alarm is held active: the event is recorded although the state does not change.
        /// </summary>
        public AlarmState To;

        /// <summary>Monotonic milliseconds (the clock port's timebase) of the event.</summary>
        public long TimeMilliseconds;

        /// <summary>The value last evaluated for this alarm (its unit depends on the alarm; NaN when it has none).</summary>
        public double Value;

        /// <summary>The operator reference passed to <see cref="AlarmManager.Acknowledge"/>; 0 for events raised by the process.</summary>
        public int OperatorReference;
    }
}
