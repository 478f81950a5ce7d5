namespace OpenCcm.Attestation.Providers;

/// <summary>Carries one CBOR request to the Nitro Secure Module and returns its CBOR response (<see cref="NsmDeviceTransport"/> on a real enclave).</summary>
public interface INsmTransport
{
    /// <summary>
    /// Sends <paramref name="request"/> (at most <see cref="NsmCodec.MaxRequestLength"/> bytes) and returns the response
    /// bytes the device wrote. Throws <see cref="EvidenceProviderException"/> when the device is absent or fails.
    /// </summary>
    Task<byte[]> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
