using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Records
{
    /// <summary>
    /// What the first entry of a batch record (sequence 0) says about the batch: the device and firmware, the batch, the
    /// recipe with the SHA-256 of its canonical bytes, the operator who started it, the sample period and the key id.
    /// </summary>
    /// <remarks>
    /// Payload: u8 format version (<see cref="CurrentFormatVersion"/>), u8 MAC algorithm (1 = HMAC-SHA256, 32-byte tag), u32 sample period ms,
    /// u32 recipe text length (bytes, 0 when the record does not carry it), 32 bytes recipe SHA-256, then texts (u16 length + UTF-8): device id, firmware version, batch id, recipe name,
    /// recipe version, operator id, key id. The start time is the entry's own UTC and monotonic time. When
    /// <see cref="RecipeText"/> is set, the writer stores the recipe's canonical bytes in Recipe entries right after the
    /// header, so the record is self-contained and a restart can restore the batch with the recipe it was started with.
    /// </remarks>
    public sealed class RecordHeader
    {
        /// <summary>
        /// The record format described by <see cref="RecordFormat"/> that this firmware writes. 2: operator action entries
        /// carry the operator's signature (<see cref="OperatorActionEntry"/>). Version 1 records are still read and verified:
        /// the frame layout and MAC chain are the same, and the one entry that grew decodes its older, shorter form.
        /// </summary>
        public const int CurrentFormatVersion = 2;

        /// <summary>MAC algorithm code: HMAC-SHA256 with the full 32-byte tag.</summary>
        public const int HmacSha256Algorithm = 1;

        /// <summary>Default sample period: 10 s (the product requirement's default).</summary>
        public const int DefaultSamplePeriodMilliseconds = 10000;

        /// <summary>Shortest sample period accepted, ms (1 s: the loops' slowest sensor, the CO2 probe, is polled at 1 Hz).</summary>
        public const int MinimumSamplePeriodMilliseconds = 1000;

        /// <summary>Longest sample period accepted, ms (1 h).</summary>
        public const int MaximumSamplePeriodMilliseconds = 3600000;

        /// <summary>Longest batch id, characters (it names the record file: letters, digits, '-' and '_').</summary>
        public const int MaxBatchIdLength = 32;

        /// <summary>Longest recipe text the record carries, bytes (64 Recipe entries).</summary>
        public const int MaxRecipeTextLength = 64 * RecipeEntry.MaxChunkLength;

        /// <summary>Creates a header with the default sample period and an all-zero recipe hash.</summary>
        public RecordHeader()
        {
            FormatVersion = CurrentFormatVersion;
            MacAlgorithm = HmacSha256Algorithm;
            SamplePeriodMilliseconds = DefaultSamplePeriodMilliseconds;
            RecipeSha256 = new byte[Sha256.HashLength];
            KeyId = string.Empty;
        }

        /// <summary>Record format version (read back from the record; <see cref="CurrentFormatVersion"/> when written).</summary>
        public int FormatVersion { get; set; }

        /// <summary>MAC algorithm code (<see cref="HmacSha256Algorithm"/>).</summary>
        public int MacAlgorithm { get; set; }

        /// <summary>The device's identity (e.g. its serial number).</summary>
        public string DeviceId { get; set; }

        /// <summary>The firmware version that wrote the record.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>The batch id; also the record's name in storage.</summary>
        public string BatchId { get; set; }

        /// <summary>The recipe's name.</summary>
        public string RecipeName { get; set; }

        /// <summary>The recipe's version.</summary>
        public string RecipeVersion { get; set; }

        /// <summary>SHA-256 of the recipe's canonical bytes (32 bytes; <see cref="SetRecipe"/> computes it).</summary>
        public byte[] RecipeSha256 { get; set; }

        /// <summary>Length of the recipe's canonical bytes carried by the record, 0 when it does not carry them.</summary>
        public int RecipeLength { get; set; }

        /// <summary>
        /// The recipe's canonical bytes the writer stores after the header (null: only the hash is recorded). Not part of
        /// the header entry itself; <see cref="RecordRecoveryResult.RecipeText"/> gives them back.
        /// </summary>
        public byte[] RecipeText { get; set; }

        /// <summary>Sets <see cref="RecipeText"/>, <see cref="RecipeLength"/> and <see cref="RecipeSha256"/> from the recipe's canonical bytes.</summary>
        public void SetRecipe(byte[] canonicalBytes)
        {
            if (canonicalBytes == null)
            {
                throw new ArgumentNullException("canonicalBytes");
            }

            if (canonicalBytes.Length > MaxRecipeTextLength)
            {
                throw new ArgumentOutOfRangeException("canonicalBytes", "the recipe text must be at most 61440 bytes");
            }

            RecipeText = canonicalBytes;
            RecipeLength = canonicalBytes.Length;
            byte[] hash = new byte[Sha256.HashLength];
            Sha256.Hash(canonicalBytes, 0, canonicalBytes.Length, hash, 0);
            RecipeSha256 = hash;
        }

        /// <summary>The operator who started the batch.</summary>
        public string OperatorId { get; set; }

        /// <summary>Which device key signs the record (lets a verifier pick the key after a key change); may be empty.</summary>
        public string KeyId { get; set; }

        /// <summary>Period of the sample entries, ms.</summary>
        public int SamplePeriodMilliseconds { get; set; }

        /// <summary>Throws ArgumentException naming the first invalid field.</summary>
        public void Validate()
        {
            RequireIdentifier(DeviceId, "DeviceId", true);
            RequireIdentifier(FirmwareVersion, "FirmwareVersion", true);
            RequireIdentifier(RecipeName, "RecipeName", true);
            RequireIdentifier(RecipeVersion, "RecipeVersion", true);
            RequireIdentifier(OperatorId, "OperatorId", true);
            RequireIdentifier(KeyId, "KeyId", false);
            if (!IsValidBatchId(BatchId))
            {
                throw new ArgumentException("BatchId must be 1 to 32 characters of A-Z, a-z, 0-9, '-' or '_'", "BatchId");
            }

            if (RecipeSha256 == null || RecipeSha256.Length != Sha256.HashLength)
            {
                throw new ArgumentException("RecipeSha256 must be 32 bytes", "RecipeSha256");
            }

            if (RecipeText != null)
            {
                byte[] hash = new byte[Sha256.HashLength];
                Sha256.Hash(RecipeText, 0, RecipeText.Length, hash, 0);
                bool same = RecipeText.Length == RecipeLength;
                for (int i = 0; i < hash.Length; i++)
                {
                    same &= hash[i] == RecipeSha256[i];
                }

                if (!same || RecipeLength > MaxRecipeTextLength)
                {
                    throw new ArgumentException("RecipeText must match RecipeLength and RecipeSha256 (use SetRecipe)", "RecipeText");
                }
            }
            else if (RecipeLength != 0)
            {
                throw new ArgumentException("RecipeLength must be 0 when RecipeText is not set", "RecipeLength");
            }

            if (SamplePeriodMilliseconds < MinimumSamplePeriodMilliseconds || SamplePeriodMilliseconds > MaximumSamplePeriodMilliseconds)
            {
                throw new ArgumentOutOfRangeException("SamplePeriodMilliseconds", "SamplePeriodMilliseconds must be 1000 to 3600000");
            }
        }

        /// <summary>Whether <paramref name="batchId"/> can name a record: 1–32 of A-Z, a-z, 0-9, '-', '_'.</summary>
        public static bool IsValidBatchId(string batchId)
        {
            if (batchId == null || batchId.Length == 0 || batchId.Length > MaxBatchIdLength)
            {
                return false;
            }

            for (int i = 0; i < batchId.Length; i++)
            {
                char c = batchId[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Decodes the header entry, or returns null when the frame is not a well-formed header.</summary>
        public static RecordHeader Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.Header)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var header = new RecordHeader();
            header.FormatVersion = reader.UInt8();
            header.MacAlgorithm = reader.UInt8();
            header.SamplePeriodMilliseconds = (int)reader.UInt32();
            header.RecipeLength = (int)reader.UInt32();
            header.RecipeSha256 = reader.Bytes(Sha256.HashLength);
            header.DeviceId = reader.Text();
            header.FirmwareVersion = reader.Text();
            header.BatchId = reader.Text();
            header.RecipeName = reader.Text();
            header.RecipeVersion = reader.Text();
            header.OperatorId = reader.Text();
            header.KeyId = reader.Text();
            return reader.Failed ? null : header;
        }

        internal void Encode(PayloadBuilder payload)
        {
            payload.UInt8(CurrentFormatVersion);
            payload.UInt8(HmacSha256Algorithm);
            payload.UInt32(SamplePeriodMilliseconds);
            payload.UInt32(RecipeLength);
            payload.Bytes(RecipeSha256, Sha256.HashLength);
            payload.Text(DeviceId, RecordFormat.MaxIdentifierBytes);
            payload.Text(FirmwareVersion, RecordFormat.MaxIdentifierBytes);
            payload.Text(BatchId, RecordFormat.MaxIdentifierBytes);
            payload.Text(RecipeName, RecordFormat.MaxIdentifierBytes);
            payload.Text(RecipeVersion, RecordFormat.MaxIdentifierBytes);
            payload.Text(OperatorId, RecordFormat.MaxIdentifierBytes);
            payload.Text(KeyId, RecordFormat.MaxIdentifierBytes);
        }

        private static void RequireIdentifier(string value, string name, bool required)
        {
            if (value == null || (required && value.Length == 0))
            {
                throw new ArgumentException(name + " must not be empty", name);
            }

            if (Utf8Text.GetByteCount(value) > RecordFormat.MaxIdentifierBytes)
            {
                throw new ArgumentException(name + " must be at most 64 UTF-8 bytes", name);
            }
        }
    }
}
