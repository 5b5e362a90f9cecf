namespace Bioreactor.Control
{
    /// <summary>Where a <see cref="RelayAutotune"/> run is (the state machine is drawn in its class comment).</summary>
    public enum AutotuneState
    {
        /// <summary>Configured, not started: <see cref="RelayAutotune.Update"/> returns the output bias.</summary>
        Idle = 0,

        /// <summary>The relay is switching and cycles are being measured.</summary>
        Running = 1,

        /// <summary>Enough cycles were measured: the ultimate gain and period are available.</summary>
        Succeeded = 2,

        /// <summary>The run was aborted; <see cref="RelayAutotune.Failure"/> says why.</summary>
        Failed = 3,
    }
}
