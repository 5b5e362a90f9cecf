using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Batch
{
    // The batch's persisted state: WriteState and RestoreState (power-loss recovery). The class is documented in BatchController.cs.
    public sealed partial class BatchController
    {
        /// <summary>Bytes <see cref="WriteState"/> writes, always the same.</summary>
        public const int StateSizeBytes = 168;

        private const int BatchIdOffset = 128;
        private const int CrcOffset = 164;

        /// <summary>
        /// Writes the batch's state into <paramref name="buffer"/> at <paramref name="offset"/>: always
        /// <see cref="StateSizeBytes"/> bytes; returns that count. Allocates nothing (may be called every tick).
        /// </summary>
        /// <remarks>
        /// <para>The record layer persists this snapshot with its entries (at least whenever it stores events, and
        /// periodically, e.g. with each stored sample) and gives the latest one back to <see cref="RestoreState"/> after a
        /// restart. The snapshot holds durations, never monotonic timestamps (the monotonic clock restarts from zero), so
        /// it is valid across a reboot. Its time is the time it was written: the outage passed to RestoreState is
        /// measured from then, so the time between the last snapshot and the actual power cut counts as outage (the
        /// uncertainty is one snapshot period; write it often).</para>
        /// <para>Layout, little-endian, fixed size:</para>
        /// <code>
        ///   0   4  'B' 'A' 'T' '1' (magic and layout version)
        ///   4   1  state (BatchState)          5  1  operator overrides (bit 1 &lt;&lt; BatchVariable)
        ///   6   2  zero                        8  4  phase index (int32, -1 in Idle)
        ///   12  4  recipe version (int32)      16 8  recipe fingerprint (int64, Recipe.GetFingerprint)
        ///   24  8  phase elapsed ms            32 8  batch elapsed ms
        ///   40  8  held ms                     48 8  outage ms
        ///   56  8  last event sequence
        ///   64  8×4 set points now: temperature °C, CO2 %, rocking rpm, amplitude ° (IEEE 754 double)
        ///   96  8×4 targets: the same four
        ///   128 1  batch id length, 129 32 batch id (ASCII, zero-padded), 161 3 zero
        ///   164 4  CRC-32 (IEEE 802.3, reflected 0xEDB88320) of bytes 0–163
        /// </code>
        /// </remarks>
        public int WriteState(byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || offset > buffer.Length - StateSizeBytes)
            {
                throw new ArgumentException("buffer must hold StateSizeBytes from offset", "buffer");
            }

            Array.Clear(buffer, offset, StateSizeBytes);
            buffer[offset] = (byte)'B';
            buffer[offset + 1] = (byte)'A';
            buffer[offset + 2] = (byte)'T';
            buffer[offset + 3] = (byte)'1';
            buffer[offset + 4] = (byte)_state;
            buffer[offset + 5] = (byte)_overrides;
            LittleEndian.WriteInt32(buffer, offset + 8, _phaseIndex);
            LittleEndian.WriteInt32(buffer, offset + 12, _recipe == null ? 0 : _recipe.Version);
            LittleEndian.WriteInt64(buffer, offset + 16, _recipeFingerprint);
            LittleEndian.WriteInt64(buffer, offset + 24, _phaseElapsedMilliseconds);
            LittleEndian.WriteInt64(buffer, offset + 32, _batchElapsedMilliseconds);
            LittleEndian.WriteInt64(buffer, offset + 40, _heldMilliseconds);
            LittleEndian.WriteInt64(buffer, offset + 48, _outageMilliseconds);
            LittleEndian.WriteInt64(buffer, offset + 56, _sequence);
            LittleEndian.WriteDouble(buffer, offset + 64, _temperature);
            LittleEndian.WriteDouble(buffer, offset + 72, _co2);
            LittleEndian.WriteDouble(buffer, offset + 80, _rate);
            LittleEndian.WriteDouble(buffer, offset + 88, _amplitude);
            LittleEndian.WriteDouble(buffer, offset + 96, _targetTemperature);
            LittleEndian.WriteDouble(buffer, offset + 104, _targetCo2);
            LittleEndian.WriteDouble(buffer, offset + 112, _targetRate);
            LittleEndian.WriteDouble(buffer, offset + 120, _targetAmplitude);
            // The id is an identifier (ASCII, at most 32 characters): one byte per UTF-16 unit.
            char[] id = _batchIdChars;
            buffer[offset + BatchIdOffset] = (byte)id.Length;
            for (int i = 0; i < id.Length; i++)
            {
                buffer[offset + BatchIdOffset + 1 + i] = (byte)id[i];
            }

            LittleEndian.WriteInt32(buffer, offset + CrcOffset, (int)Crc32(buffer, offset, CrcOffset));
            return StateSizeBytes;
        }

        /// <summary>
        /// Restores a batch after a restart from the last snapshot written by <see cref="WriteState"/>. Allowed only in
        /// Idle, before any batch has started on this object.
        /// </summary>
        /// <param name="buffer">Holds the snapshot.</param>
        /// <param name="offset">Where the snapshot starts.</param>
        /// <param name="recipe">The recipe the batch was started with (the record keeps it); it must have the snapshot's
        /// version and fingerprint. Null when the snapshot is of an Idle unit.</param>
        /// <param name="nowMilliseconds">The monotonic time now.</param>
        /// <param name="poweredOffMilliseconds">Time from the snapshot to now that the device was off, ms (≥ 0), from the
        /// record's UTC time stamps.</param>
        /// <param name="lastRecordedSequence">The highest event sequence number the record holds (0 if unknown); new events
        /// are numbered after the larger of it and the snapshot's.</param>
        /// <remarks>
        /// The batch resumes in its state and phase; transient states complete at the next update as usual. The phase
        /// timer is handled as the phase's <see cref="RecipePhase.PowerLossTimer"/> says: PauseTimer leaves it (the outage
        /// is not phase time), ContinueTimer adds the outage (up to the phase's end, so a timed phase whose time ran out
        /// ends at the next update; the outage never counts towards the next phase, whose conditions were never applied),
        /// RestartTimer sets it to zero. A hold stops the timer whatever the power does, so ContinueTimer adds nothing to a
        /// Holding or Held phase. Ramps continue from the snapshot's set points. One PowerRestored event records the
        /// outage, the policy and the phase time before and after: the record layer stores it as a deviation.
        /// </remarks>
        public BatchResult RestoreState(byte[] buffer, int offset, Recipe recipe, long nowMilliseconds,
            long poweredOffMilliseconds, long lastRecordedSequence)
        {
            if (_state != BatchState.Idle || _recipe != null)
            {
                return new BatchResult(BatchResultCode.WrongState, "a batch can only be restored into an Idle unit", 0);
            }

            if (buffer == null || offset < 0 || offset > buffer.Length - StateSizeBytes)
            {
                return new BatchResult(BatchResultCode.InvalidSnapshot, "the snapshot is shorter than StateSizeBytes", 0);
            }

            if (buffer[offset] != (byte)'B' || buffer[offset + 1] != (byte)'A' || buffer[offset + 2] != (byte)'T'
                || buffer[offset + 3] != (byte)'1')
            {
                return new BatchResult(BatchResultCode.InvalidSnapshot, "the snapshot's magic is not BAT1 (unknown layout)", 0);
            }

            if ((uint)LittleEndian.ReadInt32(buffer, offset + CrcOffset) != Crc32(buffer, offset, CrcOffset))
            {
                return new BatchResult(BatchResultCode.InvalidSnapshot, "the snapshot's CRC-32 does not match (corrupt)", 0);
            }

            if (poweredOffMilliseconds < 0)
            {
                return new BatchResult(BatchResultCode.InvalidValue, "poweredOffMilliseconds must be >= 0", 0);
            }

            var state = (BatchState)buffer[offset + 4];
            long sequence = LittleEndian.ReadInt64(buffer, offset + 56);
            if (!IsState(state) || sequence < 0)
            {
                return new BatchResult(BatchResultCode.InvalidSnapshot, "the snapshot's state is not a batch state", 0);
            }

            if (lastRecordedSequence > sequence)
            {
                sequence = lastRecordedSequence;
            }

            if (state == BatchState.Idle)
            {
                _sequence = sequence;
                return new BatchResult(BatchResultCode.Accepted, "no batch was running", 0);
            }

            if (recipe == null || !recipe.Validate().IsValid)
            {
                return new BatchResult(BatchResultCode.InvalidRecipe, "restoring a batch needs its valid recipe", 0);
            }

            Recipe copy = recipe.Clone();
            long fingerprint = copy.GetFingerprint();
            if (fingerprint != LittleEndian.ReadInt64(buffer, offset + 16) || copy.Version != LittleEndian.ReadInt32(buffer, offset + 12))
            {
                return new BatchResult(BatchResultCode.RecipeMismatch, "recipe '" + copy.Name + "' version "
                    + InvariantNumber.FormatInteger(copy.Version) + " is not the recipe the batch was started with", 0);
            }

            int phaseIndex = LittleEndian.ReadInt32(buffer, offset + 8);
            int idLength = buffer[offset + BatchIdOffset];
            string batchId = ReadAscii(buffer, offset + BatchIdOffset + 1, idLength);
            long phaseElapsed = LittleEndian.ReadInt64(buffer, offset + 24);
            long batchElapsed = LittleEndian.ReadInt64(buffer, offset + 32);
            long held = LittleEndian.ReadInt64(buffer, offset + 40);
            long outage = LittleEndian.ReadInt64(buffer, offset + 48);
            if (phaseIndex < 0 || phaseIndex >= copy.PhaseCount || !TextRules.IsIdentifier(batchId)
                || phaseElapsed < 0 || batchElapsed < 0 || held < 0 || outage < 0)
            {
                return new BatchResult(BatchResultCode.InvalidSnapshot, "the snapshot's phase, batch id or times are out of range", 0);
            }

            for (int k = 0; k < 8; k++)
            {
                if (!Finite.Is(LittleEndian.ReadDouble(buffer, offset + 64 + 8 * k)))
                {
                    return new BatchResult(BatchResultCode.InvalidSnapshot, "the snapshot's set points are not finite", 0);
                }
            }

            _recipe = copy;
            _recipeFingerprint = fingerprint;
            SetBatchId(batchId);
            _state = state;
            _phaseIndex = phaseIndex;
            _overrides = buffer[offset + 5] & 0x1E;
            _batchElapsedMilliseconds = batchElapsed;
            _heldMilliseconds = held;
            _temperature = LittleEndian.ReadDouble(buffer, offset + 64);
            _co2 = LittleEndian.ReadDouble(buffer, offset + 72);
            _rate = LittleEndian.ReadDouble(buffer, offset + 80);
            _amplitude = LittleEndian.ReadDouble(buffer, offset + 88);
            _targetTemperature = LittleEndian.ReadDouble(buffer, offset + 96);
            _targetCo2 = LittleEndian.ReadDouble(buffer, offset + 104);
            _targetRate = LittleEndian.ReadDouble(buffer, offset + 112);
            _targetAmplitude = LittleEndian.ReadDouble(buffer, offset + 120);
            _sequence = sequence;
            _outageMilliseconds = outage + poweredOffMilliseconds;

            RecipePhase phase = copy.Phases[phaseIndex];
            long before = phaseElapsed;
            bool timerRuns = state == BatchState.Running || state == BatchState.Restarting;
            bool inPhase = timerRuns || state == BatchState.Holding || state == BatchState.Held;
            if (inPhase && phase.PowerLossTimer == PowerLossTimer.RestartTimer)
            {
                phaseElapsed = 0;
            }
            else if (timerRuns && phase.PowerLossTimer == PowerLossTimer.ContinueTimer)
            {
                phaseElapsed += poweredOffMilliseconds;
                long duration = phase.DurationSeconds * 1000;
                if (phase.EndCondition == PhaseEndCondition.Duration && phaseElapsed > duration)
                {
                    phaseElapsed = duration;
                }
            }

            _phaseElapsedMilliseconds = phaseElapsed;
            _hasTime = true;
            _lastTimeMilliseconds = nowMilliseconds;

            BatchEvent e = NewEvent(_automaticEvent, BatchEventKind.PowerRestored, nowMilliseconds);
            e.DurationMilliseconds = poweredOffMilliseconds;
            e.PowerLossTimer = phase.PowerLossTimer;
            e.OldValue = before / 1000.0;
            e.NewValue = phaseElapsed / 1000.0;
            long eventSequence = Emit(e);
            return new BatchResult(BatchResultCode.Accepted, "batch " + batchId + " restored in phase '" + phase.Name
                + "' after " + InvariantNumber.FormatInteger(poweredOffMilliseconds / 1000) + " s without power ("
                + BatchNames.PowerLossTimerName(phase.PowerLossTimer) + " timer)", eventSequence);
        }

        private void SetBatchId(string batchId)
        {
            _batchId = batchId;
            _batchIdChars = batchId == null ? new char[0] : batchId.ToCharArray();
        }

        private static string ReadAscii(byte[] buffer, int offset, int length)
        {
            if (length < 1 || length > TextRules.MaximumIdentifierLength)
            {
                return null;
            }

            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)buffer[offset + i];
            }

            return new string(chars);
        }

        // CRC-32 of IEEE 802.3 by nibbles: the 16 remainders of the reflected polynomial 0xEDB88320 for a 4-bit step
        // (each entry is the bit-by-bit CRC step applied four times to its index). Two lookups a byte instead of eight
        // shift steps: on the interpreter the snapshot's 164 bytes cost about a quarter of the bit-by-bit loop, for a
        // 64-byte table rather than the usual 1 KB one.
        private static readonly uint[] Crc32Nibbles = new uint[]
        {
            0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC, 0x76DC4190, 0x6B6B51F4, 0x4DB26158, 0x5005713C,
            0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C, 0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C,
        };

        /// <summary>
        /// CRC-32 of IEEE 802.3 (reflected polynomial 0xEDB88320, initial and final value 0xFFFFFFFF; the check value of
        /// "123456789" is 0xCBF43926), as the snapshot's integrity check uses it. Allocates nothing.
        /// </summary>
        public static uint Crc32(byte[] buffer, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            uint[] table = Crc32Nibbles;
            for (int i = 0; i < count; i++)
            {
                crc ^= buffer[offset + i];
                crc = (crc >> 4) ^ table[(int)(crc & 0xF)];
                crc = (crc >> 4) ^ table[(int)(crc & 0xF)];
            }

            return ~crc;
        }
    }
}
