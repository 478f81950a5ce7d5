namespace OpenCcm.Attestation.Nitro;

/// <summary>The fields of an attestation document's payload, checked against the rules of evidence-formats.md §9.</summary>
internal sealed record NitroPayload(
    string ModuleId,
    string Digest,
    ulong TimestampMilliseconds,
    IReadOnlyDictionary<int, byte[]> Pcrs,
    byte[] Certificate,
    IReadOnlyList<byte[]> CaBundle,
    byte[]? PublicKey,
    byte[]? UserData,
    byte[]? Nonce);
