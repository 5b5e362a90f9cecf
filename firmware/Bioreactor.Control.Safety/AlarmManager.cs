using System;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// Alarm states of every <see cref="AlarmId"/>, after the ANSI/ISA-18.2-2016 alarm state diagram, with on-delay,
    /// off-delay, deadband and latching, and a preallocated ring of <see cref="AlarmTransition"/> events for the
    /// record layer. Evaluate, acknowledge and take never allocate.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   Normal ---condition held for the on-delay---> UnackActive ---acknowledge---> AckActive
    ///    ^  ^                                          |       ^                      |
    ///    |  |                                clear (*) |       | condition returns    |
    ///    |  |                                          v       | (after on-delay)     |
    ///    |  +------------acknowledge--------------- RtnUnack --+                      |
    ///    +----------------------------------------clear (*)---------------------------+
    ///   UnackActive = Unacknowledged active, AckActive = Acknowledged active,
    ///   RtnUnack = Returned to normal unacknowledged. (*) not taken by latched alarms (below).
    /// </code>
    /// Latched alarms (ISA-18.2 "latching alarm") never leave the active states when their condition clears: an
    /// Unacknowledged active latched alarm whose condition has gone goes to Normal on acknowledge (acknowledge and
    /// reset in one); an Acknowledged active latched alarm goes to Normal on a further acknowledge (reset) once its condition has gone. So a trip
    /// acknowledged while still present needs a second acknowledge after it clears: nothing restarts unattended.
    /// A condition that returns before a latched alarm is reset makes it Unacknowledged again (a new occurrence).
    /// Every event, including a latched alarm's condition clearing or returning without a state change, is put in
    /// the ring; when the ring is full the oldest event is overwritten and <see cref="OverflowCount"/> counts it
    /// (and the sequence numbers show the gap).
    /// </remarks>
    public sealed class AlarmManager
    {
        private readonly AlarmDefinition[] _definitions;
        private readonly AlarmState[] _states;
        private readonly bool[] _present;
        private readonly bool[] _pending;
        private readonly long[] _pendingSinceMilliseconds;
        private readonly bool[] _clearing;
        private readonly long[] _clearingSinceMilliseconds;
        private readonly double[] _lastValues;

        private readonly AlarmTransition[] _ring;
        private readonly RingIndex _ringIndex;
        private long _sequence;

        /// <summary>Creates a manager with the catalogue's default definitions and a ring of the given size.</summary>
        /// <param name="transitionCapacity">How many undrained events the ring holds, 4–4096.</param>
        public AlarmManager(int transitionCapacity)
        {
            if (transitionCapacity < 4 || transitionCapacity > 4096)
            {
                throw new ArgumentOutOfRangeException("transitionCapacity", "transitionCapacity must be 4 to 4096");
            }

            _definitions = new AlarmDefinition[AlarmCatalog.Count];
            _states = new AlarmState[AlarmCatalog.Count];
            _present = new bool[AlarmCatalog.Count];
            _pending = new bool[AlarmCatalog.Count];
            _pendingSinceMilliseconds = new long[AlarmCatalog.Count];
            _clearing = new bool[AlarmCatalog.Count];
            _clearingSinceMilliseconds = new long[AlarmCatalog.Count];
            _lastValues = new double[AlarmCatalog.Count];
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                _definitions[i] = AlarmCatalog.DefaultDefinition((AlarmId)i);
                _lastValues[i] = double.NaN;
            }

            _ring = new AlarmTransition[transitionCapacity];
            _ringIndex = new RingIndex(transitionCapacity);
            for (int i = 0; i < transitionCapacity; i++)
            {
                _ring[i] = new AlarmTransition();
            }
        }

        /// <summary>Number of events the ring holds before it overwrites the oldest.</summary>
        public int TransitionCapacity
        {
            get { return _ring.Length; }
        }

        /// <summary>Number of events waiting to be taken.</summary>
        public int PendingTransitionCount
        {
            get { return _ringIndex.Count; }
        }

        /// <summary>Number of events overwritten before they were taken (never reset).</summary>
        public long OverflowCount
        {
            get { return _ringIndex.OverflowCount; }
        }

        /// <summary>Sequence number of the last event produced (0 before the first).</summary>
        public long LastSequence
        {
            get { return _sequence; }
        }

        /// <summary>The definition in force for an alarm.</summary>
        public AlarmDefinition GetDefinition(AlarmId id)
        {
            return _definitions[Index(id)];
        }

        /// <summary>
        /// Replaces an alarm's definition (configuration time). Allowed only while the alarm is Normal, so a change of
        /// latching cannot strand an alarm in a state its new definition cannot leave.
        /// </summary>
        public void SetDefinition(AlarmId id, AlarmDefinition definition)
        {
            int i = Index(id);
            if (definition == null)
            {
                throw new ArgumentNullException("definition");
            }

            if (_states[i] != AlarmState.Normal || _present[i])
            {
                throw new InvalidOperationException("an alarm's definition can only change while the alarm is Normal");
            }

            _definitions[i] = definition;
            _pending[i] = false;
            _clearing[i] = false;
        }

        /// <summary>
        /// Feeds the alarm's raw condition. The alarm is raised once the condition has held for the on-delay and
        /// cleared once it has been absent for the off-delay. Returns whether the condition is confirmed present.
        /// </summary>
        /// <param name="id">The alarm.</param>
        /// <param name="conditionActive">The raw condition this tick.</param>
        /// <param name="value">The process value behind it (kept for the events; NaN if none).</param>
        /// <param name="nowMilliseconds">Monotonic time of this evaluation.</param>
        public bool Evaluate(AlarmId id, bool conditionActive, double value, long nowMilliseconds)
        {
            int i = Index(id);
            _lastValues[i] = value;
            if (!conditionActive)
            {
                _pending[i] = false;
                if (!_present[i])
                {
                    // The common case, about ten times a control tick: absent and not raised, nothing to time.
                    return false;
                }

                if (!_clearing[i])
                {
                    _clearing[i] = true;
                    _clearingSinceMilliseconds[i] = nowMilliseconds;
                }

                if (nowMilliseconds - _clearingSinceMilliseconds[i] >= _definitions[i].OffDelayMilliseconds)
                {
                    _clearing[i] = false;
                    _present[i] = false;
                    Clear(i, nowMilliseconds);
                }

                return _present[i];
            }

            _clearing[i] = false;
            if (!_present[i])
            {
                if (!_pending[i])
                {
                    _pending[i] = true;
                    _pendingSinceMilliseconds[i] = nowMilliseconds;
                }

                if (nowMilliseconds - _pendingSinceMilliseconds[i] >= _definitions[i].OnDelayMilliseconds)
                {
                    _pending[i] = false;
                    _present[i] = true;
                    Raise(i, nowMilliseconds);
                }
            }

            return _present[i];
        }

        /// <summary>
        /// High limit with deadband: the condition starts when <paramref name="value"/> ≥ <paramref name="limit"/> and,
        /// once confirmed, holds until the value is below limit − deadband. A NaN value or limit stops a running
        /// on-delay but never clears the alarm (a broken reading is a sensor fault, handled by its own alarm; it must
        /// not clear a trip).
        /// </summary>
        public bool EvaluateHigh(AlarmId id, double value, double limit, long nowMilliseconds)
        {
            int i = Index(id);
            if (double.IsNaN(value) || double.IsNaN(limit))
            {
                _pending[i] = false;
                return _present[i];
            }

            bool condition = _present[i] ? value >= limit - _definitions[i].Deadband : value >= limit;
            return Evaluate(id, condition, value, nowMilliseconds);
        }

        /// <summary>
        /// Low limit with deadband: the condition starts when <paramref name="value"/> ≤ <paramref name="limit"/> and,
        /// once confirmed, holds until the value is above limit + deadband. A NaN value or limit stops a running
        /// on-delay but never clears the alarm.
        /// </summary>
        public bool EvaluateLow(AlarmId id, double value, double limit, long nowMilliseconds)
        {
            int i = Index(id);
            if (double.IsNaN(value) || double.IsNaN(limit))
            {
                _pending[i] = false;
                return _present[i];
            }

            bool condition = _present[i] ? value <= limit + _definitions[i].Deadband : value <= limit;
            return Evaluate(id, condition, value, nowMilliseconds);
        }

        /// <summary>
        /// The operator acknowledges an alarm (and resets it if it is latched and its condition has gone).
        /// Returns true when the state changed; acknowledging a Normal alarm, or an acknowledged one whose condition
        /// is still present, changes nothing.
        /// </summary>
        /// <param name="id">The alarm.</param>
        /// <param name="nowMilliseconds">Monotonic time of the acknowledgement.</param>
        /// <param name="operatorReference">Who acknowledged (a reference the batch layer resolves; 0 = unspecified).</param>
        public bool Acknowledge(AlarmId id, long nowMilliseconds, int operatorReference)
        {
            int i = Index(id);
            AlarmState from = _states[i];
            switch (from)
            {
                case AlarmState.UnacknowledgedActive:
                    AlarmState to = _present[i] ? AlarmState.AcknowledgedActive : AlarmState.Normal;
                    Move(i, to, AlarmTransitionKind.Acknowledged, nowMilliseconds, operatorReference);
                    return true;
                case AlarmState.ReturnedToNormalUnacknowledged:
                    Move(i, AlarmState.Normal, AlarmTransitionKind.Acknowledged, nowMilliseconds, operatorReference);
                    return true;
                case AlarmState.AcknowledgedActive:
                    if (_present[i])
                    {
                        return false;
                    }

                    Move(i, AlarmState.Normal, AlarmTransitionKind.Reset, nowMilliseconds, operatorReference);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Acknowledges every alarm (see <see cref="Acknowledge"/>); returns how many changed state.</summary>
        public int AcknowledgeAll(long nowMilliseconds, int operatorReference)
        {
            int changed = 0;
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                if (Acknowledge((AlarmId)i, nowMilliseconds, operatorReference))
                {
                    changed++;
                }
            }

            return changed;
        }

        /// <summary>The alarm's state.</summary>
        public AlarmState GetState(AlarmId id)
        {
            return _states[Index(id)];
        }

        /// <summary>True in Unacknowledged active or Acknowledged active (for a latched alarm: until reset).</summary>
        public bool IsActive(AlarmId id)
        {
            AlarmState state = _states[Index(id)];
            return state == AlarmState.UnacknowledgedActive || state == AlarmState.AcknowledgedActive;
        }

        /// <summary>True in Unacknowledged active or Returned to normal unacknowledged.</summary>
        public bool IsUnacknowledged(AlarmId id)
        {
            AlarmState state = _states[Index(id)];
            return state == AlarmState.UnacknowledgedActive || state == AlarmState.ReturnedToNormalUnacknowledged;
        }

        /// <summary>True while the condition is confirmed (after on-delay, before clearing), whatever the state.</summary>
        public bool IsConditionPresent(AlarmId id)
        {
            return _present[Index(id)];
        }

        /// <summary>The value passed with the alarm's last evaluation (NaN before the first).</summary>
        public double GetLastValue(AlarmId id)
        {
            return _lastValues[Index(id)];
        }

        /// <summary>Number of active alarms (see <see cref="IsActive"/>) of a priority.</summary>
        public int CountActive(AlarmPriority priority)
        {
            int count = 0;
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                if (IsActiveAt(i) && _definitions[i].Priority == priority)
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>Number of active alarms of any priority.</summary>
        public int CountActive()
        {
            int count = 0;
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                if (IsActiveAt(i))
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>Number of alarms waiting for an acknowledge (active or returned to normal).</summary>
        public int CountUnacknowledged()
        {
            int count = 0;
            for (int i = 0; i < AlarmCatalog.Count; i++)
            {
                if (_states[i] == AlarmState.UnacknowledgedActive || _states[i] == AlarmState.ReturnedToNormalUnacknowledged)
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>The highest priority among active alarms; None when no alarm is active.</summary>
        public AlarmPriority HighestActivePriority
        {
            get
            {
                AlarmPriority highest = AlarmPriority.None;
                for (int i = 0; i < AlarmCatalog.Count; i++)
                {
                    if (IsActiveAt(i) && _definitions[i].Priority > highest)
                    {
                        highest = _definitions[i].Priority;
                    }
                }

                return highest;
            }
        }

        /// <summary>
        /// Takes the oldest waiting event, copying it into <paramref name="into"/> (the caller's object, reused as it likes);
        /// false, leaving <paramref name="into"/> as it was, when there is none. Allocates nothing.
        /// </summary>
        public bool TryTakeTransition(AlarmTransition into)
        {
            int slot = _ringIndex.Take();
            if (slot < 0)
            {
                return false;
            }

            into.CopyFrom(_ring[slot]);
            return true;
        }

        private bool IsActiveAt(int i)
        {
            return _states[i] == AlarmState.UnacknowledgedActive || _states[i] == AlarmState.AcknowledgedActive;
        }

        private void Raise(int i, long nowMilliseconds)
        {
            AlarmState from = _states[i];
            AlarmState to;
            switch (from)
            {
                case AlarmState.Normal:
                case AlarmState.ReturnedToNormalUnacknowledged:
                case AlarmState.AcknowledgedActive:
                    // From Acknowledged active this is a latched alarm whose condition had gone and came back before
                    // the reset: a new occurrence, so the operator is told again.
                    to = AlarmState.UnacknowledgedActive;
                    break;
                default:
                    to = from;
                    break;
            }

            Move(i, to, AlarmTransitionKind.Raised, nowMilliseconds, 0);
        }

        private void Clear(int i, long nowMilliseconds)
        {
            AlarmState from = _states[i];
            AlarmState to = from;
            if (!_definitions[i].Latched)
            {
                if (from == AlarmState.UnacknowledgedActive)
                {
                    to = AlarmState.ReturnedToNormalUnacknowledged;
                }
                else if (from == AlarmState.AcknowledgedActive)
                {
                    to = AlarmState.Normal;
                }
            }

            Move(i, to, AlarmTransitionKind.Cleared, nowMilliseconds, 0);
        }

        private void Move(int i, AlarmState to, AlarmTransitionKind kind, long nowMilliseconds, int operatorReference)
        {
            AlarmState from = _states[i];
            _states[i] = to;
            int slot = _ringIndex.Push();

            _sequence++;
            _ring[slot].Sequence = _sequence;
            _ring[slot].Id = (AlarmId)i;
            _ring[slot].Kind = kind;
            _ring[slot].From = from;
            _ring[slot].To = to;
            _ring[slot].TimeMilliseconds = nowMilliseconds;
            _ring[slot].Value = _lastValues[i];
            _ring[slot].OperatorReference = operatorReference;
        }

        // Called by every evaluation (about twenty a control tick): one comparison instead of a call into the catalogue,
        // because a static call costs the interpreter as much as a dozen simple IL operations.
        private static int Index(AlarmId id)
        {
            if ((uint)id >= (uint)AlarmCatalog.Count)
            {
                throw new ArgumentOutOfRangeException("id", "id must be a defined AlarmId (0 to AlarmCatalog.Count - 1)");
            }

            return (int)id;
        }
    }
}
