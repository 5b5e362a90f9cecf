using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// One command of the protocol (docs/mqtt-protocol.md, "Commands") as data: its name (the topic's last level), the
    /// fields it has besides the common ones, who may send it, and what runs it. <see cref="All"/> is the table.
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

        /// <summary>The fields every command may have.</summary>
        public static readonly string[] CommonFields = { "id", "operator", "role", "reason", "replyTo" };

        /// <summary>The protocol's commands.</summary>
        public static readonly LinkCommand[] All =
        {
            new LinkCommand("start", BatchAction.Start, new string[] { "batchId", "recipe" }),
            new LinkCommand("hold", BatchAction.Hold, new string[0]),
            new LinkCommand("resume", BatchAction.Resume, new string[0]),
            new LinkCommand("abort", BatchAction.Abort, new string[0]),
            new LinkCommand("clear", BatchAction.Clear, new string[0]),
            new LinkCommand("confirm", BatchAction.ConfirmPhase, new string[] { "text" }),
            new LinkCommand("setpoint", BatchAction.ChangeSetPoint, new string[] { "variable", "value" }),
            new LinkCommand("ack", BatchAction.AcknowledgeAlarm, new string[] { "alarm" }),
            new LinkCommand("note", BatchAction.Note, new string[] { "text" }),

            new LinkCommand("autotune-start", BatchAction.AutotuneStart, new string[0]),
            new LinkCommand("autotune-stop", BatchAction.AutotuneStop, new string[0]),

            // Read-only: every role of the directory.
            new LinkCommand("status", RunsStatus, new string[0]),
            new LinkCommand("records", RunsRecordList, new string[0]),
            new LinkCommand("record", RunsRecordFetch, new string[] { "record", "fromSequence", "maxEntries", "offset" }),
        };

        /// <summary>The command names, for a refusal's message.</summary>
        public const string NameList = "start, hold, resume, abort, clear, confirm, setpoint, ack, note, autotune-start, autotune-stop, "
            + "status, records, record";

        private LinkCommand(string name, BatchAction action, string[] fields)
        {
            Name = name;
            Runs = RunsBatchRequest;
            Action = action;
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
        /// True when it changes state or enters the record: its refusals of an identified operator enter the audit trail.
        /// False for the read-only commands, which every role of the directory may send.
        /// </summary>
        public bool ChangesState
        {
            get { return Runs == RunsBatchRequest; }
        }

        /// <summary>Its own fields besides <see cref="CommonFields"/>.</summary>
        public readonly string[] Fields;

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
            return Contains(CommonFields, name) || Contains(Fields, name);
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
