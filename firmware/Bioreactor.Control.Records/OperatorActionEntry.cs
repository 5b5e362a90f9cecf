namespace Bioreactor.Control.Records
{
    /// <summary>What became of an operator's command.</summary>
    public enum OperatorActionOutcome
    {
        /// <summary>Carried out.</summary>
        Done = 0,

        /// <summary>Refused (no authority, wrong state, invalid value): refusals belong in the audit trail too.</summary>
        Rejected = 1,

        /// <summary>Accepted but failed while carried out.</summary>
        Failed = 2,
    }

    /// <summary>
    /// An operator action for the audit trail (21 CFR 11.10(e): who, what, when, why, old and new value), with the
    /// operator's electronic signature of it (§11.50: printed name, time, meaning; §11.70: bound to this entry by the
    /// record's MAC chain).
    /// Payload: u8 outcome, i32 result code (the batch layer's, why a request was refused; 0 when done), u8 operator role
    /// (the batch layer's role code at the time: the authority the action was checked against), i64 batch event number,
    /// texts: operator id (64 bytes), action (64), target (64), reason (256), old value (128), new value (128); then, from
    /// record format 2: u8 signature meaning (the batch layer's SignatureMeaning code, 0 = unsigned), text signer's
    /// printed name (64), i64 signer's UTC when signing (ms since 1970-01-01, 0 when unsigned), text signature MAC (64:
    /// 64 lowercase hex). Values are text formatted by the caller (invariant culture). An entry of a format 1 record ends
    /// after the new value: it decodes as unsigned (the signature fields are read only when bytes remain, so a record
    /// begun by format 1 firmware and continued after an update decodes entry by entry).
    /// </summary>
    public sealed class OperatorActionEntry
    {
        /// <summary>What became of the command.</summary>
        public OperatorActionOutcome Outcome { get; private set; }

        /// <summary>The reporting layer's result code (0 when done).</summary>
        public int ResultCode { get; private set; }

        /// <summary>The operator's role code at the time.</summary>
        public int Role { get; private set; }

        /// <summary>The batch layer's event number (BatchEvent.Sequence), 0 when the entry did not come from a batch event.</summary>
        public long BatchEventSequence { get; private set; }

        /// <summary>Who.</summary>
        public string OperatorId { get; private set; }

        /// <summary>What (the command's name).</summary>
        public string Action { get; private set; }

        /// <summary>What it acted on (a parameter, a phase, an alarm).</summary>
        public string Target { get; private set; }

        /// <summary>Why, as the operator gave it.</summary>
        public string Reason { get; private set; }

        /// <summary>The value before.</summary>
        public string OldValue { get; private set; }

        /// <summary>The value after.</summary>
        public string NewValue { get; private set; }

        /// <summary>The signature's meaning (the batch layer's SignatureMeaning code); 0 when the action was not signed.</summary>
        public int Meaning { get; private set; }

        /// <summary>The signer's printed name; empty when unsigned.</summary>
        public string SignerName { get; private set; }

        /// <summary>The signer's UTC when signing, ms since 1970-01-01; 0 when unsigned.</summary>
        public long SignedAtMilliseconds { get; private set; }

        /// <summary>The command's signature (64 lowercase hex); empty when unsigned.</summary>
        public string SignatureMac { get; private set; }

        /// <summary>Decodes an operator action entry, or null when the frame is not one.</summary>
        public static OperatorActionEntry Decode(RecordFrame frame)
        {
            if (frame == null || frame.Type != RecordEntryType.OperatorAction)
            {
                return null;
            }

            var reader = new PayloadReader(frame);
            var entry = new OperatorActionEntry();
            entry.Outcome = (OperatorActionOutcome)reader.UInt8();
            entry.ResultCode = reader.Int32();
            entry.Role = reader.UInt8();
            entry.BatchEventSequence = reader.Int64();
            entry.OperatorId = reader.Text();
            entry.Action = reader.Text();
            entry.Target = reader.Text();
            entry.Reason = reader.Text();
            entry.OldValue = reader.Text();
            entry.NewValue = reader.Text();
            entry.SignerName = string.Empty;
            entry.SignatureMac = string.Empty;
            if (!reader.AtEnd)
            {
                entry.Meaning = reader.UInt8();
                entry.SignerName = reader.Text();
                entry.SignedAtMilliseconds = reader.Int64();
                entry.SignatureMac = reader.Text();
            }

            return reader.Failed ? null : entry;
        }

        internal static void Encode(PayloadBuilder payload, string operatorId, string action, string target, string reason,
            string oldValue, string newValue, OperatorActionOutcome outcome, int resultCode, int role, long batchEventSequence,
            int meaning, string signerName, long signedAtMilliseconds, string signatureMac)
        {
            payload.UInt8((int)outcome);
            payload.Int32(resultCode);
            payload.UInt8(role);
            payload.Int64(batchEventSequence);
            payload.Text(operatorId, RecordFormat.MaxIdentifierBytes);
            payload.Text(action, RecordFormat.MaxIdentifierBytes);
            payload.Text(target, RecordFormat.MaxIdentifierBytes);
            payload.Text(reason, RecordFormat.MaxReasonBytes);
            payload.Text(oldValue, RecordFormat.MaxValueBytes);
            payload.Text(newValue, RecordFormat.MaxValueBytes);
            payload.UInt8(meaning);
            payload.Text(signerName, RecordFormat.MaxIdentifierBytes);
            payload.Int64(signedAtMilliseconds);
            payload.Text(signatureMac, RecordFormat.MaxIdentifierBytes);
        }
    }
}
