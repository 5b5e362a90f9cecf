namespace Bioreactor.Control.Batch
{
    /// <summary>
    /// The electronic signature an operator request carried (21 CFR 11.50: the signer's printed name, the time and the
    /// meaning go with every signed record entry), as the protocol layer checked it. The batch layer does not verify it:
    /// it copies it into the request's ActionAccepted or ActionRefused event, so that the record entry of the action holds
    /// the signature bound to it (§11.70). Immutable; built once per command, off the control tick.
    /// </summary>
    public sealed class OperatorSignature
    {
        /// <summary>A signature of <paramref name="meaning"/> by the operator whose printed name is <paramref name="signerName"/>.</summary>
        /// <param name="meaning">What the signature means.</param>
        /// <param name="signerName">The signer's printed name from the operator directory (null when it has none).</param>
        /// <param name="signedAtMilliseconds">The signer's UTC when signing, ms since 1970-01-01 (the command's signedAt).</param>
        /// <param name="mac">The command's signature: 64 lowercase hex characters (HMAC-SHA256 over its canonical bytes).</param>
        public OperatorSignature(SignatureMeaning meaning, string signerName, long signedAtMilliseconds, string mac)
        {
            Meaning = meaning;
            SignerName = signerName;
            SignedAtMilliseconds = signedAtMilliseconds;
            Mac = mac;
        }

        /// <summary>What the signature means.</summary>
        public SignatureMeaning Meaning { get; private set; }

        /// <summary>The signer's printed name (null when the directory has none).</summary>
        public string SignerName { get; private set; }

        /// <summary>The signer's UTC when signing, ms since 1970-01-01.</summary>
        public long SignedAtMilliseconds { get; private set; }

        /// <summary>The command's signature, 64 lowercase hex characters.</summary>
        public string Mac { get; private set; }
    }
}
