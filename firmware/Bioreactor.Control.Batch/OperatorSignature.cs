namespace Bioreactor.Control.Batch
{
    /// <summary>A verified electronic signature of an operator request (21 CFR 11.50): meaning, printed name, time, MAC.</summary>
    public sealed class OperatorSignature
    {
        /// <summary>A signature.</summary>
        public OperatorSignature(SignatureMeaning meaning, string signerName, long signedAtMilliseconds, string mac)
        {
            Meaning = meaning;
            SignerName = signerName;
            SignedAtMilliseconds = signedAtMilliseconds;
            Mac = mac;
        }

        /// <summary>What the signature means.</summary>
        public SignatureMeaning Meaning { get; private set; }

        /// <summary>The signer's printed name.</summary>
        public string SignerName { get; private set; }

        /// <summary>The signer's time of signing, ms since 1970 UTC.</summary>
        public long SignedAtMilliseconds { get; private set; }

        /// <summary>The signature's MAC, 64 lowercase hex characters.</summary>
        public string Mac { get; private set; }
    }
}
