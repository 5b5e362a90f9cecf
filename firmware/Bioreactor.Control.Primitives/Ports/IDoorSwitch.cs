namespace Bioreactor.Control.Ports
{
    /// <summary>The lid/door switch of the rocker's enclosure.</summary>
    public interface IDoorSwitch
    {
        /// <summary>True while the lid or door is open.</summary>
        bool IsOpen { get; }
    }
}
