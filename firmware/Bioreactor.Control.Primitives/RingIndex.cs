namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// The positions in a fixed-capacity ring of preallocated slots its owner keeps (the device has no generics, so the
    /// slots stay in the owner's typed array): where a new item goes, which slot is the oldest, how many wait. When the ring
    /// is full a new item takes the oldest one's slot, and that loss is counted. Allocates nothing.
    /// </summary>
    public sealed class RingIndex
    {
        private readonly int _capacity;
        private int _start;
        private int _count;

        /// <summary>A ring of <paramref name="capacity"/> slots (at least 1; the owner validated it).</summary>
        public RingIndex(int capacity)
        {
            _capacity = capacity;
        }

        /// <summary>Slots in the ring.</summary>
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <summary>Items waiting to be taken.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Items overwritten before they were taken (never reset).</summary>
        public long OverflowCount { get; private set; }

        /// <summary>The slot for a new item: the next free one, or, when the ring is full, the oldest item's (counted as lost).</summary>
        public int Push()
        {
            if (_count == _capacity)
            {
                int oldest = _start;
                _start = (_start + 1) % _capacity;
                OverflowCount++;
                return oldest;
            }

            int slot = (_start + _count) % _capacity;
            _count++;
            return slot;
        }

        /// <summary>The oldest item's slot, now taken; -1 when the ring is empty.</summary>
        public int Take()
        {
            if (_count == 0)
            {
                return -1;
            }

            int slot = _start;
            _start = (_start + 1) % _capacity;
            _count--;
            return slot;
        }
    }
}
