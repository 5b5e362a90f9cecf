using Bioreactor.Control.Primitives;
using Bioreactor.Control.Protocol;
using Bioreactor.Control;
using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// Configuration of a <see cref="MqttLink"/>: the device's identity on the broker, the telemetry period, the bounds of
    /// its queues and payloads, and the reconnect backoff. Defaults are the documented protocol's (docs/mqtt-protocol.md).
    /// </summary>
    public sealed class MqttLinkSettings
    {
        /// <summary>The device id: the topic tree is bioreactor/&lt;DeviceId&gt;/ (identifier rule, TextRules.IdentifierRule).</summary>
        public string DeviceId { get; set; }

        /// <summary>
        /// This start's session nonce: 32 lowercase hex characters (128 bits) from the board's random source, fresh at every
        /// start. Every signed command covers it (CommandCanonicalForm), so a command signed before a restart is refused after
        /// it: the per-operator freshness check (signedAt) needs no storage. Announced in the birth message, the status answer
        /// and the signer answer.
        /// </summary>
        public string SessionNonce { get; set; }

        /// <summary>A session nonce from 16 bytes of the board's random source (lowercase hex).</summary>
        /// <exception cref="ArgumentException">Not 16 bytes.</exception>
        public static string SessionNonceFrom(byte[] randomBytes)
        {
            if (randomBytes == null || randomBytes.Length != SignatureCheck.SessionNonceLength / 2)
            {
                throw new ArgumentException("a session nonce takes 16 random bytes", "randomBytes");
            }

            return HexText.Format(randomBytes);
        }

        /// <summary>The firmware version announced in the birth message (identifier rule).</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>
        /// Telemetry period, ms (1 000 to 3 600 000; default 10 000, the record's sample period, Records/README.md, so a
        /// subscriber sees what the record keeps).
        /// </summary>
        public int TelemetryPeriodMilliseconds { get; set; } = 10000;

        /// <summary>
        /// Events (alarm transitions, batch events, refusals) kept while the broker is away (1 to 4 096; default 64). When
        /// full the oldest is dropped and counted (state's eventsDropped); the record keeps everything.
        /// </summary>
        public int EventQueueCapacity { get; set; } = 64;

        /// <summary>Largest command payload accepted, bytes (256 to 65 536; default 16 384: an inline recipe of ~60 phases fits).</summary>
        public int MaximumCommandBytes { get; set; } = 16384;

        /// <summary>First reconnect backoff ceiling, ms (100 to 60 000; default 1 000).</summary>
        public long ReconnectMinimumMilliseconds { get; set; } = 1000;

        /// <summary>Largest reconnect backoff ceiling, ms (at least the minimum, at most 3 600 000; default 60 000).</summary>
        public long ReconnectMaximumMilliseconds { get; set; } = 60000;

        /// <summary>Most record entries per fetched chunk (1 to 1 024; default 64).</summary>
        public int RecordChunkMaximumEntries { get; set; } = 64;

        /// <summary>
        /// Most record bytes (whole frames, before base64) per fetched chunk (1 024 to 65 536; default 8 192: 64 sample frames of
        /// 128 bytes, so a response stays near 11 KB on the ESP32's heap).
        /// </summary>
        public int RecordChunkMaximumBytes { get; set; } = 8192;

        /// <summary>How many recent command ids are remembered to refuse replays (1 to 1 024; default 64).</summary>
        public int ReplayWindow { get; set; } = 64;

        /// <summary>
        /// Commands received and not yet run (1 to 64; default 4: each may hold a payload of up to MaximumCommandBytes). As
        /// many again are answered "busy"; beyond that they are dropped and counted.
        /// </summary>
        public int CommandQueueCapacity { get; set; } = 4;

        /// <summary>Responses waiting to be published (1 to 64; default 8); when full the oldest is dropped and counted.</summary>
        public int ResponseQueueCapacity { get; set; } = 8;

        /// <summary>Shortest interval between two retained state messages, ms (0 to 60 000; default 1 000).</summary>
        public int StateMinimumIntervalMilliseconds { get; set; } = 1000;

        /// <summary>Checks every setting; throws ArgumentException / ArgumentOutOfRangeException naming the first bad one.</summary>
        public void Validate()
        {
            if (!TextRules.IsIdentifier(DeviceId))
            {
                throw new ArgumentException("DeviceId must be " + TextRules.IdentifierRule, "DeviceId");
            }

            if (!TextRules.IsIdentifier(FirmwareVersion))
            {
                throw new ArgumentException("FirmwareVersion must be " + TextRules.IdentifierRule, "FirmwareVersion");
            }

            if (!HexText.TryParse(SessionNonce, true, new byte[SignatureCheck.SessionNonceLength / 2]))
            {
                throw new ArgumentException("SessionNonce must be 32 lowercase hex characters from the board's random source", "SessionNonce");
            }

            Check(TelemetryPeriodMilliseconds, 1000, 3600000, "TelemetryPeriodMilliseconds");
            Check(EventQueueCapacity, 1, 4096, "EventQueueCapacity");
            Check(MaximumCommandBytes, 256, 65536, "MaximumCommandBytes");
            Check(ReconnectMinimumMilliseconds, 100, 60000, "ReconnectMinimumMilliseconds");
            Check(ReconnectMaximumMilliseconds, ReconnectMinimumMilliseconds, 3600000, "ReconnectMaximumMilliseconds");
            Check(RecordChunkMaximumEntries, 1, 1024, "RecordChunkMaximumEntries");
            Check(RecordChunkMaximumBytes, RecordFormat.MaxFrameLength, 65536, "RecordChunkMaximumBytes");
            Check(ReplayWindow, 1, 1024, "ReplayWindow");
            Check(CommandQueueCapacity, 1, 64, "CommandQueueCapacity");
            Check(ResponseQueueCapacity, 1, 64, "ResponseQueueCapacity");
            Check(StateMinimumIntervalMilliseconds, 0, 60000, "StateMinimumIntervalMilliseconds");
        }

        private static void Check(long value, long minimum, long maximum, string name)
        {
            if (value < minimum || value > maximum)
            {
                throw new ArgumentOutOfRangeException(name, name + " must be " + InvariantNumber.FormatInteger(minimum) + " to "
                    + InvariantNumber.FormatInteger(maximum) + ", got " + InvariantNumber.FormatInteger(value));
            }
        }
    }
}
