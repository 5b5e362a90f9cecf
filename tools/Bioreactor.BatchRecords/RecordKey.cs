namespace Bioreactor.BatchRecords;

/// <summary>A record key and where it came from (a file, a hex text, the simulator's derivation).</summary>
public sealed record RecordKey(byte[] Bytes, string Source);
