namespace Bioreactor.Control.Records
{
    /// <summary>Receives each entry the <see cref="RecordVerifier"/> has authenticated, in record order.</summary>
    public interface IRecordEntrySink
    {
        /// <summary>Called once per authenticated entry; the frame is valid only during the call.</summary>
        void OnEntry(RecordFrame frame);
    }
}
