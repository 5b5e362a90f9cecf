namespace Bioreactor.Control.Batch
{
    /// <summary>TEMPORARY stand-in until the credentials branch merges.</summary>
    public sealed class OperatorCredential
    {
        /// <summary>TEMPORARY.</summary>
        public OperatorCredential(int iterations, byte[] salt, byte[] verifier)
        {
            Iterations = iterations;
            Salt = salt;
            Verifier = verifier;
        }

        /// <summary>TEMPORARY.</summary>
        public int Iterations { get; private set; }

        /// <summary>TEMPORARY.</summary>
        public byte[] Salt { get; private set; }

        /// <summary>TEMPORARY.</summary>
        public byte[] Verifier { get; private set; }
    }
}
