namespace Bioreactor.Control.Protocol
{
    /// <summary>
    /// The protocol's topic tree (docs/mqtt-protocol.md, "Topics"): bioreactor/&lt;device id&gt;/&lt;kind&gt;, commands under
    /// cmd/&lt;name&gt;, answers under response/&lt;client&gt;. The device builds its topics from these at start-up, the host
    /// tools theirs, so both speak one vocabulary.
    /// </summary>
    public static class TopicNames
    {
        /// <summary>Root of every topic.</summary>
        public const string Root = "bioreactor/";

        /// <summary>Retained "online"/"offline" (the will).</summary>
        public const string Availability = "availability";

        /// <summary>The message on every connect.</summary>
        public const string Birth = "birth";

        /// <summary>Retained state.</summary>
        public const string State = "state";

        /// <summary>Periodic telemetry.</summary>
        public const string Telemetry = "telemetry";

        /// <summary>Events as they happen.</summary>
        public const string Event = "event";

        /// <summary>The level under which commands are sent (cmd/&lt;name&gt;).</summary>
        public const string Commands = "cmd";

        /// <summary>The level under which answers are published (response/&lt;client&gt;).</summary>
        public const string Response = "response";

        /// <summary>bioreactor/&lt;device&gt;/&lt;kind&gt;.</summary>
        public static string Of(string deviceId, string kind)
        {
            return Root + deviceId + "/" + kind;
        }

        /// <summary>bioreactor/&lt;device&gt;/cmd/&lt;command&gt;.</summary>
        public static string Command(string deviceId, string command)
        {
            return Root + deviceId + "/" + Commands + "/" + command;
        }

        /// <summary>bioreactor/&lt;device&gt;/response/&lt;client&gt;.</summary>
        public static string ResponseTo(string deviceId, string client)
        {
            return Root + deviceId + "/" + Response + "/" + client;
        }
    }
}
