using System;

namespace Bioreactor.Control.Records
{
    /// <summary>How the record writer retries a failing storage.</summary>
    public sealed class RecordWriterSettings
    {
        /// <summary>Creates the defaults: first retry after 1 s, doubling to at most 60 s.</summary>
        public RecordWriterSettings()
        {
            RetryInitialMilliseconds = 1000;
            RetryMaximumMilliseconds = 60000;
        }

        /// <summary>
        /// Wait after the first failure before storage is tried again, ms (100–60000). Each failed retry doubles the wait,
        /// so a removed card costs one failed SD operation per wait, not one per entry.
        /// </summary>
        public int RetryInitialMilliseconds { get; set; }

        /// <summary>Longest wait between retries, ms (RetryInitialMilliseconds–600000).</summary>
        public int RetryMaximumMilliseconds { get; set; }

        /// <summary>Throws ArgumentOutOfRangeException naming the first invalid setting.</summary>
        public void Validate()
        {
            if (RetryInitialMilliseconds < 100 || RetryInitialMilliseconds > 60000)
            {
                throw new ArgumentOutOfRangeException("RetryInitialMilliseconds", "RetryInitialMilliseconds must be 100 to 60000");
            }

            if (RetryMaximumMilliseconds < RetryInitialMilliseconds || RetryMaximumMilliseconds > 600000)
            {
                throw new ArgumentOutOfRangeException("RetryMaximumMilliseconds",
                    "RetryMaximumMilliseconds must be RetryInitialMilliseconds to 600000");
            }
        }
    }
}
