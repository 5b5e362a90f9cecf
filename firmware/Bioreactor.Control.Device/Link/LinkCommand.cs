using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// One command of the protocol (docs/mqtt-protocol.md, "Commands") as data: its name (the topic's last level), the
    /// fields it has besides the common ones, who may send it, the meanings its signature may have, and what runs it.
    /// <see cref="All"/> is the table.
    /// </summary>
    internal sealed class LinkCommand
    {
        /// <summary>
        /// Built into an <see cref="OperatorRequest"/> and carried out by the firmware (BioreactorFirmware.Execute), whose
        /// batch layer checks who may and records it, accepted or refused: every operator action reaches the record this way.
        /// </summary>
        public const int RunsBatchRequest = 0;

        /// <summary>Answers with the device's status.</summary>
        public const int RunsStatus = 1;

        /// <summary>Lists the records in storage.</summary>
        public const int RunsRecordList = 2;

        /// <summary>Answers with a chunk of one record.</summary>
        public const int RunsRecordFetch = 3;

        /// <summary>Answers with what a client needs to sign as an operator (salt, iterations, session).</summary>
        public const int RunsSigner = 4;

        /// <summary>The fields every command may have.</summary>
        public static readonly string[] CommonFields = { "id", "replyTo" };

        /// <summary>The fields every signed command (every command that changes state or enters the record) has besides.</summary>
        public static readonly string[] SignedFields = { "operator", "meaning", "signedAt", "signature", "reason" };

        // The meanings a signature may have (21 CFR 11.50(a)(3)), one bit per SignatureMeaning.
        private const int Performed = 1 << (int)SignatureMeaning.Performed;
        private const int ReviewedOrApproved = (1 << (int)SignatureMeaning.Reviewed) | (1 << (int)SignatureMeaning.Approved);
        private const int Approved = 1 << (int)SignatureMeaning.Approved;
        private const int Released = 1 << (int)SignatureMeaning.Released;

        /// <summary>The protocol's commands.</summary>
        public static readonly LinkCommand[] All =
        {
            new LinkCommand("start", BatchAction.Start, Performed, new string[] { "batchId", "recipe" }),
            new LinkCommand("hold", BatchAction.Hold, Performed, new string[0]),
            new LinkCommand("resume", BatchAction.Resume, Performed, new string[0]),
            new LinkCommand("abort", BatchAction.Abort, Performed, new string[0]),

            // The batch's disposition: QA's (or an administrator's) release (EU GMP Annex 16; 21 CFR 11.50).
            new LinkCommand("clear", BatchAction.Clear, Released, new string[0]),
            new LinkCommand("confirm", BatchAction.ConfirmPhase, Performed, new string[] { "text" }),
            new LinkCommand("setpoint", BatchAction.ChangeSetPoint, Performed, new string[] { "variable", "value" }),
            new LinkCommand("ack", BatchAction.AcknowledgeAlarm, Performed, new string[] { "alarm" }),

            // A note is written (performed), or a review comment (reviewed) or an approval (approved) of what it says.
            new LinkCommand("note", BatchAction.Note, Performed | ReviewedOrApproved, new string[] { "text" }),

            new LinkCommand("autotune-start", BatchAction.AutotuneStart, Performed, new string[0]),
            new LinkCommand("autotune-stop", BatchAction.AutotuneStop, Performed, new string[0]),
            new LinkCommand("unlock", BatchAction.UnlockOperator, Approved, new string[] { "lockedOperator" }),

            // Read-only and unsigned: the broker's access list governs them.
            new LinkCommand("status", RunsStatus, new string[0]),
            new LinkCommand("records", RunsRecordList, new string[0]),
            new LinkCommand("record", RunsRecordFetch, new string[] { "record", "fromSequence", "maxEntries", "offset" }),
            new LinkCommand("signer", RunsSigner, new string[] { "operator" }),
        };

        /// <summary>The command names, for a refusal's message.</summary>
        public const string NameList = "start, hold, resume, abort, clear, confirm, setpoint, ack, note, autotune-start, autotune-stop, "
            + "unlock, status, records, record, signer";

        private LinkCommand(string name, BatchAction action, int meanings, string[] fields)
        {
            Name = name;
            Runs = RunsBatchRequest;
            Action = action;
            _meanings = meanings;
            Fields = fields;
        }

        private LinkCommand(string name, int runs, string[] fields)
        {
            Name = name;
            Runs = runs;
            Fields = fields;
        }

        /// <summary>The topic's last level.</summary>
        public readonly string Name;

        /// <summary>What runs it (one of the Runs constants).</summary>
        public readonly int Runs;

        /// <summary>
        /// The batch action it asks for, when it <see cref="ChangesState"/>; who may send it is the batch layer's role table
        /// for that action (OperatorPermissions), checked and recorded there.
        /// </summary>
        public readonly BatchAction Action;

        /// <summary>
        /// True when it changes state or enters the record: it is signed, and its refusals enter the audit trail. False for
        /// the read-only commands, unsigned (the broker's access list governs them).
        /// </summary>
        public bool ChangesState
        {
            get { return Runs == RunsBatchRequest; }
        }

        /// <summary>Its own fields besides <see cref="CommonFields"/> (and <see cref="SignedFields"/> when it changes state).</summary>
        public readonly string[] Fields;

        private readonly int _meanings;

        /// <summary>Whether its signature may have <paramref name="meaning"/>.</summary>
        public bool Allows(SignatureMeaning meaning)
        {
            return (_meanings & (1 << (int)meaning)) != 0;
        }

        /// <summary>The meanings its signature may have, for a refusal's message.</summary>
        public string MeaningList
        {
            get
            {
                string list = string.Empty;
                for (int m = (int)SignatureMeaning.Performed; m <= (int)SignatureMeaning.Released; m++)
                {
                    if (Allows((SignatureMeaning)m))
                    {
                        list = list.Length == 0 ? BatchNames.MeaningName((SignatureMeaning)m) : list + " or " + BatchNames.MeaningName((SignatureMeaning)m);
                    }
                }

                return list;
            }
        }

        /// <summary>The command of that name, or null.</summary>
        public static LinkCommand Find(string name)
        {
            for (int i = 0; i < All.Length; i++)
            {
                if (All[i].Name == name)
                {
                    return All[i];
                }
            }

            return null;
        }

        /// <summary>Whether <paramref name="name"/> is a common field or one of this command's.</summary>
        public bool HasField(string name)
        {
            return Contains(CommonFields, name) || Contains(Fields, name) || (ChangesState && Contains(SignedFields, name));
        }

        private static bool Contains(string[] names, string name)
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
