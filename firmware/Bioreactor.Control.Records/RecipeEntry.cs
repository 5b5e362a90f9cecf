using System;
using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// Codec of Recipe entries: the recipe's canonical bytes in chunks right after the header, so the record carries the
    /// recipe itself and not only its hash. Payload: u16 chunk index, u16 chunk count, then up to
    /// <see cref="MaxChunkLength"/> bytes. The header gives the total length and SHA-256 to check the reassembly.
    /// </summary>
    public static class RecipeEntry
    {
        /// <summary>Largest chunk, bytes.</summary>
        public const int MaxChunkLength = RecordFormat.MaxPayloadLength - 4;

        /// <summary>Number of chunks for a recipe of <paramref name="length"/> bytes (at least 1).</summary>
        public static int ChunkCount(int length)
        {
            return length <= 0 ? 1 : (length + MaxChunkLength - 1) / MaxChunkLength;
        }

        /// <summary>Reads a chunk's index and count and copies its bytes into <paramref name="recipe"/> at index × chunk length.</summary>
        /// <returns>False when the frame is not a well-formed chunk that fits <paramref name="recipe"/>.</returns>
        public static bool TryCopyChunk(RecordFrame frame, byte[] recipe, out int index, out int count)
        {
            index = -1;
            count = 0;
            if (frame == null || frame.Type != RecordEntryType.Recipe || frame.PayloadLength < 4 || recipe == null)
            {
                return false;
            }

            index = LittleEndian.ReadUInt16(frame.Buffer, frame.PayloadOffset);
            count = LittleEndian.ReadUInt16(frame.Buffer, frame.PayloadOffset + 2);
            int length = frame.PayloadLength - 4;
            int at = index * MaxChunkLength;
            if (index >= count || at + length > recipe.Length)
            {
                return false;
            }

            Array.Copy(frame.Buffer, frame.PayloadOffset + 4, recipe, at, length);
            return true;
        }

        internal static void Encode(PayloadBuilder payload, byte[] recipe, int index)
        {
            int at = index * MaxChunkLength;
            int length = recipe.Length - at;
            if (length > MaxChunkLength)
            {
                length = MaxChunkLength;
            }

            payload.UInt16(index);
            payload.UInt16(ChunkCount(recipe.Length));
            payload.Bytes(recipe, at, length);
        }
    }
}
