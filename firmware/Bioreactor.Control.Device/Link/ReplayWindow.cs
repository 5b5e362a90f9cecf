using Bioreactor.Control.Primitives;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The ids of the last commands run (record thread): an id seen again among them is a replay or a duplicate delivery
    /// (QoS 1 delivers at least once), refused.
    /// </summary>
    internal sealed class ReplayWindow
    {
        // The last _count ids (at most _ids.Length), the next written at _next. Only the slots in use are compared
        // (StringSlots: a never-written slot compared with a string can crash nanoCLR).
        private readonly string[] _ids;
        private int _next;
        private int _count;

        public ReplayWindow(int capacity)
        {
            _ids = StringSlots.Empty(capacity);
        }

        /// <summary>How many ids it remembers.</summary>
        public int Capacity
        {
            get { return _ids.Length; }
        }

        /// <summary>Whether <paramref name="id"/> is among the ids remembered.</summary>
        public bool Contains(string id)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_ids[i] == id)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Remembers <paramref name="id"/>, forgetting the oldest when full.</summary>
        public void Add(string id)
        {
            _ids[_next] = id;
            _next = (_next + 1) % _ids.Length;
            if (_count < _ids.Length)
            {
                _count++;
            }
        }
    }
}
