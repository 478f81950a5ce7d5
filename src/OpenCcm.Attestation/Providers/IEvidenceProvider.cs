namespace OpenCcm.Attestation.Providers;

/// <summary>
/// Obtains evidence from the TEE this process runs in, with report data chosen by the caller (typically a hash of a
/// CSR's public key and a nonce), so a verifier can tie the evidence to that value. Implementations talk to one local
/// interface (configfs-tsm, Gramine's /dev/attestation, the Nitro Secure Module) and check that the evidence they
/// return parses as <see cref="Format"/> and carries the report data; they verify nothing else.
/// </summary>
public interface IEvidenceProvider
{
    /// <summary>The evidence format produced, one of <see cref="EvidenceFormats"/> (sgx-quote, sgx-report, tdx-quote, snp-report, nitro).</summary>
    string Format { get; }

    /// <summary>
    /// Produces evidence whose report data (REPORTDATA, REPORT_DATA, or Nitro user_data) is <paramref name="reportData"/>.
    /// Throws <see cref="EvidenceProviderException"/> with a stable code when the interface is absent, refuses, or fails;
    /// a value longer than the interface carries is refused before any I/O.
    /// </summary>
    Task<ProvidedEvidence> GetEvidenceAsync(ReadOnlyMemory<byte> reportData, CancellationToken cancellationToken = default);
}
