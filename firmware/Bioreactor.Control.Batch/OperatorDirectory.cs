using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// The device configuration's list of operators: id, role (<see cref="OperatorRole"/>), printed name and credential
    /// (<see cref="OperatorCredential"/>, the password verifier that is the operator's signing key). What each role may
    /// do is in <see cref="OperatorPermissions"/>. Looked up by exact operator id; two ids that differ only in letter
    /// case are refused, so one person cannot appear as two. The link checks each command's signature with the
    /// operator's credential; the batch layer authorises by id. The directory holds signing keys: it is a device secret
    /// like the record key.
    /// </summary>
    /// <remarks>
    /// Text form (<see cref="Parse"/>, <see cref="Write"/>), in the recipe files' style:
    /// <code>
    ///   # id = role | printed name | credential
    ///   [operators]
    ///   a.smith = technician | Alex Smith | pbkdf2-sha256$600000$&lt;32 hex&gt;$&lt;64 hex&gt;
    ///   qa.jones = qa | Jo Jones | pbkdf2-sha256$600000$&lt;32 hex&gt;$&lt;64 hex&gt;
    ///   admin = administrator
    /// </code>
    /// The operator id is 1-32 of A-Z a-z 0-9 . _ -; the role technician, qa or administrator; the printed name (the name
    /// a signature shows) <see cref="PrintedNameRule"/>; the credential <see cref="OperatorCredential.Rule"/>. The older
    /// forms "id = role" and "id = role | printed name" still read: such an operator has no credential and cannot sign
    /// (every signed command of theirs is refused). At least one administrator is required, so the configuration can
    /// always be changed again.
    /// </remarks>
    public sealed class OperatorDirectory
    {
        /// <summary>Most operators a directory holds.</summary>
        public const int MaximumOperators = 64;

        /// <summary>The section name of the text form.</summary>
        public const string Section = "operators";

        /// <summary>Longest printed name, characters.</summary>
        public const int MaximumPrintedNameLength = 64;

        /// <summary>The printed name rule in words, for messages.</summary>
        public const string PrintedNameRule = "1 to 64 characters on one line, not blank, without '|' and without leading or trailing spaces";

        private readonly string[] _ids = new string[MaximumOperators];
        private readonly OperatorRole[] _roles = new OperatorRole[MaximumOperators];

        // "" for no printed name (nanoCLR: never a null in a string array); a credential's presence in its own flag.
        private readonly string[] _names = new string[MaximumOperators];
        private readonly OperatorCredential[] _credentials = new OperatorCredential[MaximumOperators];
        private readonly bool[] _hasCredential = new bool[MaximumOperators];
        private int _count;

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

            Append(operatorId, role, string.Empty, null);
        }

        /// <summary>
        /// Adds an operator with a printed name and a credential (null: the operator cannot sign). Throws ArgumentException
        /// as <see cref="Add(string, OperatorRole)"/> does, and for a printed name that breaks <see cref="PrintedNameRule"/>.
        /// </summary>
        public void Add(string operatorId, OperatorRole role, string printedName, OperatorCredential credential)
        {
            string problem = Check(operatorId, role);
            if (problem == null && !IsPrintedName(printedName))
            {
                problem = "the printed name of '" + operatorId + "' must be " + PrintedNameRule;
            }

            if (problem != null)
            {
                throw new ArgumentException(problem, "operatorId");
            }

            Append(operatorId, role, printedName, credential);
        }

        /// <summary>The operator's printed name; null when the id is not in the directory or the operator has none.</summary>
        public string GetPrintedName(string operatorId)
        {
            int i = IndexOf(operatorId);
            if (i < 0 || _names[i].Length == 0)
            {
                return null;
            }

            return _names[i];
        }

        /// <summary>The operator's credential; null when the id is not in the directory or the operator has none.</summary>
        public OperatorCredential GetCredential(string operatorId)
        {
            int i = IndexOf(operatorId);
            if (i < 0 || !_hasCredential[i])
            {
                return null;
            }

            return _credentials[i];
        }

        /// <summary>
        /// True for a printed name that follows <see cref="PrintedNameRule"/>: 1-64 characters, no control characters
        /// (TextRules.IsText), not only spaces, no '|' (the text form's separator), no space at either end (the text form
        /// trims, so it would not read back the same).
        /// </summary>
        public static bool IsPrintedName(string printedName)
        {
            if (string.IsNullOrEmpty(printedName) || printedName.Length > MaximumPrintedNameLength || !TextRules.IsText(printedName, false))
            {
                return false;
            }

            char[] chars = printedName.ToCharArray();
            if (chars[0] == ' ' || chars[chars.Length - 1] == ' ')
            {
                return false;
            }

            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '|')
                {
                    return false;
                }
            }

            return true;
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
                copy.Append(_ids[i], _roles[i], _names[i], _hasCredential[i] ? _credentials[i] : null);
            }

            return copy;
        }

        /// <summary>
        /// The text form, canonical: the section line, then one line per operator in the order added, '\n' ends:
        /// "id = role | printed name | credential", or "id = role | printed name" without a credential, or "id = role"
        /// for an operator added without a printed name. The text holds the signing keys: store it as a secret.
        /// </summary>
        public string Write()
        {
            return Compose(true);
        }

        /// <summary>
        /// The text form without the credentials (ids, roles, printed names): what the batch record keeps of a directory
        /// change, which must never hold a signing key.
        /// </summary>
        public string Describe()
        {
            return Compose(false);
        }

        private string Compose(bool withCredentials)
        {
            string[] parts = new string[_count + 1];
            parts[0] = "[" + Section + "]\n";
            for (int i = 0; i < _count; i++)
            {
                string line = _ids[i] + " = " + BatchNames.RoleName(_roles[i]);
                if (_names[i].Length > 0)
                {
                    line = line + " | " + _names[i];
                }

                if (_hasCredential[i] && withCredentials)
                {
                    line = line + " | " + _credentials[i].Format();
                }

                parts[i + 1] = line + "\n";
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
                    return new ValidationResult(null, "expected 'operator id = role', 'operator id = role | printed name | credential', "
                        + "the [operators] line or a '#' comment", line);
                }

                if (!inSection)
                {
                    return new ValidationResult(null, "operators must follow the [operators] line", line);
                }

                string[] fields = SplitFields(reader.Value);
                if (fields == null)
                {
                    return new ValidationResult(reader.Key, "the entry of '" + reader.Key
                        + "' must be 'role', 'role | printed name' or 'role | printed name | credential'", line);
                }

                // Messages quote the role and the name, never the credential: its verifier is a signing key.
                if (!BatchNames.TryParseRole(fields[0], out OperatorRole role))
                {
                    return new ValidationResult(reader.Key, "the role of '" + reader.Key + "' must be technician, qa or administrator, got '"
                        + fields[0] + "'", line);
                }

                string printedName = fields.Length > 1 ? fields[1] : string.Empty;
                if (fields.Length > 1 && !IsPrintedName(printedName))
                {
                    return new ValidationResult(reader.Key, "the printed name of '" + reader.Key + "' must be " + PrintedNameRule, line);
                }

                OperatorCredential credential = null;
                if (fields.Length > 2)
                {
                    string credentialProblem = OperatorCredential.Parse(fields[2], out credential);
                    if (credentialProblem != null)
                    {
                        return new ValidationResult(reader.Key, "the credential of '" + reader.Key + "' is not valid: " + credentialProblem
                            + " (" + OperatorCredential.Rule + ")", line);
                    }
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
                built.Append(reader.Key, role, printedName, credential);
            }

            if (built.AdministratorCount == 0)
            {
                return new ValidationResult(null, "the directory must list at least one administrator", 0);
            }

            directory = built;
            return ValidationResult.Valid;
        }

        /// <summary>
        /// The value's fields split at '|' and trimmed of spaces and tabs: 1 to 3 of them, else null. Over a char array
        /// (String.IndexOf misplaces characters after a surrogate pair on nanoCLR, and a printed name may hold one).
        /// </summary>
        private static string[] SplitFields(string value)
        {
            char[] chars = value.ToCharArray();
            int bars = 0;
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '|')
                {
                    bars++;
                }
            }

            if (bars > 2)
            {
                return null;
            }

            string[] fields = new string[bars + 1];
            int start = 0;
            int field = 0;
            for (int i = 0; i <= chars.Length; i++)
            {
                if (i == chars.Length || chars[i] == '|')
                {
                    fields[field++] = Trimmed(chars, start, i);
                    start = i + 1;
                }
            }

            return fields;
        }

        private static string Trimmed(char[] chars, int start, int end)
        {
            while (start < end && (chars[start] == ' ' || chars[start] == '\t'))
            {
                start++;
            }

            while (end > start && (chars[end - 1] == ' ' || chars[end - 1] == '\t'))
            {
                end--;
            }

            return start == end ? string.Empty : new string(chars, start, end - start);
        }

        private void Append(string operatorId, OperatorRole role, string printedName, OperatorCredential credential)
        {
            _ids[_count] = operatorId;
            _roles[_count] = role;
            _names[_count] = string.IsNullOrEmpty(printedName) ? string.Empty : printedName;
            _credentials[_count] = credential;
            _hasCredential[_count] = credential != null;
            _count++;
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
