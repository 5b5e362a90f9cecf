namespace Bioreactor.Control.Records
{
    /// <summary>
    /// The type byte of a record entry. The numbers are stored in records, so they are fixed: append new types at the end,
    /// never renumber.
    /// </summary>
    public enum RecordEntryType
    {
        /// <summary>Sequence 0: device, firmware, batch, recipe with its SHA-256, operator, sample period (<see cref="RecordHeader"/>).</summary>
        Header = 0,

        /// <summary>Periodic sample of every loop: measured, set point, output (<see cref="RecordSample"/>).</summary>
        Sample = 1,

        /// <summary>Batch (ISA-88) state change (<see cref="StateChangeEntry"/>).</summary>
        StateChange = 2,

        /// <summary>Recipe phase change (<see cref="PhaseChangeEntry"/>).</summary>
        PhaseChange = 3,

        /// <summary>Operator action: who, what, why, old and new value (<see cref="OperatorActionEntry"/>).</summary>
        OperatorAction = 4,

        /// <summary>Alarm transition (<see cref="AlarmTransitionEntry"/>).</summary>
        AlarmTransition = 5,

        /// <summary>Fault that is not an alarm transition (<see cref="FaultEntry"/>).</summary>
        Fault = 6,

        /// <summary>Start-up recovery: torn tail cut, power restored, integrity finding (<see cref="RecoveryEntry"/>).</summary>
        Recovery = 7,

        /// <summary>Entries lost while storage failed, written first once it works again (<see cref="StorageLossEntry"/>).</summary>
        StorageLoss = 8,

        /// <summary>Configuration change (<see cref="ConfigurationChangeEntry"/>).</summary>
        ConfigurationChange = 9,

        /// <summary>Free-text note (<see cref="NoteEntry"/>).</summary>
        Note = 10,

        /// <summary>The last entry of a batch: final state and counts (<see cref="ClosingEntry"/>).</summary>
        Closing = 11,

        /// <summary>A chunk of the recipe's canonical text, right after the header (<see cref="RecipeEntry"/>).</summary>
        Recipe = 12,

        /// <summary>The batch layer's state snapshot for power-loss restore, opaque bytes (<see cref="BatchSnapshotEntry"/>).</summary>
        BatchSnapshot = 13,
    }
}
