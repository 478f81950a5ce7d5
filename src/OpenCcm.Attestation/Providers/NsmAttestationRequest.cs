namespace OpenCcm.Attestation.Providers;

/// <summary>
/// The optional values an NSM attestation document carries (aws-nitro-enclaves-nsm-api Request::Attestation). Null
/// omits a field (CBOR null); the NSM signs whatever is given into the document.
/// </summary>
public sealed record NsmAttestationRequest
{
    /// <summary>user_data, at most <see cref="NsmCodec.MaxUserDataLength"/> bytes: where a provider puts its report data.</summary>
    public ReadOnlyMemory<byte>? UserData { get; init; }

    /// <summary>nonce, at most <see cref="NsmCodec.MaxNonceLength"/> bytes.</summary>
    public ReadOnlyMemory<byte>? Nonce { get; init; }

    /// <summary>public_key (DER, any key the enclave wants to bind), at most <see cref="NsmCodec.MaxPublicKeyLength"/> bytes.</summary>
    public ReadOnlyMemory<byte>? PublicKey { get; init; }
}
