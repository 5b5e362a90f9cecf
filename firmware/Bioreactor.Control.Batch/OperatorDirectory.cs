using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// The device configuration's list of operators and their roles (<see cref="OperatorRole"/>); what each role may
    /// do is in <see cref="OperatorPermissions"/>. Looked up by exact operator id; two ids that differ only in letter
    /// case are refused, so one person cannot appear as two. Authentication (who typed the id) is the transport's and
    /// the client's job; the batch layer authorises by id.
    /// </summary>
    /// <remarks>
    /// Text form (<see cref="Parse"/>, <see cref="Write"/>), in the recipe files' style:
    /// <code>
    ///   # comment
    ///   [operators]
    ///   a.smith = technician          operator id (1-32 of A-Z a-z 0-9 . _ -) = technician | qa | administrator
    ///   qa.jones = qa
    ///   admin = administrator
    /// </code>
    /// At least one administrator is required, so the configuration can always be changed again.
    /// </remarks>
    public sealed class OperatorDirectory
    {
        /// <summary>Most operators a directory holds.</summary>
        public const int MaximumOperators = 64;

        /// <summary>The section name of the text form.</summary>
        public const string Section = "operators";

        private readonly string[] _ids = new string[MaximumOperators];
        private readonly OperatorRole[] _roles = new OperatorRole[MaximumOperators];
        private int _count;
        private readonly string[] _names = new string[MaximumOperators];
        private readonly OperatorCredential[] _credentials = new OperatorCredential[MaximumOperators];

        /// <summary>TEMPORARY.</summary>
        public void Add(string operatorId, OperatorRole role, string printedName, OperatorCredential credential)
        {
            Add(operatorId, role);
            _names[_count - 1] = printedName;
            _credentials[_count - 1] = credential;
        }

        /// <summary>TEMPORARY.</summary>
        public string GetPrintedName(string operatorId)
        {
            int i = IndexOf(operatorId);
            return i < 0 ? null : _names[i];
        }

        /// <summary>TEMPORARY.</summary>
        public OperatorCredential GetCredential(string operatorId)
        {
            int i = IndexOf(operatorId);
            return i < 0 ? null : _credentials[i];
        }

        /// <summary>Number of operators.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Number of administrators.</summary>
        public int AdministratorCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _count; i++)
                {
                    if (_roles[i] == OperatorRole.Administrator)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>
        /// Adds an operator. Throws ArgumentException for a malformed id, an id already present (ignoring case), a role
        /// other than technician, QA or administrator, or a full directory.
        /// </summary>
        public void Add(string operatorId, OperatorRole role)
        {
            string problem = Check(operatorId, role);
            if (problem != null)
            {
                throw new ArgumentException(problem, "operatorId");
            }

            _ids[_count] = operatorId;
            _roles[_count] = role;
            _count++;
        }

        /// <summary>The operator's role; <see cref="OperatorRole.None"/> when the id is not in the directory.</summary>
        public OperatorRole GetRole(string operatorId)
        {
            int i = IndexOf(operatorId);
            return i < 0 ? OperatorRole.None : _roles[i];
        }

        /// <summary>The id of the operator at <paramref name="index"/> (0 to Count − 1, in the order added).</summary>
        public string GetOperatorId(int index)
        {
            CheckIndex(index);
            return _ids[index];
        }

        /// <summary>The role of the operator at <paramref name="index"/>.</summary>
        public OperatorRole GetRoleAt(int index)
        {
            CheckIndex(index);
            return _roles[index];
        }

        /// <summary>
        /// A small positive number for an operator id (its position + 1; 0 when unknown), for the alarm manager's
        /// integer operator reference. Valid until the directory is replaced; the batch events carry the id itself.
        /// </summary>
        public int GetReference(string operatorId)
        {
            return IndexOf(operatorId) + 1;
        }

        /// <summary>A copy.</summary>
        public OperatorDirectory Clone()
        {
            var copy = new OperatorDirectory();
            for (int i = 0; i < _count; i++)
            {
                copy.Add(_ids[i], _roles[i], _names[i], _credentials[i]);
            }

            return copy;
        }

        /// <summary>The text form, canonical: the section line, then "id = role" lines in the order added, '\n' ends.</summary>
        public string Write()
        {
            string[] parts = new string[_count + 1];
            parts[0] = "[" + Section + "]\n";
            for (int i = 0; i < _count; i++)
            {
                parts[i + 1] = _ids[i] + " = " + BatchNames.RoleName(_roles[i]) + "\n";
            }

            return string.Concat(parts);
        }

        /// <summary>
        /// Reads the text form. On success <paramref name="directory"/> holds the operators; otherwise it is null and the
        /// result names the line and the rule.
        /// </summary>
        public static ValidationResult Parse(string text, out OperatorDirectory directory)
        {
            directory = null;
            var built = new OperatorDirectory();
            var lines = new int[MaximumOperators];
            bool inSection = false;
            var reader = new ConfigReader(text);
            while (reader.Next())
            {
                int line = reader.LineNumber;
                if (reader.Kind == ConfigLineKind.Section)
                {
                    if (reader.Section != Section || inSection)
                    {
                        return new ValidationResult(null, "unexpected section '[" + reader.Section + "]'; the file has one [operators] section", line);
                    }

                    inSection = true;
                    continue;
                }

                if (reader.Kind == ConfigLineKind.Malformed)
                {
                    return new ValidationResult(null, "expected 'operator id = role', the [operators] line or a '#' comment", line);
                }

                if (!inSection)
                {
                    return new ValidationResult(null, "operators must follow the [operators] line", line);
                }

                if (!BatchNames.TryParseRole(reader.Value, out OperatorRole role))
                {
                    return new ValidationResult(reader.Key, "the role of '" + reader.Key + "' must be technician, qa or administrator, got '"
                        + reader.Value + "'", line);
                }

                int existing = built.IndexOfIgnoringCase(reader.Key);
                if (existing >= 0)
                {
                    return new ValidationResult(reader.Key, "operator '" + reader.Key + "' is already listed on line "
                        + InvariantNumber.FormatInteger(lines[existing]) + " (ids are unique, ignoring case)", line);
                }

                string problem = built.Check(reader.Key, role);
                if (problem != null)
                {
                    return new ValidationResult(reader.Key, problem, line);
                }

                lines[built._count] = line;
                built.Add(reader.Key, role);
            }

            if (built.AdministratorCount == 0)
            {
                return new ValidationResult(null, "the directory must list at least one administrator", 0);
            }

            directory = built;
            return ValidationResult.Valid;
        }

        private string Check(string operatorId, OperatorRole role)
        {
            if (!TextRules.IsIdentifier(operatorId))
            {
                return "an operator id must be " + TextRules.IdentifierRule;
            }

            if (role != OperatorRole.Technician && role != OperatorRole.Qa && role != OperatorRole.Administrator)
            {
                return "the role of '" + operatorId + "' must be technician, qa or administrator";
            }

            if (IndexOfIgnoringCase(operatorId) >= 0)
            {
                return "operator '" + operatorId + "' is already in the directory (ids are unique, ignoring case)";
            }

            if (_count == MaximumOperators)
            {
                return "the directory holds at most 64 operators";
            }

            return null;
        }

        private int IndexOf(string operatorId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_ids[i] == operatorId)
                {
                    return i;
                }
            }

            return -1;
        }

        private int IndexOfIgnoringCase(string operatorId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (TextRules.EqualsIgnoringCase(_ids[i], operatorId))
                {
                    return i;
                }
            }

            return -1;
        }

        private void CheckIndex(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new ArgumentOutOfRangeException("index", "index must be 0 to Count - 1");
            }
        }
    }
}
