using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The commands received and not yet run: the transport's receive thread adds (<see cref="Add"/>, never blocks on the
    /// network), the record thread takes them in order (<see cref="TryTake"/>). A payload over the size limit is not kept
    /// (answered too_large); beyond the command queue's capacity a command is kept only to be answered busy; beyond twice
    /// that it is dropped and counted.
    /// </summary>
    internal sealed class CommandInbox
    {
        /// <summary>A command to run.</summary>
        public const int FlagNormal = 0;

        /// <summary>A payload over the size limit (not kept).</summary>
        public const int FlagTooLarge = 1;

        /// <summary>More than the queue's capacity waiting: to be answered busy.</summary>
        public const int FlagBusy = 2;

        private readonly object _sync = new object();
        private readonly int _maximumCommandBytes;
        private readonly int _capacity;

        // The string slots never hold null (StringSlots): no response topic is kept as "" (MQTT topics are never empty), and
        // a slot taken is cleared with "".
        private readonly string[] _topic;
        private readonly byte[][] _payload;
        private readonly string[] _responseTopic;
        private readonly byte[][] _correlation;
        private readonly int[] _flag;
        private readonly int[] _length;
        private int _start;
        private int _count;

        public CommandInbox(int capacity, int maximumCommandBytes)
        {
            _capacity = capacity;
            _maximumCommandBytes = maximumCommandBytes;
            int slots = 2 * capacity;
            _topic = StringSlots.Empty(slots);
            _payload = new byte[slots][];
            _responseTopic = StringSlots.Empty(slots);
            _correlation = new byte[slots][];
            _flag = new int[slots];
            _length = new int[slots];
        }

        /// <summary>Commands received (every message on cmd/#).</summary>
        public long Received { get; private set; }

        /// <summary>Commands dropped without an answer because even the busy queue was full.</summary>
        public long Discarded { get; private set; }

        /// <summary>Receive thread: queues a message; never throws.</summary>
        public void Add(string topic, byte[] payload, string responseTopic, byte[] correlationData)
        {
            lock (_sync)
            {
                Received++;
                if (_count == _topic.Length)
                {
                    Discarded++;
                    return;
                }

                int length = payload == null ? 0 : payload.Length;
                int flag = FlagNormal;
                if (length > _maximumCommandBytes)
                {
                    flag = FlagTooLarge;
                }
                else if (_count >= _capacity)
                {
                    flag = FlagBusy;
                }

                int index = (_start + _count) % _topic.Length;
                _topic[index] = topic == null ? string.Empty : topic;
                _payload[index] = flag == FlagNormal ? payload : null;
                _responseTopic[index] = responseTopic == null ? string.Empty : responseTopic;
                _correlation[index] = correlationData;
                _flag[index] = flag;
                _length[index] = length;
                _count++;
            }
        }

        /// <summary>Record thread: the oldest command, or false when none waits. <paramref name="responseTopic"/> is null when none came.</summary>
        public bool TryTake(out string topic, out byte[] payload, out string responseTopic, out byte[] correlation, out int flag,
            out int length)
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    topic = null;
                    payload = null;
                    responseTopic = null;
                    correlation = null;
                    flag = 0;
                    length = 0;
                    return false;
                }

                int i = _start;
                topic = _topic[i];
                payload = _payload[i];
                responseTopic = _responseTopic[i].Length == 0 ? null : _responseTopic[i];
                correlation = _correlation[i];
                flag = _flag[i];
                length = _length[i];
                _topic[i] = string.Empty;
                _payload[i] = null;
                _responseTopic[i] = string.Empty;
                _correlation[i] = null;
                _start = (_start + 1) % _topic.Length;
                _count--;
                return true;
            }
        }
    }
}
