namespace Bioreactor.Esp32.Application
{
    /// <summary>A part read on the acquisition thread: one call takes one sample and publishes it.</summary>
    public interface IPolledPart
    {
        /// <summary>Takes one sample; must not throw (a failed read is published as a fault).</summary>
        /// <param name="nowMilliseconds">Monotonic time at the start of the read.</param>
        void Poll(long nowMilliseconds);
    }
}
