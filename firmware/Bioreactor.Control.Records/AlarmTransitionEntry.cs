using Bioreactor.Control.Safety;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Codec of alarm transition entries: the safety layer's <see cref="AlarmTransition"/> as is.
    /// Payload, 32 bytes: i64 alarm event sequence, u8 alarm id, u8 kind, u8 from state, u8 to state,
    /// i64 event time (monotonic ms), f64 value (NaN kept), i32 operator reference.
    /// </summary>
    public static class AlarmTransitionEntry
    {
        /// <summary>Payload length, bytes.</summary>
        public const int PayloadLength = 32;

        /// <summary>Decodes an alarm transition entry; false when the frame is not one.</summary>
        public static bool TryDecode(RecordFrame frame, out AlarmTransition transition)
        {
            transition = new AlarmTransition();
            if (frame == null || frame.Type != RecordEntryType.AlarmTransition || frame.PayloadLength != PayloadLength)
            {
                return false;
            }

            byte[] b = frame.Buffer;
            int o = frame.PayloadOffset;
            transition.Sequence = LittleEndian.ReadInt64(b, o);
            transition.Id = (AlarmId)b[o + 8];
            transition.Kind = (AlarmTransitionKind)b[o + 9];
            transition.From = (AlarmState)b[o + 10];
            transition.To = (AlarmState)b[o + 11];
            transition.TimeMilliseconds = LittleEndian.ReadInt64(b, o + 12);
            transition.Value = LittleEndian.ReadDouble(b, o + 20);
            transition.OperatorReference = LittleEndian.ReadInt32(b, o + 28);
            return true;
        }

        /// <summary>Writes the 32-byte payload at <paramref name="offset"/>; allocates nothing.</summary>
        public static void Encode(byte[] buffer, int offset, AlarmTransition transition)
        {
            LittleEndian.WriteInt64(buffer, offset, transition.Sequence);
            buffer[offset + 8] = (byte)transition.Id;
            buffer[offset + 9] = (byte)transition.Kind;
            buffer[offset + 10] = (byte)transition.From;
            buffer[offset + 11] = (byte)transition.To;
            LittleEndian.WriteInt64(buffer, offset + 12, transition.TimeMilliseconds);
            LittleEndian.WriteDouble(buffer, offset + 20, transition.Value);
            LittleEndian.WriteInt32(buffer, offset + 28, transition.OperatorReference);
        }
    }
}
