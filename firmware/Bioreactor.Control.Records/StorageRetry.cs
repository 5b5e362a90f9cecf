using Bioreactor.Control.Ports;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// The storage-failure state of <see cref="BatchRecordWriter"/>: whether storage is failing, when to try it again
    /// (exponential back-off from <see cref="RecordWriterSettings.RetryInitialMilliseconds"/>, doubling up to
    /// <see cref="RecordWriterSettings.RetryMaximumMilliseconds"/>), and the entries lost meanwhile, which the StorageLoss
    /// entry written at recovery declares. The record thread retries by appending: there is no other retry path. Not
    /// thread-safe: the writer's lock serialises it. Allocates nothing.
    /// </summary>
    internal sealed class StorageRetry
    {
        private readonly RecordWriterSettings _settings;
        private long _nextRetryMilliseconds;
        private long _retryDelayMilliseconds;

        /// <summary>True from a failure until storage works again.</summary>
        internal bool Failing;

        /// <summary>The storage error of the last failure (None when healthy).</summary>
        internal RecordStorageError LastError;

        /// <summary>Entries lost in this record, declared and not yet declared.</summary>
        internal long LostTotal;

        /// <summary>Entries lost since the last StorageLoss entry.</summary>
        internal long LostPending;

        /// <summary>How many of <see cref="LostPending"/> were samples.</summary>
        internal long LostSamplesPending;

        /// <summary>Sequence number of the first entry lost since the last StorageLoss entry.</summary>
        internal long FirstLostSequence;

        /// <summary>Monotonic ms of the first and the last loss since the last StorageLoss entry.</summary>
        internal long FirstLossMilliseconds;

        /// <summary>Monotonic ms of the last loss since the last StorageLoss entry.</summary>
        internal long LastLossMilliseconds;

        /// <summary>Bytes of partly written entries cut since the last StorageLoss entry.</summary>
        internal int BytesCutPending;

        internal StorageRetry(RecordWriterSettings settings)
        {
            _settings = settings;
        }

        /// <summary>Whether a retry is due at <paramref name="nowMilliseconds"/>.</summary>
        internal bool IsDue(long nowMilliseconds)
        {
            return nowMilliseconds >= _nextRetryMilliseconds;
        }

        /// <summary>Healthy storage, nothing lost: a new or resumed record.</summary>
        internal void Reset()
        {
            Failing = false;
            LostTotal = 0;
            LostPending = 0;
            LostSamplesPending = 0;
            BytesCutPending = 0;
            LastError = RecordStorageError.None;
            _retryDelayMilliseconds = _settings.RetryInitialMilliseconds;
        }

        /// <summary>Storage failed (again): the next retry is one back-off step later.</summary>
        internal void EnterFailing(long nowMilliseconds)
        {
            if (!Failing)
            {
                Failing = true;
                _retryDelayMilliseconds = _settings.RetryInitialMilliseconds;
            }

            if (LastError == RecordStorageError.None)
            {
                LastError = RecordStorageError.IoError;
            }

            _nextRetryMilliseconds = nowMilliseconds + _retryDelayMilliseconds;
            _retryDelayMilliseconds *= 2;
            if (_retryDelayMilliseconds > _settings.RetryMaximumMilliseconds)
            {
                _retryDelayMilliseconds = _settings.RetryMaximumMilliseconds;
            }
        }

        /// <summary>An entry was lost: it keeps its sequence number in the chain, and the next StorageLoss entry declares it.</summary>
        internal void CountLost(RecordEntryType type, RecordChain chain, long nowMilliseconds)
        {
            if (LostPending == 0)
            {
                FirstLostSequence = chain.NextSequence;
                FirstLossMilliseconds = nowMilliseconds;
            }

            LostPending++;
            LostTotal++;
            if (type == RecordEntryType.Sample)
            {
                LostSamplesPending++;
            }

            LastLossMilliseconds = nowMilliseconds;
            chain.NextSequence++;
        }

        /// <summary>The StorageLoss entry declaring the pending losses is durable.</summary>
        internal void Declared()
        {
            LostPending = 0;
            LostSamplesPending = 0;
            BytesCutPending = 0;
        }
    }
}
