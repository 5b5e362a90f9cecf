using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// Consecutive bad signatures per operator, and who is locked out (21 CFR 11.300(d): transaction safeguards detect
    /// attempts at unauthorised use and report them; EU GMP Annex 11 §12.1). A bad signature counts one; a good one resets
    /// the count; reaching <see cref="FailureLimit"/> locks the operator until an administrator's UnlockOperator. Only ids of
    /// the directory are counted (an unknown id has nobody to lock). Kept in memory: a restart clears it (the record keeps
    /// every refusal and the lockout either way).
    /// </summary>
    public sealed class OperatorLockout
    {
        private readonly string[] _ids = StringSlots.Empty(OperatorDirectory.MaximumOperators);
        private readonly int[] _failures = new int[OperatorDirectory.MaximumOperators];
        private readonly bool[] _locked = new bool[OperatorDirectory.MaximumOperators];
        private int _count;
        private int _failureLimit;

        /// <summary>Tracks lockouts after <paramref name="failureLimit"/> consecutive bad signatures.</summary>
        public OperatorLockout(int failureLimit)
        {
            FailureLimit = failureLimit;
        }

        /// <summary>
        /// Consecutive bad signatures that lock an operator out (1 to 10; the board's configuration may set it at start-up).
        /// </summary>
        public int FailureLimit
        {
            get
            {
                return _failureLimit;
            }

            set
            {
                if (value < 1 || value > 10)
                {
                    throw new System.ArgumentOutOfRangeException("value", "the signature failure limit must be 1 to 10");
                }

                _failureLimit = value;
            }
        }

        /// <summary>Operators locked out now.</summary>
        public int LockedCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _count; i++)
                {
                    if (_locked[i])
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>Whether the operator is locked out.</summary>
        public bool IsLocked(string operatorId)
        {
            int i = IndexOf(operatorId);
            return i >= 0 && _locked[i];
        }

        /// <summary>The operator's consecutive bad signatures so far.</summary>
        public int FailuresOf(string operatorId)
        {
            int i = IndexOf(operatorId);
            return i < 0 ? 0 : _failures[i];
        }

        /// <summary>Counts a bad signature; true when this one locked the operator out.</summary>
        public bool RecordFailure(string operatorId)
        {
            int i = Slot(operatorId);
            if (i < 0)
            {
                return false;
            }

            _failures[i]++;
            if (_locked[i] || _failures[i] < FailureLimit)
            {
                return false;
            }

            _locked[i] = true;
            return true;
        }

        /// <summary>A good signature: the count starts again (a lockout stays until it is lifted).</summary>
        public void RecordSuccess(string operatorId)
        {
            int i = IndexOf(operatorId);
            if (i >= 0 && !_locked[i])
            {
                _failures[i] = 0;
            }
        }

        /// <summary>Lifts a lockout; false when the operator was not locked out.</summary>
        public bool Unlock(string operatorId)
        {
            int i = IndexOf(operatorId);
            if (i < 0 || !_locked[i])
            {
                return false;
            }

            _locked[i] = false;
            _failures[i] = 0;
            return true;
        }

        private int IndexOf(string operatorId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_ids[i] == operatorId)
                {
                    return i;
                }
            }

            return -1;
        }

        // The operator's slot, taken when first seen; -1 when every slot is taken (more ids than a directory holds).
        private int Slot(string operatorId)
        {
            int i = IndexOf(operatorId);
            if (i >= 0 || _count == _ids.Length)
            {
                return i;
            }

            _ids[_count] = operatorId;
            _failures[_count] = 0;
            _locked[_count] = false;
            return _count++;
        }
    }
}
