using System;
using System.Collections.Generic;
using System.IO;

namespace Bioreactor.Host.Infrastructure.Mqtt
{
    /// <summary>
    /// A topic access list in mosquitto's <c>acl_file</c> syntax (mosquitto.conf(5), "acl_file"), so the embedded broker
    /// enforces the same file as the plant's mosquitto:
    /// <code>
    /// # comment
    /// topic [read|write|readwrite|deny] &lt;topic&gt;     before any "user" line: anonymous clients; after: that user
    /// user &lt;username&gt;
    /// pattern [read|write|readwrite|deny] &lt;topic&gt;   every client; %u = its user name, %c = its client id
    /// </code>
    /// The access word may be omitted (readwrite). Topics may hold + and # wildcards. Deny lines are checked before the
    /// granting ones, as mosquitto does. A client whose user name or client id contains '/', '+' or '#' gets nothing from
    /// the pattern naming it (it could otherwise reach another device's tree). A topic starting with '$' is not matched by
    /// a leading wildcard (MQTT 5.0 §4.7.2).
    /// </summary>
    /// <remarks>
    /// Subscriptions: mosquitto checks read access per delivered message; this list is checked when subscribing instead,
    /// and a filter is granted only when a readable rule covers every topic it can match and no deny rule overlaps it.
    /// For the plant's file the outcome is the same: a subscription reaching beyond what a user may read is refused rather
    /// than silently filtered.
    /// </remarks>
    public sealed class MqttAccessList
    {
        private readonly List<Rule> rules;

        private MqttAccessList(List<Rule> rules, string source)
        {
            this.rules = rules;
            Source = source;
        }

        /// <summary>Number of topic and pattern lines.</summary>
        public int RuleCount => rules.Count;

        /// <summary>The file this was loaded from; null when parsed from text.</summary>
        public string Source { get; }

        /// <summary>Parses access-list text; errors name the line.</summary>
        /// <exception cref="FormatException">A line is neither a comment, "user", "topic" nor "pattern", or lacks its topic.</exception>
        public static MqttAccessList Parse(string text) => Parse(text, null);

        /// <summary>Reads and parses an access-list file.</summary>
        /// <exception cref="FormatException">The file's text is invalid (see <see cref="Parse(string)"/>).</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public static MqttAccessList Load(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string text = File.ReadAllText(path);
            try
            {
                return Parse(text, path);
            }
            catch (FormatException error)
            {
                throw new FormatException($"{path}: {error.Message}", error);
            }
        }

        private static MqttAccessList Parse(string text, string source)
        {
            ArgumentNullException.ThrowIfNull(text);
            var rules = new List<Rule>();
            string user = null;
            bool userSection = false;
            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            for (int index = 0; index < lines.Length; index++)
            {
                string line = lines[index].Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                string keyword = FirstWord(line, out string rest);
                switch (keyword)
                {
                    case "user":
                        if (rest.Length == 0)
                        {
                            throw new FormatException($"Access list line {index + 1}: 'user' without a user name.");
                        }

                        user = rest;
                        userSection = true;
                        break;
                    case "topic":
                    case "pattern":
                        Access access = ParseAccess(rest, index + 1, out string topic);
                        rules.Add(new Rule(keyword == "pattern", userSection, user, access, topic));
                        break;
                    default:
                        throw new FormatException(
                            $"Access list line {index + 1}: unknown keyword '{keyword}'; allowed: user, topic, pattern, or # for a comment.");
                }
            }

            return new MqttAccessList(rules, source);
        }

        /// <summary>True when the client may publish to <paramref name="topic"/> (a topic name, no wildcards).</summary>
        /// <param name="username">The client's user name; null when anonymous.</param>
        /// <param name="clientId">The client's identifier.</param>
        /// <param name="topic">The topic published to.</param>
        public bool MayPublish(string username, string clientId, string topic)
        {
            return Decide(username, clientId, topic, Access.Write, subscribing: false);
        }

        /// <summary>True when the client may receive messages on <paramref name="topic"/> (a topic name, no wildcards).</summary>
        /// <param name="username">The client's user name; null when anonymous.</param>
        /// <param name="clientId">The client's identifier.</param>
        /// <param name="topic">The topic of the message.</param>
        public bool MayRead(string username, string clientId, string topic)
        {
            return Decide(username, clientId, topic, Access.Read, subscribing: false);
        }

        /// <summary>
        /// True when the client may subscribe to <paramref name="topicFilter"/>: a readable rule covers every topic the filter
        /// can match and no deny rule overlaps it.
        /// </summary>
        /// <param name="username">The client's user name; null when anonymous.</param>
        /// <param name="clientId">The client's identifier.</param>
        /// <param name="topicFilter">The subscription's topic filter (wildcards allowed).</param>
        public bool MaySubscribe(string username, string clientId, string topicFilter)
        {
            return Decide(username, clientId, topicFilter, Access.Read, subscribing: true);
        }

        private bool Decide(string username, string clientId, string topicOrFilter, Access wanted, bool subscribing)
        {
            if (string.IsNullOrEmpty(topicOrFilter))
            {
                return false;
            }

            string[] subject = topicOrFilter.Split('/');
            bool granted = false;
            foreach (Rule rule in rules)
            {
                string aclTopic = rule.TopicFor(username, clientId);
                if (aclTopic == null)
                {
                    continue;
                }

                string[] acl = aclTopic.Split('/');
                if (rule.Access == Access.Deny)
                {
                    if (subscribing ? TopicFilter.Overlap(acl, subject) : TopicFilter.Matches(acl, subject))
                    {
                        return false;
                    }
                }
                else if (!granted && (rule.Access & wanted) != 0)
                {
                    granted = subscribing ? TopicFilter.Covers(acl, subject) : TopicFilter.Matches(acl, subject);
                }
            }

            return granted;
        }

        private static Access ParseAccess(string rest, int lineNumber, out string topic)
        {
            string word = FirstWord(rest, out string afterWord);
            Access access;
            switch (word)
            {
                case "read":
                    access = Access.Read;
                    break;
                case "write":
                    access = Access.Write;
                    break;
                case "readwrite":
                    access = Access.ReadWrite;
                    break;
                case "deny":
                    access = Access.Deny;
                    break;
                default:
                    // mosquitto: the access word is optional when the topic has no space.
                    topic = rest;
                    if (topic.Length == 0)
                    {
                        throw new FormatException($"Access list line {lineNumber}: no topic given.");
                    }

                    return Access.ReadWrite;
            }

            topic = afterWord;
            if (topic.Length == 0)
            {
                throw new FormatException($"Access list line {lineNumber}: '{word}' without a topic.");
            }

            return access;
        }

        private static string FirstWord(string text, out string rest)
        {
            int space = text.IndexOfAny(new[] { ' ', '\t' });
            if (space < 0)
            {
                rest = string.Empty;
                return text;
            }

            rest = text.Substring(space + 1).Trim();
            return text.Substring(0, space);
        }

        [Flags]
        private enum Access
        {
            Deny = 0,
            Read = 1,
            Write = 2,
            ReadWrite = 3,
        }

        private sealed class Rule
        {
            private readonly bool isPattern;
            private readonly bool forNamedUser;
            private readonly string user;
            private readonly string topic;

            public Rule(bool isPattern, bool forNamedUser, string user, Access access, string topic)
            {
                this.isPattern = isPattern;
                this.forNamedUser = forNamedUser;
                this.user = user;
                Access = access;
                this.topic = topic;
            }

            public Access Access { get; }

            /// <summary>The rule's topic for this client, or null when the rule does not apply to it.</summary>
            public string TopicFor(string username, string clientId)
            {
                if (!isPattern)
                {
                    bool applies = forNamedUser ? username != null && username == user : username == null;
                    return applies ? topic : null;
                }

                string result = topic;
                if (result.Contains("%u", StringComparison.Ordinal))
                {
                    if (!IsSafeLevel(username))
                    {
                        return null;
                    }

                    result = result.Replace("%u", username, StringComparison.Ordinal);
                }

                if (result.Contains("%c", StringComparison.Ordinal))
                {
                    if (!IsSafeLevel(clientId))
                    {
                        return null;
                    }

                    result = result.Replace("%c", clientId, StringComparison.Ordinal);
                }

                return result;
            }

            private static bool IsSafeLevel(string value)
            {
                return !string.IsNullOrEmpty(value) && value.IndexOfAny(new[] { '/', '+', '#' }) < 0;
            }
        }
    }

    /// <summary>MQTT topic filter arithmetic on topics split at '/' (MQTT 5.0 §4.7).</summary>
    internal static class TopicFilter
    {
        /// <summary>True when <paramref name="topic"/> (no wildcards) matches <paramref name="filter"/>.</summary>
        public static bool Matches(string[] filter, string[] topic)
        {
            if (IsSystemTopic(topic) && IsWildcard(filter[0]))
            {
                return false;
            }

            for (int level = 0; level < filter.Length; level++)
            {
                if (filter[level] == "#")
                {
                    return true;
                }

                if (level >= topic.Length)
                {
                    return false;
                }

                if (filter[level] != "+" && filter[level] != topic[level])
                {
                    return false;
                }
            }

            return filter.Length == topic.Length;
        }

        /// <summary>True when every topic matching <paramref name="inner"/> also matches <paramref name="outer"/>.</summary>
        public static bool Covers(string[] outer, string[] inner)
        {
            if (IsSystemTopic(inner) && IsWildcard(outer[0]))
            {
                return false;
            }

            for (int level = 0; level < outer.Length; level++)
            {
                if (outer[level] == "#")
                {
                    return true;
                }

                if (level >= inner.Length || inner[level] == "#")
                {
                    return false;
                }

                if (outer[level] != "+" && outer[level] != inner[level])
                {
                    return false;
                }
            }

            return outer.Length == inner.Length;
        }

        /// <summary>True when some topic matches both filters.</summary>
        public static bool Overlap(string[] first, string[] second)
        {
            int level = 0;
            while (true)
            {
                bool firstEnded = level >= first.Length;
                bool secondEnded = level >= second.Length;
                if (firstEnded && secondEnded)
                {
                    return true;
                }

                // "a/#" also matches "a" (MQTT 5.0 §4.7.1.2).
                if (firstEnded)
                {
                    return second[level] == "#";
                }

                if (secondEnded)
                {
                    return first[level] == "#";
                }

                if (first[level] == "#" || second[level] == "#")
                {
                    return true;
                }

                if (first[level] != "+" && second[level] != "+" && first[level] != second[level])
                {
                    return false;
                }

                level++;
            }
        }

        private static bool IsSystemTopic(string[] levels) => levels[0].StartsWith('$');

        private static bool IsWildcard(string level) => level == "+" || level == "#";
    }
}
