namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// One alarm event, as the record layer stores it: which alarm, what happened, the state before and after,
    /// when (monotonic milliseconds), the process value at that moment and who acknowledged it.
    /// </summary>
    /// <remarks>
    /// A class, not a struct (on nanoCLR every load of a value type copies it onto the heap: docs/architecture.md rule 3).
    /// <see cref="AlarmManager"/> keeps a preallocated ring of them and copies an event into the caller's object when it is
    /// taken (<see cref="AlarmManager.TryTakeTransition"/>), so producing and draining events allocates nothing. Whoever
    /// receives one that is reused (a drain's object, an observer's argument) copies it to keep it (<see cref="CopyFrom"/>).
    /// </remarks>
    public sealed class AlarmTransition
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

        /// <summary>Overwrites every field with <paramref name="other"/>'s.</summary>
        public void CopyFrom(AlarmTransition other)
        {
            Sequence = other.Sequence;
            Id = other.Id;
            Kind = other.Kind;
            From = other.From;
            To = other.To;
            TimeMilliseconds = other.TimeMilliseconds;
            Value = other.Value;
            OperatorReference = other.OperatorReference;
        }
    }
}
